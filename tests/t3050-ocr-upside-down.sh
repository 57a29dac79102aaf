#!/bin/bash
# t3050-ocr-upside-down: a page with too few letters for deskew to tell its
# orientation (a copy of an identity card) is turned by OCR: upside down or
# on its side anticlockwise it reads as garbage, and is read turned until
# it reads well; on its side clockwise tesseract reads it as it is, its
# words higher than wide, and it is read again turned upright.  Its image
# is turned and page.orientation says how it was scanned.  The same page
# upright is read once.  A turn is tried without the engine's table
# finder, and a turn taken read again with it.
# asan: yes
. "$(dirname "$0")/lib.sh"

mkdir in
# an identity card's copy: a card with a photo and six short lines in the
# middle of an A4 sheet, one line under it
convert -size 1011x638 xc:'#e1e6f0' -fill '#707070' -draw 'rectangle 40,150 300,480' \
	-font DejaVu-Sans -pointsize 9 -fill black \
	-annotate +340+200 'BELGIQUE - BELGIE - BELGIEN' \
	-annotate +340+260 'NOM / NAAM: DUPONT' \
	-annotate +340+310 'Prenom / Voornaam: Marie Claire' \
	-annotate +340+360 'Ne le / Geboren op: 12.03.1975' \
	-annotate +340+410 'Nationalite: BEL' card.png
convert -size 2480x3508 xc:white card.png -geometry +734+600 -composite \
	-font DejaVu-Sans -pointsize 10 -fill black \
	-annotate +300+2000 'Copie certifiee conforme, le 3 novembre 2026' \
	-units PixelsPerInch -density 300 -type Grayscale in/card-up.png
convert in/card-up.png -rotate 180 in/card-down.png
# the card beside a photograph, upside down: the page is kept grey (PNG)
convert -size 1000x700 -seed 3 plasma:fractal -blur 0x2 photo.png
convert -size 2480x3508 xc:white photo.png -geometry +700+300 -composite \
	card.png -geometry +734+1300 -composite -font DejaVu-Sans -pointsize 10 \
	-annotate +300+2300 'Copie certifiee conforme, le 3 novembre 2026' \
	-units PixelsPerInch -density 300 -rotate 180 in/photo-down.png
convert in/card-up.png -rotate 90 in/card-90.png
convert in/card-up.png -rotate 270 in/card-270.png

test_expect_success 'ingest, deskew and ocr the five pages' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr -vv 2>log >ids && test $(wc -l <ids) = 5
'

dir() {
	dirname "$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta)"
}
key() {	# FILE KEY: page 1's KEY
	grep "^page\.1\.$2=" "$(dir "$1")/meta" | cut -d= -f2
}
image() {	# FILE: the image of page 1 that the archive keeps
	echo "$(dir "$1")/$(key "$1" image)"
}

test_expect_success 'deskew could not tell the orientation of any' '
	for f in up down 90 270; do
		test "$(key card-$f.png orientation_uncertain)" = 1 || return 1
	done
'

test_expect_success 'the page upside down is read turned, and says so' '
	test "$(key card-down.png orientation)" = 180 &&
	grep "BELGIQUE" "$(dir card-down.png)/p0001.txt" &&
	grep "12.03.1975" "$(dir card-down.png)/p0001.txt" &&
	test "$(key card-down.png ocr_conf)" -ge 60 &&
	grep "upside down: turned" log
'

test_expect_success 'its archived image is turned: the same as the upright page'"'"'s' '
	test "$(key card-down.png image_type)" = tiff-g4 &&
	convert "$(image card-up.png)" -rotate 180 up-turned.tif &&
	same=$(compare -metric AE "$(image card-down.png)" "$(image card-up.png)" null: 2>&1 || true) &&
	other=$(compare -metric AE "$(image card-down.png)" up-turned.tif null: 2>&1 || true) &&
	echo "pixels differing: $same from the upright page, $other from it turned" &&
	test "${same%% *}" -lt $((${other%% *} / 10))
'

test_expect_success 'deskew'"'"'s image is left as it was: a job read again is not turned twice' '
	d=$(dir card-down.png) &&
	test "$(key card-down.png image)" != p0001.tif &&
	kept=$(compare -metric AE "$d/p0001.tif" up-turned.tif null: 2>&1 || true) &&
	other=$(compare -metric AE "$d/p0001.tif" "$(image card-up.png)" null: 2>&1 || true) &&
	echo "deskew'"'"'s image: $kept pixels from the upright page turned, $other from it" &&
	test "${kept%% *}" -lt $((${other%% *} / 10))
'

test_expect_success 'the pages on their side are read turned upright, and say how they were' '
	for f in 90 270; do
		test "$(key card-$f.png orientation)" = $f &&
		test "$(key card-$f.png width)" = 2480 &&
		test "$(key card-$f.png height)" = 3508 &&
		test $(grep -c -E "BELGIE|DUPONT|1975" "$(dir card-$f.png)/p0001.txt") -ge 2 &&
		test "$(key card-$f.png ocr_conf)" -ge 60 || return 1
	done &&
	test "$(grep -c "on its side: turned" log)" = 2 &&
	compare -metric AE "$(image card-90.png)" "$(image card-up.png)" \
	    null: 2>same || true &&
	compare -metric AE "$(image card-90.png)" up-turned.tif \
	    null: 2>other || true &&
	echo "card-90: $(cat same) pixels differ from the upright page, $(cat other) from it turned" &&
	test "$(cut -d" " -f1 same)" -lt $(($(cut -d" " -f1 other) / 10))
'

test_expect_success 'a grey page (a photograph) upside down: its PNG turned' '
	d=$(dir photo-down.png) &&
	test "$(key photo-down.png image_type)" = png &&
	test "$(key photo-down.png orientation_uncertain)" = 1 &&
	test "$(key photo-down.png orientation)" = 180 &&
	test $(grep -c -E "BELGIE|DUPONT|1975" "$d/p0001.txt") -ge 2 &&
	# the photograph is now at the top of the page, where it was put,
	# and white paper where it lay as scanned
	mean() { convert "$(image photo-down.png)" -resize 10% "$@" -crop 100x70+70+30 +repage -format "%[fx:mean]" info:; } &&
	top=$(mean) && bottom=$(mean -flip -flop) &&
	echo "mean grey: $top where the photo was put, $bottom turned" &&
	awk "BEGIN { exit !($top < 0.9 && $bottom > 0.97) }"
'

# the engine's table finder, which its cancel callback cannot stop, ran
# 22 s on a nearly empty page turned (a faded letter thresholded), where
# it read it as it came in 0.8 s: a turn is tried without tables, and
# a turn taken read again with them (the engine's own setting, read back)
test_expect_success 'a turn is tried without tables, the turn taken is read again with them' '
	j=$(basename "$(dir card-down.png)") &&
	grep "$j: debug: a reading of 2480x3508 pixels" log |
	    sed "s/.*, tables //" >runs &&
	cat runs &&
	test "$(head -n 1 runs)" = "looked for" &&
	grep "^not looked for" runs &&
	test "$(tail -n 1 runs)" = "looked for" &&
	u=$(basename "$(dir card-up.png)") &&
	grep "$u: debug: a reading of .*, tables looked for" log &&
	! grep "$u: debug: .*tables not looked for" log
'

test_expect_success 'the upright page is read once, as it is' '
	test "$(key card-up.png orientation)" = 0 &&
	grep "BELGIQUE" "$(dir card-up.png)/p0001.txt" &&
	! grep -v ": debug: " log |
	    grep "$(basename "$(dir card-up.png)").*upside down"
'

# upright pages whose few words the engine also reads turned on their side:
# it turns a line it finds running down the page, and the bars or QR codes
# read upright make garbage a turn escapes (paperless-ngx's samples: a Code
# 39 barcode over "*PATCHT*", a page of QR codes titled "Document
# Splitter"); turned, every word of theirs stands higher than wide
P=$CORPUS/field/paperless-ngx/documents-samples
if test -f "$P/barcodes-old-png/barcode-39-PATCHT.png" &&
    test -f "$P/barcodes/many-qr-codes.pdf"; then
	test_expect_success 'upright pages read as words on their side turned are not turned' '
		mkdir in2 &&
		cp "$P/barcodes-old-png/barcode-39-PATCHT.png" "$P/barcodes/many-qr-codes.pdf" in2/ &&
		dossier-ingest -w 0 -s sp2 in2 >/dev/null 2>&1 &&
		dossier-deskew -s sp2 >/dev/null 2>&1 &&
		dossier-ocr -s sp2 >/dev/null 2>&1 &&
		for m in sp2/classify/new/*/meta; do
			grep -E "^page\.[0-9]+\.orientation=" "$m" >o &&
			test -s o && ! grep -v "=0$" o || { cat "$m"; return 1; }
		done
	'
else
	test_skip 'the paperless-ngx barcode samples are absent'
fi

# a statement's table of figures fed sideways: deskew cannot tell (no
# ascenders), the engine reads it by turning its lines, each date a line
# of its own, so no line of words tells which way they run; its words
# stand higher than wide, and a quarter turn that reads as well is kept
test_expect_success 'a table of figures on its side is turned upright' '
	mkdir in4 &&
	awk "function r(n) { s = (s * 75 + 74) % 65537; return s % n }
	    BEGIN { s = 7; for (i = 0; i < 45; i++)
	    printf \"%02d/%02d/2026   %06d   %8.2f   %9.2f\\n\", r(28) + 1,
	    r(12) + 1, r(1000) * 997 % 1000000, (r(50000) - 20000) / 10,
	    r(90000) / 10 }" >table.txt &&
	convert -size 2480x3508 xc:white -font DejaVu-Sans-Mono -pointsize 10 \
	    -fill black -annotate +250+300 "$(cat table.txt)" -rotate 90 \
	    -density 300 -units PixelsPerInch in4/statement.png &&
	dossier-ingest -w 0 -s sp4 in4 >/dev/null 2>&1 &&
	dossier-deskew -s sp4 >/dev/null 2>&1 &&
	dossier-ocr -s sp4 >/dev/null 2>&1 &&
	m=$(ls sp4/classify/new/*/meta) &&
	grep -qx "page.1.orientation_uncertain=1" "$m" &&
	grep -qx "page.1.orientation=90" "$m" &&
	grep -qx "page.1.width=2480" "$m" && grep -qx "page.1.height=3508" "$m" &&
	grep -q "^12/12/2026" "$(dirname "$m")/p0001.txt"
'

# a page deskew turned from its letters, wrongly: a table of figures has
# no ascenders or descenders for leptonica's detector (table.15: upright,
# turned a quarter at a confidence of 10.7); read as garbage, it is read
# again as it was scanned, and kept so
T=$CORPUS/leptonica-prog/table.15.tif
if test -f "$T"; then
	test_expect_success 'a table deskew turned wrongly is read, and kept, as scanned' '
		mkdir in3 && cp "$T" in3/ &&
		dossier-ingest -w 0 -s sp3 in3 >/dev/null 2>&1 &&
		dossier-deskew -s sp3 >/dev/null 2>&1 &&
		m=$(ls sp3/ocr/new/*/meta) &&
		grep -qx "page.1.orientation_uncertain=0" "$m" &&
		grep -Eqx "page.1.orientation=(90|270)" "$m" &&
		dossier-ocr -s sp3 >/dev/null 2>&1 &&
		m=$(ls sp3/classify/new/*/meta) &&
		grep -qx "page.1.orientation=0" "$m" &&
		w=$(sed -n "s/^page.1.width=//p" "$m") &&
		h=$(sed -n "s/^page.1.height=//p" "$m") &&
		test "$w" -lt "$h" &&
		test "$(sed -n "s/^page.1.ocr_conf=//p" "$m")" -ge 60 &&
		grep -q "Carbon Monoxide\|Nitric Oxide\|Methyl" "$(dirname "$m")/p0001.txt"
	'
else
	test_skip 'leptonica-prog/table.15.tif is absent'
fi

test_done
