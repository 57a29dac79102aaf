#!/bin/bash
# t3065-deskew-dotmatrix-form: a printed form filled in by a dot-matrix
# printer whose dots stand apart, scanned black and white: the archived
# page keeps the filled-in text (its dots, specks at 300 dpi, were cleared
# with the specks: the dossier number, the name and the amounts lost) and
# OCR reads it (tesseract reads dots apart as nothing); the form alone,
# and the form speckled or dusty, have no dot-matrix rows
# asan: yes
. "$(dirname "$0")/lib.sh"

VALS="2026/04418
DUPONT-LAMBERT Marie
Rue de la Station 14, 5000 Namur
14/03/2026
Revenu d'integration 1263,17 EUR
Aide au loyer 180,00 EUR
Allocation de chauffage 210,00 EUR"
A4="-size 2480x3508 xc:white -density 300 -units PixelsPerInch"

# print PITCH RADIUS: VALS printed so (dot_print), its lines 8 pixels
# further apart
print() {
	dot_print "$1" "$2" "$VALS" 8
}

mkdir in
test_expect_success 'make the pages' '
	convert $A4 -font DejaVu-Sans -fill black -pointsize 16 \
	    -annotate +200+250 "CENTRE PUBLIC D'"'"'ACTION SOCIALE DE NAMUR" \
	    -pointsize 12 -annotate +200+330 \
	    "Demande d'"'"'aide sociale - formulaire B12" \
	    -pointsize 10 -annotate +200+520 "Numero de dossier" \
	    -annotate +200+640 "Nom du demandeur" \
	    -annotate +200+760 "Adresse" \
	    -annotate +200+880 "Date de la demande" \
	    -annotate +200+1000 "Aides demandees" \
	    -fill none -stroke black -strokewidth 3 \
	    -draw "rectangle 150,420 2330,1700" \
	    -draw "line 150,1750 2330,1750" -stroke none -fill black \
	    -pointsize 9 -annotate +200+1850 \
	    "Le present formulaire est etabli en application de la loi." \
	    form.png &&
	# dots 3 pixels wide, 5 apart: specks at 300 dpi
	print 5 1.6 &&
	convert form.png dots.png -geometry +800+470 -composite \
	    -threshold 50% -type bilevel -compress Group4 in/form3.tif &&
	# the same at 200 dpi: dots of 2 pixels, some touching
	convert form.png dots.png -geometry +800+470 -composite \
	    -blur 0x0.7 -resize 66.667% -threshold 55% -type bilevel \
	    -density 200 -units PixelsPerInch -compress Group4 in/form200.tif &&
	# dots 4 pixels wide, 6 apart: no specks, read as nothing
	print 6 1.6 &&
	convert form.png dots.png -geometry +800+470 -composite \
	    -threshold 50% -type bilevel -compress Group4 in/form4.tif &&
	# the form alone; speckled as a fax; with 450 specks of dust
	convert form.png -threshold 50% -type bilevel -compress Group4 \
	    in/plain.tif &&
	convert form.png -seed 7 -attenuate 0.05 +noise Impulse \
	    -threshold 50% -type bilevel -compress Group4 in/speckled.tif &&
	awk "BEGIN { srand(7); for (i = 0; i < 450; i++) {
	    x = int(100 + rand() * 2280); y = int(100 + rand() * 3300);
	    printf \"circle %d,%d %d,%.1f\\n\", x, y, x, y + 1.6 } }" >dust &&
	convert form.png -fill black -draw "$(cat dust)" -threshold 50% \
	    -type bilevel -compress Group4 in/dusty.tif
'

test_expect_success 'ingest and deskew the six pages' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >ids &&
	test $(wc -l <ids) = 6
'

test_expect_success 'the dot-matrix rows are found on the filled-in forms' '
	for f in form3.tif form200.tif form4.tif; do
		n=$(key $f 1 dot_letters) &&
		echo "$f: $n letters" &&
		test "$n" -ge 100 || return 1
	done
'

test_expect_success 'none on the form alone, speckled or dusty' '
	for f in plain.tif speckled.tif dusty.tif; do
		test -z "$(key $f 1 dot_letters)" || return 1
	done
'

# ink FILE: the black pixels of the page FILE
ink() {
	convert "$1" -format "%[fx:round((1 - mean) * w * h)]" info:
}

test_expect_success 'the archived pages keep the dots (specks at 300 dpi)' '
	for f in form3.tif form200.tif; do
		d=$(ocr_dir $f) &&
		a=$(ink "$d/$(key $f 1 image)") && i=$(ink in/$f) &&
		p=$(ink in/plain.tif) &&
		echo "$f: archived $a, scanned $i, the form alone $p" &&
		# the form alone at 200 dpi: 4 in 9 of its pixels
		if [ $f = form200.tif ]; then p=$((p * 4 / 9)); fi &&
		# at least 95% of the filled-in ink kept
		test $((a - p)) -ge $(((i - p) * 95 / 100)) || return 1
	done
'

test_expect_success 'OCR reads the filled-in text' '
	dossier-ocr <ids >/dev/null &&
	printf "%s\n" "$VALS" >vals.txt && words vals.txt >want &&
	for f in form3.tif form200.tif form4.tif; do
		m=$(grep -l "^source_file=$f$" \
		    "$DOSSIER_SPOOL"/classify/new/*/meta) &&
		words "$(dirname "$m")/$(sed -n "s/^page\.1\.text=//p" "$m")" \
		    >got &&
		found=$(comm -12 want got | wc -l) &&
		echo "$f: $found of $(wc -l <want) words" &&
		test $found -ge $(($(wc -l <want) * 6 / 10)) || return 1
	done
'

test_expect_success 'the forms without dots read their labels' '
	for f in plain.tif speckled.tif dusty.tif; do
		m=$(grep -l "^source_file=$f$" \
		    "$DOSSIER_SPOOL"/classify/new/*/meta) &&
		grep -q "demandeur" \
		    "$(dirname "$m")/$(sed -n "s/^page\.1\.text=//p" "$m")" ||
		return 1
	done
'

test_done
