/*
 * test_ambigs.c - an engine started without tesseract's universal
 * ambiguities (src/ocr/ambigs.c): this program's function is the one
 * tesseract calls, the table is left out only while asked, and an engine
 * without it reads a page as one with it does; its parallel regions run
 * by this program's OpenMP entry points (src/ocr/omp.c)
 */
#include <string.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "../../src/ocr/ocr.h"
#include "unit.h"

static const char *const lines[] = {
	"The quick brown fox jumps over the lazy dog.",
	"Invoice 1047 of 12 March 2024: rent and charges,",
	"minimum 1111 illicit rn m cl d 0O lI1 vv w.",
};

/* page - LINES in leptonica's 10-point font, twice its size, grey */
static PIX *
page(void)
{
	L_BMF *bmf = bmfCreate(NULL, 10);
	PIX *p, *big, *grey;
	size_t i;

	assert_true(bmf != NULL);
	p = pixCreate(1000, 60 * (int)(sizeof(lines) / sizeof(lines[0])) +
	    80, 1);
	assert_true(p != NULL);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_int(pixSetTextline(p, bmf, lines[i], 1, 40,
		    60 + 60 * (int)i, NULL, NULL), ==, 0);
	big = pixScale(p, 2.0, 2.0);
	grey = pixConvertTo8(big, 0);
	pixSetResolution(grey, 300, 300);
	pixDestroy(&p);
	pixDestroy(&big);
	bmfDestroy(&bmf);
	return grey;
}

/* engine - an English engine, started with the table skipped or not */
static TessBaseAPI *
engine(int skip)
{
	TessBaseAPI *api = TessBaseAPICreate();
	int rc;

	assert_true(api != NULL);
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	ocr_ambigs_skip(skip);
	rc = TessBaseAPIInit3(api, NULL, "eng");
	ocr_ambigs_skip(0);
	assert_int(rc, ==, 0);
	return api;
}

/* read_page - the text API reads on PIX, its mean confidence in *CONF */
static char *
read_page(TessBaseAPI *api, PIX *pix, int *conf)
{
	char *s;

	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	TessBaseAPISetImage2(api, pix);
	assert_int(TessBaseAPIRecognize(api, NULL), ==, 0);
	s = TessBaseAPIGetUTF8Text(api);
	assert_true(s != NULL);
	*conf = TessBaseAPIMeanTextConf(api);
	return s;
}

DEFINE_TEST(test_ocr_ambigs_skipped)
{
	TessBaseAPI *without, *with;
	PIX *pix = page();
	char *a, *b;
	long n = ocr_ambigs_skipped();
	int ca, cb, oem = -1;

	without = engine(1);
	/* this program's LoadUniversal was called, and left the table out */
	assert_int(ocr_ambigs_skipped(), ==, n + 1);
	with = engine(0);
	assert_int(ocr_ambigs_skipped(), ==, n + 1);
	/* Debian's traineddata: the LSTM alone, which never reads it */
	assert_true(TessBaseAPIGetIntVariable(without,
	    "tessedit_ocr_engine_mode", &oem));
	assert_int(oem, ==, OEM_LSTM_ONLY);
	n = ocr_omp_regions();
	a = read_page(without, pix, &ca);
	/* the engine's parallel regions ran by this program's (omp.c) */
	assert_int(ocr_omp_regions(), >, n);
	b = read_page(with, pix, &cb);
	assert_true(strstr(a, "quick brown fox") != NULL);
	/* the same page, word for word and confidence for confidence */
	assert_str(a, b);
	assert_int(ca, ==, cb);
	TessDeleteText(a);
	TessDeleteText(b);
	TessBaseAPIEnd(without);
	TessBaseAPIEnd(with);
	TessBaseAPIDelete(without);
	TessBaseAPIDelete(with);
	pixDestroy(&pix);
}
