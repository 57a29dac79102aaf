#!/bin/bash
# t7100-crash: kill -9 the stages in the middle of a batch, rerun, and find
# the same archive as an uninterrupted run; every job in exactly one place
. "$(dirname "$0")/lib.sh"

# canon DB: the archive's content without ids and clocks
canon() {
	sqlite3 -batch -noheader "$1" "
	  SELECT d.source_file, d.first_page, d.page_count, d.class, d.status,
	         coalesce(d.review_reason, ''), coalesce(h.ref, ''), d.source_sha256
	    FROM document d LEFT JOIN household h ON h.id = d.household_id
	   ORDER BY d.source_file;
	  SELECT d.source_file, p.page_no, p.image_sha256, p.skew_deg, p.blank,
	         length(p.text), p.text
	    FROM page p JOIN document d ON d.id = p.document_id
	   ORDER BY d.source_file, p.page_no;
	  SELECT d.source_file, t.name, t.value FROM tag t
	    JOIN document d ON d.id = t.document_id ORDER BY 1, 2, 3;
	  SELECT d.source_file, f.kind, f.normalized, f.valid FROM field f
	    JOIN document d ON d.id = f.document_id ORDER BY 1, 2, 3;
	  SELECT count(*) FROM source;
	  SELECT count(*) FROM audit;"
}

# wait_for DIR N PID: until N jobs have reached spool DIR, or PID ended
# (no clock: a slow machine only makes the kill come later)
wait_for() {
	while kill -0 "$3" 2>/dev/null; do
		[ "$(jobs_in "$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 0
}

# crash PID: kill -9 a stage; its workers die with it (PR_SET_PDEATHSIG)
crash() {
	_kids=$(pgrep -P "$1")
	kill -9 "$1"
	wait "$1" 2>/dev/null
	for _k in $_kids; do
		while kill -0 "$_k" 2>/dev/null; do sleep 0.05; done
	done
	return 0
}

# one_place: every job id appears in exactly one state directory
one_place() {
	find "$1" -mindepth 2 -maxdepth 4 -type d -name '2*Z-*' |
		awk -F/ '{ print $NF }' | sort | uniq -d | grep -q . && return 1
	return 0
}

# both runs read the same snapshot of the samples
cp -r "$SAMPLES/inbox" inbox

test_expect_success 'reference: an uninterrupted run' '
	dossier-load -s ref-spool -a ref.db --registry "$SAMPLES/registry.csv" &&
	nightly -s ref-spool -a ref.db -j 2 -w 0 -b b1 inbox >/dev/null 2>&1 &&
	canon ref.db >ref.txt && test -s ref.txt
'

test_expect_success 'crash run: kill -9 deskew, ocr and load in the middle' '
	dossier-load --registry "$SAMPLES/registry.csv" &&
	dossier-ingest -w 0 -b b1 inbox >/dev/null &&
	total=$(jobs_in deskew/new) &&
	{ dossier-deskew >/dev/null 2>&1 & pid=$!; } &&
	wait_for ocr/new 2 $pid && crash $pid
	# the kill came in the middle of the batch
	test $(jobs_in ocr/new) -lt $total &&
	one_place "$DOSSIER_SPOOL" &&
	dossier-deskew >/dev/null 2>&1 &&
	test $(jobs_in ocr/new) = $total &&
	{ dossier-ocr -j 2 >/dev/null 2>&1 & pid=$!; } &&
	wait_for classify/new 3 $pid && crash $pid
	test $(jobs_in classify/new) -lt $total &&
	one_place "$DOSSIER_SPOOL" &&
	dossier-ocr -j 2 >/dev/null 2>&1 &&
	test $(jobs_in classify/new) = $total &&
	dossier-classify >/dev/null && dossier-tag >/dev/null &&
	{ dossier-load >/dev/null 2>&1 & pid=$!; } &&
	while kill -0 $pid 2>/dev/null && [ $(jobs_in load/new) -ge $total ]; do
		sleep 0.01
	done
	crash $pid
	echo "load killed with $(sql "SELECT count(*) FROM document") of $total documents in"
	one_place "$DOSSIER_SPOOL" &&
	dossier-load >/dev/null 2>&1 &&
	dossier-spool count | awk -F"\t" "\$2 != 0 { bad = 1 } END { exit bad }"
'

test_expect_success 'the crashed run archived the same as the uninterrupted one' '
	canon "$DOSSIER_ARCHIVE" >crash.txt &&
	test_cmp ref.txt crash.txt
'

test_expect_success 'a job killed while loading is either fully in or fully out' '
	test "$(sql "PRAGMA integrity_check")" = ok &&
	test "$(sql "SELECT count(*) FROM document d WHERE page_count <> (SELECT count(*) FROM page p WHERE p.document_id = d.id)")" = 0
'

test_done
