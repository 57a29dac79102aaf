#!/bin/bash
# t2320-deskew-bilevel-dpi: a bilevel page whose DPI tag says it finer
# than its text does is taken at the text's resolution (leptonica's
# witten.tif, 300 dpi tagged 1200, was read at a quarter of its size); a
# true tag stays, and so does the tag of a page that lies on its side
# (its words' lengths would say a resolution too high)
. "$(dirname "$0")/lib.sh"

# key FILE NAME: page 1's NAME in FILE's job meta
key() {
	sed -n "s/^page\.1\.$2=//p" \
	    "$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/*/new/*/meta)"
}
# text FILE: page 1's text after OCR
text() {
	m=$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	cat "$(dirname "$m")/$(sed -n 's/^page\.1\.text=//p' "$m")"
}

mkdir in
# a page of twelve lines of 11 point text at 300 dpi, bilevel
lines=
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	lines="$lines
Line $i: the public centre for social welfare examines the household file."
done
convert -size 2480x3508 xc:white -font DejaVu-Sans -pointsize 11 \
	-density 300 -fill black -annotate +200+300 "$lines" \
	-monochrome -compress Group4 -units PixelsPerInch -density 300 \
	in/true300.tif
convert in/true300.tif -units PixelsPerInch -density 1200 in/tag1200.tif
convert in/true300.tif -rotate 90 -units PixelsPerInch -density 300 \
	in/side300.tif
WITTEN=$CORPUS/leptonica-prog/witten.tif
test -f "$WITTEN" && cp "$WITTEN" in/

test_expect_success 'ingest and deskew the pages' '
	dossier-ingest -w 0 in >ids &&
	dossier-deskew <ids >ids2 &&
	test $(wc -l <ids2) = $(ls in | wc -l)
'

test_expect_success 'a true tag stays, the text measured' '
	test "$(key true300.tif dpi)" = 300 &&
	est=$(key true300.tif dpi_estimate) &&
	test "$est" -ge 200 && test "$est" -le 400
'

test_expect_success 'a tag four times too fine gives way to the text' '
	test "$(key tag1200.tif dpi_source)" = 1200 &&
	dpi=$(key tag1200.tif dpi) &&
	test "$dpi" = "$(key tag1200.tif dpi_estimate)" &&
	test "$dpi" -ge 200 && test "$dpi" -le 400
'

test_expect_success 'a page on its side keeps its true tag' '
	test "$(key side300.tif dpi)" = 300
'

test_expect_success 'OCR reads the page tagged too fine' '
	dossier-ocr <ids2 >ids3 &&
	text tag1200.tif >got &&
	test $(grep -c "household file" got) -ge 10
'

if test -f in/witten.tif; then
test_expect_success 'witten.tif: read at 300 dpi, its columns read' '
	test "$(key witten.tif dpi)" = 300 &&
	text witten.tif >got &&
	grep -q "Feynman diagrams" got &&
	test $(tr -cd "[:alnum:]" <got | wc -c) -ge 3500
'
else
	test_skip 'the corpus leptonica-prog is absent'
fi

test_done
