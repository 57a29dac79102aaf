/*
 * ink.c - the text a grey page shows, measured on a reduced copy of it
 * (see ink.h)
 *
 * Text is where the grey page has sharp edges: the Sobel gradient of the
 * reduced page (about 150 pixels to the inch of a 300 dpi page) is
 * compared with the page's own noise, the median gradient, which paper
 * texture, scanner noise and show-through set, since they cover most of
 * any page.  Edges well above that noise, grown by a pixel, are the text
 * spots; only spots of text size count (a speck, a long rule and a
 * photo's edges do not), and those near the page's edge are left out
 * (the paper's edge, the scanner lid).  The grey levels under the spots
 * are ink and paper next to each other: their Otsu split is a threshold
 * between this page's ink and this page's paper, however faint the ink,
 * which a split of the whole page's histogram (mostly paper and its
 * noise) is not.
 */
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "clean.h"
#include "ink.h"

#define REDUCED_SIDE	1800	/* long side of the reduced copy, at most */
#define EDGE_NOISE	4	/* an edge: this many times the noise... */
#define EDGE_MIN	24	/* ...and a step of at least 12 levels */
#define CONTRAST_MIN	40	/* ink: this much darker than the paper */
#define SPOT_MIN	6	/* a spot: this tall, in reduced pixels */
#define SPOT_MAX_SHARE	8	/* and at most 1/8 of the page tall */

/*
 * gradient - the Sobel gradient of GREY, (|gx| + |gy|) / 2, 8 bpp: a step
 * of C grey levels gives 2C, up to 255
 */
static PIX *
gradient(PIX *grey)
{
	PIX *g;
	l_uint32 *s, *d;
	l_int32 w, h, wpls, wpld, i, j;

	pixGetDimensions(grey, &w, &h, NULL);
	if ((g = pixCreate(w, h, 8)) == NULL)
		return NULL;
	s = pixGetData(grey);
	d = pixGetData(g);
	wpls = pixGetWpl(grey);
	wpld = pixGetWpl(g);
	for (i = 1; i < h - 1; i++) {
		const l_uint32 *a = s + (i - 1) * wpls, *b = s + i * wpls,
		    *c = s + (i + 1) * wpls;
		l_uint32 *o = d + i * wpld;

		for (j = 1; j < w - 1; j++) {
			int gx, gy, v;

			gx = (GET_DATA_BYTE(a, j + 1) + 2 * GET_DATA_BYTE(b,
			    j + 1) + GET_DATA_BYTE(c, j + 1)) -
			    (GET_DATA_BYTE(a, j - 1) + 2 * GET_DATA_BYTE(b,
			    j - 1) + GET_DATA_BYTE(c, j - 1));
			gy = (GET_DATA_BYTE(c, j - 1) + 2 * GET_DATA_BYTE(c,
			    j) + GET_DATA_BYTE(c, j + 1)) -
			    (GET_DATA_BYTE(a, j - 1) + 2 * GET_DATA_BYTE(a,
			    j) + GET_DATA_BYTE(a, j + 1));
			v = (abs(gx) + abs(gy)) >> 1;
			SET_DATA_BYTE(o, j, v > 255 ? 255 : v);
		}
	}
	return g;
}

/* hist_rank - the level under which a share RANK of histogram NA lies */
static int
hist_rank(NUMA *na, double rank)
{
	l_float32 v, all = 0, acc = 0;
	int i, n = numaGetCount(na);

	for (i = 0; i < n; i++) {
		numaGetFValue(na, i, &v);
		all += v;
	}
	for (i = 0; i < n; i++) {
		numaGetFValue(na, i, &v);
		acc += v;
		if (acc >= rank * all)
			return i;
	}
	return n - 1;
}

/* hist_mean - the mean level of histogram NA over LO..HI; -1 if empty */
static int
hist_mean(NUMA *na, int lo, int hi)
{
	l_float32 v;
	double sum = 0, n = 0;
	int i;

	for (i = lo; i <= hi && i < numaGetCount(na); i++) {
		numaGetFValue(na, i, &v);
		sum += (double)v * i;
		n += v;
	}
	return n > 0 ? (int)(sum / n + 0.5) : -1;
}

int
ink_measure(PIX *grey, struct ink_text *t)
{
	PIX *small = NULL, *g = NULL, *edges = NULL, *spots = NULL,
	    *paper = NULL, *dark = NULL, *keep = NULL;
	BOXA *boxa = NULL;
	NUMA *na = NULL, *heights = NULL;
	l_int32 w, h, sw, sh, i, n, x, y, bw, bh, margin, split, count;
	int dark_level;
	l_float32 med;
	int r, rc = -1;

	memset(t, 0, sizeof(*t));
	pixGetDimensions(grey, &w, &h, NULL);
	r = ((w > h ? w : h) + REDUCED_SIDE - 1) / REDUCED_SIDE;
	if (r < 1)
		r = 1;
	t->scale = r;
	if (r == 1)
		small = pixClone(grey);
	else if (r == 2)
		small = pixScaleAreaMap2(grey);
	else
		small = pixScaleAreaMap(grey, 1.0f / r, 1.0f / r);
	if (small == NULL || (g = gradient(small)) == NULL)
		goto out;
	pixGetDimensions(small, &sw, &sh, NULL);
	if (sw < 16 || sh < 16)
		goto out;
	if ((na = pixGetGrayHistogram(g, 1)) == NULL)
		goto out;
	t->noise = hist_rank(na, 0.5);
	numaDestroy(&na);
	t->edge = EDGE_NOISE * t->noise;
	if (t->edge < EDGE_MIN)
		t->edge = EDGE_MIN;
	/* edges: 1 where the gradient is over the edge level */
	if ((edges = clean_threshold(g, t->edge)) == NULL)
		goto out;
	pixInvert(edges, edges);
	pixSetBorderRingVal(edges, 1, 0);
	if ((spots = pixDilateBrick(NULL, edges, 3, 3)) == NULL)
		goto out;
	/* the paper: what is not near an edge */
	if ((paper = pixInvert(NULL, spots)) == NULL ||
	    (na = pixGetGrayHistogramMasked(small, paper, 0, 0, 1)) == NULL)
		goto out;
	numaGetSum(na, &med);
	t->paper = med > 0 ? hist_rank(na, 0.5) : 255;
	numaDestroy(&na);
	/*
	 * the spots of text size, away from the page's edge, that hold
	 * ink: pixels darker than the paper by the weakest edge's step
	 * (and by CONTRAST_MIN at least: show-through and paper texture
	 * have edges, but not this dark)
	 */
	dark_level = t->paper - (t->edge / 2 > CONTRAST_MIN ? t->edge / 2 :
	    CONTRAST_MIN);
	if (dark_level < 1 || (dark = clean_threshold(small,
	    dark_level)) == NULL || (boxa = pixConnCompBB(edges, 8)) == NULL) {
		t->boxa = boxaCreate(1);
		rc = 0;
		goto out;
	}
	margin = (sw < sh ? sw : sh) / 50 + 2;
	n = boxaGetCount(boxa);
	t->boxa = boxaCreate(n > 0 ? n : 1);
	heights = numaCreate(n > 0 ? n : 1);
	for (i = 0; i < n; i++) {
		BOX *b;

		boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh);
		if (bh < SPOT_MIN || bw < 3 || bh * SPOT_MAX_SHARE > sh ||
		    bh > 4 * bw + 8 || x < margin || y < margin ||
		    x + bw > sw - margin || y + bh > sh - margin)
			continue;
		b = boxCreate(x, y, bw, bh);
		count = 0;
		pixCountPixelsInRect(dark, b, &count, NULL);
		boxDestroy(&b);
		if (count * 12 < bw * bh)	/* under 1/12 ink: a smudge */
			continue;
		numaAddNumber(heights, (l_float32)bh * r);
		b = boxCreate(x * r, y * r, bw * r, bh * r);
		boxaAddBox(t->boxa, b, L_INSERT);
	}
	t->spots = boxaGetCount(t->boxa);
	if (t->spots > 0 && numaGetMedian(heights, &med) == 0)
		t->height = med;
	/*
	 * the grey levels at the edges of the text spots (not of a border,
	 * a photo or a rule): ink and paper side by side
	 */
	if (t->spots > 0 && (keep = pixCreate(sw, sh, 1)) != NULL) {
		n = boxaGetCount(t->boxa);
		for (i = 0; i < n; i++) {
			boxaGetBoxGeometry(t->boxa, i, &x, &y, &bw, &bh);
			pixRasterop(keep, x / r, y / r, bw / r, bh / r,
			    PIX_SET, NULL, 0, 0);
		}
		pixAnd(keep, keep, spots);
		na = pixGetGrayHistogramMasked(small, keep, 0, 0, 1);
		if (na != NULL && numaSplitDistribution(na, 0.1f, &split,
		    NULL, NULL, NULL, NULL, NULL) == 0) {
			t->threshold = split < t->paper ? split : t->paper;
			t->ink = hist_mean(na, 0, split);
		}
		numaDestroy(&na);
	}
	rc = 0;
out:
	pixDestroy(&keep);
	numaDestroy(&heights);
	boxaDestroy(&boxa);
	pixDestroy(&dark);
	pixDestroy(&paper);
	pixDestroy(&spots);
	pixDestroy(&edges);
	pixDestroy(&g);
	pixDestroy(&small);
	return rc;
}

int
ink_lost(const struct ink_text *t, PIX *bin, double *area)
{
	l_int32 i, n, x, y, bw, bh, count, lost = 0;
	double all = 0, gone = 0;
	BOX *b;

	if (t->boxa == NULL)
		return 0;
	n = boxaGetCount(t->boxa);
	for (i = 0; i < n; i++) {
		boxaGetBoxGeometry(t->boxa, i, &x, &y, &bw, &bh);
		b = boxCreate(x, y, bw, bh);
		count = 0;
		pixCountPixelsInRect(bin, b, &count, NULL);
		boxDestroy(&b);
		/* a letter or a word covers a fifth to a half of its box */
		all += (double)bw * bh;
		if ((l_float64)count * 40 < (l_float64)bw * bh) {
			lost++;
			gone += (double)bw * bh;
		}
	}
	*area = all > 0 ? gone / all : 0;
	return lost;
}

void
ink_free(struct ink_text *t)
{
	boxaDestroy(&t->boxa);
}
