/*
 * textnorm - the normalised form of OCR text that classes, tags and
 * identifiers are matched against
 *
 * textnorm_run() turns arbitrary bytes (OCR output is UTF-8, but a job
 * may hold anything) into valid UTF-8 where:
 *   - invalid or overlong sequences, surrogates, NUL and other control
 *     characters become U+FFFD (invalid) or a space (controls);
 *   - letters are lower case, and Latin-1 and Latin Extended-A letters
 *     lose their diacritics (é→e, ß→ss, œ→oe, æ→ae, ĳ→ij, ł→l, þ→th);
 *     typographic quotes, dashes and ligatures (ﬁ) become ASCII;
 *   - every run of white space (including newlines, tabs, no-break and
 *     thin spaces) is one ASCII space; the result has no leading or
 *     trailing space;
 *   - a word hyphenated across a line break ("attesta-\ntion") is joined
 *     ("attestation") when the next line starts with a lower-case letter;
 *     soft hyphens (U+00AD) are dropped.
 * Optionally it records, for every output byte, the offset of the source
 * byte it came from, so that a match in the normalised text can be
 * reported as the text was found.  Nothing here allocates unboundedly:
 * the output is at most 3 bytes per input byte (plus the map).
 */
#ifndef DOSSIER_TEXTNORM_H
#define DOSSIER_TEXTNORM_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct textnorm {
	struct strbuf out;	/* the normalised text, NUL-terminated */
	uint32_t *map;		/* map[i]: source offset of out byte i; */
				/* map[out.len] = source length; or NULL */
	size_t	 amap;		/* entries allocated in map */
};

/* the largest source textnorm_run accepts (the map holds 32-bit offsets) */
#define TEXTNORM_MAX	((size_t)1 << 30)

void	textnorm_init(struct textnorm *);
void	textnorm_release(struct textnorm *);

/*
 * textnorm_run - normalise the N bytes at SRC into TN->out (replacing its
 * contents); with WANT_MAP also fill TN->map.  Returns 0, or -1 (and an
 * empty output) if N exceeds TEXTNORM_MAX.
 */
int	textnorm_run(struct textnorm *tn, const char *src, size_t n,
	    int want_map);

/*
 * textnorm_str - the normalised form of the NUL-terminated S, allocated
 * (free it); used for phrases written in a tagset
 */
char	*textnorm_str(const char *s);

/*
 * textnorm_decode - decode one UTF-8 character at S (N > 0 bytes left)
 * into *CP; returns the bytes consumed (1..4).  An invalid, truncated or
 * overlong sequence, a surrogate or a value above U+10FFFF consumes one
 * byte and yields U+FFFD.
 */
size_t	textnorm_decode(const unsigned char *s, size_t n, uint32_t *cp);

/*
 * textnorm_utf8_valid - 1 if the N bytes at S are valid UTF-8 without a
 * NUL byte (the one UTF-8 check of the project)
 */
int	textnorm_utf8_valid(const char *s, size_t n);
/*
 * textnorm_utf8_clean - replace every byte of SB that is not part of
 * valid UTF-8 (and every NUL) with U+FFFD; returns how many were replaced
 */
size_t	textnorm_utf8_clean(struct strbuf *sb);

/*
 * textnorm_fold - the ASCII replacement of the code point CP after case
 * folding and accent stripping ("e" for U+00C9, "ss" for U+00DF), or NULL
 * if CP has none (it is then kept as it is, in lower case where known)
 */
const char *textnorm_fold(uint32_t cp);

/* textnorm_isword - 1 if byte C belongs to a word (ASCII alnum or >= 0x80) */
int	textnorm_isword(int c);

/*
 * textnorm_find - the offset of the first occurrence of the normalised
 * phrase P (PLEN bytes) in the normalised text T (TLEN bytes) at or after
 * FROM that starts and ends on a word boundary (the end boundary is not
 * required when PREFIX is set: "factur" with PREFIX finds "facture");
 * (size_t)-1 if there is none
 */
size_t	textnorm_find(const char *t, size_t tlen, size_t from, const char *p,
	    size_t plen, int prefix);

/*
 * textnorm_ocrfold - the OCR-tolerant form of the normalised text T (LEN
 * bytes) into OUT (replaced): only the bytes of words, without spaces or
 * punctuation, and in every word that has a letter "0" read as "o", "1"
 * as "l", "rn" as "m" and "vv" as "w".  FLAGS (if not NULL, replaced)
 * gets one byte per output byte: TEXTNORM_WSTART if it starts a word of
 * T, TEXTNORM_WEND if it ends one.
 */
void	textnorm_ocrfold(const char *t, size_t len, struct strbuf *out,
	    struct strbuf *flags);
#define TEXTNORM_WSTART	1
#define TEXTNORM_WEND	2

/*
 * textnorm_lang - the language of the normalised text T by counting stop
 * words (and a few words every administrative letter uses: compte,
 * rekening, account...): "fra", "nld", "eng", "deu", or "und" when there
 * are fewer than TEXTNORM_LANG_MIN of them or no language leads the next
 * by 3 to 2.  Looks at the
 * first TEXTNORM_LANG_SPAN bytes only.
 */
const char *textnorm_lang(const char *t, size_t tlen);
/*
 * textnorm_lang_clear - textnorm_lang, but "und" unless the language
 * shows clearly: twice TEXTNORM_LANG_MIN stop words, and twice the next
 * language's (enough to act on: a text in Latin, or in two languages,
 * shows one by a little, and another on the next page)
 */
const char *textnorm_lang_clear(const char *t, size_t tlen);
#define TEXTNORM_LANG_MIN	3
#define TEXTNORM_LANG_SPAN	((size_t)1 << 20)

#endif
