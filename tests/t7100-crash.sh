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
		sleep 0.05
	done
	return 0
}

# load_took PID: until load (PID) has taken a job out of load/new, or ended
load_took() {
	while kill -0 "$1" 2>/dev/null; do
		[ "$(jobs_in load/new)" -lt "$total" ] && return 0
		sleep 0.01
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

# left STAGE: how many jobs STAGE has not finished (waiting in STAGE/new,
# or in the cur/W of a worker that died)
left() {
	{
		find "$DOSSIER_SPOOL/$1/new" -mindepth 1 -maxdepth 1 -type d \
		    -name '2*Z-*' &&
		find "$DOSSIER_SPOOL/$1/cur" -mindepth 2 -maxdepth 2 -type d \
		    -name '2*Z-*'
	} 2>/dev/null | wc -l
}

# kill_mid STAGE "WAIT ARGS" [OPTION...]: run dossier-STAGE OPTION... in
# the background, kill -9 it once "WAIT ARGS PID" returns, and succeed if
# the kill came in the middle of the batch: STAGE took jobs but left some
# unfinished.  A stage faster than the kill runs again on a copy of the
# spool and archive taken before it started, 3 trials at most: the kill
# may miss, the checks cannot.
kill_mid() {
	_stage=$1 _wait=$2
	shift 2
	rm -rf snap && mkdir -p snap/db &&
	cp -a "$DOSSIER_SPOOL" snap/spool &&
	cp -a "$DOSSIER_ARCHIVE"* snap/db/ || return 1
	for _try in 1 2 3; do
		dossier-$_stage "$@" >/dev/null 2>&1 &
		_pid=$!
		$_wait $_pid
		crash $_pid
		_left=$(left $_stage)
		echo "$_stage killed with $_left of $total jobs left (trial $_try)"
		[ "$_left" -gt 0 ] && [ "$(jobs_in $_stage/new)" -lt "$total" ] &&
			return 0
		rm -rf "$DOSSIER_SPOOL" "$DOSSIER_ARCHIVE"* &&
		cp -a snap/spool "$DOSSIER_SPOOL" &&
		cp -a snap/db/. "$(dirname "$DOSSIER_ARCHIVE")/" || return 1
	done
	return 1
}

# both runs read the same snapshot of the samples
cp -r "$SAMPLES/inbox" inbox

test_expect_success 'reference: an uninterrupted run' '
	dossier-load -s ref-spool -a ref.db --registry "$SAMPLES/registry.csv" &&
	nightly -k -s ref-spool -a ref.db -j 2 -w 0 -b b1 inbox >/dev/null 2>&1 &&
	canon ref.db >ref.txt && test -s ref.txt
'

test_expect_success 'set up the crash run: registry and ingest' '
	dossier-load --registry "$SAMPLES/registry.csv" &&
	dossier-ingest -w 0 -b b1 inbox >/dev/null &&
	jobs_in deskew/new >total &&
	test $(cat total) -gt 3
'
total=$(cat total)

test_expect_success 'kill -9 deskew in the middle of the batch' '
	kill_mid deskew "wait_for ocr/new 2" &&
	one_place "$DOSSIER_SPOOL"
'

test_expect_success '... and a rerun finishes it' '
	dossier-deskew >/dev/null 2>&1 &&
	test $(left deskew) = 0 &&
	test $(jobs_in ocr/new) = $total &&
	one_place "$DOSSIER_SPOOL"
'

test_expect_success 'kill -9 OCR (2 workers) in the middle of the batch' '
	kill_mid ocr "wait_for classify/new 3" -j 2 &&
	one_place "$DOSSIER_SPOOL"
'

test_expect_success '... and a rerun finishes it' '
	dossier-ocr -j 2 >/dev/null 2>&1 &&
	test $(left ocr) = 0 &&
	test $(jobs_in classify/new) = $total &&
	one_place "$DOSSIER_SPOOL"
'

test_expect_success 'classify and tag' '
	dossier-classify >/dev/null && dossier-tag >/dev/null &&
	test $(jobs_in load/new) = $total
'

test_expect_success 'kill -9 load in the middle of the batch' '
	kill_mid load load_took &&
	echo "$(sql "SELECT count(*) FROM document") documents in" &&
	one_place "$DOSSIER_SPOOL"
'

test_expect_success '... and a rerun finishes it, the spool is empty' '
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
