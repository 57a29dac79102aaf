#!/bin/bash
# t1500-ingest-counts: ingest counts a page in the same durable step that
# makes its job.  Killed (kill -9) or refused a write (ENOSPC, EIO) at any
# point of its run, then run again, it leaves every batch balanced: pages
# in = the pages of the batch's jobs + its cover sheets without a
# document, every input taken, every document queued once (an input cut
# into several jobs at its cover sheets is queued whole or not at all),
# the killed batch finished by the rerun.
. "$(dirname "$0")/lib.sh"

# the failure shim (tests/faults): the Nth of the calls that make
# something durable (write, fsync, rename, link, mkdir, creating open)
# fails or kills; it cannot sit beside a sanitizer runtime
. "$SRCDIR/tests/faults/shim.sh"
if ! shim_build; then
	test_skip "no failure shim (no C compiler, or a sanitizer build)"
	[ "$shm" = "$PWD" ] || rm -rf "$shm"
test_done
fi

# the inbox: a 3-page TIFF, a PNG, a JPEG, an empty file (quarantined, one
# page), a zip of two pages, a cover sheet of its own and the page after
# it: 10 pages
mkdir -p inbox/a inbox/b inbox/c
convert -size 240x320 xc:white -fill black -draw 'rectangle 20,20 200,40' \
	inbox/a/2.png
convert -size 240x320 xc:white -fill black -draw 'rectangle 20,60 200,80' \
	inbox/a/3.jpg
convert -size 240x320 xc:white -fill black -draw 'rectangle 20,90 200,99' \
	xc:white -draw 'rectangle 20,120 200,140' \
	xc:white -draw 'rectangle 20,150 200,170' -compress lzw inbox/a/1.tif
: >inbox/b/empty.png
convert -size 240x320 xc:white -fill black -draw 'rectangle 40,20 90,300' z1.png
convert -size 240x320 xc:white -fill black -draw 'rectangle 100,20 150,300' z2.png
bsdtar -a -cf inbox/b/z.zip z1.png z2.png
dossier-coversheet -o inbox/c/01-cover.png H-0001 2>/dev/null
convert -size 240x320 xc:white -fill black -draw 'rectangle 20,200 200,220' \
	inbox/c/02.png
expect=10
# the spools of the trials on a memory file system if there is one: the
# fsyncs of a few hundred runs
shm=$(mktemp -d /dev/shm/dossier-t1500.XXXXXX 2>/dev/null) || shm=$PWD

# balanced SPOOL: every batch ended, its pages in equal to the pages and
# cover pages of its jobs plus its cover sheets without a document; no job
# half-built; every input seen (taken); no fewer pages in than the inbox
balanced() {
	local sp=$1 m b pin cov sum total=0 f sha n
	[ -z "$(ls "$sp"/ingest/cur/*/ 2>/dev/null)" ] ||
		{ echo "half-built jobs left"; return 1; }
	for m in "$sp"/batch/*/meta; do
		[ -f "$m" ] || continue
		b=$(basename "$(dirname "$m")")
		grep -q '^finished_at=.' "$m" ||
			{ echo "batch $b not finished"; return 1; }
		pin=$(sed -n 's/^pages_in=//p' "$m")
		cov=$(sed -n 's/^cover_sheets=//p' "$m")
		sum=$(cat /dev/null $(grep -lx "batch=$b" \
		    "$sp"/deskew/new/*/meta "$sp"/quarantine/*/meta \
		    2>/dev/null) | awk -F= '$1 == "pages" || $1 == "cover_pages" {
			n += $2 } END { print n + 0 }')
		[ "$pin" = $((sum + ${cov:-0})) ] ||
			{ echo "batch $b: pages_in=$pin, jobs $sum + covers $cov"; return 1; }
		total=$((total + pin))
	done
	[ "$total" -ge $expect ] || { echo "$total pages in, $expect given"; return 1; }
	for f in $(find inbox -type f ! -name empty.png); do
		sha=$(sha256sum "$f" | cut -d" " -f1)
		[ -f "$sp/seen/$sha" ] || { echo "$f never taken"; return 1; }
	done
	# every document queued once: none lost, none doubled (named from the
	# inbox, or from its folder when a run was given the folder)
	for f in a/1.tif a/2.png a/3.jpg b/z.zip:z1.png b/z.zip:z2.png c/02.png; do
		n=$(grep -lx -e "source_file=$f" -e "source_file=${f#*/}" \
		    "$sp"/deskew/new/*/meta \
		    "$sp"/quarantine/*/meta 2>/dev/null | wc -l)
		[ "$n" = 1 ] || { echo "$f: $n jobs"; return 1; }
	done
	return 0
}

# batches SPOOL: how many batches have a record
batches() {
	ls "$1"/batch/*/meta 2>/dev/null | wc -l
}

test_expect_success 'an undisturbed run: one batch, balanced, 10 pages' '
	fault durable 0 ENOSPC FAULT_COUNT=$PWD/calls DOSSIER_SPOOL=$PWD/sp0 -- \
	    dossier-ingest -w 0 inbox >/dev/null 2>err
	test $? = 1 &&
	balanced sp0 && test "$(batches sp0)" = 1 &&
	grep -qx "pages_in=$expect" sp0/batch/*/meta &&
	grep -qx "cover_sheets=0" sp0/batch/*/meta &&
	test "$(cat calls)" -gt 20
'
calls=$(cat calls 2>/dev/null || echo 0)

# trial N KIND: ingest, failing at call N (KIND kill or an errno), then the
# rerun without failure; the spool must balance after it
trial() {
	local sp=$shm/sp-$2-$1
	rm -rf "$sp"
	if [ "$2" = kill ]; then
		fault durable $1 ENOSPC FAULT_ACTION=kill DOSSIER_SPOOL=$sp -- \
		    dossier-ingest -w 0 -q inbox >/dev/null 2>&1
	else
		fault durable $1 $2 DOSSIER_SPOOL=$sp -- \
		    dossier-ingest -w 0 -q inbox >/dev/null 2>&1
	fi
	# a run killed before its end leaves its batch to the rerun
	open=$(grep -L '^finished_at=' "$sp"/batch/*/meta 2>/dev/null | wc -l)
	DOSSIER_SPOOL=$sp dossier-ingest -w 0 -q inbox >/dev/null 2>&1
	balanced "$sp" >why || { echo "$2 at call $1: $(cat why)"; return 1; }
	test "$open" = 0 || test "$(batches "$sp")" = 1 ||
		{ echo "$2 at call $1: $(batches "$sp") batches"; return 1; }
	rm -rf "$sp"
}

test_expect_success 'kill -9 at any write, fsync or rename, then a rerun: balanced, the same batch' '
	n=1 && bad=0 &&
	while [ $n -le $calls ]; do
		{ trial $n kill || bad=$((bad + 1)); } &&
		n=$((n + 1)) || return 1
	done &&
	test $bad = 0
'

test_expect_success 'ENOSPC at every other write, fsync or rename, then a rerun: balanced' '
	n=1 && bad=0 &&
	while [ $n -le $calls ]; do
		{ trial $n ENOSPC || bad=$((bad + 1)); } &&
		n=$((n + 2)) || return 1
	done &&
	test $bad = 0
'

test_expect_success 'EIO at the calls ENOSPC skipped, one in three, then a rerun: balanced' '
	n=2 && bad=0 &&
	while [ $n -le $calls ]; do
		{ trial $n EIO || bad=$((bad + 1)); } &&
		n=$((n + 6)) || return 1
	done &&
	test $bad = 0
'

test_expect_success 'a run of another batch counts and ends a dead batch' '
	sp=$shm/sp2 &&
	fault durable 0 ENOSPC FAULT_COUNT=$PWD/calls-a DOSSIER_SPOOL=$shm/sp-a -- \
	    dossier-ingest -w 0 -q -b A inbox/a &&
	fault durable $(($(cat calls-a) - 8)) ENOSPC FAULT_ACTION=kill \
	    DOSSIER_SPOOL=$sp -- dossier-ingest -w 0 -q -b OLD inbox/a ||
	    true &&
	test -n "$(ls $sp/deskew/new)" &&
	grep -qx "pages_in=0" $sp/batch/OLD/meta &&
	! grep -q "^finished_at" $sp/batch/OLD/meta &&
	{ DOSSIER_SPOOL=$sp dossier-ingest -w 0 -b NEW inbox >/dev/null 2>err; rc=$?; } &&
	echo "exit $rc" &&
	grep -q "OLD.*its ingest died; counted and ended" err &&
	grep -q "^finished_at" $sp/batch/OLD/meta &&
	! grep -qx "pages_in=0" $sp/batch/OLD/meta &&
	test "$(batches $sp)" = 2 &&
	balanced $sp
'

test_expect_success 'a live run holds its batch: not taken over' '
	sp=$PWD/sp3 && mkdir -p $sp/batch/LIVE &&
	printf "id=LIVE\nname=LIVE\nstarted_at=2026-01-01T00:00:00Z\nend\n" \
	    >$sp/batch/LIVE/meta &&
	flock -s $sp/batch/LIVE/.lock sh -c "
		DOSSIER_SPOOL=$sp dossier-ingest -w 0 -q inbox/a >/dev/null" &&
	test "$(batches $sp)" = 2 &&
	! grep -q finished_at $sp/batch/LIVE/meta
'

[ "$shm" = "$PWD" ] || rm -rf "$shm"
test_done
