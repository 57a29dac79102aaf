#!/bin/bash
# t2420-deskew-ruled: a letter on a page of a school exercise book, the
# paper French and Belgian households write on (Seyes: violet lines every
# 2 mm, darker every 8 mm, uprights every 8 mm, a red margin), or on
# squared paper.  The ruling's lines cross every line of text; the page
# OCR reads kept them, and the engine, every line struck through, read
# little of it (degrade-bench seyes: CER 0.921, bare tesseract 0.834;
# 0.177 mended).
# Lines that run from edge to edge of the page are now mended out of the
# page OCR reads; the archive's page keeps them.  A rule printed on the
# page (at its foot here) stops short of its edges: the page's own
# layout, left to the engine.
# asan: yes
. "$(dirname "$0")/lib.sh"

T=$CORPUS/tapuscorpus-fr/12148-btv1b10583038c/32_3b05d_default.jpg
need_corpus "$T"
mkdir in
read -r W H <<<"$(identify -format '%w %h' "$T")"

. "$SRCDIR/tests/tools/ruling.sh"
for k in seyes squared; do
	convert "$T" \( -size "${W}x$H" xc:white -draw "$(ruling $k "$W" "$H")" \) \
		-compose multiply -composite -quality 90 in/$k.jpg
done
# a rule across the foot of the page, in its margin: two thirds of the
# page wide, a tenth of an inch below the last line of text
convert "$T" -stroke 'gray(25%)' -strokewidth 3 \
	-draw "line $((W / 6)),$((H - H / 30)) $((W * 5 / 6)),$((H - H / 30))" \
	-quality 90 in/footrule.jpg

test_expect_success 'the ruled pages through ingest, deskew and OCR' '
	dossier-ingest -w 0 in | dossier-deskew | dossier-ocr >ids &&
	test $(wc -l <ids) = 3 &&
	page_text seyes.jpg >text.seyes &&
	page_text squared.jpg >text.squared
'

# squared paper's light lines are pale bands, as a fold's shadow is
# (pale_bands), but many: a ruling, mended too (left where they touched
# the letters, they made "Je vous quitte" read "ae vous quitte")
test_expect_success 'the ruling is mended out of the page OCR reads' '
	test "$(page_key seyes.jpg lines_out)" = 1 &&
	test "$(page_key squared.jpg lines_out)" = 1
'

test_expect_success 'a rule printed on the page is left as it is' '
	test -z "$(page_key footrule.jpg lines_out)"
'

# lines the ruling crosses, in each column (as t2410 reads them)
test_expect_success "seyes: the lines of text are read" "
	grep -q 'Je vous quitte. Les deux salles sont' text.seyes &&
	grep -q 'combles. Je n.ai trouvé de place que' text.seyes &&
	grep -q 'entassé comme des harengs' text.seyes &&
	grep -q 'de l.anthologie grecque' text.seyes
"
# (two words lose a stroke that runs along a line of the squares:
# "ertassé", "êe l'anthologie"; the page's CER 0.204, 0.324 with the
# lines left near the letters)
test_expect_success "squared: the lines of text are read" "
	grep -q 'Je vous quitte. Les deux salles sont' text.squared &&
	grep -q 'combles. Je n.ai trouvé de place que' text.squared &&
	grep -q 'comme des harengs' text.squared &&
	grep -q 'anthologie grecque' text.squared
"

# the archive's page is the page as scanned: its ruling is ink there
# (the same typescript without it, footrule.jpg, has a fraction of it)
test_expect_success 'the archive keeps the ruling' '
	for k in seyes footrule; do
		m=$(grep -l "^source_file=$k.jpg$" "$DOSSIER_SPOOL"/classify/new/*/meta) &&
		f=$(dirname "$m")/$(sed -n "s/^page\.1\.image=//p" "$m") &&
		convert "$f" -format "%[fx:int(1000000*(1-mean))]\n" info: >ink.$k ||
		return 1
	done &&
	cmp_num "$(cat ink.seyes)" ">" $(($(cat ink.footrule) * 2))
'

test_done
