#!/bin/bash
# t2430-deskew-blank-ruled: the back of a letter written on a page of a
# school exercise book (Seyes ruling) or on squared paper, scanned duplex,
# is a blank sheet: its lines are ink, but run from edge to edge, and
# nothing else is on it.  It was archived as a page that is not blank, and
# OCR warned that it read nothing.  Now it is blank but for its ruled
# lines (ruled_blank); the archive keeps its image as for any blank page.
# A note on such a sheet, in pencil or in a small hand, keeps it a page,
# wherever it sits between the lines and whatever the scanner's noise (a
# pencil note that the binary page lost whole was blank, on one noise in
# five: the grey page is weighed too, and the page is split between ink
# and paper without its ruling's lines, darker than the pencil, where that
# keeps more ink); so does a line of small type on a bilevel page, which
# the ink share alone called blank (blank_by).  The back of a letter that
# was posted folded in three shows its folds' shadows from edge to edge,
# thicker than a ruling's lines (1/30 inch): taken out too, up to 1/10
# inch, it is blank; a note or a signature beside a fold keeps it a page.
# asan: yes
. "$(dirname "$0")/lib.sh"

mkdir in
. "$SRCDIR/tests/tools/ruling.sh"
W=2480 H=3508
paper='rgb(250,249,245)'
# sheet KIND OUT [DRAW...]: a sheet of KIND (seyes, squared, plain), the
# ink of the -draw arguments multiplied over it, scanner noise (of seed
# SEED, 1 unless set: the test is the same on every run), a 300-dpi JPEG
# in OUT
sheet() {
	local k=$1 out=$2 rule=
	shift 2
	[ "$k" = plain ] || rule=$(ruling "$k" $W $H)
	convert -size ${W}x$H xc:"$paper" -draw "$rule stroke none" \
		\( -size ${W}x$H xc:white "$@" \) -compose multiply -composite \
		-seed "${SEED:-1}" -attenuate 0.3 +noise Gaussian -density 300 \
		-units PixelsPerInch -quality 90 "$out"
}
# pencil PT Y: the -draw arguments of a pencil note in PT points (at 300
# dpi, pixels) on line Y, into the array note
pencil() {
	note=(-fill 'gray(59%)' -font DejaVu-Sans -pointsize "$1" -draw
	    "text 900,$2 'vu le 3 mars'")
}
scribble=(-fill none -stroke 'rgb(20,30,110)' -strokewidth 4 -draw
	"path 'M 1500,2800 C 1550,2700 1600,2900 1650,2780 S 1750,2850 1800,2760 S 1900,2900 1950,2790'")
pencil 30 1200
for k in seyes squared; do
	sheet $k in/$k-blank.jpg
	sheet $k in/$k-pencil.jpg "${note[@]}"
	sheet $k in/$k-signed.jpg "${scribble[@]}"
done
# on Seyes paper, across the lines and smaller, on other noises: the
# binary page lost some of these whole
SEED=2 sheet seyes in/seyes-pencil-2.jpg "${note[@]}"
pencil 20 1212
SEED=3 sheet seyes in/seyes-pencil-3.jpg "${note[@]}"
pencil 24 1206
SEED=4 sheet seyes in/seyes-pencil-4.jpg "${note[@]}"
pencil 30 1200
# and beside a signature, darker than the lines: split without them, the
# page's level fell under the pencil (100), and the note was lost whole
SEED=5 sheet seyes in/seyes-pencil-signed.jpg "${note[@]}" "${scribble[@]}"
# scanned crooked and a little soft; and by a bilevel scanner
convert in/seyes-blank.jpg -background "$paper" -rotate 0.7 -blur 0x1.2 \
	-gravity center -crop ${W}x$H+0+0 +repage -density 300 \
	-units PixelsPerInch -quality 80 in/seyes-crooked.jpg
convert in/seyes-blank.jpg -colorspace gray -threshold 80% -type bilevel \
	-compress Group4 in/seyes-bilevel.tif
# plain paper folded in three: two soft shadows from edge to edge, the
# second a little slanted the other way
fold=(-stroke 'gray(55%)' -strokewidth 6 -draw "line 0,1170 $W,1195"
	-draw "line 0,2340 $W,2322" -blur 0x4 -stroke none -strokewidth 1)
sheet plain in/folded-blank.jpg "${fold[@]}"
sheet plain in/folded-pencil.jpg "${fold[@]}" "${note[@]}"
sheet plain in/folded-signed.jpg "${fold[@]}" "${scribble[@]}"
# a note in small type (7 points) on plain paper, bilevel
sheet plain note.jpg "${note[@]}"
convert note.jpg -colorspace gray -threshold 70% -type bilevel \
	-compress Group4 in/plain-note.tif

test_expect_success 'the sheets through ingest and deskew' '
	dossier-ingest -w 0 in | dossier-deskew -v >ids 2>log &&
	test $(wc -l <ids) = 16
'

test_expect_success 'a blank ruled or squared sheet is blank' '
	for f in seyes-blank.jpg squared-blank.jpg seyes-crooked.jpg \
	    seyes-bilevel.tif; do
		test "$(key $f 1 blank)" = 1 || { echo "$f not blank"; return 1; }
	done &&
	grep -q "blank but for its ruled lines" log
'

test_expect_success 'its image is kept, lines and all' '
	m=$(grep -l "^source_file=seyes-blank.jpg$" "$DOSSIER_SPOOL"/ocr/new/*/meta) &&
	f=$(dirname "$m")/$(key seyes-blank.jpg 1 image) &&
	convert "$f" -format "%[fx:int(1000000*(1-mean))]\n" info: >ink &&
	cmp_num "$(cat ink)" ">" 10000
'

test_expect_success 'a pencil note or a signature on such a sheet is no blank page' '
	for f in seyes-pencil.jpg squared-pencil.jpg seyes-signed.jpg \
	    squared-signed.jpg seyes-pencil-2.jpg seyes-pencil-3.jpg \
	    seyes-pencil-4.jpg seyes-pencil-signed.jpg; do
		test "$(key $f 1 blank)" = 0 || { echo "$f blank"; return 1; }
	done
'

# img FILE: the binary page that deskew made of FILE
img() {
	local m
	m=$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/ocr/new/*/meta) &&
	echo "$(dirname "$m")/$(key "$1" 1 image)"
}
test_expect_success 'the binary page keeps a pencil note between the lines' '
	# the ink of each page about its note that the blank sheet, its
	# lines in the same place, does not have: the note, some 300 to
	# 1000 pixels (the pages that lost it whole had 40)
	b=$(img seyes-blank.jpg) &&
	for f in seyes-pencil.jpg seyes-pencil-2.jpg seyes-pencil-3.jpg \
	    seyes-pencil-4.jpg seyes-pencil-signed.jpg; do
		p=$(img $f) &&
		n=$(convert \( "$p" -crop 260x60+880+1160 +repage \) \
		    \( "$b" -crop 260x60+880+1160 +repage \) -fx "(1-u)*v" \
		    -format "%[fx:int(mean*w*h+0.5)]" info:) &&
		echo "$f $n" &&
		cmp_num "$n" ">" 200 || return 1
	done
'

test_expect_success 'a line of small type on a bilevel page is no blank page' '
	test "$(key plain-note.tif 1 blank)" = 0
'

test_expect_success 'a blank sheet folded in three is blank' '
	test "$(key folded-blank.jpg 1 blank)" = 1
'

test_expect_success '... a pencil note or a signature beside its folds is not' '
	test "$(key folded-pencil.jpg 1 blank)" = 0 &&
	test "$(key folded-signed.jpg 1 blank)" = 0
'

test_done
