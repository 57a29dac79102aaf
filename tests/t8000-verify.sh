#!/bin/bash
# t8000-verify: every filing is evidence.  The triggers refuse direct
# changes to a filing, a page's image or text, a source, a membership;
# dossier-verify finds what was done behind their back (triggers dropped
# and put back): a re-filing, a page's text, an image swapped with its
# digest, a source swapped with its digest, bytes of the file edited, an
# audit row deleted by rebuilding the table, a row added or removed
# asan: yes
. "$(dirname "$0")/lib.sh"

A=85073003328 C=72030445684
LOADQ=$DOSSIER_SPOOL/load/new
mkdir -p "$LOADQ" "$DOSSIER_SPOOL/batch/B1" || exit 1
convert -size 64x64 xc:white white.png &&
convert -size 64x64 xc:black black.png || exit 1

cat >reg.csv <<EOF
household;national_id;surname;given_name;birth_date;address
H1;$A;Dupont;Marie;1985-07-30;
H2;$C;Peeters;Jan;1972-03-04;
EOF

# job ID PAGES [NID]: a job as tag leaves it; NID on its first page
job() {
	local d=$LOADQ/$1 k=1
	mkdir "$d" && printf 'original scan of %s\n' "$1" >"$d/source" &&
	: >"$d/fields" &&
	if [ -n "${3:-}" ]; then
		printf '1\tnational_id\t%s\t%s\t1\n' "$3" "$3" >"$d/fields"
	fi &&
	{
		echo "id=$1"
		echo "batch=B1"
		echo "source_file=inbox/$1.tif"
		echo "source_sha256=$(sha256sum <"$d/source" | cut -c1-64)"
		echo "pages=$2"
		while [ $k -le "$2" ]; do
			cp white.png "$d/p$k.png"
			printf 'Page %d of %s: avis\n' $k "$1" >"$d/p$k.txt"
			echo "page.$k.source_page=$k"
			echo "page.$k.image=p$k.png"
			echo "page.$k.text=p$k.txt"
			echo "page.$k.blank=0"
			k=$((k + 1))
		done
		echo "class=letter"
		echo "class_score=0.9"
		echo "fields=$(wc -l <"$d/fields")"
		echo end
	} >"$d/meta"
}

# copy NAME: a copy of the archive, whole (WAL checkpointed)
copy() {
	sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
	cp "$DOSSIER_ARCHIVE" "$1"
}

# behind NAME SQL: run SQL on copy NAME with the evidence triggers
# dropped, then put them back as they were
behind() {
	sqlite3 "$1" "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger'
	    AND name IN ('document_audited', 'page_audited', 'source_audited',
	    'page_erase_audited', 'source_erase_audited',
	    'document_erase_audited')" >triggers.sql &&
	sqlite3 "$1" "DROP TRIGGER document_audited; DROP TRIGGER page_audited;
	    DROP TRIGGER source_audited; DROP TRIGGER page_erase_audited;
	    DROP TRIGGER source_erase_audited;
	    DROP TRIGGER document_erase_audited; $2" &&
	sqlite3 "$1" <triggers.sql
}

# caught NAME PATTERN: verify (quick, or full with FULL=1) finds PATTERN
caught() {
	dossier-verify ${FULL:+--full} -a "$1" >"$1.out" 2>"$1.err"
	test $? = 1 &&
	grep -q -e "$2" "$1.out" &&
	grep -q "is not intact" "$1.err"
}

test_expect_success 'set up: three documents, two filed, one in review' '
	dossier-load -r reg.csv 2>err &&
	job j1 2 $A && job j2 1 $C && job j3 1 &&
	printf "%s\n" id=B1 name=B1 started_at=2026-11-21T20:00:00Z \
	    finished_at=2026-11-21T20:00:05Z pages_in=4 end \
	    >"$DOSSIER_SPOOL/batch/B1/meta" &&
	dossier-load >out &&
	test "$(sql "SELECT count(*) FROM document WHERE status = '"'filed'"'")" = 2 &&
	test "$(sql "SELECT finished_at IS NOT NULL FROM batch")" = 1
'

test_expect_success 'an intact archive verifies, quick and full' '
	dossier-verify -v >out 2>err &&
	test ! -s out &&
	grep "quick check: .* 3 documents, 4 pages, 3 sources, 1 finished batches.*: 0 problems" err &&
	dossier-verify --full >out 2>err &&
	test ! -s out && test ! -s err
'

test_expect_success 'inserts carry their digests: page.add and source.add' '
	sum=$(printf "Page 1 of j2: avis\n" | sha256sum | cut -c1-64) &&
	img=$(sha256sum <white.png | cut -c1-64) &&
	sql "SELECT detail FROM audit WHERE action = '"'page.add'"'" >pages &&
	test $(wc -l <pages) = 4 &&
	grep -q "image_sha256=$img text_sha256=$sum" pages &&
	sql "SELECT detail FROM audit WHERE action = '"'source.add'"'" >sources &&
	test $(wc -l <sources) = 3 &&
	grep -q "size=20$" sources &&
	sql "SELECT detail FROM audit WHERE object = '"'document:1'"'" |
	    grep "^status=filed household=H1 link=national_id person=[0-9]* class=letter "
'

test_expect_success 'the triggers refuse a re-filing, a class, a status' '
	test_must_fail sql "UPDATE document SET household_id = 2 WHERE id = 1" 2>err &&
	grep -q "filing is evidence" err &&
	test_must_fail sql "UPDATE document SET class = '"'other'"' WHERE id = 1" &&
	test_must_fail sql "UPDATE document SET status = '"'review'"',
	    household_id = NULL, link_method = NULL, review_reason = '"'x'"'
	    WHERE id = 1" &&
	test_must_fail sql "DELETE FROM document WHERE id = 3" &&
	test "$(sql "SELECT household_id FROM document WHERE id = 1")" = 1
'

test_expect_success 'the triggers refuse a page, a source, a membership' '
	test_must_fail sql "UPDATE page SET text = '"'forged'"' WHERE id = 1" &&
	test_must_fail sql "UPDATE page SET image = x'"'00'"',
	    image_sha256 = printf('"'%064d'"', 0) WHERE id = 1" &&
	test_must_fail sql "UPDATE page SET document_id = 2 WHERE id = 2" &&
	test_must_fail sql "DELETE FROM page WHERE id = 2" &&
	test_must_fail sql "UPDATE source SET content = x'"'00'"', size = 1" &&
	test_must_fail sql "DELETE FROM source WHERE id = 3" &&
	test_must_fail sql "UPDATE member SET until = '"'2026-01-01'"'" &&
	test_must_fail sql "DELETE FROM member" &&
	test "$(sql "SELECT count(*) FROM member WHERE until IS NULL")" = 2
'

test_expect_success 'a re-filing by SQL behind the triggers is caught' '
	copy refile.db &&
	behind refile.db "UPDATE document SET household_id = 2 WHERE id = 1" &&
	test "$(sqlite3 refile.db "SELECT household_id FROM document WHERE id = 1")" = 2 &&
	caught refile.db "^document 1: household is H2, but its last audit row stating it ([0-9]*) says H1$"
'

test_expect_success 'a class changed to review by SQL is caught' '
	copy class.db &&
	behind class.db "UPDATE document SET class = '"'other'"' WHERE id = 2" &&
	caught class.db "^document 2: class is other, .* says letter$"
'

test_expect_success 'a page updated by SQL is caught' '
	copy text.db &&
	behind text.db "UPDATE page SET text = '"'forged'"' WHERE id = 2" &&
	caught text.db "^page 2: text_sha256 is "
'

test_expect_success 'an image swapped together with its image_sha256 is caught' '
	copy swap.db &&
	sum=$(sha256sum <black.png | cut -c1-64) &&
	printf "UPDATE page SET image = readfile(\047black.png\047),
	    image_sha256 = \047%s\047 WHERE id = 3" "$sum" >q.sql &&
	behind swap.db "$(cat q.sql)" &&
	caught swap.db "^page 3: image_sha256 is $sum, but" &&
	FULL=1 caught swap.db "^page 3: image_sha256 is $sum"
'

test_expect_success 'an image changed without its digest is caught by --full' '
	copy img.db &&
	behind img.db "UPDATE page SET image = readfile('"'black.png'"') WHERE id = 3" &&
	dossier-verify -a img.db >out &&
	FULL=1 caught img.db "^page 3: the image does not match its image_sha256"
'

test_expect_success 'a source swapped together with its digests is caught' '
	copy source.db &&
	old=$(sqlite3 source.db "SELECT sha256 FROM source WHERE id = 2") &&
	new=$(printf "forged\n" | sha256sum | cut -c1-64) &&
	printf "UPDATE source SET content = CAST(\047forged\047 || char(10)
	    AS BLOB), size = 7, sha256 = \047%s\047 WHERE id = 2;
	    UPDATE document SET source_sha256 = \047%s\047 WHERE id = 2" \
	    "$new" "$new" >q.sql &&
	behind source.db "$(cat q.sql)" &&
	caught source.db "^source $new: no audit row" &&
	grep -q "^source $old: missing, but its last audit row" source.db.out
'

test_expect_success 'bytes of the file edited are caught by --full' '
	copy bytes.db &&
	off=$(grep -abo "original scan of j2" bytes.db | head -1 | cut -d: -f1) &&
	test -n "$off" &&
	printf "ORIGINAL" | dd of=bytes.db bs=1 seek=$off conv=notrunc 2>/dev/null &&
	FULL=1 caught bytes.db "^source [0-9a-f]*: the content hashes to"
'

test_expect_success 'a source grown behind its size is caught without --full' '
	copy grown.db &&
	behind grown.db "UPDATE source SET content = CAST(content || '"'x'"' AS BLOB) WHERE id = 1" &&
	caught grown.db "^source [0-9a-f]*: its content is 21 bytes, its size says 20$"
'

test_expect_success 'an audit row deleted by rebuilding the table is caught' '
	copy audit.db &&
	sqlite3 audit.db "PRAGMA legacy_alter_table = ON;
	    CREATE TABLE a2 AS SELECT * FROM audit WHERE seq != 5;
	    DROP TABLE audit; ALTER TABLE a2 RENAME TO audit" &&
	caught audit.db "^audit row 5 missing (next row is 6)$" &&
	grep -q "^trigger audit_chain: missing" audit.db.out
'

test_expect_success 'a page deleted or a document added behind the triggers is caught' '
	copy del.db &&
	behind del.db "DELETE FROM page WHERE id = 2;
	    INSERT INTO document (source_file, source_sha256, first_page,
	      page_count, status, household_id, link_method, created_at)
	    SELECT source_file, source_sha256, 9, 1, '"'filed'"', 1, '"'manual'"',
	      created_at FROM document WHERE id = 3" &&
	caught del.db "^page 2: missing, but its last audit row ([0-9]*, page.add) does not erase it$" &&
	grep -q "^document 4: no audit row" del.db.out &&
	grep -q "^batch B1: records 4 archived and 0 blank pages, the archive holds 3 and 0$" del.db.out
'

test_expect_success 'verify names a batch that does not balance' '
	copy batch.db &&
	sqlite3 batch.db "UPDATE batch SET pages_in = 5" &&
	caught batch.db "^batch B1: does not balance: 5 pages in, 4 archived"
'

test_expect_success 'verify: usage and a missing archive' '
	{ dossier-verify -x; test $? = 2; } &&
	{ dossier-verify extra; test $? = 2; } &&
	{ dossier-verify -a nothere.db 2>err; test $? = 3; } &&
	grep -q nothere.db err
'

test_done
