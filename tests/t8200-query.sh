#!/bin/bash
# t8200-query: dossier-query's verbs (search, timeline, document, batch,
# audit) in text, CSV and JSON on the samples' archive, and the dossier
# front command
. "$(dirname "$0")/lib.sh"

# the CSV on stdin parsed as RFC 4180: one JSON array of rows on stdout
csv2json() {
	python3 -c 'import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin))))'
}

cp -r "$SAMPLES/inbox" inbox

test_expect_success 'the samples make an archive' '
	nightly -j 2 -w 0 -b demo -r "$SAMPLES/registry.csv" inbox >report 2>err ||
	{ cat err report; exit 1; }
'

test_expect_success 'search finds a word whatever its accents and case' '
	dossier-query search decision >plain &&
	dossier-query search DÉCISION >accent &&
	test_cmp plain accent &&
	grep -qi "social_aid_decision" plain &&
	grep -qi "\[d[^]]*cision\]" plain
'

test_expect_success 'search: a phrase, a prefix, a class, a limit' '
	dossier-query -o json search "conseil de l" >phrase &&
	jq -e "length >= 1" phrase &&
	dossier-query -o json search "loy*" >prefix &&
	jq -e "[.[].snippet | test(\"\\\\[[Ll]oyer\")] | all" prefix &&
	dossier-query -o json -c lease search loyer >lease &&
	jq -e "length >= 1 and ([.[].class] | unique == [\"lease\"])" lease &&
	dossier-query -o json -n 1 search loyer >one &&
	jq -e "length == 1" one
'

test_expect_success 'search: CSV and JSON carry the same rows, commas and line ends quoted' '
	dossier-query -o json search bailleur >s.json &&
	dossier-query -o csv search bailleur >s.csv &&
	grep -q "\"" s.csv &&
	csv2json <s.csv >s.csv.json &&
	jq -e ".[0] == [\"document\",\"page\",\"class\",\"household\",\"status\",\"date\",\"snippet\"]" s.csv.json &&
	jq -r "[.[1:][] | .[6]] | .[]" s.csv.json >csv.snips &&
	jq -r ".[].snippet" s.json >json.snips &&
	test_cmp json.snips csv.snips &&
	jq -e "[.[].snippet | test(\"\\n\")] | any" s.json &&
	tail -c 2 s.csv | od -c | grep -q "\\\\r  *\\\\n"
'

test_expect_code 1 'search: no page matches' '
	dossier-query search zyxwvutsrq
'

test_expect_code 2 'search: a bad FTS5 expression is a usage error' '
	dossier-query -m search "loyer NEAR("
'

# the documents filed to household REF, by file name, as the archive has
# them (t7000 checks them against the samples' truth)
filed_files() {
	sql "SELECT d.source_file FROM document d JOIN household h
	    ON h.id = d.household_id WHERE h.ref = '$1'" | sort
}

test_expect_success 'timeline: a household dossier, every document once, by date' '
	dossier-query -o json timeline household:HH-2026-0001 >t.json &&
	jq -r ".[].source_file" t.json | sort >got &&
	filed_files HH-2026-0001 >want &&
	test -s want &&
	test_cmp want got &&
	jq -r ".[].date" t.json >dates &&
	sort dates | test_cmp - dates &&
	jq -e "[.[].why] | unique == [\"filed\"]" t.json
'

test_expect_success 'timeline: the date is the document date, else the day it was archived' '
	dossier-query -o json timeline HH-2026-0005 >t5.json &&
	jq -r ".[] | \"\(.document) \(.date) \(.date_of)\"" t5.json |
	while read -r id date of; do
		want=$(sql "SELECT coalesce(doc_date, substr(created_at, 1, 10)) || \" \" ||
		    CASE WHEN doc_date IS NULL THEN \"archived\" ELSE \"document\" END
		    FROM document WHERE id = $id") &&
		test "$date $of" = "$want" || exit 1
	done
'

test_expect_success 'timeline: a class, text and CSV' '
	dossier-query -c lease timeline HH-2026-0001 >t.txt &&
	test $(wc -l <t.txt) = 2 &&
	head -1 t.txt | grep -q "^date  *date_of  *document  *class" &&
	grep -q "scan_20261121_0003.tif" t.txt &&
	dossier-query -o csv timeline HH-2026-0001 | csv2json >t.csv.json &&
	n=$(filed_files HH-2026-0001 | wc -l) &&
	jq -e "length == $n + 1 and (.[1:] | map(length) | unique == [11])" t.csv.json
'

test_expect_success 'timeline: a person by national number, linked and mentioned' '
	dossier-query -o json timeline 90080803720 >p.json &&
	jq -r ".[] | \"\(.source_file) \(.why)\"" p.json | sort >got &&
	printf "%s\n" "scan_20261121_0002.png linked" "scan_20261121_0007.png mentioned" >want &&
	test_cmp want got &&
	pid=$(sql "SELECT id FROM person WHERE national_id = \"90080803720\"") &&
	dossier-query -o json timeline person:$pid >p2.json &&
	test_cmp p.json p2.json
'

test_expect_code 1 'timeline: an unknown household' '
	dossier-query timeline household:HH-0000-0000
'

lease=$(sql "SELECT id FROM document WHERE source_file = 'scan_20261121_0003.tif'")

test_expect_success 'document: the provenance of a document, every section' '
	dossier-query -o json document $lease >d.json &&
	jq -e "keys - [\"holds\", \"provenance\", \"settings\"] == [\"audit\",\"batch\",\"container\",\"document\",\"fields\",\"pages\",\"same_source\",\"source\",\"tags\"]" d.json &&
	jq -e ".document.id == $lease and .document.household_ref == \"HH-2026-0001\"" d.json &&
	want=$(sha256sum "$SAMPLES/inbox/scan_20261121_0003.tif" | cut -d" " -f1) &&
	jq -e ".source.sha256 == \"$want\" and .source.content_matches == 1" d.json &&
	jq -e ".pages | length == 3" d.json &&
	jq -e "[.pages[].image_matches] == [1,1,1]" d.json &&
	jq -e "[.pages[] | has(\"image\") or has(\"text\")] | any | not" d.json &&
	jq -e ".batch.id == \"demo\" and .batch.unaccounted == 0" d.json &&
	jq -e "[.fields[].kind] | index(\"national_id\") != null" d.json
'

test_expect_success 'document: the programs and settings that made it, stage by stage' '
	if test "$(sql "SELECT count(*) FROM sqlite_master WHERE name = \"provenance\"")" = 1
	then
		want=$(sql "SELECT p.sha256 FROM provenance p JOIN document d
		    ON d.provenance_id = p.id WHERE d.id = $lease") &&
		jq -e ".provenance.sha256 == \"$want\" and .provenance.settings_match == 1" d.json &&
		jq -r ".settings[] | \"\(.stage) \(.settings)\"" d.json >got &&
		sql "SELECT settings FROM provenance WHERE sha256 = \"$want\"" >want &&
		test_cmp want got &&
		jq -e "[.settings[].stage] | index(\"load\") != null" d.json
	else
		jq -e "has(\"settings\") | not" d.json
	fi
'

test_expect_success 'document: the page text digest is the digest of the archived text' '
	sql "SELECT writefile(\"p1.txt\", text) FROM page WHERE document_id = $lease AND page_no = 1" >/dev/null &&
	want=$(sha256sum p1.txt | cut -d" " -f1) &&
	jq -e ".pages[0].text_sha256 == \"$want\"" d.json
'

test_expect_success 'document: every audit row about the document, its pages, its source' '
	jq -r ".audit[].seq" d.json >got &&
	sql "SELECT seq FROM audit WHERE object = \"document:$lease\"
	    OR object IN (SELECT \"page:\" || id FROM page WHERE document_id = $lease)
	    OR object = (SELECT \"source:\" || source_sha256 FROM document WHERE id = $lease)
	    ORDER BY seq" >want &&
	test -s want &&
	test_cmp want got &&
	jq -e "[.audit[].action] | index(\"document.file\") != null" d.json
'

test_expect_success 'document: text sections and CSV section,row,key,value' '
	dossier-query document document:$lease >d.txt &&
	grep -q "^source:" d.txt &&
	grep -q "^  content_matches: 1" d.txt &&
	grep -q "^pages:" d.txt &&
	grep -q "^  - id: " d.txt &&
	dossier-query -o csv document $lease | csv2json >d.csv.json &&
	jq -e ".[0] == [\"section\",\"row\",\"key\",\"value\"]" d.csv.json &&
	jq -e "[.[1:][] | length] | unique == [4]" d.csv.json &&
	jq -e "[.[] | select(.[0] == \"pages\" and .[2] == \"page_no\") | .[3]] == [\"1\",\"2\",\"3\"]" d.csv.json
'

test_expect_code 1 'document: no such document' '
	dossier-query document 999999
'

test_expect_code 2 'document: not a document id' '
	dossier-query document household:HH-2026-0001
'

test_expect_success 'batch: every batch, reconciled' '
	dossier-query batch >b.txt &&
	grep -q "^demo .* OK$" b.txt &&
	dossier-query -o json batch >b.json &&
	jq -e "length == 1 and .[0].id == \"demo\" and .[0].reconciliation == \"OK\"" b.json
'

test_expect_success 'batch: one batch, as dossier-report prints it, and as JSON' '
	dossier-query batch demo >r.txt &&
	dossier-report demo >want &&
	test_cmp want r.txt &&
	grep -q "^reconciliation: .*OK" r.txt &&
	dossier-query -o json batch demo >r.json &&
	jq -e ".batch.reconciliation == \"OK\" and .batch.unaccounted == 0" r.json &&
	n=$(($(wc -l <"$SAMPLES/truth.tsv") - 1)) &&
	jq -e ".batch.documents == $n and ([.classes[].documents] | add) == $n" r.json &&
	jq -e "([.review[].documents] | add) == .batch.review" r.json
'

test_expect_code 1 'batch: no such batch' '
	dossier-query batch nosuchbatch
'

test_expect_success 'audit: by action, object, actor and period' '
	dossier-query -o json audit --action "document.*" >a.json &&
	test $(jq length a.json) = $(sql "SELECT count(*) FROM audit WHERE action GLOB \"document.*\"") &&
	dossier-query -o json audit --object "document:$lease" >a1.json &&
	jq -e "length >= 1 and ([.[].object] | unique == [\"document:$lease\"])" a1.json &&
	dossier-query -o json audit --actor dossier-load --since 2000-01-01 --until 2999 >a2.json &&
	test $(jq length a2.json) = $(sql "SELECT count(*) FROM audit WHERE actor = \"dossier-load\"") &&
	last=$(sql "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1") &&
	jq -e ".[-1].hash == \"$last\"" a2.json &&
	dossier-query -o csv -n 3 audit | csv2json >a.csv.json &&
	jq -e "length == 4 and .[0][0] == \"seq\"" a.csv.json
'

test_expect_code 1 'audit: nothing in the future' '
	dossier-query audit --since 2999-01-01
'

test_expect_code 2 'an unknown verb is a usage error' '
	dossier-query frobnicate
'

test_expect_code 2 'an unknown format is a usage error' '
	dossier-query -o xml audit
'

test_expect_code 2 '-h prints the usage and exits 2' '
	dossier-query -h
'

test_expect_success 'an archive of a newer schema is refused with status 3' '
	sqlite3 "$DOSSIER_ARCHIVE" ".backup newer.db" &&
	chmod 600 newer.db &&
	sqlite3 newer.db "PRAGMA user_version = 99" &&
	test_expect_rc 3 dossier-query -a newer.db audit 2>err &&
	grep -q "newer" err
'

test_expect_success 'dossier NAME runs dossier-NAME' '
	dossier query -o json batch >front.json &&
	test_cmp b.json front.json &&
	dossier --version | grep -q "^dossier (dossier) "
'

test_expect_success 'dossier passes the exit status on' '
	test_expect_rc 1 dossier query batch nosuchbatch
'

test_expect_success 'dossier help lists the commands with a line each' '
	dossier help >h.txt &&
	grep -q "^   query  *answer an auditor" h.txt &&
	grep -q "^   export  *export a household" h.txt &&
	grep -q "^   load " h.txt
'

test_expect_success 'dossier help NAME shows its manual' '
	MANPAGER=cat PAGER=cat dossier help query >m.txt 2>&1 &&
	grep -q "timeline" m.txt &&
	grep -qi "exit status" m.txt
'

test_expect_code 2 'dossier: no such command' '
	dossier nosuchcommand
'

test_expect_code 2 'dossier: a command name cannot be a path' '
	dossier ../bin/dossier-query
'

# erasure (dossier-erase(1)): the dossier keeps a line for what was erased
if command -v dossier-erase >/dev/null 2>&1; then
	gone=$(sql "SELECT d.id FROM document d JOIN household h ON h.id = d.household_id
	    WHERE h.ref = 'HH-2026-0005' ORDER BY d.id LIMIT 1")
	test_expect_success 'an erased document: in the timeline as erased, with its tombstone and audit' '
		dossier-erase -q -u auditor1 -r retention document $gone &&
		dossier-query -o json timeline HH-2026-0005 >e.json &&
		jq -e "[.[] | select(.document == $gone) | .status] == [\"erased\"]" e.json &&
		dossier-query -o json document $gone >ed.json &&
		jq -e "keys == [\"audit\",\"tombstone\"] and .tombstone.reason == \"retention\"" ed.json &&
		jq -e "[.audit[].action] | index(\"document.erase\") != null and index(\"page.erase\") != null" ed.json &&
		jq -e "[.audit[].action] | index(\"document.file\") != null" ed.json
	'
else
	test_skip 'an erased document (no dossier-erase)'
fi

test_done
