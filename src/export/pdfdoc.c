/*
 * pdfdoc.c - a searchable PDF of archived pages through MuPDF (pdfdoc.h)
 *
 * MuPDF's PDF writer: pdf_create_document, one image XObject and one
 * content stream per page, a simple Helvetica font shared by the pages.
 * Every MuPDF call runs inside fz_try; its message becomes the reason a
 * function fails with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include "pdfdoc.h"
#include "strbuf.h"
#include "textnorm.h"
#include "xalloc.h"

#define PDFDOC_DPI	300	/* a page that does not say */
#define PDFDOC_A4_W	595.0	/* an imageless page without a size */
#define PDFDOC_A4_H	842.0

struct pdfdoc {
	fz_context *ctx;
	pdf_document *doc;
	fz_font *font;			/* Helvetica, for the widths */
	pdf_obj *fref;			/* its PDF font object */
};

/* one OCR word of page.words */
struct word {
	long	 line, x, y, w, h;	/* its line and box, in pixels */
	const char *text;		/* in the words text, not terminated */
	size_t	 len;
};

/* caught - MuPDF's message as "WHAT: message" into ERR */
static void
caught(fz_context *ctx, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", what, fz_caught_message(ctx));
}

struct pdfdoc *
pdfdoc_new(char *err, size_t errlen)
{
	struct pdfdoc *p = xcalloc(1, sizeof(*p));

	p->ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
	if (p->ctx == NULL) {
		snprintf(err, errlen, "cannot start MuPDF");
		free(p);
		return NULL;
	}
	fz_set_warning_callback(p->ctx, NULL, NULL);
	fz_try(p->ctx) {
		p->doc = pdf_create_document(p->ctx);
		p->font = fz_new_base14_font(p->ctx, "Helvetica");
		p->fref = pdf_add_simple_font(p->ctx, p->doc, p->font,
		    PDF_SIMPLE_ENCODING_LATIN);
	}
	fz_catch(p->ctx) {
		caught(p->ctx, "cannot make a PDF", err, errlen);
		pdfdoc_free(p);
		return NULL;
	}
	return p;
}

void
pdfdoc_free(struct pdfdoc *p)
{
	if (p == NULL)
		return;
	pdf_drop_obj(p->ctx, p->fref);
	fz_drop_font(p->ctx, p->font);
	pdf_drop_document(p->ctx, p->doc);
	fz_drop_context(p->ctx);
	free(p);
}

/*
 * winansi - S (N bytes of UTF-8) as WinAnsi codes into OUT, '?' for what
 * WinAnsi cannot say; returns the width of the string in ems
 */
static double
winansi(struct pdfdoc *p, const char *s, size_t n, struct strbuf *out)
{
	double ems = 0;
	uint32_t cp;
	size_t k, step;
	int c;

	strbuf_reset(out);
	for (k = 0; k < n; k += step) {
		step = textnorm_decode((const unsigned char *)s + k, n - k, &cp);
		c = cp < 0x80 ? (int)cp : fz_windows_1252_from_unicode((int)cp);
		if (c < 0x20 || c > 0xff)
			c = c == '\t' ? ' ' : '?';
		strbuf_addc(out, c);
		ems += fz_advance_glyph(p->ctx, p->font, fz_encode_character(
		    p->ctx, p->font, fz_unicode_from_windows_1252[c]), 0);
	}
	return ems;
}

/* show - "<hex> Tj" of the WinAnsi string S, scaled to WIDTH points */
static void
show(struct pdfdoc *p, fz_buffer *cs, double x, double y, double size,
    double width, const struct strbuf *s, double ems)
{
	double tz = 100;
	size_t k;

	if (s->len == 0 || size <= 0)
		return;
	if (width > 0 && ems > 0)
		tz = 100 * width / (ems * size);
	if (tz < 1)
		tz = 1;
	fz_append_printf(p->ctx, cs, "/F0 %g Tf %g Tz 1 0 0 1 %g %g Tm <",
	    size, tz, x, y);
	for (k = 0; k < s->len; k++)
		fz_append_printf(p->ctx, cs, "%02x",
		    (unsigned char)s->buf[k]);
	fz_append_string(p->ctx, cs, "> Tj\n");
}

/* parse_words - the words of the page.words TSV W into *OUT; their count */
static size_t
parse_words(const char *w, struct word **out)
{
	struct word *v = NULL;
	size_t n = 0, alloc = 0;
	const char *line, *next, *p;
	long f[6];
	char *end;
	int k;

	for (line = w; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		p = line;
		for (k = 0; k < 6; k++) {
			f[k] = strtol(p, &end, 10);
			if (end == p || *end != '\t')
				break;
			p = end + 1;
		}
		if (next != NULL)
			next++;
		if (k < 6 || f[3] <= 0 || f[4] <= 0)
			continue;	/* a line we do not read */
		if (n == alloc) {
			alloc = alloc * 2 + 64;
			v = xreallocarray(v, alloc, sizeof(*v));
		}
		v[n].line = f[0];
		v[n].x = f[1];
		v[n].y = f[2];
		v[n].w = f[3];
		v[n].h = f[4];
		v[n].text = p;
		v[n].len = next != NULL ? (size_t)(next - 1 - p) : strlen(p);
		if (v[n].len > 0 && p[v[n].len - 1] == '\r')
			v[n].len--;
		n++;
	}
	*out = v;
	return n;
}

/*
 * layer_words - the invisible words of the TSV WORDS on a page of height
 * H points, K points per pixel: each line one font size (its tallest
 * box) and one baseline (its lowest box bottom, less the descent)
 */
static void
layer_words(struct pdfdoc *p, fz_buffer *cs, const char *words, double h,
    double k)
{
	struct strbuf s = STRBUF_INIT;
	struct word *v;
	size_t n, i, j, end;
	double size, base, ems;
	long top, bottom;

	n = parse_words(words, &v);
	for (i = 0; i < n; i = end) {
		top = v[i].y;
		bottom = v[i].y + v[i].h;
		for (end = i + 1; end < n && v[end].line == v[i].line; end++) {
			if (v[end].y < top)
				top = v[end].y;
			if (v[end].y + v[end].h > bottom)
				bottom = v[end].y + v[end].h;
		}
		size = (double)(bottom - top) * k;
		base = h - (double)bottom * k + 0.2 * size;
		for (j = i; j < end; j++) {
			ems = winansi(p, v[j].text, v[j].len, &s);
			show(p, cs, (double)v[j].x * k, base, size,
			    (double)v[j].w * k, &s, ems);
		}
	}
	free(v);
	strbuf_release(&s);
}

/*
 * layer_text - TEXT line by line down a page of W x H points, each line
 * squeezed into the page's width (no word boxes: the text is found, not
 * placed over its words)
 */
static void
layer_text(struct pdfdoc *p, fz_buffer *cs, const char *text, double w,
    double h)
{
	struct strbuf s = STRBUF_INIT;
	const char *line, *next;
	double size = 10, lead, ems, y;
	size_t nl = 1, len;

	for (line = text; (line = strchr(line, '\n')) != NULL; line++)
		nl++;
	lead = (h - 72) / (double)nl;
	if (lead < size * 1.2)
		size = lead / 1.2;
	else
		lead = size * 1.2;
	y = h - 36 - size;
	for (line = text; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		len = next != NULL ? (size_t)(next - line) : strlen(line);
		if (next != NULL)
			next++;
		ems = winansi(p, line, len, &s);
		show(p, cs, 36, y, size, ems * size > w - 72 ? w - 72 : 0,
		    &s, ems);
		y -= lead;
	}
	strbuf_release(&s);
}

int
pdfdoc_add(struct pdfdoc *p, const struct pdfdoc_page *pg, char *err,
    size_t errlen)
{
	fz_context *ctx = p->ctx;
	fz_buffer *volatile ib = NULL, *volatile cs = NULL;
	fz_image *volatile im = NULL;
	pdf_obj *volatile res = NULL, *volatile page = NULL;
	pdf_obj *iref = NULL, *dict;
	double k, w, h;
	long dpi = pg->dpi > 0 ? pg->dpi : PDFDOC_DPI;
	int ok = 1;

	k = 72.0 / (double)dpi;
	fz_try(ctx) {
		cs = fz_new_buffer(ctx, 4096);
		res = pdf_new_dict(ctx, p->doc, 2);
		dict = pdf_dict_put_dict(ctx, res, PDF_NAME(Font), 1);
		pdf_dict_puts(ctx, dict, "F0", p->fref);
		w = pg->width > 0 ? (double)pg->width * k : PDFDOC_A4_W;
		h = pg->height > 0 ? (double)pg->height * k : PDFDOC_A4_H;
		if (pg->image != NULL) {
			ib = fz_new_buffer_from_copied_data(ctx,
			    pg->image, pg->image_len);
			im = fz_new_image_from_buffer(ctx, ib);
			if (pg->width <= 0 || pg->height <= 0) {
				w = (double)im->w * k;
				h = (double)im->h * k;
			}
			iref = pdf_add_image(ctx, p->doc, im);
			dict = pdf_dict_put_dict(ctx, res, PDF_NAME(XObject),
			    1);
			pdf_dict_puts_drop(ctx, dict, "Im0", iref);
			fz_append_printf(ctx, cs, "q %g 0 0 %g 0 0 cm /Im0 Do "
			    "Q\n", w, h);
		}
		fz_append_string(ctx, cs, "BT 3 Tr\n");
		if (pg->words != NULL && *pg->words != '\0')
			layer_words(p, cs, pg->words, h, k);
		else if (pg->text != NULL && *pg->text != '\0')
			layer_text(p, cs, pg->text, w, h);
		fz_append_string(ctx, cs, "ET\n");
		page = pdf_add_page(ctx, p->doc, fz_make_rect(0, 0, w, h), 0,
		    res, cs);
		pdf_insert_page(ctx, p->doc, -1, page);
	}
	fz_always(ctx) {
		pdf_drop_obj(ctx, page);
		pdf_drop_obj(ctx, res);
		fz_drop_buffer(ctx, cs);
		fz_drop_image(ctx, im);
		fz_drop_buffer(ctx, ib);
	}
	fz_catch(ctx) {
		caught(ctx, "cannot add a page to the PDF", err, errlen);
		ok = 0;
	}
	return ok ? 0 : -1;
}

int
pdfdoc_finish(struct pdfdoc *p, struct strbuf *out, char *err,
    size_t errlen)
{
	fz_context *ctx = p->ctx;
	fz_buffer *volatile buf = NULL;
	fz_output *volatile o = NULL;
	pdf_write_options opts = pdf_default_write_options;
	unsigned char *data;
	size_t len;
	int ok = 1;

	opts.do_compress = 1;
	opts.do_compress_images = 1;
	opts.do_compress_fonts = 1;
	opts.do_garbage = 1;
	fz_try(ctx) {
		buf = fz_new_buffer(ctx, 65536);
		o = fz_new_output_with_buffer(ctx, buf);
		pdf_write_document(ctx, p->doc, o, &opts);
		fz_close_output(ctx, o);
		len = fz_buffer_storage(ctx, buf, &data);
		strbuf_add(out, data, len);
	}
	fz_always(ctx) {
		fz_drop_output(ctx, o);
		fz_drop_buffer(ctx, buf);
	}
	fz_catch(ctx) {
		caught(ctx, "cannot write the PDF", err, errlen);
		ok = 0;
	}
	return ok ? 0 : -1;
}
