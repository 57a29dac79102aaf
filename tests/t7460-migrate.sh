#!/bin/bash
# t7460-migrate: dossier-migrate runs a legacy export (a folder with an
# archive in it, and an index CSV) through the pipe mode: the batch report,
# the HTML page, and the migration's own lines; the export stays as it was
. "$(dirname "$0")/lib.sh"

command -v bsdtar >/dev/null || { test_skip 'bsdtar (libarchive-tools) is not installed'; test_done; }

mkdir -p export/sub zsrc/migr
cp "$SAMPLES"/inbox/scan_20261121_0001.png export/a.png
cp "$SAMPLES"/inbox/scan_20261121_0006.png export/sub/b.png
cp "$SAMPLES"/inbox/scan_20261121_0014.png zsrc/migr/doc_1.png
(cd zsrc && bsdtar -a -cf ../export/legacy.zip migr/doc_1.png)
cat >index.csv <<'EOF'
file;household;class;date
a.png;HH-2026-0003;lease;31/05/2024
legacy.zip:migr/doc_1.png;;payslip;
EOF
(cd export && find . -type f | sort | xargs sha256sum) >before

test_expect_code 2 'an export is required' 'dossier-migrate -i index.csv'
test_expect_code 2 'an index that cannot be read is a usage error' '
	dossier-migrate -i nothere.csv export
'

test_expect_success 'the export goes through the chain, with its report' '
	dossier-migrate -b m1 -i index.csv -r "$SAMPLES/registry.csv" export >r 2>e ||
	{ cat e r; exit 1; } &&
	cat r &&
	grep -qx "pages in: 3" r &&
	grep -qx "documents: 3" r &&
	grep -q "^reconciliation: .*: OK (3 = " r &&
	grep -qx "exit status: 0" r &&
	test -s "reports/m1.html"
'

test_expect_success 'the migration lines say what the index gave' '
	grep -qx "migration: documents the index named: 2" r &&
	grep -qx "migration: values from the index: household 1, class 2, date 1, tags 0" r &&
	grep -qx "migration: filed by the index: 1" r &&
	test "$(sql "SELECT d.link_method || d.class FROM document d
	    WHERE d.source_file = '"'a.png'"'")" = indexlease &&
	test "$(sql "SELECT class FROM document
	    WHERE source_file = '"'legacy.zip:migr/doc_1.png'"'")" = payslip
'

test_expect_success 'the export is left as it was' '
	(cd export && find . -type f | sort | xargs sha256sum) >after &&
	test_cmp before after
'

test_expect_success 'a migration waits for a night that holds the lock' '
	mkdir -p "$DOSSIER_SPOOL" &&
	echo "pid 1 on elsewhere since then (batch n1)" >"$DOSSIER_SPOOL/nightly.lock" &&
	# a process of our own holds it: the subshell becomes the sleep
	{ ( exec 9<>"$DOSSIER_SPOOL/nightly.lock" && flock 9 && exec sleep 600 ) & } &&
	holder=$! &&
	wait_until sh -c "! flock -n \"\$1\" true" sh "$DOSSIER_SPOOL/nightly.lock" &&
	{ dossier-migrate -b m2 export >r2 2>e2; rc=$?; } &&
	kill $holder && { wait $holder || true; } &&
	test $rc = 3 &&
	grep -q "another run holds the lock .*: pid 1 on elsewhere" e2
'

test_done
