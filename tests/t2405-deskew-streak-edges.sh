#!/bin/bash
# t2405-deskew-streak-edges: a feeder's streak runs from the top of the
# scan to its foot, and on a sheet whose edges show dark there it runs into
# those bands.  Streak, bands and the letters it crosses were one mark
# touching the page's edge: cleared as a border, with a letter or two of
# every line from the archived page ("Ta c evelure", "Ton ront"), and a
# black streak cut a slice out of each from the page OCR reads.  Now the
# border is the bands alone: the archive keeps the letters and the streak,
# OCR's page is mended across it, and the lines it crosses are read whole.
# asan: yes
. "$(dirname "$0")/lib.sh"

# a typescript page whose sheet edges show dark at its top and foot
T=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k/24_3cb67_default.jpg
need_corpus "$T"
mkdir in
convert "$T" -quality 90 in/clean.jpg
# a grey streak 3 pixels wide through the first letters of the lines, and
# a paler one a pixel wide; then one black streak 2 pixels wide
convert "$T" -fill 'gray(30%)' -draw 'rectangle 960,0 962,4000' \
	-fill 'gray(55%)' -draw 'rectangle 1850,0 1850,4000' \
	-quality 90 in/grey.jpg
convert "$T" -fill 'gray(8%)' -draw 'rectangle 960,0 961,4000' \
	-quality 90 in/black.jpg

# ink KEY-FILE: the dark pixels of the page deskew archives for it
ink() {
	convert "$(ocr_dir "$1")/$(key "$1" 1 image)" \
	    -format '%[fx:round((1 - mean) * w * h)]' info:
}

test_expect_success 'the pages through ingest and deskew' '
	dossier-ingest -w 0 in | dossier-deskew >ids &&
	test $(wc -l <ids) = 3
'

for f in grey.jpg black.jpg; do
	test_expect_success "$f: the border is the sheet's edges alone" "
		test \"\$(key $f 1 border_share)\" = \
		    \"\$(key clean.jpg 1 border_share)\" &&
		test \"\$(key $f 1 lines_out)\" = 1
	"
	# the archived page keeps the letters the streak crosses, and the
	# streak: more ink than the page without it (cleared, the letters
	# went with it: 187,747 dark pixels against 214,254)
	test_expect_success "$f: the archived page keeps the letters it crosses" "
		a=\$(ink $f) && b=\$(ink clean.jpg) &&
		cmp_num \"\$a\" '>' \"\$b\"
	"
done

test_expect_success 'the pages read' '
	dossier-ocr <ids >/dev/null
'

# the streak crosses the first letters of these lines
for f in grey.jpg black.jpg; do
	test_expect_success "$f: the lines it crosses are read whole" "
		page_text $f >text.$f &&
		grep -q 'Ta chevelure' text.$f &&
		grep -q 'Ton front' text.$f &&
		grep -q 'Tes yeux' text.$f &&
		grep -q 'Tes lèvres' text.$f &&
		grep -q 'Ton cou' text.$f
	"
done

test_done
