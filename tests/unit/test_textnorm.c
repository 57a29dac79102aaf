/*
 * test_textnorm.c - normalisation of OCR text
 */
#include <stdlib.h>
#include <string.h>

#include "textnorm.h"
#include "unit.h"

static char *
norm(const char *s)
{
	static char *last;

	free(last);
	last = textnorm_str(s);
	return last;
}

DEFINE_TEST(test_textnorm_fold)
{
	assert_str(norm("Décision du CPAS"), "decision du cpas");
	assert_str(norm("STRAßE Œuvre Æsop ĳs Łódź"), "strasse oeuvre aesop "
	    "ijs lodz");
	assert_str(norm("Composition de ménage"), "composition de menage");
	assert_str(norm("\xef\xac\x81" "che"), "fiche");	/* ligature fi */
	assert_str(norm("l\xe2\x80\x99" "avis \xe2\x80\x93 n\xc2\xb0"),
	    "l'avis - n\xc2\xb0");
	assert_str(norm("ÀÉÎÕÜ àéîõü ÿ Ç ç Ñ"), "aeiou aeiou y c c n");
}

DEFINE_TEST(test_textnorm_space)
{
	assert_str(norm("  a\t\tb\r\n\n c \xc2\xa0 d  "), "a b c d");
	assert_str(norm(""), "");
	assert_str(norm(" \n\t "), "");
	/* hyphenation at a line break */
	assert_str(norm("attesta-\ntion de reve-  \n  nus"),
	    "attestation de revenus");
	/* not before a capital: a compound name */
	assert_str(norm("Jean-\nPierre"), "jean- pierre");
	assert_str(norm("soft\xc2\xad" "hyphen"), "softhyphen");
}

DEFINE_TEST(test_textnorm_invalid_utf8)
{
	struct textnorm tn;
	const char bad[] = "a\xff" "b\xc3" "\xc0\xaf" "\xed\xa0\x80" "c\xf4\x90"
	    "\x80\x80" "d\x00" "e";

	textnorm_init(&tn);
	assert_int(textnorm_run(&tn, bad, sizeof(bad) - 1, 1), ==, 0);
	assert_int(textnorm_utf8_valid(tn.out.buf, tn.out.len), ==, 1);
	assert_true(strncmp(tn.out.buf, "a\xef\xbf\xbd" "b", 5) == 0);
	assert_int(tn.map[tn.out.len], ==, sizeof(bad) - 1);
	assert_int(textnorm_utf8_valid("\xc3\xa9", 2), ==, 1);
	assert_int(textnorm_utf8_valid("\xc0\xaf", 2), ==, 0);
	assert_int(textnorm_utf8_valid("\xe2\x82", 2), ==, 0);
	textnorm_release(&tn);
}

DEFINE_TEST(test_textnorm_map)
{
	struct textnorm tn;
	const char *src = "Né  à\nGand";

	textnorm_init(&tn);
	textnorm_run(&tn, src, strlen(src), 1);
	assert_str(tn.out.buf, "ne a gand");
	assert_int(tn.map[0], ==, 0);
	assert_int(tn.map[1], ==, 1);	/* é starts at byte 1 */
	assert_int(tn.map[2], ==, 3);	/* the space run */
	assert_int(tn.map[3], ==, 5);	/* à */
	assert_int(tn.map[5], ==, 8);	/* G */
	assert_int(tn.map[tn.out.len], ==, strlen(src));
	textnorm_release(&tn);
}

DEFINE_TEST(test_textnorm_big)
{
	size_t n = 10 * 1024 * 1024, i;
	char *s = malloc(n);
	struct textnorm tn;

	for (i = 0; i < n; i++)
		s[i] = (char)(i * 2654435761u >> 13);	/* bytes of all kinds */
	textnorm_init(&tn);
	assert_int(textnorm_run(&tn, s, n, 1), ==, 0);
	assert_int(textnorm_utf8_valid(tn.out.buf, tn.out.len), ==, 1);
	assert_true(tn.out.len <= 3 * n);
	assert_int(tn.map[tn.out.len], ==, n);
	textnorm_release(&tn);
	free(s);
}

DEFINE_TEST(test_textnorm_find)
{
	const char *t = "facture d'electricite factures lease";

	assert_int(textnorm_find(t, strlen(t), 0, "facture", 7, 0), ==, 0);
	assert_int(textnorm_find(t, strlen(t), 1, "facture", 7, 0), ==,
	    (size_t)-1);
	assert_int(textnorm_find(t, strlen(t), 1, "facture", 7, 1), ==, 22);
	assert_int(textnorm_find(t, strlen(t), 0, "ease", 4, 0), ==,
	    (size_t)-1);
	assert_int(textnorm_find(t, strlen(t), 0, "electricite", 11, 0), ==, 10);
}

DEFINE_TEST(test_textnorm_lang)
{
	const char *fr = "nous vous informons que le conseil a pris une "
	    "decision pour votre dossier et que la somme est versee";
	const char *nl = "wij delen u mee dat het comite een beslissing "
	    "heeft genomen voor uw dossier en dat het bedrag wordt betaald";
	const char *en = "we inform you that the committee has taken a "
	    "decision on your file and that the amount will be paid";
	const char *de = "wir teilen ihnen mit dass der ausschuss eine "
	    "entscheidung ist und die summe wird auf das konto gezahlt";

	assert_str(textnorm_lang(fr, strlen(fr)), "fra");
	assert_str(textnorm_lang(nl, strlen(nl)), "nld");
	assert_str(textnorm_lang(en, strlen(en)), "eng");
	assert_str(textnorm_lang(de, strlen(de)), "deu");
	assert_str(textnorm_lang("", 0), "und");
	assert_str(textnorm_lang("12 34 56 xx", 11), "und");
	/* a leader with fewer stop words than asked is no language */
	assert_str(textnorm_lang("le la et", 8), "fra");
	assert_str(textnorm_lang_clear("le la et", 8), "und");
	assert_str(textnorm_lang_clear(fr, strlen(fr)), "fra");
	assert_str(textnorm_lang_clear(en, strlen(en)), "eng");
	/* 5 French to 3 English: a language, but not clearly */
	assert_str(textnorm_lang("le la et les une the of and", 27), "fra");
	assert_str(textnorm_lang_clear("le la et les une the of and", 27), "und");
}
