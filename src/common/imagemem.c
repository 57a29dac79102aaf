/*
 * imagemem.c - the spool's own page images, read and written in memory
 * (see image.h): the grey page deskew leaves for OCR (image_spix_zst,
 * image_read_mem), the page ingest decoded for deskew (image_page_zst,
 * image_page_unzst), the grey page kept for the archive (image_png), and
 * image_quiet.  Apart from image.c, whose input
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
#include <png.h>
#include <tiffio.h>
#include <zlib.h>
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

/* the PNG image_png writes, in memory */
struct png_out {
	unsigned char	*buf;
	size_t		 len, cap;
};

static void
png_out_write(png_structp png, png_bytep src, size_t n)
{
	struct png_out *o = png_get_io_ptr(png);
	unsigned char *t;
	size_t cap = o->cap > 0 ? o->cap : 1 << 16;

	while (cap - o->len < n) {
		if (cap > ((size_t)-1) / 2)
			png_error(png, "too large");
		cap *= 2;
	}
	if (cap != o->cap) {
		if ((t = realloc(o->buf, cap)) == NULL)
			png_error(png, "out of memory");
		o->buf = t;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, src, n);
	o->len += n;
}

static void
png_out_flush(png_structp png)
{
	(void)png;
}

void
image_png_error(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

void
image_png_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/*
 * The grey page's PNG.  libpng's default tries its five filters on every
 * row, and leptonica asked zlib's level 3 (deskew) or its default.  On
 * scanned grey pages Paeth's filter alone with zlib's run-length strategy
 * writes fewer bytes in a third of the time: the paper, made white or
 * even by the cleanup, is runs of one value once filtered, which the
 * run-length matcher finds at a fraction of the cost of a search for
 * longer matches.  The field corpus's 25 pages kept grey: 23.6 MB where
 * leptonica wrote 28.9, every page smaller (by 0.2 to 27%), the same
 * pixels, deskew's CPU on their 21 files 5.5 s instead of 7.3; a page
 * alone, naps2's dog_huge.jpg (41 million pixels), 3.65 MB in 266 ms
 * against 4.87 MB in 774.  Any level but 0 writes the same bytes under
 * that strategy.
 */
int
image_png(PIX *pix, void **data, size_t *size)
{
	struct png_out *o;
	png_structp png;
	png_infop info = NULL;
	png_text text;
	unsigned char *row;
	const l_uint32 *line;
	l_uint32 v;
	l_int32 w, h, wpl, x, y, xres, yres;
	l_uint8 *ld = NULL;
	size_t ln = 0;

	*data = NULL;
	*size = 0;
	if (pixGetDepth(pix) != 8 || pixGetColormap(pix) != NULL) {
		if (pixWriteMem(&ld, &ln, pix, IFF_PNG) != 0 || ld == NULL) {
			lept_free(ld);
			if (errno == 0)
				errno = ENOMEM;
			return -1;
		}
		*data = ld;
		*size = ln;
		return 0;
	}
	w = pixGetWidth(pix);
	h = pixGetHeight(pix);
	wpl = pixGetWpl(pix);
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return -1;
	if ((row = malloc((size_t)wpl * 4)) == NULL) {
		free(o);
		return -1;
	}
	if ((png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
	    image_png_error, image_png_warning)) == NULL ||
	    (info = png_create_info_struct(png)) == NULL)
		goto fail;
	if (setjmp(png_jmpbuf(png)))
		goto fail;
	png_set_write_fn(png, o, png_out_write, png_out_flush);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
	    PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
	/* pixels per metre, as leptonica writes and reads them */
	xres = (l_int32)(39.37 * pixGetXRes(pix) + 0.5);
	yres = (l_int32)(39.37 * pixGetYRes(pix) + 0.5);
	if (xres > 0 && yres > 0)
		png_set_pHYs(png, info, (png_uint_32)xres, (png_uint_32)yres,
		    PNG_RESOLUTION_METER);
	else
		png_set_pHYs(png, info, 0, 0, PNG_RESOLUTION_UNKNOWN);
	if (pixGetText(pix) != NULL) {
		memset(&text, 0, sizeof(text));
		text.compression = PNG_TEXT_COMPRESSION_NONE;
		text.key = (char *)"Comment";
		text.text = pixGetText(pix);
		text.text_length = strlen(text.text);
		png_set_text(png, info, &text, 1);
	}
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_PAETH);
	png_set_compression_strategy(png, Z_RLE);
	png_set_compression_buffer_size(png, 1 << 16);
	png_write_info(png, info);
	/* leptonica's first pixel is a word's most significant byte */
	for (y = 0; y < h; y++) {
		line = pixGetData(pix) + (size_t)y * wpl;
		for (x = 0; x < wpl; x++) {
			v = line[x];
			row[4 * x] = (unsigned char)(v >> 24);
			row[4 * x + 1] = (unsigned char)(v >> 16);
			row[4 * x + 2] = (unsigned char)(v >> 8);
			row[4 * x + 3] = (unsigned char)v;
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	*data = o->buf;
	*size = o->len;
	free(o);
	return 0;
fail:
	png_destroy_write_struct(&png, &info);
	free(row);
	free(o->buf);
	free(o);
	if (errno == 0)
		errno = ENOMEM;
	return -1;
}
