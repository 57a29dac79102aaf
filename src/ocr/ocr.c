/*
 * ocr.c - dossier-ocr's transform: the tesseract C API, one engine per
 * worker, and the job's pages through it (see ocr.h)
 *
 * The engine is initialised once and reused for every page: loading the
 * traineddata of three languages costs far more than one page.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "image.h"
#include "msg.h"
#include "ocr.h"
#include "strbuf.h"
#include "textnorm.h"
#include "xalloc.h"

#define OCR_IMAGE_MAX	(256UL * 1024 * 1024)	/* grey OCR pages are large */

struct ocr_engine {
	TessBaseAPI *api;
};

/* the buffers one job's pages reuse */
struct ocr_bufs {
	struct strbuf img, text, words;
	struct textnorm norm;		/* the text normalised */
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

/*
 * ocr_one - recognise page K of JOB from its image file IMAGE into
 * pK.txt and pK.tsv; the verdict, with the reason in ERR
 */
static enum verdict
ocr_one(struct ocr_engine *e, struct job *job, long k, const char *image,
    struct ocr_bufs *b, char *err, size_t errlen)
{
	char key[64], name[32], why[256];
	const char *lang = NULL;
	int conf, dpi, e2;
	PIX *pix;

	strbuf_reset(&b->img);
	if (job_read(job, image, OCR_IMAGE_MAX, &b->img) < 0)
		return verdict_set(verdict_errno(errno), err, errlen,
		    "page %ld: cannot read '%s': %s", k, image,
		    strerror(errno));
	errno = 0;
	pix = pixReadMem((const l_uint8 *)b->img.buf, b->img.len);
	if (pix == NULL)
		return verdict_set(verdict_decode(errno), err, errlen,
		    "page %ld: cannot decode '%s'", k, image);
	dpi = (int)job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "dpi"), 300);
	strbuf_reset(&b->text);
	strbuf_reset(&b->words);
	errno = 0;
	if (ocr_page(e, pix, dpi, &b->text, &b->words, &conf, why,
	    sizeof(why)) < 0) {
		e2 = errno;
		pixDestroy(&pix);
		return verdict_set(verdict_decode(e2), err, errlen,
		    "page %ld: %s", k, why);
	}
	pixDestroy(&pix);
	snprintf(name, sizeof(name), "p%04ld.txt", k);
	if (job_write(job, name, b->text.buf, b->text.len) < 0)
		goto temp;
	job_set(job, job_pagekey(key, sizeof(key), (int)k, "text"), name);
	snprintf(name, sizeof(name), "p%04ld.tsv", k);
	if (job_write(job, name, b->words.buf, b->words.len) < 0)
		goto temp;
	job_set(job, job_pagekey(key, sizeof(key), (int)k, "words"), name);
	job_setf(job, job_pagekey(key, sizeof(key), (int)k, "ocr_conf"), "%d",
	    conf);
	/*
	 * the page's language by the rule that gives the document's
	 * (textnorm_lang), not tesseract's word languages: with several
	 * languages loaded, tesseract keeps reading in the language that
	 * last worked and tries the others only when a word fails, so its
	 * per-word languages say more about the order of the words than
	 * about their language (on samples/, the majority over characters
	 * was wrong for 3 of 20 pages, e.g. an English page read as "fra",
	 * where textnorm_lang was right for all 20)
	 */
	if (textnorm_run(&b->norm, b->text.buf, b->text.len, 0) == 0 &&
	    b->norm.out.len > 0) {
		lang = textnorm_lang(b->norm.out.buf, b->norm.out.len);
		job_set(job, job_pagekey(key, sizeof(key), (int)k, "lang"),
		    lang);
	}
	msg_info("page %ld: %zu bytes of text, confidence %d, language %s",
	    k, b->text.len, conf, lang != NULL ? lang : "none");
	return VERDICT_OK;
temp:
	return verdict_set(VERDICT_TEMP, err, errlen, "cannot write '%s': %s",
	    name, strerror(errno));
}

enum verdict
ocr_job(struct ocr_engine *e, struct job *job, char *err, size_t errlen)
{
	struct ocr_bufs b;
	char key[64];
	const char *image;
	long pages = job_get_long(job, "pages", 0), k;
	enum verdict v = VERDICT_OK;

	if (pages < 1 || pages > IMAGE_MAX_PAGES)
		return verdict_set(VERDICT_PERM, err, errlen,
		    "job meta: bad page count");
	strbuf_init(&b.img);
	strbuf_init(&b.text);
	strbuf_init(&b.words);
	textnorm_init(&b.norm);
	for (k = 1; k <= pages && v == VERDICT_OK; k++) {
		if (job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
		    "blank"), 0) == 1)
			continue;	/* kept for the audit trail, not read */
		/* deskew's grey page for OCR if it left one, else the clean one */
		image = job_get(job, job_pagekey(key, sizeof(key), (int)k,
		    "ocr_image"));
		if (image == NULL || *image == '\0')
			image = job_get(job, job_pagekey(key, sizeof(key),
			    (int)k, "image"));
		if (image == NULL || !job_id_valid(image))
			v = verdict_set(VERDICT_PERM, err, errlen, "page %ld: "
			    "no cleaned image in the job", k);
		else
			v = ocr_one(e, job, k, image, &b, err, errlen);
	}
	strbuf_release(&b.img);
	strbuf_release(&b.text);
	strbuf_release(&b.words);
	textnorm_release(&b.norm);
	return v;
}
