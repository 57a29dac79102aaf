/*
 * pdf - the pages of an untrusted PDF as page images, through MuPDF
 *
 * A page that is one image covering it (what a scanner writes) gives
 * that image at its native resolution, with the DPI it has on the page;
 * any other page is rendered at PDF_RENDER_DPI.  /Rotate and the image's
 * placement are honoured; a text layer is never read.  MuPDF's memory is
 * capped (PDF_MAX_MEMORY) and its store bounded, page boxes and the page
 * count are checked before anything is drawn, and MuPDF's messages are
 * turned into the reason a function fails with; nothing is printed.
 */
#ifndef DOSSIER_PDF_H
#define DOSSIER_PDF_H

#include <stddef.h>

#include "image.h"

struct Pix;

#define PDF_RENDER_DPI	300
#define PDF_MAX_POINTS	14400		/* a page side, in 1/72 in (200 in) */
#define PDF_STORE	(32UL * 1024 * 1024)	/* its cache of objects */
/*
 * MuPDF's own allocations: a page image of IMAGE_MAX_PIXELS pixels (the
 * largest page ingest lets through) decoded at 4 bytes a pixel (CMYK, or
 * RGB and its copy), beside the store and the document's objects
 */
#define PDF_MAX_MEMORY	(4UL * IMAGE_MAX_PIXELS + PDF_STORE + \
			    (32UL * 1024 * 1024))

/* pdf_is - 1 if BUF starts like a PDF (%PDF- within its first 1024 bytes) */
int	pdf_is(const unsigned char *buf, size_t len);

/*
 * pdf_probe - count the pages of the PDF in BUF (at most MAX_PAGES) and
 * check every page's box (at most PDF_MAX_POINTS a side and MAX_PIXELS
 * once rendered at PDF_RENDER_DPI); 0, or -1 with the reason in ERR.
 * *PAGES is the page count whenever it could be read, even on failure
 * (0 if it could not)
 */
int	pdf_probe(const unsigned char *buf, size_t len, int max_pages,
	    long max_pixels, int *pages, char *err, size_t errlen);

/*
 * pdf_read_page - page PAGE (1-based) of the PDF in BUF as a new Pix
 * (1 bpp for a bilevel scan, 8 bpp grey, or 32 bpp RGB; grey only when
 * FLAGS has IMAGE_READ_GREY), its resolution set; NULL with the reason
 * in ERR.  The document stays open for the next page of the same BUF
 * until pdf_forget()
 */
struct Pix *pdf_read_page(const unsigned char *buf, size_t len, int page,
	    long max_pixels, int flags, char *err, size_t errlen);

/*
 * pdf_image_probe - check the image file BUF (BMP, JPEG 2000 and the
 * other formats MuPDF reads) is at most MAX_PIXELS; 0, or -1 with the
 * reason in ERR
 */
int	pdf_image_probe(const unsigned char *buf, size_t len, long max_pixels,
	    char *err, size_t errlen);

/* pdf_read_image - the image file BUF decoded by MuPDF (as pdf_read_page) */
struct Pix *pdf_read_image(const unsigned char *buf, size_t len,
	    long max_pixels, int flags, char *err, size_t errlen);

/*
 * pdf_read_tiff - page PAGE of the TIFF in BUF decoded by MuPDF, for what
 * leptonica cannot read (CMYK, some 16-bit and alpha layouts); its size
 * must have been checked.  NULL with the reason in ERR
 */
struct Pix *pdf_read_tiff(const unsigned char *buf, size_t len, int page,
	    int flags, char *err, size_t errlen);

/* pdf_forget - close the document kept open on BUF (any, if NULL) */
void	pdf_forget(const unsigned char *buf);

/* pdf_decoder - "MuPDF " and the library's version */
const char *pdf_decoder(void);

#endif
