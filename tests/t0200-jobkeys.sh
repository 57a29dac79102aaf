#!/bin/bash
# t0200-jobkeys: the table of a job's keys (src/common/jobkey.c) agrees with
# dossier-spool(5), and every stage writes only keys of the table, with
# values of their types (DOSSIER_STRICT_KEYS)
. "$(dirname "$0")/lib.sh"

check="$SRCDIR/tools/check-jobkeys.sh"
page="$SRCDIR/man/man5/dossier-spool.5"

# exits_1 CMD...: CMD exits with status 1 (a problem found), not 0 or 3
exits_1() {
	"$@"
	test $? = 1
}

test_expect_success 'the table and dossier-spool(5) list the same keys' '
	"$check" >out 2>&1 || { cat out; exit 1; } &&
	test ! -s out
'

test_expect_success 'a key of the table missing from the page is reported' '
	sed "/^\.It Cm page\.K\.lang\$/d" "$page" >spool.5 &&
	exits_1 "$check" spool.5 >out &&
	grep -q "^page.N.lang: in jobkey.c, not in" out
'

test_expect_success 'a key of the page missing from the table is reported' '
	sed "s/^\.It Cm page\.K\.ocr_conf\$/.It Cm page.K.ocr_conf , page.K.bogus/" \
	    "$page" >spool.5 &&
	exits_1 "$check" spool.5 >out &&
	grep -q "^page.N.bogus: in the meta file keys of .*, not a job key" out
'

test_expect_success 'a key listed under another stage is reported' '
	awk "/^\.It Cm page\.K\.lang\$/ { skip = 1; next }
	    skip && /^\.It Cm / { skip = 0 }
	    skip && /^\.El/ { skip = 0 }
	    skip { next }
	    /^\.It Cm class_model\$/ { print \".It Cm page.K.lang\"; print \"x\" }
	    { print }" "$page" >spool.5 &&
	exits_1 "$check" spool.5 >out &&
	grep -q "^page.N.lang: written by ocr in jobkey.c, listed under classify" out
'

test_expect_success 'a batch key missing from the page is reported' '
	sed "s/^\.Cm skipped\$/.Cm skipping/" "$page" >spool.5 &&
	exits_1 "$check" spool.5 >out &&
	grep -q "^skipped: a batch key in jobkey.c, not in" out &&
	grep -q "^skipping: in the batch file keys" out
'

mkdir in
cp "$SAMPLES"/inbox/scan_20261121_0003.tif "$SAMPLES"/inbox/scan_20261121_0004.jpg in/

test_expect_success 'the whole chain writes only keys of the table (strict)' '
	DOSSIER_STRICT_KEYS=1 nightly -w 0 -b strict in >report 2>err ||
	{ cat err report; exit 1; } &&
	! grep -q panic err &&
	test $(jobs_in quarantine) = 0 &&
	test "$(sql "SELECT count(*) FROM document")" = 2
'

test_expect_success 'a key a stage does not know goes through it (strict)' '
	echo "Facture n° 12, montant 10 EUR" >p1.txt &&
	text_job classify J1 "x-custom=kept" p1.txt &&
	DOSSIER_STRICT_KEYS=1 dossier-classify >/dev/null 2>err ||
	{ cat err; exit 1; } &&
	grep -qx "x-custom=kept" "$DOSSIER_SPOOL"/tag/new/J1/meta &&
	grep -q "^class=" "$DOSSIER_SPOOL"/tag/new/J1/meta
'

test_done
