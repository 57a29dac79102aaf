/*
 * fuzz_page.h - a scanned page made from a fuzzer's input, for the
 * targets that work on pixels (fuzz_deskew, fuzz_coverpage)
 *
 * The input: a header of 8 bytes, then the body.
 *   0-1  width - 16 (little-endian, modulo FUZZ_SIDE - 15)
 *   2-3  height - 16 (the same)
 *   4    bits 0-2 the depth: 1, 8, 32, 8 with a colour map, 2, 4 with
 *        grey maps, 32 tinted; bits 4-5 how the body is read: 0 the
 *        pixels as they are (8-bit grey values, tiled), 1 drawing
 *        commands on white paper, 2 the same on the grey the next byte
 *        says, 3 the pixels tiled and the commands drawn over them
 *   5    x resolution: an index into res[] (low 4 bits); bit 4, the y
 *        resolution is the x one
 *   6    y resolution otherwise: an index into res[]
 *   7    paper grey (mode 2) or tint
 * A drawing command is 6 bytes: kind, x, y (of 256ths of the page),
 * size, count, level: a filled box, a row of COUNT letter-sized boxes
 * (a line of text, slanted by the size's high bits), a line from edge to
 * edge, or a speckle of COUNT dots.  A caller may draw on the 8-bit page
 * before it takes its depth (DRAW, may be NULL).
 */
#ifndef DOSSIER_FUZZ_PAGE_H
#define DOSSIER_FUZZ_PAGE_H

#include <leptonica/allheaders.h>

#define FUZZ_SIDE	720	/* pixels either way, at most */
#define HEAD		8
#define CMD		6

static const int res[16] = {
	0, 50, 72, 75, 96, 100, 150, 200, 204, 240, 300, 400, 600, 1200,
	98, 2400
};

/* fuzz_draw - the commands of BODY (N bytes) on the 8-bit page P */
static void
fuzz_draw(PIX *p, const uint8_t *b, size_t n)
{
	int w = pixGetWidth(p), h = pixGetHeight(p), x, y, s, c, v, k, dx;
	BOX *bx;
	size_t i;

	for (i = 0; i + CMD <= n; i += CMD) {
		x = b[i + 1] * w / 256;
		y = b[i + 2] * h / 256;
		s = b[i + 3];
		c = b[i + 4];
		v = b[i + 5];
		switch (b[i] & 3) {
		case 0:		/* a filled area */
			bx = boxCreate(x, y, 1 + s * w / 256, 1 + c * h / 256);
			pixSetInRectArbitrary(p, bx, (l_uint32)v);
			boxDestroy(&bx);
			break;
		case 1:		/* a line of text: letters of about s/4 px */
			for (k = 0, dx = x; k < c && dx < w; k++) {
				int lw = 2 + (s & 15) + (k * 7 % 5);
				int lh = 4 + (s & 31);

				bx = boxCreate(dx, y + k * ((s >> 5) - 3) / 4
				    - (k % 3 == 0 ? lh / 3 : 0), lw,
				    lh + (k % 3 == 0 ? lh / 3 : 0));
				pixSetInRectArbitrary(p, bx, (l_uint32)v);
				boxDestroy(&bx);
				dx += lw + 1 + (k % 6 == 5 ? lw : 0);
			}
			break;
		case 2:		/* a rule across the page */
			if (b[i] & 4)
				bx = boxCreate(0, y, w, 1 + (s & 7));
			else
				bx = boxCreate(x, 0, 1 + (s & 7), h);
			pixSetInRectArbitrary(p, bx, (l_uint32)v);
			boxDestroy(&bx);
			break;
		default:	/* specks */
			for (k = 0; k < c * 4; k++) {
				unsigned r = (unsigned)(k * 2654435761u + s);

				bx = boxCreate((int)(r % (unsigned)w),
				    (int)((r >> 11) % (unsigned)h),
				    1 + (int)(r >> 28) % 3, 1 + (int)(r >> 30));
				pixSetInRectArbitrary(p, bx, (l_uint32)v);
				boxDestroy(&bx);
			}
			break;
		}
	}
}

/*
 * fuzz_page - the page the input D (SIZE bytes) describes, DRAW (if not
 * NULL) called on its 8-bit grey before it takes its depth; NULL if none
 */
static PIX *
fuzz_page(const uint8_t *d, size_t size, void (*draw)(PIX *))
{
	int w, h, mode, depth, x, y, wpl;
	PIX *g, *p = NULL, *t;
	l_uint32 *line;
	size_t n, i;
	const uint8_t *b;

	if (size < HEAD)
		return NULL;
	w = 16 + (d[0] | d[1] << 8) % (FUZZ_SIDE - 15);
	h = 16 + (d[2] | d[3] << 8) % (FUZZ_SIDE - 15);
	depth = d[4] & 7;
	mode = d[4] >> 4 & 3;
	b = d + HEAD;
	n = size - HEAD;
	if ((g = pixCreate(w, h, 8)) == NULL)
		return NULL;
	wpl = pixGetWpl(g);
	if ((mode == 0 || mode == 3) && n > 0) {
		for (y = 0, i = 0; y < h; y++) {
			line = pixGetData(g) + (size_t)y * wpl;
			for (x = 0; x < w; x++, i++)
				SET_DATA_BYTE(line, x, b[i % n]);
		}
	} else
		pixSetAllArbitrary(g, mode == 2 ? d[7] : 255);
	if (mode != 0)
		fuzz_draw(g, b, n);
	if (draw != NULL)
		draw(g);
	switch (depth) {
	case 0:
		p = pixThresholdToBinary(g, 128);
		break;
	case 1:
		p = pixClone(g);
		break;
	case 2:
		p = pixConvert8To32(g);
		break;
	case 3:
		p = pixConvertGrayToColormap8(g, 8);
		break;
	case 4:
		p = pixThreshold8(g, 2, 4, 1);
		break;
	case 5:
		p = pixThreshold8(g, 4, 16, 1);
		break;
	default:	/* colour, tinted as coloured paper or ink is */
		if ((t = pixConvert8To32(g)) != NULL)
			p = pixColorGray(t, NULL, L_PAINT_LIGHT, 0, d[7],
			    255 - d[7], 128) == 0 ? pixClone(t) : NULL;
		pixDestroy(&t);
		break;
	}
	pixDestroy(&g);
	if (p != NULL)
		pixSetResolution(p, res[d[5] & 15],
		    d[5] & 16 ? res[d[5] & 15] : res[d[6] & 15]);
	return p;
}

#endif
