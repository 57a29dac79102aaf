#!/bin/bash
# t3060-ocr-dotmatrix: a dot-matrix print whose dots stand apart is read
# with its dots joined (tesseract reads its letters as broken strokes),
# and one whose dots are all larger than specks but smaller than strokes
# is not found blank; a page printed in strokes, and a blank sheet with
# dust, are neither
# asan: yes
. "$(dirname "$0")/lib.sh"

TEXT="CENTRE PUBLIC D'ACTION SOCIALE DE NAMUR
Service social general - Releve des aides octroyees
Beneficiaire : dossier 2026/04418        Date : 14/03/2026
Periode du 01/01/2026 au 31/03/2026
Revenu d'integration         1263,17 EUR  accorde
Aide au loyer                 180,00 EUR  accorde
Allocation de chauffage       210,00 EUR  refuse
Le present releve est etabli sur base des decisions du
comite special du service social. Toute contestation doit
etre introduite aupres du tribunal du travail dans les trois
mois de la notification de la decision."
A4="-size 2480x3508 xc:white -density 300 -units PixelsPerInch"

# print PITCH RADIUS: the text printed so (dot_print)
print() {
	dot_print "$1" "$2" "$TEXT"
}

mkdir in
test_expect_success 'make the pages' '
	# dots 3 pixels wide, 5 apart, scanned grey at 300 dpi
	print 5 1.6 &&
	convert $A4 dots.png -geometry +150+200 -composite -blur 0x0.7 \
	    -quality 90 in/dots.jpg &&
	# that page sent by fax (204 by 98 dpi): tesseract reads nothing
	convert in/dots.jpg -resize 68%x32.67% -threshold 60% -type bilevel \
	    -density 204x98 -units PixelsPerInch -compress Fax in/fax.tif &&
	# dots 4 pixels wide, 6 apart, scanned black and white: each under
	# the size of a stroke, over that of a speck
	print 6 1.6 &&
	convert $A4 dots.png -geometry +150+200 -composite -threshold 50% \
	    -type bilevel -compress Group4 in/dots4.tif &&
	# dots 5 pixels wide: not blank, and read as nothing
	print 6 2 &&
	convert $A4 dots.png -geometry +150+200 -composite -threshold 50% \
	    -type bilevel -compress Group4 in/dots5.tif &&
	# the same text in strokes
	convert $A4 -font DejaVu-Sans-Mono -pointsize 11 -fill black \
	    -annotate +150+300 "$TEXT" -quality 90 in/plain.jpg &&
	# a blank sheet with 450 specks of dust of a dot-s size, black and
	# white
	awk "BEGIN { srand(7); for (i = 0; i < 450; i++) {
	    x = int(100 + rand() * 2280); y = int(100 + rand() * 3300);
	    printf \"circle %d,%d %d,%.1f\\n\", x, y, x, y + 1.6 } }" >dust &&
	convert $A4 -fill black -draw "$(cat dust)" -threshold 50% \
	    -type bilevel -compress Group4 in/dust.tif
'

test_expect_success 'ingest, deskew and ocr the six pages' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr -v 2>log >ids && test $(wc -l <ids) = 6
'

# meta FILE: the job meta of FILE, after OCR
meta() {
	grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta
}
# reads FILE [TENTHS]: OCR read 9 (TENTHS) in 10 of the words of the text
# on FILE (tesseract reads about 6 in 10 of them on the dots left apart,
# none on the pages it found blank or read as nothing)
reads() {
	m=$(meta "$1") &&
	printf "%s\n" "$TEXT" >text.txt && words text.txt >want &&
	words "$(dirname "$m")/$(sed -n "s/^page\.1\.text=//p" "$m")" >got &&
	found=$(comm -12 want got | wc -l) &&
	echo "found $found of $(wc -l <want) words" &&
	test $found -ge $(($(wc -l <want) * ${2:-9} / 10))
}
# said FILE: what dossier-ocr -v said of FILE's page
said() {
	grep "$(sed -n "s/^id=//p" "$(meta "$1")"): page 1:" log
}

test_expect_success 'dots apart, grey: not blank, read with the dots joined' '
	grep "^page\.1\.blank=0$" "$(meta dots.jpg)" &&
	said dots.jpg | grep "dot-matrix print: read with its dots joined" &&
	reads dots.jpg
'

test_expect_success 'dots apart under a stroke, black and white: not blank' '
	grep "^page\.1\.dotted=1$" "$(meta dots4.tif)" &&
	grep "^page\.1\.blank=0$" "$(meta dots4.tif)" &&
	said dots4.tif | grep "dot-matrix print: read with its dots joined" &&
	reads dots4.tif
'

# (its rows joined by deskew on the page OCR reads, or by OCR)
test_expect_success 'dots apart, black and white, read as nothing: read joined' '
	grep "^page\.1\.blank=0$" "$(meta dots5.tif)" &&
	{ grep "^page\.1\.dot_letters=" "$(meta dots5.tif)" ||
	said dots5.tif | grep "dot-matrix print: read with its dots joined"; } &&
	reads dots5.tif
'

test_expect_success 'a fax of dots apart, read as nothing: read joined' '
	said fax.tif | grep "dot-matrix print: read with its dots joined" &&
	reads fax.tif 8
'

test_expect_success 'print in strokes: read as it is' '
	reads plain.jpg &&
	! said plain.jpg | grep "dots joined\|dot-matrix" &&
	! grep "^page\.1\.dotted=" "$(meta plain.jpg)"
'

test_expect_success 'a blank sheet with dust stays blank' '
	grep "^page\.1\.blank=1$" "$(meta dust.tif)" &&
	! grep "^page\.1\.dotted=" "$(meta dust.tif)"
'

test_done
