/*
 * fuzz_deskew - the cleanup of a page's pixels: deskew_page() on pages
 * made from the input, whatever they hold (the decoders are fuzz_image's;
 * here the pixels are what varies: specks, solid areas, stripes, rows of
 * letter-sized marks at any slant, on any paper, at any declared
 * resolution, in every depth a decoder hands deskew).
 *
 * The input is a page drawn as fuzz_page.h reads it.
 */
#include <leptonica/allheaders.h>

#include "../../src/deskew/deskew.h"
#include "fuzz.h"
#include "fuzz_page.h"
#include "image.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	struct deskew_result r;
	char err[256];
	PIX *pix, *out, *ocr = NULL, *g;

	if (!quiet) {
		image_quiet();
		quiet = 1;
	}
	if ((pix = fuzz_page(data, size, NULL)) == NULL)
		return 0;
	out = deskew_page(pix, &r, &ocr, err, sizeof(err));
	if (out != NULL) {
		/* what deskew_job keeps of it must be true of it */
		if ((pixGetDepth(out) != 1 && pixGetDepth(out) != 8) ||
		    r.width != pixGetWidth(out) ||
		    r.height != pixGetHeight(out) ||
		    (r.orientation % 90) != 0 || r.orientation < 0 ||
		    r.orientation > 270 || r.dpi < 1 ||
		    (r.blank != 0 && r.blank != 1))
			abort();
		if (ocr != NULL && pixGetDepth(ocr) == 8 &&
		    (g = deskew_rotate_grey(ocr, 0.01)) != NULL)
			pixDestroy(&g);
	}
	pixDestroy(&ocr);
	pixDestroy(&out);
	pixDestroy(&pix);
	return 0;
}
