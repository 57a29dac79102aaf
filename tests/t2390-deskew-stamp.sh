#!/bin/bash
# t2390-deskew-stamp: a stamp turned at an angle ("reçu le", in red ink,
# its letters three times the text's and its frame) on a short letter
# made the page's skew the stamp's: the letter was archived turned by it.
# The skew of the text alone is taken where marks far taller than its
# letters hold much of the ink and the two skews differ.  On a title page
# of two lines in capitals, the stamp's letters are under three times
# the text's: twice is the bound.
# asan: yes
. "$(dirname "$0")/lib.sh"

mkdir in
lines=
for i in 1 2 3 4 5 6; do
	lines="$lines
Ligne $i: le centre public d action sociale a bien recu votre demande."
done
# stamp ANGLE TURN OUT [PAGE]: the red stamp turned ANGLE degrees, over
# the blank lower half of PAGE (letter.png) turned TURN degrees,
# multiplied as ink is
stamp() {
	convert -size 2480x3508 xc:white -fill none -stroke '#c82828' \
		-strokewidth 16 -draw 'roundrectangle 600,1950 2000,2550 40,40' \
		-stroke none -fill '#c82828' -font DejaVu-Sans-Bold \
		-pointsize 34 -density 300 -annotate +700+2200 'CPAS - RECU LE' \
		-annotate +800+2430 '12 MARS 2024' -distort SRT "$1" stamp.png &&
	convert "${4:-letter.png}" -rotate "$2" -gravity center \
		-crop 2480x3508+0+0 \
		+repage stamp.png -compose multiply -composite \
		-units PixelsPerInch -density 300 -quality 90 "$3"
}
convert -size 2480x3508 xc:'#f4f0e6' -font DejaVu-Serif -density 300 \
	-pointsize 10 -fill '#505050' -annotate +220+420 "$lines" letter.png
stamp 12 0 in/straight.jpg
stamp -9 -1.5 in/turned.jpg
stamp 0 0 in/level.jpg
# a typescript's title page: two lines of spaced capitals, 12 points
convert -size 2480x3508 xc:'#f4f0e6' -font DejaVu-Sans-Mono -density 300 \
	-pointsize 12 -fill '#383838' -annotate +700+500 'Franz  T O U S S A I N T' \
	-annotate +500+1000 'L E   J A R D I N   D E S   C A R E S S E S' title.png
stamp 12 0 in/title.jpg title.png
stamp 12 -1.5 in/title-turned.jpg title.png

test_expect_success 'ingest and deskew the letters' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >ids &&
	test $(wc -l <ids) = 5
'

# SPEC 8: skew_deg is the angle the scan is turned clockwise, as found
test_expect_success 'a straight letter under a stamp turned 12 degrees: straight' '
	s=$(page_key straight.jpg skew_deg) &&
	cmp_num "$s" ">" -0.3 && cmp_num "$s" "<" 0.3
'

test_expect_success 'a letter turned 1.5 degrees anticlockwise under a stamp at -9: its own skew' '
	s=$(page_key turned.jpg skew_deg) &&
	cmp_num "$s" ">" -1.8 && cmp_num "$s" "<" -1.2
'

test_expect_success 'a straight title page under a stamp turned 12 degrees: straight' '
	s=$(page_key title.jpg skew_deg) &&
	cmp_num "$s" ">" -0.3 && cmp_num "$s" "<" 0.3
'

test_expect_success 'a title page turned 1.5 degrees anticlockwise under a stamp at 12: its own skew' '
	s=$(page_key title-turned.jpg skew_deg) &&
	cmp_num "$s" ">" -1.8 && cmp_num "$s" "<" -1.2
'

test_expect_success 'a level stamp changes nothing' '
	s=$(page_key level.jpg skew_deg) &&
	cmp_num "$s" ">" -0.3 && cmp_num "$s" "<" 0.3
'

test_done
