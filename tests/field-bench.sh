#!/bin/bash
# field-bench.sh - does the chain keep the text of real files that have no
# ground truth?  Every image and PDF of the field corpus's folders through
# the whole chain (one fresh spool and archive), and bare tesseract on the
# same pages; per page, the letters and digits each one reads.  A
# benchmark, not a test: it prints figures and exits 0 (issue 10: "0 pages
# erased", on files the quality bench has no truth for).
#
#   tests/field-bench.sh [-k] [-v] [-n pages] [-o folder,folder...]
#
#   -n	bare tesseract reads at most this many pages of a file (default 5;
#	the chain reads them all, and pages past N are not compared)
#   -o	only these folders of $DOSSIER_CORPUS/field (default: naps2,
#	docspell, mayan-edms, paperless-ngx); a folder may be a symbolic
#	link, e.g. to another corpus folder in a copy of the corpus
#   -v	one line per page compared
#   -k	keep the work directory (printed on stderr)
#
# bare: `tesseract PAGE - -l eng`; a PDF page rasterised first at 300 dpi
# in grey (mutool draw), a HEIC or AVIF photo made a PNG (heif-convert).
# Pages that dossier filed as blank, and files it
# quarantined (encrypted PDFs, pixel bombs, duplicates), are counted apart.
#   erased: dossier has no text (under 5 letters or digits) where bare
#     tesseract reads 20 or more
#   low: dossier reads under half of what bare tesseract reads (50 or more)
. "$(dirname "$0")/bench-lib.sh"
max=5 only=naps2,docspell,mayan-edms,paperless-ngx keep= verbose=
while getopts n:o:kv o; do
	case $o in
	n) max=$OPTARG ;;
	o) only=$OPTARG ;;
	k) keep=1 ;;
	v) verbose=1 ;;
	*) echo "usage: tests/field-bench.sh [-k] [-v] [-n pages] [-o folders]" >&2; exit 2 ;;
	esac
done
case $max in ''|*[!0-9]*) echo "field-bench: -n wants a number" >&2; exit 2 ;; esac
bench=field-bench
bench_need ingest deskew ocr classify tag load
bench_tools tesseract sqlite3 mutool heif-convert
bench_env
bench_work
mkdir "$work/in" "$work/r"

# the files, numbered (names repeat from folder to folder): map.tsv is
# name in $work/in, path in the corpus
n=0
for d in ${only//,/ }; do
	[ -d "$corpus/field/$d" ] || { echo "field-bench: no folder $corpus/field/$d" >&2; continue; }
	find -L "$corpus/field/$d" -type f \( -iname '*.jpg' -o -iname '*.jpeg' \
	    -o -iname '*.png' -o -iname '*.tif' -o -iname '*.tiff' -o -iname '*.pdf' \
	    -o -iname '*.heic' -o -iname '*.avif' \) |
	    LC_ALL=C sort >"$work/list"
	while IFS= read -r f; do
		n=$((n + 1))
		b=$(printf '%04d' $n)-$(basename "$f" | tr -c 'A-Za-z0-9._\n-' _)
		cp "$f" "$work/in/$b"
		printf '%s\t%s\n' "$b" "${f#"$corpus"/field/}" >>"$work/map.tsv"
	done <"$work/list"
done
[ "$n" -gt 0 ] || { echo "field-bench: no files (corpus in '$corpus'?)" >&2; exit 2; }
echo "field-bench: $n files through the chain" >&2

export DOSSIER_SPOOL=$work/spool DOSSIER_ARCHIVE=$work/field.db
set +e
"$bin/dossier-ingest" -w 0 -b field "$work/in" 2>"$work/err" |
    "$bin/dossier-deskew" 2>>"$work/err" | "$bin/dossier-ocr" 2>>"$work/err" |
    "$bin/dossier-classify" 2>>"$work/err" | "$bin/dossier-tag" 2>>"$work/err" |
    "$bin/dossier-load" >/dev/null 2>>"$work/err"
set -e
# dossier.tsv: file, source page, blank, letters and digits of its text
sqlite3 -separator '	' "$DOSSIER_ARCHIVE" "SELECT d.source_file, p.source_page,
    p.blank, replace(replace(replace(coalesce(p.text, ''), char(10), ' '),
    char(13), ' '), char(9), ' ') FROM page p JOIN document d ON
    d.id = p.document_id" 2>/dev/null |
    awk -F'\t' '{ t = $0; sub(/^[^\t]*\t[^\t]*\t[^\t]*\t/, "", t)
	gsub(/[^[:alnum:]]/, "", t); print $1 "\t" $2 "\t" $3 "\t" length(t) }' \
    >"$work/dossier.tsv" || true

echo "field-bench: the same pages through bare tesseract" >&2
: >"$work/bare.tsv"
while IFS=$'\t' read -r b path; do
	rm -f "$work"/r/*
	case $b in
	*.[pP][dD][fF])
		timeout 300 mutool draw -q -r 300 -c gray -o "$work/r/p-%d.pgm" \
		    "$work/in/$b" "1-$max" >/dev/null 2>&1 || true ;;
	*.[hH][eE][iI][cC]|*.[aA][vV][iI][fF])
		# tesseract (leptonica) reads neither: a PNG of it first
		timeout 300 heif-convert -q 100 "$work/in/$b" "$work/r/p-1.png" \
		    >/dev/null 2>&1 || true ;;
	*)	ln -s "$work/in/$b" "$work/r/p-1.img" ;;
	esac
	for p in "$work"/r/p-*; do
		[ -e "$p" ] || continue
		k=${p##*/p-}; k=${k%.*}
		# a multi-page TIFF: bare tesseract reads every page at once,
		# compared with the chain's pages of the file together (k 0)
		case $b in *.[tT][iI][fF]|*.[tT][iI][fF][fF]) k=0 ;; esac
		c=$(timeout 300 tesseract "$p" - -l eng 2>/dev/null |
		    tr -cd '[:alnum:]' | wc -c)
		printf '%s\t%s\t%s\n' "$b" "$k" "$c" >>"$work/bare.tsv"
	done
done <"$work/map.tsv"

awk -F'\t' -v verbose="$verbose" -v max="$max" '
FILENAME ~ /map.tsv$/ { path[$1] = $2; files++; next }
FILENAME ~ /dossier.tsv$/ {
	seen[$1] = 1
	pages++
	if ($3 == 1) blanks++
	# a TIFF compared whole: its pages summed (k 0)
	k = ($1 ~ /\.[tT][iI][fF][fF]?$/) ? 0 : $2
	if (k > max && max > 0) next
	dos[$1 "\t" k] += $4
	if ($3 == 1) blank[$1 "\t" k] = 1
	next
}
{
	key = $1 "\t" $2
	if (!($1 in seen)) { if (!($1 in gone)) { gone[$1] = 1; quar++ } next }
	cmp++
	d = dos[key] + 0; b = $3 + 0
	flag = ""
	if (d < 5 && b >= 20) { flag = "ERASED"; erased++ }
	else if (b >= 50 && d * 2 < b) { flag = "low"; low++ }
	if (flag != "" || verbose)
		printf "  %-7s %-60s p%-3s dossier %6d  bare %6d%s\n", flag,
		    substr(path[$1], 1, 60), $2, d, b, blank[key] ? "  (blank)" : ""
	td += d; tb += b
}
END {
	printf "\n== field bench: %d files; %d pages archived (%d blank); %d files not archived (quarantined or duplicate)\n",
	    files, pages, blanks, quar
	printf "compared %d pages (or whole TIFFs): letters and digits read, dossier %d, bare tesseract %d\n", cmp, td, tb
	printf "erased (dossier < 5, bare >= 20): %d; low (dossier < half of bare, bare >= 50): %d\n", erased, low
}' "$work/map.tsv" "$work/dossier.tsv" "$work/bare.tsv"
