/*
 * coversheet.c - drawing and writing cover sheets (see coversheet.h)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <leptonica/allheaders.h>
#include <qrencode.h>
#include <sqlite3.h>

#include "cover.h"
#include "coversheet.h"
#include "db.h"
#include "fileio.h"
#include "xalloc.h"

#define QR_SIDE		1200	/* the code's side at most, in pixels */
#define QR_MODULE_MAX	36	/* a module at most (3 mm) */
#define TEXT_W		2200	/* the widest line of text */
#define SHEET_FOOT	"Put this sheet on top of the household's papers: " \
			"the pages after it are filed to this reference."
#define PDF_TITLE	"dossier cover sheets"

/*
 * fold - the first line of S as printable ASCII into OUT (SIZE): the
 * Latin-1 letters of UTF-8 lose their accents, other characters become
 * '?', a line longer than SIZE - 1 ends with "...".  Returns the start
 * of the next line, or NULL after the last.
 */
static const char *
fold(const char *s, char *out, size_t size)
{
	/* U+00C0 to U+00FF without their accents */
	static const char latin1[] =
	    "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	int c, cut = 0;

	while (*p != '\0' && *p != '\n') {
		if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf) {
			c = latin1[p[1] - 0x80];
			p += 2;
		} else if (*p >= 0x80) {
			/* one '?' for the whole sequence */
			for (p++; *p >= 0x80 && *p < 0xc0; p++)
				;
			c = '?';
		} else {
			c = *p < 0x20 || *p == 0x7f ? ' ' : *p;
			p++;
		}
		if (n + 1 < size)
			out[n++] = (char)c;
		else
			cut = 1;
	}
	out[n] = '\0';
	if (cut && n >= 3)
		memcpy(out + n - 3, "...", 3);
	return *p == '\n' ? (const char *)p + 1 : NULL;
}

/*
 * draw_text - TEXT (printable ASCII) centred on SHEET with its top at Y,
 * as large as fits MAXW x MAXH; the height drawn, or -1 (out of memory)
 */
static int
draw_text(PIX *sheet, const char *text, int y, int maxw, int maxh)
{
	L_BMF *bmf = NULL;
	PIX *line, *big;
	l_int32 w = 0, base = 0, b;
	int size, k, bw, bh;
	const char *p;

	if (*text == '\0')
		return 0;
	/* the largest of leptonica's fonts (sizes 4 to 20) that fits */
	for (size = 20; size >= 4 && bmf == NULL; size -= 2) {
		if ((bmf = bmfCreate(NULL, size)) == NULL)
			return -1;
		if (size > 4 && (bmfGetStringWidth(bmf, text, &w) != 0 ||
		    w > maxw))
			bmfDestroy(&bmf);
	}
	if (bmf == NULL || bmfGetStringWidth(bmf, text, &w) != 0 || w < 1) {
		bmfDestroy(&bmf);
		return -1;
	}
	for (p = text; *p != '\0'; p++)
		if (bmfGetBaseline(bmf, *p, &b) == 0 && b > base)
			base = b;
	line = pixCreate(w + 4, bmf->lineheight + 4, 1);
	if (line == NULL || pixSetTextline(line, bmf, text, 1, 2, base + 2,
	    NULL, NULL) != 0) {
		pixDestroy(&line);
		bmfDestroy(&bmf);
		return -1;
	}
	bmfDestroy(&bmf);
	k = maxw / pixGetWidth(line);
	if (maxh / pixGetHeight(line) < k)
		k = maxh / pixGetHeight(line);
	big = k > 1 ? pixExpandReplicate(line, k) : pixClone(line);
	pixDestroy(&line);
	if (big == NULL)
		return -1;
	bw = pixGetWidth(big);
	bh = pixGetHeight(big);
	pixRasterop(sheet, (SHEET_W - bw) / 2, y, bw, bh, PIX_PAINT, big, 0,
	    0);
	pixDestroy(&big);
	return bh;
}

/* draw_qr - the QR code of TEXT centred on SHEET from Y; its side, or -1 */
static int
draw_qr(PIX *sheet, const char *text, int y0, char *err, size_t errlen)
{
	QRcode *qr;
	int m, x0, x, y;

	errno = 0;
	if ((qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_H)) == NULL) {
		snprintf(err, errlen, "cannot make the QR code: %s",
		    errno != 0 ? strerror(errno) : "unknown error");
		return -1;
	}
	m = QR_SIDE / qr->width;
	m = m > QR_MODULE_MAX ? QR_MODULE_MAX : m;
	x0 = (SHEET_W - m * qr->width) / 2;
	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1)
				pixRasterop(sheet, x0 + x * m, y0 + y * m, m,
				    m, PIX_SET, NULL, 0, 0);
	m *= qr->width;
	QRcode_free(qr);
	return m;
}

PIX *
sheet_render(const char *ref, const char *address, char *err, size_t errlen)
{
	char text[sizeof(COVER_PREFIX) + COVER_REF_MAX], line[SHEET_ADDR_CHARS
	    + 1];
	const char *p;
	PIX *sheet;
	int y, h, i;

	if (!cover_ref_valid(ref)) {
		snprintf(err, errlen, "not a valid reference (1 to %d of "
		    "A-Z a-z 0-9 . _ / -)", COVER_REF_MAX);
		return NULL;
	}
	snprintf(text, sizeof(text), COVER_PREFIX "%s", ref);
	if ((sheet = pixCreate(SHEET_W, SHEET_H, 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	pixSetResolution(sheet, SHEET_DPI, SHEET_DPI);
	if ((h = draw_text(sheet, COVER_TITLE, 200, TEXT_W, 90)) < 0 ||
	    (h = draw_qr(sheet, text, 450, err, errlen)) < 0)
		goto fail;
	y = 450 + h + 180;
	if ((h = draw_text(sheet, ref, y, TEXT_W, 280)) < 0)
		goto fail;
	y += h + 120;
	for (p = address, i = 0; p != NULL && i < SHEET_ADDR_LINES; i++) {
		p = fold(p, line, sizeof(line));
		if ((h = draw_text(sheet, line, y, TEXT_W, 110)) < 0)
			goto fail;
		y += h + 20;
	}
	if (draw_text(sheet, SHEET_FOOT, SHEET_H - 300, TEXT_W, 60) < 0)
		goto fail;
	return sheet;
fail:
	if (h < 0 && *err == '\0')
		snprintf(err, errlen, "out of memory");
	pixDestroy(&sheet);
	return NULL;
}

int
sheet_format_name(const char *name)
{
	if (strcasecmp(name, "pdf") == 0)
		return SHEET_PDF;
	if (strcasecmp(name, "png") == 0)
		return SHEET_PNG;
	if (strcasecmp(name, "tiff") == 0 || strcasecmp(name, "tif") == 0)
		return SHEET_TIFF;
	return -1;
}

int
sheet_format_path(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return -1;
	return sheet_format_name(dot + 1);
}

static const char sql_address[] =
    "SELECT address FROM household WHERE ref = ?1";
static const char sql_all[] =
    "SELECT ref, address FROM household ORDER BY ref";

int
sheet_address(struct db *db, const char *ref, char **address, char *err,
    size_t errlen)
{
	sqlite3_stmt *st;
	const unsigned char *a;
	int rc;

	*address = NULL;
	if ((st = db_stmt(db, sql_address)) == NULL) {
		snprintf(err, errlen, "%s", db->err);
		return -1;
	}
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (a = sqlite3_column_text(st, 0)) != NULL)
		*address = xstrdup((const char *)a);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_fail(db, "household address");
	snprintf(err, errlen, "%s", db->err);
	return -1;
}

int
sheet_all(struct db *db, char ***refs, char ***addresses, size_t *n,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;
	const unsigned char *r, *a;
	size_t cap = 0;
	int rc;

	*refs = *addresses = NULL;
	*n = 0;
	if ((st = db_stmt(db, sql_all)) == NULL) {
		snprintf(err, errlen, "%s", db->err);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*refs = xreallocarray(*refs, cap, sizeof(**refs));
			*addresses = xreallocarray(*addresses, cap,
			    sizeof(**addresses));
		}
		r = sqlite3_column_text(st, 0);
		a = sqlite3_column_text(st, 1);
		(*refs)[*n] = xstrdup(r != NULL ? (const char *)r : "");
		(*addresses)[*n] = a != NULL ? xstrdup((const char *)a) : NULL;
		(*n)++;
	}
	db_done(st);
	if (rc == SQLITE_DONE)
		return 0;
	db_fail(db, "households");
	snprintf(err, errlen, "%s", db->err);
	sheet_all_free(*refs, *addresses, *n);
	*refs = *addresses = NULL;
	*n = 0;
	return -1;
}

void
sheet_all_free(char **refs, char **addresses, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(refs[i]);
		free(addresses[i]);
	}
	free(refs);
	free(addresses);
}

/* write_out - write BUF (LEN bytes) to PATH (NULL: stdout); 0 or -1 */
static int
write_out(const char *path, const void *buf, size_t len, char *err,
    size_t errlen)
{
	int fd;

	fd = path == NULL ? 1 : open(path, O_WRONLY | O_CREAT | O_TRUNC |
	    O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || file_write_all(fd, buf, len) < 0)
		goto fail;
	if (path != NULL && close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "cannot write '%s': %s",
	    path != NULL ? path : "standard output", strerror(errno));
	if (path != NULL && fd >= 0)
		close(fd);
	return -1;
}

int
sheet_png_name(const char *path, int i, int count, char *buf, size_t size)
{
	const char *dot = strrchr(path, '.');
	int digits = 1, c, n;

	if (count <= 1)
		n = snprintf(buf, size, "%s", path);
	else {
		for (c = count; c >= 10; c /= 10)
			digits++;
		if (dot == NULL || strchr(dot, '/') != NULL)
			dot = path + strlen(path);
		n = snprintf(buf, size, "%.*s-%0*d%s", (int)(dot - path),
		    path, digits, i, *dot != '\0' ? dot : ".png");
	}
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
sheet_out_open(struct sheet_out *o, enum sheet_format format,
    const char *path, int count, char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->format = format;
	o->path = path;
	o->count = count;
	if (format == SHEET_PDF && (o->pages = pixacompCreate(count > 0 ?
	    count : 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (format == SHEET_TIFF && (o->tiff = tmpfile()) == NULL) {
		snprintf(err, errlen, "cannot make a temporary file: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
sheet_out_add(struct sheet_out *o, PIX *pix, char *err, size_t errlen)
{
	char name[4096];
	l_uint8 *data = NULL;
	size_t len = 0;
	int rc;

	switch (o->format) {
	case SHEET_PDF:
		if (pixacompAddPix(o->pages, pix, IFF_TIFF_G4) != 0)
			goto nomem;
		break;
	case SHEET_TIFF:
		if (pixWriteStreamTiffWA(o->tiff, pix, IFF_TIFF_G4,
		    o->done == 0 ? "w" : "a") != 0) {
			snprintf(err, errlen, "cannot write a TIFF page");
			return -1;
		}
		break;
	case SHEET_PNG:
		if (o->path != NULL && sheet_png_name(o->path, o->done + 1,
		    o->count, name, sizeof(name)) < 0) {
			snprintf(err, errlen, "file name too long");
			return -1;
		}
		if (pixWriteMemPng(&data, &len, pix, 0) != 0)
			goto nomem;
		rc = write_out(o->path != NULL ? name : NULL, data, len, err,
		    errlen);
		lept_free(data);
		if (rc < 0)
			return -1;
		break;
	}
	o->done++;
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* tiff_bytes - the temporary TIFF file's bytes; NULL with ERR */
static char *
tiff_bytes(FILE *fp, size_t *len, char *err, size_t errlen)
{
	long size;
	char *buf;

	if (fflush(fp) != 0 || fseek(fp, 0, SEEK_END) != 0 ||
	    (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		snprintf(err, errlen, "cannot read the TIFF file back: %s",
		    strerror(errno));
		return NULL;
	}
	buf = xmalloc((size_t)size + 1);
	if (fread(buf, 1, (size_t)size, fp) != (size_t)size) {
		snprintf(err, errlen, "cannot read the TIFF file back");
		free(buf);
		return NULL;
	}
	*len = (size_t)size;
	return buf;
}

int
sheet_out_close(struct sheet_out *o, int failed, char *err, size_t errlen)
{
	l_uint8 *pdf = NULL;
	char *tif = NULL;
	size_t len = 0;
	int rc = 0;

	if (!failed && o->done > 0 && o->format == SHEET_PDF) {
		if (pixacompConvertToPdfData(o->pages, SHEET_DPI, 1.0,
		    L_G4_ENCODE, 0, PDF_TITLE, &pdf, &len) != 0) {
			snprintf(err, errlen, "cannot make the PDF file");
			rc = -1;
		} else
			rc = write_out(o->path, pdf, len, err, errlen);
		lept_free(pdf);
	}
	if (!failed && o->done > 0 && o->format == SHEET_TIFF) {
		if ((tif = tiff_bytes(o->tiff, &len, err, errlen)) == NULL)
			rc = -1;
		else
			rc = write_out(o->path, tif, len, err, errlen);
		free(tif);
	}
	if (o->pages != NULL)
		pixacompDestroy(&o->pages);
	if (o->tiff != NULL)
		fclose(o->tiff);
	o->tiff = NULL;
	return rc;
}
