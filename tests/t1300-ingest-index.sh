#!/bin/bash
# t1300-ingest-index: the migration index (dossier-ingest --index) gives a
# file's household, class, date and tags, marked as from the index; rows
# it cannot use are named by their line; the inbox as clerks use it: files
# still being written wait, by name; a quarantined file dropped again is
# quarantined again; empty files are not duplicates of each other
# asan: yes
. "$(dirname "$0")/lib.sh"
# every key written must be in the table, within its range
export DOSSIER_STRICT_KEYS=1

mkdir -p inbox/sub
cp "$SAMPLES"/inbox/scan_20261121_0001.png inbox/a.png
cp "$SAMPLES"/inbox/scan_20261121_0006.png inbox/sub/b.png
cp "$SAMPLES"/inbox/scan_20261121_0008.png inbox/c.png

# the registry knows HH-2026-0001 only: H9 is unknown
head -n 2 "$SAMPLES/registry.csv" >reg.csv

cat >index.csv <<'EOF'
File;Household;CLASS;date;tags;remarks
a.png;HH-2026-0001;Lease;31/05/2024;urgent legacy;scanned 2019
./sub/b.png;H9;;2023-01-02;;
EOF

# meta KEY FILE: the value of KEY in the meta of the job of source FILE
meta() {
	grep -h "^$1=" $(grep -l "^source_file=$2$" \
	    "$DOSSIER_SPOOL"/deskew/new/*/meta) | cut -d= -f2-
}

test_expect_success 'the index values become the job keys' '
	dossier-ingest -w 0 -b B1 --index index.csv inbox >ids 2>err &&
	test $(wc -l <ids) = 3 &&
	test "$(meta index_household a.png)" = HH-2026-0001 &&
	test "$(meta index_class a.png)" = lease &&
	test "$(meta index_date a.png)" = 2024-05-31 &&
	test "$(meta index_tags a.png)" = "urgent legacy" &&
	test "$(meta from_index a.png)" = household,class,date,tags &&
	test "$(meta from_index sub/b.png)" = household,date &&
	test -z "$(meta from_index c.png)"
'

test_expect_success 'the chain to load: the index wins and is marked' '
	dossier-registry reg.csv 2>/dev/null &&
	dossier-deskew </dev/null | dossier-ocr | dossier-classify |
	    dossier-tag | dossier-load >/dev/null 2>err &&
	test "$(sql "SELECT d.status, h.ref, d.link_method, d.class,
	    d.from_index FROM document d LEFT JOIN household h
	    ON h.id = d.household_id WHERE d.source_file = '"'a.png'"'")" = \
	    "filed|HH-2026-0001|index|lease|household,class,date,tags" &&
	test "$(sql "SELECT group_concat(t.name, \" \") FROM (SELECT t.name
	    FROM tag t JOIN document d ON d.id = t.document_id
	    WHERE d.source_file = '"'a.png'"' AND t.name IN
	    ('"'urgent'"', '"'legacy'"') ORDER BY t.name) t")" = \
	    "legacy urgent" &&
	test "$(sql "SELECT f.normalized FROM field f JOIN document d
	    ON d.id = f.document_id WHERE d.source_file = '"'a.png'"'
	    AND f.kind = '"'date'"' AND f.page_id IS NULL")" = 2024-05-31
'

test_expect_success 'an unknown household of the index goes to review' '
	test "$(sql "SELECT status, review_reason FROM document
	    WHERE source_file = '"'sub/b.png'"'")" = \
	    "review|unknown household in the migration index"
'

test_expect_success 'a file missing from the index is processed as usual' '
	test "$(sql "SELECT quote(from_index), link_method IS NOT '"'index'"'
	    FROM document WHERE source_file = '"'c.png'"'")" = "NULL|1"
'

test_expect_success 'an archive member is named ARCHIVE:MEMBER in the index' '
	if ! command -v bsdtar >/dev/null; then
		say "skipped: bsdtar (libarchive-tools) missing"; exit 0
	fi &&
	mkdir -p zsrc/migr inz &&
	cp "$SAMPLES"/inbox/scan_20261121_0014.png zsrc/migr/doc_1.png &&
	(cd zsrc && bsdtar -a -cf ../inz/export.zip migr/doc_1.png) &&
	printf "file;class\nexport.zip:migr/doc_1.png;payslip\n" >zindex.csv &&
	dossier-ingest -w 0 -b BZ --index zindex.csv inz >idsz 2>errz &&
	test "$(meta index_class export.zip:migr/doc_1.png)" = payslip &&
	test "$(meta from_index export.zip:migr/doc_1.png)" = class
'

mkdir inbox2
cp "$SAMPLES"/inbox/scan_20261121_0013.png inbox2/d.png
cp "$SAMPLES"/inbox/scan_20261121_0015.png inbox2/e.png
cp "$SAMPLES"/inbox/scan_20261121_0016.png inbox2/f.png
{
	echo "tags,file,household,class,date,unknown column"
	echo "x,d.png,H1,lease,2024-02-30,"
	echo "x,e.png,,not a class!,,"
	echo "bad/tag,f.png,,,,"
	echo "ok,gone.png,H1,,,"
	echo "ok,f.png,$(printf "%070d" 0),,,"
	printf 'ok,\377.png,,,,\n'
	echo ",e.png,H1,,,"
	echo "ok,,H1,,,"
	printf 'ok,big.png,%s,,,\n' "$(head -c 10485760 /dev/zero | tr "\0" x)"
	echo 'ok,"d.png,H1,,,'
} >bad.csv

test_expect_code 1 'bad rows: exit 1, the rest goes on' '
	dossier-ingest -w 0 -b B2 --index bad.csv inbox2 >ids2 2>err2
'

test_expect_success 'bad rows are named by line with their reason' '
	grep -q "^dossier-ingest: .*bad.csv:2: date is not a date" err2 &&
	grep -q "bad.csv:3: class is not a plain name" err2 &&
	grep -q "bad.csv:4: tags are not plain words" err2 &&
	grep -q "bad.csv:5: no input file of this run has that name" err2 &&
	grep -q "bad.csv:6: household reference longer than 64 bytes" err2 &&
	grep -q "bad.csv:7: not valid UTF-8" err2 &&
	grep -q "bad.csv:3: the same file as line 8" err2 &&
	grep -q "bad.csv:8: the same file as line 3" err2 &&
	grep -q "bad.csv:9: no file named" err2 &&
	grep -q "bad.csv:10: value too long" err2 &&
	grep -q "bad.csv:11: quoted field does not end" err2 &&
	! grep -q "H1\|gone.png\|xxxx" err2
'

test_expect_success 'files of refused rows are taken as usual' '
	test $(wc -l <ids2) = 3 &&
	! grep -l "^from_index=" $(for i in $(cat ids2); do
	    echo "$DOSSIER_SPOOL/deskew/new/$i/meta"; done)
'

test_expect_success 'an index that cannot be read: nothing is taken' '
	printf "household;class\nH1;lease\n" >nofile.csv &&
	{ dossier-ingest -w 0 --index nofile.csv inbox2 >ids3 2>err3;
	  test $? = 3; } &&
	grep -q "nofile.csv:1: .*file" err3 && test ! -s ids3
'

mkdir inbox3
cp "$SAMPLES"/inbox/scan_20261121_0017.png inbox3/old.png
touch -d "1 hour ago" inbox3/old.png
for f in w1.tif w2.tif w3.tif; do echo partial >inbox3/$f; done
printf 'file;class\nw2.tif;lease\n' >wait.csv

test_expect_success 'files still being written wait, named and counted' '
	{ dossier-ingest -w 600 -b B3 --index wait.csv inbox3 >ids4 2>err4;
	  test $? = 1; } &&
	test $(wc -l <ids4) = 1 &&
	grep -qx "dossier-ingest: waiting: 3 files still being written: w1.tif, w2.tif, w3.tif" err4 &&
	grep -qx "waiting=3" "$DOSSIER_SPOOL/batch/B3/meta" &&
	grep -q "wait.csv:2: that file is still being written" err4
'

mkdir inbox4 inbox5
echo "not an image" >inbox4/note.jpg
: >inbox4/empty1.png
: >inbox4/empty2.tif

test_expect_success 'two different empty files are not duplicates' '
	q=$(jobs_in quarantine) &&
	{ dossier-ingest -w 0 -b B4 inbox4 >/dev/null 2>err5; test $? = 1; } &&
	! grep -q duplicate err5 &&
	grep -q "empty1.png.*empty" err5 && grep -q "empty2.tif.*empty" err5 &&
	test $(jobs_in quarantine) = $((q + 3))
'

test_expect_success 'a quarantined file dropped again is quarantined again' '
	cp inbox4/note.jpg inbox5/note-again.jpg &&
	q=$(jobs_in quarantine) &&
	{ dossier-ingest -w 0 -b B5 inbox5 >/dev/null 2>err6; test $? = 1; } &&
	! grep -q duplicate err6 &&
	grep -q "note-again.jpg.*not an image.*quarantined as job" err6 &&
	test $(jobs_in quarantine) = $((q + 1)) &&
	grep -qx "quarantined_at_ingest=1" "$DOSSIER_SPOOL/batch/B5/meta"
'

test_expect_success 'an index others may write is refused, nothing taken' '
	cp index.csv open.csv && chmod 646 open.csv &&
	test_must_fail env DOSSIER_SPOOL=$PWD/sp-open dossier-ingest -w 0 \
	    --index open.csv inbox >ids 2>err &&
	grep -q "writable by group or others; refusing it" err &&
	test ! -s ids
'

test_done
