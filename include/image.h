/*
 * image - safe access to the page images of an input file
 *
 * A PDF's pages are drawn by pdf.c (pdf.h); the other formats are those
 * leptonica reads.
 *
 * Inputs are untrusted: every function checks the declared dimensions
 * against a pixel limit before anything is decoded (decompression bombs),
 * bounds the page count, turns library errors into a message, and never
 * exits.  Leptonica and libtiff chatter on stderr is silenced.
 */
#ifndef DOSSIER_IMAGE_H
#define DOSSIER_IMAGE_H

#include <stddef.h>

#include "verdict.h"

struct Pix;

#define IMAGE_MAX_PAGES		2000		/* pages in one input file */
#define IMAGE_MAX_PIXELS	(150L * 1000 * 1000)	/* w * h of a page */
#define IMAGE_MAX_SIDE		60000		/* pixels on one side */

/* a mapped, read-only file */
struct mapped {
	const unsigned char *data;
	size_t	 size;
};

/*
 * image_map - map PATH read-only (O_NOFOLLOW, regular file, <= MAX);
 * image_unmap also closes a PDF kept open on the mapping
 */
int	image_map(const char *path, size_t max, struct mapped *);
void	image_unmap(struct mapped *);

/*
 * image_media_type - the media type of BUF by its magic: "image/tiff",
 * "image/png", "image/jpeg", "application/pdf", "image/bmp", "image/gif",
 * "image/webp", "image/jp2" or "image/x-portable-anymap"; NULL if none
 */
const char *image_media_type(const unsigned char *buf, size_t len);

/*
 * image_decoder - what decodes the pages of BUF (of MEDIA) when it is not
 * leptonica: "MuPDF 1.21.1" for a PDF, JPEG 2000 and the BMPs leptonica
 * cannot read, for page.K.decoder; else NULL
 */
const char *image_decoder(const unsigned char *buf, size_t len,
	    const char *media);

/*
 * image_probe - count the pages of BUF (of media type MEDIA) and check
 * every page's declared size; 0, or -1 with the reason in ERR
 */
int	image_probe(const unsigned char *buf, size_t len, const char *media,
	    long max_pixels, int *pages, char *err, size_t errlen);

/*
 * image_read_page - decode page PAGE (1-based) of BUF into a new Pix;
 * NULL with the reason in ERR if it cannot be decoded or is too large.
 * FLAGS: IMAGE_READ_GREY, the caller wants grey only (a colour JPEG is
 * then decoded to its luminance, which is much cheaper; an 8-bit RGB PNG
 * is decoded a strip at a time into the grey pixConvertTo8 makes of it,
 * never held whole in colour); other pages come as they are.  IMAGE_READ_REDUCED, a smaller page will do: where
 * the decoder can subsample as it decodes (a PDF's scan or drawing, a
 * JPEG, an image MuPDF reads), the page comes 2, 4 or 8 times smaller,
 * never under IMAGE_REDUCED_DPI, its resolution set to match (a look at
 * the page, e.g. for a cover sheet, at a fraction of the cost).
 * The pages of a multi-page TIFF mapped by image_map() read in order cost
 * one directory each: the mapping keeps where the next page is.
 */
#define IMAGE_READ_GREY		0x1
#define IMAGE_READ_REDUCED	0x2
#define IMAGE_REDUCED_DPI	100
struct Pix *image_read_page(const unsigned char *buf, size_t len,
	    const char *media, int page, long max_pixels, int flags,
	    char *err, size_t errlen);

/*
 * image_read_reduced - 1 if the last image_read_page gave its page
 * smaller than it would have without IMAGE_READ_REDUCED; 0 if the page
 * is what a read without it (its other flags the same) gives, pixel for
 * pixel
 */
int	image_read_reduced(void);

/*
 * image_pixels_digest - the SHA-256 of the page PIX as 8-bit grey (its
 * size and rows) into OUT (65 bytes): equal for the same page decoded
 * from any format, whatever depth the format kept it in; "" if out of
 * memory
 */
void	image_pixels_digest(struct Pix *pix, char *out);

/*
 * image_digest_pages - call FN(JOB, ERR, ERRLEN), the work of a stage
 * that decodes every page of JOB once with image_read_page (without
 * IMAGE_READ_REDUCED), and calls image_digest_page for each page K once
 * decoded, which sets page.K.pixels_sha256 (image_pixels_digest of the
 * page as decoded, found by its page.K.source_page); returns what FN
 * returns.  The digest of the same page in another format finds a
 * probable duplicate (dossier-load).  Page by page, so that the pages
 * worked on apart (stage_pages) have theirs.
 */
struct job;
enum verdict image_digest_pages(struct job *job,
	    enum verdict (*fn)(struct job *, char *, size_t), char *err,
	    size_t errlen);
void	image_digest_page(struct job *job, long k);
/*
 * image_digest_given - under image_digest_pages, PIX taken for page PAGE
 * of the source as image_read_page would have decoded it (a page decoded
 * before, image_page_unzst): its digest recorded as that read would
 */
void	image_digest_given(int page, struct Pix *pix);

/*
 * image_spix_zst - PIX in leptonica's spix serialisation (what
 * pixReadMem reads), compressed by zstd as a frame that says its size,
 * into *DATA (free() it) of *SIZE bytes: the grey page deskew leaves
 * for OCR, mostly white paper, in a seventh of its bytes.  0, or -1.
 */
int	image_spix_zst(struct Pix *pix, void **data, size_t *size);

/*
 * image_png - PIX as a PNG, into *DATA (free() it) of *SIZE bytes, with
 * its resolution and text as leptonica writes them: a grey page (8 bits,
 * no colour map) by Paeth's filter and zlib's run-length strategy, some
 * 18% smaller than leptonica's PNG and in a third of its time (a page
 * kept grey for the archive; imagemem.c); any other page by leptonica.
 * 0, or -1.
 */
int	image_png(struct Pix *pix, void **data, size_t *size);

/*
 * image_page_zst - PIX as a stage decoded it from its input (no colour
 * map), compressed as image_spix_zst compresses, with its samples per
 * pixel, resolution and text, into *DATA (free() it) of *SIZE bytes: a
 * page decoded once, for a later stage that would decode it again
 * (ingest's look for a cover sheet, for deskew).  0, or -1 (errno
 * EINVAL: a colour map).
 * image_page_unzst - the page of such a frame, BUF of LEN bytes, if it
 * is one whole (its checksum good) of at most MAX_PIXELS pixels; NULL,
 * errno EINVAL, if not.
 */
int	image_page_zst(struct Pix *pix, void **data, size_t *size);
struct Pix *image_page_unzst(const void *buf, size_t len, long max_pixels);

/*
 * IMAGE_DECODED - the name, in a job, of the file holding page K of its
 * source as ingest decoded it (image_page_zst), where deskew would decode
 * it the same: named by the source's page, as the jobs of one input
 * share their source.  An ingest run keeps IMAGE_DECODED_MAX bytes of
 * them at most, and none that would leave its spool's file system under
 * IMAGE_DECODED_FREE bytes free: they speed deskew, they must never fill
 * the disk of a migration ingested ahead of the other stages.
 * image_decoded_path - that file of JOB for the source's page PAGE into
 * BUF; -1 if it does not fit (job_path)
 */
#define IMAGE_DECODED		"decoded-p%04ld.zst"
#define IMAGE_DECODED_MAX	(1024L * 1024 * 1024)
#define IMAGE_DECODED_FREE	(1024L * 1024 * 1024)
int	image_decoded_path(const struct job *job, long page, char *buf,
	    size_t size);

/*
 * image_read_mem - the image of BUF, LEN bytes, as pixReadMem reads it;
 * a zstd frame (image_spix_zst) decompressed first into SCRATCH, if it
 * says at most MAX bytes.  NULL if it cannot be read (errno EFBIG: too
 * large).
 */
struct strbuf;
struct Pix *image_read_mem(const void *buf, size_t len, size_t max,
	    struct strbuf *scratch);

/* image_quiet - silence leptonica's and libtiff's messages (once) */
void	image_quiet(void);

#endif
