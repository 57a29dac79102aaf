#!/bin/bash
# t1110-ingest-pdf-jpeg: a scanner's PDF, one JPEG a page, reads as its
# JPEGs do as files: the same decoded pixels (page.pixels_sha256), so that
# the same scan filed as a JPEG and inside a PDF is a probable duplicate,
# and the same text.  MuPDF decoded such a JPEG to RGB and made that grey,
# other pixels than the JPEG's luminance that a JPEG file is read as, in
# twice deskew's time.  A JPEG the PDF says to read otherwise (a decode
# array that inverts it) is still MuPDF's to decode.
# asan: yes
. "$(dirname "$0")/lib.sh"

TC=$(ls "$CORPUS"/tapuscorpus-fr/*/22_c266f_default.jpg 2>/dev/null | head -1)
LETTER=$CORPUS/field/docspell/camera/letter-en.jpg
if [ -z "$TC" ] || [ ! -f "$LETTER" ]; then
	test_skip 'the corpus is absent'
	test_done
fi

export DOSSIER_SPOOL=$PWD/spool DOSSIER_ARCHIVE=$PWD/archive.db

# a colour typescript at 300 dpi and a grey photographed letter, as files,
# and as the two pages of a PDF a scanner writes: each JPEG's bytes as they
# are (DCTDecode), drawn over the whole page at the file's resolution (the
# letter's JFIF says 72 dpi for no unit: drawn at 200)
mkdir files pdf neg
cp "$TC" files/typescript.jpg &&
cp "$LETTER" files/letter.jpg &&
convert "$LETTER" -negate -quality 90 neg.jpg || exit 1
J=$SRCDIR/tests/tools/scanpdf.py
python3 "$J" pdf/scan.pdf files/typescript.jpg files/letter.jpg:200 &&
python3 "$J" pdf/colour.pdf files/typescript.jpg &&
# the letter's negative, which the PDF says to invert: the page is the letter
python3 "$J" neg/inverted.pdf neg.jpg:200:invert || exit 1

# digest FILE PAGE: page.pixels_sha256 of page PAGE of the document of FILE
digest() {
	sql "SELECT p.pixels_sha256 FROM page p JOIN document d
	    ON d.id = p.document_id WHERE d.source_file = '$1' AND p.page_no = $2"
}
# text FILE PAGE: the text of page PAGE of the document of FILE
text() {
	sql "SELECT p.text FROM page p JOIN document d
	    ON d.id = p.document_id WHERE d.source_file = '$1' AND p.page_no = $2"
}

test_expect_success 'the JPEGs as files, then the PDF of them, archived' '
	dossier-ingest -w 0 -b FILES files >/dev/null 2>err && chain 2>>err &&
	dossier-ingest -w 0 -b PDF pdf >/dev/null 2>>err && chain 2>>err &&
	test "$(sql "SELECT count(*) FROM page")" = 5 ||
	{ cat err; false; }
'

test_expect_success 'each PDF page has the pixels of its JPEG as a file' '
	a=$(digest typescript.jpg 1) && b=$(digest letter.jpg 1) &&
	test -n "$a" && test -n "$b" &&
	test "$(digest scan.pdf 1)" = "$a" &&
	test "$(digest scan.pdf 2)" = "$b"
'

test_expect_success 'and its text' '
	text typescript.jpg 1 >t1 && text scan.pdf 1 >p1 && test_cmp t1 p1 &&
	text letter.jpg 1 >t2 && text scan.pdf 2 >p2 && test_cmp t2 p2 &&
	grep -q "Little League" p2
'

test_expect_success 'so a PDF of the colour page is a probable duplicate' '
	id=$(sql "SELECT id FROM document WHERE source_file = '"'typescript.jpg'"'") &&
	test "$(sql "SELECT t.value FROM tag t
	    JOIN document d ON d.id = t.document_id
	    WHERE d.source_file = '"'colour.pdf'"'
	    AND t.name = '"'probable_duplicate'"'")" = "document:$id"
'

test_expect_success 'a JPEG the PDF inverts is decoded inverted: no negative' '
	dossier-ingest -w 0 -b NEG neg >/dev/null 2>err &&
	dossier-deskew >/dev/null 2>>err &&
	test -z "$(key inverted.pdf 1 negative)" &&
	dossier-ocr >/dev/null 2>>err && dossier-classify >/dev/null &&
	dossier-tag >/dev/null && dossier-load >/dev/null 2>>err &&
	text inverted.pdf 1 | grep -q "Little League" ||
	{ cat err; false; }
'

test_done
