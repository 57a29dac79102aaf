#!/bin/bash
# t7400-nightly-ops: dossier-nightly as operations run it: its options,
# the run lock, the dry run, the inputs moved to done/ and failed/ only
# once their documents are committed, the options passed to the stages,
# and the exit status a cron job acts on
. "$(dirname "$0")/lib.sh"

mkdir -p inbox/sub stub
cp "$SAMPLES"/inbox/scan_20261121_0001.png inbox/
cp "$SAMPLES"/inbox/scan_20261121_0003.tif inbox/sub/
head -c 2000 "$SAMPLES"/inbox/scan_20261121_0002.png >inbox/cut.png
: >inbox/.partial.png
touch -d '-1 hour' inbox/scan_20261121_0001.png inbox/sub/scan_20261121_0003.tif \
    inbox/cut.png
day=$(date -u +%Y-%m-%d)
lock=$DOSSIER_SPOOL/nightly.lock

# stubs that note the arguments a stage was given, then run it
for s in ocr classify tag; do
	cat >stub/dossier-$s <<-EOF
	#!/bin/bash
	printf '%s\n' "\$*" >>"$TRASH/args.$s"
	exec "$DOSSIER_BIN/dossier-$s" "\$@"
	EOF
	chmod +x stub/dossier-$s
done

test_expect_code 2 '--help prints the usage' 'nightly --help'
test_expect_success '--version names the program' '
	nightly --version >v && grep -q "^dossier-nightly (dossier) " v
'
test_expect_code 2 'languages that are not tesseract names are refused' '
	nightly -l "fra;rm" inbox
'
test_expect_code 2 'no inbox is a usage error' 'nightly -w 0'

test_expect_success 'the dry run names what it would take, and takes nothing' '
	touch inbox/sub/fresh.png &&
	nightly --dry-run -w 600 inbox >dry &&
	cat dry &&
	grep -qx "take	scan_20261121_0001.png" dry &&
	grep -qx "take	sub/scan_20261121_0003.tif" dry &&
	grep -qx "take	cut.png" dry &&
	grep -q "^leave	sub/fresh.png	changed within the settle time" dry &&
	! grep -q partial dry &&
	rm inbox/sub/fresh.png &&
	test ! -e "$DOSSIER_SPOOL" && test ! -e "$DOSSIER_ARCHIVE"
'

test_expect_success 'a run whose OCR cannot run moves no input to done/ and does not say OK' '
	{ DOSSIER_TESSDATA=$TRASH/no-tessdata nightly -w 0 -b b1 inbox >r1 2>e1; test $? = 3; } &&
	cat r1 &&
	grep -q "dossier-ocr could not run" e1 &&
	! grep -q "^reconciliation: .*OK" r1 &&
	grep -qx "pages in: 5" r1 &&
	grep -qx "quarantined pages: 1" r1 &&
	grep -q "^reconciliation: .*INCOMPLETE (4 pages still waiting: 4 in ocr/new)" r1 &&
	grep -qx "exit status: 3" r1 &&
	test -f inbox/scan_20261121_0001.png &&
	test -f inbox/sub/scan_20261121_0003.tif &&
	test ! -e "done/$day" &&
	test -f "failed/$day/cut.png" && test ! -e inbox/cut.png &&
	grep -q "^deskew: " "failed/$day/cut.png.reason"
'

test_expect_success 'the dry run now names the inputs whose jobs wait' '
	nightly -n -w 0 inbox >dry2 &&
	grep -q "^finish	scan_20261121_0001.png	job .* in ocr/new" dry2 &&
	grep -q "^queued	ocr/new	2 jobs" dry2
'

test_expect_success 'a second run while the first holds the lock exits 3 and says who holds it' '
	PATH=$TRASH/stub:$PATH nightly -w 0 -b b2 -l eng -t "$TAGSET" inbox >r2 2>e2 &
	first=$! &&
	wait_until grep -qs "^pid $first " "$lock" &&
	{ nightly -w 0 -b b3 inbox >r3 2>e3; rc=$?; } &&
	{ wait $first; rc1=$?; } &&
	cat e3 r2 &&
	test $rc = 3 &&
	grep -q "another run holds the lock .*: pid $first on $(hostname) since .* (batch b2)" e3 &&
	test ! -s r3 &&
	test $rc1 = 0
'

test_expect_success '... which finished the waiting jobs, then moved their inputs to done/' '
	grep -q "^reconciliation: .*: OK" r2 &&
	grep -qx "inputs moved to done: 2" r2 &&
	test -f "done/$day/scan_20261121_0001.png" &&
	test -f "done/$day/sub/scan_20261121_0003.tif" &&
	cmp "done/$day/scan_20261121_0001.png" "$SAMPLES"/inbox/scan_20261121_0001.png &&
	test -z "$(find inbox -type f ! -name ".*")" &&
	test "$(sql "SELECT count(*) FROM document")" = 2
'

test_expect_success 'the languages and the tagset were passed to the stages' '
	grep -q -- "-l eng" args.ocr &&
	grep -q -- "-t $TAGSET" args.classify &&
	grep -q -- "-t $TAGSET" args.tag
'

test_expect_success 'the lock is free again after a run' '
	flock -n "$lock" true
'

test_expect_success 'an input dropped again is moved to done/ as a duplicate, beside the first' '
	cp "$SAMPLES"/inbox/scan_20261121_0001.png inbox/ &&
	nightly -w 0 -b b4 inbox >r4 2>e4 &&
	grep -qx "duplicates: 1" r4 &&
	test -f "done/$day/scan_20261121_0001.png.1" &&
	test "$(sql "SELECT count(*) FROM document")" = 2
'

test_expect_success 'with -k the inputs stay in the inbox' '
	cp "$SAMPLES"/inbox/scan_20261121_0001.png inbox/ &&
	nightly -k -w 0 -b b5 inbox >r5 2>e5 &&
	test -f inbox/scan_20261121_0001.png &&
	! grep -q "^inputs moved" r5
'

test_expect_success 'content the archive holds is done with, even when the spool forgot it' '
	sha=$(sha256sum inbox/scan_20261121_0001.png | cut -d" " -f1) &&
	mv "$DOSSIER_SPOOL/seen/$sha" seen.saved &&
	dossier-spool inputs inbox >in1 &&
	grep -qx "done	scan_20261121_0001.png	" in1 &&
	DOSSIER_ARCHIVE=$TRASH/none.db dossier-spool inputs inbox >in2 &&
	grep -qx "new	scan_20261121_0001.png	" in2 &&
	mv seen.saved "$DOSSIER_SPOOL/seen/$sha"
'

test_expect_success 'a name with a line end or a tab is one input, quoted where it is listed' '
	mkdir odd &&
	cp "$SAMPLES"/inbox/scan_20261121_0006.png "odd/a
b	c.png" &&
	cp "$SAMPLES"/inbox/scan_20261121_0007.png "odd/back\\slash.png" &&
	dossier-spool inputs odd >odd1 &&
	test $(wc -l <odd1) = 2 &&
	grep -Fqx "new	\"a\\nb\\tc.png\"	" odd1 &&
	grep -Fqx "new	\"back\\\\slash.png\"	" odd1 &&
	nightly -w 0 -b b7 odd >r7 2>e7 &&
	grep -qx "inputs moved to done: 2" r7 &&
	grep -qx "inputs left in the inbox: 0" r7 &&
	test -f "done/$day/a
b	c.png"
'

test_expect_success '... and no line of the log is a name'"'"'s: it stays one message' '
	mkdir odd2 &&
	cp "$SAMPLES"/inbox/scan_20261121_0008.png "odd2/x
dossier-load: error: forged" &&
	dossier-ingest -v -w 600 -b b8 odd2 2>e8 &&
	cat e8 &&
	grep -q "x?dossier-load: error: forged" e8 &&
	! grep -q "^dossier-load" e8
'

test_expect_success '... nor of the report: a quarantined input is one line' '
	mkdir odd3 &&
	head -c 2000 "$SAMPLES"/inbox/scan_20261121_0002.png >"odd3/cut
forged: 1.png" &&
	{ nightly -w 0 -b b9 odd3 >r9 2>e9; test $? = 1; } &&
	grep -q "^quarantined input: cut?forged: 1.png (1 page" r9 &&
	! grep -q "^forged" r9
'

test_expect_success 'the dry run before any spool: one line a file, whatever its name' '
	mkdir odd4 &&
	cp "$SAMPLES"/inbox/scan_20261121_0001.png "odd4/a
b.png" &&
	cp "$SAMPLES"/inbox/scan_20261121_0003.tif odd4/plain.tif &&
	touch -d "-1 hour" odd4/plain.tif &&
	dossier-nightly --dry-run -w 600 -s "$TRASH/nospool" odd4 >dry4 2>edry4 &&
	cat dry4 edry4 &&
	test ! -e "$TRASH/nospool" &&
	test $(wc -l <dry4) = 2 &&
	grep -qx "leave	a?b.png	changed within the settle time" dry4 &&
	grep -qx "take	plain.tif" dry4 &&
	test ! -s edry4
'

test_expect_success 'a batch that does not balance makes nightly exit non-zero' '
	cat >stub/dossier-report <<-\EOF &&
	#!/bin/bash
	echo "reconciliation: pages in = archived + blank + cover sheets + quarantined: MISMATCH (3 != 2 + 0 + 0 + 0, +1)"
	EOF
	chmod +x stub/dossier-report &&
	{ PATH=$TRASH/stub:$PATH nightly -k -w 0 -b b6 inbox >r6 2>e6; test $? = 3; } &&
	grep -q "batch b6 does not balance" e6 &&
	grep -qx "exit status: 3" r6
'

test_done
