/*
 * test_deskew.c - deskew's own rotation and threshold against leptonica's;
 * the OCR page it makes
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <leptonica/allheaders.h>

#include "../../src/deskew/clean.h"
#include "../../src/deskew/deskew.h"
#include "../../src/deskew/orient.h"
#include "../../src/deskew/skew.h"
#include "unit.h"

/* fill_rect PIX X Y W H V: set the rectangle to grey level V */
static void
fill_rect(PIX *pix, int x, int y, int w, int h, l_uint32 v)
{
	BOX *box = boxCreate(x, y, w, h);

	pixSetInRectArbitrary(pix, box, v);
	boxDestroy(&box);
}

/* a grey page: light paper with a gradient, dark bars and dots */
static PIX *
test_page(int w, int h)
{
	PIX *pix = pixCreate(w, h, 8);
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix), i, j;
	unsigned seed = 7;

	for (i = 0; i < h; i++)
		for (j = 0; j < w; j++) {
			int v = 200 + (i + j) % 40;

			if ((i / 9) % 4 == 1 && (j / 5) % 3 != 0 &&
			    j > w / 10 && j < w * 9 / 10)
				v = 30;		/* text-like bars */
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 97 == 0)
				v = (int)((seed >> 8) & 0xff);
			SET_DATA_BYTE(data + i * wpl, j, v);
		}
	return pix;
}

/* same_pix - 1 if A and B are both made and the same pixels; both freed */
static int
same_pix(PIX *a, PIX *b)
{
	l_int32 same = 0;

	if (a != NULL && b != NULL)
		pixEqual(a, b, &same);
	pixDestroy(&a);
	pixDestroy(&b);
	return same != 0;
}

DEFINE_TEST(test_rotate_grey_matches_leptonica)
{
	static const double deg[] = { 0.06, -0.4, 1.5, -7.0, 14.5 };
	PIX *page = test_page(613, 401), *mine, *lept;
	size_t k;

	for (k = 0; k < sizeof(deg) / sizeof(deg[0]); k++) {
		double rad = deg[k] * M_PI / 180.0, sum = 0;
		l_int32 i, j, n = 0, a, b, worst = 0;

		mine = deskew_rotate_grey(page, rad);
		lept = pixRotateAMGray(page, (float)rad, 255);
		assert_true(mine != NULL && lept != NULL);
		assert_int(pixGetWidth(mine), ==, 613);
		assert_int(pixGetHeight(mine), ==, 401);
		/* away from the edges brought in: both interpolate the
		 * same four pixels, leptonica with coarser weights */
		for (i = 20; i < 401 - 20; i++)
			for (j = 20; j < 613 - 20; j++) {
				double x = j - 306, y = i - 200;
				double sx = 306 + x * cos(rad) + y * sin(rad);
				double sy = 200 - x * sin(rad) + y * cos(rad);

				if (sx < 2 || sy < 2 || sx > 610 || sy > 398)
					continue;
				pixGetPixel(mine, j, i, (l_uint32 *)&a);
				pixGetPixel(lept, j, i, (l_uint32 *)&b);
				sum += abs(a - b);
				if (abs(a - b) > worst)
					worst = abs(a - b);
				n++;
			}
		assert_int(n, >, 100000);
		/* mean difference under 2 levels, none over a sixteenth
		 * of the range of one step */
		assert_int((long)(sum / n * 100), <, 200);
		assert_int(worst, <=, 24);
		pixDestroy(&mine);
		pixDestroy(&lept);
	}
	pixDestroy(&page);
}

DEFINE_TEST(test_rotate_grey_direction)
{
	/* a dark horizontal line through the centre, turned 5 degrees
	 * clockwise: its right end goes down (y grows down the page) */
	PIX *pix = pixCreate(400, 300, 8), *rot;
	l_uint32 v;
	double rad = 5.0 * M_PI / 180.0;
	int x, y;

	pixSetAll(pix);
	fill_rect(pix, 0, 148, 400, 5, 0);
	rot = deskew_rotate_grey(pix, rad);
	assert_true(rot != NULL);
	x = 200 + (int)lround(150 * cos(rad));
	y = 150 + (int)lround(150 * sin(rad));
	pixGetPixel(rot, x, y, &v);
	assert_int(v, <, 60);
	pixGetPixel(rot, x, 150 - (int)lround(150 * sin(rad)), &v);
	assert_int(v, >, 200);
	/* white brought in at the corners */
	pixGetPixel(rot, 0, 0, &v);
	assert_int(v, ==, 255);
	pixDestroy(&rot);
	/* not grey: refused */
	rot = pixConvert8To32(pix);
	assert_true(deskew_rotate_grey(rot, rad) == NULL);
	pixDestroy(&rot);
	pixDestroy(&pix);
}

/*
 * ocr_page_levels - deskew a grey page of dark text bars and faint bars
 * lighter than its threshold (235 paper, at DPI): the OCR page's pixels
 * between the threshold and white in *BETWEEN, and under 100 in *DARK
 */
static void
ocr_page_levels(int dpi, int *between, int *dark, l_uint32 *far)
{
	PIX *pix = pixCreate(1200, 1500, 8), *clean, *ocr = NULL;
	struct deskew_result r;
	char err[256];
	l_uint32 v;
	l_int32 i, j, w, h;

	pixSetAllArbitrary(pix, 235);
	for (i = 200; i < 1300; i += 40) {
		fill_rect(pix, 150, i, 900, 14, 40);
		fill_rect(pix, 150, i + 20, 700, 10, 205);
	}
	/* and one far from any dark ink: paper noise, show-through */
	fill_rect(pix, 150, 1400, 700, 10, 205);
	pixSetResolution(pix, dpi, dpi);
	clean = deskew_page(pix, &r, &ocr, err, sizeof(err));
	assert_true(clean != NULL);
	assert_true(ocr != NULL);
	assert_int(r.blank, ==, 0);
	assert_int(r.threshold, >, 40);
	*between = *dark = 0;
	pixGetDimensions(ocr, &w, &h, NULL);
	pixGetPixel(ocr, 500 * w / 1200, 1405 * h / 1500, far);
	for (i = 0; i < h; i += 3)
		for (j = 0; j < w; j += 3) {
			pixGetPixel(ocr, j, i, &v);
			if (v >= (l_uint32)r.threshold && v < 255)
				(*between)++;
			if (v < 100)
				(*dark)++;
		}
	pixDestroy(&clean);
	pixDestroy(&ocr);
	pixDestroy(&pix);
}

DEFINE_TEST(test_ocr_page_keeps_faint_ink)
{
	/*
	 * at its own resolution, on paper that normalises to white, the
	 * OCR page keeps what is lighter than the threshold near the ink
	 * (faint ink is not cut away) and the dark text's grey; what is as
	 * light far from any ink is made white
	 */
	int between, dark;
	l_uint32 far;

	ocr_page_levels(300, &between, &dark, &far);
	assert_int(between, >, 1000);
	assert_int(dark, >, 10000);
	assert_int((int)far, ==, 255);
}

DEFINE_TEST(test_ocr_page_scaled_up_paper_is_white)
{
	/*
	 * scaled up (100 dpi, by 2): the OCR page has no level between
	 * the threshold and white, the paper noise that grew with it is
	 * gone
	 */
	int between, dark;
	l_uint32 far;

	ocr_page_levels(100, &between, &dark, &far);
	assert_int(between, ==, 0);
	assert_int(dark, >, 10000);
}

/* letter - an "n" of 3-pixel strokes, 12 wide and 22 high, at X, Y */
static void
letter(PIX *pix, int x, int y)
{
	fill_rect(pix, x, y, 3, 22, 40);
	fill_rect(pix, x + 9, y, 3, 22, 40);
	fill_rect(pix, x, y, 12, 3, 40);
}

/* text_page - a page of 1500 x 1500 grey pixels, lines of letters on it */
static PIX *
text_page(void)
{
	PIX *pix = pixCreate(1500, 1500, 8);
	int i, x;

	pixSetAllArbitrary(pix, 235);
	for (i = 150; i < 1350; i += 50)
		for (x = 150; x < 1350; x += 24)
			letter(pix, x, i);
	return pix;
}

/* ocr_of - the OCR page deskew makes of PIX at 300 dpi (consumed), R */
static PIX *
ocr_of(PIX *pix, struct deskew_result *r)
{
	PIX *clean, *ocr = NULL;
	char err[256];

	pixSetResolution(pix, 300, 300);
	clean = deskew_page(pix, r, &ocr, err, sizeof(err));
	pixDestroy(&pix);
	pixDestroy(&clean);
	return ocr;
}

/*
 * fold_page - the OCR page deskew makes of a page of "text" (lines of
 * letters) at 300 dpi, crossed at row FOLD by a soft shadow of level
 * SHADE across its whole width, with a pale form line of that level a
 * fifth of the page long at row SHORT, and a dark rule with edges of that
 * level across the page at row RULE, a printed one that stops short of
 * its edges (one from edge to edge is ruled paper's, mended out:
 * test_ocr_page_ruling_mended); R gets deskew's figures
 */
static PIX *
fold_page(int fold, int shade, int shorty, int rule,
    struct deskew_result *r)
{
	PIX *pix = text_page();
	int x;

	/* the shadow, soft: three levels either side of its core */
	fill_rect(pix, 0, fold - 9, 1500, 18, (l_uint32)(shade + 30));
	fill_rect(pix, 0, fold - 6, 1500, 12, (l_uint32)(shade + 15));
	fill_rect(pix, 0, fold - 3, 1500, 6, (l_uint32)shade);
	fill_rect(pix, 400, shorty, 300, 4, (l_uint32)shade);
	/* a rule with soft edges as pale as the shadow */
	fill_rect(pix, 100, rule - 2, 1300, 8, (l_uint32)shade);
	fill_rect(pix, 100, rule, 1300, 4, 40);
	/* the letters the shadow and the lines cross stay ink */
	for (x = 150; x < 1350; x += 24) {
		letter(pix, x, fold - 11);
		letter(pix, x, shorty - 9);
	}
	return ocr_of(pix, r);
}

/* row_pale - pixels of row Y of PIX from LO to under 230 */
static int
row_pale(PIX *pix, int y, int lo)
{
	l_uint32 v;
	int x, n = 0;

	for (x = 0; x < pixGetWidth(pix); x++) {
		pixGetPixel(pix, x, y, &v);
		if ((int)v >= lo && v < 230)
			n++;
	}
	return n;
}

DEFINE_TEST(test_ocr_page_fold_shadow_is_paper)
{
	/*
	 * a fold's shadow, lighter than the ink, is paper on the OCR page
	 * even between the letters it crosses (left grey there, it struck
	 * the lines through); a pale line a fifth of the page long keeps
	 * its grey near the ink, and so do a dark rule's pale edges
	 */
	struct deskew_result r;
	l_int32 sev = setMsgSeverity(L_SEVERITY_WARNING);
	PIX *ocr = fold_page(625, 135, 875, 1125, &r);

	setMsgSeverity(sev);	/* its "letters" tell no orientation */
	assert_true(ocr != NULL);
	assert_int(pixGetWidth(ocr), ==, 1500);
	assert_int(r.threshold, <, 150);
	assert_int(row_pale(ocr, 625, r.threshold), ==, 0);
	assert_int(row_pale(ocr, 628, r.threshold), ==, 0);
	assert_int(row_pale(ocr, 876, r.threshold), >, 150);
	assert_int(row_pale(ocr, 1124, r.threshold), >, 1000);
	pixDestroy(&ocr);
}

/*
 * columns_of - deskew's page.K.columns for a page 3000 x 1500 at 300 dpi
 * of NCOL blocks of "text" side by side, 2700 pixels in all with a gutter
 * of GUTTER pixels between each two, and with TITLE a line of letters
 * across them all at the top
 */
static int
columns_of(int ncol, int gutter, int title, int *ruled)
{
	struct deskew_result r;
	PIX *pix = pixCreate(3000, 1500, 8), *clean, *ocr = NULL, *t;
	int c, i, x, x0, wcol = (2700 - (ncol - 1) * gutter) / ncol;
	l_uint32 o = 1, a = 0;
	char err[256];
	l_int32 sev = setMsgSeverity(L_SEVERITY_WARNING);

	pixSetAllArbitrary(pix, 235);
	for (c = 0; c < ncol; c++) {
		x0 = 150 + c * (wcol + gutter);
		for (i = 250; i < 1350; i += 50)
			for (x = x0; x + 12 < x0 + wcol; x += 24)
				letter(pix, x, i);
	}
	if (title)
		for (x = 150; x + 12 < 2850; x += 24)
			letter(pix, x, 150);
	/* a scan's soft edges and noise, which the text's measure needs */
	t = pixBlockconv(pix, 1, 1);
	pixDestroy(&pix);
	pix = pixAddGaussianNoise(t, 4.0);
	pixDestroy(&t);
	pixSetResolution(pix, 300, 300);
	clean = deskew_page(pix, &r, &ocr, err, sizeof(err));
	setMsgSeverity(sev);	/* its "letters" tell no orientation */
	pixDestroy(&pix);
	/*
	 * near the first gutter's middle, halfway down the text: a dark
	 * pixel on OCR's page (8 bpp: 0; 1 bpp: 1), none on the archived one
	 */
	*ruled = 0;
	for (x = 150 + wcol + gutter / 2 - 20; ocr != NULL && clean != NULL &&
	    ncol > 1 && x < 150 + wcol + gutter / 2 + 20; x++) {
		pixGetPixel(ocr, x, 800, &o);
		pixGetPixel(clean, x, 800, &a);
		if (pixGetDepth(clean) == 1 ? a == 1 : a < 128) {
			*ruled = 0;
			break;
		}
		if (pixGetDepth(ocr) == 1 ? o == 1 : o < 128)
			*ruled = 1;
	}
	pixDestroy(&ocr);
	if (clean == NULL)
		return -1;
	pixDestroy(&clean);
	return r.columns;
}

DEFINE_TEST(test_deskew_columns)
{
	int ruled;

	/* two pages side by side, a gutter of an inch: a rule down it */
	assert_int(columns_of(2, 300, 0, &ruled), ==, 2);
	assert_true(ruled);
	/* three, gutters of an inch */
	assert_int(columns_of(3, 300, 0, &ruled), ==, 3);
	assert_true(ruled);
	/* a table's gutter, half an inch: left to the engine */
	assert_int(columns_of(2, 150, 0, &ruled), ==, 1);
	assert_true(!ruled);
	/* a title across both makes them one, as for the engine */
	assert_int(columns_of(2, 300, 1, &ruled), ==, 1);
	assert_true(!ruled);
	/* one block */
	assert_int(columns_of(1, 0, 0, &ruled), ==, 1);
}

/*
 * ruled_page - the OCR page deskew makes of a page of "text" at 300 dpi on
 * ruled paper: lines 2 pixels thick of level SHADE from edge to edge
 * across it every 24 rows, through the letters, and one down it at
 * column 100; R gets deskew's figures
 */
static PIX *
ruled_page(int shade, struct deskew_result *r)
{
	PIX *pix = text_page();
	int i, x;

	for (i = 12; i < 1500; i += 24)
		fill_rect(pix, 0, i, 1500, 2, (l_uint32)shade);
	fill_rect(pix, 100, 0, 2, 1500, (l_uint32)shade);
	/* where a line crosses a letter, the letter's ink */
	for (i = 150; i < 1350; i += 50)
		for (x = 150; x < 1350; x += 24)
			letter(pix, x, i);
	return ocr_of(pix, r);
}

/* dark_in - pixels of row Y of PIX from X0 to under X1 darker than LEVEL */
static int
dark_in(PIX *pix, int y, int x0, int x1, int level)
{
	l_uint32 v;
	int x, n = 0;

	for (x = x0; x < x1; x++) {
		pixGetPixel(pix, x, y, &v);
		if ((int)v < level)
			n++;
	}
	return n;
}

DEFINE_TEST(test_ocr_page_ruling_mended)
{
	/*
	 * ruled paper's lines, dark (under the ink threshold) or pale, run
	 * from edge to edge through the text: on the OCR page they are
	 * gone, between the letters and in the margins, and the letters'
	 * upright strokes they crossed are whole (mended from above and
	 * below); the archived page keeps them
	 */
	static const int shade[] = { 120, 190 };
	struct deskew_result r;
	l_int32 sev;
	size_t k;
	PIX *ocr;

	for (k = 0; k < sizeof(shade) / sizeof(shade[0]); k++) {
		sev = setMsgSeverity(L_SEVERITY_WARNING);
		ocr = ruled_page(shade[k], &r);
		setMsgSeverity(sev);
		assert_true(ocr != NULL);
		assert_int(r.lines, ==, 1);
		/* row 156 crosses the letters of the line at 150 */
		assert_int(dark_in(ocr, 156, 0, 150, 230), ==, 0);
		assert_int(dark_in(ocr, 156, 1350, 1500, 230), ==, 0);
		assert_int(dark_in(ocr, 157, 0, 150, 230), ==, 0);
		/* between the letters, paper; on their strokes, ink */
		assert_int(dark_in(ocr, 156, 153, 159, 230), ==, 0);
		assert_int(dark_in(ocr, 156, 150, 153, 128), ==, 3);
		assert_int(dark_in(ocr, 156, 159, 162, 128), ==, 3);
		/* a row between two lines of text and two of the ruling */
		assert_int(dark_in(ocr, 132, 0, 1500, 230), ==, 0);
		/* the line down the page, in a row of text */
		assert_int(dark_in(ocr, 160, 99, 103, 230), ==, 0);
		pixDestroy(&ocr);
	}
}

DEFINE_TEST(test_threshold_matches_leptonica)
{
	static const int width[] = { 1, 31, 32, 33, 613, 1000 };
	static const int level[] = { 1, 80, 128, 200, 255 };
	PIX *page, *mine, *lept;
	size_t k, l;

	for (k = 0; k < sizeof(width) / sizeof(width[0]); k++) {
		page = test_page(width[k], 37);
		for (l = 0; l < sizeof(level) / sizeof(level[0]); l++) {
			mine = clean_threshold(page, level[l]);
			lept = pixThresholdToBinary(page, level[l]);
			assert_true(mine != NULL && lept != NULL);
			assert_true(same_pix(mine, lept));
		}
		pixDestroy(&page);
	}
}

/*
 * rotate_ref - deskew_rotate_grey's fixed-point bilinear sums, a pixel
 * at a time through pixGetPixel: what its vector code must give exactly
 */
static PIX *
rotate_ref(PIX *grey, double angle)
{
	l_int32 w = pixGetWidth(grey), h = pixGetHeight(grey), i, j;
	double xcen = w / 2, ycen = h / 2, c = cos(angle), sn = sin(angle);
	int64_t dx = llround(c * 65536.0), dy = llround(-sn * 65536.0);
	int64_t x, y;
	PIX *out = pixCreateTemplate(grey);
	l_uint32 a, b, e, f;
	unsigned xf, yf, top, bot;

	for (i = 0; i < h; i++) {
		x = llround((xcen - xcen * c + (i - ycen) * sn) * 65536.0);
		y = llround((ycen + xcen * sn + (i - ycen) * c) * 65536.0);
		for (j = 0; j < w; j++, x += dx, y += dy) {
			if (x < 0 || y < 0 || (x >> 16) >= w - 1 ||
			    (y >> 16) >= h - 1) {
				pixSetPixel(out, j, i, 255);
				continue;
			}
			xf = (unsigned)(x >> 8) & 0xff;
			yf = (unsigned)(y >> 8) & 0xff;
			pixGetPixel(grey, (l_int32)(x >> 16), (l_int32)(y >> 16),
			    &a);
			pixGetPixel(grey, (l_int32)(x >> 16) + 1,
			    (l_int32)(y >> 16), &b);
			pixGetPixel(grey, (l_int32)(x >> 16),
			    (l_int32)(y >> 16) + 1, &e);
			pixGetPixel(grey, (l_int32)(x >> 16) + 1,
			    (l_int32)(y >> 16) + 1, &f);
			top = a * (256 - xf) + b * xf;
			bot = e * (256 - xf) + f * xf;
			pixSetPixel(out, j, i,
			    (top * (256 - yf) + bot * yf + 32768) >> 16);
		}
	}
	return out;
}

DEFINE_TEST(test_rotate_grey_exact)
{
	/* over 90 degrees too: the rows read then move up the page */
	static const double deg[] = { 0.06, -0.4, 1.5, -7.0, 14.5, -24.0,
	    100.0, -170.0 };
	static const int width[] = { 613, 64, 37 };
	PIX *page, *mine, *ref;
	size_t k, l;

	for (l = 0; l < sizeof(width) / sizeof(width[0]); l++) {
		page = test_page(width[l], 211);
		for (k = 0; k < sizeof(deg) / sizeof(deg[0]); k++) {
			mine = deskew_rotate_grey(page, deg[k] * M_PI / 180);
			ref = rotate_ref(page, deg[k] * M_PI / 180);
			assert_true(mine != NULL && ref != NULL);
			assert_true(same_pix(mine, ref));
		}
		pixDestroy(&page);
	}
}

DEFINE_TEST(test_set_white_matches_leptonica)
{
	static const int width[] = { 5, 32, 33, 613 };
	PIX *page, *mask, *mine, *lept;
	size_t k;
	l_int32 i, j;

	for (k = 0; k < sizeof(width) / sizeof(width[0]); k++) {
		page = test_page(width[k], 41);
		/* a mask with empty, full and partial words */
		mask = pixCreate(width[k], 41, 1);
		for (i = 0; i < 41; i++)
			for (j = 0; j < width[k]; j++)
				if (i < 10 || (i < 20 && j % 3 == 0) ||
				    (i > 30 && j > width[k] / 2))
					pixSetPixel(mask, j, i, 1);
		mine = pixCopy(NULL, page);
		lept = pixCopy(NULL, page);
		clean_set_white(mine, mask);
		pixSetMasked(lept, mask, 255);
		assert_true(same_pix(mine, lept));
		pixDestroy(&mask);
		pixDestroy(&page);
	}
}

/*
 * text_like - a binary page of lines of "letters": x-height blocks in
 * words, some with an ascender (ASC in 8 of them) or a descender
 */
static PIX *
text_like(int w, int h, int asc)
{
	PIX *pix = pixCreate(w, h, 1);
	unsigned seed = 11;
	int x, y, lw;

	for (y = 30; y + 40 < h; y += 34)
		for (x = 20; x + 12 < w - 20; x += lw + 3) {
			seed = seed * 1103515245u + 12345u;
			lw = 5 + (int)(seed >> 16) % 4;
			if ((seed >> 20) % 7 == 0) {	/* a space */
				x += 6;
				continue;
			}
			pixRasterop(pix, x, y, lw, 11, PIX_SET, NULL, 0, 0);
			if ((int)((seed >> 8) % 8) < asc)
				pixRasterop(pix, x, y - 8, 2, 8, PIX_SET, NULL,
				    0, 0);
			else if ((seed >> 8) % 8 == 7)
				pixRasterop(pix, x + lw - 2, y + 11, 2, 8,
				    PIX_SET, NULL, 0, 0);
		}
	return pix;
}

DEFINE_TEST(test_orient_detect_matches_leptonica)
{
	static const int size[][2] = { { 700, 500 }, { 613, 377 } };
	PIX *page, *t;
	l_float32 up, left, lup, lleft;
	size_t k;
	int q;

	for (k = 0; k < sizeof(size) / sizeof(size[0]); k++) {
		page = text_like(size[k][0], size[k][1], 3);
		for (q = 0; q < 4; q++) {
			t = pixRotateOrth(page, q);
			assert_int(orient_detect(t, &up, &left), ==, 0);
			assert_int(pixOrientDetect(t, &lup, &lleft, 0, 0), ==,
			    0);
			/* the same counts: the same floats */
			assert_true(up == lup && left == lleft);
			/* and the page's text says something */
			assert_true(up != 0 || left != 0);
			pixDestroy(&t);
		}
		pixDestroy(&page);
	}
}

DEFINE_TEST(test_white_from_matches_leptonica)
{
	static const int width[] = { 3, 16, 33, 613 };
	static const int level[] = { 1, 100, 224, 255 };
	PIX *page, *mine, *lept;
	size_t k, l;

	for (k = 0; k < sizeof(width) / sizeof(width[0]); k++) {
		page = test_page(width[k], 29);
		for (l = 0; l < sizeof(level) / sizeof(level[0]); l++) {
			mine = pixCopy(NULL, page);
			lept = pixCopy(NULL, page);
			clean_white_from(mine, level[l]);
			pixThresholdToValue(lept, lept, level[l], 255);
			assert_true(same_pix(mine, lept));
		}
		pixDestroy(&page);
	}
}

DEFINE_TEST(test_reduce2_matches_leptonica)
{
	static const int size[][2] = { { 2, 2 }, { 17, 5 }, { 32, 9 },
	    { 613, 401 }, { 64, 64 } };
	PIX *page, *mine, *lept;
	size_t k;

	for (k = 0; k < sizeof(size) / sizeof(size[0]); k++) {
		page = test_page(size[k][0], size[k][1]);
		mine = clean_reduce2(page);
		lept = pixScaleAreaMap2(page);
		assert_true(mine != NULL && lept != NULL);
		assert_true(same_pix(mine, lept));
		pixDestroy(&page);
	}
}

DEFINE_TEST(test_min_reduce2_matches_leptonica)
{
	static const int size[][2] = { { 2, 2 }, { 3, 3 }, { 17, 5 },
	    { 32, 9 }, { 65, 33 }, { 613, 401 }, { 64, 64 } };
	PIX *page, *mine, *lept;
	size_t k;

	for (k = 0; k < sizeof(size) / sizeof(size[0]); k++) {
		page = test_page(size[k][0], size[k][1]);
		mine = clean_min_reduce2(page);
		lept = pixScaleGrayMinMax(page, 2, 2, L_CHOOSE_MIN);
		assert_true(mine != NULL && lept != NULL);
		assert_true(same_pix(mine, lept));
		pixDestroy(&page);
	}
}

DEFINE_TEST(test_area_map_matches_leptonica)
{
	static const int size[][2] = { { 40, 40 }, { 97, 61 }, { 613, 401 },
	    { 1201, 803 } };
	static const float scale[][2] = { { 1.0f / 3, 1.0f / 3 },
	    { 0.2f, 0.2f }, { 0.3f, 0.45f }, { 0.25f, 0.25f },
	    { 0.125f, 0.125f }, { 0.5f, 0.5f },
	    { 300.0f / 430, 300.0f / 430 }, { 0.05f, 0.03f }, { 1.0f / 7,
	    1.0f / 7 } };
	PIX *page, *mine, *lept;
	size_t k, l;

	for (k = 0; k < sizeof(size) / sizeof(size[0]); k++) {
		page = test_page(size[k][0], size[k][1]);
		pixSetResolution(page, 400, 400);
		for (l = 0; l < sizeof(scale) / sizeof(scale[0]); l++) {
			mine = clean_area_map(page, scale[l][0], scale[l][1]);
			lept = pixScaleAreaMap(page, scale[l][0], scale[l][1]);
			assert_true(mine != NULL && lept != NULL);
			assert_int(pixGetXRes(mine), ==, pixGetXRes(lept));
			assert_true(same_pix(mine, lept));
		}
		pixDestroy(&page);
	}
}

/*
 * from 0.7 to 1, where leptonica interpolates and sharpens, an area map
 * still (and under 0.7, leptonica's): the size and resolution
 * leptonica's would have, a flat page flat, and each pixel the mean of
 * the source over its box, to the 1/16 pixel its edges are counted in
 * (at a black bar's edge, 255/16 grey levels an edge per source pixel
 * the box spans)
 */
DEFINE_TEST(test_area_map_near_one_is_an_area_map)
{
	static const float scale[][2] = { { 0.75f, 0.75f }, { 0.7f, 0.7f },
	    { 300.0f / 350, 300.0f / 350 }, { 0.99f, 0.8f }, { 0.6f, 0.6f },
	    { 0.3f, 0.3f } };
	PIX *page, *mine, *flat;
	l_int32 wd, hd, i, j, y, x, v;
	double sx, sy, a, sum, oy, ox, worst;
	size_t l;

	page = test_page(613, 401);
	pixSetResolution(page, 400, 400);
	flat = pixCreate(97, 61, 8);
	pixSetAllArbitrary(flat, 183);
	for (l = 0; l < sizeof(scale) / sizeof(scale[0]); l++) {
		sx = scale[l][0];
		sy = scale[l][1];
		mine = clean_area_map(page, scale[l][0], scale[l][1]);
		assert_true(mine != NULL);
		pixGetDimensions(mine, &wd, &hd, NULL);
		assert_int(wd, ==, (l_int32)(scale[l][0] * 613.0f + 0.5f));
		assert_int(hd, ==, (l_int32)(scale[l][1] * 401.0f + 0.5f));
		assert_int(pixGetXRes(mine), ==, (l_int32)(400 * sx + 0.5));
		/* a dest pixel is 613 / WD source pixels wide */
		sx = wd / 613.0;
		sy = hd / 401.0;
		worst = 0;
		/* inside: the last rows and columns take an edge pixel */
		for (i = 0; i < hd - 2; i++)
			for (j = 0; j < wd - 2; j++) {
				sum = a = 0;
				for (y = (l_int32)(i / sy); y < (i + 1) / sy; y++)
					for (x = (l_int32)(j / sx); x < (j + 1) /
					    sx; x++) {
						oy = fmin(y + 1, (i + 1) / sy) -
						    fmax(y, i / sy);
						ox = fmin(x + 1, (j + 1) / sx) -
						    fmax(x, j / sx);
						pixGetPixel(page, x, y,
						    (l_uint32 *)&v);
						sum += oy * ox * v;
						a += oy * ox;
					}
				pixGetPixel(mine, j, i, (l_uint32 *)&v);
				worst = fmax(worst, fabs(v - sum / a));
			}
		assert_true(worst <= 255.0 / 16 * (sx + sy) + 1);
		pixDestroy(&mine);
		mine = clean_area_map(flat, scale[l][0], scale[l][1]);
		assert_true(mine != NULL);
		pixGetDimensions(mine, &wd, &hd, NULL);
		for (i = 0; i < hd; i++)
			for (j = 0; j < wd; j++) {
				pixGetPixel(mine, j, i, (l_uint32 *)&v);
				assert_int(v, ==, 183);
			}
		pixDestroy(&mine);
	}
	pixDestroy(&flat);
	pixDestroy(&page);
}

DEFINE_TEST(test_dilate_matches_leptonica)
{
	static const int width[] = { 1, 31, 32, 33, 100, 613 };
	static const int size[][2] = { { 1, 1 }, { 3, 3 }, { 17, 17 },
	    { 4, 7 }, { 1, 9 }, { 40, 1 }, { 33, 2 }, { 65, 65 } };
	PIX *page, *bin, *mine, *lept;
	size_t k, l;

	for (k = 0; k < sizeof(width) / sizeof(width[0]); k++) {
		page = test_page(width[k], 53);
		bin = pixThresholdToBinary(page, 60);
		/* ink at the edges too, and set pad bits, which are not */
		pixSetPixel(bin, 0, 0, 1);
		pixSetPixel(bin, width[k] - 1, 52, 1);
		if (width[k] % 32 != 0)
			pixGetData(bin)[pixGetWpl(bin) - 1] |= 1;
		for (l = 0; l < sizeof(size) / sizeof(size[0]); l++) {
			mine = clean_dilate(bin, size[l][0], size[l][1]);
			lept = pixDilateBrick(NULL, bin, size[l][0],
			    size[l][1]);
			assert_true(mine != NULL && lept != NULL);
			assert_true(same_pix(mine, lept));
		}
		pixDestroy(&bin);
		pixDestroy(&page);
	}
}

/* specks_page - a 1 bpp page of specks, letters, bits at the edge, a bar */
static PIX *
specks_page(int w, int h)
{
	PIX *pix = pixCreate(w, h, 1);
	unsigned seed = 11;
	int k, x, y, s;

	for (k = 0; k < 400; k++) {
		seed = seed * 1103515245u + 12345u;
		x = (int)((seed >> 8) % (unsigned)w);
		seed = seed * 1103515245u + 12345u;
		y = (int)((seed >> 8) % (unsigned)h);
		s = 1 + k % 12;		/* 1..3: specks; 4..12: letters */
		pixRasterop(pix, x, y, s, s + k % 3, PIX_SET, NULL, 0, 0);
	}
	pixRasterop(pix, 0, 40, 6, 9, PIX_SET, NULL, 0, 0);	/* edge bits */
	pixRasterop(pix, w - 2, 70, 2, 2, PIX_SET, NULL, 0, 0);
	pixRasterop(pix, 30, h - 4, 50, 4, PIX_SET, NULL, 0, 0);
	pixRasterop(pix, 0, 100, 150, 8, PIX_SET, NULL, 0, 0);	/* a bar */
	return pix;
}

DEFINE_TEST(test_specks_ink_matches_leptonica)
{
	static const int dpi[] = { 150, 300, 400 };
	PIX *page, *mine, *ref, *edge, *t, *u;
	double share, want;
	l_int32 n = 0;
	size_t k;

	for (k = 0; k < sizeof(dpi) / sizeof(dpi[0]); k++) {
		page = specks_page(613, 421);
		mine = pixCopy(NULL, page);
		share = clean_specks_ink(mine, dpi[k], &edge);
		/* what clean_specks, clean_edge_bits, clean_ink_share did */
		ref = pixSelectBySize(page, dpi[k] / 100, dpi[k] / 100, 8,
		    L_SELECT_IF_EITHER, L_SELECT_IF_GT, NULL);
		t = pixExtractBorderConnComps(ref, 8);
		u = pixSelectBySize(t, dpi[k] / 3, dpi[k] / 3, 8,
		    L_SELECT_IF_BOTH, L_SELECT_IF_LTE, NULL);
		pixDestroy(&t);
		assert_true(edge != NULL);
		assert_true(same_pix(edge, pixClone(u)));
		t = pixSelectBySize(ref, dpi[k] / 60, dpi[k] / 60, 8,
		    L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
		pixRasterop(t, 0, 0, 613, 421, PIX_SUBTRACT, u, 0, 0);
		pixCountPixels(t, &n, NULL);
		want = (double)n / (613.0 * 421);
		assert_true(share == want && n > 0);
		assert_true(same_pix(mine, ref));
		pixDestroy(&t);
		pixDestroy(&u);
		pixDestroy(&page);
	}
}

/* scatter - N specks of S x S pixels over PIX at random (from SEED) */
static void
scatter(PIX *pix, int n, int s, unsigned int seed)
{
	int i, x, y;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		x = (int)((seed >> 8) % (unsigned int)(pixGetWidth(pix) - s));
		seed = seed * 1103515245u + 12345u;
		y = (int)((seed >> 8) % (unsigned int)(pixGetHeight(pix) - s));
		pixRasterop(pix, x, y, s, s, PIX_SET, NULL, 0, 0);
	}
}

/*
 * dot_page - a bilevel page 2480 x 1200 at 300 dpi: a line of solid
 * "print" (blocks 20 x 30) at the top, then (DOTS) NROW rows of 20
 * letters of a draft dot-matrix print, each a 5 x 7 ring of dots 3
 * pixels wide 5 apart, 30 apart, the rows 60 apart; NOISE such dots
 * scattered over the page
 */
static PIX *
dot_page(int nrow, int noise)
{
	PIX *pix = pixCreate(2480, 1200, 1);
	int r, l, i, j, x, y;

	pixSetResolution(pix, 300, 300);
	for (x = 200; x < 2200; x += 30)
		pixRasterop(pix, x, 100, 20, 30, PIX_SET, NULL, 0, 0);
	for (r = 0; r < nrow; r++)
		for (l = 0; l < 20; l++)
			for (i = 0; i < 5; i++)
				for (j = 0; j < 7; j++) {
					if (i != 0 && i != 4 && j != 0 &&
					    j != 6)
						continue;
					x = 400 + l * 30 + i * 5;
					y = 300 + r * 60 + j * 5;
					pixRasterop(pix, x, y, 3, 3, PIX_SET,
					    NULL, 0, 0);
				}
	scatter(pix, noise, 3, 11);
	return pix;
}

/* dot_rows_of - clean_dot_rows of PAGE (clean_specks_dots on a copy) */
static PIX *
dot_rows_of(PIX *page, int *letters, int *ndots)
{
	PIX *bin = pixCopy(NULL, page), *edge = NULL, *rows;
	struct clean_dots dots;

	clean_specks_dots(bin, 300, &edge, &dots);
	*ndots = dots.n;
	rows = clean_dot_rows(page, &dots, 300, letters);
	clean_dots_free(&dots);
	pixDestroy(&bin);
	pixDestroy(&edge);
	return rows;
}

DEFINE_TEST(test_dot_rows)
{
	PIX *page, *rows;
	l_uint32 v;
	int letters, ndots;

	/* three rows of dot-matrix letters beside print in strokes */
	page = dot_page(3, 0);
	rows = dot_rows_of(page, &letters, &ndots);
	assert_int(ndots, ==, 3 * 20 * 20);
	assert_true(rows != NULL);
	assert_int(letters, ==, 60);
	/* the rows' dots are in it, the print in strokes is not */
	pixGetPixel(rows, 401, 301, &v);
	assert_int(v, ==, 1);
	pixGetPixel(rows, 401 + 19 * 30 + 20, 300 + 2 * 60 + 31, &v);
	assert_int(v, ==, 1);
	pixGetPixel(rows, 205, 110, &v);
	assert_int(v, ==, 0);
	pixDestroy(&rows);
	pixDestroy(&page);
	/* the print alone; a page speckled all over with dots */
	page = dot_page(0, 0);
	assert_true(dot_rows_of(page, &letters, &ndots) == NULL);
	assert_int(letters, ==, 0);
	pixDestroy(&page);
	page = dot_page(0, 12000);
	assert_true(dot_rows_of(page, &letters, &ndots) == NULL);
	pixDestroy(&page);
	/* the rows amid that speckle: joined with it, blots, not letters */
	page = dot_page(3, 12000);
	assert_true(dot_rows_of(page, &letters, &ndots) == NULL);
	pixDestroy(&page);
	/*
	 * amid 1000 specks, found; amid 3000, the rows' dots are under 10
	 * times as dense as the specks elsewhere, and not taken (with no
	 * such rule, they were, up to 5000)
	 */
	page = dot_page(3, 1000);
	rows = dot_rows_of(page, &letters, &ndots);
	assert_true(rows != NULL);
	assert_int(letters, >=, 50);
	pixDestroy(&rows);
	pixDestroy(&page);
	page = dot_page(3, 3000);
	assert_true(dot_rows_of(page, &letters, &ndots) == NULL);
	pixDestroy(&page);
}

/*
 * period_page - a bilevel page 1600 x 800 at 200 dpi: 10 lines of 30
 * "letters" (blocks 10 x 14, 4 apart), each line's fifth, tenth...
 * letter followed by a period of 2 x 2 pixels a pixel after it on the
 * baseline; SPECKLE specks of 2 x 2 scattered over the page
 */
static PIX *
period_page(int speckle)
{
	PIX *pix = pixCreate(1600, 800, 1);
	int l, c, x, y;

	pixSetResolution(pix, 200, 200);
	for (l = 0; l < 10; l++)
		for (c = 0; c < 30; c++) {
			x = 100 + c * 14;
			y = 100 + l * 40;
			pixRasterop(pix, x, y, 10, 14, PIX_SET, NULL, 0, 0);
			if (c % 5 == 4)
				pixRasterop(pix, x + 11, y + 12, 2, 2, PIX_SET,
				    NULL, 0, 0);
		}
	scatter(pix, speckle, 2, 3);
	return pix;
}

/* specks_near_of - clean_specks_near of PAGE, and how many into *N */
static PIX *
specks_near_of(PIX *page, int *n)
{
	PIX *bin = pixCopy(NULL, page), *edge = NULL, *near;
	struct clean_dots dots;

	clean_specks_dots(bin, 200, &edge, &dots);
	near = clean_specks_near(bin, page, &dots, 200, n);
	clean_dots_free(&dots);
	pixDestroy(&bin);
	pixDestroy(&edge);
	return near;
}

DEFINE_TEST(test_specks_near_text)
{
	PIX *page, *near;
	l_uint32 v;
	int n;

	/* the 60 periods go back, and only they */
	page = period_page(0);
	near = specks_near_of(page, &n);
	assert_true(near != NULL);
	assert_int(n, ==, 60);
	pixGetPixel(near, 100 + 4 * 14 + 11, 112, &v);
	assert_int(v, ==, 1);
	pixGetPixel(near, 100, 100, &v);	/* a letter: never cleared */
	assert_int(v, ==, 0);
	pixDestroy(&near);
	pixDestroy(&page);
	/* with a few specks of dust about: the periods still go back */
	page = period_page(40);
	near = specks_near_of(page, &n);
	assert_true(near != NULL);
	assert_int(n, >=, 60);
	pixDestroy(&near);
	pixDestroy(&page);
	/* a page speckled all over: as dense by the text, none go back */
	page = period_page(8000);
	assert_true(specks_near_of(page, &n) == NULL);
	assert_int(n, ==, 0);
	pixDestroy(&page);
}

DEFINE_TEST(test_border_comps_solid_and_large)
{
	PIX *page = pixCreate(900, 1200, 1);
	l_int32 n = 0;
	double share;
	int i;

	/* a solid bar at the left edge (a border), over 1/3 inch at 300 dpi */
	pixRasterop(page, 0, 0, 60, 1200, PIX_SET, NULL, 0, 0);
	/* a band at the top with its text knocked out (content) */
	pixRasterop(page, 100, 0, 700, 150, PIX_SET, NULL, 0, 0);
	for (i = 0; i < 20; i++)
		pixRasterop(page, 120 + 30 * i, 40, 15, 60, PIX_CLR, NULL, 0,
		    0);
	/* a letter cut by the right edge, and one inside the page */
	pixRasterop(page, 880, 600, 20, 40, PIX_SET, NULL, 0, 0);
	pixRasterop(page, 400, 600, 20, 40, PIX_SET, NULL, 0, 0);
	share = clean_border_comps(page, 300);
	assert_true(fabs(share - 60.0 * 1200 / (900.0 * 1200)) < 1e-9);
	pixCountPixels(page, &n, NULL);
	assert_int(n, ==, 700 * 150 - 20 * 15 * 60 + 2 * 20 * 40);
	pixDestroy(&page);
}

DEFINE_TEST(test_halftone_mask_matches_leptonica)
{
	static const int size[][2] = { { 300, 200 }, { 613, 421 },
	    { 1001, 777 } };
	PIX *page, *bin, *mine, *lept;
	int found, x, y;
	l_int32 lfound;
	size_t k;

	for (k = 0; k < sizeof(size) / sizeof(size[0]); k++) {
		page = test_page(size[k][0], size[k][1]);
		bin = pixThresholdToBinary(page, 60);
		pixDestroy(&page);
		/* a photo: a solid block and dots beside it, at the edge too */
		pixRasterop(bin, 40, 30, 60, 50, PIX_SET, NULL, 0, 0);
		for (y = 30; y < 120; y += 3)
			for (x = 100; x < 180; x += 3)
				pixSetPixel(bin, x, y, 1);
		pixRasterop(bin, size[k][0] - 45, size[k][1] - 33, 45, 33,
		    PIX_SET, NULL, 0, 0);
		for (y = size[k][1] - 60; y < size[k][1]; y += 2)
			for (x = size[k][0] - 90; x < size[k][0] - 40; x += 3)
				pixSetPixel(bin, x, y, 1);
		mine = clean_halftone_mask(bin, &found);
		lept = pixGenerateHalftoneMask(bin, NULL, &lfound, NULL);
		assert_int(found, ==, lfound);
		assert_true(found == 1);
		assert_true(same_pix(mine, lept));
		/* no seed: none found, and no mask */
		pixClearAll(bin);
		pixRasterop(bin, 50, 50, 10, 3, PIX_SET, NULL, 0, 0);
		mine = clean_halftone_mask(bin, &found);
		lept = pixGenerateHalftoneMask(bin, NULL, &lfound, NULL);
		assert_true(mine == NULL && found == 0 && lfound == 0);
		pixDestroy(&lept);
		pixDestroy(&bin);
	}
}

/* photo_ref - clean_photo_share as it was, by leptonica's histogram */
static double
photo_ref(PIX *bin, PIX *norm)
{
	PIX *mask;
	NUMA *na;
	l_int32 found = 0, n = 0, i, mode = 0;
	l_float32 v, peak = 0, near = 0, all = 0;

	if ((mask = pixGenerateHalftoneMask(bin, NULL, &found, NULL)) == NULL)
		return 0;
	if (found)
		pixCountPixels(mask, &n, NULL);
	if (n > 0 && (na = pixGetGrayHistogramMasked(norm, mask, 0, 0,
	    2)) != NULL) {
		for (i = 0; i < 256; i++) {
			numaGetFValue(na, i, &v);
			all += v;
			if (v > peak) {
				peak = v;
				mode = i;
			}
		}
		for (i = mode - 12; i <= mode + 12; i++)
			if (i >= 0 && i < 256) {
				numaGetFValue(na, i, &v);
				near += v;
			}
		numaDestroy(&na);
		if (all > 0 && near > 0.5f * all)
			n = 0;
	}
	pixDestroy(&mask);
	return (double)n / ((double)pixGetWidth(bin) * pixGetHeight(bin));
}

DEFINE_TEST(test_photo_share_matches_leptonica)
{
	PIX *norm, *bin;
	int tint, x, y;
	double mine;

	for (tint = 0; tint < 2; tint++) {
		norm = test_page(613, 421);
		/* a photo: a block of dots on a tint, or on a gradient */
		for (y = 100; y < 300; y++)
			for (x = 150; x < 451; x++)
				pixSetPixel(norm, x, y, (x + y) % 3 == 0 ? 20 :
				    tint ? 150 : (l_uint32)(x - 150) * 200 / 300);
		bin = pixThresholdToBinary(norm, 160);
		mine = clean_photo_share(bin, norm, 0, NULL);
		assert_true(mine == photo_ref(bin, norm));
		assert_true(tint ? mine == 0 : mine > 0.1);
		pixDestroy(&bin);
		pixDestroy(&norm);
	}
}

/*
 * two regions of dots, one on a tint of 80 (or a gradient, if GRADIENT)
 * at x 150..450, one on a tint of 130 at x 650..950, of a grey page
 */
static PIX *
two_regions(int gradient)
{
	PIX *norm = test_page(1101, 421);
	int x, y;

	for (y = 100; y < 300; y++)
		for (x = 150; x < 951; x++) {
			if (x > 450 && x < 650)
				continue;
			pixSetPixel(norm, x, y, (x + y) % 3 == 0 ? 20 :
			    x >= 650 ? 130 : gradient ?
			    (l_uint32)(x - 150) * 200 / 300 : 80);
		}
	return norm;
}

DEFINE_TEST(test_photo_share_tints_apart)
{
	PIX *norm, *bin, *one;
	double both, alone;
	int side;

	/*
	 * two fields shaded at 80 and 130: no level holds half of the two,
	 * but each is a flat tint: no photograph (the mask judged whole
	 * made them one)
	 */
	norm = two_regions(0);
	bin = pixThresholdToBinary(norm, 160);
	assert_true(photo_ref(bin, norm) > 0.1);
	assert_true(clean_photo_share(bin, norm, 0, &side) == 0);
	assert_true(side == 0);
	pixDestroy(&bin);
	pixDestroy(&norm);
	/*
	 * a photograph beside a shaded field: the photograph alone counts,
	 * as much as it does on its own page
	 */
	norm = two_regions(1);
	bin = pixThresholdToBinary(norm, 160);
	both = clean_photo_share(bin, norm, 0, &side);
	assert_true(both > 0.05 && both < photo_ref(bin, norm));
	assert_true(side > 150);
	one = pixCopy(NULL, norm);
	pixRasterop(one, 600, 0, 501, 421, PIX_SET, NULL, 0, 0);
	pixDestroy(&bin);
	bin = pixThresholdToBinary(one, 160);
	alone = clean_photo_share(bin, one, 0, NULL);
	assert_true(alone > 0.05 && fabs(both - alone) < 0.01);
	pixDestroy(&one);
	pixDestroy(&bin);
	pixDestroy(&norm);
}

/* border_ref - clean_border_comps as leptonica's fills made it */
static double
border_ref(PIX *bin, int dpi)
{
	PIX *border, *comp, *holes, *t;
	PIXA *pixa = NULL;
	BOXA *boxa;
	l_int32 i, n, x, y, bw, bh, nc, nh;
	double share;

	border = pixExtractBorderConnComps(bin, 8);
	boxa = pixConnComp(border, &pixa, 8);
	n = boxaGetCount(boxa);
	for (i = 0; i < n; i++) {
		boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh);
		comp = pixaGetPix(pixa, i, L_CLONE);
		holes = pixHolesByFilling(comp, 4);
		pixRasterop(holes, 0, 0, bw, bh, PIX_SUBTRACT, comp, 0, 0);
		pixCountPixels(comp, &nc, NULL);
		pixCountPixels(holes, &nh, NULL);
		if (nh * 50 > nc)
			pixRasterop(border, x, y, bw, bh, PIX_SUBTRACT, comp,
			    0, 0);
		pixDestroy(&holes);
		pixDestroy(&comp);
	}
	boxaDestroy(&boxa);
	pixaDestroy(&pixa);
	t = pixSelectBySize(border, dpi / 3, dpi / 3, 8, L_SELECT_IF_EITHER,
	    L_SELECT_IF_GT, NULL);
	pixDestroy(&border);
	pixCountPixels(t, &n, NULL);
	share = (double)n / ((double)pixGetWidth(bin) * pixGetHeight(bin));
	if (n > 0 && share < 0.75)
		pixRasterop(bin, 0, 0, pixGetWidth(bin), pixGetHeight(bin),
		    PIX_SUBTRACT, t, 0, 0);
	else
		share = 0;
	pixDestroy(&t);
	return share;
}

DEFINE_TEST(test_border_comps_match_leptonica_fills)
{
	static const int level[] = { 60, 150, 215, 235 };
	PIX *page, *mine, *ref;
	size_t k;

	page = test_page(613, 421);
	/* dark regions at the edges, one with light content inside */
	pixRasterop(page, 0, 0, 613, 30, PIX_CLR, NULL, 0, 0);
	pixRasterop(page, 580, 0, 33, 421, PIX_CLR, NULL, 0, 0);
	pixRasterop(page, 0, 300, 200, 121, PIX_CLR, NULL, 0, 0);
	pixRasterop(page, 20, 320, 100, 40, PIX_SET, NULL, 0, 0);
	for (k = 0; k < sizeof(level) / sizeof(level[0]); k++) {
		mine = pixThresholdToBinary(page, level[k]);
		ref = pixCopy(NULL, mine);
		assert_true(clean_border_comps(mine, 90) == border_ref(ref, 90));
		assert_true(same_pix(mine, ref));
	}
	pixDestroy(&page);
}

DEFINE_TEST(test_skew_find_matches_leptonica)
{
	static const float angle[] = { 0.0f, 0.4f, -1.3f, 3.7f, -9.0f,
	    14.0f };
	PIX *page, *bin, *t;
	float am, cm, al, cl;
	int rm, rl, red;
	size_t k;

	page = test_page(1200, 900);
	bin = pixThresholdToBinary(page, 60);
	pixDestroy(&page);
	for (k = 0; k < sizeof(angle) / sizeof(angle[0]); k++) {
		t = pixRotate(bin, angle[k] * (float)M_PI / 180.0f,
		    L_ROTATE_SAMPLING, L_BRING_IN_WHITE, 0, 0);
		for (red = 1; red <= 2; red++) {
			rm = skew_find(t, &am, &cm, 4 / red, 2 / red, 25.0f,
			    1.0f, 0.01f);
			rl = pixFindSkewSweepAndSearch(t, &al, &cl, 4 / red,
			    2 / red, 25.0f, 1.0f, 0.01f);
			assert_int(rm, ==, rl);
			assert_true(am == al && cm == cl);
		}
		pixDestroy(&t);
	}
	/* a blank page: no angle, as leptonica fails */
	pixClearAll(bin);
	assert_int(skew_find(bin, &am, &cm, 2, 1, 25.0f, 1.0f, 0.01f), ==, 1);
	assert_true(am == 0 && cm == 0);
	pixDestroy(&bin);
}

DEFINE_TEST(test_background_map_matches_leptonica)
{
	static const int size[][2] = { { 200, 150 }, { 613, 421 },
	    { 1000, 1300 } };
	static const int tile[] = { 4, 9, 25 };
	static const int thresh[] = { 60, 150, 220 };
	PIX *page, *mine, *lept;
	size_t k, l;

	for (k = 0; k < sizeof(size) / sizeof(size[0]); k++) {
		page = test_page(size[k][0], size[k][1]);
		for (l = 0; l < sizeof(tile) / sizeof(tile[0]); l++) {
			lept = NULL;
			mine = clean_background_map(page, tile[l], tile[l],
			    thresh[l], 50);
			pixGetBackgroundGrayMap(page, NULL, tile[l], tile[l],
			    thresh[l], 50, &lept);
			assert_true(mine != NULL && lept != NULL);
			assert_true(same_pix(mine, lept));
		}
		pixDestroy(&page);
	}
}

DEFINE_TEST(test_keep_small_matches_leptonica)
{
	static const int lim[][2] = { { 1, 1 }, { 5, 7 }, { 12, 12 },
	    { 40, 30 }, { 150, 150 } };
	PIX *page, *bins[3], *mine, *lept;
	size_t k, l;

	page = test_page(613, 421);
	bins[0] = pixThresholdToBinary(page, 60);
	bins[1] = pixThresholdToBinary(page, 230);	/* large, joined */
	pixDestroy(&page);
	bins[2] = specks_page(700, 333);
	for (k = 0; k < 3; k++) {
		for (l = 0; l < sizeof(lim) / sizeof(lim[0]); l++) {
			mine = clean_keep_small(bins[k], lim[l][0], lim[l][1]);
			lept = pixSelectBySize(bins[k], lim[l][0], lim[l][1], 8,
			    L_SELECT_IF_BOTH, L_SELECT_IF_LTE, NULL);
			assert_true(mine != NULL && lept != NULL);
			assert_true(same_pix(mine, lept));
		}
		pixDestroy(&bins[k]);
	}
}

DEFINE_TEST(test_comp_boxes_match_leptonica)
{
	PIX *page, *bin;
	BOXA *mine, *lept;
	l_int32 i, n, same = 0, x[2], y[2], w[2], h[2];
	int level;

	page = test_page(613, 421);
	for (level = 60; level <= 240; level += 60) {
		bin = pixThresholdToBinary(page, level);
		mine = clean_comp_boxes(bin);
		lept = pixConnCompBB(bin, 8);
		n = boxaGetCount(lept);
		assert_int(boxaGetCount(mine), ==, n);
		for (i = 0, same = 1; i < n; i++) {
			boxaGetBoxGeometry(mine, i, &x[0], &y[0], &w[0], &h[0]);
			boxaGetBoxGeometry(lept, i, &x[1], &y[1], &w[1], &h[1]);
			if (x[0] != x[1] || y[0] != y[1] || w[0] != w[1] ||
			    h[0] != h[1])
				same = 0;
		}
		assert_true(same);
		boxaDestroy(&mine);
		boxaDestroy(&lept);
		pixDestroy(&bin);
	}
	pixDestroy(&page);
}

DEFINE_TEST(test_reduce2_hist_matches_leptonica)
{
	/* heights whose last row is and is not counted, or reduced */
	static const int size[][2] = { { 613, 421 }, { 64, 9 }, { 33, 13 },
	    { 37, 12 }, { 2, 2 }, { 5, 3 } };
	l_uint32 hist[256];
	l_float32 v;
	PIX *page, *mine;
	NUMA *na;
	size_t k;
	int i, same;

	for (k = 0; k < sizeof(size) / sizeof(size[0]); k++) {
		page = test_page(size[k][0], size[k][1]);
		mine = clean_reduce2_hist(page, hist);
		assert_true(same_pix(mine, clean_reduce2(page)));
		na = pixGetGrayHistogram(page, 4);
		for (i = 0, same = na != NULL; same && i < 256; i++) {
			numaGetFValue(na, i, &v);
			same = v == (l_float32)hist[i];
		}
		assert_true(same);
		numaDestroy(&na);
		pixDestroy(&page);
	}
}

/*
 * clean_rotate_orth turns a grey page as leptonica does, by every
 * quarter: sizes of whole blocks of 16, of blocks and a rest, and of no
 * whole block, ending inside a word; its resolution and text as
 * leptonica keeps them; a bilevel page through leptonica
 */
DEFINE_TEST(test_rotate_orth_matches_leptonica)
{
	static const l_int32 sizes[][2] = { { 1, 1 }, { 3, 7 }, { 16, 16 },
	    { 32, 48 }, { 37, 19 }, { 250, 333 }, { 333, 250 } };
	PIX *grey, *bin, *a, *b;
	l_int32 i, x, y, q, same;

	for (i = 0; i < (l_int32)(sizeof(sizes) / sizeof(sizes[0])); i++) {
		grey = pixCreate(sizes[i][0], sizes[i][1], 8);
		for (y = 0; y < sizes[i][1]; y++)
			for (x = 0; x < sizes[i][0]; x++)
				pixSetPixel(grey, x, y, (l_uint32)(x * 7 +
				    y * 13 + x * y) % 256);
		pixSetResolution(grey, 204, 98);
		pixSetText(grey, "a page");
		bin = pixThresholdToBinary(grey, 128);
		for (q = 0; q < 4; q++) {
			a = pixRotateOrth(grey, q);
			b = clean_rotate_orth(grey, q);
			same = 0;
			assert_true(a != NULL && b != NULL);
			if (a != NULL && b != NULL) {
				pixEqual(a, b, &same);
				assert_int(same, ==, 1);
				assert_int(pixGetWidth(b), ==, pixGetWidth(a));
				assert_int(pixGetXRes(b), ==, pixGetXRes(a));
				assert_int(pixGetYRes(b), ==, pixGetYRes(a));
				assert_true((pixGetText(a) == NULL) ==
				    (pixGetText(b) == NULL));
			}
			pixDestroy(&a);
			pixDestroy(&b);
			a = pixRotateOrth(bin, q);
			b = clean_rotate_orth(bin, q);
			same = 0;
			if (a != NULL && b != NULL)
				pixEqual(a, b, &same);
			assert_int(same, ==, 1);
			pixDestroy(&a);
			pixDestroy(&b);
		}
		pixDestroy(&grey);
		pixDestroy(&bin);
	}
}
