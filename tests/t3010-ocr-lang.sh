#!/bin/bash
# t3010-ocr-lang: the language of each page, found cheaply (issue 10): a
# worker guesses the language it last found; at start, and while the
# language changes from job to job, a few lines of a job's first page are
# read first (a probe) and the page is read once, in the language they show
. "$(dirname "$0")/lib.sh"

T=$CORPUS/tesseract-test
F=$CORPUS/tapuscorpus-fr/12148-btv1b10583038c
U=$CORPUS/tapuscorpus-fr/12148-btv1b10581912k/16_7e494_default.jpg
if ! test -f "$T/8071_093.3B.tif" || ! test -f "$F/26_0f21a_default.jpg" ||
    ! test -f "$U"; then
	test_skip 'the corpus pages of this test' 'no corpus in ../shared/corpus'
	test_done
fi

# in ingest's order: two English magazine pages (the first has four columns
# and a photo across the middle of the page), then two French typescripts
mkdir in
cp "$T/8071_093.3B.tif" in/a-eng.tif
cp "$T/8087_054.3B.tif" in/b-eng.tif
cp "$F/26_0f21a_default.jpg" in/c-fra.jpg
cp "$F/32_3b05d_default.jpg" in/d-fra.jpg

test_expect_success 'ingest and deskew' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	test $(jobs_in ocr/new) = 4
'

# the languages configured put French first: the guess at start is wrong
test_expect_success 'ocr -j 1 reads the four jobs in order' '
	dossier-ocr -j 1 -v -l fra+nld+eng+deu 2>log >ids &&
	test $(wc -l <ids) = 4
'

# run FILE: how OCR read page 1 of FILE's job, from -v: "language L (read
# as M, [probed, ]N run[s]"
run() {
	id=$(basename "$(dirname "$(grep -l "^source_file=$1$" \
	    "$DOSSIER_SPOOL"/classify/new/*/meta)")") &&
	grep -o "$id: page 1: .*" log | sed -e "s/.*\(language .* runs*\),.*/\1/"
}

# read_as FILE WANT: page 1 of FILE's job was read as WANT says
read_as() {
	run "$1" >actual && echo "$2" >expect && test_cmp expect actual
}

test_expect_success 'at start: probed, then read once in English' '
	read_as a-eng.tif "language eng (read as eng, probed, 1 run"
'

test_expect_success 'the same language again: no probe, read once' '
	read_as b-eng.tif "language eng (read as eng, 1 run"
'

test_expect_success 'the language changes: read again in French' '
	read_as c-fra.jpg "language fra (read as fra, 2 runs"
'

test_expect_success 'after a change: probed, then read once in French' '
	read_as d-fra.jpg "language fra (read as fra, probed, 1 run"
'

test_expect_success 'page.K.lang is recorded for every page' '
	for f in a-eng.tif b-eng.tif c-fra.jpg d-fra.jpg; do
		m=$(grep -l "^source_file=$f$" "$DOSSIER_SPOOL"/classify/new/*/meta) &&
		want=${f#*-} && want=${want%.*} &&
		grep -qx "page.1.lang=$want" "$m" || { echo "$f: $(grep lang= "$m")"; exit 1; }
	done
'

# the language found last is kept in the spool for the next run: a script
# that runs one job a process does not start the first language's engine
# for nothing on every run
test_expect_success 'the language found last is kept in the spool' '
	echo fra >expect &&
	test_cmp expect "$DOSSIER_SPOOL/ocr/lang" &&
	test "$(stat -c %a "$DOSSIER_SPOOL/ocr/lang")" = 600 &&
	dossier-ocr -n | grep -x "first guess: fra (found last, $DOSSIER_SPOOL/ocr/lang)"
'

# a tessdata folder where only English is a model: the other languages'
# engines fail to start, so a run that starts one is seen to
sys=$(tesseract --list-langs 2>&1 | sed -n "s/.* in \"\(.*\)\".*/\1/p")
mkdir td &&
cp "$sys/eng.traineddata" td/ &&
for l in fra nld deu; do echo "not a model" >td/$l.traineddata; done
S2=$PWD/spool2

# queue SPOOL DIR FILE...: the FILEs, copied into DIR, ingested and
# deskewed into SPOOL, where they wait for OCR
queue() {
	local s=$1 d=$2
	shift 2
	mkdir "$d" && cp "$@" "$d"/ &&
	    dossier-ingest -s "$s" -w 0 "$d" >/dev/null &&
	    dossier-deskew -s "$s" >/dev/null
}

test_expect_success 'a second spool: one English job waits for OCR' '
	queue "$S2" in2 "$T/8087_054.3B.tif" &&
	test $(DOSSIER_SPOOL=$S2 jobs_in ocr/new) = 1
'

test_expect_success 'no language kept: the first of -l starts, and fails' '
	test_must_fail dossier-ocr -s "$S2" --tessdata "$PWD/td" 2>err &&
	grep "language .fra." err &&
	test $(DOSSIER_SPOOL=$S2 jobs_in ocr/new) = 1
'

test_expect_success 'English kept: the run never starts French' '
	echo eng >"$S2/ocr/lang" &&
	dossier-ocr -s "$S2" --tessdata "$PWD/td" -v 2>err >/dev/null &&
	grep "read as eng, probed, 1 run" err &&
	test $(DOSSIER_SPOOL=$S2 jobs_in classify/new) = 1
'

test_expect_success 'what is not one of -l, or not one word, is no guess' '
	for v in "xyz" "eng fra" "../eng" "ENG" ""; do
		printf "%s\n" "$v" >"$S2/ocr/lang" &&
		dossier-ocr -s "$S2" -n >out &&
		grep -x "first guess: fra (the first of -l)" out ||
		{ echo "guessed from \"$v\""; exit 1; }
	done &&
	echo eng >"$S2/ocr/lang" &&
	dossier-ocr -s "$S2" -l nld+fra -n >out &&
	grep -x "first guess: nld (the first of -l)" out &&
	rm "$S2/ocr/lang" && ln -s "$DOSSIER_SPOOL/ocr/lang" "$S2/ocr/lang" &&
	dossier-ocr -s "$S2" -n >out &&
	grep -x "first guess: fra (the first of -l)" out
'

# a page whose words show no language (a typescript's title page: a name,
# a title) is read in the first of -l, whatever the worker found last:
# read in the language found last, its text changed with the pages read
# before it ("LE JARDIN DES GARES" after French, "UVARES" after German)
S3=$PWD/spool3 S4=$PWD/spool4

test_expect_success 'a title page, queued in two spools' '
	queue "$S3" in3 "$U" &&
	cp -a "$S3" "$S4" &&
	echo deu >"$S3/ocr/lang" && echo fra >"$S4/ocr/lang"
'

test_expect_success 'no language shown: the same text after German as after French' '
	dossier-ocr -s "$S3" -v 2>log3 >/dev/null &&
	dossier-ocr -s "$S4" -v 2>log4 >/dev/null &&
	grep "language und (read as fra, no language shown: read in the first, 2 runs" log3 &&
	grep "language und (read as fra, 1 run" log4 &&
	cat "$S3"/classify/new/*/p0001.txt >t3 &&
	cat "$S4"/classify/new/*/p0001.txt >t4 &&
	grep -q "LE JARDIN DES" t3 &&
	test_cmp t4 t3
'

test_done
