/*
 * dossier-deskew - clean every page of the jobs waiting in deskew/new:
 * binarise, measure and correct the skew, detect blank pages; hand the
 * jobs on to ocr/new.  See dossier-deskew(1).
 */
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <leptonica/allheaders.h>

#include "bigmem.h"
#include "db.h"
#include "exitcode.h"
#include "deskew.h"
#include "image.h"
#include "msg.h"
#include "sandbox.h"
#include "spool.h"
#include "stage.h"

/*
 * Deskew is ten times faster than OCR and leaves OCR a large grey page:
 * while OCR is running and already has this many jobs waiting, deskew
 * waits, so that the spool holds a bounded number of grey pages whatever
 * the batch size.  With no OCR worker alive, it does not wait.
 */
static long max_ahead = 32;
static struct spool ahead_sp;

static void
wait_for_ocr(void)
{
	const char *next = spool_next_stage("deskew");
	int n, waited = 0;

	/* a spool error (n < 0) is not ours to report: do not wait */
	while ((n = spool_waiting(&ahead_sp, next)) >= 0 && n >= max_ahead &&
	    spool_live_workers(&ahead_sp, next) > 0) {
		if (!waited++)
			msg_info("%d jobs wait for %s: waiting", n, next);
		sleep(1);
	}
}

/* deskew_process - the stage callback: wait for OCR, then deskew_job */
static enum verdict
deskew_process(void *ctx, struct job *job, char *err, size_t errlen)
{
	if (max_ahead > 0)
		wait_for_ocr();
	/* page.K.pixels_sha256 of the pages as deskew decodes them */
	return image_digest_pages(job, deskew_job, err, errlen);
}

/*
 * deskew_sandbox - the worker decodes the pages it claims: from here on
 * it reads and writes the spool and nothing else (dossier-deskew(1),
 * SECURITY); 0, or -1 with ERR
 */
static int
deskew_sandbox(char *err, size_t errlen)
{
	const char *rw[] = { stage_opt.spool, NULL };
	struct sandbox_paths paths = { rw, NULL };

	return sandbox_enter(&paths, err, errlen);
}

/* deskew_setup - in the parent: at -v, say what the sandbox will be */
static int
deskew_setup(void)
{
	sandbox_note();
	return EXIT_DONE;
}

static int
deskew_init(void **ctx, char *err, size_t errlen)
{
	if (spool_open(&ahead_sp, stage_opt.spool, 0) < 0) {
		snprintf(err, errlen, "%s", ahead_sp.err);
		return -1;
	}
	image_quiet();
	/*
	 * a page is a few images of 5-40 MB each; by default glibc maps
	 * each one fresh and unmaps it when freed, so every page pays for
	 * page faults and zeroing of memory it had a moment ago.  Keep
	 * such blocks in the heap (the largest threshold glibc allows) and
	 * never give the top back: the worker's peak is its size anyway.
	 */
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
	*ctx = NULL;
	return deskew_sandbox(err, errlen);
}

/*
 * deskew_settings - settings.deskew: the image library and the cleanup's
 * thresholds (deskew.h), which decide the cleaned page; --max-ahead only
 * paces the stage and is not one of them.  Last, the sandbox the page was
 * decoded in (sandbox_state()).
 */
static void
deskew_settings(void *ctx, struct strbuf *sb)
{
	static char *lept;

	if (lept == NULL)
		lept = getLeptonicaVersion();	/* "leptonica-1.82.0" */
	db_kv(sb, "leptonica", lept != NULL && strchr(lept, '-') != NULL ?
	    strchr(lept, '-') + 1 : lept);
	strbuf_addf(sb, " sweep=%g min_conf=%g orient_ratio=%g blank_max=%g "
	    "blank_margin=%g photo_min=%g photo_side=%g low_dpi=%d",
	    DESKEW_SWEEP_RANGE,
	    DESKEW_MIN_CONF, DESKEW_ORIENT_RATIO, DESKEW_BLANK_MAX,
	    DESKEW_BLANK_MARGIN, DESKEW_PHOTO_MIN, DESKEW_PHOTO_SIDE,
	    DESKEW_LOW_DPI);
	db_kv(sb, "sandbox", sandbox_state());
}

int
main(int argc, char **argv)
{
	static const struct stage_option opts[] = {
		{ 0, "max-ahead", "jobs", STAGE_OPT_LONG, &max_ahead, 0,
		    LONG_MAX, NULL, "--max-ahead wants a number of jobs" },
		{ 0 }
	};
	static const struct stage_def def = {
		.name = "deskew",
		.opts = opts,
		.setup = deskew_setup,
		.worker_init = deskew_init,
		.process = deskew_process,
		.settings = deskew_settings,
	};

	bigmem_pix();
	bigmem_heap();
	return stage_main(&def, argc, argv);
}
