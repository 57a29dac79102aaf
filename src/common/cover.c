/*
 * cover.c - reading cover sheets (see cover.h)
 *
 * The cheap test: the page (of square pixels: a fax's are stretched
 * first) is shrunk by an integer factor to about 100 dpi of 8-bit grey (a
 * 1-bit scan by leptonica's whole factors, others by a box average),
 * thresholded at its Otsu level, and every row is looked at for the
 * finder patterns of a QR code: runs dark, light, dark, light, dark in
 * the ratio 1:1:3:1:1, which the column through the centre must cross
 * the same way (a pixel is dark when most of it and its two neighbours
 * are: a speck of noise does not break a run).  Only three such patterns
 * of the same module size that form the corner of a square (an L: two
 * sides of equal length at a right angle, in any orientation) make the
 * page worth zbar's time, and zbar (QR only) then scans that square
 * alone, at a scale where a module is about 5 pixels: from the small
 * image when it is large enough there (a cover sheet's code has 2.5 mm
 * modules, 10 pixels at 100 dpi), else from the page itself, and from the
 * page at twice that if nothing read.  A plain page costs the shrinking
 * and one pass over about a million bytes; zbar never sees it.
 *
 * Where no cover-sheet code read (another QR code may have) and the
 * paper itself is darker than the split somewhere (a photo lit from one
 * side, a fold's shadow: there the whole code is "dark"), the small
 * image is looked at once more with its light
 * evened out (a background by closing, wider than a code's dark runs),
 * and each code found is evened so before zbar reads it.  Over the 255
 * files of the corpus (no cover sheet among them), 16 pages took that
 * second look, and the whole read cost the same time (14.1 s).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <zbar.h>

#include "cover.h"
#include "image.h"

#define LOW_DPI		100	/* the cheap test's resolution */
#define MODULE_PX	5	/* pixels per module that zbar is given */
#define A4_LONG_INCH	11.69	/* a page that gives no resolution */
#define MAX_FINDERS	256	/* finder pattern clusters kept */
#define MAX_CORNERS	48	/* the strongest, tried as corners */
#define MAX_CODES	8	/* candidate codes scanned on a page */
#define MAX_TRIPLES	64	/* candidate corners looked at */

/* what the QR codes of a page said */
struct found {
	int	 nqr;			/* QR codes decoded */
	int	 status;		/* 1 ref found, 0 none, -1 error */
	char	 ref[COVER_REF_MAX + 1];
	char	 why[128];		/* with status -1 */
};

/* a cluster of finder pattern hits, in the small image's pixels */
struct finder {
	long	 sx, sy, su;		/* sums of the hits' centres, modules */
	double	 x, y;			/* their means */
	int	 unit;
	int	 hits;			/* rows that crossed it */
};

/* a candidate code: its square with the quiet zone, in the same pixels */
struct code {
	int	 x0, y0, x1, y1;
	double	 unit;
	int	 hits;			/* of its three finders */
};

/*
 * page_dpi - the page's resolution when it says one that makes a page
 * of 2 to 20 inches, else one guessed from an A4 size
 */
static double
page_dpi(PIX *pix)
{
	l_int32 xres = pixGetXRes(pix), w = pixGetWidth(pix),
	    h = pixGetHeight(pix), side = w > h ? w : h;

	if (xres >= 50 && xres <= 1200 && side >= 2 * xres &&
	    side <= 20 * xres)
		return xres;
	return side / A4_LONG_INCH;
}

/*
 * grey_scaled - PIX as a new 8-bit grey image scaled by S (at most 1),
 * or NULL (out of memory)
 */
static PIX *
grey_scaled(PIX *pix, double s)
{
	PIX *t, *g;
	l_int32 d = pixGetDepth(pix);

	if (s > 1)
		s = 1;
	if (d == 1 && pixGetColormap(pix) == NULL && s < 0.9)
		return pixScaleToGray(pix, (l_float32)s);
	/* already grey and its size: the same pixels, not copied */
	if (pixGetColormap(pix) == NULL && d == 8 && s >= 0.9)
		return pixClone(pix);
	if (pixGetColormap(pix) == NULL && d == 32)
		t = pixConvertRGBToLuminance(pix);
	else
		t = pixConvertTo8(pix, 0);
	if (t == NULL || s >= 0.9)
		return t;
	g = pixScale(t, (l_float32)s, (l_float32)s);
	pixDestroy(&t);
	return g;
}

/* luminance - the grey level of an RGB pixel of leptonica (0xRRGGBBAA) */
static inline unsigned
luminance(l_uint32 px)
{
	return (77 * (px >> 24) + 150 * ((px >> 16) & 0xff) +
	    29 * ((px >> 8) & 0xff)) >> 8;
}

/*
 * box_mean - the mean of a box of pixels whose sum is S, with INV from
 * grey_shrink: (S * INV) >> 16, the one rounding every way of shrinking
 * shares, so that all give the same pixels
 */
static inline unsigned
box_mean(l_uint32 s, l_uint32 inv)
{
	return (s * inv) >> 16;
}

/* the 8-bit fields of a pair of words, in 16 bits each */
#define HALF_MASK	0x00ff00ff00ff00ffULL

/*
 * half_quad - the means of the 2x2 boxes of the pairs of words A and B
 * (8 pixels of 8 bits, the first in the high byte) of two rows, as a word
 * of 4 pixels.  A box adds up to 1020 at most (no carry between the sums
 * of 16 bits), and for a sum S below 16384, box_mean(S, inv) of f = 2,
 * (S * 16385) >> 16, is S >> 2: the sums are shifted and packed in place.
 */
static inline l_uint32
half_quad(uint64_t a, uint64_t b)
{
	uint64_t t;

	t = (a & HALF_MASK) + (b & HALF_MASK) + ((a >> 8) & HALF_MASK) +
	    ((b >> 8) & HALF_MASK);
	t = (t >> 2) & HALF_MASK;	/* the 4 means, one in each 16 bits */
	t |= t >> 8;
	return (l_uint32)(((t >> 16) & 0xffff0000) | (t & 0xffff));
}

/*
 * shrink_half - the 8-bit SRC halved into G (its width and height half
 * SRC's, rounded down), a word of G from two of each of two rows: the
 * usual case of ingest, a page decoded at 150 to 249 dpi, where the
 * shrinking cost more than the search for finders.  Every word of G is
 * written, its padding zero.
 */
static void
shrink_half(PIX *src, PIX *g)
{
	l_int32 wpl = pixGetWpl(src), wpld = pixGetWpl(g),
	    wd = pixGetWidth(g), hd = pixGetHeight(g), y, k,
	    pairs = wpl / 2 < wpld ? wpl / 2 : wpld;
	const l_uint32 *l0, *l1;
	l_uint32 *dl;

	for (y = 0; y < hd; y++) {
		l0 = pixGetData(src) + (size_t)2 * y * wpl;
		l1 = l0 + wpl;
		dl = pixGetData(g) + (size_t)y * wpld;
		/* G's pixels 4k to 4k + 3: SRC's words 2k, 2k + 1 */
		for (k = 0; k < pairs; k++)
			dl[k] = half_quad((uint64_t)l0[2 * k] << 32 |
			    l0[2 * k + 1], (uint64_t)l1[2 * k] << 32 |
			    l1[2 * k + 1]);
		/* the last word of SRC when it has no pair */
		if (k < wpld)
			dl[k] = half_quad((uint64_t)l0[2 * k] << 32,
			    (uint64_t)l1[2 * k] << 32);
		if (wd % 4 != 0)
			dl[wpld - 1] &= ~0U << 8 * (4 - wd % 4);
	}
}

/*
 * column_sums - the sums of the columns of F rows of SRC from row Y into
 * COL (room for a row of SRC, rounded up to a word; ACC for twice its
 * words).  8 bits: the rows are added a word at a time, ACC[2q] the
 * pixels 1 and 3 of word q, ACC[2q + 1] the pixels 0 and 2, two sums of
 * 16 bits in each (64 rows of 255 at most), then spread out.
 */
static void
column_sums(PIX *src, int y, int f, l_uint32 *col, l_uint32 *acc)
{
	l_int32 d = pixGetDepth(src), wpl = pixGetWpl(src),
	    w = pixGetWidth(src), x, i;
	l_uint32 *line = pixGetData(src) + (size_t)y * wpl;

	if (d != 8) {
		for (x = 0; x < w; x++)
			col[x] = luminance(line[x]);
		for (i = 1; i < f; i++)
			for (line += wpl, x = 0; x < w; x++)
				col[x] += luminance(line[x]);
		return;
	}
	for (x = 0; x < wpl; x++) {
		acc[2 * x] = line[x] & 0x00ff00ff;
		acc[2 * x + 1] = (line[x] >> 8) & 0x00ff00ff;
	}
	for (i = 1; i < f; i++)
		for (line += wpl, x = 0; x < wpl; x++) {
			acc[2 * x] += line[x] & 0x00ff00ff;
			acc[2 * x + 1] += (line[x] >> 8) & 0x00ff00ff;
		}
	for (x = 0; x < wpl; x++) {
		col[4 * x] = acc[2 * x + 1] >> 16;
		col[4 * x + 1] = acc[2 * x] >> 16;
		col[4 * x + 2] = acc[2 * x + 1] & 0xffff;
		col[4 * x + 3] = acc[2 * x] & 0xffff;
	}
}

/*
 * shrink_box - SRC (8 bits, or 32 as RGB) shrunk F times into G: each
 * pixel the mean of an FxF box; COL and ACC as column_sums wants them
 */
static void
shrink_box(PIX *src, PIX *g, int f, l_uint32 inv, l_uint32 *col,
    l_uint32 *acc)
{
	l_int32 wpld = pixGetWpl(g), wd = pixGetWidth(g),
	    hd = pixGetHeight(g), x, y, k;
	l_uint32 *dl, *c, s;

	for (y = 0; y < hd; y++) {
		column_sums(src, y * f, f, col, acc);
		dl = pixGetData(g) + (size_t)y * wpld;
		for (x = 0, c = col; x < wd; x++, c += f) {
			for (s = 0, k = 0; k < f; k++)
				s += c[k];
			SET_DATA_BYTE(dl, x, box_mean(s, inv));
		}
	}
}

/*
 * bilevel_shrink - the bilevel PIX as an 8-bit grey image shrunk by the
 * largest of leptonica's whole factors (2, 3, 4, 6, 8, 16) up to F (at
 * least 2), each grey pixel the share of white in its box.  Not
 * pixScaleToGray(PIX, 1.0f / F): 1/3 and 1/6 as floats miss its exact
 * cases, and it scales the whole page in binary first, pixel by pixel (a
 * 600-dpi page: by 4/3, to 59 Mpx), 63% of ingest's time on such pages.
 */
static PIX *
bilevel_shrink(PIX *pix, int f)
{
	if (f >= 16)
		return pixScaleToGray16(pix);
	if (f >= 8)
		return pixScaleToGray8(pix);
	if (f >= 6)
		return pixScaleToGray6(pix);
	if (f >= 4)
		return pixScaleToGray4(pix);
	if (f >= 3)
		return pixScaleToGray3(pix);
	return pixScaleToGray2(pix);
}

/*
 * grey_shrink - PIX as a new 8-bit grey image F times smaller (a box
 * average; faster than leptonica's general scaling), or NULL
 */
static PIX *
grey_shrink(PIX *pix, int f)
{
	PIX *t = NULL, *src = pix, *g;
	l_int32 d = pixGetDepth(pix), w, h, wd, hd;
	l_uint32 *col = NULL, inv;
	int half;

	if (f < 2)
		return grey_scaled(pix, 1);
	if (d == 1 && pixGetColormap(pix) == NULL)
		return bilevel_shrink(pix, f);
	if (pixGetColormap(pix) != NULL || (d != 8 && d != 32) || f > 64) {
		if ((t = src = pixConvertTo8(pix, 0)) == NULL)
			return NULL;
		d = 8;
	}
	w = pixGetWidth(src);
	h = pixGetHeight(src);
	wd = w / f;
	hd = h / f;
	half = d == 8 && f == 2;
	if (wd < 1 || hd < 1 || f > 64) {
		g = grey_scaled(src, 1.0 / f);
		pixDestroy(&t);
		return g;
	}
	/* shrink_half writes every word of G: no need to zero it first */
	g = half ? pixCreateNoInit(wd, hd, 8) : pixCreate(wd, hd, 8);
	/* room for the column sums of shrink_box, and its words' pairs */
	if (g == NULL || (!half && (col = malloc((size_t)pixGetWpl(src) * 6 *
	    sizeof(*col))) == NULL)) {
		pixDestroy(&g);
		pixDestroy(&t);
		return NULL;
	}
	inv = (1U << 16) / (f * f) + 1;	/* s / f^2 as (s * inv) >> 16 */
	if (half)
		shrink_half(src, g);
	else
		shrink_box(src, g, f, inv, col, col + 4 * pixGetWpl(src));
	free(col);
	pixDestroy(&t);
	return g;
}

/* found_text - take the text of one decoded QR code into F */
static void
found_text(struct found *f, const char *t, size_t len)
{
	char ref[COVER_REF_MAX + 1];
	int r;

	f->nqr++;
	if (f->status < 0)
		return;
	r = cover_text_ref(t, len, ref, sizeof(ref));
	if (r < 0) {
		f->status = -1;
		snprintf(f->why, sizeof(f->why), "cover-sheet QR code with "
		    "an invalid reference (1 to %d of A-Z a-z 0-9 . _ / -)",
		    COVER_REF_MAX);
	} else if (r > 0 && f->status > 0 && strcmp(f->ref, ref) != 0) {
		f->status = -1;
		snprintf(f->why, sizeof(f->why), "two cover-sheet QR codes "
		    "with different references on one page");
	} else if (r > 0) {
		f->status = 1;
		memcpy(f->ref, ref, sizeof(ref));
	}
}

/*
 * qr_scan - scan the 8-bit grey G with zbar's QR decoder into F;
 * 0, or -1 (out of memory)
 */
static int
qr_scan(PIX *g, struct found *f)
{
	zbar_image_scanner_t *sc;
	zbar_image_t *img;
	const zbar_symbol_t *sym;
	l_int32 w = pixGetWidth(g), h = pixGetHeight(g), wpl = pixGetWpl(g);
	l_uint32 *data = pixGetData(g), *line;
	unsigned char *buf;
	l_int32 x, y;

	if ((buf = malloc((size_t)w * h)) == NULL)
		return -1;
	for (y = 0; y < h; y++) {
		line = data + (size_t)y * wpl;
		for (x = 0; x < w; x++)
			buf[(size_t)y * w + x] = GET_DATA_BYTE(line, x);
	}
	sc = zbar_image_scanner_create();
	img = zbar_image_create();
	if (sc == NULL || img == NULL) {
		if (sc != NULL)
			zbar_image_scanner_destroy(sc);
		if (img != NULL)
			zbar_image_destroy(img);
		free(buf);
		return -1;
	}
	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)w, (unsigned)h);
	zbar_image_set_data(img, buf, (unsigned long)w * h, NULL);
	if (zbar_scan_image(sc, img) > 0)
		for (sym = zbar_image_first_symbol(img); sym != NULL;
		    sym = zbar_symbol_next(sym))
			if (zbar_symbol_get_type(sym) == ZBAR_QRCODE)
				found_text(f, zbar_symbol_get_data(sym),
				    zbar_symbol_get_data_length(sym));
	zbar_image_destroy(img);
	zbar_image_scanner_destroy(sc);
	free(buf);
	return 0;
}

/*
 * otsu - the threshold that best splits the grey levels of G (sampled);
 * dark is "< thr".  Otsu's split T takes the level T itself into the
 * darker class, which "< T" leaves out: harmless where levels run on (a
 * pixel at exactly T is rare), but a page of two levels alone, 0 and
 * 255 (a bilevel scan under 150 dpi, looked at unshrunk), splits as well
 * at every T from 0 to 254, and the first, 0, as "darker than 0", made
 * no pixel dark and every cover sheet of such scans unseen.  So where no
 * pixel lies under T, the threshold is T + 1.
 */
static int
otsu(PIX *g)
{
	unsigned hist[256] = { 0 };	/* counted in integers: faster */
	double sum = 0, sumb = 0, wb = 0, n = 0, best = -1, between, mb, mf;
	l_int32 w = pixGetWidth(g), h = pixGetHeight(g), wpl = pixGetWpl(g);
	l_uint32 *data = pixGetData(g);
	int x, y, t, thr = 128;

	for (y = 0; y < h; y += 3)
		for (x = 0; x < w; x += 3)
			hist[GET_DATA_BYTE(data + (size_t)y * wpl, x)]++;
	for (t = 0; t < 256; t++) {
		sum += (double)t * hist[t];
		n += hist[t];
	}
	for (t = 0; t < 256; t++) {
		wb += hist[t];
		if (wb == 0 || wb == n)
			continue;
		sumb += (double)t * hist[t];
		mb = sumb / wb;
		mf = (sum - sumb) / (n - wb);
		between = wb * (n - wb) * (mb - mf) * (mb - mf);
		if (between > best) {
			best = between;
			thr = t;
		}
	}
	/* the darker class one level alone (0 of 0 and 255): under it + 1 */
	for (t = 0; t < thr && hist[t] == 0; t++)
		;
	return t == thr ? thr + 1 : thr;
}

/*
 * ratio_ok - 1 if the five runs R (dark, light, dark, light, dark) are
 * in the ratio 1:1:3:1:1 within half a module; their module size in *U.
 * With T the total and m = T / 7 a module: each outer run within
 * m / 2 + 1 of m, the centre within 1.5 m + 1 of 3 m, in whole numbers
 * times 14 (called for every five runs of every row of a page)
 */
static int
ratio_ok(const int r[5], int *u)
{
	int t = r[0] + r[1] + r[2] + r[3] + r[4], i;

	if (t < 7)
		return 0;
	for (i = 0; i < 5; i++)
		if (i == 2 ? 14 * r[i] < 3 * t - 14 || 14 * r[i] > 9 * t + 14 :
		    14 * r[i] < t - 14 || 14 * r[i] > 3 * t + 14)
			return 0;
	*u = (2 * t + 7) / 14;		/* m rounded */
	return 1;
}

/*
 * dark - 1 if pixel (X, Y) of G is dark: most of it and the pixels above
 * and below are darker than THR (a speck of noise is not a run)
 */
static int
dark(PIX *g, int x, int y, int thr)
{
	l_uint32 *data = pixGetData(g);
	l_int32 wpl = pixGetWpl(g), h = pixGetHeight(g);
	int n = GET_DATA_BYTE(data + (size_t)y * wpl, x) < thr;

	n += y > 0 && GET_DATA_BYTE(data + (size_t)(y - 1) * wpl, x) < thr;
	n += y + 1 < h && GET_DATA_BYTE(data + (size_t)(y + 1) * wpl, x) <
	    thr;
	return n >= 2 || (n == 1 && (y == 0 || y + 1 == h));
}

/*
 * dark8 - the 8 pixels of V (two words of an 8-bit row, the first in the
 * high half) darker than THR8 (the threshold in each byte), as 8 bits,
 * the first pixel the highest.  Bytes compared by halves, 7 bits then the
 * top one, with no borrow from one to the next; their top bits then
 * gathered by one product, whose terms cannot overlap.
 */
static inline unsigned
dark8(uint64_t v, uint64_t thr8)
{
	const uint64_t hi = 0x8080808080808080ULL;
	uint64_t lo7, lt;

	lo7 = (v | hi) - (thr8 & ~hi);	/* top bit: low 7 bits of v >= thr's */
	lt = ((~v & thr8) | (~(v ^ thr8) & ~lo7)) & hi;
	return (unsigned)(((lt >> 7) * 0x0102040810204080ULL) >> 56);
}

/* clz64 - the number of leading zero bits of X, not 0 */
static inline int
clz64(uint64_t x)
{
#if defined(__GNUC__)
	return __builtin_clzll(x);
#else
	int n = 0;

	while (!(x & 0x8000000000000000ULL)) {
		x <<= 1;
		n++;
	}
	return n;
#endif
}

/*
 * row_dark - the row Y of G as bits into ROW (room for (W + 63) / 64 + 1
 * words), 1 dark, pixel x at bit 63 - x % 64 of ROW[x / 64], 0 past the
 * row: each pixel by the majority of it and its left and right
 * neighbours (the pixels of the ends count twice), each darker than THR
 * or not.  8 pixels at a time, then the majority of 64 at a time: a plain
 * page's rows are most of the cost of the search.
 */
static void
row_dark(PIX *g, int y, int thr, uint64_t *row)
{
	l_uint32 *line = pixGetData(g) + (size_t)y * pixGetWpl(g);
	l_int32 w = pixGetWidth(g), wpl = pixGetWpl(g), j;
	int n = (w + 63) / 64, k, last;
	uint64_t c, l, r, prev, thr8 = (uint64_t)thr * 0x0101010101010101ULL;

	/* the threshold, into the row's words 8 pixels at a time */
	memset(row, 0, ((size_t)n + 1) * sizeof(*row));
	for (j = 0; j + 1 < wpl; j += 2)
		row[j / 16] |= (uint64_t)dark8((uint64_t)line[j] << 32 |
		    line[j + 1], thr8) << (56 - 4 * (j % 16));
	if (j < wpl)
		row[j / 16] |= (uint64_t)dark8((uint64_t)line[j] << 32,
		    thr8) << (56 - 4 * (j % 16));
	/* nothing past the row, but pixel W as W - 1 (the right end) */
	if (w % 64 != 0)
		row[n - 1] &= ~0ULL << (64 - w % 64);
	last = (row[(w - 1) / 64] >> (63 - (w - 1) % 64)) & 1;
	row[w / 64] |= (uint64_t)last << (63 - w % 64);
	/* pixel -1 as pixel 0 (the left end) */
	prev = row[0] >> 63;
	for (k = 0; k < n; k++) {
		c = row[k];
		l = c >> 1 | prev << 63;
		r = c << 1 | row[k + 1] >> 63;
		prev = c;
		row[k] = (l & c) | (r & (l | c));
	}
	if (w % 64 != 0)
		row[n - 1] &= ~0ULL << (64 - w % 64);
}

/* row_px - pixel X of the row ROW of row_dark */
static inline int
row_px(const uint64_t *row, int x)
{
	return (row[x / 64] >> (63 - x % 64)) & 1;
}

/*
 * run_end - the end of the run of ROW (W pixels, from row_dark) that
 * starts at X: the first pixel after it that differs, or W; found 64
 * pixels at a time
 */
static int
run_end(const uint64_t *row, int x, int w)
{
	uint64_t flip = row_px(row, x) ? ~0ULL : 0, d;
	int k = x / 64;

	/* the pixels that differ, from X on */
	d = (row[k] ^ flip) & (~0ULL >> (x % 64));
	while (d == 0 && ++k < (w + 63) / 64)
		d = row[k] ^ flip;
	if (d == 0)
		return w;
	x = k * 64 + clz64(d);
	return x < w ? x : w;
}

/*
 * A walk along the column of a pixel of G, up or down, that reads each
 * pixel once where dark() would read it three times (the runs of a
 * finder's column, 2% of ingest's time read by dark())
 */
struct walk {
	const l_uint32 *data;
	l_int32	 wpl, h;
	int	 x, y, dir, thr;
	int	 back, here, ahead;	/* y - dir, y, y + dir darker than thr */
};

/* walk_px - 1 if the walk's pixel of row Y is darker than THR, 0 off G */
static inline int
walk_px(const struct walk *k, int y)
{
	return y >= 0 && y < k->h &&
	    GET_DATA_BYTE(k->data + (size_t)y * k->wpl, k->x) < k->thr;
}

/* walk_start - a walk from (X, Y) of G, DIR 1 (down) or -1 (up) */
static void
walk_start(struct walk *k, PIX *g, int x, int y, int dir, int thr)
{
	k->data = pixGetData(g);
	k->wpl = pixGetWpl(g);
	k->h = pixGetHeight(g);
	k->x = x;
	k->y = y;
	k->dir = dir;
	k->thr = thr;
	k->back = walk_px(k, y - dir);
	k->here = walk_px(k, y);
	k->ahead = walk_px(k, y + dir);
}

/* walk_dark - dark() of the walk's pixel */
static inline int
walk_dark(const struct walk *k)
{
	int n = k->back + k->here + k->ahead;

	return n >= 2 || (n == 1 && (k->y == 0 || k->y + 1 == k->h));
}

/*
 * walk_run - walk on while the pixels are DARK (1) or light (0) and on
 * G, LIM pixels at most; how many
 */
static int
walk_run(struct walk *k, int dark, int lim)
{
	int n;

	for (n = 0; n < lim && k->y >= 0 && k->y < k->h &&
	    walk_dark(k) == dark; n++) {
		k->y += k->dir;
		k->back = k->here;
		k->here = k->ahead;
		k->ahead = walk_px(k, k->y + k->dir);
	}
	return n;
}

/*
 * cross_down - 1 if the column X of G, around Y, crosses a finder
 * pattern of module size about U the way the row did
 */
static int
cross_down(PIX *g, int x, int y, int u, int thr)
{
	struct walk k;
	int r[5], v, lim = 5 * u + 4;

	walk_start(&k, g, x, y, -1, thr);
	if (!walk_dark(&k))
		return 0;
	/* the centre run, then outwards: light, dark on each side */
	r[2] = walk_run(&k, 1, lim);
	r[1] = walk_run(&k, 0, lim);
	r[0] = walk_run(&k, 1, lim);
	walk_start(&k, g, x, y + 1, 1, thr);
	r[2] += walk_run(&k, 1, lim - 1);	/* lim with row Y */
	r[3] = walk_run(&k, 0, lim);
	r[4] = walk_run(&k, 1, lim);
	return ratio_ok(r, &v) && v <= 2 * u + 1 && 2 * v + 1 >= u;
}

/* finder_mean - recompute the centre and module size of cluster F */
static void
finder_mean(struct finder *f)
{
	f->x = (double)f->sx / f->hits;
	f->y = (double)f->sy / f->hits;
	f->unit = (int)((double)f->su / f->hits + 0.5);
}

/*
 * finder_near - 1 if a hit at (X, Y) of module size U belongs to the
 * cluster F: its centre within the finder's core, its module size close
 */
static int
finder_near(const struct finder *f, double x, double y, int u)
{
	return fabs(f->x - x) <= 2 * f->unit + 1 &&
	    fabs(f->y - y) <= 3 * f->unit + 1 &&
	    abs(u - f->unit) <= 0.4 * f->unit + 1;
}

/* finder_add - count a confirmed hit at (X, Y) into the clusters FD */
static void
finder_add(struct finder *fd, int *n, int x, int y, int u)
{
	int i;

	for (i = 0; i < *n; i++)
		if (finder_near(&fd[i], x, y, u)) {
			fd[i].sx += x;
			fd[i].sy += y;
			fd[i].su += u;
			fd[i].hits++;
			finder_mean(&fd[i]);
			return;
		}
	/* when full, a cluster of one hit (noise, mostly) makes room */
	for (i = *n < MAX_FINDERS ? *n : 0; i < *n && fd[i].hits > 1; i++)
		;
	if (i == MAX_FINDERS)
		return;
	fd[i].sx = x;
	fd[i].sy = y;
	fd[i].su = u;
	fd[i].hits = 1;
	finder_mean(&fd[i]);
	if (i == *n)
		(*n)++;
}

/* finder_by_hits - qsort: the cluster crossed by most rows first */
static int
finder_by_hits(const void *a, const void *b)
{
	return ((const struct finder *)b)->hits -
	    ((const struct finder *)a)->hits;
}

/*
 * finders - look for QR finder patterns in G (THR: its dark level):
 * their clusters crossed by two rows or more go into FD (MAX_FINDERS),
 * the most crossed first (a large code's patterns are crossed by more
 * rows than the look-alikes in text); the number of them worth trying
 * as corners (MAX_CORNERS at most), or -1 (out of memory)
 */
static int
finders(PIX *g, int thr, struct finder *fd)
{
	l_int32 w = pixGetWidth(g), h = pixGetHeight(g);
	uint64_t *row;
	int r[5], x, e, y, u, cx, n = 0, i, k;

	if ((row = malloc(((size_t)w + 63) / 64 * sizeof(*row) +
	    sizeof(*row))) == NULL)
		return -1;
	for (y = 0; y < h; y++) {
		row_dark(g, y, thr, row);
		memset(r, 0, sizeof(r));
		for (x = 0; x < w; x = e) {
			/* a run from x to e - 1: shift it into r */
			e = run_end(row, x, w);
			memmove(r, r + 1, 4 * sizeof(int));
			r[4] = e - x;
			/* five runs ending with a dark one */
			if (row_px(row, x) && r[0] > 0 && ratio_ok(r, &u)) {
				cx = e - r[4] - r[3] - r[2] / 2 - 1;
				if (cross_down(g, cx, y, u, thr))
					finder_add(fd, &n, cx, y, u);
			}
		}
	}
	free(row);
	/* one cluster per pattern: merge those whose centres are close */
	for (i = 0; i < n; i++)
		for (k = i + 1; k < n; k++)
			if (fd[i].hits > 0 && fd[k].hits > 0 &&
			    finder_near(&fd[i], fd[k].x, fd[k].y, fd[k].unit)) {
				fd[i].sx += fd[k].sx;
				fd[i].sy += fd[k].sy;
				fd[i].su += fd[k].su;
				fd[i].hits += fd[k].hits;
				finder_mean(&fd[i]);
				fd[k].hits = 0;
			}
	/* keep the clusters two rows or more crossed, the strongest first */
	for (i = k = 0; i < n; i++)
		if (fd[i].hits >= 2)
			fd[k++] = fd[i];
	qsort(fd, k, sizeof(fd[0]), finder_by_hits);
	return k < MAX_CORNERS ? k : MAX_CORNERS;
}

/*
 * corner - 1 if the finders A, B, C have one module size (within 1.6x)
 * and B and C lie at the same distance from A (within 25%), at a right
 * angle (within about 14 degrees), 10 to 180 modules away: the three
 * corners of a QR code, whatever its orientation.  The square, with
 * room for the finders and the quiet zone, goes into *C.
 */
static int
corner(const struct finder *a, const struct finder *b,
    const struct finder *c, struct code *cd)
{
	double umin = a->unit, umax = a->unit, u, bx, by, cx, cy, lb, lc,
	    m, xs[4], ys[4];
	int i;

	umin = b->unit < umin ? b->unit : umin;
	umin = c->unit < umin ? c->unit : umin;
	umax = b->unit > umax ? b->unit : umax;
	umax = c->unit > umax ? c->unit : umax;
	if (umax > 1.6 * umin + 1)
		return 0;
	u = (a->unit + b->unit + c->unit) / 3.0;
	bx = b->x - a->x;
	by = b->y - a->y;
	cx = c->x - a->x;
	cy = c->y - a->y;
	lb = sqrt(bx * bx + by * by);
	lc = sqrt(cx * cx + cy * cy);
	if (lb < 10 * u || lb > 180 * u || lc < 0.8 * lb || lc > 1.25 * lb ||
	    fabs(bx * cx + by * cy) > 0.25 * lb * lc)
		return 0;
	xs[0] = a->x;
	ys[0] = a->y;
	xs[1] = b->x;
	ys[1] = b->y;
	xs[2] = c->x;
	ys[2] = c->y;
	xs[3] = b->x + cx;
	ys[3] = b->y + cy;
	cd->x0 = cd->x1 = (int)a->x;
	cd->y0 = cd->y1 = (int)a->y;
	for (i = 1; i < 4; i++) {
		cd->x0 = xs[i] < cd->x0 ? (int)xs[i] : cd->x0;
		cd->x1 = xs[i] > cd->x1 ? (int)xs[i] : cd->x1;
		cd->y0 = ys[i] < cd->y0 ? (int)ys[i] : cd->y0;
		cd->y1 = ys[i] > cd->y1 ? (int)ys[i] : cd->y1;
	}
	m = 9 * u + 2;		/* 3.5 modules to the edge, 4 of quiet zone */
	cd->x0 -= (int)m;
	cd->y0 -= (int)m;
	cd->x1 += (int)m;
	cd->y1 += (int)m;
	cd->unit = u;
	return 1;
}

/*
 * timing_ok - 1 if the timing pattern of a code with the corner finder
 * A runs from A towards B: the line parallel to AB, three modules (U)
 * inside towards C, alternates dark and light about once a module
 * between the two finders; THR is G's dark level
 */
static int
timing_ok(PIX *g, const struct finder *a, const struct finder *b,
    const struct finder *c, double u, int thr)
{
	double bx = b->x - a->x, by = b->y - a->y, cx = c->x - a->x,
	    cy = c->y - a->y, lb = sqrt(bx * bx + by * by),
	    lc = sqrt(cx * cx + cy * cy), t, px, py, want;
	int x, y, cur, prev = -1, flips = 0;

	for (t = 4.5 * u; t <= lb - 4.5 * u; t += u / 3) {
		px = a->x + bx / lb * t + cx / lc * 3 * u;
		py = a->y + by / lb * t + cy / lc * 3 * u;
		x = (int)(px + 0.5);
		y = (int)(py + 0.5);
		if (x < 0 || y < 0 || x >= pixGetWidth(g) ||
		    y >= pixGetHeight(g))
			return 0;
		cur = dark(g, x, y, thr);
		if (prev >= 0 && cur != prev)
			flips++;
		prev = cur;
	}
	want = lb / u - 9;	/* modules between the finders' separators */
	return want >= 3 && flips >= 0.6 * (want - 1) &&
	    flips <= 1.4 * want + 1;
}

/* code_by_hits - qsort: the candidate with the most crossed finders first */
static int
code_by_hits(const void *a, const void *b)
{
	return ((const struct code *)b)->hits - ((const struct code *)a)->hits;
}

/*
 * codes - the candidate codes that the finders FD (N) of G make, with
 * their timing patterns (THR: G's dark level), clipped to G, into CD (at
 * most MAX_CODES), the best first and none centred inside a better one
 * (the modules of a code can look like finders too); their number
 */
static int
codes(PIX *g, int thr, const struct finder *fd, int n, struct code *cd)
{
	struct code t[MAX_TRIPLES], *c;
	int a, b, e, i, k = 0, nt = 0, w = pixGetWidth(g),
	    h = pixGetHeight(g), mx, my;

	for (a = 0; a < n; a++)
		for (b = 0; b < n; b++)
			for (e = b + 1; e < n && nt < MAX_TRIPLES; e++) {
				c = &t[nt];
				if (a == b || a == e ||
				    !corner(&fd[a], &fd[b], &fd[e], c) ||
				    !timing_ok(g, &fd[a], &fd[b], &fd[e],
				    c->unit, thr) ||
				    !timing_ok(g, &fd[a], &fd[e], &fd[b],
				    c->unit, thr))
					continue;
				c->hits = fd[a].hits + fd[b].hits +
				    fd[e].hits;
				c->x0 = c->x0 < 0 ? 0 : c->x0;
				c->y0 = c->y0 < 0 ? 0 : c->y0;
				c->x1 = c->x1 >= w ? w - 1 : c->x1;
				c->y1 = c->y1 >= h ? h - 1 : c->y1;
				if (c->x1 > c->x0 && c->y1 > c->y0)
					nt++;
			}
	qsort(t, nt, sizeof(t[0]), code_by_hits);
	for (a = 0; a < nt && k < MAX_CODES; a++) {
		mx = (t[a].x0 + t[a].x1) / 2;
		my = (t[a].y0 + t[a].y1) / 2;
		for (i = 0; i < k; i++)
			if (mx >= cd[i].x0 && mx <= cd[i].x1 &&
			    my >= cd[i].y0 && my <= cd[i].y1)
				break;
		if (i == k)
			cd[k++] = t[a];
	}
	return k;
}

/*
 * evened - G with its paper made one level (200), its light evened out
 * under codes and text: the background is what a closing of 60 of G's
 * pixels leaves (at a quarter size: 15), wider than the dark runs of a
 * code (3 modules in a finder) at any size the search looks at; NULL if
 * leptonica cannot
 */
static PIX *
evened(PIX *g)
{
	if (pixGetWidth(g) < 64 || pixGetHeight(g) < 64)
		return NULL;
	return pixBackgroundNormMorph(g, NULL, 4, 15, 200);
}

/*
 * scan_part - scan the part CD of IMG (coordinates times F) with zbar,
 * grey and scaled by S (never enlarged), into FOUND; 0, or -1
 */
static int
scan_part(PIX *img, const struct code *cd, int f, double s, int flat,
    struct found *found)
{
	BOX *box;
	PIX *part, *grey, *t;
	int rc;

	box = boxCreate(cd->x0 * f, cd->y0 * f, (cd->x1 - cd->x0 + 1) * f,
	    (cd->y1 - cd->y0 + 1) * f);
	if (box == NULL)
		return -1;
	part = pixClipRectangle(img, box, NULL);
	boxDestroy(&box);
	if (part == NULL)
		return -1;
	grey = grey_scaled(part, s);
	pixDestroy(&part);
	if (grey == NULL)
		return -1;
	if (flat && (t = evened(grey)) != NULL) {
		pixDestroy(&grey);
		grey = t;
	}
	rc = qr_scan(grey, found);
	pixDestroy(&grey);
	return rc;
}

/*
 * scan_code - scan the candidate CD of the small image G (PIX shrunk F
 * times) with zbar into FOUND: from G when its modules are large enough
 * there, else from PIX, shrunk to MODULE_PX pixels a module (which
 * averages noise away); if that reads nothing, once more from PIX at
 * twice that size.  0, or -1 (out of memory)
 */
static int
scan_code(PIX *pix, PIX *g, int f, const struct code *cd, int flat,
    struct found *found)
{
	double u = cd->unit * f;	/* a module, in PIX's pixels */
	int nqr = found->nqr, rc;

	if (cd->unit >= MODULE_PX || f == 1)
		rc = scan_part(g, cd, 1, MODULE_PX / cd->unit, flat, found);
	else
		rc = scan_part(pix, cd, f, MODULE_PX / u, flat, found);
	if (rc == 0 && found->nqr == nqr && f > 1 && MODULE_PX / u < 1)
		rc = scan_part(pix, cd, f, 2 * MODULE_PX / u, flat, found);
	return rc;
}

/*
 * squared - PIX made of square pixels where its file says them oblong
 * (a fax at 204x98 dpi, its code twice as wide as it is high: no finder
 * pattern's runs nor the code's corner are square there), its coarser
 * axis stretched; a clone of PIX where they are square, where the
 * resolutions are not believable (50 to 2400 dpi, under 4 times apart),
 * or where the page would grow past the limits of a page; NULL if out of
 * memory
 */
static PIX *
squared(PIX *pix)
{
	l_int32 xres = pixGetXRes(pix), yres = pixGetYRes(pix), res;
	double sx, sy;
	PIX *sq;

	if (xres < 50 || yres < 50 || xres > 2400 || yres > 2400 ||
	    xres > 4 * yres || yres > 4 * xres ||
	    (xres * 10 <= yres * 11 && yres * 10 <= xres * 11))
		return pixClone(pix);
	res = xres > yres ? xres : yres;
	/* a page that would grow past the limits is looked at as it is */
	sx = (double)pixGetWidth(pix) * res / xres;
	sy = (double)pixGetHeight(pix) * res / yres;
	if (sx > IMAGE_MAX_SIDE || sy > IMAGE_MAX_SIDE ||
	    sx * sy > (double)IMAGE_MAX_PIXELS)
		return pixClone(pix);
	if ((sq = pixScale(pix, (l_float32)res / xres,
	    (l_float32)res / yres)) != NULL)
		pixSetResolution(sq, res, res);
	return sq;
}

/*
 * paper_under - 1 if the paper of G is darker than THR somewhere: its
 * light end (the level a tenth of a tile's pixels are over) under THR in
 * some tile of PAPER_TILE pixels (an inch at LOW_DPI) that is not all
 * ink.  A phone photo lit from one side, or a sheet in a fold's shadow:
 * the whole page's split fell within its paper, and a code on the darker
 * side is all dark there.
 */
#define PAPER_TILE	100

static int
paper_under(PIX *g, int thr)
{
	l_int32 w = pixGetWidth(g), h = pixGetHeight(g), wpl = pixGetWpl(g);
	l_uint32 *data = pixGetData(g);
	unsigned hist[256];
	int tx, ty, x, y, n, k, v;

	for (ty = 0; ty + PAPER_TILE / 2 <= h; ty += PAPER_TILE)
		for (tx = 0; tx + PAPER_TILE / 2 <= w; tx += PAPER_TILE) {
			memset(hist, 0, sizeof(hist));
			n = 0;
			for (y = ty; y < ty + PAPER_TILE && y < h; y += 2)
				for (x = tx; x < tx + PAPER_TILE && x < w;
				    x += 2) {
					hist[GET_DATA_BYTE(data +
					    (size_t)y * wpl, x)]++;
					n++;
				}
			/* the light end: the level a tenth of it is over */
			for (v = 255, k = 0; v > 0 && (k += hist[v]) * 10 < n;
			    v--)
				;
			if (v < thr && v > thr / 2)
				return 1;
		}
	return 0;
}

/*
 * search - the codes of the small image G (PIX shrunk F times; THR its
 * dark level) read into FOUND, with FLAT each evened before zbar reads
 * it; 0, or -1 (out of memory)
 */
static int
search(PIX *pix, PIX *g, int f, int thr, int flat, struct found *found)
{
	struct finder fd[MAX_FINDERS];
	struct code cd[MAX_CODES];
	int n, i, rc = 0;

	if ((n = finders(g, thr, fd)) < 0)
		return -1;
	n = codes(g, thr, fd, n, cd);
	for (i = 0; i < n && rc == 0 && found->status >= 0; i++)
		rc = scan_code(pix, g, f, &cd[i], flat, found);
	return rc;
}

int
cover_find(struct Pix *page, char *ref, size_t size, char *err,
    size_t errlen)
{
	struct found found;
	l_int32 w, h;
	PIX *g, *pix, *flat;
	int f, thr, rc = 0;

	if (page == NULL || pixGetDimensions(page, &w, &h, NULL) != 0 ||
	    w <= 0 || h <= 0) {
		snprintf(err, errlen, "no page image");
		return -1;
	}
	if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE ||
	    (long)w * h > IMAGE_MAX_PIXELS) {
		snprintf(err, errlen, "page of %dx%d pixels is too large to "
		    "look for a cover sheet", w, h);
		return -1;
	}
	if ((pix = squared(page)) == NULL) {
		snprintf(err, errlen, "out of memory reading a page");
		return -1;
	}
	pixGetDimensions(pix, &w, &h, NULL);
	memset(&found, 0, sizeof(found));
	f = (int)(page_dpi(pix) / LOW_DPI + 0.5);
	if ((g = grey_shrink(pix, f < 1 ? 1 : f)) == NULL) {
		snprintf(err, errlen, "out of memory reading a page");
		pixDestroy(&pix);
		return -1;
	}
	f = w / pixGetWidth(g);	/* as made: 1 when not shrunk */
	thr = otsu(g);
	rc = search(pix, g, f, thr, 0, &found);
	/*
	 * no cover-sheet code read (another QR code, a payment's, may
	 * have been, in the light), and the paper darker than the split
	 * somewhere: the page again with its light evened out, and each
	 * code found evened before zbar reads it
	 */
	if (rc == 0 && found.status == 0 &&
	    paper_under(g, thr) && (flat = evened(g)) != NULL) {
		rc = search(pix, flat, f, otsu(flat), 1, &found);
		pixDestroy(&flat);
	}
	pixDestroy(&g);
	pixDestroy(&pix);
	if (rc < 0) {
		snprintf(err, errlen, "out of memory reading a page");
		return -1;
	}
	if (found.status < 0) {
		snprintf(err, errlen, "%s", found.why);
		return -1;
	}
	if (found.status == 0)
		return 0;
	if (size <= strlen(found.ref)) {
		snprintf(err, errlen, "cover-sheet reference too long");
		return -1;
	}
	memcpy(ref, found.ref, strlen(found.ref) + 1);
	return 1;
}
