#!/bin/bash
# t2380-deskew-tinted: a form's tinted box over a third of a typescript
# (its paper darker than the page's white paper by a sixth) drew the
# split that tells ink from paper in the background's map between the
# two papers: the box's paper was taken for ink, normalised as the white
# paper's, and its lines were given to OCR in grey halos, and lost.  The
# split is now taken among the darker levels when a band under it holds
# paper: the lines in the box are read.
# asan: yes
. "$(dirname "$0")/lib.sh"

T=$CORPUS/tapuscorpus-fr/AN-96AP_1-dossier_1-pieces_1_a_202-debut-du-journal-dactylographie/FRAN_0150_0004_L-medium.jpg
need_corpus "$T"
mkdir in
read -r W H <<<"$(identify -format '%w %h' "$T")"
# a light blue box (multiplied, as printed ink is) over the middle third
convert "$T" \( -size "${W}x$H" xc:white -fill 'rgb(200,220,245)' \
	-draw "rectangle 0,$((H / 3)) $W,$((H * 2 / 3))" \) \
	-compose multiply -composite -quality 90 in/tinted.jpg

test_expect_success 'the tinted page through ingest, deskew and OCR' '
	dossier-ingest -w 0 in | dossier-deskew | dossier-ocr >ids &&
	test $(wc -l <ids) = 1
'

test_expect_success 'it stays a binary page, split by its text' '
	test "$(page_key tinted.jpg image_type)" = tiff-g4
'

# the box holds the lines from "Il était nécessaire" to "superbe parade"
test_expect_success 'the lines in the box are read' '
	page_text tinted.jpg >text &&
	grep -q "Tzar" text &&
	grep -q "Russie" text &&
	grep -q "sentiments" text &&
	grep -q "superbe parade" text
'

test_expect_success 'and the lines outside it' '
	grep -q "Petersbourg" text &&
	grep -q "Poincar" text
'

test_done
