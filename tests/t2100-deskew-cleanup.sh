#!/bin/bash
# t2100-deskew-cleanup: dark borders, punch holes and specks cleared without
# eating text; blank versus nearly blank; grey kept for photos; low and
# absurd resolutions; hostile and odd images quarantined or handled
# asan: yes
. "$(dirname "$0")/lib.sh"

# cmp_num A OP B: awk comparison of numbers (or numeric expressions)
cmp_num() {
	awk "BEGIN { exit !(($1) $2 ($3)) }"
}

A4="-size 2480x3508"
D300="-density 300 -units PixelsPerInch"
text() {	# text IN OUT: a short line of 11 pt text at 300 dpi
	convert "$1" -units PixelsPerInch -density 300 -font DejaVu-Sans \
	    -pointsize 11 -fill '#202020' -annotate +400+700 'Vu et approuvé' "$2"
}
mkdir in
convert $A4 xc:white $D300 in/white.png
convert $A4 xc:'#f6f6f3' -seed 4 -attenuate 0.6 +noise Gaussian -colorspace Gray \
	-fill '#303030' -draw 'point 300,400 point 1200,1700 circle 900,2500 902,2501' \
	$D300 in/noise.png
convert $A4 xc:white -fill '#1a1a1a' \
	-draw 'circle 110,1281 145,1281 circle 110,2227 145,2227' $D300 in/holes.png
# the four holes of a European punch (ISO 838: 12 mm in, 80 mm apart)
convert $A4 xc:white -fill '#1a1a1a' -draw 'circle 142,337 177,337 circle 142,1281 177,1281' \
	-draw 'circle 142,2226 177,2226 circle 142,3171 177,3171' $D300 in/holes4.png
# the holes' cut edges shadowed as rings on a white lid (6 mm, 80 mm
# apart); and a title whose letters O are rings of hole size within an
# inch of the top edge
convert $A4 xc:'gray(245)' -fill none -stroke 'gray(90)' -strokewidth 4 \
	-draw 'circle 142,1282 177,1282 circle 142,2226 177,2226' \
	-attenuate 0.3 -seed 1 +noise Gaussian $D300 in/rings.png
convert $A4 xc:white $D300 -font DejaVu-Sans -pointsize 34 -fill black \
	-annotate +300+190 'COOPERATION SOCIALE' in/title.png
# a bold title within an inch of the top edge: its n, e and a fill as
# much of their box as a punch hole does of its (ocrmypdf's linn.png lost
# four letters of its title so)
convert $A4 xc:white $D300 -font DejaVu-Sans-Bold -pointsize 40 -fill black \
	-stroke black -strokewidth 4 -annotate +300+200 'The Linn Sequencer' in/bold-title.png
convert $A4 xc:white -fill black -draw 'rectangle 0,0 2479,70' \
	-draw 'rectangle 0,0 55,3507' $D300 in/border.png
# a sheet smaller than the scanner's bed: a dark frame all round it, the
# paper a hole in it (tapuscorpus-faint DSN113_00027)
convert $A4 xc:white -fill '#262626' -draw 'rectangle 0,0 2479,60' \
	-draw 'rectangle 0,3440 2479,3507' -draw 'rectangle 0,0 45,3507' \
	-draw 'rectangle 2425,0 2479,3507' $D300 in/framed.png
convert $A4 xc:white -fill '#181818' -draw 'rectangle 0,1500 30,1540' \
	-draw 'rectangle 2460,3480 2479,3507' $D300 in/edge-fleck.png
text in/white.png in/oneline.png
# a page whose only text lies within half an inch of its edge, where
# scanner marks are looked for: a header line, a page number
convert $A4 xc:white $D300 -font DejaVu-Sans -pointsize 10 -fill '#202020' \
	-annotate +70+75 'Dossier 2026/0412 - suite du courrier du 3 mars' \
	in/edge-header.png
convert $A4 xc:white $D300 -font DejaVu-Sans -pointsize 10 -fill '#202020' \
	-annotate +1150+3450 'Page 3 / 3' in/edge-pageno.png
# text that touches the page edge (the stems of I and L cut by the edge of
# the scan), beside a black border along the top
convert $A4 xc:white $D300 -fill black -draw 'rectangle 0,0 2479,70' \
	-font DejaVu-Sans -pointsize 14 -fill '#202020' \
	-annotate +40+700 'IBAN du locataire' -annotate +40+900 'Loyer mensuel' \
	edge-full.png
x=$(convert edge-full.png -crop 300x300+0+620 +repage -trim -format '%X' info:)
convert edge-full.png -crop +$((${x#+} + 3))+0 +repage in/edge-text.png
text in/holes.png in/oneline-holes.png
text in/holes4.png in/oneline-holes4.png
# a blank sheet whose paper grain the whole page's Otsu split falls into (a
# phone photo in poor light, coarse recycled paper), and the same with a
# faint pencil signature, a tick, two faint letters
grain() {
	convert $A4 xc:'gray(232)' -seed 7 -attenuate 2.5 +noise Gaussian -blur 0x0.8 \
	    -colorspace Gray "$@"
}
grain $D300 in/grain.png
grain -fill none -stroke 'gray(170)' -strokewidth 3 \
	-draw 'path "M 1500,2900 C 1540,2780 1600,2980 1640,2870 S 1720,2800 1760,2920 L 1960,2860"' \
	$D300 in/grain-signature.png
grain -fill none -stroke 'gray(150)' -strokewidth 3 -draw 'line 1500,2000 1540,2040' \
	-draw 'line 1540,2040 1620,1940' $D300 in/grain-tick.png
grain $D300 -font DejaVu-Sans -pointsize 9 -fill 'gray(160)' -annotate +400+700 'vu' \
	in/grain-vu.png
# a filled square where a hole would be (a ticked box, a QR code's finder)
convert in/oneline.png -fill '#1a1a1a' -draw 'rectangle 110,1800 175,1865' in/square.png
text in/border.png in/oneline-border.png
text in/noise.png in/oneline-noise.png
text in/framed.png in/oneline-framed.png
convert in/white.png -fill none -stroke '#1c2a5a' -strokewidth 4 \
	-draw 'path "M 1500,2900 C 1540,2780 1600,2980 1640,2870 S 1720,2800 1760,2920 L 1960,2860"' \
	in/signature.png
convert in/noise.png -fill none -stroke '#3050a0' -strokewidth 7 \
	-draw 'circle 1700,2700 1700,2560' in/stamp.png
# a letterhead band across the whole width, its text knocked out in white
convert $A4 xc:white -fill '#4a4a4a' -draw 'rectangle 0,200 2479,420' \
	-units PixelsPerInch -density 300 -font DejaVu-Sans-Bold -pointsize 30 -fill white \
	-annotate +200+350 'Scheldestroom Energie' -fill black -pointsize 12 \
	-annotate +200+800 'Factuur elektriciteit, jaarlijkse afrekening' in/band.png
# a page with a photograph (continuous tone)
convert $A4 xc:white $D300 -font DejaVu-Sans -pointsize 11 -fill black \
	-annotate +300+400 'Copie de la carte d identite' \
	\( -size 1100x800 -seed 7 plasma:fractal -colorspace Gray -blur 0x3 \) \
	-geometry +600+900 -composite in/photo.png
# the copy of an identity card: its photo (about 1 by 1.3 inch) is 1% of
# the page; and a page with a textured mark of a third of an inch (the
# size of a library's stamp)
convert -size 1011x638 xc:'#e1e6f0' \( -size 295x378 -seed 11 plasma:fractal \
	-colorspace Gray -blur 0x2 \) -geometry +40+130 -composite \
	-font DejaVu-Sans -pointsize 9 -fill black \
	-annotate +380+200 'BELGIQUE - BELGIE - BELGIEN' \
	-annotate +380+260 'NOM / NAAM: DUPONT' \
	-annotate +380+310 'Prenom / Voornaam: Marie Claire' idcard.png
convert $A4 xc:white $D300 idcard.png -geometry +734+600 -composite \
	-font DejaVu-Sans -pointsize 10 -fill black \
	-annotate +300+2000 'Copie certifiee conforme, le 3 novembre 2026' \
	-type Grayscale in/idcopy.png
convert $A4 xc:white $D300 -font DejaVu-Sans -pointsize 11 -fill black \
	-annotate +300+400 'Bibliotheque municipale, fonds ancien' \
	\( -size 100x100 -seed 5 plasma:fractal -colorspace Gray -blur 0x2 \) \
	-geometry +1800+380 -composite in/mark.png
# a letterhead's logo in flat colours, 0.8 inch across: a tint, no photo
convert $A4 xc:white $D300 -fill '#303080' -draw 'rectangle 200,150 400,390' \
	-fill '#a02020' -draw 'circle 300,270 300,200' -font DejaVu-Sans \
	-pointsize 14 -fill black -annotate +450+280 'CPAS de Saint-Gilles' \
	-pointsize 11 -annotate +200+700 'Madame, Monsieur, nous accusons reception' \
	in/logo.png
# a real photograph at its own levels (a light dog on pale ground, naps2's)
# on a card's copy: it binarises to a few dark spots (its eyes, its
# nose), which leptonica's mask takes alone; its middle tones around them
# are the picture.  Seed 13: the scanner's noise of one copy in twenty
# where the mask takes only the dog's dark flank, at the picture's foot
# (its part, grown half an inch, 20% middle tones: the photograph was
# binarised, a CI run's failure; clean.c's grown_side)
dog=$CORPUS/field/naps2/dog_exif.jpg
if [ -f "$dog" ]; then
	convert -size 1011x638 xc:'#e8e8e8' \( "$dog" -resize 300x380^ \
	    -gravity center -extent 300x380 -colorspace Gray \) \
	    -gravity northwest -geometry +40+150 -composite \
	    -font DejaVu-Sans -pointsize 26 -fill '#222' \
	    -annotate +380+190 'Nom / Naam: DUPONT' \
	    -annotate +380+240 'Prenoms: Marie Claire' lightcard.png &&
	convert $A4 xc:white $D300 lightcard.png -geometry +700+500 -composite \
	    -colorspace Gray -blur 0x0.7 -attenuate 0.4 -seed 13 +noise Gaussian \
	    -quality 80 in/idlight.jpg
fi
# a fax: 204x98 dpi, bilevel; a page at 150 dpi
page=$SAMPLES/inbox/scan_20261121_0002.png
convert "$page" -resize 68%x33% -monochrome -units PixelsPerInch \
	-density 204x98 in/fax.tif
convert "$page" -resize 50% -units PixelsPerInch -density 150 in/dpi150.png
# a fax of a faint typescript, its letters broken into specks that say
# under half the fax's resolution
F=$CORPUS/tapuscorpus-fr/12148-btv1b10583038c/36_3989f_default.jpg
test -f "$F" && convert "$F" -colorspace Gray -resize 68%x33% \
	-threshold 55% -units PixelsPerInch -density 204x98 -compress Fax \
	in/faxfaint.tif
# absurd DPI tags
convert "$page" -units PixelsPerInch -density 1 in/dpi1.png
convert "$page" -units PixelsPerInch -density 60000 in/dpi60000.png
convert "$page" -units PixelsPerInch -density 72 in/dpi72.png
# finer than OCR reads: reduced first; a tag finer than the text: not
convert "$page" -resize 200% -units PixelsPerInch -density 600 -quality 90 \
	in/dpi600.jpg
convert "$page" -units PixelsPerInch -density 1200 in/tag1200.png
# a 400 dpi scan; one of small print (the page at 55%: 6-point text)
convert "$page" -resize 133.333% -units PixelsPerInch -density 400 \
	-quality 90 in/dpi400.jpg
convert "$page" -resize 55% -units PixelsPerInch -density 400 -quality 90 \
	in/small400.jpg
# an office copier's black and white at 600 dpi (G4): the page's top half
# (an A5 sheet: a whole A4 page at 600 dpi is over ImageMagick's memory
# limit, and its disk cache took minutes); an A5 sheet of small print
convert "$page" -crop 2480x1754+0+0 +repage -colorspace Gray -resize 200% \
	-threshold 55% -units PixelsPerInch -density 600 -compress Group4 \
	in/bw600.tif
convert -size 3496x4961 xc:white \( "$page" -resize 55% \) -geometry +300+300 \
	-composite -colorspace Gray -threshold 55% -units PixelsPerInch \
	-density 600 -compress Group4 in/smallbw600.tif
# odd formats
convert "$page" -colors 16 -alpha set -channel A -fx 'i < 1000 ? 1 : 0.6' \
	+channel -type PaletteAlpha in/palette-alpha.png
convert $A4 xc:none -fill black -font DejaVu-Sans -pointsize 40 \
	-annotate +300+400 'transparent page' -define png:color-type=6 in/rgba.png
convert "$page" -depth 16 -colorspace sRGB -type TrueColor in/rgb16.png
convert -size 300x400 xc:black in/black.png
convert -size 16x16 xc:white in/small16.png

test_expect_success 'ingest the pages' '
	dossier-ingest -w 0 in >ids &&
	test $(wc -l <ids) -ge 20
'

test_expect_code 0 'deskew takes every page (nothing quarantined)' '
	dossier-deskew >out 2>err
'

test_expect_success 'blank: white, scanner noise, punch holes (solid or rings), dark borders, edge flecks; an O is no hole' '
	for f in white noise holes holes4 rings border framed edge-fleck; do
		test "$(key $f.png 1 blank)" = 1 || { echo "$f not blank"; return 1; }
	done &&
	test "$(key holes.png 1 holes)" = 2 &&
	test "$(key holes4.png 1 holes)" = 4 &&
	test "$(key rings.png 1 holes)" = 2 &&
	test "$(key title.png 1 holes)" = 0 &&
	cmp_num "$(key border.png 1 border_share)" ">" 0.04 &&
	cmp_num "$(key framed.png 1 border_share)" ">" 0.07
'

test_expect_success 'not blank: one short line (on any background), a signature, a stamp, a line at the edge' '
	for f in oneline oneline-holes oneline-holes4 oneline-border oneline-framed oneline-noise signature stamp edge-header edge-pageno; do
		test "$(key $f.png 1 blank)" = 0 || { echo "$f blank"; return 1; }
	done
'

test_expect_success 'paper grain is no ink: blank; a faint signature, tick or word on it is not' '
	test "$(key grain.png 1 blank)" = 1 &&
	key grain.png 1 binarisation | grep "paper.s grain" &&
	for f in grain-signature grain-tick grain-vu; do
		test "$(key $f.png 1 blank)" = 0 || { echo "$f blank"; return 1; }
	done
'

test_expect_success 'punch holes cleared on purpose are no text lost: the binary page is kept' '
	for f in holes4 oneline-holes4; do
		test "$(key $f.png 1 image_type)" = tiff-g4 &&
		test "$(key $f.png 1 spots_lost)" = 0 &&
		test -z "$(key $f.png 1 cleanup_fallback)" ||
			{ echo "$f: $(key $f.png 1 cleanup_fallback)"; return 1; }
	done
'

test_expect_success 'the letters of a bold title near the edge are no punch holes: kept' '
	test "$(key bold-title.png 1 holes)" = 0 &&
	d=$(ocr_dir bold-title.png) &&
	a=$(convert in/bold-title.png -crop 2480x300+0+0 -threshold 50% -format "%[fx:mean]" info:) &&
	b=$(convert "$d/p0001.tif" -crop 2480x300+0+0 -format "%[fx:mean]" info:) &&
	echo "white share of the top inch: scan $a, cleaned $b" &&
	cmp_num "$b" "<" "$a + 0.008"
'

test_expect_success 'a filled square near the edge is no punch hole: kept' '
	test "$(key square.png 1 holes)" = 0 &&
	d=$(ocr_dir square.png) &&
	test "$(convert "$d/p0001.tif" -crop 40x40+122+1812 -format "%[fx:mean]" info:)" = 0
'

test_expect_success 'cleanup does not eat text: same ink with holes, borders or noise' '
	base=$(key oneline.png 1 blank_score) &&
	for f in oneline-holes oneline-holes4 oneline-border oneline-framed oneline-noise; do
		s=$(key $f.png 1 blank_score) &&
		cmp_num "$s" ">" "$base * 0.9" && cmp_num "$s" "<" "$base * 1.5" ||
			{ echo "$f: $s vs $base"; return 1; }
	done &&
	test "$(key oneline-holes.png 1 holes)" = 2
'

test_expect_success 'letters touching the page edge are kept; the border beside them is cleared' '
	d=$(ocr_dir edge-text.png) &&
	# the first column, where the stems of I and L touch the edge
	white() { convert "$1" -crop "$2" -format "%[fx:mean]" info:; } &&
	ii=$(white in/edge-text.png 1x80+0+630) &&
	li=$(white in/edge-text.png 1x80+0+830) &&
	io=$(white "$d/p0001.tif" 1x80+0+630) &&
	lo=$(white "$d/p0001.tif" 1x80+0+830) &&
	top=$(white "$d/p0001.tif" 2000x60+200+0) &&
	echo "white share of column 0: I $ii -> $io, L $li -> $lo; top border $top" &&
	cmp_num "$ii" "<" 0.6 && cmp_num "$li" "<" 0.6 &&
	cmp_num "$io" "<" 0.6 && cmp_num "$lo" "<" 0.6 && cmp_num "$top" ">" 0.999
'

test_expect_success 'a dark frame all round the sheet is cleared, its text kept' '
	d=$(ocr_dir oneline-framed.png) &&
	white() { convert "$1" -crop "$2" -format "%[fx:mean]" info:; } &&
	for crop in 40x3508+0+0 2480x50+0+0 40x3508+2440+0 2480x50+0+3458; do
		w=$(white "$d/p0001.tif" $crop) &&
		cmp_num "$w" ">" 0.999 || { echo "frame left at $crop: $w"; return 1; }
	done &&
	test "$(key oneline-framed.png 1 blank)" = 0
'

test_expect_success 'a letterhead band with knocked-out text is not a border' '
	cmp_num "$(key band.png 1 border_share)" "<" 0.001 &&
	cmp_num "$(key band.png 1 blank_score)" ">" 0.05
'

test_expect_success 'a photo keeps the page grey (PNG), text pages are G4' '
	test "$(key photo.png 1 image_type)" = png &&
	cmp_num "$(key photo.png 1 photo_share)" ">" 0.04 &&
	test "$(key photo.png 1 binarisation)" = "grey kept (photo regions)" &&
	test -f "$(ocr_dir photo.png)/$(key photo.png 1 image)" &&
	file "$(ocr_dir photo.png)/$(key photo.png 1 image)" | grep -q "8-bit grayscale" &&
	test "$(key band.png 1 image_type)" = tiff-g4 &&
	test "$(key oneline.png 1 image_type)" = tiff-g4
'

test_expect_success 'an identity card photo keeps the page grey, a stamp-size mark or a logo does not' '
	test "$(key idcopy.png 1 image_type)" = png &&
	cmp_num "$(key idcopy.png 1 photo_share)" "<" 0.04 &&
	test "$(key idcopy.png 1 binarisation)" = "grey kept (photo regions)" &&
	file "$(ocr_dir idcopy.png)/$(key idcopy.png 1 image)" | grep -q "8-bit grayscale" &&
	test "$(key mark.png 1 image_type)" = tiff-g4 &&
	test "$(key logo.png 1 image_type)" = tiff-g4
'

if [ -f "$dog" ]; then
	test_expect_success 'a pale photograph on a card copy keeps the page grey' '
		test "$(key idlight.jpg 1 image_type)" = png &&
		test "$(key idlight.jpg 1 binarisation)" = "grey kept (photo regions)"
	'
else
	test_skip 'no corpus: the naps2 photograph'
fi

test_expect_success 'a 204x98 dpi fax is made square (204 dpi), the scale recorded' '
	test "$(key fax.tif 1 dpi)" = 204 &&
	test "$(key fax.tif 1 dpi_source)" = 204 &&
	test "$(key fax.tif 1 dpi_source_y)" = 98 &&
	test "$(key fax.tif 1 scale)" = 1.000 &&
	test "$(key fax.tif 1 scale_y)" = 2.082 &&
	h=$(key fax.tif 1 height) && w=$(key fax.tif 1 width) &&
	cmp_num "$h / $w" ">" 1.35 && cmp_num "$h / $w" "<" 1.48 &&
	test "$(key fax.tif 1 blank)" = 0
'

if test -f in/faxfaint.tif; then
test_expect_success "... and its resolution believed over its text's (a fax's mode, not a lie)" '
	test "$(key faxfaint.tif 1 dpi)" = 204 &&
	test "$(key faxfaint.tif 1 scale)" = 1.000 &&
	cmp_num "$(key faxfaint.tif 1 dpi_estimate)" "<" 102
'
else
	test_skip 'no corpus: the faint typescript sent by fax'
fi

# scaled FILE DPI SOURCE SCALE WIDTH: FILE's page at DPI, scaled from its
# file's SOURCE dpi by SCALE both ways, WIDTH pixels wide, not blank
scaled() {
	test "$(key $1 1 dpi)" = $2 &&
	test "$(key $1 1 dpi_source)" = $3 &&
	test "$(key $1 1 scale)" = $4 &&
	test "$(key $1 1 scale_y)" = $4 &&
	test "$(key $1 1 width)" = $5 &&
	test "$(key $1 1 blank)" = 0
}

test_expect_success 'a 150 dpi page is scaled to 300 dpi, the scale recorded' '
	scaled dpi150.png 300 150 2.000 2480
'

test_expect_success 'absurd DPI tags are not believed: 300 assumed, said so' '
	for f in dpi1 dpi60000 dpi72; do
		test "$(key $f.png 1 dpi)" = 300 &&
		test "$(key $f.png 1 dpi_assumed)" = 1 &&
		test "$(key $f.png 1 width)" = 2480 || { echo $f; return 1; }
	done
'

test_expect_success 'a 600 dpi page is reduced to 300 dpi before cleanup, the scale recorded' '
	scaled dpi600.jpg 300 600 0.500 2480 &&
	test "$(key dpi600.jpg 1 dpi_assumed)" = 0 &&
	cmp_num "$(key dpi600.jpg 1 dpi_estimate)" ">" 400
'

test_expect_success 'a 400 dpi page is reduced to 300 dpi too' '
	scaled dpi400.jpg 300 400 0.750 2480
'

test_expect_success 'small print at 400 dpi is reduced only as far as its letters stay legible' '
	test "$(key small400.jpg 1 dpi_source)" = 400 &&
	cmp_num "$(key small400.jpg 1 dpi)" ">" 300 &&
	cmp_num "$(key small400.jpg 1 dpi)" "<" 400 &&
	cmp_num "$(key small400.jpg 1 scale)" ">" 0.75 &&
	cmp_num "$(key small400.jpg 1 dpi_estimate)" ">" 150 &&
	test "$(key small400.jpg 1 blank)" = 0
'

test_expect_success 'a bilevel page at 600 dpi is halved to 300, kept bilevel' '
	scaled bw600.tif 300 600 0.500 2480 &&
	test "$(key bw600.tif 1 binarisation)" = "bilevel input" &&
	cmp_num "$(key bw600.tif 1 dpi_estimate)" ">" 400
'

test_expect_success 'small print on a bilevel page at 600 dpi is not halved' '
	scaled smallbw600.tif 600 600 1.000 3496 &&
	cmp_num "$(key smallbw600.tif 1 dpi_estimate)" "<" 400
'

test_expect_success 'a 300 dpi page tagged 1200 is not reduced by its tag: its text is believed' '
	test "$(key tag1200.png 1 dpi_source)" = 1200 &&
	test "$(key tag1200.png 1 dpi)" = "$(key tag1200.png 1 dpi_estimate)" &&
	cmp_num "$(key tag1200.png 1 dpi)" "<" 600 &&
	test "$(key tag1200.png 1 scale)" = 1.000 &&
	test "$(key tag1200.png 1 width)" = 2480 &&
	test "$(key tag1200.png 1 blank)" = 0
'

test_expect_success 'palette with alpha, RGBA, 16-bit RGB: read over white, not blank' '
	test "$(key palette-alpha.png 1 blank)" = 0 &&
	test "$(key rgba.png 1 blank)" = 0 &&
	cmp_num "$(key rgba.png 1 blank_score)" "<" 0.01 &&
	test "$(key rgb16.png 1 blank)" = 0 &&
	test "$(key rgb16.png 1 orientation)" = 0
'

test_expect_success 'all black and the smallest page are handled' '
	test -n "$(key black.png 1 blank)" &&
	test "$(key small16.png 1 width)" = 16
'

test_expect_success 'a pixel-count bomb is refused with a reason, no crash' '
	mkdir bomb &&
	python3 -c "
import struct, zlib, sys
def chunk(t, d):
    return struct.pack(\">I\", len(d)) + t + d + struct.pack(\">I\", zlib.crc32(t + d) & 0xffffffff)
ihdr = struct.pack(\">IIBBBBB\", 100000, 100000, 8, 0, 0, 0, 0)
data = zlib.compress(b\"\\0\" * 100001 * 10)
sys.stdout.buffer.write(b\"\\x89PNG\\r\\n\\x1a\\n\" + chunk(b\"IHDR\", ihdr) + chunk(b\"IDAT\", data) + chunk(b\"IEND\", b\"\"))
" >bomb/bomb.png &&
	{ dossier-ingest -w 0 bomb >/dev/null 2>ierr; rc=$?; } &&
	{ dossier-deskew >/dev/null 2>derr; drc=$?; } &&
	test $rc -le 1 && test $drc -le 1 &&
	dossier-spool list quarantine >q &&
	grep "bomb.png" q | grep -qi "pixel\|too large\|dimension\|limit"
'

test_done
