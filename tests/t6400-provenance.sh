#!/bin/bash
# t6400-provenance: every stage records its real settings (engine and
# model versions, languages, tagset digest, cleanup thresholds) and
# dossier-load keeps one provenance row per distinct set of them
. "$(dirname "$0")/lib.sh"

mkdir in in2
cp "$SAMPLES"/inbox/scan_20261121_0001.png "$SAMPLES"/inbox/scan_20261121_0003.tif in/
cp "$SAMPLES"/inbox/scan_20261121_0002.png in2/
# a tagset that differs from the default by one comment line
cp "$TAGSET" other.tagset && echo "# another tagset" >>other.tagset &&
chmod go-w other.tagset || exit 1
# the directory of the French model, given to the engine by name
tessdata=$(dirname "$(find /usr/share/tesseract-ocr /usr/share/tessdata \
    -name fra.traineddata 2>/dev/null | head -n 1)")

# word STAGE KEY: the value of KEY= in STAGE's line of the only
# provenance row of document $DOC
word() {
	sql "SELECT p.settings FROM provenance p JOIN document d
	    ON d.provenance_id = p.id WHERE d.id = $DOC" |
	    awk -v s="$1" -v k="$2" '$1 == s {
		for (i = 2; i <= NF; i++)
			if (index($i, k "=") == 1) print substr($i, length(k) + 2)
	    }'
}

test_expect_success 'the chain files two documents' '
	test -f "$tessdata/fra.traineddata" &&
	dossier-ingest -w 0 -b B1 in >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr --tessdata "$tessdata" -l fra+eng >/dev/null &&
	dossier-classify >/dev/null && dossier-tag >/dev/null &&
	dossier-load >/dev/null &&
	test "$(sql "SELECT count(*) FROM document")" = 2
'
DOC=$(sql "SELECT min(id) FROM document")

test_expect_success 'one provenance row for the two: the same settings' '
	test "$(sql "SELECT count(*) FROM provenance")" = 1 &&
	test "$(sql "SELECT count(DISTINCT provenance_id) FROM document
	    WHERE provenance_id IS NOT NULL")" = 1
'

test_expect_success 'every stage has its line, in chain order' '
	sql "SELECT settings FROM provenance" | cut -d" " -f1 >stages &&
	printf "%s\n" ingest deskew ocr classify tag load >want &&
	test_cmp want stages
'

test_expect_success 'ingest: the program and its decoders' '
	test "$(word ingest version)" = "$(dossier-ingest --version | awk "{print \$NF}")" &&
	word ingest mupdf | grep -Eq "^[0-9]+\.[0-9]+" &&
	word ingest libarchive | grep -Eq "^[0-9]+\.[0-9]+"
'

test_expect_success 'deskew: the image library and the cleanup thresholds' '
	word deskew leptonica | grep -Eq "^[0-9]+\.[0-9]+" &&
	test "$(word deskew sweep)" = 15 &&
	test "$(word deskew blank_max)" = 0.0001 &&
	test "$(word deskew low_dpi)" = 200
'

test_expect_success 'ocr: the engine version, the languages, the models' '
	tv=$(tesseract --version 2>&1 | head -n 1 | awk "{print \$2}") &&
	test -n "$tv" &&
	test "$(word ocr tesseract)" = "$tv" &&
	test "$(word ocr langs)" = fra+eng &&
	test "$(word ocr model.fra)" = "$(sha256sum <"$tessdata/fra.traineddata" | cut -c1-64)" &&
	test "$(word ocr model.eng)" = "$(sha256sum <"$tessdata/eng.traineddata" | cut -c1-64)" &&
	test -z "$(word ocr model.nld)" &&
	test "$(word ocr max_mpx)" = 36 && test "$(word ocr budget)" = 10 &&
	test "$(word ocr invert)" = dark &&
	test "$(word ocr omp_threads)" = 1
'

test_expect_success 'classify and tag: the tagset digest of its bytes' '
	sha=$(sha256sum <"$TAGSET" | cut -c1-64) &&
	test "$(word classify tagset_sha256)" = "$sha" &&
	test "$(word tag tagset_sha256)" = "$sha" &&
	test "$(word tag tagset)" = default.tagset &&
	test "$(word classify model)" = none
'

test_expect_success 'another tagset makes another provenance row' '
	dossier-ingest -w 0 -b B2 in2 >/dev/null && dossier-deskew >/dev/null &&
	dossier-ocr --tessdata "$tessdata" -l fra+eng >/dev/null &&
	dossier-classify -t other.tagset >/dev/null &&
	dossier-tag -t other.tagset >/dev/null && dossier-load >/dev/null &&
	test "$(sql "SELECT count(*) FROM provenance")" = 2 &&
	DOC=$(sql "SELECT id FROM document WHERE batch_id = \"B2\"") &&
	sha=$(sha256sum <other.tagset | cut -c1-64) &&
	test "$(word classify tagset_sha256)" = "$sha" &&
	test "$(word tag tagset_sha256)" = "$sha" &&
	test "$(word tag tagset)" = other.tagset
'

test_expect_success 'dossier-query document shows the settings' '
	dossier-query -o json document "$DOC" >d.json &&
	jq -e "[.settings[] | select(.stage == \"ocr\") | .settings |
	    test(\"tesseract=\")] == [true]" d.json
'

test_done
