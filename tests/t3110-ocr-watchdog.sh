#!/bin/bash
# t3110-ocr-watchdog: a page the engine never finishes does not hold up
# the night for ever.  The budget stops the reading of words, not the
# layout before it (a fax's speckle scaled to 36 million pixels kept the
# table finder busy for over 17 minutes); past OCR_WATCHDOG times its
# budget of processor time ($DOSSIER_OCR_WATCHDOG seconds here) the worker
# says so, marks the job and dies.  The next run reads the job's pages as
# one block of text and sends the document to review with the reason (a
# job whose attempt ended otherwise, the machine stopped, is read as any
# other: t7100); a job that never
# ends either way is quarantined as a poison job; dossier-nightly runs the
# chain again for the jobs a stopped worker left.
# asan: yes
. "$(dirname "$0")/lib.sh"
export DOSSIER_STRICT_KEYS=1

mkdir in in2
cp "$SAMPLES"/inbox/scan_20261121_0001.png in/a.png
cp "$SAMPLES"/inbox/scan_20261121_0006.png in2/b.png

test_expect_success 'set up: a page deskewed, waiting for OCR' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	test $(jobs_in ocr/new) = 1
'

test_expect_success 'past the watchdog the worker says so and dies' '
	test_expect_rc 3 env DOSSIER_OCR_WATCHDOG=0.2 dossier-ocr >ids 2>err &&
	test ! -s ids &&
	grep -q "page 1: the engine ran over 0.2 s of processor time: stopped" err &&
	grep -q "killed by signal" err
'

test_expect_success '... the job is left with its attempt running, and the mark' '
	test $(jobs_in ocr/new) = 0 &&
	a=$(find "$DOSSIER_SPOOL"/ocr/cur -name attempts) &&
	grep -qx "running=1" $a &&
	grep -q "page 1: the engine ran over" "$(dirname $a)"/ocr-watchdog
'

test_expect_success 'the next run reads it as one block of text, to review' '
	dossier-ocr >ids 2>err &&
	test $(wc -l <ids) = 1 &&
	grep -q "never ended: its pages are read as one block of text" err &&
	m=$(ls "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	grep -q "^page.1.ocr_doubt=ocr: an earlier reading never ended" $m &&
	grep -q "^review_reason=ocr: an earlier reading never ended" $m &&
	grep "^settings.ocr=" $m | grep -q " psm=6 " &&
	test $(tr -cd "[:alpha:]" <"$(dirname $m)"/p0001.txt | wc -c) -gt 200 &&
	test -z "$(find "$DOSSIER_SPOOL"/ocr -name attempts)" &&
	test ! -e "$(dirname $m)"/ocr-watchdog
'

# (the document's own reason here is its unknown national number: no
# registry; a document filed to a household would show OCR's)
test_expect_success '... and archived in review, the page with the reason' '
	dossier-classify >/dev/null && dossier-tag >/dev/null &&
	dossier-load >/dev/null &&
	test "$(sql "SELECT status FROM document")" = review &&
	sql "SELECT ocr_doubt FROM page" | grep -q "earlier reading never ended.*read as one block of text"
'

test_expect_success 'a job that never ends either way is quarantined as poison' '
	dossier-ingest -w 0 in2 >/dev/null && dossier-deskew >/dev/null &&
	export DOSSIER_MAX_ATTEMPTS=2 DOSSIER_OCR_WATCHDOG=0.2 &&
	test_expect_rc 3 dossier-ocr >/dev/null 2>err1 &&
	test_expect_rc 3 dossier-ocr >/dev/null 2>err2 &&
	grep -q "read as one block of text" err2 &&
	test_expect_rc 1 dossier-ocr >/dev/null 2>err3 &&
	test $(jobs_in quarantine) = 1 &&
	grep -q "poison job: failed 2 times in a row" err3
'

# dossier-nightly: the worker that died left jobs behind it; the chain
# runs again while that moves something, and every page is accounted for
test_expect_success 'the nightly run takes up what a stopped worker left' '
	mkdir night && cp in/a.png in2/b.png night/ &&
	export DOSSIER_SPOOL=$TRASH/spool2 DOSSIER_ARCHIVE=$TRASH/night.db \
	    DOSSIER_MAX_ATTEMPTS=2 DOSSIER_OCR_WATCHDOG=0.2 &&
	test_expect_rc 1 dossier-nightly -w 0 -j 1 -d done night >out 2>err &&
	grep -q "round 2: .* left by a stage that stopped: again" err &&
	grep -q "^quarantined pages: 2$" out &&
	grep -q "^reconciliation: .*: OK (2 = 0 + 0 + 0 + 2)" out &&
	test $(jobs_in quarantine) = 2 &&
	test $(jobs_in ocr/new) = 0 && test $(jobs_in ocr/cur) = 0
'

test_done
