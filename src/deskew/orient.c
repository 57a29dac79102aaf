/*
 * orient.c - leptonica's text orientation confidences (pixOrientDetect),
 * the same numbers for a quarter of the work (see orient.h)
 *
 * Leptonica's up/down detector closes the letters (1x8, then 30x1) so
 * that the x-height band of a line is solid, and counts the places where
 * an ascender stands on that band, by four hit-miss transforms: a stroke
 * end (hits: the origin, its four neighbours but the one on the band
 * side, and the pixel beyond it) with nothing 3 pixels to one side and
 * nothing 3 rows on the far side (misses), turned four ways (left and
 * right, up and down).  It makes each transform by one raster operation
 * of the whole page per element of the pattern (16 of them), ORs the two
 * "up" and the two "down" transforms, reduces them by 4 (2x2 twice, rank
 * 1) and counts the pixels left: conf = 2 (up - down) / sqrt(up + down),
 * when one count is over 70.
 *
 * Here each row is made once: the shifted source words every pattern
 * shares are made once, and a pattern's output word is their AND, with
 * leptonica's edge rule (a miss outside the page holds; the output is
 * cleared where a hit would fall outside it).  The 4x4 cells with a hit
 * are counted on the way.  tests/unit/test_deskew.c compares with
 * pixOrientDetect.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

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

int
orient_detect(PIX *text, float *up, float *left)
{
	PIX *c, *t;

	*up = *left = 0;
	if (pixGetDepth(text) != 1 || pixGetWidth(text) < 8 ||
	    pixGetHeight(text) < 8)
		return pixOrientDetect(text, up, left, 0, 0);
	if ((c = pixMorphCompSequence(text, "c1.8 + c30.1", 0)) == NULL)
		return 1;
	*up = updown(c);
	pixDestroy(&c);
	if ((t = pixRotate90(text, 1)) == NULL)
		return 1;
	c = pixMorphCompSequence(t, "c1.8 + c30.1", 0);
	pixDestroy(&t);
	if (c == NULL)
		return 1;
	*left = updown(c);
	pixDestroy(&c);
	return 0;
}
