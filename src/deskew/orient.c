/*
 * orient.c - leptonica's text orientation confidences (pixOrientDetect),
 * the same numbers for a sixth of the work (see orient.h)
 *
 * Leptonica's up/down detector closes the letters (a column of 8, then a
 * row of 30) so that the x-height band of a line is solid, and counts the
 * places where an ascender stands on that band, by four hit-miss
 * transforms: the band to one side of and below a point (hits) with the
 * point, its four neighbours and one diagonal clear (misses), mirrored
 * left and right, and up and down.  It makes each closing by composite
 * bricks over a copy of the page with a white border, each transform by
 * one raster operation of the whole page per element of the pattern (16
 * of them), ORs the two "up" and the two "down" transforms, reduces them
 * by 4 (2x2 twice, rank 1) and counts the pixels left: conf = 2 (up -
 * down) / sqrt(up + down), when one count is over 70.
 *
 * Here a closing fills the short gaps of each column (32 at a time) and
 * of each row (run by run); the transforms make a row's shifted words
 * once and AND them for all four patterns, with leptonica's edge rule (a
 * miss outside the page holds; the output is cleared where a hit would
 * fall outside it), skip the words with no ink three rows up or down
 * (every hit needs some), and count the 4x4 cells on the way.  The
 * counts, and so the confidences, are leptonica's to the bit
 * (tests/unit/test_deskew.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <leptonica/allheaders.h>

#include "bits.h"
#include "orient.h"

#define MIN_COUNT	70	/* leptonica's default mincount */

/*
 * shifted - the word K of row ROW (WPL words) as seen from DX pixels
 * further right: bit x of the result is pixel 32 K + x + DX; 0 outside
 */
static inline l_uint32
shifted(const l_uint32 *row, int wpl, int k, int dx)
{
	l_uint32 a = row[k], b;

	if (dx == 0)
		return a;
	if (dx > 0) {
		b = k + 1 < wpl ? row[k + 1] : 0;
		return a << dx | b >> (32 - dx);
	}
	b = k > 0 ? row[k - 1] : 0;
	return a >> -dx | b << (32 + dx);
}

/*
 * cols - of word K of a row W pixels wide, the pixels at least XP from
 * its left edge and XN from its right edge (leptonica's hit-miss
 * transform clears the band its hits reach beyond the page)
 */
static inline l_uint32
cols(int k, int w, int xp, int xn)
{
	int lo = xp - 32 * k, hi = w - xn - 32 * k;
	l_uint32 m = 0xffffffffu;

	if (lo >= 32 || hi <= 0 || hi <= lo)
		return 0;
	if (lo > 0)
		m &= 0xffffffffu >> lo;
	if (hi < 32)
		m &= ~(0xffffffffu >> hi);
	return m;
}

/*
 * cell_count - the 4x4 cells (of the first WB columns of cells) that ACC
 * (WPL words, a row of cells' OR) has a pixel in
 */
static int
cell_count(const l_uint32 *acc, int wpl, int wb)
{
	int k, n, c = 0;

	for (k = 0; k < wpl; k++) {
		if (acc[k] == 0)
			continue;
		for (n = 0; n < 8 && k * 8 + n < wb; n++)
			if (acc[k] & 0xf0000000u >> (4 * n))
				c++;
	}
	return c;
}

/*
 * updown - leptonica's pixUpDownDetect(PIX, &conf, 0, 0, 0) on the
 * closed page C (1 bpp): the confidence that the text is upright
 */
static l_float32
updown(PIX *c)
{
	l_int32 w, h, wpl, i, k, d, wb, hb;
	l_uint32 *acc, up, dn, ring, m1, m2, m3, m4, top, bot, lft, rgt;
	l_uint32 rows1, rows3;
	const l_uint32 *r[7];	/* rows -3..3 */
	l_uint32 *zero;
	int countup = 0, countdown = 0, nmax;
	l_float32 nup, ndown, conf = 0;

	pixGetDimensions(c, &w, &h, NULL);
	wpl = pixGetWpl(c);
	pixSetPadBits(c, 0);
	if ((acc = calloc(3 * (size_t)wpl, sizeof(*acc))) == NULL)
		return 0;
	zero = acc + 2 * wpl;	/* a row of white beyond the page */
	wb = w / 2 / 2;
	hb = h / 2 / 2;
	for (i = 0; i < 4 * hb; i++) {
		/* rows the hits reach beyond: 1 up, 3 down (up); 3, 1 */
		rows1 = i >= 1 && i < h - 3 ? 0xffffffffu : 0;
		rows3 = i >= 3 && i < h - 1 ? 0xffffffffu : 0;
		for (d = -3; d <= 3; d++)
			r[d + 3] = i + d >= 0 && i + d < h ?
			    pixGetData(c) + (size_t)(i + d) * wpl : zero;
		/* S(D, X): row D - 3 seen X - 3 pixels further right */
#define S(d, x) shifted(r[d], wpl, k, (x) - 3)
		for (k = 0; k < wpl; k++) {
			/* no ink 3 rows below or above: no hit either way */
			if ((r[6][k] | (k > 0 ? r[6][k - 1] : 0) |
			    (k + 1 < wpl ? r[6][k + 1] : 0) | r[0][k] |
			    (k > 0 ? r[0][k - 1] : 0) | (k + 1 < wpl ?
			    r[0][k + 1] : 0)) == 0)
				continue;
			/*
			 * hits (-1..2, -3) and (3, -3..2), the x-height band
			 * left of and under the origin; misses at the origin,
			 * its four neighbours and (-1, 1): an ascender's
			 * corner.  The others are its mirrors.
			 */
			ring = S(3, 2) | S(3, 3) | S(3, 4);
			m1 = ~(ring | S(2, 3) | S(2, 4) | S(4, 3));
			m2 = ~(ring | S(2, 3) | S(2, 2) | S(4, 3));
			m3 = ~(ring | S(4, 3) | S(4, 4) | S(2, 3));
			m4 = ~(ring | S(4, 3) | S(4, 2) | S(2, 3));
			bot = S(6, 1) & S(6, 2) & S(6, 3) & S(6, 4) & S(6, 5);
			top = S(0, 1) & S(0, 2) & S(0, 3) & S(0, 4) & S(0, 5);
			lft = S(2, 0) & S(3, 0) & S(4, 0);
			rgt = S(2, 6) & S(3, 6) & S(4, 6);
			up = (m1 & lft & S(5, 0) & bot & S(6, 0) &
			    cols(k, w, 3, 2) & rows1) |
			    (m2 & rgt & S(5, 6) & bot & S(6, 6) &
			    cols(k, w, 2, 3) & rows1);
			dn = (m3 & lft & S(1, 0) & top & S(0, 0) &
			    cols(k, w, 3, 2) & rows3) |
			    (m4 & rgt & S(1, 6) & top & S(0, 6) &
			    cols(k, w, 2, 3) & rows3);
			acc[k] |= up;
			acc[wpl + k] |= dn;
		}
#undef S
		if (i % 4 == 3) {
			countup += cell_count(acc, wpl, wb);
			countdown += cell_count(acc + wpl, wpl, wb);
			memset(acc, 0, 2 * (size_t)wpl * sizeof(*acc));
		}
	}
	free(acc);
	nup = (l_float32)countup;
	ndown = (l_float32)countdown;
	nmax = countup > countdown ? countup : countdown;
	if (nmax > MIN_COUNT)
		conf = 2. * ((nup - ndown) / sqrt(nup + ndown));
	return conf;
}

/*
 * close_text - what pixMorphCompSequence(TEXT, "c1.8 + c30.1", 0) gives:
 * a safe closing (white beyond the page) by a column of 8 pixels, then by
 * a row of 30.  A closing by a segment of L fills the gaps of under L
 * pixels between two set pixels of a column or a row: a column's gap of g
 * at y has a set pixel a above and b below with a + b = g + 1 <= L.
 */
static PIX *
close_text(PIX *text)
{
	PIX *v;
	const l_uint32 *s, *line[16];
	l_uint32 *d, u[8], acc, *zero;
	l_int32 w, h, wpl, i, k, a, x, end, next;

	pixGetDimensions(text, &w, &h, NULL);
	if ((v = pixCreateTemplate(text)) == NULL)
		return NULL;
	pixSetPadBits(text, 0);
	wpl = pixGetWpl(text);
	s = pixGetData(text);
	if ((zero = calloc((size_t)wpl + 4, sizeof(*zero))) == NULL) {
		pixDestroy(&v);
		return NULL;
	}
	for (i = 0; i < h; i++) {
		/* line[7 + j]: row i + j, -7..8, white beyond the page */
		for (a = -7; a <= 8; a++)
			line[7 + a] = i + a >= 0 && i + a < h ?
			    s + (size_t)(i + a) * wpl : zero;
		d = pixGetData(v) + (size_t)i * wpl;
		k = 0;
#ifdef __SSE2__
		/* the same, 4 words at a time */
		for (; k + 4 <= wpl; k += 4) {
			__m128i uv[8], av;

#define LD(r) _mm_loadu_si128((const __m128i *)(line[r] + k))
			uv[0] = _mm_setzero_si128();
			for (a = 1; a <= 7; a++)
				uv[a] = _mm_or_si128(uv[a - 1], LD(7 + a));
			av = LD(7);
			for (a = 1; a <= 7; a++)
				av = _mm_or_si128(av, _mm_and_si128(LD(7 - a),
				    uv[8 - a]));
#undef LD
			_mm_storeu_si128((__m128i *)(d + k), av);
		}
#endif
		for (; k < wpl; k++) {
			/* u[m]: set within m rows below */
			u[0] = 0;
			for (a = 1; a <= 7; a++)
				u[a] = u[a - 1] | line[7 + a][k];
			acc = line[7][k];
			for (a = 1; a <= 7; a++)
				acc |= line[7 - a][k] & u[8 - a];
			d[k] = acc;
		}
	}
	free(zero);
	/* the rows: gaps of under 30 between set pixels */
	for (i = 0; i < h; i++) {
		d = pixGetData(v) + (size_t)i * wpl;
		x = bits_next(d, wpl, w, 0, 1);
		while (x < w) {
			end = bits_next(d, wpl, w, x, 0);
			if (end >= w)
				break;
			next = bits_next(d, wpl, w, end, 1);
			if (next >= w)
				break;
			if (next - end < 30)
				bits_fill(d, end, next, 1);
			x = next;
		}
	}
	return v;
}

int
orient_detect(PIX *text, float *up, float *left)
{
	PIX *c, *t;

	*up = *left = 0;
	if (pixGetDepth(text) != 1 || pixGetWidth(text) < 8 ||
	    pixGetHeight(text) < 8)
		return pixOrientDetect(text, up, left, 0, 0);
	if ((c = close_text(text)) == NULL)
		return 1;
	*up = updown(c);
	pixDestroy(&c);
	if ((t = pixRotate90(text, 1)) == NULL)
		return 1;
	c = close_text(t);
	pixDestroy(&t);
	if (c == NULL)
		return 1;
	*left = updown(c);
	pixDestroy(&c);
	return 0;
}
