#!/bin/bash
# t2440-deskew-dark: an underexposed page (a scanner's exposure set low, a
# photo in a dark room: no paper lighter than grey) is made light before
# its cleanup, and its text read.  Its paper, under the cleanup's splits
# made for white paper, was taken for ink: a real typescript with every
# level at 45% was archived grey with no text at all ("a stain over
# text") where bare tesseract read it.  A page with white paper is left
# as it is, and so is a page with nothing on it lighter than a black
# frame's grey (its specks are not stretched into text).  A negative is
# turned positive first, not made light: stretched, its dark ground's
# grain showed as text, and a typescript turned negative was read as
# nothing.
# asan: yes
. "$(dirname "$0")/lib.sh"

page=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k/32_80e8b_default.jpg
journal=$CORPUS/tapuscorpus-fr/AN-96AP_1-dossier_1-pieces_1_a_202-debut-du-journal-dactylographie/FRAN_0150_0004_L-medium.jpg
need_corpus "$page"
need_corpus "$journal"

mkdir in
# the typescript at 45% of its light: paper about 100, ink 20-40
convert "$page" -evaluate multiply 0.45 -quality 90 in/dark.jpg
# the same, light falling off: 60% of it at the top, 30% at the foot
read -r W H <<<"$(identify -format '%w %h' "$page")"
convert "$page" \( -size "${W}x$H" gradient:'gray(60%)'-'gray(30%)' \) \
	-compose multiply -composite -quality 90 in/dim.jpg
# the page as scanned, and a frame of dark grey with a few dark specks
cp "$page" in/light.jpg
convert -size 1240x1754 xc:'gray(15%)' -fill 'gray(5%)' \
	-draw 'circle 400,400 405,405' -draw 'circle 900,1300 904,1304' \
	-units PixelsPerInch -density 150 -quality 90 in/black.jpg
# a typescript as a negative: its white text under 2% of the page
convert "$journal" -negate -quality 90 in/negative.jpg

test_expect_success 'ingest, deskew and OCR the five pages' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew -v 2>log >/dev/null &&
	dossier-ocr >ids 2>/dev/null && test $(wc -l <ids) = 5
'

test_expect_success 'the dark page is made light, the level it had recorded' '
	l=$(page_key dark.jpg exposed) && echo "exposed $l" &&
	cmp_num "$l" ">" 80 && cmp_num "$l" "<" 130 &&
	grep -q "dark page made light" log
'

test_expect_success '... split as a page of text, not kept grey as a stain' '
	test "$(page_key dark.jpg image_type)" = tiff-g4 &&
	test -z "$(page_key dark.jpg cleanup_fallback)"
'

test_expect_success '... and its text read' '
	page_text dark.jpg >t && cat t &&
	grep -q "sourit avec" t && grep -q "chevelure" t
'

test_expect_success 'the page in failing light: made light and read' '
	test -n "$(page_key dim.jpg exposed)" &&
	page_text dim.jpg >t && grep -q "sourit avec" t &&
	grep -q "chevelure" t
'

test_expect_success 'the page as scanned is not stretched' '
	test -z "$(page_key light.jpg exposed)" &&
	page_text light.jpg | grep -q "chevelure"
'

test_expect_success 'a frame with nothing lighter than dark grey is not stretched into text' '
	test -z "$(page_key black.jpg exposed)" &&
	page_text black.jpg >t && test ! -s t
'

test_expect_success 'a negative is turned positive, not made light, and read' '
	test "$(page_key negative.jpg negative)" = 1 &&
	test -z "$(page_key negative.jpg exposed)" &&
	page_text negative.jpg >t && cat t &&
	test $(tr -cd "[:alnum:]" <t | wc -c) -gt 300
'

test_done
