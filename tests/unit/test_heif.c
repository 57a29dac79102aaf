/*
 * test_heif.c - HEIC photos: told apart by their first bytes, their size
 * checked before decoding, an alpha channel blended over white
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <libheif/heif.h>

#include "heif_read.h"
#include "image.h"
#include "strbuf.h"
#include "unit.h"

static struct heif_error
to_strbuf(struct heif_context *ctx, const void *data, size_t size,
    void *userdata)
{
	struct heif_error ok = { heif_error_Ok, heif_suberror_Unspecified,
	    "" };

	(void)ctx;
	strbuf_add(userdata, data, size);
	return ok;
}

/*
 * heic_made - a W x H HEIC with alpha into OUT: its left third opaque
 * black, its middle third transparent (black beneath), its right third
 * opaque mid-grey; 0, or -1 if libheif failed
 */
static int
heic_made(int w, int h, struct strbuf *out)
{
	struct heif_context *ctx = heif_context_alloc();
	struct heif_encoder *enc = NULL;
	struct heif_image *img = NULL;
	struct heif_writer wr = { 1, to_strbuf };
	struct heif_error e;
	uint8_t *p, *q;
	int stride, x, y, rc = -1;

	e = heif_context_get_encoder_for_format(ctx, heif_compression_HEVC,
	    &enc);
	if (e.code != heif_error_Ok)
		goto out;
	heif_encoder_set_lossy_quality(enc, 90);
	e = heif_image_create(w, h, heif_colorspace_RGB,
	    heif_chroma_interleaved_RGBA, &img);
	if (e.code != heif_error_Ok)
		goto out;
	heif_image_add_plane(img, heif_channel_interleaved, w, h, 8);
	p = heif_image_get_plane(img, heif_channel_interleaved, &stride);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			q = p + (size_t)y * stride + 4 * (size_t)x;
			q[0] = q[1] = q[2] = x < 2 * w / 3 ? 0 : 128;
			q[3] = x >= w / 3 && x < 2 * w / 3 ? 0 : 255;
		}
	e = heif_context_encode_image(ctx, img, enc, NULL, NULL);
	if (e.code != heif_error_Ok)
		goto out;
	e = heif_context_write(ctx, &wr, out);
	rc = e.code == heif_error_Ok ? 0 : -1;
out:
	if (img != NULL)
		heif_image_release(img);
	if (enc != NULL)
		heif_encoder_release(enc);
	heif_context_free(ctx);
	return rc;
}

/* grey - the mean of the R, G, B of PIX at X, Y */
static int
grey(PIX *pix, int x, int y)
{
	l_int32 r, g, b;

	pixGetRGBPixel(pix, x, y, &r, &g, &b);
	return (r + g + b) / 3;
}

DEFINE_TEST(test_heif_alpha_over_white)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *b;
	char err[256] = "";
	int pages = 0;
	PIX *pix;

	/* libheif1 depends on its x265 encoder: always here */
	assert_int(heic_made(96, 64, &sb), ==, 0);
	b = (const unsigned char *)sb.buf;
	assert_true(image_media_type(b, sb.len) != NULL);
	assert_str(image_media_type(b, sb.len), "image/heic");
	assert_int(image_probe(b, sb.len, "image/heic", 1000000, &pages, err,
	    sizeof(err)), ==, 0);
	assert_int(pages, ==, 1);
	/* the bound is the decoded size, said before decoding */
	assert_int(image_probe(b, sb.len, "image/heic", 96 * 64 - 1, &pages,
	    err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "96x64 pixels, over the limit") != NULL);
	pix = image_read_page(b, sb.len, "image/heic", 1, 1000000, 0, err,
	    sizeof(err));
	assert_true(pix != NULL);
	assert_int(pixGetWidth(pix), ==, 96);
	assert_int(pixGetHeight(pix), ==, 64);
	assert_int(pixGetDepth(pix), ==, 32);
	/* black stays black, grey grey; the transparent third is white,
	   not the black beneath it */
	assert_int(grey(pix, 10, 32), <, 40);
	assert_int(grey(pix, 48, 32), >, 215);
	assert_int(abs(grey(pix, 85, 32) - 128), <, 30);
	pixDestroy(&pix);
	/* a second page of a one-image file is none */
	assert_true(image_read_page(b, sb.len, "image/heic", 2, 1000000, 0,
	    err, sizeof(err)) == NULL);
	/* cut short: refused, with libheif's reason on one line */
	assert_int(image_probe(b, sb.len / 2, "image/heic", 1000000, &pages,
	    err, sizeof(err)), ==, -1);
	assert_true(strncmp(err, "corrupt HEIF photo: ", 20) == 0);
	assert_true(strchr(err, '\n') == NULL);
	strbuf_release(&sb);
}

DEFINE_TEST(test_heif_media_by_brand)
{
	static const unsigned char heic[] = "\0\0\0\x18" "ftypheic"
	    "\0\0\0\0" "mif1heic";
	static const unsigned char mif1[] = "\0\0\0\x18" "ftypmif1"
	    "\0\0\0\0" "mif1heic";
	static const unsigned char avif[] = "\0\0\0\x1c" "ftypavif"
	    "\0\0\0\0" "avifmif1miaf";
	static const unsigned char avif2[] = "\0\0\0\x18" "ftypmif1"
	    "\0\0\0\0" "mif1avif";
	static const unsigned char mp4[] = "\0\0\0\x18" "ftypisom"
	    "\0\0\0\0" "isomiso2";

	assert_str(heif_media(heic, sizeof(heic) - 1), "image/heic");
	assert_str(heif_media(mif1, sizeof(mif1) - 1), "image/heic");
	assert_str(heif_media(avif, sizeof(avif) - 1), "image/avif");
	assert_str(heif_media(avif2, sizeof(avif2) - 1), "image/avif");
	/* a video is no photo */
	assert_true(heif_media(mp4, sizeof(mp4) - 1) == NULL);
	assert_true(heif_media(heic, 10) == NULL);
}
