/*
 * test_image.c - decoding pages: the grey-only read of colour JPEG, the
 * other formats and TIFF layouts, all given to deskew as 1, 8 or 32 bpp
 */
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <leptonica/allheaders.h>
#include <tiffio.h>

#include "image.h"
#include "../../src/common/image_int.h"
#include "strbuf.h"
#include "unit.h"

DEFINE_TEST(test_image_read_grey_jpeg)
{
	PIX *rgb = pixCreate(320, 200, 32), *a, *b, *lum;
	l_uint8 *jpg = NULL, *png = NULL;
	size_t njpg, npng;
	char err[256], da[65], db[65];
	l_uint32 va, vb;
	l_int32 i, j, worst = 0;

	for (i = 0; i < 200; i++)
		for (j = 0; j < 320; j++)
			pixSetRGBPixel(rgb, j, i, j * 255 / 319,
			    i * 255 / 199, 100);
	pixSetResolution(rgb, 300, 300);
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

	/*
	 * an RGB PNG comes grey, decoded a strip at a time: the very pixels
	 * (and digest) of the colour page turned grey (200 rows: a last,
	 * short strip)
	 */
	a = image_read_page(png, npng, "image/png", 1, 1000000, 0, err,
	    sizeof(err));
	b = image_read_page(png, npng, "image/png", 1, 1000000,
	    IMAGE_READ_GREY, err, sizeof(err));
	assert_true(a != NULL && b != NULL);
	assert_int(pixGetDepth(a), ==, 32);
	assert_int(pixGetDepth(b), ==, 8);
	lum = pixConvertTo8(a, 0);
	assert_int(pixEqual(lum, b, &i), ==, 0);
	assert_int(i, ==, 1);
	image_pixels_digest(a, da);
	image_pixels_digest(b, db);
	assert_str(da, db);
	assert_int(pixGetXRes(b), ==, pixGetXRes(a));
	pixDestroy(&a);
	pixDestroy(&b);
	pixDestroy(&lum);

	/* and the pixel limit still holds */
	a = image_read_page(jpg, njpg, "image/jpeg", 1, 1000,
	    IMAGE_READ_GREY, err, sizeof(err));
	assert_true(a == NULL);
	lept_free(jpg);
	lept_free(png);
	pixDestroy(&rgb);
}

/*
 * a grey JPEG, read by image.c's own decoder a word at a time: the very
 * page leptonica reads, at full size and reduced, with its resolution
 * and its comment; and a damaged one is no page, as with leptonica
 */
DEFINE_TEST(test_image_grey_jpeg_as_leptonica)
{
	PIX *g = pixCreate(333, 211, 8), *a, *b;
	l_uint8 *jpg = NULL;
	size_t n;
	char err[256];
	l_int32 i, j, same = 0;

	for (i = 0; i < 211; i++)
		for (j = 0; j < 333; j++)
			pixSetPixel(g, j, i, (l_uint32)((i * 7 + j * 3) % 256 /
			    ((i / 20 + j / 30) % 3 + 1)));
	pixSetResolution(g, 200, 200);
	pixSetText(g, "scanned by unit test");
	assert_int(pixWriteMemJpeg(&jpg, &n, g, 90, 0), ==, 0);
	a = image_read_page(jpg, n, "image/jpeg", 1, 1000000, 0, err,
	    sizeof(err));
	b = pixReadMem(jpg, n);
	assert_true(a != NULL && b != NULL);
	assert_int(pixGetDepth(a), ==, 8);
	assert_int(pixEqual(a, b, &same), ==, 0);
	assert_int(same, ==, 1);
	assert_int(pixGetXRes(a), ==, 200);
	assert_str(pixGetText(a), "scanned by unit test");
	pixDestroy(&a);
	pixDestroy(&b);
	/* reduced as the cover-sheet test reads it (200 dpi: by 2) */
	a = image_read_page(jpg, n, "image/jpeg", 1, 1000000,
	    IMAGE_READ_GREY | IMAGE_READ_REDUCED, err, sizeof(err));
	b = pixReadMemJpeg(jpg, n, 0, 2, NULL, 0);
	assert_true(a != NULL && b != NULL);
	assert_int(pixGetWidth(a), ==, pixGetWidth(b));
	assert_int(pixEqual(a, b, &same), ==, 0);
	assert_int(same, ==, 1);
	assert_int(pixGetXRes(a), ==, 100);
	pixDestroy(&a);
	pixDestroy(&b);
	/* cut short: no page */
	a = image_read_page(jpg, n * 2 / 3, "image/jpeg", 1, 1000000, 0, err,
	    sizeof(err));
	assert_true(a == NULL);
	lept_free(jpg);
	pixDestroy(&g);
}

/* read_one - BUF's media type is MEDIA and it reads as a W x H page */
static void
read_one(const unsigned char *buf, size_t n, const char *media, int w,
    int h)
{
	char err[256];
	int pages = 0;
	PIX *pix;

	assert_str(image_media_type(buf, n), media);
	assert_int(image_probe(buf, n, media, IMAGE_MAX_PIXELS, &pages, err,
	    sizeof(err)), ==, 0);
	assert_int(pages, ==, 1);
	pix = image_read_page(buf, n, media, 1, IMAGE_MAX_PIXELS, 0, err,
	    sizeof(err));
	assert_true(pix != NULL);
	if (pix == NULL) {
		printf("# %s: %s\n", media, err);
		return;
	}
	assert_int(pixGetWidth(pix), ==, w);
	assert_int(pixGetHeight(pix), ==, h);
	/* what deskew gets: 1 bpp, 8 bpp grey or 32 bpp RGB */
	assert_true(pixGetDepth(pix) == 1 || pixGetDepth(pix) == 8 ||
	    (pixGetDepth(pix) == 32 && pixGetSpp(pix) == 3));
	assert_true(pixGetColormap(pix) == NULL);
	pixDestroy(&pix);
}

DEFINE_TEST(test_image_other_formats)
{
	static const struct {
		int	 format;
		const char *media;
	} f[] = {
		{ IFF_BMP, "image/bmp" },
		{ IFF_GIF, "image/gif" },
		{ IFF_WEBP, "image/webp" },
		{ IFF_PNM, "image/x-portable-anymap" },
		{ IFF_JP2, "image/jp2" },
	};
	PIX *rgb = pixCreate(120, 80, 32), *grey;
	l_uint8 *buf;
	size_t n, i;

	pixSetAllArbitrary(rgb, 0x40806000);
	grey = pixConvertRGBToLuminance(rgb);
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		buf = NULL;
		assert_int(pixWriteMem(&buf, &n, f[i].format == IFF_GIF ?
		    grey : rgb, f[i].format), ==, 0);
		if (buf == NULL)
			continue;
		read_one(buf, n, f[i].media, 120, 80);
		lept_free(buf);
	}
	pixDestroy(&rgb);
	pixDestroy(&grey);
}

/* tiff_file - a W x H TIFF of SPP samples of BPS bits, PHOTOMETRIC */
static unsigned char *
tiff_file(int w, int h, int spp, int bps, int photometric, int extra,
    size_t *n)
{
	unsigned char row[4 * 2 * 64];
	uint16_t ex = EXTRASAMPLE_UNASSALPHA;
	unsigned char *buf;
	TIFF *t = TIFFOpen("t.tif", "w");
	FILE *fp;
	long sz;
	int y;

	assert_true(t != NULL && w <= 64);
	TIFFSetField(t, TIFFTAG_IMAGEWIDTH, w);
	TIFFSetField(t, TIFFTAG_IMAGELENGTH, h);
	TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, spp);
	TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, bps);
	TIFFSetField(t, TIFFTAG_PHOTOMETRIC, photometric);
	TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
	if (extra)
		TIFFSetField(t, TIFFTAG_EXTRASAMPLES, 1, &ex);
	if (photometric == PHOTOMETRIC_SEPARATED)
		TIFFSetField(t, TIFFTAG_INKSET, INKSET_CMYK);
	memset(row, 0x60, sizeof(row));
	for (y = 0; y < h; y++)
		TIFFWriteScanline(t, row, (uint32_t)y, 0);
	TIFFClose(t);
	fp = fopen("t.tif", "rb");
	fseek(fp, 0, SEEK_END);
	sz = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)sz);
	*n = fread(buf, 1, (size_t)sz, fp);
	fclose(fp);
	return buf;
}

DEFINE_TEST(test_image_tiff_layouts)
{
	unsigned char *buf;
	size_t n;

	/* CMYK, 16-bit grey, 16-bit RGB, RGB with alpha */
	buf = tiff_file(40, 30, 4, 8, PHOTOMETRIC_SEPARATED, 0, &n);
	read_one(buf, n, "image/tiff", 40, 30);
	free(buf);
	buf = tiff_file(40, 30, 1, 16, PHOTOMETRIC_MINISBLACK, 0, &n);
	read_one(buf, n, "image/tiff", 40, 30);
	free(buf);
	buf = tiff_file(40, 30, 3, 16, PHOTOMETRIC_RGB, 0, &n);
	read_one(buf, n, "image/tiff", 40, 30);
	free(buf);
	buf = tiff_file(40, 30, 4, 8, PHOTOMETRIC_RGB, 1, &n);
	read_one(buf, n, "image/tiff", 40, 30);
	free(buf);
}

/*
 * pages of a multi-page TIFF read in order walk its directories once (the
 * reader keeps the next page's place); random access, backwards and the
 * same page twice still give each page as it is
 */
DEFINE_TEST(test_image_tiff_pages_in_any_order)
{
	static const int order[] = { 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 1, 3, 7, 2,
	    2, 4, 1, 7 };
	char path[] = "/tmp/test_image_XXXXXX", err[256], want[7][65],
	    got[65];
	struct mapped m;
	PIX *pix;
	size_t i;
	int k, x, y, pages, fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	for (k = 1; k <= 7; k++) {
		pix = pixCreate(40 + k, 30, 8);
		for (y = 0; y < 30; y++)
			for (x = 0; x < 40 + k; x++)
				pixSetPixel(pix, x, y, (x * k + y * 3) & 0xff);
		image_pixels_digest(pix, want[k - 1]);
		assert_int(pixWriteTiff(path, pix, IFF_TIFF_ZIP,
		    k == 1 ? "w" : "a"), ==, 0);
		pixDestroy(&pix);
	}
	assert_int(image_map(path, 1 << 20, &m), ==, 0);
	assert_int(image_probe(m.data, m.size, "image/tiff", IMAGE_MAX_PIXELS,
	    &pages, err, sizeof(err)), ==, 0);
	assert_int(pages, ==, 7);
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		k = order[i];
		pix = image_read_page(m.data, m.size, "image/tiff", k,
		    IMAGE_MAX_PIXELS, IMAGE_READ_GREY, err, sizeof(err));
		assert_true(pix != NULL);
		assert_int(pixGetWidth(pix), ==, 40 + k);
		image_pixels_digest(pix, got);
		assert_str(got, want[k - 1]);
		pixDestroy(&pix);
	}
	pix = image_read_page(m.data, m.size, "image/tiff", 8,
	    IMAGE_MAX_PIXELS, IMAGE_READ_GREY, err, sizeof(err));
	assert_true(pix == NULL);
	assert_str(err, "TIFF has no page 8");
	image_unmap(&m);
	unlink(path);
}

/*
 * same_page - BACK, PIX written and read again, is PIX: its pixels and
 * depth; with HOW 1 also its samples per pixel, and 1 or 2 its resolution
 * and text
 */
static void
same_page(PIX *pix, PIX *back, int how)
{
	l_int32 same = 0;

	assert_true(back != NULL);
	if (back == NULL)
		return;
	pixEqual(pix, back, &same);
	assert_int(same, ==, 1);
	assert_int(pixGetDepth(back), ==, pixGetDepth(pix));
	if (how == 1)
		assert_int(pixGetSpp(back), ==, pixGetSpp(pix));
	if (how == 0)
		return;
	assert_int(pixGetXRes(back), ==, pixGetXRes(pix));
	assert_int(pixGetYRes(back), ==, pixGetYRes(pix));
	assert_true((pixGetText(back) == NULL) == (pixGetText(pix) == NULL));
	if (pixGetText(pix) != NULL && pixGetText(back) != NULL)
		assert_str(pixGetText(back), pixGetText(pix));
}

/*
 * zst_back - PIX through image_spix_zst and image_read_mem, or with PAGE
 * through image_page_zst and image_page_unzst: the same pixels and depth,
 * and with PAGE the same samples per pixel, resolution and text
 */
static void
zst_back(PIX *pix, int page)
{
	struct strbuf scratch = STRBUF_INIT;
	void *z = NULL;
	size_t nz = 0;
	PIX *back;

	assert_int(page ? image_page_zst(pix, &z, &nz) :
	    image_spix_zst(pix, &z, &nz), ==, 0);
	assert_true(z != NULL && nz > 0);
	back = page ? image_page_unzst(z, nz, IMAGE_MAX_PIXELS) :
	    image_read_mem(z, nz, 1 << 26, &scratch);
	same_page(pix, back, page);
	pixDestroy(&back);
	free(z);
	strbuf_release(&scratch);
}

DEFINE_TEST(test_image_spix_zst_round_trip)
{
	PIX *grey = pixCreate(1001, 777, 8), *bin, *cmap;
	struct strbuf scratch = STRBUF_INIT;
	void *z = NULL;
	size_t nz = 0;
	l_int32 i, j;

	pixSetAll(grey);
	for (i = 100; i < 700; i += 3)
		for (j = 50; j < 950; j += (i % 7) + 1)
			pixSetPixel(grey, j, i, (l_uint32)(i + j) % 256);
	zst_back(grey, 0);
	bin = pixThresholdToBinary(grey, 128);
	zst_back(bin, 0);
	/* a colour map: leptonica's own serialisation inside */
	cmap = pixConvertGrayToColormap(grey);
	assert_true(cmap != NULL && pixGetColormap(cmap) != NULL);
	zst_back(cmap, 0);

	/* a white page of 8 MB is written in a small part of it */
	pixDestroy(&grey);
	grey = pixCreate(2480, 3508, 8);
	pixSetAll(grey);
	assert_int(image_spix_zst(grey, &z, &nz), ==, 0);
	assert_int(nz, <, 2480 * 3508 / 50);
	/* a frame that says more than allowed: refused, not allocated */
	assert_true(image_read_mem(z, nz, 1 << 20, &scratch) == NULL);
	/* cut short, or damaged: no page */
	assert_true(image_read_mem(z, nz / 2, 1 << 26, &scratch) == NULL);
	((unsigned char *)z)[nz / 2] ^= 0x55;
	assert_true(image_read_mem(z, nz, 1 << 26, &scratch) == NULL);
	free(z);
	strbuf_release(&scratch);
	pixDestroy(&grey);
	pixDestroy(&bin);
	pixDestroy(&cmap);
}

/*
 * image_page_zst, a page as ingest decoded it, for deskew: back as it
 * was, resolution, alpha and text too; never a colour map; refused whole when
 * over the pixels allowed, cut, damaged, followed by more, or another
 * frame (the OCR page's)
 */
DEFINE_TEST(test_image_page_zst_round_trip)
{
	PIX *grey = pixCreate(1001, 777, 8), *bin, *rgba, *cmap;
	void *z = NULL, *y = NULL;
	size_t nz = 0, ny = 0;
	unsigned char *more;
	l_int32 i, j;

	pixSetAll(grey);
	for (i = 100; i < 700; i += 3)
		for (j = 50; j < 950; j += (i % 7) + 1)
			pixSetPixel(grey, j, i, (l_uint32)(i + j) % 256);
	pixSetResolution(grey, 150, 150);
	zst_back(grey, 1);
	/* the file's comment, which leptonica writes into an image of it */
	pixSetText(grey, "scanned by a copier");
	zst_back(grey, 1);
	pixSetText(grey, "");
	zst_back(grey, 1);
	bin = pixThresholdToBinary(grey, 128);
	pixSetResolution(bin, 204, 98);
	zst_back(bin, 1);
	rgba = pixConvertTo32(grey);
	pixSetSpp(rgba, 4);
	pixSetResolution(rgba, 72, 96);
	zst_back(rgba, 1);
	cmap = pixConvertGrayToColormap(grey);
	errno = 0;
	assert_int(image_page_zst(cmap, &z, &nz), ==, -1);
	assert_int(errno, ==, EINVAL);

	assert_int(image_page_zst(grey, &z, &nz), ==, 0);
	assert_true(image_page_unzst(z, nz, 1001L * 777 - 1) == NULL);
	assert_true(image_page_unzst(z, nz - 1, IMAGE_MAX_PIXELS) == NULL);
	more = malloc(nz + 8);
	memcpy(more, z, nz);
	memset(more + nz, 0, 8);
	assert_true(image_page_unzst(more, nz + 8, IMAGE_MAX_PIXELS) ==
	    NULL);
	free(more);
	((unsigned char *)z)[nz / 2] ^= 0x55;
	assert_true(image_page_unzst(z, nz, IMAGE_MAX_PIXELS) == NULL);
	assert_int(image_spix_zst(grey, &y, &ny), ==, 0);
	assert_true(image_page_unzst(y, ny, IMAGE_MAX_PIXELS) == NULL);
	free(y);
	free(z);
	pixDestroy(&grey);
	pixDestroy(&bin);
	pixDestroy(&rgba);
	pixDestroy(&cmap);
}

/*
 * png_back - PIX through image_png and leptonica's reader: the same
 * pixels, depth, resolution and text
 */
static void
png_back(PIX *pix)
{
	void *d = NULL;
	size_t n = 0;
	PIX *back;

	assert_int(image_png(pix, &d, &n), ==, 0);
	assert_true(d != NULL && n > 8);
	if (d == NULL)
		return;
	assert_true(memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0);
	back = pixReadMem(d, n);
	same_page(pix, back, 2);
	pixDestroy(&back);
	free(d);
}

/*
 * image_png, the archive's grey page: read back as it was by leptonica,
 * any width (a row that ends inside a word), resolution or none, its
 * text; a bilevel or colour-mapped page written by leptonica; a white
 * page in a few bytes a row
 */
DEFINE_TEST(test_image_png_round_trip)
{
	PIX *grey, *bin, *cmap, *white;
	void *d = NULL;
	size_t n = 0;
	l_int32 i, j, w;

	for (w = 1; w <= 1003; w += 501) {
		grey = pixCreate(w, 377, 8);
		pixSetAll(grey);
		for (i = 10; i < 370; i += 3)
			for (j = 0; j < w; j += (i % 7) + 1)
				pixSetPixel(grey, j, i, (l_uint32)(i * j) % 256);
		png_back(grey);
		pixSetResolution(grey, 300, 300);
		png_back(grey);
		pixSetResolution(grey, 204, 98);
		pixSetText(grey, "scanned by a copier");
		png_back(grey);
		bin = pixThresholdToBinary(grey, 128);
		png_back(bin);
		cmap = pixConvertGrayToColormap(grey);
		assert_true(cmap != NULL && pixGetColormap(cmap) != NULL);
		png_back(cmap);
		pixDestroy(&grey);
		pixDestroy(&bin);
		pixDestroy(&cmap);
	}
	white = pixCreate(2480, 3508, 8);
	pixSetAll(white);
	assert_int(image_png(white, &d, &n), ==, 0);
	assert_int(n, <, 3508 * 20);
	free(d);
	pixDestroy(&white);
}

/*
 * image_jpeg_at, a PDF page's JPEG read as a JPEG file: the pixels of the
 * file's grey read, reduced as asked; nothing when the size the PDF says
 * is not the JPEG's own (before libjpeg makes room for it), or the data
 * is not a JPEG
 */
DEFINE_TEST(test_image_jpeg_at_as_file)
{
	PIX *rgb = pixCreate(321, 203, 32), *a, *b;
	l_uint8 *jpg = NULL;
	size_t njpg;
	char err[256];
	l_int32 i, j, same = 0;

	for (i = 0; i < 203; i++)
		for (j = 0; j < 321; j++)
			pixSetRGBPixel(rgb, j, i, (i * j) & 255, i, 255 - j % 256);
	assert_int(pixWriteMemJpeg(&jpg, &njpg, rgb, 90, 0), ==, 0);
	a = image_read_page(jpg, njpg, "image/jpeg", 1, 1000000,
	    IMAGE_READ_GREY, err, sizeof(err));
	b = image_jpeg_at(jpg, njpg, 321, 203, IMAGE_READ_GREY, 1);
	assert_true(a != NULL && b != NULL);
	assert_int(pixGetDepth(b), ==, 8);
	assert_int(pixEqual(a, b, &same), ==, 0);
	assert_int(same, ==, 1);
	pixDestroy(&b);
	/* reduced 4 times as it decodes: rounded up, as MuPDF's */
	b = image_jpeg_at(jpg, njpg, 321, 203, IMAGE_READ_GREY, 4);
	assert_true(b != NULL);
	assert_int(pixGetWidth(b), ==, 81);
	assert_int(pixGetHeight(b), ==, 51);
	pixDestroy(&b);
	/* another size than the JPEG's, or no JPEG: nothing */
	assert_true(image_jpeg_at(jpg, njpg, 320, 203, IMAGE_READ_GREY, 1) ==
	    NULL);
	assert_true(image_jpeg_at(jpg, njpg, 32100, 20300, IMAGE_READ_GREY,
	    1) == NULL);
	assert_true(image_jpeg_at((const unsigned char *)"\x89PNG\r\n\x1a\n",
	    8, 8, 8, IMAGE_READ_GREY, 1) == NULL);
	/* cut short: bad data, refused (MuPDF then says why) */
	assert_true(image_jpeg_at(jpg, njpg / 2, 321, 203, IMAGE_READ_GREY,
	    1) == NULL);
	pixDestroy(&a);
	pixDestroy(&rgb);
	free(jpg);
}
