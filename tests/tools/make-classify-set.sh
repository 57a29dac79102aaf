#!/bin/bash
# make-classify-set.sh - generate a labelled set of scanned documents for
# tests/classify-bench.sh: every class of SPEC §6 and "other", in French and
# Dutch, typed in several fonts, rendered as 200 dpi black-and-white page
# images (half of them skewed by up to 2 degrees) with ImageMagick `convert -annotate`, the
# way samples/make-samples.sh does.  Each page also carries identifiers:
# Belgian national numbers (old, post-2000 and BIS), IBANs of several
# countries and French NIRs (Corsica included), half of them valid and half
# with a wrong check; the ground truth lists them.
#
# Usage: tests/tools/make-classify-set.sh OUTDIR [N]
#   N documents per class and language (default 10): 22 * N pages.
# Writes OUTDIR/inbox/*.png, OUTDIR/truth.tsv (file, class, lang, split:
# "a" for even variants, "b" for odd ones) and OUTDIR/ids.tsv (file, kind,
# normalized, valid).  Deterministic: the same N gives the same files.
# Needs ImageMagick 6 `convert`, DejaVu and URW base35 fonts.
set -eu
export LC_ALL=C.UTF-8 MAGICK_THREAD_LIMIT=1
out=${1:?usage: make-classify-set.sh OUTDIR [N]}
N=${2:-10}
CONVERT=${CONVERT:-convert}
mkdir -p "$out/inbox"
: >"$out/truth.tsv"
: >"$out/ids.tsv"
RANDOM=4242

FONTS=(DejaVu-Sans DejaVu-Serif Nimbus-Sans-Regular Nimbus-Roman-Regular
	C059-Roman P052-Roman URW-Bookman-Light DejaVu-Sans-Mono)

pick() { local -n arr=$1; printf '%s' "${arr[RANDOM % ${#arr[@]}]}"; }
# mod97 DIGITS: DIGITS mod 97 for any length
mod97() {
	local s=$1 r=0 c
	while [ -n "$s" ]; do
		c=${s:0:7}; s=${s:7}
		r=$(((10#$r$c) % 97))
	done
	echo $r
}
# letters to digits for IBAN (A=10 ... Z=35)
ibandigits() {
	local s=$1 o="" i ch
	for ((i = 0; i < ${#s}; i++)); do
		ch=${s:i:1}
		case $ch in [0-9]) o+=$ch ;; *) o+=$(($(printf '%d' "'$ch") - 55)) ;; esac
	done
	echo "$o"
}
iban_make() { # CC BBAN -> valid IBAN
	local cc=$1 bban=$2 r
	r=$(mod97 "$(ibandigits "$bban${cc}00")")
	printf '%s%02d%s' "$cc" $((98 - r)) "$bban"
}
rnd_digits() { local n=$1 s=""; while ((${#s} < n)); do s+=$((RANDOM % 10)); done; echo "$s"; }
niss_make() { # valid NISS, random: old, post-2000 or BIS
	local y m d s f9 n k=$((RANDOM % 4))
	y=$((1940 + RANDOM % 80)); m=$((1 + RANDOM % 12)); d=$((1 + RANDOM % 28))
	s=$(printf '%03d' $((1 + RANDOM % 997)))
	[ $k = 3 ] && m=$((m + 20 + 20 * (RANDOM % 2)))	# BIS
	f9=$(printf '%02d%02d%02d%s' $((y % 100)) $m $d "$s")
	n=$((10#$f9)); ((y >= 2000)) && n=$((n + 2000000000))
	printf '%s%02d' "$f9" $((97 - n % 97))
}
niss_ok() {
	local v=$1 f9 c
	f9=$((10#${v:0:9})) c=$((10#${v:9:2}))
	((c == 97 - f9 % 97 || c == 97 - (f9 + 2000000000) % 97))
}
nir_make() { # valid NIR (15 chars), Corsica sometimes
	local sx=$((1 + RANDOM % 2)) yy mm dep com ord b n
	yy=$(printf '%02d' $((RANDOM % 100))); mm=$(printf '%02d' $((1 + RANDOM % 12)))
	case $((RANDOM % 5)) in 0) dep=2A ;; 1) dep=2B ;; *) dep=$(printf '%02d' $((1 + RANDOM % 95))) ;; esac
	com=$(printf '%03d' $((1 + RANDOM % 900))); ord=$(printf '%03d' $((1 + RANDOM % 999)))
	b=$sx$yy$mm$dep$com$ord
	n=${b/2A/19}; n=${n/2B/18}
	printf '%s%02d' "$b" $((97 - $(mod97 "$n")))
}

# ------------------------------------------------------------ vocabulary
# T_<lang>_<class>: titles; L_<lang>_<class>: body lines (6-9 are drawn)
T_fra_income_certificate=("ATTESTATION DE REVENUS" "Attestation de revenus" "ATTESTATION DE RESSOURCES")
L_fra_income_certificate=("Le CPAS certifie que la personne nommée ci-dessous bénéficie du revenu d'intégration."
	"Montant mensuel du revenu d'intégration : 1.264,18 EUR" "Catégorie : personne isolée depuis le 1er mars 2026."
	"La présente attestation est délivrée pour servir et valoir ce que de droit."
	"Revenus perçus au cours des douze derniers mois." "Pour le Conseil de l'action sociale, le Secrétaire général"
	"Le bénéficiaire perçoit également des allocations familiales." "Taux cohabitant appliqué à partir du 1er juin 2026."
	"Centre public d'action sociale - service social" "Aide sociale équivalente accordée au demandeur.")
T_nld_income_certificate=("INKOMENSATTEST" "Attest van inkomsten" "INKOMSTENATTEST")
L_nld_income_certificate=("Het OCMW verklaart dat de betrokkene een leefloon ontvangt." "Maandelijks bedrag leefloon: 1.264,18 EUR"
	"Categorie: alleenstaande sinds 1 maart 2026." "Dit attest wordt afgeleverd op vraag van de betrokkene."
	"Inkomsten ontvangen in de laatste twaalf maanden." "Voor de Raad voor Maatschappelijk Welzijn, de algemeen directeur"
	"De betrokkene ontvangt ook kinderbijslag." "Tarief samenwonende toegepast vanaf 1 juni 2026."
	"Openbaar centrum voor maatschappelijk welzijn - sociale dienst" "Equivalent leefloon toegekend aan de aanvrager.")
T_fra_payslip=("FICHE DE PAIE" "Fiche de paie" "BULLETIN DE PAIE" "DÉCOMPTE DE SALAIRE")
L_fra_payslip=("Salaire brut 2.150,00 EUR" "Cotisations ONSS 13,07 % -281,01 EUR" "Précompte professionnel -263,45 EUR"
	"Net à payer 1.605,54 EUR" "Travailleur : ouvrier qualifié - Commission paritaire 124" "Heures prestées : 152 - taux horaire 14,14 EUR"
	"Employeur : Boulangerie Dupont SPRL" "Période de paie : octobre 2026" "Chèques-repas : 20 jours" "Salaire versé sur votre compte le 31/10/2026")
T_nld_payslip=("LOONBRIEF" "Loonbrief" "LOONSTROOK" "LOONAFREKENING")
L_nld_payslip=("Brutoloon 2.845,04 EUR" "RSZ werknemer 13,07 % -371,85 EUR" "Bedrijfsvoorheffing -452,61 EUR" "Nettoloon 1.979,09 EUR"
	"Werknemer: bediende - Paritair comité 200" "Gepresteerde uren: 152 - uurloon 18,72 EUR" "Werkgever: Bouwbedrijf Peeters NV"
	"Loonperiode: oktober 2026" "Maaltijdcheques: 20 dagen" "Het nettoloon wordt overgeschreven op uw rekening.")
T_fra_lease=("CONTRAT DE BAIL" "Contrat de bail de résidence principale" "BAIL D'HABITATION")
L_fra_lease=("Entre le bailleur et le preneur, il est convenu ce qui suit." "Le bailleur donne en location un appartement de deux chambres."
	"Le loyer mensuel est fixé à 750,00 EUR, payable avant le 5 du mois." "Une garantie locative de deux mois de loyer est constituée."
	"Un état des lieux d'entrée sera dressé contradictoirement." "Le bail prend cours le 1er novembre 2026 pour une durée de neuf ans."
	"Les charges locatives sont fixées à 60,00 EUR par mois." "Indexation annuelle du loyer à la date anniversaire."
	"Le preneur s'engage à occuper le bien loué en bon père de famille." "Enregistrement du bail à charge du bailleur.")
T_nld_lease=("HUUROVEREENKOMST" "Woninghuurovereenkomst" "HUURCONTRACT")
L_nld_lease=("Tussen de verhuurder en de huurder wordt het volgende overeengekomen." "De verhuurder verhuurt een woning met twee slaapkamers."
	"De maandelijkse huurprijs bedraagt 820,00 EUR, te betalen voor de 5de." "De huurwaarborg bedraagt twee maanden huur."
	"Er wordt een plaatsbeschrijving opgemaakt bij het begin van de huur." "De huur neemt aanvang op 1 november 2026 voor negen jaar."
	"De huurlasten bedragen 60,00 EUR per maand." "Jaarlijkse indexering van de huurprijs." "De huurder gebruikt het gehuurde goed als een goed huisvader."
	"Registratie van de huurovereenkomst ten laste van de verhuurder.")
T_fra_energy_bill=("FACTURE D'ÉLECTRICITÉ" "Facture de régularisation" "FACTURE ANNUELLE ÉLECTRICITÉ ET GAZ" "Facture de gaz naturel")
L_fra_energy_bill=("Code EAN électricité : 541448820000004521" "Consommation du 01/09/2025 au 31/08/2026 : 2.845 kWh" "Relevé de compteur : index 45872"
	"Montant à payer : 214,37 EUR avant le 30/09/2026" "Frais de réseau de distribution et de transport inclus" "Cotisation fédérale et TVA 6 %"
	"Acompte mensuel à partir d'octobre : 95,00 EUR" "Adresse de fourniture : voir ci-dessus" "Votre fournisseur d'énergie : Luminus" "Point de fourniture gaz naturel")
T_nld_energy_bill=("JAARAFREKENING ELEKTRICITEIT" "Energiefactuur" "AFREKENINGSFACTUUR" "Gasfactuur")
L_nld_energy_bill=("EAN-code elektriciteit 541448820000001234" "Uw verbruik van 01/09/2025 tot 31/08/2026: 3.120 kWh" "Meterstand 18452"
	"Te betalen: 80,46 EUR voor 30/09/2026" "Netkosten en distributiekosten inbegrepen" "Federale bijdrage en btw 6 %" "Voorschot per maand vanaf oktober: 95,00 EUR"
	"Leveringsadres: zie hierboven" "Uw energieleverancier: Engie" "Aansluitingspunt aardgas")
T_fra_bank_statement=("EXTRAIT DE COMPTE" "Extrait de compte n° 10" "RELEVÉ DE COMPTE")
L_fra_bank_statement=("Ancien solde au 30/09/2026 412,37 EUR" "02/10 Virement loyer octobre -750,00" "15/10 Domiciliation Proximus -45,99"
	"28/10 Paiement par carte Delhaize -62,40" "Nouveau solde au 31/10/2026 -446,02 EUR" "Date valeur et communication de chaque opération"
	"Belfius Banque - compte à vue" "05/10 Retrait Bancontact -40,00" "20/10 Virement reçu allocations +1.264,18" "Ordre permanent épargne -50,00")
T_nld_bank_statement=("REKENINGUITTREKSEL" "Rekeninguittreksel nr. 11" "UITTREKSEL ZICHTREKENING")
L_nld_bank_statement=("Vorig saldo op 30/09/2026 412,37 EUR" "02/10 Overschrijving huur oktober -650,00" "15/10 Domiciliering Proximus -45,99"
	"28/10 Kaartbetaling Colruyt -62,40" "Nieuw saldo op 31/10/2026 1.146,13 EUR" "Valutadatum en mededeling van elke verrichting" "KBC Bank - zichtrekening"
	"05/10 Geldopname Bancontact -40,00" "20/10 Overschrijving ontvangen leefloon +1.264,18" "Doorlopende opdracht sparen -50,00")
T_fra_medical_certificate=("CERTIFICAT MÉDICAL" "Certificat médical" "CERTIFICAT D'INCAPACITÉ DE TRAVAIL")
L_fra_medical_certificate=("Je soussigné, docteur en médecine, certifie avoir examiné ce jour le patient." "Son état de santé nécessite une incapacité de travail."
	"Du 2 au 15 novembre 2026 inclus." "Sortie autorisée." "Maladie - repos à domicile recommandé." "Cachet du médecin et signature"
	"Médecin traitant - médecine générale" "À transmettre au médecin-conseil de la mutualité" "Consultation du 2 novembre 2026" "Prolongation possible après nouvel examen.")
T_nld_medical_certificate=("MEDISCH ATTEST" "Medisch getuigschrift" "ATTEST VAN ARBEIDSONGESCHIKTHEID")
L_nld_medical_certificate=("Ondergetekende, arts, verklaart te hebben onderzocht: de patiënt." "De patiënt is arbeidsongeschikt wegens ziekte."
	"Van 3 tot en met 10 november 2026." "Mag de woning verlaten." "Rust thuis aanbevolen." "Stempel van de arts en handtekening" "Huisarts - algemene geneeskunde"
	"Te bezorgen aan de adviserend arts van het ziekenfonds" "Raadpleging van 3 november 2026" "Verlenging mogelijk na nieuw onderzoek.")
T_fra_tax_assessment=("AVERTISSEMENT-EXTRAIT DE RÔLE" "Avertissement-extrait de rôle" "AVIS D'IMPOSITION")
L_fra_tax_assessment=("SPF Finances - Administration générale de la Fiscalité" "Impôt des personnes physiques - exercice d'imposition 2026"
	"Revenus de l'année 2025" "Revenus imposables globalement : 18.452,00 EUR" "Précompte professionnel imputé : 2.104,33 EUR" "Solde à payer : 312,45 EUR"
	"Additionnels communaux 7 %" "Date limite de paiement : 31/12/2026" "Numéro d'article du rôle : 712.345.678" "Quotité exemptée d'impôt appliquée")
T_nld_tax_assessment=("AANSLAGBILJET PERSONENBELASTING" "Aanslagbiljet" "AANSLAGBILJET")
L_nld_tax_assessment=("FOD Financiën - Algemene Administratie van de Fiscaliteit" "Personenbelasting - aanslagjaar 2026" "Inkomsten van het jaar 2025"
	"Belastbaar inkomen: 24.118,00 EUR" "Bedrijfsvoorheffing verrekend: 2.104,33 EUR" "Terug te betalen bedrag: 418,20 EUR" "Aanvullende gemeentebelasting 7 %"
	"Uiterste betaaldatum: 31/12/2026" "Artikelnummer kohier: 712.345.678" "Belastingvrije som toegepast")
T_fra_social_aid_decision=("NOTIFICATION DE DÉCISION" "Notification de décision" "DÉCISION DU COMITÉ SPÉCIAL DU SERVICE SOCIAL")
L_fra_social_aid_decision=("Le Comité spécial du service social, en sa séance du 20 octobre 2026, a décidé :" "de vous accorder le revenu d'intégration au taux cohabitant,"
	"en application de la loi du 26 mai 2002." "Motivation : vos ressources sont inférieures au montant du revenu d'intégration."
	"Recours : vous pouvez introduire un recours auprès du tribunal du travail" "dans les trois mois de la notification de la présente décision."
	"Centre public d'action sociale - service social" "Un projet individualisé d'intégration sociale sera conclu." "La décision prend effet le 1er novembre 2026." "Le Président du CPAS")
T_nld_social_aid_decision=("KENNISGEVING VAN BESLISSING" "Kennisgeving van een beslissing" "BESLISSING VAN HET BIJZONDER COMITÉ")
L_nld_social_aid_decision=("Het Bijzonder Comité voor de Sociale Dienst heeft in zitting van 21 oktober 2026 beslist:" "u een leefloon toe te kennen tegen het tarief alleenstaande,"
	"in toepassing van de wet van 26 mei 2002." "Motivering: uit het sociaal onderzoek blijkt dat u onvoldoende bestaansmiddelen heeft."
	"Beroep: u kunt beroep aantekenen bij de arbeidsrechtbank" "binnen drie maanden na de kennisgeving van deze beslissing."
	"Openbaar centrum voor maatschappelijk welzijn - sociale dienst" "Er wordt een geïndividualiseerd project voor maatschappelijke integratie afgesloten."
	"De beslissing gaat in op 1 november 2026." "De voorzitter van het OCMW")
T_fra_household_composition=("CERTIFICAT DE COMPOSITION DE MÉNAGE" "Composition de ménage" "ATTESTATION DE COMPOSITION DE MÉNAGE")
L_fra_household_composition=("Extrait du registre de la population" "Le bourgmestre certifie que le ménage se compose comme suit :" "Nom et prénom - date de naissance - lien de parenté"
	"DUBOIS Marc - 14/03/1978 - personne de référence" "LAMBERT Sophie - 02/11/1981 - cohabitante" "DUBOIS Emma - 21/06/2009 - fille"
	"Administration communale - service population" "Délivré par l'officier de l'état civil" "Nationalité : belge" "Adresse de résidence principale")
T_nld_household_composition=("ATTEST VAN GEZINSSAMENSTELLING" "Gezinssamenstelling" "BEWIJS VAN GEZINSSAMENSTELLING")
L_nld_household_composition=("Uittreksel uit het bevolkingsregister" "De burgemeester verklaart dat het gezin als volgt is samengesteld:" "Naam en voornaam - geboortedatum - verwantschap"
	"PEETERS Jan - 30/09/1965 - referentiepersoon" "VAN DEN BROECK Griet - 17/01/1968 - echtgenote" "PEETERS Lotte - 05/04/2003 - dochter" "Gemeentebestuur - dienst bevolking"
	"Afgeleverd door de ambtenaar van de burgerlijke stand" "Nationaliteit: Belg" "Adres van de hoofdverblijfplaats")
T_fra_unemployment_certificate=("ATTESTATION D'ALLOCATIONS DE CHÔMAGE" "Attestation de chômage" "ALLOCATIONS DE CHÔMAGE")
L_fra_unemployment_certificate=("Nous certifions que la personne perçoit des allocations de chômage" "comme travailleur ayant charge de famille."
	"Juillet 2026 - 27 jours indemnisés - 1.932,93 EUR" "Août 2026 - 26 jours indemnisés - 1.861,34 EUR" "Organisme de paiement : CAPAC"
	"Office national de l'emploi (ONEM)" "Montant journalier : 71,59 EUR" "Carte de contrôle rentrée pour le mois" "Demandeur d'emploi inscrit chez Actiris" "Chômage complet")
T_nld_unemployment_certificate=("ATTEST WERKLOOSHEIDSUITKERINGEN" "Attest werkloosheid" "WERKLOOSHEIDSATTEST")
L_nld_unemployment_certificate=("Wij bevestigen dat de betrokkene werkloosheidsuitkeringen ontvangt" "als werknemer met gezinslast." "Juli 2026 - 27 vergoede dagen - 1.932,93 EUR"
	"Augustus 2026 - 26 vergoede dagen - 1.861,34 EUR" "Uitbetalingsinstelling: ABVV" "Rijksdienst voor Arbeidsvoorziening (RVA)" "Dagbedrag: 71,59 EUR"
	"Controlekaart binnengebracht voor de maand" "Werkzoekende ingeschreven bij de VDAB" "Volledig werkloos")
T_fra_other=("INVITATION" "Fête de quartier" "Bibliothèque communale" "GRANDE BRADERIE D'AUTOMNE" "Club de football - inscriptions")
L_fra_other=("Nous avons le plaisir de vous inviter à notre fête annuelle." "Profitez de nos prix exceptionnels sur toute la gamme de salons."
	"Livraison gratuite dans un rayon de trente kilomètres." "Les livres empruntés sont à rapporter avant la fin du mois." "Au programme : musique, jeux pour enfants et barbecue."
	"Inscriptions ouvertes pour la saison prochaine." "Canapé trois places en tissu gris : 399,00 EUR." "Horaires d'ouverture : du mardi au samedi de 10 à 18 heures."
	"Venez nombreux avec vos voisins et amis." "Le comité des fêtes vous remercie de votre participation.")
T_nld_other=("UITNODIGING" "Buurtfeest" "Openbare bibliotheek" "GROTE HERFSTSOLDEN" "Voetbalclub - inschrijvingen")
L_nld_other=("Wij nodigen u graag uit op ons jaarlijks feest." "Profiteer van onze uitzonderlijke prijzen op alle salons." "Gratis levering binnen een straal van dertig kilometer."
	"Ontleende boeken moeten voor het einde van de maand terug." "Op het programma: muziek, spelletjes voor kinderen en barbecue." "Inschrijvingen open voor het volgende seizoen."
	"Driezitszetel in grijze stof: 399,00 EUR." "Openingsuren: van dinsdag tot zaterdag van 10 tot 18 uur." "Kom met uw buren en vrienden." "Het feestcomité dankt u voor uw deelname.")
# letterhead, greeting and closing lines any letter may have
G_fra=("Madame, Monsieur," "Rue de la Victoire 112, 1060 Saint-Gilles" "Bruxelles, le 4 novembre 2026" "Veuillez agréer nos salutations distinguées."
	"Notre référence : 2026/04817" "Pour toute question, contactez-nous au 02 412 53 11." "Chaussée de Gand 210, 1080 Molenbeek")
G_nld=("Geachte mevrouw, geachte heer," "Sleepstraat 45, 9000 Gent" "Gent, 4 november 2026" "Met vriendelijke groeten." "Ons kenmerk: 2026/04817"
	"Voor vragen kunt u ons bereiken op 09 266 77 11." "Lange Kievitstraat 77, 2018 Antwerpen")
ID_fra_nid=("Numéro de registre national :" "NISS :" "N° national :")
ID_nld_nid=("Rijksregisternummer:" "INSZ:" "Rijksregisternr.:")
ID_fra_iban=("Compte IBAN :" "Sur le compte" "IBAN")
ID_nld_iban=("Rekening IBAN:" "Op rekening" "IBAN")

CLASSES=(income_certificate payslip lease energy_bill bank_statement medical_certificate
	tax_assessment social_aid_decision household_composition unemployment_certificate other)

render() { # FILE FONT SKEW LINES...
	local f=$1 font=$2 skew=$3 y=200 l
	shift 3
	local -a a=(-size 1654x2339 xc:white -density 200 -units PixelsPerInch -fill black -font "$font" -pointsize 11)
	for l; do
		case $l in
		"#T "*) a+=(-pointsize 15 -annotate "+150+$y" "${l#\#T }" -pointsize 11); y=$((y + 70)) ;;
		*) a+=(-annotate "+150+$y" "${l//%/%%}"); y=$((y + 48)) ;;
		esac
	done
	# (-type bilevel is slow in ImageMagick 6: a threshold is enough)
	[ "$skew" = 0 ] || a+=(-background white -rotate "$skew" -gravity center -extent 1654x2339 +repage)
	a+=(-colorspace Gray -threshold 55% -define 'png:exclude-chunks=date,time')
	"$CONVERT" "${a[@]}" "$f"
}

jobs=()
n=0
for cls in "${CLASSES[@]}"; do
	for lang in fra nld; do
		for ((v = 0; v < N; v++)); do
			n=$((n + 1))
			file=$(printf 'doc_%04d.png' $n)
			font=${FONTS[(n + v) % ${#FONTS[@]}]}
			lines=()
			lines+=("$(pick G_$lang)" "$(pick G_$lang)")
			# one document in five has no title: vocabulary only
			if ((RANDOM % 5 != 0)); then lines+=("#T $(pick T_${lang}_$cls)"); fi
			declare -n body=L_${lang}_$cls
			k=$((6 + RANDOM % 4))
			start=$((RANDOM % ${#body[@]}))
			for ((i = 0; i < k; i++)); do lines+=("${body[(start + i * 3) % ${#body[@]}]}"); done
			unset -n body
			# identifiers: a national number, an IBAN, for French a NIR
			nid=$(niss_make)
			if ((RANDOM % 2)); then ok=1; else
				ok=0; c=$((10#${nid:9:2})); c=$(((c + 1 + RANDOM % 50) % 100)); nid=${nid:0:9}$(printf '%02d' $c)
				niss_ok "$nid" && { c=$(((c + 1) % 100)); nid=${nid:0:9}$(printf '%02d' $c); }
				niss_ok "$nid" && ok=1
			fi
			printf '%s\tnational_id\t%s\t%s\n' "$file" "$nid" $ok >>"$out/ids.tsv"
			case $((RANDOM % 3)) in
			0) disp="${nid:0:2}.${nid:2:2}.${nid:4:2}-${nid:6:3}.${nid:9:2}" ;;
			1) disp="${nid:0:6} ${nid:6:3} ${nid:9:2}" ;;
			*) disp=$nid ;;
			esac
			lines+=("$(pick ID_${lang}_nid) $disp")
			case $((RANDOM % 4)) in
			0) ib=$(iban_make FR "$(rnd_digits 23)") ;;
			1) ib=$(iban_make NL "ABNA$(rnd_digits 10)") ;;
			2) ib=$(iban_make DE "$(rnd_digits 18)") ;;
			*) ib=$(iban_make BE "$(rnd_digits 12)") ;;
			esac
			ok=1
			if ((RANDOM % 2)); then
				ok=0; d=$((10#${ib: -1})); ib=${ib:0:${#ib}-1}$(((d + 1 + RANDOM % 8) % 10))
			fi
			printf '%s\tiban\t%s\t%s\n' "$file" "$ib" $ok >>"$out/ids.tsv"
			lines+=("$(pick ID_${lang}_iban) $(sed 's/.\{4\}/& /g; s/ $//' <<<"$ib")")
			if [ $lang = fra ] && ((RANDOM % 2)); then
				nir=$(nir_make); ok=1
				if ((RANDOM % 2)); then ok=0; c=$((10#${nir:13:2})); nir=${nir:0:13}$(printf '%02d' $(((c + 1 + RANDOM % 90) % 100))); fi
				printf '%s\tnir\t%s\t%s\n' "$file" "$nir" $ok >>"$out/ids.tsv"
				lines+=("N° de sécurité sociale : ${nir:0:1} ${nir:1:2} ${nir:3:2} ${nir:5:2} ${nir:7:3} ${nir:10:3} ${nir:13:2}")
			fi
			lines+=("$(pick G_$lang)")
			skew=0
			((RANDOM % 2)) && skew=$(printf '%d.%d' $((RANDOM % 3 - 1)) $((RANDOM % 10)))
			printf '%s\t%s\t%s\t%s\n' "$file" "$cls" "$lang" $((v % 2 == 0 ? 0 : 1)) | sed 's/\t0$/\ta/; s/\t1$/\tb/' >>"$out/truth.tsv"
			render "$out/inbox/$file" "$font" "$skew" "${lines[@]}" &
			jobs+=($!)
			if ((${#jobs[@]} >= ${MAKE_JOBS:-3})); then wait "${jobs[0]}"; jobs=("${jobs[@]:1}"); fi
		done
	done
done
wait
echo "make-classify-set: $n documents in $out" >&2
