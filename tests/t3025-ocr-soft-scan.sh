#!/bin/bash
# t3025-ocr-soft-scan: a page that deskew scales up for OCR keeps the pale
# edges of its strokes, but not near its rules.  A quick scan of 150 dpi
# (a typescript page made so) lost the thin strokes of h, g and E where
# OCR's page was cut at the binary page's threshold everywhere: 81% of
# its words of four letters or more read, bare tesseract 97%.  A form of
# about 100 dpi whose text stands on underlines lost all of it when the
# soft surround was kept there too (the engine took it for a picture).
. "$(dirname "$0")/lib.sh"

T=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k/24_3cb67_default
F=$CORPUS/field/funsd-lowdpi/images/82251504.png
if ! test -f "$T.jpg" || ! test -f "$F"; then
	test_skip 'the corpus (tapuscorpus-fr, field/funsd-lowdpi) is absent'
	test_done
fi
if ! command -v convert >/dev/null; then
	test_skip 'ImageMagick (convert) is missing'
	test_done
fi

mkdir in
convert "$T.jpg" -resize 50% -density 150 -units PixelsPerInch \
    -quality 85 in/soft150.jpg
cp "$F" in/form.png

# found TRUTH TEXT: the share of TRUTH's words (lib.sh's words) in TEXT
found() {
	words "$1" >want && words "$2" >got &&
	awk -v f="$(comm -12 want got | wc -l)" -v n="$(wc -l <want)" \
	    'BEGIN { printf "%.3f\n", n ? f / n : 0 }'
}

test_expect_success 'ingest, deskew: both pages scaled up for OCR' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	test $(jobs_in ocr/new) = 2 &&
	s=$(key soft150.jpg 1 scale) && cmp_num "$s" ">" 1.5 &&
	s=$(key form.png 1 scale) && cmp_num "$s" ">" 1.5
'

test_expect_success 'ocr reads them' '
	dossier-ocr -j 1 >/dev/null &&
	test $(jobs_in classify/new) = 2
'

# 0.808 with the page cut everywhere, 0.986 with the surround kept; bare
# tesseract on the scan 0.973
test_expect_success 'the 150 dpi scan keeps its thin strokes: 93% of its words' '
	page_text soft150.jpg >soft.txt &&
	f=$(found "$T.gt.txt" soft.txt) && say "found $f" &&
	cmp_num "$f" ">=" 0.93
'

# kept near the underlines, the engine read nothing after "Merchandising
# plan?"
test_expect_success 'the form keeps its underlined text' '
	page_text form.png >form.txt &&
	text_holds form.txt "This program has been successful to date" \
	    "merchandising Is being secured" "co-existence situations" \
	    "Not available at this time"
'

test_done
