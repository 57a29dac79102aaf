#!/bin/bash
# t0300-stage-workers - a stage starts its -j workers as the jobs come:
# one at once, another whenever the jobs waiting outnumber those started
# asan: yes
. "$(dirname "$0")/lib.sh"
umask 077

printf 'ATTESTATION DE REVENUS\nLe Centre public d action sociale certifie\n' >page.txt

# started ERRFILE: how many workers the stage said it started
started() {
	grep -c 'worker [0-9]* started' "$1" || true
}

test_expect_success 'one job waiting: one worker of -j 3' '
	text_job classify J-one "" page.txt &&
	dossier-classify -v -j 3 </dev/null >out 2>err &&
	cat err &&
	grep -q "worker 1 started, 1 job waiting" err &&
	test "$(started err)" = 1 &&
	test "$(cat out)" = J-one &&
	test "$(jobs_in tag/new)" = 1
'

test_expect_success 'three jobs waiting: -j 2 starts two, -j 4 three' '
	for i in 1 2 3; do text_job classify J-two$i "" page.txt || return 1; done &&
	dossier-classify -v -j 2 </dev/null >out 2>err &&
	cat err &&
	test "$(started err)" = 2 &&
	test "$(wc -l <out)" = 3 &&
	for i in 1 2 3; do text_job classify J-four$i "" page.txt || return 1; done &&
	dossier-classify -v -j 4 </dev/null >out 2>err &&
	cat err &&
	test "$(started err)" = 3 &&
	grep -q "worker 3 started, 3 jobs waiting" err &&
	test "$(wc -l <out)" = 3
'

test_expect_success 'no job at all: one worker, which ends' '
	dossier-classify -v -j 3 </dev/null >out 2>err &&
	test "$(started err)" = 1 &&
	test ! -s out
'

# wait_for PATTERN FILE: until FILE has a line of PATTERN (at most 60 s)
wait_for() {
	wait_until grep -q "$1" "$2"
}

# fed_start: dossier-classify -j 3 reading ids from the pipe feed (on
# descriptor 3 here), once it has counted its queue (empty: a job both
# in the queue at start and read on stdin is counted twice, which may
# start one worker more than needed).  The last test's err goes first:
# the stage truncates it only once the feed is open, and its "worker 1
# started" let the first job in before the stage counted its queue
# (CI: "worker 1 started, 1 job waiting", then a second worker)
fed_start() {
	{ [ -p feed ] || mkfifo feed; } &&
	rm -f out err &&
	{ dossier-classify -v -j 3 <feed >out 2>err & echo $! >pid; } &&
	exec 3>feed &&
	wait_for "worker 1 started" err
}

# fed_end N: the end of the feed; the stage started N workers and handed
# on three jobs
fed_end() {
	exec 3>&- &&
	wait "$(cat pid)" &&
	cat err &&
	test "$(started err)" = "$1" &&
	test "$(wc -l <out)" = 3
}

# ids each written once the one before is done: the jobs never
# outnumber the one worker, which takes them all
test_expect_success 'ids fed one at a time on stdin: one worker of -j 3' '
	fed_start &&
	for i in 1 2 3; do
		text_job classify J-fed$i "" page.txt &&
		echo J-fed$i >&3 &&
		wait_for "^J-fed$i\$" out || return 1
	done &&
	fed_end 1
'

# a burst: three ids in one write, read at once, before any is done
# (bash's printf writes line by line; cat copies the file in one write)
test_expect_success 'ids of three jobs at once on stdin: three workers' '
	fed_start &&
	for i in 1 2 3; do text_job classify J-burst$i "" page.txt || return 1; done &&
	printf "J-burst%s\n" 1 2 3 >burst &&
	cat burst >&3 &&
	fed_end 3
'

# a worker that cannot start: the one job started one, which failed
# once (no more start after it), and the job waits
test_expect_success 'dossier-ocr without its traineddata: fails once, job kept' '
	mkdir -p "$DOSSIER_SPOOL/ocr/new/J-ocr" &&
	printf "id=J-ocr\nbatch=B1\nsource_file=J-ocr.png\npages=0\nend\n" \
	    >"$DOSSIER_SPOOL/ocr/new/J-ocr/meta" &&
	{ dossier-ocr -v -j 2 --tessdata "$PWD/none" </dev/null >out 2>err; test $? = 3; } &&
	cat err &&
	test "$(grep -c "cannot start tesseract" err)" = 1 &&
	test "$(started err)" = 1 &&
	test -d "$DOSSIER_SPOOL/ocr/new/J-ocr"
'

test_done
