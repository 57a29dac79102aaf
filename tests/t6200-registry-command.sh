#!/bin/bash
# t6200-registry-command: dossier-registry imports the registry as
# dossier-load -r does, checks without writing (-n), refuses the rows and
# numbers the tag stage would refuse, and keeps the exit codes of SPEC §2
# asan: yes
. "$(dirname "$0")/lib.sh"

A=85073003328 B=90011512363 C=72030445684
# mod 97 holds but the serial 999 does not: no person's number
BAD=85073099932
export USER=clerk2

cat >reg.csv <<EOF
household,national_id,surname,given_name,birth_date,address
H1,$A,Dupont,Marie,1985-07-30,"Rue Haute 1, 1000 Bruxelles"
H1,$B,Dupont,Jean,1990-01-15,
H2,$C,Peeters,Jan,1972-03-04,Kerkstraat 2
EOF

test_expect_success 'import with , separators and a quoted address' '
	dossier-registry reg.csv 2>err &&
	test "$(sql "SELECT count(*) FROM person")" = 3 &&
	test "$(sql "SELECT address FROM household WHERE ref = '"'H1'"'")" = \
	    "Rue Haute 1, 1000 Bruxelles" &&
	test "$(sql "SELECT DISTINCT actor FROM audit")" = clerk2 &&
	grep -q "3 rows, 0 rejected" err &&
	test "$(stat -c %a "$DOSSIER_ARCHIVE")" = 600
'

test_expect_success 'the same file again changes nothing' '
	before=$(sql "SELECT count(*) FROM audit") &&
	dossier-registry reg.csv 2>err &&
	test "$(sql "SELECT count(*) FROM audit")" = "$before"
'

test_expect_success 'dossier-load -r runs the same import' '
	dossier-load -a load.db -r reg.csv 2>err >/dev/null &&
	test "$(sqlite3 load.db "SELECT national_id FROM person ORDER BY 1")" = \
	    "$(sql "SELECT national_id FROM person ORDER BY 1")"
'

cat >bad.csv <<EOF
household;national_id;surname;given_name;birth_date;address
H3;$BAD;Martin;Luc;1985-07-30;
H3;$A;Dupont;Marie;1985-02-30;
H4;$C;Peeters;Jan;1972-03-04;
EOF

test_expect_code 1 'rows the tag stage would refuse are refused, the rest imported' '
	dossier-registry -a bad.db bad.csv 2>err
'

test_expect_success '... named by line, without personal data' '
	grep -q "bad.csv:2: invalid national number" err &&
	grep -q "bad.csv:3: birth_date is not a date" err &&
	! grep -e $BAD -e Martin -e Dupont err &&
	test "$(sqlite3 bad.db "SELECT count(*) FROM person")" = 1
'

test_expect_code 1 '-n checks the file without an archive' '
	dossier-registry -n -a none.db bad.csv >out 2>err
'

test_expect_success '... and creates nothing' '
	grep -q "2 rejected" out && test ! -e none.db
'

test_expect_code 3 'a file without the columns is not imported at all' '
	printf "a;b\n1;2\n" >nocol.csv &&
	dossier-registry -a nocol.db nocol.csv 2>err
'

test_expect_success '... and says which column is missing' '
	grep -q "nocol.csv:1: header has no column .household." err
'

test_expect_code 2 'no file is a usage error' '
	dossier-registry
'

test_expect_code 2 'two files are a usage error' '
	dossier-registry reg.csv reg.csv
'

test_expect_success 'a registry others may write is refused: it steers filing' '
	cp reg.csv open.csv && chmod 664 open.csv &&
	n=$(sql "SELECT count(*) FROM audit") &&
	test_must_fail dossier-registry open.csv 2>err &&
	grep -q "writable by group or others; refusing it" err &&
	test "$(sql "SELECT count(*) FROM audit")" = "$n" &&
	chmod 644 open.csv && dossier-registry open.csv 2>err
'

test_expect_success '--version' '
	dossier-registry --version 2>&1 | grep -q "dossier"
'

test_done
