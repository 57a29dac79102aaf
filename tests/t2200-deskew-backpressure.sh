#!/bin/bash
# t2200-deskew-backpressure: deskew waits while a live OCR has enough
# work queued, so the spool holds a bounded number of grey pages
. "$(dirname "$0")/lib.sh"

mkdir in
# three different pages: a mark at another place on each (a drawn box,
# not text: -annotate needs a font, and without one the copies were the
# same page, which ingest or deskew rightly took once)
for i in 1 2 3; do
	convert "$SAMPLES/inbox/scan_20261121_0002.png" -fill black \
		-draw "rectangle $((200 * i)),300 $((200 * i + 40)),340" in/p$i.png
done

test_expect_success 'set up three jobs and a live OCR worker' '
	dossier-ingest -w 0 in >/dev/null &&
	mkdir -p "$DOSSIER_SPOOL/ocr/cur/W1" &&
	: >"$DOSSIER_SPOOL/ocr/cur/W1/.lock" &&
	{ flock "$DOSSIER_SPOOL/ocr/cur/W1/.lock" sleep 600 & echo $! >holder; } &&
	# until the holder has the lock
	wait_until test_must_fail flock -n "$DOSSIER_SPOOL/ocr/cur/W1/.lock" true \
	    2>/dev/null
'

test_expect_success 'with OCR alive and one job waiting for it, deskew waits' '
	{ dossier-deskew --max-ahead 1 >out & echo $! >pid; } &&
	while [ $(jobs_in ocr/new) -lt 1 ]; do sleep 0.1; done &&
	sleep 3 &&
	test $(jobs_in ocr/new) = 1 &&
	kill -0 $(cat pid)
'

test_expect_success 'when OCR goes away, deskew finishes the batch' '
	{ pkill -P $(cat holder) sleep || :; } &&
	{ kill $(cat holder) 2>/dev/null || :; } &&
	wait_pid=$(cat pid) &&
	while kill -0 $wait_pid 2>/dev/null; do sleep 0.1; done &&
	test $(jobs_in ocr/new) = 3 && test $(wc -l <out) = 3
'

test_expect_success 'without a live OCR, deskew never waits' '
	rm -rf "$DOSSIER_SPOOL/ocr/cur/W1" &&
	mkdir in2 && cp "$SAMPLES/inbox/scan_20261121_0001.png" in2/ &&
	dossier-ingest -w 0 in2 >/dev/null &&
	dossier-deskew --max-ahead 1 >out2 && test $(wc -l <out2) = 1
'

test_done
