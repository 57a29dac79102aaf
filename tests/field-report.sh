#!/bin/bash
# field-report.sh - every input file of ../shared/corpus/field (real files
# from other projects' test suites: scanner PDFs, archives, barcode pages,
# blank sheets, faint typescripts, low-dpi forms) through the whole chain,
# one batch per folder, and what became of them.  A measurement, not a
# test: it prints figures and never fails on them.
#
#   tests/field-report.sh [-c] [-j jobs] [field-dir]
#
# -c: ingest only, and every file's pages as dossier-ingest counts them
# against an independent count (mutool pages for a PDF, tiffinfo for a
# TIFF, bsdtar to open an archive, 1 for another image), one line per
# file: "ok", "MISMATCH", "quarantined: REASON", "duplicate" or "not an
# input"; then the files per outcome.  DOSSIER_BIN names the programs.
#
# Per folder: input files, documents (filed, in review), pages in,
# archived, blank, cover sheets, quarantined, and the quarantined inputs
# grouped by reason; whether the batch reconciles.  The ground-truth and
# provenance files of the corpus (*.txt, *.json, *.tsv, *.xml, LICENSE) are not
# inputs.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
jobs=2
check=0
while getopts cj: o; do
	case $o in c) check=1 ;; j) jobs=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
field=${1:-../shared/corpus/field}
[ -d "$field" ] || { echo "field-report: no '$field'" >&2; exit 3; }
field=$(cd "$field" && pwd)
export PATH="${DOSSIER_BIN:-$src/bin}:$src/pipelines:$PATH" LC_ALL=C
export DOSSIER_TAGSET="$src/tagsets/default.tagset"
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-field.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DOSSIER_SPOOL=$work/spool DOSSIER_ARCHIVE=$work/field.db
dossier-registry samples/registry.csv 2>/dev/null

# pages FILE: its pages by another tool than dossier's, "" if not an
# image or PDF (an archive: the pages of its members, opened by bsdtar)
pages() {
	local f=$1 t d n m
	t=$(file -b --mime-type "$f")
	# a PDF may start with other bytes (%PDF- in its first 1024)
	head -c 1024 "$f" | grep -aq '%PDF-' && t=application/pdf
	case $t in
	application/pdf)
		n=$(mutool pages "$f" 2>/dev/null | grep -c '^<page ')
		[ "$n" = 0 ] || echo "$n" ;;
	image/tiff)
		tiffinfo "$f" 2>/dev/null | grep -c '^TIFF Directory' ;;
	image/*)
		echo 1 ;;
	application/zip | application/x-tar | application/x-7z-compressed | \
	application/gzip | application/x-bzip2 | application/x-xz)
		d=$(mktemp -d "$work/x.XXXXXX")
		LC_ALL=C.UTF-8 bsdtar -xf "$f" -C "$d" 2>/dev/null
		n=0
		while IFS= read -r -d '' m; do
			m=$(pages "$m")
			n=$((n + ${m:-0}))
		done < <(find "$d" -type f -print0)
		echo $n ;;
	*)
		echo "" ;;
	esac
}

if [ $check = 1 ]; then
	for dir in "$field"/*/; do
		name=$(basename "$dir")
		sp=$work/spool-$name
		(cd "$dir" && find . -type f ! -name '*.txt' ! -name '*.json' \
		    ! -name '*.tsv' ! -name '*.xml' ! -name 'LICENSE*' \
		    ! -name '*.md' | sed 's|^\./||' | sort) >"$work/files.$name"
		DOSSIER_SPOOL=$sp dossier-ingest -w 0 -b "$name" "$dir" \
		    >/dev/null 2>"$work/err.$name" || true
		# source_file, pages (with cover pages), state, reason
		for m in "$sp"/deskew/new/*/meta "$sp"/quarantine/*/meta; do
			[ -f "$m" ] || continue
			st=queued
			r=
			if [ -f "$(dirname "$m")/error" ]; then
				st=quarantined
				r=$(sed -n 's/^reason=//p' "$(dirname "$m")/error")
			fi
			awk -F= -v st="$st" -v r="$r" '
			$1 == "source_file" { s = $0; sub(/^source_file=/, "", s) }
			$1 == "pages" || $1 == "cover_pages" { n += $2 }
			END { sub(/:.*/, "", s); printf "%s\t%d\t%s\t%s\n", s, n, st, r }' "$m"
		done >"$work/jobs.$name"
		while IFS= read -r f; do
			want=$(pages "$dir/$f")
			got=$(awk -F'\t' -v f="$f" '$1 == f && $3 == "queued" { n += $2 } END { print n + 0 }' "$work/jobs.$name")
			q=$(awk -F'\t' -v f="$f" '$1 == f && $3 == "quarantined" { print $4; exit }' "$work/jobs.$name")
			if [ -n "$q" ] && [ "$got" = 0 ]; then
				out="quarantined: $q"
			elif grep -F "/$f" "$work/err.$name" | grep -q duplicate; then
				out=duplicate
			elif [ -z "$want" ] && [ "$got" = 0 ]; then
				out="not an input"
			elif [ "$got" = "${want:-0}" ]; then
				out=ok
			else
				out="MISMATCH: $got pages taken, $want counted by another tool"
			fi
			[ -n "$q" ] && [ "$got" != 0 ] && out="$out; some members quarantined: $q"
			printf '%s/%s: %s pages: %s\n' "$name" "$f" "${want:-?}" "$out"
		done <"$work/files.$name"
	done | tee "$work/check"
	echo "--- files per outcome"
	sed -e 's/^[^:]*: [^ ]* pages: //' -e 's/: .*//' -e 's/;.*//' "$work/check" |
	    sort | uniq -c
	exit 0
fi

for dir in "$field"/*/; do
	name=$(basename "$dir")
	mkdir -p "$work/in/$name"
	(cd "$dir" && find . -type f ! -name '*.txt' ! -name '*.json' \
	    ! -name '*.tsv' ! -name '*.xml' ! -name 'LICENSE*' ! -name '*.md' \
	    -print0 |
	    xargs -0 -r cp --parents -t "$work/in/$name")
	files=$(find "$work/in/$name" -type f | wc -l)
	t0=$(date +%s)
	nightly -w 0 -j "$jobs" -b "field-$name" "$work/in/$name" \
	    >"$work/report.$name" 2>"$work/err.$name" || true
	t1=$(date +%s)
	r=$work/report.$name
	val() { sed -n "s/^$1: //p" "$r" | head -n 1; }
	printf '%s: %d files, %s documents (%s filed, %s in review); pages in %s: archived %s, blank %s, cover sheets %s, quarantined %s; %ds\n' \
	    "$name" "$files" "$(val documents)" "$(val 'documents filed')" \
	    "$(val 'documents in review')" "$(val 'pages in')" \
	    "$(val 'pages archived')" "$(val 'blank pages')" \
	    "$(val 'cover sheets')" "$(val 'quarantined pages')" $((t1 - t0))
	sed -n 's/^reconciliation: .*: \([A-Z]*\).*/  reconciliation: \1/p' "$r"
	sed -n 's/^quarantined input: [^(]*(\([^)]*\)): /\1: /p' "$r" |
	    sed -e 's/[0-9]* pages*, //' -e "s/'[^']*'/'...'/g" |
	    sort | uniq -c | sed -e 's/^ */  quarantined: /'
done
