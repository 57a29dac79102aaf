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

# nightly_run I: nightly on a fresh spool and archive; asserts it exits 0
# and the page is in the new archive as one document
nightly_run() {
	local rc docs
	fresh "n$1" || return 1
	nightly -k -j 1 -w 0 -b "B$1" inbox >"run.n$1/report" 2>"run.n$1/err"
	rc=$?
	docs=$(sql "SELECT count(*) FROM document" 2>&1)
	[ $rc -eq 0 ] && [ "$docs" = 1 ] && return 0
	echo "nightly run $1: exit $rc, documents: $docs"
	cat "run.n$1/err"
	return 1
}

# pipe_run I: the README pipe on a fresh spool and archive; asserts every
# stage exits 0 and the page is in the new archive as one document
pipe_run() {
	local codes docs
	fresh "p$1" || return 1
	{
		dossier-ingest -b "B$1" inbox | dossier-deskew | dossier-ocr |
		    dossier-classify | dossier-tag | dossier-load >/dev/null
		codes="${PIPESTATUS[*]}"
	} 2>"run.p$1/err"
	docs=$(sql "SELECT count(*) FROM document" 2>&1)
	[ "$codes" = "0 0 0 0 0 0" ] && [ "$docs" = 1 ] && return 0
	echo "pipe run $1: exits $codes, documents: $docs"
	cat "run.p$1/err"
	return 1
}

test_expect_success "nightly on a fresh spool and archive, $runs times" '
	bad=0 &&
	for i in $(seq 1 '"$runs"'); do
		nightly_run $i
		bad=$((bad + $?))
	done &&
	echo "$bad of '"$runs"' nightly runs failed" &&
	test $bad = 0
'

test_expect_success "the README pipe on a fresh spool and archive, $runs times" '
	bad=0 &&
	for i in $(seq 1 '"$runs"'); do
		pipe_run $i
		bad=$((bad + $?))
	done &&
	echo "$bad of '"$runs"' pipe runs failed" &&
	test $bad = 0
'

# The commands of README.md's "Running a real batch" (its first block),
# run as they are written; only /srv/dossier and /srv/scans/inbox become
# folders of the trash dir, and dossier-nightly is pipelines/nightly, as
# make install names it.  Asserts: the commands succeed, and the page is
# filed to its household in the archive they name (the registry and the
# batch must use the same archive).
test_expect_success 'the README batch commands import the registry and file documents' '
	awk "/^## Running a real batch/ { on = 1; next }
	    on && /^## / { exit }
	    on && /^    / { print substr(\$0, 5); got = 1; next }
	    on && got { exit }" "$SRCDIR/README.md" >readme-batch &&
	cat readme-batch &&
	grep -q "^dossier-nightly " readme-batch &&
	sed -e "s|/srv/dossier|$TRASH/srv/dossier|g" \
	    -e "s|/srv/scans/inbox|$TRASH/inbox|g" readme-batch >batch.sh &&
	mkdir -p srv/dossier bin &&
	cp "$SAMPLES/registry.csv" srv/dossier/households.csv &&
	ln -s "$SRCDIR/pipelines/nightly" bin/dossier-nightly &&
	env -u DOSSIER_SPOOL -u DOSSIER_ARCHIVE PATH="$TRASH/bin:$PATH" \
	    bash -e batch.sh >readme-report 2>readme-err ||
	{ cat readme-err readme-report; exit 1; } &&
	cat readme-report &&
	filed=$(sqlite3 srv/dossier/dossier.db "SELECT h.ref FROM document d
	    JOIN household h ON h.id = d.household_id
	    WHERE d.status = '\''filed'\''") &&
	test "$filed" = HH-2026-0003
'

test_done
