#!/bin/bash
# t7200-fresh-archive: the first run on a new archive works every time, and
# the README's "Running a real batch" commands file documents
#
# The first stage (ingest) and the last (load) start together: load creates
# the archive while ingest looks in it for duplicates.  A new archive must
# never be seen half made (it used to fail at random with exit 3, "is not a
# dossier archive (no schema)").  Each run below starts with a fresh spool
# and no archive; T7200_RUNS (default 20) sets how many runs of each kind.
. "$(dirname "$0")/lib.sh"

runs=${T7200_RUNS:-20}
# one sample page keeps 2 x $runs runs short; cp -p keeps its old mtime, so
# that the settle time does not leave it for a later run
mkdir inbox &&
cp -p "$SAMPLES/inbox/scan_20261121_0001.png" inbox/ || exit 1

# fresh N: a new, empty working dir run.N (spool and archive not there yet)
fresh() {
	rm -rf "run.$1" && mkdir "run.$1" &&
	export DOSSIER_SPOOL="$TRASH/run.$1/spool" \
	    DOSSIER_ARCHIVE="$TRASH/run.$1/dossier.db"
}

# asserts, for every run: exit 0 (nightly) or every stage exits 0 (pipe),
# and the page is in the new archive as one document
test_expect_success "nightly on a fresh spool and archive, $runs times" '
	bad=0 &&
	for i in $(seq 1 '"$runs"'); do
		fresh n$i &&
		nightly -j 1 -w 0 -b B$i inbox >run.n$i/report 2>run.n$i/err
		rc=$?
		docs=$(sql "SELECT count(*) FROM document" 2>&1)
		if [ $rc -ne 0 ] || [ "$docs" != 1 ]; then
			echo "run $i: exit $rc, documents: $docs"
			cat run.n$i/err
			bad=$((bad + 1))
		fi
	done &&
	echo "$bad of '"$runs"' nightly runs failed" &&
	test $bad = 0
'

test_expect_success "the README pipe on a fresh spool and archive, $runs times" '
	bad=0 &&
	for i in $(seq 1 '"$runs"'); do
		fresh p$i &&
		{
			dossier-ingest -b B$i inbox | dossier-deskew |
			    dossier-ocr | dossier-classify | dossier-tag |
			    dossier-load >/dev/null
			codes="${PIPESTATUS[*]}"
		} 2>run.p$i/err
		docs=$(sql "SELECT count(*) FROM document" 2>&1)
		if [ "$codes" != "0 0 0 0 0 0" ] || [ "$docs" != 1 ]; then
			echo "run $i: exits $codes, documents: $docs"
			cat run.p$i/err
			bad=$((bad + 1))
		fi
	done &&
	echo "$bad of '"$runs"' pipe runs failed" &&
	test $bad = 0
'

test_done
