/*
 * imagemem.c - the spool's own page images, read and written in memory
 * (see image.h): the grey page deskew leaves for OCR (image_spix_zst,
 * image_read_mem), the page ingest decoded for deskew (image_page_zst,
 * image_page_unzst), and image_quiet.  Apart from image.c, whose input
 * decoders (MuPDF, libheif and the libraries they load) a stage that
 * reads only the spool's pages would otherwise load at every run: OCR
 * loaded 73 libraries, 59 so; a run of it with no job 63-80 ms of CPU,
 * 54-67 so (perf stat).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <tiffio.h>
#include <zstd.h>

#include "image.h"
#include "image_int.h"
#include "strbuf.h"

char image_tiff_err[256];

static void
tiff_handler(const char *module, const char *fmt, va_list ap)
{
	(void)module;
	vsnprintf(image_tiff_err, sizeof(image_tiff_err), fmt, ap);
}

static void
tiff_warning(const char *module, const char *fmt, va_list ap)
{
	(void)module;
	(void)fmt;
	(void)ap;
}

void
image_quiet(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	setMsgSeverity(L_SEVERITY_NONE);
	TIFFSetErrorHandler(tiff_handler);
	TIFFSetWarningHandler(tiff_warning);
}

/*
 * The level image_spix_zst compresses at: zstd's fast negative levels
 * compress a grey page of white paper 6-7 times at 3 ms for 8 MB, level
 * 1 8 times at 5 ms, level 3 at 11 ms; it is read back in 1 ms.  Writing
 * the 8 MB raw cost deskew 12-17 ms a page in the chain (the pages the
 * file needs are new to the page cache), the compressed 1.2 MB about 2.
 */
#define SPIX_ZST_LEVEL	(-3)

/*
 * frame_zst - the LEN bytes at HEAD, then the N bytes at BODY, as one zstd
 * frame at SPIX_ZST_LEVEL that says its size and has a checksum (a page
 * damaged in the spool is no page, not another), into *DATA (free() it)
 * of *SIZE bytes; 0, or -1
 */
static int
frame_zst(const void *head, size_t len, const void *body, size_t n,
    void **data, size_t *size)
{
	ZSTD_CCtx *cc;
	ZSTD_inBuffer in;
	ZSTD_outBuffer out;
	size_t r, cap = ZSTD_compressBound(len + n);
	int rc = -1;

	*data = NULL;
	*size = 0;
	out.dst = NULL;
	if ((cc = ZSTD_createCCtx()) == NULL || (out.dst = malloc(cap)) ==
	    NULL)
		goto out;
	out.size = cap;
	out.pos = 0;
	if (ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel,
	    SPIX_ZST_LEVEL)) || ZSTD_isError(ZSTD_CCtx_setParameter(cc,
	    ZSTD_c_checksumFlag, 1)) ||
	    ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(cc, len + n)))
		goto out;
	/* the header, then the pixels where they are: no copy of the page */
	if (len > 0) {
		in.src = head;
		in.size = len;
		in.pos = 0;
		r = ZSTD_compressStream2(cc, &out, &in, ZSTD_e_continue);
		if (ZSTD_isError(r) || in.pos != in.size)
			goto out;
	}
	in.src = body;
	in.size = n;
	in.pos = 0;
	/* the output holds the bound: one call ends the frame */
	r = ZSTD_compressStream2(cc, &out, &in, ZSTD_e_end);
	if (ZSTD_isError(r) || r != 0)
		goto out;
	*data = out.dst;
	*size = out.pos;
	out.dst = NULL;
	rc = 0;
out:
	if (rc < 0 && errno == 0)
		errno = ENOMEM;
	free(out.dst);
	ZSTD_freeCCtx(cc);
	return rc;
}

int
image_spix_zst(PIX *pix, void **data, size_t *size)
{
	l_uint8 *cm = NULL;
	l_uint32 head[7];
	size_t n, cmsize = 0;
	int rc;

	/* a colour map: leptonica's own serialisation, then compressed */
	if (pixGetColormap(pix) != NULL) {
		if (pixWriteMem(&cm, &cmsize, pix, IFF_SPIX) != 0 ||
		    cm == NULL)
			return -1;
		rc = frame_zst(NULL, 0, cm, cmsize, data, size);
		lept_free(cm);
		return rc;
	}
	n = (size_t)4 * pixGetWpl(pix) * pixGetHeight(pix);
	memcpy(&head[0], "spix", 4);
	head[1] = (l_uint32)pixGetWidth(pix);
	head[2] = (l_uint32)pixGetHeight(pix);
	head[3] = (l_uint32)pixGetDepth(pix);
	head[4] = (l_uint32)pixGetWpl(pix);
	head[5] = 0;
	head[6] = (l_uint32)n;
	return frame_zst(head, sizeof(head), pixGetData(pix), n, data, size);
}

/*
 * The header of a page as decoded (image_page_zst), in 32-bit words of
 * this machine's order (the spool is read where it is written), then
 * the page's text (what leptonica read of the file's comment, which an
 * image written of the page carries on: PG_TEXT - 1 bytes, at most
 * PG_TEXT_MAX; PG_TEXT 0 for none), then the PG_BYTES of its raster
 */
enum { PG_MAGIC, PG_W, PG_H, PG_D, PG_WPL, PG_SPP, PG_XRES, PG_YRES,
	PG_TEXT, PG_BYTES, PG_WORDS };
#define PG_TEXT_MAX	65536

int
image_page_zst(PIX *pix, void **data, size_t *size)
{
	l_uint32 *head;
	const char *text = pixGetText(pix);
	size_t n, t = text != NULL ? strlen(text) : 0;
	int rc;

	*data = NULL;
	*size = 0;
	if (pixGetColormap(pix) != NULL || t > PG_TEXT_MAX) {
		errno = EINVAL;
		return -1;
	}
	if ((head = malloc(PG_WORDS * sizeof(*head) + t)) == NULL)
		return -1;
	n = (size_t)4 * pixGetWpl(pix) * pixGetHeight(pix);
	memcpy(&head[PG_MAGIC], "dpag", 4);
	head[PG_W] = (l_uint32)pixGetWidth(pix);
	head[PG_H] = (l_uint32)pixGetHeight(pix);
	head[PG_D] = (l_uint32)pixGetDepth(pix);
	head[PG_WPL] = (l_uint32)pixGetWpl(pix);
	head[PG_SPP] = (l_uint32)pixGetSpp(pix);
	head[PG_XRES] = (l_uint32)pixGetXRes(pix);
	head[PG_YRES] = (l_uint32)pixGetYRes(pix);
	head[PG_TEXT] = text != NULL ? (l_uint32)t + 1 : 0;
	head[PG_BYTES] = (l_uint32)n;
	if (t > 0)
		memcpy(head + PG_WORDS, text, t);
	rc = frame_zst(head, PG_WORDS * sizeof(*head) + t, pixGetData(pix),
	    n, data, size);
	free(head);
	return rc;
}

/*
 * inflate_into - decompress IN with DC into DST until its SIZE bytes are
 * full and, with END, the frame has ended (its checksum read and
 * checked); 0, or -1 on an error or a frame that stops making progress
 * (cut short, or holding more than it says)
 */
static int
inflate_into(ZSTD_DCtx *dc, ZSTD_inBuffer *in, void *dst, size_t size,
    int end)
{
	ZSTD_outBuffer out = { dst, size, 0 };
	size_t r = 1, before;

	while (out.pos < out.size || (end && r != 0)) {
		before = in->pos + out.pos;
		r = ZSTD_decompressStream(dc, &out, in);
		if (ZSTD_isError(r) || in->pos + out.pos == before)
			return -1;
	}
	return 0;
}

/*
 * spix_zst_direct - the spix frame BUF (LEN bytes, N of them once
 * decompressed) with no colour map decompressed straight into a new
 * page's pixels, with no copy of them (8-15 MB a grey page); NULL if it
 * is not such a frame, or cannot be
 */
static PIX *
spix_zst_direct(const void *buf, size_t len, unsigned long long n)
{
	ZSTD_DCtx *dc;
	ZSTD_inBuffer in = { buf, len, 0 };
	l_uint32 head[7];
	PIX *pix = NULL;

	if (n < sizeof(head) || (dc = ZSTD_createDCtx()) == NULL)
		return NULL;
	if (inflate_into(dc, &in, head, sizeof(head), 0) < 0 ||
	    memcmp(&head[0], "spix", 4) != 0 ||
	    head[5] != 0 || head[6] != n - sizeof(head) ||
	    (pix = pixCreateNoInit((l_int32)head[1], (l_int32)head[2],
	    (l_int32)head[3])) == NULL ||
	    (l_uint32)pixGetWpl(pix) != head[4] ||
	    (unsigned long long)4 * head[4] * head[2] != head[6] ||
	    inflate_into(dc, &in, pixGetData(pix), head[6], 1) < 0)
		pixDestroy(&pix);
	ZSTD_freeDCtx(dc);
	return pix;
}

PIX *
image_read_mem(const void *buf, size_t len, size_t max,
    struct strbuf *scratch)
{
	const unsigned char *b = buf;
	unsigned long long n;
	PIX *pix;

	/* zstd's magic number, little-endian */
	if (len < 4 || (b[0] | b[1] << 8 | b[2] << 16 | (unsigned long)b[3] <<
	    24) != ZSTD_MAGICNUMBER)
		return pixReadMem(buf, len);
	n = ZSTD_getFrameContentSize(buf, len);
	if (n == ZSTD_CONTENTSIZE_UNKNOWN || n == ZSTD_CONTENTSIZE_ERROR) {
		errno = EINVAL;
		return NULL;
	}
	if (n > max) {
		errno = EFBIG;
		return NULL;
	}
	if ((pix = spix_zst_direct(buf, len, n)) != NULL)
		return pix;
	strbuf_reset(scratch);
	strbuf_grow(scratch, (size_t)n);
	if (ZSTD_decompress(scratch->buf, (size_t)n, buf, len) != n) {
		errno = EINVAL;
		return NULL;
	}
	scratch->len = (size_t)n;
	return pixReadMem((const l_uint8 *)scratch->buf, (size_t)n);
}

PIX *
image_page_unzst(const void *buf, size_t len, long max_pixels)
{
	ZSTD_DCtx *dc;
	ZSTD_inBuffer in = { buf, len, 0 };
	l_uint32 head[PG_WORDS], d, t;
	unsigned long long n;
	char *text = NULL;
	PIX *pix = NULL;

	errno = EINVAL;
	n = ZSTD_getFrameContentSize(buf, len);
	if (n == ZSTD_CONTENTSIZE_UNKNOWN || n == ZSTD_CONTENTSIZE_ERROR ||
	    n < sizeof(head) || (dc = ZSTD_createDCtx()) == NULL)
		return NULL;
	if (inflate_into(dc, &in, head, sizeof(head), 0) == 0 &&
	    memcmp(&head[PG_MAGIC], "dpag", 4) == 0 &&
	    head[PG_W] >= 1 && head[PG_W] <= IMAGE_MAX_SIDE &&
	    head[PG_H] >= 1 && head[PG_H] <= IMAGE_MAX_SIDE &&
	    (long)head[PG_W] * head[PG_H] <= max_pixels &&
	    ((d = head[PG_D]) == 1 || d == 2 || d == 4 || d == 8 ||
	    d == 16 || d == 32) &&
	    head[PG_SPP] >= 1 && head[PG_SPP] <= (d == 32 ? 4u : 1u) &&
	    head[PG_XRES] <= 1000000 && head[PG_YRES] <= 1000000 &&
	    (t = head[PG_TEXT] > 0 ? head[PG_TEXT] - 1 : 0) <= PG_TEXT_MAX &&
	    n - sizeof(head) == (unsigned long long)t + head[PG_BYTES] &&
	    (text = calloc(1, (size_t)t + 1)) != NULL &&
	    inflate_into(dc, &in, text, t, 0) == 0 &&
	    (pix = pixCreateNoInit((l_int32)head[PG_W], (l_int32)head[PG_H],
	    (l_int32)d)) != NULL &&
	    ((l_uint32)pixGetWpl(pix) != head[PG_WPL] ||
	    (unsigned long long)4 * head[PG_WPL] * head[PG_H] !=
	    head[PG_BYTES] ||
	    inflate_into(dc, &in, pixGetData(pix), head[PG_BYTES], 1) < 0 ||
	    in.pos != len))
		pixDestroy(&pix);
	ZSTD_freeDCtx(dc);
	if (pix != NULL) {
		pixSetSpp(pix, (l_int32)head[PG_SPP]);
		pixSetResolution(pix, (l_int32)head[PG_XRES],
		    (l_int32)head[PG_YRES]);
		if (head[PG_TEXT] > 0)
			pixSetText(pix, text);
		errno = 0;
	}
	free(text);
	return pix;
}
