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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcode.h"
#include "image.h"
#include "msg.h"
#include "ocr.h"
#include "stage.h"

static const char *langs = "fra+nld+eng";
static const char *datapath;

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
ocr_process(void *ctx, struct job *job, char *err, size_t errlen)
{
	return ocr_job(ctx, job, err, errlen);
}

int
main(int argc, char **argv)
{
	static const struct stage_option opts[] = {
		{ 'l', "lang", "langs", STAGE_OPT_STRING, &langs, 0, 0,
		    "abcdefghijklmnopqrstuvwxyz_+", NULL },
		{ 0, "tessdata", "dir", STAGE_OPT_STRING, &datapath, 0, 0,
		    NULL, NULL },
		{ 0 }
	};
	static const struct stage_def def = {
		.name = "ocr",
		.opts = opts,
		.check = ocr_check,
		.worker_init = ocr_init,
		.process = ocr_process,
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
