/*
 * pdf.c - PDF pages as page images through MuPDF (see pdf.h)
 *
 * One MuPDF context for the process, with a counting allocator that
 * refuses to go over PDF_MAX_MEMORY (a PDF bomb then fails with "out of
 * memory" instead of taking the machine) and a bounded store, so memory
 * stays flat over the pages of a long PDF.  One document is kept open
 * between calls on the same buffer: a 500-page PDF is parsed once, not
 * once per page.
 *
 * To tell a scan from a composed page, the page is first run through a
 * device that only counts what it would draw: one image and nothing else
 * visible (invisible OCR text is never drawn) means the image is the
 * page.  That image is then decoded at its own size and turned by the
 * page's matrix when it is axis-aligned; any other page is rendered.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include "image.h"
#include "image_int.h"
#include "pdf.h"

/* allocations carry their size in a header of this many bytes */
#define HDR	16
#define COVER	0.90		/* share of the page the image must cover */

static size_t pdf_used;
static char pdf_msg[256];	/* MuPDF's last error or warning */
static char pdf_lost[256];	/* its first that an image lost data */

static void *
cnt_malloc(void *user, size_t n)
{
	unsigned char *p;

	(void)user;
	if (n > PDF_MAX_MEMORY || pdf_used + n > PDF_MAX_MEMORY)
		return NULL;
	if ((p = malloc(n + HDR)) == NULL)
		return NULL;
	memcpy(p, &n, sizeof(n));
	pdf_used += n;
	return p + HDR;
}

static void
cnt_free(void *user, void *q)
{
	unsigned char *p = q;
	size_t n;

	(void)user;
	if (p == NULL)
		return;
	memcpy(&n, p - HDR, sizeof(n));
	pdf_used -= n;
	free(p - HDR);
}

static void *
cnt_realloc(void *user, void *q, size_t n)
{
	unsigned char *p = q, *r;
	size_t old;

	if (p == NULL)
		return cnt_malloc(user, n);
	if (n == 0) {
		cnt_free(user, q);
		return NULL;
	}
	memcpy(&old, p - HDR, sizeof(old));
	if (n > PDF_MAX_MEMORY || pdf_used - old + n > PDF_MAX_MEMORY)
		return NULL;
	if ((r = realloc(p - HDR, n + HDR)) == NULL)
		return NULL;
	memcpy(r, &n, sizeof(n));
	pdf_used = pdf_used - old + n;
	return r + HDR;
}

static const fz_alloc_context cnt_alloc = {
	NULL, cnt_malloc, cnt_realloc, cnt_free
};

/*
 * lost_data - 1 if MuPDF's MESSAGE says that the data of an image ended
 * before the image did: MuPDF then pads the image (black rows, or the
 * grey of the blocks libjpeg could not decode) and carries on, and a page
 * cut in half would be archived as if it were whole.  What MuPDF 1.21
 * says of an image stream cut short, or whose decoder failed midway (a
 * JPEG of two SOI markers, a JBIG2 or fax stream in error), of the data
 * of a JPEG in a PDF and of a BMP file ending early.  Not "premature end
 * of data in flate filter" alone: a stream that lacks only zlib's
 * checksum says it with every row there.  The leptonica path refuses a
 * JPEG, PNG or TIFF cut short the same way (image.c); no file of the
 * corpus's 85 PDFs says any of these.
 */
static int
lost_data(const char *message)
{
	static const char *const says[] = {
		"padding truncated image",
		"premature end of file in jpeg",
		"premature end in bitmap data",
	};
	size_t i;

	for (i = 0; i < sizeof(says) / sizeof(says[0]); i++)
		if (strstr(message, says[i]) != NULL)
			return 1;
	return 0;
}

static void
keep_message(void *user, const char *message)
{
	(void)user;
	snprintf(pdf_msg, sizeof(pdf_msg), "%s", message);
	if (pdf_lost[0] == '\0' && lost_data(message))
		snprintf(pdf_lost, sizeof(pdf_lost), "%s", message);
}

/*
 * damaged - PIX, or NULL (PIX destroyed, the reason in ERR) if MuPDF said
 * while it decoded it that image data was lost (lost_data)
 */
static PIX *
damaged(PIX *pix, char *err, size_t errlen)
{
	if (pix == NULL || pdf_lost[0] == '\0')
		return pix;
	pixDestroy(&pix);
	snprintf(err, errlen, "damaged image: %s", pdf_lost);
	return NULL;
}

/* the open document: the buffer it reads and a copy of its ends */
static struct {
	fz_context *ctx;
	fz_document *doc;
	const unsigned char *buf;
	size_t	 len;
	unsigned char head[64], tail[64];
} pc;

static fz_context *
context(void)
{
	if (pc.ctx != NULL)
		return pc.ctx;
	pc.ctx = fz_new_context(&cnt_alloc, NULL, PDF_STORE);
	if (pc.ctx == NULL)
		return NULL;
	fz_set_error_callback(pc.ctx, keep_message, NULL);
	fz_set_warning_callback(pc.ctx, keep_message, NULL);
	fz_try(pc.ctx)
		fz_register_document_handlers(pc.ctx);
	fz_catch(pc.ctx) {
		fz_drop_context(pc.ctx);
		pc.ctx = NULL;
	}
	return pc.ctx;
}

void
pdf_forget(const unsigned char *buf)
{
	if (pc.doc == NULL || (buf != NULL && buf != pc.buf))
		return;
	fz_drop_document(pc.ctx, pc.doc);
	pc.doc = NULL;
	pc.buf = NULL;
	pc.len = 0;
	fz_empty_store(pc.ctx);
}

const char *
pdf_decoder(void)
{
	return "MuPDF " FZ_VERSION;
}

int
pdf_is(const unsigned char *buf, size_t len)
{
	size_t n = len < 1024 ? len : 1024;

	return n >= 5 && memmem(buf, n, "%PDF-", 5) != NULL;
}

static size_t
ends(size_t len)
{
	return len < sizeof(pc.head) ? len : sizeof(pc.head);
}

/* reason - ERR from what MuPDF said last */
static void
reason(char *err, size_t errlen, const char *what)
{
	const char *m = fz_caught_message(pc.ctx);

	if (m == NULL || *m == '\0')
		m = pdf_msg;
	if (strstr(m, "out of memory") != NULL || strstr(m, "malloc") != NULL)
		snprintf(err, errlen, "%s: needs more than %lu MB to decode",
		    what, PDF_MAX_MEMORY >> 20);
	else
		snprintf(err, errlen, "%s: %s", what, *m ? m : "unknown error");
}

/*
 * open_doc - the document on BUF, opened or the one kept; NULL with the
 * reason in ERR
 */
static fz_document *
open_doc(const unsigned char *buf, size_t len, char *err, size_t errlen)
{
	fz_context *ctx;
	fz_stream *volatile stm = NULL;
	fz_buffer *volatile fb = NULL;
	fz_document *volatile doc = NULL;
	size_t e = ends(len);
	volatile int locked = 0;

	if ((ctx = context()) == NULL) {
		snprintf(err, errlen, "cannot start MuPDF: out of memory");
		return NULL;
	}
	if (pc.doc != NULL && pc.buf == buf && pc.len == len &&
	    memcmp(pc.head, buf, e) == 0 &&
	    memcmp(pc.tail, buf + len - e, e) == 0)
		return pc.doc;
	pdf_forget(NULL);
	if (!pdf_is(buf, len)) {
		snprintf(err, errlen, "not a PDF");
		return NULL;
	}
	pdf_msg[0] = '\0';
	fz_try(ctx) {
		fb = fz_new_buffer_from_shared_data(ctx, buf, len);
		stm = fz_open_buffer(ctx, fb);
		doc = fz_open_document_with_stream(ctx, "application/pdf", stm);
		locked = fz_needs_password(ctx, doc);
	} fz_always(ctx) {
		fz_drop_stream(ctx, stm);
		fz_drop_buffer(ctx, fb);
	} fz_catch(ctx) {
		fz_drop_document(ctx, doc);
		reason(err, errlen, "corrupt PDF");
		return NULL;
	}
	if (locked) {
		fz_drop_document(ctx, doc);
		snprintf(err, errlen, "encrypted PDF: it needs a password");
		return NULL;
	}
	pc.doc = doc;
	pc.buf = buf;
	pc.len = len;
	memcpy(pc.head, buf, e);
	memcpy(pc.tail, buf + len - e, e);
	return doc;
}

/*
 * Resources nest (a form inside a form, a pattern or Type 3 font with its
 * own resources) and MuPDF follows them by recursion when it loads a page:
 * a chain 100000 deep overflows the stack.  No real page nests more than
 * a few levels; the walk is bounded in depth and in the paths it follows.
 */
#define MAX_NESTING	64
#define MAX_VISITS	100000

struct nest {
	int	 visits;
	int	 deep;		/* the limit was passed */
};

static void nest_walk(fz_context *, pdf_obj *, int, pdf_cycle_list *,
    struct nest *);

/* nest_into - walk the resources of V (a form, pattern, font or gstate) */
static void
nest_into(fz_context *ctx, pdf_obj *v, int depth, pdf_cycle_list *up,
    struct nest *n)
{
	pdf_obj *smask;

	nest_walk(ctx, pdf_dict_get(ctx, v, PDF_NAME(Resources)), depth, up,
	    n);
	smask = pdf_dict_get(ctx, v, PDF_NAME(SMask));
	if (pdf_is_dict(ctx, smask))
		nest_walk(ctx, pdf_dict_get(ctx, pdf_dict_get(ctx, smask,
		    PDF_NAME(G)), PDF_NAME(Resources)), depth, up, n);
}

static void
nest_walk(fz_context *ctx, pdf_obj *res, int depth, pdf_cycle_list *up,
    struct nest *n)
{
	pdf_obj *kinds[4], *d;
	pdf_cycle_list here;
	int i, j, len;

	if (n->deep || !pdf_is_dict(ctx, res) || pdf_cycle(ctx, &here, up, res))
		return;
	if (depth > MAX_NESTING || ++n->visits > MAX_VISITS) {
		n->deep = 1;
		return;
	}
	kinds[0] = PDF_NAME(XObject);
	kinds[1] = PDF_NAME(Pattern);
	kinds[2] = PDF_NAME(Font);
	kinds[3] = PDF_NAME(ExtGState);
	for (i = 0; i < 4 && !n->deep; i++) {
		d = pdf_dict_get(ctx, res, kinds[i]);
		len = pdf_is_dict(ctx, d) ? pdf_dict_len(ctx, d) : 0;
		for (j = 0; j < len && !n->deep; j++)
			nest_into(ctx, pdf_dict_get_val(ctx, d, j), depth + 1,
			    &here, n);
	}
}

/*
 * check_nesting - 0 if page PAGE (0-based) of DOC nests its resources
 * within the limits, else -1 with the reason in ERR.  May throw
 */
static int
check_nesting(fz_context *ctx, fz_document *doc, int page, char *err,
    size_t errlen)
{
	pdf_document *pdf = pdf_specifics(ctx, doc);
	struct nest n = { 0, 0 };
	pdf_obj *obj;

	if (pdf == NULL)
		return 0;
	obj = pdf_lookup_page_obj(ctx, pdf, page);
	nest_walk(ctx, pdf_dict_get_inheritable(ctx, obj,
	    PDF_NAME(Resources)), 0, NULL, &n);
	if (n.deep) {
		snprintf(err, errlen, "corrupt PDF: page %d nests its "
		    "resources more than %d deep, or in more than %d ways",
		    page + 1, MAX_NESTING, MAX_VISITS);
		return -1;
	}
	return 0;
}

/* truncated - 1 if no %%EOF ends BUF (in its last 1024 bytes) */
static int
truncated(const unsigned char *buf, size_t len)
{
	size_t n = len < 1024 ? len : 1024;

	return memmem(buf + len - n, n, "%%EOF", 5) == NULL;
}

/* check_box - 0 if page box B fits the limits, else -1 with ERR */
static int
check_box(fz_rect b, int page, long max_pixels, char *err, size_t errlen)
{
	double w = b.x1 - b.x0, h = b.y1 - b.y0;
	double s = PDF_RENDER_DPI / 72.0;

	if (!(w >= 1 && h >= 1)) {
		snprintf(err, errlen, "corrupt PDF: page %d has an empty "
		    "page box", page);
		return -1;
	}
	if (w > PDF_MAX_POINTS || h > PDF_MAX_POINTS) {
		snprintf(err, errlen, "page %d is %.0fx%.0f inches, over the "
		    "limit of %d inches a side", page, w / 72, h / 72,
		    PDF_MAX_POINTS / 72);
		return -1;
	}
	if (w * s * h * s > (double)max_pixels) {
		snprintf(err, errlen, "page %d is %.0fx%.0f inches, over the "
		    "limit of %ld pixels at %d dpi", page, w / 72, h / 72,
		    max_pixels, PDF_RENDER_DPI);
		return -1;
	}
	return 0;
}

int
pdf_probe(const unsigned char *buf, size_t len, int max_pages,
    long max_pixels, int *pages, char *err, size_t errlen)
{
	fz_document *doc;
	fz_page *volatile pg = NULL;
	fz_rect b;
	volatile int n = 0, k = 0, bad = 0;

	*pages = 0;
	doc = open_doc(buf, len, err, errlen);
	if (doc != NULL) {
		fz_try(pc.ctx)
			n = fz_count_pages(pc.ctx, doc);
		fz_catch(pc.ctx) {
			reason(err, errlen, "corrupt PDF");
			n = -1;
		}
		if (n > 0 && n <= max_pages)
			*pages = n;
	}
	/* what is left of a truncated PDF is counted, never archived */
	if (truncated(buf, len) && (doc == NULL || n >= 0))
		snprintf(err, errlen, "truncated PDF: it does not end with "
		    "%%%%EOF");
	else if (doc != NULL && n == 0)
		snprintf(err, errlen, "corrupt PDF: it has no pages");
	else if (n > max_pages)
		snprintf(err, errlen, "PDF has %d pages, over the limit of %d",
		    n, max_pages);
	if (doc == NULL || n <= 0 || n > max_pages || truncated(buf, len)) {
		pdf_forget(buf);
		return -1;
	}
	for (k = 0; k < n && !bad; k++) {
		fz_try(pc.ctx) {
			if (check_nesting(pc.ctx, doc, k, err, errlen) < 0)
				bad = 1;
			else {
				pg = fz_load_page(pc.ctx, doc, k);
				b = fz_bound_page(pc.ctx, pg);
				if (check_box(b, k + 1, max_pixels, err,
				    errlen) < 0)
					bad = 1;
			}
		} fz_always(pc.ctx) {
			fz_drop_page(pc.ctx, pg);
			pg = NULL;
		} fz_catch(pc.ctx) {
			char what[64];

			snprintf(what, sizeof(what), "corrupt PDF: page %d",
			    k + 1);
			reason(err, errlen, what);
			bad = 1;
		}
	}
	/* ingest reads every file once: keep nothing open for it */
	pdf_forget(buf);
	return bad ? -1 : 0;
}

/* the device that counts what a page draws */
struct scandev {
	fz_device super;
	int	 images, other;
	fz_image *image;
	fz_matrix ctm;
};

static void
sd_image(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
    float alpha, fz_color_params cp)
{
	struct scandev *sd = (struct scandev *)dev;

	(void)cp;
	if (sd->images++ == 0 && alpha == 1 && img->mask == NULL &&
	    !img->use_colorkey) {
		sd->image = fz_keep_image(ctx, img);
		sd->ctm = ctm;
	} else
		sd->other++;
}

static void
sd_path(fz_context *ctx, fz_device *dev, const fz_path *p, int eo,
    fz_matrix ctm, fz_colorspace *cs, const float *c, float a,
    fz_color_params cp)
{
	((struct scandev *)dev)->other++;
}

static void
sd_stroke(fz_context *ctx, fz_device *dev, const fz_path *p,
    const fz_stroke_state *ss, fz_matrix ctm, fz_colorspace *cs,
    const float *c, float a, fz_color_params cp)
{
	((struct scandev *)dev)->other++;
}

static void
sd_text(fz_context *ctx, fz_device *dev, const fz_text *t, fz_matrix ctm,
    fz_colorspace *cs, const float *c, float a, fz_color_params cp)
{
	((struct scandev *)dev)->other++;
}

static void
sd_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *t,
    const fz_stroke_state *ss, fz_matrix ctm, fz_colorspace *cs,
    const float *c, float a, fz_color_params cp)
{
	((struct scandev *)dev)->other++;
}

static void
sd_shade(fz_context *ctx, fz_device *dev, fz_shade *s, fz_matrix ctm,
    float a, fz_color_params cp)
{
	((struct scandev *)dev)->other++;
}

static void
sd_mask(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
    fz_colorspace *cs, const float *c, float a, fz_color_params cp)
{
	((struct scandev *)dev)->other++;
}

static void
sd_clip_mask(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
    fz_rect scissor)
{
	((struct scandev *)dev)->other++;
}

/*
 * bits_from - the W bytes P (a row of 8-bit grey) as 1-bit pixels into
 * LINE (leptonica's: 32 a word, the first in its high bit, 1 is black);
 * a byte is black under 128.  Eight bytes at a time: their high bits,
 * inverted, gathered into one byte by a multiplication (on a little
 * endian machine; one at a time on others).
 */
static void
bits_from(l_uint32 *line, const unsigned char *p, int w)
{
	uint64_t v;
	l_uint32 word;
	int x = 0, k;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; x + 32 <= w; x += 32) {
		word = 0;
		for (k = 0; k < 4; k++) {
			memcpy(&v, p + x + 8 * k, 8);
			v = (~v >> 7) & 0x0101010101010101ULL;
			word |= (l_uint32)((v * 0x8040201008040201ULL) >>
			    56) << (24 - 8 * k);
		}
		line[x / 32] = word;
	}
#else
	(void)v;
	(void)word;
	(void)k;
#endif
	for (; x < w; x++)
		if (p[x] < 128)
			SET_DATA_BIT(line, x);
}

/*
 * pix_from - PM (grey or RGB, alpha premultiplied if any) as a Pix, over
 * white; 1 bpp when BILEVEL (every sample is 0 or 255)
 */
static PIX *
pix_from(fz_context *ctx, fz_pixmap *pm, int bilevel)
{
	int w = fz_pixmap_width(ctx, pm), h = fz_pixmap_height(ctx, pm);
	int n = fz_pixmap_components(ctx, pm), a = fz_pixmap_alpha(ctx, pm);
	int c = n - a, d;
	ptrdiff_t stride = fz_pixmap_stride(ctx, pm);
	const unsigned char *s = fz_pixmap_samples(ctx, pm), *p;
	l_uint32 *line;
	PIX *pix;
	int x, y, wpl, i, v[3];

	if (c != 1 && c != 3)
		return NULL;
	d = bilevel && c == 1 && !a ? 1 : c == 1 ? 8 : 32;
	if ((pix = pixCreate(w, h, d)) == NULL)
		return NULL;
	wpl = pixGetWpl(pix);
	for (y = 0; y < h; y++) {
		line = pixGetData(pix) + (size_t)y * wpl;
		p = s + y * stride;
		/* the common cases first: a scan's 1 or 8 bits, no alpha */
		if (d == 1) {
			bits_from(line, p, w);
			continue;
		}
		if (d == 8 && !a) {
			for (x = 0; x < w; x++)
				SET_DATA_BYTE(line, x, p[x]);
			continue;
		}
		for (x = 0; x < w; x++, p += n) {
			for (i = 0; i < c; i++)
				v[i] = a ? p[i] + 255 - p[c] : p[i];
			if (c == 1)
				SET_DATA_BYTE(line, x, v[0]);
			else
				composeRGBPixel(v[0], v[1], v[2], line + x);
		}
	}
	return pix;
}

static int
near0(float v)
{
	return fabsf(v) < 1e-3f;
}

/*
 * place - turn PIX (the image as stored) as matrix M puts it on the page;
 * its resolution set from the size it has there.  NULL if M is not a
 * quarter turn or a flip
 */
static PIX *
place(PIX *pix, fz_matrix m)
{
	PIX *t = pixClone(pix), *u;
	double ex, ey;
	int w = pixGetWidth(pix), h = pixGetHeight(pix), ow, oh;

	if (near0(m.b) && near0(m.c) && !near0(m.a) && !near0(m.d)) {
		ex = fabsf(m.a);
		ey = fabsf(m.d);
		ow = w;
		oh = h;
		if (m.a < 0 && (u = pixFlipLR(NULL, t)) != NULL) {
			pixDestroy(&t);
			t = u;
		}
		if (m.d < 0 && (u = pixFlipTB(NULL, t)) != NULL) {
			pixDestroy(&t);
			t = u;
		}
	} else if (near0(m.a) && near0(m.d) && !near0(m.b) && !near0(m.c)) {
		/* page x from the image's rows, page y from its columns */
		ex = fabsf(m.c);
		ey = fabsf(m.b);
		ow = h;
		oh = w;
		u = pixRotate90(t, m.b > 0 ? 1 : -1);
		pixDestroy(&t);
		if ((t = u) == NULL)
			return NULL;
		/* clockwise: x falls with the row; counter: y with the column */
		if ((m.b > 0) != (m.c < 0) &&
		    (u = pixFlipLR(NULL, t)) != NULL) {
			pixDestroy(&t);
			t = u;
		}
	} else {
		pixDestroy(&t);
		return NULL;
	}
	pixSetResolution(t, (l_int32)lround(ow * 72.0 / ex),
	    (l_int32)lround(oh * 72.0 / ey));
	return t;
}

/* covers - 1 if the image drawn by M covers most of the page box B */
static int
covers(fz_matrix m, fz_rect b)
{
	fz_rect r = fz_intersect_rect(fz_transform_rect(fz_unit_rect, m), b);
	double pa = (b.x1 - b.x0) * (b.y1 - b.y0);

	if (fz_is_empty_rect(r) || pa <= 0)
		return 0;
	return (r.x1 - r.x0) * (r.y1 - r.y0) >= COVER * pa;
}

/*
 * convert - PM as a Pix: grey when GREY or PM is grey, else RGB; 1 bpp
 * when BILEVEL and PM is grey.  May throw
 */
static PIX *
convert(fz_context *ctx, fz_pixmap *pm, int grey, int bilevel)
{
	fz_pixmap *volatile cm = NULL;
	fz_colorspace *cs = fz_pixmap_colorspace(ctx, pm);
	PIX *volatile pix = NULL;

	if (cs != NULL && (fz_colorspace_n(ctx, cs) == 1 ||
	    (fz_colorspace_n(ctx, cs) == 3 && !grey &&
	    fz_colorspace_is_rgb(ctx, cs))))
		return pix_from(ctx, pm, bilevel);
	fz_try(ctx) {
		cm = fz_convert_pixmap(ctx, pm, grey ? fz_device_gray(ctx) :
		    fz_device_rgb(ctx), NULL, NULL, fz_default_color_params,
		    fz_pixmap_alpha(ctx, pm));
		pix = pix_from(ctx, cm, 0);
	} fz_always(ctx)
		fz_drop_pixmap(ctx, cm);
	fz_catch(ctx)
		fz_rethrow(ctx);
	return pix;
}

/*
 * oversize - 1, with the reason in ERR, if IMG has no pixels or more than
 * MAX_PIXELS (or a side over IMAGE_MAX_SIDE): not to be decoded
 */
static int
oversize(const fz_image *img, long max_pixels, char *err, size_t errlen)
{
	if (img->w > 0 && img->h > 0 && img->w <= IMAGE_MAX_SIDE &&
	    img->h <= IMAGE_MAX_SIDE &&
	    (double)img->w * img->h <= (double)max_pixels)
		return 0;
	snprintf(err, errlen, "image is %dx%d pixels, over the limit of %ld "
	    "pixels", img->w, img->h, max_pixels);
	return 1;
}

/*
 * decode - IMG at its own size as a Pix (see convert()); NULL with the
 * reason in ERR if it is too large or cannot be decoded
 */
static PIX *
decode(fz_context *ctx, fz_image *img, long max_pixels, int grey, int l2,
    char *err, size_t errlen)
{
	fz_pixmap *volatile pm = NULL;
	PIX *volatile pix = NULL;
	/* MuPDF subsamples while it stays 2 pixels over the size asked */
	fz_matrix ctm = fz_scale(fmax(1, (img->w >> l2) - 3),
	    fmax(1, (img->h >> l2) - 3));

	if (oversize(img, max_pixels, err, errlen))
		return NULL;
	fz_try(ctx) {
		/*
		 * L2 > 0: MuPDF subsamples while it decodes, 2^L2 times;
		 * what it averages is grey, not 1 bpp
		 */
		pm = fz_get_pixmap_from_image(ctx, img, NULL, l2 > 0 ? &ctm :
		    NULL, NULL, NULL);
		pix = convert(ctx, pm, grey, img->bpc == 1 && img->n == 1 &&
		    fz_pixmap_width(ctx, pm) == img->w);
	} fz_always(ctx)
		fz_drop_pixmap(ctx, pm);
	fz_catch(ctx) {
		reason(err, errlen, "corrupt image");
		return NULL;
	}
	if (pix == NULL)
		snprintf(err, errlen, "image: out of memory");
	return pix;
}

/*
 * reduction - with IMAGE_READ_REDUCED in FLAGS, how many times (L2: 2^L2)
 * a page of W x H pixels drawn on W72 x H72 points (or of resolution
 * DPI, if W72 is 0) can be made smaller and keep IMAGE_REDUCED_DPI; else
 * 0
 */
static int
reduction(int flags, int w, int h, double w72, double h72, double dpi)
{
	int l2 = 0;

	if (!(flags & IMAGE_READ_REDUCED))
		return 0;
	if (w72 > 0 && h72 > 0)
		dpi = fmin(w * 72.0 / w72, h * 72.0 / h72);
	while (l2 < 3 && dpi / (2 << l2) >= IMAGE_REDUCED_DPI)
		l2++;
	if (l2 > 0)
		image_reduced_last = 1;
	return l2;
}

/*
 * scanner_jpeg - IMG decoded as the JPEG file it holds would be
 * (image_jpeg_at), reduced 2^L2 times, when it is a scanner's JPEG: grey
 * or YCbCr (no colour transform said, no CMYK), no decode array, colour
 * key or mask, and the size the PDF says; else NULL, for MuPDF.
 * MuPDF decodes a colour JPEG to RGB, then turns that to grey: twice
 * deskew's time on a PDF of six colour typescripts against the same
 * JPEGs as files (0.91 s against 0.41), and other pixels, so that the
 * same scan in a PDF and as a file had two pixel digests and was no
 * probable duplicate.  MAX_PIXELS bounds the page as decode() does
 * (oversize; decode() then says why).
 */
static PIX *
scanner_jpeg(fz_context *ctx, fz_image *img, long max_pixels, int flags,
    int l2)
{
	fz_compressed_buffer *volatile cb = NULL;
	fz_colorspace *cs = img->colorspace;
	PIX *pix;
	char err[128];
	int f = 1 << l2;

	/* a colour page wanted in colour: MuPDF's RGB (and damage found) */
	if ((img->n != 1 && !(flags & IMAGE_READ_GREY)) ||
	    img->use_decode || img->use_colorkey || img->mask != NULL ||
	    img->bpc != 8 || cs == NULL ||
	    oversize(img, max_pixels, err, sizeof(err)))
		return NULL;
	fz_try(ctx) {
		cb = fz_compressed_image_buffer(ctx, img);
	} fz_catch(ctx) {
		cb = NULL;
	}
	if (cb == NULL || cb->buffer == NULL || cb->params.type !=
	    FZ_IMAGE_JPEG || !((img->n == 1 && fz_colorspace_is_gray(ctx,
	    cs)) || (img->n == 3 && fz_colorspace_is_rgb(ctx, cs) &&
	    cb->params.u.jpeg.color_transform == -1)))
		return NULL;
	if ((pix = image_jpeg_at(cb->buffer->data, cb->buffer->len, img->w,
	    img->h, flags, f)) == NULL)
		return NULL;
	/* libjpeg's reduced size is MuPDF's, or MuPDF decides */
	if (pixGetWidth(pix) != (img->w + f - 1) / f ||
	    pixGetHeight(pix) != (img->h + f - 1) / f)
		pixDestroy(&pix);
	return pix;
}

/* scan_image - the page's one image, placed; NULL to render instead */
static PIX *
scan_image(fz_context *ctx, fz_image *img, fz_matrix m, long max_pixels,
    int flags)
{
	PIX *pix, *placed;
	char err[256];
	int l2;

	if (img->imagemask)
		return NULL;
	/*
	 * a 1-bit scan is cheaper whole, at 1 bpp, than subsampled at 8
	 * (MuPDF subsamples after it has expanded it to bytes)
	 */
	l2 = img->bpc == 1 && img->n == 1 ? 0 : reduction(flags, img->w,
	    img->h, hypot(m.a, m.b), hypot(m.c, m.d), 0);
	if ((pix = scanner_jpeg(ctx, img, max_pixels, flags, l2)) == NULL &&
	    (pix = decode(ctx, img, max_pixels, (flags & IMAGE_READ_GREY) !=
	    0, l2, err, sizeof(err))) == NULL)
		return NULL;
	placed = place(pix, m);
	pixDestroy(&pix);
	return placed;
}

/* load_image - IMG from the image file BUF; NULL with the reason in ERR */
static fz_image *
load_image(const unsigned char *buf, size_t len, char *err, size_t errlen)
{
	fz_context *ctx;
	fz_buffer *volatile fb = NULL;
	fz_image *volatile img = NULL;

	if ((ctx = context()) == NULL) {
		snprintf(err, errlen, "cannot start MuPDF: out of memory");
		return NULL;
	}
	pdf_msg[0] = '\0';
	fz_try(ctx) {
		fb = fz_new_buffer_from_shared_data(ctx, buf, len);
		img = fz_new_image_from_buffer(ctx, fb);
	} fz_always(ctx)
		fz_drop_buffer(ctx, fb);
	fz_catch(ctx) {
		reason(err, errlen, "corrupt image");
		return NULL;
	}
	return img;
}

int
pdf_image_probe(const unsigned char *buf, size_t len, long max_pixels,
    char *err, size_t errlen)
{
	fz_image *img;
	int rc = 0;

	if ((img = load_image(buf, len, err, errlen)) == NULL)
		return -1;
	if (oversize(img, max_pixels, err, errlen))
		rc = -1;
	fz_drop_image(pc.ctx, img);
	return rc;
}

struct Pix *
pdf_read_image(const unsigned char *buf, size_t len, long max_pixels,
    int flags, char *err, size_t errlen)
{
	fz_image *img;
	PIX *pix;
	int xres, yres, l2;

	pdf_lost[0] = '\0';
	if ((img = load_image(buf, len, err, errlen)) == NULL)
		return NULL;
	fz_image_resolution(img, &xres, &yres);
	l2 = reduction(flags, img->w, img->h, 0, 0, xres < yres ? xres :
	    yres);
	pix = decode(pc.ctx, img, max_pixels, (flags & IMAGE_READ_GREY) != 0,
	    l2, err, errlen);
	if (pix != NULL)
		pixSetResolution(pix, xres * pixGetWidth(pix) / img->w,
		    yres * pixGetHeight(pix) / img->h);
	fz_drop_image(pc.ctx, img);
	fz_empty_store(pc.ctx);
	return damaged(pix, err, errlen);
}

struct Pix *
pdf_read_tiff(const unsigned char *buf, size_t len, int page, int flags,
    char *err, size_t errlen)
{
	fz_context *ctx;
	fz_pixmap *volatile pm = NULL;
	PIX *volatile pix = NULL;
	char what[64];

	if ((ctx = context()) == NULL) {
		snprintf(err, errlen, "cannot start MuPDF: out of memory");
		return NULL;
	}
	pdf_msg[0] = pdf_lost[0] = '\0';
	fz_try(ctx) {
		pm = fz_load_tiff_subimage(ctx, buf, len, page - 1);
		pix = convert(ctx, pm, (flags & IMAGE_READ_GREY) != 0, 0);
		if (pix != NULL)
			pixSetResolution(pix, pm->xres, pm->yres);
	} fz_always(ctx)
		fz_drop_pixmap(ctx, pm);
	fz_catch(ctx) {
		snprintf(what, sizeof(what), "corrupt TIFF: page %d", page);
		reason(err, errlen, what);
		return NULL;
	}
	if (pix == NULL) {
		snprintf(err, errlen, "page %d: out of memory", page);
		return NULL;
	}
	return damaged(pix, err, errlen);
}

/* render - PG drawn at PDF_RENDER_DPI; NULL with the reason in ERR */
static PIX *
render(fz_context *ctx, fz_page *pg, int flags, int page, char *err,
    size_t errlen)
{
	fz_pixmap *volatile pm = NULL;
	int grey = (flags & IMAGE_READ_GREY) != 0;
	int dpi = PDF_RENDER_DPI >> reduction(flags, 0, 0, 0, 0,
	    PDF_RENDER_DPI);
	float s = dpi / 72.0f;
	PIX *volatile pix = NULL;
	char what[64];

	fz_try(ctx) {
		pm = fz_new_pixmap_from_page(ctx, pg, fz_scale(s, s), grey ?
		    fz_device_gray(ctx) : fz_device_rgb(ctx), 0);
		pix = pix_from(ctx, pm, 0);
	} fz_always(ctx)
		fz_drop_pixmap(ctx, pm);
	fz_catch(ctx) {
		snprintf(what, sizeof(what), "page %d cannot be drawn", page);
		reason(err, errlen, what);
		return NULL;
	}
	if (pix == NULL) {
		snprintf(err, errlen, "page %d: out of memory", page);
		return NULL;
	}
	pixSetResolution(pix, dpi, dpi);
	return pix;
}

struct Pix *
pdf_read_page(const unsigned char *buf, size_t len, int page,
    long max_pixels, int flags, char *err, size_t errlen)
{
	fz_document *doc;
	fz_context *ctx;
	fz_page *volatile pg = NULL;
	struct scandev *volatile sd = NULL;
	fz_rect b;
	PIX *volatile pix = NULL;
	int n = 0;
	char what[64];

	if ((doc = open_doc(buf, len, err, errlen)) == NULL)
		return NULL;
	ctx = pc.ctx;
	pdf_msg[0] = pdf_lost[0] = '\0';
	fz_try(ctx) {
		n = fz_count_pages(ctx, doc);
		if (page < 1 || page > n)
			fz_throw(ctx, FZ_ERROR_GENERIC, "PDF has no page %d",
			    page);
		if (check_nesting(ctx, doc, page - 1, what, sizeof(what)) < 0)
			fz_throw(ctx, FZ_ERROR_GENERIC, "resources nested more "
			    "than %d deep", MAX_NESTING);
		pg = fz_load_page(ctx, doc, page - 1);
		b = fz_bound_page(ctx, pg);
		sd = fz_new_derived_device(ctx, struct scandev);
		sd->super.fill_path = sd_path;
		sd->super.stroke_path = sd_stroke;
		sd->super.fill_text = sd_text;
		sd->super.stroke_text = sd_stroke_text;
		sd->super.fill_shade = sd_shade;
		sd->super.fill_image = sd_image;
		sd->super.fill_image_mask = sd_mask;
		sd->super.clip_image_mask = sd_clip_mask;
		fz_run_page(ctx, pg, &sd->super, fz_identity, NULL);
		fz_close_device(ctx, &sd->super);
	} fz_catch(ctx) {
		if (sd != NULL) {
			fz_drop_image(ctx, sd->image);
			fz_drop_device(ctx, &sd->super);
		}
		fz_drop_page(ctx, pg);
		snprintf(what, sizeof(what), "corrupt PDF: page %d", page);
		reason(err, errlen, what);
		return NULL;
	}
	if (check_box(b, page, max_pixels, err, errlen) == 0) {
		if (sd->images == 1 && sd->other == 0 && sd->image != NULL &&
		    covers(sd->ctm, b))
			pix = scan_image(ctx, sd->image, sd->ctm, max_pixels,
			    flags);
		if (pix == NULL)
			pix = render(ctx, pg, flags, page, err, errlen);
	}
	fz_drop_image(ctx, sd->image);
	fz_drop_device(ctx, &sd->super);
	fz_drop_page(ctx, pg);
	/* what this page decoded is not needed by the next one */
	fz_empty_store(ctx);
	return damaged(pix, err, errlen);
}
