#!/bin/bash
# t0310-stage-pages - a job of several pages is worked on by deskew's and
# OCR's -j at once when nothing else waits (stage_pages): a scanner's PDF
# of 20 pages, the night's only input, was one job on one core of two.
# The pages so worked on give the meta, files and archive that the pages
# worked on in turn give; a failed page decides as in turn (the first by
# number); a helper that crashes takes its worker with it, and the next
# run takes the job up; a job that another job waits behind is not split.
# asan: yes
. "$(dirname "$0")/lib.sh"
export DOSSIER_STRICT_KEYS=1

# a TIFF of four pages of the samples, twice (two jobs)
for i in 1 2 6 7; do
	convert "$SAMPLES/inbox/scan_20261121_000$i.png" -compress lzw p$i.tif ||
	    exit 1
done
mkdir one two both
tiffcp p1.tif p2.tif p6.tif p7.tif one/four.tif &&
cp one/four.tif two/four.tif &&
tiffcp p6.tif p7.tif p1.tif both/other.tif &&
cp one/four.tif both/four.tif || exit 1

# meta ID SPOOL: the job's meta in SPOOL/classify/new but the keys that
# name the job, the batch, the time or the worker
meta() {
	grep -v '^id=\|^batch=\|^ingested_at=\|^settings\.\|^claimed' \
	    "$2"/classify/new/"$1"/meta
}

test_expect_success 'set up: the TIFF deskewed and read in turn (-j 1)' '
	export DOSSIER_SPOOL=$TRASH/s1 DOSSIER_ARCHIVE=$TRASH/a1.db &&
	dossier-ingest -w 0 one >id1 &&
	dossier-deskew -v -j 1 <id1 2>d1.err | dossier-ocr -v -j 1 2>o1.err >out1 &&
	test_cmp id1 out1 &&
	! grep -q helper d1.err o1.err
'

test_expect_success '-j 2: the worker and a helper take its pages at once' '
	export DOSSIER_SPOOL=$TRASH/s2 DOSSIER_ARCHIVE=$TRASH/a2.db &&
	dossier-ingest -w 0 two >id2 &&
	dossier-deskew -v -j 2 <id2 2>d2.err | dossier-ocr -v -j 2 2>o2.err >out2 &&
	test_cmp id2 out2 &&
	grep -q "4 pages, 1 helper" d2.err &&
	grep -q "4 pages, 1 helper" o2.err &&
	for k in 1 2 3 4; do
		grep -q "page $k: skew" d2.err || return 1
	done
'

test_expect_success '... the same meta, in the same order, as in turn' '
	meta $(cat id1) s1 >m1 && meta $(cat id2) s2 >m2 &&
	grep -q "^page.4.pixels_sha256=" m2 &&
	grep -q "^page.4.text=p0004.txt" m2 &&
	test_cmp m1 m2
'

test_expect_success '... and the same files' '
	(cd s1/classify/new/$(cat id1) && ls | grep "^p0" >"$TRASH"/f1) &&
	(cd s2/classify/new/$(cat id2) && ls | grep "^p0" >"$TRASH"/f2) &&
	test_cmp f1 f2 &&
	test $(grep -c . f1) -ge 8 &&
	while read f; do
		cmp s1/classify/new/$(cat id1)/$f s2/classify/new/$(cat id2)/$f ||
		    return 1
	done <f1
'

test_expect_success '... and the same archive' '
	for s in 1 2; do
		DOSSIER_SPOOL=$TRASH/s$s DOSSIER_ARCHIVE=$TRASH/a$s.db \
		    chain classify tag load || return 1
		sqlite3 a$s.db "SELECT page_no, pixels_sha256, image_sha256,
		    skew_deg, orientation, blank, lang, text, words
		    FROM page ORDER BY page_no" >p$s || return 1
	done &&
	test $(wc -l <p1) -ge 4 &&
	test_cmp p1 p2
'

test_expect_success 'another job waiting: each worker its own job, none split' '
	export DOSSIER_SPOOL=$TRASH/s3 DOSSIER_ARCHIVE=$TRASH/a3.db &&
	dossier-ingest -w 0 both >id3 &&
	test $(wc -l <id3) = 2 &&
	dossier-deskew -v -j 2 </dev/null 2>d3.err >/dev/null &&
	! grep -q helper d3.err &&
	test $(jobs_in ocr/new) = 2
'

test_expect_success 'a page missing: the first one by number decides' '
	export DOSSIER_SPOOL=$TRASH/s4 DOSSIER_ARCHIVE=$TRASH/a4.db &&
	dossier-ingest -w 0 one >id4 && dossier-deskew <id4 >/dev/null &&
	j=$DOSSIER_SPOOL/ocr/new/$(cat id4) &&
	rm $j/p0002.* $j/p0004.* &&
	test_expect_rc 1 dossier-ocr -v -j 2 </dev/null >/dev/null 2>o4.err &&
	grep -q "4 pages, 1 helper" o4.err &&
	test $(jobs_in quarantine) = 1 &&
	grep -q "quarantined: page 2: " o4.err &&
	! grep -q "quarantined: page 4" o4.err
'

# a helper's crash, played by tests/faults/helperdie.c (not under a
# sanitizer: its runtime must come first in the preload list)
if ldd "$DOSSIER_BIN/dossier-ocr" 2>/dev/null | grep -q 'libasan\|libubsan' ||
    ! cc -shared -fPIC -o helperdie.so "$SRCDIR/tests/faults/helperdie.c" -ldl; then
	test_skip 'a helper crash: no shim here'
	test_done
fi

test_expect_success 'a helper that crashes takes its worker: the job stays' '
	export DOSSIER_SPOOL=$TRASH/s5 DOSSIER_ARCHIVE=$TRASH/a5.db &&
	dossier-ingest -w 0 one >id5 && dossier-deskew <id5 >/dev/null &&
	test_expect_rc 3 env LD_PRELOAD=$TRASH/helperdie.so \
	    dossier-ocr -v -j 2 </dev/null >ids 2>o5.err &&
	test ! -s ids &&
	grep -q "a page helper was killed by signal 11: so is its worker" o5.err &&
	grep -q "worker .* killed by signal 11" o5.err &&
	test $(jobs_in ocr/new) = 0 && test $(jobs_in quarantine) = 0 &&
	grep -qx "running=1" "$DOSSIER_SPOOL"/ocr/cur/*/*/attempts
'

test_expect_success '... the next run takes it up' '
	export DOSSIER_SPOOL=$TRASH/s5 DOSSIER_ARCHIVE=$TRASH/a5.db &&
	dossier-ocr -v -j 2 </dev/null >ids 2>o6.err &&
	test_cmp id5 ids &&
	grep -q "recovered 1 job" o6.err &&
	meta $(cat id5) s5 >m5 &&
	test_cmp m1 m5
'

test_done
