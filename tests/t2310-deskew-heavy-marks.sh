#!/bin/bash
# t2310-deskew-heavy-marks: a few heavy marks do not choose the split for
# the many letters.  A receipt stamp (thick dark red strokes, 18 of the
# page's 88 text spots) over a typescript's faint title page took the
# split of the text's pixels from 185 to 125, and the title was archived
# in broken strokes, 38% of its ink ("Fran. T O U S S A i i"); the page is
# now cut at its letters' middle.  So is a real Kodak patch-T sheet, whose
# small grey print beside its heavy letters was archived broken.  Pages
# of one ink are not moved.
# asan: yes
. "$(dirname "$0")/lib.sh"

B=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k
need_corpus "$B/16_7e494_default.jpg"
if ! command -v convert >/dev/null; then
	test_skip 'ImageMagick (convert) is missing'
	test_done
fi

mkdir in
cp "$B/16_7e494_default.jpg" in/plain.jpg
# the stamp as quality-bench's stamp kind makes it, rotated 8 degrees,
# over the lower half of the title page
convert "$B/16_7e494_default.jpg" \( -size 1300x420 xc:none -fill none \
    -stroke 'rgb(190,35,45)' -strokewidth 10 \
    -draw 'roundrectangle 8,8 1290,410 30,30' -stroke none \
    -fill 'rgb(190,35,45)' -font DejaVu-Sans-Bold -pointsize 110 \
    -draw "text 60,170 'RECU LE'" -draw "text 60,330 '12 MARS 2026'" \
    -rotate -8 \) -geometry +900+1500 -compose multiply -composite \
    -quality 85 in/stamped.jpg || exit 1
# a real one: a Kodak patch-T sheet (the field corpus's naps2), its line of
# small grey print beside heavy letters and bars
K=$CORPUS/field/naps2/deskewed.jpg
[ -f "$K" ] && cp "$K" in/patch-t.jpg
# five pages of the book, of one ink each
for p in 18_9f102 20_21abf 22_c266f 24_3cb67 26_5b4af; do
	[ -f "$B/${p}_default.jpg" ] && cp "$B/${p}_default.jpg" in/
done

# title_ink FILE: the share of ink in the title's lines on FILE's cleaned
# page (a bilevel TIFF of the page's size: the title stays in place)
title_ink() {
	convert "$(ocr_dir "$1")/$(key "$1" 1 image)" -crop 1400x300+900+500 \
	    -format '%[fx:1-mean]' info:
}

test_expect_success 'ingest and deskew the pages' '
	dossier-ingest -w 0 in >/dev/null &&
	dossier-deskew >/dev/null &&
	test $(jobs_in ocr/new) = $(ls in | wc -l)
'

test_expect_success 'the stamped page: cut at its letters'\'' middle, and why' '
	key stamped.jpg 1 binarisation | grep -q "heavy marks" &&
	t=$(key stamped.jpg 1 threshold) && echo "threshold $t" &&
	test "$t" -ge 160
'

test_expect_success '... its title keeps its strokes: 70% of the ink it has unstamped' '
	p=$(title_ink plain.jpg) && s=$(title_ink stamped.jpg) &&
	echo "title ink: $s stamped, $p plain" &&
	awk -v p="$p" -v s="$s" "BEGIN { exit !(p > 0.005 && s >= 0.7 * p) }"
'

if [ -f "$K" ]; then
	test_expect_success 'the patch-T sheet: its small print kept whole, not broken' '
		key patch-t.jpg 1 binarisation | grep -q "heavy marks" &&
		i=$(convert "$(ocr_dir patch-t.jpg)/$(key patch-t.jpg 1 image)" \
		    -crop 1400x50+650+740 -format "%[fx:1-mean]" info:) &&
		echo "small print: ink $i (0.017 when cut at 100)" &&
		awk -v i="$i" "BEGIN { exit !(i >= 0.04) }"
	'
else
	test_skip 'the field corpus file naps2/deskewed.jpg is absent'
fi

test_expect_success 'pages of one ink are split by their text, not moved' '
	for f in plain.jpg $(cd in && ls *_default.jpg 2>/dev/null); do
		m=$(key "$f" 1 binarisation) &&
		echo "$f: $m, $(key "$f" 1 threshold)" &&
		test "$m" = "background-normalised, split by the text" ||
		return 1
	done
'

test_done
