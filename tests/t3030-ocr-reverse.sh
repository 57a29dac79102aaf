#!/bin/bash
# t3030-ocr-reverse: white text on black is read, and only a page with a
# solid dark area has its lines of low confidence tried inverted (on a
# page without one, tesseract's inverted retries read noise as text)
. "$(dirname "$0")/lib.sh"

A4="-size 2480x3508 xc:white -depth 8 -units PixelsPerInch -density 300"
BODY1="Nom du demandeur: Dupont Marie, rue de la Station 12, 4000 Liege"
BODY2="Le centre public d action sociale examine la demande dans les trente jours."
BODY3="Les revenus sont declares par le demandeur et verifies par le service."
mkdir in
# a form whose two headings are white on black banners
convert $A4 -font DejaVu-Sans -pointsize 12 \
	-fill black -draw "rectangle 200,300 2280,420" \
	-fill white -draw "text 240,390 'DEMANDE D AIDE SOCIALE URGENTE'" \
	-fill black -draw "text 240,600 '$BODY1'" -draw "text 240,700 '$BODY2'" \
	-draw "rectangle 200,900 1200,1000" \
	-fill white -draw "text 240,970 'Revenus du menage'" \
	-fill black -draw "text 240,1150 '$BODY3'" \
	-type Grayscale in/banner.png
# the same words, all black on white
convert $A4 -font DejaVu-Sans -pointsize 12 -fill black \
	-draw "text 240,390 'DEMANDE D AIDE SOCIALE URGENTE'" \
	-draw "text 240,600 '$BODY1'" -draw "text 240,700 '$BODY2'" \
	-draw "text 240,970 'Revenus du menage'" \
	-draw "text 240,1150 '$BODY3'" \
	-type Grayscale in/plain.png

test_expect_success 'ingest, deskew and ocr the two pages' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr -v 2>log >ids && test $(wc -l <ids) = 2
'

# text FILE: the text of page 1 of FILE's job, on one line
text() {
	dir=$(dirname "$(grep -l "^source_file=$1$" \
	    "$DOSSIER_SPOOL"/classify/new/*/meta)") &&
	tr "\n" " " <"$dir/p0001.txt" | tr -s " "
}

# how FILE's page 1 was read, from -v
how() {
	id=$(basename "$(dirname "$(grep -l "^source_file=$1$" \
	    "$DOSSIER_SPOOL"/classify/new/*/meta)")") &&
	grep -o "$id: page 1: .*" log
}

test_expect_success 'the white headings on black banners are read' '
	text banner.png >t &&
	grep -qF "DEMANDE D AIDE SOCIALE URGENTE" t &&
	grep -qF "Revenus du menage" t &&
	grep -qF "$BODY3" t
'

test_expect_success 'that page has its lines tried inverted' '
	how banner.png >h && grep -qF "dark area: lines tried inverted" h
'

test_expect_success 'the page with no dark area is read without' '
	text plain.png >t &&
	grep -qF "DEMANDE D AIDE SOCIALE URGENTE" t && grep -qF "$BODY1" t &&
	how plain.png >h && grep -qF "characters)" h &&
	! grep -qF "inverted" h
'

test_done
