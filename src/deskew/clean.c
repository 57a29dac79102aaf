/*
 * clean.c - the cleanup steps of deskew_page(): dark borders, punch holes,
 * specks, and the measures of what is left (see clean.h)
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <leptonica/allheaders.h>

#include "bits.h"
#include "clean.h"

#define DARK_LEVEL	80		/* border: darker than this */
#define BORDER_MAX	0.75		/* over this share: not a border */
#define DISC_MISS	0.15		/* a hole: this close to a disc (disc()) */
#define STREAK_RUN	4		/* a line into the page: a straight run
					   of 1/this inch... */
#define STREAK_THIN	30		/* ...under 1/this inch thick... */
#define STREAK_LONG	0.5		/* ...this share of the page long */
#define DOT_IN_LETTER	5		/* a letter of it: this many dots... */
#define DOT_OF_LETTER	3		/* ...each under 1/3 of its height */
#define DOT_GAP		4		/* its letters: 1/4 inch apart at most
					   in a row... */
#define DOT_ROW		3		/* ...of this many letters at least,
					   their feet on one line */
#define SPECK_ALONG	12		/* a speck by the text: 1/12 inch along
					   a line from a mark... */
#define SPECK_ACROSS	50		/* ...and 1/50 inch across it... */
#define SPECK_CONTRAST	10		/* ...specks this many times denser
					   there than elsewhere */
#define DOT_CONTRAST	10		/* its dots this many times denser in
					   its rows than elsewhere */

/*
 * under32 - the 32 bytes at P, in memory order, that are under LEVEL
 * (1..255), as the bits of a word, byte B at bit B
 */
static l_uint32
under32(const l_uint8 *p, int level)
{
#ifdef __SSE2__
	const __m128i lim = _mm_set1_epi8((char)(level - 1));
	__m128i a = _mm_loadu_si128((const __m128i *)p);
	__m128i b = _mm_loadu_si128((const __m128i *)(p + 16));

	/* under LEVEL: no more than LEVEL - 1, min(x, LEVEL - 1) == x */
	a = _mm_cmpeq_epi8(_mm_min_epu8(a, lim), a);
	b = _mm_cmpeq_epi8(_mm_min_epu8(b, lim), b);
	return (l_uint32)_mm_movemask_epi8(a) |
	    (l_uint32)_mm_movemask_epi8(b) << 16;
#else
	l_uint32 m = 0;
	int b;

	for (b = 0; b < 32; b++)
		m |= (l_uint32)(p[b] < level) << b;
	return m;
#endif
}

PIX *
clean_threshold(PIX *grey, int level)
{
	PIX *bin;
	const l_uint8 *line;
	l_uint32 *d, m;
	l_int32 w, h, wpls, wpld, i, j;

	if (pixGetDepth(grey) != 8 || pixGetColormap(grey) != NULL ||
	    level < 1 || level > 255)
		return pixThresholdToBinary(grey, level);
	pixGetDimensions(grey, &w, &h, NULL);
	wpls = pixGetWpl(grey);
	if ((bin = pixCreateNoInit(w, h, 1)) == NULL)
		return NULL;
	pixCopyResolution(bin, grey);
	wpld = pixGetWpl(bin);
	for (i = 0; i < h; i++) {
		line = (const l_uint8 *)(pixGetData(grey) + (size_t)i * wpls);
		d = pixGetData(bin) + (size_t)i * wpld;
		/*
		 * 32 grey pixels (8 words) make a word of the binary page.
		 * Leptonica's pixel 4q + r is byte 4q + 3 - r of a word in
		 * memory (little-endian), and the binary word's pixel p is
		 * its bit 31 - p: the mask of the bytes in memory order is
		 * the binary word with its nibbles in reverse order.
		 */
		for (j = 0; j < wpld; j++) {
			if ((j + 1) * 8 <= wpls)
				m = under32(line + (size_t)j * 32, level);
			else {
				l_uint8 last[32] = { 0 };

				memcpy(last, line + (size_t)j * 32,
				    (size_t)(wpls - j * 8) * 4);
				m = under32(last, level);
			}
			m = m >> 24 | (m >> 8 & 0xff00) | (m << 8 & 0xff0000) |
			    m << 24;
			d[j] = (m >> 4 & 0x0f0f0f0f) | (m & 0x0f0f0f0f) << 4;
		}
		/*
		 * the pad bits past the last pixel stay 0, as leptonica's
		 * do: here, while the row is in the cache (pixSetPadBits
		 * after is a pass down the page)
		 */
		if (w % 32)
			d[wpld - 1] &= ~(0xffffffffu >> w % 32);
	}
	return bin;
}

PIX *
clean_reduce2(PIX *grey)
{
	return clean_reduce2_hist(grey, NULL);
}

PIX *
clean_min_reduce2(PIX *grey)
{
	PIX *out;
	l_uint8 *a, *b, *o;
	l_int32 w, h, w2, h2, wpls, wpld, i, j;

	pixGetDimensions(grey, &w, &h, NULL);
	w2 = w / 2;
	h2 = h / 2;
	if (w2 < 1 || h2 < 1 || (out = pixCreate(w2, h2, 8)) == NULL)
		return NULL;
	if ((a = malloc(2 * ((size_t)w + 32) + (size_t)w2 + 32)) == NULL) {
		pixDestroy(&out);
		return NULL;
	}
	b = a + w + 32;
	o = b + w + 32;
	wpls = pixGetWpl(grey);
	wpld = pixGetWpl(out);
	for (i = 0; i < h2; i++) {
		clean_row_in(a, pixGetData(grey) + (size_t)2 * i * wpls, w);
		clean_row_in(b, pixGetData(grey) + (size_t)(2 * i + 1) * wpls,
		    w);
		j = 0;
#ifdef __SSE2__
		{
			const __m128i lo = _mm_set1_epi16(0xff);
			__m128i m0, m1;

			for (; j + 16 <= w2; j += 16) {
				m0 = _mm_min_epu8(
				    _mm_loadu_si128((const __m128i *)(a + 2 * j)),
				    _mm_loadu_si128((const __m128i *)(b + 2 * j)));
				m1 = _mm_min_epu8(
				    _mm_loadu_si128((const __m128i *)(a + 2 * j +
				    16)),
				    _mm_loadu_si128((const __m128i *)(b + 2 * j +
				    16)));
				/* each pair of bytes: the smaller of the two */
				m0 = _mm_min_epi16(_mm_and_si128(m0, lo),
				    _mm_srli_epi16(m0, 8));
				m1 = _mm_min_epi16(_mm_and_si128(m1, lo),
				    _mm_srli_epi16(m1, 8));
				_mm_storeu_si128((__m128i *)(o + j),
				    _mm_packus_epi16(m0, m1));
			}
		}
#endif
		for (; j < w2; j++) {
			l_uint8 x = a[2 * j] < a[2 * j + 1] ? a[2 * j] :
			    a[2 * j + 1];
			l_uint8 y = b[2 * j] < b[2 * j + 1] ? b[2 * j] :
			    b[2 * j + 1];

			o[j] = x < y ? x : y;
		}
		clean_row_out(pixGetData(out) + (size_t)i * wpld, o, w2);
	}
	free(a);
	return out;
}

/*
 * hist4 - add to HIST the levels of every 4th pixel of the grey row LINE
 * (W pixels): pixel 4q is the top byte of word q
 */
static void
hist4(l_uint32 *hist, const l_uint32 *line, l_int32 w)
{
	l_int32 q;

	for (q = 0; 4 * q < w; q++)
		hist[line[q] >> 24]++;
}

PIX *
clean_reduce2_hist(PIX *grey, l_uint32 *hist)
{
	PIX *out;
	const l_uint32 *s0, *s1;
	l_uint32 *d;
	l_int32 ws, hs, wd, hd, wpls, wpld, i, j, b;

	pixGetDimensions(grey, &ws, &hs, NULL);
	if (pixGetDepth(grey) != 8 || pixGetColormap(grey) != NULL ||
	    ws < 2 || hs < 2)
		return hist != NULL ? NULL : pixScaleAreaMap2(grey);
	if (hist != NULL) {
		memset(hist, 0, 256 * sizeof(*hist));
		/* an odd last row is not reduced: its levels, if counted */
		if (hs % 2 && (hs - 1) % 4 == 0)
			hist4(hist, pixGetData(grey) + (size_t)(hs - 1) *
			    pixGetWpl(grey), ws);
	}
	wd = ws / 2;
	hd = hs / 2;
	if ((out = pixCreateNoInit(wd, hd, 8)) == NULL)
		return NULL;
	pixCopyResolution(out, grey);
	pixScaleResolution(out, 0.5, 0.5);
	wpls = pixGetWpl(grey);
	wpld = pixGetWpl(out);
	for (i = 0; i < hd; i++) {
		s0 = pixGetData(grey) + (size_t)2 * i * wpls;
		s1 = s0 + wpls;
		d = pixGetData(out) + (size_t)i * wpld;
		/* every pixel is written: the pad bytes are 0, as pixCreate's */
		d[wpld - 1] = 0;
		if (hist != NULL && i % 2 == 0)
			hist4(hist, s0, ws);
		b = 0;
#ifdef __SSE2__
		{
			const __m128i lo = _mm_set1_epi16(0xff);
			__m128i x, y, t;

			/*
			 * 16 source bytes, 8 pixels out: a 16-bit lane sums
			 * a pixel pair (in memory, pixels 4q + 1, 4q make
			 * bytes 2, 3 of word q, 4q + 3, 4q + 2 bytes 0, 1);
			 * the lanes' pairs swapped, they are in the order
			 * the output words keep their bytes
			 */
			for (; (b + 1) * 8 <= wd; b++) {
				x = _mm_loadu_si128((const __m128i *)(s0 +
				    b * 4));
				y = _mm_loadu_si128((const __m128i *)(s1 +
				    b * 4));
				t = _mm_add_epi16(_mm_add_epi16(_mm_and_si128(x,
				    lo), _mm_srli_epi16(x, 8)), _mm_add_epi16(
				    _mm_and_si128(y, lo), _mm_srli_epi16(y, 8)));
				t = _mm_srli_epi16(t, 2);
				t = _mm_shufflelo_epi16(t, _MM_SHUFFLE(1, 0, 3,
				    2));
				t = _mm_shufflehi_epi16(t, _MM_SHUFFLE(1, 0, 3,
				    2));
				_mm_storel_epi64((__m128i *)(d + b * 2),
				    _mm_packus_epi16(t, t));
			}
		}
#endif
		for (j = b * 8; j < wd; j++)
			SET_DATA_BYTE(d, j, (GET_DATA_BYTE(s0, 2 * j) +
			    GET_DATA_BYTE(s0, 2 * j + 1) +
			    GET_DATA_BYTE(s1, 2 * j) +
			    GET_DATA_BYTE(s1, 2 * j + 1)) >> 2);
	}
	return out;
}

/*
 * struct area_col - where a dest pixel of pixScaleAreaMap lies in the
 * source, one way: its first and last source pixels, their weights (in
 * 1/16 pixel), 1/its whole weight; edge: past the source's last pixel
 * but one, where leptonica takes the pixel at its start
 */
struct area_col {
	l_int32	 up, lp;
	l_uint32 wu, wl;
	double	 inv;
	int	 edge;
};

/*
 * area_cols - leptonica's D dest pixels of a source of N, one way: the
 * same float and double sums, so the same pixels
 */
static void
area_cols(int n, int d, struct area_col *c)
{
	l_float32 sc = 16. * (l_float32)n / (l_float32)d;
	l_int32 j, lo, hi;

	for (j = 0; j < d; j++) {
		lo = (l_int32)(sc * j);
		hi = (l_int32)(sc * (j + 1.0));
		c[j].up = lo >> 4;
		c[j].lp = hi >> 4;
		c[j].wu = 16 - (lo & 15);
		c[j].wl = hi & 15;
		c[j].inv = 1.0 / (c[j].wu + 16 * (c[j].lp - c[j].up - 1) +
		    c[j].wl);
		c[j].edge = c[j].lp > n - 2;
	}
}

/*
 * area_row - of the grey row sums ACC (memory order: pixel x at x ^ 3,
 * weighed by the rows of the dest row R), the WD dest pixels of columns
 * C into LINED; SRC the source row where a pixel is on the edge.  The
 * quotient by the area is a product by its inverse: the sum is under
 * 2^28 and the area under 2^20 (a scale over 1/50), so the product is
 * within 2^-23 of the quotient, which is a whole number or at least
 * 2^-20 from one: the floor of the product plus 2^-21 is leptonica's.
 */
static void
area_row(l_uint32 *lined, const l_uint32 *acc, int wd,
    const struct area_col *c, const struct area_col *r, const l_uint32 *src)
{
	l_uint32 s;
	l_int32 j, x;

	for (j = 0; j < wd; j++, c++) {
		if (c->edge) {
			SET_DATA_BYTE(lined, j, GET_DATA_BYTE(src, c->up));
			continue;
		}
		s = 0;
		for (x = c->up + 1; x < c->lp; x++)
			s += acc[x ^ 3];
		s = 16 * s + c->wu * acc[c->up ^ 3] + c->wl * acc[c->lp ^ 3];
		SET_DATA_BYTE(lined, j, (l_uint32)((double)(s + 128) *
		    (c->inv * r->inv) + 1.0 / (1 << 21)));
	}
}

/*
 * add_row - ACC[B] += W S[B] for the N bytes of S (N a multiple of 4),
 * or, with FIRST, ACC[B] = W S[B]; 16 at a time
 */
static void
add_row(l_uint32 *acc, const l_uint8 *s, int n, l_uint32 w, int first)
{
	int b = 0;
#ifdef __SSE2__
	const __m128i z = _mm_setzero_si128(), wv = _mm_set1_epi16((short)w);
	__m128i v, lo, hi, *a, k = _mm_set1_epi32(first ? 0 : -1);

	/* W S[B] is at most 16 * 255: 16 bits hold it */
	for (; b + 16 <= n; b += 16) {
		v = _mm_loadu_si128((const __m128i *)(s + b));
		lo = _mm_mullo_epi16(_mm_unpacklo_epi8(v, z), wv);
		hi = _mm_mullo_epi16(_mm_unpackhi_epi8(v, z), wv);
		a = (__m128i *)(acc + b);
#define ADD(i, x) _mm_storeu_si128(a + (i), _mm_add_epi32(_mm_and_si128( \
	_mm_loadu_si128(a + (i)), k), (x)))
		ADD(0, _mm_unpacklo_epi16(lo, z));
		ADD(1, _mm_unpackhi_epi16(lo, z));
		ADD(2, _mm_unpacklo_epi16(hi, z));
		ADD(3, _mm_unpackhi_epi16(hi, z));
#undef ADD
	}
#endif
	for (; b < n; b++)
		acc[b] = (first ? 0 : acc[b]) + w * s[b];
}

PIX *
clean_area_map(PIX *grey, float scalex, float scaley)
{
	PIX *out, *t;
	const l_uint32 *lines;
	l_uint32 *acc, *lined;
	struct area_col *col, *row;
	l_int32 ws, hs, wd, hd, wpls, wpld, n, i, y, j;

	pixGetDimensions(grey, &ws, &hs, NULL);
	/*
	 * leptonica's other cases: its own (by 2, 4, 8, 16: halved); from
	 * 0.7 to 1, where pixScaleAreaMap interpolates and sharpens
	 * instead, in three passes over the page, an area map too, in one
	 * (a 400-dpi page to 300: 424 M instructions there, 392 M here;
	 * deskew of 12 such pages 1.32-1.58 s of CPU, 1.20-1.31 s here)
	 */
	if (pixGetDepth(grey) != 8 || pixGetColormap(grey) != NULL ||
	    scalex < 0.02f || scaley < 0.02f || scalex >= 1.0f ||
	    scaley >= 1.0f)
		return pixScaleAreaMap(grey, scalex, scaley);
	if (scalex == scaley && (scalex == 0.5f || scalex == 0.25f ||
	    scalex == 0.125f || scalex == 0.0625f)) {
		out = clean_reduce2(grey);
		for (; out != NULL && scalex < 0.5f; scalex *= 2) {
			t = clean_reduce2(out);
			pixDestroy(&out);
			out = t;
		}
		return out;
	}
	wd = (l_int32)(scalex * (l_float32)ws + 0.5);
	hd = (l_int32)(scaley * (l_float32)hs + 0.5);
	if (wd < 1 || hd < 1)
		return pixScaleAreaMap(grey, scalex, scaley);
	wpls = pixGetWpl(grey);
	n = 4 * wpls;
	acc = malloc((size_t)n * sizeof(*acc));
	col = calloc((size_t)wd + (size_t)hd, sizeof(*col));
	if (acc == NULL || col == NULL ||
	    (out = pixCreate(wd, hd, 8)) == NULL) {
		free(acc);
		free(col);
		return NULL;
	}
	row = col + wd;
	pixCopyInputFormat(out, grey);
	pixCopyResolution(out, grey);
	pixScaleResolution(out, scalex, scaley);
	wpld = pixGetWpl(out);
	area_cols(ws, wd, col);
	area_cols(hs, hd, row);
	for (i = 0; i < hd; i++) {
		lines = pixGetData(grey) + (size_t)row[i].up * wpls;
		lined = pixGetData(out) + (size_t)i * wpld;
		if (row[i].edge) {
			/* the bottom edge: the pixels at the starts */
			for (j = 0; j < wd; j++)
				SET_DATA_BYTE(lined, j, GET_DATA_BYTE(lines,
				    col[j].up));
			continue;
		}
		/*
		 * the rows' sums, weighted by their share of the dest row
		 * (area mapping is a product of a row's and a column's
		 * weights: summed by rows first, then by columns, each
		 * source pixel is read once, with the same sum)
		 */
		for (y = row[i].up; y <= row[i].lp; y++)
			add_row(acc, (const l_uint8 *)(pixGetData(grey) +
			    (size_t)y * wpls), n, y == row[i].up ? row[i].wu :
			    y == row[i].lp ? row[i].wl : 16, y == row[i].up);
		area_row(lined, acc, wd, col, row + i, lines);
	}
	free(acc);
	free(col);
	return out;
}

/*
 * or_left - DST(x) |= SRC(x + K), K >= 0, for the ND words of DST; SRC
 * has NS words and a word of 0 after them (DST may be SRC: a word is
 * made from words not yet changed); 0 past SRC
 */
static void
or_left(l_uint32 *dst, int nd, const l_uint32 *src, int ns, int k)
{
	int q = k >> 5, r = k & 31, i = 0, n = ns - q < nd ? ns - q : nd;

	if (r == 0)
		for (; i < n; i++)
			dst[i] |= src[i + q];
	else {
#ifdef __SSE2__
		/*
		 * 4 words at a time; in place (DST == SRC) too, as each
		 * block of DST is read before it is written, and the words
		 * read after it are ahead of it
		 */
		const __m128i sl = _mm_cvtsi32_si128(r),
		    sr = _mm_cvtsi32_si128(32 - r);
		__m128i v;

		for (; i + 4 <= n; i += 4) {
			v = _mm_or_si128(_mm_sll_epi32(_mm_loadu_si128(
			    (const __m128i *)(src + i + q)), sl),
			    _mm_srl_epi32(_mm_loadu_si128((const __m128i *)(
			    src + i + q + 1)), sr));
			_mm_storeu_si128((__m128i *)(dst + i), _mm_or_si128(
			    _mm_loadu_si128((const __m128i *)(dst + i)), v));
		}
#endif
		for (; i < n; i++)
			dst[i] |= src[i + q] << r | src[i + q + 1] >> (32 - r);
	}
}

/*
 * window_or - ROW (N words) made the OR of SRC(x - M .. x - M + L - 1),
 * by segments of 1, 2, 4... (log L steps, not L) of SRC moved M to the
 * right into TMP (N + M / 32 + 2 words); SRC's last word taken through
 * LAST (its pixels: the pad bits are none)
 */
static void
window_or(l_uint32 *row, const l_uint32 *src, l_uint32 last, l_uint32 *tmp,
    int n, int l, int m)
{
	int off = 0, len = 1, nt = n + m / 32 + 1, q = m >> 5, r = m & 31, i;
	l_uint32 v, prev = 0;

	/* tmp(x) = src(x - M), a word of 0 after it; then segments */
	memset(tmp, 0, (size_t)q * sizeof(*tmp));
	memset(tmp + q + n, 0, (size_t)(nt + 1 - q - n) * sizeof(*tmp));
	for (i = 0; i < n; i++) {
		v = i == n - 1 ? src[i] & last : src[i];
		tmp[q + i] = r == 0 ? v : v >> r | prev;
		prev = r == 0 ? 0 : v << (32 - r);
	}
	tmp[q + n] = prev;
	memset(row, 0, (size_t)n * sizeof(*row));
	for (; l > 0; l >>= 1) {
		if (l & 1) {
			or_left(row, n, tmp, nt, off);
			off += len;
		}
		if (l > 1) {
			or_left(tmp, nt, tmp, nt, len);
			len *= 2;
		}
	}
}

/* or_rows - DST |= SRC, N words */
static void
or_rows(l_uint32 *dst, const l_uint32 *src, int n)
{
	int i = 0;

#ifdef __SSE2__
	for (; i + 4 <= n; i += 4)
		_mm_storeu_si128((__m128i *)(dst + i), _mm_or_si128(
		    _mm_loadu_si128((const __m128i *)(dst + i)),
		    _mm_loadu_si128((const __m128i *)(src + i))));
#endif
	for (; i < n; i++)
		dst[i] |= src[i];
}

PIX *
clean_dilate(PIX *bin, int sx, int sy)
{
	PIX *out;
	l_uint32 *d, *tmp, *rows = NULL, *dst, last;
	const l_uint32 *src;
	l_int32 w, h, wpl, i, off = 0, len = 1, l, m, ht;
	int first = 1;

	if (pixGetDepth(bin) != 1 || sx < 1 || sy < 1)
		return pixDilateBrick(NULL, bin, sx, sy);
	pixGetDimensions(bin, &w, &h, NULL);
	wpl = pixGetWpl(bin);
	m = sy - 1 - sy / 2;
	ht = h + m;
	/* nothing past the last pixel: it would come in from the right */
	last = w % 32 ? ~(0xffffffffu >> w % 32) : 0xffffffffu;
	if ((out = pixCreateTemplateNoInit(bin)) == NULL)
		return NULL;
	d = pixGetData(out);
	tmp = malloc(((size_t)wpl + (size_t)sx / 32 + 2) * sizeof(*tmp));
	if (sy > 1)
		rows = malloc((size_t)wpl * ht * sizeof(*rows));
	if (tmp == NULL || (sy > 1 && rows == NULL)) {
		free(tmp);
		free(rows);
		pixDestroy(&out);
		return NULL;
	}
	/*
	 * leptonica's brick of SX has its origin at SX / 2: a pixel is set
	 * where one of SX / 2 - SX + 1 .. SX / 2 from it is (the same rows).
	 * The rows go to OUT, or for a brick of more than a row, to ROWS,
	 * the page M rows down, where the columns take them from.
	 */
	if (sy > 1)
		memset(rows, 0, (size_t)wpl * m * sizeof(*rows));
	for (i = 0; i < h; i++) {
		src = pixGetData(bin) + (size_t)i * wpl;
		dst = sy > 1 ? rows + (size_t)(i + m) * wpl : d +
		    (size_t)i * wpl;
		if (sx > 1) {
			window_or(dst, src, last, tmp, wpl, sx,
			    sx - 1 - sx / 2);
			dst[wpl - 1] &= last;
		} else {
			memcpy(dst, src, (size_t)wpl * sizeof(*dst));
			dst[wpl - 1] &= last;
		}
	}
	free(tmp);
	if (sy == 1)
		return out;
	/* the columns alike, in segments: the first one copied */
	for (l = sy; l > 0; l >>= 1) {
		if (l & 1) {
			for (i = 0; i < h; i++) {
				if (i + off >= ht) {
					if (first)
						memset(d + (size_t)i * wpl, 0,
						    (size_t)wpl * sizeof(*d));
				} else if (first)
					memcpy(d + (size_t)i * wpl, rows +
					    (size_t)(i + off) * wpl,
					    (size_t)wpl * sizeof(*d));
				else
					or_rows(d + (size_t)i * wpl, rows +
					    (size_t)(i + off) * wpl, wpl);
			}
			first = 0;
			off += len;
		}
		if (l > 1) {
			for (i = 0; i + len < ht; i++)
				or_rows(rows + (size_t)i * wpl, rows +
				    (size_t)(i + len) * wpl, wpl);
			len *= 2;
		}
	}
	free(rows);
	return out;
}

void
clean_white_from(PIX *grey, int level)
{
	l_uint32 *line;
	l_int32 w, h, wpl, i, j;

	pixGetDimensions(grey, &w, &h, NULL);
	if (pixGetDepth(grey) != 8 || pixGetColormap(grey) != NULL ||
	    level < 1 || level > 255) {
		pixThresholdToValue(grey, grey, level, 255);
		return;
	}
	wpl = pixGetWpl(grey);
	for (i = 0; i < h; i++) {
		line = pixGetData(grey) + (size_t)i * wpl;
		j = 0;
#ifdef __SSE2__
		{
			const __m128i lim = _mm_set1_epi8((char)(level - 1));
			__m128i v, *q;

			/* at LEVEL or over: not min(v, LEVEL - 1) == v */
			for (; (j + 1) * 16 <= w; j++) {
				q = (__m128i *)((l_uint8 *)line + j * 16);
				v = _mm_loadu_si128(q);
				_mm_storeu_si128(q, _mm_or_si128(v,
				    _mm_andnot_si128(_mm_cmpeq_epi8(
				    _mm_min_epu8(v, lim), v),
				    _mm_set1_epi8((char)0xff))));
			}
			j *= 16;
		}
#endif
		for (; j < w; j++)
			if ((int)GET_DATA_BYTE(line, j) >= level)
				SET_DATA_BYTE(line, j, 255);
	}
}

void
clean_set_white(PIX *grey, PIX *mask)
{
	l_uint32 *line, m;
	const l_uint32 *ml;
	l_int32 w, h, wpl, wplm, i, k, j, x;

	pixGetDimensions(grey, &w, &h, NULL);
	if (pixGetDepth(grey) != 8 || pixGetColormap(grey) != NULL ||
	    pixGetDepth(mask) != 1 || pixGetWidth(mask) != w ||
	    pixGetHeight(mask) != h) {
		pixSetMasked(grey, mask, 255);
		return;
	}
	wpl = pixGetWpl(grey);
	wplm = pixGetWpl(mask);
	for (i = 0; i < h; i++) {
		line = pixGetData(grey) + (size_t)i * wpl;
		ml = pixGetData(mask) + (size_t)i * wplm;
		for (k = 0; k < wplm; k++) {
			if ((m = ml[k]) == 0)
				continue;
			if (m == 0xffffffffu && (k + 1) * 32 <= w) {
				memset(line + k * 8, 0xff, 32);
				continue;
			}
			for (j = 0; j < 32 && (x = k * 32 + j) < w; j++)
				if (m & 0x80000000u >> j)
					SET_DATA_BYTE(line, x, 255);
		}
	}
}

/* the pixels to visit of fill_edge */
struct fill_stack {
	l_int32	*xy;
	size_t	 n, cap;
};

static int
fill_push(struct fill_stack *st, l_int32 x, l_int32 y)
{
	l_int32 *t;

	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 4096;
		if ((t = realloc(st->xy, st->cap * 2 * sizeof(*t))) == NULL)
			return -1;
		st->xy = t;
	}
	st->xy[2 * st->n] = x;
	st->xy[2 * st->n + 1] = y;
	st->n++;
	return 0;
}

/* on_word - word K of the row LINE (WPL words), its pixels to fill set */
static inline l_uint32
on_word(const l_uint32 *line, int k, l_uint32 inv)
{
	return line[k] ^ inv;
}

/*
 * run_right, run_left - the last pixel of the run of pixels to fill that
 * holds X, to the right (below W) or to the left, a word at a time
 */
static l_int32
run_right(const l_uint32 *line, l_int32 w, l_int32 x, l_uint32 inv)
{
	l_int32 k = x >> 5;
	l_uint32 v = ~on_word(line, k, inv) & (0xffffffffu >> (x & 31));

	while (v == 0 && (k + 1) * 32 < w)
		v = ~on_word(line, ++k, inv);
	x = v == 0 ? w : k * 32 + __builtin_clz(v);
	return (x < w ? x : w) - 1;
}

static l_int32
run_left(const l_uint32 *line, l_int32 x, l_uint32 inv)
{
	l_int32 k = x >> 5;
	l_uint32 v = ~on_word(line, k, inv) & ~(0x7fffffffu >> (x & 31));

	while (v == 0 && k > 0)
		v = ~on_word(line, --k, inv);
	return v == 0 ? 0 : k * 32 + 31 - __builtin_ctz(v) + 1;
}

/*
 * struct fill_page - what fill_runs fills: the pixels of SRC (WPLS words a
 * row) set (with IV all ones, clear), 8-connected (CONN 8) or 4, in the
 * first W columns and H rows, into OUT (WPLD words a row)
 */
struct fill_page {
	const l_uint32	*src;
	l_uint32	*out;
	l_int32		 w, h, wpls, wpld, conn;
	l_uint32	 iv;
};

/*
 * fill_runs - fill in P->out, by runs, what is joined to the pixels on
 * the stack ST (emptied) through pixels to fill; *COUNT grows by the
 * pixels filled; 0, or -1 on error
 */
static int
fill_runs(const struct fill_page *p, struct fill_stack *st, l_int32 *count)
{
	const l_uint32 *ls, *ln;
	l_uint32 *ld, *lnd, c, m, carry;
	l_int32 x, y, xl, xr, lo, hi, ny, k, b;
	int err = 0;

	while (st->n > 0 && !err) {
		st->n--;
		x = st->xy[2 * st->n];
		y = st->xy[2 * st->n + 1];
		ls = p->src + (size_t)y * p->wpls;
		ld = p->out + (size_t)y * p->wpld;
		if (GET_DATA_BIT(ld, x))
			continue;
		/* the whole run of the row: none of it is filled yet */
		xl = run_left(ls, x, p->iv);
		xr = run_right(ls, p->w, x, p->iv);
		bits_fill(ld, xl, xr + 1, 1);
		*count += xr - xl + 1;
		/* the runs it touches above and below: one pixel of each */
		lo = p->conn == 8 && xl > 0 ? xl - 1 : xl;
		hi = p->conn == 8 && xr < p->w - 1 ? xr + 1 : xr;
		for (ny = y - 1; ny <= y + 1 && !err; ny += 2) {
			if (ny < 0 || ny >= p->h)
				continue;
			ln = p->src + (size_t)ny * p->wpls;
			lnd = p->out + (size_t)ny * p->wpld;
			carry = 0;
			for (k = lo >> 5; k <= hi >> 5 && !err; k++) {
				m = 0xffffffffu;
				if (k == lo >> 5)
					m &= 0xffffffffu >> (lo & 31);
				if (k == hi >> 5)
					m &= ~(0x7fffffffu >> (hi & 31));
				c = on_word(ln, k, p->iv) & ~lnd[k] & m;
				/* where a run of them starts */
				for (b = 0, m = c & ~(c >> 1 | carry); m != 0 &&
				    !err; m &= ~(0x80000000u >> b)) {
					b = __builtin_clz(m);
					err = fill_push(st, k * 32 + b, ny);
				}
				carry = c << 31;
			}
		}
	}
	return err ? -1 : 0;
}

/*
 * fill_edge - the pixels of SRC (1 bpp) that are set (with INV, clear)
 * and joined to the edge of the page through such pixels, 8-connected
 * (CONN 8) or 4-connected, in a new page; *COUNT how many; NULL on error.
 * What pixExtractBorderConnComps(SRC, CONN) gives (INV 0), and the white
 * pixHolesByFilling does not take for holes (INV 1), but by runs from
 * the edge inwards, a word at a time: the work is that of what it finds,
 * where leptonica's fill passes over the whole page until nothing
 * changes.
 */
static PIX *
fill_edge(PIX *src, int conn, int inv, l_int32 *count)
{
	struct fill_stack st = { NULL, 0, 0 };
	struct fill_page p;
	PIX *out;
	const l_uint32 *ls;
	l_int32 x, y;
	int err = 0;

	*count = 0;
	if ((out = pixCreateTemplate(src)) == NULL)
		return NULL;
	pixGetDimensions(src, &p.w, &p.h, NULL);
	p.src = pixGetData(src);
	p.out = pixGetData(out);
	p.wpls = p.wpld = pixGetWpl(src);
	p.conn = conn;
	p.iv = inv ? 0xffffffffu : 0;
	for (y = 0; y < p.h && !err; y++) {
		ls = p.src + (size_t)y * p.wpls;
		for (x = 0; x < p.w && !err; x += (y == 0 || y == p.h - 1) ?
		    1 : (p.w - 1 > x ? p.w - 1 - x : 1))
			if ((GET_DATA_BIT(ls, x) != 0) != (inv != 0))
				err = fill_push(&st, x, y);
	}
	if (!err)
		err = fill_runs(&p, &st, count);
	free(st.xy);
	if (err)
		pixDestroy(&out);
	return out;
}

/*
 * seed_fill - what pixSeedfillBinary(NULL, SEED, MASK, 4) gives (SEED no
 * larger than MASK): the pixels of MASK 4-joined through MASK to one of
 * SEED, in a page of SEED's size, by runs from the seed's; leptonica
 * sweeps the page down and up until nothing changes (half of the halftone
 * mask's work, made twice a page where a dark border seeds it).  As
 * leptonica's word-wide sweeps do, the fill takes the pad bits of SEED's
 * last word for pixels where MASK has them.  NULL on error.
 */
static PIX *
seed_fill(PIX *seed, PIX *mask)
{
	struct fill_stack st = { NULL, 0, 0 };
	struct fill_page p;
	PIX *out;
	const l_uint32 *ls, *lm;
	l_uint32 c, m, carry, last;
	l_int32 ws, hs, wm, hm, y, k, b, n = 0;
	int err = 0;

	pixGetDimensions(seed, &ws, &hs, NULL);
	pixGetDimensions(mask, &wm, &hm, NULL);
	if (ws > wm || hs > hm || pixGetDepth(seed) != 1 ||
	    pixGetDepth(mask) != 1)
		return pixSeedfillBinary(NULL, seed, mask, 4);
	if ((out = pixCreateTemplate(seed)) == NULL)
		return NULL;
	p.src = pixGetData(mask);
	p.out = pixGetData(out);
	p.wpls = pixGetWpl(mask);
	p.wpld = pixGetWpl(seed);
	p.w = p.wpld * 32 < wm ? p.wpld * 32 : wm;
	p.h = hs;
	p.conn = 4;
	p.iv = 0;
	/* the mask's pad bits are no pixels of it */
	last = p.w % 32 ? ~(0xffffffffu >> p.w % 32) : 0xffffffffu;
	for (y = 0; y < p.h && !err; y++) {
		ls = pixGetData(seed) + (size_t)y * p.wpld;
		lm = p.src + (size_t)y * p.wpls;
		carry = 0;
		for (k = 0; k * 32 < p.w && !err; k++) {
			c = ls[k] & lm[k];
			if ((k + 1) * 32 > p.w)
				c &= last;
			for (b = 0, m = c & ~(c >> 1 | carry); m != 0 &&
			    !err; m &= ~(0x80000000u >> b)) {
				b = __builtin_clz(m);
				err = fill_push(&st, k * 32 + b, y);
			}
			carry = c << 31;
		}
	}
	if (!err)
		err = fill_runs(&p, &st, &n);
	free(st.xy);
	if (err)
		pixDestroy(&out);
	return out;
}

/* a run of set pixels of a row, and the component it is part of */
struct run {
	l_int32	 y, x0, x1;		/* pixels x0..x1 of row y */
	l_int32	 up;			/* union-find: its parent run */
};

/* run_root - the run that stands for R's component (paths halved) */
static l_int32
run_root(struct run *r, l_int32 i)
{
	while (r[i].up != i) {
		r[i].up = r[r[i].up].up;
		i = r[i].up;
	}
	return i;
}

/*
 * runs_of - the runs of BIN's rows, in row order, joined into their
 * 8-connected components (a run touches one of the row above that
 * overlaps it or its corners); *N how many (0 on a white page); NULL on
 * error only
 */
static struct run *
runs_of(PIX *bin, l_int32 *n)
{
	struct run *r, *t;
	const l_uint32 *line;
	size_t cap = 4096;
	l_int32 w, h, wpl, y, x, end, prev, cur, i, j, a, b;

	*n = 0;
	if ((r = malloc(cap * sizeof(*r))) == NULL)
		return NULL;
	pixGetDimensions(bin, &w, &h, NULL);
	wpl = pixGetWpl(bin);
	prev = cur = 0;		/* the runs of the row above: prev..cur-1 */
	for (y = 0; y < h; y++) {
		line = pixGetData(bin) + (size_t)y * wpl;
		for (x = bits_next(line, wpl, w, 0, 1); x < w;
		    x = bits_next(line, wpl, w, end, 1)) {
			end = bits_next(line, wpl, w, x, 0);
			if ((size_t)*n == cap) {
				cap *= 2;
				if ((t = realloc(r, cap * sizeof(*r))) == NULL) {
					free(r);
					return NULL;
				}
				r = t;
			}
			r[*n].y = y;
			r[*n].x0 = x;
			r[*n].x1 = end - 1;
			r[*n].up = *n;
			(*n)++;
		}
		/* join the runs of this row to those above they touch */
		for (i = cur, j = prev; i < *n && j < cur; ) {
			if (r[j].x1 + 1 < r[i].x0) {
				j++;
				continue;
			}
			if (r[i].x1 + 1 < r[j].x0) {
				i++;
				continue;
			}
			a = run_root(r, i);
			b = run_root(r, j);
			if (a != b)
				r[a > b ? a : b].up = a < b ? a : b;
			/* the one that ends first touches nothing more */
			if (r[j].x1 < r[i].x1)
				j++;
			else
				i++;
		}
		prev = cur;
		cur = *n;
	}
	return r;
}

/*
 * comps_boxes - of the runs R (N of them, runs_of), each component's box
 * and size at its root run K (the first of it): BOX[5 K..5 K + 4] = x0,
 * y0, x1, y1, pixels; NULL on error
 */
static l_int32 *
comps_boxes(struct run *r, l_int32 n)
{
	l_int32 *box, *b, i, k;

	if ((box = malloc(5 * ((size_t)n + 1) * sizeof(*box))) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		k = run_root(r, i);
		b = box + 5 * k;
		if (k == i) {
			b[0] = r[i].x0;
			b[1] = r[i].y;
			b[2] = r[i].x1;
			b[3] = r[i].y;
			b[4] = r[i].x1 - r[i].x0 + 1;
			continue;
		}
		if (r[i].x0 < b[0])
			b[0] = r[i].x0;
		if (r[i].x1 > b[2])
			b[2] = r[i].x1;
		b[3] = r[i].y;		/* rows come in order */
		b[4] += r[i].x1 - r[i].x0 + 1;
	}
	return box;
}

/*
 * comps_of - the runs of the 1 bpp BIN joined into components (runs_of)
 * into *R, and the components' boxes (comps_boxes) into *BOX, both to
 * free: how many runs, or -1 (nothing to free) on error or another depth
 */
static l_int32
comps_of(PIX *bin, struct run **r, l_int32 **box)
{
	l_int32 n;

	*box = NULL;
	if (pixGetDepth(bin) != 1 || (*r = runs_of(bin, &n)) == NULL)
		return -1;
	if ((*box = comps_boxes(*r, n)) == NULL) {
		free(*r);
		*r = NULL;
		return -1;
	}
	return n;
}

/* a run of white pixels of a row of a component's box (comp_holes) */
struct wrun {
	l_int32	 x0, x1;		/* pixels x0..x1 of its row */
	l_int32	 up;			/* union-find: its parent run */
	int	 edge;			/* at a root: joined to the edge */
	long	 area;			/* at a root: its region's pixels */
};

/* wrun_root - the run that stands for R's white region (paths halved) */
static l_int32
wrun_root(struct wrun *r, l_int32 i)
{
	while (r[i].up != i) {
		r[i].up = r[r[i].up].up;
		i = r[i].up;
	}
	return i;
}

/*
 * wrun_add - append the white run X0..X1 to *W (*N of them, room for
 * *CAP), at the edge of the box if EDGE; 0, or -1 on error
 */
static int
wrun_add(struct wrun **w, l_int32 *n, size_t *cap, l_int32 x0, l_int32 x1,
    int edge)
{
	struct wrun *t;

	if ((size_t)*n == *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		if ((t = realloc(*w, *cap * sizeof(*t))) == NULL)
			return -1;
		*w = t;
	}
	(*w)[*n].x0 = x0;
	(*w)[*n].x1 = x1;
	(*w)[*n].up = *n;
	(*w)[*n].edge = edge;
	(*w)[*n].area = 0;
	(*n)++;
	return 0;
}

/*
 * comp_holes - of the component whose root run is K (R, N: comps_of; B
 * its box), the white pixels of its box not 4-joined to the box's edge
 * (the holes pixHolesByFilling finds in the component alone; with
 * FRAME, not a hole of over a quarter of the box: the sheet a frame
 * surrounds), or 0 on error.  The white of each row of the box is the
 * gaps between the component's runs there (a connected component has
 * one in every row of its box); the gaps are joined to those above that
 * they overlap: the work is that of its runs, where a fill from the edge
 * of an image of it walked all the white of its box (a third of the
 * stage's border work on tapuscorpus, whose dark borders frame the
 * page).
 */
static l_int32
comp_holes(struct run *r, l_int32 n, l_int32 k, const l_int32 *b, int frame)
{
	struct wrun *w = NULL;
	size_t cap = 0;
	l_int32 bw = b[2] - b[0] + 1, nw = 0, prev = 0, cur = 0, x, y, i, j;
	l_int32 a, c, d, last = b[3] - b[1], holes = 0;
	int err = 0;

	for (i = k, y = 0, x = 0; !err; i++) {
		if (i < n && r[i].y <= b[3] && run_root(r, i) != k)
			continue;
		/* a run of the next row, or none left: the row ends */
		if (i >= n || r[i].y > b[3] || r[i].y - b[1] > y) {
			if (x < bw)
				err = wrun_add(&w, &nw, &cap, x, bw - 1, 1);
			/* join the row's white to the row above's */
			for (j = prev, a = cur; !err && j < cur && a < nw; ) {
				if (w[j].x1 < w[a].x0) {
					j++;
					continue;
				}
				if (w[a].x1 < w[j].x0) {
					a++;
					continue;
				}
				c = wrun_root(w, j);
				d = wrun_root(w, a);
				if (c != d) {
					w[c < d ? c : d].edge |= w[c > d ? c :
					    d].edge;
					w[c > d ? c : d].up = c < d ? c : d;
				}
				if (w[j].x1 < w[a].x1)
					j++;
				else
					a++;
			}
			prev = cur;
			cur = nw;
			if (i >= n || r[i].y > b[3])
				break;
			y = r[i].y - b[1];
			x = 0;
		}
		/* the gap before this run */
		if (!err && r[i].x0 - b[0] > x)
			err = wrun_add(&w, &nw, &cap, x, r[i].x0 - b[0] - 1,
			    y == 0 || y == last || x == 0);
		x = r[i].x1 - b[0] + 1;
	}
	/* each white region's area, at its root */
	for (j = 0; !err && j < nw; j++)
		if (!w[c = wrun_root(w, j)].edge)
			w[c].area += w[j].x1 - w[j].x0 + 1;
	/* with FRAME, a region of over a quarter of the box is the paper */
	for (j = 0; !err && j < nw; j++)
		if (w[j].up == j && !w[j].edge && (!frame || w[j].area * 4 <=
		    (long)bw * (last + 1)))
			holes += w[j].area;
	free(w);
	return err ? 0 : holes;
}

/*
 * thin - whether the component B (its box x0, y0, x1, y1 and its pixel
 * count, on a page of W by H at DPI) is a line through the page: under
 * 1/CLEAN_LINE_THICK inch thick on average along its longer side, and over a
 * quarter of an inch from the edges it runs along.  A scanner's streak
 * down the page (dirt on a feeder's glass) touches two edges; cleared as
 * a border, it took the letters it crosses with it, and the archived page
 * lost a letter in every line.  A sheet's own edge, along the page's, is
 * still cleared (a blank sheet with it was not found blank).
 */
static int
thin(const l_int32 *b, l_int32 w, l_int32 h, int dpi)
{
	l_int32 bw = b[2] - b[0] + 1, bh = b[3] - b[1] + 1, m = dpi / 4;

	if ((double)b[4] * CLEAN_LINE_THICK >=
	    (double)(bw > bh ? bw : bh) * dpi)
		return 0;
	return bh >= bw ? b[0] > m && b[2] < w - 1 - m :
	    b[1] > m && b[3] < h - 1 - m;
}

/*
 * solid_border - keep of the border components in MASK only those over a
 * third of an inch one way or the other, thicker than a line (thin), and
 * solid (scanner lid, black borders).  A smaller one is a letter cut by the
 * edge of the scan, or a fleck, and a letter must not be cleared; a
 * component with light content inside (a letterhead band with its text
 * knocked out) is not a border; with FRAME, a border that frames the sheet
 * all round, whose holes are the sheet, is one (a sheet smaller than the
 * scanner's bed, on a dark lid).  Both are rules on a component alone: one
 * look at the components (by runs: their boxes and sizes come with them,
 * where pixConnComp made an image of each, 5% of the stage's work on
 * tapuscorpus), holes filled in the large ones only, and the runs of those
 * that go cleared.
 */
static void
solid_border(PIX *mask, int dpi, int frame)
{
	struct run *r;
	l_int32 *box, *b, n, i, k, bw, bh, nh, line;
	l_uint32 *data = pixGetData(mask);
	l_int32 wpl = pixGetWpl(mask);
	int sz = dpi / 3, clear = 0;

	if ((n = comps_of(mask, &r, &box)) < 0)
		return;
	for (k = 0; k < n; k++) {
		if (r[k].up != k)
			continue;	/* not the first run of its component */
		b = box + 5 * k;
		bw = b[2] - b[0] + 1;
		bh = b[3] - b[1] + 1;
		nh = 0;
		line = thin(b, pixGetWidth(mask), pixGetHeight(mask), dpi);
		if ((bw > sz || bh > sz) && !line)
			nh = comp_holes(r, n, k, b, frame);
		/*
		 * small, a line, or over 2 % light inside (content): not a
		 * border
		 */
		if (!(bw > sz || bh > sz) || line || nh * 50 > b[4]) {
			b[4] = -1;
			clear = 1;
		}
	}
	for (i = 0; clear && i < n; i++)
		if (box[5 * run_root(r, i) + 4] < 0)
			bits_fill(data + (size_t)r[i].y * wpl, r[i].x0,
			    r[i].x1 + 1, 0);
	free(box);
	free(r);
}

/*
 * edge_has - whether any pixel on the outer ring of PIX is under LEVEL
 * (8 bpp) or set (1 bpp, LEVEL ignored): with none, nothing touches the
 * edge, and a search for what does can be spared
 */
static int
edge_has(PIX *pix, int level)
{
	l_int32 w, h, d, wpl, i, j;
	l_uint32 *data, *line;

	pixGetDimensions(pix, &w, &h, &d);
	data = pixGetData(pix);
	wpl = pixGetWpl(pix);
	for (i = 0; i < h; i++) {
		line = data + (size_t)i * wpl;
		if (i == 0 || i == h - 1) {
			for (j = 0; j < w; j++)
				if (d == 1 ? GET_DATA_BIT(line, j) != 0 :
				    (int)GET_DATA_BYTE(line, j) < level)
					return 1;
		} else if (d == 1 ? GET_DATA_BIT(line, 0) != 0 ||
		    GET_DATA_BIT(line, w - 1) != 0 :
		    (int)GET_DATA_BYTE(line, 0) < level ||
		    (int)GET_DATA_BYTE(line, w - 1) < level)
			return 1;
	}
	return 0;
}

/*
 * lines_into - the long thin lines of MASK (1 bpp, at DPI) that run into
 * the page: a straight run of 1/STREAK_RUN inch or more down the page
 * (across it), in a line under 1/STREAK_THIN inch thick that spans
 * STREAK_LONG of the page that way and lies over a quarter of an inch
 * from the edges it runs along; their pixels in a copy of MASK taken out,
 * or NULL if MASK has none.  Found on the page reduced by 4 (a pixel set
 * if any of its 16 is: a slanted line a pixel thin stays joined), where
 * what is wider than the line across it is taken away after the run
 * along it is kept: the letters the line crosses are shorter than the
 * run, and a dark block at the page's foot that it runs into is wider.
 *
 * A scanner's streak (dirt on a feeder's glass) runs from the top of the
 * scan to its foot, into the dark bands that a sheet's top and bottom
 * edges make there: streak, bands and the letters it crosses were one
 * mark touching the edge, no line (thin) but a border, and cleared with
 * all those letters, a letter or two in every line of the archived page
 * (a typescript page of tapuscorpus so streaked: "Ta c evelure", "Ton
 * ront", "Tes eux"; a black streak cut a slice out of each, from the grey
 * page OCR reads too).  With the lines taken out the border is the bands
 * alone; the streak is left to the archive's page, and mended out of
 * OCR's (deskew.c, lines_out).
 */
static PIX *
lines_into(PIX *mask, int dpi)
{
	PIX *small, *v, *wide, *found = NULL, *big, *cut, *p;
	PIXA *pixa;
	BOXA *boxa;
	l_int32 w, h, i, n, bx, by, bw, bh;
	int run = dpi / 4 / STREAK_RUN, thick = dpi / 4 / STREAK_THIN + 1,
	    m = dpi / 4 / 4, across;

	if (run < 4 ||
	    (small = pixReduceRankBinaryCascade(mask, 1, 1, 0, 0)) == NULL)
		return NULL;
	pixGetDimensions(small, &w, &h, NULL);
	for (across = 0; across < 2; across++) {
		v = pixOpenBrick(NULL, small, across ? run : 1,
		    across ? 1 : run);
		wide = v != NULL ? pixOpenBrick(NULL, v, across ? 1 : thick,
		    across ? thick : 1) : NULL;
		if (wide == NULL) {
			pixDestroy(&v);
			continue;
		}
		pixSubtract(v, v, wide);
		pixDestroy(&wide);
		pixa = NULL;
		boxa = pixConnComp(v, &pixa, 8);
		n = boxa != NULL ? boxaGetCount(boxa) : 0;
		for (i = 0; i < n; i++) {
			if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw,
			    &bh) != 0 ||
			    (across ? bw < STREAK_LONG * w || by <= m ||
			    by + bh >= h - m : bh < STREAK_LONG * h ||
			    bx <= m || bx + bw >= w - m))
				continue;
			if ((found != NULL ||
			    (found = pixCreateTemplate(small)) != NULL) &&
			    (p = pixaGetPix(pixa, i, L_CLONE)) != NULL) {
				pixRasterop(found, bx, by, bw, bh, PIX_PAINT,
				    p, 0, 0);
				pixDestroy(&p);
			}
		}
		boxaDestroy(&boxa);
		pixaDestroy(&pixa);
		pixDestroy(&v);
	}
	pixDestroy(&small);
	if (found == NULL)
		return NULL;
	big = pixExpandBinaryPower2(found, 4);
	pixDestroy(&found);
	cut = big != NULL ? pixCopy(NULL, mask) : NULL;
	if (cut != NULL)
		pixRasterop(cut, 0, 0, pixGetWidth(cut), pixGetHeight(cut),
		    PIX_DST & PIX_NOT(PIX_SRC), big, 0, 0);
	pixDestroy(&big);
	return cut;
}

/*
 * border_of - fill_edge(MASK, 8, 0, COUNT) but for the long lines that
 * run into the page (lines_into)
 */
static PIX *
border_of(PIX *mask, int dpi, l_int32 *count)
{
	PIX *cut, *border;

	if ((cut = lines_into(mask, dpi)) == NULL)
		return fill_edge(mask, 8, 0, count);
	border = fill_edge(cut, 8, 0, count);
	pixDestroy(&cut);
	return border;
}

/*
 * clean_dark_border - paint white, in the normalised grey page NORM, the
 * dark regions that touch its edge (and a fringe of 1/50 inch); returns
 * the share of the page cleared
 */
double
clean_dark_border(PIX *norm, int dpi)
{
	PIX *dark, *border, *wide;
	l_int32 n = 0, w, h, sz;

	pixGetDimensions(norm, &w, &h, NULL);
	if (!edge_has(norm, DARK_LEVEL) ||
	    (dark = clean_threshold(norm, DARK_LEVEL)) == NULL)
		return 0;
	border = border_of(dark, dpi, &n);
	pixDestroy(&dark);
	if (border == NULL)
		return 0;
	/*
	 * a border that frames the sheet all round stays on the grey page
	 * OCR reads: tesseract splits that page by one threshold (Otsu) of
	 * all its pixels, which the frame keeps low enough for faint
	 * typescript; without it, 3 of the 4 pages of tapuscorpus-faint lost
	 * lines (DSN169_00001: CER 0.149 -> 0.514)
	 */
	solid_border(border, dpi, 0);
	pixCountPixels(border, &n, NULL);
	if (n == 0 || n > BORDER_MAX * w * h) {
		/* nothing, or a dark page: not a border */
		pixDestroy(&border);
		return 0;
	}
	sz = dpi / 50 * 2 + 1;
	wide = clean_dilate(border, sz, sz);
	pixDestroy(&border);
	if (wide == NULL)
		return 0;
	pixCountPixels(wide, &n, NULL);
	clean_set_white(norm, wide);
	pixDestroy(&wide);
	return (double)n / ((double)w * h);
}

/*
 * clean_border_comps - clear the solid components touching BIN's edge
 * that are larger than a letter, a frame all round the sheet included
 * (the archived page, and blank detection: a blank sheet so framed was
 * not found blank)
 */
double
clean_border_comps(PIX *bin, int dpi)
{
	PIX *border;
	l_int32 n = 0;
	double share;

	if (!edge_has(bin, 0) ||
	    (border = border_of(bin, dpi, &n)) == NULL)
		return 0;
	if (n > 0)
		solid_border(border, dpi, 1);
	pixCountPixels(border, &n, NULL);
	share = (double)n / ((double)pixGetWidth(bin) * pixGetHeight(bin));
	if (n > 0 && share < BORDER_MAX)
		pixRasterop(bin, 0, 0, pixGetWidth(bin), pixGetHeight(bin),
		    PIX_SUBTRACT, border, 0, 0);
	else
		share = 0;
	pixDestroy(&border);
	return share;
}

/*
 * ring - whether COMP (BW by BH, at X, Y of CLIP, at DPI) is the shadow
 * of a hole's cut edge: a circle (its sides within a tenth of each
 * other), its holes filled a disc (6/10 to 9/10 of its box) that its
 * own COUNT pixels cover under a third, with no other ink within 5 mm of
 * its box (a tenth of its own at most: specks).  A letter O has letters
 * beside it, and a stroke of a quarter of its width or more.
 */
static int
ring(PIX *clip, PIX *comp, l_int32 x, l_int32 y, l_int32 bw, l_int32 bh,
    l_int32 count, int dpi)
{
	PIX *holes;
	BOX *box;
	l_int32 f = 0, near = 0;
	int m = (int)(dpi * 5 / 25.4);

	if (bw * 10 > bh * 11 || bh * 10 > bw * 11)
		return 0;
	/* leptonica gives the holes alone: filled, they and COMP */
	if ((holes = pixHolesByFilling(comp, 4)) == NULL)
		return 0;
	pixCountPixels(holes, &f, NULL);
	pixDestroy(&holes);
	f += count;
	if (f * 10 < bw * bh * 6 || f * 10 > bw * bh * 9 || count * 3 >= f)
		return 0;
	if ((box = boxCreate(x - m, y - m, bw + 2 * m, bh + 2 * m)) == NULL)
		return 0;
	if (pixCountPixelsInRect(clip, box, &near, NULL) != 0)
		near = count * 2;
	boxDestroy(&box);
	return near - count <= count / 10;
}

/*
 * disc - whether COMP (BW by BH) is a disc: its pixels and the ellipse
 * its box bounds differ on at most DISC_MISS of the ellipse's area.  The
 * three punch holes of the corpus differ on 3 to 7%; the letters that
 * filled 6/10 to 9/10 of their box and were cleared as holes (a bold n,
 * a, e, o or H of a title within an inch of the edge: 61 of 64 "holes"
 * over ../shared/corpus) on 23% or more.
 */
static int
disc(PIX *comp, l_int32 bw, l_int32 bh)
{
	l_uint32 *line;
	double yy, half, cx = bw / 2.0, cy = bh / 2.0;
	long miss = 0, area = 0;
	l_int32 i, j, in, ink;

	for (j = 0; j < bh; j++) {
		line = pixGetData(comp) + (size_t)j * pixGetWpl(comp);
		yy = (j + 0.5 - cy) / cy;
		half = yy > -1 && yy < 1 ? cx * sqrt(1 - yy * yy) : -1;
		for (i = 0; i < bw; i++) {
			in = fabs(i + 0.5 - cx) <= half;
			ink = GET_DATA_BIT(line, i) != 0;
			area += in;
			miss += in != ink;
		}
	}
	return area > 0 && miss <= area * DISC_MISS;
}

/*
 * spaced - whether the position AT (pixels at DPI) has another of the N
 * positions POS at a punch's spacing from it: 80 mm (ISO 838) or 108 mm
 * (three holes, US), 3 mm either way
 */
static int
spaced(const int *pos, int n, int at, int dpi)
{
	int j, d, k;
	static const int mm[] = { 80, 108 };

	/* in tenths of a millimetre: |d - spacing| <= 3 mm */
	for (j = 0; j < n; j++) {
		d = abs(pos[j] - at) * 254 / dpi;
		for (k = 0; k < 2; k++)
			if (abs(d - mm[k] * 10) <= 30)
				return 1;
	}
	return 0;
}

/*
 * clean_holes - clear punch holes from BIN: solid discs of 4-10 mm
 * within an inch of an edge (a disc fills pi/4 of its box, a solid square
 * more than 9/10: not a hole; a bold letter as much: see disc()), and
 * the rings a hole's cut edge shadows on a white lid, where two of them
 * lie along the edge at a punch's spacing with their centres 6 to 16 mm
 * in (a letter O of a title within an inch of the edge is a ring too);
 * returns how many
 */
int
clean_holes(PIX *bin, int dpi)
{
	l_int32 w, h, side, i, n, x, y, bw, bh, count, bx, by, cw, ch;
	int lo = (int)(dpi * 4 / 25.4), hi = (int)(dpi * 10 / 25.4);
	int band = dpi, holes = 0, nr, in, *ri, *rpos;
	BOX *box;
	BOXA *boxa;
	PIXA *pixa;
	PIX *clip, *comp;

	pixGetDimensions(bin, &w, &h, NULL);
	if (band * 3 > w || band * 3 > h)
		return 0;
	for (side = 0; side < 4; side++) {
		bx = side == 1 ? w - band : 0;
		by = side == 3 ? h - band : 0;
		cw = side < 2 ? band : w;
		ch = side < 2 ? h : band;
		box = boxCreate(bx, by, cw, ch);
		clip = pixClipRectangle(bin, box, NULL);
		boxDestroy(&box);
		if (clip == NULL)
			continue;
		pixa = NULL;
		boxa = pixConnComp(clip, &pixa, 8);
		n = boxa != NULL ? boxaGetCount(boxa) : 0;
		ri = calloc(n > 0 ? (size_t)n : 1, sizeof(*ri));
		rpos = calloc(n > 0 ? (size_t)n : 1, sizeof(*rpos));
		nr = 0;
		if (ri == NULL || rpos == NULL)
			n = 0;		/* no memory: no holes cleared */
		for (i = 0; i < n; i++) {
			boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh);
			if (bw < lo || bh < lo || bw > hi || bh > hi ||
			    bw * 4 > bh * 5 || bh * 4 > bw * 5)
				continue;
			/* cut by the band's inner edge: not whole */
			if ((side == 0 && x + bw >= cw) ||
			    (side == 1 && x == 0) ||
			    (side == 2 && y + bh >= ch) ||
			    (side == 3 && y == 0))
				continue;
			comp = pixaGetPix(pixa, i, L_CLONE);
			count = 0;
			pixCountPixels(comp, &count, NULL);
			/*
			 * solid and round: a disc covers pi/4 of its box, a
			 * solid square (a QR code's finder, a filled box) all,
			 * a bold letter as much, but not in a disc's shape
			 */
			if (count * 10 >= bw * bh * 6 &&
			    count * 10 <= bw * bh * 9 && disc(comp, bw, bh)) {
				pixRasterop(bin, bx + x, by + y, bw, bh,
				    PIX_SUBTRACT, comp, 0, 0);
				holes++;
			} else if (ring(clip, comp, x, y, bw, bh, count,
			    dpi)) {
				/* its centre's depth in, and place along */
				in = side == 0 ? x + bw / 2 : side == 1 ?
				    cw - x - bw / 2 : side == 2 ? y + bh / 2 :
				    ch - y - bh / 2;
				if (in * 254 >= dpi * 60 && in * 254 <= dpi * 160) {
					ri[nr] = i;
					rpos[nr++] = side < 2 ? y + bh / 2 :
					    x + bw / 2;
				}
			}
			pixDestroy(&comp);
		}
		for (i = 0; i < nr; i++) {
			if (!spaced(rpos, nr, rpos[i], dpi))
				continue;
			boxaGetBoxGeometry(boxa, ri[i], &x, &y, &bw, &bh);
			comp = pixaGetPix(pixa, ri[i], L_CLONE);
			pixRasterop(bin, bx + x, by + y, bw, bh, PIX_SUBTRACT,
			    comp, 0, 0);
			pixDestroy(&comp);
			holes++;
		}
		free(ri);
		free(rpos);
		boxaDestroy(&boxa);
		pixaDestroy(&pixa);
		pixDestroy(&clip);
	}
	return holes;
}

/* speck_side - the most a speck is either way at DPI: 1/100 inch */
static int
speck_side(int dpi)
{
	return dpi / 100 > 1 ? dpi / 100 : 1;
}

/*
 * clean_specks_dots - one pass over BIN's components: the boxes of those of
 * at most DPI/25 either way into DOTS (if not NULL), specks cleared (at
 * most DPI/100 either way), then edge bits (touching the edge, no larger
 * than a letter) into *EDGE, and the ink share of the rest over DPI/60
 */
double
clean_specks_dots(PIX *bin, int dpi, PIX **edge, struct clean_dots *dots)
{
	struct run *r;
	struct clean_dot *d;
	l_uint32 *line;
	l_int32 *box, *b, w, h, i, n, bw, bh;
	int sz = speck_side(dpi), letter = dpi / 3;
	int minsz = dpi / 60 > 2 ? dpi / 60 : 2, dot = dpi / 25, cap = 0;
	double ink = 0;

	*edge = NULL;
	if (dots != NULL) {
		dots->dot = NULL;
		dots->n = 0;
	}
	pixGetDimensions(bin, &w, &h, NULL);
	if ((n = comps_of(bin, &r, &box)) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		b = box + 5 * run_root(r, i);
		bw = b[2] - b[0] + 1;
		bh = b[3] - b[1] + 1;
		line = pixGetData(bin) + (size_t)r[i].y * pixGetWpl(bin);
		if (dots != NULL && bw <= dot && bh <= dot &&
		    run_root(r, i) == i && cap >= 0) {
			if (dots->n == cap) {
				cap = cap ? 2 * cap : 1024;
				d = realloc(dots->dot, cap * sizeof(*d));
				if (d == NULL) {
					clean_dots_free(dots);
					cap = -1;	/* none kept */
					continue;
				}
				dots->dot = d;
			}
			d = dots->dot + dots->n++;
			d->x0 = b[0];
			d->y0 = b[1];
			d->x1 = b[2];
			d->y1 = b[3];
			d->area = b[4];
		}
		if (bw <= sz && bh <= sz) {		/* a speck */
			bits_fill(line, r[i].x0, r[i].x1 + 1, 0);
		} else if ((b[0] == 0 || b[1] == 0 || b[2] == w - 1 ||
		    b[3] == h - 1) && bw <= letter && bh <= letter) {
			if (*edge == NULL)
				*edge = pixCreateTemplate(bin);
			if (*edge != NULL)
				bits_fill(pixGetData(*edge) + (size_t)r[i].y *
				    pixGetWpl(*edge), r[i].x0, r[i].x1 + 1, 1);
		} else if ((bw >= minsz || bh >= minsz) &&
		    run_root(r, i) == i)	/* once a component */
			ink += b[4];
	}
	free(box);
	free(r);
	return ink / ((double)w * h);
}

void
clean_dots_free(struct clean_dots *dots)
{
	free(dots->dot);
	dots->dot = NULL;
	dots->n = 0;
}

double
clean_specks_ink(PIX *bin, int dpi, PIX **edge)
{
	return clean_specks_dots(bin, dpi, edge, NULL);
}

int
clean_dot_join(int dpi)
{
	return dpi / CLEAN_DOT_PITCH + 1;
}

/* a letter, or a row, of a dot-matrix print (clean_dot_rows) */
struct dot_group {
	int	 x0, y0, x1, y1;	/* its box */
	int	 n;			/* its members */
	int	 small;			/* dots under a third of its height */
	long	 area;			/* their pixels */
};

/* find - the root of I in the union-find forest UP (paths halved) */
static int
find(int *up, int i)
{
	while (up[i] != i) {
		up[i] = up[up[i]];
		i = up[i];
	}
	return i;
}

static void
unite(int *up, int i, int j)
{
	i = find(up, i);
	j = find(up, j);
	if (i != j)
		up[i > j ? i : j] = i < j ? i : j;
}

/* gap - the pixels between A0..A1 and B0..B1 (0 if they meet) */
static int
gap(int a0, int a1, int b0, int b1)
{
	return b0 > a1 ? b0 - a1 - 1 : a0 > b1 ? a0 - b1 - 1 : 0;
}

/* group_by_top - qsort order of dot_groups by their top rows */
static int
group_by_top(const void *a, const void *b)
{
	const struct dot_group *p = a, *q = b;

	return p->y0 < q->y0 ? -1 : p->y0 > q->y0;
}

/*
 * groups - the groups of the N boxes G (sorted by their tops) that UP
 * joined: their boxes and members into a new array (*NG of them); each
 * box's group into GI[i] (NULL: not wanted)
 */
static struct dot_group *
groups(const struct dot_group *g, int n, int *up, int *gi, int *ng)
{
	struct dot_group *r, *p;
	int *at, i, k;

	*ng = 0;
	if ((r = calloc(n + 1, sizeof(*r))) == NULL ||
	    (at = malloc((n + 1) * sizeof(*at))) == NULL) {
		free(r);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if ((k = find(up, i)) == i) {
			at[i] = (*ng)++;
			p = r + at[i];
			*p = g[i];
			p->n = 0;
			p->small = 0;
			p->area = 0;
		}
		p = r + at[k];
		if (g[i].x0 < p->x0)
			p->x0 = g[i].x0;
		if (g[i].y0 < p->y0)
			p->y0 = g[i].y0;
		if (g[i].x1 > p->x1)
			p->x1 = g[i].x1;
		if (g[i].y1 > p->y1)
			p->y1 = g[i].y1;
		p->n++;
		if (gi != NULL)
			gi[i] = at[k];
	}
	free(at);
	return r;
}

/*
 * on_line - the most of the N letters' feet FOOT that lie within K
 * pixels of one another (a line's baseline; a descender's foot is off it)
 */
static int
on_line(const int *foot, int n, int k)
{
	int i, j, c, best = 0;

	for (i = 0; i < n; i++) {
		for (c = 0, j = 0; j < n; j++)
			if (foot[j] >= foot[i] && foot[j] <= foot[i] + k)
				c++;
		if (c > best)
			best = c;
	}
	return best;
}

PIX *
clean_dot_rows(PIX *page, const struct clean_dots *dots, int dpi,
    int *letters)
{
	struct dot_group *g = NULL, *lt = NULL, *ls = NULL, *rw = NULL, *p;
	int *up = NULL, *gi = NULL, *foot = NULL, *first = NULL;
	int n, i, j, k = clean_dot_join(dpi), gp = dpi / DOT_GAP;
	int nl, nk = 0, nr, w, h, x0, y0, x1, y1, d, tall, on;
	l_int32 ink;
	long in = 0, kept = 0;
	double area = 0;
	PIX *mask = NULL;
	BOX *box;

	*letters = 0;
	if (dots == NULL || (n = dots->n) < DOT_IN_LETTER * DOT_ROW ||
	    (g = malloc(n * sizeof(*g))) == NULL ||
	    (up = malloc(n * sizeof(*up))) == NULL ||
	    (gi = malloc(n * sizeof(*gi))) == NULL)
		goto out;
	w = pixGetWidth(page);
	h = pixGetHeight(page);
	/* the dots, by their tops; those less than K apart either way join */
	for (i = 0; i < n; i++) {
		g[i].x0 = dots->dot[i].x0;
		g[i].y0 = dots->dot[i].y0;
		g[i].x1 = dots->dot[i].x1;
		g[i].y1 = dots->dot[i].y1;
		g[i].area = dots->dot[i].area;
		up[i] = i;
	}
	qsort(g, n, sizeof(*g), group_by_top);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n && g[j].y0 <= g[i].y1 + k; j++)
			if (gap(g[i].x0, g[i].x1, g[j].x0, g[j].x1) < k &&
			    gap(g[i].y0, g[i].y1, g[j].y0, g[j].y1) < k)
				unite(up, i, j);
	if ((lt = groups(g, n, up, gi, &nl)) == NULL)
		goto out;
	/*
	 * letters: grown by the join (as a dilation by it would), of a
	 * letter's height, made of small dots
	 */
	for (i = 0; i < nl; i++) {
		lt[i].x1 += k - 1;
		lt[i].y1 += k - 1;
	}
	for (i = 0; i < n; i++) {
		p = lt + gi[i];
		p->area += g[i].area;
		if ((g[i].x1 - g[i].x0 + 1) * DOT_OF_LETTER <=
		    p->y1 - p->y0 + 1 && (g[i].y1 - g[i].y0 + 1) *
		    DOT_OF_LETTER <= p->y1 - p->y0 + 1)
			p->small++;
	}
	for (i = 0; i < nl; i++) {
		p = lt + i;
		d = p->y1 - p->y0 + 1;
		if (d * 25 >= dpi && d * 2 <= dpi &&
		    p->small >= DOT_IN_LETTER && p->small * 4 >= p->n * 3)
			lt[nk++] = *p;
	}
	if (nk < DOT_ROW)
		goto out;
	/* rows: letters whose heights meet, GP apart at most */
	qsort(lt, nk, sizeof(*lt), group_by_top);
	for (i = 0; i < nk; i++)
		up[i] = i;
	for (i = 0; i < nk; i++)
		for (j = i + 1; j < nk && lt[j].y0 <= lt[i].y1 + 1; j++)
			if (gap(lt[i].x0, lt[i].x1, lt[j].x0, lt[j].x1) < gp)
				unite(up, i, j);
	if ((rw = groups(lt, nk, up, gi, &nr)) == NULL ||
	    (foot = malloc(nk * sizeof(*foot))) == NULL ||
	    (first = calloc(nr + 1, sizeof(*first))) == NULL ||
	    (ls = malloc(nk * sizeof(*ls))) == NULL ||
	    (mask = pixCreateTemplate(page)) == NULL)
		goto out;
	/* the letters of each row together, in ls */
	for (i = 0; i < nk; i++)
		first[gi[i] + 1]++;
	for (i = 0; i < nr; i++)
		first[i + 1] += first[i];
	for (i = 0; i < nk; i++)
		ls[first[gi[i]] + rw[gi[i]].small++] = lt[i];
	for (i = 0; i < nr; i++) {
		p = rw + i;
		p->area = 0;
		p->small = 0;
		for (tall = 0, j = 0; j < p->n; j++) {
			struct dot_group *l = ls + first[i] + j;

			foot[j] = l->y1;
			p->small += l->small;
			p->area += l->area;
			if (l->y1 - l->y0 + 1 > tall)
				tall = l->y1 - l->y0 + 1;
		}
		d = p->y1 - p->y0 + 1;
		/*
		 * one line high, its letters on a line, its ink mostly
		 * their dots
		 */
		if (p->n < DOT_ROW || d * 2 > tall * 3)
			continue;
		on = on_line(foot, p->n, k);
		ink = 0;
		if (on * 2 < p->n || on < DOT_ROW ||
		    (box = boxCreate(p->x0, p->y0, p->x1 - p->x0 + 1, d)) ==
		    NULL)
			continue;
		pixCountPixelsInRect(page, box, &ink, NULL);
		boxDestroy(&box);
		if (p->area * 2 < ink)
			continue;
		/* a comma under the line, an accent over it */
		x0 = p->x0 - d / 2 > 0 ? p->x0 - d / 2 : 0;
		y0 = p->y0 - d / 4 > 0 ? p->y0 - d / 4 : 0;
		x1 = p->x1 + d / 2 < w ? p->x1 + d / 2 : w - 1;
		y1 = p->y1 + d / 4 < h ? p->y1 + d / 4 : h - 1;
		if ((box = boxCreate(x0, y0, x1 - x0 + 1, y1 - y0 + 1)) !=
		    NULL) {
			pixSetInRect(mask, box);
			boxDestroy(&box);
		}
		area += (double)(x1 - x0 + 1) * (y1 - y0 + 1);
		in += p->small;
		kept += p->n;
	}
	/*
	 * noise joined makes blots of a letter's size too, but no denser
	 * where they are than elsewhere
	 */
	if (kept >= DOT_ROW && area < (double)w * h &&
	    in * ((double)w * h - area) >=
	    DOT_CONTRAST * (double)(n - in > 0 ? n - in : 0) * area)
		*letters = (int)kept;
out:
	free(g);
	free(up);
	free(gi);
	free(lt);
	free(ls);
	free(rw);
	free(foot);
	free(first);
	if (*letters == 0)
		pixDestroy(&mask);
	return mask;
}

PIX *
clean_specks_near(PIX *bin, PIX *specked, const struct clean_dots *dots,
    int dpi, int *n)
{
	PIX *r4, *near, *t = NULL;
	const struct clean_dot *d;
	int sz = speck_side(dpi), i, ns = 0, nin = 0;
	/* on the page reduced by 4 (a mark where any of 16 is) */
	int ax = 2 * (dpi / SPECK_ALONG / 4) + 1;
	int ay = 2 * (dpi / SPECK_ACROSS / 4) + 1;
	l_int32 w, h, area = 0;
	l_uint32 v;
	double page, by_area;
	char *by;

	*n = 0;
	if (dots == NULL || dots->n == 0 ||
	    (by = calloc(dots->n, 1)) == NULL)
		return NULL;
	if ((r4 = pixReduceRankBinaryCascade(bin, 1, 1, 0, 0)) == NULL ||
	    (near = clean_dilate(r4, ax, ay)) == NULL) {
		pixDestroy(&r4);
		free(by);
		return NULL;
	}
	pixDestroy(&r4);
	pixGetDimensions(bin, &w, &h, NULL);
	for (i = 0; i < dots->n; i++) {
		d = dots->dot + i;
		if (d->x1 - d->x0 >= sz || d->y1 - d->y0 >= sz)
			continue;
		ns++;
		if (pixGetPixel(near, (d->x0 + d->x1) / 8,
		    (d->y0 + d->y1) / 8, &v) == 0 && v) {
			nin++;
			by[i] = 1;
		}
	}
	pixCountPixels(near, &area, NULL);
	pixDestroy(&near);
	page = (double)w * h;
	by_area = 16.0 * area < page ? 16.0 * area : page;
	/* as dense by the text as elsewhere: noise */
	if (nin > 0 && nin * (page - by_area) >=
	    SPECK_CONTRAST * (double)(ns - nin) * by_area &&
	    (t = pixCreateTemplate(bin)) != NULL) {
		for (i = 0; i < dots->n; i++)
			if (by[i]) {
				d = dots->dot + i;
				pixRasterop(t, d->x0, d->y0, d->x1 - d->x0 + 1,
				    d->y1 - d->y0 + 1, PIX_SRC, specked,
				    d->x0, d->y0);
			}
		*n = nin;
	}
	free(by);
	return t;
}

/*
 * clean_ink_share - the share of BIN covered by components over DPI/60, but for
 * EDGE, the small ones at the edge (of clean_specks_ink, or NULL)
 */
double
clean_ink_share(PIX *bin, int dpi, PIX *edge)
{
	PIX *t;
	l_int32 count = 0, minsz = dpi / 60 > 2 ? dpi / 60 : 2;

	t = pixSelectBySize(bin, minsz, minsz, 8, L_SELECT_IF_EITHER,
	    L_SELECT_IF_GTE, NULL);
	if (t == NULL)
		return 0.0;
	if (edge != NULL)
		pixRasterop(t, 0, 0, pixGetWidth(t), pixGetHeight(t),
		    PIX_SUBTRACT, edge, 0, 0);
	pixCountPixels(t, &count, NULL);
	pixDestroy(&t);
	return (double)count / ((double)pixGetWidth(bin) * pixGetHeight(bin));
}

double
clean_ink_share_inside(PIX *bin, int dpi, PIX *edge)
{
	PIX *t;
	l_int32 count = 0, minsz = dpi / 60 > 2 ? dpi / 60 : 2, w, h, band;
	BOX *box;

	pixGetDimensions(bin, &w, &h, NULL);
	band = dpi / 2;
	if (w <= 4 * band || h <= 4 * band)
		return clean_ink_share(bin, dpi, edge);
	t = pixSelectBySize(bin, minsz, minsz, 8, L_SELECT_IF_EITHER,
	    L_SELECT_IF_GTE, NULL);
	if (t == NULL)
		return 0.0;
	if (edge != NULL)
		pixRasterop(t, 0, 0, w, h, PIX_SUBTRACT, edge, 0, 0);
	box = boxCreate(band, band, w - 2 * band, h - 2 * band);
	pixCountPixelsInRect(t, box, &count, NULL);
	boxDestroy(&box);
	pixDestroy(&t);
	return (double)count / ((double)(w - 2 * band) * (h - 2 * band));
}

/*
 * hrun4 - DST, of the row SRC (WPL words): at each pixel the OR of SRC's
 * pixels -1..2 from it (dilation by leptonica's brick of 4), or with AND
 * the AND of those -2..1 (erosion), the pixels beyond the row 0
 */
static void
hrun4(l_uint32 *dst, const l_uint32 *src, int wpl, int and)
{
	uint64_t left, right;
	l_uint32 prev = 0, cur, next;
	int k = 0;

#ifdef __SSE2__
	/*
	 * 4 words at a time with their neighbours on either side, the
	 * first word and the last few by the loop below
	 */
	if (wpl > 5) {
		__m128i c, p, nx, l1, l2, r1, r2;

		for (k = 1; k + 5 <= wpl; k += 4) {
			c = _mm_loadu_si128((const __m128i *)(src + k));
			p = _mm_loadu_si128((const __m128i *)(src + k - 1));
			nx = _mm_loadu_si128((const __m128i *)(src + k + 1));
			/* the pixel 1, 2 to the left; 1, 2 to the right */
			l1 = _mm_or_si128(_mm_srli_epi32(c, 1),
			    _mm_slli_epi32(p, 31));
			l2 = _mm_or_si128(_mm_srli_epi32(c, 2),
			    _mm_slli_epi32(p, 30));
			r1 = _mm_or_si128(_mm_slli_epi32(c, 1),
			    _mm_srli_epi32(nx, 31));
			r2 = _mm_or_si128(_mm_slli_epi32(c, 2),
			    _mm_srli_epi32(nx, 30));
			_mm_storeu_si128((__m128i *)(dst + k), and ?
			    _mm_and_si128(_mm_and_si128(l2, l1),
			    _mm_and_si128(c, r1)) :
			    _mm_or_si128(_mm_or_si128(l1, c),
			    _mm_or_si128(r1, r2)));
		}
		/* word 0, then from K on */
		cur = src[0];
		next = src[1];
		left = (uint64_t)cur;
		right = (uint64_t)cur << 32 | next;
		dst[0] = and ? (l_uint32)(left >> 2) & (l_uint32)(left >> 1) &
		    cur & (l_uint32)(right >> 31) : (l_uint32)(left >> 1) | cur |
		    (l_uint32)(right >> 31) | (l_uint32)(right >> 30);
		prev = src[k - 1];
	}
#endif
	for (; k < wpl; k++) {
		cur = src[k];
		next = k + 1 < wpl ? src[k + 1] : 0;
		/* bit x of (l_uint32)(left >> d): the pixel d to the left */
		left = (uint64_t)prev << 32 | cur;
		right = (uint64_t)cur << 32 | next;
		if (and)
			dst[k] = (l_uint32)(left >> 2) & (l_uint32)(left >> 1) &
			    cur & (l_uint32)(right >> 31);
		else
			dst[k] = (l_uint32)(left >> 1) | cur |
			    (l_uint32)(right >> 31) | (l_uint32)(right >> 30);
		prev = cur;
	}
}

/*
 * vrun4 - the H rows of DST (WPL words), of those of SRC: at each pixel
 * the OR of SRC's pixels -1..2 rows below, or with AND the AND of those
 * -2..1, the rows beyond the page 0 (ZERO: a row of them)
 */
static void
vrun4(l_uint32 *dst, const l_uint32 *src, int h, int wpl, int and,
    const l_uint32 *zero)
{
	const l_uint32 *r[4];
	l_uint32 *o;
	int i, d, k, lo = and ? -2 : -1;

	for (i = 0; i < h; i++) {
		for (d = 0; d < 4; d++)
			r[d] = i + lo + d >= 0 && i + lo + d < h ?
			    src + (size_t)(i + lo + d) * wpl : zero;
		o = dst + (size_t)i * wpl;
		if (and)
			for (k = 0; k < wpl; k++)
				o[k] = r[0][k] & r[1][k] & r[2][k] & r[3][k];
		else
			for (k = 0; k < wpl; k++)
				o[k] = r[0][k] | r[1][k] | r[2][k] | r[3][k];
	}
}

/*
 * close4 - what pixCloseSafeBrick(NULL, BIN, 4, 4) gives: BIN in a border
 * of 32 white pixels, dilated, eroded, out of the border; each step one
 * pass over the page, a word at a time, where leptonica makes a raster
 * operation of the whole page for each of the brick's 4 pixels
 */
static PIX *
close4(PIX *bin)
{
	PIX *pb, *t, *out = NULL;
	l_uint32 *a, *b, *zero;
	l_int32 h, wpl, i;

	if ((pb = pixAddBorder(bin, 32, 0)) == NULL)
		return NULL;
	h = pixGetHeight(pb);
	wpl = pixGetWpl(pb);
	t = pixCreateTemplateNoInit(pb);
	zero = calloc((size_t)wpl, sizeof(*zero));
	if (t != NULL && zero != NULL) {
		a = pixGetData(pb);
		b = pixGetData(t);
		for (i = 0; i < h; i++)
			hrun4(b + (size_t)i * wpl, a + (size_t)i * wpl, wpl, 0);
		vrun4(a, b, h, wpl, 0, zero);
		for (i = 0; i < h; i++)
			hrun4(b + (size_t)i * wpl, a + (size_t)i * wpl, wpl, 1);
		vrun4(a, b, h, wpl, 1, zero);
		if ((out = pixRemoveBorder(pb, 32)) != NULL)
			pixSetPadBits(out, 0);
	}
	free(zero);
	pixDestroy(&t);
	pixDestroy(&pb);
	return out;
}

PIX *
clean_halftone_mask(PIX *bin, int *found)
{
	PIX *t, *seed, *closed, *mask;
	l_int32 empty = 0;

	*found = 0;
	if (pixGetDepth(bin) != 1 || pixGetWidth(bin) < 100 ||
	    pixGetHeight(bin) < 100)
		return pixGenerateHalftoneMask(bin, NULL, found, NULL);
	/* leptonica's seed: solid 5x5 at a quarter of the size */
	if ((t = pixReduceRankBinaryCascade(bin, 4, 4, 0, 0)) == NULL)
		return NULL;
	seed = pixOpenBrick(NULL, t, 5, 5);
	pixDestroy(&t);
	if (seed == NULL)
		return NULL;
	pixZero(seed, &empty);
	if (empty) {
		pixDestroy(&seed);
		return NULL;
	}
	/* the seed filled into the page closed by 4x4, as leptonica does */
	t = pixExpandReplicate(seed, 4);
	pixDestroy(&seed);
	if (t == NULL || (closed = close4(bin)) == NULL) {
		pixDestroy(&t);
		return NULL;
	}
	mask = seed_fill(t, closed);
	pixDestroy(&t);
	pixDestroy(&closed);
	if (mask == NULL)
		return NULL;
	pixZero(mask, &empty);
	*found = !empty;
	return mask;
}

/*
 * hist_masked2 - what pixGetGrayHistogramMasked(GREY, MASK, 0, 0, 2)
 * gives (the levels of every other pixel of every other row where MASK
 * is set, within both), the mask read a word at a time, its empty words
 * skipped.  The halftone mask is of the page cut to whole 4x4 cells,
 * smaller than GREY on most pages: leptonica's loop a pixel at a time
 * took it then.
 */
static NUMA *
hist_masked2(PIX *grey, PIX *mask)
{
	l_uint32 count[256] = { 0 }, m;
	const l_uint32 *gl, *ml;
	l_int32 w, h, wm, hm, wplg, wplm, i, k, j, nk;
	NUMA *na;

	pixGetDimensions(grey, &w, &h, NULL);
	pixGetDimensions(mask, &wm, &hm, NULL);
	if (pixGetDepth(mask) != 1 || pixGetDepth(grey) != 8 ||
	    pixGetColormap(grey) != NULL)
		return pixGetGrayHistogramMasked(grey, mask, 0, 0, 2);
	if (wm < w)
		w = wm;
	if (hm < h)
		h = hm;
	wplg = pixGetWpl(grey);
	wplm = pixGetWpl(mask);
	nk = (w + 31) / 32;	/* the words that hold pixels of both */
	for (i = 0; i < h; i += 2) {
		gl = pixGetData(grey) + (size_t)i * wplg;
		ml = pixGetData(mask) + (size_t)i * wplm;
		for (k = 0; k < nk; k++) {
			/* the even pixels of the word: its bits 31, 29, ... */
			for (m = ml[k] & 0xaaaaaaaau; m != 0;
			    m &= ~(0x80000000u >> __builtin_clz(m))) {
				j = k * 32 + __builtin_clz(m);
				if (j < w)
					count[GET_DATA_BYTE(gl, j)]++;
			}
		}
	}
	if ((na = numaCreate(256)) == NULL)
		return NULL;
	for (i = 0; i < 256; i++)
		numaAddNumber(na, (l_float32)count[i]);
	return na;
}

#ifdef __SSE2__
/*
 * tile_cols - for the N rows of GREY from Y (8 bpp) and of the ink mask
 * F (1 bpp, the same size), in COLS[b] the sum of the levels away from
 * the ink, and in COLS[NCOLS + b] how many, of the pixels at byte b of a
 * row in memory (pixel b ^ 3), NCOLS the row's bytes rounded up to 16:
 * 16 pixels at a time, where clean_background_map's loop took one
 * (leptonica's tile loop, 3% of the stage's time)
 */
static void
tile_cols(l_uint16 *cols, PIX *grey, PIX *f, l_int32 y, l_int32 n)
{
	/* byte b of 16 is pixel b ^ 3: its bit of the mask's half word */
	const __m128i pat = _mm_setr_epi8(0x10, 0x20, 0x40, (char)0x80, 0x01,
	    0x02, 0x04, 0x08, 0x10, 0x20, 0x40, (char)0x80, 0x01, 0x02, 0x04,
	    0x08), one = _mm_set1_epi8(1), z = _mm_setzero_si128();
	const l_uint8 *gb;
	const l_uint32 *fl;
	l_uint16 *cnt;
	l_uint32 half, bits;
	__m128i g, ink, *cs, *cc;
	l_int32 nb = pixGetWpl(grey) * 4, ncols = (nb + 15) & ~15, k, t, b;

	cnt = cols + ncols;
	memset(cols, 0, (size_t)ncols * 2 * sizeof(*cols));
	for (k = 0; k < n; k++) {
		gb = (const l_uint8 *)(pixGetData(grey) + (size_t)(y + k) *
		    pixGetWpl(grey));
		fl = pixGetData(f) + (size_t)(y + k) * pixGetWpl(f);
		for (t = 0; (t + 1) * 16 <= nb; t++) {
			half = t & 1 ? fl[t >> 1] & 0xffff : fl[t >> 1] >> 16;
			/* bytes 0-7: the half's high byte, 8-15: its low */
			ink = _mm_set_epi64x((long long)((half & 0xff) *
			    0x0101010101010101ULL), (long long)((half >> 8) *
			    0x0101010101010101ULL));
			ink = _mm_cmpeq_epi8(_mm_and_si128(ink, pat), pat);
			g = _mm_andnot_si128(ink, _mm_loadu_si128(
			    (const __m128i *)(gb + t * 16)));
			cs = (__m128i *)(cols + t * 16);
			_mm_storeu_si128(cs, _mm_add_epi16(_mm_loadu_si128(cs),
			    _mm_unpacklo_epi8(g, z)));
			_mm_storeu_si128(cs + 1, _mm_add_epi16(
			    _mm_loadu_si128(cs + 1), _mm_unpackhi_epi8(g, z)));
			g = _mm_andnot_si128(ink, one);
			cc = (__m128i *)(cnt + t * 16);
			_mm_storeu_si128(cc, _mm_add_epi16(_mm_loadu_si128(cc),
			    _mm_unpacklo_epi8(g, z)));
			_mm_storeu_si128(cc + 1, _mm_add_epi16(
			    _mm_loadu_si128(cc + 1), _mm_unpackhi_epi8(g, z)));
		}
		for (b = t * 16; b < nb; b++) {
			bits = fl[(b ^ 3) >> 5] << ((b ^ 3) & 31) >> 31;
			cols[b] += (bits - 1) & gb[b];
			cnt[b] += 1 - bits;
		}
	}
}
#endif

PIX *
clean_background_map(PIX *grey, int sx, int sy, int thresh, int mincount)
{
	PIX *b, *f = NULL, *map = NULL;
	const l_uint32 *fl;
	const l_uint8 *gb;
	l_uint32 *sum = NULL, *cnt = NULL, bits;
	l_uint16 *cols = NULL;
	l_int32 w, h, nx, ny, wplg, wplf, wpld, i, k, j, m, x, y;
#ifdef __SSE2__
	l_int32 ncols;
#endif

	pixGetDimensions(grey, &w, &h, NULL);
	if (pixGetDepth(grey) != 8 || pixGetColormap(grey) != NULL ||
	    sx < 4 || sy < 4 || thresh < 1 || thresh > 255) {
		pixGetBackgroundGrayMap(grey, NULL, sx, sy, thresh, mincount,
		    &map);
		return map;
	}
	if (mincount > sx * sy)
		mincount = sx * sy / 3;
	/* the ink, grown by 3 pixels each way ("d7.1 + d1.7") */
	if ((b = clean_threshold(grey, thresh)) == NULL)
		return NULL;
	f = clean_dilate(b, 7, 7);
	pixDestroy(&b);
	nx = w / sx;
	ny = h / sy;
	sum = calloc((size_t)nx + 1, sizeof(*sum));
	cnt = calloc((size_t)nx + 1, sizeof(*cnt));
	if (f == NULL || sum == NULL || cnt == NULL || (map = pixCreate((w +
	    sx - 1) / sx, (h + sy - 1) / sy, 8)) == NULL)
		goto out;
	wplg = pixGetWpl(grey);
	wplf = pixGetWpl(f);
	wpld = pixGetWpl(map);
#ifdef __SSE2__
	/* 16-bit column sums: SY rows of 255 at most */
	ncols = (wplg * 4 + 15) & ~15;
	if (sy <= 65535 / 255)
		cols = malloc((size_t)ncols * 2 * sizeof(*cols));
#endif
	/* the mean of each whole tile's pixels away from the ink */
	for (i = 0; i < ny; i++) {
		memset(sum, 0, (size_t)nx * sizeof(*sum));
		memset(cnt, 0, (size_t)nx * sizeof(*cnt));
#ifdef __SSE2__
		if (cols != NULL) {
			tile_cols(cols, grey, f, i * sy, sy);
			for (j = 0, x = 0; j < nx; j++)
				for (m = 0; m < sx; m++, x++) {
					sum[j] += cols[x ^ 3];
					cnt[j] += cols[ncols + (x ^ 3)];
				}
		} else
#endif
		for (k = 0; k < sy; k++) {
			y = i * sy + k;
			gb = (const l_uint8 *)(pixGetData(grey) +
			    (size_t)y * wplg);
			fl = pixGetData(f) + (size_t)y * wplf;
			for (j = 0, x = 0; j < nx; j++)
				for (m = 0; m < sx; m++, x++) {
					bits = fl[x >> 5] << (x & 31) >> 31;
					sum[j] += (bits - 1) & gb[x ^ 3];
					cnt[j] += 1 - bits;
				}
		}
		for (j = 0; j < nx; j++)
			if ((l_int32)cnt[j] >= mincount)
				SET_DATA_BYTE(pixGetData(map) + (size_t)i * wpld,
				    j, sum[j] / cnt[j]);
	}
	if (pixFillMapHoles(map, nx, ny, L_FILL_BLACK) != 0)
		pixDestroy(&map);
	else
		pixCopyResolution(map, grey);
out:
	free(cols);
	free(sum);
	free(cnt);
	pixDestroy(&f);
	return map;
}

BOXA *
clean_comp_boxes(PIX *bin)
{
	struct run *r;
	BOXA *boxa;
	l_int32 *box, *b, n, i;

	if ((n = comps_of(bin, &r, &box)) < 0)
		return pixConnCompBB(bin, 8);
	/* the roots in order: the components as leptonica's scan meets them */
	if ((boxa = boxaCreate(n > 0 ? n : 1)) != NULL)
		for (i = 0; i < n; i++)
			if (run_root(r, i) == i) {
				b = box + 5 * i;
				boxaAddBox(boxa, boxCreate(b[0], b[1], b[2] - b[0] +
				    1, b[3] - b[1] + 1), L_INSERT);
			}
	free(box);
	free(r);
	return boxa;
}

/*
 * clean_keep_small - what pixSelectBySize(BIN, MAXW, MAXH, 8,
 * L_SELECT_IF_BOTH, L_SELECT_IF_LTE, NULL) gives: BIN with its
 * 8-connected components no larger than MAXW by MAXH, found by runs
 * where leptonica fills and cuts out each component
 */
PIX *
clean_keep_small(PIX *bin, int maxw, int maxh)
{
	struct run *r;
	PIX *out;
	l_int32 *box, *b, n, i;

	if ((n = comps_of(bin, &r, &box)) < 0)
		return pixSelectBySize(bin, maxw, maxh, 8, L_SELECT_IF_BOTH,
		    L_SELECT_IF_LTE, NULL);
	if ((out = pixCopy(NULL, bin)) != NULL)
		for (i = 0; i < n; i++) {
			b = box + 5 * run_root(r, i);
			if (b[2] - b[0] + 1 > maxw || b[3] - b[1] + 1 > maxh)
				bits_fill(pixGetData(out) + (size_t)r[i].y *
				    pixGetWpl(out), r[i].x0, r[i].x1 + 1, 0);
		}
	free(box);
	free(r);
	return out;
}

/*
 * A pale photograph (an identity card's copy, a face lighter than the
 * split of the text) leaves on the binary page only its darkest spots,
 * and leptonica's halftone mask takes those alone: the picture's own
 * extent is that of its middle tones on the normalised page around them.
 * A block of MID_BLOCK pixels each way is a photo's when all its pixels
 * lie within MID_LO..MID_HI (paper is 255 there, ink under MID_LO): the
 * edges of letters, even faint ones, are thinner than that, and the
 * lines of text thinner than the half inch that makes a photo region.
 */
#define MID_BLOCK	4
#define MID_LO		40
#define MID_HI		230
#define MID_FILL	0.4	/* share of a region's box in middle tones */
#define MID_SEEDS	32	/* the halftone spots looked around, at most */

/*
 * tint - 1 if the histogram NA (destroyed) is a flat tint's: over half of
 * its pixels within 12 levels of its most common one (a letterhead band,
 * a shaded box), not a photo's continuous tone
 */
static int
tint(NUMA *na)
{
	l_float32 v, peak = 0, near = 0, all = 0;
	int k, mode = 0;

	for (k = 0; k < 256; k++) {
		numaGetFValue(na, k, &v);
		all += v;
		if (v > peak) {
			peak = v;
			mode = k;
		}
	}
	for (k = mode - 12; k <= mode + 12; k++)
		if (k >= 0 && k < 256) {
			numaGetFValue(na, k, &v);
			near += v;
		}
	numaDestroy(&na);
	return all > 0 && near > 0.5f * all;
}

/*
 * mid_blocks - the blocks of MID_BLOCK pixels each way of the part B of
 * NORM: *MID, 1 bit a block, set where all its pixels lie within
 * MID_LO..MID_HI; *LV, 8 bits a block, the level of its first pixel (for
 * the tint test).  0, or -1 if out of memory.
 */
static int
mid_blocks(PIX *norm, l_int32 bx, l_int32 by, l_int32 bw, l_int32 bh,
    PIX **mid, PIX **lv)
{
	l_int32 nw = bw / MID_BLOCK, nh = bh / MID_BLOCK, wpl, i, r, j, v;
	l_uint32 *line, *ml, *ll;
	unsigned char *ok;

	*mid = pixCreate(nw, nh, 1);
	*lv = pixCreate(nw, nh, 8);
	ok = malloc((size_t)nw);
	if (*mid == NULL || *lv == NULL || ok == NULL) {
		pixDestroy(mid);
		pixDestroy(lv);
		free(ok);
		return -1;
	}
	wpl = pixGetWpl(norm);
	for (i = 0; i < nh; i++) {
		memset(ok, 1, (size_t)nw);
		for (r = 0; r < MID_BLOCK; r++) {
			line = pixGetData(norm) + (size_t)(by + i * MID_BLOCK +
			    r) * wpl;
			for (j = 0; j < nw * MID_BLOCK; j++) {
				v = GET_DATA_BYTE(line, bx + j);
				if (v < MID_LO || v > MID_HI)
					ok[j / MID_BLOCK] = 0;
			}
		}
		line = pixGetData(norm) + (size_t)(by + i * MID_BLOCK) * wpl;
		ml = pixGetData(*mid) + (size_t)i * pixGetWpl(*mid);
		ll = pixGetData(*lv) + (size_t)i * pixGetWpl(*lv);
		for (j = 0; j < nw; j++) {
			if (ok[j])
				SET_DATA_BIT(ml, j);
			SET_DATA_BYTE(ll, j, GET_DATA_BYTE(line, bx +
			    j * MID_BLOCK));
		}
	}
	free(ok);
	return 0;
}

/*
 * mid_share - the share of the pixels of the part B of NORM, one in 4 of
 * every 4th row, within MID_LO..MID_HI: a sixteenth of the work of
 * mid_blocks, to pass by the parts that are mostly paper and letters
 */
static double
mid_share(PIX *norm, l_int32 bx, l_int32 by, l_int32 bw, l_int32 bh)
{
	l_int32 wpl = pixGetWpl(norm), y, x, v;
	l_uint32 *line;
	long in = 0, all = 0;

	for (y = by; y < by + bh; y += 4) {
		line = pixGetData(norm) + (size_t)y * wpl;
		for (x = bx; x < bx + bw; x += 4) {
			v = GET_DATA_BYTE(line, x);
			in += v >= MID_LO && v <= MID_HI;
			all++;
		}
	}
	return all > 0 ? (double)in / all : 0;
}

/*
 * mid_side - the shorter side, in pixels of NORM, of the widest region of
 * middle tones (not a flat tint) in the part BOX of NORM; 0 if none
 */
static int
mid_side(PIX *norm, BOX *box)
{
	l_int32 x, y, w, h, i, n, bx, by, bw, bh, count;
	PIX *lv = NULL, *mid = NULL, *c;
	PIXA *pixa = NULL;
	BOXA *boxa = NULL;
	NUMA *na;
	int best = 0;

	if (boxGetGeometry(box, &x, &y, &w, &h) != 0 ||
	    w < 8 * MID_BLOCK || h < 8 * MID_BLOCK ||
	    mid_blocks(norm, x, y, w, h, &mid, &lv) < 0)
		return 0;
	pixCloseBrick(mid, mid, 3, 3);
	if ((boxa = pixConnComp(mid, &pixa, 8)) == NULL)
		goto out;
	n = boxaGetCount(boxa);
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh) != 0 ||
		    (bw < bh ? bw : bh) * MID_BLOCK <= best)
			continue;
		if ((c = pixaGetPix(pixa, i, L_CLONE)) == NULL)
			continue;
		pixCountPixels(c, &count, NULL);
		/* a flat tint (a shaded box, a band): not a photo */
		na = count >= MID_FILL * bw * bh ?
		    pixGetGrayHistogramMasked(lv, c, bx, by, 1) : NULL;
		pixDestroy(&c);
		if (na != NULL && !tint(na))
			best = (bw < bh ? bw : bh) * MID_BLOCK;
	}
out:
	pixaDestroy(&pixa);
	boxaDestroy(&boxa);
	pixDestroy(&mid);
	pixDestroy(&lv);
	return best;
}

/*
 * grown_side - the shorter side of the widest region of middle tones of
 * NORM within NEAR pixels of the spots BOXA, in pixels: the parts around
 * the spots that hold middle tones enough for a region NEAR pixels wide
 * each way (MID_FILL of its box, sampled, with room for the sampling),
 * joined where they overlap, looked at block by block.  Enough in number,
 * not as a share of the part: a spot at a photograph's edge (a pale
 * dog's dark flank at the foot of its picture) has the card's plain
 * ground on three sides of it, and its part, grown by half an inch each
 * way, held 20% of middle tones, one copy of the scan in twenty under
 * the half of MID_FILL that was asked, its photograph binarised.
 */
static int
grown_side(PIX *norm, BOXA *spots, int near_px)
{
	BOXA *parts, *joined;
	BOX *b;
	l_int32 pw, ph, x, y, w, h, x0, y0, x1, y1, i;
	int best = 0, s;

	if ((parts = boxaCreate(0)) == NULL)
		return 0;
	pixGetDimensions(norm, &pw, &ph, NULL);
	for (i = 0; i < boxaGetCount(spots); i++) {
		if (boxaGetBoxGeometry(spots, i, &x, &y, &w, &h) != 0)
			continue;
		x0 = x - near_px < 0 ? 0 : x - near_px;
		y0 = y - near_px < 0 ? 0 : y - near_px;
		x1 = x + w + near_px > pw ? pw : x + w + near_px;
		y1 = y + h + near_px > ph ? ph : y + h + near_px;
		if (x1 - x0 >= 2 * near_px && y1 - y0 >= 2 * near_px &&
		    mid_share(norm, x0, y0, x1 - x0, y1 - y0) *
		    (x1 - x0) * (y1 - y0) >= MID_FILL / 2 * near_px * near_px)
			boxaAddBox(parts, boxCreate(x0, y0, x1 - x0, y1 - y0),
			    L_INSERT);
	}
	joined = boxaGetCount(parts) > 0 ? boxaCombineOverlaps(parts, NULL) :
	    NULL;
	for (i = 0; joined != NULL && i < boxaGetCount(joined); i++)
		if ((b = boxaGetBox(joined, i, L_CLONE)) != NULL) {
			if ((s = mid_side(norm, b)) > best)
				best = s;
			boxDestroy(&b);
		}
	boxaDestroy(&joined);
	boxaDestroy(&parts);
	return best;
}

/*
 * comp_tints - for each of the N runs R of a mask (comps_of: BOX, 5
 * values a component), whether its component is a flat tint on GREY
 * (tint): *TINTED[k] for the component's first run k, the levels of
 * every other pixel of every other row; -1 if out of memory
 */
static int
comp_tints(PIX *grey, struct run *r, l_int32 n, unsigned char **tinted)
{
	l_uint32 (*count)[256];
	l_int32 *ix, w, h, wpl, i, j, x, nc = 0;
	const l_uint32 *line;
	NUMA *na;

	*tinted = calloc((size_t)n + 1, 1);
	ix = malloc(((size_t)n + 1) * sizeof(*ix));
	for (i = 0; ix != NULL && i < n; i++)
		if (r[i].up == i)
			ix[i] = nc++;
	count = ix != NULL ? calloc((size_t)nc + 1, sizeof(*count)) : NULL;
	if (*tinted == NULL || count == NULL) {
		free(*tinted);
		*tinted = NULL;
		free(ix);
		free(count);
		return -1;
	}
	pixGetDimensions(grey, &w, &h, NULL);
	wpl = pixGetWpl(grey);
	for (i = 0; i < n; i++) {
		if ((r[i].y & 1) || r[i].y >= h)
			continue;
		j = ix[run_root(r, i)];
		line = pixGetData(grey) + (size_t)r[i].y * wpl;
		for (x = r[i].x0 + (r[i].x0 & 1); x <= r[i].x1 && x < w;
		    x += 2)
			count[j][GET_DATA_BYTE(line, x)]++;
	}
	for (i = 0; i < n; i++) {
		if (r[i].up != i || (na = numaCreate(256)) == NULL)
			continue;
		for (x = 0; x < 256; x++)
			numaAddNumber(na, (l_float32)count[ix[i]][x]);
		(*tinted)[i] = (unsigned char)tint(na);
	}
	free(count);
	free(ix);
	return 0;
}

/*
 * clean_photo_share - the share of BIN that leptonica takes for halftone, and
 * that is continuous tone in NORM (aligned with BIN): a flat tint (a
 * letterhead band, a form's shaded field: most of its pixels within 12
 * levels of one grey) is not a photo, each region of the halftone mask
 * judged on its own.  Judged all together, a letter with two fields
 * shaded at 80 and 110 had no level that held half the mask's pixels:
 * a photograph, its page kept grey, and the text in both fields lost to
 * OCR (the page not looked at for a stain over text).
 */
double
clean_photo_share(PIX *bin, PIX *norm, int side_min, int *side)
{
	PIX *mask;
	NUMA *na;
	BOXA *boxa;
	struct run *r;
	unsigned char *tinted = NULL;
	l_int32 *box, *b, found = 0, n = 0, k, nr, ncomp = 0, bw, bh, s;

	if (side != NULL)
		*side = 0;
	mask = clean_halftone_mask(bin, &found);
	if (mask == NULL)
		return 0;
	nr = found ? comps_of(mask, &r, &box) : -1;
	if (nr >= 0 && comp_tints(norm, r, nr, &tinted) != 0) {
		free(box);
		free(r);
		nr = -1;
	}
	if (nr < 0) {
		/* (out of memory: the mask judged whole, as one region) */
		if (found)
			pixCountPixels(mask, &n, NULL);
		if (n > 0 && (na = hist_masked2(norm, mask)) != NULL &&
		    tint(na))
			n = 0;
		pixDestroy(&mask);
		return (double)n / ((double)pixGetWidth(bin) *
		    pixGetHeight(bin));
	}
	/*
	 * the photo regions' widest: the shorter side of its box, but no
	 * more than its pixels over its longer side (a scanner's streak down
	 * the page, with the letters it crosses: a region as tall as the page
	 * and a line wide, in a box wider than half an inch, made a
	 * typescript a photograph kept grey, CER 0.509 for 0.040); or of the
	 * middle tones around a spot (a pale photograph)
	 */
	for (k = 0; k < nr; k++) {
		if (r[k].up != k)
			continue;	/* not its component's first run */
		ncomp++;
		if (tinted[k])
			continue;
		b = box + 5 * k;
		n += b[4];
		bw = b[2] - b[0] + 1;
		bh = b[3] - b[1] + 1;
		s = bw < bh ? bw : bh;
		if (s > b[4] / (bw > bh ? bw : bh))
			s = b[4] / (bw > bh ? bw : bh);
		if (side != NULL && s > *side)
			*side = s;
	}
	if (side != NULL && side_min > 0 && *side < side_min &&
	    ncomp <= MID_SEEDS && (boxa = boxaCreate(ncomp)) != NULL) {
		for (k = 0; k < nr; k++)
			if (r[k].up == k) {
				b = box + 5 * k;
				boxaAddBox(boxa, boxCreate(b[0], b[1],
				    b[2] - b[0] + 1, b[3] - b[1] + 1),
				    L_INSERT);
			}
		if ((bw = grown_side(norm, boxa, side_min)) > *side)
			*side = bw;
		boxaDestroy(&boxa);
	}
	free(tinted);
	free(box);
	free(r);
	pixDestroy(&mask);
	return (double)n / ((double)pixGetWidth(bin) * pixGetHeight(bin));
}

#ifdef __SSE2__
/* bswap4 - the bytes of each of V's four words in reverse order */
static inline __m128i
bswap4(__m128i v)
{
	/* the bytes of each half word swapped, then the half words */
	v = _mm_or_si128(_mm_slli_epi16(v, 8), _mm_srli_epi16(v, 8));
	v = _mm_shufflelo_epi16(v, _MM_SHUFFLE(2, 3, 0, 1));
	return _mm_shufflehi_epi16(v, _MM_SHUFFLE(2, 3, 0, 1));
}
#endif

/*
 * clean_row_in, clean_row_out - a row of N leptonica grey pixels (32-bit
 * words, the first pixel the most significant byte) to pixel order, and
 * back (deskew.c's rotation, ink.c's gradient)
 */
void
clean_row_in(l_uint8 *dst, const l_uint32 *line, int n)
{
	l_uint32 v;
	int j = 0;

#ifdef __SSE2__
	for (; j + 4 <= n / 4; j += 4)
		_mm_storeu_si128((__m128i *)(dst + 4 * j), bswap4(
		    _mm_loadu_si128((const __m128i *)(line + j))));
#endif
	for (; j < n / 4; j++) {
		v = line[j];
		v = v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
		memcpy(dst + 4 * j, &v, 4);
	}
	for (j = n / 4 * 4; j < n; j++)
		dst[j] = GET_DATA_BYTE(line, j);
}

void
clean_row_out(l_uint32 *line, const l_uint8 *src, int n)
{
	l_uint32 v;
	int j = 0;

#ifdef __SSE2__
	for (; j + 4 <= n / 4; j += 4)
		_mm_storeu_si128((__m128i *)(line + j), bswap4(
		    _mm_loadu_si128((const __m128i *)(src + 4 * j))));
#endif
	for (; j < n / 4; j++) {
		memcpy(&v, src + 4 * j, 4);
		line[j] = v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) |
		    v << 24;
	}
	for (j = n / 4 * 4; j < n; j++)
		SET_DATA_BYTE(line, j, src[j]);
}

#ifdef __SSE2__
/*
 * transpose16 - the 16 rows of 16 bytes R turned about the diagonal: R[j]
 * becomes what was column j (bytes, then pairs, fours and eights
 * interleaved)
 */
static void
transpose16(__m128i *r)
{
	__m128i b[16], c[16], d[16];
	int i, g;

	for (i = 0; i < 8; i++) {
		/* rows 2i and 2i + 1, columns 0-7 and 8-15, in pairs */
		b[i] = _mm_unpacklo_epi8(r[2 * i], r[2 * i + 1]);
		b[i + 8] = _mm_unpackhi_epi8(r[2 * i], r[2 * i + 1]);
	}
	for (i = 0; i < 4; i++) {
		/* rows 4i to 4i + 3, columns 0-3, 4-7, 8-11, 12-15 */
		c[i] = _mm_unpacklo_epi16(b[2 * i], b[2 * i + 1]);
		c[i + 4] = _mm_unpackhi_epi16(b[2 * i], b[2 * i + 1]);
		c[i + 8] = _mm_unpacklo_epi16(b[8 + 2 * i], b[9 + 2 * i]);
		c[i + 12] = _mm_unpackhi_epi16(b[8 + 2 * i], b[9 + 2 * i]);
	}
	for (g = 0; g < 16; g += 4) {
		/* columns g, g + 1 and g + 2, g + 3: rows 0-7, rows 8-15 */
		d[g] = _mm_unpacklo_epi32(c[g], c[g + 1]);
		d[g + 1] = _mm_unpacklo_epi32(c[g + 2], c[g + 3]);
		d[g + 2] = _mm_unpackhi_epi32(c[g], c[g + 1]);
		d[g + 3] = _mm_unpackhi_epi32(c[g + 2], c[g + 3]);
		r[g] = _mm_unpacklo_epi64(d[g], d[g + 1]);
		r[g + 1] = _mm_unpackhi_epi64(d[g], d[g + 1]);
		r[g + 2] = _mm_unpacklo_epi64(d[g + 2], d[g + 3]);
		r[g + 3] = _mm_unpackhi_epi64(d[g + 2], d[g + 3]);
	}
}
#endif

/*
 * A grey page turned a quarter: leptonica goes down the new page's
 * columns a pixel at a time (18-20 ms for a typescript page of 2609 x
 * 3315, 14 ms for a half turn: a turned page's orientation step took 39
 * ms against an upright one's 7).  Here blocks of 16 x 16 pixels, each
 * read as 16 rows and written as 16 (transpose16); the half turn a row at
 * a time, 16 pixels reversed by turning the order of their four words
 * (pixel order is each word's bytes reversed).  The pixels past the last
 * whole block, and all of them without SSE2, a pixel at a time.
 */
PIX *
clean_rotate_orth(PIX *pix, int quads)
{
	PIX *out;
	const l_uint32 *sd, *sl;
	l_uint32 *dd, *dl;
	l_uint8 *row = NULL;
	l_int32 w, h, swpl, dwpl, x, y, c, xs = 0, cs = 0, cw;
#ifdef __SSE2__
	__m128i r[16];
	l_int32 x0, c0, k;
#endif

	quads &= 3;
	if (quads == 0 || pixGetDepth(pix) != 8 || pixGetColormap(pix) != NULL)
		return pixRotateOrth(pix, quads);
	w = pixGetWidth(pix);
	h = pixGetHeight(pix);
	if ((out = quads == 2 ? pixCreateNoInit(w, h, 8) :
	    pixCreateNoInit(h, w, 8)) == NULL)
		return NULL;
	pixCopyResolution(out, pix);
	pixCopyInputFormat(out, pix);
	pixCopySpp(out, pix);
	if (quads == 2)		/* leptonica's half turn is a flipped copy */
		pixCopyText(out, pix);
	sd = pixGetData(pix);
	dd = pixGetData(out);
	swpl = pixGetWpl(pix);
	dwpl = pixGetWpl(out);
	/* the pad bytes of each row's last word, zero */
	for (y = 0; y < pixGetHeight(out); y++)
		dd[(size_t)y * dwpl + dwpl - 1] = 0;
	if (quads == 2) {
		if ((row = malloc((size_t)w + 16)) == NULL) {
			pixDestroy(&out);
			return NULL;
		}
		for (y = 0; y < h; y++) {
			sl = sd + (size_t)y * swpl;
			dl = dd + (size_t)(h - 1 - y) * dwpl;
			x = 0;
#ifdef __SSE2__
			clean_row_in(row, sl, w);
			for (; x + 16 <= w; x += 16)
				_mm_storeu_si128((__m128i *)(dl + x / 4),
				    _mm_shuffle_epi32(_mm_loadu_si128(
				    (const __m128i *)(row + w - 16 - x)),
				    _MM_SHUFFLE(0, 1, 2, 3)));
#endif
			for (; x < w; x++)
				SET_DATA_BYTE(dl, x, GET_DATA_BYTE(sl,
				    w - 1 - x));
		}
		free(row);
		return out;
	}
	/*
	 * clockwise, the new page's column c is the old page's row h - 1 -
	 * c, its row x the old column x; counter-clockwise, column c is row
	 * c and row x the old column w - 1 - x
	 */
	cw = quads == 1;
#ifdef __SSE2__
	for (c0 = 0; c0 + 16 <= h; c0 += 16)
		for (x0 = 0; x0 + 16 <= w; x0 += 16) {
			for (k = 0; k < 16; k++)
				r[k] = bswap4(_mm_loadu_si128((const __m128i *)
				    (sd + (size_t)(cw ? h - 1 - c0 - k : c0 + k) *
				    swpl + x0 / 4)));
			transpose16(r);
			for (k = 0; k < 16; k++)
				_mm_storeu_si128((__m128i *)(dd + (size_t)(cw ?
				    x0 + k : w - 1 - x0 - k) * dwpl + c0 / 4),
				    bswap4(r[k]));
		}
	xs = w / 16 * 16;
	cs = h / 16 * 16;
#endif
	for (y = 0; y < h; y++) {
		sl = sd + (size_t)y * swpl;
		c = cw ? h - 1 - y : y;
		for (x = c < cs ? xs : 0; x < w; x++)
			SET_DATA_BYTE(dd + (size_t)(cw ? x : w - 1 - x) *
			    dwpl, c, GET_DATA_BYTE(sl, x));
	}
	return out;
}
