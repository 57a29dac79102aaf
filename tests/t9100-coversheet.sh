#!/bin/bash
# t9100-coversheet: dossier-coversheet prints sheets as PDF, PNG and TIFF
# (with the registry's address, for one household or all), refuses what
# is not a reference, and a sheet printed, then "scanned" (turned, skewed,
# noisy, blurred, at 200 dpi, bilevel at 100 dpi, a fax at 204x98 dpi)
# reads back with -r, the reader that ingest uses; plain pages and QR
# codes with other texts are not cover sheets
# asan: yes
. "$(dirname "$0")/lib.sh"

BARCODES=$CORPUS/field/paperless-ngx/documents-samples/barcodes

# pages FILE - the number of pages of a PDF or TIFF file
pages() {
	case $1 in
	*.pdf)	grep -a -c '/Type */Page\b' "$1" | head -n 1 ;;
	*)	tiffinfo "$1" 2>/dev/null | grep -c '^TIFF Directory' ;;
	esac
}

test_expect_code 2 'a reference that is not one is refused' '
	dossier-coversheet -o bad.pdf "H 42" 2>err
'

test_expect_success '... by name, and nothing is written' '
	grep -q "'"'H 42'"' is not a valid reference" err &&
	test ! -e bad.pdf
'

test_expect_code 2 'a format it does not know is refused' '
	dossier-coversheet -o sheet.jpg H-0042
'

test_expect_code 2 '--all needs the archive' '
	dossier-coversheet --all -o all.pdf
'

test_expect_success 'one sheet as PNG: A4 at 300 dpi, 1 bit, owner-only' '
	dossier-coversheet -o one.png H-0042 &&
	file one.png | grep -q "2480 x 3508, 1-bit" &&
	test "$(stat -c %a one.png)" = 600
'

test_expect_success 'several sheets: one PDF, one TIFF, numbered PNGs' '
	dossier-coversheet -o three.pdf A-1 B.2 c/3 &&
	test "$(pages three.pdf)" = 3 &&
	dossier-coversheet -T tiff -o three.out A-1 B.2 c/3 &&
	test "$(pages three.out)" = 3 &&
	dossier-coversheet -o many.png A-1 B.2 &&
	test -f many-1.png && test -f many-2.png && test ! -e many.png
'

test_expect_success 'to standard output by -T' '
	dossier-coversheet -T png H-0042 >out.png &&
	file out.png | grep -q "PNG image"
'

test_expect_success 'with the registry: the address, --all' '
	dossier-registry "$SAMPLES/registry.csv" 2>/dev/null &&
	n=$(sql "SELECT count(*) FROM household") &&
	dossier-coversheet -a "$DOSSIER_ARCHIVE" --all -o all.tif &&
	test "$(pages all.tif)" = "$n" &&
	dossier-coversheet -a "$DOSSIER_ARCHIVE" -o addr.png HH-2026-0001 &&
	dossier-coversheet -o plain.png HH-2026-0001 &&
	! cmp -s addr.png plain.png
'

test_expect_code 1 'a household the registry does not know gets no sheet' '
	dossier-coversheet -a "$DOSSIER_ARCHIVE" -o some.pdf HH-2026-0002 \
	    NOPE-1 2>err
'

test_expect_success '... named, the others printed, no address shown' '
	grep -q "no household '"'NOPE-1'"'" err &&
	test "$(pages some.pdf)" = 1 &&
	! grep -q Sleepstraat err
'

# the sheet as a scanner gives it back
test_expect_success 'scans of a sheet: turned, skewed, noisy, 200 dpi' '
	dossier-coversheet -o sheet.png HH-2026-0001 &&
	convert sheet.png -background white -rotate 93 -attenuate 0.6 \
	    -seed 1 +noise Gaussian -blur 0x2 -resize 66.67% -colorspace Gray \
	    -density 200 -units PixelsPerInch scan-90.png &&
	convert sheet.png -background white -rotate 178 -attenuate 1.5 \
	    -seed 1 +noise Impulse -resize 66.67% -threshold 50% +repage \
	    -density 200 -units PixelsPerInch -compress Group4 scan-180.tif &&
	convert sheet.png -background white -rotate -4 -colorspace sRGB \
	    -fill "#f0e0c0" -opaque white -attenuate 0.5 -seed 1 +noise Gaussian \
	    -quality 60 -density 300 -units PixelsPerInch scan-col.jpg &&
	convert sheet.png -background white -rotate 272 -blur 0x3 \
	    -resize 66.67% -colorspace Gray -density 200 \
	    -units PixelsPerInch scan-270.png
'

test_expect_success '... every one reads back' '
	dossier-coversheet -r scan-90.png scan-180.tif scan-col.jpg \
	    scan-270.png >got &&
	printf "%s\t1\tHH-2026-0001\n" scan-90.png scan-180.tif \
	    scan-col.jpg scan-270.png >want &&
	test_cmp want got
'

# photos of a sheet in uneven light: the paper on the dark side is
# darker than the whole page's split, and the code there was all "dark"
# (lit from the top, from one side, a fold's shadow across the code)
test_expect_success 'photos of a sheet in uneven light read back' '
	convert sheet.png -depth 8 \( -size 2480x3508 \
	    gradient:"#555555"-"#eeeeee" \) -compose multiply -composite \
	    -quality 80 lit-top.jpg &&
	convert sheet.png -depth 8 \( -size 3508x2480 \
	    gradient:"#444444"-white -rotate 90 \) -compose multiply \
	    -composite -quality 80 lit-side.jpg &&
	convert sheet.png -depth 8 \( -size 2480x3508 xc:white \
	    -fill "#666666" -draw "rectangle 0,900 2480,1300" -blur 0x60 \) \
	    -compose multiply -composite -quality 80 fold.jpg &&
	convert sheet.png -depth 8 -distort Perspective \
	    "0,0 200,150 2480,0 2250,300 0,3508 100,3300 2480,3508 2400,3450" \
	    -resize 60% \( -size 1488x2105 gradient:"#777777"-"#eeeeee" \) \
	    -compose multiply -composite -quality 80 keystone.jpg &&
	dossier-coversheet -r lit-top.jpg lit-side.jpg fold.jpg keystone.jpg \
	    >got &&
	printf "%s\t1\tHH-2026-0001\n" lit-top.jpg lit-side.jpg fold.jpg \
	    keystone.jpg >want &&
	test_cmp want got
'

# a bilevel page under 150 dpi is looked at unshrunk, two grey levels
# only; a fax at standard resolution has pixels twice as high as wide
test_expect_success 'scans of a sheet: bilevel at 100 dpi, a fax at 204x98' '
	convert sheet.png -resize 33.33% -threshold 50% -type Bilevel \
	    -density 100 -units PixelsPerInch scan-100.png &&
	convert sheet.png -resize 33.33% -threshold 50% -density 100 \
	    -units PixelsPerInch -compress Group4 scan-100.tif &&
	convert sheet.png -background white -rotate 2 +repage -resize "1728x1145!" \
	    -threshold 50% -density 204x98 -units PixelsPerInch \
	    -compress Fax fax.tif &&
	tiffinfo fax.tif | grep -q "Resolution: 204, 98" &&
	dossier-coversheet -r scan-100.png scan-100.tif fax.tif >got &&
	printf "%s\t1\tHH-2026-0001\n" scan-100.png scan-100.tif fax.tif \
	    >want &&
	test_cmp want got
'

test_expect_success 'a multi-page TIFF: the sheets among the pages' '
	convert "$SAMPLES/inbox/scan_20261121_0001.png" scan-180.tif \
	    "$SAMPLES/inbox/scan_20261121_0006.png" -compress Group4 \
	    batch.tif &&
	dossier-coversheet -r batch.tif >got &&
	printf "batch.tif\t2\tHH-2026-0001\n" >want &&
	test_cmp want got
'

test_expect_success 'the sample pages are not cover sheets' '
	dossier-coversheet -r "$SAMPLES"/inbox/*.* "$SAMPLES"/inbox/accueil/* \
	    >got &&
	test_cmp /dev/null got
'

test_expect_code 1 'a file that is not an image is reported' '
	echo "not an image" >junk.png &&
	head -c 3000 sheet.png >cut.png &&
	dossier-coversheet -r junk.png cut.png sheet.png >got 2>err
'

test_expect_success '... by name, the others read' '
	grep -q "junk.png" err && grep -q "cut.png" err &&
	printf "sheet.png\t1\tHH-2026-0001\n" >want &&
	test_cmp want got
'

if [ -d "$BARCODES" ]; then
	test_expect_success 'PATCH-T pages (TIFF) are not cover sheets' '
		dossier-coversheet -r "$BARCODES"/*.tiff >got &&
		test_cmp /dev/null got
	'
	# QR codes reading TAG:invoice, ASN00111, CUSTOM BARCODE, ...
	if dossier-coversheet -r "$BARCODES/barcode-qr-custom.pdf" \
	    >/dev/null 2>&1; then
		test_expect_success 'QR codes of other texts are not sheets' '
			dossier-coversheet -r "$BARCODES"/*.pdf >got &&
			test_cmp /dev/null got
		'
		# the light side of a photo holds another QR code (a
		# payment's), which reads: the sheet's code in the shadow is
		# still looked for with the light evened out
		test_expect_success 'a sheet photo with another QR code in the light' '
			mutool draw -q -r 150 -c gray -o qrc.png \
			    "$BARCODES/barcode-qr-custom.pdf" 1 &&
			convert qrc.png -crop 380x400+440+360 +repage \
			    -resize 200% other.png &&
			convert sheet.png other.png -geometry +100+2500 \
			    -composite -depth 8 \( -size 3508x2480 \
			    gradient:"#444444"-white -rotate 90 \) \
			    -compose multiply -composite -quality 80 \
			    lit-other.jpg &&
			dossier-coversheet -r lit-other.jpg >got &&
			printf "lit-other.jpg\t1\tHH-2026-0001\n" >want &&
			test_cmp want got
		'
	else
		test_skip 'QR codes with other texts: no PDF reader yet'
	fi
else
	test_skip 'no corpus: paperless-ngx barcode samples'
fi

test_done
