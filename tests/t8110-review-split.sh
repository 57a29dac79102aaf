#!/bin/bash
# t8110-review-split: a bundle scanned as one file whose cover sheet was
# not read (torn) goes to review whole; the clerk cuts it at the cover
# sheet with dossier-review split: the pages from there on become a new
# document in review, with the fields found on them, each page moved
# after its audit row; the new document is then filed where its own
# evidence says, the first stays in review; verify finds the archive
# sound; refusals: one page, a page out of range, a filed document, a
# legal hold, a bad page number
# asan: yes
. "$(dirname "$0")/lib.sh"

IN=$SAMPLES/inbox

# cols DOC COLUMNS: columns of document DOC
cols() {
	sql "SELECT $2 FROM document d LEFT JOIN household h
	    ON h.id = d.household_id WHERE d.id = $1"
}
audits() {
	sql "SELECT count(*) FROM audit"
}

test_expect_success 'set up: a payslip, a torn cover sheet, a certificate in one file' '
	dossier-registry "$SAMPLES/registry.csv" 2>/dev/null &&
	dossier-coversheet -o c3.png HH-2026-0003 &&
	convert c3.png -resize 66.67% -colorspace Gray -density 200 \
	    -units PixelsPerInch -fill white \
	    -draw "rectangle 480,600 1200,1050" torn.png &&
	dossier-coversheet -r torn.png >got && test_cmp /dev/null got &&
	mkdir in &&
	convert "$IN/scan_20261121_0013.png" torn.png \
	    "$IN/scan_20261121_0001.png" -compress lzw in/bundle.tif &&
	dossier-ingest -b S1 -w 0 in >/dev/null 2>&1 && chain &&
	DOC=$(sql "SELECT id FROM document WHERE source_file = '"'bundle.tif'"'") &&
	test "$(cols $DOC "d.status, d.page_count, quote(d.household_id)")" = \
	    "review|3|NULL" &&
	echo "$DOC" >doc
'
DOC=$(cat doc 2>/dev/null)

test_expect_success 'show: the unread cover sheet, and how to cut there' '
	dossier-review show "$DOC" >out &&
	grep -q "^(this page reads like a cover sheet: .dossier-review split $DOC 2. makes" out &&
	test "$(grep -c "reads like a cover sheet:" out)" = 1
'

test_expect_success 'split: refused before page 2, past the last page, or not a number' '
	n=$(audits) &&
	test_expect_rc 1 dossier-review split "$DOC" 1 2>err &&
	grep -q "from 2 to 3" err &&
	test_expect_rc 1 dossier-review split "$DOC" 4 2>err &&
	test_expect_rc 2 dossier-review split "$DOC" 2x 2>err &&
	grep -q "not a page number" err &&
	test_expect_rc 2 dossier-review split "$DOC" 2>err &&
	test_expect_rc 1 dossier-review split 999 2 2>err &&
	grep -q "no document 999" err &&
	test "$(audits)" = "$n" &&
	test "$(cols $DOC d.page_count)" = 3
'

test_expect_success 'split: refused while the document is under a legal hold' '
	dossier-erase -r "litige en cours" hold "document:$DOC" >hold 2>&1 &&
	grep -q "^hold [0-9]" hold &&
	test_expect_rc 1 dossier-review split "$DOC" 2 2>err &&
	grep -q "legal hold" err && grep -q "litige en cours" err &&
	test "$(cols $DOC d.page_count)" = 3
'

test_expect_success 'split: the pages from the cover sheet on become a new document' '
	dossier-erase release "$(sed -n "s/^hold //p" hold)" >/dev/null 2>&1 &&
	fields=$(sql "SELECT count(*) FROM field f JOIN page p ON p.id = f.page_id
	    WHERE f.document_id = $DOC AND p.page_no >= 2") &&
	test "$fields" -gt 0 &&
	dossier-review -u clerk1 split "$DOC" 2 >new 2>err &&
	NEW=$(cat new) && test "$NEW" -gt "$DOC" &&
	grep -q "pages 2 on are document $NEW" err &&
	test "$(cols $DOC "d.status, d.page_count")" = "review|1" &&
	test "$(cols $NEW "d.status, d.page_count, d.first_page, d.source_file,
	    quote(d.household_id)")" = "review|2|2|bundle.tif|NULL" &&
	cols $NEW d.review_reason | grep -q "^split from document $DOC by clerk1" &&
	cols $DOC d.review_reason >reason &&
	grep -q "^split by clerk1: pages 2-3 are document $NEW; before: ocr: page 2 reads like a cover sheet" reason &&
	test "$(cols $NEW d.lang)" = fra &&
	test "$(sql "SELECT group_concat(page_no || '"':'"' || source_page, '"' '"')
	    FROM (SELECT * FROM page WHERE document_id = $NEW ORDER BY page_no)")" = \
	    "1:2 2:3" &&
	test "$(sql "SELECT count(*) FROM field WHERE document_id = $NEW")" = "$fields" &&
	test "$(sql "SELECT count(*) FROM field f JOIN page p ON p.id = f.page_id
	    WHERE p.document_id <> f.document_id")" = 0 &&
	echo "$NEW" >new-doc
'
NEW=$(cat new-doc 2>/dev/null)

test_expect_success '... audited: the new document, each page moved, the old one, by the clerk' '
	sql "SELECT action || \" \" || object FROM audit WHERE actor = '"'clerk1'"'
	    ORDER BY seq" >got &&
	p2=$(sql "SELECT id FROM page WHERE document_id = $NEW AND page_no = 1") &&
	p3=$(sql "SELECT id FROM page WHERE document_id = $NEW AND page_no = 2") &&
	printf "%s\n" "review.split document:$NEW" "review.split page:$p2" \
	    "review.split page:$p3" "review.split document:$DOC" >want &&
	test_cmp want got &&
	dossier-verify >out 2>&1 || { cat out; exit 1; }
'

test_expect_success '... the new document is filed by its own evidence, the first stays' '
	dossier-review -u clerk1 release "$NEW" 2>err &&
	test "$(cols $NEW "d.status, h.ref, d.link_method")" = \
	    "filed|HH-2026-0003|national_id" &&
	test "$(cols $DOC d.status)" = review &&
	dossier-review show "$DOC" >out && ! grep -q "85073003328" out &&
	dossier-review show "$NEW" >out && ! grep -q "reads like a cover sheet:" out &&
	dossier-verify >out 2>&1 || { cat out; exit 1; }
'

test_expect_success 'split: refused for a filed document and a document of one page' '
	n=$(audits) &&
	test_expect_rc 1 dossier-review split "$NEW" 2 2>err &&
	grep -q "filed already" err &&
	test_expect_rc 1 dossier-review split "$DOC" 2 2>err &&
	grep -q "one page" err &&
	test "$(audits)" = "$n"
'

test_expect_success 'split: search finds the moved pages under the new document' '
	dossier-query -o csv search Amrani >out &&
	grep -q "^$NEW," out && ! grep -q "^$DOC," out
'

test_done
