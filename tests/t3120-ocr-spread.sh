#!/bin/bash
# t3120-ocr-spread: two pages scanned side by side (an open booklet on a
# copier's glass, two sheets on an A3 scan).  Cleaned, the dark edges
# between them gone, the engine left to measure the page's resolution
# found its columns at its floor of 70 dpi and ran each line of the left
# page into the line beside it on the right, the whole text read across
# both pages.  deskew now says the page stands in two columns and draws a
# rule down the gutter of the page OCR reads, and OCR tells the engine
# the resolution (either alone left one of these two read across).
# asan: yes
. "$(dirname "$0")/lib.sh"

B=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k
need_corpus "$B/22_c266f_default.jpg"
need_corpus "$B/24_3cb67_default.jpg"
mkdir in
convert "$B/22_c266f_default.jpg" "$B/24_3cb67_default.jpg" +append \
	-quality 90 in/spread.jpg
# the same as an open booklet: a soft shadow down its fold, no edge (bare
# tesseract read this one line across line too: CER 0.65, the chain 0.10)
convert "$B/22_c266f_default.jpg" "$B/24_3cb67_default.jpg" +append \
	-quality 85 booklet.jpg
convert booklet.jpg \( -size 5096x3308 xc:white -fill 'gray(20%)' \
	-draw 'rectangle 2500,0 2596,3308' -blur 0x60 \) \
	-compose multiply -composite -quality 85 in/booklet.jpg
# one typescript page: no columns
cp "$B/24_3cb67_default.jpg" in/page.jpg

test_expect_success 'the pages through ingest and deskew' '
	dossier-ingest -w 0 in | dossier-deskew >ids &&
	test $(wc -l <ids) = 3
'

test_expect_success 'deskew finds the two pages side by side, and no columns on one' '
	test "$(key spread.jpg 1 columns)" = 2 &&
	test "$(key booklet.jpg 1 columns)" = 2 &&
	test -z "$(key page.jpg 1 columns)"
'

test_expect_success 'the spread read' '
	dossier-ocr <ids >/dev/null
'

# the first lines of the right page stand level with lines of the left
for f in spread.jpg booklet.jpg; do
	test_expect_success "$f: each page read apart, no line across both" "
		page_text $f >text.$f &&
		grep 'LE SOMMEIL DES COLOMBES' text.$f >line1 &&
		! grep -q 'puissance' line1 &&
		grep 'Elle sait la puissance' text.$f >line2 &&
		! grep -q 'COLOMBES' line2 &&
		grep -i 'se sont pos' text.$f >line3 &&
		! grep -q 'univers' line3
	"

	# and in order: the left page first
	test_expect_success "$f: the left page comes first" "
		a=\$(grep -n 'Elle sait la puissance' text.$f | cut -d: -f1) &&
		b=\$(grep -n 'LE SOMMEIL DES COLOMBES' text.$f | cut -d: -f1) &&
		test \"\$a\" -lt \"\$b\"
	"
done

test_done
