#!/bin/bash
# t6100-registry: dossier-load --registry imports the household registry,
# changes nothing on a re-import, records moves with dates and audit rows,
# and reports bad rows as file:line
# asan: yes
. "$(dirname "$0")/lib.sh"

A=85073003328 B=90011512363 C=72030445684 D=01020378958
E=66060600183 F=55121200204
TODAY=$(date -u +%Y-%m-%d)
export USER=clerk1

count() {
	sql "SELECT count(*) FROM $1"
}

cat >reg1.csv <<EOF
household;national_id;surname;given_name;birth_date;address
H1;$A;Dupont;Marie;1985-07-30;Rue Haute 1, 1000 Bruxelles
H1;85.07.30-033.28;Dupont;Marie;1985-07-30;Rue Haute 1, 1000 Bruxelles
H1;$B;Dupont;Jean;1990-01-15;
H2;$C;Peeters;Jan;1972-03-04;Kerkstraat 2, 2000 Antwerpen
H3;$D;Janssens;An;2001-02-03;
EOF

test_expect_success 'import: households, persons, memberships, audit' '
	dossier-load -r reg1.csv 2>err &&
	test "$(count household)" = 3 && test "$(count person)" = 4 &&
	test "$(count member)" = 4 &&
	test "$(sql "SELECT count(*) FROM member
	    WHERE until IS NULL AND since = '"'$TODAY'"'")" = 4 &&
	test "$(sql "SELECT address FROM household WHERE ref = '"'H1'"'")" = \
	    "Rue Haute 1, 1000 Bruxelles" &&
	test "$(sql "SELECT surname, given_name, birth_date FROM person
	    WHERE national_id = '"'$D'"'")" = "Janssens|An|2001-02-03" &&
	test "$(sql "SELECT household_ref FROM v_member
	    WHERE national_id = '"'$B'"'")" = H1 &&
	test "$(sql "SELECT action, count(*) FROM audit GROUP BY 1
	    ORDER BY 1" | tr "\n" " ")" = \
	    "registry.household.add|3 registry.import|1 registry.person.add|4 " &&
	test "$(sql "SELECT DISTINCT actor FROM audit")" = clerk1 &&
	grep -q "4 persons\|persons: 4 added" err &&
	! grep -e $A -e Dupont err
'

test_expect_success 'the audit names ids, not persons' '
	! sql "SELECT detail FROM audit" | grep -e $A -e Dupont -e Haute
'

test_expect_success 're-importing the same file changes nothing' '
	before=$(sql "SELECT (SELECT count(*) FROM audit),
	    (SELECT count(*) FROM member), (SELECT max(updated_at) FROM person)") &&
	dossier-load -r reg1.csv 2>err &&
	test "$(sql "SELECT (SELECT count(*) FROM audit),
	    (SELECT count(*) FROM member), (SELECT max(updated_at) FROM person)")" = \
	    "$before" &&
	grep -q "persons: 0 added, 0 updated, 0 moved" err
'

sed -e "s/^H2;$C;Peeters;Jan/H1;$C;Peeters;Jan/" \
    -e "s/^H3;$D;Janssens;An/H3;$D;Janssens-Wouters;An/" \
    -e "s/^H3;\(.*\);\$/H3;\1;Markt 3, 3000 Leuven/" reg1.csv >reg2.csv

test_expect_success 'a move closes the old membership and opens a new one' '
	dossier-load -r reg2.csv 2>err &&
	pid=$(sql "SELECT id FROM person WHERE national_id = '"'$C'"'") &&
	test "$(sql "SELECT h.ref, m.since, quote(m.until) FROM member m
	    JOIN household h ON h.id = m.household_id WHERE person_id = $pid
	    ORDER BY m.id" | tr "\n" " ")" = \
	    "H2|$TODAY|'"'$TODAY'"' H1|$TODAY|NULL " &&
	test "$(sql "SELECT actor, detail FROM audit
	    WHERE action = '"'registry.move'"' AND object = '"'person:'"' || $pid")" = \
	    "clerk1|from=H2 to=H1 since=$TODAY" &&
	test "$(sql "SELECT household_ref FROM v_member
	    WHERE national_id = '"'$C'"'")" = H1
'

test_expect_success 'name and address changes are recorded' '
	test "$(sql "SELECT surname FROM person WHERE national_id = '"'$D'"'")" = \
	    Janssens-Wouters &&
	sql "SELECT detail FROM audit
	    WHERE action = '"'registry.person.update'"'" >detail &&
	grep -q "^changed=surname data_sha256=[0-9a-f]\{64\}\$" detail &&
	test "$(sql "SELECT address FROM household WHERE ref = '"'H3'"'")" = \
	    "Markt 3, 3000 Leuven" &&
	test "$(sql "SELECT count(*) FROM audit
	    WHERE action = '"'registry.household.update'"'")" = 1 &&
	test "$(sql "SELECT count(*) FROM audit
	    WHERE action = '"'registry.import'"'")" = 2
'

printf '%s\n' \
    'household;national_id;surname;given_name;birth_date;address' \
    "H4;$E;Martin;Luc;1966-06-06;" \
    "H4;85073003329;Martin;Bad;1966-06-06;" \
    "H4;1234;Martin;Short;1966-06-06;" \
    ";$F;Nobody;Home;1955-12-12;" \
    "H4;$F;Martin;Eve;1955-13-12;" \
    "H4;$F;;Eve;1955-12-12;" \
    "H4;\"$F\";Martin;Eve;1955-12-12;\"Rue Neuve 1" \
    "1000 Bruxelles\"" \
    "H5;$E;Other;Name;1966-06-06;" \
    "H4;$F" >bad.csv

test_expect_code 1 'invalid rows are refused, the others imported: exit 1' '
	dossier-load -r bad.csv 2>err
'

test_expect_success '... each refused row reported as file:line: reason' '
	grep -q "bad.csv:3: invalid national number (check digits)" err &&
	grep -q "bad.csv:4: national number is not 11 digits" err &&
	grep -q "bad.csv:5: no household" err &&
	grep -q "bad.csv:6: birth_date is not a date" err &&
	grep -q "bad.csv:7: no surname" err &&
	grep -q "bad.csv:10: national number already listed at line 2" err &&
	grep -q "bad.csv:11: missing columns" err &&
	test "$(grep -c "error: bad.csv:" err)" = 7 &&
	! grep -e $E -e $F -e Martin err &&
	test "$(sql "SELECT household_ref, given_name FROM v_member
	    WHERE national_id IN ('"'$E'"', '"'$F'"') ORDER BY 2" |
	    tr "\n" " ")" = "H4|Eve H4|Luc " &&
	test "$(sql "SELECT address FROM household WHERE ref = '"'H4'"'")" = \
	    "Rue Neuve 1
1000 Bruxelles"
'

printf '%s\n' \
    'household;national_id;surname;given_name;birth_date;address' \
    "H6;$A;Dupont;Marie;1985-07-30;" \
    "H6;$E;Martin;Luc;1966-06-06;" \
    "H1;$A;Dupont;Marie;1985-07-30;" >twohh.csv

test_expect_code 3 'a person listed in two households refuses the file' '
	before=$(sql "SELECT count(*) FROM audit") &&
	dossier-load -r twohh.csv 2>err
'

test_expect_success '... naming the lines, and nothing is imported' '
	grep -q "twohh.csv:4: person also listed in another household at line 2" err &&
	grep -q "registry .twohh.csv. refused: 1 line list" err &&
	test "$(sql "SELECT count(*) FROM household WHERE ref = '"'H6'"'")" = 0 &&
	test "$(sql "SELECT group_concat(household_ref) FROM v_member
	    WHERE national_id = '"'$A'"'")" = H1 &&
	! grep -e $A -e Dupont err
'

{
	printf '\357\273\277'
	printf '%s\r\n' \
	    'Address,Surname,"Given_Name",Household,National_ID,Birth_Date,Phone' \
	    '"Rue du Pont 5, 4000 Liège","O""Brien","Seán",H7,'"$F"',1955-12-12,"0470 12 34 56"' \
	    '"Rue du Pont 5, 4000 Liège",Dubois,Léa,"H7","'"$D"'",2001-02-03,'
} >comma.csv

test_expect_success 'comma separator, BOM, CRLF, quotes, any column order' '
	dossier-load -r comma.csv 2>err &&
	test "$(sql "SELECT surname, given_name FROM person
	    WHERE national_id = '"'$F'"'")" = "O\"Brien|Seán" &&
	test "$(sql "SELECT address FROM household WHERE ref = '"'H7'"'")" = \
	    "Rue du Pont 5, 4000 Liège" &&
	test "$(sql "SELECT group_concat(household_ref) FROM
	    (SELECT household_ref FROM v_member WHERE national_id = '"'$F'"'
	    ORDER BY 1)")" = "H7" &&
	test "$(sql "SELECT surname, household_ref FROM v_member
	    WHERE national_id = '"'$D'"'")" = "Dubois|H7"
'

test_expect_success 'persons moved out of H4 and H3 have closed memberships' '
	test "$(sql "SELECT count(*) FROM member m JOIN person p
	    ON p.id = m.person_id WHERE p.national_id IN ('"'$F'"', '"'$D'"')
	    AND until = '"'$TODAY'"'")" = 2 &&
	audit_moves=$(sql "SELECT count(*) FROM audit
	    WHERE action = '"'registry.move'"'") &&
	test "$audit_moves" = 3
'

printf '%s\n' \
    'household;national_id;surname;given_name;birth_date;address;since' \
    "H2;$C;Peeters;Jan;1972-03-04;;2026-06-01" \
    "H2;$E;Martin;Luc;1966-06-06;;2026-02-30" \
    "H2;$F;O\"Brien;Seán;1955-12-12;;2100-01-01" >since.csv

test_expect_code 1 'a since column dates a move; a bad or future date is refused' '
	dossier-load -r since.csv 2>err
'

test_expect_success '... the old membership ends, the new one starts that day' '
	grep -q "since.csv:3: since is not a date" err &&
	grep -q "since.csv:4: since is in the future" err &&
	pid=$(sql "SELECT id FROM person WHERE national_id = '"'$C'"'") &&
	test "$(sql "SELECT h.ref, m.since, ifnull(m.until, '"'-'"') FROM member m
	    JOIN household h ON h.id = m.household_id WHERE person_id = $pid
	    ORDER BY m.id DESC LIMIT 1")" = "H2|2026-06-01|-" &&
	test "$(sql "SELECT detail FROM audit WHERE action = '"'registry.move'"'
	    AND object = '"'person:'"' || $pid ORDER BY seq DESC LIMIT 1")" = \
	    "from=H1 to=H2 since=2026-06-01"
'

test_expect_success 'rows that are not UTF-8 are refused' '
	{
		echo "household;national_id;surname;given_name;birth_date;address" &&
		printf "H9;$E;Mart\\351n;Luc;1966-06-06;\\n" &&
		printf "H9;$E;Mart\\000n;Luc;1966-06-06;\\n"
	} >latin1.csv &&
	test $(wc -l <latin1.csv) = 3 &&
	{ dossier-load -r latin1.csv 2>err; test $? = 1; } &&
	grep -q "latin1.csv:2: not valid UTF-8" err &&
	grep -q "latin1.csv:3: not valid UTF-8" err &&
	test "$(sql "SELECT count(*) FROM household WHERE ref = '"'H9'"'")" = 0
'

test_expect_success 'a bad file is refused whole: exit 3, nothing changed' '
	before=$(sql "SELECT count(*) FROM audit") &&
	printf "household;surname\nH9;X\n" >nocol.csv &&
	: >empty.csv &&
	{ dossier-load -r nocol.csv 2>err; test $? = 3; } &&
	grep -q "nocol.csv:1: header has no column" err &&
	{ dossier-load -r empty.csv 2>err; test $? = 3; } &&
	grep -q "empty.csv: no header line" err &&
	{ dossier-load -r missing.csv 2>err; test $? = 3; } &&
	grep -q "cannot read registry .missing.csv." err &&
	printf "household;national_id;surname;given_name;birth_date\nH9;$E;X;Y;\n" \
	    >noaddr.csv &&
	{ dossier-load -r noaddr.csv 2>err; test $? = 3; } &&
	grep -q "header has no column .address." err &&
	test "$(sql "SELECT count(*) FROM audit")" = "$before"
'

test_expect_success 'an unterminated quote refuses the rest of the file' '
	printf "household;national_id;surname;given_name;birth_date;address\nH8;$E;\"Open;X;;\nH8;$F;Y;Z;;\n" >quote.csv &&
	{ dossier-load -r quote.csv 2>err; test $? = 1; } &&
	grep -q "quote.csv:2: quoted field does not end" err &&
	test "$(sql "SELECT count(*) FROM household WHERE ref = '"'H8'"'")" = 0
'

test_expect_success '-n -r checks the file and writes nothing' '
	before=$(sql "SELECT count(*) FROM audit") &&
	{ dossier-load -n -r bad.csv >out 2>err; test $? = 1; } &&
	grep -q "^registry: bad.csv (2 rows, 7 rejected)" out &&
	grep -q "^archive: .*(schema version 7)" out &&
	test "$(sql "SELECT count(*) FROM audit")" = "$before"
'

test_expect_success 'the audit chain of all these imports is intact' '
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
