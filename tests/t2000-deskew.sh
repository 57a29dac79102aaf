#!/bin/bash
# t2000-deskew: skew measured with the SPEC sign and corrected, blank pages,
# binarised G4 output, bad images quarantined
# asan: yes
. "$(dirname "$0")/lib.sh"

# near A B TOL: |A - B| <= TOL
near() {
	awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'
}

page=$SAMPLES/inbox/scan_20261121_0002.png	# straight, bilevel-ish grey page
mkdir in
convert "$page" -background white -rotate 4 in/cw4.png
convert "$page" -background white -rotate -6 in/ccw6.png
convert "$page" -background white -rotate 11 in/cw11.png
cp "$page" in/straight.png
convert -size 2480x3508 xc:white -density 300 -units PixelsPerInch \
	-fill black -draw 'point 100,100 point 1200,1700 point 2000,3000' in/blank.png
convert -size 2480x3508 xc:white -density 300 -units PixelsPerInch \
	-font DejaVu-Sans -pointsize 12 -fill black -annotate +300+400 'Vu et approuvé' in/oneline.png
convert -size 2480x3508 xc:white -density 300 -units PixelsPerInch in/white.png
convert -size 1200x1600 xc:black in/black.png
convert -size 1x1 xc:white in/tiny.png
convert "$page" -colorspace CMYK in/cmyk.tif
convert "$page" -background white -rotate 4 +level-colors navy,ivory \
	-quality 90 in/colour4.jpg
convert "$page" -background white -rotate -3 -colorspace CMYK -quality 90 in/cmyk-3.jpg
convert "$page" -depth 16 in/grey16.png
convert "$page" -monochrome in/bilevel.png
convert "$page" -monochrome -define png:exclude-chunk=pHYs in/bilevel-nodpi.png
# the same page with a colour map whose first colour is black (the
# encoders' usual order is white first), and an untagged bilevel page of
# shapes only, whose text tells no resolution
convert "$page" -monochrome pbm:- | python3 -c '
import struct, sys, zlib
d = sys.stdin.buffer.read()
magic, w, h, rest = d.split(maxsplit=3)
w, h, row = int(w), int(h), (int(w) + 7) // 8
bits = bytes(255 - b for b in rest[:row * h])	# PBM 1 is black: index 0
raw = b"".join(b"\0" + bits[y * row:(y + 1) * row] for y in range(h))
def chunk(t, b):
	return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" +
    chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 3, 0, 0, 0)) +
    chunk(b"PLTE", bytes([0, 0, 0, 255, 255, 255])) +
    chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
' >in/palette-black0.png
convert -size 2480x3508 xc:white -fill black -draw 'rectangle 300,300 900,1100' \
	-draw 'circle 1500,2200 1500,2800' -monochrome \
	-define png:exclude-chunk=pHYs in/shapes-nodpi.png
convert "$page" -rotate 90 in/turned90.png
convert "$page" -rotate 180 in/turned180.png
convert "$page" -rotate 270 in/turned270.png
convert "$page" -background white -rotate 93 in/turned90skew3.png

test_expect_success 'ingest the pages' '
	dossier-ingest -w 0 in >/dev/null
'

test_expect_code 1 'deskew: every job processed, tiny page quarantined (exit 1)' '
	dossier-deskew >out
'

test_expect_success 'skew measured with the SPEC sign: + is clockwise' '
	s=$(key cw4.png 1 skew_deg) && near "$s" 4 0.25 &&
	s=$(key ccw6.png 1 skew_deg) && near "$s" -6 0.25 &&
	s=$(key cw11.png 1 skew_deg) && near "$s" 11 0.3 &&
	s=$(key straight.png 1 skew_deg) && near "$s" 0 0.2
'

test_expect_success 'orientation: the clockwise turn as scanned (SPEC), corrected' '
	test "$(key straight.png 1 orientation)" = 0 &&
	test "$(key turned90.png 1 orientation)" = 90 &&
	test "$(key turned180.png 1 orientation)" = 180 &&
	test "$(key turned270.png 1 orientation)" = 270 &&
	test "$(key turned90.png 1 orientation_uncertain)" = 0 &&
	test "$(key turned90skew3.png 1 orientation)" = 90 &&
	s=$(key turned90skew3.png 1 skew_deg) && near "$s" 3 0.25 &&
	test "$(key turned90.png 1 width)" = 2480
'

test_expect_success 'a page with one short line is not turned on a guess' '
	test "$(key oneline.png 1 orientation)" = 0 &&
	test "$(key oneline.png 1 orientation_uncertain)" = 1
'

test_expect_success 'the corrected page is straight: deskew of the output finds ~0' '
	dir=$(dirname $(grep -l "^source_file=cw4.png$" "$DOSSIER_SPOOL"/ocr/new/*/meta)) &&
	mkdir again && cp "$dir/p0001.tif" again/ &&
	dossier-ingest -s sp2 -w 0 again >/dev/null &&
	dossier-deskew -s sp2 >/dev/null &&
	s=$(grep -h "^page.1.skew_deg=" sp2/ocr/new/*/meta | cut -d= -f2) &&
	near "$s" 0 0.15
'

test_expect_success 'output is a bilevel G4 TIFF with the page size and dpi' '
	dir=$(dirname $(grep -l "^source_file=straight.png$" "$DOSSIER_SPOOL"/ocr/new/*/meta)) &&
	tiffinfo "$dir/p0001.tif" >ti 2>&1 &&
	grep -q "CCITT Group 4" ti && grep -q "Bits/Sample: 1" ti &&
	grep -q "Resolution: 300, 300" ti &&
	test "$(key straight.png 1 width)" = 2480 &&
	test "$(key straight.png 1 image_type)" = tiff-g4
'

test_expect_success 'blank pages: specks and white are blank, one short line is not' '
	test "$(key blank.png 1 blank)" = 1 &&
	test "$(key white.png 1 blank)" = 1 &&
	test "$(key oneline.png 1 blank)" = 0 &&
	test "$(key straight.png 1 blank)" = 0
'

test_expect_success 'odd images are handled: all black, CMYK, 16-bit' '
	test -n "$(key black.png 1 blank)" &&
	test "$(key cmyk.tif 1 blank)" = 0 &&
	test "$(key grey16.png 1 blank)" = 0
'

test_expect_success 'colour and CMYK JPEG (read as luminance): skew measured, OCR page left' '
	s=$(key colour4.jpg 1 skew_deg) && near "$s" 4 0.25 &&
	test "$(key colour4.jpg 1 blank)" = 0 &&
	test -n "$(key colour4.jpg 1 ocr_image)" &&
	s=$(key cmyk-3.jpg 1 skew_deg) && near "$s" -3 0.25 &&
	test "$(key cmyk-3.jpg 1 blank)" = 0
'

test_expect_success 'a page without DPI is taken as 300 and says so' '
	test "$(key black.png 1 dpi)" = 300 &&
	test "$(key black.png 1 dpi_assumed)" = 1
'

test_expect_success 'the 1x1 image is quarantined with a reason' '
	dossier-spool list quarantine >q &&
	grep -q "tiny.png	deskew	page 1: page is too small" q
'

test_expect_success 'a truncated image is quarantined, not a crash' '
	mkdir cut && head -c 5000 "$page" >cut/cut.png &&
	dossier-ingest -w 0 cut >/dev/null &&
	{ dossier-deskew >/dev/null 2>err; test $? = 1; } &&
	grep -q "cut.png\|corrupt image" err &&
	dossier-spool list quarantine | grep -q "cut.png	deskew	page 1: corrupt image"
'

test_expect_success 'the job can be driven alone with --job' '
	mkdir one && cp "$page" one/p.png && convert one/p.png -negate one/q.png &&
	dossier-ingest -w 0 one >ids &&
	dossier-deskew --job $(head -n 1 ids) >o &&
	test_cmp ids o 2>/dev/null || test "$(cat o)" = "$(head -n 1 ids)"
'

# spix_head FILE: width, height and depth of the compressed spix FILE
spix_head() {
	zstd -dc "$1" | od -An -tu4 -j4 -N12 | awk '{ print $1, $2, $3 }'
}

test_expect_success 'grey scans leave OCR an upright grey page; bilevel and blank ones do not' '
	o=$(key cmyk.tif 1 ocr_image) && test -n "$o" &&
	dir=$(dirname $(grep -l "^source_file=cmyk.tif$" "$DOSSIER_SPOOL"/ocr/new/*/meta)) &&
	case $o in *.ocr.spix.zst) ;; *) exit 1 ;; esac &&
	test "$(spix_head "$dir/$o")" = "2480 3508 8" &&
	test $(stat -c %s "$dir/$o") -lt $((2480 * 3508 / 2)) &&
	test -z "$(key bilevel.png 1 ocr_image)" &&
	test -z "$(key white.png 1 ocr_image)"
'

test_expect_success 'a bilevel page without DPI whose text says 200-400 dpi is kept bilevel' '
	test "$(key bilevel-nodpi.png 1 dpi_assumed)" = 1 &&
	test "$(key bilevel-nodpi.png 1 dpi)" = 300 &&
	e=$(key bilevel-nodpi.png 1 dpi_estimate) &&
	test "$e" -ge 200 && test "$e" -le 400 &&
	test "$(key bilevel-nodpi.png 1 binarisation)" = "bilevel input" &&
	test -z "$(key bilevel-nodpi.png 1 ocr_image)"
'

test_expect_success 'a bilevel page with a colour map, black first: kept bilevel, ink black' '
	file in/palette-black0.png | grep -q "1-bit colormap" &&
	test "$(key palette-black0.png 1 binarisation)" = "bilevel input" &&
	dir=$(dirname $(grep -l "^source_file=palette-black0.png$" "$DOSSIER_SPOOL"/ocr/new/*/meta)) &&
	dir2=$(dirname $(grep -l "^source_file=bilevel-nodpi.png$" "$DOSSIER_SPOOL"/ocr/new/*/meta)) &&
	a=$(convert "$dir/$(key palette-black0.png 1 image)" -format "%[fx:mean]" info:) &&
	b=$(convert "$dir2/$(key bilevel-nodpi.png 1 image)" -format "%[fx:mean]" info:) &&
	echo "white share $a, plain page $b" &&
	near "$a" "$b" 0.001 && near "$a" 1 0.2
'

test_expect_success 'an untagged bilevel page without text leaves OCR a bilevel page (1 bpp)' '
	test "$(key shapes-nodpi.png 1 dpi_assumed)" = 1 &&
	test "$(key shapes-nodpi.png 1 dpi_estimate)" = 0 &&
	o=$(key shapes-nodpi.png 1 ocr_image) && test -n "$o" &&
	dir=$(dirname $(grep -l "^source_file=shapes-nodpi.png$" "$DOSSIER_SPOOL"/ocr/new/*/meta)) &&
	test "$(spix_head "$dir/$o")" = "2480 3508 1"
'

test_done
