/*
 * test_ident.c - identifiers: national numbers, IBAN, NIR, dates, amounts
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "unit.h"

/* found - ident_find wrapper: the normalised form, or "" */
static const char *
found(const char *text, enum ident_kind kind, int *valid)
{
	static struct ident id;

	if (!ident_find(text, kind, &id)) {
		*valid = -1;
		return "";
	}
	*valid = id.valid;
	return id.norm;
}

DEFINE_TEST(test_ident_niss_check)
{
	assert_int(ident_niss_check("85073003328"), ==, 1);
	assert_int(ident_niss_check("85073003427"), ==, 1);
	/* post-2000 rule: only 2000000000 + n gives the check */
	assert_int(ident_niss_check("01020300467"), ==, 1);
	assert_int(ident_niss_check("01020300438"), ==, 1);
	/* BIS numbers: month + 20 or + 40 */
	assert_int(ident_niss_check("85273003371"), ==, 1);
	assert_int(ident_niss_check("85473003317"), ==, 1);
	/* check digits off by one, either way */
	assert_int(ident_niss_check("85073003329"), ==, 0);
	assert_int(ident_niss_check("85073003327"), ==, 0);
	assert_int(ident_niss_check("00000000000"), ==, 0);
	/* serial 000 is never issued, even with a right check */
	assert_int(ident_niss_check("00000000097"), ==, 0);
	assert_int(ident_niss_check("8507300332"), ==, 0);
	assert_int(ident_niss_check("850730033280"), ==, 0);
	assert_int(ident_niss_check("8507300332a"), ==, 0);
	/* month 13 after the BIS offsets is no birth date */
	assert_int(ident_niss_check("85133003300"), ==, 0);
}

DEFINE_TEST(test_ident_niss_scan)
{
	int v;

	assert_str(found("NN 85.07.30-033.28 x", IDENT_NATIONAL_ID, &v),
	    "85073003328");
	assert_int(v, ==, 1);
	assert_str(found("nr: 85073003328.", IDENT_NATIONAL_ID, &v),
	    "85073003328");
	assert_str(found("85 07 30 033 28", IDENT_NATIONAL_ID, &v),
	    "85073003328");
	assert_int(v, ==, 1);
	assert_str(found("850730-033-28", IDENT_NATIONAL_ID, &v),
	    "85073003328");
	/* O read for 0 inside digit groups */
	assert_str(found("INSZ 85.O7.3O-O33.28", IDENT_NATIONAL_ID, &v),
	    "85073003328");
	assert_int(v, ==, 1);
	/* a wrong check digit is kept, marked invalid */
	assert_str(found("85.07.30-033.29", IDENT_NATIONAL_ID, &v),
	    "85073003329");
	assert_int(v, ==, 0);
	/* 10 and 12 digits are not national numbers */
	assert_str(found("8507300332", IDENT_NATIONAL_ID, &v), "");
	assert_str(found("850730033281", IDENT_NATIONAL_ID, &v), "");
	/* groups that do not follow YY MM DD NNN CC */
	assert_str(found("8507 3003 328", IDENT_NATIONAL_ID, &v), "");
	/* digits inside a word or an IBAN are not taken */
	assert_str(found("BE68539007547034", IDENT_NATIONAL_ID, &v), "");
	assert_str(found("x85073003328", IDENT_NATIONAL_ID, &v), "");
}

DEFINE_TEST(test_ident_iban)
{
	int v;

	assert_int(ident_iban_check("BE68539007547034"), ==, 1);
	assert_int(ident_iban_check("BE68 5390 0754 7034"), ==, 1);
	assert_int(ident_iban_check("be68 5390 0754 7034"), ==, 1);
	assert_int(ident_iban_check("FR76 3000 6000 0112 3456 7890 189"), ==, 1);
	assert_int(ident_iban_check("NL91ABNA0417164300"), ==, 1);
	assert_int(ident_iban_check("DE89 3704 0044 0532 0130 00"), ==, 1);
	/* one wrong digit, two swapped digits */
	assert_int(ident_iban_check("BE68539007547035"), ==, 0);
	assert_int(ident_iban_check("BE68539007574034"), ==, 0);
	assert_int(ident_iban_check("BE86539007547034"), ==, 0);
	/* wrong length for the country */
	assert_int(ident_iban_check("BE6853900754703"), ==, 0);
	assert_int(ident_iban_check("BE685390075470344"), ==, 0);
	assert_int(ident_iban_check(""), ==, 0);
	assert_int(ident_iban_check("BE68-5390-0754-7034"), ==, 0);
	assert_int(ident_iban_length("be"), ==, 16);
	assert_int(ident_iban_length("ZZ"), ==, 0);

	assert_str(found("IBAN: BE68 5390 0754 7034 BIC GKCCBEBB",
	    IDENT_IBAN, &v), "BE68539007547034");
	assert_int(v, ==, 1);
	assert_str(found("iban nl91abna0417164300.", IDENT_IBAN, &v),
	    "NL91ABNA0417164300");
	assert_int(v, ==, 1);
	assert_str(found("FR76 3000 6000 0112 3456 7890 189", IDENT_IBAN, &v),
	    "FR7630006000011234567890189");
	assert_str(found("compte BE68 5390 0754 7035", IDENT_IBAN, &v),
	    "BE68539007547035");
	assert_int(v, ==, 0);
	/* words after a country code are not an IBAN */
	assert_str(found("be12 rue de la loi 16", IDENT_IBAN, &v), "");
	/*
	 * a short run of a country not in the table is none, though it
	 * passes mod 97 (fuzz_text: "vv1111" was a valid IBAN)
	 */
	assert_int(ident_iban_check("VV1111"), ==, 0);
	assert_str(found("ref vv1111 ok", IDENT_IBAN, &v), "");
	assert_str(found("ref vv11 11 ok", IDENT_IBAN, &v), "");
}

DEFINE_TEST(test_ident_nir)
{
	int v;

	assert_int(ident_nir_check("185077512345608"), ==, 1);
	assert_int(ident_nir_check("185077512345609"), ==, 0);
	assert_int(ident_nir_check("290062A12345645"), ==, 1);
	assert_int(ident_nir_check("175052B04512322"), ==, 1);
	/* 2A and 2B keys differ: a swapped letter fails */
	assert_int(ident_nir_check("175052A04512322"), ==, 0);
	assert_int(ident_nir_check("985077512345608"), ==, 0);
	assert_int(ident_nir_check("18507751234560"), ==, 0);
	assert_str(found("NIR 1 85 07 75 123 456 08", IDENT_NIR, &v),
	    "185077512345608");
	assert_int(v, ==, 1);
	assert_str(found("n° 2 90 06 2a 123 456 45", IDENT_NIR, &v),
	    "290062A12345645");
	assert_int(v, ==, 1);
	assert_str(found("1 85 07 75 123 456 09", IDENT_NIR, &v),
	    "185077512345609");
	assert_int(v, ==, 0);
}

DEFINE_TEST(test_ident_dates)
{
	int v;

	assert_int(ident_date_check(2024, 2, 29), ==, 1);
	assert_int(ident_date_check(2023, 2, 29), ==, 0);
	assert_int(ident_date_check(1900, 2, 29), ==, 0);
	assert_int(ident_date_check(2000, 2, 29), ==, 1);
	assert_int(ident_date_check(2024, 4, 31), ==, 0);
	assert_str(found("le 12/03/2024.", IDENT_DATE, &v), "2024-03-12");
	assert_int(v, ==, 1);
	assert_str(found("12.03.2024", IDENT_DATE, &v), "2024-03-12");
	assert_str(found("1-3-2024", IDENT_DATE, &v), "2024-03-01");
	assert_str(found("2024-03-12", IDENT_DATE, &v), "2024-03-12");
	assert_str(found("31/02/2024", IDENT_DATE, &v), "2024-02-31");
	assert_int(v, ==, 0);
	assert_str(found("Bruxelles, le 1er janvier 2024", IDENT_DATE, &v),
	    "2024-01-01");
	assert_int(v, ==, 1);
	assert_str(found("Gent, 12 oktober 2024", IDENT_DATE, &v),
	    "2024-10-12");
	assert_str(found("on 3 March 2025", IDENT_DATE, &v), "2025-03-03");
	assert_str(found("March 3, 2025", IDENT_DATE, &v), "2025-03-03");
	assert_str(found("le 15 février 2026", IDENT_DATE, &v), "2026-02-15");
	assert_str(found("28 août 2025", IDENT_DATE, &v), "2025-08-28");
	assert_str(found("3 janv. 2025", IDENT_DATE, &v), "2025-01-03");
	assert_str(found("30 février 2025", IDENT_DATE, &v), "2025-02-30");
	assert_int(v, ==, 0);
	/* not dates */
	assert_str(found("12/13/2024", IDENT_DATE, &v), "");
	assert_str(found("85.07.30-033.28", IDENT_DATE, &v), "");
	assert_str(found("12 pommes 2024", IDENT_DATE, &v), "");
}

DEFINE_TEST(test_ident_month_year)
{
	char ym[8];
	const char *t;

	t = "periode : octobre 2026 paye le 3 novembre 2026";
	assert_int(ident_month_year(t, strlen(t), ym), ==, 1);
	assert_str(ym, "2026-10");
	t = "loonperiode oktober 2026";
	assert_int(ident_month_year(t, strlen(t), ym), ==, 1);
	assert_str(ym, "2026-10");
	t = "mois 10/2026";
	assert_int(ident_month_year(t, strlen(t), ym), ==, 1);
	assert_str(ym, "2026-10");
	t = "du 01/09/2026 au 30/09/2026";
	assert_int(ident_month_year(t, strlen(t), ym), ==, 1);
	assert_str(ym, "2026-09");
	t = "le 3 novembre 2026 a bruxelles 12/03/2024";
	assert_int(ident_month_year(t, strlen(t), ym), ==, 0);
	/* a whole month written as a range of days */
	t = "pay period: 1 - 31 october 2026 paid 30/10/2026";
	assert_int(ident_month_year(t, strlen(t), ym), ==, 1);
	assert_str(ym, "2026-10");
	t = "periode du 1er au 30 novembre 2026";
	assert_int(ident_month_year(t, strlen(t), ym), ==, 1);
	assert_str(ym, "2026-11");
	/* the range wins over months named in passing */
	t = "uitkering 09/2026 periode 01/10/2026 - 31/10/2026 huur "
	    "oktober 2026";
	assert_int(ident_month_year(t, strlen(t), ym), ==, 1);
	assert_str(ym, "2026-10");
	/* a yearly bill covers more than a month: no period */
	t = "verbruiksperiode 01/10/2025 - 30/09/2026 voorschot vanaf "
	    "november 2026";
	assert_int(ident_month_year(t, strlen(t), ym), ==, 0);
	/* several months as often as each other: no period */
	t = "juni 2026 26 62,14 1.615,64 juli 2026 27 62,14 1.677,78";
	assert_int(ident_month_year(t, strlen(t), ym), ==, 0);
	/* the one named most often */
	t = "loonbrief oktober 2026 ... september 2026 ... oktober 2026";
	assert_int(ident_month_year(t, strlen(t), ym), ==, 1);
	assert_str(ym, "2026-10");
}

DEFINE_TEST(test_ident_amounts)
{
	int v;

	assert_str(found("total 1.234,56 EUR", IDENT_AMOUNT, &v), "1234.56");
	assert_str(found("€ 1 234,56", IDENT_AMOUNT, &v), "1234.56");
	assert_str(found("€\xc2\xa0" "1\xe2\x80\xaf" "234,56", IDENT_AMOUNT, &v),
	    "1234.56");
	assert_str(found("net: 876,13 EUR", IDENT_AMOUNT, &v), "876.13");
	assert_str(found("EUR 12,50", IDENT_AMOUNT, &v), "12.50");
	assert_str(found("1234.56 €", IDENT_AMOUNT, &v), "1234.56");
	assert_str(found("1,234.56 EUR", IDENT_AMOUNT, &v), "1234.56");
	assert_str(found("250 euros", IDENT_AMOUNT, &v), "250.00");
	assert_str(found("12,5 EUR", IDENT_AMOUNT, &v), "12.50");
	assert_str(found("solde -45,10 EUR", IDENT_AMOUNT, &v), "-45.10");
	assert_str(found("0,99€", IDENT_AMOUNT, &v), "0.99");
	assert_int(v, ==, 1);
	/* numbers without a currency are no amounts */
	assert_str(found("1.234,56", IDENT_AMOUNT, &v), "");
	assert_str(found("page 3 of 4", IDENT_AMOUNT, &v), "");
}

DEFINE_TEST(test_ident_dossier_ref)
{
	struct ident id;

	assert_int(ident_find("DOSSIER:HH-2024-0042", IDENT_DOSSIER_REF, &id),
	    ==, 1);
	assert_str(id.norm, "HH-2024-0042");
	assert_int(ident_find("cover DOSSIER:ab/12.", IDENT_DOSSIER_REF, &id),
	    ==, 1);
	assert_str(id.norm, "ab/12");
	/* a "dossier:" in running text is not a cover-sheet reference */
	assert_int(ident_find("votre dossier: 2024/1", IDENT_DOSSIER_REF, &id),
	    ==, 0);
	assert_int(ident_find("Dossier:X1", IDENT_DOSSIER_REF, &id), ==, 0);
}

static int
count_cb(const struct ident *id, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

DEFINE_TEST(test_ident_hostile)
{
	size_t n = 4 * 1024 * 1024, i;
	char *t = malloc(n + 1);
	int count = 0;

	/* digits and separators forever: bounded, no crash */
	for (i = 0; i < n; i++)
		t[i] = "0123456789 .-/,o€"[i % 17];
	t[n] = '\0';
	ident_scan(t, n, NULL, NULL, count_cb, &count);
	assert_int(count, >=, 0);
	memset(t, '9', n);
	ident_scan(t, n, NULL, NULL, count_cb, &count);
	free(t);
	assert_int(ident_scan("", 0, NULL, NULL, count_cb, &count), ==, 0);
}

DEFINE_TEST(test_ident_ocr_digits)
{
	int v;

	/* O read for 0 in an IBAN's check digits and a Belgian BBAN */
	assert_str(found("IBAN BEO6 5394 6648 4735", IDENT_IBAN, &v),
	    "BE06539466484735");
	assert_int(v, ==, 1);
	assert_str(found("IBAN BE68 539O O754 7O34", IDENT_IBAN, &v),
	    "BE68539007547034");
	assert_int(v, ==, 1);
	/* never in validating: a misread that fails stays invalid */
	assert_str(found("IBAN BEOS 4306 9944 1083", IDENT_IBAN, &v), "");
	assert_str(found("IBAN BEO7 5394 6648 4735", IDENT_IBAN, &v),
	    "BE07539466484735");
	assert_int(v, ==, 0);
	/* a NIR whose key was read "Ol" */
	assert_str(found("N° 2 70 11 24 187 766 Ol", IDENT_NIR, &v),
	    "270112418776601");
	/* a lone word "ol" or "lo" is no digit group */
	assert_str(found("le lo ol", IDENT_NATIONAL_ID, &v), "");
	assert_str(found("ol 85.07.30-033.28", IDENT_NATIONAL_ID, &v),
	    "85073003328");
	assert_int(v, ==, 1);
}
