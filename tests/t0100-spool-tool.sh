#!/bin/bash
# t0100-spool-tool: dossier-spool list, count, retry, release, recover
. "$(dirname "$0")/lib.sh"

mkdir in bad
cp "$SAMPLES"/inbox/scan_20261121_0001.png in/
head -c 2000 "$SAMPLES"/inbox/scan_20261121_0002.png >bad/cut.png
: >bad/empty.png

test_expect_success 'set up: one good job, one that deskew quarantines, one at ingest' '
	dossier-ingest -w 0 in bad >/dev/null 2>&1; test $? = 1 &&
	test_must_fail dossier-deskew >/dev/null 2>&1 &&
	test $(jobs_in quarantine) = 2 && test $(jobs_in ocr/new) = 1
'

test_expect_success 'count shows every state' '
	dossier-spool count >c &&
	grep -qx "ocr/new	1" c && grep -qx "quarantine	2" c &&
	grep -qx "deskew/new	0" c
'

test_expect_success 'list shows id, state, pages, file, stage and reason' '
	dossier-spool list >l &&
	test $(wc -l <l) = 3 &&
	grep -q "	quarantine	1	cut.png	deskew	page 1: corrupt image" l &&
	grep -q "	ocr/new	1	scan_20261121_0001.png" l
'

test_expect_success 'retry sends a job back to the stage that failed' '
	id=$(grep cut.png l | cut -f1) &&
	dossier-spool retry "$id" &&
	test -d "$DOSSIER_SPOOL/deskew/new/$id" &&
	test -f "$DOSSIER_SPOOL/deskew/new/$id/error.retried" &&
	test_must_fail dossier-deskew >/dev/null 2>&1 &&
	test -d "$DOSSIER_SPOOL/quarantine/$id"
'

test_expect_success 'retry of a file refused at ingest is refused, with the reason' '
	id=$(grep empty.png l | cut -f1) &&
	{ dossier-spool retry "$id" 2>e; test $? = 1; } &&
	grep -q "refused at ingest" e &&
	test -d "$DOSSIER_SPOOL/quarantine/$id"
'

test_expect_success 'retry keeps every earlier reason' '
	id=$(grep cut.png l | cut -f1) &&
	e="$DOSSIER_SPOOL/quarantine/$id/error" &&
	grep -qx "tries=2" "$e" &&
	test $(grep -c "^earlier=.* deskew page 1: corrupt image" "$e") = 1 &&
	dossier-spool retry "$id" &&
	test_must_fail dossier-deskew >/dev/null 2>&1 &&
	head -n 1 "$e" | grep -qx "stage=deskew" &&
	grep -qx "tries=3" "$e" &&
	test $(grep -c "^earlier=.* deskew page 1: corrupt image" "$e") = 2 &&
	dossier-spool list quarantine >l2 &&
	grep -q "	quarantine	1	cut.png	deskew	page 1: corrupt image" l2
'

test_expect_success 'release keeps a job whose source is not a regular file' '
	id=$(grep empty.png l | cut -f1) && mkdir -p out &&
	src="$DOSSIER_SPOOL/quarantine/$id/source" &&
	rm "$src" && mkfifo "$src" &&
	{ dossier-spool release -o out "$id" >r 2>e; test $? = 1; } &&
	grep -q "not a regular file" e && test ! -s r &&
	test -d "$DOSSIER_SPOOL/quarantine/$id" &&
	rm "$src" && mkdir "$src" &&
	{ dossier-spool release -o out "$id" >r 2>e; test $? = 1; } &&
	grep -q "kept in quarantine" e &&
	test -d "$DOSSIER_SPOOL/quarantine/$id" &&
	test -z "$(ls out)"
'

test_expect_success 'release hands the original back and removes the job' '
	id=$(grep cut.png l | cut -f1) && mkdir -p out &&
	dossier-spool release -o out "$id" >r &&
	cmp bad/cut.png "$(cat r)" &&
	test ! -e "$DOSSIER_SPOOL/quarantine/$id"
'

test_expect_success 'ids that are paths are refused' '
	test_must_fail dossier-spool retry ../../etc &&
	test_must_fail dossier-spool release ../quarantine
'

test_expect_success 'recover gives a dead worker its jobs back' '
	id=$(ls "$DOSSIER_SPOOL/ocr/new") &&
	mkdir -p "$DOSSIER_SPOOL/ocr/cur/W1" &&
	mv "$DOSSIER_SPOOL/ocr/new/$id" "$DOSSIER_SPOOL/ocr/cur/W1/" &&
	test "$(dossier-spool recover)" = 1 &&
	test -d "$DOSSIER_SPOOL/ocr/new/$id" &&
	test ! -e "$DOSSIER_SPOOL/ocr/cur/W1"
'

test_expect_code 2 'no command is a usage error' 'dossier-spool'

test_done
