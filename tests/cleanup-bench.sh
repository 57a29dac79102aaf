#!/bin/bash
# cleanup-bench.sh - how well dossier-deskew cleans pages, measured on pages
# whose transformation is known.  A benchmark, not a test: it prints figures
# and exits 0 whether or not the targets hold (the last lines say which).
#
#   tests/cleanup-bench.sh [-q] [-j jobs] [-k] [-o set,set...]
#
#   -q	quick: fewer angles, 8 of the 46 tapuscorpus pages
#   -j	parallel tesseract processes (default 2; deskew always runs -j 1
#	so that its time per page is the cost of one worker)
#   -k	keep the work directory (printed on stderr)
#   -o	only these sets (names below)
#
# Sets (each runs through the real stage: bin/dossier-ingest, then
# bin/dossier-deskew on a temporary spool):
#   samples        samples/inbox as generated; skew from samples/truth.tsv
#   samples-skew   the straight samples turned by known angles in ±15°
#   samples-orient the straight samples turned by 90/180/270 (some +skew)
#   feyn           leptonica-prog feyn.tif turned by known angles
#   phototest      tesseract-test phototest and its turned variants
#                  (derived_orientation.tsv)
#   tess-test      tesseract-test eurotext, phototest, 8071_093, 8087_054
#   tapuscorpus    ../shared/corpus/tapuscorpus-fr real typewritten scans
#   blank          generated pages: blank (white + scanner noise, punch
#                  holes, dark borders, grey paper) and not blank (one short
#                  line, a signature-like scribble, a stamp-like circle)
#
# Figures: orientation accuracy; skew error (median, p95, max of |found -
# known|, degrees); blank precision and recall; OCR character error rate
# (tests/tools/cer.c: Levenshtein distance over code points, white space
# runs folded) of `tesseract` on the original image ("without") and on the
# cleaned page ("with"; a page found blank counts as empty text, as the
# pipeline would not OCR it); the share of the truth's words the OCR text
# lacks, in any order (tesseract reads some two-column pages in another
# order than the truth's on the least change to the page, which costs the
# CER hundreds of edits but no word); the deskew time per page as a
# fraction of the OCR time of the same page.  OMP_THREAD_LIMIT=1
# throughout.
. "$(dirname "$0")/bench-lib.sh"
jobs=2 quick= keep= only=
while getopts j:qko: o; do
	case $o in
	j) jobs=$OPTARG ;;
	q) quick=1 ;;
	k) keep=1 ;;
	o) only=",$OPTARG," ;;
	*) echo "usage: tests/cleanup-bench.sh [-q] [-j jobs] [-k] [-o sets]" >&2; exit 2 ;;
	esac
done
bench=cleanup-bench
bench_need ingest deskew
bench_tools convert tesseract cc
bench_env
bench_work
cc -O2 -o "$work/cer" tests/tools/cer.c
FRA_NLD_ENG=fra+nld+eng

# truth lines: set, file, orientation (SPEC), skew (SPEC) or -, blank 0/1,
# ground truth text or -, tesseract languages
truth=$work/truth.tsv
: >"$truth"
# put SET FILE ORIENT SKEW BLANK GT LANG (FILE already in $work/in/SET/)
put() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$truth"
}
# turn SRC DST DEG: DST = SRC turned DEG clockwise, white brought in
turn() {
	convert "$1" -background white -rotate "$3" "$2"
}

note() { printf '%s\n' "$*" >&2; }
want() { [ -z "$only" ] || [ "${only#*,$1,}" != "$only" ]; }

# ---- the sets ------------------------------------------------------------
note "cleanup-bench: making the sets in $work"
mkdir -p "$work/in"

# samples: as generated, skew per truth.tsv (SPEC sign)
mkdir "$work/in/samples"
straight=()
while IFS='	' read -r file pages class hh lang skew rest; do
	[ "$file" = file ] && continue
	[ "$skew" = 0 ] && straight+=("samples/inbox/$file")
	want samples || continue
	name=$(echo "$file" | tr / _)
	cp "samples/inbox/$file" "$work/in/samples/$name"
	put samples "$name" 0 "$skew" 0 - $FRA_NLD_ENG
done <samples/truth.tsv

# samples-skew: straight samples (first page) turned by known angles
if [ -n "$quick" ]; then
	angles=(-13.7 -6.35 -1.2 0.45 2.9 8.15 14.6)
else
	angles=(-14.6 -11.2 -8.85 -6.35 -3.6 -2.05 -1.2 -0.65 -0.3 0.15 0.45
	    0.9 1.55 2.9 4.4 6.7 8.15 10.9 12.25 14.6)
fi
mkdir "$work/in/samples-skew" "$work/in/samples-orient"
i=0
want samples-skew &&
for f in "${straight[@]}"; do
	b=$(basename "${f%.*}")
	# every straight page gets every third angle, shifted: all angles used
	for ((a = i % 3; a < ${#angles[@]}; a += 3)); do
		ang=${angles[$a]}
		turn "$f[0]" "$work/in/samples-skew/$b.r$ang.png" "$ang"
		put samples-skew "$b.r$ang.png" 0 "$ang" 0 - $FRA_NLD_ENG
	done
	i=$((i + 1))
done
# samples-orient: turned by quarter turns, some also skewed
i=0
want samples-orient &&
for f in "${straight[@]}"; do
	b=$(basename "${f%.*}")
	for q in 90 180 270; do
		extra=0
		[ $(((i + q / 90) % 3)) = 0 ] && extra=2.35
		[ $(((i + q / 90) % 3)) = 1 ] && extra=-4.1
		deg=$(awk -v q=$q -v e=$extra 'BEGIN { print q + e }')
		turn "$f[0]" "$work/in/samples-orient/$b.o$deg.png" "$deg"
		put samples-orient "$b.o$deg.png" $q "$extra" 0 - $FRA_NLD_ENG
	done
	i=$((i + 1))
	[ -n "$quick" ] && [ $i -ge 3 ] && break
done

# feyn.tif turned by known angles; feyn.tif itself is not straight: its
# own skew, measured independently by ImageMagick's -deskew (whose angle
# is the correction, hence the minus), is added to the known angle
feyn=$corpus/leptonica-prog/feyn.tif
if [ -f "$feyn" ] && want feyn; then
	mkdir "$work/in/feyn"
	base=$(convert "$feyn" -deskew 40% -format '%[deskew:angle]' info:)
	base=$(awk -v b="$base" 'BEGIN { printf "%.2f", -b }')
	note "cleanup-bench: feyn.tif's own skew (ImageMagick): $base deg"
	for ang in 0 "${angles[@]}"; do
		turn "$feyn" "$work/in/feyn/feyn.r$ang.png" "$ang"
		put feyn "feyn.r$ang.png" 0 "$(awk -v a="$ang" -v b="$base" 'BEGIN { print a + b }')" 0 - eng
	done
fi

# tesseract-test: phototest variants, and the pages with text truth
tt=$corpus/tesseract-test
if [ -d "$tt" ]; then
	mkdir "$work/in/phototest" "$work/in/tess-test"
	want phototest &&
	while IFS='	' read -r file ccw osd gt; do
		case $file in \#*|file) continue ;; esac
		[ -f "$tt/$file" ] || continue
		cp "$tt/$file" "$work/in/phototest/"
		put phototest "$file" $(((360 - ccw) % 360)) - 0 "$tt/$gt" eng
	done <"$tt/derived_orientation.tsv"
	want tess-test &&
	for f in eurotext phototest 8071_093.3B 8087_054.3B; do
		[ -f "$tt/$f.tif" ] && [ -f "$tt/$f.txt" ] || continue
		cp "$tt/$f.tif" "$work/in/tess-test/"
		put tess-test "$f.tif" 0 - 0 "$tt/$f.txt" eng
	done
fi

# tapuscorpus-fr: real French typewritten scans
tc=$corpus/tapuscorpus-fr
if [ -d "$tc" ] && want tapuscorpus; then
	mkdir "$work/in/tapuscorpus"
	n=0
	for f in "$tc"/*/*.jpg; do
		gt=${f%.jpg}.gt.txt
		[ -f "$gt" ] || continue
		n=$((n + 1))
		[ -n "$quick" ] && [ $((n % 6)) != 1 ] && continue
		name="$(basename "$(dirname "$f")" | cut -c1-24)-$(basename "$f")"
		cp "$f" "$work/in/tapuscorpus/$name"
		put tapuscorpus "$name" 0 - 0 "$gt" fra
	done
fi

# blank: generated duplex backs and nearly empty pages, A4 at 300 dpi
# (and two at 200 dpi); each drawn on one of the backgrounds below
bl=$work/in/blank
mkdir "$bl"
A4="-size 2480x3508"
D300="-density 300 -units PixelsPerInch"
bg_noise() {	# white paper, sensor noise and dust
	convert $A4 xc:'#f6f6f3' -seed "$2" -attenuate 0.6 +noise Gaussian \
	    -colorspace Gray -fill '#303030' \
	    -draw "point 300,400 point 1200,1700 point 2000,3000 point 2001,3000 circle 900,2500 902,2501" \
	    $D300 "$1"
}
bg_holes() {	# punch holes (dark backing shows through), left margin
	convert $A4 xc:white -fill '#1a1a1a' \
	    -draw 'circle 110,1281 145,1281 circle 110,2227 145,2227' \
	    $D300 "$1"
}
bg_border() {	# dark scanner lid borders, top and left, a shadow at right
	convert $A4 xc:white -fill black -draw 'rectangle 0,0 2479,70' \
	    -draw 'rectangle 0,0 55,3507' -fill '#555555' \
	    -draw 'rectangle 2440,300 2479,3507' $D300 "$1"
}
bg_all() {	# grey recycled paper, noise, holes, borders, uneven light
	convert $A4 gradient:'#d8d8d0-#b8b8b0' -seed "$2" -attenuate 0.5 \
	    +noise Gaussian -colorspace Gray -fill '#151515' \
	    -draw 'circle 110,1281 145,1281 circle 110,2227 145,2227' \
	    -fill black -draw 'rectangle 0,0 2479,60' \
	    -draw 'rectangle 2430,0 2479,3507' $D300 "$1"
}
bg_fax() {	# 200 dpi fax back: noise lines at the top
	convert -size 1654x2339 xc:white -fill black \
	    -draw 'rectangle 0,0 1653,6' -draw 'point 400,900 point 1300,2000' \
	    -density 200 -units PixelsPerInch -monochrome "$1"
}
want blank &&
s=1 &&
for bg in noise holes border all fax; do
	bg_$bg "$bl/blank-$bg.png" $s
	put blank "blank-$bg.png" 0 - 1 - $FRA_NLD_ENG
	s=$((s + 1))
done
# not blank: one thing on each background
oneline() {
	convert "$1" -units PixelsPerInch -density 300 -font DejaVu-Sans -pointsize 11 -fill '#202020' \
	    -annotate +400+700 'Vu et approuvé' "$2"
}
signature() {
	convert "$1" -fill none -stroke '#1c2a5a' -strokewidth 4 \
	    -draw 'path "M 1500,2900 C 1540,2780 1600,2980 1640,2870 S 1720,2800 1760,2920 C 1790,2990 1830,2820 1870,2890 L 1960,2860"' \
	    "$2"
}
stamp() {
	convert "$1" -fill none -stroke '#3050a0' -strokewidth 7 \
	    -draw 'circle 1700,2700 1700,2560' -stroke none -fill '#3050a0' \
	    -units PixelsPerInch -density 300 -font DejaVu-Sans -pointsize 14 -annotate +1610+2715 'CPAS' "$2"
}
want blank &&
for bg in noise holes border all; do
	for what in oneline signature stamp; do
		$what "$bl/blank-$bg.png" "$bl/$what-$bg.png"
		put blank "$what-$bg.png" 0 - 0 - $FRA_NLD_ENG
	done
done

# ---- the stage -------------------------------------------------------------
res=$work/result.tsv	# set file page orient uncertain skew blank image dpi
: >"$res"
declare -A dtime dpages
sets=$(cut -f1 "$truth" | uniq)
[ -n "$sets" ] || { echo "cleanup-bench: no set to run" >&2; exit 2; }
for set in $sets; do
	export DOSSIER_SPOOL=$work/spool/$set DOSSIER_ARCHIVE=$work/$set.db
	"$bin/dossier-ingest" -w 0 -b "$set" "$work/in/$set" >/dev/null 2>>"$work/ingest.err"
	t0=$(date +%s%N)
	"$bin/dossier-deskew" -j 1 >/dev/null 2>>"$work/deskew.err" || true
	t1=$(date +%s%N)
	np=0
	for m in "$DOSSIER_SPOOL"/ocr/new/*/meta; do
		[ -f "$m" ] || continue
		awk -F= -v set="$set" -v dir="$(dirname "$m")" '
			{ v = substr($0, length($1) + 2) }
			$1 == "source_file" { file = v }
			$1 == "pages" { pages = v }
			$1 ~ /^page\.[0-9]+\./ { split($1, p, "."); k[p[2], p[3]] = v }
			END {
				for (i = 1; i <= pages; i++)
					printf "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", set,
					    file, i, k[i, "orientation"],
					    k[i, "orientation_uncertain"],
					    k[i, "skew_deg"], k[i, "blank"],
					    dir "/" (k[i, "ocr_image"] != "" ? \
					    k[i, "ocr_image"] : k[i, "image"]), k[i, "dpi"]
			}' "$m" >>"$res"
	done
	for q in "$DOSSIER_SPOOL"/quarantine/*/error; do
		[ -f "$q" ] && note "cleanup-bench: $set: quarantined: $(grep reason= "$q")"
	done
	np=$(awk -v s="$set" '$1 == s' "$res" | wc -l)
	dtime[$set]=$(((t1 - t0) / 1000000))
	dpages[$set]=$np
done

# ---- OCR, with and without cleanup -----------------------------------------
# "with" is what dossier-ocr reads: the grey page deskew leaves for OCR
# (page.K.ocr_image) when there is one, else the cleaned page
# task lines: set file page image dpi lang gt
mkdir "$work/ocr"
awk -F'\t' 'NR == FNR { gt[$1, $2] = $6; lang[$1, $2] = $7; next }
	gt[$1, $2] != "" && gt[$1, $2] != "-" && $3 == 1 {
		print $1 "\t" $2 "\t" $7 "\t" $8 "\t" $9 "\t" lang[$1, $2] "\t" gt[$1, $2]
	}' "$truth" "$res" >"$work/ocr.tasks"
ocr1() {	# set file blank cleanimage dpi lang gt
	local o=$work/ocr/$1.$(echo "$2" | tr / _) t0 t1 t2 img
	t0=$(date +%s%N)
	tesseract "$work/in/$1/$2" "$o.without" -l "$6" >/dev/null 2>&1 || : >"$o.without.txt"
	t1=$(date +%s%N)
	if [ "$3" = 1 ]; then
		: >"$o.with.txt"
	else
		# the OCR page is leptonica's spix compressed by zstd
		img=$4
		case $img in
		*.zst) zstd -q -dc "$img" >"$o.spix" && img=$o.spix ;;
		esac
		tesseract "$img" "$o.with" --dpi "$5" -l "$6" >/dev/null 2>&1 || : >"$o.with.txt"
		rm -f "$o.spix"
	fi
	t2=$(date +%s%N)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" \
	    "$("$work/cer" "$7" "$o.without.txt")" "$("$work/cer" "$7" "$o.with.txt")" \
	    $(((t1 - t0) / 1000000)) $(((t2 - t1) / 1000000)) \
	    "$("$work/cer" -w "$7" "$o.without.txt")" "$("$work/cer" -w "$7" "$o.with.txt")" >"$o.cer"
}
export -f ocr1
export work
note "cleanup-bench: OCR of $(wc -l <"$work/ocr.tasks") pages, twice, $jobs at a time"
xargs -d '\n' -P "$jobs" -n 1 bash -c \
	'IFS="	" read -r a b c d e f g <<<"$1"; ocr1 "$a" "$b" "$c" "$d" "$e" "$f" "$g"' _ \
	<"$work/ocr.tasks"
cat "$work"/ocr/*.cer 2>/dev/null | tr ' ' '\t' >"$work/cer.tsv" || : >"$work/cer.tsv"
# cer.tsv: set file edits_without len edits_with len ms_without ms_with
#	missed_words_without words missed_words_with words

# ---- figures ---------------------------------------------------------------
for set in $sets; do printf '%s\t%s\t%s\n' "$set" "${dtime[$set]}" "${dpages[$set]}"; done >"$work/dtime.tsv"

awk -F'\t' -v quick="$quick" '
function abs(x) { return x < 0 ? -x : x }
function pct(a, n, p,    i, j, t, r, srt) {	# nearest rank on sorted copy
	for (i = 1; i <= n; i++) srt[i] = a[i]
	for (i = 2; i <= n; i++) { t = srt[i]; for (j = i - 1; j >= 1 && srt[j] > t; j--) srt[j + 1] = srt[j]; srt[j + 1] = t }
	r = int(p * n + 0.999999); if (r < 1) r = 1; if (r > n) r = n
	return srt[r]
}
FILENAME ~ /truth.tsv$/ { T[$1, $2] = 1; tor[$1, $2] = $3; tsk[$1, $2] = $4; tbl[$1, $2] = $5; next }
FILENAME ~ /dtime.tsv$/ { dms[$1] = $2; dpg[$1] = $3; order[++nset] = $1; next }
FILENAME ~ /cer.tsv$/ {
	cw[$1] += $3; cl[$1] += $4; cc[$1] += $5; cn[$1]++; ow[$1] += $7
	mw[$1] += $9; mn[$1] += $10; mc[$1] += $11
	if ($5 / ($4 ? $4 : 1) > $3 / ($4 ? $4 : 1) + 0.005) worse[$1]++
	ocrms[$1] += $7; ocrn[$1]++
	next
}
{	# result.tsv
	set = $1; f = $2; if (!T[set, f]) next
	seen[set, f] = 1
	np[set]++
	if (tor[set, f] != "-") {
		on[set]++; ON++
		if ($4 == tor[set, f]) { ok[set]++; OK++ }
		else if ($5 == 1) { unc[set]++; UNC++ }
	}
	if (tsk[set, f] != "-" && $7 != 1) {
		e = abs($6 - tsk[set, f])
		sn[set]++; se[set, sn[set]] = e; SN++; SE[SN] = e
		if (e > 0.25) bad = bad sprintf("    %s %s: found %s, known %s\n", set, f, $6, tsk[set, f])
	}
	if (tbl[set, f] == 1 && $7 == 1) TP++
	if (tbl[set, f] == 1 && $7 != 1) { FN++; bmiss = bmiss " " f }
	if (tbl[set, f] == 0 && $7 == 1) { FP++; bfalse = bfalse " " set ":" f }
}
END {
	for (k in T) { split(k, kk, SUBSEP); if (!seen[k]) { lost++; lostl = lostl " " kk[1] ":" kk[2] } }
	printf "\n== dossier-deskew cleanup bench%s ==\n", quick ? " (quick)" : ""
	printf "%-15s %5s  %-13s  %-26s  %-23s  %s\n", "set", "pages", "orientation", "skew |err| med/p95/max", "CER without -> with", "deskew/OCR"
	for (i = 1; i <= nset; i++) {
		s = order[i]
		o = on[s] ? sprintf("%d/%d", ok[s], on[s]) (unc[s] ? sprintf(" (%d unc)", unc[s]) : "") : "-"
		if (sn[s]) { n = sn[s]; for (j = 1; j <= n; j++) a[j] = se[s, j]
			k = sprintf("%.3f/%.3f/%.3f (n=%d)", pct(a, n, 0.5), pct(a, n, 0.95), pct(a, n, 1), n) } else k = "-"
		c = cl[s] ? sprintf("%.4f -> %.4f%s", cw[s] / cl[s], cc[s] / cl[s], worse[s] ? sprintf(" (%d worse)", worse[s]) : "") : "-"
		r = (ocrn[s] && dpg[s]) ? sprintf("%.1f%%", 100 * (dms[s] / dpg[s]) / (ocrms[s] / ocrn[s])) : "-"
		printf "%-15s %5d  %-13s  %-26s  %-23s  %s\n", s, np[s], o, k, c, r
		if (cl[s]) { CW += cw[s]; CL += cl[s]; CC += cc[s]; if (cc[s] > cw[s]) cworse = cworse " " s }
		if (ocrn[s] && dpg[s]) { DMS += dms[s] / dpg[s] * ocrn[s]; OMS += ocrms[s] }
		DT += dms[s]; DP += dpg[s]
	}
	printf "\norientation: %d/%d correct (%.1f%%), %d left as scanned (uncertain), %d wrong\n", OK, ON, ON ? 100 * OK / ON : 0, UNC, ON - OK - UNC
	n = SN; for (j = 1; j <= n; j++) a[j] = SE[j]
	m = pct(a, n, 0.5); p = pct(a, n, 0.95); x = pct(a, n, 1)
	printf "skew |error| over %d pages of known angle: median %.3f, p95 %.3f, max %.3f deg\n", n, m, p, x
	if (bad != "") printf "  pages off by more than 0.25 deg:\n%s", bad
	prec = (TP + FP) ? TP / (TP + FP) : 1; rec = (TP + FN) ? TP / (TP + FN) : 1
	printf "blank pages: precision %.3f, recall %.3f (%d found, %d missed%s, %d false%s)\n", prec, rec, TP, FN, bmiss, FP, bfalse
	if (CL) printf "OCR CER over all text sets: without cleanup %.4f, with %.4f\n", CW / CL, CC / CL
	for (i = 1; i <= nset; i++) { s = order[i]; if (mn[s]) ws = ws sprintf("%s %s %.4f -> %.4f", ws == "" ? "" : ",", s, mw[s] / mn[s], mc[s] / mn[s]) }
	if (ws != "") printf "words of the truth missed, in any order (not charged for a column order):%s\n", ws
	printf "deskew: %.0f ms per page (%d pages, -j 1); %.1f%% of the OCR time of the same pages\n", DP ? DT / DP : 0, DP, OMS ? 100 * DMS / OMS : 0
	if (lost) printf "pages without a result (quarantined?):%s\n", lostl
	printf "\ntargets: skew median <= 0.1 %s, p95 <= 0.25 %s; orientation all correct %s; blank all right %s; CER not worse on any set %s; cost <= 10%% %s\n",
	    !n ? "not measured" : m <= 0.1 ? "MET" : "MISSED",
	    !n ? "not measured" : p <= 0.25 ? "MET" : "MISSED", OK == ON ? "MET" : "MISSED",
	    (FP + FN) == 0 ? "MET" : "MISSED", cworse == "" ? "MET" : "MISSED (" cworse " )",
	    !OMS ? "not measured (no OCR set)" : 100 * DMS / OMS <= 10 ? "MET" : "MISSED"
}' "$truth" "$work/dtime.tsv" "$work/cer.tsv" "$res"
