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

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <leptonica/allheaders.h>

#include "clean.h"
#include "ink.h"

#define REDUCED_SIDE	1800	/* long side of the reduced copy, at most */
#define EDGE_NOISE	4	/* an edge: this many times the noise... */
#define EDGE_MIN	24	/* ...and a step of at least 12 levels */
#define CONTRAST_MIN	40	/* ink: this much darker than the paper */
#define SPOT_MIN	6	/* a spot: this tall, in reduced pixels */
#define SPOT_MAX_SHARE	8	/* and at most 1/8 of the page tall */
#define FAINT_SPOTS	30	/* spots under which faint ink is looked for */
#define FAINT_CONTRAST	25	/* faint ink: this much darker than paper, */
#define FAINT_LEAST	15	/* or as little as this on smooth paper */
#define FAINT_RANK	0.001	/* whose darkest this share is no darker */
#define FAINT_BOXES	20000	/* edge components, at most, to look over */
#define LINE_NEAR	2	/* a spot in a line: this many neighbours */
#define PAPER_SHARE	0.2	/* the sheet: this share of the smooth pixels, */
#define PAPER_GAP	80	/* ...this much lighter than a dark surround */
#define SPOT_INK_RANK	0.03	/* a spot's ink: its darkest 3% */
#define THIN_KEPT	0.7	/* thinned: the typical letter keeps less
				   than this share of its half-depth ink */

/*
 * sobel_row - O[J] for J in 1..N-2: the gradient at J of the middle of
 * the rows A, B, C (pixel order); at most 255
 */
static void
sobel_row(l_uint8 *o, const l_uint8 *a, const l_uint8 *b, const l_uint8 *c,
    int n)
{
	int j = 1, gx, gy, v;
#ifdef __SSE2__
	const __m128i z = _mm_setzero_si128();
	__m128i l, m, r, sl, sr, top, bot, gxv, gyv;

#define LD(p) _mm_unpacklo_epi8(_mm_loadl_epi64((const __m128i *)(p)), z)
	/* 8 pixels a step, in 16 bits: sums of 4 * 255 at most */
	for (; j + 8 <= n - 1; j += 8) {
		l = LD(a + j - 1);
		m = LD(a + j);
		r = LD(a + j + 1);
		top = _mm_add_epi16(_mm_add_epi16(l, r), _mm_add_epi16(m, m));
		sl = l;
		sr = r;
		l = LD(b + j - 1);
		r = LD(b + j + 1);
		sl = _mm_add_epi16(sl, _mm_add_epi16(l, l));
		sr = _mm_add_epi16(sr, _mm_add_epi16(r, r));
		l = LD(c + j - 1);
		m = LD(c + j);
		r = LD(c + j + 1);
		bot = _mm_add_epi16(_mm_add_epi16(l, r), _mm_add_epi16(m, m));
		sl = _mm_add_epi16(sl, l);
		sr = _mm_add_epi16(sr, r);
		gxv = _mm_sub_epi16(sr, sl);
		gyv = _mm_sub_epi16(bot, top);
		gxv = _mm_max_epi16(gxv, _mm_sub_epi16(z, gxv));
		gyv = _mm_max_epi16(gyv, _mm_sub_epi16(z, gyv));
		_mm_storel_epi64((__m128i *)(o + j), _mm_packus_epi16(
		    _mm_srli_epi16(_mm_add_epi16(gxv, gyv), 1), z));
	}
#undef LD
#endif
	for (; j < n - 1; j++) {
		gx = (a[j + 1] + 2 * b[j + 1] + c[j + 1]) -
		    (a[j - 1] + 2 * b[j - 1] + c[j - 1]);
		gy = (c[j - 1] + 2 * c[j] + c[j + 1]) -
		    (a[j - 1] + 2 * a[j] + a[j + 1]);
		v = (abs(gx) + abs(gy)) >> 1;
		o[j] = (l_uint8)(v > 255 ? 255 : v);
	}
}

/*
 * gradient - the Sobel gradient of GREY, (|gx| + |gy|) / 2, 8 bpp: a step
 * of C grey levels gives 2C, up to 255; 0 on the outer ring.  *HIST: its
 * histogram (256 counts, the ring left out)
 */
static PIX *
gradient(PIX *grey, l_uint32 *hist)
{
	PIX *g;
	l_uint8 *buf, *rows[3], *o, *t;
	l_int32 w, h, wpls, wpld, i, j;

	memset(hist, 0, 256 * sizeof(*hist));
	pixGetDimensions(grey, &w, &h, NULL);
	if ((g = pixCreateNoInit(w, h, 8)) == NULL)
		return NULL;
	if ((buf = calloc(4, (size_t)w + 16)) == NULL) {
		pixDestroy(&g);
		return NULL;
	}
	wpls = pixGetWpl(grey);
	wpld = pixGetWpl(g);
	/* the outer ring's rows 0, every row's pad bytes 0 (pixCreate's) */
	memset(pixGetData(g), 0, (size_t)wpld * 4);
	if (h > 1)
		memset(pixGetData(g) + (size_t)(h - 1) * wpld, 0,
		    (size_t)wpld * 4);
	for (i = 0; i < 3; i++)
		rows[i] = buf + i * ((size_t)w + 16);
	o = buf + 3 * ((size_t)w + 16);
	clean_row_in(rows[0], pixGetData(grey), w);
	if (h > 1)
		clean_row_in(rows[1], pixGetData(grey) + wpls, w);
	for (i = 1; i < h - 1; i++) {
		/* rows[0..2]: rows i - 1, i, i + 1 */
		clean_row_in(rows[2], pixGetData(grey) + (size_t)(i + 1) * wpls, w);
		sobel_row(o, rows[0], rows[1], rows[2], w);
		o[0] = o[w - 1] = 0;
		pixGetData(g)[(size_t)i * wpld + wpld - 1] = 0;
		clean_row_out(pixGetData(g) + (size_t)i * wpld, o, w);
		for (j = 1; j < w - 1; j++)
			hist[o[j]]++;
		t = rows[0];
		rows[0] = rows[1];
		rows[1] = rows[2];
		rows[2] = t;
	}
	free(buf);
	return g;
}

/*
 * hist_masked - the histogram of GREY (8 bpp) where MASK (1 bpp, the
 * same size) is set, as pixGetGrayHistogramMasked(GREY, MASK, 0, 0, 1)
 * gives it, in a loop that skips empty words of the mask
 */
static NUMA *
hist_masked(PIX *grey, PIX *mask)
{
	l_uint32 count[256] = { 0 }, part[4][256], m;
	const l_uint32 *gl, *ml;
	const l_uint8 *gb;
	l_int32 w, h, wplg, wplm, i, j, k;
	NUMA *na;

	pixGetDimensions(grey, &w, &h, NULL);
	if (pixGetWidth(mask) != w || pixGetHeight(mask) != h ||
	    pixGetDepth(mask) != 1 || pixGetDepth(grey) != 8)
		return pixGetGrayHistogramMasked(grey, mask, 0, 0, 1);
	wplg = pixGetWpl(grey);
	wplm = pixGetWpl(mask);
	/*
	 * four histograms for the full words, summed at the end: a count
	 * does not wait for the one before to be stored
	 */
	memset(part, 0, sizeof(part));
	for (i = 0; i < h; i++) {
		gl = pixGetData(grey) + (size_t)i * wplg;
		ml = pixGetData(mask) + (size_t)i * wplm;
		for (k = 0; k < wplm; k++) {
			if ((m = ml[k]) == 0)
				continue;
			/* all 32 set: the order of their bytes is no matter */
			if (m == 0xffffffffu && (k + 1) * 32 <= w) {
				gb = (const l_uint8 *)(gl + (size_t)k * 8);
				for (j = 0; j < 32; j += 4) {
					part[0][gb[j]]++;
					part[1][gb[j + 1]]++;
					part[2][gb[j + 2]]++;
					part[3][gb[j + 3]]++;
				}
				continue;
			}
			for (j = k * 32; j < k * 32 + 32 && j < w; j++)
				if (m & 0x80000000u >> (j & 31))
					count[GET_DATA_BYTE(gl, j)]++;
		}
	}
	for (i = 0; i < 256; i++)
		count[i] += part[0][i] + part[1][i] + part[2][i] + part[3][i];
	if ((na = numaCreate(256)) == NULL)
		return NULL;
	for (i = 0; i < 256; i++)
		numaAddNumber(na, (l_float32)count[i]);
	return na;
}

int
ink_hist_rank(NUMA *na, double rank)
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

/*
 * light_paper - the paper's level in NA, the histogram of what is near no
 * edge, whose median is MED: MED, unless the smooth half of the picture
 * is not the sheet.  A phone's photo of a sheet on a desk, a sheet
 * scanned with the lid open: where the dark surround holds more of the
 * picture than the sheet does, the median is the surround's (a page
 * photographed at 47% of the frame: 68, its paper some 240, and no ink
 * darker than 28), and the paper is the light class of the two NA
 * splits into, its median, when that class holds PAPER_SHARE of the
 * smooth pixels at least and lies PAPER_GAP levels or more above the
 * dark one.  A page whose median is light already is left as it was.
 */
static int
light_paper(NUMA *na, int med)
{
	l_int32 split, i, n = numaGetCount(na);
	l_float32 ave1, ave2, num1, num2, v, acc = 0;

	if (numaSplitDistribution(na, 0.1f, &split, &ave1, &ave2, &num1,
	    &num2, NULL) != 0 || med > split || num2 < PAPER_SHARE *
	    (num1 + num2) || ave2 - ave1 < PAPER_GAP)
		return med;
	for (i = split + 1; i < n; i++) {
		numaGetFValue(na, i, &v);
		if ((acc += v) >= 0.5f * num2)
			return i;
	}
	return med;
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

/* dss - the sum of the squares of the steps between neighbours of NA */
static double
dss(NUMA *na)
{
	l_float32 a, b;
	double sum = 0;
	int i, n = na != NULL ? numaGetCount(na) : 0;

	for (i = 0; i + 1 < n; i++) {
		numaGetFValue(na, i, &a);
		numaGetFValue(na, i + 1, &b);
		sum += ((double)b - a) * ((double)b - a);
	}
	return sum;
}

/*
 * spots_of - of BOXA (the edge components of the reduced page, SW x SH, a
 * reduction by R), the spots of text size away from the page's edge that
 * hold ink in DARK (1 bpp, aligned): at least 1/12 of their box (less is
 * a smudge).  Their boxes, in the reduced page's pixels, into OUT.
 */
static void
spots_of(BOXA *boxa, PIX *dark, l_int32 sw, l_int32 sh, BOXA *out)
{
	l_int32 i, n = boxaGetCount(boxa), x, y, bw, bh, count;
	l_int32 margin = (sw < sh ? sw : sh) / 50 + 2;
	BOX *b;

	for (i = 0; i < n; i++) {
		boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh);
		if (bh < SPOT_MIN || bw < 3 || bh * SPOT_MAX_SHARE > sh ||
		    bh > 4 * bw + 8 || x < margin || y < margin ||
		    x + bw > sw - margin || y + bh > sh - margin)
			continue;
		b = boxCreate(x, y, bw, bh);
		count = 0;
		pixCountPixelsInRect(dark, b, &count, NULL);
		if (count * 12 < bw * bh)
			boxDestroy(&b);
		else
			boxaAddBox(out, b, L_INSERT);
	}
}

struct spot {
	l_int32	 x, y, w, h;
};

/* spot_cmp - qsort's order of spots: by their top */
static int
spot_cmp(const void *a, const void *b)
{
	const struct spot *p = a, *q = b;

	return (p->y > q->y) - (p->y < q->y);
}

/*
 * in_line - 1 if spots P and Q stand side by side in a line of text: of
 * about one height (within a factor 2), their middles level within half
 * the smaller one, apart by at most twice the larger; across the page
 * (ACROSS, a page on its side) the same with the page's axes swapped
 */
static int
in_line(const struct spot *p, const struct spot *q, int across)
{
	l_int32 pa = across ? p->w : p->h, qa = across ? q->w : q->h;
	l_int32 pc = across ? 2 * p->x + p->w : 2 * p->y + p->h;
	l_int32 qc = across ? 2 * q->x + q->w : 2 * q->y + q->h;
	l_int32 ps = across ? p->y : p->x, pl = across ? p->h : p->w;
	l_int32 qs = across ? q->y : q->x, ql = across ? q->h : q->w;
	l_int32 lo = pa < qa ? pa : qa, hi = pa > qa ? pa : qa, gap;

	if (hi > 2 * lo || abs(pc - qc) > lo)
		return 0;
	gap = ps < qs ? qs - (ps + pl) : ps - (qs + ql);
	return gap <= 2 * hi;
}

/*
 * in_lines - the spots of BOXA that stand in lines of text, each with
 * LINE_NEAR neighbours in its line (in_line; across the page, or down it
 * for a page on its side, the way more of them do), into OUT: letters and
 * words, not the scattered fibres, specks and smudges of a paper that
 * show the same contrast
 */
static void
in_lines(BOXA *boxa, BOXA *out)
{
	struct spot *s;
	l_int32 n = boxaGetCount(boxa), i, j, k, reach;
	int *near[2], best = 0, count[2] = { 0, 0 };

	if (n == 0 || (s = calloc((size_t)n, sizeof(*s))) == NULL)
		return;
	near[0] = calloc((size_t)n, sizeof(int));
	near[1] = calloc((size_t)n, sizeof(int));
	if (near[0] == NULL || near[1] == NULL)
		goto out;
	for (i = 0; i < n; i++)
		boxaGetBoxGeometry(boxa, i, &s[i].x, &s[i].y, &s[i].w,
		    &s[i].h);
	qsort(s, (size_t)n, sizeof(*s), spot_cmp);
	/*
	 * the spots below each, as far as one in its line can be: at most
	 * twice its size, its top within its height and a half (across)
	 * or its height and two gaps of twice the larger (down)
	 */
	for (i = 0; i < n; i++) {
		reach = 6 * (s[i].h > s[i].w ? s[i].h : s[i].w);
		for (j = i + 1; j < n && s[j].y - s[i].y <= reach; j++)
			for (k = 0; k < 2; k++)
				if (in_line(&s[i], &s[j], k)) {
					near[k][i]++;
					near[k][j]++;
				}
	}
	for (k = 0; k < 2; k++)
		for (i = 0; i < n; i++)
			count[k] += near[k][i] >= LINE_NEAR;
	best = count[1] > count[0];
	for (i = 0; i < n; i++)
		if (near[best][i] >= LINE_NEAR)
			boxaAddBox(out, boxCreate(s[i].x, s[i].y, s[i].w,
			    s[i].h), L_INSERT);
out:
	free(near[0]);
	free(near[1]);
	free(s);
}

/*
 * lines_across - 1 if the text spots MASK show lines that run down the
 * page rather than across it (a page on its side): its columns of pixels
 * step between text and gaps over twice as much as its rows do (the
 * squared steps of the profiles, as leptonica's skew sweep scores a
 * slope).  Over 104 pages and their turned copies, every upright page
 * scored rows 2.2 to 107 times over columns, every sideways one 0.05 to
 * 0.40 times, but a form of fields and rules at 100 dpi (funsd 82092117,
 * 3.1 turned); pages where a photograph makes most of the spots score
 * 0.6 to 0.8 (naps2 word_p2), and count as upright, as all pages did.
 */
static int
lines_across(PIX *mask)
{
	NUMA *rows = pixCountPixelsByRow(mask, NULL),
	    *cols = pixCountPixelsByColumn(mask);
	int across = rows != NULL && cols != NULL &&
	    dss(cols) > 2 * dss(rows);

	numaDestroy(&rows);
	numaDestroy(&cols);
	return across;
}

/*
 * faint_contrast - how much darker than the paper (level PAPER) faint ink
 * must be on LEAST, the darkest pixel of each block of the page, where
 * PAPER_MASK is paper: FAINT_CONTRAST, or less on paper whose own darkest
 * blocks are lighter, down to FAINT_LEAST, but always darker than all
 * but FAINT_RANK of them.  On smooth paper a faded typescript 20 levels
 * under it is text that its grain never makes (the darkest of its blocks
 * some 8 levels under); on grainy or recycled paper, and on the field
 * corpus's faint typescripts, the 25 levels that always held still do.
 */
static int
faint_contrast(PIX *least, PIX *paper_mask, int paper)
{
	NUMA *na = hist_masked(least, paper_mask);
	l_float32 all = 0;
	int by = FAINT_CONTRAST;

	if (na != NULL && numaGetSum(na, &all) == 0 && all > 0)
		by = paper - ink_hist_rank(na, FAINT_RANK) + 1;
	numaDestroy(&na);
	return by < FAINT_LEAST ? FAINT_LEAST : by > FAINT_CONTRAST ?
	    FAINT_CONTRAST : by;
}

/*
 * ink_measure - on a copy reduced to REDUCED_SIDE; where that shows too
 * few spots for text (FAINT_SPOTS) and was reduced by over 2, once more
 * reduced by 2 only, the measure with more spots kept.  A sheet that is
 * a part of a phone's photo (a letter at half the size of a 3000x4000
 * frame, on a desk) has letters under SPOT_MIN reduced pixels at the
 * frame's reduction of 3: no text was found, its resolution not
 * measured, and its cleaned page read at 65 edits where bare tesseract
 * read 9 (8 so).
 */
int
ink_measure(PIX *grey, struct ink_text *t)
{
	struct ink_text fine;
	l_int32 w, h;
	int r;

	pixGetDimensions(grey, &w, &h, NULL);
	r = ((w > h ? w : h) + REDUCED_SIDE - 1) / REDUCED_SIDE;
	if (r < 1)
		r = 1;
	if (ink_measure_at(grey, t, r) != 0)
		return -1;
	if (t->spots >= FAINT_SPOTS || r <= 2)
		return 0;
	if (ink_measure_at(grey, &fine, 2) != 0) {
		ink_free(&fine);
		return 0;
	}
	if (fine.spots > t->spots) {
		ink_free(t);
		*t = fine;
	} else
		ink_free(&fine);
	return 0;
}

/*
 * spot_middle - the median, over the spots BOXA (page pixels), of the
 * level halfway between PAPER and a spot's ink (the darkest SPOT_INK_RANK
 * of its levels in GREY where MASK is set, both reduced by R): where the
 * typical letter's soft edge is cut at half its depth; -1 if no spot
 */
static int
spot_middle(PIX *grey, PIX *mask, BOXA *boxa, int r, int paper)
{
	l_uint32 count[256];
	const l_uint32 *gl, *ml;
	l_int32 w, h, wplg, wplm, n, i, x, y, bw, bh, xx, yy, x1, y1, k, acc;
	NUMA *mids;
	l_float32 med = -1;

	pixGetDimensions(grey, &w, &h, NULL);
	if (pixGetWidth(mask) < w)
		w = pixGetWidth(mask);
	if (pixGetHeight(mask) < h)
		h = pixGetHeight(mask);
	wplg = pixGetWpl(grey);
	wplm = pixGetWpl(mask);
	n = boxaGetCount(boxa);
	if ((mids = numaCreate(n > 0 ? n : 1)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh) != 0)
			continue;
		x1 = (x + bw) / r < w ? (x + bw) / r : w;
		y1 = (y + bh) / r < h ? (y + bh) / r : h;
		memset(count, 0, sizeof(count));
		for (k = 0, yy = y / r; yy < y1; yy++) {
			gl = pixGetData(grey) + (size_t)yy * wplg;
			ml = pixGetData(mask) + (size_t)yy * wplm;
			for (xx = x / r; xx < x1; xx++)
				if (GET_DATA_BIT(ml, xx)) {
					count[GET_DATA_BYTE(gl, xx)]++;
					k++;
				}
		}
		if (k < SPOT_MIN)
			continue;
		for (xx = 0, acc = 0; xx < 255; xx++)
			if ((acc += (l_int32)count[xx]) >= SPOT_INK_RANK * k)
				break;
		numaAddNumber(mids, (l_float32)(paper + xx) / 2);
	}
	if (numaGetCount(mids) == 0 || numaGetMedian(mids, &med) != 0)
		med = -1;
	numaDestroy(&mids);
	return (int)med;
}

int
ink_thinned(const struct ink_text *t, PIX *grey, int level)
{
	const l_uint32 *gl;
	l_int32 w, h, wpl, n, i, x, y, bw, bh, xx, yy, x1, y1, v;
	long half, kept;
	NUMA *ratios;
	l_float32 med = 1;

	if (t->boxa == NULL || t->middle <= level || pixGetDepth(grey) != 8 ||
	    pixGetColormap(grey) != NULL)
		return 0;
	pixGetDimensions(grey, &w, &h, NULL);
	wpl = pixGetWpl(grey);
	n = boxaGetCount(t->boxa);
	if ((ratios = numaCreate(n > 0 ? n : 1)) == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(t->boxa, i, &x, &y, &bw, &bh) != 0 ||
		    x < 0 || y < 0)
			continue;
		x1 = x + bw < w ? x + bw : w;
		y1 = y + bh < h ? y + bh : h;
		for (half = kept = 0, yy = y; yy < y1; yy++) {
			gl = pixGetData(grey) + (size_t)yy * wpl;
			for (xx = x; xx < x1; xx++)
				if ((v = GET_DATA_BYTE(gl, xx)) <= t->middle) {
					half++;
					kept += v <= level;
				}
		}
		if (half > 0)
			numaAddNumber(ratios, (l_float32)kept / half);
	}
	if (numaGetCount(ratios) == 0 || numaGetMedian(ratios, &med) != 0)
		med = 1;
	numaDestroy(&ratios);
	return med < THIN_KEPT;
}

int
ink_measure_at(PIX *grey, struct ink_text *t, int r)
{
	PIX *small = NULL, *g = NULL, *edges = NULL, *spots = NULL,
	    *paper = NULL, *dark = NULL, *keep = NULL, *least = NULL,
	    *faint = NULL;
	BOXA *boxa = NULL, *found = NULL, *more = NULL, *lined = NULL;
	NUMA *na = NULL, *heights = NULL, *widths = NULL;
	l_int32 w, h, sw, sh, i, n, x, y, bw, bh, split;
	int dark_level;
	l_float32 med;
	l_uint32 ghist[256];
	double gcount = 0, acc;
	int rc = -1;

	memset(t, 0, sizeof(*t));
	pixGetDimensions(grey, &w, &h, NULL);
	t->scale = r;
	if (r == 1)
		small = pixClone(grey);
	else if (r == 2)
		small = clean_reduce2(grey);
	else
		small = clean_area_map(grey, 1.0f / r, 1.0f / r);
	if (small == NULL || (g = gradient(small, ghist)) == NULL)
		goto out;
	pixGetDimensions(small, &sw, &sh, NULL);
	if (sw < 16 || sh < 16)
		goto out;
	/* the median gradient, the outer ring (0) counted as leptonica's
	 * histogram of G counts it */
	ghist[0] += 2 * (l_uint32)sw + 2 * (l_uint32)(sh - 2);
	for (i = 0; i < 256; i++)
		gcount += ghist[i];
	for (i = 0, acc = 0; i < 255; i++)
		if ((acc += ghist[i]) >= 0.5 * gcount)
			break;
	t->noise = i;
	t->edge = EDGE_NOISE * t->noise;
	if (t->edge < EDGE_MIN)
		t->edge = EDGE_MIN;
	/* edges: 1 where the gradient is over the edge level */
	if ((edges = clean_threshold(g, t->edge)) == NULL)
		goto out;
	pixInvert(edges, edges);
	pixSetBorderRingVal(edges, 1, 0);
	if ((spots = clean_dilate(edges, 3, 3)) == NULL)
		goto out;
	/* the paper: what is not near an edge */
	if ((paper = pixInvert(NULL, spots)) == NULL ||
	    (na = hist_masked(small, paper)) == NULL)
		goto out;
	numaGetSum(na, &med);
	t->paper = med > 0 ? light_paper(na, ink_hist_rank(na, 0.5)) : 255;
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
	    dark_level)) == NULL || (boxa = clean_comp_boxes(edges)) == NULL) {
		t->boxa = boxaCreate(1);
		rc = 0;
		goto out;
	}
	n = boxaGetCount(boxa);
	if ((found = boxaCreate(n > 0 ? n : 1)) == NULL)
		goto out;
	spots_of(boxa, dark, sw, sh, found);
	/*
	 * too few for text: faint ink, perhaps, in strokes thinner than
	 * the reduction, which averaged them with the paper (a faded
	 * carbon copy, a pale typescript: a stroke of 50 levels on a
	 * 300 dpi page kept some 30 on the reduced one).  The darkest
	 * pixel of each reduced one's source pixels keeps a stroke's
	 * level, where paper texture and show-through, blurred, are no
	 * darker; and only spots that stand in lines of text count, not
	 * the fibres and specks of the paper that a darkest pixel makes
	 * darker too.
	 */
	if (boxaGetCount(found) < FAINT_SPOTS && r > 1 && n <= FAINT_BOXES &&
	    (least = pixScaleGrayMinMax(grey, r, r, L_CHOOSE_MIN)) != NULL &&
	    (faint = clean_threshold(least, t->paper - faint_contrast(least,
	    paper, t->paper))) != NULL &&
	    (more = boxaCreate(n > 0 ? n : 1)) != NULL &&
	    (lined = boxaCreate(n > 0 ? n : 1)) != NULL) {
		spots_of(boxa, faint, sw, sh, more);
		in_lines(more, lined);
		if (boxaGetCount(lined) >= FAINT_SPOTS) {
			boxaDestroy(&found);
			found = lined;
			lined = NULL;
			t->faint = 1;
		}
	}
	n = boxaGetCount(found);
	t->boxa = boxaCreate(n > 0 ? n : 1);
	heights = numaCreate(n > 0 ? n : 1);
	widths = numaCreate(n > 0 ? n : 1);
	for (i = 0; i < n; i++) {
		boxaGetBoxGeometry(found, i, &x, &y, &bw, &bh);
		numaAddNumber(heights, (l_float32)bh * r);
		numaAddNumber(widths, (l_float32)bw * r);
		boxaAddBox(t->boxa, boxCreate(x * r, y * r, bw * r, bh * r),
		    L_INSERT);
	}
	t->spots = boxaGetCount(t->boxa);
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
		t->across = lines_across(keep);
		pixAnd(keep, keep, spots);
		na = hist_masked(small, keep);
		if (na != NULL && numaSplitDistribution(na, 0.1f, &split,
		    NULL, NULL, NULL, NULL, NULL) == 0) {
			t->middle = spot_middle(small, keep, t->boxa, r,
			    t->paper);
			t->threshold = split < t->paper ? split : t->paper;
			t->ink = hist_mean(na, 0, split);
		}
		numaDestroy(&na);
	}
	if (t->spots > 0 &&
	    numaGetMedian(t->across ? widths : heights, &med) == 0)
		t->height = med;
	rc = 0;
out:
	boxaDestroy(&found);
	boxaDestroy(&more);
	boxaDestroy(&lined);
	pixDestroy(&faint);
	pixDestroy(&least);
	pixDestroy(&keep);
	numaDestroy(&heights);
	numaDestroy(&widths);
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
ink_lost(const struct ink_text *t, PIX *bin, PIX *cleared, double *area,
    BOXA *lostbox)
{
	l_int32 i, n, x, y, bw, bh, count, gone_here, lost = 0;
	double all = 0, gone = 0;
	BOX *b;

	if (t->boxa == NULL)
		return 0;
	n = boxaGetCount(t->boxa);
	for (i = 0; i < n; i++) {
		boxaGetBoxGeometry(t->boxa, i, &x, &y, &bw, &bh);
		b = boxCreate(x, y, bw, bh);
		count = gone_here = 0;
		pixCountPixelsInRect(bin, b, &count, NULL);
		if (cleared != NULL)
			pixCountPixelsInRect(cleared, b, &gone_here, NULL);
		/* the cleanup's own work (a punch hole): left out */
		if ((l_float64)gone_here * 40 >= (l_float64)bw * bh) {
			boxDestroy(&b);
			continue;
		}
		/* a letter or a word covers a fifth to a half of its box */
		all += (double)bw * bh;
		if ((l_float64)count * 40 < (l_float64)bw * bh) {
			lost++;
			gone += (double)bw * bh;
			if (lostbox != NULL)
				boxaAddBox(lostbox, b, L_COPY);
		}
		boxDestroy(&b);
	}
	*area = all > 0 ? gone / all : 0;
	return lost;
}

int
ink_lined(BOXA *boxa)
{
	BOXA *lined;
	int n;

	if ((lined = boxaCreate(1)) == NULL)
		return 0;
	in_lines(boxa, lined);
	n = boxaGetCount(lined);
	boxaDestroy(&lined);
	return n;
}

void
ink_free(struct ink_text *t)
{
	boxaDestroy(&t->boxa);
}
