#!/bin/bash
# t5000-tag - dossier-tag: tags from the default tagset, validated
# identifiers and fields (national numbers, IBAN, NIR, dates, amounts,
# cover-sheet references); bounds and hostile input
# asan: yes
. "$(dirname "$0")/lib.sh"
umask 077

# mkjob ID CLASS LANG FILE...: a classified job waiting in tag/new with one
# page per FILE ("-" for a blank page); CLASS or LANG "" leaves it out
mkjob() {
	local id=$1 more=
	[ -z "$2" ] || more="class=$2"
	[ -z "$3" ] || more="${more:+$more
}lang=$3"
	shift 3
	text_job tag "$id" "$more" "$@"
}

# out ID FILE: a file of a tagged job (now waiting for load)
out() {
	cat "$DOSSIER_SPOOL/load/new/$1/$2"
}

meta() {
	sed -n "s/^$2=//p" "$DOSSIER_SPOOL/load/new/$1/meta"
}

# has ID PAGE KIND VALUE NORMALIZED VALID: that line is in the fields
has() {
	printf '%s\t%s\t%s\t%s\t%s\n' "$2" "$3" "$4" "$5" "$6" >want.line &&
	grep -qxF -f want.line "$DOSSIER_SPOOL/load/new/$1/fields" || {
		echo "missing field: $(cat want.line)"
		cat "$DOSSIER_SPOOL/load/new/$1/fields"
		return 1
	}
}

mkdir texts
cat >texts/payslip.txt <<'EOF'
Boulangerie Dupont SPRL
FICHE DE PAIE
Période : octobre 2026
Travailleur : Marie Dubois
N° registre national : 85.07.30-033.28
Salaire brut                       2.150,00 EUR
Précompte professionnel            -263,45 EUR
Net à payer                        € 1 605,54
Versé le 31/10/2026 sur le compte BE68 5390 0754 7034
EOF
cat >texts/ocr.txt <<'EOF'
INSZ 85 O7 3O O33 28 en 85073003328
Rijksregisternummer: 85.07.30-033.29
IBAN be68539007547034 en NL91 ABNA 0417 1643 00
rekening BE68 5390 0754 7035
Gent, 12 oktober 2024 - 1er janvier 2024 - 3 March 2025 - 31/02/2024
te betalen 876,13 EUR of EUR 12,50 of 1234.56 €
EOF
cat >texts/medical.txt <<'EOF'
CERTIFICAT MÉDICAL
Je soussignée, docteur en médecine, certifie avoir examiné Madame
Josiane Lemaire (NISS 64.05.19-186.41) et déclare que son état de santé
nécessite une incapacité de travail du 2 au 15 novembre 2026 inclus.
Diagnostic : lombalgie aiguë. Traitement en cours.
EOF
cat >texts/demeure.txt <<'EOF'
Huissier de justice Maître Lambert
MISE EN DEMEURE
Malgré nos rappels, la facture n° 2026-118 de 412,18 EUR reste impayée.
A défaut de paiement dans les huit jours, nous procéderons à la saisie.
EOF
cat >texts/nir.txt <<'EOF'
CAISSE D'ALLOCATIONS FAMILIALES
Numéro de sécurité sociale : 1 85 07 75 123 456 08
Conjoint : 2 90 06 2A 123 456 45
Enfant : 1 85 07 75 123 456 09
EOF
cat >texts/cover.txt <<'EOF'
DOSSIER:HH-2026-0003
Dossier HH-2026-0003
EOF
cat >texts/lease.txt <<'EOF'
CONTRAT DE BAIL
Le loyer mensuel est fixé à 750,00 EUR, le bail prend cours le 1er
décembre 2026. Coupure Links 233, 9000 Gent.
EOF

test_expect_success '-n checks the default tagset' '
	dossier-tag -n -t "$TAGSET" >out &&
	grep "^11 classes, 4 tags" out
'

test_expect_success 'tag a payslip' '
	mkjob J-pay payslip fra texts/payslip.txt &&
	dossier-tag -t "$TAGSET" >handed &&
	grep "^J-pay$" handed &&
	test $(jobs_in load/new) -eq 1
'

test_expect_success 'payslip: financial, period from the month named' '
	printf "sensitive:financial\t\nperiod\t2026-10\n" >expect &&
	out J-pay tags >actual &&
	test_cmp expect actual &&
	test "$(meta J-pay tags)" = 2
'

test_expect_success 'payslip: the fields, as found and normalised' '
	has J-pay 1 national_id 85.07.30-033.28 85073003328 1 &&
	has J-pay 1 iban "BE68 5390 0754 7034" BE68539007547034 1 &&
	has J-pay 1 date 31/10/2026 2026-10-31 1 &&
	has J-pay 1 amount "2.150,00 EUR" 2150.00 1 &&
	has J-pay 1 amount "-263,45 EUR" -263.45 1 &&
	has J-pay 1 amount "€ 1 605,54" 1605.54 1 &&
	test "$(meta J-pay fields)" = "$(out J-pay fields | wc -l)" &&
	test "$(meta J-pay fields)" = 6
'

test_expect_success 'OCR-damaged and invalid identifiers' '
	mkjob J-ocr other nld texts/ocr.txt &&
	dossier-tag -t "$TAGSET" --job J-ocr &&
	has J-ocr 1 national_id "85 O7 3O O33 28" 85073003328 1 &&
	has J-ocr 1 national_id 85.07.30-033.29 85073003329 0 &&
	has J-ocr 1 iban be68539007547034 BE68539007547034 1 &&
	has J-ocr 1 iban "NL91 ABNA 0417 1643 00" NL91ABNA0417164300 1 &&
	has J-ocr 1 iban "BE68 5390 0754 7035" BE68539007547035 0 &&
	has J-ocr 1 date "12 oktober 2024" 2024-10-12 1 &&
	has J-ocr 1 date "1er janvier 2024" 2024-01-01 1 &&
	has J-ocr 1 date "3 March 2025" 2025-03-03 1 &&
	has J-ocr 1 date 31/02/2024 2024-02-31 0 &&
	has J-ocr 1 amount "876,13 EUR" 876.13 1 &&
	has J-ocr 1 amount "EUR 12,50" 12.50 1 &&
	has J-ocr 1 amount "1234.56 €" 1234.56 1
'

test_expect_success 'the same number twice on a page is one field' '
	test $(out J-ocr fields | grep -c "	85073003328	") -eq 1
'

test_expect_success 'a medical certificate is sensitive:health' '
	mkjob J-med medical_certificate fra texts/medical.txt &&
	dossier-tag -t "$TAGSET" --job J-med &&
	printf "sensitive:health\t\n" >expect &&
	out J-med tags >actual &&
	test_cmp expect actual &&
	has J-med 1 national_id 64.05.19-186.41 64051918641 1
'

test_expect_success 'a formal notice is urgent' '
	mkjob J-urgent other fra texts/demeure.txt &&
	dossier-tag -t "$TAGSET" --job J-urgent &&
	out J-urgent tags | grep "^urgent	$" &&
	has J-urgent 1 amount "412,18 EUR" 412.18 1
'

test_expect_success 'a street called Coupure is not urgent' '
	mkjob J-lease lease fra texts/lease.txt &&
	dossier-tag -t "$TAGSET" --job J-lease &&
	test "$(meta J-lease tags)" = 0 &&
	test ! -s "$DOSSIER_SPOOL/load/new/J-lease/tags"
'

test_expect_success 'French NIR with its key, Corsica included' '
	mkjob J-nir other fra texts/nir.txt &&
	dossier-tag -t "$TAGSET" --job J-nir &&
	has J-nir 1 nir "1 85 07 75 123 456 08" 185077512345608 1 &&
	has J-nir 1 nir "2 90 06 2A 123 456 45" 290062A12345645 1 &&
	has J-nir 1 nir "1 85 07 75 123 456 09" 185077512345609 0 &&
	! out J-nir fields | grep national_id
'

test_expect_success 'a cover-sheet reference, as on the sheet only' '
	mkjob J-cover other "" texts/cover.txt &&
	dossier-tag -t "$TAGSET" --job J-cover &&
	has J-cover 1 dossier_ref DOSSIER:HH-2026-0003 HH-2026-0003 1 &&
	test "$(meta J-cover fields)" = 1
'

test_expect_success 'fields carry the page number; blank pages count' '
	mkjob J-multi payslip fra texts/cover.txt - texts/payslip.txt &&
	dossier-tag -t "$TAGSET" --job J-multi &&
	has J-multi 1 dossier_ref DOSSIER:HH-2026-0003 HH-2026-0003 1 &&
	has J-multi 3 national_id 85.07.30-033.28 85073003328 1 &&
	! out J-multi fields | grep "^2	"
'

test_expect_success 'a job without class or lang is tagged all the same' '
	mkjob J-bare "" "" texts/payslip.txt &&
	dossier-tag -t "$TAGSET" --job J-bare &&
	has J-bare 1 iban "BE68 5390 0754 7034" BE68539007547034 1 &&
	test "$(meta J-bare tags)" = 0
'

test_expect_success 'a job with 0 pages gets empty tags and fields' '
	mkjob J-zero other und &&
	dossier-tag -t "$TAGSET" --job J-zero &&
	test "$(meta J-zero tags)" = 0 && test "$(meta J-zero fields)" = 0 &&
	test -f "$DOSSIER_SPOOL/load/new/J-zero/tags" &&
	test ! -s "$DOSSIER_SPOOL/load/new/J-zero/fields"
'

test_expect_code 1 'a missing text file quarantines the job' '
	mkjob J-missing payslip fra texts/payslip.txt &&
	rm "$DOSSIER_SPOOL/tag/new/J-missing/p1.txt" &&
	dossier-tag -t "$TAGSET" --job J-missing
'

test_expect_success 'binary garbage: no crash, fields file is clean UTF-8' '
	{ head -c 200000 /dev/urandom && printf "\n\377IBAN BE68\3005390 0754 7034\n" &&
	  printf "85.07.30-033.28\tEUR\t12,50\n"; } >texts/garbage.txt &&
	mkjob J-garbage other und texts/garbage.txt &&
	dossier-tag -t "$TAGSET" --job J-garbage &&
	iconv -f UTF-8 -t UTF-8 "$DOSSIER_SPOOL/load/new/J-garbage/fields" >/dev/null &&
	awk -F"\t" "NF != 5 { exit 1 }" "$DOSSIER_SPOOL/load/new/J-garbage/fields" &&
	has J-garbage 1 national_id 85.07.30-033.28 85073003328 1
'

test_expect_success 'at most 10000 fields a document' '
	awk "BEGIN { for (i = 1; i <= 12000; i++) printf \"%d,00 EUR\n\", i }" \
	    >texts/many.txt &&
	mkjob J-many other und texts/many.txt &&
	dossier-tag -t "$TAGSET" --job J-many 2>err &&
	test "$(meta J-many fields)" = 10000 &&
	test $(out J-many fields | wc -l) -eq 10000 &&
	grep "more than 10000 fields" err
'

cat >bomb.tagset <<'EOF'
tagset "bomb" version 1
class x
	any "x"
tag bomb
	regex "(a+)+$"
tag capture
	value regex "(a|aa)+c"
	min 0
EOF
chmod 644 bomb.tagset

test_expect_success 'a catastrophic regex does not hang tag' '
	awk "BEGIN { while (i++ < 4000) printf \"aaaaaaaaaa\"; print \"!\" }" \
	    >texts/aaa.txt &&
	mkjob J-bomb other und texts/aaa.txt &&
	dossier-tag -t bomb.tagset --job J-bomb 2>err &&
	test "$(meta J-bomb tags)" = 0 &&
	grep "match limits" err
'

test_expect_code 3 'a tagset error: could not run' '
	printf "tagset x version 1\nclass a\n  any 5 \"x\" \"y\n" >bad.tagset &&
	chmod 644 bad.tagset &&
	dossier-tag -t bad.tagset 2>err
'

test_expect_success 'the error names file, line and column' '
	grep "bad.tagset:3:13: unterminated string" err
'

test_done
