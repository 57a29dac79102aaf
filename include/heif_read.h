/*
 * heif_read.h - HEIC and AVIF photos through libheif
 *
 * Phones save their photos as HEIC (iPhones by default) or AVIF: a
 * household's papers photographed and sent by mail often come so.  Only
 * the primary image is read, with the turn the file records applied
 * (libheif's default), decoded in the calling thread.
 */
#ifndef DOSSIER_HEIF_READ_H
#define DOSSIER_HEIF_READ_H

#include <stddef.h>

struct Pix;

/*
 * heif_media - "image/heic" or "image/avif" if the LEN bytes at B start
 * an ISO base media file of those brands, else NULL
 */
const char *heif_media(const unsigned char *b, size_t n);

/*
 * heif_probe - check that the primary image of BUF is readable and at
 * most MAX_PIXELS (and IMAGE_MAX_SIDE a side); 0, or -1 with the reason
 * in ERR
 */
int	heif_probe(const unsigned char *buf, size_t len, long max_pixels,
	    char *err, size_t errlen);

/*
 * heif_read - the primary image of BUF as 32 bpp RGB, or RGBA (spp 4) if
 * it has an alpha channel, which image.c's normalise blends over white
 * as for the other formats; NULL with the reason in ERR
 */
struct Pix *heif_read(const unsigned char *buf, size_t len, long max_pixels,
	    char *err, size_t errlen);

/* heif_decoder - "libheif " and the library's version */
const char *heif_decoder(void);

#endif
