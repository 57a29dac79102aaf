#!/bin/bash
# t8210-export: dossier-export on the samples' archive: searchable PDFs,
# originals byte for byte, the manifest's digests, the audit row, zip and
# tar, a person's export, withheld originals, and what it refuses
. "$(dirname "$0")/lib.sh"

audit_rows() {
	sql "SELECT count(*) FROM audit"
}

cp -r "$SAMPLES/inbox" inbox

test_expect_success 'the samples make an archive' '
	nightly -j 2 -w 0 -b demo -r "$SAMPLES/registry.csv" inbox >report 2>err ||
	{ cat err report; exit 1; }
'

H=dossier-household-HH-2026-0001

test_expect_success 'a household is exported to a new zip, owner-only' '
	before=$(audit_rows) &&
	dossier-export -u auditor1 -o hh1.zip household:HH-2026-0001 &&
	test -f hh1.zip &&
	test "$(stat -c %a hh1.zip)" = 600 &&
	test $(audit_rows) = $((before + 1)) &&
	mkdir z && (cd z && unzip -q ../hh1.zip) &&
	test -f z/$H/manifest.json &&
	test -z "$(ls hh1.zip.tmp-* 2>/dev/null)"
'

test_expect_success 'every file matches SHA256SUMS' '
	(cd z/$H && sha256sum -c --quiet SHA256SUMS) &&
	(cd z/$H && find . -type f ! -name SHA256SUMS | sed "s|^\./||" | sort) >files &&
	awk "{ print \$2 }" z/$H/SHA256SUMS | sort >listed &&
	test_cmp files listed
'

test_expect_success 'the manifest lists the household'\''s documents, each with its PDF' '
	m=z/$H/manifest.json &&
	jq -e ".subject == \"household:HH-2026-0001\" and .exported_by == \"auditor1\"" $m &&
	jq -r ".documents[].source_file" $m | sort >got &&
	sql "SELECT d.source_file FROM document d JOIN household h
	    ON h.id = d.household_id WHERE h.ref = \"HH-2026-0001\"" | sort >want &&
	test -s want &&
	test_cmp want got &&
	jq -r ".documents[] | \"\(.pdf) \(.pdf_sha256) \(.page_count) \(.pages | length)\"" $m |
	while read -r pdf sum count pages; do
		test -f z/$H/$pdf &&
		test "$(sha256sum <z/$H/$pdf | cut -d" " -f1)" = "$sum" &&
		test "$count" = "$pages" &&
		mutool show z/$H/$pdf trailer/Root/Pages/Count 2>/dev/null | grep -qx "$count" || exit 1
	done
'

test_expect_success 'the originals are the scans as received, byte for byte' '
	m=z/$H/manifest.json &&
	test $(jq "[.originals[] | select(.path != null)] | length" $m) = $(jq ".documents | length" $m) &&
	jq -r ".originals[] | \"\(.path) \(.file_name)\"" $m |
	while read -r path name; do
		cmp z/$H/$path "$SAMPLES/inbox/$name" || exit 1
	done
'

test_expect_success 'the page digests are the archive'\''s' '
	m=z/$H/manifest.json &&
	jq -r ".documents[] | .document as \$d | .pages[] | \"\(\$d) \(.page) \(.image_sha256)\"" $m |
	while read -r doc page sum; do
		want=$(sql "SELECT image_sha256 FROM page WHERE document_id = $doc AND page_no = $page") &&
		test "$sum" = "$want" || exit 1
	done
'

test_expect_success 'the PDFs are searchable: their text layer is the page text' '
	pdf=$(jq -r ".documents[] | select(.class == \"lease\") | .pdf" z/$H/manifest.json) &&
	mutool draw -F txt -o lease.txt z/$H/$pdf 2>/dev/null &&
	grep -q "CONTRAT DE BAIL" lease.txt &&
	grep -q "R.*SIDENCE PRINCIPALE" lease.txt &&
	grep -q "Saint-Gilles" lease.txt &&
	pages=$(grep -c . lease.txt) &&
	test "$pages" -gt 20
'

test_expect_success 'a page with word boxes gets its words where they are' '
	n=$(sql "SELECT count(*) FROM pragma_table_info(\"page\") WHERE name = \"words\"") &&
	if test "$n" = 1 && test "$(sql "SELECT count(*) FROM page WHERE words <> \"\"")" != 0
	then
		jq -e "[.documents[].pages[].text_layer] | index(\"words\") != null" z/$H/manifest.json
	else
		jq -e "[.documents[].pages[].text_layer] | unique == [\"text\"]" z/$H/manifest.json
	fi
'

test_expect_success 'the export is audited with the manifest digest' '
	dossier-query -o json audit --action export --object household:HH-2026-0001 >a.json &&
	jq -e "length == 1 and .[0].actor == \"auditor1\"" a.json &&
	sum=$(sha256sum <z/$H/SHA256SUMS | cut -d" " -f1) &&
	jq -e ".[0].detail | contains(\"manifest=$sum\")" a.json &&
	n=$(jq ".documents | length" z/$H/manifest.json) &&
	jq -e ".[0].detail | test(\"documents=$n \")" a.json &&
	dossier-query -o json audit --action export >all.json &&
	test $(jq length all.json) = 1
'

test_expect_success 'a tar export holds the same files' '
	dossier-export -q -f tar -o hh1.out household:HH-2026-0001 &&
	mkdir t && bsdtar -xf hh1.out -C t &&
	(cd t/$H && sha256sum -c --quiet SHA256SUMS) &&
	(cd t/$H && find . -type f | sort) >tfiles &&
	(cd z/$H && find . -type f | sort) >zfiles &&
	test_cmp zfiles tfiles &&
	cmp t/$H/documents/$(ls z/$H/documents | head -1) z/$H/documents/$(ls z/$H/documents | head -1)
'

test_expect_success 'a person by national number: linked and mentioned documents' '
	dossier-export -o p.zip 90080803720 &&
	mkdir p && (cd p && unzip -q ../p.zip) &&
	d=$(ls p) &&
	case $d in dossier-person-*) ;; *) exit 1 ;; esac &&
	(cd p/$d && sha256sum -c --quiet SHA256SUMS) &&
	jq -r ".documents[] | \"\(.source_file) \(.why)\"" p/$d/manifest.json | sort >got &&
	printf "%s\n" "scan_20261121_0002.png linked" "scan_20261121_0007.png mentioned" >want &&
	test_cmp want got &&
	pid=$(sql "SELECT id FROM person WHERE national_id = \"90080803720\"") &&
	dossier-query -o json audit --action export --object person:$pid >pa.json &&
	jq -e "length == 1" pa.json &&
	! grep -q 90080803720 pa.json
'

test_expect_success 'an existing file is never overwritten, nothing audited' '
	before=$(audit_rows) &&
	cp hh1.zip keep.zip &&
	test_expect_rc 3 dossier-export -o hh1.zip HH-2026-0001 2>err &&
	grep -q exists err &&
	cmp hh1.zip keep.zip &&
	test $(audit_rows) = $before
'

test_expect_success 'an unknown household: status 1, nothing written or audited' '
	before=$(audit_rows) &&
	test_expect_rc 1 dossier-export -o none.zip household:HH-0000-0000 &&
	test ! -e none.zip &&
	test $(audit_rows) = $before
'

test_expect_code 2 'no -o is a usage error' '
	dossier-export HH-2026-0001
'

test_expect_code 2 'an unknown format is a usage error' '
	dossier-export -f rar -o x.rar HH-2026-0001
'

test_expect_success 'an archive of a newer schema is refused with status 3' '
	sqlite3 "$DOSSIER_ARCHIVE" ".backup newer.db" &&
	chmod 600 newer.db &&
	sqlite3 newer.db "PRAGMA user_version = 99" &&
	test_expect_rc 3 dossier-export -a newer.db -o n.zip HH-2026-0001 &&
	test ! -e n.zip
'

# a copy of the archive where a document of another household was cut
# from the lease's file (its triggers dropped, on the copy only, to make
# the case)
test_expect_success 'an original shared with other households is withheld' '
	sqlite3 "$DOSSIER_ARCHIVE" ".backup shared.db" &&
	chmod 600 shared.db &&
	sha=$(sql "SELECT source_sha256 FROM document WHERE source_file = \"scan_20261121_0003.tif\"") &&
	other=$(sql "SELECT d.id FROM document d JOIN household h ON h.id = d.household_id WHERE h.ref = \"HH-2026-0004\" LIMIT 1") &&
	sqlite3 shared.db "SELECT \"DROP TRIGGER \" || name || \";\" FROM sqlite_master
	    WHERE type = \"trigger\" AND tbl_name = \"document\"" >drop.sql &&
	sqlite3 shared.db <drop.sql &&
	sqlite3 shared.db "UPDATE document SET source_sha256 = \"$sha\", first_page = 99 WHERE id = $other" &&
	dossier-export -a shared.db -o w.zip HH-2026-0001 &&
	mkdir w && (cd w && unzip -q ../w.zip) &&
	(cd w/$H && sha256sum -c --quiet SHA256SUMS) &&
	jq -e "[.originals[] | select(.path == null and .withheld != null) | .sha256] == [\"$sha\"]" w/$H/manifest.json &&
	! ls w/$H/originals | grep -q "^${sha:0:12}" &&
	test $(ls w/$H/originals | wc -l) = $(($(ls z/$H/originals | wc -l) - 1)) &&
	ls z/$H/documents >zdocs &&
	ls w/$H/documents >wdocs &&
	test_cmp zdocs wdocs &&
	dossier-query -a shared.db -o json audit --action export >wa.json &&
	jq -e ".[-1].detail | test(\"withheld=1 \")" wa.json
'

test_expect_code 2 '-h prints the usage and exits 2' '
	dossier-export -h
'

test_done
