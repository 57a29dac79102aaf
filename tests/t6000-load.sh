#!/bin/bash
# t6000-load: dossier-load puts hand-made jobs into the archive, links them
# by national number or sends them to review, and is idempotent
# asan: yes
. "$(dirname "$0")/lib.sh"

# persons of the registry (valid numbers; D was born after 2000)
A=85073003328 B=90011512363 C=72030445684 D=01020378958
U=66060600183		# valid, but nobody in the registry
X=85073003329		# wrong check digits

convert -size 100x100 xc:white white.png || exit 1
mkdir -p "$DOSSIER_SPOOL/load/new" "$DOSSIER_SPOOL/batch/B1" &&
chmod -R go-rwx "$DOSSIER_SPOOL" || exit 1
LOADQ=$DOSSIER_SPOOL/load/new

# make_job ID PAGES [BLANKPAGE]: a job as tag leaves it, without fields
make_job() {
	d=$LOADQ/$1
	mkdir "$d" || return 1
	printf 'original scan of %s\n' "$1" >"$d/source"
	{
		echo "id=$1"
		echo "batch=B1"
		echo "source_file=inbox/$1.tif"
		echo "source_sha256=$(sha256sum <"$d/source" | cut -c1-64)"
		echo "media_type=image/tiff"
		echo "size=$(wc -c <"$d/source")"
		echo "pages=$2"
		k=1
		while [ $k -le "$2" ]; do
			cp white.png "$d/p$k.png"
			echo "page.$k.source_page=$k"
			echo "page.$k.image=p$k.png"
			echo "page.$k.image_type=png"
			echo "page.$k.width=100"
			echo "page.$k.height=100"
			echo "page.$k.dpi=300"
			echo "page.$k.skew_deg=-1.25"
			echo "page.$k.orientation=180"
			echo "page.$k.threshold=128"
			echo "page.$k.blank_score=0.002"
			echo "page.$k.skew_conf=0.9"
			if [ "$k" = "${3:-0}" ]; then
				echo "page.$k.blank=1"
			else
				echo "page.$k.blank=0"
				printf 'Page %d: D\303\251cision du Conseil\n' $k \
				    >"$d/p$k.txt"
				echo "page.$k.text=p$k.txt"
				echo "page.$k.ocr_conf=91.5"
				echo "page.$k.lang=fra"
			fi
			k=$((k + 1))
		done
		echo "class=payslip"
		echo "class_score=0.875"
		echo "class_rules=payslip.title payslip.net"
		echo "lang=fra"
	} >"$d/meta.part"
	printf 'sensitive:income\t\nperiod\t2026-10\n' >"$d/tags"
	: >"$d/fields"
}

# nid ID PAGE NUMBER VALID: a national number found on PAGE
nid() {
	printf '%s\tnational_id\t%s\t%s\t%s\n' "$2" "$3" "$3" "$4" \
	    >>"$LOADQ/$1/fields"
}

# done_job ID: write the meta with its counts and the end line
done_job() {
	d=$LOADQ/$1
	{
		cat "$d/meta.part"
		echo "tags=$(wc -l <"$d/tags")"
		echo "fields=$(wc -l <"$d/fields")"
		echo end
	} >"$d/meta" && rm "$d/meta.part"
}

# doc ID COLUMNS: columns of the document loaded from job ID
doc() {
	sql "SELECT $2 FROM document d LEFT JOIN household h
	    ON h.id = d.household_id WHERE job_id = '$1'"
}

cat >reg.csv <<EOF
household;national_id;surname;given_name;birth_date;address
H1;$A;Dupont;Marie;1985-07-30;Rue Haute 1, 1000 Bruxelles
H1;$B;Dupont;Jean;1990-01-15;Rue Haute 1, 1000 Bruxelles
H2;$C;Peeters;Jan;1972-03-04;Kerkstraat 2, 2000 Antwerpen
H3;$D;Janssens;An;2001-02-03;
EOF

test_expect_success 'set up: registry and jobs' '
	dossier-load -r reg.csv 2>err &&
	test "$(sql "SELECT count(*) FROM person")" = 4 &&
	make_job j1 2 2 && nid j1 1 $A 1 && done_job j1 &&
	make_job j2 1 && nid j2 1 $A 1 && nid j2 1 $B 1 && nid j2 1 $A 1 &&
	done_job j2 &&
	make_job j3 1 && done_job j3 &&
	make_job j4 1 && nid j4 1 $X 0 && done_job j4 &&
	make_job j5 1 && nid j5 1 $U 1 && done_job j5 &&
	make_job j6 1 && nid j6 1 $A 1 && nid j6 1 $C 1 && done_job j6 &&
	make_job j7 1 && nid j7 1 $A 1 && nid j7 1 $U 1 && done_job j7 &&
	make_job j8 1 && nid j8 1 $D 1 && nid j8 1 $X 0 && done_job j8 &&
	make_job j9 1 && nid j9 1 $A 0 && done_job j9 &&
	make_job j10 1 && nid j10 1 $A 1 && done_job j10 &&
	rm "$LOADQ/j10/p1.png" &&
	cp -R "$LOADQ/j1" j1.copy &&
	cat >"$DOSSIER_SPOOL/batch/B1/meta" <<-EOF
	id=B1
	name=inbox 2026-11-21
	started_at=2026-11-21T20:00:00Z
	finished_at=2026-11-21T20:00:05Z
	pages_in=11
	files=10
	duplicates=1
	cover_sheets=0
	end
	EOF
'

test_expect_code 1 'load: a job with a missing image is quarantined' '
	dossier-load >out 2>err
'

test_expect_success 'stdout lists the loaded jobs, the queue is empty' '
	test $(wc -l <out) = 9 && grep -qx j1 out && ! grep -q j10 out &&
	test $(jobs_in load/new) = 0 &&
	test -d "$DOSSIER_SPOOL/quarantine/j10" &&
	grep -q "reason=p1.png: No such file" \
	    "$DOSSIER_SPOOL/quarantine/j10/error"
'

test_expect_success 'no personal data in the messages' '
	! grep -e $A -e $B -e $U -e Dupont err
'

test_expect_success 'one national number of a registered person: filed' '
	test "$(doc j1 "status, h.ref, link_method, review_reason")" = \
	    "filed|H1|national_id|" &&
	test "$(doc j1 "d.person_id = (SELECT id FROM person
	    WHERE national_id = '"'$A'"')")" = 1
'

test_expect_success 'two persons of one household: filed, no single person' '
	test "$(doc j2 "status, h.ref, quote(person_id)")" = "filed|H1|NULL"
'

test_expect_success 'post-2000 number, invalid one beside it: filed' '
	test "$(doc j8 "status, h.ref")" = "filed|H3"
'

test_expect_success 'review reasons' '
	test "$(doc j3 "status, quote(household_id), review_reason")" = \
	    "review|NULL|no national number" &&
	test "$(doc j4 "review_reason")" = "invalid national number" &&
	test "$(doc j9 "review_reason")" = "invalid national number" &&
	test "$(doc j5 "review_reason")" = "unknown national number" &&
	test "$(doc j6 "review_reason")" = \
	    "national numbers of several households" &&
	test "$(doc j7 "review_reason")" = "unregistered national number" &&
	test "$(sql "SELECT count(*) FROM v_review")" = 6
'

test_expect_success 'document columns come from the job' '
	test "$(doc j1 "batch_id, source_file, first_page, page_count, class,
	    class_score, class_rules, lang")" = \
	    "B1|inbox/j1.tif|1|2|payslip|0.875|payslip.title payslip.net|fra"
'

test_expect_success 'source stored byte for byte, once' '
	sql "SELECT writefile('"'src.out'"', content) FROM source
	    WHERE file_name = '"'inbox/j1.tif'"'" >/dev/null &&
	cmp src.out j1.copy/source &&
	test "$(sql "SELECT sha256 = '"'$(sha256sum <j1.copy/source |
	    cut -c1-64)'"' AND size = length(content) FROM source
	    WHERE file_name = '"'inbox/j1.tif'"'")" = 1 &&
	test "$(sql "SELECT count(*) FROM source")" = 9
'

test_expect_success 'pages: image, hash, metadata, text' '
	sql "SELECT writefile('"'p1.out'"', image) FROM page p
	    JOIN document d ON d.id = p.document_id
	    WHERE d.job_id = '"'j1'"' AND page_no = 1" >/dev/null &&
	cmp p1.out white.png &&
	test "$(sql "SELECT p.image_sha256, p.image_type, p.width, p.dpi,
	    p.skew_deg, p.orientation, p.blank, p.threshold, p.ocr_conf,
	    p.lang, p.text FROM page p JOIN document d
	    ON d.id = p.document_id WHERE d.job_id = '"'j1'"'
	    AND page_no = 1")" = \
	    "$(sha256sum <white.png | cut -c1-64)|png|100|300|-1.25|180|0|128|91.5|fra|Page 1: Décision du Conseil" &&
	test "$(sql "SELECT blank, quote(text) FROM page p JOIN document d
	    ON d.id = p.document_id WHERE d.job_id = '"'j1'"'
	    AND page_no = 2")" = "1|NULL"
'

test_expect_success 'tags and fields, fields tied to their page' '
	test "$(sql "SELECT group_concat(name || '"'='"' || value, '"' '"')
	    FROM (SELECT t.name, t.value FROM tag t JOIN document d
	    ON d.id = t.document_id WHERE d.job_id = '"'j1'"'
	    ORDER BY t.name)")" = "period=2026-10 sensitive:income=" &&
	test "$(sql "SELECT count(*) FROM field f JOIN document d
	    ON d.id = f.document_id WHERE d.job_id = '"'j2'"'")" = 3 &&
	test "$(sql "SELECT count(*) FROM field f JOIN page p
	    ON p.id = f.page_id AND p.document_id = f.document_id
	    WHERE p.page_no = 1 AND f.kind = '"'national_id'"'")" = 13
'

test_expect_success 'full-text search ignores accents' '
	test "$(sql "SELECT count(*) FROM page_fts
	    WHERE page_fts MATCH '"'decision conseil'"'")" = 9
'

# recompute the chain as dossier-archive(5) documents it
audit_chain_ok() {
	prev=0000000000000000000000000000000000000000000000000000000000000000
	want=1
	sql "SELECT seq, at, actor, action, object, detail, prev_hash, hash
	    FROM audit ORDER BY seq" >chain || return 1
	while IFS='|' read -r seq at actor action object detail ph h; do
		[ "$seq" = "$want" ] && [ "$ph" = "$prev" ] || return 1
		calc=$(printf '%s%d:%s,%d:%s,%d:%s,%d:%s,%d:%s,%d:%s,' \
		    "$prev" ${#seq} "$seq" ${#at} "$at" ${#actor} "$actor" \
		    ${#action} "$action" ${#object} "$object" \
		    ${#detail} "$detail" | sha256sum | cut -c1-64)
		[ "$calc" = "$h" ] || return 1
		prev=$h
		want=$((want + 1))
	done <chain
	[ "$want" -gt 1 ]
}

test_expect_success 'one audit row per document, chain intact' '
	test "$(sql "SELECT count(*) FROM audit
	    WHERE action = '"'document.file'"'")" = 3 &&
	test "$(sql "SELECT count(*) FROM audit
	    WHERE action = '"'document.review'"'")" = 6 &&
	sql "SELECT detail FROM audit a JOIN document d
	    ON a.object = '"'document:'"' || d.id WHERE d.job_id = '"'j5'"'" \
	    >detail &&
	grep -q "^status=review household=- link=- person=- class=payslip reason=unknown%20national%20number source=" \
	    detail &&
	! grep -e $U detail &&
	audit_chain_ok
'

test_expect_success 'the audit refuses UPDATE and DELETE' '
	test_must_fail sql "UPDATE audit SET actor = '"'x'"'" &&
	test_must_fail sql "DELETE FROM audit" &&
	audit_chain_ok
'

test_expect_success 'a tampered audit row is detected by the recomputation' '
	cp "$DOSSIER_ARCHIVE" tampered.db &&
	sqlite3 tampered.db "DROP TRIGGER audit_no_update;
	    UPDATE audit SET detail = '"'class=other'"' WHERE seq = 7" &&
	! DOSSIER_ARCHIVE=tampered.db audit_chain_ok
'

test_expect_success 'archive is owner-only' '
	test "$(stat -c %a "$DOSSIER_ARCHIVE")" = 600 &&
	test "$(sql "PRAGMA journal_mode")" = wal &&
	test "$(sql "PRAGMA user_version")" = 7
'

test_expect_success 'the same job again (at-least-once delivery) adds nothing' '
	before=$(sql "SELECT (SELECT count(*) FROM document),
	    (SELECT count(*) FROM page), (SELECT count(*) FROM audit),
	    (SELECT count(*) FROM source), (SELECT count(*) FROM field)") &&
	cp -R j1.copy "$LOADQ/j1" &&
	cp -R j1.copy "$LOADQ/j1b" &&
	sed -i "s/^id=j1$/id=j1b/" "$LOADQ/j1b/meta" &&
	dossier-load >out &&
	test $(wc -l <out) = 2 && test $(jobs_in load/new) = 0 &&
	test "$(sql "SELECT (SELECT count(*) FROM document),
	    (SELECT count(*) FROM page), (SELECT count(*) FROM audit),
	    (SELECT count(*) FROM source), (SELECT count(*) FROM field)")" = \
	    "$before"
'

test_expect_success 'batch row counts pages and quarantine' '
	test "$(sql "SELECT name, pages_in, pages_archived, pages_blank,
	    cover_sheets, quarantined, duplicates, finished_at IS NOT NULL,
	    unaccounted FROM v_batch WHERE id = '"'B1'"'")" = \
	    "inbox 2026-11-21|11|9|1|0|1|1|1|0" &&
	test "$(sql "SELECT count(*) FROM audit
	    WHERE action = '"'batch.finish'"'")" = 1
'

test_expect_success 'dossier-report prints the batch with reconciliation OK' '
	dossier-report >rep &&
	grep -qx "batch: B1" rep &&
	grep -qx "pages in: 11" rep &&
	grep -qx "pages archived: 9" rep &&
	grep -qx "blank pages: 1" rep &&
	grep -qx "quarantined pages: 1" rep &&
	grep -qx "duplicates: 1" rep &&
	grep -qx "documents filed: 3" rep &&
	grep -qx "documents in review: 6" rep &&
	grep -qx "in review (invalid national number): 2" rep &&
	grep -qx "class payslip: 9" rep &&
	grep -qx "elapsed: [0-9][0-9]*:[0-9][0-9]:[0-9][0-9]" rep &&
	grep -q "^reconciliation: pages in = archived + blank + cover sheets + quarantined: OK" rep &&
	dossier-report B1 >rep2 && test_cmp rep rep2
'

test_expect_success 'dossier-report names the quarantined inputs and why' '
	dossier-report B1 >rep &&
	test "$(grep -c "^quarantined input: " rep)" = 1 &&
	grep -q "^quarantined input: inbox/.* (1 page, load): ." rep &&
	dossier-report -s nospool B1 >rep2 &&
	! grep -q "^quarantined input" rep2
'

test_expect_success 'dossier-report only reads the archive' '
	sum_before=$(sha256sum <"$DOSSIER_ARCHIVE") &&
	dossier-report B1 >rep1 &&
	test "$(sha256sum <"$DOSSIER_ARCHIVE")" = "$sum_before"
'

test_expect_code 2 'dossier-load has no report mode any more' '
	dossier-load --report B1
'

test_expect_code 3 'dossier-report of an unknown batch fails' '
	dossier-report nosuch
'

test_expect_code 2 'dossier-report takes one batch at most' '
	dossier-report B1 B2
'

test_expect_success 'dossier-report shows a mismatch' '
	cp "$DOSSIER_ARCHIVE" mismatch.db &&
	sqlite3 mismatch.db "UPDATE batch SET pages_in = 12" &&
	dossier-report -a mismatch.db B1 >rep &&
	grep -q "^reconciliation: .*: MISMATCH (12 != 9 + 1 + 0 + 1, +1)" rep
'

test_expect_success 'bad jobs are quarantined with a reason naming the file' '
	make_job k1 1 && nid k1 1 $A 1 && done_job k1 &&
	echo tampered >>"$LOADQ/k1/source" &&
	make_job k2 1 && done_job k2 &&
	printf "1\tnational_id\t$A\n" >"$LOADQ/k2/fields" &&
	make_job k3 1 && done_job k3 &&
	sed -i "s/^page.1.image=.*/page.1.image=..\/..\/x/" "$LOADQ/k3/meta" &&
	make_job k4 1 && done_job k4 && echo "not a png" >"$LOADQ/k4/p1.png" &&
	make_job k5 1 && done_job k5 &&
	sed -i "s/^page.1.orientation=.*/page.1.orientation=45/" \
	    "$LOADQ/k5/meta" &&
	make_job k6 1 && nid k6 1 $A 1 && done_job k6 &&
	sed -i "s/^fields=1/fields=2/" "$LOADQ/k6/meta" &&
	{ dossier-load >out 2>err; test $? = 1; } &&
	test $(jobs_in quarantine) = 7 &&
	grep -q "reason=source: " "$DOSSIER_SPOOL/quarantine/k1/error" &&
	grep -q "reason=fields:1: 3 columns" \
	    "$DOSSIER_SPOOL/quarantine/k2/error" &&
	grep -q "reason=meta names an unsafe file" \
	    "$DOSSIER_SPOOL/quarantine/k3/error" &&
	grep -q "reason=p1.png: not a png image" \
	    "$DOSSIER_SPOOL/quarantine/k4/error" &&
	grep -q "reason=meta: page.1.orientation" \
	    "$DOSSIER_SPOOL/quarantine/k5/error" &&
	grep -q "reason=fields: 1 entries, but meta says 2" \
	    "$DOSSIER_SPOOL/quarantine/k6/error" &&
	test "$(sql "SELECT count(*) FROM document")" = 9
'

test_expect_code 3 'an archive from a newer program: nothing is done' '
	cp "$DOSSIER_ARCHIVE" newer.db &&
	sqlite3 newer.db "PRAGMA user_version = 99" &&
	make_job m1 1 && done_job m1 &&
	dossier-load -a newer.db 2>err
'

test_expect_success '... with a clear message, the job still queued' '
	grep -q "schema version 99, newer than this program knows" err &&
	test -d "$LOADQ/m1"
'

test_expect_code 3 'an archive path that cannot be opened: exit 3' '
	mkdir adir && dossier-load -a adir
'

# the later jobs come while ingest is still filling batch B1
sed -i "/^finished_at=/d" "$DOSSIER_SPOOL/batch/B1/meta"

test_expect_success 'a group-readable archive is made owner-only' '
	chmod 644 "$DOSSIER_ARCHIVE" &&
	dossier-load >out 2>err &&
	grep -q "made owner-only" err &&
	test "$(stat -c %a "$DOSSIER_ARCHIVE")" = 600 &&
	grep -qx m1 out
'

test_expect_success 'several workers load a batch of jobs' '
	i=0 &&
	while [ $i -lt 20 ]; do
		make_job w$i 2 && nid w$i 1 $C 1 && done_job w$i || exit 1
		i=$((i + 1))
	done &&
	dossier-load -j 4 >out &&
	test $(wc -l <out) = 20 &&
	test "$(sql "SELECT count(*) FROM document d JOIN household h
	    ON h.id = d.household_id WHERE h.ref = '"'H2'"'
	    AND job_id LIKE '"'w%'"'")" = 20 &&
	audit_chain_ok
'

test_expect_success 'a batch of duplicates only is reported too' '
	mkdir -p "$DOSSIER_SPOOL/batch/B2" &&
	printf "%s\n" id=B2 name=again started_at=2026-11-22T20:00:00Z \
	    finished_at=2026-11-22T20:00:01Z pages_in=0 files=3 duplicates=3 \
	    cover_sheets=0 end >"$DOSSIER_SPOOL/batch/B2/meta" &&
	dossier-load >out && test ! -s out &&
	dossier-report B2 >rep &&
	grep -qx "duplicates: 3" rep && grep -qx "documents: 0" rep &&
	grep -q "^reconciliation: .*: OK (0 = 0 + 0 + 0 + 0)" rep &&
	dossier-report >rep && grep -qx "batch: B2" rep
'

test_expect_success 'a batch with jobs still queued is not finished' '
	mkdir -p "$DOSSIER_SPOOL/batch/B3" "$DOSSIER_SPOOL/ocr/new" &&
	printf "%s\n" id=B3 name=b3 started_at=2026-11-22T21:00:00Z \
	    finished_at=2026-11-22T21:00:01Z pages_in=2 files=2 duplicates=0 \
	    cover_sheets=0 end >"$DOSSIER_SPOOL/batch/B3/meta" &&
	make_job n1 1 && sed -i "s/^batch=B1/batch=B3/" "$LOADQ/n1/meta.part" &&
	done_job n1 &&
	mkdir "$DOSSIER_SPOOL/ocr/new/n2" &&
	printf "%s\n" id=n2 batch=B3 pages=1 end >"$DOSSIER_SPOOL/ocr/new/n2/meta" &&
	dossier-load >out &&
	test "$(sql "SELECT quote(finished_at), pages_archived, unaccounted
	    FROM v_batch WHERE id = '"'B3'"'")" = "NULL|1|1" &&
	dossier-report B3 >rep &&
	grep -qx "finished: not yet" rep &&
	grep -q "^reconciliation: .*: INCOMPLETE (1 page still waiting: 1 in ocr/new)" rep &&
	mv "$DOSSIER_SPOOL/ocr/new/n2" "$DOSSIER_SPOOL/quarantine/n2" &&
	dossier-load >out &&
	test "$(sql "SELECT finished_at IS NOT NULL, quarantined, unaccounted
	    FROM v_batch WHERE id = '"'B3'"'")" = "1|1|0"
'

test_expect_success 'an upstream doubt (low classification score) sends a linkable document to review' '
	make_job jlow 1 && nid jlow 1 $C 1 &&
	echo "review_reason=low classification score" >>"$LOADQ/jlow/meta.part" &&
	done_job jlow &&
	dossier-load >/dev/null &&
	test "$(doc jlow "d.status, coalesce(h.ref, \"-\"), d.review_reason")" = \
	    "review|-|low classification score"
'

test_expect_success 'an upstream doubt and the linking'"'"'s are both the reason of a document that has no household' '
	B=nightly-20261206T054410Z &&
	mkdir "$DOSSIER_SPOOL/batch/$B" &&
	printf "%s\n" id=$B name=$B started_at=2026-12-06T05:44:10Z \
	    finished_at=2026-12-06T05:44:11Z pages_in=1 files=1 duplicates=0 \
	    cover_sheets=0 end >"$DOSSIER_SPOOL/batch/$B/meta" &&
	make_job jgarble 1 &&
	sed -i "s/^batch=B1/batch=$B/" "$LOADQ/jgarble/meta.part" &&
	echo "review_reason=ocr: page 1 read with confidence 27" >>"$LOADQ/jgarble/meta.part" &&
	echo "page.1.ocr_doubt=ocr: page 1 read with confidence 27" >>"$LOADQ/jgarble/meta.part" &&
	done_job jgarble &&
	dossier-load >/dev/null &&
	test "$(doc jgarble "d.status, d.review_reason")" = \
	    "review|ocr: page 1 read with confidence 27; no national number" &&
	dossier-review list -r "confidence 27" >by-ocr &&
	dossier-review list -r "no national number" >by-link &&
	id=$(doc jgarble d.id) &&
	grep -q "^ *$id " by-ocr && grep -q "^ *$id " by-link &&
	# a nightly run'"'"'s batch (23 characters) widens its column
	awk -v id=$id '"'"'NR == 1 { c = index($0, "CLASS") }
	    $1 == id { r = index($0, "payslip"); getline; s = index($0, "inbox/") }
	    END { exit !(c > 0 && r == c && s == c + 29) }'"'"' by-ocr &&
	dossier-review show $id >show &&
	grep -qx "document $id: review (ocr: page 1 read with confidence 27; no national number)" show &&
	grep -A1 "^--- page 1 " show | grep -qx "(ocr: page 1 read with confidence 27)"
'

test_expect_success 'the report counts the documents in review by kind of reason, figures apart' '
	mkdir "$DOSSIER_SPOOL/batch/B5" &&
	printf "%s\n" id=B5 name=b5 started_at=2026-12-06T06:00:00Z \
	    finished_at=2026-12-06T06:00:01Z pages_in=4 files=4 duplicates=0 \
	    cover_sheets=0 end >"$DOSSIER_SPOOL/batch/B5/meta" &&
	for r in "page 1 read with confidence 27" "page 3 read with confidence 41" \
	    "page 2 stopped at its budget of 30.2 s for 3.0 Mpx: text incomplete"; do
		j=jk$(printf "%s" "$r" | cksum | cut -c1-6) &&
		make_job $j 1 &&
		sed -i "s/^batch=B1/batch=B5/" "$LOADQ/$j/meta.part" &&
		echo "review_reason=ocr: $r" >>"$LOADQ/$j/meta.part" &&
		done_job $j || return 1
	done &&
	make_job jk4 1 && sed -i "s/^batch=B1/batch=B5/" "$LOADQ/jk4/meta.part" &&
	done_job jk4 &&
	dossier-load >/dev/null &&
	dossier-report B5 >rep &&
	grep "^in review" rep >groups &&
	cat >want <<-\EOF &&
	in review (no national number): 1
	in review (ocr: page N read with confidence N; no national number): 2
	in review (ocr: page N stopped at its budget of N s for N Mpx: text incomplete; no national number): 1
	EOF
	test_cmp want groups &&
	# the HTML report: a reason holding ": " is one name, with its count
	dossier-report -o rep.html B5 >/dev/null &&
	grep -qF "<th scope=\"row\">ocr: page N read with confidence N; no national number</th><td class=\"n\">2</td>" rep.html &&
	# each document keeps its own figures
	test "$(sql "SELECT count(DISTINCT review_reason) FROM document
	    WHERE batch_id = '"'B5'"'")" = 4
'

test_expect_success 'a version-1 archive is migrated to version 7 at open, data kept' '
	cp "$DOSSIER_ARCHIVE" v1.db &&
	sqlite3 v1.db "DROP INDEX source_container" &&
	sqlite3 v1.db "DROP INDEX page_pixels" &&
	# schema 5 (one line per object a later step adds)
	sqlite3 v1.db "DROP INDEX document_date" &&
	sqlite3 v1.db "DROP INDEX person_birth" &&
	sqlite3 v1.db "DROP INDEX member_person" &&
	sqlite3 v1.db "DROP INDEX audit_object" &&
	for t in document_audited document_erase_audited page_audited \
	    page_erase_audited source_audited source_erase_audited \
	    member_audited member_delete_audited hold_audited hold_no_delete \
	    document_hold tombstone_no_update tombstone_no_delete \
	    provenance_no_update; do
		sqlite3 v1.db "DROP TRIGGER $t" || exit 1
	done &&
	sqlite3 v1.db "DROP VIEW audit_last" &&
	sqlite3 v1.db "DROP TABLE hold" &&
	sqlite3 v1.db "DROP TABLE tombstone" &&
	sqlite3 v1.db "ALTER TABLE document DROP COLUMN provenance_id" &&
	sqlite3 v1.db "DROP TABLE provenance" &&
	# schema 6
	sqlite3 v1.db "DROP TABLE archive_check" &&
	sqlite3 v1.db "CREATE TRIGGER page_image_immutable BEFORE UPDATE OF
	    image ON page BEGIN SELECT RAISE(ABORT, '"'x'"'); END" &&
	for c in document.doc_date page.words page.ocr_doubt batch.released \
	    page.dpi_estimate page.cleanup_fallback \
	    page.pixels_sha256 source.container_sha256 source.member document.cover_sheets \
	    document.from_index page.decoder page.binarisation \
	    page.orientation_conf page.orientation_uncertain page.dpi_source \
	    page.dpi_assumed page.scale page.border_share page.holes \
	    page.photo_share; do
		sqlite3 v1.db "ALTER TABLE ${c%%.*} DROP COLUMN ${c#*.}" || exit 1
	done &&
	sqlite3 v1.db "PRAGMA user_version = 1" &&
	n=$(sqlite3 v1.db "SELECT count(*) FROM page") &&
	dossier-load -a v1.db >/dev/null &&
	test "$(sqlite3 v1.db "PRAGMA user_version")" = 7 &&
	test "$(sqlite3 v1.db "SELECT count(*) FROM sqlite_master
	    WHERE name = '"'page_image_immutable'"'")" = 0 &&
	sqlite3 v1.db "SELECT detail FROM audit WHERE action = '"'archive.migrate'"'" |
	    grep "^from=1 to=7 document_max=[1-9]" &&
	sqlite3 v1.db "SELECT container_sha256, member FROM source LIMIT 1" &&
	sqlite3 v1.db "SELECT cover_sheets, from_index FROM document LIMIT 1" &&
	test "$(sqlite3 v1.db "SELECT count(*) FROM page")" = "$n" &&
	sqlite3 v1.db "SELECT binarisation, photo_share FROM page LIMIT 1" >/dev/null &&
	# its sources kept where they are: version 7 does not copy them
	test "$(sqlite3 v1.db "SELECT group_concat(name) FROM
	    (SELECT name FROM pragma_table_info('"'source'"') ORDER BY cid)")" = \
	    id,sha256,file_name,media_type,size,created_at,content,container_sha256,member &&
	test "$(sqlite3 v1.db "SELECT count(*) FROM source WHERE length(content) = size")" = \
	    "$(sqlite3 v1.db "SELECT count(*) FROM source")" &&
	dossier-verify --full -a v1.db >/dev/null
'

test_expect_success 'a version-6 archive without sources gets them last in their rows' '
	mkdir -m 700 sp6 && mkdir -m 700 sp6/load &&
	DOSSIER_SPOOL=$PWD/sp6 dossier-load -a v6.db </dev/null &&
	sqlite3 v6.db "DROP TABLE source; CREATE TABLE source (
	    id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,
	    file_name TEXT NOT NULL, media_type TEXT NOT NULL,
	    size INTEGER NOT NULL, content BLOB NOT NULL,
	    created_at TEXT NOT NULL, container_sha256 TEXT, member TEXT,
	    CHECK (length(content) = size)); PRAGMA user_version = 6" &&
	DOSSIER_SPOOL=$PWD/sp6 dossier-load -a v6.db </dev/null &&
	test "$(sqlite3 v6.db "PRAGMA user_version")" = 7 &&
	test "$(sqlite3 v6.db "SELECT name FROM pragma_table_info('"'source'"')
	    ORDER BY cid DESC LIMIT 1")" = content &&
	test "$(sqlite3 v6.db "SELECT count(*) FROM sqlite_master
	    WHERE tbl_name = '"'source'"' AND type = '"'trigger'"'")" = 2
'

test_expect_success 'the cleanup decisions of a page reach the archive' '
	make_job jdec 1 &&
	printf "%s\n" "page.1.binarisation=background-normalised Otsu" \
	    "page.1.orientation_conf=11.57" "page.1.orientation_uncertain=0" \
	    "page.1.dpi_source=200" "page.1.dpi_assumed=0" "page.1.scale=1.5" \
	    "page.1.border_share=0.01" "page.1.holes=2" "page.1.photo_share=0" \
	    >>"$LOADQ/jdec/meta.part" &&
	done_job jdec && dossier-load >/dev/null &&
	test "$(sql "SELECT p.binarisation, p.orientation_conf, p.dpi_source, p.scale, p.holes
	    FROM page p JOIN document d ON d.id = p.document_id WHERE d.job_id = '"'"'jdec'"'"'")" = \
	    "background-normalised Otsu|11.57|200|1.5|2"
'

test_expect_success 'the document date: the date it is about, not a birth or due date' '
	make_job jdate 1 &&
	printf "Bruxelles, le 12 novembre 2026\nMarie, n\303\251e le 30/07/1985\nJean, n\303\251 le 03/04/1990\nRappel: 01/01/2027\nA payer avant le 05/11/2026\n" \
	    >"$LOADQ/jdate/p1.txt" &&
	printf "1\tdate\t%s\t%s\t1\n" 01/01/2027 2027-01-01 30/07/1985 1985-07-30 \
	    03/04/1990 1990-04-03 05/11/2026 2026-11-05 "12 novembre 2026" 2026-11-12 \
	    >"$LOADQ/jdate/fields" &&
	done_job jdate && dossier-load >/dev/null &&
	test "$(doc jdate d.doc_date)" = 2026-11-12 &&
	sql "SELECT detail FROM audit WHERE object = (SELECT '"'document:'"' || id
	    FROM document WHERE job_id = '"'jdate'"')" | grep -q " doc_date=2026-11-12 settings=" &&
	make_job jnodate 1 && done_job jnodate && dossier-load >/dev/null &&
	test "$(doc jnodate "quote(d.doc_date)")" = NULL
'

test_expect_success 'provenance: the settings of every stage, kept once per distinct set' '
	make_job jprov1 1 && make_job jprov2 1 &&
	for j in jprov1 jprov2; do
		printf "%s\n" "settings.ocr=version=0.1.0 engine=tesseract-5.3.4 langs=fra+nld" \
		    "settings.deskew=version=0.1.0" >>"$LOADQ/$j/meta.part" &&
		done_job $j || exit 1
	done &&
	dossier-load >/dev/null &&
	test "$(sql "SELECT count(DISTINCT provenance_id) FROM document
	    WHERE job_id IN ('"'jprov1'"', '"'jprov2'"')")" = 1 &&
	sql "SELECT p.settings FROM provenance p JOIN document d
	    ON d.provenance_id = p.id WHERE d.job_id = '"'jprov1'"'" >prov &&
	printf "%s\n" "deskew version=0.1.0" \
	    "ocr version=0.1.0 engine=tesseract-5.3.4 langs=fra+nld" \
	    "load version=0.1.0 schema=7" >want &&
	test_cmp want prov &&
	sum=$(head -c -1 prov | sha256sum | cut -c1-64) &&
	sql "SELECT detail FROM audit WHERE object = (SELECT '"'document:'"' || id
	    FROM document WHERE job_id = '"'jprov1'"')" | grep -q " settings=$sum$" &&
	test_must_fail sql "UPDATE provenance SET settings = '"'x'"'"
'

test_expect_success 'a large source is loaded in pieces, not held in memory' '
	# 64 MB: a whole source in memory (twice, before schema 7) would
	# show in the peak
	make_job jbig 1 &&
	head -c 64M /dev/urandom >"$LOADQ/jbig/source" &&
	sum=$(sha256sum <"$LOADQ/jbig/source" | cut -c1-64) &&
	sed -i -e "s/^source_sha256=.*/source_sha256=$sum/" \
	    -e "s/^size=.*/size=67108864/" "$LOADQ/jbig/meta.part" &&
	done_job jbig &&
	/usr/bin/time -f %M -o mem dossier-load >/dev/null &&
	q=$(printf "SELECT size = length(content) FROM source
	    WHERE sha256 = \047%s\047" "$sum") &&
	test "$(sql "$q")" = 1 &&
	kb=$(tail -n 1 mem) &&
	echo "peak $kb KB" &&
	test "$kb" -lt 65536
'

test_expect_success 'a batch that does not balance makes load exit 1, naming it' '
	sql "SELECT pages_in, pages_archived + pages_blank + cover_sheets +
	    quarantined FROM batch WHERE id = '"'B1'"'" >counts &&
	test "$(cut -d"|" -f1 counts)" != "$(cut -d"|" -f2 counts)" &&
	sed -i "s/^end$/finished_at=2026-11-21T20:00:05Z\nend/" \
	    "$DOSSIER_SPOOL/batch/B1/meta" &&
	{ dossier-load >out 2>err; test $? = 1; } &&
	grep -q "batch .B1. does not balance: 11 pages in, but" err
'

test_expect_success 'the spool met with another archive: load says that none of its pages is there' '
	{ DOSSIER_ARCHIVE=$PWD/other.db dossier-load >out 2>err; test $? = 1; } &&
	cat err &&
	grep -q "batch .B1. does not balance: 11 pages in, but 0 archived .*quarantined (none of its pages is in this archive: did the spool feed another?)" err &&
	! grep -q "batch .B1. does not balance: .*none of its pages" \
	    <(dossier-load 2>&1)
'

test_done
