#!/bin/bash
# t6300-load-declared: what the office declares wins and is marked: a
# cover sheet's household (link_method cover), the migration index's
# household, class, date and tags (link_method index), an unknown or
# contradictory reference goes to review, never to another household, and
# so does a declaration that the document's registered persons contradict
# (one of them of another household: a cover sheet on the wrong stack, or
# two families' papers under one sheet);
# cover pages count in the batch; an archive member's source is tied to
# the archive, whose bytes are kept once
# asan: yes
. "$(dirname "$0")/lib.sh"

A=85073003328 C=72030445684 U=85010100115
LOADQ=$DOSSIER_SPOOL/load/new
mkdir -p "$LOADQ" "$DOSSIER_SPOOL/batch/B1" &&
printf 'id=B1\nname=B1\npages_in=9\ncover_sheets=0\nend\n' \
    >"$DOSSIER_SPOOL/batch/B1/meta" || exit 1
convert -size 60x60 xc:white white.png || exit 1

cat >reg.csv <<EOF
household;national_id;surname;given_name;birth_date;address
H1;$A;Dupont;Marie;1985-07-30;
H2;$C;Peeters;Jan;1972-03-04;
EOF

# job ID SOURCE MORE...: a one-page job whose source file is SOURCE and
# whose meta has the lines MORE; on its page the national numbers $NIDS
# (default: H1's)
job() {
	local id=$1 src=$2 d=$LOADQ/$1 n
	shift 2
	mkdir "$d" && cp "$src" "$d/source" && cp white.png "$d/p1.png" &&
	for n in ${NIDS:-$A}; do
		printf '1\tnational_id\t%s\t%s\t1\n' $n $n
	done >"$d/fields" &&
	{
		echo "id=$id"
		echo "batch=B1"
		echo "source_file=${SRCNAME:-$id.tif}"
		echo "source_sha256=$(sha256sum <"$d/source" | cut -c1-64)"
		echo "pages=1"
		echo "page.1.source_page=1"
		echo "page.1.image=p1.png"
		echo "page.1.blank=0"
		echo "class=payslip"
		echo "class_score=0.4"
		[ -z "${DOUBT:-}" ] || echo "review_reason=low classification score"
		echo "fields=$(wc -l <"$d/fields")"
		printf '%s\n' "$@"
		echo end
	} >"$d/meta"
}

# doc ID COLUMNS: columns of the document of job ID
doc() {
	sql "SELECT $2 FROM document d LEFT JOIN household h
	    ON h.id = d.household_id WHERE job_id = '$1'"
}

for n in 1 2 3 4 5 6 7 8 9 11 12 13 14; do echo "scan $n" >s$n; done
printf "PK\003\004 a legacy export" >export.zip
zsha=$(sha256sum <export.zip | cut -c1-64)

test_expect_success 'set up: registry and declared jobs' '
	dossier-registry reg.csv 2>err &&
	job jc s1 cover_ref=H1 cover_pages=1 &&
	job jcu s2 cover_ref=H9 cover_pages=1 &&
	job ji s3 index_household=H1 index_class=lease index_date=2024-05-31 \
	    "index_tags=urgent legacy" from_index=household,class,date,tags &&
	job jiu s4 index_household=H9 from_index=household &&
	job jx s5 cover_ref=H1 index_household=H2 cover_pages=1 &&
	DOUBT=1 job jd s6 cover_ref=H1 &&
	DOUBT=1 job jdi s7 index_class=lease index_household=H1 &&
	NIDS=$C job jcc s11 cover_ref=H1 cover_pages=1 &&
	NIDS=$C job jic s12 index_household=H1 from_index=household &&
	NIDS="$C $A" job jcb s13 cover_ref=H1 cover_pages=1 &&
	NIDS=$U job jcn s14 cover_ref=H2 cover_pages=1 &&
	dossier-load >out 2>err &&
	test "$(wc -l <out)" = 11
'

test_expect_success 'a cover sheet files to its household, marked' '
	test "$(doc jc "d.status, h.ref, d.link_method, d.cover_sheets")" = \
	    "filed|H1|cover|1"
'

# the worst error: a family's papers filed to another family.  A cover
# sheet put on the wrong stack, an index line for the wrong file: the
# persons the document names are all of another household
test_expect_success 'a cover sheet or index that the national numbers contradict: review' '
	test "$(doc jcc "d.status, quote(d.household_id), d.review_reason")" = \
	    "review|NULL|cover sheet and national numbers disagree" &&
	test "$(doc jic "d.status, quote(d.household_id), d.review_reason")" = \
	    "review|NULL|migration index and national numbers disagree"
'

# a stack of two families under one sheet (the sheet that should have cut
# it forgotten): the other family's papers would be disclosed
test_expect_success '... and so does one that also names a person of another household' '
	test "$(doc jcb "d.status, quote(d.household_id), d.review_reason")" = \
	    "review|NULL|cover sheet and national numbers disagree"
'

test_expect_success 'a valid number of no registered person does not stand against it' '
	test "$(doc jcn "d.status, h.ref, d.link_method")" = "filed|H2|cover"
'

test_expect_success 'a doubted class still goes to review, unless the index gives it' '
	test "$(doc jd "d.status, d.review_reason")" = \
	    "review|low classification score" &&
	test "$(doc jdi "d.status, h.ref, d.class")" = "filed|H1|lease"
'

test_expect_success 'an unknown cover-sheet reference goes to review' '
	test "$(doc jcu "d.status, quote(d.household_id), d.review_reason")" = \
	    "review|NULL|unknown cover-sheet reference"
'

test_expect_success 'the index gives household, class, date and tags, marked' '
	test "$(doc ji "d.status, h.ref, d.link_method, d.class,
	    quote(d.class_score), d.class_rules, d.from_index")" = \
	    "filed|H1|index|lease|NULL|index|household,class,date,tags" &&
	test "$(sql "SELECT group_concat(t.name, \" \") FROM tag t
	    JOIN document d ON d.id = t.document_id WHERE d.job_id = '"'ji'"'
	    ORDER BY t.name")" = "legacy urgent" &&
	test "$(sql "SELECT f.normalized, f.valid FROM field f
	    JOIN document d ON d.id = f.document_id
	    WHERE d.job_id = '"'ji'"' AND f.kind = '"'date'"'")" = "2024-05-31|1"
'

test_expect_success 'an unknown household in the index goes to review' '
	test "$(doc jiu "d.status, d.review_reason")" = \
	    "review|unknown household in the migration index"
'

test_expect_success 'a cover sheet and an index that disagree: review' '
	test "$(doc jx "d.status, quote(d.household_id), d.review_reason")" = \
	    "review|NULL|cover sheet and migration index disagree"
'

test_expect_success 'archive members: one source each, tied to the archive kept once' '
	SRCNAME=export.zip:migr/doc_1.png job jm1 s8 container_sha256=$zsha \
	    container_file=export.zip container_size=$(wc -c <export.zip) \
	    member=migr/doc_1.png &&
	cp export.zip "$LOADQ/jm1/container" &&
	SRCNAME=export.zip:migr/doc_2.png job jm2 s9 container_sha256=$zsha \
	    container_file=export.zip member=migr/doc_2.png &&
	ln "$LOADQ/jm1/container" "$LOADQ/jm2/container" &&
	dossier-load >/dev/null 2>err &&
	test "$(sql "SELECT count(*), media_type, file_name FROM source
	    WHERE sha256 = '"'$zsha'"'")" = "1|application/zip|export.zip" &&
	test "$(sql "SELECT group_concat(member, \" \") FROM source
	    WHERE container_sha256 = '"'$zsha'"' ORDER BY member")" = \
	    "migr/doc_1.png migr/doc_2.png" &&
	test "$(doc jm2 "d.source_file")" = "export.zip:migr/doc_2.png" &&
	test "$(sql "SELECT content FROM source WHERE sha256 = '"'$zsha'"'" |
	    od -c | head -1)" = "$(od -c <export.zip | head -1)"
'

test_expect_success 'a member without its archive is refused' '
	echo other >s10 && job jm4 s10 member=a.png &&
	test_must_fail dossier-load >/dev/null 2>err &&
	grep -q "container_sha256 and member go together" err
'

test_expect_success 'cover pages count in the batch reconciliation' '
	test "$(sql "SELECT cover_sheets FROM batch WHERE id = '"'B1'"'")" = 6 &&
	grep -q "^cover sheets: 6$" <(dossier-report B1)
'

test_done
