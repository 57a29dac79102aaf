#!/bin/bash
# t2360-deskew-negative: a negative, light text on a dark ground (a
# microfilm's print, a scanner's negative mode), grey or bilevel, is turned
# positive before its cleanup, and its text read: the cleanup took the
# dark ground for paper and made a page of noise of it.  A white sheet on
# a dark desk, dark at its median too, is not turned.
# asan: yes
. "$(dirname "$0")/lib.sh"

# key FILE NAME: page 1's NAME in FILE's job meta
key() {
	sed -n "s/^page\.1\.$2=//p" \
	    "$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/*/new/*/meta)"
}
# cmp_num A OP B: the numbers A and B compared by OP (awk's)
cmp_num() {
	awk -v a="$1" -v b="$3" "BEGIN { exit !(a $2 b) }"
}
# text FILE: page 1's text after OCR
text() {
	m=$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	cat "$(dirname "$m")/$(sed -n 's/^page\.1\.text=//p' "$m")"
}

mkdir in
letter='Centre public d action sociale de Saint-Gilles
Service social general

Madame, Monsieur,

Nous avons bien recu votre demande d aide sociale du 3 novembre.
Le dossier est complet. Les revenus du menage ont ete verifies
et la decision vous sera notifiee dans les trente jours.
Veuillez agreer nos salutations distinguees.'
# the letter in light grey on a dark ground, turned 1 degree clockwise
convert -size 2480x3508 xc:'#202020' -font DejaVu-Serif -density 300 \
	-pointsize 11 -fill '#e0e0e0' -annotate +250+400 "$letter" \
	-background '#202020' -rotate 1 +repage -units PixelsPerInch \
	-density 300 -quality 90 in/negative.jpg
# the same in black and white
convert in/negative.jpg -threshold 50% -monochrome -compress Group4 \
	-units PixelsPerInch -density 300 in/negative.tif
# a white sheet with the letter, on a dark desk that is most of the frame
convert -size 2480x3508 xc:'#303030' -fill white \
	-draw 'rectangle 200,300 1900,2300' -font DejaVu-Serif -density 300 \
	-pointsize 9 -fill black -annotate +300+450 "$letter" \
	-units PixelsPerInch -density 300 -quality 90 in/desk.jpg

test_expect_success 'ingest, deskew and OCR the three pages' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew -v 2>log >/dev/null &&
	dossier-ocr >ids && test $(wc -l <ids) = 3
'

test_expect_success 'the grey negative is turned positive, and says so' '
	test "$(key negative.jpg negative)" = 1 &&
	grep -q "negative turned positive" log &&
	s=$(key negative.jpg skew_deg) && echo "skew $s" &&
	cmp_num "$s" ">" 0.7 && cmp_num "$s" "<" 1.3
'

test_expect_success '... and its lines read' '
	text negative.jpg >t && cat t &&
	grep -q "trente jours" t && grep -q "revenus du menage" t
'

test_expect_success 'the bilevel negative too' '
	test "$(key negative.tif negative)" = 1 &&
	text negative.tif >t && cat t &&
	grep -q "trente jours" t && grep -q "revenus du menage" t
'

test_expect_success 'the sheet on a dark desk is not turned, and read' '
	test -z "$(key desk.jpg negative)" &&
	text desk.jpg | grep -q "trente jours"
'

test_done
