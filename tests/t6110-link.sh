#!/bin/bash
# t6110-link: dossier-load links by name plus birth date (SPEC 7) through
# the page text, tolerant of case, accents and one letter read wrong,
# never across two persons, and through the household of the document's
# date when a person moved
# asan: yes
. "$(dirname "$0")/lib.sh"

convert -size 50x50 xc:white white.png || exit 1
mkdir -p "$DOSSIER_SPOOL/load/new" && chmod -R go-rwx "$DOSSIER_SPOOL" || exit 1
LOADQ=$DOSSIER_SPOOL/load/new

cat >reg.csv <<'EOF'
household;national_id;surname;given_name;birth_date;address;since
H1;78031415517;Dubois;Marc;1978-03-14;Rue Haute 1, 1000 Bruxelles;2010-01-01
H1;80010102184;Dupont;Jean;1980-01-01;Rue Haute 1, 1000 Bruxelles;2010-01-01
H2;75050503369;Dupond;Jean;1975-05-05;Rue Haute 1, 1000 Bruxelles;2010-01-01
H5;70070707372;Peeters;Jan;1970-07-07;Kerkstraat 12, 9000 Gent;2010-01-01
H5;85060606134;Nguyễn;Thi Lan;1985-06-06;Kerkstraat 12, 9000 Gent;2010-01-01
EOF
cat >move.csv <<'EOF'
household;national_id;surname;given_name;birth_date;address;since
H6;70070707372;Peeters;Jan;1970-07-07;Markt 1, 3000 Leuven;2026-06-01
EOF

# job ID TEXT [FIELD...]: a one-page job whose OCR text is TEXT; each
# FIELD is "kind value valid" found on page 1
job() {
	d=$LOADQ/$1
	mkdir "$d" || return 1
	printf 'scan of %s\n' "$1" >"$d/source"
	cp white.png "$d/p1.png"
	printf '%s\n' "$2" >"$d/p1.txt"
	: >"$d/fields"
	shift 2
	for f in "$@"; do
		set -- $f
		printf '1\t%s\t%s\t%s\t%s\n' "$1" "$2" "$2" "$3" >>"$d/fields"
	done
	: >"$d/tags"
	printf '%s\n' "id=$(basename "$d")" source_file="$(basename "$d").png" \
	    "source_sha256=$(sha256sum <"$d/source" | cut -c1-64)" \
	    media_type=image/png "size=$(wc -c <"$d/source")" pages=1 \
	    page.1.source_page=1 page.1.image=p1.png page.1.image_type=png \
	    page.1.blank=0 page.1.text=p1.txt class=other tags=0 \
	    "fields=$(wc -l <"$d/fields")" end >"$d/meta"
}

# doc ID: status|household|link_method|person's national number
doc() {
	sql "SELECT d.status, ifnull(h.ref, d.review_reason),
	    ifnull(d.link_method, '-'), ifnull(p.national_id, '-')
	    FROM document d LEFT JOIN household h ON h.id = d.household_id
	    LEFT JOIN person p ON p.id = d.person_id WHERE d.job_id = '$1'"
}

test_expect_success 'set up: the registry, a move, the documents' '
	dossier-registry reg.csv 2>err && dossier-registry move.csv 2>err &&
	job exact "Monsieur Marc DUBOIS
Rue Haute 1, 1000 Bruxelles
né le 14/03/1978" &&
	job ocr "Naam: Duhois, Marc - geboren 14 maart 1978" &&
	job accents "Mme NGUYEN THI LAN, née le 6 juin 1985" &&
	job nameonly "Monsieur Marc Dubois, Rue Haute 1, 1000 Bruxelles" &&
	job twoletters "M. Mare Duhois, 14/03/1978" &&
	job across "Jean Dupond, né le 01/01/1980" &&
	job unknown "Marc Dubois 14/03/1978, NISS 66.06.06-001.83" \
	    "national_id 66060600183 1" &&
	job invalid "Marc Dubois 14/03/1978, NISS 78.03.14-155.18" \
	    "national_id 78031415518 0" &&
	job before "Gent, 15/03/2026. Jan Peeters, geboren 07/07/1970" \
	    "date 2026-03-15 1" &&
	job after "Gent, 15/07/2026. Jan Peeters, geboren 07/07/1970" \
	    "date 2026-07-15 1" &&
	job mixed "Gent, 15/07/2026. Jan Peeters 07/07/1970 en Thi Lan Nguyen 06/06/1985" \
	    "date 2026-07-15 1" &&
	dossier-load >out 2>err
'

test_expect_success 'name and birth date of one person: filed, the person named' '
	test "$(doc exact)" = "filed|H1|name_birth|78031415517"
'

test_expect_success '... one letter read wrong, case and accents' '
	test "$(doc ocr)" = "filed|H1|name_birth|78031415517" &&
	test "$(doc accents)" = "filed|H5|name_birth|85060606134"
'

test_expect_success 'a name alone, two letters wrong: review' '
	test "$(doc nameonly)" = "review|no national number|-|-" &&
	test "$(doc twoletters)" = "review|no national number|-|-"
'

test_expect_success 'never across two persons: a name read right is not misread' '
	test "$(doc across)" = "review|name and birth date of several persons|-|-"
'

test_expect_success 'a valid unknown number is not passed over; an invalid one is' '
	test "$(doc unknown)" = "review|unknown national number|-|-" &&
	test "$(doc invalid)" = "filed|H1|name_birth|78031415517"
'

test_expect_success 'the household on the document date, before and after a move' '
	test "$(sql "SELECT doc_date FROM document WHERE job_id = '"'before'"'")" = 2026-03-15 &&
	test "$(doc before)" = "filed|H5|name_birth|70070707372" &&
	test "$(doc after)" = "filed|H6|name_birth|70070707372" &&
	test "$(doc mixed)" = \
	    "review|names and birth dates of persons of several households|-|-"
'

test_expect_success 'the audit rows name the method, not the person' '
	sql "SELECT detail FROM audit a JOIN document d
	    ON a.object = '"'document:'"' || d.id WHERE d.job_id = '"'exact'"'" >detail &&
	grep -q "link=name_birth" detail &&
	! grep -qi -e dubois -e 78031415517 detail
'

test_done
