#!/bin/bash
# t8010-archive-damage: a damaged archive takes nothing.  A zero-length
# file is not a new archive, and an archive with a corrupted data page
# fails the quick_check of a writer's open, run once a day: both refused
# with the reason, exit 3, the file left as it was; between checks, the
# damage a write meets stops it the same way
# asan: yes
. "$(dirname "$0")/lib.sh"

LOADQ=$DOSSIER_SPOOL/load/new
mkdir -p "$LOADQ" || exit 1
convert -size 64x64 xc:white white.png || exit 1

# set_checked ARCHIVE AGO: its last full check dated now + AGO ("-25 hours")
set_checked() {
	sqlite3 "$1" "UPDATE archive_check
	    SET at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '$2')"
}

# at ARCHIVE: when its last full check passed
at() {
	sqlite3 "$1" "SELECT at FROM archive_check"
}

# tomorrow: the UTC date of tomorrow
tomorrow() {
	date -u -d tomorrow +%Y-%m-%d
}

# job ID: a one-page job in review (no household found)
job() {
	local d=$LOADQ/$1
	mkdir "$d" && printf 'scan %s\n' "$1" >"$d/source" &&
	cp white.png "$d/p1.png" &&
	printf '%s\n' "id=$1" "source_file=$1.tif" \
	    "source_sha256=$(sha256sum <"$d/source" | cut -c1-64)" \
	    pages=1 page.1.source_page=1 page.1.image=p1.png page.1.blank=0 \
	    class=letter end >"$d/meta"
}

test_expect_success 'a zero-length archive is refused, not replaced' '
	: >empty.db &&
	job j1 &&
	{ dossier-load -a empty.db >out 2>err; test $? = 3; } &&
	grep -q "archive .empty.db. is an empty file, not an archive" err &&
	test ! -s empty.db &&
	test "$(jobs_in load/new)" = 1 &&
	{ dossier-registry -a empty.db /dev/null 2>err; test $? = 3; } &&
	{ dossier-verify -a empty.db 2>err; test $? = 3; } &&
	grep -q "empty file" err
'

test_expect_success 'a missing archive is still created' '
	dossier-load >out &&
	test "$(sql "SELECT count(*) FROM document")" = 1
'

test_expect_success 'a corrupted data page is refused at a writer'"'"'s open' '
	for i in 2 3 4 5 6 7 8; do job j$i || exit 1; done &&
	dossier-load >out &&
	sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
	cp "$DOSSIER_ARCHIVE" good.db &&
	cp "$DOSSIER_ARCHIVE" bad.db &&
	# checked a day ago and more: this writer checks again
	set_checked bad.db "-25 hours" &&
	root=$(sqlite3 bad.db "SELECT rootpage FROM sqlite_master
	    WHERE name = '"'page'"'") &&
	psize=$(sqlite3 bad.db "PRAGMA page_size") &&
	head -c 512 /dev/zero | tr '\0' '\377' >junk &&
	dd if=junk of=bad.db bs=1 seek=$(( (root - 1) * psize )) \
	    conv=notrunc 2>/dev/null &&
	sum=$(sha256sum <bad.db) &&
	job j9 &&
	{ dossier-load -a bad.db >out 2>err; test $? = 3; } &&
	grep -q "archive .bad.db. is damaged (quick_check: " err &&
	grep -q "restore it from a backup" err &&
	test "$(sha256sum <bad.db)" = "$sum" &&
	test "$(jobs_in load/new)" = 1
'

test_expect_success 'a writer checks the whole file at most once a day' '
	set_checked good.db "-23 hours" && old=$(at good.db) &&
	dossier-load -a good.db </dev/null &&
	test "$(at good.db)" = "$old" &&
	set_checked good.db "-25 hours" &&
	dossier-load -a good.db </dev/null &&
	test "$(at good.db)" \> "$old" &&
	# a check dated in the future (a clock put back) is no check
	set_checked good.db "+1000 days" &&
	dossier-load -a good.db </dev/null &&
	test "$(at good.db)" \< "$(tomorrow)" &&
	dossier-verify -a good.db 2>err
'

test_expect_success 'between checks, damage a write meets stops it: nothing written' '
	sqlite3 good.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
	test "$(jobs_in load/new)" = 0 && job j10 &&
	cp good.db bad2.db &&
	root=$(sqlite3 bad2.db "SELECT rootpage FROM sqlite_master
	    WHERE name = '"'page'"'") &&
	psize=$(sqlite3 bad2.db "PRAGMA page_size") &&
	dd if=junk of=bad2.db bs=1 seek=$(( (root - 1) * psize )) \
	    conv=notrunc 2>/dev/null &&
	sum=$(sha256sum <bad2.db) &&
	{ dossier-load -a bad2.db >out 2>err; test $? = 3; } &&
	grep -q "malformed" err &&
	test "$(sha256sum <bad2.db)" = "$sum" &&
	test "$(jobs_in load/new)" = 1
'

test_done
