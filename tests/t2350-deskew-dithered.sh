#!/bin/bash
# t2350-deskew-dithered: a bilevel page that is a grey page dithered into
# dots (a scanner's or a fax's halftone mode: grey paper and grey ink
# become dots everywhere) is smoothed back to grey and cleaned as a grey
# scan.  Kept bilevel, its dots threw the skew off (-2.75 degrees found on
# a letter turned 1.5) and the engine lost most of its lines.  A plain
# bilevel page, and a fax with a speckle of noise (t2310), stay bilevel.
# A grey page of two levels only is a bilevel page (a bilevel scan saved as
# 8-bit grey), dithered or not.
# asan: yes
. "$(dirname "$0")/lib.sh"

mkdir in
letter='Centre public d action sociale de Saint-Gilles
Service social general

Madame, Monsieur,

Nous avons bien recu votre demande d aide sociale du 3 novembre.
Le dossier est complet. Les revenus du menage ont ete verifies
et la decision vous sera notifiee dans les trente jours.
Veuillez agreer nos salutations distinguees.

Le travailleur social'
# a letter in dark grey on grey paper, turned 1.5 degrees clockwise,
# dithered by an ordered 4x4 matrix into black and white
convert -size 2480x3508 xc:'#d0d0d0' -font DejaVu-Serif -density 300 \
	-pointsize 11 -fill '#303030' -annotate +250+400 "$letter" \
	-background '#d0d0d0' -rotate 1.5 +repage -ordered-dither o4x4 \
	-monochrome -compress Group4 -units PixelsPerInch -density 300 \
	in/dithered.tif
# the same dots saved as 8-bit grey (two levels only): a bilevel page too
convert in/dithered.tif -depth 8 -type Grayscale -define png:color-type=0 \
	in/dithered-grey.png
# the same letter in black on white, bilevel as a scanner's line art
convert -size 2480x3508 xc:white -font DejaVu-Serif -density 300 \
	-pointsize 11 -fill black -annotate +250+400 "$letter" \
	-background white -rotate 1.5 +repage -monochrome -compress Group4 \
	-units PixelsPerInch -density 300 in/lineart.tif

test_expect_success 'ingest, deskew and OCR the three letters' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew -v 2>log >/dev/null &&
	dossier-ocr >ids && test $(wc -l <ids) = 3
'

test_expect_success 'the dithered letter is smoothed to grey, and says so' '
	test "$(page_key dithered.tif dithered)" = 1 &&
	test "$(page_key dithered.tif binarisation)" != "bilevel input" &&
	grep -q "dithered page smoothed" log
'

test_expect_success '... its skew found, its size kept' '
	s=$(page_key dithered.tif skew_deg) && echo "skew $s" &&
	cmp_num "$s" ">" 1.2 && cmp_num "$s" "<" 1.8 &&
	test "$(page_key dithered.tif scale)" = 1.000 &&
	test "$(page_key dithered.tif orientation)" = 0
'

test_expect_success '... and its lines read' '
	page_text dithered.tif >t && cat t &&
	grep -q "trente jours" t && grep -q "salutations" t &&
	grep -q "revenus du menage" t
'

test_expect_success 'the dots saved as 8-bit grey: a bilevel page, smoothed the same' '
	test "$(page_key dithered-grey.png dithered)" = 1 &&
	cmp_num "$(page_key dithered-grey.png skew_deg)" ">" 1.2 &&
	page_text dithered-grey.png | grep -q "trente jours"
'

test_expect_success 'the line-art letter stays bilevel' '
	test -z "$(page_key lineart.tif dithered)" &&
	test "$(page_key lineart.tif binarisation)" = "bilevel input" &&
	page_text lineart.tif | grep -q "trente jours"
'

test_done
