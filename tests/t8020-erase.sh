#!/bin/bash
# t8020-erase: erasure and retention.  A document erased by number or by
# class and age loses its page images, text, fields, tags, full-text
# rows and (when nothing else uses them) its source bytes; an audited
# tombstone stays and dossier-verify still passes; a legal hold keeps a
# document until it is released
# asan: yes
. "$(dirname "$0")/lib.sh"

A=85073003328 C=72030445684
LOADQ=$DOSSIER_SPOOL/load/new
mkdir -p "$LOADQ" "$DOSSIER_SPOOL/batch/B1" || exit 1
convert -size 64x64 xc:white white.png || exit 1

cat >reg.csv <<EOR
household;national_id;surname;given_name;birth_date;address
H1;$A;Dupont;Marie;1985-07-30;
H2;$C;Peeters;Jan;1972-03-04;
EOR

# job ID PAGES CLASS [NID [DATE [SOURCE FIRST]]]: a job as tag leaves it;
# NID and DATE (DD/MM/YYYY) on its first page; SOURCE: the source file's
# content (several documents of one file), FIRST its first source page
job() {
	local d=$LOADQ/$1 k=1 first=${6:-1}
	mkdir "$d" && printf '%s\n' "${5:-original scan of $1}" >"$d/source" &&
	: >"$d/fields" &&
	if [ -n "${4:-}" ]; then
		printf '1\tnational_id\t%s\t%s\t1\n' "$4" "$4" >>"$d/fields"
	fi &&
	if [ -n "${DATE:-}" ]; then
		printf '1\tdate\t%s\t%s\t1\n' "$DATE" \
		    "$(echo "$DATE" | awk -F/ '{ print $3 "-" $2 "-" $1 }')" \
		    >>"$d/fields"
	fi &&
	printf 'sensitive:income\t\n' >"$d/tags" &&
	{
		echo "id=$1"
		echo "batch=B1"
		echo "source_file=inbox/$1.tif"
		echo "source_sha256=$(sha256sum <"$d/source" | cut -c1-64)"
		echo "pages=$2"
		while [ $k -le "$2" ]; do
			cp white.png "$d/p$k.png"
			printf 'Page %d of %s: avis du %s\n' $k "$1" "${DATE:-}" \
			    >"$d/p$k.txt"
			echo "page.$k.source_page=$((first + k - 1))"
			echo "page.$k.image=p$k.png"
			echo "page.$k.text=p$k.txt"
			echo "page.$k.blank=0"
			k=$((k + 1))
		done
		echo "class=$3"
		echo "class_score=0.9"
		echo "tags=1"
		echo "fields=$(wc -l <"$d/fields")"
		echo end
	} >"$d/meta"
}

test_expect_success 'set up: documents of two households, classes and dates' '
	dossier-load -r reg.csv 2>err &&
	job j1 2 letter $A && job j2 1 letter $C && job j3 1 letter &&
	DATE=01/02/2015 job j4 1 payslip $A &&
	DATE=01/11/2026 job j5 1 payslip $A &&
	job j6 1 letter $C "one file, two documents" 1 &&
	job j7 1 letter $C "one file, two documents" 2 &&
	printf "%s\n" id=B1 name=B1 started_at=2026-11-21T20:00:00Z \
	    finished_at=2026-11-21T20:00:05Z pages_in=8 end \
	    >"$DOSSIER_SPOOL/batch/B1/meta" &&
	dossier-load >out &&
	test "$(sql "SELECT count(*) FROM document")" = 7 &&
	test "$(sql "SELECT doc_date FROM document WHERE job_id = '"'j4'"'")" = 2015-02-01 &&
	dossier-verify --full
'

id_of() {
	sql "SELECT id FROM document WHERE job_id = '$1'"
}

# n_src SHA256: 1 if the source is archived, else 0
n_src() {
	sql "SELECT count(*) FROM source WHERE sha256 = '$1'"
}

# trail OBJECT...: action|actor of the audit rows about the objects
trail() {
	local list="" o
	for o; do list="$list${list:+, }'$o'"; done
	sql "SELECT action, actor FROM audit WHERE object IN ($list) ORDER BY seq"
}

# last_detail OBJECT: the detail of the last audit row about it
last_detail() {
	sql "SELECT detail FROM audit WHERE object = '$1' ORDER BY seq DESC LIMIT 1"
}

test_expect_success 'erase needs a reason, a verb and numbers' '
	{ dossier-erase document 3; test $? = 2; } &&
	{ dossier-erase -r x; test $? = 2; } &&
	{ dossier-erase -r x document three; test $? = 2; } &&
	{ dossier-erase -r x shred 3; test $? = 2; } &&
	{ dossier-erase -r x class payslip soon; test $? = 2; } &&
	test "$(sql "SELECT count(*) FROM document")" = 7
'

test_expect_success 'erase a document: images, text, fields, tags, index rows, source' '
	d=$(id_of j3) &&
	src=$(sql "SELECT source_sha256 FROM document WHERE id = $d") &&
	pg=$(sql "SELECT id FROM page WHERE document_id = $d") &&
	test "$(sql "SELECT count(*) FROM page_fts WHERE page_fts MATCH '"'j3'"'")" = 1 &&
	dossier-erase -u clerk -r "asked by the person (art. 17)" document $d >out &&
	grep -qx "erased document $d: class letter, 1 pages, source erased" out &&
	test "$(sql "SELECT count(*) FROM document WHERE id = $d")" = 0 &&
	test "$(sql "SELECT count(*) FROM page WHERE document_id = $d")" = 0 &&
	test "$(sql "SELECT count(*) FROM field WHERE document_id = $d")" = 0 &&
	test "$(sql "SELECT count(*) FROM tag WHERE document_id = $d")" = 0 &&
	test "$(n_src "$src")" = 0 &&
	test "$(sql "SELECT count(*) FROM page_fts WHERE page_fts MATCH '"'j3'"'")" = 0 &&
	sql "INSERT INTO page_fts(page_fts) VALUES ('"'integrity-check'"')"
'

test_expect_success '... and leaves an audited tombstone, the archive verifies' '
	d=$(sql "SELECT document_id FROM tombstone") &&
	src=$(sql "SELECT source_sha256 FROM tombstone") &&
	pg=$(sql "SELECT substr(object, 6) FROM audit WHERE action = '"'page.erase'"'") &&
	trail document:$d page:$pg source:$src >trail &&
	printf "%s\n" "source.add|dossier-load" "page.add|dossier-load" \
	    "document.review|dossier-load" "page.erase|clerk" \
	    "document.erase|clerk" "source.erase|clerk" >want &&
	test_cmp want trail &&
	last_detail document:$d | grep -q "reason=asked%20by%20the%20person%20(art.%2017)$" &&
	test "$(sql "SELECT document_id, class, source_erased, pages_archived, actor,
	    reason FROM tombstone")" = "$d|letter|1|1|clerk|asked by the person (art. 17)" &&
	test "$(sql "SELECT length(digests) FROM tombstone")" = 129 &&
	dossier-verify --full &&
	dossier-report B1 | grep -q "^reconciliation: .*: OK"
'

test_expect_success 'an erased document is erased once: exit 1' '
	d=$(sql "SELECT document_id FROM tombstone") &&
	{ dossier-erase -u clerk -r again document $d 2>err; test $? = 1; } &&
	grep -q "no such document" err
'

test_expect_success 'a direct DELETE is refused by the triggers' '
	test_must_fail sql "DELETE FROM document WHERE id = $(id_of j2)" &&
	test_must_fail sql "DELETE FROM tombstone"
'

test_expect_success 'a legal hold on a household keeps its documents' '
	dossier-erase -u lawyer -r "case 2026/17" hold household:H1 >out &&
	h=$(sed -n "s/^hold //p" out) && test -n "$h" &&
	dossier-erase holds | grep -q "^$h	household:H1	.*	lawyer	case 2026/17$" &&
	{ dossier-erase -u clerk -r x document $(id_of j1) 2>err; test $? = 1; } &&
	grep -q "under legal hold $h (case 2026/17)" err &&
	test "$(sql "SELECT count(*) FROM page WHERE document_id = $(id_of j1)")" = 2 &&
	{ dossier-erase -r x hold household:NOPE 2>err; test $? = 1; } &&
	test_must_fail sql "UPDATE hold SET released_at = '"'now'"'"
'

test_expect_success 'retention by class and age: the held one stays, -n changes nothing' '
	h=$(sql "SELECT id FROM hold") &&
	{ dossier-erase -u clerk -r retention -n class payslip 5y >out; test $? = 1; } &&
	grep -q "^kept document $(id_of j4): under legal hold" out &&
	dossier-erase -u clerk -r x release $h &&
	test "$(sql "SELECT released_at IS NOT NULL FROM hold WHERE id = $h")" = 1 &&
	n=$(sql "SELECT count(*) FROM audit") &&
	dossier-erase -u clerk -r retention -n class payslip 5y >out &&
	grep -qx "would erase document $(id_of j4): class payslip, 1 pages, source erased" out &&
	test "$(sql "SELECT count(*) FROM audit")" = "$n" &&
	test "$(sql "SELECT count(*) FROM document WHERE class = '"'payslip'"'")" = 2 &&
	dossier-erase -u clerk -r retention class payslip 5y >out &&
	test "$(sql "SELECT count(*) FROM document WHERE class = '"'payslip'"'")" = 1 &&
	test -n "$(id_of j5)" &&
	dossier-verify --full
'

test_expect_success 'a source of several documents goes with the last of them' '
	dossier-erase -u clerk -r x document $(id_of j6) >out &&
	grep -q "source kept" out &&
	src=$(sql "SELECT source_sha256 FROM document WHERE job_id = '"'j7'"'") &&
	test "$(n_src "$src")" = 1 &&
	dossier-erase -u clerk -r x document $(id_of j7) >out &&
	grep -q "source erased" out &&
	test "$(n_src "$src")" = 0 &&
	dossier-verify --full &&
	dossier-load >out &&
	test "$(sql "SELECT pages_archived, unaccounted FROM v_batch")" = "8|0"
'

test_done
