#!/bin/bash
# t2360-deskew-negative: a negative, light text on a dark ground (a
# microfilm's print, a scanner's negative mode), grey or bilevel, is turned
# positive before its cleanup, and its text read: the cleanup took the
# dark ground for paper and made a page of noise of it.  A white sheet on
# a dark desk, dark at its median too, is not turned.
# asan: yes
. "$(dirname "$0")/lib.sh"

mkdir in
letter='Attestation de revenus

Le soussigne atteste que le menage Lambert, domicilie
rue de la Victoire 12 a Saint-Gilles, percoit une allocation
de chomage de 1.245 euros par mois depuis le 1er mars.
Cette attestation est delivree pour servir au dossier social
et la decision sera prise dans les trente jours.'
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
	test "$(page_key negative.jpg negative)" = 1 &&
	grep -q "negative turned positive" log &&
	s=$(page_key negative.jpg skew_deg) && echo "skew $s" &&
	cmp_num "$s" ">" 0.7 && cmp_num "$s" "<" 1.3
'

test_expect_success '... and its lines read' '
	page_text negative.jpg >t && cat t &&
	grep -q "trente jours" t && grep -q "Saint-Gilles" t
'

test_expect_success 'the bilevel negative too' '
	test "$(page_key negative.tif negative)" = 1 &&
	page_text negative.tif >t && cat t &&
	grep -q "trente jours" t && grep -q "Saint-Gilles" t
'

test_expect_success 'the sheet on a dark desk is not turned, and read' '
	test -z "$(page_key desk.jpg negative)" &&
	page_text desk.jpg | grep -q "trente jours"
'

test_done
