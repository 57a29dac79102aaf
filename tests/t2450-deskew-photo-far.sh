#!/bin/bash
# t2450-deskew-photo-far: a phone's photo where the sheet fills only half
# of a 3000x4000 frame, on a desk.  The text is measured on a copy of the
# page reduced to 1800 pixels or less, where such a sheet's letters fell
# under the size of a text spot: no text found, no resolution measured,
# the page split by the whole frame's Otsu, and read at 65 edits over the
# letter's 1115 letters where bare tesseract read 9.  Measured again
# reduced by 2 only, its text is found, scaled as its size says, and read.
# asan: yes
. "$(dirname "$0")/lib.sh"

photo=$CORPUS/field/docspell/camera/letter-en.jpg
truth=$CORPUS/field/docspell/letter-en.txt
need_corpus "$photo"
need_corpus "$truth"

mkdir in
for p in 50 60; do
	convert -size 3000x4000 xc:'rgb(120,100,80)' \( "$photo" -resize $p% \) \
		-gravity center -geometry +100-200 -composite -quality 90 \
		in/desk$p.jpg
done
cc -O2 -o cer "$SRCDIR/tests/tools/cer.c"

test_expect_success 'ingest, deskew and OCR the two photos' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr >ids 2>/dev/null && test $(wc -l <ids) = 2
'

test_expect_success 'the text of the sheet is measured: its resolution found' '
	for f in desk50.jpg desk60.jpg; do
		e=$(page_key $f dpi_estimate) && echo "$f: text says $e dpi" &&
		cmp_num "$e" ">" 0 || return 1
	done
'

test_expect_success '... the page split by its text, not by the frame' '
	for f in desk50.jpg desk60.jpg; do
		page_key $f binarisation | grep "split by the text" || return 1
	done
'

test_expect_success '... and the letter read as bare tesseract reads it (CER under 2%)' '
	for f in desk50.jpg desk60.jpg; do
		page_text $f >t.$f &&
		read -r e n <<<"$(./cer "$truth" t.$f)" && echo "$f: $e edits of $n" &&
		test $((e * 50)) -lt "$n" || return 1
	done
'

test_done
