#!/bin/bash
# t3080-ocr-forms: real forms (funsd) as an office may scan them, where
# OCR's own decisions once lost their text.
#
# half.png: funsd 82251504 at half its size, some 55 dpi and no tag, too
# coarse for deskew to tell its orientation, is upright; its text reads
# poorly (confidence about 55), so OCR tries it turned, and turned a
# quarter the one line printed sideways in its margin (the form's number,
# "82251504") reads with a high confidence.  That line is not the page's
# text: the page is not turned to it, its text is the form's.
#
# tag600.jpg: funsd 82253362, scaled by 2 and tagged 600 dpi, a tag its
# text belies: deskew measures some 230 dpi on its text and keeps that,
# and OCR tells tesseract the resolution deskew measured (as for a page it
# scaled up), where left to measure it tesseract read the page's two
# footer lines and lost its header and its tables.
# asan: yes
. "$(dirname "$0")/lib.sh"
export DOSSIER_STRICT_KEYS=1

D=$CORPUS/field/funsd-lowdpi/images
if [ ! -f "$D/82251504.png" ] || [ ! -f "$D/82253362_3364.png" ]; then
	test_skip 'the corpus (field/funsd-lowdpi) is absent'
	test_done
fi
mkdir in
convert "$D/82251504.png" -resize 50% -strip in/half.png
convert "$D/82253362_3364.png" -resize 200% -units PixelsPerInch \
	-density 600 -quality 90 in/tag600.jpg

dir() {
	dirname "$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta)"
}
key() {	# FILE KEY: page 1's KEY
	sed -n "s/^page\.1\.$2=//p" "$(dir "$1")/meta"
}
# letters FILE: the letters and digits of page 1's text
letters() {
	tr -cd "[:alnum:]" <"$(dir "$1")/p0001.txt" | wc -c
}

test_expect_success 'ingest, deskew and ocr the forms' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr -v 2>log >ids && test $(wc -l <ids) = 2
'

test_expect_success 'half: deskew could not tell its orientation' '
	test "$(key half.png orientation_uncertain)" = 1
'

test_expect_success 'half: not turned to the number in its margin' '
	test "$(key half.png orientation)" = 0 &&
	! grep "on its side: turned" log &&
	! grep "upside down: turned" log
'

test_expect_success 'half: its text is the form'"'"'s' '
	grep "Progress Report" "$(dir half.png)/p0001.txt" &&
	n=$(letters half.png) &&
	echo "letters and digits read: $n" &&
	test "$n" -ge 150
'

test_expect_success 'tag600: deskew believes the text, not the tag' '
	test "$(key tag600.jpg dpi_source)" = 600 &&
	dpi=$(key tag600.jpg dpi) &&
	echo "resolution measured: $dpi" &&
	test "$dpi" -ge 150 && test "$dpi" -le 350 &&
	test "$(key tag600.jpg scale)" = 1.000
'

test_expect_success 'tag600: its header and its table are read' '
	t="$(dir tag600.jpg)/p0001.txt" &&
	grep "Sparrow" "$t" &&
	grep "McGinnis" "$t" &&
	test $(grep -c -E "Western Beverage|Valley Shamrock|Shopper Mart" "$t") -ge 2 &&
	n=$(letters tag600.jpg) &&
	echo "letters and digits read: $n" &&
	test "$n" -ge 400
'

test_done
