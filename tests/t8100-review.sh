#!/bin/bash
# t8100-review: every verb of dossier-review on the samples' archive (list,
# show, assign, class, tag, untag, release, reject, apply), each change
# audited with its actor, and the refusals: SPEC 7, a document filed
# already, a second clerk, an unknown household, a missing document in a
# CSV file, an archive from a newer program
. "$(dirname "$0")/lib.sh"

cp -r "$SAMPLES/inbox" inbox

test_expect_success 'the samples make an archive' '
	nightly -j 2 -w 0 -b demo -r "$SAMPLES/registry.csv" inbox >report 2>err ||
	{ cat err report; exit 1; }
'

# doc FILE: the number of the document of source file FILE
doc() {
	sql "SELECT id FROM document WHERE source_file = '$1'"
}
# state DOC: status|household|link_method|class of document DOC
state() {
	sql "SELECT d.status, ifnull(h.ref, '-'), ifnull(d.link_method, '-'),
	    d.class FROM document d LEFT JOIN household h
	    ON h.id = d.household_id WHERE d.id = $1"
}
# audits: the number of audit rows
audits() {
	sql "SELECT count(*) FROM audit"
}

PAY=$(doc scan_20261121_0013.png)	# invalid number; Sophie Lambert's
BILL=$(doc scan_20261121_0004.jpg)	# Jan Peeters' name and address only
AD=$(doc scan_20261121_0012.jpg)	# an advertisement: nobody
LEASE=$(doc scan_20261121_0014.png)	# numbers of two households
FILED=$(doc scan_20261121_0001.png)	# filed to HH-2026-0003

test_expect_success 'the documents of the samples that wait for a person' '
	test -n "$PAY" && test -n "$BILL" && test -n "$AD" && test -n "$LEASE" &&
	test "$(state $PAY)" = "review|-|-|payslip" &&
	test "$(state $FILED)" = "filed|HH-2026-0003|national_id|income_certificate"
'

test_expect_success 'list: the documents in review, oldest first' '
	dossier-review list >out &&
	grep -q "^ *$PAY .*invalid national number" out &&
	grep -q "scan_20261121_0013.png" out &&
	grep -q "^ *$LEASE .*national numbers of several households" out &&
	! grep -q "^ *$FILED  *[0-9]*d " out &&
	n=$(sql "SELECT count(*) FROM document WHERE status = '"'review'"'") &&
	grep -q "^$n documents in review" out
'

test_expect_success 'list: by reason, batch, class and age' '
	dossier-review list -r INVALID >out &&
	grep -q "^1 document in review" out && grep -q "^ *$PAY " out &&
	n=$(sql "SELECT count(*) FROM document WHERE status = '"'review'"'") &&
	dossier-review list -b demo >out && grep -q "^$n documents" out &&
	dossier-review list -b other >out && grep -q "^0 documents" out &&
	dossier-review list -c lease >out && grep -q "^ *$LEASE " out &&
	! grep -q "^ *$PAY  *[0-9]*d " out &&
	dossier-review list -d 1 >out && grep -q "^0 documents" out &&
	dossier-review list --csv >todo.csv &&
	head -n 1 todo.csv | grep -qx "document;batch;age_days;review_reason;source_file;class;household;tags;action;note" &&
	grep -q "^$PAY;demo;0;invalid national number;scan_20261121_0013.png;payslip;;;;\$" todo.csv
'

test_expect_success 'show: state, fields, evidence, text, and the page image' '
	mkdir img &&
	dossier-review show -o img $PAY >out &&
	grep -q "^document $PAY: review (invalid national number)" out &&
	grep -q "national_id *81110242617 *INVALID" out &&
	grep -q "HH-2026-0001 *name .*Lambert Sophie" out &&
	grep -q "HH-2026-0001 *address *Rue de la Victoire 112" out &&
	grep -q "^linking now: review (invalid national number)" out &&
	grep -q "FICHE DE PAIE" out &&
	test -s img/document-$PAY-page-1.tif &&
	test "$(stat -c %a img/document-$PAY-page-1.tif)" = 600 &&
	test "$(sql "SELECT image_sha256 FROM page WHERE document_id = $PAY")" = \
	    "$(sha256sum <img/document-$PAY-page-1.tif | cut -c1-64)"
'

test_expect_code 1 'show: no such document' '
	dossier-review show 99999
'

test_expect_success 'show: the lease has the numbers of two households' '
	dossier-review show $LEASE >out &&
	grep -q "HH-2026-0002 *national_id *03040536491" out &&
	grep -q "HH-2026-0006 *national_id *05011106735" out
'

test_expect_code 1 'assign: an unknown household is refused' '
	before=$(audits) &&
	dossier-review -u alice assign $PAY HH-NONE 2>err ||
	{ grep -q "unknown household .HH-NONE." err &&
	    test "$(audits)" = "$before" && exit 1; }
'

test_expect_code 1 'assign: against the names and address in it, refused' '
	dossier-review -u alice assign $PAY HH-2026-0003 2>err ||
	{ grep -q "names persons or an address of household HH-2026-0001, not of HH-2026-0003" err &&
	    test "$(state $PAY)" = "review|-|-|payslip" && exit 1; }
'

test_expect_code 1 'assign: against a registered national number: SPEC 7' '
	dossier-review -u alice assign -f $LEASE HH-2026-0003 2>err ||
	{ grep -q "national number of a person of household HH-2026-0002, HH-2026-0006" err &&
	    grep -q "SPEC 7" err && exit 1; }
'

test_expect_success 'assign: filed by hand, audited first with the actor' '
	dossier-review -u alice assign $PAY HH-2026-0001 2>err &&
	test "$(state $PAY)" = "filed|HH-2026-0001|manual|payslip" &&
	test "$(sql "SELECT actor, action, detail FROM audit
	    WHERE object = '"'document:$PAY'"' ORDER BY seq DESC LIMIT 1")" = \
	    "alice|review.assign|status=filed household=HH-2026-0001 link=manual person=- class=payslip"
'

test_expect_code 1 'assign: a document filed already (a second clerk) is refused' '
	before=$(audits) &&
	dossier-review -u bob assign $PAY HH-2026-0001 2>err ||
	{ grep -q "document $PAY is filed already (household HH-2026-0001, by alice at " err &&
	    test "$(audits)" = "$before" && exit 1; }
'

test_expect_success 'two clerks at once: one files, the other is told' '
	sqlite3 "$DOSSIER_ARCHIVE" ".backup race.db" &&
	python3 -c "
import sqlite3, subprocess, sys
db = sqlite3.connect(\"race.db\", isolation_level=None)
db.execute(\"BEGIN IMMEDIATE\")
env = dict(__import__(\"os\").environ, DOSSIER_ARCHIVE=\"race.db\")
p = [subprocess.Popen([\"dossier-review\", \"-u\", u, \"assign\", \"$BILL\",
    \"HH-2026-0002\"], env=env, stderr=open(u + \".err\", \"w\"))
    for u in (\"carol\", \"dave\")]
import time; time.sleep(1)
db.execute(\"COMMIT\")
sys.exit(0 if sorted(x.wait() for x in p) == [0, 1] else 1)
" &&
	cat carol.err dave.err | grep -q "is filed already (household HH-2026-0002, by \(carol\|dave\) at" &&
	test "$(DOSSIER_ARCHIVE=race.db state $BILL)" = "filed|HH-2026-0002|manual|energy_bill"
'

test_expect_success 'class: a person reclassifies; it becomes training data' '
	dossier-classify --train -o m1 >train1 &&
	grep -q "reviewed: 0" train1 &&
	dossier-review -u alice class $AD other &&
	dossier-review -u alice class $PAY income_certificate &&
	test "$(state $PAY)" = "filed|HH-2026-0001|manual|income_certificate" &&
	test "$(sql "SELECT quote(class_score), class_rules FROM document
	    WHERE id = $PAY")" = "NULL|person" &&
	sql "SELECT detail FROM audit WHERE action = '"'review.class'"'" |
	    grep -q "class=income_certificate previous=payslip" &&
	dossier-classify --train -o m2 >train2 &&
	grep -q "filed by a person: 1" train2
'

test_expect_code 1 'class: a class the tagset does not know is refused' '
	dossier-review -u alice class $PAY nosuch 2>err ||
	{ grep -q "class .nosuch. is not in the tagset" err && exit 1; }
'

test_expect_success 'tag and untag, audited with the tags after the change' '
	dossier-review -u alice tag $PAY checked "note=vu par Alice" &&
	test "$(sql "SELECT group_concat(name || '"'='"' || value, '"' '"') FROM
	    (SELECT * FROM tag WHERE document_id = $PAY AND name IN
	    ('"'checked'"', '"'note'"') ORDER BY name)")" = "checked= note=vu par Alice" &&
	dossier-review -u alice untag $PAY note &&
	test "$(sql "SELECT count(*) FROM tag WHERE document_id = $PAY
	    AND name = '"'note'"'")" = 0 &&
	sql "SELECT detail FROM audit WHERE action = '"'review.tags'"'
	    ORDER BY seq" >tags &&
	grep -q "added=checked,note=vu%20par%20Alice tags=checked," tags &&
	grep -q "removed=note tags=checked" tags &&
	n=$(audits) && dossier-review -u alice tag $PAY checked &&
	test "$(audits)" = "$n"
'

test_expect_code 1 'tag: a bad tag name is refused' '
	dossier-review -u alice tag $PAY "Bad Name" 2>err ||
	{ grep -q "a tag name is lower-case" err && exit 1; }
'

test_expect_success 'reject: out of the list, with its reason' '
	dossier-review -u alice reject $AD advertisement, not a client paper &&
	test "$(sql "SELECT review_reason FROM document WHERE id = $AD")" = \
	    "rejected: advertisement, not a client paper" &&
	dossier-review list >out && ! grep -q "^ *$AD  *[0-9]*d " out &&
	dossier-review list -A >out && grep -q "rejected: advertisement" out
'

test_expect_code 1 'release: refused when the rules give no household' '
	dossier-review -u alice release $LEASE 2>err ||
	{ grep -q "no unambiguous household (national numbers of several households)" err &&
	    exit 1; }
'

test_expect_success 'release: filed once the registry knows they moved in together' '
	{
		echo "household;national_id;surname;given_name;birth_date;address;since" &&
		grep ";05011106735;" "$SAMPLES/registry.csv" |
		sed -e "s/^HH-2026-0006;/HH-2026-0002;/" -e "s/\$/;2020-01-01/"
	} >moved.csv &&
	dossier-registry moved.csv 2>err &&
	dossier-review show $LEASE >out &&
	grep -q "^linking now: household HH-2026-0002 (national_id)" out &&
	dossier-review -u alice release $LEASE &&
	test "$(state $LEASE)" = "filed|HH-2026-0002|national_id|lease" &&
	sql "SELECT actor, action FROM audit WHERE object = '"'document:$LEASE'"'
	    ORDER BY seq DESC LIMIT 1" | grep -qx "alice|review.release"
'

test_expect_success 'apply: the CSV a clerk filled in, all of it' '
	dossier-review list -A --csv >todo.csv &&
	awk -F";" -v bill=$BILL "BEGIN { OFS = \";\" }
	    NR == 1 { print; next }
	    \$1 == bill { \$7 = \"HH-2026-0002\"; \$8 = \"checked|period=2026-10\" }
	    { print }" todo.csv >done.csv &&
	cat done.csv &&
	dossier-review -u erin apply done.csv 2>err &&
	grep -q "done.csv.: 2 changes (erin)" err &&
	test "$(state $BILL)" = "filed|HH-2026-0002|manual|energy_bill" &&
	test "$(sql "SELECT count(*) FROM tag WHERE document_id = $BILL AND
	    name IN ('"'checked'"', '"'period'"')")" = 2 &&
	test "$(sql "SELECT count(*) FROM audit WHERE actor = '"'erin'"'")" = 2
'

test_expect_code 1 'apply: a row naming a missing document: nothing done' '
	before=$(audits) &&
	printf "document,class,action,note\n%s,,reject,done twice\n99999,other,,\n" \
	    "$AD" >bad.csv &&
	dossier-review -u erin apply bad.csv 2>err ||
	{ grep -q "bad.csv:3: no document 99999" err &&
	    grep -q "1 of 2 rows refused: nothing changed" err &&
	    test "$(audits)" = "$before" && exit 1; }
'

test_expect_code 1 'apply: a row on a document already filed: nothing done' '
	before=$(audits) &&
	printf "document;household;tags\n%s;;new\n%s;HH-2026-0001;\n" \
	    "$AD" "$FILED" >filed.csv &&
	dossier-review -u erin apply filed.csv 2>err ||
	{ grep -q "filed.csv:3: document $FILED is filed already" err &&
	    test "$(sql "SELECT count(*) FROM tag WHERE document_id = $AD
	        AND name = '"'new'"'")" = 0 &&
	    test "$(audits)" = "$before" && exit 1; }
'

test_expect_code 3 'an archive from a newer program is refused, untouched' '
	sqlite3 "$DOSSIER_ARCHIVE" ".backup newer.db" &&
	sqlite3 newer.db "PRAGMA user_version = 99" &&
	sum=$(sha256sum <newer.db) &&
	{ dossier-review -a newer.db -u alice assign $BILL HH-2026-0002 2>err; rc=$?; } &&
	grep -qi "newer" err && test "$(sha256sum <newer.db)" = "$sum" && exit $rc
'

test_expect_code 2 'usage: no verb, an unknown verb, a bad actor' '
	dossier-review 2>/dev/null; test $? = 2 || exit 1
	dossier-review frob 2>/dev/null; test $? = 2 || exit 1
	dossier-review -u "two words" class $PAY other 2>/dev/null; test $? = 2 || exit 1
	dossier-review -u dossier-load class $PAY other
'

test_expect_success 'the audit chain is intact after all of it' '
	prev=0000000000000000000000000000000000000000000000000000000000000000 &&
	sql "SELECT seq, at, actor, action, object, detail, prev_hash, hash
	    FROM audit ORDER BY seq" >chain &&
	while IFS="|" read -r seq at actor action object detail ph h; do
		calc=$(printf "%s%d:%s,%d:%s,%d:%s,%d:%s,%d:%s,%d:%s," \
		    "$prev" ${#seq} "$seq" ${#at} "$at" ${#actor} "$actor" \
		    ${#action} "$action" ${#object} "$object" \
		    ${#detail} "$detail" | sha256sum | cut -c1-64) &&
		test "$ph" = "$prev" && test "$calc" = "$h" || exit 1
		prev=$h
	done <chain
'

test_done
