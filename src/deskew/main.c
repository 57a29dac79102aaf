/*
 * dossier-deskew - clean every page of the jobs waiting in deskew/new:
 * binarise, measure and correct the skew, detect blank pages; hand the
 * jobs on to ocr/new.  See dossier-deskew(1).
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <leptonica/allheaders.h>

#include "deskew.h"
#include "exitcode.h"
#include "image.h"
#include "job.h"
#include "msg.h"
#include "spool.h"
#include "stage.h"

#define SOURCE_MAX	(512UL * 1024 * 1024)

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

static enum verdict
deskew_job(void *ctx, struct job *job, char *err, size_t errlen)
{
	struct deskew_result r;
	struct mapped m;
	char path[PATH_MAX], key[64], name[32], why[256];
	const char *media = job_get(job, "media_type");
	long pages = job_get_long(job, "pages", 0), k, srcpage;
	l_uint8 *data;
	size_t size;
	PIX *pix, *clean, *ocrpix;
	char oname[32];
	int rc, grey;

	(void)ctx;
	if (max_ahead > 0)
		wait_for_ocr();
	if (pages < 1 || pages > IMAGE_MAX_PAGES) {
		snprintf(err, errlen, "job meta: bad page count");
		return VERDICT_PERM;
	}
	if (job_path(job, "source", path, sizeof(path)) < 0 ||
	    image_map(path, SOURCE_MAX, &m) < 0) {
		snprintf(err, errlen, "cannot read the job's source file: %s",
		    strerror(errno));
		return VERDICT_PERM;
	}
	for (k = 1; k <= pages; k++) {
		srcpage = job_get_long(job, job_pagekey(key, sizeof(key),
		    (int)k, "source_page"), k);
		pix = image_read_page(m.data, m.size, media, (int)srcpage,
		    IMAGE_MAX_PIXELS, IMAGE_READ_GREY, why, sizeof(why));
		if (pix == NULL) {
			snprintf(err, errlen, "page %ld: %s", srcpage, why);
			image_unmap(&m);
			return VERDICT_PERM;
		}
		clean = deskew_page(pix, &r, &ocrpix, why, sizeof(why));
		pixDestroy(&pix);
		if (clean == NULL) {
			snprintf(err, errlen, "page %ld: %s", srcpage, why);
			image_unmap(&m);
			return VERDICT_PERM;
		}
		data = NULL;
		grey = pixGetDepth(clean) != 1;
		rc = pixWriteMem(&data, &size, clean,
		    grey ? IFF_PNG : IFF_TIFF_G4);
		pixDestroy(&clean);
		if (rc != 0 || data == NULL) {
			snprintf(err, errlen, "page %ld: cannot encode the "
			    "cleaned page", srcpage);
			image_unmap(&m);
			return VERDICT_PERM;
		}
		snprintf(name, sizeof(name), "p%04ld.%s", k,
		    grey ? "png" : "tif");
		rc = job_write(job, name, data, size);
		lept_free(data);
		if (rc < 0) {
			snprintf(err, errlen, "cannot write '%s': %s", name,
			    strerror(errno));
			image_unmap(&m);
			return VERDICT_TEMP;
		}
		if (ocrpix != NULL) {
			/*
			 * for OCR only, gone with the job: leptonica's raw
			 * serialisation, which costs 1 ms to write where PNG
			 * costs 100-200 ms a page (measured on tapuscorpus)
			 */
			data = NULL;
			rc = pixWriteMem(&data, &size, ocrpix, IFF_SPIX);
			pixDestroy(&ocrpix);
			snprintf(oname, sizeof(oname), "p%04ld.ocr.spix", k);
			if (rc != 0 || data == NULL ||
			    job_write(job, oname, data, size) < 0) {
				snprintf(err, errlen, "cannot write '%s': %s",
				    oname, strerror(errno));
				if (data != NULL)
					lept_free(data);
				image_unmap(&m);
				return VERDICT_TEMP;
			}
			lept_free(data);
			job_set(job, job_pagekey(key, sizeof(key), (int)k,
			    "ocr_image"), oname);
		}
#define SET(n, ...) job_setf(job, job_pagekey(key, sizeof(key), (int)k, n), \
	__VA_ARGS__)
		SET("image", "%s", name);
		SET("image_type", "%s", r.image_type);
		SET("width", "%d", r.width);
		SET("height", "%d", r.height);
		SET("dpi", "%d", r.dpi);
		SET("dpi_assumed", "%d", r.dpi_assumed);
		SET("dpi_source", "%d", r.dpi_source);
		SET("dpi_source_y", "%d", r.dpi_source_y);
		SET("scale", "%.3f", r.scale);
		SET("scale_y", "%.3f", r.scale_y);
		SET("skew_deg", "%.2f", r.skew_deg);
		SET("skew_conf", "%.2f", r.skew_conf);
		SET("orientation", "%d", r.orientation);
		SET("orientation_conf", "%.2f", r.orientation_conf);
		SET("orientation_uncertain", "%d", r.orientation_uncertain);
		SET("threshold", "%d", r.threshold);
		SET("binarisation", "%s", r.method);
		SET("border_share", "%.4f", r.border_share);
		SET("holes", "%d", r.holes);
		SET("photo_share", "%.4f", r.photo_share);
		SET("blank_score", "%.6f", r.blank_score);
		SET("blank", "%d", r.blank);
#undef SET
		msg_info("page %ld: skew %.2f deg (conf %.1f), %s%s", k,
		    r.skew_deg, r.skew_conf, r.blank ? "blank, " : "",
		    r.method);
	}
	image_unmap(&m);
	return VERDICT_OK;
}

static int
deskew_option(int ch, const char *arg)
{
	char *end;

	if (ch != 'A')
		return -1;
	max_ahead = strtol(arg, &end, 10);
	return *arg == '\0' || *end != '\0' || max_ahead < 0 ? -1 : 0;
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
	return 0;
}

static const struct option deskew_longopts[] = {
	{ "max-ahead", required_argument, NULL, 'A' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	static const struct stage_def def = {
		.name = "deskew",
		.synopsis = "[--max-ahead jobs]",
		.longopts = deskew_longopts,
		.option = deskew_option,
		.worker_init = deskew_init,
		.process = deskew_job,
	};

	return stage_main(&def, argc, argv);
}
