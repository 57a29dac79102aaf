#!/bin/bash
# degrade-bench.sh - real typescripts with ground truth, each degraded the
# ways office scans are (a stamp, a form's tinted box, a phone's shadow,
# show-through, highlighter, a feeder's streak, folds, toner speckle,
# blur, a negative, halftone dots, turned, skewed, low resolution, heavy
# JPEG, coloured paper, a carbon copy, a fax), through the whole chain
# and through bare tesseract: where the cleanup loses text that the scan
# shows.  A benchmark, not a test: it prints figures and exits 0.
#
#   tests/degrade-bench.sh [-k] [-v] [-n pages] [-d kind,kind...]
#
#   -n	pages of tapuscorpus-fr, one in eight of them in name order
#	(default 6)
#   -d	only these kinds (default all; names below)
#   -v	also one line per page
#   -k	keep the work directory (printed on stderr)
#
# Kinds (ImageMagick on the page as scanned, about 2500x3300 at 300 dpi):
#   orig       the page itself
#   stamp      a red "reçu le" stamp turned 12 degrees, multiplied as ink
#   tint       a light blue box over the middle third (a form's shading)
#   shadow     the left of the page at 45% of its light (a phone's shadow)
#   showthru   the next page mirrored at a fifth of its ink (thin paper)
#   highlight  yellow, pink and green bands over three lines
#   streak     two dark lines down the page (dirt on a feeder's glass)
#   fold       two shadows across the page, a degree off level (posted)
#   speckle    impulse noise (a worn photocopier's toner), seeded by the
#              page's number: the same noise from run to run
#   blur       out of focus (Gaussian, 2.5 pixels)
#   negative   white on black (a microfilm print)
#   dither     an ordered 4x4 halftone, 1 bit (a scanner's halftone mode)
#   rot90      turned a quarter (fed sideways)
#   skew       turned 2.5 degrees
#   lowres     150 dpi, no DPI tag
#   jpeg15     JPEG quality 15
#   paper      printed on pink paper (a form's colour copy)
#   carbon     a carbon copy: blue-violet ink, softened
#   fax        a fax in standard mode: 204x98 dpi, 1 bit, its DPI tag
#   seyes      typed on French ruled paper (Seyes): violet lines every
#              2 mm, darker every 8 mm, the 8 mm squares' uprights, a
#              red margin
#   squared    typed on squared paper: blue lines every 5 mm both ways
#   dark       underexposed: every level at 45% (a scanner's exposure
#              set low, a lid left open in a dark room); no white left
#   dim        a photo in dim light: 60% of the light at the top, 30% at
#              the foot
#
# Per kind: the character error rate (tests/tools/cer.c, white space
# folded) of dossier and of `tesseract PAGE - -l fra` over its pages, the
# share of the truth's words each misses in any order (not charged for a
# column order), and the pages where dossier archives no text while bare
# tesseract reads some (erased).  Then the pages where dossier misses
# over 5 points more of the words than bare tesseract.
. "$(dirname "$0")/bench-lib.sh"
npages=6 only= keep= verbose=
while getopts d:n:kv o; do
	case $o in
	d) only=,$OPTARG, ;;
	n) npages=$OPTARG ;;
	k) keep=1 ;;
	v) verbose=1 ;;
	*) echo "usage: tests/degrade-bench.sh [-k] [-v] [-n pages] [-d kind,kind...]" >&2; exit 2 ;;
	esac
done
case $npages in '' | *[!0-9]*) echo "degrade-bench: -n wants a number" >&2; exit 2 ;; esac
bench=degrade-bench
bench_need ingest deskew ocr classify tag load
bench_tools tesseract sqlite3 convert identify cc
bench_env
kinds="orig stamp tint shadow showthru highlight streak fold speckle blur negative dither rot90 skew lowres jpeg15 paper carbon fax seyes squared dark dim"
want() { [ -z "$only" ] || [ "${only#*,$1,}" != "$only" ]; }
sel=
for k in $kinds; do want "$k" && sel="$sel $k"; done
[ -n "$sel" ] || { echo "degrade-bench: no such kind in '${only//,/ }' (kinds: $kinds)" >&2; exit 2; }
bench_work
cc -O2 -o "$work/cer" tests/tools/cer.c
mkdir "$work/in" "$work/gt" "$work/orig" "$work/bare"

# ---- the pages --------------------------------------------------------
n=0
for f in $(ls "$corpus"/tapuscorpus-fr/*/*.jpg 2>/dev/null | awk 'NR % 8 == 1'); do
	[ -f "${f%.jpg}.gt.txt" ] || continue
	[ "$n" -lt "$npages" ] || break
	n=$((n + 1))
	cp "$f" "$work/orig/p$n.jpg"
	cp "${f%.jpg}.gt.txt" "$work/gt/p$n.txt"
done
[ "$n" -gt 0 ] || { echo "degrade-bench: no tapuscorpus-fr page in '$corpus'" >&2; exit 3; }
echo "degrade-bench: $n pages, kinds:$sel" >&2

. tests/tools/ruling.sh	# (bench-lib.sh is at the top of the tree)
# degrade KIND N: page N degraded the KIND way into $work/in
degrade() {
	local k=$1 i=$2 o=$work/orig/p$2.jpg out=$work/in/p$2-$1 W H fs next
	read -r W H <<<"$(identify -format '%w %h' "$o")"
	fs=$((W / 22))
	next=$work/orig/p$((i % n + 1)).jpg
	case $k in
	orig) cp "$o" "$out.jpg" ;;
	stamp)
		convert -size "${W}x$H" xc:white -fill none -stroke '#c82828' \
		    -strokewidth $((W / 200)) -draw "roundrectangle $((W * 30 / 100)),$((H * 42 / 100)) $((W * 75 / 100)),$((H * 55 / 100)) 30,30" \
		    -stroke none -fill '#c82828' -font DejaVu-Sans-Bold -pointsize "$fs" \
		    -draw "text $((W * 33 / 100)),$((H * 475 / 1000)) 'CPAS - RECU LE'" \
		    -draw "text $((W * 36 / 100)),$((H * 53 / 100)) '12 MARS 2024'" \
		    -distort SRT 12 "$o" -compose multiply -composite -quality 90 "$out.jpg" ;;
	tint)
		convert "$o" \( -size "${W}x$H" xc:white -fill 'rgb(200,220,245)' \
		    -draw "rectangle 0,$((H / 3)) $W,$((H * 2 / 3))" \) \
		    -compose multiply -composite -quality 90 "$out.jpg" ;;
	shadow)
		convert "$o" \( -size "${H}x$W" gradient:'gray(45%)'-white -rotate -90 \) \
		    -compose multiply -composite -quality 90 "$out.jpg" ;;
	showthru)
		convert "$o" \( "$next" -resize "${W}x$H!" -flop -colorspace gray -level -400%,100% \) \
		    -compose multiply -composite -quality 90 "$out.jpg" ;;
	highlight)
		convert "$o" \( -size "${W}x$H" xc:white \
		    -fill 'rgb(255,245,80)' -draw "rectangle $((W / 10)),$((H / 4)) $((W * 9 / 10)),$((H * 29 / 100))" \
		    -fill 'rgb(255,150,200)' -draw "rectangle $((W / 10)),$((H * 45 / 100)) $((W * 8 / 10)),$((H * 49 / 100))" \
		    -fill 'rgb(140,240,120)' -draw "rectangle $((W * 15 / 100)),$((H * 65 / 100)) $((W * 85 / 100)),$((H * 69 / 100))" \) \
		    -compose multiply -composite -quality 90 "$out.jpg" ;;
	streak)
		convert "$o" -stroke 'gray(20%)' -strokewidth 4 -draw "line $((W * 2 / 5)),0 $((W * 2 / 5)),$H" \
		    -stroke 'gray(45%)' -strokewidth 2 -draw "line $((W * 7 / 10)),0 $((W * 7 / 10)),$H" \
		    -quality 90 "$out.jpg" ;;
	fold)
		convert "$o" \( -size "${W}x$H" xc:white -stroke 'gray(55%)' -strokewidth 6 \
		    -draw "line 0,$((H / 3)) $W,$((H / 3 + W / 57))" \
		    -draw "line 0,$((H * 2 / 3 + W / 57)) $W,$((H * 2 / 3))" -blur 0x4 \) \
		    -compose multiply -composite -quality 90 "$out.jpg" ;;
	speckle) convert "$o" -seed "$i" -attenuate 0.3 +noise Impulse -quality 90 "$out.jpg" ;;
	blur) convert "$o" -blur 0x2.5 -quality 90 "$out.jpg" ;;
	negative) convert "$o" -negate -quality 90 "$out.jpg" ;;
	dither)
		convert "$o" -colorspace gray -ordered-dither o4x4 -type bilevel \
		    -units PixelsPerInch -density 300 "$out.tif" ;;
	rot90) convert "$o" -rotate 90 -quality 90 "$out.jpg" ;;
	skew) convert "$o" -background white -rotate 2.5 -quality 90 "$out.jpg" ;;
	lowres)
		convert "$o" -resize 50% -strip -define png:exclude-chunk=pHYs "$out.png" ;;
	jpeg15) convert "$o" -quality 15 "$out.jpg" ;;
	paper)
		convert "$o" \( -size "${W}x$H" xc:'rgb(250,205,215)' \) \
		    -compose multiply -composite -quality 90 "$out.jpg" ;;
	carbon)
		convert "$o" -colorspace gray -blur 0x1 +level-colors 'rgb(70,60,160)',white \
		    -quality 90 "$out.jpg" ;;
	seyes | squared)
		convert "$o" \( -size "${W}x$H" xc:white -draw "$(ruling "$k" "$W" "$H")" \) \
		    -compose multiply -composite -quality 90 "$out.jpg" ;;
	dark) convert "$o" -evaluate multiply 0.45 -quality 90 "$out.jpg" ;;
	dim)
		convert "$o" \( -size "${W}x$H" gradient:'gray(60%)'-'gray(30%)' \) \
		    -compose multiply -composite -quality 90 "$out.jpg" ;;
	fax)
		convert "$o" -colorspace gray -resize 68%x32.7% -threshold 60% -type bilevel \
		    -units PixelsPerInch -density 204x98 -compress Fax "$out.tif" ;;
	esac
}
for k in $sel; do
	for i in $(seq "$n"); do
		degrade "$k" "$i"
	done
done

# ---- the chain, and bare tesseract ---------------------------------------
export DOSSIER_SPOOL=$work/spool DOSSIER_ARCHIVE=$work/a.db
"$bin/dossier-load" </dev/null 2>"$work/err"
echo "degrade-bench: $(ls "$work/in" | wc -l) pages through the chain" >&2
"$bin/dossier-ingest" -w 0 -b degrade "$work/in" 2>>"$work/err" |
    "$bin/dossier-deskew" 2>>"$work/err" | "$bin/dossier-ocr" -j 2 2>>"$work/err" |
    "$bin/dossier-classify" 2>>"$work/err" | "$bin/dossier-tag" 2>>"$work/err" |
    "$bin/dossier-load" >/dev/null 2>>"$work/err" || true
mkdir "$work/text"
sqlite3 -separator '	' "$work/a.db" "
    SELECT d.source_file, writefile('$work/text/' || p.id || '.txt',
      coalesce(p.text, '')) * 0 + p.id, p.skew_deg, p.orientation
    FROM page p JOIN document d ON d.id = p.document_id
    WHERE p.source_page = 1" >"$work/map.tsv"
echo "degrade-bench: the same pages through bare tesseract" >&2
export work
ls "$work/in" | xargs -P 2 -I{} sh -c \
    'tesseract "$work/in/{}" - -l fra >"$work/bare/{}.txt" 2>/dev/null || : >"$work/bare/{}.txt"'

# ---- scores ----------------------------------------------------------------
alnum() { tr -cd 'A-Za-z0-9\200-\377' <"$1" | wc -c; }
: >"$work/scores.tsv"
for f in $(ls "$work/in"); do
	page=${f%%-*} kind=${f#*-}
	kind=${kind%.*}
	row=$(awk -F'\t' -v f="$f" '{ n = split($1, a, "/") } a[n] == f' "$work/map.tsv" | head -n 1)
	dt=$work/empty
	: >"$dt"
	skew=- orient=-
	if [ -n "$row" ]; then
		IFS='	' read -r _ id skew orient <<<"$row"
		dt=$work/text/$id.txt
	fi
	bt=$work/bare/$f.txt
	gt=$work/gt/$page.txt
	read -r ed len < <("$work/cer" "$gt" "$dt")
	read -r eb _ < <("$work/cer" "$gt" "$bt")
	read -r md words < <("$work/cer" -w "$gt" "$dt")
	read -r mb _ < <("$work/cer" -w "$gt" "$bt")
	printf '%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n' "$kind" "$page" \
	    "$ed" "$eb" "$len" "$md" "$mb" "$words" "$(alnum "$dt")" "$(alnum "$bt")" \
	    "$skew" "$orient" >>"$work/scores.tsv"
done

echo
echo "== degrade bench: $n typescripts of tapuscorpus-fr, degraded; dossier (whole chain) vs bare tesseract =="
printf '%-10s %5s  %-17s  %-17s  %s\n' kind pages "CER dos / bare" "words missed" erased
for k in $sel; do
	awk -F'\t' -v k="$k" '$1 == k {
		n++; ed += $3; eb += $4; len += $5; md += $6; mb += $7; w += $8
		if ($9 < 5 && $10 >= 20) er++
	} END {
		if (n) printf "%-10s %5d  %.3f / %.3f    %.3f / %.3f    %d\n", k, n,
		    ed / len, eb / len, md / w, mb / w, er
	}' "$work/scores.tsv"
done
awk -F'\t' '{ ed += $3; eb += $4; len += $5; md += $6; mb += $7; w += $8
	if ($9 < 5 && $10 >= 20) er++ }
	END { printf "%-10s %5d  %.3f / %.3f    %.3f / %.3f    %d\n", "all", NR,
	    ed / len, eb / len, md / w, mb / w, er }' "$work/scores.tsv"
echo "(CER: edits over the truth's length; words missed: share of the truth's words"
echo " missing, in any order; erased: dossier < 5 letters, bare >= 20)"
if [ -n "$verbose" ]; then
	echo
	echo "page by page: kind page CER dos/bare, words missed dos/bare, skew, orientation"
	sort -k1,1 -k2,2 "$work/scores.tsv" | awk -F'\t' '{
		printf "%-10s %-4s %.3f / %.3f  %.3f / %.3f  %s %s\n", $1, $2,
		    $3 / $5, $4 / $5, $6 / $8, $7 / $8, $11, $12 }'
fi
echo
echo "pages where dossier misses over 5 points more of the words than bare tesseract:"
awk -F'\t' '$6 / $8 > $7 / $8 + 0.05 {
	printf "  %s %s: words missed %.3f / %.3f, CER %.3f / %.3f, skew %s\n", $1, $2,
	    $6 / $8, $7 / $8, $3 / $5, $4 / $5, $11; c++ }
	END { if (!c) print "  none" }' "$work/scores.tsv"
exit 0
