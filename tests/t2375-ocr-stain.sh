#!/bin/bash
# t2375-ocr-stain: the text under a stain (coffee, water) or in a form's
# field shaded mid grey (a line high or more) is read.  The binary page made such an area one
# black patch, so the page is kept grey (t2370); tesseract splits the grey
# page at one level for the whole page and made the same black patch: the
# lines under the stain, the dossier and national numbers in the shaded
# field, were read as nothing.  OCR's own page has the stains lifted off
# the text (page.K.stains); the archive keeps the page as scanned, and a
# dark banner's white letters, whose ground is no stain, are still read.
# asan: yes
. "$(dirname "$0")/lib.sh"

T=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k/32_80e8b_default.jpg
need_corpus "$T"

# scanned OUT ARGS...: an A4 page at 300 dpi drawn by ImageMagick's ARGS,
# scanned in grey (a little blur and noise), as the JPEG OUT
scanned() {
	local out=$1
	shift
	convert -size 2480x3508 xc:white -density 300 -units PixelsPerInch \
	    "$@" -blur 0x0.8 -attenuate 0.3 +noise Gaussian -colorspace Gray \
	    -quality 85 "$out"
}

mkdir in
test_expect_success 'make the pages' '
	# a brown stain, about 130 of luminance at its middle, over the
	# lines of a typescript (as t2370)
	convert "$T" \( +clone -fill white -colorize 100 -fill "#a87a4a" \
	    -draw "ellipse 1200,1500 500,380 0,360" -blur 0x25 \) \
	    -compose multiply -composite -quality 85 in/stained.jpg &&
	# a letter with a field shaded at luminance 110 (black text on it),
	# one of a single line shaded at 80 (a third of an inch high), and
	# a dark banner of white text
	scanned in/shaded.jpg \
	    -fill "gray(30)" -draw "rectangle 0,150 2479,420" \
	    -font DejaVu-Sans-Bold -pointsize 20 -fill white \
	    -annotate +200+320 "CENTRE PUBLIC D ACTION SOCIALE" \
	    -font DejaVu-Sans -pointsize 12 -fill black \
	    -annotate +200+700 "Objet : aide sociale, decision du comite" \
	    -annotate +200+800 "Madame, Monsieur, nous avons l honneur de vous" \
	    -annotate +200+870 "informer que le comite a decide de vous accorder" \
	    -fill "gray(110)" -draw "rectangle 200,1050 2280,1300" \
	    -fill black \
	    -annotate +240+1130 "Numero de dossier : 2026/0418" \
	    -annotate +240+1240 "Registre national : 85.07.30-123.45" \
	    -fill "gray(80)" -draw "rectangle 200,1400 1100,1500" \
	    -fill black -annotate +240+1470 "Montant mensuel : 1 263,17 EUR" \
	    -annotate +200+1700 "Veuillez agreer nos salutations distinguees." &&
	# a letter whose one shaded field is a line high: a black bar on
	# the binary page, the number in it erased from the archive
	scanned in/line.jpg \
	    -font DejaVu-Sans -pointsize 12 -fill black \
	    -annotate +200+400 "Objet : aide sociale, decision du comite" \
	    -fill "gray(110)" -draw "rectangle 200,640 2280,740" \
	    -fill black -annotate +240+710 "Numero de dossier : 2026/0418" \
	    -annotate +200+1000 "Veuillez agreer nos salutations." &&
	# ... and one with a photograph beside it (a passport photo: the
	# page is kept grey for it)
	convert -size 300x384 gradient:gray20-gray90 -swirl 300 \
	    -attenuate 0.5 +noise Gaussian photo.png &&
	convert in/line.jpg photo.png -geometry +1900+200 -composite \
	    -quality 85 in/photo.jpg &&
	# fields as wide, shaded at 110, holding a short word and a date:
	# too little ink for the area of a stain, a rectangle all the same
	scanned in/short.jpg \
	    -font DejaVu-Sans -pointsize 12 -fill black \
	    -annotate +200+400 "Objet : aide sociale, decision du comite" \
	    -annotate +200+600 "Aide accordee :" \
	    -fill "gray(110)" -draw "rectangle 200,640 2280,740" \
	    -fill black -annotate +240+710 "Oui" \
	    -fill "gray(110)" -draw "rectangle 200,840 2280,940" \
	    -fill black -annotate +240+910 "12/2026"
'

# a photograph of warped graph paper: its fine grid is solid on the
# binary page, its darker lines and dots no text
W=$CORPUS/leptonica-prog/warped_paper.jpg
test -f "$W" && cp "$W" in/

test_expect_success 'ingest and deskew the pages' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >ids &&
	test $(wc -l <ids) = $(ls in | wc -l)
'

test_expect_success 'each is kept grey for a stain, and OCR lifts it' '
	for f in stained.jpg shaded.jpg line.jpg short.jpg; do
		key $f 1 cleanup_fallback | grep -q "stain over text" &&
		test "$(key $f 1 stains)" -ge 1 &&
		test -n "$(key $f 1 ocr_image)" || return 1
	done
'

test_expect_success 'the form with a photograph is kept grey for it, its field lifted' '
	test "$(key photo.jpg 1 binarisation)" = "grey kept (photo regions)" &&
	test "$(key photo.jpg 1 stains)" -ge 1
'

if test -f in/warped_paper.jpg; then
test_expect_success 'graph paper is no stain over text' '
	test -z "$(key warped_paper.jpg 1 stains)" &&
	test "$(key warped_paper.jpg 1 image_type)" = tiff-g4
'
else
	test_skip 'the corpus file leptonica-prog/warped_paper.jpg is absent'
fi

test_expect_success 'the archived page is the scan: the stain is on it' '
	# the field shaded at 110: its middle, between the lines, is grey
	# on the archived page and white on OCR own page
	d=$(ocr_dir shaded.jpg) &&
	convert "$d/$(key shaded.jpg 1 image)" -crop 400x20+1800+1160 \
	    -format "%[fx:int(255*mean)]" info: >archived &&
	cmp_num "$(cat archived)" "<" 150
'

test_expect_success 'OCR reads the pages' '
	dossier-ocr >/dev/null
'

test_expect_success 'the lines under the stain are read' '
	words "${T%.jpg}.gt.txt" >truth.w &&
	page_text stained.jpg >stained.txt &&
	words stained.txt >stained.w &&
	# 79 words of 4 letters or more: the typescript unstained shares
	# 71 of them, the stained one read without lifting it 49
	n=$(comm -12 truth.w stained.w | wc -l) &&
	echo "$n of $(wc -l <truth.w) words" &&
	test "$n" -ge 62
'

test_expect_success 'the shaded fields are read, and the banner too' '
	page_text line.jpg | grep -q "2026/0418" &&
	page_text photo.jpg | grep -q "2026/0418" &&
	page_text short.jpg >short.txt &&
	grep -qx "Oui" short.txt && grep -q "12/2026" short.txt &&
	page_text shaded.jpg >shaded.txt &&
	text_holds shaded.txt "2026/0418" "85.07.30-123.45" "1 263,17 EUR" \
	    "CENTRE PUBLIC"
'

test_done
