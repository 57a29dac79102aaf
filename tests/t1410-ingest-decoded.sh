#!/bin/bash
# t1410-ingest-decoded: the pages ingest decodes to look for cover sheets
# (PNG, TIFF, HEIC; not JPEG, which libjpeg decodes as fast) are kept in
# their jobs for deskew, each with the job whose page it is when a cover
# sheet cuts the file; deskew takes them instead of decoding the page
# again, with the same result to the byte (pixel digests, images, meta;
# the image of a page whose file has a comment carries it, as before),
# and removes them; one damaged, or missing, is decoded again
# asan: yes
. "$(dirname "$0")/lib.sh"

export DOSSIER_STRICT_KEYS=1
IN=$SAMPLES/inbox

# kept ID: the decoded pages kept in the job ID (any queue), by name
kept() {
	find "$DOSSIER_SPOOL" -path "*/$1/decoded-p*" -printf '%f\n' | sort |
	    tr '\n' ' '
}
# job FILE [FIRST]: the id of FILE's job (whose first page is the
# source's page FIRST, default 1) in any queue
job() {
	local m
	for m in $(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/*/new/*/meta); do
		grep -qx "page.1.source_page=${2:-1}" "$m" &&
		    basename "$(dirname "$m")"
	done
}
# same SPOOL1 SPOOL2: the jobs deskew left in each, by source file and
# first page, have the same meta (but their ids and times) and files
same() {
	local m n src first f
	for m in "$1"/ocr/new/*/meta; do
		src=$(grep "^source_file=" "$m")
		first=$(grep "^page.1.source_page=" "$m")
		n=$(for f in $(grep -lx "$src" "$2"/ocr/new/*/meta); do
			grep -qx "$first" "$f" && echo "$f"; done)
		test -n "$n" || { echo "no twin of $m" >&2; return 1; }
		diff <(grep -v '^\(id\|ingested_at\|.*_at\)=' "$m") \
		    <(grep -v '^\(id\|ingested_at\|.*_at\)=' "$n") >&2 ||
		    return 1
		for f in $(cd "$(dirname "$m")" && ls p0*); do
			cmp "$(dirname "$m")/$f" "$(dirname "$n")/$f" || return 1
		done
	done
	test "$(ls "$1"/ocr/new | wc -l)" = "$(ls "$2"/ocr/new | wc -l)"
}

test_expect_success 'set up: a TIFF cut by a cover sheet, PNGs, a JPEG' '
	dossier-registry "$SAMPLES/registry.csv" 2>/dev/null &&
	dossier-coversheet -o c2.png HH-2026-0002 &&
	convert c2.png -colorspace Gray -density 200 -units PixelsPerInch \
	    -resize 66.67% c2-scan.png &&
	mkdir inbox &&
	convert "$IN/scan_20261121_0007.png" c2-scan.png \
	    "$IN/scan_20261121_0006.png" "$IN/scan_20261121_0004.jpg" \
	    -compress lzw inbox/multi.tif &&
	cp "$IN/scan_20261121_0001.png" inbox/page.png &&
	cp "$IN/scan_20261121_0012.jpg" inbox/page.jpg &&
	convert "$IN/scan_20261121_0013.png" -threshold 50% -type bilevel \
	    -set comment "scanned on the copier of the ground floor" \
	    inbox/noted.png &&
	dossier-ingest -b B1 -w 0 inbox >ids 2>err &&
	test "$(wc -l <ids)" = 5
'

test_expect_success 'each document of the TIFF has its own pages decoded' '
	test "$(kept "$(job multi.tif 1)")" = "decoded-p0001.zst " &&
	test "$(kept "$(job multi.tif 3)")" = \
	    "decoded-p0003.zst decoded-p0004.zst " &&
	test -z "$(find "$DOSSIER_SPOOL" -name decoded-p0002.zst)"
'

test_expect_success 'a PNG has its page kept, a JPEG not' '
	test "$(kept "$(job page.png)")" = "decoded-p0001.zst " &&
	test "$(kept "$(job noted.png)")" = "decoded-p0001.zst " &&
	test -z "$(kept "$(job page.jpg)")"
'

test_expect_success 'the files are the spool owner'"'"'s alone' '
	test -z "$(find "$DOSSIER_SPOOL" -name "decoded-p*" -perm /077)"
'

test_expect_success 'deskew: the same result as decoding the pages, and none left' '
	cp -a "$DOSSIER_SPOOL" bare &&
	find bare -name "decoded-p*" -delete &&
	cp -a "$DOSSIER_SPOOL" damaged &&
	dossier-deskew >/dev/null 2>err &&
	test -z "$(find "$DOSSIER_SPOOL" -name "decoded-p*")" &&
	DOSSIER_SPOOL=$PWD/bare dossier-deskew >/dev/null 2>err.bare &&
	same "$DOSSIER_SPOOL" bare &&
	! grep "does not read whole" err
'

test_expect_success 'a damaged decoded page is decoded again, the same' '
	f=$(find damaged -name decoded-p0001.zst -path "*$(job page.png)*") &&
	test -f "$f" &&
	size=$(stat -c %s "$f") &&
	printf "\377\377\377\377" |
	    dd of="$f" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null &&
	g=$(find damaged -name decoded-p0003.zst) &&
	head -c 100 "$g" >g.cut && cat g.cut >"$g" &&
	DOSSIER_SPOOL=$PWD/damaged dossier-deskew >/dev/null 2>err.damaged &&
	test "$(grep -c "does not read whole: decoded again" err.damaged)" = 2 &&
	same damaged bare
'

test_expect_success 'the chain archives them as it would have' '
	chain &&
	test "$(sql "SELECT count(*) FROM document")" = 5 &&
	test "$(sql "SELECT count(*) FROM page")" = 6 &&
	test "$(sql "SELECT count(*) FROM page WHERE pixels_sha256 IS NULL")" = 0
'

if ! command -v heif-enc >/dev/null; then
	test_skip "no heif-enc (libheif-examples)"
else test_expect_success 'a HEIC photo: decoded once' '
	mkdir heic &&
	convert "$IN/scan_20261121_0002.png" -resize 50% -strip heic-in.png &&
	heif-enc -q 90 -o heic/photo.heic heic-in.png >/dev/null 2>&1 &&
	dossier-ingest -b B2 -w 0 heic >/dev/null 2>&1 &&
	test "$(kept "$(job photo.heic)")" = "decoded-p0001.zst " &&
	cp -a "$DOSSIER_SPOOL" bare2 &&
	find bare2 -name "decoded-p*" -delete &&
	dossier-deskew >/dev/null 2>&1 &&
	DOSSIER_SPOOL=$PWD/bare2 dossier-deskew >/dev/null 2>&1 &&
	same "$DOSSIER_SPOOL" bare2
'
fi

test_done
