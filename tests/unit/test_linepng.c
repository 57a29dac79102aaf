/*
 * test_linepng.c - the engine's line images stored in their PNGs
 * (src/ocr/linepng.c): while on, a PNG leptonica writes is stored, the
 * same pixels read back; off, compressed as before
 */
#include <leptonica/allheaders.h>

#include "../../src/ocr/ocr.h"
#include "unit.h"

/* line - a line of text's size, of strokes and white paper */
static PIX *
line(void)
{
	PIX *pix = pixCreate(900, 60, 8);
	l_int32 i, j;

	pixSetAllArbitrary(pix, 255);
	for (i = 10; i < 50; i++)
		for (j = 0; j < 900; j++)
			if (j % 23 < 4 || (i > 28 && i < 32 && j % 90 < 60))
				pixSetPixel(pix, j, i, (l_uint32)(j * 7 % 80));
	return pix;
}

/* png_size - PIX as PNG: its bytes, the pixels read back equal? */
static size_t
png_size(PIX *pix, int *same)
{
	l_uint8 *data = NULL;
	size_t size = 0;
	PIX *back;
	l_int32 eq = 0;

	assert_int(pixWriteMem(&data, &size, pix, IFF_PNG), ==, 0);
	assert_true(data != NULL);
	back = pixReadMem(data, size);
	assert_true(back != NULL);
	assert_int(pixEqual(pix, back, &eq), ==, 0);
	*same = eq;
	pixDestroy(&back);
	lept_free(data);
	return size;
}

DEFINE_TEST(test_ocr_lines_stored)
{
	PIX *pix = line(), *bin;
	size_t packed, stored, bits;
	long n;
	int same = 0;

	assert_int(ocr_lines_init(), ==, 0);
	n = ocr_lines_count();
	packed = png_size(pix, &same);
	assert_true(same);
	assert_int(ocr_lines_count(), ==, n);
	ocr_lines_stored(1);
	stored = png_size(pix, &same);
	assert_true(same);
	assert_int(ocr_lines_count(), ==, n + 1);
	/* a 1-bit line too, as tesseract's binary page gives */
	bin = pixThresholdToBinary(pix, 128);
	bits = png_size(bin, &same);
	assert_true(same);
	ocr_lines_stored(0);
	assert_int(ocr_lines_count(), ==, n + 2);
	/* stored: each row as it is (and its filter byte), not compressed */
	assert_true(stored >= 900 * 60);
	assert_true(bits >= (900 / 8 + 1) * 60);
	assert_true(packed * 4 < stored);
	/* and off again: compressed */
	assert_int(png_size(pix, &same), ==, packed);
	pixDestroy(&bin);
	pixDestroy(&pix);
}
