#!/bin/bash
# t1100-ingest-pdf: PDFs from the field through the whole chain: pages
# archived per PDF, the decoder recorded, encrypted and broken PDFs
# quarantined with their reason and their pages counted, and a page
# whose image MuPDF decodes with its data cut short (PDF, BMP) too
. "$(dirname "$0")/lib.sh"

F=$CORPUS/field
if [ ! -d "$F/naps2" ] || [ ! -d "$F/docspell" ] || [ ! -d "$F/paperless-ngx" ]; then
	test_skip 'the field corpus is absent'
	test_done
fi

# one inbox (and batch) per field folder; the files are copied, as a
# clerk drops them (ingest never follows a symbolic link)
mkdir -p naps2 docspell/secured paperless made
cp "$F"/naps2/image_pdf.pdf "$F"/naps2/image_pdf_bw.pdf \
   "$F"/naps2/image_pdf_cmyk.pdf "$F"/naps2/image_pdf_png.pdf \
   "$F"/naps2/sample_doc.pdf "$F"/naps2/encrypted_pdf.pdf naps2/
cp "$F"/docspell/letter-en.pdf docspell/
cp "$F"/docspell/secured/*.pdf docspell/secured/
cp "$F"/paperless-ngx/tesseract/rotated.pdf \
   "$F"/paperless-ngx/tesseract/encrypted.pdf \
   "$F"/paperless-ngx/documents-samples/double-sided-odd.pdf \
   "$F"/paperless-ngx/documents-samples/password-is-test.pdf paperless/
# made here: truncated, garbage, a page box of 1389 inches (PDF bomb)
head -c 20000 "$F"/docspell/letter-en.pdf >made/truncated.pdf
printf '%%PDF-1.4\nnot a PDF at all\n%%%%EOF\n' >made/garbage.pdf
{
	printf '%%PDF-1.4\n'
	o1=$(($(printf '%%PDF-1.4\n' | wc -c)))
	a='1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj'
	b='2 0 obj << /Type /Pages /Count 1 /Kids [3 0 R] >> endobj'
	c='3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 100000 100000] >> endobj'
	printf '%s\n%s\n%s\n' "$a" "$b" "$c"
	o2=$((o1 + ${#a} + 1)) o3=$((o1 + ${#a} + ${#b} + 2))
	x=$((o3 + ${#c} + 1))
	printf 'xref\n0 4\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n%010d 00000 n \n' \
		"$o1" "$o2" "$o3"
	printf 'trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' "$x"
} >made/bigbox.pdf
# made here: a page's image whose data ends early, as a copy cut short
# or a scanner's stream in error leaves it (MuPDF pads it and carries on:
# half a page would be archived as the whole), and the same whole; a
# JPEG (DCT) and a Flate image, and a BMP (v5 header: MuPDF reads it)
convert "$SAMPLES"/inbox/scan_20261121_0001.png -resize 50% -quality 85 \
    page.jpg &&
convert "$SAMPLES"/inbox/scan_20261121_0001.png -resize 50% -depth 8 \
    gray:page.grey &&
convert "$SAMPLES"/inbox/scan_20261121_0001.png -resize 50% -type truecolor \
    BMP:page.bmp || exit 1
head -c $(($(wc -c <page.bmp) * 6 / 10)) page.bmp >made/cut.bmp
python3 - made "$SRCDIR/tests/tools" <<'PY' || exit 1
import sys, zlib
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[2])
import scanpdf
# the page's image, 1240x1754 at 150 dpi (A4)
def pdf(name, head, data):
    scanpdf.write(sys.argv[1] + "/" + name, [(1240, 1754, 150, head, data)])
j = open("page.jpg", "rb").read()
z = zlib.compress(open("page.grey", "rb").read())
dct = b"/ColorSpace /DeviceRGB /Filter /DCTDecode"
fl = b"/ColorSpace /DeviceGray /Filter /FlateDecode"
pdf("dct-whole.pdf", dct, j)
pdf("dct-cut.pdf", dct, j[:len(j) * 6 // 10])
pdf("flate-whole.pdf", fl, z)
pdf("flate-cut.pdf", fl, z[:len(z) * 6 // 10])
PY

export DOSSIER_SPOOL=$PWD/spool DOSSIER_ARCHIVE=$PWD/archive.db

# chain BATCH INBOX: the nightly pipe over INBOX, then the batch report
chain() {
	dossier-ingest -w 0 -b "$1" "$2" 2>>"$1.err" |
		dossier-deskew 2>>"$1.err" |
		dossier-ocr -j 2 2>>"$1.err" |
		dossier-classify 2>>"$1.err" |
		dossier-tag 2>>"$1.err" |
		dossier-load >/dev/null 2>>"$1.err"
	dossier-report "$1" >"$1.report"
}

for b in naps2 docspell paperless made; do
	test_expect_success "the chain runs over the $b PDFs" '
		chain '"$b $b"' &&
		grep -q "^reconciliation: .*OK" '"$b"'.report ||
		{ cat '"$b"'.err '"$b"'.report; false; }
	'
done

# pages FILE: the archived page count of the document from FILE
pages() {
	sql "SELECT page_count FROM document WHERE source_file = '$1'"
}

test_expect_success 'naps2: image-only PDFs archived with their pages' '
	test "$(pages image_pdf.pdf)" = 1 &&
	test "$(pages image_pdf_bw.pdf)" = 1 &&
	test "$(pages image_pdf_cmyk.pdf)" = 1 &&
	test "$(pages image_pdf_png.pdf)" = 1 &&
	test "$(pages sample_doc.pdf)" = 4 &&
	grep -qx "pages in: 9" naps2.report
'

test_expect_success 'docspell: a letter and an owner-protected PDF archived' '
	test "$(pages letter-en.pdf)" = 1 &&
	test "$(pages secured/protected-test123.pdf)" = 13
'

test_expect_success 'paperless-ngx: rotated and scanned PDFs archived' '
	test "$(pages rotated.pdf)" = 4 &&
	test "$(pages double-sided-odd.pdf)" = 3
'

test_expect_success 'every archived PDF page names its decoder' '
	test "$(sql "SELECT count(*) FROM page WHERE decoder NOT LIKE '\''MuPDF 1.%'\''")" = 0 &&
	test "$(sql "SELECT count(*) FROM page")" -gt 0 &&
	test "$(sql "SELECT DISTINCT media_type FROM source")" = application/pdf
'

test_expect_success 'a scanned page is the scan at its own DPI' '
	test "$(sql "SELECT p.dpi_source FROM page p JOIN document d ON d.id = p.document_id
		WHERE d.source_file = '\''double-sided-odd.pdf'\'' AND p.page_no = 1")" -gt 0
'

dossier-spool list quarantine >quarantined
test_expect_success 'encrypted PDFs are quarantined with their reason' '
	for f in encrypted_pdf.pdf secured/encrypted-test123.pdf encrypted.pdf \
	    password-is-test.pdf; do
		grep -q "	$f	ingest	encrypted PDF: it needs a password$" quarantined ||
		{ echo "$f"; cat quarantined; return 1; }
	done
'

test_expect_success 'truncated, garbage and bomb PDFs are quarantined with their reason' '
	grep -q "	truncated.pdf	ingest	truncated PDF" quarantined &&
	grep -q "	garbage.pdf	ingest	corrupt PDF" quarantined &&
	grep -q "	bigbox.pdf	ingest	page 1 is 1389x1389 inches, over the limit" quarantined
'

test_expect_success 'a page whose image data ends early is quarantined, not archived in part' '
	grep -q "	dct-cut.pdf	deskew	page 1: damaged image: premature end of file in jpeg$" quarantined &&
	grep -q "	flate-cut.pdf	deskew	page 1: damaged image: padding truncated image$" quarantined &&
	grep -q "	cut.bmp	deskew	page 1: damaged image: premature end in bitmap data" quarantined &&
	test -z "$(sql "SELECT source_file FROM document WHERE source_file LIKE '"'"'%cut%'"'"'")"
'

test_expect_success 'the same pages whole are archived, with their text' '
	for f in dct-whole.pdf flate-whole.pdf; do
		test "$(pages $f)" = 1 &&
		test "$(sql "SELECT length(p.text) > 200 FROM page p JOIN document d
		    ON d.id = p.document_id WHERE d.source_file = '"'"'$f'"'"'")" = 1 ||
		{ echo "$f"; return 1; }
	done
'

test_expect_success 'a quarantined PDF counts the pages it has' '
	grep -q "	1	bigbox.pdf	" quarantined
'

# a large-format page: page 2 of ocrmypdf's multipage.pdf is one 9000x9000
# RGB image on a 30-inch page (243 MB decoded), within the pixel limit
# ingest checks; MuPDF was once allowed 200 MB, and the whole file of six
# pages went to quarantine at deskew ("needs more than 200 MB to decode").
# Its text is poster-size ("9000x9000 pixels", "81 megapixels"): deskew
# reduces the page as far as its text allows (reduce_big), square still
if test -f "$CORPUS/ocrmypdf-resources/multipage.pdf"; then
	mkdir -p large
	cp "$CORPUS/ocrmypdf-resources/multipage.pdf" large/
	test_expect_success 'a PDF with a 9000x9000 colour page is archived whole' '
		chain large large &&
		test "$(pages multipage.pdf)" = 6 &&
		sql "SELECT p.width, p.height, p.text FROM page p
		    JOIN document d ON d.id = p.document_id
		    WHERE d.source_file = '"'"'multipage.pdf'"'"' AND p.page_no = 2" >p2 &&
		IFS="|" read -r w h t <p2 && echo "page 2: ${w}x$h" &&
		test "$w" = "$h" && test "$w" -ge 1000 && grep -q megapixels p2 &&
		grep -qx "quarantined pages: 0" large.report ||
		{ cat large.err large.report; false; }
	'
else
	test_skip 'ocrmypdf-resources/multipage.pdf is absent'
fi

# the figures of the closing note: per folder, files in, documents,
# pages archived, quarantined by reason
for b in naps2 docspell paperless made; do
	say "# $b: files $(find "$b" -type f | wc -l)," \
	    "documents $(sql "SELECT count(*) FROM document WHERE batch_id = '$b'")," \
	    "pages $(sql "SELECT coalesce(sum(page_count), 0) FROM document WHERE batch_id = '$b'")"
done
cut -f6 quarantined | sed 's/: .*//' | sort | uniq -c | sed 's/^/# quarantined: /'

test_done
