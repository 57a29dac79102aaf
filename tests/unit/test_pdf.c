/*
 * test_pdf.c - PDF pages: the embedded scan as it is, /Rotate, rendering
 * of composed pages, and the reasons for bad PDFs
 *
 * The PDFs are written here, object by object, with a correct xref.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <mupdf/fitz.h>

#include "image.h"
#include "pdf.h"
#include "unit.h"

#define MAXOBJ	512

struct pdfw {
	char	*buf;
	size_t	 len, cap;
	size_t	 off[MAXOBJ];
	int	 nobj;
};

static void
put(struct pdfw *w, const void *p, size_t n)
{
	if (w->len + n + 1 > w->cap) {
		w->cap = (w->len + n + 1) * 2;
		w->buf = realloc(w->buf, w->cap);
		if (w->buf == NULL)
			abort();
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static void
putf(struct pdfw *w, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	put(w, tmp, (size_t)n);
}

/* obj - start object N (objects are written in order 1, 2, ...) */
static void
obj(struct pdfw *w, int n)
{
	w->off[n] = w->len;
	if (n > w->nobj)
		w->nobj = n;
	putf(w, "%d 0 obj\n", n);
}

static void
stream(struct pdfw *w, const char *dict, const void *data, size_t n)
{
	putf(w, "<< %s /Length %zu >>\nstream\n", dict, n);
	put(w, data, n);
	putf(w, "\nendstream\nendobj\n");
}

/* finish - xref and trailer (TRAILER: extra trailer entries) */
static void
finish(struct pdfw *w, const char *trailer)
{
	size_t x = w->len;
	int i;

	putf(w, "xref\n0 %d\n0000000000 65535 f \n", w->nobj + 1);
	for (i = 1; i <= w->nobj; i++)
		putf(w, "%010zu 00000 n \n", w->off[i]);
	putf(w, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%zu\n"
	    "%%%%EOF\n", w->nobj + 1, trailer ? trailer : "", x);
}

/*
 * one_page - the header, catalog and page tree of a one-page PDF into P,
 * up to the start of its page, object 3
 */
static void
one_page(struct pdfw *p)
{
	put(p, "%PDF-1.4\n", 9);
	obj(p, 1);
	putf(p, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	obj(p, 2);
	putf(p, "<< /Type /Pages /Count 1 /Kids [3 0 R] >>\nendobj\n");
	obj(p, 3);
}

/*
 * scan_pdf - NPAGES pages of PW x PH points, each the W x H grey image
 * (BPC bits) IMG drawn over the whole page; ROTATE, EXTRA: the page's
 * /Rotate and content drawn after the image; BOX: the MediaBox, if not
 * "0 0 PW PH"
 */
static struct pdfw
scan_pdf(int npages, double pw, double ph, int w, int h, int bpc,
    const unsigned char *img, size_t nimg, int rotate, const char *extra,
    const char *box)
{
	struct pdfw p = { 0 };
	char content[512], dict[256], mbox[128];
	int k, page;

	put(&p, "%PDF-1.4\n", 9);
	obj(&p, 1);
	putf(&p, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	obj(&p, 2);
	putf(&p, "<< /Type /Pages /Count %d /Kids [", npages);
	for (k = 0; k < npages; k++)
		putf(&p, " %d 0 R", 3 + 3 * k);
	putf(&p, " ] >>\nendobj\n");
	snprintf(mbox, sizeof(mbox), "0 0 %g %g", pw, ph);
	for (k = 0; k < npages; k++) {
		page = 3 + 3 * k;
		obj(&p, page);
		putf(&p, "<< /Type /Page /Parent 2 0 R /MediaBox [%s] "
		    "/Rotate %d /Resources << /XObject << /Im0 %d 0 R >> "
		    "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont "
		    "/Helvetica >> >> >> /Contents %d 0 R >>\nendobj\n",
		    box ? box : mbox, rotate, page + 1, page + 2);
		obj(&p, page + 1);
		snprintf(dict, sizeof(dict), "/Type /XObject /Subtype /Image "
		    "/Width %d /Height %d /ColorSpace /DeviceGray "
		    "/BitsPerComponent %d", w, h, bpc);
		stream(&p, dict, img, nimg);
		obj(&p, page + 2);
		snprintf(content, sizeof(content), "q %g 0 0 %g 0 0 cm /Im0 Do "
		    "Q %s", pw, ph, extra ? extra : "");
		stream(&p, "", content, strlen(content));
	}
	finish(&p, NULL);
	return p;
}

/* a W x H grey ramp with a black square at its top-left corner */
static unsigned char *
ramp(int w, int h)
{
	unsigned char *g = malloc((size_t)w * h);
	int x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			g[y * w + x] = x < 10 && y < 10 ? 0 :
			    (unsigned char)(64 + x * 191 / w);
	return g;
}

static int
grey_at(PIX *pix, int x, int y)
{
	l_uint32 v;

	pixGetPixel(pix, x, y, &v);
	return (int)v;
}

DEFINE_TEST(test_pdf_scan_page_is_the_image)
{
	unsigned char *g = ramp(200, 100);
	struct pdfw p = scan_pdf(3, 144, 72, 200, 100, 8, g, 200 * 100, 0,
	    NULL, NULL);
	const unsigned char *b = (unsigned char *)p.buf;
	char err[256];
	int pages = 0, k;
	PIX *pix;

	assert_str(image_media_type(b, p.len), "application/pdf");
	assert_str(image_decoder(b, p.len, "application/pdf"), pdf_decoder());
	assert_true(strncmp(pdf_decoder(), "MuPDF 1.", 8) == 0);
	assert_int(image_probe(b, p.len, "application/pdf", IMAGE_MAX_PIXELS,
	    &pages, err, sizeof(err)), ==, 0);
	assert_int(pages, ==, 3);
	for (k = 1; k <= 3; k++) {
		pix = image_read_page(b, p.len, "application/pdf", k,
		    IMAGE_MAX_PIXELS, IMAGE_READ_GREY, err, sizeof(err));
		assert_true(pix != NULL);
		if (pix == NULL)
			continue;
		/* the image as stored, not a rendering: same size, samples */
		assert_int(pixGetWidth(pix), ==, 200);
		assert_int(pixGetHeight(pix), ==, 100);
		assert_int(pixGetDepth(pix), ==, 8);
		assert_int(pixGetXRes(pix), ==, 100);	/* 200 px on 2 in */
		assert_int(grey_at(pix, 0, 0), ==, 0);
		assert_int(grey_at(pix, 150, 50), ==, g[50 * 200 + 150]);
		pixDestroy(&pix);
	}
	pix = image_read_page(b, p.len, "application/pdf", 4,
	    IMAGE_MAX_PIXELS, 0, err, sizeof(err));
	assert_true(pix == NULL);
	pdf_forget(NULL);
	free(p.buf);
	free(g);
}

DEFINE_TEST(test_pdf_bilevel_scan_stays_bilevel)
{
	/* 64 x 32 pixels, 1 bit: a row is 8 bytes; black (0) left half */
	unsigned char bits[8 * 32];
	struct pdfw p;
	char err[256];
	PIX *pix;
	int y;

	for (y = 0; y < 32; y++)
		memcpy(bits + 8 * y, "\0\0\0\0\xff\xff\xff\xff", 8);
	p = scan_pdf(1, 64 * 72 / 200.0, 32 * 72 / 200.0, 64, 32, 1, bits,
	    sizeof(bits), 0, NULL, NULL);
	pix = image_read_page((unsigned char *)p.buf, p.len,
	    "application/pdf", 1, IMAGE_MAX_PIXELS, IMAGE_READ_GREY, err,
	    sizeof(err));
	assert_true(pix != NULL);
	if (pix != NULL) {
		assert_int(pixGetDepth(pix), ==, 1);
		assert_int(pixGetXRes(pix), ==, 200);
		assert_int(grey_at(pix, 5, 5), ==, 1);		/* black */
		assert_int(grey_at(pix, 50, 5), ==, 0);
	}
	pixDestroy(&pix);
	pdf_forget(NULL);
	free(p.buf);
}

DEFINE_TEST(test_pdf_bilevel_scan_bits_in_order)
{
	/* 100 x 8 pixels, 1 bit, 13 bytes a row: an irregular pattern */
	unsigned char bits[13 * 8];
	struct pdfw p;
	char err[256];
	PIX *pix;
	int x, y, bad = 0;

	for (x = 0; x < (int)sizeof(bits); x++)
		bits[x] = (unsigned char)(x * 37 + (x >> 3) * 11);
	p = scan_pdf(1, 100 * 72 / 200.0, 8 * 72 / 200.0, 100, 8, 1, bits,
	    sizeof(bits), 0, NULL, NULL);
	pix = image_read_page((unsigned char *)p.buf, p.len,
	    "application/pdf", 1, IMAGE_MAX_PIXELS, IMAGE_READ_GREY, err,
	    sizeof(err));
	assert_true(pix != NULL);
	if (pix != NULL) {
		assert_int(pixGetDepth(pix), ==, 1);
		/* PDF: 0 is black; leptonica: 1 is black */
		for (y = 0; y < 8; y++)
			for (x = 0; x < 100; x++)
				bad += grey_at(pix, x, y) == ((bits[y * 13 +
				    x / 8] >> (7 - x % 8)) & 1);
		assert_int(bad, ==, 0);
	}
	pixDestroy(&pix);
	pdf_forget(NULL);
	free(p.buf);
}

DEFINE_TEST(test_pdf_reduced_read_is_smaller)
{
	/* a 300 dpi grey scan: half size at 150 dpi; 1 bit: whole */
	unsigned char *g = ramp(400, 200), bits[50 * 200];
	struct pdfw p = scan_pdf(1, 96, 48, 400, 200, 8, g, 400 * 200, 0,
	    NULL, NULL);
	struct pdfw q;
	char err[256];
	PIX *pix;

	pix = image_read_page((unsigned char *)p.buf, p.len,
	    "application/pdf", 1, IMAGE_MAX_PIXELS,
	    IMAGE_READ_GREY | IMAGE_READ_REDUCED, err, sizeof(err));
	assert_true(pix != NULL);
	if (pix != NULL) {
		assert_int(pixGetWidth(pix), ==, 200);
		assert_int(pixGetHeight(pix), ==, 100);
		assert_int(pixGetXRes(pix), ==, 150);
		assert_true(grey_at(pix, 1, 1) < 40);	/* the black square */
	}
	pixDestroy(&pix);
	pdf_forget(NULL);
	memset(bits, 0xff, sizeof(bits));
	q = scan_pdf(1, 96, 48, 400, 200, 1, bits, sizeof(bits), 0, NULL,
	    NULL);
	pix = image_read_page((unsigned char *)q.buf, q.len,
	    "application/pdf", 1, IMAGE_MAX_PIXELS,
	    IMAGE_READ_GREY | IMAGE_READ_REDUCED, err, sizeof(err));
	assert_true(pix != NULL);
	if (pix != NULL) {
		assert_int(pixGetWidth(pix), ==, 400);
		assert_int(pixGetDepth(pix), ==, 1);
	}
	pixDestroy(&pix);
	pdf_forget(NULL);
	free(p.buf);
	free(q.buf);
	free(g);
}

DEFINE_TEST(test_pdf_rotate_is_honoured)
{
	unsigned char *g = ramp(200, 100);
	struct pdfw p = scan_pdf(1, 144, 72, 200, 100, 8, g, 200 * 100, 90,
	    NULL, NULL);
	char err[256];
	PIX *pix;

	pix = image_read_page((unsigned char *)p.buf, p.len,
	    "application/pdf", 1, IMAGE_MAX_PIXELS, IMAGE_READ_GREY, err,
	    sizeof(err));
	assert_true(pix != NULL);
	if (pix != NULL) {
		/* turned a quarter clockwise: the corner square top right */
		assert_int(pixGetWidth(pix), ==, 100);
		assert_int(pixGetHeight(pix), ==, 200);
		assert_int(grey_at(pix, 95, 5), ==, 0);
		assert_true(grey_at(pix, 5, 5) > 0);
		assert_int(pixGetYRes(pix), ==, 100);
	}
	pixDestroy(&pix);
	pdf_forget(NULL);
	free(p.buf);
	free(g);
}

DEFINE_TEST(test_pdf_composed_page_is_rendered)
{
	unsigned char *g = ramp(200, 100);
	/* visible text over the scan: the page is drawn at 300 dpi */
	struct pdfw p = scan_pdf(1, 144, 72, 200, 100, 8, g, 200 * 100, 0,
	    "BT /F1 12 Tf 10 10 Td (Hello) Tj ET", NULL);
	struct pdfw q = scan_pdf(1, 144, 72, 200, 100, 8, g, 200 * 100, 0,
	    "BT 3 Tr /F1 12 Tf 10 10 Td (invisible OCR) Tj ET", NULL);
	char err[256];
	PIX *pix;

	pix = image_read_page((unsigned char *)p.buf, p.len,
	    "application/pdf", 1, IMAGE_MAX_PIXELS, 0, err, sizeof(err));
	assert_true(pix != NULL);
	if (pix != NULL) {
		assert_int(pixGetWidth(pix), ==, 600);
		assert_int(pixGetHeight(pix), ==, 300);
		assert_int(pixGetXRes(pix), ==, 300);
	}
	pixDestroy(&pix);
	/* an invisible text layer does not count: the scan as it is */
	pix = image_read_page((unsigned char *)q.buf, q.len,
	    "application/pdf", 1, IMAGE_MAX_PIXELS, 0, err, sizeof(err));
	assert_true(pix != NULL);
	if (pix != NULL)
		assert_int(pixGetWidth(pix), ==, 200);
	pixDestroy(&pix);
	pdf_forget(NULL);
	free(p.buf);
	free(q.buf);
	free(g);
}

/* probe_fails - 1 if image_probe() of P fails: the reason in ERR */
static int
probe_fails(struct pdfw *p, char *err, size_t errlen, int *n)
{
	int rc = image_probe((unsigned char *)p->buf, p->len,
	    image_media_type((unsigned char *)p->buf, p->len),
	    IMAGE_MAX_PIXELS, n, err, errlen);

	printf("# %s\n", rc < 0 ? err : "no error");
	return rc < 0;
}

DEFINE_TEST(test_pdf_bad_inputs_have_reasons)
{
	unsigned char g[16 * 16];
	struct pdfw p;
	char err[256], *deep;
	PIX *pix;
	int n, i;

	memset(g, 200, sizeof(g));
	/* a huge page box (PDF bomb) */
	p = scan_pdf(2, 144, 72, 16, 16, 8, g, sizeof(g), 0, NULL,
	    "0 0 100000 100000");
	assert_true(probe_fails(&p, err, sizeof(err), &n));
	assert_true(strstr(err, "over the limit") != NULL);
	assert_int(n, ==, 2);		/* counted all the same */
	free(p.buf);

	/* truncated: the end is missing */
	p = scan_pdf(2, 144, 72, 16, 16, 8, g, sizeof(g), 0, NULL, NULL);
	p.len = p.len * 2 / 3;
	assert_true(probe_fails(&p, err, sizeof(err), &n));
	assert_true(strstr(err, "PDF") != NULL);
	free(p.buf);

	/* garbage after the header */
	p = (struct pdfw){ 0 };
	putf(&p, "%%PDF-1.4\nthis is not a PDF at all\n%%%%EOF\n");
	assert_true(probe_fails(&p, err, sizeof(err), &n));
	assert_true(strstr(err, "corrupt PDF") != NULL);
	assert_int(n, ==, 0);
	free(p.buf);

	/* encrypted with a user password */
	p = scan_pdf(1, 144, 72, 16, 16, 8, g, sizeof(g), 0, NULL, NULL);
	p.len -= strlen(strstr(p.buf, "xref\n"));
	obj(&p, p.nobj + 1);
	putf(&p, "<< /Filter /Standard /V 1 /R 2 /P -4 /O <");
	for (i = 0; i < 32; i++)
		putf(&p, "%02x", 0x11 * (i % 15 + 1));
	putf(&p, "> /U <");
	for (i = 0; i < 32; i++)
		putf(&p, "%02x", 0x0f * (i % 16 + 1));
	putf(&p, "> >>\nendobj\n");
	finish(&p, "/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef>"
	    "<0123456789abcdef0123456789abcdef>]");
	assert_true(probe_fails(&p, err, sizeof(err), &n));
	assert_true(strstr(err, "encrypted PDF") != NULL);
	free(p.buf);

	/* deep nesting of arrays in the page: no crash, a page or reason */
	deep = malloc(200001);
	for (i = 0; i < 100000; i++)
		deep[i] = '[', deep[200000 - 1 - i] = ']';
	deep[200000] = '\0';
	p = (struct pdfw){ 0 };
	one_page(&p);
	putf(&p, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] "
	    "/Deep ");
	put(&p, deep, 200000);
	putf(&p, " >>\nendobj\n");
	finish(&p, NULL);
	(void)probe_fails(&p, err, sizeof(err), &n);
	pix = image_read_page((unsigned char *)p.buf, p.len,
	    "application/pdf", 1, IMAGE_MAX_PIXELS, 0, err, sizeof(err));
	pixDestroy(&pix);
	pdf_forget(NULL);
	free(p.buf);
	free(deep);

	/* forms nested 400 deep (MuPDF would recurse until the stack ends) */
	p = (struct pdfw){ 0 };
	one_page(&p);
	putf(&p, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] "
	    "/Resources << /XObject << /X 4 0 R >> >> >>\nendobj\n");
	for (i = 4; i < 404; i++) {
		obj(&p, i);
		putf(&p, "<< /Type /XObject /Subtype /Form /BBox [0 0 9 9] "
		    "/Resources << /XObject << /X %d 0 R >> >> /Length 5 >>\n"
		    "stream\n/X Do\nendstream\nendobj\n", i + 1);
	}
	obj(&p, 404);
	putf(&p, "<< /Type /XObject /Subtype /Form /BBox [0 0 9 9] "
	    "/Length 0 >>\nstream\n\nendstream\nendobj\n");
	finish(&p, NULL);
	assert_true(probe_fails(&p, err, sizeof(err), &n));
	assert_true(strstr(err, "nests its resources") != NULL);
	pix = image_read_page((unsigned char *)p.buf, p.len,
	    "application/pdf", 1, IMAGE_MAX_PIXELS, 0, err, sizeof(err));
	assert_true(pix == NULL);
	pdf_forget(NULL);
	free(p.buf);
}

/* drawn - page 1 of the PDF in BUF drawn by MuPDF at 72 dpi, grey */
static PIX *
drawn(const unsigned char *buf, size_t len)
{
	fz_context *ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
	fz_buffer *fb = NULL;
	fz_stream *stm = NULL;
	fz_document *doc = NULL;
	fz_pixmap *pm = NULL;
	PIX *pix = NULL;
	int x, y;

	fz_var(fb);
	fz_var(stm);
	fz_var(doc);
	fz_var(pm);
	fz_var(pix);
	fz_try(ctx) {
		fz_register_document_handlers(ctx);
		fb = fz_new_buffer_from_shared_data(ctx, buf, len);
		stm = fz_open_buffer(ctx, fb);
		doc = fz_open_document_with_stream(ctx, "application/pdf", stm);
		pm = fz_new_pixmap_from_page_number(ctx, doc, 0, fz_identity,
		    fz_device_gray(ctx), 0);
		pix = pixCreate(pm->w, pm->h, 8);
		for (y = 0; y < pm->h; y++)
			for (x = 0; x < pm->w; x++)
				pixSetPixel(pix, x, y,
				    pm->samples[y * pm->stride + x]);
	} fz_always(ctx) {
		fz_drop_pixmap(ctx, pm);
		fz_drop_document(ctx, doc);
		fz_drop_stream(ctx, stm);
		fz_drop_buffer(ctx, fb);
	} fz_catch(ctx)
		pix = NULL;
	fz_drop_context(ctx);
	return pix;
}

/*
 * every quarter turn and flip of a scan placed by its matrix comes out as
 * MuPDF draws it: compared with the page drawn at the image's resolution
 */
DEFINE_TEST(test_pdf_placed_scan_matches_drawing)
{
	static const int m[8][8] = {	/* a b c d e f, page w h */
		{ 40, 0, 0, 20, 0, 0, 40, 20 },
		{ -40, 0, 0, 20, 40, 0, 40, 20 },
		{ 40, 0, 0, -20, 0, 20, 40, 20 },
		{ -40, 0, 0, -20, 40, 20, 40, 20 },
		{ 0, 40, -20, 0, 20, 0, 20, 40 },
		{ 0, -40, 20, 0, 0, 40, 20, 40 },
		{ 0, 40, 20, 0, 0, 0, 20, 40 },
		{ 0, -40, -20, 0, 20, 40, 20, 40 },
	};
	unsigned char *g = ramp(40, 20);
	char content[128], err[256];
	struct pdfw p;
	PIX *a, *b;
	l_int32 same;
	int i;

	for (i = 0; i < 8; i++) {
		p = (struct pdfw){ 0 };
		one_page(&p);
		putf(&p, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
		    "/Resources << /XObject << /I 4 0 R >> >> /Contents 5 0 R "
		    ">>\nendobj\n", m[i][6], m[i][7]);
		obj(&p, 4);
		stream(&p, "/Type /XObject /Subtype /Image /Width 40 /Height 20 "
		    "/ColorSpace /DeviceGray /BitsPerComponent 8", g, 800);
		obj(&p, 5);
		snprintf(content, sizeof(content), "q %d %d %d %d %d %d cm /I Do "
		    "Q", m[i][0], m[i][1], m[i][2], m[i][3], m[i][4], m[i][5]);
		stream(&p, "", content, strlen(content));
		finish(&p, NULL);
		a = image_read_page((unsigned char *)p.buf, p.len,
		    "application/pdf", 1, IMAGE_MAX_PIXELS, IMAGE_READ_GREY,
		    err, sizeof(err));
		b = drawn((unsigned char *)p.buf, p.len);
		assert_true(a != NULL && b != NULL);
		if (a != NULL && b != NULL) {
			pixEqual(a, b, &same);
			if (!same)
				printf("# matrix %d differs\n", i);
			assert_true(same);
		}
		pixDestroy(&a);
		pixDestroy(&b);
		pdf_forget(NULL);
		free(p.buf);
	}
	free(g);
}

DEFINE_TEST(test_pdf_image_cut_short_is_damaged)
{
	unsigned char *g = ramp(200, 100);
	struct pdfw cut, whole;
	char err[256];
	PIX *pix;

	/* the stream holds 60 rows of the image's 100: MuPDF pads it */
	cut = scan_pdf(1, 144, 72, 200, 100, 8, g, 200 * 60, 0, NULL, NULL);
	whole = scan_pdf(1, 144, 72, 200, 100, 8, g, 200 * 100, 0, NULL,
	    NULL);
	err[0] = '\0';
	pix = image_read_page((unsigned char *)cut.buf, cut.len,
	    "application/pdf", 1, IMAGE_MAX_PIXELS, IMAGE_READ_GREY, err,
	    sizeof(err));
	assert_true(pix == NULL);
	assert_str(err, "damaged image: padding truncated image");
	pixDestroy(&pix);
	pdf_forget(NULL);
	/* what MuPDF said of it is not said of the next page read */
	pix = image_read_page((unsigned char *)whole.buf, whole.len,
	    "application/pdf", 1, IMAGE_MAX_PIXELS, IMAGE_READ_GREY, err,
	    sizeof(err));
	assert_true(pix != NULL);
	if (pix != NULL)
		assert_int(grey_at(pix, 150, 90), ==, g[90 * 200 + 150]);
	pixDestroy(&pix);
	pdf_forget(NULL);
	free(cut.buf);
	free(whole.buf);
	free(g);
}
