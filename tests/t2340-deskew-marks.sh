#!/bin/bash
# t2340-deskew-marks: the binary page keeps pale marks that are not text:
# a reader's pencil underline and margin line on a real typescript, a
# green underline on a real form, a pale blue signature and a pale red
# stamp drawn on real pages; but not a shaded box's dot screen nor a
# highlighter's band, which would black out the text under them.  The
# OCR image is not changed.
# asan: yes
. "$(dirname "$0")/lib.sh"
# every key the stage writes must be one of jobkey.c's table
export DOSSIER_STRICT_KEYS=1

T=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k/24_3cb67_default.jpg
N=$CORPUS/field/naps2/filled_form_annotated.png
F=$CORPUS/field/funsd-lowdpi/images/82252956_2958.png
C=$CORPUS/field/docspell/camera/letter-en.jpg
if [ ! -f "$T" ] || [ ! -f "$N" ] || [ ! -f "$F" ] || [ ! -f "$C" ]; then
	test_skip 'the corpus (tapuscorpus-fr, naps2, funsd-lowdpi, docspell) is absent'
	test_done
fi
# white FILE GEOMETRY: the white share of the cleaned page of FILE there
white() {
	convert "$(ocr_dir "$1")/p0001.tif" -crop "$2" -format "%[fx:mean]" info:
}
# spix_dark FILE X Y W H: the pixels under 128 in that box of the 8 bpp
# spix FILE (leptonica's header of 28 bytes, then rows of WPL words: X
# and W multiples of 4, the order of the bytes in a word is no matter)
spix_dark() {
	python3 -c '
import struct, sys
f, x, y, w, h = sys.argv[1], *map(int, sys.argv[2:])
b = open(f, "rb").read()
W, H, d, wpl = struct.unpack("<4I", b[4:20])
assert b[:4] == b"spix" and d == 8 and x % 4 == 0 and w % 4 == 0
print(sum(v < 128 for r in range(y, y + h)
    for v in b[28 + r * wpl * 4 + x:28 + r * wpl * 4 + x + w]))' "$@"
}
cmp_num() {
	awk "BEGIN { exit !(($1) $2 ($3)) }"
}

mkdir in
cp "$T" in/pencil.jpg
cp "$N" in/form.png
cp "$F" in/shaded.png
# the same typescript, signed in pale blue ballpoint under its last line
convert "$T" -fill none -stroke 'rgb(150,160,200)' -strokewidth 3 \
    -draw "path 'M 1500,2900 C 1600,2700 1700,3100 1800,2850 S 2000,2700 2100,2950 S 2300,3050 2400,2800'" \
    -quality 92 in/signed.jpg
# a phone photo of a letter, stamped in pale red: two rings, two lines
convert "$C" -fill none -stroke 'rgb(235,130,130)' -strokewidth 4 \
    -draw 'circle 1200,1900 1200,1720' -draw 'circle 1200,1900 1200,1760' \
    -stroke none -fill 'rgb(235,130,130)' -font DejaVu-Sans-Bold \
    -pointsize 12 -annotate +1110+1880 'RECU LE' \
    -annotate +1100+1950 '12-03-2026' -quality 92 in/stamped.jpg

test_expect_success 'ingest and deskew the pages' '
	dossier-ingest -w 0 in >ids &&
	dossier-deskew <ids >ids2 &&
	test $(wc -l <ids2) = 5
'

test_expect_success 'a reader'\''s pencil underline and margin line kept' '
	test "$(key pencil.jpg 1 image_type)" = tiff-g4 &&
	test "$(key pencil.jpg 1 marks)" -ge 3 &&
	# under "et les jeunes filles", and beside the paragraph
	u=$(white pencil.jpg 548x29+724+1452) &&
	m=$(white pencil.jpg 15x160+583+629) &&
	echo "white share: underline $u, margin line $m" &&
	cmp_num "$u" "<" 0.95 && cmp_num "$m" "<" 0.95
'

test_expect_success 'a pale blue signature kept' '
	test "$(key signed.jpg 1 marks)" -ge 1 &&
	s=$(white signed.jpg 1000x400+1450+2700) &&
	echo "white share where the signature is: $s" &&
	cmp_num "$s" "<" 0.995
'

test_expect_success 'a pale red stamp kept: its rings and its date' '
	test "$(key stamped.jpg 1 image_type)" = tiff-g4 &&
	test "$(key stamped.jpg 1 marks)" -ge 2 &&
	test "$(key stamped.jpg 1 spots_split)" -ge 1 &&
	# the outer ring at its right, the inner one at its left, the date
	o=$(white stamped.jpg 20x60+1370+1870) &&
	i=$(white stamped.jpg 20x60+1050+1870) &&
	d=$(white stamped.jpg 120x30+1095+1928) &&
	echo "white share: outer ring $o, inner ring $i, date $d" &&
	cmp_num "$o" "<" 0.95 && cmp_num "$i" "<" 0.95 &&
	cmp_num "$d" "<" 0.95
'

test_expect_success 'the OCR image does not take the marks' '
	zstd -dq "$(ocr_dir pencil.jpg)/p0001.ocr.spix.zst" -o ocr.spix &&
	dark=$(spix_dark ocr.spix 724 1452 548 29) &&
	echo "dark pixels of the OCR image under the underline: $dark" &&
	test "$dark" -lt 100
'

test_expect_success 'a green underline on a form kept, its highlighter band not blackened' '
	test "$(key form.png 1 marks)" -ge 1 &&
	u=$(white form.png 1359x4+208+376) &&
	echo "white share of the underline: $u" &&
	cmp_num "$u" "<" 0.5 &&
	# the yellow band around the first line: its text, not a black bar
	b=$(white form.png 1300x60+200+290) &&
	echo "white share of the highlighted line: $b" &&
	cmp_num "$b" ">" 0.7
'

test_expect_success 'a shaded box'\''s dot screen not blackened' '
	s=$(white shaded.png 500x90+370+1220) &&
	echo "white share of the shaded header cells: $s" &&
	cmp_num "$s" ">" 0.8
'

test_done
