/*
 * skew.c - leptonica's skew sweep and search, the same angle and
 * confidence for a fraction of the work (see skew.h)
 *
 * pixFindSkewSweepAndSearch shears the page vertically about its top
 * left corner at each angle of a sweep (51 of them here), then of a
 * binary search, and scores each sheared page by the sum of the squares
 * of the differences of its row counts: a vertical shear moves bands of
 * columns down by 1, 2, 3... rows, one raster operation of the page per
 * band, and the page is then counted row by row (a tenth of the stage's
 * time on a 400-dpi scan).  The score needs the row counts alone, and
 * the row counts of a sheared page are those of its bands, moved: with
 * the count of each row left of each column (in column order, so that a
 * band's counts for all the rows are a difference of two runs of
 * memory), a band costs a subtraction and an addition per row, 8 rows at
 * a time.  Leptonica's shear geometry (pixVShear), its score
 * (pixFindDifferentialSquareSum), its search and its float arithmetic
 * are kept as they are, so the angle and confidence are leptonica's to
 * the bit (tests/unit/test_deskew.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <leptonica/allheaders.h>

#include "skew.h"

#define MINSCORE_FACTOR	0.000002f	/* leptonica's: min score's floor */
#define MIN_MAXSCORE	10000.0f	/* and the least max score */

/* the counts of a page's rows left of each column */
struct cols {
	l_int32	 w, h;
	l_uint16 *p;		/* column x: rows 0..h-1 at p + x h */
};

/* cols_make - the counts of the binary page PIX into C: 0, or -1 */
static int
cols_make(struct cols *c, PIX *pix)
{
	const l_uint32 *data = pixGetData(pix);
	l_uint16 *prev, *cur;
	l_int32 wpl = pixGetWpl(pix), x, y, k, sh;

	pixGetDimensions(pix, &c->w, &c->h, NULL);
	/* a row's count must fit 16 bits */
	if (c->w > 65535 || c->w < 1 || c->h < 1 ||
	    (c->p = malloc(((size_t)c->w + 1) * c->h * sizeof(*c->p))) ==
	    NULL)
		return -1;
	memset(c->p, 0, (size_t)c->h * sizeof(*c->p));
	for (x = 0; x < c->w; x++) {
		prev = c->p + (size_t)x * c->h;
		cur = prev + c->h;
		k = x >> 5;
		sh = 31 - (x & 31);
		for (y = 0; y < c->h; y++)
			cur[y] = (l_uint16)(prev[y] +
			    (data[(size_t)y * wpl + k] >> sh & 1));
	}
	return 0;
}

/*
 * band - add to the row counts RC the counts of C's columns X0..X1-1,
 * moved S rows down (the rows moved beyond the page lost)
 */
static void
band(l_uint16 *rc, const struct cols *c, l_int32 x0, l_int32 x1, l_int32 s)
{
	const l_uint16 *a, *b;
	l_int32 y, lo, hi;

	if (x1 <= x0)
		return;
	a = c->p + (size_t)x1 * c->h;
	b = c->p + (size_t)x0 * c->h;
	lo = s < 0 ? -s : 0;		/* source rows lo..hi-1 */
	hi = s > 0 ? c->h - s : c->h;
	y = lo;
#ifdef __SSE2__
	/* 16-bit sums: a row holds at most W < 65536 pixels */
	for (; y + 8 <= hi; y += 8) {
		__m128i *r = (__m128i *)(rc + y + s);

		_mm_storeu_si128(r, _mm_add_epi16(_mm_loadu_si128(r),
		    _mm_sub_epi16(_mm_loadu_si128((const __m128i *)(a + y)),
		    _mm_loadu_si128((const __m128i *)(b + y)))));
	}
#endif
	for (; y < hi; y++)
		rc[y + s] = (l_uint16)(rc[y + s] + a[y] - b[y]);
}

/*
 * score - pixFindDifferentialSquareSum of the page of C sheared by
 * pixVShearCorner(NULL, page, RADANG, L_BRING_IN_WHITE), from its row
 * counts (RC: room for them)
 */
static l_float32
score(const struct cols *c, l_float32 radang, l_uint16 *rc)
{
	l_int32 w = c->w, h = c->h, sign, initx, x, xincr, vshift, i;
	l_int32 skiph, skip, nskip;
	l_float32 tanangle, invangle, val1, val2, diff, sum;

	if (radang == 0.0 || tan(radang) == 0.0) {
		memcpy(rc, c->p + (size_t)w * h, (size_t)h * sizeof(*rc));
	} else {
		/* pixVShear about x = 0, its bands and rounding */
		sign = radang < 0 ? -1 : 1;
		tanangle = tan(radang);
		invangle = fabsf((l_float32)(1. / tanangle));
		initx = (l_int32)(invangle / 2.);
		memset(rc, 0, (size_t)h * sizeof(*rc));
		band(rc, c, 0, initx < w ? initx : w, 0);
		for (vshift = 1, x = initx; x < w; vshift++) {
			xincr = (l_int32)(invangle * (vshift + 0.5) + 0.5) - x;
			if (w - x < xincr)
				xincr = w - x;
			band(rc, c, x, x + xincr, sign * vshift);
			x += xincr;
		}
	}
	/* pixFindDifferentialSquareSum, its skip and its float sum */
	skiph = (l_int32)(0.05 * w);
	skip = h / 10 < skiph ? h / 10 : skiph;
	nskip = skip / 2 > 1 ? skip / 2 : 1;
	sum = 0.0;
	for (i = nskip; i < h - nskip; i++) {
		val1 = (l_float32)rc[i - 1];
		val2 = (l_float32)rc[i];
		diff = val2 - val1;
		sum += diff * diff;
	}
	return sum;
}

/* reduce - PIX reduced by RED (1, 2, 4, 8) as leptonica's sweep does */
static PIX *
reduce(PIX *pix, int red)
{
	switch (red) {
	case 1:
		return pixClone(pix);
	case 2:
		return pixReduceRankBinaryCascade(pix, 1, 0, 0, 0);
	case 4:
		return pixReduceRankBinaryCascade(pix, 1, 2, 0, 0);
	default:
		return pixReduceRankBinaryCascade(pix, 1, 2, 2, 0);
	}
}

/*
 * search - leptonica's sweep over SW, then binary search on SCH (the
 * page reduced for each), as pixFindSkewSweepAndSearchScorePivot does
 * it about the corner: the same steps, the same float sums
 */
static void
search(const struct cols *sw, const struct cols *sch, l_uint16 *rc,
    float range, float delta0, float minbsdelta, float *pangle,
    float *pconf)
{
	l_float32 deg2rad = 3.1415926535 / 180., rangeleft = 0.0f - range;
	l_float32 theta, s, maxscore = -1000000000., minscore, maxangle = 0;
	l_float32 bs[5], centerangle, delta, lefttemp, righttemp, minthresh;
	l_int32 i, nangles, maxindex = 0;

	nangles = (l_int32)((2. * range) / delta0 + 1);
	for (i = 0; i < nangles; i++) {
		theta = rangeleft + i * delta0;
		s = score(sw, deg2rad * theta, rc);
		if (s > maxscore) {		/* numaGetMax: the first */
			maxscore = s;
			maxindex = i;
			maxangle = theta;
		}
	}
	if (maxindex == 0 || maxindex == nangles - 1)
		return;				/* at the sweep's edge */
	centerangle = maxangle;
	bs[2] = score(sch, deg2rad * centerangle, rc);
	bs[0] = score(sch, deg2rad * (centerangle - delta0), rc);
	bs[4] = score(sch, deg2rad * (centerangle + delta0), rc);
	/* numaGetMin of all the search's scores, from leptonica's 1e9 */
	minscore = 1000000000.;
	minscore = bs[2] < minscore ? bs[2] : minscore;
	minscore = bs[0] < minscore ? bs[0] : minscore;
	minscore = bs[4] < minscore ? bs[4] : minscore;
	delta = 0.5 * delta0;
	while (delta >= minbsdelta) {
		bs[1] = score(sch, deg2rad * (centerangle - delta), rc);
		minscore = bs[1] < minscore ? bs[1] : minscore;
		bs[3] = score(sch, deg2rad * (centerangle + delta), rc);
		minscore = bs[3] < minscore ? bs[3] : minscore;
		maxscore = bs[1];
		maxindex = 1;
		for (i = 2; i < 4; i++)
			if (bs[i] > maxscore) {
				maxscore = bs[i];
				maxindex = i;
			}
		lefttemp = bs[maxindex - 1];
		righttemp = bs[maxindex + 1];
		bs[2] = maxscore;
		bs[0] = lefttemp;
		bs[4] = righttemp;
		centerangle = centerangle + delta * (maxindex - 2);
		delta = 0.5 * delta;
	}
	*pangle = centerangle;
	minthresh = MINSCORE_FACTOR * sch->w * sch->w * sch->h;
	*pconf = minscore > minthresh ? maxscore / minscore : 0.0f;
	if (centerangle > rangeleft + 2 * range - delta0 ||
	    centerangle < rangeleft + delta0 || maxscore < MIN_MAXSCORE)
		*pconf = 0.0;
}

int
skew_find(PIX *pix, float *angle, float *conf, int redsweep, int redsearch,
    float range, float delta, float minbsdelta)
{
	struct cols sw = { 0, 0, NULL }, sch = { 0, 0, NULL };
	PIX *pixsch, *pixsw = NULL;
	l_uint16 *rc = NULL;
	l_int32 empty = 1;
	int rc_ok = -1;

	*angle = *conf = 0;
	if (pixGetDepth(pix) != 1 || (redsweep != 1 && redsweep != 2 &&
	    redsweep != 4 && redsweep != 8) || (redsearch != 1 &&
	    redsearch != 2 && redsearch != 4 && redsearch != 8) ||
	    redsearch > redsweep || delta <= 0)
		return pixFindSkewSweepAndSearch(pix, angle, conf, redsweep,
		    redsearch, range, delta, minbsdelta);
	if ((pixsch = reduce(pix, redsearch)) == NULL)
		return 1;
	pixZero(pixsch, &empty);
	if (empty) {
		pixDestroy(&pixsch);
		return 1;
	}
	if ((pixsw = reduce(pixsch, redsweep / redsearch)) != NULL &&
	    cols_make(&sw, pixsw) == 0 && cols_make(&sch, pixsch) == 0 &&
	    (rc = malloc(((size_t)(sw.h > sch.h ? sw.h : sch.h) + 8) *
	    sizeof(*rc))) != NULL) {
		search(&sw, &sch, rc, range, delta, minbsdelta, angle, conf);
		rc_ok = 0;
	}
	free(rc);
	free(sw.p);
	free(sch.p);
	pixDestroy(&pixsw);
	pixDestroy(&pixsch);
	if (rc_ok != 0)		/* no room: leptonica's way */
		return pixFindSkewSweepAndSearch(pix, angle, conf, redsweep,
		    redsearch, range, delta, minbsdelta);
	return 0;
}
