#!/bin/bash
# t3020-ocr-scaled: a page that deskew scaled up for its small text is read
# at the resolution deskew gave it, told to the engine: a screenshot of
# 72 dpi scaled to 216 lost its first paragraph when tesseract measured
# the resolution itself (501 dpi, mayan-edms multi_page.tiff).  Its
# second page, also of 72 dpi, is scaled and told the same
. "$(dirname "$0")/lib.sh"

M=$CORPUS/field/mayan-edms/documents/multi_page.tiff
if ! test -f "$M"; then
	test_skip 'the field corpus (mayan-edms) is absent'
	test_done
fi

mkdir in
cp "$M" in/multi.tiff

test_expect_success 'ingest and deskew: page 1 scaled up by 3' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	test $(jobs_in ocr/new) = 1 &&
	grep -x "page.1.scale=3.000" "$DOSSIER_SPOOL"/ocr/new/*/meta
'

test_expect_success 'ocr reads both pages' '
	dossier-ocr -j 1 -v >ids 2>log &&
	test $(wc -l <ids) = 1
'

# -v says what the engine was told: both pages the resolution they were
# scaled to
test_expect_success 'the log says the engine was told the resolution' '
	grep -q "page 1: .*, scale [0-9.]*, told 216 dpi, " log &&
	grep -q "page 2: .*, scale [0-9.]*, told 216 dpi, " log
'

text() {	# text K: page K's text, on one line
	tr "\n" " " <"$(ls -d "$DOSSIER_SPOOL"/classify/new/*)/p000$1.txt"
}

# told nothing, tesseract lost the first three lines; told, it still
# loses the second ("in der Sprache Python..."), as it does on the
# original scaled by 2 or 3 with any resolution: its layout, not the page
test_expect_success 'the scaled page keeps its first paragraph' '
	text 1 >t1 &&
	grep "Mayan EDMS ist ein freies Open-Source" t1 &&
	grep "unter der Freigabe Apache" t1 &&
	grep "Repository für elektronische Dokumente" t1 &&
	grep "Der einfachste Weg" t1
'

test_expect_success 'the second page is read too' '
	text 2 >t2 &&
	grep "Roberto Rosario" t2
'

test_done
