#!/bin/bash
# t7430-quarantine-audit: dossier-spool retry and release are recorded in
# the archive: an audit row naming the actor, the batch and the job; a
# release shows in the batch as released pages, and the batch still
# balances; a release cut short and run again counts nothing twice
. "$(dirname "$0")/lib.sh"

mkdir inbox
cp "$SAMPLES"/inbox/scan_20261121_0001.png inbox/
head -c 2000 "$SAMPLES"/inbox/scan_20261121_0002.png >inbox/cut.png
head -c 3000 "$SAMPLES"/inbox/scan_20261121_0006.png >inbox/cut2.png

audit() {
	sql "SELECT actor, action, object, detail FROM audit
	     WHERE action LIKE 'quarantine.%' ORDER BY seq"
}

test_expect_success 'set up: a night with two inputs quarantined' '
	{ nightly -k -w 0 -b q1 inbox >r1 2>e1; test $? = 1; } &&
	grep -qx "quarantined pages: 2" r1 &&
	dossier-spool list quarantine >q &&
	test $(wc -l <q) = 2 &&
	id1=$(grep "	cut.png	" q | cut -f1) && id2=$(grep "	cut2.png	" q | cut -f1) &&
	echo "$id1" >id1 && echo "$id2" >id2
'
id1=$(cat id1) id2=$(cat id2)

test_expect_success 'a retry is an audit row naming the actor, the batch and the job' '
	dossier-spool -u clerk1 retry "$id1" &&
	test "$(dossier-spool list deskew/new | cut -f1)" = "$id1" &&
	audit >a &&
	cat a &&
	test $(wc -l <a) = 1 &&
	grep -q "^clerk1|quarantine.retry|batch:q1|job=$id1 pages=1 stage=deskew file=cut.png reason=page%201:%20corrupt%20image" a
'

test_expect_success 'a retry that cannot be made leaves no audit row' '
	test_must_fail dossier-spool -u clerk1 retry "$id1" &&
	test $(audit | wc -l) = 1
'

test_expect_success 'the retried job is quarantined again by the next night; the batch still balances' '
	{ nightly -k -w 0 -b q2 inbox >r2 2>e2; test $? = 1; } &&
	dossier-report q1 >rq1 &&
	grep -qx "quarantined pages: 2" rq1 &&
	grep -q "^reconciliation: .*: OK (3 = 1 + 0 + 0 + 2)" rq1
'

test_expect_success 'a release is recorded, with its actor, and the pages show as released' '
	cp -a "$DOSSIER_SPOOL/quarantine/$id2" saved &&
	mkdir out &&
	dossier-spool -u clerk2 release -o out "$id2" >rel &&
	test -f "out/$id2.cut2.png" &&
	audit | grep "^clerk2|quarantine.release|batch:q1|job=$id2 pages=1 stage=deskew file=cut2.png reason=" &&
	test "$(sql "SELECT released, quarantined FROM batch WHERE id = '"'q1'"'")" = "1|2" &&
	dossier-report q1 >rq1 &&
	grep -qx "released pages: 1" rq1 &&
	grep -qx "quarantined pages: 2" rq1 &&
	grep -q "^reconciliation: .*: OK (3 = 1 + 0 + 0 + 2)" rq1 &&
	! grep -q "quarantined input: cut2.png" rq1
'

test_expect_success 'a recount after the release keeps the batch balanced' '
	dossier-load </dev/null >/dev/null &&
	test "$(sql "SELECT released, quarantined FROM batch WHERE id = '"'q1'"'")" = "1|2" &&
	dossier-report q1 | grep -q "^reconciliation: .*: OK"
'

test_expect_success 'a release cut short before the job went, run again, counts nothing twice' '
	cp -a saved "$DOSSIER_SPOOL/quarantine/$id2" &&
	dossier-spool -u clerk2 release "$id2" &&
	test ! -e "$DOSSIER_SPOOL/quarantine/$id2" &&
	test $(audit | grep -c "quarantine.release") = 1 &&
	test "$(sql "SELECT released FROM batch WHERE id = '"'q1'"'")" = 1
'

test_expect_success 'the actor defaults to the login name' '
	id=$(dossier-spool list quarantine | cut -f1 | head -n 1) &&
	USER=clerk3 dossier-spool retry "$id" &&
	audit | tail -n 1 | grep -q "^clerk3|quarantine.retry|"
'

test_expect_code 2 'an actor with blanks is refused' 'dossier-spool -u "a b" retry x'

test_done
