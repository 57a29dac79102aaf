/*
 * textnorm.c - normalised text for matching (see textnorm.h)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "textnorm.h"
#include "xalloc.h"

#define REPLACEMENT	0xFFFDu

/* a run of code points and what each of them folds to */
struct fold_range {
	uint32_t lo, hi;
	const char *to;
};

/* sorted by lo; ranges do not overlap */
static const struct fold_range folds[] = {
	{ 0x00AA, 0x00AA, "a" },
	{ 0x00AB, 0x00AB, "\"" },
	{ 0x00BA, 0x00BA, "o" },
	{ 0x00BB, 0x00BB, "\"" },
	{ 0x00C0, 0x00C5, "a" },
	{ 0x00C6, 0x00C6, "ae" },
	{ 0x00C7, 0x00C7, "c" },
	{ 0x00C8, 0x00CB, "e" },
	{ 0x00CC, 0x00CF, "i" },
	{ 0x00D0, 0x00D0, "d" },
	{ 0x00D1, 0x00D1, "n" },
	{ 0x00D2, 0x00D6, "o" },
	{ 0x00D8, 0x00D8, "o" },
	{ 0x00D9, 0x00DC, "u" },
	{ 0x00DD, 0x00DD, "y" },
	{ 0x00DE, 0x00DE, "th" },
	{ 0x00DF, 0x00DF, "ss" },
	{ 0x00E0, 0x00E5, "a" },
	{ 0x00E6, 0x00E6, "ae" },
	{ 0x00E7, 0x00E7, "c" },
	{ 0x00E8, 0x00EB, "e" },
	{ 0x00EC, 0x00EF, "i" },
	{ 0x00F0, 0x00F0, "d" },
	{ 0x00F1, 0x00F1, "n" },
	{ 0x00F2, 0x00F6, "o" },
	{ 0x00F8, 0x00F8, "o" },
	{ 0x00F9, 0x00FC, "u" },
	{ 0x00FD, 0x00FD, "y" },
	{ 0x00FE, 0x00FE, "th" },
	{ 0x00FF, 0x00FF, "y" },
	{ 0x0100, 0x0105, "a" },
	{ 0x0106, 0x010D, "c" },
	{ 0x010E, 0x0111, "d" },
	{ 0x0112, 0x011B, "e" },
	{ 0x011C, 0x0123, "g" },
	{ 0x0124, 0x0127, "h" },
	{ 0x0128, 0x0131, "i" },
	{ 0x0132, 0x0133, "ij" },
	{ 0x0134, 0x0135, "j" },
	{ 0x0136, 0x0138, "k" },
	{ 0x0139, 0x0142, "l" },
	{ 0x0143, 0x014B, "n" },
	{ 0x014C, 0x0151, "o" },
	{ 0x0152, 0x0153, "oe" },
	{ 0x0154, 0x0159, "r" },
	{ 0x015A, 0x0161, "s" },
	{ 0x0162, 0x0167, "t" },
	{ 0x0168, 0x0173, "u" },
	{ 0x0174, 0x0175, "w" },
	{ 0x0176, 0x0178, "y" },
	{ 0x0179, 0x017E, "z" },
	{ 0x017F, 0x017F, "s" },
	{ 0x0218, 0x0219, "s" },	/* Romanian comma below */
	{ 0x021A, 0x021B, "t" },
	{ 0x2010, 0x2015, "-" },
	{ 0x2018, 0x201B, "'" },
	{ 0x201C, 0x201F, "\"" },
	{ 0x2026, 0x2026, "..." },
	{ 0x2032, 0x2032, "'" },
	{ 0x2033, 0x2033, "\"" },
	{ 0x2039, 0x2039, "'" },
	{ 0x203A, 0x203A, "'" },
	{ 0x2212, 0x2212, "-" },
	{ 0xFB00, 0xFB00, "ff" },
	{ 0xFB01, 0xFB01, "fi" },
	{ 0xFB02, 0xFB02, "fl" },
	{ 0xFB03, 0xFB03, "ffi" },
	{ 0xFB04, 0xFB04, "ffl" },
	{ 0xFB05, 0xFB06, "st" },
};

const char *
textnorm_fold(uint32_t cp)
{
	static char ascii[128][2];
	size_t lo = 0, hi = sizeof(folds) / sizeof(folds[0]), mid;

	if (cp < 128) {
		if (ascii['a'][0] == '\0') {
			int c;

			for (c = 0; c < 128; c++)
				ascii[c][0] = (char)(c >= 'A' && c <= 'Z' ?
				    c + 32 : c);
		}
		return ascii[cp];
	}
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cp < folds[mid].lo)
			hi = mid;
		else if (cp > folds[mid].hi)
			lo = mid + 1;
		else
			return folds[mid].to;
	}
	return NULL;
}

/* lower - simple lower case of Greek and Cyrillic capitals */
static uint32_t
lower(uint32_t cp)
{
	if (cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2)
		return cp + 32;
	if (cp >= 0x0410 && cp <= 0x042F)
		return cp + 32;
	if (cp >= 0x0400 && cp <= 0x040F)
		return cp + 80;
	return cp;
}

size_t
textnorm_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		*cp = REPLACEMENT;
		return 1;
	}
	if (len > n) {
		*cp = REPLACEMENT;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = REPLACEMENT;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = REPLACEMENT;
		return 1;
	}
	*cp = c;
	return len;
}

int
textnorm_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = textnorm_decode(p + i, n - i, &cp);
		if ((cp == REPLACEMENT && k == 1) || cp == 0)
			return 0;	/* a real U+FFFD is 3 bytes long */
		i += k;
	}
	return 1;
}

size_t
textnorm_utf8_clean(struct strbuf *sb)
{
	struct strbuf out = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)sb->buf;
	size_t i = 0, k, bad = 0;
	uint32_t cp;

	if (textnorm_utf8_valid(sb->buf, sb->len))
		return 0;
	while (i < sb->len) {
		k = textnorm_decode(p + i, sb->len - i, &cp);
		if ((cp == REPLACEMENT && k == 1) || cp == 0) {
			strbuf_adds(&out, "\xef\xbf\xbd");
			bad++;
		} else
			strbuf_add(&out, p + i, k);
		i += k;
	}
	strbuf_release(sb);
	*sb = out;
	return bad;
}

int
textnorm_isword(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c & 0x80) != 0;
}

/* class of a code point for the normaliser */
enum cpclass { CP_KEEP, CP_SPACE, CP_DROP };

static enum cpclass
classify_cp(uint32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == '\v')
		return CP_SPACE;
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
		return CP_SPACE;	/* controls separate words */
	if (cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
	    cp == 0x3000 || cp == 0x1680)
		return CP_SPACE;
	if (cp == 0x00AD || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
	    cp == 0x2060 || cp == 0xFEFF)
		return CP_DROP;
	return CP_KEEP;
}

static void
emit(struct textnorm *tn, const char *s, size_t len, size_t src, int map)
{
	size_t i;

	if (map) {
		if (tn->out.len + len + 1 > tn->amap) {
			size_t na = tn->amap < 1024 ? 1024 : tn->amap;

			while (na < tn->out.len + len + 1)
				na *= 2;
			tn->map = xreallocarray(tn->map, na,
			    sizeof(*tn->map));
			tn->amap = na;
		}
		for (i = 0; i < len; i++)
			tn->map[tn->out.len + i] = (uint32_t)src;
	}
	strbuf_add(&tn->out, s, len);
}

static size_t
encode(uint32_t cp, char *b)
{
	if (cp < 0x80) {
		b[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	b[0] = (char)(0xF0 | (cp >> 18));
	b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	b[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * hyphen_join - at a '-' at S[I], if it ends a line and the next line
 * starts with a lower-case letter, the offset of that letter, else 0
 */
static size_t
hyphen_join(const unsigned char *s, size_t n, size_t i)
{
	size_t j = i + 1;
	int nl = 0;
	uint32_t cp;

	while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
		j++;
	if (j < n && s[j] == '\n') {
		nl = 1;
		j++;
	}
	if (!nl)
		return 0;
	while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
		j++;
	if (j >= n)
		return 0;
	textnorm_decode(s + j, n - j, &cp);
	if ((cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF &&
	    cp != 0xF7))
		return j;
	return 0;
}

void
textnorm_init(struct textnorm *tn)
{
	strbuf_init(&tn->out);
	tn->map = NULL;
	tn->amap = 0;
}

void
textnorm_release(struct textnorm *tn)
{
	strbuf_release(&tn->out);
	free(tn->map);
	tn->map = NULL;
	tn->amap = 0;
}

int
textnorm_run(struct textnorm *tn, const char *src, size_t n, int want_map)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, k, space_at = 0, j;
	int space = 0;
	uint32_t cp;
	const char *f;
	char b[4];

	strbuf_reset(&tn->out);
	if (n > TEXTNORM_MAX)
		return -1;
	strbuf_grow(&tn->out, n + n / 8 + 16);
	while (i < n) {
		k = textnorm_decode(s + i, n - i, &cp);
		switch (classify_cp(cp)) {
		case CP_SPACE:
			if (!space) {
				space = 1;
				space_at = i;
			}
			i += k;
			continue;
		case CP_DROP:
			i += k;
			continue;
		case CP_KEEP:
			break;
		}
		if (cp == '-' && !space && tn->out.len > 0 &&
		    textnorm_isword((unsigned char)tn->out.buf[tn->out.len -
		    1]) && (j = hyphen_join(s, n, i)) != 0) {
			i = j;
			continue;
		}
		if (space && tn->out.len > 0)
			emit(tn, " ", 1, space_at, want_map);
		space = 0;
		if ((f = textnorm_fold(cp)) != NULL)
			emit(tn, f, strlen(f), i, want_map);
		else
			emit(tn, b, encode(lower(cp), b), i, want_map);
		i += k;
	}
	if (want_map) {
		emit(tn, "", 0, 0, 1);
		tn->map[tn->out.len] = (uint32_t)n;
	}
	return 0;
}

char *
textnorm_str(const char *s)
{
	struct textnorm tn;
	char *r;

	textnorm_init(&tn);
	textnorm_run(&tn, s, strlen(s), 0);
	r = xstrndup(tn.out.buf, tn.out.len);
	textnorm_release(&tn);
	return r;
}

size_t
textnorm_find(const char *t, size_t tlen, size_t from, const char *p,
    size_t plen, int prefix)
{
	const char *h;
	size_t at;
	int wb = plen > 0 && textnorm_isword((unsigned char)p[0]);
	int we = plen > 0 && textnorm_isword((unsigned char)p[plen - 1]);

	if (plen == 0)
		return (size_t)-1;
	while (from < tlen && tlen - from >= plen) {
		h = memmem(t + from, tlen - from, p, plen);
		if (h == NULL)
			return (size_t)-1;
		at = (size_t)(h - t);
		if ((!wb || at == 0 || !textnorm_isword((unsigned char)
		    t[at - 1])) && (prefix || !we || at + plen == tlen ||
		    !textnorm_isword((unsigned char)t[at + plen])))
			return at;
		from = at + 1;
	}
	return (size_t)-1;
}

/* stop words; a word may count for several languages */
#define L_FRA	1
#define L_NLD	2
#define L_ENG	4
#define L_DEU	8

struct stopword {
	const char *w;
	int	 langs;
};

static struct stopword stopwords[] = {
	{ "le", L_FRA }, { "la", L_FRA }, { "les", L_FRA },
	{ "des", L_FRA | L_DEU }, { "du", L_FRA }, { "et", L_FRA },
	{ "est", L_FRA }, { "pour", L_FRA }, { "par", L_FRA },
	{ "une", L_FRA }, { "un", L_FRA }, { "au", L_FRA },
	{ "aux", L_FRA }, { "que", L_FRA }, { "qui", L_FRA },
	{ "dans", L_FRA }, { "sur", L_FRA }, { "avec", L_FRA },
	{ "vous", L_FRA }, { "votre", L_FRA }, { "vos", L_FRA },
	{ "nous", L_FRA }, { "ce", L_FRA }, { "cette", L_FRA },
	{ "ces", L_FRA }, { "pas", L_FRA }, { "ne", L_FRA },
	{ "son", L_FRA }, { "sa", L_FRA }, { "ses", L_FRA },
	{ "ou", L_FRA }, { "mais", L_FRA }, { "il", L_FRA },
	{ "elle", L_FRA }, { "sont", L_FRA }, { "avez", L_FRA },
	{ "notre", L_FRA }, { "leur", L_FRA }, { "ete", L_FRA },
	{ "het", L_NLD }, { "een", L_NLD }, { "van", L_NLD },
	{ "voor", L_NLD }, { "met", L_NLD }, { "op", L_NLD },
	{ "te", L_NLD }, { "dat", L_NLD }, { "niet", L_NLD },
	{ "aan", L_NLD }, { "bij", L_NLD }, { "zijn", L_NLD },
	{ "uw", L_NLD }, { "wij", L_NLD }, { "ook", L_NLD },
	{ "als", L_NLD }, { "naar", L_NLD }, { "om", L_NLD },
	{ "door", L_NLD }, { "deze", L_NLD }, { "worden", L_NLD },
	{ "wordt", L_NLD }, { "heeft", L_NLD }, { "tot", L_NLD },
	{ "u", L_NLD }, { "die", L_NLD | L_DEU }, { "er", L_NLD | L_DEU },
	{ "is", L_NLD | L_ENG }, { "the", L_ENG }, { "and", L_ENG },
	{ "of", L_ENG }, { "to", L_ENG }, { "for", L_ENG },
	{ "with", L_ENG }, { "on", L_ENG }, { "that", L_ENG },
	{ "this", L_ENG }, { "your", L_ENG }, { "you", L_ENG },
	{ "are", L_ENG }, { "be", L_ENG }, { "by", L_ENG },
	{ "from", L_ENG }, { "at", L_ENG }, { "as", L_ENG },
	{ "have", L_ENG }, { "has", L_ENG }, { "will", L_ENG },
	{ "not", L_ENG }, { "or", L_ENG }, { "an", L_ENG | L_DEU },
	{ "der", L_DEU }, { "das", L_DEU }, { "und", L_DEU },
	{ "ist", L_DEU }, { "nicht", L_DEU }, { "mit", L_DEU },
	{ "den", L_DEU }, { "dem", L_DEU }, { "ein", L_DEU },
	{ "eine", L_DEU }, { "zu", L_DEU }, { "von", L_DEU },
	{ "fur", L_DEU }, { "sie", L_DEU }, { "auf", L_DEU },
	{ "im", L_DEU }, { "wir", L_DEU }, { "ihr", L_DEU },
	{ "ihre", L_DEU }, { "sind", L_DEU }, { "wird", L_DEU },
	{ "werden", L_DEU }, { "bei", L_DEU }, { "auch", L_DEU },
	/* words of the documents' own trade: short letters need them */
	{ "compte", L_FRA }, { "solde", L_FRA }, { "montant", L_FRA },
	{ "facture", L_FRA }, { "nouveau", L_FRA }, { "ancien", L_FRA },
	{ "virement", L_FRA }, { "paiement", L_FRA }, { "payer", L_FRA },
	{ "impot", L_FRA }, { "revenus", L_FRA }, { "salaire", L_FRA },
	{ "loyer", L_FRA }, { "annee", L_FRA }, { "mois", L_FRA },
	{ "jours", L_FRA }, { "madame", L_FRA }, { "monsieur", L_FRA },
	{ "numero", L_FRA }, { "exercice", L_FRA }, { "selon", L_FRA },
	{ "rekening", L_NLD }, { "saldo", L_NLD | L_DEU },
	{ "bedrag", L_NLD }, { "factuur", L_NLD }, { "nieuw", L_NLD },
	{ "vorig", L_NLD }, { "betalen", L_NLD }, { "belasting", L_NLD },
	{ "inkomsten", L_NLD }, { "jaar", L_NLD }, { "maand", L_NLD },
	{ "dagen", L_NLD }, { "mevrouw", L_NLD }, { "heer", L_NLD },
	{ "overschrijving", L_NLD }, { "huur", L_NLD }, { "loon", L_NLD },
	{ "account", L_ENG }, { "amount", L_ENG }, { "balance", L_ENG },
	{ "payment", L_ENG }, { "pay", L_ENG }, { "tax", L_ENG },
	{ "income", L_ENG }, { "year", L_ENG }, { "month", L_ENG },
	{ "days", L_ENG }, { "mr", L_ENG }, { "mrs", L_ENG },
	{ "ms", L_ENG }, { "number", L_ENG }, { "period", L_ENG },
	{ "please", L_ENG }, { "dear", L_ENG },
	{ "konto", L_DEU }, { "betrag", L_DEU }, { "rechnung", L_DEU },
	{ "zahlung", L_DEU }, { "steuer", L_DEU }, { "jahr", L_DEU },
	{ "monat", L_DEU }, { "tage", L_DEU }, { "herr", L_DEU },
	{ "frau", L_DEU },
};
static int stopwords_sorted;

static int
stopword_cmp(const void *a, const void *b)
{
	return strcmp(((const struct stopword *)a)->w,
	    ((const struct stopword *)b)->w);
}

/*
 * lang_verdict - the language of T (TLEN bytes) whose stop words number
 * at least MIN and exceed the next language's by NUM to DEN, else "und"
 */
static const char *
lang_verdict(const char *t, size_t tlen, long min, long num, long den)
{
	static const char *const names[] = { "fra", "nld", "eng", "deu" };
	size_t i = 0, j, n = sizeof(stopwords) / sizeof(stopwords[0]);
	long count[4] = { 0, 0, 0, 0 };
	struct stopword key, *hit;
	char w[16];
	int l, best = 0, second = -1;

	if (!stopwords_sorted) {
		qsort(stopwords, n, sizeof(stopwords[0]), stopword_cmp);
		stopwords_sorted = 1;
	}
	if (tlen > TEXTNORM_LANG_SPAN)
		tlen = TEXTNORM_LANG_SPAN;
	key.w = w;
	while (i < tlen) {
		if (!textnorm_isword((unsigned char)t[i])) {
			i++;
			continue;
		}
		for (j = i; j < tlen && textnorm_isword((unsigned char)t[j]);
		    j++)
			;
		if (j - i < sizeof(w)) {
			memcpy(w, t + i, j - i);
			w[j - i] = '\0';
			hit = bsearch(&key, stopwords, n, sizeof(stopwords[0]),
			    stopword_cmp);
			if (hit != NULL)
				for (l = 0; l < 4; l++)
					if (hit->langs & (1 << l))
						count[l]++;
		}
		i = j;
	}
	for (l = 1; l < 4; l++)
		if (count[l] > count[best])
			best = l;
	for (l = 0; l < 4; l++)
		if (l != best && (second < 0 || count[l] > count[second]))
			second = l;
	if (count[best] < min || count[best] * den < count[second] * num)
		return "und";
	return names[best];
}

const char *
textnorm_lang(const char *t, size_t tlen)
{
	/* the leader needs a margin: 3 to 2 */
	return lang_verdict(t, tlen, TEXTNORM_LANG_MIN, 3, 2);
}

const char *
textnorm_lang_clear(const char *t, size_t tlen)
{
	return lang_verdict(t, tlen, 2 * TEXTNORM_LANG_MIN, 2, 1);
}

void
textnorm_ocrfold(const char *t, size_t len, struct strbuf *out,
    struct strbuf *flags)
{
	size_t i = 0, j, k, start;
	int letter;
	char c;

	strbuf_reset(out);
	if (flags != NULL)
		strbuf_reset(flags);
	strbuf_grow(out, len + 1);
	if (flags != NULL)
		strbuf_grow(flags, len + 1);
	while (i < len) {
		if (!textnorm_isword((unsigned char)t[i])) {
			i++;
			continue;
		}
		for (j = i, letter = 0; j < len &&
		    textnorm_isword((unsigned char)t[j]); j++)
			if ((t[j] >= 'a' && t[j] <= 'z') || (t[j] & 0x80))
				letter = 1;
		start = out->len;
		for (k = i; k < j; k++) {
			c = t[k];
			if (letter) {
				if (c == '0')
					c = 'o';
				else if (c == '1')
					c = 'l';
				else if (k + 1 < j && ((c == 'r' &&
				    t[k + 1] == 'n') || (c == 'v' &&
				    t[k + 1] == 'v'))) {
					c = c == 'r' ? 'm' : 'w';
					k++;
				}
			}
			strbuf_addc(out, c);
			if (flags != NULL)
				strbuf_addc(flags, out->len - 1 == start ?
				    TEXTNORM_WSTART : 0);
		}
		if (flags != NULL && out->len > start)
			flags->buf[out->len - 1] |= TEXTNORM_WEND;
		i = j;
	}
}
