/*
 * test_cover.c - cover sheets: references, a sheet printed and "scanned"
 * (turned, skewed, shrunk to 200 dpi, noisy, grey or colour) read back,
 * pages that are not cover sheets, hostile pages
 */
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <qrencode.h>

#include "../../src/coversheet/coversheet.h"
#include "cover.h"
#include "unit.h"

/* find - cover_find on PIX; the reference found into REF, or "" */
static int
find(PIX *pix, char ref[COVER_REF_MAX + 1])
{
	char err[256];

	*ref = '\0';
	return cover_find(pix, ref, COVER_REF_MAX + 1, err, sizeof(err));
}

/* qr_page - a white A4 page at 300 dpi with the QR code of TEXT at X, Y */
static PIX *
qr_page(PIX *page, const char *text, int x0, int y0, int module)
{
	QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	int x, y;

	if (page == NULL) {
		page = pixCreate(SHEET_W, SHEET_H, 1);
		pixSetResolution(page, 300, 300);
	}
	for (y = 0; qr != NULL && y < qr->width; y++)
		for (x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1)
				pixRasterop(page, x0 + x * module,
				    y0 + y * module, module, module, PIX_SET,
				    NULL, 0, 0);
	QRcode_free(qr);
	return page;
}

/* noise - flip about one pixel in PERMILLE of the 1-bit PIX (repeatable) */
static void
noise(PIX *pix, int permille)
{
	unsigned long r = 12345;
	l_int32 w = pixGetWidth(pix), h = pixGetHeight(pix), x, y;
	l_uint32 v;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			r = r * 1103515245 + 12345;
			if ((r >> 16) % 1000 < (unsigned long)permille) {
				pixGetPixel(pix, x, y, &v);
				pixSetPixel(pix, x, y, !v);
			}
		}
}

/* scan - SHEET as a scanner might give it: turned, skewed, at DPI */
static PIX *
scan(PIX *sheet, int quads, double deg, int dpi, int depth)
{
	PIX *a, *b, *c;

	a = pixRotateOrth(sheet, quads);
	b = pixRotateBySampling(a, pixGetWidth(a) / 2, pixGetHeight(a) / 2,
	    (l_float32)(deg * 3.14159265 / 180), L_BRING_IN_WHITE);
	pixDestroy(&a);
	noise(b, 20);
	/* grey by shrinking (a blur of sorts), then the depth asked for */
	a = pixScaleToGray(b, (l_float32)dpi / 300 < 0.9f ?
	    (l_float32)dpi / 300 : 0.5f);
	pixDestroy(&b);
	pixSetResolution(a, dpi, dpi);
	if (depth == 1)
		c = pixThresholdToBinary(a, 128);
	else
		c = pixClone(a);
	pixDestroy(&a);
	if (depth == 32) {
		a = pixConvertTo32(c);
		pixDestroy(&c);
		c = a;
	}
	pixSetResolution(c, dpi, dpi);
	return c;
}

DEFINE_TEST(test_cover_title)
{
	static const char *const yes[] = {
		COVER_TITLE,
		"Cover sheet - Page de garde - Schutblad",
		"x\nCOVER SHEET -  PAGE  DE GARDE -\nHH-2026-0001\n",
		"COVER SHEET PAGE DE GARDE SCHUTB1AD",	/* one misread */
		"C0VER SHEET - PAGE DE GARDE - SCHUTBLAD",
		NULL
	};
	static const char *const no[] = {
		"", "COVER SHEET", "Page de garde\nSchutblad",	/* two lines */
		"COVERSHEET PAGEDEGARDE", "Fax cover sheet: 3 pages",
		"Monsieur le Directeur, je vous prie", NULL
	};
	int i;

	for (i = 0; yes[i] != NULL; i++)
		assert_int(cover_title_read(yes[i], strlen(yes[i])), ==, 1);
	for (i = 0; no[i] != NULL; i++)
		assert_int(cover_title_read(no[i], strlen(no[i])), ==, 0);
	assert_int(cover_title_read(NULL, 0), ==, 0);
	/* the length bounds it: not read past LEN */
	assert_int(cover_title_read("COVER SHEET PAGE DE GARDE", 14), ==, 0);
}

DEFINE_TEST(test_cover_ref)
{
	char ref[COVER_REF_MAX + 1], big[COVER_REF_MAX + 2];

	assert_true(cover_ref_valid("H-0042"));
	assert_true(cover_ref_valid("a.b_c/d-9"));
	assert_true(!cover_ref_valid(""));
	assert_true(!cover_ref_valid("H 42"));
	assert_true(!cover_ref_valid("H\xc3\xa9"));
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_true(!cover_ref_valid(big));
	big[COVER_REF_MAX] = '\0';
	assert_true(cover_ref_valid(big));

	assert_int(cover_text_ref("DOSSIER:H-1", 11, ref, sizeof(ref)), ==, 1);
	assert_str(ref, "H-1");
	assert_int(cover_text_ref("dossier:H-1", 11, ref, sizeof(ref)), ==, 0);
	assert_int(cover_text_ref("TAG:invoice", 11, ref, sizeof(ref)), ==, 0);
	assert_int(cover_text_ref("DOSS", 4, ref, sizeof(ref)), ==, 0);
	assert_int(cover_text_ref("DOSSIER:", 8, ref, sizeof(ref)), ==, -1);
	assert_int(cover_text_ref("DOSSIER:a b", 11, ref, sizeof(ref)), ==, -1);
	assert_int(cover_text_ref("DOSSIER:a\0b", 11, ref, sizeof(ref)), ==,
	    -1);
	assert_int(cover_text_ref(" DOSSIER:H-1", 12, ref, sizeof(ref)), ==,
	    0);
}

DEFINE_TEST(test_cover_round_trip)
{
	static const struct {
		int quads;
		double deg;
		int dpi, depth;
	} s[] = {
		{ 0, 0, 300, 1 }, { 1, 3, 200, 8 }, { 2, -2.5, 200, 1 },
		{ 3, 4, 300, 32 }, { 0, -4, 200, 32 }, { 2, 1, 150, 8 },
	};
	char ref[COVER_REF_MAX + 1], err[256], long_ref[COVER_REF_MAX + 1];
	PIX *sheet, *page;
	size_t i;

	sheet = sheet_render("H-0042", "Rue de l'\xc3\x89glise 12\n"
	    "1000 Bruxelles", err, sizeof(err));
	assert_true(sheet != NULL);
	if (sheet == NULL)
		return;
	assert_int(pixGetWidth(sheet), ==, SHEET_W);
	assert_int(find(sheet, ref), ==, 1);
	assert_str(ref, "H-0042");
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		page = scan(sheet, s[i].quads, s[i].deg, s[i].dpi, s[i].depth);
		if (find(page, ref) != 1)
			unit_fail(__FILE__, __LINE__, "scan %zu (%d quads, "
			    "%.1f deg, %d dpi, %d bit) not read", i,
			    s[i].quads, s[i].deg, s[i].dpi, s[i].depth);
		else
			assert_str(ref, "H-0042");
		pixDestroy(&page);
	}
	pixDestroy(&sheet);

	/* the longest reference makes the densest code */
	memset(long_ref, 'Z', COVER_REF_MAX);
	long_ref[COVER_REF_MAX] = '\0';
	long_ref[5] = '/';
	sheet = sheet_render(long_ref, NULL, err, sizeof(err));
	assert_true(sheet != NULL);
	page = scan(sheet, 1, 2, 200, 8);
	assert_int(find(page, ref), ==, 1);
	assert_str(ref, long_ref);
	pixDestroy(&page);
	pixDestroy(&sheet);

	assert_true(sheet_render("no spaces", NULL, err, sizeof(err)) == NULL);
}

DEFINE_TEST(test_cover_not_a_sheet)
{
	char ref[COVER_REF_MAX + 1];
	PIX *page;

	/* a blank page, a tiny one, a QR code with another text */
	page = pixCreate(SHEET_W, SHEET_H, 8);
	pixSetAll(page);
	assert_int(find(page, ref), ==, 0);
	pixDestroy(&page);
	page = pixCreate(1, 1, 1);
	assert_int(find(page, ref), ==, 0);
	pixDestroy(&page);
	page = qr_page(NULL, "TAG:invoice", 300, 300, 12);
	assert_int(find(page, ref), ==, 0);
	/* the cover sheet's code is found among the others */
	page = qr_page(page, "DOSSIER:B-7", 1200, 1800, 20);
	assert_int(find(page, ref), ==, 1);
	assert_str(ref, "B-7");
	/* two references on one page: not usable */
	page = qr_page(page, "DOSSIER:B-8", 300, 2600, 20);
	assert_int(find(page, ref), ==, -1);
	pixDestroy(&page);
	/* a reference that is not valid: not usable either */
	page = qr_page(NULL, "DOSSIER:B 9", 600, 600, 20);
	assert_int(find(page, ref), ==, -1);
	pixDestroy(&page);
	/* a smaller code (modules of 0.6 mm) is read from the page itself */
	page = qr_page(NULL, "DOSSIER:small-1", 1800, 200, 7);
	assert_int(find(page, ref), ==, 1);
	assert_str(ref, "small-1");
	pixDestroy(&page);
}

DEFINE_TEST(test_cover_hostile)
{
	char ref[COVER_REF_MAX + 1], err[256];
	PIX *page;

	assert_int(cover_find(NULL, ref, sizeof(ref), err, sizeof(err)), ==,
	    -1);
	/* too many pixels: refused before anything is looked at */
	page = pixCreateHeader(70000, 4, 1);
	assert_int(cover_find(page, ref, sizeof(ref), err, sizeof(err)), ==,
	    -1);
	pixDestroy(&page);
	/* a page of noise, a colormapped page, a 16-bit page */
	page = pixCreate(1700, 2300, 1);
	noise(page, 500);
	assert_int(find(page, ref), ==, 0);
	pixDestroy(&page);
	page = pixCreate(800, 1100, 8);
	pixSetColormap(page, pixcmapCreateLinear(8, 256));
	assert_int(find(page, ref), ==, 0);
	pixDestroy(&page);
	page = pixCreate(800, 1100, 16);
	assert_int(find(page, ref), ==, 0);
	pixDestroy(&page);
}

DEFINE_TEST(test_coversheet_names)
{
	char buf[64];

	assert_int(sheet_format_path("a/b.PDF"), ==, SHEET_PDF);
	assert_int(sheet_format_path("x.tif"), ==, SHEET_TIFF);
	assert_int(sheet_format_path("x.png"), ==, SHEET_PNG);
	assert_int(sheet_format_path("x.d/y"), ==, -1);
	assert_int(sheet_format_name("jpeg"), ==, -1);
	assert_int(sheet_png_name("out.png", 1, 1, buf, sizeof(buf)), ==, 0);
	assert_str(buf, "out.png");
	assert_int(sheet_png_name("out.png", 3, 12, buf, sizeof(buf)), ==, 0);
	assert_str(buf, "out-03.png");
	assert_int(sheet_png_name("d.x/out", 2, 2, buf, sizeof(buf)), ==, 0);
	assert_str(buf, "d.x/out-2.png");
}

DEFINE_TEST(test_cover_crowded)
{
	char ref[COVER_REF_MAX + 1], text[16];
	PIX *page = NULL;
	int i;

	/* a sheet of 30 small labels (90 finder patterns) above the code */
	for (i = 0; i < 30; i++) {
		snprintf(text, sizeof(text), "TAG:%d", i);
		page = qr_page(page, text, 100 + (i % 6) * 380,
		    100 + (i / 6) * 300, 8);
	}
	assert_int(find(page, ref), ==, 0);
	page = qr_page(page, "DOSSIER:under-the-labels", 900, 2000, 20);
	assert_int(find(page, ref), ==, 1);
	assert_str(ref, "under-the-labels");
	pixDestroy(&page);
}
