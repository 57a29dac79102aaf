#!/bin/bash
# t4000-classify - dossier-classify: classes, scores and languages of
# French, Dutch and English documents with the default tagset; bad jobs
# and hostile tagsets
# asan: yes
. "$(dirname "$0")/lib.sh"
umask 077

# mkjob STAGE ID FILE...: a job waiting in STAGE/new with one page per FILE
# ("-" for a blank page without text)
mkjob() {
	local stage=$1 id=$2
	shift 2
	text_job "$stage" "$id" "" "$@"
}

# meta ID KEY: a key of a classified job (now waiting for tag)
meta() {
	sed -n "s/^$2=//p" "$DOSSIER_SPOOL/tag/new/$1/meta"
}

# expect ID CLASS LANG: class and language as wanted, score above 0.5
expect() {
	local c l s
	c=$(meta "$1" class) l=$(meta "$1" lang) s=$(meta "$1" class_score)
	echo "$1: class=$c lang=$l score=$s rules=$(meta "$1" class_rules)"
	[ "$c" = "$2" ] && [ "$l" = "$3" ] &&
	awk -v s="$s" 'BEGIN { exit !(s > 0.5 && s <= 1) }'
}

mkdir texts
cat >texts/income_fr.txt <<'EOF'
CPAS de Schaerbeek
Centre public d'action sociale
Boulevard Auguste Reyers 70, 1030 Schaerbeek
Schaerbeek, le 14 octobre 2026
ATTESTATION DE REVENUS
Le Centre public d'action sociale de Schaerbeek certifie que Madame
Amina Haddad, née le 3 mars 1990, numéro de registre national
90.03.03-123.45, bénéficie du revenu d'intégration sociale au taux
isolé depuis le 1er janvier 2026.
Montant mensuel : 1.264,18 EUR
La présente attestation est délivrée pour servir et valoir ce que de droit.
Pour le Conseil de l'action sociale,
EOF
cat >texts/income_nl.txt <<'EOF'
OCMW Leuven
Sociale dienst
Leuven, 20 oktober 2026
INKOMENSATTEST
Het OCMW van Leuven verklaart dat de heer Tom Claes sinds 1 februari
2026 een leefloon ontvangt als alleenstaande.
Maandelijks bedrag: 1.264,18 EUR
Dit attest wordt afgeleverd op vraag van de betrokkene.
EOF
cat >texts/payslip_fr.txt <<'EOF'
Boulangerie Dupont SPRL
Rue Haute 12, 1000 Bruxelles
FICHE DE PAIE
Période : octobre 2026
Travailleur : Marie Dubois    Commission paritaire 118
Salaire brut                       2.150,00 EUR
Cotisations ONSS 13,07 %            -281,01 EUR
Précompte professionnel            -263,45 EUR
Net à payer                         1.605,54 EUR
Versé le 31/10/2026 sur le compte BE68 5390 0754 7034
EOF
cat >texts/payslip_nl.txt <<'EOF'
Bouwbedrijf Peeters NV
LOONBRIEF - oktober 2026
Werknemer: Jan Maes    Paritair comité 124
Brutoloon              2.845,04
RSZ werknemer           -371,85
Bedrijfsvoorheffing     -452,61
Nettoloon            1.979,09 EUR
Het nettoloon wordt overgeschreven op uw rekening.
EOF
cat >texts/lease_fr.txt <<'EOF'
CONTRAT DE BAIL DE RÉSIDENCE PRINCIPALE
Entre les soussignés : Monsieur Paul Lenoir, ci-après dénommé le bailleur,
et Madame Julie Martin, ci-après dénommée le preneur,
il est convenu ce qui suit.
Article 1 - Le bailleur donne en location au preneur un appartement situé
rue de la Loi 40 à 1040 Etterbeek, à usage de résidence principale.
Article 2 - Le loyer mensuel est fixé à 750,00 EUR, payable avant le 5 de
chaque mois. Article 3 - Une garantie locative de deux mois de loyer est
constituée. Un état des lieux d'entrée sera dressé contradictoirement.
EOF
cat >texts/lease_nl.txt <<'EOF'
WONINGHUUROVEREENKOMST
Tussen de verhuurder, mevrouw An Wouters, en de huurder, de heer Luc
Jacobs, wordt het volgende overeengekomen.
Artikel 1 - De verhuurder verhuurt aan de huurder een woning gelegen
Kerkstraat 5 te 2000 Antwerpen, bestemd als hoofdverblijfplaats.
Artikel 2 - De maandelijkse huurprijs bedraagt 820,00 EUR.
Artikel 3 - De huurwaarborg bedraagt twee maanden huur.
Er wordt een plaatsbeschrijving opgemaakt.
EOF
cat >texts/energy_fr.txt <<'EOF'
ENGIE Electrabel
Facture de régularisation - électricité et gaz naturel
Date de la facture : 12 septembre 2026
Code EAN électricité : 541448820000000000
Consommation du 01/09/2025 au 31/08/2026 : 2.845 kWh
Relevé de compteur : index 45872
Montant à payer : 214,37 EUR avant le 30/09/2026
EOF
cat >texts/energy_nl.txt <<'EOF'
Luminus
Jaarafrekening elektriciteit
Factuurdatum 12 oktober 2026
EAN-code 541448820000000001
Uw verbruik: 3.120 kWh - meterstand 18452
Vaste vergoeding en distributiekosten inbegrepen, btw 6 %
Te betalen: 80,46 EUR
EOF
cat >texts/bank_fr.txt <<'EOF'
BELFIUS Banque
Extrait de compte n° 10 / 2026
Compte BE68 5390 0754 7034
Ancien solde au 30/09/2026                 412,37 EUR
02/10 Virement loyer octobre              -750,00
15/10 Domiciliation Proximus               -45,99
28/10 Paiement par carte Delhaize           -62,40
Nouveau solde au 31/10/2026                 -446,02 EUR
EOF
cat >texts/bank_nl.txt <<'EOF'
KBC Bank
Rekeninguittreksel nr. 11
Periode 01/10/2026 - 31/10/2026
Vorig saldo                 +412,37 EUR
Overschrijving huur oktober -650,00
Domiciliering Proximus       -45,99
Nieuw saldo               +1.146,13 EUR
EOF
cat >texts/medical_fr.txt <<'EOF'
Docteur Anne Lefèvre
Médecine générale - Rue Saint-Gilles 58, 4000 Liège
CERTIFICAT MÉDICAL
Je soussignée, docteur en médecine, certifie avoir examiné ce jour
Madame Josiane Lemaire et déclare que son état de santé nécessite une
incapacité de travail du 2 au 15 novembre 2026 inclus.
Sortie autorisée. Maladie.
Cachet du médecin
EOF
cat >texts/medical_nl.txt <<'EOF'
Dr. Pieter Van Damme, huisarts
MEDISCH ATTEST
Ondergetekende, arts, verklaart te hebben onderzocht: de heer Koen
Janssens. Hij is arbeidsongeschikt wegens ziekte van 3 tot en met
10 november 2026. Mag de woning verlaten.
EOF
cat >texts/tax_fr.txt <<'EOF'
SPF FINANCES
Administration générale de la Fiscalité
AVERTISSEMENT-EXTRAIT DE RÔLE
Impôt des personnes physiques - exercice d'imposition 2026
Revenus de l'année 2025
Revenus imposables globalement : 18.452,00 EUR
Précompte professionnel imputé : 2.104,33 EUR
Solde à payer : 312,45 EUR
EOF
cat >texts/tax_nl.txt <<'EOF'
FOD FINANCIËN
AANSLAGBILJET PERSONENBELASTING
Aanslagjaar 2026 - inkomsten van het jaar 2025
Belastbaar inkomen: 24.118,00 EUR
Aanvullende gemeentebelasting 7 %
Terug te betalen bedrag: 418,20 EUR
EOF
cat >texts/decision_fr.txt <<'EOF'
CPAS de Bruxelles
Notification de décision
Madame, Monsieur,
Le Comité spécial du service social, en sa séance du 20 octobre 2026, a
décidé de vous accorder le revenu d'intégration au taux cohabitant, en
application de la loi du 26 mai 2002.
Motivation : vos ressources sont inférieures au montant du revenu
d'intégration. Recours : vous pouvez introduire un recours auprès du
tribunal du travail dans les trois mois de la notification.
EOF
cat >texts/decision_nl.txt <<'EOF'
OCMW Gent
Kennisgeving van beslissing
Het Bijzonder Comité voor de Sociale Dienst heeft in zitting van
21 oktober 2026 beslist u een leefloon toe te kennen tegen het tarief
alleenstaande (wet van 26 mei 2002). Motivering: uit het sociaal
onderzoek blijkt dat u niet over voldoende bestaansmiddelen beschikt.
U kunt beroep aantekenen bij de arbeidsrechtbank binnen drie maanden.
EOF
cat >texts/household_fr.txt <<'EOF'
Commune de Saint-Gilles - Service Population
CERTIFICAT DE COMPOSITION DE MÉNAGE
Extrait du registre de la population
Le bourgmestre certifie que le ménage se compose comme suit :
Nom et prénom         Date de naissance   Lien de parenté
DUBOIS Marc           14/03/1978          Personne de référence
LAMBERT Sophie        02/11/1981          Cohabitante
DUBOIS Emma           21/06/2009          Fille
EOF
cat >texts/household_nl.txt <<'EOF'
Stad Gent - Dienst Bevolking
UITTREKSEL UIT HET BEVOLKINGSREGISTER
ATTEST VAN GEZINSSAMENSTELLING
Referentiepersoon: Peeters Jan, geboren op 30/09/1965
Echtgenote: Van den Broeck Griet, geboren op 17/01/1968
Dochter: Peeters Lotte, geboren op 05/04/2003
EOF
cat >texts/unemp_fr.txt <<'EOF'
CAPAC - Caisse auxiliaire de paiement des allocations de chômage
ATTESTATION D'ALLOCATIONS DE CHÔMAGE
Nous certifions que Monsieur Marc Dubois perçoit des allocations de
chômage comme travailleur ayant charge de famille.
Juillet 2026  27 jours indemnisés  1.932,93 EUR
Août 2026     26 jours indemnisés  1.861,34 EUR
EOF
cat >texts/unemp_nl.txt <<'EOF'
ABVV - uitbetalingsinstelling
ATTEST WERKLOOSHEIDSUITKERINGEN
Wij bevestigen dat mevrouw Sarah Willems volledig werkloos is en
werkloosheidsuitkeringen ontvangt als samenwonende (RVA).
Vergoede dagen in september 2026: 26 - dagbedrag 62,14 EUR
EOF
cat >texts/payslip_en.txt <<'EOF'
Eurolingua Translation Services SA
PAYSLIP
Pay period: 1 - 31 October 2026
Gross salary 1.968,40
Withholding tax -98,52
Net pay 1.595,17 EUR
Your net pay has been transferred to your account.
EOF
cat >texts/advert_fr.txt <<'EOF'
MEUBLES DELCOURT
GRANDE BRADERIE D'AUTOMNE du 14 au 30 novembre 2026
Profitez de nos prix exceptionnels sur toute la gamme de salons, de
literie et de cuisines équipées. Livraison gratuite dans un rayon de
trente kilomètres. Canapé trois places en tissu gris : 399,00 EUR.
EOF

# class, then language, of each text
cat >expected <<'EOF'
income_fr income_certificate fra
income_nl income_certificate nld
payslip_fr payslip fra
payslip_nl payslip nld
payslip_en payslip eng
lease_fr lease fra
lease_nl lease nld
energy_fr energy_bill fra
energy_nl energy_bill nld
bank_fr bank_statement fra
bank_nl bank_statement nld
medical_fr medical_certificate fra
medical_nl medical_certificate nld
tax_fr tax_assessment fra
tax_nl tax_assessment nld
decision_fr social_aid_decision fra
decision_nl social_aid_decision nld
household_fr household_composition fra
household_nl household_composition nld
unemp_fr unemployment_certificate fra
unemp_nl unemployment_certificate nld
EOF

test_expect_success '-n checks the default tagset and prints a summary' '
	dossier-classify -n -t "$TAGSET" >out &&
	grep "^tagset \"default\" version 1" out &&
	grep "^11 classes, 4 tags" out &&
	grep "^class payslip:" out &&
	grep "^tag period:.*value month" out
'

test_expect_success 'the tagset comes from DOSSIER_TAGSET' '
	DOSSIER_TAGSET="$TAGSET" dossier-classify -n >out &&
	grep "from $TAGSET" out
'

test_expect_success 'classify each class in French and Dutch' '
	while read -r name class lang; do
		mkjob classify "J-$name" "texts/$name.txt" || return 1
	done <expected &&
	dossier-classify -t "$TAGSET" >handed &&
	test $(wc -l <handed) -eq 21 &&
	test $(jobs_in tag/new) -eq 21 &&
	test $(jobs_in classify/new) -eq 0
'

test_expect_success 'every document gets its class and language' '
	fail=0 &&
	while read -r name class lang; do
		expect "J-$name" "$class" "$lang" || fail=1
	done <expected &&
	test $fail = 0
'

test_expect_success 'class_rules names the rules that matched' '
	meta J-payslip_fr class_rules >rules &&
	grep "^payslip\.1 " rules &&
	grep "payslip\.[0-9]" rules
'

test_expect_success 'an advertisement is other, sure of it (no rule held)' '
	mkjob classify J-advert texts/advert_fr.txt &&
	dossier-classify -t "$TAGSET" --job J-advert &&
	test "$(meta J-advert class)" = other &&
	test "$(meta J-advert class_score)" = 1.000 &&
	test -z "$(meta J-advert review_reason)" &&
	test "$(meta J-advert class_rules)" = "" &&
	test "$(meta J-advert lang)" = fra
'

test_expect_success 'hyphenation and accents from OCR do not matter' '
	printf "ATTES-\ntation de RÉVENUS\nle centre certifie que madame X bénéficie du revenu d%sintégration\n" \
	    "’" >texts/ocr.txt &&
	mkjob classify J-ocr texts/ocr.txt &&
	dossier-classify -t "$TAGSET" --job J-ocr &&
	test "$(meta J-ocr class)" = income_certificate
'

test_expect_success 'blank pages are skipped, the other pages count' '
	mkjob classify J-blank - texts/lease_nl.txt - &&
	dossier-classify -t "$TAGSET" --job J-blank &&
	test "$(meta J-blank class)" = lease
'

test_expect_success 'a job with 0 pages is other, not an error' '
	mkjob classify J-zero &&
	dossier-classify -t "$TAGSET" --job J-zero &&
	test "$(meta J-zero class)" = other &&
	test "$(meta J-zero class_score)" = 1.000 &&
	test "$(meta J-zero lang)" = und
'

test_expect_success 'an empty text file is other' '
	: >texts/empty.txt &&
	mkjob classify J-empty texts/empty.txt &&
	dossier-classify -t "$TAGSET" --job J-empty &&
	test "$(meta J-empty class)" = other &&
	test "$(meta J-empty class_score)" = 1.000
'

test_expect_code 1 'a missing text file quarantines the job' '
	mkjob classify J-missing texts/payslip_fr.txt &&
	rm "$DOSSIER_SPOOL/classify/new/J-missing/p1.txt" &&
	dossier-classify -t "$TAGSET" --job J-missing
'

test_expect_success 'the quarantine says which page and why' '
	test -d "$DOSSIER_SPOOL/quarantine/J-missing" &&
	grep "page 1.*p1.txt" "$DOSSIER_SPOOL/quarantine/J-missing/error"
'

test_expect_code 1 'a text file name that leaves the job is refused' '
	mkjob classify J-escape texts/payslip_fr.txt &&
	sed -i "s|^page.1.text=.*|page.1.text=../../../../etc/passwd|" \
	    "$DOSSIER_SPOOL/classify/new/J-escape/meta" &&
	dossier-classify -t "$TAGSET" --job J-escape
'

test_expect_code 1 'a text file that is a symbolic link is refused' '
	mkjob classify J-link texts/payslip_fr.txt &&
	ln -sf "$PWD/texts/lease_fr.txt" "$DOSSIER_SPOOL/classify/new/J-link/p1.txt" &&
	dossier-classify -t "$TAGSET" --job J-link
'

test_expect_success 'binary garbage is classified (other), not a crash' '
	head -c 300000 /dev/urandom >texts/garbage.txt &&
	printf "\000\377\376fiche\000de\300\257paie" >>texts/garbage.txt &&
	mkjob classify J-garbage texts/garbage.txt &&
	dossier-classify -t "$TAGSET" --job J-garbage &&
	test -n "$(meta J-garbage class)"
'

test_expect_success 'invalid UTF-8 inside a real text still classifies' '
	{ printf "\377\376\300" && cat texts/payslip_fr.txt && printf "\355\240\200"; } \
	    >texts/payslip_bad.txt &&
	mkjob classify J-badutf texts/payslip_bad.txt &&
	dossier-classify -t "$TAGSET" --job J-badutf &&
	test "$(meta J-badutf class)" = payslip
'

test_expect_code 1 'a text over the 16 MiB limit is quarantined' '
	head -c 17000000 /dev/zero | tr "\000" "a" >texts/huge.txt &&
	mkjob classify J-huge texts/huge.txt &&
	dossier-classify -t "$TAGSET" --job J-huge
'

test_expect_success 'the oversized text has a clear reason' '
	grep "larger than" "$DOSSIER_SPOOL/quarantine/J-huge/error" &&
	rm -f texts/huge.txt
'

cat >bomb.tagset <<'EOF'
tagset "bomb" version 1
class bomb
	regex 5 "(a+)+$"
	regex 5 "^(\w+\s?)*$"
	min 5
EOF
chmod 644 bomb.tagset

test_expect_success 'a catastrophic regex does not hang the stage' '
	awk "BEGIN { while (i++ < 2000) printf \"aaaaaaaaaaaaaaaaaaaaaaaaa\"; print \"!\" }" \
	    >texts/aaa.txt &&
	mkjob classify J-bomb texts/aaa.txt &&
	dossier-classify -t bomb.tagset --job J-bomb 2>err &&
	test "$(meta J-bomb class)" = other &&
	grep "match limits" err
'

cat >bad.tagset <<'EOF'
tagset "bad" version 1
class payslip
	any 5 "fiche de paie
	regex 2 "net(to"
	frobnicate 1 "x"
EOF
chmod 644 bad.tagset

test_expect_code 3 'a tagset with syntax errors: could not run (exit 3)' '
	mkjob classify J-after texts/lease_fr.txt &&
	dossier-classify -t bad.tagset 2>err
'

test_expect_success 'every error is reported as file:line:col' '
	cat err &&
	grep "bad.tagset:3:8: unterminated string" err &&
	grep "bad.tagset:4:" err &&
	grep "bad.tagset:5:2: unknown directive .frobnicate." err &&
	test -d "$DOSSIER_SPOOL/classify/new/J-after"
'

test_expect_code 3 '-n with a bad tagset exits 3' '
	dossier-classify -n -t bad.tagset
'

test_expect_code 3 'a tagset writable by others is refused' '
	cp "$TAGSET" open.tagset && chmod 666 open.tagset &&
	dossier-classify -n -t open.tagset 2>err
'

test_expect_success 'the refusal says why' '
	grep "writable by group or others" err
'

test_expect_code 3 'a missing tagset: could not run' '
	dossier-classify -n -t no-such.tagset
'

test_expect_success 'the queued job is classified with a good tagset' '
	dossier-classify -t "$TAGSET" -j 2 >handed &&
	grep "^J-after$" handed &&
	test "$(meta J-after class)" = lease
'

test_done
