#!/bin/bash
# t7530-crash-trials: a few of tests/crash-trials.sh's trials, one kill -9
# at a random moment of each stage and of dossier-nightly (its process
# group), each rerun to the end and compared with an uninterrupted run:
# nothing lost, doubled, stuck, quarantined or mis-reconciled
. "$(dirname "$0")/lib.sh"

test_expect_success 'seven crash trials: nothing lost, doubled or stuck' '
	TMPDIR=$TRASH DOSSIER_BIN=$DOSSIER_BIN \
	    bash "$SRCDIR/tests/crash-trials.sh" -n 7 >out 2>&1; rc=$?
	cat out &&
	test $rc = 0 &&
	grep "^crash-trials: 7 trials .*lost 0, doubled 0, stuck 0, quarantined 0, mis-reconciled 0" out
'

test_done
