#!/bin/bash
# t7510-faults: a write, fsync, rename or open that fails (ENOSPC, EIO,
# EMFILE) at any of the first calls of a stage, a read-only archive, and
# an archive held by another writer past the busy timeout: the stage says
# why and exits 3 (SPEC 2), no job is lost or quarantined, and a rerun
# finishes.  Two instances of each stage on one spool: no job done twice.
. "$(dirname "$0")/lib.sh"
. "$SRCDIR/tests/faults/shim.sh"

if ! shim_build; then
	test_skip 'no C compiler, or a sanitizer build: no LD_PRELOAD shim'
	test_done
fi

# page FILE TEXT: a small typed page
page() {
	convert -size 900x160 xc:white -fill black -pointsize 26 \
	    -font /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
	    -annotate +30+60 "$2" -density 150 -units PixelsPerInch "$1"
}

# count_jobs: the jobs waiting or claimed anywhere in the spool (not the
# worker directories, not quarantine)
count_jobs() {
	(cd "$DOSSIER_SPOOL" && ls -d */new/* */cur/*/* 2>/dev/null) |
	    awk -F/ '$NF !~ /^\./ { print $NF }' | sort -u | wc -l
}

# in_all: the jobs in the spool and the documents in the archive
in_all() {
	echo $(($(count_jobs) + $(sql "SELECT count(*) FROM document")))
}

# save NAME / restore NAME: the spool and archive as they are now
save() { rm -rf "$1" && mkdir "$1" && cp -a "$DOSSIER_SPOOL" "$DOSSIER_ARCHIVE" "$1/"; }
restore() {
	rm -rf "$DOSSIER_SPOOL" "$DOSSIER_ARCHIVE"* &&
	cp -a "$1/spool" "$DOSSIER_SPOOL" && cp -a "$1/dossier.db" "$DOSSIER_ARCHIVE"
}

# trial STAGE CALL NTH ERRNO: from the copy before STAGE, run it with
# CALL failing at its NTH call; it must end 0 (the fault never came) or 3
# with the reason, keep every job out of quarantine, and a rerun ends 0
# with every job gone on
trial() {
	local stage=$1 call=$2 nth=$3 err=$4 rc want
	restore pre-$stage || return 1
	rm -f "$TRASH/faults.log"
	want=$(in_all)
	# the spool and the archive fail, stderr does not
	fault $call $nth $err FAULT_STICKY=1 FAULT_MATCH="$TRASH/[sd][po]*" \
	    -- dossier-$stage >out 2>err
	rc=$?
	if [ -s "$TRASH/faults.log" ]; then
		if [ $rc != 3 ]; then
			echo "$stage $call#$nth $err: exit $rc, not 3"; cat err
			return 1
		fi
		case $err in
		# SQLite does not always say why (db.c could add
		# sqlite3_system_errno): its own words are taken too
		ENOSPC) grep -q "No space left on device\|database or disk is full\|unable to open database file\|disk I/O error" err ;;
		EIO) grep -q "Input/output error\|disk I/O error\|unable to open database file" err ;;
		EMFILE) grep -q "Too many open files\|unable to open database file" err ;;
		esac || { echo "$stage $call#$nth $err: no reason"; cat err; return 1; }
	elif [ $rc != 0 ]; then
		echo "$stage $call#$nth: no fault, exit $rc"; cat err
		return 1
	fi
	# load: a commit whose last fsync failed may be in the archive while
	# its job waits again (the rerun finds it there and adds nothing)
	if [ $(in_all) -lt $want ] || { [ $stage != load ] &&
	    [ $(in_all) != $want ]; } || [ $(jobs_in quarantine) != 0 ]; then
		echo "$stage $call#$nth $err: $(in_all) jobs of $want," \
		    "$(jobs_in quarantine) quarantined"; cat err
		return 1
	fi
	dossier-$stage >/dev/null 2>err || { echo "rerun: $?"; cat err; return 1; }
	test $(jobs_in $stage/new) = 0 || return 1
	if [ $stage = load ] && [ $(sql "SELECT count(*) FROM document") != 2 ]; then
		echo "load $call#$nth $err: $(sql "SELECT count(*) FROM document") documents after the rerun"
		return 1
	fi
	echo "$stage $call#$nth $err: exit $rc, rerun done: $(head -n 1 err)"
}

page a.png "Fiche de paie octobre 2026"
page b.png "Facture electricite montant 84 EUR"
mkdir in && mv a.png b.png in/
printf "Attestation de revenus\nMadame Janssens\n" >page.txt

test_expect_success 'set up: the spool before each stage' '
	dossier-load --registry "$SAMPLES/registry.csv" >/dev/null 2>&1 &&
	dossier-ingest -w 0 -b b1 in >/dev/null 2>&1 &&
	save pre-deskew && dossier-deskew >/dev/null &&
	save pre-ocr && dossier-ocr >/dev/null &&
	save pre-classify && dossier-classify >/dev/null &&
	save pre-tag && dossier-tag >/dev/null &&
	save pre-load &&
	test $(jobs_in load/new) = 2
'

for stage in deskew ocr classify tag load; do
	for call in write fsync rename open; do
		test_expect_success "$stage: $call fails with ENOSPC, EIO or EMFILE" '
			for n in 1 2 3 5 8 13; do
				trial '$stage' '$call' $n ENOSPC || return 1
			done &&
			trial '$stage' '$call' 2 EIO &&
			{ test '$call' != open || trial '$stage' open 4 EMFILE; }
		'
	done
done

test_expect_success 'load: a read-only archive is refused with the reason' '
	restore pre-load &&
	fault open 1 EROFS FAULT_STICKY=1 FAULT_WRITABLE=1 \
	    FAULT_MATCH="*/dossier.db*" -- dossier-load >/dev/null 2>err
	rc=$?
	cat err && test $rc = 3 &&
	# SQLite opens the WAL index read-only and says no more than this
	grep -i "read.only\|readonly\|permission denied\|unable to open database file" err &&
	test $(jobs_in load/new) = 2 &&
	dossier-load 2>err && test $(sql "SELECT count(*) FROM document") = 2
'

test_expect_success 'load: an archive held by another writer past the busy timeout' '
	restore pre-load &&
	mkfifo hold &&
	{ sqlite3 "$DOSSIER_ARCHIVE" <hold >holder.out 2>&1 & } &&
	exec 8>hold &&
	# the holder waits out the probe below, which takes the lock for a
	# moment: without a busy timeout its BEGIN failed "locked" on a
	# loaded machine, and it never held the lock the probe waited for
	echo ".timeout 60000" >&8 &&
	echo "BEGIN IMMEDIATE; CREATE TABLE held(x);" >&8 &&
	# until the other connection holds the write lock
	{ wait_until test_must_fail sqlite3 "$DOSSIER_ARCHIVE" \
	    "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null ||
	    { echo "the holder never held the lock:"; cat holder.out; false; }; } &&
	{ dossier-load 2>err; rc=$?; } &&
	echo "ROLLBACK;" >&8 && exec 8>&- &&
	{ wait || { echo "the holder failed:"; cat holder.out; false; }; } &&
	cat err && test $rc = 3 &&
	grep -i "locked\|busy" err &&
	test $(jobs_in load/new) = 2 &&
	dossier-load 2>err && test $(sql "SELECT count(*) FROM document") = 2
'

for stage in deskew ocr classify tag load; do
	test_expect_success "$stage: two instances on one spool, no job done twice" '
		restore pre-'$stage' &&
		{ dossier-'$stage' >ids1 2>err1 & } &&
		dossier-'$stage' >ids2 2>err2 &&
		wait &&
		sort ids1 ids2 >ids && sort -u ids >uniq &&
		test_cmp ids uniq && test $(wc -l <ids) = 2 &&
		test $(jobs_in '$stage'/new) = 0 && test $(jobs_in quarantine) = 0 &&
		if test '$stage' = load; then
			test $(sql "SELECT count(*) FROM document") = 2
		fi
	'
done

test_done
