#!/bin/bash
# t3090-ocr-upturn: a part of a page that lies upside down on a page read
# upright (an identity card copied front and back on one sheet, the back
# turned on the glass; two half sheets laid head to foot) reads as garbage
# of a low confidence: it is read again turned, and its text and words are
# put in the page's where it lies.  The national number on the back of the
# card is then in the text.  A page with nothing upside down is read once.
# asan: yes
. "$(dirname "$0")/lib.sh"

mkdir in
# a card's two sides, 85.6 x 54 mm at 300 dpi, their text 6 points
convert -size 1011x638 xc:'#e1e6f0' -fill '#707070' -draw 'rectangle 40,150 300,480' \
	-font DejaVu-Sans -density 300 -pointsize 6 -fill black \
	-annotate +340+200 'BELGIQUE - BELGIE' \
	-annotate +340+260 'NOM: DUPONT' \
	-annotate +340+320 'Prenom: Marie Claire' \
	-annotate +340+380 'Ne le: 12.03.1975' \
	-annotate +340+440 'Nationalite: BEL' front.png
convert -size 1011x638 xc:'#e1e6f0' -font DejaVu-Sans -density 300 -pointsize 6 -fill black \
	-annotate +50+100 'Lieu de naissance: Namur' \
	-annotate +50+160 'Numero national: 75.03.12-268.91' \
	-annotate +50+220 'Delivrance: 04.05.2021' \
	-annotate +50+280 'Commune: Saint-Gilles' \
	-annotate +50+340 'Rue de la Victoire 12, Bruxelles' \
	-font DejaVu-Sans-Mono -annotate +50+470 'IDBEL5912345678<<<<<<<<' \
	-annotate +50+540 '7503128F3105049BEL<<<<<4' back.png
# copy BACK NAME: the front at the top of an A4 page, BACK under it, a
# certified-copy note below
copy() {
	convert -size 2480x3508 xc:white front.png -geometry +734+400 -composite \
		"$1" -geometry +734+1200 -composite \
		-font DejaVu-Sans -density 300 -pointsize 10 -fill black \
		-annotate +300+2200 'Copie certifiee conforme a l original, le 3 novembre 2026,' \
		-annotate +300+2280 'par le service social de la commune, pour le dossier.' \
		-units PixelsPerInch -density 300 -type Grayscale "in/$2"
}
convert back.png -rotate 180 back-down.png
copy back-down.png card-turned.png
copy back.png card-upright.png

test_expect_success 'ingest, deskew and ocr the two copies' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr -v 2>log >ids && test $(wc -l <ids) = 2
'

dir() {
	dirname "$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta)"
}
key() {	# FILE KEY: page 1's KEY
	grep "^page\.1\.$2=" "$(dir "$1")/meta" | cut -d= -f2
}
logof() {	# FILE: what OCR said of its page
	grep "$(basename "$(dir "$1")"): page 1:" log
}

test_expect_success 'the back turned on the glass is read turned, and says so' '
	t="$(dir card-turned.png)/p0001.txt" &&
	grep -q "75.03.12-268.91" "$t" &&
	grep -q "Saint-Gilles" "$t" &&
	grep -q "IDBEL5912345678" "$t" &&
	grep -q "DUPONT" "$t" &&
	grep -q "Copie certifiee" "$t" &&
	logof card-turned.png | grep -q "read upside down: turned" &&
	test "$(key card-turned.png orientation)" = 0 &&
	test "$(key card-turned.png ocr_conf)" -ge 80
'

test_expect_success '... its words where the back lies on the page, in the order of the lines' '
	w="$(dir card-turned.png)/$(key card-turned.png words)" &&
	# the back: 734..1745 across, 1200..1838 down
	awk -F"\t" "\$7 == \"Saint-Gilles\" || \$7 == \"75.03.12-268.91\" {
		n++; if (\$2 < 734 || \$2 + \$4 > 1745 || \$3 < 1200 || \$3 + \$5 > 1838) bad++
	} END { exit !(n == 2 && bad == 0) }" "$w" &&
	# read turned, the first word of a line lies right of its last on
	# the page as scanned: "Lieu de naissance: Namur"
	awk -F"\t" "\$7 == \"Lieu\" { l = \$2; y = \$1 } \$7 == \"Namur\" { n = \$2; z = \$1 } END { exit !(n > 0 && l > n && y == z) }" "$w" &&
	cut -f1 "$w" | sort -n -c &&
	# the back is one part, read in its own order: its lines, then its
	# machine-readable zone (a third of an inch below them)
	t="$(dir card-turned.png)/p0001.txt" &&
	test "$(grep -n "Namur" "$t" | cut -d: -f1)" -lt "$(grep -n "IDBEL" "$t" | cut -d: -f1)" &&
	logof card-turned.png | grep -q ", 1 block read upside down: turned" &&
	test "$(cut -f1 "$w" | sort -n | uniq | wc -l)" = "$(cut -f1 "$w" | uniq | wc -l)" &&
	grep -q "upturn=parts" "$(dir card-turned.png)/meta"
'

test_expect_success 'the copy with both sides upright is read once' '
	grep -q "75.03.12-268.91" "$(dir card-upright.png)/p0001.txt" &&
	logof card-upright.png | grep -q ", 1 run," &&
	! logof card-upright.png | grep -q "upside down"
'

test_expect_success 'the text of both copies is the same, and so is its national number in the archive' '
	dossier-classify >/dev/null && dossier-tag >/dev/null &&
	dossier-load >/dev/null &&
	test "$(sql "SELECT count(*) FROM page WHERE text LIKE '"'"'%75.03.12-268.91%'"'"'")" = 2
'

# a typescript's lower half turned under the upper half of another (the
# corpus's tapuscorpus-fr): the engine read it in 20 blocks of garbage
D=$CORPUS/tapuscorpus-fr/12148-btv1b10583038c
if [ -f "$D/24_ac2b1_default.jpg" ] && [ -f "$D/30_d08ac_default.gt.txt" ]; then
test_expect_success 'two half typescripts head to foot: the lower one read turned' '
	rm -rf "$DOSSIER_SPOOL" && mkdir in2 &&
	convert "$D/24_ac2b1_default.jpg" -crop 100%x55%+0+0 +repage top.png &&
	convert "$D/30_d08ac_default.jpg" -gravity south -crop 100%x45%+0+0 \
	    +repage -rotate 180 bottom.png &&
	convert top.png bottom.png -append -density 300 -units PixelsPerInch \
	    -quality 90 in2/halves.jpg &&
	dossier-ingest -w 0 in2 >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr -v 2>log2 >/dev/null &&
	grep -q "read upside down: turned" log2 &&
	t=$(ls "$DOSSIER_SPOOL"/classify/new/*/p0001.txt) &&
	# the lower page'"'"'s words of 4 letters or more found in the text: 20
	# of its 176 before (its top half is not on the page)
	words() { tr -s "[:space:][:punct:]" "\n" <"$1" | awk "length(\$0) >= 4" | sort | uniq -c; } &&
	words "$D/30_d08ac_default.gt.txt" >truth && words "$t" >read &&
	found=$(awk "NR == FNR { d[\$2] = \$1; next } { f += \$1 < d[\$2] ? \$1 : d[\$2] } END { print f + 0 }" read truth) &&
	echo "words of the lower page found: $found" &&
	test "$found" -ge 80
'
else
	test_skip 'no corpus: the tapuscorpus typescripts'
fi

test_done
