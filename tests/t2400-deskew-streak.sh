#!/bin/bash
# t2400-deskew-streak: dirt on the glass of a document feeder draws a dark
# line down every page it scans.  Touching the top and bottom edges, the
# streak was cleared as a border, with every letter it crosses: the
# archived page lost a letter in each line ("ente dre"); kept grey as a
# "photo region" on another page; and the engine took it for a column's
# edge.  Now a line through the page is no border, the archive keeps it,
# and the page OCR reads is mended across it.
# asan: yes
. "$(dirname "$0")/lib.sh"

T=$CORPUS/tapuscorpus-fr/AN-96AP_1-dossier_1-pieces_1_a_202-debut-du-journal-dactylographie/FRAN_0150_0004_L-medium.jpg
need_corpus "$T"
mkdir in
read -r W H <<<"$(identify -format '%w %h' "$T")"
X=$((W * 2 / 5))
# a dark streak 4 pixels wide down the page, and the same page scanned
# black and white
convert "$T" -stroke 'gray(20%)' -strokewidth 4 -draw "line $X,0 $X,$H" \
	-quality 90 in/streak.jpg
convert in/streak.jpg -colorspace gray -threshold 55% -type bilevel \
	-units PixelsPerInch -density 230 in/streak-bw.tif
# another typescript, two streaks: the letters they cross, taken with
# them for a halftone region, made it a "photograph" kept grey
T2=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k/32_80e8b_default.jpg
need_corpus "$T2"
read -r W2 H2 <<<"$(identify -format '%w %h' "$T2")"
convert "$T2" -stroke 'gray(20%)' -strokewidth 4 \
	-draw "line $((W2 * 2 / 5)),0 $((W2 * 2 / 5)),$H2" \
	-stroke 'gray(45%)' -strokewidth 2 \
	-draw "line $((W2 * 7 / 10)),0 $((W2 * 7 / 10)),$H2" \
	-quality 90 in/streaks.jpg

test_expect_success 'the streaked pages through ingest, deskew and OCR' '
	dossier-ingest -w 0 in | dossier-deskew | dossier-ocr >ids &&
	test $(wc -l <ids) = 3
'

test_expect_success 'the streak is no border: nothing cleared' '
	test "$(page_key streak.jpg border_share)" = 0.0000 &&
	test "$(page_key streak.jpg binarisation)" = \
	    "background-normalised, split by the text"
'

test_expect_success 'two streaks make no photograph' '
	test "$(page_key streaks.jpg image_type)" = tiff-g4 &&
	test "$(page_key streaks.jpg lines_out)" = 1
'

test_expect_success 'the page OCR reads is mended across it' '
	test "$(page_key streak.jpg lines_out)" = 1 &&
	test "$(page_key streak-bw.tif lines_out)" = 1
'

# the streak crosses these lines, which the engine read in two halves:
# the words either side of it in one line (the letter under it may be
# misread)
for f in streak.jpg streak-bw.tif; do
	test_expect_success "$f: the lines across the streak are read whole" "
		page_text $f >text.$f &&
		grep -q 'joie de l.*parler, sur un ton' text.$f &&
		grep -q 'était.*en Russie et Bourgeois' text.$f &&
		grep -q 'qui m.a vivement.*partir, ne s.est pas' text.$f &&
		grep -q 'pas, de son séjour à la Cour' text.$f
	"
done

test_done
