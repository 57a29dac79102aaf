#!/bin/bash
# t3040-ocr-resplit: a grey page whose lines the engine's own threshold
# loses is read again split where deskew split its ink from its paper:
# the field corpus's faint typescripts with their dark frame cut off (on
# a white lid, tesseract's Otsu level fattens their blurred letters and
# its layout drops whole stanzas), and a framed one that the engine took
# for a picture, and a title page in a black frame that the engine read as
# nothing; a page read whole is read once, and so are photographs (their
# specks are no lost lines)
. "$(dirname "$0")/lib.sh"

# meta FILE: the meta of FILE's job after OCR
meta() {
	grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta
}
# how FILE's page 1 was read, from -v
how() {
	id=$(basename "$(dirname "$(meta "$1")")") &&
	grep -o "$id: page 1: .*" log
}

FAINT=$CORPUS/field/tapuscorpus-faint
PAGES="bljd_DSN169_00001 bljd_DSN169_00002 bljd_DSN169_00006"
if ! ls "$FAINT"/bljd_DSN169_0000[126].jpg >/dev/null 2>&1; then
	test_skip 'the field corpus tapuscorpus-faint is absent'
	test_done
	exit 0
fi
NAPS=$CORPUS/field/naps2
mkdir in
cp "$FAINT/bljd_DSN113_00027.jpg" in/framed.jpg
for f in word_p1.jpg image_upc_barcode.jpg; do
	test -f "$NAPS/$f" && cp "$NAPS/$f" in/
done
for p in $PAGES; do
	# the dark frame round the sheet cut off, 3% each side
	convert "$FAINT/$p.jpg" -shave 3%x3% -quality 92 in/$p.jpg
done
convert -size 2480x3508 xc:white -depth 8 -units PixelsPerInch \
	-density 300 -font DejaVu-Sans -pointsize 12 -fill black \
	-annotate +250+400 'Le centre public d action sociale examine la demande.\nLes revenus sont declares par le demandeur.\nLa decision est notifiee dans les trente jours.' \
	-type Grayscale in/plain.png

test_expect_success 'ingest, deskew and OCR the pages' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr -v 2>log >ids && test $(wc -l <ids) = $(ls in | wc -l)
'

test_expect_success 'the frameless faint pages are read again at the text split' '
	for p in $PAGES; do
		how $p.jpg >h &&
		grep -qF "lines lost: read again split at the text" h ||
		return 1
	done
'

test_expect_success 'a framed page taken for a picture is read again, its frame white' '
	how framed.jpg >h &&
	grep -qF "lines lost: read again with the sheet'"'"'s surround white" h
'

test_expect_success 'and most of their words are read' '
	total=0 found=0 &&
	for p in $PAGES; do
		m=$(meta $p.jpg) &&
		words "$FAINT/$p.gt.txt" >want &&
		words "$(dirname "$m")/$(sed -n "s/^page\.1\.text=//p" "$m")" >got &&
		n=$(comm -12 want got | wc -l) &&
		echo "$p: $n of $(wc -l <want) words" &&
		total=$((total + $(wc -l <want))) && found=$((found + n)) ||
		return 1
	done &&
	echo "found $found of $total" &&
	test $((found * 100)) -ge $((total * 55))
'

test_expect_success 'a page read whole is read once' '
	how plain.png >h && grep -qF "1 run," h && ! grep -qF "lines lost" h &&
	grep -qF ", dpi measured by the engine, " h &&
	grep -qF "resplit=lost" "$(meta plain.png)"
'

if test -f in/word_p1.jpg && test -f in/image_upc_barcode.jpg; then
test_expect_success 'a photograph is read once' '
	for f in word_p1.jpg image_upc_barcode.jpg; do
		how $f >h && cat h && grep -qF "1 run," h &&
		! grep -qF "lines lost" h || return 1
	done
'
else
	test_skip 'the field corpus naps2 is absent'
fi

# a typescript's title page (37 letters) in a black frame: the engine took
# the whole page for one photograph and read nothing, and with too few
# letters to count as lines lost and all of them in that "photograph",
# the page was not read again (the text empty, the page to review)
TITLE=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k/16_7e494_default.jpg
if test -f "$TITLE"; then
test_expect_success 'a title page in a black frame, read as nothing, is read again' '
	rm -rf "$DOSSIER_SPOOL" && mkdir in3 &&
	convert "$TITLE" -bordercolor black -border 120 -quality 80 in3/title.jpg &&
	dossier-ingest -w 0 in3 >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr -v 2>log3 >/dev/null &&
	t=$(ls "$DOSSIER_SPOOL"/classify/new/*/p0001.txt) && cat "$t" &&
	grep -q TOUSSAINT "$t" && grep -q CARESSES "$t" &&
	grep -qF "lines lost: read again with the sheet'"'"'s surround white" log3
'
else
	test_skip 'the corpus tapuscorpus-fr is absent'
fi

test_done
