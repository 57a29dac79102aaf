/*
 * fuzz_image - page images as ingest and deskew read them: the media type
 * by magic, image_probe() (page count, declared sizes), then the first
 * pages decoded whole and reduced (TIFF, PNG, JPEG, GIF, WebP, BMP, PNM,
 * JPEG 2000 and PDF through the one public path).  The pixel limit is
 * lower than IMAGE_MAX_PIXELS so that an input stays quick.
 */
#include <leptonica/allheaders.h>

#include "fuzz.h"
#include "image.h"
#include "pdf.h"

#define FUZZ_MAX_PIXELS	(4L * 1000 * 1000)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	const char *media;
	char err[512], digest[65];
	struct Pix *pix;
	int pages = 0, k;

	if (!quiet) {
		image_quiet();
		quiet = 1;
	}
	if ((media = image_media_type(data, size)) == NULL)
		return 0;
	(void)image_decoder(data, size, media);
	if (image_probe(data, size, media, FUZZ_MAX_PIXELS, &pages, err,
	    sizeof(err)) < 0)
		return 0;
	for (k = 1; k <= pages && k <= 2; k++) {
		pix = image_read_page(data, size, media, k, FUZZ_MAX_PIXELS,
		    k == 1 ? 0 : IMAGE_READ_GREY, err, sizeof(err));
		if (pix != NULL) {
			image_pixels_digest(pix, digest);
			pixDestroy(&pix);
		}
	}
	pix = image_read_page(data, size, media, 1, FUZZ_MAX_PIXELS,
	    IMAGE_READ_REDUCED | IMAGE_READ_GREY, err, sizeof(err));
	pixDestroy(&pix);
	pdf_forget(data);
	return 0;
}
