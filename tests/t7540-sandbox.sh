#!/bin/bash
# t7540-sandbox: a decoder bug in dossier-ingest, dossier-deskew or
# dossier-ocr (played by tests/faults/escape.c, preloaded: at the first
# decoder call it tries to read a file outside the spool, to create one
# and to open a socket) is denied each of them, and the page still goes
# through; with DOSSIER_SANDBOX=0 the same tries succeed (so that this
# test can fail).  The archive is still asked for duplicates from the
# sandbox (through ingest's parent), the settings record the sandbox,
# and the chain runs on the samples under it.
. "$(dirname "$0")/lib.sh"
unset DOSSIER_SANDBOX

echo "the archive's key" >secret
tif=$SAMPLES/inbox/scan_20261121_0003.tif

# landlock: 0 if the kernel gives the stages Landlock (not seccomp only)
landlock() {
	dossier-deskew -v -s "$TRASH/probe" 2>&1 | grep -q "sandbox: Landlock ABI"
}

# escape STAGE ARGS...: run dossier-STAGE with the decoder bug, its
# stderr in escape.STAGE
escape() {
	local stage=$1
	shift
	env LD_PRELOAD="$TRASH/escape.so" ESCAPE_SECRET="$TRASH/secret" \
	    ESCAPE_MAKE="$TRASH/made.$stage" \
	    dossier-$stage "$@" 2>escape.$stage >/dev/null
}

# denied STAGE: each try of the decoder bug in STAGE failed
denied() {
	cat escape.$1 &&
	grep -q "^escape: dossier-$1: socket: Permission denied$" escape.$1 &&
	if [ -n "$LANDLOCK" ]; then
		grep -q "^escape: dossier-$1: read $TRASH/secret: Permission denied$" escape.$1 &&
		grep -q "^escape: dossier-$1: create $TRASH/made.$1: Permission denied$" escape.$1 &&
		test ! -e "$TRASH/made.$1"
	fi &&
	! grep "^escape: .*: ok$" escape.$1
}

# succeeded STAGE: each try of the decoder bug in STAGE succeeded
succeeded() {
	cat escape.$1 &&
	grep -q "^escape: dossier-$1: read $TRASH/secret: ok$" escape.$1 &&
	grep -q "^escape: dossier-$1: create $TRASH/made.$1: ok$" escape.$1 &&
	grep -q "^escape: dossier-$1: socket: ok$" escape.$1 &&
	test -s "$TRASH/made.$1"
}

if ldd "$DOSSIER_BIN/dossier-deskew" 2>/dev/null | grep -q 'libasan\|libubsan' ||
    ! cc -shared -fPIC -o escape.so "$SRCDIR/tests/faults/escape.c" -ldl; then
	test_skip 'no C compiler, or a sanitizer build: no LD_PRELOAD shim'
	test_done
fi
LANDLOCK=
landlock && LANDLOCK=1
mkdir in in3 && cp "$tif" in/ && cp "$SAMPLES"/inbox/scan_20261121_0005.tif in3/

test_expect_success 'the stages say at -v what sandbox they run in' '
	dossier-ingest -v -w 0 -s "$TRASH/probe" /dev/null >/dev/null 2>err
	rc=$?
	cat err && test $rc = 1 &&
	grep -q "^dossier-ingest: sandbox: \(Landlock ABI [0-9]* and seccomp\|seccomp only: .*\)$" err &&
	DOSSIER_SANDBOX=0 dossier-ocr -v -s "$TRASH/probe" 2>err &&
	cat err && grep -q "^dossier-ocr: sandbox: off (DOSSIER_SANDBOX)$" err
'

test_expect_success 'ingest: the decoder bug is denied, the page is queued' '
	escape ingest -w 0 in && denied ingest &&
	test $(jobs_in deskew/new) = 1 && test $(jobs_in quarantine) = 0
'

test_expect_success 'deskew: the decoder bug is denied, the page is cleaned' '
	escape deskew && denied deskew &&
	test $(jobs_in ocr/new) = 1 && test $(jobs_in quarantine) = 0
'

test_expect_success 'ocr -j 2: the decoder bug is denied in the workers, the page is read' '
	escape ocr -j 2 && denied ocr &&
	test $(jobs_in classify/new) = 1 && test $(jobs_in quarantine) = 0 &&
	m=$(echo "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	grep -q "^page\.1\.text=" $m
'

test_expect_success 'the settings record the sandbox of each stage' '
	m=$(echo "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	if [ -n "$LANDLOCK" ]; then want=landlock+seccomp; else want=seccomp; fi &&
	for stage in ingest deskew ocr; do
		grep "^settings\.$stage=.* sandbox=$want\( \|$\)" $m ||
		{ grep "^settings" $m; return 1; }
	done
'

test_expect_success 'DOSSIER_SANDBOX=0: the same decoder bug gets out of each stage' '
	export DOSSIER_SANDBOX=0 DOSSIER_SPOOL="$TRASH/spool-off" &&
	escape ingest -w 0 in && succeeded ingest &&
	escape deskew && succeeded deskew &&
	escape ocr && succeeded ocr &&
	m=$(echo "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	grep "^settings\.ocr=.* sandbox=off" $m
'

test_expect_success 'the archive is asked from the sandbox: content archived is a duplicate' '
	dossier-classify >/dev/null && dossier-tag >/dev/null &&
	dossier-load >/dev/null && test $(sql "SELECT count(*) FROM document") = 1 &&
	DOSSIER_SPOOL="$TRASH/spool2" dossier-ingest -w 0 in >out 2>err &&
	cat err &&
	grep -q "duplicate: same content as the archive" err &&
	test ! -s out
'

# a dossier-load started beside ingest makes the new archive just after
# ingest found none (tests/faults/appear.c): ingest goes on without it,
# and never opens it from the sandbox, which refused it (exit 3, nothing
# queued: once in 20 runs of t7200's README pipe)
test_expect_success 'an archive made beside a starting ingest: the inputs are queued' '
	cc -shared -fPIC -o appear.so "$SRCDIR/tests/faults/appear.c" -ldl &&
	mkdir in5 && cp "$tif" in5/ &&
	DOSSIER_SPOOL=$TRASH/spool5 DOSSIER_ARCHIVE=$TRASH/made.db \
	    dossier-load </dev/null >/dev/null &&
	env LD_PRELOAD="$TRASH/appear.so" APPEAR_PATH="$TRASH/new.db" \
	    APPEAR_FROM="$TRASH/made.db" DOSSIER_SPOOL=$TRASH/spool5 \
	    DOSSIER_ARCHIVE=$TRASH/new.db dossier-ingest -w 0 in5 >ids5 &&
	test -f new.db && test $(wc -l <ids5) = 1
'

test_expect_success 'kill -9 of ingest takes its sandboxed child along' '
	env LD_PRELOAD="$TRASH/escape.so" ESCAPE_SLEEP=600 \
	    DOSSIER_SPOOL="$TRASH/spool3" dossier-ingest -w 0 in3 >/dev/null 2>err &
	pid=$! &&
	wait_until grep -q "^escape: dossier-ingest: socket" err &&
	kid=$(pgrep -P $pid) && test -n "$kid" &&
	kill -9 $pid && ! wait $pid &&
	wait_until eval "! kill -0 $kid 2>/dev/null"
'

test_expect_success 'the chain under the sandbox: the samples are filed' '
	rm -rf "$TRASH/chain" "$TRASH/chain.db" &&
	mkdir "$TRASH/chain" &&
	cp "$SAMPLES"/inbox/scan_20261121_0001.png "$SAMPLES"/inbox/scan_20261121_0004.jpg \
	    "$tif" "$TRASH/chain/" &&
	dossier-nightly -s "$TRASH/chain-spool" -a "$TRASH/chain.db" -w 0 \
	    -r "$SAMPLES/registry.csv" "$TRASH/chain" >/dev/null 2>&1 &&
	test $(sqlite3 "$TRASH/chain.db" "SELECT count(*) FROM document") = 3 &&
	sqlite3 "$TRASH/chain.db" "SELECT settings FROM provenance" >prov &&
	if [ -n "$LANDLOCK" ]; then want=landlock+seccomp; else want=seccomp; fi &&
	test $(grep -c "sandbox=$want" prov) -ge 3
'

test_done
