/*
 * dossier-ocr - recognise the text of every non-blank page of the jobs
 * waiting in ocr/new with tesseract; hand them on to classify/new.
 * See dossier-ocr(1).
 *
 * One engine per language in each worker process, started when a page
 * first needs it, one OpenMP thread per engine: on two cores, tesseract's
 * own OpenMP threading was measured about five times slower than one
 * thread per process; -j N scales over cores instead (ocr_one_thread:
 * set in main(), no new start of the program with OMP_THREAD_LIMIT=1,
 * which cost some 60 ms of loading the libraries again on every run).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bigmem.h"
#include "db.h"
#include "exitcode.h"
#include "image.h"
#include "msg.h"
#include "ocr.h"
#include "sandbox.h"
#include "stage.h"

static const char *langs = "fra+nld+eng+deu";
static const char *datapath;
static struct ocr_limits limits = { OCR_MAX_MPX, OCR_BUDGET };

/*
 * ocr_init - a worker's engine, then its sandbox (dossier-ocr(1),
 * SECURITY): the spool to read and write, the traineddata folder to read
 * (the other languages' engines start when a page needs them)
 */
static int
ocr_init(void **ctx, char *err, size_t errlen)
{
	const char *rw[] = { stage_opt.spool, NULL };
	const char *ro[] = { NULL, NULL };
	struct sandbox_paths paths = { rw, ro };

	image_quiet();
	*ctx = ocr_engine_new(datapath, langs, &limits, err, errlen);
	if (*ctx == NULL)
		return -1;
	ro[0] = ocr_engine_datapath(*ctx);
	if (ro[0] == NULL)
		ro[0] = datapath;
	if (sandbox_enter(&paths, err, errlen) < 0) {
		ocr_engine_free(*ctx);
		*ctx = NULL;
		return -1;
	}
	return 0;
}

/* ocr_setup - in the parent: at -v, say what the sandbox will be */
static int
ocr_setup(void)
{
	sandbox_note();
	return EXIT_DONE;
}

static void
ocr_fini(void *ctx)
{
	ocr_engine_free(ctx);
}

static void
ocr_settings(void *ctx, struct strbuf *sb)
{
	ocr_engine_settings(ctx, sb);
	db_kv(sb, "sandbox", sandbox_state());
}

static int
ocr_check(void)
{
	char err[512];
	struct ocr_engine *e = ocr_engine_new(datapath, langs, &limits, err,
	    sizeof(err));

	if (e == NULL || ocr_engine_load(e, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		ocr_engine_free(e);
		return EXIT_ENV;
	}
	printf("languages: %s\ntessdata: %s\nomp-thread-limit: %d\n"
	    "max-mpx: %g\nbudget: %g s per Mpx, at least %g s\n", langs,
	    datapath ? datapath : "(default)", ocr_omp_threads(),
	    limits.max_mpx, limits.budget, limits.budget * 3);
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
		{ 0, "max-mpx", "mpx", STAGE_OPT_DOUBLE, &limits.max_mpx,
		    0.01, 1000, NULL, NULL },
		{ 0, "budget", "seconds", STAGE_OPT_DOUBLE, &limits.budget,
		    0.0001, 3600, NULL, NULL },
		{ 0 }
	};
	static const struct stage_def def = {
		.name = "ocr",
		.opts = opts,
		.setup = ocr_setup,
		.check = ocr_check,
		.worker_init = ocr_init,
		.process = ocr_process,
		.worker_fini = ocr_fini,
		.settings = ocr_settings,
	};
	const char *dp = getenv("DOSSIER_TESSDATA");

	bigmem_pix();
	bigmem_heap();
	ocr_one_thread();
	if (dp != NULL && *dp != '\0')
		datapath = dp;
	return stage_main(&def, argc, argv);
}
