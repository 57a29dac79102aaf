/*
 * test_progress.c - the text of the progress line, and the pages known to
 * be coming for a stage
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "progress.h"
#include "spool.h"
#include "unit.h"

DEFINE_TEST(test_progress_format)
{
	char b[256];

	assert_str(progress_format(b, sizeof(b), "dossier-ocr", 40, 120,
	    10, 0), "dossier-ocr: 40/120 pages, 4.0/s, 00:20 left");
	/* no rate yet, no total known */
	assert_str(progress_format(b, sizeof(b), "dossier-ocr", 0, 0, 0, 0),
	    "dossier-ocr: 0/? pages, 0.0/s, --:-- left");
	/* an hour and more */
	assert_str(progress_format(b, sizeof(b), "x", 1, 7202, 1, 0),
	    "x: 1/7202 pages, 1.0/s, 2:00:01 left");
	/* a total below the pages done is the pages done */
	assert_str(progress_format(b, sizeof(b), "x", 5, 3, 5, 0),
	    "x: 5/5 pages, 1.0/s, 00:00 left");
	assert_str(progress_format(b, sizeof(b), "x", 12, 12, 61.4, 1),
	    "x: 12/12 pages, 0.2/s, done in 01:01");
}

/* queue - a job of PAGES pages waiting in STATE of SP */
static void
queue(struct spool *sp, const char *state, const char *id, int pages)
{
	char dir[PATH_MAX], rel[128];
	struct job j;

	snprintf(rel, sizeof(rel), "%s/%s", state, id);
	assert_int(spool_path(sp, rel, dir, sizeof(dir)), ==, 0);
	assert_int(mkdir(dir, 0700), ==, 0);
	job_init(&j, dir, id);
	job_setf(&j, "pages", "%d", pages);
	assert_int(job_save(&j), ==, 0);
	job_free(&j);
}

DEFINE_TEST(test_progress_known_pages)
{
	struct spool sp;

	assert_int(spool_open(&sp, "spool", 1), ==, 0);
	queue(&sp, "deskew/new", "20261201T000000Z-1-0001-aaaaaa", 3);
	queue(&sp, "ocr/new", "20261201T000000Z-1-0002-aaaaaa", 2);
	queue(&sp, "classify/new", "20261201T000000Z-1-0003-aaaaaa", 5);
	/* a stage counts its own queue and those before it, not after */
	assert_int(progress_known_pages(&sp, "deskew"), ==, 3);
	assert_int(progress_known_pages(&sp, "ocr"), ==, 5);
	/* even when its own queue is empty */
	assert_int(progress_known_pages(&sp, "tag"), ==, 10);
	assert_int(progress_known_pages(&sp, "load"), ==, 10);
	assert_int(progress_known_pages(&sp, "ingest"), ==, -1);
}
