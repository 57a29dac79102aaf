#!/bin/bash
# t7500-poison: a job that fails the same way at a stage time after time
# (the stage dies on it, or gives it back with the same temporary failure)
# is quarantined as a poison job with the reason and the count, at every
# stage, instead of going back to the queue for ever
. "$(dirname "$0")/lib.sh"
. "$SRCDIR/tests/faults/shim.sh"

if ! shim_build; then
	test_skip 'no C compiler, or a sanitizer build: no LD_PRELOAD shim'
	test_done
fi

# crash_on ID STAGE [ARGS...]: run dossier-STAGE, which dies (SIGSEGV) as
# soon as it has begun work on job ID (recorded its attempt)
crash_on() {
	local id=$1 stage=$2
	shift 2
	env LD_PRELOAD="$SHIM" FAULT_CALL=rename FAULT_ACTION=crash-after \
	    FAULT_MATCH="*/$id/attempts" dossier-$stage "$@"
}

# error_of ID: the error file of quarantined job ID
error_of() {
	cat "$DOSSIER_SPOOL/quarantine/$1/error"
}

cp "$SAMPLES/inbox/scan_20261121_0001.png" "$SAMPLES/inbox/scan_20261121_0002.png" .
mkdir in && mv scan_*.png in/

test_expect_success 'set up: two documents waiting for deskew' '
	dossier-ingest -w 0 -b b1 in >/dev/null &&
	test $(jobs_in deskew/new) = 2
'
bad=$(ls "$DOSSIER_SPOOL/deskew/new" | head -n 1)

test_expect_success 'a stage that dies on a job gives it back, three times' '
	test_expect_rc() { "$@"; test $? = 3; } &&
	test_expect_rc crash_on $bad deskew 2>err1 &&
	grep "killed by signal" err1 &&
	test_expect_rc crash_on $bad deskew 2>err2 &&
	test_expect_rc crash_on $bad deskew 2>err3 &&
	test -d "$DOSSIER_SPOOL/deskew/cur"/*/$bad &&
	grep "^running=1" "$DOSSIER_SPOOL/deskew/cur"/*/$bad/attempts &&
	grep "^fails=2" "$DOSSIER_SPOOL/deskew/cur"/*/$bad/attempts
'

test_expect_code 1 '... and the third death makes it a poison job' '
	crash_on $bad deskew 2>err4
'

test_expect_success '... quarantined with the failure and its count' '
	cat err4 &&
	error_of $bad >error &&
	grep "^stage=deskew" error &&
	grep "^reason=poison job: failed 3 times in a row the same way: the stage ended while working on it" error &&
	test ! -e "$DOSSIER_SPOOL/quarantine/$bad/attempts" &&
	test $(jobs_in ocr/new) = 1
'

test_expect_success 'a retried poison job starts its count again' '
	dossier-spool retry $bad >/dev/null &&
	test -d "$DOSSIER_SPOOL/deskew/new/$bad" &&
	dossier-deskew >/dev/null 2>&1 &&
	test $(jobs_in ocr/new) = 2
'

test_expect_success 'the same temporary failure 3 times: a poison job' '
	rm -rf "$DOSSIER_SPOOL" &&
	dossier-ingest -w 0 -b b2 in >/dev/null 2>&1 || true &&
	tmp=$(ls "$DOSSIER_SPOOL/deskew/new" | head -n 1) &&
	for i in 1 2; do
		fault open 1 EIO FAULT_MATCH="*/$tmp/source" -- \
		    dossier-deskew 2>tmp$i
		test $? = 3 || return 1
	done &&
	grep "cannot read the job.s source file: Input/output error" tmp1 &&
	grep "^fails=2" "$DOSSIER_SPOOL/deskew/new/$tmp/attempts" &&
	fault open 1 EIO FAULT_MATCH="*/$tmp/source" -- dossier-deskew 2>tmp3
	test $? = 1 &&
	grep "reason=poison job: failed 3 times in a row the same way: cannot read the job.s source file: Input/output error" \
	    "$DOSSIER_SPOOL/quarantine/$tmp/error"
'

test_expect_success 'failures of different ways do not add up' '
	rm -rf "$DOSSIER_SPOOL" &&
	dossier-ingest -w 0 -b b3 in >/dev/null 2>&1 || true &&
	j=$(ls "$DOSSIER_SPOOL/deskew/new" | head -n 1) &&
	export DOSSIER_MAX_ATTEMPTS=2 &&
	{ crash_on $j deskew 2>/dev/null; test $? = 3; } &&
	{ fault open 1 EIO FAULT_MATCH="*/$j/source" -- dossier-deskew 2>/dev/null; test $? = 3; } &&
	{ crash_on $j deskew 2>/dev/null; test $? = 3; } &&
	dossier-deskew 2>/dev/null &&
	test $(jobs_in ocr/new) = 2 && test $(jobs_in quarantine) = 0
'

# the other stages, on jobs made as OCR leaves them
printf "Attestation de revenus\nMadame Janssens\n" >page.txt
for s in classify tag load; do
	test_expect_success "$s: a job that always kills the stage is quarantined" '
		rm -rf "$DOSSIER_SPOOL" &&
		text_job '$s' J-'$s'-1 "" page.txt &&
		text_job '$s' J-'$s'-2 "" page.txt &&
		for i in 1 2 3; do
			crash_on J-'$s'-1 '$s' >/dev/null 2>&1
			test $? = 3 || return 1
		done &&
		crash_on J-'$s'-1 '$s' >/dev/null 2>err
		test $? = 1 &&
		grep "^stage='$s'" "$DOSSIER_SPOOL/quarantine/J-'$s'-1/error" &&
		grep "^reason=poison job: failed 3 times" "$DOSSIER_SPOOL/quarantine/J-'$s'-1/error" &&
		test ! -d "$DOSSIER_SPOOL/'$s'/new/J-'$s'-2"
	'
done

test_expect_success 'ocr: a job that always kills the stage is quarantined' '
	rm -rf "$DOSSIER_SPOOL" &&
	dossier-ingest -w 0 -b b4 in >/dev/null 2>&1 || true &&
	dossier-deskew >/dev/null 2>&1 &&
	o=$(ls "$DOSSIER_SPOOL/ocr/new" | head -n 1) &&
	for i in 1 2 3; do
		crash_on $o ocr -j 2 >/dev/null 2>&1
		test $? = 3 || return 1
	done &&
	crash_on $o ocr -j 2 >/dev/null 2>&1
	test $? = 1 &&
	grep "^stage=ocr" "$DOSSIER_SPOOL/quarantine/$o/error" &&
	test $(jobs_in classify/new) = 1
'

test_done
