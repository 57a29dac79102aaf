#!/bin/bash
# t7455-cluster-watchdog: on the hosts of dossier-cluster, an OCR worker
# stopped by its page's watchdog leaves its job with an attempt counted;
# the next round reads it as one block, and a job that never ends either
# way is quarantined as poison after DOSSIER_MAX_ATTEMPTS, as in a local
# run (t3110): the rounds go on while an attempt is counted, not only while
# a job is handed on, and the hosts get the settings that say so
. "$(dirname "$0")/lib.sh"

. "$SRCDIR/tests/lib-sshd.sh"
cluster_hosts

mkdir night
cp "$SAMPLES"/inbox/scan_20261121_0001.png night/a.png
cp "$SAMPLES"/inbox/scan_20261121_0006.png night/b.png

test_expect_success 'pages whose reading never ends are quarantined, round after round' '
	export DOSSIER_MAX_ATTEMPTS=2 DOSSIER_OCR_WATCHDOG=0.2 &&
	test_expect_rc 1 dossier-cluster -H hosts -j 1 -w 0 -d done night \
	    >out 2>err &&
	grep -q "round 1: .* left: again" err &&
	grep -q "round 2: .* left: again" err &&
	grep -q "^quarantined pages: 2$" out &&
	grep -q "^reconciliation: .*: OK (2 = 0 + 0 + 0 + 2)" out &&
	test $(jobs_in quarantine) = 2 &&
	test $(jobs_in ocr/new) = 0 && test $(jobs_in ocr/cur) = 0 &&
	for q in "$DOSSIER_SPOOL"/quarantine/*/; do
		grep -q "^reason=poison job: failed 2 times in a row" "$q"error ||
		{ cat "$q"error; exit 1; }
	done
'

test_expect_success 'the hosts were told: each worker stopped by the watchdog said so' '
	grep -q "the engine ran over .* of processor time: stopped" err
'

test_done
