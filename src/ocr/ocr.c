/*
 * ocr.c - the tesseract C API, one engine per worker (see ocr.h)
 *
 * The engine is initialised once and reused for every page: loading the
 * traineddata of three languages costs far more than one page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "ocr.h"
#include "strbuf.h"
#include "xalloc.h"

struct ocr_engine {
	TessBaseAPI *api;
};

struct ocr_engine *
ocr_engine_new(const char *datapath, const char *langs, char *err,
    size_t errlen)
{
	struct ocr_engine *e;

	e = xcalloc(1, sizeof(*e));
	e->api = TessBaseAPICreate();
	if (e->api == NULL) {
		snprintf(err, errlen, "cannot create the tesseract engine");
		free(e);
		return NULL;
	}
	/* tesseract prints "Estimating resolution..." and friends: no */
	TessBaseAPISetVariable(e->api, "debug_file", "/dev/null");
	if (TessBaseAPIInit3(e->api, datapath, langs) != 0) {
		snprintf(err, errlen, "cannot start tesseract for languages "
		    "'%s'%s%s: is the traineddata installed?", langs,
		    datapath ? " from " : "", datapath ? datapath : "");
		TessBaseAPIDelete(e->api);
		free(e);
		return NULL;
	}
	TessBaseAPISetVariable(e->api, "debug_file", "/dev/null");
	TessBaseAPISetPageSegMode(e->api, PSM_AUTO);
	return e;
}

void
ocr_engine_free(struct ocr_engine *e)
{
	if (e == NULL)
		return;
	TessBaseAPIEnd(e->api);
	TessBaseAPIDelete(e->api);
	free(e);
}

int
ocr_page(struct ocr_engine *e, struct Pix *pix, int dpi, struct strbuf *text,
    struct strbuf *words, int *conf, char *err, size_t errlen)
{
	char *s;

	TessBaseAPISetImage2(e->api, pix);
	if (dpi > 0)
		TessBaseAPISetSourceResolution(e->api, dpi);
	if (TessBaseAPIRecognize(e->api, NULL) != 0) {
		snprintf(err, errlen, "tesseract could not recognise the "
		    "page");
		TessBaseAPIClear(e->api);
		return -1;
	}
	s = TessBaseAPIGetUTF8Text(e->api);
	if (s != NULL) {
		strbuf_adds(text, s);
		TessDeleteText(s);
	}
	s = TessBaseAPIGetTsvText(e->api, 0);
	if (s != NULL) {
		strbuf_adds(words, s);
		TessDeleteText(s);
	}
	*conf = TessBaseAPIMeanTextConf(e->api);
	TessBaseAPIClear(e->api);
	return 0;
}
