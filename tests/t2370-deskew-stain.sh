#!/bin/bash
# t2370-deskew-stain: a stain of a mid grey over text (coffee, water) is
# made one solid black area by the binary page, and the text under it is
# erased: the page is kept grey, with the reason.  A black bar (a
# redaction) and a dark banner of white text are one grey under their
# black pixels, and stay binary.
# asan: yes
. "$(dirname "$0")/lib.sh"

mkdir in
lines=
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
	lines="$lines
Ligne $i: le centre public d action sociale examine le dossier du menage."
done
convert -size 2480x3508 xc:white -font DejaVu-Serif -density 300 \
	-pointsize 11 -fill black -annotate +200+400 "$lines" \
	-units PixelsPerInch -density 300 page.png
# a brown stain, about 130 of luminance at its middle, over the lines of
# a typescript of the corpus (its paper grey: the split by its text falls
# above the stain)
T=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k/32_80e8b_default.jpg
test -f "$T" &&
convert "$T" \( +clone -fill white -colorize 100 -fill '#a87a4a' \
	-draw 'ellipse 1200,1500 500,380 0,360' -blur 0x25 \) \
	-compose multiply -composite -quality 85 in/stained.jpg
# the sheet's dark edges (a binding's, a shadow's) inside the scan
F=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k/28_674fd_default.jpg
test -f "$F" && {
	convert "$F" -background '#f4f1e8' -rotate 7 -quality 85 in/turned.jpg &&
	# ... and one stained where the stain reaches the frame: one area
	# with it, a small share of the page's box
	convert "$F" \( +clone -fill white -colorize 100 -fill '#a87a4a' \
		-draw 'ellipse 2150,1500 500,380 0,360' -blur 0x25 \) \
		-compose multiply -composite -background '#f4f1e8' -rotate 7 \
		-quality 85 in/framed-stain.jpg &&
	convert -size 2480x3508 xc:white \( "$F" -resize 50% \) \
		-geometry +200+200 -composite -density 300 -units PixelsPerInch \
		-quality 85 in/small.jpg
}
# a black bar across the text, and a dark banner with white text on it
convert page.png -fill black -draw 'rectangle 600,700 1800,860' \
	-fill '#202020' -draw 'rectangle 200,1700 2280,1950' -fill white \
	-font DejaVu-Sans-Bold -pointsize 24 -annotate +300+1880 'AVIS IMPORTANT' \
	-quality 90 in/bars.jpg

test_expect_success 'ingest and deskew the pages' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >ids &&
	test $(wc -l <ids) = $(ls in | wc -l)
'

if test -f in/stained.jpg; then
test_expect_success 'the stained typescript is kept grey, and says why' '
	test "$(page_key stained.jpg binarisation)" = "grey kept (binary page lost text)" &&
	page_key stained.jpg cleanup_fallback | grep -q "stain over text"
'
else
	test_skip 'the corpus tapuscorpus-fr is absent'
fi

if test -f in/turned.jpg; then
test_expect_success 'a sheet framed by its own dark edges stays binary' '
	for f in turned.jpg small.jpg; do
		test "$(page_key $f image_type)" = tiff-g4 &&
		test -z "$(page_key $f cleanup_fallback)" || return 1
	done
'
test_expect_success '... but not when a stain over its text reaches the frame' '
	test "$(page_key framed-stain.jpg image_type)" = png &&
	page_key framed-stain.jpg cleanup_fallback | grep -q "stain over text"
'
else
	test_skip 'the corpus tapuscorpus-fr is absent'
fi

test_expect_success 'the black bar and the banner stay binary' '
	test "$(page_key bars.jpg image_type)" = tiff-g4 &&
	test -z "$(page_key bars.jpg cleanup_fallback)"
'

test_done
