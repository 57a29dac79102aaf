#!/bin/bash
# t2310-deskew-field: real pages of the field corpus: a sideways photo does
# not turn an upright page, a skewed black-and-white page is straightened,
# a scanned blank sheet with marks at its edges is blank, but not a page
# whose one line of text is near its edge; the same sheets with two black
# punch holes (a scanner's dark backing seen through them) likewise, the
# holes left out of the split of a page with too little text for its own
# (the whole page's split fell between them and the paper, lost the
# sheet's pale marks, and kept it grey, not blank); a 100 dpi form with no
# DPI tag is measured by its text and rescaled, the same form at 62 dpi
# too (its text found on the page scaled up), a page whose tag makes it
# a sheet of Letter is not; a speckled fax of a blank
# sheet is blank, its speckle not taken for text of a low resolution
. "$(dirname "$0")/lib.sh"

N=$CORPUS/field/naps2
F=$CORPUS/field/funsd-lowdpi/images
if [ ! -f "$N/word_p2.jpg" ] || [ ! -f "$N/skewed_bw.png" ] ||
    [ ! -f "$N/blank1.jpg" ] || [ ! -f "$F/82092117.png" ] ||
    [ ! -f "$F/82253245_3247.png" ]; then
	test_skip 'the field corpus (naps2, funsd-lowdpi) is absent'
	test_done
fi
# key FILE NAME: page 1's NAME in FILE's job meta (after deskew)
key() {
	sed -n "s/^page\.1\.$2=//p" \
	    "$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/ocr/new/*/meta)"
}
cmp_num() {
	awk "BEGIN { exit !(($1) $2 ($3)) }"
}
M=$CORPUS/field/paperless-ngx/mail/first.pdf
mkdir in
cp "$N/word_p1.jpg" "$N/word_p2.jpg" "$N/skewed_bw.png" "$N/skewed.jpg" "$N/blank1.jpg" \
    "$N/blank2.jpg" "$N/notblank.jpg" "$F/82092117.png" in/
# two holes of 6 mm, 12 mm from the left edge, a quarter from each end
for f in blank1 notblank; do
	convert "$N/$f.jpg" -fill black -draw 'circle 140,825 140,860' \
	    -draw 'circle 140,2475 140,2510' -quality 90 in/$f-holes.jpg
done
# the same sheets sent by fax: black and white at 200 dpi, speckled
for f in blank2 notblank; do
	convert "$N/$f.jpg" -threshold 60% -seed 7 -attenuate 0.05 \
	    +noise Impulse -threshold 50% -type bilevel -density 200 \
	    -units PixelsPerInch -compress Group4 in/$f-speck.tif
done
# the form at 70% of its size, 62 dpi: letters 4 to 6 pixels tall
convert "$F/82253245_3247.png" -resize 70% in/form62.png
n=13
if [ -f "$M" ]; then
	cp "$M" in/
	n=14
fi

test_expect_success 'ingest and deskew the pages' '
	dossier-ingest -w 0 in >ids &&
	dossier-deskew <ids >ids2 &&
	test $(wc -l <ids2) = $n
'

test_expect_success 'an upright page with a sideways photo is not turned' '
	test "$(key word_p2.jpg orientation)" = 0
'

test_expect_success 'a skewed black-and-white page: upright, 16 degrees, as in colour' '
	test "$(key skewed_bw.png orientation)" = 0 &&
	test "$(key skewed.jpg orientation)" = 0 &&
	cmp_num "$(key skewed_bw.png skew_deg)" ">" 15.5 &&
	cmp_num "$(key skewed_bw.png skew_deg)" "<" 16.5 &&
	cmp_num "$(key skewed.jpg skew_deg)" ">" 15.5
'

test_expect_success 'scanned blank sheets are blank, a nearly blank one is not' '
	test "$(key blank1.jpg blank)" = 1 &&
	test "$(key blank2.jpg blank)" = 1 &&
	test "$(key notblank.jpg blank)" = 0
'

test_expect_success 'with black punch holes: the blank sheet is blank, the nearly blank one not' '
	test "$(key blank1-holes.jpg holes)" = 2 &&
	test "$(key blank1-holes.jpg blank)" = 1 &&
	test "$(key notblank-holes.jpg holes)" = 2 &&
	test "$(key notblank-holes.jpg blank)" = 0
'

# its speckle clustered into "text" of 70 dpi: the page was scaled 3
# times, to 75 million pixels, and OCR ran for over 17 minutes on it
test_expect_success 'a speckled fax of a blank sheet is blank, not scaled; with a line, not blank' '
	test "$(key blank2-speck.tif blank)" = 1 &&
	test "$(key blank2-speck.tif scale)" = 1.000 &&
	test "$(key blank2-speck.tif dpi)" = 200 &&
	test "$(key notblank-speck.tif blank)" = 0 &&
	test "$(key notblank-speck.tif scale)" = 1.000
'

if [ $n = 14 ]; then
	test_expect_success 'a page whose one line of text is near its top edge is not blank' '
		test "$(key first.pdf blank)" = 0
	'
else
	test_skip 'paperless-ngx mail/first.pdf absent'
fi

# a Letter page at 300 dpi in large type: its text says 140 dpi, but the
# file's 300 makes the page a sheet of Letter (it was scaled twice, to 34
# million pixels, for OCR)
test_expect_success 'a page the size of a sheet by its tag is not rescaled by its text' '
	test "$(key word_p1.jpg dpi_estimate)" -lt 150 &&
	test "$(key word_p1.jpg scale)" = 1.000 &&
	test "$(key word_p1.jpg dpi)" = 300
'

test_expect_success 'a 100 dpi form without a tag: estimated, scaled up by a whole factor' '
	est=$(key 82092117.png dpi_estimate) &&
	test "$est" -ge 80 && test "$est" -le 140 &&
	test "$(key 82092117.png scale)" = 2.000 &&
	test "$(key 82092117.png dpi)" = $((est * 2)) &&
	test "$(key 82092117.png width)" = 1508
'

# its text not found as it is (29 spots, too few: the page was read at
# 300 dpi as it came, 27 characters of its 1,307)
test_expect_success 'a 62 dpi form without a tag: estimated on the page scaled up, scaled 3 times' '
	test "$(identify -format %w in/form62.png)" = 528 &&
	test "$(key form62.png dpi_assumed)" = 1 &&
	est=$(key form62.png dpi_estimate) &&
	test "$est" -ge 50 && test "$est" -le 90 &&
	test "$(key form62.png scale)" = 3.000 &&
	test "$(key form62.png dpi)" = $((est * 3)) &&
	test "$(key form62.png width)" = 1584
'

test_done
