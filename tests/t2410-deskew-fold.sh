#!/bin/bash
# t2410-deskew-fold: a letter folded in three to be posted is scanned with
# two soft shadows across it.  Lighter than the ink, they are paper on the
# binary page; but the page OCR reads kept the grey within a twentieth of
# an inch of the ink as it was, so wherever a shadow passed a line of
# text it stayed, a dash between the letters.  The engine, its lines
# struck through, took the two-column page for 393 dpi and read each
# line of the left column on into the right column's (CER 0.724, bare
# tesseract 0.180).  The grey is now kept only within 1/50 inch of the
# ink, a stroke's own pale edge.
# asan: yes
. "$(dirname "$0")/lib.sh"

T=$CORPUS/tapuscorpus-fr/12148-btv1b10583038c/32_3b05d_default.jpg
need_corpus "$T"
mkdir in
read -r W H <<<"$(identify -format '%w %h' "$T")"
# two shadows 6 pixels wide, blurred, a degree off level (as
# degrade-bench's fold)
convert "$T" \( -size "${W}x$H" xc:white -stroke 'gray(55%)' -strokewidth 6 \
	-draw "line 0,$((H / 3)) $W,$((H / 3 + W / 57))" \
	-draw "line 0,$((H * 2 / 3 + W / 57)) $W,$((H * 2 / 3))" -blur 0x4 \) \
	-compose multiply -composite -quality 90 in/folded.jpg

test_expect_success 'the folded page through ingest, deskew and OCR' '
	dossier-ingest -w 0 in | dossier-deskew | dossier-ocr >ids &&
	test $(wc -l <ids) = 1 &&
	page_text folded.jpg >text
'

test_expect_success 'the shadows are paper: no photo, no fallback' '
	test "$(page_key folded.jpg image_type)" = tiff-g4 &&
	test -z "$(page_key folded.jpg cleanup_fallback)"
'

# the left column's lines end where they end: not run on into the right
# column's (de l'\''anthologie grecque; SalagoÏty)
test_expect_success 'the two columns are read apart' '
	grep -q "Je vous quitte. Les deux salles sont *$" text &&
	grep -q "combles. Je n.ai trouvé de place que *$" text &&
	! grep -q "salles sont.*anthologie" text &&
	grep -q "^ *de l.anthologie grecque" text
'

# the lines a shadow crosses, in each column
test_expect_success 'the lines under the shadows are read' '
	grep -q "cette sorte de.*duit" text &&
	grep -q "entassé comme des harengs" text &&
	grep -qi "me dites.*pas ce que vous" text
'

test_done
