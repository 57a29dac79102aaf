/*
 * test_identname.c - a registered person's name in page text
 */
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "textnorm.h"
#include "unit.h"

/* subs - ident_name_find on the raw TEXT with raw SURNAME, GIVEN */
static int
subs(const char *text, const char *surname, const char *given, int maxsub)
{
	char *t = textnorm_str(text), *s = textnorm_str(surname);
	char *g = textnorm_str(given);
	size_t a, b;
	int rc = ident_name_find(t, strlen(t), s, g, maxsub, &a, &b);

	free(t);
	free(s);
	free(g);
	return rc;
}

DEFINE_TEST(test_identname_orders)
{
	assert_int(subs("Monsieur Marc Dubois\nRue", "Dubois", "Marc", 1), ==,
	    0);
	assert_int(subs("Naam: DUBOIS, Marc", "Dubois", "Marc", 1), ==, 0);
	assert_int(subs("Naam: Dubois Marc", "Dubois", "Marc", 0), ==, 0);
	/* accents and case */
	assert_int(subs("Mme NGUYEN Thi Lan", "Nguyễn", "Thi Lan", 0), ==, 0);
	assert_int(subs("Mme Nguyễn Thi Lan", "NGUYEN", "Thi Lan", 0), ==, 0);
	assert_int(subs("Madame Hélène Lefèvre", "LEFEVRE", "Helene", 0), ==,
	    0);
	/* compound surnames and the first given name alone */
	assert_int(subs("Dhr. Jan Van den Broeck", "Van den Broeck", "Jan",
	    0), ==, 0);
	assert_int(subs("Jean Dupont", "Dupont", "Jean-Pierre", 0), ==, 0);
	assert_int(subs("Jean-Pierre Dupont", "Dupont", "Jean-Pierre", 0), ==,
	    0);
}

DEFINE_TEST(test_identname_ocr)
{
	/* one letter read wrong: found with maxsub 1 only */
	assert_int(subs("Monsieur Marc Duhois", "Dubois", "Marc", 0), ==, -1);
	assert_int(subs("Monsieur Marc Duhois", "Dubois", "Marc", 1), ==, 1);
	assert_int(subs("Monsieur Marc Dubo1s", "Dubois", "Marc", 1), ==, 1);
	/* two letters: not the name */
	assert_int(subs("Monsieur Mare Duhois", "Dubois", "Marc", 1), ==, -1);
	/* the exact place wins over a place with a letter wrong */
	assert_int(subs("Marc Duhois, Marc Dubois", "Dubois", "Marc", 1), ==,
	    0);
	/* short words are never read with a letter wrong */
	assert_int(subs("An Janssens", "Janssens", "Al", 1), ==, -1);
	/* a surname alone must be exact */
	assert_int(subs("Dubois", "Dubois", "", 1), ==, 0);
	assert_int(subs("Duhois", "Dubois", "", 1), ==, -1);
}

DEFINE_TEST(test_identname_words)
{
	/* whole words only, one after the other */
	assert_int(subs("Marc Duboisier", "Dubois", "Marc", 1), ==, -1);
	assert_int(subs("Marc et Sophie Dubois", "Dubois", "Marc", 1), ==,
	    -1);
	assert_int(subs("Dubois", "Dubois", "Marc", 1), ==, -1);
	assert_int(subs("", "Dubois", "Marc", 1), ==, -1);
	assert_int(subs("Marc Dubois", "", "Marc", 1), ==, -1);
}
