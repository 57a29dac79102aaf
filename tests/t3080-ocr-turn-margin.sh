#!/bin/bash
# t3080-ocr-turn-margin: a real form (funsd 82251504) at half its size,
# some 55 dpi and no resolution tag, too coarse for deskew to tell its
# orientation, is upright; its text reads poorly (confidence about 55),
# so OCR tries it turned, and turned a quarter the one line printed
# sideways in its margin (the form's number, "82251504") reads with a
# high confidence.  That line is not the page's text: the page is not
# turned to it, and its archived text is the form's, not 10 characters.
# asan: yes
. "$(dirname "$0")/lib.sh"
export DOSSIER_STRICT_KEYS=1

F=$CORPUS/field/funsd-lowdpi/images/82251504.png
if [ ! -f "$F" ]; then
	test_skip 'the corpus (field/funsd-lowdpi) is absent'
	test_done
fi
mkdir in
convert "$F" -resize 50% -strip in/form.png

dir() {
	dirname "$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta)"
}
key() {	# FILE KEY: page 1's KEY
	sed -n "s/^page\.1\.$2=//p" "$(dir "$1")/meta"
}

test_expect_success 'ingest, deskew and ocr the form' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr -v 2>log >ids && test $(wc -l <ids) = 1
'

test_expect_success 'deskew could not tell its orientation: OCR may turn it' '
	test "$(key form.png orientation_uncertain)" = 1
'

test_expect_success 'it is not turned to the number in its margin' '
	test "$(key form.png orientation)" = 0 &&
	! grep "on its side: turned" log &&
	! grep "upside down: turned" log
'

test_expect_success 'its text is the form'"'"'s' '
	t="$(dir form.png)/p0001.txt" &&
	grep "Progress Report" "$t" &&
	n=$(tr -cd "[:alnum:]" <"$t" | wc -c) &&
	echo "letters and digits read: $n" &&
	test "$n" -ge 150
'

test_done
