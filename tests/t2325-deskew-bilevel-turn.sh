#!/bin/bash
# t2325-deskew-bilevel-turn: a skewed black-and-white scan at 200 dpi is
# straightened without breaking its strokes: turned by sampling as it was,
# a typescript's strokes of two or three pixels stepped a whole pixel at
# each seam of the turn and broke (the page's marks 18% more than the same
# page scanned straight, and 46 such pages read at CER 0.289 where bare
# tesseract reads 0.249); turned at twice its resolution and halved, the
# marks are those of the page scanned straight, within a few
. "$(dirname "$0")/lib.sh"

P=$CORPUS/tapuscorpus-fr/AN-96AP_1-dossier_1-pieces_1_a_202-debut-du-journal-dactylographie/FRAN_0150_0003_L-medium.jpg
if [ ! -f "$P" ]; then
	test_skip 'the tapuscorpus page FRAN_0150_0003 is absent'
	test_done
fi
# marks FILE: the black 8-connected marks of the bilevel page FILE
marks() {
	convert "$1" -define connected-components:verbose=true \
	    -connected-components 8 null: | grep -c ' gray(0)$'
}

mkdir in
# the typescript page as an office scanner's black and white at 200 dpi,
# scanned straight and scanned 1.5 degrees askew
convert "$P" -colorspace Gray -resize 66.667% -threshold 55% \
    -density 200 -units PixelsPerInch -compress Group4 straight.tif
convert "$P" -colorspace Gray -resize 66.667% -background white \
    -rotate 1.5 +repage -threshold 55% -density 200 -units PixelsPerInch \
    -compress Group4 in/skewed.tif

test_expect_success 'ingest and deskew the skewed page' '
	dossier-ingest -w 0 in >ids && dossier-deskew <ids >ids2 &&
	test $(wc -l <ids2) = 1
'

m=$(ls "$DOSSIER_SPOOL"/ocr/new/*/meta 2>/dev/null | head -n 1)
test_expect_success 'it is found skewed, turned, and kept bilevel at 200 dpi' '
	skew=$(sed -n "s/^page\.1\.skew_deg=//p" "$m") &&
	awk "BEGIN { exit !($skew > 1.0 && $skew < 2.0) }" &&
	test "$(sed -n "s/^page\.1\.image_type=//p" "$m")" = tiff-g4 &&
	test "$(sed -n "s/^page\.1\.dpi=//p" "$m")" = 200
'

test_expect_success 'its strokes are whole: as many marks as scanned straight, within 8%' '
	a=$(marks straight.tif) &&
	b=$(marks "$(dirname "$m")/$(sed -n "s/^page\.1\.image=//p" "$m")") &&
	echo "marks: $a scanned straight, $b turned" &&
	test "$b" -le $((a * 108 / 100)) && test "$b" -ge $((a * 92 / 100))
'

test_done
