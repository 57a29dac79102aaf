/*
 * heif.c - HEIC and AVIF photos through libheif (see heif_read.h)
 *
 * The file is untrusted: its size is checked from the primary image's
 * header before anything is decoded, libheif is told the same bound
 * (heif_context_set_maximum_image_size_limit), and decoding runs in the
 * calling thread (no worker threads to outlive an error).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <libheif/heif.h>

#include "heif_read.h"
#include "image.h"

#define HEIF_PAD	64	/* a side's padding to whole coding blocks */
#define HEIF_TILE	1024	/* a tile may be this wide, the photo less */

const char *
heif_media(const unsigned char *b, size_t n)
{
	static const char *const heic[] = { "heic", "heix", "heim", "heis",
	    "hevc", "hevx", "hevm", "hevs", "mif1", "msf1" };
	size_t box, k, i;

	/* a box "ftyp": its size, major brand, version, compatible brands */
	if (n < 16 || memcmp(b + 4, "ftyp", 4) != 0)
		return NULL;
	box = (size_t)b[0] << 24 | (size_t)b[1] << 16 | (size_t)b[2] << 8 | b[3];
	if (box < 16 || box > n)
		box = n < 64 ? n : 64;
	/* the major brand, then the compatible ones: AVIF names itself */
	for (k = 8; k + 4 <= box; k += k == 8 ? 8 : 4)
		if (memcmp(b + k, "avif", 4) == 0 || memcmp(b + k, "avis",
		    4) == 0)
			return "image/avif";
	for (k = 8; k + 4 <= box; k += k == 8 ? 8 : 4)
		for (i = 0; i < sizeof(heic) / sizeof(heic[0]); i++)
			if (memcmp(b + k, heic[i], 4) == 0)
				return "image/heic";
	return NULL;
}

/*
 * heif_fail - ERR from libheif's error E, after WHAT, on one line (its
 * messages may end in a newline or hold the file's own bytes); -1
 */
static int
heif_fail(struct heif_error e, const char *what, char *err, size_t errlen)
{
	size_t n, k;

	snprintf(err, errlen, "%s: %s", what, e.message != NULL &&
	    *e.message ? e.message : "libheif failed");
	for (k = 0; err[k] != '\0'; k++)
		if ((unsigned char)err[k] < 0x20 || err[k] == 0x7f)
			err[k] = ' ';
	for (n = strlen(err); n > 0 && err[n - 1] == ' '; n--)
		err[n - 1] = '\0';
	return -1;
}

/*
 * open_primary - a context on BUF and its primary image's handle into
 * *CTX, *H, checked against MAX_PIXELS; 0, or -1 with ERR (nothing kept)
 */
static int
open_primary(const unsigned char *buf, size_t len, long max_pixels,
    struct heif_context **ctx, struct heif_image_handle **h, char *err,
    size_t errlen)
{
	struct heif_error e;
	int w, ht, side;

	*h = NULL;
	if ((*ctx = heif_context_alloc()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	heif_context_set_maximum_image_size_limit(*ctx, IMAGE_MAX_SIDE);
	heif_context_set_max_decoding_threads(*ctx, 0);
	e = heif_context_read_from_memory_without_copy(*ctx, buf, len, NULL);
	if (e.code != heif_error_Ok) {
		heif_fail(e, "corrupt HEIF photo", err, errlen);
		goto fail;
	}
	e = heif_context_get_primary_image_handle(*ctx, h);
	if (e.code != heif_error_Ok) {
		heif_fail(e, "corrupt HEIF photo: no primary image", err,
		    errlen);
		goto fail;
	}
	w = heif_image_handle_get_width(*h);
	ht = heif_image_handle_get_height(*h);
	if (w <= 0 || ht <= 0) {
		snprintf(err, errlen, "corrupt HEIF photo: no size");
		goto fail;
	}
	if (w > IMAGE_MAX_SIDE || ht > IMAGE_MAX_SIDE ||
	    (double)w * ht > (double)max_pixels) {
		snprintf(err, errlen, "image is %dx%d pixels, over the limit "
		    "of %ld pixels", w, ht, max_pixels);
		goto fail;
	}
	/*
	 * libheif decodes to the size a grid's descriptor or a tile's own
	 * stream declares, not the size checked above: a file of 566
	 * bytes whose primary image says 40 x 30 declared a grid of
	 * 14441 x 27759 (fuzz_image), and took 2.4 GB and 13 s to fail.
	 * Its bound is on a side, so it is made this image's side, with
	 * room for a tile's padding (a tile of 64 x 64 coded for a photo
	 * of 40 x 30; a phone's tiles are 512 wide), and the square of
	 * that side must stay near the pixel bound
	 */
	side = (w > ht ? w : ht) + HEIF_PAD;
	if (side < HEIF_TILE)
		side = HEIF_TILE;
	if (side > HEIF_TILE && (double)side * side > 2.0 * max_pixels) {
		snprintf(err, errlen, "image is %dx%d pixels, too narrow "
		    "for its length", w, ht);
		goto fail;
	}
	heif_context_set_maximum_image_size_limit(*ctx, side);
	return 0;
fail:
	if (*h != NULL)
		heif_image_handle_release(*h);
	*h = NULL;
	heif_context_free(*ctx);
	*ctx = NULL;
	return -1;
}

int
heif_probe(const unsigned char *buf, size_t len, long max_pixels,
    char *err, size_t errlen)
{
	struct heif_context *ctx;
	struct heif_image_handle *h;
	const char *m;
	int rc = 0;

	if (open_primary(buf, len, max_pixels, &ctx, &h, err, errlen) < 0)
		return -1;
	/* a format this libheif has no decoder for is said at ingest */
	m = heif_media(buf, len);
	if (!heif_have_decoder_for_format(m != NULL && strcmp(m,
	    "image/avif") == 0 ? heif_compression_AV1 :
	    heif_compression_HEVC)) {
		snprintf(err, errlen, "this libheif cannot decode the photo");
		rc = -1;
	}
	heif_image_handle_release(h);
	heif_context_free(ctx);
	return rc;
}

PIX *
heif_read(const unsigned char *buf, size_t len, long max_pixels,
    char *err, size_t errlen)
{
	struct heif_context *ctx;
	struct heif_image_handle *h;
	struct heif_image *img = NULL;
	struct heif_error e;
	const uint8_t *src, *s;
	l_uint32 *d;
	PIX *pix = NULL;
	int alpha, w, ht, stride, x, y;

	if (open_primary(buf, len, max_pixels, &ctx, &h, err, errlen) < 0)
		return NULL;
	alpha = heif_image_handle_has_alpha_channel(h);
	e = heif_decode_image(h, &img, heif_colorspace_RGB, alpha ?
	    heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, NULL);
	if (e.code != heif_error_Ok) {
		heif_fail(e, "corrupt HEIF photo: cannot be decoded", err,
		    errlen);
		goto out;
	}
	w = heif_image_get_primary_width(img);
	ht = heif_image_get_primary_height(img);
	src = heif_image_get_plane_readonly(img, heif_channel_interleaved,
	    &stride);
	if (src == NULL || w <= 0 || ht <= 0 || w > IMAGE_MAX_SIDE ||
	    ht > IMAGE_MAX_SIDE || (double)w * ht > (double)max_pixels ||
	    stride < w * (alpha ? 4 : 3)) {
		snprintf(err, errlen, "corrupt HEIF photo: no pixels");
		goto out;
	}
	if ((pix = pixCreate(w, ht, 32)) == NULL) {
		snprintf(err, errlen, "page 1: out of memory");
		goto out;
	}
	/* alpha kept: image.c's normalise blends it over white */
	if (alpha)
		pixSetSpp(pix, 4);
	for (y = 0; y < ht; y++) {
		s = src + (size_t)y * (size_t)stride;
		d = pixGetData(pix) + (size_t)y * pixGetWpl(pix);
		for (x = 0; x < w; x++, s += alpha ? 4 : 3)
			if (alpha)
				composeRGBAPixel(s[0], s[1], s[2], s[3], d + x);
			else
				composeRGBPixel(s[0], s[1], s[2], d + x);
	}
out:
	if (img != NULL)
		heif_image_release(img);
	heif_image_handle_release(h);
	heif_context_free(ctx);
	return pix;
}

const char *
heif_decoder(void)
{
	static char v[64];

	snprintf(v, sizeof(v), "libheif %s", heif_get_version());
	return v;
}
