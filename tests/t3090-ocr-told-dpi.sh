#!/bin/bash
# t3090-ocr-told-dpi: a real form (funsd 82253362) of some 100 dpi, scaled
# by 2 and tagged 600 dpi, a tag its text belies: deskew measures some 230
# dpi on its text and keeps that, not the tag, and OCR tells tesseract the
# resolution deskew measured (as for a page it scaled up), where left to
# measure it tesseract read the page's two footer lines and lost its
# header and its tables.
# asan: yes
. "$(dirname "$0")/lib.sh"
export DOSSIER_STRICT_KEYS=1

F=$CORPUS/field/funsd-lowdpi/images/82253362_3364.png
if [ ! -f "$F" ]; then
	test_skip 'the corpus (field/funsd-lowdpi) is absent'
	test_done
fi
mkdir in
convert "$F" -resize 200% -units PixelsPerInch -density 600 -quality 90 \
	in/form.jpg

dir() {
	dirname "$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta)"
}
key() {	# FILE KEY: page 1's KEY
	sed -n "s/^page\.1\.$2=//p" "$(dir "$1")/meta"
}

test_expect_success 'ingest, deskew and ocr the form' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr 2>log >ids && test $(wc -l <ids) = 1
'

test_expect_success 'deskew believes the text, not the tag' '
	test "$(key form.jpg dpi_source)" = 600 &&
	dpi=$(key form.jpg dpi) &&
	echo "resolution measured: $dpi" &&
	test "$dpi" -ge 150 && test "$dpi" -le 350 &&
	test "$(key form.jpg scale)" = 1.000
'

test_expect_success 'the header and the table are read' '
	t="$(dir form.jpg)/p0001.txt" &&
	grep "Sparrow" "$t" &&
	grep "McGinnis" "$t" &&
	test $(grep -c -E "Western Beverage|Valley Shamrock|Shopper Mart" "$t") -ge 2 &&
	n=$(tr -cd "[:alnum:]" <"$t" | wc -c) &&
	echo "letters and digits read: $n" &&
	test "$n" -ge 400
'

test_done
