#!/bin/bash
# t1200-ingest-archive: zip, tar, tar.gz, tar.bz2, 7z inputs: one job per
# image or PDF member, the archive kept once; names, nesting, bombs, links
# asan: yes
. "$(dirname "$0")/lib.sh"

if ! command -v bsdtar >/dev/null; then
	test_skip "bsdtar (libarchive-tools) missing"
	test_done
fi

# meta_of FILE: the meta of the job (deskew/new or quarantine) whose
# source_file is FILE
meta_of() {
	grep -lx "source_file=$1" "$DOSSIER_SPOOL"/deskew/new/*/meta \
	    "$DOSSIER_SPOOL"/quarantine/*/meta 2>/dev/null
	return 0
}
# bval BATCH KEY: KEY of the batch record
bval() {
	sed -n "s/^$2=//p" "$DOSSIER_SPOOL/batch/$1/meta"
}
# mkzip ZIP NAME=FILE...: a zip whose members NAME hold the bytes of FILE
# (any NAME, even "../x" or "/x", as a hostile tool would write it)
mkzip() {
	local zip=$1 arg i=0 stage=stage.$$
	local -a subst names
	shift
	rm -rf $stage && mkdir $stage || return 1
	for arg; do
		i=$((i + 1))
		cp "${arg#*=}" $stage/m$i || return 1
		subst+=(-s ",^m$i\$,${arg%%=*},")
		names+=(m$i)
	done
	bsdtar --format zip -P "${subst[@]}" -cf "$zip" -C $stage "${names[@]}" &&
	rm -rf $stage
}

mkdir -p src/sub in
cp "$SAMPLES"/inbox/scan_20261121_0001.png src/a.png
cp "$SAMPLES"/inbox/scan_20261121_0003.tif src/sub/b.tif
echo "not a scan" >src/notes.txt
(cd src && bsdtar -a -cf ../in/export.zip a.png sub/b.tif notes.txt)
zsha=$(sha256sum in/export.zip | cut -d" " -f1)

test_expect_success 'a zip: one job per image member, text skipped' '
	dossier-ingest -w 0 -b Z1 in >ids 2>err &&
	test $(wc -l <ids) = 2 &&
	test $(jobs_in deskew/new) = 2 &&
	grep -q "export.zip:notes.txt.*not an image or a PDF, skipped" err &&
	m=$(meta_of export.zip:sub/b.tif) && test -n "$m" &&
	grep -qx "member=sub/b.tif" "$m" &&
	grep -qx "container_sha256=$zsha" "$m" &&
	grep -qx "container_file=export.zip" "$m" &&
	grep -qx "container_size=$(wc -c <in/export.zip)" "$m" &&
	grep -qx "source_sha256=$(sha256sum src/sub/b.tif | cut -d" " -f1)" "$m" &&
	grep -qx "size=$(wc -c <src/sub/b.tif)" "$m" &&
	grep -qx "pages=3" "$m" &&
	grep -qx "media_type=image/tiff" "$m" &&
	cmp src/sub/b.tif "$(dirname "$m")/source"
'

test_expect_success 'the archive is copied once, hard-linked into each job' '
	a=$(dirname "$(meta_of export.zip:a.png)")/container &&
	b=$(dirname "$(meta_of export.zip:sub/b.tif)")/container &&
	cmp in/export.zip "$a" &&
	test "$(stat -c %i "$a")" = "$(stat -c %i "$b")" &&
	test "$(stat -c %h "$a")" = 2
'

test_expect_success 'the batch counts the archive as one file, its pages' '
	test "$(bval Z1 files)" = 1 &&
	test "$(bval Z1 pages_in)" = 4 &&
	test "$(bval Z1 quarantined_at_ingest)" = 0
'

test_expect_success 'the same archive again is a duplicate as a whole' '
	cp in/export.zip again.zip &&
	dossier-ingest -w 0 -b Z2 again.zip >ids2 2>err2 &&
	test ! -s ids2 &&
	grep -q "again.zip.: duplicate: same content as job" err2 &&
	test "$(bval Z2 duplicates)" = 1
'

test_expect_success 'a member already ingested is a duplicate, the others not' '
	cp "$SAMPLES"/inbox/scan_20261121_0002.png src/c.png &&
	mkzip more.zip x/a.png=src/a.png c.png=src/c.png c2.png=src/c.png &&
	dossier-ingest -w 0 -b Z3 more.zip >ids3 2>err3 &&
	test $(wc -l <ids3) = 1 &&
	grep -q "more.zip:x/a.png.: duplicate" err3 &&
	grep -q "more.zip:c2.png.: duplicate: same content as member .c.png." err3 &&
	test "$(bval Z3 duplicates)" = 2 &&
	test "$(bval Z3 pages_in)" = 1
'

# each format in a spool of its own: the same members would be duplicates
for fmt in tar tar.gz tar.bz2 7z; do
	test_expect_success "a $fmt archive" '
		case '$fmt' in
		7z) (cd src && bsdtar --format 7zip -cf ../x.'$fmt' a.png sub) ;;
		*) (cd src && bsdtar -a -cf ../x.'$fmt' a.png sub) ;;
		esac &&
		mv x.'$fmt' data.bin &&
		dossier-ingest -s sp-'$fmt' -w 0 -b F data.bin >ids 2>err &&
		test $(wc -l <ids) = 2 &&
		grep -lx "source_file=data.bin:sub/b.tif" sp-'$fmt'/deskew/new/*/meta &&
		grep -qx "pages_in=4" sp-'$fmt'/batch/F/meta
	'
done

test_expect_success 'member names in CP437 become UTF-8' '
	# the names as a DOS tool writes them: CP437, no UTF-8 flag
	cp src/c.png "Übersicht été.png" &&
	LC_ALL=C.UTF-8 bsdtar --format zip --options zip:hdrcharset=CP437 \
	    -cf cp.zip "Übersicht été.png" &&
	grep -qa "$(printf "\232bersicht \202t\202")" cp.zip &&
	dossier-ingest -s sp-cp -w 0 cp.zip >ids 2>err &&
	grep -qx "member=Übersicht été.png" sp-cp/deskew/new/*/meta
'

# a name with control characters, C1 among them (U+009B is a CSI: an
# escape sequence to a terminal that shows the report or the log)
test_expect_success 'control characters in member names become ?' '
	mkzip ctl.zip "$(printf "a\302\233\061mb\tc.png")=src/c.png" &&
	dossier-ingest -s sp-ctl -w 0 ctl.zip >ids 2>err &&
	grep -qx "source_file=ctl.zip:a?1mb?c.png" sp-ctl/deskew/new/*/meta
'

test_expect_success 'traversal and absolute names only go into the meta' '
	cp "$SAMPLES"/inbox/scan_20261121_0006.png src/d.png &&
	mkzip trav.zip ../../evil.png=src/d.png /abs/evil2.png=src/c.png \
	    "a/../../evil3.png=src/a.png" &&
	dossier-ingest -s sp-trav -w 0 trav.zip >ids 2>err &&
	test $(wc -l <ids) = 3 &&
	grep -qx "member=../../evil.png" sp-trav/deskew/new/*/meta &&
	grep -qx "source_file=trav.zip:/abs/evil2.png" sp-trav/deskew/new/*/meta &&
	test -z "$(find "$TRASH/.." "/abs" -maxdepth 3 -name "evil*" 2>/dev/null)"
'

test_expect_success 'symbolic and hard link members are never followed' '
	mkdir lk &&
	cp src/d.png lk/d.png && ln lk/d.png lk/h.png &&
	ln -s /etc/passwd lk/l.png && ln -s ../../../etc/shadow lk/up.png &&
	bsdtar -cf links.tar -C lk d.png h.png l.png up.png &&
	dossier-ingest -s sp-links -w 0 links.tar >ids 2>err &&
	test $(wc -l <ids) = 1 &&
	grep -q "links.tar:l.png.: symbolic link, not followed" err &&
	grep -q "links.tar:h.png.: hard link, not followed" err &&
	bsdtar -cf onlylinks.tar -C lk l.png &&
	test_must_fail dossier-ingest -s sp-links -w 0 onlylinks.tar 2>err &&
	grep -q "no image or PDF among its members (1 skipped, first .l.png.: symbolic link, not followed)" err
'

test_expect_success 'nested archives: OUTER:INNER:MEMBER, container the outer' '
	mkdir -p n1 && cp src/d.png n1/deep.png &&
	(cd n1 && bsdtar -czf ../inner.tar.gz deep.png) &&
	mkzip outer.zip docs/inner.tar.gz=inner.tar.gz &&
	dossier-ingest -s sp-nest -w 0 outer.zip >ids 2>err &&
	test $(wc -l <ids) = 1 &&
	m=$(grep -lx "source_file=outer.zip:docs/inner.tar.gz:deep.png" sp-nest/deskew/new/*/meta) &&
	grep -qx "member=docs/inner.tar.gz:deep.png" "$m" &&
	grep -qx "container_sha256=$(sha256sum outer.zip | cut -d" " -f1)" "$m" &&
	cmp outer.zip "$(dirname "$m")/container"
'

test_expect_success 'a corrupt archive inside a sound one is one skipped member' '
	head -c 3000 outer.zip >part.zip &&
	cp "$SAMPLES"/inbox/scan_20261121_0008.png src/e.png &&
	mkzip holds-part.zip part.zip=part.zip e.png=src/e.png &&
	dossier-ingest -s sp-part -w 0 holds-part.zip >ids 2>err &&
	test $(wc -l <ids) = 1 &&
	grep -q "holds-part.zip:part.zip.: corrupt or truncated archive: member .part.zip:docs/inner.tar.gz.: .*, skipped" err &&
	grep -lx "source_file=holds-part.zip:e.png" sp-part/deskew/new/*/meta
'

test_expect_success 'nesting deeper than 3 archives is skipped with a note' '
	mkzip l3.zip inner.tar.gz=inner.tar.gz &&
	mkzip l2.zip l3.zip=l3.zip &&
	mkzip l1.zip l2.zip=l2.zip &&
	test_must_fail dossier-ingest -s sp-deep -w 0 l1.zip 2>err &&
	grep -q "l1.zip:l2.zip:l3.zip:inner.tar.gz.: an archive nested more than 3 deep, skipped" err &&
	test "$(ls sp-deep/quarantine | wc -l)" = 1
'

test_expect_success 'a zip bomb is quarantined whole, nothing queued' '
	(printf "\211PNG\r\n\032\n" && head -c 40000000 /dev/zero) >bomb.png &&
	mkzip bomb.zip a.png=src/d.png bomb.png=bomb.png &&
	rm bomb.png &&
	test $(wc -c <bomb.zip) -lt 200000 &&
	test_must_fail dossier-ingest -s sp-bomb -w 0 -b B bomb.zip >ids 2>err &&
	test ! -s ids &&
	grep -q "bomb.zip.: expands to more than 200 times its size" err &&
	test "$(ls sp-bomb/quarantine | wc -l)" = 1 &&
	test "$(ls sp-bomb/deskew/new | wc -l)" = 0 &&
	test "$(ls -A sp-bomb/ingest/cur)" = "" &&
	grep -qx "quarantined_at_ingest=1" sp-bomb/batch/B/meta &&
	grep -qx "pages_in=1" sp-bomb/batch/B/meta
'

test_expect_success 'a tar.gz bomb of skipped members is stopped too' '
	head -c 40000000 /dev/zero >zeros.txt &&
	bsdtar -czf tbomb.tar.gz zeros.txt && rm zeros.txt &&
	test_must_fail dossier-ingest -s sp-bomb -w 0 tbomb.tar.gz 2>err &&
	grep -q "expands to more than 200 times its size" err
'

test_expect_success 'a 7z bomb in a skipped member is stopped too' '
	head -c 40000000 /dev/zero >zeros.txt &&
	bsdtar --format 7zip -cf bomb.7z zeros.txt -C src a.png && rm zeros.txt &&
	test_must_fail dossier-ingest -s sp-bomb -w 0 bomb.7z >ids 2>err &&
	test ! -s ids &&
	grep -q "bomb.7z.: expands to more than 200 times its size (an archive bomb)" err
'

test_expect_success 'the expanded size is bounded by --max-size' '
	(printf "\211PNG\r\n\032\n" && head -c 500000 /dev/zero) >big.png &&
	mkzip big.zip big.png=big.png &&
	test_must_fail dossier-ingest -s sp-max -w 0 --max-size 100000 \
	    big.zip 2>err &&
	grep -q "expands to more than 100000 bytes (the size limit)" err
'

test_expect_success 'more than 10000 entries is refused' '
	mkdir many &&
	(cd many && seq -f "f%g.txt" 10001 | xargs touch) &&
	bsdtar --format zip -cf many.zip -C many . &&
	test_must_fail dossier-ingest -s sp-many -w 0 many.zip 2>err &&
	grep -q "more than 10000 entries" err
'

test_expect_success 'corrupt and truncated archives: quarantined, the batch goes on' '
	mkdir -p bad &&
	head -c 30000 in/export.zip >bad/1-truncated.zip &&
	bsdtar -czf whole.tar.gz -C src a.png sub &&
	head -c 20000 whole.tar.gz >bad/2-truncated.tar.gz &&
	(printf "PK\003\004" && head -c 3000 /dev/urandom) >bad/3-garbage.zip &&
	printf "\037\213garbage" >bad/4-garbage.gz &&
	cp src/d.png bad/5-plain.png &&
	test_must_fail dossier-ingest -s sp-bad -w 0 -b C bad >ids 2>err &&
	test $(wc -l <ids) = 1 &&
	test "$(ls sp-bad/quarantine | wc -l)" = 4 &&
	grep -q "1-truncated.zip.: corrupt or truncated archive: member .a.png.: " err &&
	grep -q "2-truncated.tar.gz.: unreadable archive: truncated gzip input" err &&
	grep -q "3-garbage.zip.: corrupt or truncated archive after 0 entries" err &&
	grep -qx "files=5" sp-bad/batch/C/meta &&
	grep -qx "quarantined_at_ingest=4" sp-bad/batch/C/meta
'

test_expect_success 'encrypted members are skipped, said so' '
	bsdtar --format zip --options zip:encryption=zipcrypt \
	    --passphrase secret -cf enc.zip -C src a.png &&
	test_must_fail dossier-ingest -s sp-enc -w 0 enc.zip >ids 2>err &&
	test ! -s ids &&
	grep -q "enc.zip.: no image or PDF among its members (1 skipped, first .a.png.: password-protected)" err
'

test_expect_success 'an office document (a zip) is not an archive of scans' '
	mkzip doc.docx "[Content_Types].xml=src/notes.txt" word/media/i.png=src/d.png &&
	test_must_fail dossier-ingest -s sp-office -w 0 doc.docx >ids 2>err &&
	test ! -s ids &&
	mkzip holds-doc.zip doc.docx=doc.docx &&
	test_must_fail dossier-ingest -s sp-office -w 0 holds-doc.zip 2>err &&
	grep -q "holds-doc.zip:doc.docx.: an office document, not a scan" err
'

test_expect_success 'the chain to load: one source row for the archive' '
	dossier-deskew </dev/null >/dev/null 2>err &&
	dossier-ocr </dev/null >/dev/null 2>>err &&
	dossier-classify </dev/null >/dev/null 2>>err &&
	dossier-tag </dev/null >/dev/null 2>>err &&
	dossier-load </dev/null >/dev/null 2>>err &&
	test "$(sql "SELECT count(*), media_type, file_name FROM source
	    WHERE sha256 = '"'$zsha'"'")" = "1|application/zip|export.zip" &&
	test "$(sql "SELECT group_concat(member, \" \") FROM
	    (SELECT member FROM source WHERE container_sha256 = '"'$zsha'"'
	    ORDER BY member)")" = "a.png sub/b.tif" &&
	test "$(sql "SELECT source_file FROM document ORDER BY source_file")" = \
	    "$(printf "export.zip:a.png\nexport.zip:sub/b.tif\nmore.zip:c.png")" &&
	test "$(sql "SELECT count(*) FROM page")" = 5
'

# the field archives: PROVENANCE.txt of each folder says where they are from
F=$CORPUS/field
if ! [ -d "$F/mayan-edms" ]; then
	test_skip "the field corpus is absent"
	test_done
fi

test_expect_success 'field: mayan-edms names in UTF-8 and legacy encodings' '
	test_must_fail dossier-ingest -s sp-mayan -w 0 -b M \
	    "$F"/mayan-edms/common "$F/mayan-edms/documents/I18N_title_áéíóúüñÑ.png.zip" \
	    >ids 2>err &&
	grep -qx "member=I18N_title_áéíóúüñÑ.png" sp-mayan/deskew/new/*/meta &&
	grep -q "test_file_spé©íáø_©hárß.txt.: not an image or a PDF, skipped" err &&
	grep -q "test_archvive_with_cp437_member.zip:╜╠╩ª╜┌┐∞└╓.docx.: an office document, not a scan" err &&
	for f in sp-mayan/deskew/new/*/meta sp-mayan/quarantine/*/meta; do
		iconv -f UTF-8 -t UTF-8 "$f" >/dev/null || return 1
	done
'

# field_run NAME FILE...: ingest FILE into spool sp-NAME, then print "NAME:
# files in, documents, pages, quarantined by reason"
field_run() {
	local name=$1 sp=sp-field-$1
	shift
	dossier-ingest -s $sp -w 0 -b F "$@" >/dev/null 2>/dev/null
	printf "%s: %s files in, %s documents, %s pages in, quarantined: %s\n" \
	    "$name" "$(sed -n "s/^files=//p" $sp/batch/F/meta)" \
	    "$(ls $sp/deskew/new | wc -l)" \
	    "$(sed -n "s/^pages_in=//p" $sp/batch/F/meta)" \
	    "$(for q in $sp/quarantine/*/error; do
		[ -f "$q" ] && sed -n "s/^reason=//p" "$q" | sed "s/[(:].*//"
	    done | sort | uniq -c | sed "s/^ *//" | paste -sd ";")"
}

test_expect_success 'field: every archive ends as documents or quarantined' '
	field_run docspell "$F"/docspell/*.zip >field.txt &&
	field_run mayan-edms "$F"/mayan-edms/common/*.zip \
	    "$F"/mayan-edms/common/*.tar* "$F"/mayan-edms/documents/*.zip \
	    >>field.txt &&
	field_run paperless-ngx "$F"/paperless-ngx/documents-samples/simple.zip \
	    >>field.txt &&
	cat field.txt &&
	grep -q "^docspell: 3 files in, 1 documents, .*2 no image or PDF" field.txt &&
	grep -q "^mayan-edms: 8 files in, 3 documents, .*6 no image or PDF" field.txt &&
	grep -q "^paperless-ngx: 1 files in, 1 documents, " field.txt
'
cat field.txt 2>/dev/null | sed "s/^/# /"

test_expect_success 'field: the archives through the chain to load' '
	export DOSSIER_SPOOL=$PWD/sp-fchain DOSSIER_ARCHIVE=$PWD/field.db &&
	test_must_fail dossier-ingest -w 0 -b FC "$F"/docspell/*.zip \
	    "$F"/mayan-edms/common/*.zip "$F"/mayan-edms/common/*.tar* \
	    "$F"/mayan-edms/documents/*.zip \
	    "$F"/paperless-ngx/documents-samples/simple.zip >/dev/null 2>err &&
	dossier-deskew </dev/null >/dev/null 2>err &&
	dossier-ocr </dev/null >/dev/null 2>>err &&
	dossier-classify </dev/null >/dev/null 2>>err &&
	dossier-tag </dev/null >/dev/null 2>>err &&
	dossier-load </dev/null >/dev/null 2>>err &&
	sql "SELECT d.source_file || \" \" || count(p.id) FROM document d
	    JOIN page p ON p.document_id = d.id GROUP BY d.id
	    ORDER BY d.source_file" >docs &&
	printf "%s\n" "I18N_title_áéíóúüñÑ.png.zip:I18N_title_áéíóúüñÑ.png 1" \
	    "compressed_documents.zip:first document.pdf 1" \
	    "compressed_documents.zip:second document.pdf 2" \
	    "letters.zip:letter-de.pdf 1" "simple.zip:simple.pdf 1" >want &&
	test_cmp want docs &&
	test "$(sql "SELECT count(*) FROM source
	    WHERE media_type = '"'application/zip'"'")" = 4 &&
	test "$(ls sp-fchain/quarantine | wc -l)" = 8
'

test_done
