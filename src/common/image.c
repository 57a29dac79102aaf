/*
 * image.c - bounded decoding of untrusted page images (see image.h)
 *
 * TIFF goes through libtiff with an in-memory client, so that every
 * directory's declared width and height are checked before leptonica
 * decodes it; PNG and JPEG headers are read with pixReadHeaderMem first.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <leptonica/allheaders.h>
#include <png.h>
#include <setjmp.h>
#include <jpeglib.h>
#include <tiffio.h>

#include "fileio.h"
#include "heif_read.h"
#include "image.h"
#include "image_int.h"
#include "job.h"
#include "pdf.h"
#include "sha256.h"
#include "strbuf.h"
#include "xalloc.h"

/*
 * stderr_mute / stderr_restore - libpng's default error handler, which
 * leptonica uses, prints "libpng error: ..." on stderr by itself; the
 * reason reaches the user through our own message instead
 */
static int
stderr_mute(void)
{
	int saved = dup(2), devnull;

	if (saved < 0)
		return -1;
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (devnull < 0 || dup2(devnull, 2) < 0) {
		if (devnull >= 0)
			close(devnull);
		close(saved);
		return -1;
	}
	close(devnull);
	return saved;
}

static void
stderr_restore(int saved)
{
	if (saved < 0)
		return;
	dup2(saved, 2);
	close(saved);
}

/*
 * the live mappings of image_map(): a page of a PDF read from one of them
 * gives its file pages back afterwards, or a long PDF's resident memory
 * would grow by the whole file as its pages are decoded
 */
#define MAPS	8
static struct {
	struct mapped m;
	/*
	 * a multi-page TIFF: the page TIFF_PAGE (0: none) has its directory
	 * at TIFF_OFF, so that reading the pages in order walks the chain of
	 * directories once, not once per page (which made the cost of a
	 * document grow with the square of its pages)
	 */
	int	 tiff_page;
	uint64_t tiff_off;
} maps[MAPS];

static void
maps_note(const struct mapped *m, int add)
{
	int i;

	for (i = 0; i < MAPS; i++)
		if (add ? maps[i].m.data == NULL : maps[i].m.data == m->data) {
			maps[i].m = add ? *m : (struct mapped){ NULL, 0 };
			maps[i].tiff_page = 0;
			maps[i].tiff_off = 0;
			return;
		}
}

/* map_slot - the slot of BUF (LEN bytes) if image_map() made it, else -1 */
static int
map_slot(const unsigned char *buf, size_t len)
{
	int i;

	for (i = 0; i < MAPS; i++)
		if (maps[i].m.data == buf && maps[i].m.size == len && len > 0)
			return i;
	return -1;
}

/* give_back - drop BUF's file pages from memory if image_map() made it */
static void
give_back(const unsigned char *buf)
{
	int i;

	for (i = 0; i < MAPS; i++)
		if (maps[i].m.data == buf && maps[i].m.size > 0)
			(void)madvise((void *)buf, maps[i].m.size,
			    MADV_DONTNEED);
}

int
image_map(const char *path, size_t max, struct mapped *m)
{
	struct stat st;
	void *p;
	int fd, saved;

	m->data = NULL;
	m->size = 0;
	if ((fd = file_open_regular(path, max, &st)) < 0)
		return -1;
	if (st.st_size == 0) {
		close(fd);
		m->data = (const unsigned char *)"";
		return 0;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	saved = errno;
	close(fd);
	if (p == MAP_FAILED) {
		errno = saved;
		return -1;
	}
	m->data = p;
	m->size = (size_t)st.st_size;
	maps_note(m, 1);
	return 0;
}

void
image_unmap(struct mapped *m)
{
	pdf_forget(m->data);
	if (m->size > 0) {
		maps_note(m, 0);
		munmap((void *)m->data, m->size);
	}
	m->data = NULL;
	m->size = 0;
}

const char *
image_media_type(const unsigned char *b, size_t n)
{
	const char *m;

	if (n >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) ||
	    (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42)))
		return "image/tiff";
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "image/jpeg";
	if (pdf_is(b, n))
		return "application/pdf";
	if (n >= 14 && b[0] == 'B' && b[1] == 'M')
		return "image/bmp";
	if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 ||
	    memcmp(b, "GIF89a", 6) == 0))
		return "image/gif";
	if (n >= 12 && memcmp(b, "RIFF", 4) == 0 &&
	    memcmp(b + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (n >= 12 && memcmp(b, "\0\0\0\x0cjP  \r\n\x87\n", 12) == 0)
		return "image/jp2";
	if ((m = heif_media(b, n)) != NULL)
		return m;
	if (n >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' &&
	    (b[2] == ' ' || b[2] == '\t' || b[2] == '\n' || b[2] == '\r' ||
	    b[2] == '#'))
		return "image/x-portable-anymap";
	return NULL;
}

static int header_probe(const unsigned char *, size_t, long, char *, size_t);

/*
 * by_mupdf - 1 if MuPDF decodes BUF of MEDIA: a PDF, JPEG 2000 (which
 * leptonica's reader fails on) and the BMP headers leptonica 1.82 does not
 * know (v4 and v5, which most programs write)
 */
static int
by_mupdf(const unsigned char *buf, size_t len, const char *media)
{
	char err[8];

	if (strcmp(media, "image/bmp") == 0)
		return header_probe(buf, len, IMAGE_MAX_PIXELS, err,
		    sizeof(err)) < 0;
	return strcmp(media, "application/pdf") == 0 ||
	    strcmp(media, "image/jp2") == 0;
}

/* by_heif - 1 if libheif decodes MEDIA: HEIC and AVIF photos */
static int
by_heif(const char *media)
{
	return strcmp(media, "image/heic") == 0 ||
	    strcmp(media, "image/avif") == 0;
}

const char *
image_decoder(const unsigned char *buf, size_t len, const char *media)
{
	if (media != NULL && by_heif(media))
		return heif_decoder();
	if (media != NULL && by_mupdf(buf, len, media))
		return pdf_decoder();
	return NULL;
}

/* an in-memory, read-only libtiff client */
struct memtiff {
	const unsigned char *buf;
	size_t	 size;
	size_t	 off;
};

static tmsize_t
mt_read(thandle_t h, void *dst, tmsize_t n)
{
	struct memtiff *m = h;
	size_t left = m->off < m->size ? m->size - m->off : 0;

	if (n < 0)
		return -1;
	if ((size_t)n > left)
		n = (tmsize_t)left;
	memcpy(dst, m->buf + m->off, (size_t)n);
	m->off += (size_t)n;
	return n;
}

static tmsize_t
mt_write(thandle_t h, void *src, tmsize_t n)
{
	(void)h;
	(void)src;
	(void)n;
	return -1;
}

static toff_t
mt_seek(thandle_t h, toff_t off, int whence)
{
	struct memtiff *m = h;
	uint64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->off :
	    m->size;

	if (off > UINT64_MAX - base || base + off > m->size + (1u << 20))
		return (toff_t)-1;
	m->off = (size_t)(base + off);
	return m->off;
}

static int
mt_close(thandle_t h)
{
	(void)h;
	return 0;
}

static toff_t
mt_size(thandle_t h)
{
	return ((struct memtiff *)h)->size;
}

static int
mt_map(thandle_t h, void **base, toff_t *size)
{
	(void)h;
	(void)base;
	(void)size;
	return 0;
}

static void
mt_unmap(thandle_t h, void *base, toff_t size)
{
	(void)h;
	(void)base;
	(void)size;
}

/*
 * tiff_probe - count the pages of the TIFF BUF (WANT 0) or find page WANT,
 * checking the declared size of each page looked at; the walk starts at
 * page FROM (>= 1, <= WANT), whose directory is at FROMOFF when FROM > 1.
 * The offset of page WANT's directory goes to *OFF when OFF is not NULL.
 */
static int
tiff_probe(const unsigned char *buf, size_t len, long max_pixels, int want,
    int from, uint64_t fromoff, uint64_t *off, int *pages, char *err,
    size_t errlen)
{
	struct memtiff m = { buf, len, 0 };
	uint32_t w, h;
	TIFF *t;
	int n = 0;

	image_tiff_err[0] = '\0';
	t = TIFFClientOpen("input", "rm", &m, mt_read, mt_write, mt_seek,
	    mt_close, mt_size, mt_map, mt_unmap);
	if (t == NULL) {
		snprintf(err, errlen, "corrupt TIFF: %s",
		    image_tiff_err[0] ? image_tiff_err : "cannot read header");
		return -1;
	}
	if (from > 1 && want >= from) {
		if (TIFFSetSubDirectory(t, fromoff) != 1) {
			/* not where it was: walk from the start */
			TIFFClose(t);
			return tiff_probe(buf, len, max_pixels, want, 1, 0,
			    off, pages, err, errlen);
		}
		n = from - 1;
	}
	do {
		n++;
		if (n > IMAGE_MAX_PAGES) {
			snprintf(err, errlen, "TIFF has more than %d pages",
			    IMAGE_MAX_PAGES);
			TIFFClose(t);
			return -1;
		}
		if (want > 0 && n != want)
			continue;
		if (TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &w) != 1 ||
		    TIFFGetField(t, TIFFTAG_IMAGELENGTH, &h) != 1 ||
		    w == 0 || h == 0) {
			snprintf(err, errlen, "corrupt TIFF: page %d has no "
			    "dimensions", n);
			TIFFClose(t);
			return -1;
		}
		if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE ||
		    (double)w * h > (double)max_pixels) {
			snprintf(err, errlen, "page %d is %ux%u pixels, over "
			    "the limit of %ld pixels", n, w, h, max_pixels);
			TIFFClose(t);
			return -1;
		}
		if (want > 0) {
			if (off != NULL)
				*off = TIFFCurrentDirOffset(t);
			break;
		}
	} while (TIFFReadDirectory(t));
	if (want <= 0 && image_tiff_err[0] != '\0' && n == 1) {
		/* the first directory itself was damaged */
		snprintf(err, errlen, "corrupt TIFF: %s", image_tiff_err);
		TIFFClose(t);
		return -1;
	}
	TIFFClose(t);
	if (want > 0 && n != want) {
		snprintf(err, errlen, "TIFF has no page %d", want);
		return -1;
	}
	*pages = n;
	return 0;
}

/*
 * header_probe - 0 if leptonica reads the header of the single image BUF
 * and it is at most MAX_PIXELS; -1 with the reason in ERR
 */
static int
header_probe(const unsigned char *buf, size_t len, long max_pixels,
    char *err, size_t errlen)
{
	l_int32 format, w, h, bps, spp, iscmap;

	if (pixReadHeaderMem(buf, len, &format, &w, &h, &bps, &spp,
	    &iscmap) != 0 || w <= 0 || h <= 0) {
		snprintf(err, errlen, "corrupt image: cannot read its header");
		return -1;
	}
	if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE ||
	    (double)w * h > (double)max_pixels) {
		snprintf(err, errlen, "image is %dx%d pixels, over the limit "
		    "of %ld pixels", w, h, max_pixels);
		return -1;
	}
	return 0;
}

int
image_probe(const unsigned char *buf, size_t len, const char *media,
    long max_pixels, int *pages, char *err, size_t errlen)
{
	image_quiet();
	*pages = 0;
	if (len == 0) {
		snprintf(err, errlen, "empty file");
		return -1;
	}
	if (media == NULL) {
		snprintf(err, errlen, "not an image or PDF in a supported "
		    "format (PDF, TIFF, PNG, JPEG, BMP, GIF, WEBP, PNM, "
		    "JPEG 2000, HEIC, AVIF)");
		return -1;
	}
	if (strcmp(media, "application/pdf") == 0)
		return pdf_probe(buf, len, IMAGE_MAX_PAGES, max_pixels, pages,
		    err, errlen);
	if (strcmp(media, "image/tiff") == 0)
		return tiff_probe(buf, len, max_pixels, 0, 1, 0, NULL, pages,
		    err, errlen);
	if (by_heif(media)) {
		if (heif_probe(buf, len, max_pixels, err, errlen) < 0)
			return -1;
	} else if (by_mupdf(buf, len, media)) {
		if (pdf_image_probe(buf, len, max_pixels, err, errlen) < 0)
			return -1;
	} else if (header_probe(buf, len, max_pixels, err, errlen) < 0)
		return -1;
	*pages = 1;
	return 0;
}

/*
 * normalise - PIX (consumed) as 1 bpp, 8 bpp grey or 32 bpp RGB: colour
 * maps expanded, alpha blended over white, 16 bits cut to 8, 2 and 4 bits
 * widened; NULL if out of memory
 */
static PIX *
normalise(PIX *pix)
{
	PIX *t = NULL;
	int d = pixGetDepth(pix);

	if (pixGetColormap(pix) != NULL)
		t = pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC);
	else if (d == 32 && pixGetSpp(pix) == 4)
		t = pixAlphaBlendUniform(pix, 0xffffff00);
	else if (d == 16)
		t = pixConvert16To8(pix, L_MS_BYTE);
	else if (d == 2 || d == 4)
		t = pixConvertTo8(pix, 0);
	else if (d == 24)
		t = pixConvert24To32(pix);
	else
		return pix;
	pixDestroy(&pix);
	if (t != NULL && pixGetDepth(t) == 32)
		pixSetSpp(t, 3);
	/* a colour map can expand to 2, 4 or 16 bits too */
	return t == NULL ? NULL : normalise(t);
}

/*
 * The digests of the pages decoded while image_digest_pages runs its
 * stage's work, by page of the source
 */
static struct {
	int	 on;
	int	 n;			/* pages that have room in SHA */
	char	(*sha)[65];
} rec;

/*
 * The digest read_luminance makes of the page it decodes, row by row as
 * libjpeg gives them (the bytes image_pixels_digest reads from the page
 * after, in a pass of its own over it: 2% of deskew's time): PIX the page
 * it is of, until image_read_page takes it
 */
static struct {
	struct sha256_stream h;
	int	 open;
	PIX	*pix;
	char	 hex[SHA256_HEX_LEN + 1];
} dig;

/* dig_end - the digest made into DIG.HEX, for PIX (NULL: for none) */
static void
dig_end(PIX *pix)
{
	char none[SHA256_HEX_LEN + 1];

	if (!dig.open)
		return;
	sha256_end_hex(&dig.h, pix != NULL ? dig.hex : none);
	dig.open = 0;
	dig.pix = pix;
}

/* record - the digest of page PAGE, decoded as PIX */
static void
record(int page, PIX *pix)
{
	if (page < 1 || page > IMAGE_MAX_PAGES)
		return;
	if (page > rec.n) {
		rec.sha = xreallocarray(rec.sha, (size_t)page,
		    sizeof(*rec.sha));
		memset(rec.sha + rec.n, 0, (size_t)(page - rec.n) *
		    sizeof(*rec.sha));
		rec.n = page;
	}
	if (pix == dig.pix && dig.pix != NULL)
		memcpy(rec.sha[page - 1], dig.hex, sizeof(dig.hex));
	else
		image_pixels_digest(pix, rec.sha[page - 1]);
}

/* the last page read came smaller than asked without IMAGE_READ_REDUCED */
int image_reduced_last;

/* the error manager of read_luminance: libjpeg's, and a way out */
struct jpeg_out {
	struct jpeg_error_mgr	 pub;
	jmp_buf			 jmp;
};

/* jpeg_fail - a fatal libjpeg error: say it, as leptonica does, and out */
static void
jpeg_fail(j_common_ptr cinfo)
{
	(*cinfo->err->output_message)(cinfo);
	longjmp(((struct jpeg_out *)cinfo->err)->jmp, 1);
}

/*
 * jpeg_text - the comment of the JPEG CINFO reads (markers saved) as the
 * text of PIX, as leptonica's pixReadMemJpeg sets it: the last comment
 * that holds anything, to its first NUL
 */
static void
jpeg_text(j_decompress_ptr cinfo, PIX *pix)
{
	jpeg_saved_marker_ptr mk, com = NULL;
	char *text;

	for (mk = cinfo->marker_list; mk != NULL; mk = mk->next)
		if (mk->marker == JPEG_COM && mk->data_length > 0)
			com = mk;
	if (com == NULL)
		return;
	text = xmalloc(com->data_length + 1);
	memcpy(text, com->data, com->data_length);
	text[com->data_length] = '\0';
	pixSetText(pix, text);
	free(text);
}

#define JPEG_ROWS	16		/* rows decoded at a time */

/*
 * read_luminance - what pixReadMemJpeg(BUF, LEN, 0, F, NULL,
 * L_JPEG_READ_LUMINANCE) gives: the Y channel of a YCbCr JPEG, reduced by
 * F (1, 2, 4 or 8) as libjpeg decodes it, with the file's resolution and
 * its last comment as the page's text; NULL if libjpeg fails or warns of
 * bad data.  Leptonica zeroes the page, then copies libjpeg's rows into
 * it a pixel at a time (5% of dossier-deskew's time on a 400-dpi scan):
 * here a word at a time.
 */
static PIX *
read_luminance(const unsigned char *buf, size_t len, int f)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_out jerr;
	PIX *volatile pix = NULL;
	JSAMPLE *volatile rows = NULL;
	JSAMPROW ptr[JPEG_ROWS];
	l_uint32 *line, v;
	JDIMENSION w, h, y, n, k, j;
	PIX *t;
	char head[64];
	int wpl;

	cinfo.err = jpeg_std_error(&jerr.pub);
	jerr.pub.error_exit = jpeg_fail;
	if (setjmp(jerr.jmp)) {
		dig_end(NULL);
		jpeg_destroy_decompress(&cinfo);
		t = pix;
		pixDestroy(&t);
		free(rows);
		return NULL;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, buf, (unsigned long)len);
	jpeg_save_markers(&cinfo, JPEG_COM, 0xffff);
	jpeg_read_header(&cinfo, TRUE);
	cinfo.scale_denom = (unsigned int)f;
	cinfo.scale_num = 1;
	jpeg_calc_output_dimensions(&cinfo);
	cinfo.out_color_space = JCS_GRAYSCALE;
	w = cinfo.output_width;
	h = cinfo.output_height;
	if ((pix = pixCreateNoInit((l_int32)w, (l_int32)h, 8)) == NULL ||
	    (rows = malloc((size_t)JPEG_ROWS * (w + 4))) == NULL) {
		jpeg_destroy_decompress(&cinfo);
		t = pix;
		pixDestroy(&t);
		return NULL;
	}
	pixSetInputFormat(pix, IFF_JFIF_JPEG);
	wpl = pixGetWpl(pix);
	for (k = 0; k < JPEG_ROWS; k++)
		ptr[k] = rows + (size_t)k * (w + 4);
	jpeg_start_decompress(&cinfo);
	/* the page's digest, as image_pixels_digest makes it (record) */
	if (rec.on && f == 1) {
		sha256_begin(&dig.h);
		dig.open = 1;
		snprintf(head, sizeof(head), "%ux%ux8\n", (unsigned)w,
		    (unsigned)h);
		sha256_update(&dig.h, head, strlen(head));
	}
	for (y = 0; y < h; y += n) {
		if ((n = jpeg_read_scanlines(&cinfo, ptr, h - y < JPEG_ROWS ?
		    h - y : JPEG_ROWS)) == 0)
			longjmp(jerr.jmp, 1);
		/* leptonica's first pixel is a word's most significant byte */
		for (k = 0; k < n; k++) {
			line = pixGetData(pix) + (size_t)(y + k) * wpl;
			if (dig.open)
				sha256_update(&dig.h, ptr[k], w);
			memset(ptr[k] + w, 0, 4);
			for (j = 0; j < (JDIMENSION)wpl; j++) {
				memcpy(&v, ptr[k] + 4 * j, 4);
				line[j] = v >> 24 | (v >> 8 & 0xff00) |
				    (v << 8 & 0xff0000) | v << 24;
			}
		}
	}
	if (cinfo.density_unit == 1)
		pixSetResolution(pix, cinfo.X_density, cinfo.Y_density);
	else if (cinfo.density_unit == 2)
		pixSetResolution(pix,
		    (l_int32)((l_float32)cinfo.X_density * 2.54 + 0.5),
		    (l_int32)((l_float32)cinfo.Y_density * 2.54 + 0.5));
	jpeg_text(&cinfo, pix);
	/* the warnings of the rows: those of the end do not count */
	k = (JDIMENSION)jerr.pub.num_warnings;
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	free(rows);
	t = pix;
	if (k > 0)
		pixDestroy(&t);		/* bad data */
	dig_end(t);
	return t;
}

/* what a JPEG's header says (readHeaderMemJpeg) */
struct jpeg_head {
	l_int32	 w, h, spp, ycck, cmyk;
};

/* jpeg_head - the header of the JPEG BUF into *HD: 0, or -1 for none */
static int
jpeg_head(const unsigned char *buf, size_t len, struct jpeg_head *hd)
{
	memset(hd, 0, sizeof(*hd));
	return readHeaderMemJpeg(buf, len, &hd->w, &hd->h, &hd->spp,
	    &hd->ycck, &hd->cmyk) == 0 ? 0 : -1;
}

/*
 * jpeg_at - the JPEG BUF of header HD, reduced F times (1, 2, 4 or 8) by
 * libjpeg as it decodes: with IMAGE_READ_GREY in FLAGS, a YCbCr JPEG as
 * its Y channel alone, with no chroma upsampling or colour conversion,
 * and a quarter of the memory (libjpeg cannot give CMYK as grey)
 */
static PIX *
jpeg_at(const unsigned char *buf, size_t len, const struct jpeg_head *hd,
    int flags, int f)
{
	int hint = 0;

	/*
	 * a grey JPEG is its luminance too: read_luminance gives the same
	 * pixels as leptonica, a word at a time where leptonica goes a
	 * pixel at a time over a page it zeroed first, and the page's
	 * digest on the way (the camera letter: leptonica's own copy was
	 * 5% of deskew's instructions)
	 */
	if (hd->spp == 1 || ((flags & IMAGE_READ_GREY) && hd->spp == 3 &&
	    !hd->ycck && !hd->cmyk))
		hint = L_JPEG_READ_LUMINANCE;
	if (hint == 0 && f == 1)
		return pixReadMem(buf, len);
	return hint == L_JPEG_READ_LUMINANCE ? read_luminance(buf, len, f) :
	    pixReadMemJpeg(buf, len, 0, f, NULL, hint);
}

/*
 * read_jpeg - the JPEG BUF (jpeg_at); with IMAGE_READ_REDUCED, scaled
 * down while it keeps IMAGE_REDUCED_DPI
 */
static PIX *
read_jpeg(const unsigned char *buf, size_t len, int flags)
{
	struct jpeg_head hd;
	l_int32 xres = 0, yres = 0;
	int f = 1;
	double dpi;
	PIX *pix;

	if (jpeg_head(buf, len, &hd) < 0)
		return pixReadMem(buf, len);
	if (flags & IMAGE_READ_REDUCED) {
		(void)readResolutionMemJpeg(buf, len, &xres, &yres);
		/* no resolution said: a page of A4 */
		dpi = xres >= 50 && xres <= 1200 ? xres :
		    (hd.w > hd.h ? hd.w : hd.h) / 11.69;
		while (f < 8 && dpi / (2 * f) >= IMAGE_REDUCED_DPI)
			f *= 2;
	}
	pix = jpeg_at(buf, len, &hd, flags, f);
	if (f > 1)
		image_reduced_last = 1;
	if (pix != NULL && f > 1 && xres > 0)
		pixSetResolution(pix, xres / f, yres / f);
	return pix;
}

struct Pix *
image_jpeg_at(const unsigned char *buf, size_t len, int w, int h, int flags,
    int f)
{
	struct jpeg_head hd;
	PIX *pix;
	int saved;

	image_quiet();
	saved = stderr_mute();
	/* the size its header says, before libjpeg makes room for it */
	pix = jpeg_head(buf, len, &hd) == 0 && hd.w == w && hd.h == h ?
	    jpeg_at(buf, len, &hd, flags, f) : NULL;
	stderr_restore(saved);
	return pix == NULL ? NULL : normalise(pix);
}

/* the source of read_png_grey's libpng */
struct mempng {
	const unsigned char *buf;
	size_t	 size;
	size_t	 off;
};

static void
mp_read(png_structp png, png_bytep dst, size_t n)
{
	struct mempng *m = png_get_io_ptr(png);

	if (n > m->size - m->off)
		png_error(png, "truncated");
	memcpy(dst, m->buf + m->off, n);
	m->off += n;
}

#define PNG_STRIP	64		/* rows converted at a time */

/*
 * read_png_grey - the 8-bit RGB PNG BUF (not interlaced, no transparency)
 * as 8 bpp grey, decoded row by row and turned to grey a strip at a time
 * by the same leptonica conversion the page would have had whole
 * (pixConvertTo8 of the RGB page, the pixels of image_pixels_digest and
 * of deskew): a page held once as grey, never as RGB (a 12247x12247 page
 * took 1 GB).  NULL with *TRIED 0 if BUF is another kind of PNG (the
 * caller reads it whole); NULL with *TRIED 1 if it cannot be decoded.
 */
static PIX *
read_png_grey(const unsigned char *buf, size_t len, int *tried)
{
	struct mempng m = { buf, len, 0 };
	png_structp png;
	png_infop info;
	png_uint_32 w, h, y, x, r, rows;
	l_int32 xres = 0, yres = 0;
	int depth, ctype, ilace;
	unsigned char *volatile row = NULL;
	PIX *volatile out = NULL;
	PIX *volatile strip = NULL;
	PIX *grey;
	l_uint32 *line;
	FILE *fp;

	*tried = 0;
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL,
	    image_png_error, image_png_warning);
	if (png == NULL)
		return NULL;
	if ((info = png_create_info_struct(png)) == NULL) {
		png_destroy_read_struct(&png, NULL, NULL);
		return NULL;
	}
	if (setjmp(png_jmpbuf(png))) {
		pixDestroy((PIX **)&strip);
		pixDestroy((PIX **)&out);
		png_destroy_read_struct(&png, &info, NULL);
		free(row);
		return NULL;
	}
	png_set_read_fn(png, &m, mp_read);
	png_read_info(png, info);
	png_get_IHDR(png, info, &w, &h, &depth, &ctype, &ilace, NULL, NULL);
	if (depth != 8 || ctype != PNG_COLOR_TYPE_RGB ||
	    ilace != PNG_INTERLACE_NONE ||
	    png_get_valid(png, info, PNG_INFO_tRNS) ||
	    png_get_rowbytes(png, info) != (size_t)w * 3) {
		png_destroy_read_struct(&png, &info, NULL);
		return NULL;
	}
	*tried = 1;
	row = xmalloc((size_t)w * 3);
	if ((out = pixCreate((l_int32)w, (l_int32)h, 8)) == NULL ||
	    (strip = pixCreate((l_int32)w, PNG_STRIP, 32)) == NULL)
		png_error(png, "out of memory");
	pixSetSpp(strip, 3);
	for (y = 0; y < h; y += rows) {
		rows = h - y < PNG_STRIP ? h - y : PNG_STRIP;
		for (r = 0; r < rows; r++) {
			png_read_row(png, row, NULL);
			line = pixGetData(strip) + (size_t)r * pixGetWpl(strip);
			for (x = 0; x < w; x++)
				composeRGBPixel(row[3 * x], row[3 * x + 1],
				    row[3 * x + 2], line + x);
		}
		/* the rows of a last, short strip alone are kept */
		if ((grey = pixConvertTo8(strip, 0)) == NULL)
			png_error(png, "out of memory");
		memcpy(pixGetData(out) + (size_t)y * pixGetWpl(out),
		    pixGetData(grey), (size_t)rows * pixGetWpl(out) * 4);
		pixDestroy(&grey);
	}
	png_read_end(png, NULL);
	png_destroy_read_struct(&png, &info, NULL);
	free(row);
	pixDestroy((PIX **)&strip);
	/* the resolution as leptonica's own reader gives it */
	if ((fp = fmemopen((void *)buf, len, "r")) != NULL) {
		if (fgetPngResolution(fp, &xres, &yres) == 0)
			pixSetResolution(out, xres, yres);
		fclose(fp);
	}
	pixSetInputFormat(out, IFF_PNG);
	return out;
}

/*
 * read_tiff - page PAGE of the TIFF BUF; NULL with the reason in ERR if it
 * is not there or too large, NULL with ERR "" if leptonica cannot decode
 * it.  A buffer of image_map() keeps where the next page's directory is:
 * pages read in order cost one directory each.
 */
static PIX *
read_tiff(const unsigned char *buf, size_t len, int page, long max_pixels,
    char *err, size_t errlen)
{
	uint64_t off = 0;
	size_t next;
	PIX *pix;
	int slot = map_slot(buf, len), from = 1, n;

	if (slot >= 0 && maps[slot].tiff_page >= 1 &&
	    maps[slot].tiff_page <= page) {
		from = maps[slot].tiff_page;
		off = maps[slot].tiff_off;
	}
	if (tiff_probe(buf, len, max_pixels, page, from, off, &off, &n, err,
	    errlen) < 0)
		return NULL;
	err[0] = '\0';
	if (slot < 0 || off == 0)
		return pixReadMemTiff(buf, len, page - 1);
	next = (size_t)off;
	pix = pixReadMemFromMultipageTiff(buf, len, &next);
	maps[slot].tiff_page = page;
	maps[slot].tiff_off = off;
	if (pix != NULL && next != 0) {
		maps[slot].tiff_page = page + 1;
		maps[slot].tiff_off = next;
	}
	return pix;
}

/* read_page - image_read_page but for the digests */
static PIX *
read_page(const unsigned char *buf, size_t len, const char *media,
    int page, long max_pixels, int flags, char *err, size_t errlen)
{
	PIX *pix;
	int saved, tried;

	image_quiet();
	if (media == NULL || len == 0) {
		snprintf(err, errlen, "not a supported image");
		return NULL;
	}
	if (strcmp(media, "application/pdf") == 0) {
		pix = pdf_read_page(buf, len, page, max_pixels, flags, err,
		    errlen);
		give_back(buf);
		return pix;
	}
	if (strcmp(media, "image/tiff") == 0) {
		if ((pix = read_tiff(buf, len, page, max_pixels, err,
		    errlen)) == NULL && err[0] != '\0')
			return NULL;
		if (pix == NULL)
			return pdf_read_tiff(buf, len, page, flags, err,
			    errlen);
	} else if (page != 1) {
		/* every other format holds one page */
		snprintf(err, errlen, "no page %d in a single-page image",
		    page);
		return NULL;
	} else if (by_heif(media)) {
		if ((pix = heif_read(buf, len, max_pixels, err, errlen)) ==
		    NULL)
			return NULL;
	} else if (by_mupdf(buf, len, media)) {
		return pdf_read_image(buf, len, max_pixels, flags, err, errlen);
	} else {
		if (header_probe(buf, len, max_pixels, err, errlen) < 0)
			return NULL;
		saved = stderr_mute();
		tried = 0;
		if (strcmp(media, "image/jpeg") == 0)
			pix = read_jpeg(buf, len, flags);
		else if (strcmp(media, "image/png") == 0 &&
		    (flags & IMAGE_READ_GREY) &&
		    ((pix = read_png_grey(buf, len, &tried)) != NULL ||
		    tried))
			;
		else
			pix = pixReadMem(buf, len);
		stderr_restore(saved);
	}
	if (pix == NULL) {
		snprintf(err, errlen, "corrupt image: page %d cannot be "
		    "decoded%s%s", page, image_tiff_err[0] ? ": " : "",
		    image_tiff_err);
		return NULL;
	}
	if ((pix = normalise(pix)) == NULL)
		snprintf(err, errlen, "page %d: out of memory", page);
	return pix;
}

struct Pix *
image_read_page(const unsigned char *buf, size_t len, const char *media,
    int page, long max_pixels, int flags, char *err, size_t errlen)
{
	PIX *pix;

	image_reduced_last = 0;
	pix = read_page(buf, len, media, page, max_pixels, flags, err,
	    errlen);
	if (pix != NULL && rec.on && !(flags & IMAGE_READ_REDUCED))
		record(page, pix);
	dig.pix = NULL;
	return pix;
}

int
image_read_reduced(void)
{
	return image_reduced_last;
}

void
image_digest_given(int page, struct Pix *pix)
{
	if (rec.on)
		record(page, pix);
}

int
image_decoded_path(const struct job *job, long page, char *buf, size_t size)
{
	char name[32];

	snprintf(name, sizeof(name), IMAGE_DECODED, page);
	return job_path(job, name, buf, size);
}

/*
 * words_to_bytes - the N 8-bit pixels of the leptonica words at LINE, in
 * pixel order (the first pixel is a word's most significant byte), to DST
 */
static void
words_to_bytes(unsigned char *dst, const l_uint32 *line, size_t n)
{
	l_uint32 v;
	size_t j;

	for (j = 0; j < n / 4; j++) {
		v = line[j];
		dst[4 * j] = (unsigned char)(v >> 24);
		dst[4 * j + 1] = (unsigned char)(v >> 16);
		dst[4 * j + 2] = (unsigned char)(v >> 8);
		dst[4 * j + 3] = (unsigned char)v;
	}
	for (j = n / 4 * 4; j < n; j++)
		dst[j] = (unsigned char)GET_DATA_BYTE(line, j);
}

/*
 * bits_to_bytes - the N 1-bit pixels at LINE as bytes at DST: 0 for a
 * set (black) pixel, 255 for a clear one, as pixConvertTo8 makes them
 */
static void
bits_to_bytes(unsigned char *dst, const l_uint32 *line, size_t n)
{
	l_uint32 v;
	size_t j;
	int b;

	for (j = 0; j + 32 <= n; j += 32) {
		v = line[j / 32];
		if (v == 0) {
			memset(dst + j, 255, 32);
			continue;
		}
		for (b = 0; b < 32; b++)
			dst[j + b] = v & 0x80000000u >> b ? 0 : 255;
	}
	for (; j < n; j++)
		dst[j] = GET_DATA_BIT(line, j) ? 0 : 255;
}

void
image_pixels_digest(struct Pix *page, char *out)
{
	struct sha256_stream h;
	l_uint32 w, hh, wpl, y, x, n;
	unsigned char row[4096];
	char head[64];
	const l_uint32 *line;
	PIX *pix = NULL, *src = page;
	int d = pixGetDepth(page);

	out[0] = '\0';
	/*
	 * The bytes of pixConvertTo8(): a 1-bit or 8-bit grey page is read
	 * as it is, row by row, with no 8-bit copy of it
	 */
	if (pixGetColormap(page) != NULL || (d != 1 && d != 8)) {
		if ((pix = src = pixConvertTo8(page, 0)) == NULL)
			return;
		d = 8;
	}
	w = pixGetWidth(src);
	hh = pixGetHeight(src);
	wpl = pixGetWpl(src);
	sha256_begin(&h);
	snprintf(head, sizeof(head), "%ux%ux8\n", w, hh);
	sha256_update(&h, head, strlen(head));
	/*
	 * leptonica's words are host-endian: digest the bytes in order, a
	 * word at a time (a pixel at a time took 4% of deskew's work)
	 */
	for (y = 0; y < hh; y++) {
		line = pixGetData(src) + (size_t)y * wpl;
		for (x = 0; x < w; x += n) {
			n = w - x < sizeof(row) ? w - x : sizeof(row);
			if (d == 1)
				bits_to_bytes(row, line + x / 32, n);
			else
				words_to_bytes(row, line + x / 4, n);
			sha256_update(&h, row, n);
		}
	}
	sha256_end_hex(&h, out);
	pixDestroy(&pix);
}

void
image_digest_page(struct job *job, long k)
{
	char key[64];
	long sp;

	if (!rec.on || k < 1 || k > IMAGE_MAX_PAGES)
		return;
	sp = job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "source_page"), k);
	if (sp >= 1 && sp <= rec.n && rec.sha[sp - 1][0] != '\0')
		job_set(job, job_pagekey(key, sizeof(key), (int)k,
		    "pixels_sha256"), rec.sha[sp - 1]);
}

enum verdict
image_digest_pages(struct job *job, enum verdict (*fn)(struct job *, char *,
    size_t), char *err, size_t errlen)
{
	enum verdict v;

	rec.on = 1;
	v = fn(job, err, errlen);
	free(rec.sha);
	memset(&rec, 0, sizeof(rec));
	return v;
}
