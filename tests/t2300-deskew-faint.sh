#!/bin/bash
# t2300-deskew-faint: cleanup never erases text: faint violet typescript on
# grey paper and a faded copy (made here, and the field corpus's real
# ones) keep their text through deskew and OCR, while show-through alone
# stays blank (found so by deskew, or read mirrored by OCR); a page whose binary form would lose pale text is kept
# grey, with the reason in the archive; a low-resolution page without a
# DPI tag is rescaled by what its text says
# asan: yes
. "$(dirname "$0")/lib.sh"

# reads_letter FILE: OCR read 8 in 10 of the words of $LETTER on FILE
reads_letter() {
	m=$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	printf "%b\n" "$LETTER" >letter.txt &&
	words letter.txt >want &&
	words "$(dirname "$m")/$(sed -n "s/^page\.1\.text=//p" "$m")" >got &&
	found=$(comm -12 want got | wc -l) &&
	echo "found $found of $(wc -l <want) words" &&
	test $found -ge $(($(wc -l <want) * 8 / 10))
}

mkdir in
LETTER='Monsieur le Directeur,\nJe vous prie de bien vouloir trouver ci-joint\nla copie de ma demande de reconnaissance\net les pieces justificatives demandees.\nVeuillez agreer mes salutations distinguees.'
# faint violet typescript on grey paper with its grain
convert -density 300 -units PixelsPerInch -size 2480x3508 xc:'#b4b4ae' \
	-seed 3 -attenuate 0.3 +noise Gaussian -font DejaVu-Sans-Mono \
	-pointsize 11 -fill '#8878a8' -annotate +300+600 "$LETTER" in/violet.png
# printed questions in black, answers in pale pencil grey
convert -density 300 -units PixelsPerInch -size 2480x3508 xc:white \
	-font DejaVu-Sans -pointsize 11 -fill black \
	-annotate +300+500 'Formulaire de demande\nNom et prenom du demandeur\nAdresse complete du domicile' \
	-fill '#b8b8b8' \
	-annotate +300+900 'reponse ecrite au crayon, lisible mais pale\nune deuxieme ligne de la meme main\net une troisieme pour finir la reponse\nencore une ligne au crayon tres pale\nla derniere ligne de la reponse' \
	in/pencil.png
# the same answers, two lines of them, under a whole form in black: the
# print is most of the text
convert -density 300 -units PixelsPerInch -size 2480x3508 xc:white \
	-font DejaVu-Sans -pointsize 11 -fill black \
	-annotate +300+500 'Formulaire de demande d aide sociale\nNom et prenom du demandeur\nAdresse complete du domicile\nDate de naissance du demandeur\nComposition du menage et revenus\nNumero de registre national\nSituation professionnelle actuelle\nSignature du demandeur et date' \
	-fill '#b8b8b8' \
	-annotate +300+1300 'reponse ecrite au crayon, lisible mais pale\nune deuxieme ligne de la meme main' \
	in/pencil-form.png
# a form in black with one pale grey word apart from it: too little of
# the page to keep it grey
convert -density 300 -units PixelsPerInch -size 2480x3508 xc:white \
	-font DejaVu-Sans -pointsize 11 -fill black \
	-annotate +300+500 'Formulaire de demande\nNom et prenom du demandeur\nAdresse complete du domicile\nDate de naissance du demandeur\nComposition du menage et revenus' \
	-fill '#b8b8b8' -pointsize 12 -annotate +1500+1400 'Recevable' in/pale-word.png
# a letter scanned at 100 dpi, saved without a DPI tag
convert -density 300 -units PixelsPerInch -size 2480x3508 xc:white \
	-font DejaVu-Sans -pointsize 11 -fill black \
	-annotate +300+500 "$LETTER\n$LETTER\n$LETTER" -resize 33.333% \
	-units Undefined -strip in/lowdpi.png
# a faded copy: pale grey-violet typescript 25 levels under its cream
# paper, its strokes thinner than the reduction that measures the text
convert -density 300 -units PixelsPerInch -size 2480x3508 xc:'#f2efe6' \
	-seed 5 -attenuate 0.2 +noise Gaussian -font DejaVu-Sans-Mono \
	-pointsize 11 -fill '#d8d4e0' -annotate +300+600 "$LETTER\n\n$LETTER" \
	-quality 90 in/faded.jpg
# fainter still: 19 levels under smooth paper, which bare tesseract reads
# nothing of, yet a person reads
convert -density 300 -units PixelsPerInch -size 2480x3508 xc:'#f2efe6' \
	-seed 5 -attenuate 0.2 +noise Gaussian -font DejaVu-Sans-Mono \
	-pointsize 11 -fill '#dedbd8' -annotate +300+600 "$LETTER\n\n$LETTER" \
	-quality 90 in/fainter.jpg
# the back of a typed sheet: its text shows through, mirrored and blurred
convert -density 300 -units PixelsPerInch -size 2480x3508 xc:'#f2efe6' \
	-font DejaVu-Sans-Mono -pointsize 11 -fill '#404040' \
	-annotate +300+600 "$LETTER\n\n$LETTER" -flop -blur 0x3 \
	+level 88%,100% -seed 5 -attenuate 0.2 +noise Gaussian -quality 90 \
	in/through.jpg
# the same, sharper and darker (thin paper): as dark as the fainter copy
convert -density 300 -units PixelsPerInch -size 2480x3508 xc:'#f2efe6' \
	-font DejaVu-Sans-Mono -pointsize 11 -fill '#404040' \
	-annotate +300+600 "$LETTER\n\n$LETTER" -flop -blur 0x1 \
	+level 88%,100% -seed 5 -attenuate 0.2 +noise Gaussian -quality 90 \
	in/through-sharp.jpg
FAINT=$CORPUS/field/tapuscorpus-faint
have_faint=
if ls "$FAINT"/*.jpg >/dev/null 2>&1; then
	cp "$FAINT"/*.jpg in/
	have_faint=1
fi

test_expect_success 'ingest, deskew and OCR the pages' '
	dossier-ingest -w 0 in >ids &&
	dossier-deskew <ids >ids2 &&
	test $(wc -l <ids2) -ge 3
'

test_expect_success 'faint violet on grey: not blank, binarised by its own ink' '
	test "$(key violet.png 1 blank)" = 0 &&
	test "$(key violet.png 1 binarisation)" = "background-normalised, split by the text" &&
	test "$(key violet.png 1 spots_lost)" -lt 5
'

test_expect_success 'a faded copy: its faint text found, not blank' '
	test "$(key faded.jpg 1 blank)" = 0 &&
	test "$(key faded.jpg 1 binarisation)" = "background-normalised, split by the text" &&
	test "$(key faded.jpg 1 text_spots)" -ge 30
'

test_expect_success 'a copy fainter still, on smooth paper: its text found, not blank' '
	test "$(key fainter.jpg 1 blank)" = 0 &&
	test "$(key fainter.jpg 1 text_spots)" -ge 30
'

test_expect_success 'show-through on the back of a sheet: blank' '
	test "$(key through.jpg 1 blank)" = 1
'

test_expect_success 'pale pencil beside more black print: kept grey, and why' '
	test "$(key pencil-form.png 1 blank)" = 0 &&
	test "$(key pencil-form.png 1 image_type)" = png &&
	grep "^page\.1\.cleanup_fallback=binary page loses text: no ink in" \
	    "$(ocr_dir pencil-form.png)/meta"
'

# most of the text is the pencil's, the black print a few heavy marks
# beside it: the page is cut at the pencil's middle (t2310), and the
# binary page keeps it (it was kept grey, 66% of the spots' area lost)
test_expect_success 'pale pencil most of the text: split at its middle, kept binary, pencil and all' '
	test "$(key pencil.png 1 blank)" = 0 &&
	test "$(key pencil.png 1 image_type)" = tiff-g4 &&
	key pencil.png 1 binarisation | grep -q "heavy marks" &&
	test "$(key pencil.png 1 spots_lost)" -lt 5 &&
	ink=$(convert "$(ocr_dir pencil.png)/$(key pencil.png 1 image)" \
	    -crop 1700x300+300+850 -format "%[fx:1-mean]" info:) &&
	echo "pencil lines: ink $ink" &&
	awk -v i="$ink" "BEGIN { exit !(i > 0.02) }"
'

test_expect_success 'a pale word beside black print, the page kept binary: the word kept' '
	test "$(key pale-word.png 1 binarisation)" = "background-normalised, split by the text" &&
	test -z "$(key pale-word.png 1 cleanup_fallback)" &&
	test "$(key pale-word.png 1 spots_lost)" -ge 1 &&
	test "$(key pale-word.png 1 spots_split)" -ge 1 &&
	# the word, in black on the binary page
	m=$(convert "$(ocr_dir pale-word.png)/p0001.tif" -crop 500x150+1450+1300 \
	    -format "%[fx:mean]" info:) &&
	echo "white share where the word is: $m" &&
	awk -v m="$m" "BEGIN { exit !(m < 0.99) }"
'

test_expect_success 'a 100 dpi page with no DPI tag: its text says so, rescaled' '
	est=$(key lowdpi.png 1 dpi_estimate) &&
	test "$est" -ge 70 && test "$est" -le 140 &&
	scale=$(key lowdpi.png 1 scale) &&
	case $scale in 2.000|3.000) ;; *) false ;; esac &&
	test "$(key lowdpi.png 1 dpi)" -ge 200 &&
	test "$(key lowdpi.png 1 width)" = $((827 * ${scale%.000}))
'

test_expect_success 'OCR reads the faint violet letter' '
	dossier-ocr >/dev/null &&
	ocrdir=$(dirname $(grep -l "^source_file=violet.png$" "$DOSSIER_SPOOL"/classify/new/*/meta)) &&
	printf "%b\n" "$LETTER" >letter.txt &&
	words letter.txt >want &&
	words "$ocrdir/$(sed -n "s/^page\.1\.text=//p" "$ocrdir/meta")" >got &&
	found=$(comm -12 want got | wc -l) &&
	echo "found $found of $(wc -l <want) words" &&
	test $found -ge $(($(wc -l <want) * 8 / 10))
'

test_expect_success 'OCR reads the faded copy' '
	reads_letter faded.jpg
'

test_expect_success 'OCR reads the fainter copy' '
	reads_letter fainter.jpg
'

test_expect_success 'sharp show-through: read mirrored by OCR, found blank there' '
	m=$(grep -l "^source_file=through-sharp.jpg$" "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	grep -qx "page.1.blank=1" "$m" &&
	! grep -q "^page\.1\.text=" "$m"
'

test_expect_success 'OCR reads the pale word beside the black print' '
	m=$(grep -l "^source_file=pale-word.png$" "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	grep -q "Recevable" "$(dirname "$m")/$(sed -n "s/^page\.1\.text=//p" "$m")"
'

if [ -n "$have_faint" ]; then
	test_expect_success 'the field corpus faint typescripts: none blank, most words read' '
		for f in "$FAINT"/*.jpg; do
			b=$(basename "$f")
			m=$(grep -l "^source_file=$b$" "$DOSSIER_SPOOL"/classify/new/*/meta) &&
			d=$(dirname "$m") &&
			test "$(sed -n "s/^page\.1\.blank=//p" "$m")" = 0 &&
			words "${f%.jpg}.gt.txt" >want &&
			words "$d/$(sed -n "s/^page\.1\.text=//p" "$m")" >got &&
			found=$(comm -12 want got | wc -l) &&
			echo "$b: found $found of $(wc -l <want) words" &&
			test $found -ge $(($(wc -l <want) / 2)) || return 1
		done
	'
else
	test_skip 'the field corpus tapuscorpus-faint is absent'
fi

test_expect_success 'the archive keeps the reason and the estimate' '
	dossier-classify >/dev/null && dossier-tag >/dev/null &&
	dossier-load >/dev/null &&
	test "$(sqlite3 "$DOSSIER_ARCHIVE" "SELECT count(*) FROM page
	    WHERE cleanup_fallback LIKE '\''binary page loses text%'\''")" -ge 1 &&
	test "$(sqlite3 "$DOSSIER_ARCHIVE" "SELECT count(*) FROM page
	    WHERE dpi_estimate BETWEEN 70 AND 140")" -ge 1 &&
	test "$(sqlite3 "$DOSSIER_ARCHIVE" "SELECT group_concat(source_file)
	    FROM (SELECT d.source_file FROM page p JOIN document d
	    ON d.id = p.document_id WHERE p.blank = 1 ORDER BY 1)")" = \
	    through-sharp.jpg,through.jpg
'

test_done
