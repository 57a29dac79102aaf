#!/bin/bash
# t1000-ingest: files and folders into jobs, provenance, duplicates, bad input
# asan: yes
. "$(dirname "$0")/lib.sh"

mkdir -p inbox/sub
cp "$SAMPLES"/inbox/scan_20261121_0001.png inbox/a.png
cp "$SAMPLES"/inbox/scan_20261121_0003.tif inbox/sub/multi.tif
cp "$SAMPLES"/inbox/scan_20261121_0004.jpg inbox/sub/photo.jpg
(cd inbox && find . -type f -exec sha256sum {} + | sort -k2) >before.sum

test_expect_success 'ingest a folder: one job per file, ids on stdout' '
	dossier-ingest -w 0 -b B1 inbox >ids &&
	test $(wc -l <ids) = 3 &&
	test $(jobs_in deskew/new) = 3 &&
	for id in $(cat ids); do test -f "$DOSSIER_SPOOL/deskew/new/$id/meta" || return 1; done
'

test_expect_success 'provenance: relative source_file, sha256, pages, size' '
	grep -l "^source_file=sub/multi.tif$" "$DOSSIER_SPOOL"/deskew/new/*/meta >m &&
	meta=$(cat m) && dir=$(dirname "$meta") &&
	grep -q "^pages=3$" "$meta" &&
	grep -q "^page.3.source_page=3$" "$meta" &&
	grep -q "^media_type=image/tiff$" "$meta" &&
	grep -q "^batch=B1$" "$meta" &&
	sha=$(sha256sum inbox/sub/multi.tif | cut -d" " -f1) &&
	grep -q "^source_sha256=$sha$" "$meta" &&
	cmp inbox/sub/multi.tif "$dir/source" &&
	tail -n 1 "$meta" | grep -qx end
'

test_expect_success 'inputs are never altered or removed' '
	(cd inbox && find . -type f -exec sha256sum {} + | sort -k2) >after.sum &&
	test_cmp before.sum after.sum
'

test_expect_success 'batch file counts pages and files' '
	grep -qx "pages_in=5" "$DOSSIER_SPOOL/batch/B1/meta" &&
	grep -qx "files=3" "$DOSSIER_SPOOL/batch/B1/meta" &&
	grep -qx "duplicates=0" "$DOSSIER_SPOOL/batch/B1/meta"
'

test_expect_success 'the same content again is a duplicate, not a job' '
	cp inbox/a.png copy-of-a.png &&
	dossier-ingest -w 0 -b B2 copy-of-a.png >ids2 2>err &&
	test ! -s ids2 &&
	grep -q "duplicate" err &&
	test $(jobs_in deskew/new) = 3 &&
	grep -qx "duplicates=1" "$DOSSIER_SPOOL/batch/B2/meta"
'

test_expect_success 'spool is owner-only' '
	test "$(stat -c %a "$DOSSIER_SPOOL")" = 700 &&
	test "$(stat -c %a "$DOSSIER_SPOOL/deskew/new")" = 700 &&
	f=$(ls "$DOSSIER_SPOOL"/deskew/new/*/source | head -n 1) &&
	test "$(stat -c %a "$f")" = 600
'

mkdir bad
: >bad/empty.png
echo "this is not an image" >bad/text.jpg
head -c 2000 "$SAMPLES"/inbox/scan_20261121_0001.png >bad/truncated.png
printf '%%PDF-1.4\n%%EOF\n' >bad/scan.pdf
# a TIFF header that declares 100000 x 100000 pixels (decompression bomb)
printf '\x49\x49\x2a\x00\x08\x00\x00\x00\x07\x00'\
'\x00\x01\x04\x00\x01\x00\x00\x00\xa0\x86\x01\x00'\
'\x01\x01\x04\x00\x01\x00\x00\x00\xa0\x86\x01\x00'\
'\x02\x01\x03\x00\x01\x00\x00\x00\x01\x00\x00\x00'\
'\x03\x01\x03\x00\x01\x00\x00\x00\x01\x00\x00\x00'\
'\x06\x01\x03\x00\x01\x00\x00\x00\x00\x00\x00\x00'\
'\x11\x01\x04\x00\x01\x00\x00\x00\x08\x00\x00\x00'\
'\x17\x01\x04\x00\x01\x00\x00\x00\x01\x00\x00\x00'\
'\x00\x00\x00\x00' >bad/bomb.tif
ln -s /etc/passwd bad/link.png

test_expect_code 1 'bad input: exit 1, the rest goes on' '
	dossier-ingest -w 0 -b B3 bad inbox/sub >ids3 2>err3; rc=$?; cat err3; exit $rc
'

test_expect_success 'bad input: each file named with its reason, quarantined' '
	grep -q "empty.png.*empty file" err3 &&
	grep -q "text.jpg.*not an image" err3 &&
	grep -q "scan.pdf.*PDF" err3 &&
	grep -q "bomb.tif.*over the limit" err3 &&
	grep -q "link.png.*symbolic link not followed" err3 &&
	test $(jobs_in quarantine) = 4 &&
	dossier-spool list quarantine >q &&
	grep -q "empty.png	ingest	empty file" q
'

test_expect_success 'a second run over the same bad files quarantines them again' '
	{ dossier-ingest -w 0 -b B3b bad >ids3b 2>err3b; test $? = 1; } &&
	test $(jobs_in quarantine) = 8 && test ! -s ids3b &&
	grep -q "empty.png.: empty file: quarantined as job" err3b &&
	! grep -q "empty.png.*duplicate" err3b
'

test_expect_success 'a truncated PNG with a sound header is left to deskew' '
	grep -l "^source_file=truncated.png$" "$DOSSIER_SPOOL"/deskew/new/*/meta
'

test_expect_success 'batch of bad input reconciles: pages_in counts quarantined files' '
	grep -qx "pages_in=5" "$DOSSIER_SPOOL/batch/B3/meta" &&
	grep -qx "quarantined_at_ingest=4" "$DOSSIER_SPOOL/batch/B3/meta"
'

test_expect_success 'a file still being written is left for the next run' '
	cp "$SAMPLES"/inbox/scan_20261121_0002.png fresh.png &&
	mkdir fresh && mv fresh.png fresh/ &&
	dossier-ingest -w 3600 -b B4 fresh >ids4 &&
	test ! -s ids4 &&
	dossier-ingest -w 0 -b B5 fresh >ids5 &&
	test $(wc -l <ids5) = 1
'

if [ "$(id -u)" -ne 0 ]; then
	test_expect_code 1 'an unreadable folder is reported, the rest processed' '
		mkdir -p locked ok && cp "$SAMPLES"/inbox/scan_20261121_0006.png ok/ &&
		chmod 000 locked &&
		dossier-ingest -w 0 locked ok 2>err6; rc=$?; chmod 700 locked; grep -q "locked" err6 && exit $rc
	'
else
	test_skip 'unreadable folder (running as root: permissions do not apply)'
fi

test_expect_success 'a truncated batch record is counted afresh, with a warning' '
	mkdir -p "$DOSSIER_SPOOL/batch/B7" in7 &&
	printf "pages_in=9\n" >"$DOSSIER_SPOOL/batch/B7/meta" &&
	cp "$SAMPLES"/inbox/scan_20261121_0007.png in7/ &&
	dossier-ingest -w 0 -b B7 in7 >ids7 2>err7 &&
	grep -q "counting the batch afresh" err7 &&
	grep -qx "pages_in=1" "$DOSSIER_SPOOL/batch/B7/meta" &&
	tail -n 1 "$DOSSIER_SPOOL/batch/B7/meta" | grep -qx end
'

if command -v bsdtar >/dev/null; then
	test_expect_success 'an archive is known by its bytes, not its name' '
		mkdir -p in8/z &&
		cp "$SAMPLES"/inbox/scan_20261121_0013.png in8/z/p.png &&
		cp "$SAMPLES"/inbox/scan_20261121_0014.png in8/looks-like.zip &&
		(cd in8/z && bsdtar --format zip -cf ../scans.png p.png) &&
		rm -r in8/z &&
		dossier-ingest -s sp8 -w 0 -b B8 in8 >ids8 2>err8 &&
		test $(wc -l <ids8) = 2 &&
		grep -lx "source_file=looks-like.zip" sp8/deskew/new/*/meta &&
		m=$(grep -lx "source_file=scans.png:p.png" sp8/deskew/new/*/meta) &&
		grep -qx "member=p.png" "$m" &&
		grep -qx "files=2" sp8/batch/B8/meta &&
		grep -qx "pages_in=2" sp8/batch/B8/meta
	'
else
	test_skip "bsdtar (libarchive-tools) missing"
fi

test_expect_code 2 'usage error exits 2' 'dossier-ingest'
test_expect_code 2 'unknown option exits 2' 'dossier-ingest -Z x'
test_expect_code 3 'an unusable spool exits 3' '
	: >notadir && dossier-ingest -s notadir/spool -w 0 inbox
'

test_done
