/*
 * dossier-ocr - recognise the text of every non-blank page of the jobs
 * waiting in ocr/new with tesseract; hand them on to classify/new.
 * See dossier-ocr(1).
 *
 * One engine per worker process, one OpenMP thread per engine: on two
 * cores, tesseract's own OpenMP threading was measured about five times
 * slower than one thread per process; -j N scales over cores instead.
 * libgomp reads OMP_THREAD_LIMIT when it is loaded, before main(), so the
 * program re-executes itself once with the variable set.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <leptonica/allheaders.h>

#include "exitcode.h"
#include "image.h"
#include "job.h"
#include "msg.h"
#include "ocr.h"
#include "stage.h"
#include "strbuf.h"

#define PAGE_IMAGE_MAX	(256UL * 1024 * 1024)	/* grey OCR pages are large */

static const char *langs = "fra+nld+eng";
static const char *datapath;

static int
ocr_option(int ch, const char *arg)
{
	switch (ch) {
	case 'l':
		if (*arg == '\0' || strspn(arg, "abcdefghijklmnopqrstuvwxyz_+")
		    != strlen(arg))
			return -1;
		langs = arg;
		return 0;
	case 'd':
		datapath = arg;
		return 0;
	}
	return -1;
}

static int
ocr_init(void **ctx, char *err, size_t errlen)
{
	image_quiet();
	*ctx = ocr_engine_new(datapath, langs, err, errlen);
	return *ctx != NULL ? 0 : -1;
}

static void
ocr_fini(void *ctx)
{
	ocr_engine_free(ctx);
}

static int
ocr_check(void)
{
	char err[512];
	struct ocr_engine *e = ocr_engine_new(datapath, langs, err,
	    sizeof(err));

	if (e == NULL) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	printf("languages: %s\ntessdata: %s\nomp-thread-limit: %s\n", langs,
	    datapath ? datapath : "(default)", getenv("OMP_THREAD_LIMIT"));
	ocr_engine_free(e);
	return EXIT_DONE;
}

static enum verdict
ocr_job(void *ctx, struct job *job, char *err, size_t errlen)
{
	struct strbuf img = STRBUF_INIT, text = STRBUF_INIT;
	struct strbuf words = STRBUF_INIT;
	char key[64], name[32], why[256];
	const char *image;
	long pages = job_get_long(job, "pages", 0), k;
	int conf, dpi;
	PIX *pix;

	if (pages < 1 || pages > IMAGE_MAX_PAGES) {
		snprintf(err, errlen, "job meta: bad page count");
		return VERDICT_PERM;
	}
	for (k = 1; k <= pages; k++) {
		if (job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
		    "blank"), 0) == 1)
			continue;	/* kept for the audit trail, not read */
		/* deskew's grey page for OCR if it left one, else the clean one */
		image = job_get(job, job_pagekey(key, sizeof(key), (int)k,
		    "ocr_image"));
		if (image == NULL || *image == '\0')
			image = job_get(job, job_pagekey(key, sizeof(key),
			    (int)k, "image"));
		if (image == NULL || !job_id_valid(image)) {
			snprintf(err, errlen, "page %ld: no cleaned image in "
			    "the job", k);
			goto perm;
		}
		strbuf_reset(&img);
		if (job_read(job, image, PAGE_IMAGE_MAX, &img) < 0) {
			snprintf(err, errlen, "page %ld: cannot read '%s': "
			    "%s", k, image, strerror(errno));
			goto perm;
		}
		pix = pixReadMem((const l_uint8 *)img.buf, img.len);
		if (pix == NULL) {
			snprintf(err, errlen, "page %ld: cannot decode '%s'",
			    k, image);
			goto perm;
		}
		dpi = (int)job_get_long(job, job_pagekey(key, sizeof(key),
		    (int)k, "dpi"), 300);
		strbuf_reset(&text);
		strbuf_reset(&words);
		if (ocr_page(ctx, pix, dpi, &text, &words, &conf, why,
		    sizeof(why)) < 0) {
			pixDestroy(&pix);
			snprintf(err, errlen, "page %ld: %s", k, why);
			goto perm;
		}
		pixDestroy(&pix);
		snprintf(name, sizeof(name), "p%04ld.txt", k);
		if (job_write(job, name, text.buf, text.len) < 0)
			goto temp;
		job_set(job, job_pagekey(key, sizeof(key), (int)k, "text"),
		    name);
		snprintf(name, sizeof(name), "p%04ld.tsv", k);
		if (job_write(job, name, words.buf, words.len) < 0)
			goto temp;
		job_set(job, job_pagekey(key, sizeof(key), (int)k, "words"),
		    name);
		job_setf(job, job_pagekey(key, sizeof(key), (int)k,
		    "ocr_conf"), "%d", conf);

		msg_info("page %ld: %zu bytes of text, confidence %d", k,
		    text.len, conf);
	}
	strbuf_release(&img);
	strbuf_release(&text);
	strbuf_release(&words);
	return VERDICT_OK;
temp:
	snprintf(err, errlen, "cannot write '%s': %s", name, strerror(errno));
	strbuf_release(&img);
	strbuf_release(&text);
	strbuf_release(&words);
	return VERDICT_TEMP;
perm:
	strbuf_release(&img);
	strbuf_release(&text);
	strbuf_release(&words);
	return VERDICT_PERM;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "tessdata", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	static const struct stage_def def = {
		.name = "ocr",
		.synopsis = "[-l langs] [--tessdata dir]",
		.optstring = "l:",
		.longopts = longopts,
		.option = ocr_option,
		.check = ocr_check,
		.worker_init = ocr_init,
		.process = ocr_job,
		.worker_fini = ocr_fini,
	};
	const char *lim = getenv("OMP_THREAD_LIMIT");
	const char *dp = getenv("DOSSIER_TESSDATA");

	if (lim == NULL || strcmp(lim, "1") != 0) {
		if (setenv("OMP_THREAD_LIMIT", "1", 1) == 0) {
			execv("/proc/self/exe", argv);
			/* no /proc: go on, slower but correct */
		}
	}
	if (dp != NULL && *dp != '\0')
		datapath = dp;
	return stage_main(&def, argc, argv);
}
