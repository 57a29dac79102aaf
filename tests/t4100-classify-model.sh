#!/bin/bash
# t4100-classify-model - dossier-classify --train: a model learnt from the
# documents people filed in the archive; held-out documents classified by
# rules + model, an office's own class taught without rules, low scores
# sent to review, bad model files refused with a fallback to the rules,
# -n TAGSET, hostile input
# asan: yes
. "$(dirname "$0")/lib.sh"
umask 077
unset DOSSIER_MODEL

# lines of each class; document K of a class takes 5 of them from line K
payslip=("Fiche de paie octobre" "Salaire brut 2.150,00 EUR" "Cotisations ONSS -281,01 EUR"
	"Net a payer 1.605,54 EUR" "Employeur Boulangerie Dupont" "Precompte professionnel -263,45"
	"Heures prestees 152" "Commission paritaire 118" "Loonbrief oktober" "Brutoloon 2.845,04"
	"Bedrijfsvoorheffing -452,61" "Nettoloon 1.979,09 EUR")
lease=("Contrat de bail" "Le bailleur et le preneur conviennent" "Loyer mensuel 750,00 EUR"
	"Garantie locative de deux mois" "Etat des lieux d'entree" "Residence principale du preneur"
	"Huurovereenkomst" "De verhuurder en de huurder" "Huurprijs 820,00 EUR per maand"
	"Huurwaarborg twee maanden" "Plaatsbeschrijving bij aanvang" "Hoofdverblijfplaats van de huurder")
bank=("Extrait de compte 10" "Ancien solde 412,37 EUR" "Virement loyer -750,00" "Domiciliation Proximus -45,99"
	"Paiement par carte -62,40" "Nouveau solde -446,02 EUR" "Rekeninguittreksel 11" "Vorig saldo 412,37"
	"Overschrijving huur -650,00" "Domiciliering Proximus -45,99" "Kaartbetaling Colruyt -62,40" "Nieuw saldo 1.146,13")
# an office's own class, which the tagset knows nothing of
rent=("Prime au loyer" "Allocation loyer du Fonds du logement" "Demande de prime regionale"
	"Huurpremie Vlaamse overheid" "Premie aanvraag woonmaatschappij" "Wachtlijst sociale woning"
	"Montant de la prime 120,00" "Bedrag premie 135,00" "Dossier prime loyer numero 45"
	"Premiedossier nummer 77" "Condition de revenus respectee" "Inkomensvoorwaarde voldaan")

# doc CLASS K: the text of document K of CLASS
doc() {
	local -n l=$1
	local i
	for i in 0 1 2 3 4; do printf '%s\n' "${l[($2 + i * 5) % ${#l[@]}]}"; done
}

# put a document with text FILE in the archive, filed by a person as CLASS
# (what dossier-review would record: link_method manual)
n=0
archive_doc() {
	n=$((n + 1))
	local sha
	sha=$(printf '%064d' $n)
	sql "INSERT INTO source (sha256, file_name, media_type, size, content, created_at)
	    VALUES ('$sha', 'f$n.png', 'image/png', 1, x'00', '2026-01-01T00:00:00Z');
	INSERT INTO document (source_file, source_sha256, first_page, page_count, class,
	    class_score, household_id, link_method, status, created_at)
	    VALUES ('f$n.png', '$sha', 1, 1, '$2', 0.2, 1, 'manual', 'filed', '2026-01-01T00:00:00Z');
	INSERT INTO page (document_id, page_no, source_page, blank, text)
	    VALUES (last_insert_rowid(), 1, 1, 1, readfile('$1'));" >/dev/null
}

mkjob() {
	local id=$1 d
	d=$DOSSIER_SPOOL/classify/new/$id
	mkdir -p "$d" &&
	printf 'id=%s\nbatch=B1\nsource_file=%s.png\npages=1\npage.1.source_page=1\npage.1.text=p1.txt\nend\n' \
	    "$id" "$id" >"$d/meta" &&
	cp "$2" "$d/p1.txt"
}
meta() { sed -n "s/^$2=//p" "$DOSSIER_SPOOL/tag/new/$1/meta"; }

test_expect_success 'an archive with documents filed by people' '
	printf "household;national_id;surname;given_name;birth_date;address\nHH-1;85073003328;Test;T;1985-07-30;x\n" >reg.csv &&
	dossier-load -r reg.csv >/dev/null &&
	mkdir texts &&
	for c in payslip lease bank rent; do
		for k in 0 1 2 3 4 5 6 7 8 9; do
			doc $c $k >texts/$c.$k.txt || return 1
		done
	done &&
	for c in payslip lease bank rent; do
		case $c in
		bank) cls=bank_statement ;;
		rent) cls=rent_support ;;
		*) cls=$c ;;
		esac &&
		for k in 0 1 2 3 4 5 6 7; do
			archive_doc texts/$c.$k.txt $cls || return 1
		done
	done &&
	test "$(sql "SELECT count(*) FROM document WHERE link_method = '\''manual'\''")" = 32
'

test_expect_success '--train learns a model and reports cross-validation' '
	dossier-classify --train -a "$DOSSIER_ARCHIVE" -o m.model -k 4 >train.out &&
	cat train.out &&
	grep "^training documents: 32 (filed by a person: 32" train.out &&
	grep "rent_support  *8" train.out &&
	grep "^4-fold cross-validation on 32 documents" train.out &&
	acc=$(sed -n "s/^  model alone: *\([0-9.]*\).*/\1/p" train.out) &&
	awk -v a="$acc" "BEGIN { exit !(a >= 0.9) }" &&
	grep "^model written: m.model" train.out &&
	test -s m.model
'

test_expect_success '-n describes the model' '
	dossier-classify -n -t "$TAGSET" -m m.model >n.out &&
	grep "^model m.model: version 1, 4 classes" n.out &&
	grep "rent_support(model only)" n.out &&
	grep "review below class score 0.500 (meta review_reason=low classification score)" n.out
'

test_expect_success 'held-out documents are classified right with the model' '
	for c in payslip lease bank rent; do
		for k in 8 9; do mkjob J-$c-$k texts/$c.$k.txt || return 1; done
	done &&
	dossier-classify -m m.model >/dev/null &&
	for k in 8 9; do
		test "$(meta J-payslip-$k class)" = payslip &&
		test "$(meta J-lease-$k class)" = lease &&
		test "$(meta J-bank-$k class)" = bank_statement &&
		test "$(meta J-rent-$k class)" = rent_support &&
		test -n "$(meta J-rent-$k class_model)" || return 1
	done
'

test_expect_success 'an office class no rule knows is taught by filing alone' '
	# with the rules only the same document is "other"
	mkdir -p again &&
	mv "$DOSSIER_SPOOL"/tag/new/J-rent-8 again/ &&
	mv again/J-rent-8 "$DOSSIER_SPOOL"/classify/new/ &&
	dossier-classify -m none --job J-rent-8 &&
	test "$(meta J-rent-8 class)" = other &&
	test -z "$(meta J-rent-8 class_model)"
'

test_expect_success 'the model beside the archive is used by default' '
	cp m.model "$DOSSIER_ARCHIVE.model" &&
	mv "$DOSSIER_SPOOL"/tag/new/J-rent-8 "$DOSSIER_SPOOL"/classify/new/ &&
	dossier-classify --job J-rent-8 &&
	test "$(meta J-rent-8 class)" = rent_support &&
	rm "$DOSSIER_ARCHIVE.model"
'

cat >ab.tagset <<'EOF'
tagset "ab" version 1
class alpha
	any 4 "alpha"
	min 4
class beta
	any 3 "beta"
	min 3
EOF
chmod 644 ab.tagset
echo "alpha beta" >conflict.txt
test_expect_success 'a low score sends the document to review with the reason' '
	mkjob J-conflict conflict.txt &&
	dossier-classify -t ab.tagset -m none --job J-conflict &&
	test "$(meta J-conflict class)" = alpha &&
	s=$(meta J-conflict class_score) &&
	awk -v s="$s" "BEGIN { exit !(s < 0.5) }" &&
	test "$(meta J-conflict review_reason)" = "low classification score"
'

test_expect_success '-r sets the review threshold; a sure document is not sent' '
	mv "$DOSSIER_SPOOL"/tag/new/J-conflict "$DOSSIER_SPOOL"/classify/new/ &&
	dossier-classify -t ab.tagset -m none -r 0.1 --job J-conflict &&
	test -z "$(meta J-conflict review_reason)" &&
	test -z "$(meta J-payslip-9 review_reason)"
'

test_expect_code 2 '-r wants a score from 0 to 1' '
	dossier-classify -n -r 1.5
'

# bad model files: each refused with a reason, the rules still classify
cp m.model trunc.model && truncate -s 1000 trunc.model
cp m.model flip.model && printf '\377' | dd of=flip.model bs=1 seek=200 conv=notrunc 2>/dev/null
cp m.model v2.model && printf '\002' | dd of=v2.model bs=1 seek=8 conv=notrunc 2>/dev/null
: >empty.model
head -c 5000 /dev/urandom >garbage.model
for bad in trunc:truncated flip:checksum v2:"version 2" empty:"not a dossier model" \
    garbage:"not a dossier model" nosuch:"cannot open"; do
	f=${bad%%:*} why=${bad#*:}
	test_expect_success "a bad model ($f) is refused, rules only" '
		mkjob J-bad-$f texts/payslip.9.txt &&
		dossier-classify -m $f.model --job J-bad-$f 2>err &&
		cat err &&
		grep "$f.model" err | grep "$why" &&
		grep "rules only" err &&
		test "$(meta J-bad-$f class)" = payslip &&
		test -z "$(meta J-bad-$f class_model)"
	'
	test_expect_code 3 "-n with a bad model ($f) exits 3" '
		dossier-classify -n -m $f.model
	'
done

test_expect_code 3 '--train on an archive without documents: could not run' '
	dossier-classify --train -a empty.db -o e.model 2>err
'

test_expect_success '... and says why' '
	cat err && test ! -e e.model
'

test_expect_code 3 '--train with no archive at all' '
	dossier-classify --train -a no/such/dir/a.db 2>err
'

cat >bad.tagset <<'EOF'
tagset "bad" version 1
class payslip
	any 5 "fiche de paie
	has 2 phone
	regex 2 "net(to"
class 9bad
	lang xx any "x"
EOF
chmod 644 bad.tagset

test_expect_code 3 '-n TAGSET checks a tagset given as the last word' '
	dossier-classify -n bad.tagset >out 2>err
'

test_expect_success '... and reports every error as file:line:col' '
	cat err &&
	grep "^dossier-classify: error: bad.tagset:3:8: unterminated string" err &&
	grep "bad.tagset:4:8: unknown field kind .phone." err &&
	grep "bad.tagset:5:17: bad regular expression" err &&
	grep "bad.tagset:6:7: bad class name .9bad." err &&
	test $(grep -c "bad.tagset:[0-9]*:[0-9]*:" err) -ge 4
'

test_expect_success '-n TAGSET on a good tagset' '
	dossier-classify -n "$TAGSET" >out &&
	grep "from $TAGSET" out &&
	dossier-classify -nv "$TAGSET" >out &&
	grep "from $TAGSET" out
'

test_expect_code 3 'a tagset over 1 MiB is refused' '
	{ echo "tagset big version 1" && echo "class big" &&
	  awk "BEGIN { for (i = 0; i < 40000; i++) printf \"\\tany \\\"word%d phrase padding\\\"\\n\", i }"; } >big.tagset &&
	chmod 644 big.tagset &&
	dossier-classify -n -t big.tagset 2>err
'

test_expect_success '... with a clear error' '
	grep "big.tagset:0:0: .*larger than 1 MiB" err
'

test_expect_code 3 'a tagset with too many rules is refused' '
	{ echo "tagset many version 1" && echo "class many" &&
	  awk "BEGIN { for (i = 0; i < 8200; i++) printf \"any \\\"w%d\\\"\\n\", i }"; } >many.tagset &&
	chmod 644 many.tagset &&
	dossier-classify -n -t many.tagset 2>err
'

test_expect_success '... with the line it stopped at' '
	grep "many.tagset:8195:1: too many rules" err
'

test_expect_success 'a 10 MB page of text is classified, not a crash' '
	awk "BEGIN { for (i = 0; i < 200000; i++) print \"loonbrief brutoloon nettoloon 1.979,09 rsz\" }" >big.txt &&
	test $(wc -c <big.txt) -gt 8000000 &&
	mkjob J-big big.txt &&
	dossier-classify -m m.model --job J-big &&
	test "$(meta J-big class)" = payslip
'

test_expect_success 'binary garbage and invalid UTF-8 with a model: a class, no crash' '
	head -c 200000 /dev/urandom >garbage.txt &&
	printf "\300\257\355\240\200\377" >>garbage.txt &&
	mkjob J-garbage garbage.txt &&
	dossier-classify -m m.model --job J-garbage &&
	test -n "$(meta J-garbage class)" &&
	test -n "$(meta J-garbage class_score)"
'

test_done
