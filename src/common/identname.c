/*
 * identname.c - a registered person's name in page text (see ident.h)
 *
 * Names are not extracted from the text by guessing where one is written
 * (a letter names people in its address block, its body, a table, in any
 * order): the linking rule has the registry, so it asks whether the name
 * of a given person is in the text, word by word.  Both sides are in the
 * normalised form of textnorm.h (lower case, Latin accents dropped); the
 * Vietnamese letters of Latin Extended Additional, which textnorm keeps,
 * are folded to their base letter here so that "Nguyễn" matches an OCR
 * "Nguyen".
 */
#include <stdint.h>
#include <string.h>

#include "ident.h"
#include "textnorm.h"

#define NAME_WORDS	16		/* words of one name kept */
#define WORD_CPS	48		/* code points of one word kept */

struct word {
	uint32_t cp[WORD_CPS];
	size_t	 n;			/* code points (at most WORD_CPS) */
	size_t	 start, end;		/* bytes in its text */
};

/* fold_extra - the base letter of a Vietnamese letter, or CP */
static uint32_t
fold_extra(uint32_t cp)
{
	static const struct {
		uint32_t lo, hi;
		char	 to;
	} f[] = {
		{ 0x01A0, 0x01A1, 'o' }, { 0x01AF, 0x01B0, 'u' },
		{ 0x1EA0, 0x1EB7, 'a' }, { 0x1EB8, 0x1EC7, 'e' },
		{ 0x1EC8, 0x1ECB, 'i' }, { 0x1ECC, 0x1EE3, 'o' },
		{ 0x1EE4, 0x1EF1, 'u' }, { 0x1EF2, 0x1EF9, 'y' },
	};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (cp >= f[i].lo && cp <= f[i].hi)
			return (uint32_t)f[i].to;
	return cp;
}

/*
 * next_word - the word of T (LEN bytes) that starts at or after *POS
 * into W; *POS moves past it.  0 when there is none.
 */
static int
next_word(const char *t, size_t len, size_t *pos, struct word *w)
{
	size_t i = *pos, k;
	uint32_t cp;

	while (i < len && !textnorm_isword((unsigned char)t[i]))
		i++;
	if (i >= len)
		return 0;
	w->start = i;
	w->n = 0;
	while (i < len && textnorm_isword((unsigned char)t[i])) {
		k = textnorm_decode((const unsigned char *)t + i, len - i, &cp);
		if (cp >= 'A' && cp <= 'Z')
			cp += 32;
		if (w->n < WORD_CPS)
			w->cp[w->n++] = fold_extra(cp);
		i += k;
	}
	w->end = i;
	*pos = i;
	return 1;
}

/* split - the words of the NUL-terminated S into W (at most MAX); count */
static size_t
split(const char *s, struct word *w, size_t max)
{
	size_t n = 0, pos = 0, len = strlen(s);

	while (n < max && next_word(s, len, &pos, &w[n]))
		n++;
	return n;
}

/*
 * word_cost - 0 if A and B are the same word, 1 if one letter of a word
 * of 3 or more differs (an OCR substitution), else 2
 */
static int
word_cost(const struct word *a, const struct word *b)
{
	size_t i, diff = 0;

	if (a->n != b->n)
		return 2;
	for (i = 0; i < a->n; i++)
		if (a->cp[i] != b->cp[i])
			diff++;
	if (diff == 0)
		return 0;
	return diff == 1 && a->n >= 3 ? 1 : 2;
}

/*
 * match_at - the substitutions of the words PAT[0..NP-1] read from T at
 * *POS onward (word after word), or -1 if more than MAXSUB; the span in
 * *START, *END
 */
static int
match_at(const char *t, size_t len, size_t pos, struct word *const *pat,
    size_t np, int maxsub, size_t *start, size_t *end)
{
	struct word w;
	size_t k;
	int cost = 0;

	w.end = 0;

	for (k = 0; k < np; k++) {
		if (!next_word(t, len, &pos, &w))
			return -1;
		if (k == 0)
			*start = w.start;
		cost += word_cost(&w, pat[k]);
		if (cost > maxsub)
			return -1;
	}
	*end = w.end;
	return cost;
}

int
ident_name_find(const char *t, size_t len, const char *surname,
    const char *given, int maxsub, size_t *start, size_t *end)
{
	struct word sur[NAME_WORDS], giv[NAME_WORDS], w;
	struct word *pat[4][2 * NAME_WORDS];
	size_t ns, ng, np[4], npat = 0, k, p, pos, s = 0, e = 0;
	int best = -1, c;

	ns = split(surname, sur, NAME_WORDS);
	ng = given != NULL ? split(given, giv, NAME_WORDS) : 0;
	if (ns == 0)
		return -1;
	if (ng == 0)
		maxsub = 0;	/* a surname alone must be exact */
	/* surname given, given surname; and with the first given name */
	for (p = 0; p < (ng > 1 ? 4u : ng > 0 ? 2u : 1u); p++) {
		size_t gn = p >= 2 ? 1 : ng, n = 0;

		if (p % 2 == 1)
			for (k = 0; k < gn; k++)
				pat[npat][n++] = &giv[k];
		for (k = 0; k < ns; k++)
			pat[npat][n++] = &sur[k];
		if (p % 2 == 0)
			for (k = 0; k < gn; k++)
				pat[npat][n++] = &giv[k];
		np[npat++] = n;
	}
	pos = 0;
	while (best != 0 && next_word(t, len, &pos, &w)) {
		for (p = 0; p < npat && best != 0; p++) {
			c = match_at(t, len, w.start, pat[p], np[p], maxsub,
			    &s, &e);
			if (c >= 0 && (best < 0 || c < best)) {
				best = c;
				*start = s;
				*end = e;
			}
		}
	}
	return best;
}
