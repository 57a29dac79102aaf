#!/bin/bash
# t2345-deskew-small-print: the periods, colons and decimal points of small
# print (7 points: 2 pixels at 200 dpi) are no specks: a black-and-white
# scan keeps them on its archived page and OCR reads them ("3.5 pour
# cent" was read "35 pour cent", every amount and date lost its
# separators); a grey scan's archived page keeps them too; a page
# speckled all over keeps its speckle cleared
# asan: yes
. "$(dirname "$0")/lib.sh"

T="Montant total : 1.234.567 EUR le 12.03.2026 a 14.30 h.
Reference n. 2026.04.418 - compte 068.2251.33.
Periode : du 01.01.2026 au 31.03.2026 inclus.
Taux applique : 3.5 pour cent. Fin."

mkdir in
test_expect_success 'make the pages' '
	convert -size 1654x800 xc:white -density 200 -units PixelsPerInch \
	    -font DejaVu-Sans -pointsize 7 -fill black -annotate +100+130 "$T" \
	    small.png &&
	convert small.png -threshold 50% -type bilevel -compress Group4 \
	    in/bw.tif &&
	convert small.png -blur 0x0.5 -quality 85 -density 200 \
	    -units PixelsPerInch in/grey.jpg &&
	# speckled as a fax: 3% of its pixels black or white at random
	convert small.png -seed 5 -attenuate 0.03 +noise Impulse \
	    -threshold 50% -type bilevel -compress Group4 in/speckled.tif
'

test_expect_success 'ingest and deskew the pages' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >ids &&
	test $(wc -l <ids) = 3
'

# dots IMAGE: the marks of IMAGE of at most 3 x 3 pixels
dots() {
	convert "$1" -threshold 50% -negate -define \
	    connected-components:verbose=true -connected-components 8 \
	    null: | awk '$2 ~ /^[123]x[123]\+/ && $NF != "gray(0)" && \
	    $NF != "srgb(0,0,0)" { n++ } END { print n + 0 }'
}

test_expect_success 'the archived pages keep the small marks' '
	want=$(dots in/bw.tif) && echo "scan: $want" &&
	test $want -ge 25 &&
	for f in bw.tif grey.jpg; do
		got=$(dots "$(ocr_dir $f)/$(key $f 1 image)") &&
		echo "$f: $got, $(key $f 1 specks_kept) kept" &&
		test $got -ge $((want * 9 / 10)) || return 1
	done
'

test_expect_success 'the speckled page keeps its speckle cleared' '
	test -z "$(key speckled.tif 1 specks_kept)"
'

test_expect_success 'OCR reads the amounts and dates whole' '
	dossier-ocr <ids >/dev/null &&
	m=$(grep -l "^source_file=bw.tif$" \
	    "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	t="$(dirname "$m")/$(sed -n "s/^page\.1\.text=//p" "$m")" &&
	cat "$t" &&
	for w in 1.234.567 12.03.2026 14.30 2026.04.418 068.2251.33 \
	    01.01.2026 31.03.2026 3.5; do
		grep -qF "$w" "$t" || { echo "no $w"; return 1; }
	done
'

test_done
