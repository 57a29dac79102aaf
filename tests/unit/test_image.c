/*
 * test_image.c - decoding pages: the grey-only read of colour JPEG
 */
#include <stdlib.h>

#include <leptonica/allheaders.h>

#include "image.h"
#include "unit.h"

DEFINE_TEST(test_image_read_grey_jpeg)
{
	PIX *rgb = pixCreate(320, 200, 32), *a, *b, *lum;
	l_uint8 *jpg = NULL, *png = NULL;
	size_t njpg, npng;
	char err[256];
	l_uint32 va, vb;
	l_int32 i, j, worst = 0;

	for (i = 0; i < 200; i++)
		for (j = 0; j < 320; j++)
			pixSetRGBPixel(rgb, j, i, j * 255 / 319,
			    i * 255 / 199, 100);
	assert_int(pixWriteMemJpeg(&jpg, &njpg, rgb, 95, 0), ==, 0);
	assert_int(pixWriteMemPng(&png, &npng, rgb, 0), ==, 0);

	a = image_read_page(jpg, njpg, "image/jpeg", 1, 1000000, 0, err,
	    sizeof(err));
	b = image_read_page(jpg, njpg, "image/jpeg", 1, 1000000,
	    IMAGE_READ_GREY, err, sizeof(err));
	assert_true(a != NULL && b != NULL);
	assert_int(pixGetDepth(a), ==, 32);
	assert_int(pixGetDepth(b), ==, 8);
	/* the luminance JPEG stores (Y of ITU-R BT.601), close to the
	 * colour page turned grey with the same weights */
	lum = pixConvertRGBToGray(a, 0.299f, 0.587f, 0.114f);
	for (i = 0; i < 200; i += 7)
		for (j = 0; j < 320; j += 7) {
			pixGetPixel(lum, j, i, &va);
			pixGetPixel(b, j, i, &vb);
			if (abs((int)va - (int)vb) > worst)
				worst = abs((int)va - (int)vb);
		}
	assert_int(worst, <=, 6);
	pixDestroy(&a);
	pixDestroy(&b);
	pixDestroy(&lum);

	/* other formats come as they are */
	a = image_read_page(png, npng, "image/png", 1, 1000000,
	    IMAGE_READ_GREY, err, sizeof(err));
	assert_true(a != NULL);
	assert_int(pixGetDepth(a), ==, 32);
	pixDestroy(&a);

	/* and the pixel limit still holds */
	a = image_read_page(jpg, njpg, "image/jpeg", 1, 1000,
	    IMAGE_READ_GREY, err, sizeof(err));
	assert_true(a == NULL);
	lept_free(jpg);
	lept_free(png);
	pixDestroy(&rgb);
}
