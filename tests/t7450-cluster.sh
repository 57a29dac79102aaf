#!/bin/bash
# t7450-cluster: dossier-cluster spreads deskew and OCR over two worker
# "hosts" (sshd on the loopback address, GNU parallel --sshlogin) on a shared
# spool; a run killed mid-batch, worker processes and all, is rerun with
# nothing lost or doubled: the claims of the dead workers are recovered
. "$(dirname "$0")/lib.sh"

. "$SRCDIR/tests/lib-sshd.sh"
cluster_hosts

cp -r "$SAMPLES/inbox" inbox
ndocs=$(($(wc -l <"$SAMPLES/truth.tsv") - 1))
npages=$(awk -F"\t" "NR > 1 { n += \$2 } END { print n }" "$SAMPLES/truth.tsv")
lock=$DOSSIER_SPOOL/nightly.lock

# kill_hosts - kill -9 what runs on the "hosts" for us: every live worker
# of deskew and OCR (its dir is locked; it is named by a job id, whose
# second field is the worker's pid), its stage process and the shell that
# ssh started for it, as a host that dies takes them all; until none is left
kill_hosts() {
	local d pid ppid sh pass live
	for pass in 1 2 3 4 5 6 7 8 9 10; do
		live=0
		for d in "$DOSSIER_SPOOL"/deskew/cur/*/ "$DOSSIER_SPOOL"/ocr/cur/*/; do
			[ -f "$d.lock" ] || continue
			flock -n "$d.lock" true && continue
			live=1
			pid=$(basename "$d" | cut -d- -f2)
			ppid=$(ps -o ppid= -p "$pid" | tr -d " ")
			sh=
			[ -n "$ppid" ] && sh=$(ps -o ppid= -p "$ppid" | tr -d " ")
			case $(ps -o comm= -p "${sh:-0}" 2>/dev/null) in
			bash | sh | dash) ;;
			*) sh= ;;
			esac
			kill -9 $sh $ppid "$pid" 2>/dev/null
		done
		[ $live = 0 ] && [ $pass -gt 2 ] && return 0
		sleep 0.5
	done
}

# hold_claim - stop (SIGSTOP) every live worker of deskew and OCR; 0 if an
# OCR worker then holds a job, else let them all go on (SIGCONT) and 1.  The
# kill that follows then finds a claim to recover however fast the workers
# are: a worker seen with a job, then killed, had finished it in between on
# a loaded machine (the CI's), and nothing was left to recover
hold_claim() {
	local d pids=
	for d in "$DOSSIER_SPOOL"/deskew/cur/*/ "$DOSSIER_SPOOL"/ocr/cur/*/; do
		[ -f "$d.lock" ] || continue
		flock -n "$d.lock" true && continue
		pids="$pids $(basename "$d" | cut -d- -f2)"
	done
	[ -n "$pids" ] || return 1
	kill -STOP $pids 2>/dev/null
	[ -n "$(ls -d "$DOSSIER_SPOOL"/ocr/cur/*/*/ 2>/dev/null)" ] && return 0
	kill -CONT $pids 2>/dev/null
	return 1
}

# claim_held - an OCR job waits and a worker holds one, stopped (hold_claim)
claim_held() {
	[ "$(jobs_in ocr/new)" -gt 0 ] && hold_claim
}

test_expect_code 2 'dossier-cluster without -H is a usage error' 'dossier-cluster -w 0 inbox'

test_expect_success 'a cluster run, killed while the hosts OCR the batch' '
	dossier-registry "$SAMPLES/registry.csv" >/dev/null &&
	# job control: the run and all it starts in a process group of its own
	set -m &&
	{ dossier-cluster -H hosts -j 1 -w 0 -b c1 inbox >r1 2>e1 & } &&
	run=$! &&
	set +m &&
	WAIT_TRIES=6000 wait_until claim_held &&
	kill -9 -- -$run &&
	{ kill_hosts || true; } &&
	{ wait $run || true; } &&
	# the hosts held the run lock through their ssh sessions: wait for it
	flock "$lock" true &&
	# the jobs the dead workers had claimed
	for d in $(ls -d "$DOSSIER_SPOOL"/deskew/cur/*/ "$DOSSIER_SPOOL"/ocr/cur/*/ 2>/dev/null); do
		{ flock -n "$d.lock" true || { echo "a live worker: $d"; exit 1; }; } &&
		for j in $(ls -d "$d"*/ 2>/dev/null); do
			test ! -f "$j/meta" || sed -n "s/^source_file=//p" "$j/meta" || exit 1
		done || exit 1
	done >claimed &&
	cat claimed &&
	test -s claimed &&
	test -z "$(sql "SELECT finished_at FROM batch WHERE id = '"'c1'"'" 2>/dev/null)"
'

test_expect_success 'both hosts took part' '
	test $(grep -c "Accepted publickey" ssh/log) -ge 3
'

test_expect_success 'the rerun recovers the dead workers'"'"' claims and finishes the batch' '
	dossier-cluster -H hosts -j 1 -w 0 -b c2 inbox >r2 2>e2 ||
	{ cat e2 r2; exit 1; } &&
	cat r2 &&
	while read -r f; do
		test "$(sql "SELECT count(*) FROM document
		    WHERE source_file = '"'\$f'"'")" = 1 || exit 1
	done <claimed &&
	dossier-spool count | awk -F"\t" "\$2 != 0 { bad = 1 } END { exit bad }"
'

test_expect_success 'nothing lost: every document of the samples is archived, once' '
	test "$(sql "SELECT count(*) FROM document")" = '"$ndocs"' &&
	test "$(sql "SELECT count(DISTINCT source_file) FROM document")" = '"$ndocs"' &&
	test "$(sql "SELECT count(*) FROM page")" = '"$npages"'
'

test_expect_success 'nothing doubled: batch c1 balances, and c2 took only duplicates' '
	dossier-report c1 >rc1 &&
	grep -q "^reconciliation: .*: OK ('"$npages"' = " rc1 &&
	grep -qx "finished: [0-9T:-]*Z" rc1 &&
	grep -q "^reconciliation: .*: OK (0 = 0 + 0 + 0 + 0)" r2 &&
	test "$(sql "SELECT count(*) FROM document WHERE batch_id = '"'c2'"'")" = 0
'

test_expect_success 'the inputs left the inbox once their documents were committed' '
	test -z "$(find inbox -type f)" &&
	test $(find "done/$(date -u +%Y-%m-%d)" -type f | wc -l) = '"$ndocs"'
'

test_done
