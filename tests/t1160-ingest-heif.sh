#!/bin/bash
# t1160-ingest-heif: HEIC and AVIF photos, as phones save them, through
# the whole chain: archived with their text and their decoder; broken or
# oversized ones quarantined with their reason
# asan: yes
. "$(dirname "$0")/lib.sh"

command -v heif-enc >/dev/null || { test_skip "no heif-enc (libheif-examples)"; test_done; }

# a letter page at 150 dpi (no tag: the text tells it), as a HEIC, an AVIF,
# and a HEIC with an alpha channel (a photo cut out of its background)
mkdir in bad big
convert "$SAMPLES/inbox/scan_20261121_0002.png" -resize 50% -strip page.png &&
heif-enc -q 70 -o in/letter.heic page.png >/dev/null &&
heif-enc -A -q 70 -o in/letter.avif page.png >/dev/null &&
convert page.png -alpha set -channel A -evaluate set 100% +channel \
    -fill 'rgba(0,0,0,0)' -draw 'rectangle 0,0 1239,60' -type TrueColorAlpha \
    -define png:color-type=6 alpha.png &&
heif-enc -q 70 -o in/alpha.heic alpha.png >/dev/null || exit 1
# broken: cut in its image data, cut in its header, garbage after the
# file type box
head -c $(($(wc -c <in/letter.heic) * 6 / 10)) in/letter.heic >bad/cut.heic
head -c 300 in/letter.heic >bad/short.heic
{ head -c 32 in/letter.heic; head -c 4000 /dev/urandom; } >bad/garbage.heic
# over the pixel bound of ingest's --max-pixels below
cp in/letter.heic big/letter2.heic && printf x >>big/letter2.heic

test_expect_success 'HEIC and AVIF photos pass ingest as one page each' '
	dossier-ingest -w 0 -b b1 in >ids 2>err &&
	test $(wc -l <ids) = 3 &&
	test $(jobs_in deskew/new) = 3 &&
	for m in "$DOSSIER_SPOOL"/deskew/new/*/meta; do
		grep -q "^pages=1$" "$m" || return 1
	done &&
	grep -h "^media_type=" "$DOSSIER_SPOOL"/deskew/new/*/meta | sort >media &&
	printf "media_type=image/avif\nmedia_type=image/heic\nmedia_type=image/heic\n" >expect &&
	test_cmp expect media
'

test_expect_success 'the chain archives them with their text and decoder' '
	chain &&
	test "$(sql "SELECT count(*) FROM page")" = 3 &&
	for f in letter.heic letter.avif alpha.heic; do
		t=$(sql "SELECT p.text FROM page p JOIN document d ON d.id = p.document_id
			WHERE d.source_file = '\''$f'\''") &&
		echo "$t" | grep -q "Scheldepoort" &&
		echo "$t" | grep -q "Antwerpen" || { echo "$f: $t"; return 1; }
	done &&
	test "$(sql "SELECT count(*) FROM page WHERE decoder LIKE '\''libheif 1.%'\''")" = 3
'

test_expect_success 'the same page as HEIC and AVIF has the same size' '
	test "$(sql "SELECT count(DISTINCT p.width || \"x\" || p.height) FROM page p
		JOIN document d ON d.id = p.document_id
		WHERE d.source_file IN ('\''letter.heic'\'', '\''letter.avif'\'')")" = 1
'

test_expect_success 'broken HEIC files are quarantined with their reason' '
	{ dossier-ingest -w 0 -b b2 bad >/dev/null 2>err2; rc=$?; } &&
	cat err2 && test $rc = 1 &&
	dossier-spool list quarantine >q &&
	grep -q "	short.heic	ingest	corrupt HEIF photo: " q &&
	grep -q "	garbage.heic	ingest	corrupt HEIF photo: " q &&
	grep -q "	cut.heic	ingest	corrupt HEIF photo: " q &&
	test $(grep -c "heic" q) = 3
'

# libheif ends some of its messages with a newline
test_expect_success 'each reason is said on one line' '
	test "$(grep -c "^dossier-ingest: error: .*: quarantined as job " err2)" = 3 &&
	test "$(grep -vc "^dossier-ingest: " err2)" = 0
'

test_expect_success 'a photo over the pixel bound is quarantined before decoding' '
	{ dossier-ingest -w 0 -b b3 --max-pixels 1000000 big >/dev/null 2>err4; rc=$?; } &&
	cat err4 && test $rc = 1 &&
	grep -q "letter2.heic.*image is 1240x1754 pixels, over the limit of 1000000 pixels" err4
'

# photos sent together, zipped: each member its own document
test_expect_success 'HEIC and AVIF members of a zip are jobs of their own' '
	mkdir zipped zin &&
	# encoded anew: the same bytes as in/ would be duplicates
	heif-enc -q 60 -o zipped/letter.heic page.png >/dev/null &&
	heif-enc -A -q 60 -o zipped/letter.avif page.png >/dev/null &&
	(cd zipped && bsdtar --format zip -cf ../zin/photos.zip letter.heic letter.avif) &&
	dossier-ingest -w 0 -b b5 zin >ids5 2>err5 &&
	test $(wc -l <ids5) = 2 &&
	for id in $(cat ids5); do
		grep -h "^source_file=\|^media_type=" "$DOSSIER_SPOOL/deskew/new/$id/meta" ||
		    return 1
	done | sort >members &&
	printf "%s\n" media_type=image/avif media_type=image/heic \
	    source_file=photos.zip:letter.avif source_file=photos.zip:letter.heic >expect &&
	test_cmp expect members
'

# a phone's HEIC from another project's tests, if the corpus is here
f=$CORPUS/field/paperless-ngx/tesseract/simple.heic
if [ -f "$f" ]; then
test_expect_success 'a field HEIC photo is read' '
	mkdir field && cp "$f" field/ &&
	dossier-ingest -w 0 -b b4 field >/dev/null && chain &&
	sql "SELECT p.text FROM page p JOIN document d ON d.id = p.document_id
		WHERE d.source_file = '\''simple.heic'\''" | grep -qi "pizza dough"
'
else
	test_skip "the corpus file field/paperless-ngx/tesseract/simple.heic is absent"
fi

test_done
