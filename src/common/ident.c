/*
 * ident.c - identifiers and fields in normalised text (see ident.h)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "identscan.h"
#include "textnorm.h"

void
scan_report(struct scan *sc, enum ident_kind kind, size_t start, size_t end,
    const char *norm, int valid)
{
	struct ident id;

	if (sc->stop)
		return;
	id.kind = kind;
	id.start = start;
	id.end = end;
	snprintf(id.norm, sizeof(id.norm), "%s", norm);
	id.valid = valid;
	sc->count++;
	if (sc->cb(&id, sc->arg) != 0)
		sc->stop = 1;
}

int
scan_at(const struct scan *sc, size_t i)
{
	return i < sc->n ? (unsigned char)sc->t[i] : '\0';
}

int
scan_left_ok(const struct scan *sc, size_t i)
{
	return i == 0 || !ISALNUM((unsigned char)sc->t[i - 1]);
}

const char *
ident_kind_name(enum ident_kind k)
{
	switch (k) {
	case IDENT_DOSSIER_REF:
		return "dossier_ref";
	case IDENT_NATIONAL_ID:
		return "national_id";
	case IDENT_NIR:
		return "nir";
	case IDENT_IBAN:
		return "iban";
	case IDENT_DATE:
		return "date";
	case IDENT_AMOUNT:
		return "amount";
	}
	return "unknown";
}

/* ---- digit groups, tolerant of OCR separators -------------------- */

#define GROUPS_MAX	12
#define GROUP_CHARS	24

struct groups {
	int	 n;				/* groups collected */
	int	 cum[GROUPS_MAX];		/* chars up to the end of each */
	size_t	 end[GROUPS_MAX];		/* text offset after each */
	char	 c[GROUP_CHARS + 1];		/* the characters, 'o' -> '0' */
	int	 len;
};

/*
 * sep_len - length of a group separator at I (1-3 chars, one non-space);
 * OCR reads a dot as ':' or ',' often enough to accept them: the check
 * digits, not the punctuation, decide whether a number is valid
 */
static size_t
sep_len(const struct scan *sc, size_t i)
{
	size_t j = i;
	int marks = 0;

	while (j < sc->n && j - i < 3) {
		int c = scan_at(sc, j);

		if (c == ' ')
			;
		else if (c == '.' || c == '-' || c == '/' || c == ':' ||
		    c == ',')
			marks++;
		else
			break;
		j++;
	}
	if (j == i || marks > 1)
		return 0;
	return j - i;
}

/*
 * collect - read digit groups from I; EXTRA are letters also allowed in a
 * group (kept as they are); an 'o' next to a digit is read as 0
 */
static void
collect(const struct scan *sc, size_t i, const char *extra, struct groups *g)
{
	size_t j, s;
	int digits, c;

	g->n = 0;
	g->len = 0;
	while (g->n < GROUPS_MAX && i < sc->n) {
		j = i;
		digits = 0;
		while (j < sc->n) {
			c = scan_at(sc, j);
			if (ISDIGIT(c))
				digits++;
			else if (c != 'o' && c != 'l' && (extra == NULL ||
			    c == '\0' || strchr(extra, c) == NULL))
				break;
			if (g->len >= GROUP_CHARS)
				return;
			g->c[g->len++] = (char)(c == 'o' ? '0' : c == 'l' ?
			    '1' : c);
			j++;
		}
		/*
		 * a group needs a digit, but OCR may read a short trailing
		 * group of check digits as letters only ("01" as "ol")
		 */
		if (j == i || (digits == 0 && (g->n == 0 || j - i > 2)) ||
		    (j < sc->n && ISALNUM(scan_at(sc, j)))) {
			/* a word, not a group: drop what it added */
			g->len -= (int)(j - i);
			break;
		}
		g->cum[g->n] = g->len;
		g->end[g->n] = j;
		g->n++;
		if ((s = sep_len(sc, j)) == 0 || j + s >= sc->n)
			break;
		c = scan_at(sc, j + s);
		if (!(ISDIGIT(c) || ((c == 'o' || c == 'l') &&
		    (ISDIGIT(scan_at(sc, j + s + 1)) || scan_at(sc, j + s + 1) == 'o' ||
		    scan_at(sc, j + s + 1) == 'l')) || (extra != NULL &&
		    strchr(extra, c) != NULL)))
			break;
		i = j + s;
	}
	g->c[g->len] = '\0';
}

/*
 * fits - the number of groups whose characters total WANT with every
 * group boundary in the 0-terminated list OK; 0 if none
 */
static int
fits(const struct groups *g, int want, const int *ok)
{
	int k, b, found;

	for (k = 0; k < g->n; k++) {
		if (g->cum[k] == want)
			return k + 1;
		if (g->cum[k] > want)
			return 0;
		found = 0;
		for (b = 0; ok[b] != 0; b++)
			if (ok[b] == g->cum[k])
				found = 1;
		if (!found)
			return 0;
	}
	return 0;
}

/* ---- Belgian national register number ---------------------------- */

long
scan_num(const char *d, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v * 10 + (d[i] - '0');
	return v;
}

int
ident_niss_check(const char *d)
{
	long first9, check, mm, dd, serial;
	int i;

	for (i = 0; i < 11; i++)
		if (!ISDIGIT((unsigned char)d[i]))
			return 0;
	if (d[11] != '\0')
		return 0;
	mm = scan_num(d + 2, 2);
	dd = scan_num(d + 4, 2);
	serial = scan_num(d + 6, 3);
	if (mm >= 40)
		mm -= 40;
	else if (mm >= 20)
		mm -= 20;
	if (mm > 12 || dd > 31 || serial < 1 || serial > 998)
		return 0;
	first9 = scan_num(d, 9);
	check = scan_num(d + 9, 2);
	if (check == 97 - first9 % 97)
		return 1;
	if (check == 97 - (2000000000L + first9) % 97)
		return 1;
	return 0;
}

static void
scan_niss(struct scan *sc)
{
	static const int ok[] = { 2, 4, 6, 9, 0 };
	struct groups g;
	size_t i, end;
	int k;

	for (i = 0; i < sc->n && !sc->stop; i++) {
		if (!ISDIGIT(scan_at(sc, i)) || !scan_left_ok(sc, i))
			continue;
		collect(sc, i, NULL, &g);
		if ((k = fits(&g, 11, ok)) == 0)
			continue;
		end = g.end[k - 1];
		g.c[11] = '\0';
		scan_report(sc, IDENT_NATIONAL_ID, i, end, g.c,
		    ident_niss_check(g.c));
		i = end;
	}
}

/* ---- French NIR -------------------------------------------------- */

int
ident_nir_check(const char *s)
{
	char d[14];
	long long v = 0;
	int i, key;

	if (strlen(s) != 15)
		return 0;
	if (s[0] < '1' || s[0] > '8')
		return 0;
	memcpy(d, s, 13);
	d[13] = '\0';
	/* department letters sit at offsets 5-6: "2A" or "2B" */
	if (d[6] == 'A' || d[6] == 'a' || d[6] == 'B' || d[6] == 'b') {
		if (d[5] != '2')
			return 0;
		d[5] = '1';
		d[6] = (d[6] == 'A' || d[6] == 'a') ? '9' : '8';
	}
	for (i = 0; i < 13; i++) {
		if (!ISDIGIT((unsigned char)d[i]))
			return 0;
		v = v * 10 + (d[i] - '0');
	}
	if (!ISDIGIT((unsigned char)s[13]) || !ISDIGIT((unsigned char)s[14]))
		return 0;
	key = (s[13] - '0') * 10 + (s[14] - '0');
	return key == 97 - (int)(v % 97);
}

static void
scan_nir(struct scan *sc)
{
	static const int ok[] = { 1, 3, 5, 7, 10, 13, 0 };
	struct groups g;
	size_t i, end;
	int k, j;
	char norm[16];

	for (i = 0; i < sc->n && !sc->stop; i++) {
		if (scan_at(sc, i) < '1' || scan_at(sc, i) > '8' || !scan_left_ok(sc, i))
			continue;
		collect(sc, i, "ab", &g);
		if ((k = fits(&g, 15, ok)) == 0)
			continue;
		/* letters only as the second character of the department */
		for (j = 0; j < 15; j++)
			if (ISLOWER((unsigned char)g.c[j]) && (j != 6 ||
			    g.c[5] != '2'))
				break;
		if (j < 15)
			continue;
		end = g.end[k - 1];
		for (j = 0; j < 15; j++)
			norm[j] = (char)(ISLOWER((unsigned char)g.c[j]) ?
			    g.c[j] - 32 : g.c[j]);
		norm[15] = '\0';
		scan_report(sc, IDENT_NIR, i, end, norm, ident_nir_check(norm));
		i = end;
	}
}

/* ---- IBAN -------------------------------------------------------- */

static const struct {
	char	 cc[3];
	int	 len;
} iban_lengths[] = {
	{ "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 },
	{ "BA", 20 }, { "BE", 16 }, { "BG", 22 }, { "BH", 22 }, { "BR", 29 },
	{ "CH", 21 }, { "CR", 22 }, { "CY", 28 }, { "CZ", 24 }, { "DE", 22 },
	{ "DK", 18 }, { "DO", 28 }, { "EE", 20 }, { "EG", 29 }, { "ES", 24 },
	{ "FI", 18 }, { "FO", 18 }, { "FR", 27 }, { "GB", 22 }, { "GE", 22 },
	{ "GI", 23 }, { "GL", 18 }, { "GR", 27 }, { "GT", 28 }, { "HR", 21 },
	{ "HU", 28 }, { "IE", 22 }, { "IL", 23 }, { "IS", 26 }, { "IT", 27 },
	{ "JO", 30 }, { "KW", 30 }, { "KZ", 20 }, { "LB", 28 }, { "LI", 21 },
	{ "LT", 20 }, { "LU", 20 }, { "LV", 21 }, { "MC", 27 }, { "MD", 24 },
	{ "ME", 22 }, { "MK", 19 }, { "MR", 27 }, { "MT", 31 }, { "MU", 30 },
	{ "NL", 18 }, { "NO", 15 }, { "PK", 24 }, { "PL", 28 }, { "PS", 29 },
	{ "PT", 25 }, { "QA", 29 }, { "RO", 24 }, { "RS", 22 }, { "SA", 24 },
	{ "SE", 24 }, { "SI", 19 }, { "SK", 24 }, { "SM", 27 }, { "TN", 24 },
	{ "TR", 26 }, { "UA", 29 }, { "VA", 22 }, { "VG", 24 }, { "XK", 20 },
};

int
ident_iban_length(const char *cc)
{
	size_t i;
	char u[3];

	if (cc[0] == '\0' || cc[1] == '\0')
		return 0;
	u[0] = (char)(ISLOWER((unsigned char)cc[0]) ? cc[0] - 32 : cc[0]);
	u[1] = (char)(ISLOWER((unsigned char)cc[1]) ? cc[1] - 32 : cc[1]);
	u[2] = '\0';
	for (i = 0; i < sizeof(iban_lengths) / sizeof(iban_lengths[0]); i++)
		if (strcmp(iban_lengths[i].cc, u) == 0)
			return iban_lengths[i].len;
	return 0;
}

/* iban_mod97 - the ISO 7064 remainder of the compact IBAN S (N chars) */
static int
iban_mod97(const char *s, size_t n)
{
	unsigned r = 0;
	size_t i, k;
	int c;

	for (k = 0; k < n; k++) {
		i = (k + 4) % n;	/* the first four characters go last */
		c = (unsigned char)s[i];
		if (ISDIGIT(c))
			r = (r * 10 + (unsigned)(c - '0')) % 97;
		else if (ISLOWER(c))
			r = (r * 100 + (unsigned)(c - 'a' + 10)) % 97;
		else if (c >= 'A' && c <= 'Z')
			r = (r * 100 + (unsigned)(c - 'A' + 10)) % 97;
		else
			return -1;
	}
	return (int)r;
}

int
ident_iban_check(const char *s)
{
	char c[40];
	size_t n = 0;
	int want;

	for (; *s != '\0'; s++) {
		if (*s == ' ')
			continue;
		if (!ISALNUM((unsigned char)*s) || n >= 34)
			return 0;
		c[n++] = *s;
	}
	c[n] = '\0';
	if (n < 15)
		return 0;
	if (ISDIGIT((unsigned char)c[0]) || ISDIGIT((unsigned char)c[1]) ||
	    !ISDIGIT((unsigned char)c[2]) || !ISDIGIT((unsigned char)c[3]))
		return 0;
	want = ident_iban_length(c);
	if (want != 0 && (size_t)want != n)
		return 0;
	return iban_mod97(c, n) == 1;
}

#define DIGITISH(c)	(ISDIGIT(c) || (c) == 'o' || (c) == 'l')

/* bban_digits - 1 if the country CC (2 letters) has a BBAN of digits only */
static int
bban_digits(const char *cc)
{
	static const char *const numeric[] = { "be", "de", "at", "dk", "fi",
		"no", "pl", "pt", "es", "se", "si", "sk", "cz", "hu", "lu",
		NULL };
	int k;

	for (k = 0; numeric[k] != NULL; k++)
		if (cc[0] == numeric[k][0] && cc[1] == numeric[k][1])
			return 1;
	return 0;
}

static void
scan_iban(struct scan *sc)
{
	char c[40];
	size_t i, j, end, n, glen;
	int want, valid, k;

	for (i = 0; i + 4 < sc->n && !sc->stop; i++) {
		if (!ISLOWER(scan_at(sc, i)) || !ISLOWER(scan_at(sc, i + 1)) ||
		    !DIGITISH(scan_at(sc, i + 2)) || !DIGITISH(scan_at(sc, i + 3)) ||
		    (!ISDIGIT(scan_at(sc, i + 2)) && !ISDIGIT(scan_at(sc, i + 3))) ||
		    !scan_left_ok(sc, i))
			continue;
		want = ident_iban_length(sc->t + i);
		for (j = i; j < sc->n && ISALNUM(scan_at(sc, j)); j++)
			;
		n = 0;
		end = 0;
		if (j - i > 4) {
			/* written in one piece */
			if (j - i > 34 || (want != 0 && j - i != (size_t)want))
				continue;
			for (k = 0; k < (int)(j - i); k++)
				c[n++] = sc->t[i + (size_t)k];
			end = j;
		} else if (j - i == 4) {
			/* in groups of four, the last one shorter */
			memcpy(c, sc->t + i, 4);
			n = 4;
			end = j;
			while (scan_at(sc, end) == ' ' && ISALNUM(scan_at(sc, end + 1))) {
				for (glen = 0; ISALNUM(scan_at(sc, end + 1 + glen));
				    glen++)
					;
				if (glen > 4 || n + glen > 34 ||
				    (want != 0 && n + glen > (size_t)want))
					break;
				memcpy(c + n, sc->t + end + 1, glen);
				n += glen;
				end += 1 + glen;
				if (glen < 4 || (want != 0 && n == (size_t)want))
					break;
			}
			if (want != 0 ? n != (size_t)want : n < 15)
				continue;
		} else
			continue;
		/*
		 * no IBAN is shorter (Norway's 15): a run of a country
		 * unknown here passed mod 97 one time in 97 ("vv1111")
		 */
		if (n < 15)
			continue;
		c[n] = '\0';
		/* OCR's O for 0 and l for 1: in the check digits, and in
		 * the whole BBAN of countries whose BBAN is digits only */
		for (k = 2; k < (int)n; k++)
			if ((k < 4 || bban_digits(sc->t + i)) &&
			    (c[k] == 'o' || c[k] == 'l'))
				c[k] = c[k] == 'o' ? '0' : '1';
		for (k = 0; k < (int)n; k++)
			if (ISLOWER((unsigned char)c[k]))
				c[k] = (char)(c[k] - 32);
		valid = iban_mod97(c, n) == 1;
		if (want == 0 && !valid)
			continue;	/* unknown country: only sure finds */
		scan_report(sc, IDENT_IBAN, i, end, c, valid);
		i = end;
	}
}

/* ---- amounts ----------------------------------------------------- */

/*
 * number_at - a decimal number at I written with thousands separators
 * ('.', ',', ' ', '\'') and a decimal comma or point; fills the digits
 * before and after the decimal mark; returns the end offset, or 0
 */
static size_t
number_at(const struct scan *sc, size_t i, char *ip, size_t iplen, char *fp)
{
	size_t gs[8], ge[8], j = i, k;
	int ng = 0, c, g, last, dec;
	char seps[8];

	while (ng < 8) {
		gs[ng] = j;
		while (ISDIGIT(scan_at(sc, j)))
			j++;
		ge[ng] = j;
		c = scan_at(sc, j);
		ng++;
		if ((c == '.' || c == ',' || c == ' ' || c == '\'') &&
		    ISDIGIT(scan_at(sc, j + 1)) && ng < 8) {
			seps[ng - 1] = (char)c;
			j++;
			continue;
		}
		break;
	}
	/* drop trailing groups until the rest reads as one number */
	for (last = ng; last >= 1; last--) {
		dec = 0;
		if (last >= 2 && (seps[last - 2] == ',' ||
		    seps[last - 2] == '.') && ge[last - 1] - gs[last - 1] <= 2)
			dec = 1;
		/* the integer groups: first 1-3 digits, then groups of 3 */
		if (last - dec > 1) {
			if (ge[0] - gs[0] > 3)
				continue;
			for (g = 1; g < last - dec; g++)
				if (ge[g] - gs[g] != 3 || seps[g - 1] !=
				    seps[0] || (dec && seps[g - 1] ==
				    seps[last - 2]))
					break;
			if (g < last - dec)
				continue;
		} else if (ge[0] - gs[0] > 12)
			return 0;
		break;
	}
	if (last < 1)
		return 0;
	k = 0;
	for (g = 0; g < last - dec; g++) {
		size_t p;

		for (p = gs[g]; p < ge[g] && k + 1 < iplen; p++)
			if (k > 0 || sc->t[p] != '0' || p + 1 == ge[g])
				ip[k++] = sc->t[p];
	}
	if (k == 0)
		ip[k++] = '0';
	ip[k] = '\0';
	if (k > 13)
		return 0;
	fp[0] = fp[1] = '0';
	fp[2] = '\0';
	if (dec) {
		fp[0] = sc->t[gs[last - 1]];
		if (ge[last - 1] - gs[last - 1] == 2)
			fp[1] = sc->t[gs[last - 1] + 1];
	}
	return ge[last - 1];
}

static int
starts(const struct scan *sc, size_t i, const char *s)
{
	size_t n = strlen(s);

	return i + n <= sc->n && memcmp(sc->t + i, s, n) == 0;
}

#define EURO	"\xE2\x82\xAC"

/* currency_after - the end of "EUR", "euro(s)" or the euro sign at I */
static size_t
currency_after(const struct scan *sc, size_t i)
{
	if (scan_at(sc, i) == ' ')
		i++;
	if (starts(sc, i, EURO))
		return i + 3;
	if (starts(sc, i, "euros") && !ISALNUM(scan_at(sc, i + 5)))
		return i + 5;
	if (starts(sc, i, "euro") && !ISALNUM(scan_at(sc, i + 4)))
		return i + 4;
	if (starts(sc, i, "eur") && !ISALNUM(scan_at(sc, i + 3)))
		return i + 3;
	return 0;
}

/* currency_before - the start of a currency just before I, or -1 */
static long
currency_before(const struct scan *sc, size_t i)
{
	size_t j = i;

	if (j > 0 && sc->t[j - 1] == ' ')
		j--;
	if (j >= 3 && memcmp(sc->t + j - 3, EURO, 3) == 0)
		return (long)(j - 3);
	if (j >= 3 && memcmp(sc->t + j - 3, "eur", 3) == 0 &&
	    (j == 3 || !ISALNUM((unsigned char)sc->t[j - 4])))
		return (long)(j - 3);
	return -1;
}

static void
scan_amounts(struct scan *sc)
{
	char ip[16], fp[3], norm[24];
	size_t i, end, cend, start;
	long cb;
	int neg;
	unsigned char p;

	for (i = 0; i < sc->n && !sc->stop; i++) {
		if (!ISDIGIT(scan_at(sc, i)))
			continue;
		if (i > 0) {
			p = (unsigned char)sc->t[i - 1];
			if (ISALNUM(p))
				continue;
			if ((p == '.' || p == ',') && i >= 2 &&
			    ISDIGIT((unsigned char)sc->t[i - 2]))
				continue;
		}
		if ((end = number_at(sc, i, ip, sizeof(ip), fp)) == 0)
			continue;
		if (ISALNUM(scan_at(sc, end)) && !starts(sc, end, "eur"))
			continue;
		/* a minus sign, but not the dash of a range "10-12" */
		neg = i > 0 && sc->t[i - 1] == '-' && (i < 2 ||
		    !ISDIGIT((unsigned char)sc->t[i - 2]));
		start = neg ? i - 1 : i;
		if ((cend = currency_after(sc, end)) != 0)
			end = cend;
		else if ((cb = currency_before(sc, start)) >= 0) {
			start = (size_t)cb;
			if (!neg && start > 0 && sc->t[start - 1] == '-') {
				neg = 1;
				start--;
			}
		} else {
			i = end;
			continue;
		}
		snprintf(norm, sizeof(norm), "%s%s.%s", neg ? "-" : "", ip,
		    fp);
		scan_report(sc, IDENT_AMOUNT, start, end, norm, 1);
		i = end;
	}
}

/* ---- cover-sheet references -------------------------------------- */

static int
refchar(int c)
{
	return ISALNUM(c) || c == '-' || c == '_' || c == '.' || c == '/';
}

/*
 * orig_ref - the reference at J (LEN normalised bytes) as written in the
 * source, into NORM; -1 if there is no source or it is not plain ASCII
 */
static int
orig_ref(const struct scan *sc, size_t j, size_t len, char *norm)
{
	size_t s, e, k;

	if (sc->orig == NULL || sc->map == NULL)
		return -1;
	s = sc->map[j];
	e = j + len < sc->n ? sc->map[j + len] : sc->map[sc->n];
	while (e > s && (sc->orig[e - 1] == ' ' || sc->orig[e - 1] == '\t' ||
	    sc->orig[e - 1] == '\n' || sc->orig[e - 1] == '\r'))
		e--;
	if (e < s || e - s != len)
		return -1;
	for (k = s; k < e; k++)
		if (!refchar((unsigned char)sc->orig[k]))
			return -1;
	memcpy(norm, sc->orig + s, len);
	norm[len] = '\0';
	return 0;
}

static void
scan_refs(struct scan *sc)
{
	char norm[IDENT_REF_MAX + 1];
	size_t i = 0, j, k, len;
	const char *h;

	while (i < sc->n && !sc->stop) {
		h = memmem(sc->t + i, sc->n - i, "dossier:", 8);
		if (h == NULL)
			break;
		i = (size_t)(h - sc->t);
		j = i + 8;
		if (!scan_left_ok(sc, i) || !ISALNUM(scan_at(sc, j))) {
			i = j;
			continue;
		}
		if (sc->orig != NULL && sc->map != NULL && (sc->map[i] + 8 >
		    sc->map[sc->n] || memcmp(sc->orig + sc->map[i],
		    "DOSSIER:", 8) != 0)) {
			i = j;
			continue;
		}
		for (k = j; refchar(scan_at(sc, k)); k++)
			;
		while (k > j && !ISALNUM(scan_at(sc, k - 1)))
			k--;	/* trailing punctuation ends a sentence */
		len = k - j;
		if (len > IDENT_REF_MAX) {
			i = k;
			continue;
		}
		if (orig_ref(sc, j, len, norm) < 0) {
			memcpy(norm, sc->t + j, len);
			for (k = 0; k < len; k++)
				if (ISLOWER((unsigned char)norm[k]))
					norm[k] = (char)(norm[k] - 32);
			norm[len] = '\0';
		}
		scan_report(sc, IDENT_DOSSIER_REF, i, j + len, norm, 1);
		i = j + len;
	}
}

size_t
ident_scan(const char *t, size_t len, const char *orig, const uint32_t *map,
    ident_cb cb, void *arg)
{
	struct scan sc;

	sc.t = t;
	sc.n = len;
	sc.orig = orig;
	sc.map = map;
	sc.cb = cb;
	sc.arg = arg;
	sc.count = 0;
	sc.stop = 0;
	scan_refs(&sc);
	scan_niss(&sc);
	scan_nir(&sc);
	scan_iban(&sc);
	scan_dates(&sc);
	scan_amounts(&sc);
	return sc.count;
}

struct find_arg {
	enum ident_kind kind;
	struct ident *out;
	int	 found;
};

static int
find_cb(const struct ident *id, void *arg)
{
	struct find_arg *fa = arg;

	if (id->kind != fa->kind)
		return 0;
	*fa->out = *id;
	fa->found = 1;
	return 1;
}

int
ident_find(const char *raw, enum ident_kind kind, struct ident *out)
{
	struct find_arg fa;
	struct textnorm tn;

	fa.kind = kind;
	fa.out = out;
	fa.found = 0;
	textnorm_init(&tn);
	textnorm_run(&tn, raw, strlen(raw), 1);
	ident_scan(tn.out.buf, tn.out.len, raw, tn.map, find_cb, &fa);
	textnorm_release(&tn);
	return fa.found;
}
