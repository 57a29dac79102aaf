#!/bin/bash
# t2330-deskew-sideways: a typescript turned a quarter either way is found
# sideways even where the skew sweep, run across its vertical lines,
# finds a slope that is none (tapuscorpus 24_3cb67: -16.9 degrees, and
# the page left unturned); its text measured by its lines' height, not by
# the length of its words (a sideways page said 570 dpi, upright 370);
# a phone photo of a letter upside down is turned (leptonica's default
# ratio of 2.5 between the detector's confidences left it: 21.5 to 9.9);
# a typescript photographed sideways on a dark desk that fills more of
# the frame than the sheet does is turned, its ink measured against the
# sheet's paper, not the desk's (taken for the paper, the desk left no
# ink darker than it: 5 text spots, no orientation, and OCR read 310
# letters of the page where bare tesseract read 643)
. "$(dirname "$0")/lib.sh"

P=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k/24_3cb67_default.jpg
if [ ! -f "$P" ]; then
	test_skip 'the corpus tapuscorpus-fr is absent'
	test_done
fi
# key FILE NAME: page 1's NAME in FILE's job meta
key() {
	sed -n "s/^page\.1\.$2=//p" \
	    "$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/ocr/new/*/meta)"
}
mkdir in
convert "$P" -quality 90 in/r0.jpg
convert "$P" -rotate 90 -quality 90 in/r90.jpg
convert "$P" -rotate 270 -quality 90 in/r270.jpg
CAM=$CORPUS/field/docspell/camera/letter-en.jpg
test -f "$CAM" && convert "$CAM" -rotate 180 -quality 90 in/cam180.jpg
# the photo: 4000x3000, the sheet 2700 pixels high turned 93 degrees in
# the middle of a dark mottled desk (47% of the frame), the perspective
# of a phone held above it a little askew, the noise of its sensor
D=$CORPUS/tapuscorpus-fr/12148-btv1b10583038c/30_d08ac_default.jpg
if test -f "$D"; then
	convert -size 4000x3000 -seed 7 plasma:'#503020-#201008' -blur 0x3 desk.png &&
	convert "$D" -resize x2700 -bordercolor '#f4f1ea' -border 20 \
	    -background none -rotate 93 sheet.png &&
	convert desk.png sheet.png -gravity center -composite \
	    -distort Perspective '0,0 60,40 4000,0 3930,0 0,3000 0,2990 4000,3000 3980,2950' \
	    -attenuate 0.4 -seed 1 +noise Gaussian -quality 80 -units PixelsPerInch \
	    -density 72 in/desk.jpg
fi

test_expect_success 'ingest and deskew the pages' '
	dossier-ingest -w 0 in >ids && dossier-deskew <ids >ids2 &&
	test $(wc -l <ids2) = $(ls in | wc -l)
'

for r in 90 270; do
	test_expect_success "turned $r: found turned $r, and straight" "
		test \"\$(key r$r.jpg orientation)\" = $r &&
		test \"\$(key r$r.jpg orientation_uncertain)\" = 0 &&
		awk -v s=\"\$(key r$r.jpg skew_deg)\" \
		    'BEGIN { exit !(s < 1 && s > -1) }'
	"
	test_expect_success "turned $r: its text measured as upright" "
		up=\$(key r0.jpg dpi_estimate) &&
		est=\$(key r$r.jpg dpi_estimate) && echo \$up \$est &&
		test \$up -gt 0 &&
		test \$((est * 10)) -ge \$((up * 8)) &&
		test \$((est * 10)) -le \$((up * 12))
	"
done

if test -f in/cam180.jpg; then
test_expect_success 'a phone photo of a letter upside down is turned' '
	test "$(key cam180.jpg orientation)" = 180 &&
	test "$(key cam180.jpg orientation_uncertain)" = 0
'
else
	test_skip 'the field corpus docspell is absent'
fi

if test -f in/desk.jpg; then
test_expect_success 'a typescript photographed sideways on a dark desk is turned' '
	test "$(key desk.jpg orientation)" = 90 &&
	test "$(key desk.jpg orientation_uncertain)" = 0 &&
	spots=$(key desk.jpg text_spots) && echo "text spots: $spots" &&
	test "$spots" -ge 100 &&
	awk -v s="$(key desk.jpg skew_deg)" "BEGIN { exit !(s > 1 && s < 6) }"
'
else
	test_skip 'the tapuscorpus page 10583038c 30_d08ac is absent'
fi

test_done
