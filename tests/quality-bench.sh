#!/bin/bash
# quality-bench.sh - what the whole chain makes of real scans with ground
# truth, beside bare tesseract on the same pages (issue 10).  A benchmark,
# not a test: it prints figures and exits 0 whether or not the targets
# hold (the last lines say which).
#
#   tests/quality-bench.sh [-k] [-v] [-j jobs] [-n pages] [-r runs]
#                          [-o set,set...]
#
#   -n	at most this many pages per set (default $QB_MAX, else all)
#   -j	parallel workers (default $QB_JOBS, else 1): dossier-ocr -j N, and
#	N bare tesseract processes at a time
#   -o	only these sets (default $QB_SETS, else all; names below)
#   -r	time each set this many times (default $QB_RUNS, else 1), the
#	chain and bare tesseract in turn, and give the median of each
#	time: on a shared machine one run's speed figures move by a
#	third; the text and scores are the first run's
#   -v	also one line per page (CER and word F1 of both, language)
#   -k	keep the work directory (printed on stderr)
#
# Sets (from $DOSSIER_CORPUS, default ../shared/corpus; a missing one is
# skipped), each with its ground truth and its language:
#   tapuscorpus   tapuscorpus-fr/*/*.jpg, <page>.gt.txt            fra
#   tesstest      tesseract-test eurotext, phototest (and its turned
#                 copies), 8071_093.3B, 8087_054.3B; <page>.txt     eng
#                 (eurotext is six languages: read as eng by bare
#                 tesseract; eng, deu, fra, or und are its language)
#   linn          ocrmypdf-resources/linn.png, linn.txt            eng
#   faint         field/tapuscorpus-faint/*.jpg, <page>.gt.txt     fra
#   funsd         field/funsd-lowdpi/images/*.png; the words of
#                 annotations/<page>.json in lines (top to bottom,
#                 then left to right)                               eng
#   camera        field/docspell/camera/letter-en.jpg, a phone
#                 photo of a letter; ../letter-en.txt               eng
#   scan400       the first 6 tapuscorpus pages resampled to 400
#                 dpi (ImageMagick, 4/3 the pixels each way): the
#                 size of a 400-dpi colour scan, for its cost       fra
#   scanpdf       the same 6 pages as a scanner's PDFs, one a page, the
#                 JPEG in it as it is (tests/tools/scanpdf.py); bare
#                 tesseract, which reads no PDF, reads the JPEG       fra
#   bw600         the same 6 pages made an office copier's black and
#                 white at 600 dpi (ImageMagick: twice the pixels
#                 each way, split at 55%, CCITT G4 TIFF)            fra
#   scan150, scan600, greypng, tinted, jpeg30, pale, turned, upside,
#   shrunk, edges, tilted, copied, blue, noisy, fax
#                 the same 6 pages made other kinds of scan an office
#                 sends (ImageMagick, derive below): a quick scan at 150
#                 dpi; an archival colour scan at 600 dpi; a grey PNG
#                 at 300; on pink form paper; a JPEG of quality 30;
#                 grey at low contrast (levels 45-90%); turned a
#                 quarter clockwise; upside down; made smaller by 40%
#                 but still tagged 300 dpi (a photo resized by a mail
#                 client); on a larger bed, the sheet's edges dark
#                 inside the scan, turned 1.5 degrees; tilted 7
#                 degrees; copied at half size onto an A4 page; typed
#                 in blue ink; grey, low contrast and noisy; a fax of
#                 204 x 98 dpi (G3): kinds no rule was tuned on, to
#                 say whether the rules hold beyond the sets above  fra
#   scan100       the same 6 pages at 100 dpi (scaled by 3 for OCR) fra
#   scan200, bw200, keystone, shadow, stamp, highlight, markers, streak
#                 the same 6 pages as an office's copier scans them by
#                 default (200 dpi colour), and in its black and white
#                 mode (200 dpi, split at 55%, G4); photographed from above a
#                 corner, the sheet a trapezium on a dark desk; with a
#                 shadow over half the sheet (a hand, a phone), darkening
#                 to 35%; with a receipt stamp (thick dark red strokes,
#                 "RECU LE 12 MARS 2026", turned 8 degrees) over the text;
#                 with three lines marked in yellow highlighter, or in
#                 pink, orange and green (a line each, darker than the
#                 split by the text: black bars on the binary page before
#                 they were taken for stains): marks
#                 that offices add to the paper they file; scanned by a
#                 feeder with dirt on its glass (a grey streak 3 pixels
#                 wide down the whole scan, a paler one a pixel wide)  fra
#   spread150,    6 legible pages (truth of 400 bytes or more, no
#   spread100     "~~~") from the other tapuscorpus books, up to 2 a
#                 book, made 150 and 100 dpi as scan150: the derived
#                 kinds above are all of one book                   fra
#   twoup         the same 6 pages two by two side by side (3 scans),
#                 as an open booklet on a copier's glass, a soft shadow
#                 down its fold; the truth the left page's, then the
#                 right's                                            fra
#   camera3       the camera letter at a third of its size (565x793),
#                 as a phone of a few megapixels takes a page       eng
#   camera480     the camera letter 480 pixels high (342x480), as an
#                 old phone's VGA photo or a thumbnail sent on      eng
#   funsd62       the funsd forms at 70% of their size (about 62 dpi,
#                 no DPI tag): letters 4 to 6 pixels tall           eng
#   photo12       the camera letter at 3/2 its size, turned 0, 1.2,
#                 -0.8 and 2 degrees, each on a desk in a phone's
#                 3000x4000 colour photo (ImageMagick; 12 Mpx, no
#                 DPI tag, light falling off down the picture)      eng
#   linn4         linn.png 4 times, camera6 the camera letter 6
#   camera6       times, each copy a file of its own (a line of text
#                 after the image's end: no duplicate): a batch of
#                 such pages, where the costs of a run (six stages
#                 started, an engine per language met) are spread
#                 over its pages as in a night's batch, where linn
#                 and camera, one page each, bear them whole       eng
#
# Per set, in one run:
#   dossier: every page through the whole chain as dossier-nightly runs it
#     (ingest | deskew | ocr -j N | classify | tag | load, one fresh spool
#     and archive per set, the archive made before the timing); its text is page.text of the archive (a blank
#     page has none)
#   bare: `tesseract PAGE - -l LANG` on the input file, default settings
#   CER: Levenshtein distance in code points over the truth's length, white
#     space runs folded (tests/tools/cer.c), summed over the set's pages
#   F1: word F1, words as multisets in any order (white-space separated,
#     edge punctuation stripped, case folded), summed over the set
#   erased: pages where dossier archives no text (under 5 letters or
#     digits) while bare tesseract reads some (20 or more)
#   lang: pages whose page.lang is the set's language, of the pages where
#     dossier has text and the truth is running text (100 letters and
#     digits or more: a title page, or a page the truth marks illegible
#     ("~~~"), shows no language, and "und" is the right answer there)
#   pages/s: input pages over the wall time of the chain, and of the bare
#     tesseract runs; ratio = chain / bare (>= 1.0 is the target)
#   CPU s/p: user+sys seconds per page of all the chain's stages, and of
#     bare tesseract; ratio = bare / chain, the same target as pages/s but
#     fair on a shared machine (the wall ratio moves with the other load)
#   cost: CPU time of every stage but OCR over the OCR stage's CPU time
#     (and each stage's CPU per page below the table)
#     (the 10% target), and deskew's share alone
#   OCR stage alone: bare's CPU over the OCR stage's (engine starts and
#     language probes included): on a page the cleanup does not make
#     cheaper to read, this is about 1.0, and the chain's ratio then
#     cannot pass 1/(1 + cost)
#   archived images: the archive's page images, bytes per page, and the
#     pages kept grey (a PNG: a hundred times a G4 page's bytes, where the
#     cleanup judged the binary page to lose text)
#   the other stages: their CPU over bare tesseract's on the same pages
#     (the cost against the engine's time on the page as it came: where
#     the cleanup makes the engine's reading cheaper, cost rises as the
#     OCR stage's time falls, and this does not)
# OMP_THREAD_LIMIT=1 for both (dossier-ocr sets it for itself anyway), so
# that both use one core per page and -j the same number of cores.
. "$(dirname "$0")/bench-lib.sh"
max=${QB_MAX:-0} jobs=${QB_JOBS:-1} only=${QB_SETS:-} runs=${QB_RUNS:-1} keep= verbose=
while getopts j:n:o:r:kv o; do
	case $o in
	j) jobs=$OPTARG ;;
	n) max=$OPTARG ;;
	o) only=$OPTARG ;;
	r) runs=$OPTARG ;;
	k) keep=1 ;;
	v) verbose=1 ;;
	*) echo "usage: tests/quality-bench.sh [-k] [-v] [-j jobs] [-n pages] [-r runs] [-o sets]" >&2; exit 2 ;;
	esac
done
[ -n "$only" ] && only=",$only,"
case $max$jobs$runs in *[!0-9]*) echo "quality-bench: -n, -j and -r want numbers" >&2; exit 2 ;; esac
[ "$jobs" -ge 1 ] || jobs=1
[ "$runs" -ge 1 ] || runs=1
bench=quality-bench
bench_need ingest deskew ocr classify tag load
bench_tools tesseract sqlite3 jq cc
[ -x /usr/bin/time ] || { echo "quality-bench: needs /usr/bin/time" >&2; exit 3; }
bench_env
bench_work
cc -O2 -o "$work/cer" tests/tools/cer.c
note() { printf '%s\n' "$*" >&2; }
want() { [ -z "$only" ] || [ "${only#*,$1,}" != "$only" ]; }

# ---- the sets --------------------------------------------------------------
# pages.tsv: set, file name in $work/in/SET, truth file, language
pages=$work/pages.tsv
: >"$pages"
declare -A count
# add SET SRC NAME TRUTH LANG: one page, unless the set is full
add() {
	local n=${count[$1]:-0}
	[ "$max" -gt 0 ] && [ "$n" -ge "$max" ] && return 0
	[ -f "$2" ] && [ -f "$4" ] || return 0
	mkdir -p "$work/in/$1"
	cp "$2" "$work/in/$1/$3"
	printf '%s\t%s\t%s\t%s\n' "$1" "$3" "$4" "$5" >>"$pages"
	count[$1]=$((n + 1))
}
setlist=
want tapuscorpus && setlist="$setlist tapuscorpus" &&
for f in "$corpus"/tapuscorpus-fr/*/*.jpg; do
	[ -f "$f" ] || continue
	add tapuscorpus "$f" "$(basename "$(dirname "$f")" | cut -c1-24)-$(basename "$f")" \
	    "${f%.jpg}.gt.txt" fra
done
tt=$corpus/tesseract-test
want tesstest && setlist="$setlist tesstest" &&
for f in eurotext.tif phototest.tif 8071_093.3B.tif 8087_054.3B.tif \
    phototest-rotated-L.png phototest-rotated-R.png phototest-rotated-180.png \
    phototestrot.tif; do
	gt=$tt/${f%.*}.txt
	case $f in phototest*) gt=$tt/phototest.txt ;; esac
	# eurotext has a sentence in each of six languages: any of those
	# configured, or "und" (no language leads), is its language
	case $f in eurotext.tif) l=eng,deu,fra,und ;; *) l=eng ;; esac
	add tesstest "$tt/$f" "$f" "$gt" $l
done
want linn && setlist="$setlist linn" &&
add linn "$corpus/ocrmypdf-resources/linn.png" linn.png \
    "$corpus/ocrmypdf-resources/linn.txt" eng
want faint && setlist="$setlist faint" &&
for f in "$corpus"/field/tapuscorpus-faint/*.jpg; do
	[ -f "$f" ] || continue
	add faint "$f" "$(basename "$f")" "${f%.jpg}.gt.txt" fra
done
fd=$corpus/field/funsd-lowdpi
mkdir -p "$work/gt"
# funsd_truth B: the truth of form B into $work/gt/B.txt: the words, in
# lines, sorted by their middle from the top; a word whose middle is
# below the line's first word's box starts a line
funsd_truth() {
	[ -f "$work/gt/$1.txt" ] && return 0
	[ -f "$fd/annotations/$1.json" ] || return 1
	jq -r '.form[].words[] | select(.text != "") |
	    "\((.box[1] + .box[3]) / 2)\t\(.box[0])\t\(.box[3] - .box[1])\t\(.text)"' \
	    "$fd/annotations/$1.json" | sort -t '	' -k1,1g -k2,2g |
	    awk -F'\t' '
		NR == 1 || $1 > top + h / 2 { if (NR > 1) flush(); top = $1; h = $3; n = 0 }
		{ x[++n] = $2; w[n] = $4 }
		function flush(   i, j, t, s) {
			for (i = 2; i <= n; i++) for (j = i; j > 1 && x[j - 1] > x[j]; j--) {
				t = x[j]; x[j] = x[j - 1]; x[j - 1] = t
				t = w[j]; w[j] = w[j - 1]; w[j - 1] = t
			}
			s = w[1]; for (i = 2; i <= n; i++) s = s " " w[i]
			print s
		}
		END { if (NR) flush() }' >"$work/gt/$1.txt"
}
want funsd && setlist="$setlist funsd" &&
for f in "$fd"/images/*.png; do
	[ -f "$f" ] || continue
	b=$(basename "$f" .png)
	funsd_truth "$b" || continue
	add funsd "$f" "$b.png" "$work/gt/$b.txt" eng
done
want camera && setlist="$setlist camera" &&
add camera "$corpus/field/docspell/camera/letter-en.jpg" letter-en.jpg \
    "$corpus/field/docspell/letter-en.txt" eng
# copies SET SRC NAME TRUTH LANG N: N copies of SRC, each with a line of
# its own after the image's end (which decoders leave), so that ingest
# takes none of them for a duplicate
copies() {
	local i
	mkdir -p "$work/copies"
	[ -f "$2" ] || return 0
	for i in $(seq "$6"); do
		{ cat "$2"; printf 'quality-bench copy %d\n' "$i"; } >"$work/copies/$i-$3"
		add "$1" "$work/copies/$i-$3" "$i-$3" "$4" "$5"
	done
}
want linn4 && setlist="$setlist linn4" &&
copies linn4 "$corpus/ocrmypdf-resources/linn.png" linn.png \
    "$corpus/ocrmypdf-resources/linn.txt" eng 4
want camera6 && setlist="$setlist camera6" &&
copies camera6 "$corpus/field/docspell/camera/letter-en.jpg" letter-en.jpg \
    "$corpus/field/docspell/letter-en.txt" eng 6
if want photo12 && command -v convert >/dev/null &&
    [ -f "$corpus/field/docspell/camera/letter-en.jpg" ]; then
	setlist="$setlist photo12"
	mkdir -p "$work/photo12"
	# a brown desk, the same one each run (seeded)
	convert -seed 7 -size 3000x4000 plasma:'#7a5a3a-#5a3f28' -blur 0x2 \
	    -modulate 80,25 -fill '#6b4e33' -colorize 50% "$work/photo12/desk.png"
	for a in 0 1.2 -0.8 2; do
		# cream paper, the photo's light falling off to the bottom
		convert "$corpus/field/docspell/camera/letter-en.jpg" \
		    -resize 150% -colorspace sRGB \
		    \( +clone -fill '#f3eee2' -colorize 100 \) \
		    -compose multiply -composite \
		    -background none -rotate "$a" "$work/photo12/letter.png" &&
		convert "$work/photo12/desk.png" "$work/photo12/letter.png" \
		    -gravity center -compose over -composite \
		    \( -size 3000x4000 gradient:'#ffffff-#b0b0b0' \) \
		    -compose multiply -composite -strip \
		    -quality 90 -sampling-factor 2x2 "$work/photo12/photo$a.jpg" &&
		    add photo12 "$work/photo12/photo$a.jpg" "photo$a.jpg" \
		    "$corpus/field/docspell/letter-en.txt" eng
	done
	rm -f "$work/photo12/desk.png" "$work/photo12/letter.png"
fi
if want scan400 && command -v convert >/dev/null; then
	setlist="$setlist scan400"
	mkdir -p "$work/scan400"
	for f in $(ls "$corpus"/tapuscorpus-fr/*/*.jpg 2>/dev/null | head -n 6); do
		b=$(basename "$(dirname "$f")" | cut -c1-24)-$(basename "$f")
		convert "$f" -resize 133.333% -density 400 -units PixelsPerInch \
		    -quality 92 "$work/scan400/$b" &&
		    add scan400 "$work/scan400/$b" "$b" "${f%.jpg}.gt.txt" fra
	done
fi
if want scanpdf && command -v python3 >/dev/null; then
	setlist="$setlist scanpdf"
	mkdir -p "$work/scanpdf" "$work/barein/scanpdf"
	for f in $(ls "$corpus"/tapuscorpus-fr/*/*.jpg 2>/dev/null | head -n 6); do
		b=$(basename "$(dirname "$f")" | cut -c1-24)-$(basename "$f" .jpg).pdf
		python3 tests/tools/scanpdf.py "$work/scanpdf/$b" "$f" &&
		    cp "$f" "$work/barein/scanpdf/$b" &&
		    add scanpdf "$work/scanpdf/$b" "$b" "${f%.jpg}.gt.txt" fra
	done
fi
if want bw600 && command -v convert >/dev/null; then
	setlist="$setlist bw600"
	mkdir -p "$work/bw600"
	for f in $(ls "$corpus"/tapuscorpus-fr/*/*.jpg 2>/dev/null | head -n 6); do
		b=$(basename "$(dirname "$f")" | cut -c1-24)-$(basename "$f" .jpg).tif
		convert "$f" -colorspace Gray -resize 200% -threshold 55% \
		    -density 600 -units PixelsPerInch -compress Group4 \
		    "$work/bw600/$b" &&
		    add bw600 "$work/bw600/$b" "$b" "${f%.jpg}.gt.txt" fra
	done
fi
# derive SET EXT [CONVERT-OPTIONS]: the first 6 tapuscorpus pages ($from,
# else those) made another kind of scan by ImageMagick (the options
# between the page read and the file written), each a page of SET, with
# its truth
from=
derive() {
	local set=$1 ext=$2 f b
	shift 2
	want "$set" && command -v convert >/dev/null || return 0
	setlist="$setlist $set"
	mkdir -p "$work/$set"
	for f in ${from:-$(ls "$corpus"/tapuscorpus-fr/*/*.jpg 2>/dev/null | head -n 6)}; do
		b=$(basename "$(dirname "$f")" | cut -c1-24)-$(basename "$f" .jpg).$ext
		convert "$f" "$@" "$work/$set/$b" &&
		    add "$set" "$work/$set/$b" "$b" "${f%.jpg}.gt.txt" fra
	done
}
derive scan150 jpg -resize 50% -density 150 -units PixelsPerInch -quality 85
derive scan600 jpg -resize 200% -density 600 -units PixelsPerInch -quality 90
derive greypng png -colorspace Gray -density 300 -units PixelsPerInch
derive tinted jpg -fill '#f5c6d0' -colorize 35% -quality 85
derive jpeg30 jpg -quality 30
derive pale jpg -colorspace Gray +level 45%,90% -quality 90
derive turned jpg -rotate 90 -quality 90
derive upside jpg -rotate 180 -quality 90
derive shrunk jpg -resize 60% -density 300 -units PixelsPerInch -quality 85
derive edges jpg -bordercolor '#f0ede4' -border 1% -background '#1c1c1c' \
	-rotate 1.5 -gravity northwest -extent 108%x106% -quality 85
derive tilted jpg -background '#f4f1e8' -rotate 7 -quality 85
derive copied jpg -resize 50% -background white -gravity northwest \
	-splice 200x200 -extent 2480x3508 -density 300 -units PixelsPerInch \
	-quality 85
derive blue jpg -colorspace Gray +level-colors '#1a237e','#f6f3ea' -quality 85
derive noisy jpg -colorspace Gray +level 18%,82% -seed 1 -attenuate 0.6 \
	+noise Gaussian -quality 80
derive fax tif -colorspace Gray -resize 68%x33% -threshold 55% \
	-density 204x98 -units PixelsPerInch -compress Fax
derive scan100 jpg -resize 33.333% -density 100 -units PixelsPerInch -quality 85
derive scan200 jpg -resize 66.667% -density 200 -units PixelsPerInch -quality 85
derive bw200 tif -colorspace Gray -resize 66.667% -threshold 55% \
	-density 200 -units PixelsPerInch -compress Group4
derive keystone jpg -background '#5a4632' -virtual-pixel background \
	-distort Perspective '0,0 150,120  %[fx:w],0 %[fx:w-60],40  0,%[fx:h] 30,%[fx:h-20]  %[fx:w],%[fx:h] %[fx:w-10],%[fx:h-150]' \
	-quality 85
derive shadow jpg \( +clone -sparse-color Barycentric \
	'0,0 gray(35%) %[fx:w*0.6],%[fx:h] white' \) -compose multiply \
	-composite -quality 85
derive stamp jpg \( -size 1300x420 xc:none -fill none \
	-stroke 'rgb(190,35,45)' -strokewidth 10 \
	-draw 'roundrectangle 8,8 1290,410 30,30' -stroke none \
	-fill 'rgb(190,35,45)' -font DejaVu-Sans-Bold -pointsize 110 \
	-draw "text 60,170 'RECU LE'" -draw "text 60,330 '12 MARS 2026'" \
	-rotate -8 \) -geometry +900+1500 -compose multiply -composite \
	-quality 85
derive highlight jpg \( +clone -fill white -colorize 100 \
	-fill 'rgb(255,236,40)' -draw 'rectangle 500,1150 2000,1270' \
	-draw 'rectangle 500,1500 1900,1620' \
	-draw 'rectangle 500,2100 2100,2220' \) -compose multiply -composite \
	-quality 85
derive markers jpg \( +clone -fill white -colorize 100 \
	-fill 'rgb(255,105,180)' -draw 'rectangle 500,1150 2000,1270' \
	-fill 'rgb(255,150,0)' -draw 'rectangle 500,1500 1900,1620' \
	-fill 'rgb(90,200,90)' -draw 'rectangle 500,2100 2100,2220' \) \
	-compose multiply -composite -quality 85
derive streak jpg -fill 'gray(30%)' -draw 'rectangle 960,0 962,4000' \
	-fill 'gray(55%)' -draw 'rectangle 1850,0 1850,4000' -quality 85
# the spread: up to 2 pages from each of the other books, of legible
# truth (no "~~~") of 400 bytes or more, 6 in all
from=$(for d in "$corpus"/tapuscorpus-fr/*/; do
	[ "$d" = "$(dirname "$(ls "$corpus"/tapuscorpus-fr/*/*.jpg | head -n 1)")/" ] &&
	    continue
	n=0
	for f in "$d"*.jpg; do
		t=${f%.jpg}.gt.txt
		[ -f "$t" ] && ! grep -q '~~~' "$t" &&
		    [ "$(wc -c <"$t")" -ge 400 ] || continue
		echo "$f"
		n=$((n + 1))
		[ $n = 2 ] && break
	done
done 2>/dev/null | head -n 6)
[ -n "$from" ] || from=/nonexistent
derive spread150 jpg -resize 50% -density 150 -units PixelsPerInch -quality 85
derive spread100 jpg -resize 33.333% -density 100 -units PixelsPerInch -quality 85
from=
# twoup: the same 6 pages two by two side by side, as an open booklet on a
# copier's glass or two sheets scanned at once; the truth the left page's,
# then the right's
if want twoup && command -v convert >/dev/null; then
	setlist="$setlist twoup"
	mkdir -p "$work/twoup"
	two=($(ls "$corpus"/tapuscorpus-fr/*/*.jpg 2>/dev/null | head -n 6))
	for ((i = 0; i + 1 < ${#two[@]}; i += 2)); do
		b=$(basename "${two[i]}" .jpg)+$(basename "${two[i + 1]}" .jpg).jpg
		fold=$(identify -format %w "${two[i]}") || continue
		convert "${two[i]}" "${two[i + 1]}" +append \
		    \( +clone -fill white -colorize 100 -fill 'gray(20%)' \
		    -draw "rectangle $((fold - 48)),0 $((fold + 48)),9999" \
		    -blur 0x60 \) -compose multiply -composite -quality 85 \
		    "$work/twoup/$b" &&
		    cat "${two[i]%.jpg}.gt.txt" "${two[i + 1]%.jpg}.gt.txt" \
		    >"$work/twoup/$b.gt.txt" &&
		    add twoup "$work/twoup/$b" "$b" "$work/twoup/$b.gt.txt" fra
	done
fi
# letter SET CONVERT-ARGS...: set SET, the camera letter made smaller by
# ImageMagick's CONVERT-ARGS, saved at JPEG quality 85
letter() {
	local set=$1
	shift
	want "$set" && command -v convert >/dev/null &&
	    [ -f "$corpus/field/docspell/camera/letter-en.jpg" ] || return 0
	setlist="$setlist $set"
	mkdir -p "$work/$set"
	convert "$corpus/field/docspell/camera/letter-en.jpg" "$@" \
	    -quality 85 "$work/$set/letter-en.jpg" || return 0
	add "$set" "$work/$set/letter-en.jpg" letter-en.jpg \
	    "$corpus/field/docspell/letter-en.txt" eng
}
letter camera3 -resize 33.333%
letter camera480 -resize x480 -strip
if want funsd62 && command -v convert >/dev/null; then
	setlist="$setlist funsd62"
	mkdir -p "$work/funsd62"
	for f in "$fd"/images/*.png; do
		b=$(basename "$f" .png)
		[ -f "$f" ] && funsd_truth "$b" || continue
		convert "$f" -resize 70% -strip "$work/funsd62/$b.png" &&
		    add funsd62 "$work/funsd62/$b.png" "$b.png" \
		    "$work/gt/$b.txt" eng
	done
fi
sets=
for s in $setlist; do [ -n "${count[$s]:-}" ] && sets="$sets $s"; done
[ -n "$sets" ] || { echo "quality-bench: no set to run (corpus in '$corpus'?)" >&2; exit 2; }

# ---- dossier: the whole chain ----------------------------------------------
# dossier.tsv: set, file, source page, blank, lang, text file
res=$work/dossier.tsv times=$work/times.tsv
: >"$res"
: >"$times"
stage() {	# stage SET NAME CMD...: CMD timed into $work/time.SET
	local s=$1 n=$2
	shift 2
	/usr/bin/time -a -o "$work/time.$s" -f "$n %e %U %S %M" "$@"
}
# chain SET RUN: the set through the chain, its times a line of $times; the
# first run's text into $res
chain() {
	local set=$1 run=$2 np=${count[$1]} t0 t1 st q a
	note "quality-bench: $set: $np pages through the chain${3:+ (run $run)}"
	export DOSSIER_SPOOL=$work/spool.$set.$run DOSSIER_ARCHIVE=$work/$set.$run.db
	# the archive exists before the batch, as an office's does: its
	# schema made (some 45 ms, once) is no page's cost
	"$bin/dossier-load" </dev/null 2>>"$work/err.$set"
	: >"$work/time.$set"
	t0=$(date +%s%N)
	set +e
	stage "$set" ingest "$bin/dossier-ingest" -w 0 -b "qb-$set" "$work/in/$set" 2>"$work/err.$set" |
	    stage "$set" deskew "$bin/dossier-deskew" 2>>"$work/err.$set" |
	    stage "$set" ocr "$bin/dossier-ocr" -j "$jobs" 2>>"$work/err.$set" |
	    stage "$set" classify "$bin/dossier-classify" 2>>"$work/err.$set" |
	    stage "$set" tag "$bin/dossier-tag" 2>>"$work/err.$set" |
	    stage "$set" load "$bin/dossier-load" >/dev/null 2>>"$work/err.$set"
	st="${PIPESTATUS[*]}"
	set -e
	t1=$(date +%s%N)
	mkdir -p "$work/text.$set"
	if [ "$run" = 1 ] && [ -f "$DOSSIER_ARCHIVE" ]; then
		sqlite3 -separator '	' "$DOSSIER_ARCHIVE" "
		    SELECT d.source_file, p.source_page, p.blank, coalesce(nullif(p.lang, ''), '-'),
		      writefile('$work/text.$set/' || p.id || '.txt', coalesce(p.text, '')) * 0 + p.id
		    FROM page p JOIN document d ON d.id = p.document_id" |
		    awk -F'\t' -v set="$set" -v dir="$work/text.$set" '{
			n = split($1, a, "/")
			print set "\t" a[n] "\t" $2 "\t" $3 "\t" $4 "\t" dir "/" $5 ".txt"
		    }' >>"$res"
		# the archived images: their bytes, and the pages kept grey
		sqlite3 -separator '	' "$DOSSIER_ARCHIVE" "
		    SELECT '$set', 'images', count(*), coalesce(sum(image_type = 'png'), 0),
		      coalesce(sum(length(image)), 0) FROM page" >>"$times"
	fi
	q=$(find "$DOSSIER_SPOOL/quarantine" -name error 2>/dev/null | wc -l)
	[ "$q" -gt 0 ] && note "quality-bench: $set: $q jobs quarantined: $(cat "$DOSSIER_SPOOL"/quarantine/*/error | grep reason= | sort | uniq -c | head -5)"
	# pages missing: the stages' exit status and what they said
	a=$(awk -F'\t' -v s="$set" '$1 == s' "$res" | wc -l)
	[ "$run" = 1 ] && [ "$a" -lt "$np" ] && note "quality-bench: $set: $a of $np pages archived; exit status of the stages: $st; they said:" &&
	    sed -n '1,12p' "$work/err.$set" >&2
	awk -v set="$set" -v ms=$(((t1 - t0) / 1000000)) -v np="$np" '
		{ cpu[$1] += $3 + $4; if ($5 > rss[$1]) rss[$1] = $5 }
		END {
			for (s in cpu) if (s != "ocr") other += cpu[s]
			printf "%s\tchain\t%d\t%d\t%.2f\t%.2f\t%.2f\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\n", set, ms, np,
			    cpu["ocr"], other, cpu["deskew"], rss["deskew"], rss["ocr"],
			    cpu["ingest"], cpu["classify"], cpu["tag"], cpu["load"]
		}' "$work/time.$set" >>"$times"
	# a later run's spool and archive are of no more use
	[ "$run" = 1 ] || rm -rf "$DOSSIER_SPOOL" "$DOSSIER_ARCHIVE"*
}

# ---- bare tesseract ----------------------------------------------------------
mkdir "$work/bare"
# bare1 SET FILE LANG: its CPU time appended to $work/bcpu.SET; FILE as
# the chain reads it, or what bare tesseract reads in its place (a scanner's
# PDF: the JPEG it holds) in $work/barein/SET
bare1() {
	local src=$work/in/$1/$2
	[ -f "$work/barein/$1/$2" ] && src=$work/barein/$1/$2
	/usr/bin/time -a -o "$work/bcpu.$1" -f "%U %S" \
	    tesseract "$src" - -l "${3%%,*}" >"$work/bare/$1.$2.txt" 2>/dev/null ||
	    : >"$work/bare/$1.$2.txt"
}
export -f bare1
export work
# bare SET RUN: the set through bare tesseract, its times a line of $times
bare() {
	local set=$1 run=$2 t0 t1
	note "quality-bench: $set: ${count[$set]} pages through bare tesseract${3:+ (run $run)}"
	: >"$work/bcpu.$set"
	t0=$(date +%s%N)
	awk -F'\t' -v s="$set" '$1 == s { print $1 "\t" $2 "\t" $4 }' "$pages" |
	    xargs -d '\n' -P "$jobs" -n 1 bash -c \
	    'IFS="	" read -r a b c <<<"$1"; bare1 "$a" "$b" "$c"' _
	t1=$(date +%s%N)
	printf '%s\tbare\t%d\t%d\t%.2f\n' "$set" $(((t1 - t0) / 1000000)) "${count[$set]}" \
	    "$(awk '{ c += $1 + $2 } END { print c + 0 }' "$work/bcpu.$set" 2>/dev/null || echo 0)" >>"$times"
}

# the chain and bare tesseract in turn, so that a run of each meets the
# same load of the machine
many=
[ "$runs" -gt 1 ] && many=1
for set in $sets; do
	for run in $(seq "$runs"); do
		chain "$set" "$run" $many
		bare "$set" "$run" $many
	done
done

# ---- scores ----------------------------------------------------------------
# scores.tsv: set file lang_truth edits_d edits_b len tp_d n_d tp_b n_b
#	truth_words alnum_d alnum_b page_lang blank alnum_truth
# wordbag FILE: the words of FILE, one a line (edge punctuation off, case
# folded), sorted
wordbag() {
	tr -s ' \t\r\f\v' '\n\n\n\n\n' <"$1" | sed -e 's/^[[:punct:]]*//' -e 's/[[:punct:]]*$//' |
	    tr 'A-Z' 'a-z' | grep -v '^$' | sort || true
}
common() {	# common BAG BAG: words in both, as multisets
	comm -12 "$1" "$2" | wc -l
}
alnum() { tr -cd 'A-Za-z0-9\200-\377' <"$1" | wc -c; }
scores=$work/scores.tsv
: >"$scores"
: >"$work/empty.txt"
while IFS='	' read -r set file gt lang; do
	row=$(awk -F'\t' -v s="$set" -v f="$file" '$1 == s && $2 == f && $3 == 1' "$res" | head -n 1)
	if [ -n "$row" ]; then
		IFS='	' read -r _ _ _ blank plang dtext <<<"$row"
	else
		blank=- plang= dtext=$work/empty.txt
	fi
	btext=$work/bare/$set.$file.txt
	[ -f "$btext" ] || btext=$work/empty.txt
	read -r ed len < <("$work/cer" "$gt" "$dtext")
	read -r eb _ < <("$work/cer" "$gt" "$btext")
	wordbag "$gt" >"$work/w.t"
	wordbag "$dtext" >"$work/w.d"
	wordbag "$btext" >"$work/w.b"
	printf '%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%d\n' \
	    "$set" "$file" "$lang" "$ed" "$eb" "$len" \
	    "$(common "$work/w.t" "$work/w.d")" "$(wc -l <"$work/w.d")" \
	    "$(common "$work/w.t" "$work/w.b")" "$(wc -l <"$work/w.b")" \
	    "$(wc -l <"$work/w.t")" "$(alnum "$dtext")" "$(alnum "$btext")" \
	    "${plang:--}" "$blank" "$(alnum "$gt")" >>"$scores"
done <"$pages"

awk -F'\t' -v verbose="$verbose" -v sets="$sets" -v runs="$runs" '
function f1(tp, n, m) { return (n + m) ? 2 * tp / (n + m) : 1 }
function langok(got, want,   a, i, k) {
	sub(/[+,].*/, "", got)
	k = split(want, a, ",")
	for (i = 1; i <= k; i++)
		if (got == a[i] || (a[i] == "fra" && got == "fr") ||
		    (a[i] == "eng" && got == "en") || (a[i] == "nld" && got == "nl") ||
		    (a[i] == "deu" && got == "de"))
			return 1
	return 0
}
# med(A, S, N): the median of A[S, 1..N]
function med(A, s, n,   i, j, t, x) {
	for (i = 1; i <= n; i++) {
		x[i] = A[s, i]
		for (j = i; j > 1 && x[j - 1] > x[j]; j--) { t = x[j]; x[j] = x[j - 1]; x[j - 1] = t }
	}
	return n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
}
FILENAME ~ /times.tsv$/ {
	if ($2 == "images") { ipages[$1] = $3; igrey[$1] = $4; ibytes[$1] = $5; next }
	if ($2 == "chain") {
		k = ++nc[$1]; Cms[$1, k] = $3; Co[$1, k] = $5; Cx[$1, k] = $6; Cd[$1, k] = $7
		Ci[$1, k] = $10; Cc[$1, k] = $11; Ct[$1, k] = $12; Cl[$1, k] = $13
		if ($8 > drss[$1]) drss[$1] = $8
	} else { k = ++nbr[$1]; Bms[$1, k] = $3; Bc[$1, k] = $5 }
	next
}
{
	s = $1; n[s]++
	ed[s] += $4; eb[s] += $5; len[s] += $6
	tpd[s] += $7; nd[s] += $8; tpb[s] += $9; nb[s] += $10; nt[s] += $11
	if ($12 < 5 && $13 >= 20) { er[s]++; erl[s] = erl[s] " " $2 }
	if ($12 >= 20 && $16 >= 100) { wt[s]++; if (langok($14, $3)) lok[s]++ }
	if ($15 == 1) bl[s]++
	if ($15 == "-") lost[s] = lost[s] " " $2
	pd = $6 ? $4 / $6 : 0; pb = $6 ? $5 / $6 : 0
	if (pd > pb + 0.01) { worse[s]++; wl[s] = wl[s] sprintf("    %s %s: CER %.3f vs %.3f\n", s, $2, pd, pb) }
	if (verbose)
		vl = vl sprintf("  %-11s %-44s CER %6.3f %6.3f  F1 %5.3f %5.3f  lang %s%s\n", s, substr($2, 1, 44),
		    pd, pb, f1($7, $8, $11), f1($9, $10, $11), $14, $15 == 1 ? " blank" : "")
}
END {
	# each time the median of the runs (-r)
	for (s in nc) {
		cms[s] = med(Cms, s, nc[s]); ocpu[s] = med(Co, s, nc[s])
		xcpu[s] = med(Cx, s, nc[s]); dcpu[s] = med(Cd, s, nc[s])
		icpu[s] = med(Ci, s, nc[s]); ccpu[s] = med(Cc, s, nc[s])
		tcpu[s] = med(Ct, s, nc[s]); lcpu[s] = med(Cl, s, nc[s])
	}
	for (s in nbr) { bms[s] = med(Bms, s, nbr[s]); bcpu[s] = med(Bc, s, nbr[s]) }
	printf "\n== quality bench: dossier (whole chain) vs bare tesseract, same pages ==\n"
	if (runs > 1) printf "(times: the median of %d runs of each set)\n", runs
	printf "%-11s %5s  %-15s  %-13s  %6s  %-9s  %-19s  %5s  %-15s  %5s  %6s\n", "set", "pages",
	    "CER dos / bare", "F1 dos / bare", "erased", "lang ok", "pages/s dos / bare", "ratio",
	    "CPU s/p dos/bare", "ratio", "cost"
	ns = split(sets, S, " ")
	for (i = 1; i <= ns; i++) {
		s = S[i]; if (!n[s]) continue
		cd = len[s] ? ed[s] / len[s] : 0; cb = len[s] ? eb[s] / len[s] : 0
		ps_d = cms[s] ? n[s] * 1000 / cms[s] : 0; ps_b = bms[s] ? n[s] * 1000 / bms[s] : 0
		cost = ocpu[s] ? 100 * xcpu[s] / ocpu[s] : 0
		# CPU: every stage of the chain against bare tesseract, per page;
		# the ratio is bare / chain (as pages/s: >= 1.0 is the target),
		# and does not depend on what else the machine runs
		cpd = (ocpu[s] + xcpu[s]) / n[s]; cpb = bcpu[s] / n[s]
		printf "%-11s %5d  %6.4f / %6.4f  %5.3f / %5.3f  %6d  %4d/%-4d  %7.3f / %7.3f  %4.2fx  %6.2f / %6.2f  %4.2fx  %5.1f%%\n",
		    s, n[s], cd, cb, f1(tpd[s], nd[s], nt[s]), f1(tpb[s], nb[s], nt[s]), er[s],
		    lok[s], wt[s], ps_d, ps_b, ps_b ? ps_d / ps_b : 0, cpd, cpb,
		    cpd ? cpb / cpd : 0, cost
		if (cpd && cpb < cpd) cpum = cpum " " s
		if (cd > cb) cm = cm " " s
		if (er[s]) em = em " " s
		if (wt[s] && lok[s] < 0.98 * wt[s]) lm = lm " " s
		if (ps_b && ps_d < ps_b) sm = sm " " s
		if (cost > 10) km = km " " s
		# the OCR stage alone against bare tesseract: unless it takes
		# under 1/1.1 of the CPU of bare tesseract, a cleanup of 10% of it leaves
		# the chain under 1.0x
		tail = tail sprintf("  %s: OCR stage alone %.2fx (bare CPU / its CPU); the other stages %.1f%% of bare CPU; deskew %.1f%% of OCR CPU (%.2f s/page), peak RSS deskew %d MB; %d blank%s%s\n",
		    s, ocpu[s] ? bcpu[s] / ocpu[s] : 0, bcpu[s] ? 100 * xcpu[s] / bcpu[s] : 0,
		    ocpu[s] ? 100 * dcpu[s] / ocpu[s] : 0, dcpu[s] / n[s], drss[s] / 1024, bl[s],
		    er[s] ? "; erased:" erl[s] : "", lost[s] ? "; not archived:" lost[s] : "")
		tail = tail sprintf("    CPU s/page of each stage: ingest %.3f, deskew %.3f, OCR %.3f, classify %.3f, tag %.3f, load %.3f\n",
		    icpu[s] / n[s], dcpu[s] / n[s], ocpu[s] / n[s], ccpu[s] / n[s], tcpu[s] / n[s], lcpu[s] / n[s])
		if (ipages[s])
			tail = tail sprintf("    archived images: %.0f KB/page; %d of %d pages kept grey (PNG)\n",
			    ibytes[s] / ipages[s] / 1024, igrey[s], ipages[s])
	}
	printf "(CER: lower is better; F1: words in any order; erased: dossier no text, bare some;\n"
	printf " lang ok: page.lang right / pages with text (truth >= 100 letters); cost: CPU of all stages but OCR / OCR CPU)\n"
	printf "%s", tail
	printf "pages worse than bare tesseract (CER by over 0.01):\n"
	for (i = 1; i <= ns; i++) if (worse[S[i]]) printf "%s", wl[S[i]]
	if (verbose) printf "per page (CER dossier bare, F1 dossier bare):\n%s", vl
	printf "\ntargets: CER <= bare %s; 0 pages erased %s; language >= 98%% %s; chain >= 1.0x bare %s (wall), %s (CPU); cost <= 10%% %s\n",
	    cm == "" ? "MET" : "MISSED (" cm " )", em == "" ? "MET" : "MISSED (" em " )",
	    lm == "" ? "MET" : "MISSED (" lm " )", sm == "" ? "MET" : "MISSED (" sm " )",
	    cpum == "" ? "MET" : "MISSED (" cpum " )", km == "" ? "MET" : "MISSED (" km " )"
}' "$times" "$scores"
