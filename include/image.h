/*
 * image - safe access to the page images of an input file
 *
 * Inputs are untrusted: every function checks the declared dimensions
 * against a pixel limit before anything is decoded (decompression bombs),
 * bounds the page count, turns library errors into a message, and never
 * exits.  Leptonica and libtiff chatter on stderr is silenced.
 */
#ifndef DOSSIER_IMAGE_H
#define DOSSIER_IMAGE_H

#include <stddef.h>

struct Pix;

#define IMAGE_MAX_PAGES		2000		/* pages in one input file */
#define IMAGE_MAX_PIXELS	(150L * 1000 * 1000)	/* w * h of a page */
#define IMAGE_MAX_SIDE		60000		/* pixels on one side */

/* a mapped, read-only file */
struct mapped {
	const unsigned char *data;
	size_t	 size;
};

/* image_map - map PATH read-only (O_NOFOLLOW, regular file, <= MAX) */
int	image_map(const char *path, size_t max, struct mapped *);
void	image_unmap(struct mapped *);

/* image_media_type - "image/tiff", "image/png", "image/jpeg" by magic, or NULL */
const char *image_media_type(const unsigned char *buf, size_t len);

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
 * then decoded to its luminance, which is much cheaper); other pages
 * come as they are
 */
#define IMAGE_READ_GREY	0x1
struct Pix *image_read_page(const unsigned char *buf, size_t len,
	    const char *media, int page, long max_pixels, int flags,
	    char *err, size_t errlen);

/* image_quiet - silence leptonica's and libtiff's messages (once) */
void	image_quiet(void);

#endif
