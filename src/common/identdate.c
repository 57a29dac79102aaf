/*
 * identdate.c - dates, numeric and written in French, Dutch, English and
 * German, and the month a document is about (see ident.h; the scanner
 * and the other identifiers are ident.c)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "identscan.h"
#include "textnorm.h"

/* ---- dates ------------------------------------------------------- */

int
ident_date_check(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int max;

	if (y < 1800 || y > 2199 || m < 1 || m > 12 || d < 1)
		return 0;
	max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

int
ident_iso_date_check(const char *s)
{
	int i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !ISDIGIT((unsigned char)
		    s[i]))
			return 0;
	if (s[10] != '\0')
		return 0;
	return ident_date_check((int)scan_num(s, 4), (int)scan_num(s + 5, 2),
	    (int)scan_num(s + 8, 2));
}

static const struct {
	const char *w;
	int	 m;
} months[] = {
	/* French */
	{ "janvier", 1 }, { "fevrier", 2 }, { "mars", 3 }, { "avril", 4 },
	{ "mai", 5 }, { "juin", 6 }, { "juillet", 7 }, { "aout", 8 },
	{ "septembre", 9 }, { "octobre", 10 }, { "novembre", 11 },
	{ "decembre", 12 },
	/* Dutch */
	{ "januari", 1 }, { "februari", 2 }, { "maart", 3 }, { "mei", 5 },
	{ "juni", 6 }, { "juli", 7 }, { "augustus", 8 }, { "oktober", 10 },
	/* English */
	{ "january", 1 }, { "february", 2 }, { "march", 3 }, { "april", 4 },
	{ "may", 5 }, { "june", 6 }, { "july", 7 }, { "august", 8 },
	{ "september", 9 }, { "october", 10 }, { "november", 11 },
	{ "december", 12 },
	/* German */
	{ "januar", 1 }, { "februar", 2 }, { "marz", 3 }, { "maerz", 3 },
	{ "dezember", 12 },
	/* abbreviations */
	{ "jan", 1 }, { "janv", 1 }, { "feb", 2 }, { "febr", 2 },
	{ "fev", 2 }, { "fevr", 2 }, { "mar", 3 }, { "mrt", 3 },
	{ "apr", 4 }, { "avr", 4 }, { "jun", 6 }, { "jul", 7 },
	{ "juil", 7 }, { "aug", 8 }, { "sep", 9 }, { "sept", 9 },
	{ "oct", 10 }, { "okt", 10 }, { "nov", 11 }, { "dec", 12 },
	{ "dez", 12 },
};

int
ident_month(const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(months) / sizeof(months[0]); i++)
		if (strlen(months[i].w) == len && memcmp(months[i].w, w,
		    len) == 0)
			return months[i].m;
	return 0;
}

/* getnum - N..M digits at *I as a number, advancing *I; -1 if none */
static int
getnum(const struct scan *sc, size_t *i, int nmin, int nmax)
{
	int v = 0, k = 0;

	while (k < nmax && ISDIGIT(scan_at(sc, *i + (size_t)k))) {
		v = v * 10 + (scan_at(sc, *i + (size_t)k) - '0');
		k++;
	}
	if (k < nmin || ISDIGIT(scan_at(sc, *i + (size_t)k)))
		return -1;
	*i += (size_t)k;
	return v;
}

/* month_word - a month name at *I (optionally with '.'), advancing */
static int
month_word(const struct scan *sc, size_t *i)
{
	size_t j = *i;
	int m;

	if (!scan_left_ok(sc, j))
		return 0;
	while (ISLOWER(scan_at(sc, j)))
		j++;
	if (j == *i || j - *i > 10 || ISDIGIT(scan_at(sc, j)))
		return 0;
	if ((m = ident_month(sc->t + *i, j - *i)) == 0)
		return 0;
	if (scan_at(sc, j) == '.')
		j++;
	*i = j;
	return m;
}

/* space_year - " yyyy" at *I: the year, past it; or -1 */
static int
space_year(const struct scan *sc, size_t *i)
{
	if (scan_at(sc, *i) != ' ')
		return -1;
	++*i;
	return getnum(sc, i, 4, 4);
}

/* day_suffix - skip "er", "e", "ste", "de", "st", "nd", "rd", "th" */
static void
day_suffix(const struct scan *sc, size_t *i)
{
	static const char *const sfx[] = { "ste", "er", "re", "de", "st",
	    "nd", "rd", "th", "e", NULL };
	size_t n;
	int k;

	for (k = 0; sfx[k] != NULL; k++) {
		n = strlen(sfx[k]);
		if (*i + n <= sc->n && memcmp(sc->t + *i, sfx[k], n) == 0 &&
		    !ISALNUM(scan_at(sc, *i + n))) {
			*i += n;
			return;
		}
	}
}

struct date {
	size_t	 start, end;
	int	 y, m, d;
};

/*
 * two_more - at *J a separator, then a number of 1-2 digits into *B, the
 * separator SEP again, and a number of NMIN-NMAX digits into *C; 1 if so
 */
static int
two_more(const struct scan *sc, size_t *j, int sep, int nmin, int nmax,
    int *b, int *c)
{
	(*j)++;
	if ((*b = getnum(sc, j, 1, 2)) < 0 || scan_at(sc, *j) != sep)
		return 0;
	(*j)++;
	return (*c = getnum(sc, j, nmin, nmax)) >= 0;
}

/* set_ymd - the date Y-M-D into DT */
static void
set_ymd(struct date *dt, int y, int m, int d)
{
	dt->y = y;
	dt->m = m;
	dt->d = d;
}

/* date_at - a date starting at I into *DT; 1 if there is one */
static int
date_at(const struct scan *sc, size_t i, struct date *dt)
{
	size_t j = i;
	int a, b, c, sep, m;

	if (!scan_left_ok(sc, i))
		return 0;
	if (i >= 2 && (sc->t[i - 1] == '/' || sc->t[i - 1] == '.' ||
	    sc->t[i - 1] == '-') && ISDIGIT((unsigned char)sc->t[i - 2]))
		return 0;	/* inside a longer number */
	dt->start = i;
	if (ISDIGIT(scan_at(sc, i))) {
		if ((a = getnum(sc, &j, 1, 4)) < 0)
			return 0;
		sep = scan_at(sc, j);
		if (j - i == 4 && sep == '-') {
			/* yyyy-mm-dd */
			if (!two_more(sc, &j, '-', 1, 2, &b, &c))
				return 0;
			set_ymd(dt, a, b, c);
		} else if (j - i <= 2 && (sep == '/' || sep == '.' ||
		    sep == '-')) {
			/* dd/mm/yyyy */
			if (!two_more(sc, &j, sep, 4, 4, &b, &c))
				return 0;
			set_ymd(dt, c, b, a);
		} else if (j - i <= 2) {
			/* 1er janvier 2024 */
			day_suffix(sc, &j);
			if (scan_at(sc, j) == '.')
				j++;
			if (scan_at(sc, j) != ' ')
				return 0;
			j++;
			if (j + 3 <= sc->n && memcmp(sc->t + j, "of ", 3) == 0)
				j += 3;
			if ((m = month_word(sc, &j)) == 0 ||
			    (c = space_year(sc, &j)) < 0)
				return 0;
			set_ymd(dt, c, m, a);
		} else
			return 0;
	} else if (ISLOWER(scan_at(sc, i))) {
		/* March 3, 2025 */
		if ((m = month_word(sc, &j)) == 0 || scan_at(sc, j) != ' ')
			return 0;
		j++;
		if ((a = getnum(sc, &j, 1, 2)) < 0)
			return 0;
		day_suffix(sc, &j);
		if (scan_at(sc, j) == ',')
			j++;
		if ((c = space_year(sc, &j)) < 0)
			return 0;
		set_ymd(dt, c, m, a);
	} else
		return 0;
	if (ISALNUM(scan_at(sc, j)))
		return 0;
	if (dt->y < 1800 || dt->y > 2199 || dt->m < 1 || dt->m > 12 ||
	    dt->d < 1 || dt->d > 31)
		return 0;
	dt->end = j;
	return 1;
}

void
scan_dates(struct scan *sc)
{
	struct date dt;
	char norm[16];
	size_t i;

	for (i = 0; i < sc->n && !sc->stop; i++) {
		if (!ISALNUM(scan_at(sc, i)) || !date_at(sc, i, &dt))
			continue;
		snprintf(norm, sizeof(norm), "%04d-%02d-%02d", dt.y, dt.m,
		    dt.d);
		scan_report(sc, IDENT_DATE, dt.start, dt.end, norm,
		    ident_date_check(dt.y, dt.m, dt.d));
		i = dt.end - 1;
	}
}

/* ---- the month a document is about -------------------------------- */

#define PERIOD_ITEMS	256

/* days_from_civil - days since 1970-01-01 of a valid date */
static long
days_of(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * range_start - before offset I (where "31 octobre 2026" starts), is
 * there "1 -", "1er au", "1 tot (en met)", "1 to"?  1 if so, with a first
 * day of 1 to 3
 */
static int
range_start(const struct scan *sc, size_t i)
{
	static const char *const conn[] = { "tot en met", "jusqu'au", "until",
	    "till", "tot", "au", "to", "a", "-", NULL };
	size_t j = i, n, e;
	int k, day;

	while (j > 0 && sc->t[j - 1] == ' ')
		j--;
	for (k = 0; conn[k] != NULL; k++) {
		n = strlen(conn[k]);
		if (j >= n && memcmp(sc->t + j - n, conn[k], n) == 0 &&
		    (j == n || !ISALNUM((unsigned char)sc->t[j - n - 1]) ||
		    conn[k][0] == '-'))
			break;
	}
	if (conn[k] == NULL)
		return 0;
	j -= strlen(conn[k]);
	while (j > 0 && sc->t[j - 1] == ' ')
		j--;
	/* an ordinal suffix: 1er, 1e, 1ste, 1st */
	e = j;
	while (j > 0 && ISLOWER((unsigned char)sc->t[j - 1]) && e - j < 3)
		j--;
	if (j == 0 || !ISDIGIT((unsigned char)sc->t[j - 1]))
		return 0;
	day = sc->t[j - 1] - '0';
	if (j >= 2 && ISDIGIT((unsigned char)sc->t[j - 2])) {
		day += 10 * (sc->t[j - 2] - '0');
		j--;
	}
	if (j >= 2 && ISALNUM((unsigned char)sc->t[j - 2]))
		return 0;
	return day >= 1 && day <= 3;
}

int
ident_month_year(const char *t, size_t len, char out[8])
{
	struct scan sc;
	struct date dates[PERIOD_ITEMS], dt;
	int ym[PERIOD_ITEMS], cnt[PERIOD_ITEMS];
	size_t i, j, nd = 0, nym = 0, k;
	int m, y, prev_is_day, best, tie, longer = 0;

	memset(&sc, 0, sizeof(sc));
	sc.t = t;
	sc.n = len;
	/* the dates, and "1 - 31 octobre 2026" */
	for (i = 0; i < len && nd < PERIOD_ITEMS; i++) {
		if (!ISALNUM(scan_at(&sc, i)) || !date_at(&sc, i, &dt))
			continue;
		if (ident_date_check(dt.y, dt.m, dt.d)) {
			if (dt.d >= 28 && ISDIGIT(scan_at(&sc, i)) &&
			    range_start(&sc, i)) {
				snprintf(out, 8, "%04d-%02d", dt.y, dt.m);
				return 1;
			}
			dates[nd++] = dt;
		}
		i = dt.end - 1;
	}
	/* two dates close together: one whole month, or a longer period */
	for (k = 0; k + 1 < nd; k++) {
		long d0, d1;

		if (dates[k + 1].start - dates[k].end > 40)
			continue;
		d0 = days_of(dates[k].y, dates[k].m, dates[k].d);
		d1 = days_of(dates[k + 1].y, dates[k + 1].m, dates[k + 1].d);
		if (d1 <= d0)
			continue;
		if (dates[k].y == dates[k + 1].y && dates[k].m ==
		    dates[k + 1].m && dates[k].d <= 3 && dates[k + 1].d >= 28) {
			snprintf(out, 8, "%04d-%02d", dates[k].y, dates[k].m);
			return 1;
		}
		if (d1 - d0 > 31)
			longer = 1;
	}
	if (longer)
		return 0;	/* the document covers more than a month */
	/* months named with a year and no day: the most frequent one */
	for (i = 0; i < len && nym < PERIOD_ITEMS; i++) {
		if (!scan_left_ok(&sc, i))
			continue;
		j = i;
		if (ISLOWER(scan_at(&sc, i))) {
			if ((m = month_word(&sc, &j)) == 0) {
				while (ISLOWER(scan_at(&sc, i + 1)))
					i++;
				continue;
			}
			if (scan_at(&sc, j) != ' ')
				continue;
			j++;
			if ((y = getnum(&sc, &j, 4, 4)) < 1900 || y > 2199 ||
			    ISALNUM(scan_at(&sc, j)))
				continue;
			/* "3 octobre 2026" is a day, not a month */
			prev_is_day = 0;
			if (i >= 2 && t[i - 1] == ' ') {
				/* a day is 1-2 digits, maybe "1er", alone */
				k = i - 1;
				while (k > 0 && i - 1 - k < 5 &&
				    ISALNUM((unsigned char)t[k - 1]))
					k--;
				if (ISDIGIT((unsigned char)t[k]) && (k == 0 ||
				    t[k - 1] == ' ') && (i - 1 - k <= 2 ||
				    !ISDIGIT((unsigned char)t[k + 2])))
					prev_is_day = 1;
			}
			if (prev_is_day)
				continue;
		} else if (ISDIGIT(scan_at(&sc, i))) {
			if (i >= 2 && (t[i - 1] == '/' || t[i - 1] == '.' ||
			    t[i - 1] == '-') && ISDIGIT((unsigned char)t[i - 2]))
				continue;
			if ((m = getnum(&sc, &j, 1, 2)) < 1 || m > 12)
				continue;
			if (scan_at(&sc, j) != '/' && scan_at(&sc, j) != '-' &&
			    scan_at(&sc, j) != '.')
				continue;
			j++;
			if ((y = getnum(&sc, &j, 4, 4)) < 1900 || y > 2199 ||
			    ISALNUM(scan_at(&sc, j)))
				continue;
			if ((scan_at(&sc, j) == '/' || scan_at(&sc, j) == '.' ||
			    scan_at(&sc, j) == '-') && ISDIGIT(scan_at(&sc, j + 1)))
				continue;
		} else
			continue;
		for (k = 0; k < nym; k++)
			if (ym[k] == y * 100 + m)
				break;
		if (k == nym) {
			ym[nym] = y * 100 + m;
			cnt[nym++] = 0;
		}
		cnt[k]++;
		i = j - 1;
	}
	best = -1;
	tie = 0;
	for (k = 0; k < nym; k++) {
		if (best < 0 || cnt[k] > cnt[best]) {
			best = (int)k;
			tie = 0;
		} else if (cnt[k] == cnt[best])
			tie = 1;
	}
	if (best < 0 || tie)
		return 0;
	snprintf(out, 8, "%04d-%02d", ym[best] / 100, ym[best] % 100);
	return 1;
}
