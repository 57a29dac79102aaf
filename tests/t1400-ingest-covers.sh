#!/bin/bash
# t1400-ingest-covers: cover sheets printed by dossier-coversheet and
# scanned back start new documents filed to their household (link_method
# cover), within a multi-page file and from a file of their own to the
# next file of its folder; the cover page is counted in the batch, not
# archived; an unknown reference goes to review; reconciliation holds; a
# fax is cut at its cover sheet, and so are bilevel scans at 300 and 600
# dpi; a sheet whose code does not read sends its document to review
# asan: yes
. "$(dirname "$0")/lib.sh"

export DOSSIER_STRICT_KEYS=1
IN=$SAMPLES/inbox

# scan NAME REF: a cover sheet for REF as a scanner gives it back
scan() {
	dossier-coversheet -o "$1.png" "$2" &&
	convert "$1.png" -background white -rotate 2 -attenuate 0.4 \
	    -seed 1 +noise Gaussian -resize 66.67% -colorspace Gray -density 200 \
	    -units PixelsPerInch +repage "$1-scan.png"
}

# doc SOURCE FIRST COLUMNS: columns of the document from SOURCE's page FIRST
doc() {
	sql "SELECT $3 FROM document d LEFT JOIN household h
	    ON h.id = d.household_id WHERE d.source_file = '$1'
	    AND d.first_page = $2"
}

test_expect_success 'set up: registry, sheets, a batch with cover sheets' '
	dossier-registry "$SAMPLES/registry.csv" 2>/dev/null &&
	scan c2 HH-2026-0002 && scan c4 HH-2026-0004 && scan c9 HH-9999-0000 &&
	mkdir inbox inbox/b &&
	convert c2-scan.png "$IN/scan_20261121_0016.png" c4-scan.png \
	    "$IN/scan_20261121_0004.jpg" "$IN/scan_20261121_0006.png" \
	    -compress lzw inbox/a-multi.tif &&
	cp c9-scan.png inbox/b/01-cover.png &&
	cp "$IN/scan_20261121_0007.png" inbox/b/02-page.png &&
	cp c4-scan.png inbox/b/03-cover-last.png &&
	dossier-ingest -b B1 -w 0 inbox >ids 2>err &&
	test "$(wc -l <ids)" = 3 &&
	chain
'

test_expect_success 'a multi-page file is cut at its cover sheets' '
	test "$(doc a-multi.tif 2 "d.status, h.ref, d.link_method,
	    d.page_count, d.cover_sheets")" = "filed|HH-2026-0002|cover|1|1" &&
	test "$(doc a-multi.tif 4 "d.status, h.ref, d.link_method,
	    d.page_count, d.cover_sheets")" = "filed|HH-2026-0004|cover|2|1" &&
	test "$(sql "SELECT group_concat(p.source_page) FROM page p
	    JOIN document d ON d.id = p.document_id
	    WHERE d.source_file = '"'a-multi.tif'"'")" = "2,4,5"
'

test_expect_success 'one source kept for the file' '
	test "$(sql "SELECT count(*) FROM source
	    WHERE file_name = '"'a-multi.tif'"'")" = 1
'

# a cover sheet put on the wrong stack: the page after it names only
# persons of another household (HH-2026-0003's income certificate under
# HH-2026-0002's sheet): to review, never filed to either
test_expect_success 'a cover sheet on the page of another family: review' '
	mkdir wrong &&
	convert c2-scan.png "$IN/scan_20261121_0001.png" -compress lzw \
	    wrong/w.tif &&
	dossier-ingest -b B6 -w 0 wrong >/dev/null 2>&1 &&
	chain 2>err6 &&
	test "$(doc w.tif 2 "d.status, quote(d.household_id), d.review_reason,
	    d.cover_sheets")" = \
	    "review|NULL|cover sheet and national numbers disagree|1"
'

test_expect_success 'a cover sheet of its own starts the next file: unknown ref, review' '
	test "$(doc b/02-page.png 1 "d.status, quote(d.household_id),
	    d.review_reason, d.cover_sheets")" = \
	    "review|NULL|unknown cover-sheet reference|1" &&
	test "$(sql "SELECT count(*) FROM document
	    WHERE source_file LIKE '"'%cover%'"'")" = 0
'

test_expect_success 'a last cover sheet with no page is counted and named' '
	grep -q "cover sheet .HH-2026-0004. with no page after it" err
'

test_expect_success 'reconciliation: pages in = archived + blank + cover sheets' '
	dossier-report B1 >rep &&
	grep -qx "pages in: 8" rep && grep -qx "cover sheets: 4" rep &&
	grep -q "^reconciliation: .*: OK" rep
'

test_expect_success 'the same page saved in another format: archived, marked probable duplicate' '
	mkdir twins &&
	convert "$IN/scan_20261121_0008.png" -colorspace Gray a-page.png &&
	convert a-page.png -compress lzw twins/b-page.tif &&
	cp a-page.png twins/ &&
	dossier-ingest -b B2 -w 0 twins >/dev/null 2>&1 &&
	chain 2>err2 &&
	test "$(sql "SELECT count(*) FROM document WHERE batch_id = '"'B2'"'")" = 2 &&
	first=$(sql "SELECT id FROM document WHERE source_file = '"'a-page.png'"'") &&
	test "$(sql "SELECT t.value FROM tag t JOIN document d
	    ON d.id = t.document_id WHERE d.source_file = '"'b-page.tif'"'
	    AND t.name = '"'probable_duplicate'"'")" = "document:$first" &&
	dossier-report B2 | grep -qx "probable duplicates: 1"
'

test_expect_success 'cover sheets printed small on colour JPEG pages (300, 400 dpi)' '
	mkdir small &&
	convert c4.png -resize 30% -background white -gravity southeast \
	    -extent 2480x3508 -colorspace sRGB -density 300 \
	    -units PixelsPerInch -quality 88 small/01-cover.jpg &&
	cp "$IN/scan_20261121_0004.jpg" small/02-page.jpg &&
	convert c2.png -resize 40% -rotate 3 -background white \
	    -gravity northwest -extent 3307x4677 -colorspace sRGB \
	    -density 400 -units PixelsPerInch -quality 90 small/03-cover.jpg &&
	cp "$IN/scan_20261121_0012.jpg" small/04-page.jpg &&
	dossier-ingest -b B3 -w 0 small >ids3 2>err3 &&
	test "$(wc -l <ids3)" = 2 &&
	meta=$(grep -l "^source_file=02-page.jpg$" \
	    "$DOSSIER_SPOOL"/deskew/new/*/meta) &&
	grep -qx "cover_ref=HH-2026-0004" "$meta" &&
	meta=$(grep -l "^source_file=04-page.jpg$" \
	    "$DOSSIER_SPOOL"/deskew/new/*/meta) &&
	grep -qx "cover_ref=HH-2026-0002" "$meta"
'

# a cover sheet whose code cannot be read (torn off, a coffee stain):
# its pages must not be filed to the household of the sheet before
test_expect_success 'a cover sheet whose code is not read: the document to review' '
	mkdir torn &&
	convert c4-scan.png -fill white -draw "rectangle 480,600 1200,1050" \
	    torn-c4.png &&
	dossier-coversheet -r torn-c4.png >got && test_cmp /dev/null got &&
	convert -density 200 -units PixelsPerInch -size 1653x2339 xc:white \
	    -font DejaVu-Sans -pointsize 16 -fill black \
	    -annotate +300+400 "Vu" few.png &&
	convert c2-scan.png few.png torn-c4.png \
	    "$IN/scan_20261121_0016.png" -compress lzw torn/multi.tif &&
	dossier-ingest -b B5 -w 0 torn >/dev/null 2>&1 &&
	chain 2>err5 &&
	test "$(doc multi.tif 2 "d.status, quote(d.household_id),
	    d.page_count")" = "review|NULL|3" &&
	doc multi.tif 2 d.review_reason >reason &&
	grep -q "^ocr: page 2 reads like a cover sheet whose QR code was not read" \
	    reason
'

test_expect_success '... the cover sheet the reason, over the doubt of a page before it' '
	test "$(sql "SELECT p.ocr_doubt FROM page p JOIN document d
	    ON d.id = p.document_id WHERE d.source_file = '"'multi.tif'"'
	    AND p.page_no = 1")" != ""
'

# refs DIR BATCH: DIR ingested as BATCH, its jobs in DIR.ids; the cover
# sheet of each, a line each (none for a job without one)
refs() {
	dossier-ingest -b "$2" -w 0 "$1" >"$1.ids" 2>"$1.err" &&
	for id in $(cat "$1.ids"); do
		sed -n "s/^cover_ref=//p" \
		    "$DOSSIER_SPOOL"/deskew/new/$id/meta || return 1
	done
}

# a fax: pages of 204x98 dpi, twice as high as wide; the first document
# has no cover sheet, the second is cut off at its own
test_expect_success 'a fax at standard resolution is cut at its cover sheet' '
	mkdir fax &&
	convert "$IN/scan_20261121_0001.png" c2.png \
	    "$IN/scan_20261121_0006.png" -resize "1728x1145!" \
	    -threshold 50% -density 204x98 -units PixelsPerInch \
	    -compress Fax fax/fax.tif &&
	refs fax B4 >refs &&
	test "$(wc -l <fax.ids)" = 2 &&
	echo HH-2026-0002 >want &&
	test_cmp want refs
'

# an office copier's black and white, at 300 and at 600 dpi (CCITT G4),
# on A5 sheets (ImageMagick's memory holds one at 600 dpi, not two): the
# page shrunk to about 100 dpi by 3 and by 6 for the cheap test; the 600
# dpi cover sheet a file of its own, before its page's
test_expect_success 'bilevel scans at 300 and 600 dpi are cut at their cover sheets' '
	mkdir bw &&
	bw() {
		convert "$@" -resize "$((r * 583 / 100))x" -colorspace Gray \
		    -threshold 50% -density $r -units PixelsPerInch \
		    -compress Group4 "$out"
	} &&
	r=300 out=bw/bw300.tif bw c4.png "$IN/scan_20261121_0006.png" &&
	r=600 out=bw/bw600-1.tif bw c4.png &&
	r=600 out=bw/bw600-2.tif bw "$IN/scan_20261121_0006.png" &&
	refs bw B5 >refs5 &&
	test "$(wc -l <bw.ids)" = 2 &&
	printf "HH-2026-0004\nHH-2026-0004\n" >want5 &&
	test_cmp want5 refs5
'

test_done
