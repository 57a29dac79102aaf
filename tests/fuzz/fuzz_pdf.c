/*
 * fuzz_pdf - an untrusted PDF through pdf.h: pdf_is, pdf_probe (page
 * count, page boxes), the first pages drawn, then the document forgotten
 * (the next input may come at the same address).  The pixel limit is
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
	char err[512];
	struct Pix *pix;
	int pages = 0, k;

	if (!pdf_is(data, size))
		return 0;
	if (pdf_probe(data, size, IMAGE_MAX_PAGES, FUZZ_MAX_PIXELS, &pages,
	    err, sizeof(err)) == 0)
		for (k = 1; k <= pages && k <= 2; k++) {
			pix = pdf_read_page(data, size, k, FUZZ_MAX_PIXELS,
			    k == 2 ? IMAGE_READ_GREY : 0, err, sizeof(err));
			pixDestroy(&pix);
		}
	pdf_forget(data);
	return 0;
}
