#!/bin/bash
# t3070-ocr-rescue: a line that the engine's layout drops from a page it
# reads otherwise whole is read alone and put back where it lies, in the
# text and in the words: the field corpus's mayan-edms multi_page.tiff,
# a screenshot of 72 dpi whose first page lost its second line (the
# dotted underline of the first line's links made a block of its own over
# it), the same page black and white, which lost three, and as the right
# column of two, its lost lines put back in their column; a page read
# whole reads nothing alone
# asan: yes
. "$(dirname "$0")/lib.sh"

TIFF=$CORPUS/field/mayan-edms/documents/multi_page.tiff
if ! test -f "$TIFF"; then
	test_skip 'the field corpus mayan-edms is absent'
	test_done
	exit 0
fi
mkdir in
cp "$TIFF" in/
# the same page as a fax-like scan: black and white, G4, at 216 dpi (the
# engine's layout drops its first three lines, bare tesseract's too)
convert "$TIFF[0]" -alpha off -colorspace gray -resize 300% -threshold 55% \
	-type bilevel -density 216 -units PixelsPerInch -compress group4 \
	in/bilevel.tif
# the page as the right column of two, a column of print on its left: the
# engine loses its first three lines, which go back into their column
convert -size 1500x197 xc:white -font DejaVu-Sans -pointsize 10 -fill black \
	-annotate +20+25 'Le centre public examine la demande.\nLes revenus sont declares ici.\nLa decision est notifiee bientot.\nLe demandeur peut introduire un recours.\nLe tribunal du travail est competent.\nLes delais sont de trois mois.\nLa notification fait foi.' \
	left.png &&
convert left.png "$TIFF[0]" -geometry +760+0 -composite -resize 300% \
	-density 216 -units PixelsPerInch -colorspace gray in/columns.png
convert -size 2480x3508 xc:white -depth 8 -units PixelsPerInch \
	-density 300 -font DejaVu-Sans -pointsize 12 -fill black \
	-annotate +250+400 'Le centre public d action sociale examine la demande.\nLes revenus sont declares par le demandeur.\nLa decision est notifiee dans les trente jours.' \
	-type Grayscale in/plain.png

# meta FILE: the meta of FILE's job after OCR
meta() {
	grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta
}
# page FILE KEY: the file named by page.1.KEY of FILE's job
page() {
	m=$(meta "$1") &&
	echo "$(dirname "$m")/$(sed -n "s/^page\.1\.$2=//p" "$m")"
}
# how FILE's page 1 was read, from -v
how() {
	id=$(basename "$(dirname "$(meta "$1")")") &&
	grep -o "$id: page 1: .*" log
}
# at WORD FILE: the first line of FILE that holds WORD
at() {
	grep -n -m 1 -F "$1" "$2" | cut -d: -f1
}
# in_order FILE PHRASE...: each PHRASE in FILE, each on a later line
in_order() {
	f=$1 prev=0
	shift
	for p in "$@"; do
		n=$(at "$p" "$f") && test -n "$n" && test "$n" -gt "$prev" ||
		{ echo "'$p' not after line $prev"; return 1; }
		prev=$n
	done
}

test_expect_success 'ingest, deskew and OCR the pages' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr -v 2>log >ids && test $(wc -l <ids) = 4
'

test_expect_success 'the line the layout lost is read alone' '
	how multi_page.tiff >h && cat h &&
	grep -qF "1 row of letters lost: read alone" h &&
	grep -qF "rescue=rows" "$(meta multi_page.tiff)"
'

test_expect_success 'and put back in the text between its neighbours' '
	t=$(page multi_page.tiff text) && cat "$t" &&
	in_order "$t" "Management System" \
	    "Sprache Python mit der codierten Django" "unter der Freigabe"
'

test_expect_success 'no word of the page is read twice' '
	t=$(page multi_page.tiff text) &&
	for w in Management Freigabe Sprache Repository Befehlen; do
		test "$(grep -o -F "$w" "$t" | wc -l)" = 1 || { echo "$w"; return 1; }
	done
'

test_expect_success 'its words are on a line of their own, in line order' '
	w=$(page multi_page.tiff words) &&
	cut -f1 "$w" | sort -n -c &&
	l1=$(awk -F"\t" "\$7 == \"Management\" { print \$1; exit }" "$w") &&
	l2=$(awk -F"\t" "\$7 == \"Sprache\" { print \$1; exit }" "$w") &&
	l3=$(awk -F"\t" "\$7 == \"Freigabe\" { print \$1; exit }" "$w") &&
	test -n "$l1" && test -n "$l2" && test -n "$l3" &&
	test "$l1" -lt "$l2" && test "$l2" -lt "$l3" &&
	y1=$(awk -F"\t" "\$7 == \"Management\" { print \$3; exit }" "$w") &&
	y2=$(awk -F"\t" "\$7 == \"Sprache\" { print \$3; exit }" "$w") &&
	y3=$(awk -F"\t" "\$7 == \"Freigabe\" { print \$3; exit }" "$w") &&
	test "$y1" -lt "$y2" && test "$y2" -lt "$y3"
'

test_expect_success 'a black and white page has its lost lines read alone too' '
	how bilevel.tif >h && cat h && grep -qF "read alone" h &&
	t=$(page bilevel.tif text) && cat "$t" &&
	in_order "$t" "Mayan EDMS ist ein freies" \
	    "Sprache Python mit der codierten" "unter der Freigabe" "Repositor"
'

test_expect_success 'lines lost in the right column go back into it' '
	how columns.png >h && cat h && grep -qF "read alone" h &&
	t=$(page columns.png text) && cat "$t" &&
	in_order "$t" "La notification fait foi" "Mayan EDMS ist ein freies" \
	    "Sprache Python mit der codierten" "unter der Freigabe" "Repositor"
'

test_expect_success 'a page read whole reads nothing alone' '
	how plain.png >h && ! grep -qF "read alone" h
'

test_expect_success 'the archive finds the page by the words of that line' '
	dossier-classify <ids >/dev/null && dossier-tag >/dev/null &&
	dossier-load >/dev/null &&
	dossier-query search "codierten Django" >found && cat found &&
	grep -qF "[codierten Django]" found
'

test_done
