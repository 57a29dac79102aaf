#!/bin/bash
# t3000-ocr: text and confidences of cleaned pages with the tesseract engine
. "$(dirname "$0")/lib.sh"

mkdir in
cp "$SAMPLES"/inbox/scan_20261121_0001.png "$SAMPLES"/inbox/scan_20261121_0002.png \
    "$SAMPLES"/inbox/scan_20261121_0015.png in/
convert -size 2480x3508 xc:white -density 300 -units PixelsPerInch in/white.png

test_expect_success 'ingest and deskew' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	test $(jobs_in ocr/new) = 4
'

test_expect_success 'ocr -j 2 recognises every page, ids on stdout' '
	dossier-ocr -j 2 >ids &&
	test $(wc -l <ids) = 4 && test $(jobs_in classify/new) = 4
'

# text FILE: the OCR text of the first page of FILE's job
text() {
	dir=$(dirname $(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta))
	cat "$dir/p0001.txt"
}

test_expect_success 'the text holds the expected phrases of the ground truth' '
	for f in scan_20261121_0001.png scan_20261121_0002.png scan_20261121_0015.png; do
		text $f | tr "\n" " " | tr -s " " >t &&
		grep -P "^$f\t" "$SAMPLES/phrases.tsv" | cut -f3 | while read -r ph; do
			grep -qiF "$ph" t || { echo "missing in $f: $ph"; exit 1; }
		done || exit 1
	done
'

test_expect_success 'confidence and word boxes are recorded' '
	m=$(grep -l "^source_file=scan_20261121_0001.png$" "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	c=$(grep "^page.1.ocr_conf=" "$m" | cut -d= -f2) &&
	test "$c" -ge 70 && test "$c" -le 100 &&
	tsv=$(dirname "$m")/$(grep "^page.1.words=" "$m" | cut -d= -f2) &&
	test $(wc -l <"$tsv") -gt 50 &&
	w=$(grep "^page.1.width=" "$m" | cut -d= -f2) &&
	h=$(grep "^page.1.height=" "$m" | cut -d= -f2) &&
	# line left top width height conf text (dossier-archive(5) page.words)
	awk -F"\t" -v W=$w -v H=$h "NF != 7 || \$1 < 1 || \$2 < 0 || \$3 < 0 ||
	    \$2 + \$4 > W + 1 || \$3 + \$5 > H + 1 || \$6 < 0 || \$6 > 100 ||
	    \$7 == \"\" { bad++; print } END { exit bad > 0 }" "$tsv" &&
	# lines numbered from 1 in order, and the words are the text
	awk -F"\t" "\$1 < l { exit 1 } { l = \$1 }" "$tsv" &&
	test $(cut -f1 "$tsv" | sort -un | wc -l) -gt 10 &&
	tr -s " \n" "\n\n" <"$(dirname "$m")/p0001.txt" | grep -v "^$" >words &&
	cut -f7 "$tsv" >tsvwords && test_cmp words tsvwords
'

# meta FILE: the meta file of FILE's job
meta() {
	grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta
}

test_expect_success 'page.K.lang: the language of the page text, as in the truth' '
	for f in scan_20261121_0001.png scan_20261121_0002.png scan_20261121_0015.png; do
		want=$(awk -F"\t" -v f=$f "\$1 == f { print \$5 }" "$SAMPLES/truth.tsv") &&
		echo "page.1.lang=$want" >expect &&
		grep "^page.1.lang=" $(meta $f) >actual &&
		test_cmp expect actual || exit 1
	done &&
	grep -qx "page.1.lang=fra" $(meta scan_20261121_0001.png) &&
	grep -qx "page.1.lang=eng" $(meta scan_20261121_0015.png)
'

test_expect_success 'a blank page is not sent to the engine, and has no language' '
	m=$(meta white.png) &&
	grep -qx "page.1.blank=1" "$m" &&
	! grep -q "^page.1.text=" "$m" &&
	! grep -q "^page.1.lang=" "$m"
'

test_expect_success 'one OpenMP thread per worker' '
	dossier-ocr -n >n && grep -qx "omp-thread-limit: 1" n
'

# image.c's input decoders start at every run (libheif builds libde265's
# tables): OCR reads only the spool's own pages (imagemem.c)
test_expect_success 'OCR loads none of the input decoders (libheif, MuPDF'"'"'s)' '
	ldd "$DOSSIER_BIN/dossier-ocr" >libs && grep -q libtesseract libs &&
	! grep -E "libheif|libde265|libharfbuzz|libmujs|libgumbo|libjbig2dec" libs
'

# omp.c: the regions run by the thread that meets them, no team, no futex
test_expect_success 'every OpenMP entry point libtesseract calls is dossier-ocr'"'"'s own' '
	lib=$(ldd "$DOSSIER_BIN/dossier-ocr" | awk "/libtesseract/ { print \$3 }") &&
	nm -D --undefined-only "$lib" | awk "{ print \$2 }" | sed "s/@.*//" |
	    grep -E "^(GOMP_|omp_)" | sort >want &&
	test -s want &&
	nm -D --defined-only "$DOSSIER_BIN/dossier-ocr" | awk "{ print \$3 }" |
	    sort >have &&
	comm -23 want have >missing &&
	{ test ! -s missing || { cat missing >&2; false; }; }
'

test_expect_code 3 'a missing language cannot run: exit 3, jobs kept' '
	dossier-ingest -w 0 -s sp2 in >/dev/null && dossier-deskew -s sp2 >/dev/null &&
	dossier-ocr -s sp2 -l zzz; rc=$?; test $(ls sp2/ocr/new | wc -l) = 4 && exit $rc
'

test_expect_success 'a job whose image is missing is quarantined' '
	d=$(ls -d sp2/ocr/new/* | head -n 1) && rm "$d/p0001.tif" &&
	{ dossier-ocr -s sp2 >/dev/null 2>err; test $? = 1; } &&
	grep -q "cannot read" err && test $(ls sp2/quarantine | wc -l) = 1
'

test_done
