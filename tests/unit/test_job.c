/*
 * test_job.c - the job's meta store: its speed, order and keys
 */
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "job.h"
#include "jobkey.h"
#include "strbuf.h"
#include "unit.h"

/* the page keys deskew and OCR set: 27 with page.K.source_page */
static const char *const page_names[] = {
	"source_page", "image", "image_type", "width", "height", "dpi",
	"dpi_assumed", "dpi_source", "dpi_source_y", "scale", "scale_y",
	"skew_deg", "skew_conf", "orientation", "orientation_conf",
	"orientation_uncertain", "threshold", "binarisation", "border_share",
	"holes", "photo_share", "blank_score", "blank", "text", "words",
	"ocr_conf", "lang",
};
#define NPAGE_NAMES (sizeof(page_names) / sizeof(page_names[0]))

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * speed - one set and one get of each key of a PAGES-page job; prints the
 * time as a TAP comment (it is not asserted: the machine may be busy)
 */
static void
speed(int pages)
{
	struct job job, back;
	char key[64], err[256];
	double t0, t1, t2, t3, t4;
	const char *v;
	size_t n;
	int k, bad = 0;

	job_strict_keys(0);	/* the values are not of the keys' types */
	job_init(&job, ".", "J1");
	t0 = now();
	for (k = 1; k <= pages; k++)
		for (n = 0; n < NPAGE_NAMES; n++)
			job_setf(&job, job_pagekey(key, sizeof(key), k,
			    page_names[n]), "%d", k);
	t1 = now();
	for (k = 1; k <= pages; k++)
		for (n = 0; n < NPAGE_NAMES; n++) {
			v = job_get(&job, job_pagekey(key, sizeof(key), k,
			    page_names[n]));
			if (v == NULL || atoi(v) != k)
				bad++;
		}
	t2 = now();
	assert_int(bad, ==, 0);
	assert_int(job_save(&job), ==, 0);
	t3 = now();
	assert_int(job_load(&back, ".", "J1", err, sizeof(err)), ==, 0);
	t4 = now();
	assert_int((long long)back.nkv, ==, (long long)job.nkv);
	printf("# %d pages, %zu keys: set %.4f s, get %.4f s, save %.4f s, "
	    "load %.4f s\n", pages, (size_t)pages * NPAGE_NAMES, t1 - t0,
	    t2 - t1, t3 - t2, t4 - t3);
	job_free(&back);
	job_free(&job);
	job_strict_keys(-1);
}

/* the measure of issue 8: 2,000 pages = 54,000 keys took 10.9 s */
DEFINE_TEST(test_job_meta_speed)
{
	speed(500);
	speed(2000);
}

/* expect - the meta text of ID, pages.1..300.source_page, class: with
 * PAGES before the pages (FIRST) or after class */
static void
expect(struct strbuf *sb, const char *pages, int first)
{
	char line[64];
	int k;

	strbuf_reset(sb);
	strbuf_adds(sb, "id=J1\n");
	if (first)
		strbuf_adds(sb, pages);
	for (k = 1; k <= 300; k++) {
		snprintf(line, sizeof(line), "page.%d.source_page=%d\n", k, k);
		strbuf_adds(sb, line);
	}
	strbuf_adds(sb, "class=other\n");
	if (!first)
		strbuf_adds(sb, pages);
	strbuf_adds(sb, "end\n");
}

/* the meta file keeps the order of first sets, whatever the index does */
DEFINE_TEST(test_job_meta_order)
{
	struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
	struct job job, back;
	char key[64], err[256];
	int k;

	job_init(&job, ".", "J1");
	job_set(&job, "id", "J1");
	job_set(&job, "pages", "300");
	for (k = 1; k <= 300; k++)
		job_setf(&job, job_pagekey(key, sizeof(key), k, "source_page"),
		    "%d", k);
	job_set(&job, "pages", "3");	/* replaces, keeps its place */
	job_set(&job, "class", "other");
	job_serialize(&job, &sb);
	expect(&want, "pages=3\n", 1);
	assert_str(sb.buf, want.buf);
	assert_int((long long)job.nkv, ==, 303);
	/* unset: gone, the others found and in order, a set goes last */
	job_unset(&job, "pages");
	job_unset(&job, "pages");
	job_unset(&job, "nothing");
	assert_true(job_get(&job, "pages") == NULL);
	assert_str(job_get(&job, "page.300.source_page"), "300");
	assert_str(job_get(&job, "class"), "other");
	job_set(&job, "pages", "4");
	strbuf_reset(&sb);
	job_serialize(&job, &sb);
	expect(&want, "pages=4\n", 0);
	assert_str(sb.buf, want.buf);
	/* saved and loaded back: the same bytes */
	assert_int(job_save(&job), ==, 0);
	assert_int(job_load(&back, ".", "J1", err, sizeof(err)), ==, 0);
	strbuf_reset(&sb);
	job_serialize(&back, &sb);
	assert_str(sb.buf, want.buf);
	assert_str(job_get(&back, "page.17.source_page"), "17");
	job_free(&back);
	/* all unset, then set again */
	job_free(&job);
	job_init(&job, ".", "J2");
	job_set(&job, "id", "J2");
	job_unset(&job, "id");
	assert_int((long long)job.nkv, ==, 0);
	assert_true(job_get(&job, "id") == NULL);
	job_set(&job, "id", "J2");
	assert_str(job_get(&job, "id"), "J2");
	job_free(&job);
	/* a key twice in a file: the last value, at the first place */
	assert_int(file_replace(".", "meta", "pages=1\nid=x\npages=2\nend\n",
	    25), ==, 0);
	assert_int(job_load(&back, ".", "x", err, sizeof(err)), ==, 0);
	strbuf_reset(&sb);
	job_serialize(&back, &sb);
	assert_str(sb.buf, "pages=2\nid=x\nend\n");
	job_free(&back);
	strbuf_release(&sb);
	strbuf_release(&want);
}

DEFINE_TEST(test_jobkey_find)
{
	const struct jobkey *k;
	size_t i, j;

	assert_true((k = jobkey_find("pages")) != NULL);
	assert_str(k->name, "pages");
	assert_true((k = jobkey_find("page.12.dpi")) != NULL);
	assert_str(k->name, "page.N.dpi");
	assert_str(k->column, "page.dpi");
	assert_str(k->stage, "deskew");
	assert_true((k = jobkey_find("page.1.lang")) != NULL);
	assert_str(k->stage, "ocr");
	assert_true(jobkey_find("page.0.dpi") == NULL);
	assert_true(jobkey_find("page.01.dpi") == NULL);
	assert_true(jobkey_find("page.N.dpi") == NULL);
	assert_true(jobkey_find("page..dpi") == NULL);
	assert_true(jobkey_find("page.1.pages") == NULL);
	assert_true(jobkey_find("dpi") == NULL);
	assert_true(jobkey_find("nonsense") == NULL);
	assert_true(jobkey_find("") == NULL);
	/* every row can be found, under one name only */
	for (i = 0; i < jobkey_count; i++) {
		char key[64];
		const char *n = jobkey_table[i].name;

		if (strncmp(n, "page.N.", 7) == 0)
			snprintf(key, sizeof(key), "page.7.%s", n + 7);
		else
			snprintf(key, sizeof(key), "%s", n);
		assert_true(jobkey_find(key) == &jobkey_table[i]);
		assert_true(jobkey_table[i].stage != NULL);
		assert_true(jobkey_table[i].scope != 0);
		for (j = 0; j < i; j++)
			assert_true(strcmp(n, jobkey_table[j].name) != 0);
	}
}

DEFINE_TEST(test_jobkey_check)
{
	char err[256];

	assert_int(jobkey_check("pages", "3", err, sizeof(err)), ==, 0);
	assert_int(jobkey_check("pages", "0", err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "pages") != NULL && strstr(err, "'0'"));
	assert_int(jobkey_check("pages", "3x", err, sizeof(err)), ==, -1);
	assert_int(jobkey_check("pages", "", err, sizeof(err)), ==, -1);
	assert_int(jobkey_check("nope", "3", err, sizeof(err)), ==, 1);
	assert_int(jobkey_check("page.2.orientation", "90", err, sizeof(err)),
	    ==, 0);
	assert_int(jobkey_check("page.2.orientation", "45", err, sizeof(err)),
	    ==, -1);
	assert_int(jobkey_check("page.2.image_type", "png", err, sizeof(err)),
	    ==, 0);
	assert_int(jobkey_check("page.2.image_type", "pn", err, sizeof(err)),
	    ==, -1);
	assert_int(jobkey_check("page.2.binarisation",
	    "background-normalised Otsu", err, sizeof(err)), ==, 0);
	assert_int(jobkey_check("class_score", "0.875", err, sizeof(err)),
	    ==, 0);
	assert_int(jobkey_check("class_score", "1.5", err, sizeof(err)), ==,
	    -1);
	assert_int(jobkey_check("class_score", "nan", err, sizeof(err)), ==,
	    -1);
	assert_int(jobkey_check("page.1.skew_deg", "-1.25", err, sizeof(err)),
	    ==, 0);
	assert_int(jobkey_check("page.1.skew_deg", "inf", err, sizeof(err)),
	    ==, -1);
	assert_int(jobkey_check("class_rules", "", err, sizeof(err)), ==, 0);
	assert_int(jobkey_check("class", "", err, sizeof(err)), ==, -1);
	assert_int(jobkey_check("review_reason", "x", err, sizeof(err)), ==, 0);
	assert_int(jobkey_check("source_sha256", "e3b0c44298fc1c149afbf4c8996f"
	    "b92427ae41e4649b934ca495991b7852b855", err, sizeof(err)), ==, 0);
	assert_int(jobkey_check("source_sha256", "E3B0", err, sizeof(err)), ==,
	    -1);
	assert_int(jobkey_check("page.3.text", "p0003.txt", err, sizeof(err)),
	    ==, 0);
	assert_int(jobkey_check("page.3.text", "../x", err, sizeof(err)), ==,
	    -1);
	assert_int(jobkey_check("ingested_at", "2026-11-22T02:15:02Z", err,
	    sizeof(err)), ==, 0);
	assert_int(jobkey_check("ingested_at", "2026-11-22 02:15:02", err,
	    sizeof(err)), ==, -1);
	assert_int(jobkey_check("page.1.lang", "fra", err, sizeof(err)), ==,
	    0);
	assert_int(jobkey_check("page.1.lang", "und", err, sizeof(err)), ==,
	    0);
	assert_int(jobkey_check("page.1.lang", "fra+nld", err, sizeof(err)),
	    ==, -1);
	assert_int(jobkey_check("lang", "fra", err, sizeof(err)), ==, 0);
	assert_int(jobkey_check("lang", "french", err, sizeof(err)), ==, -1);
}

DEFINE_TEST(test_jobkey_get)
{
	struct job job;
	char err[256];
	const char *s;
	double d = -1;
	long n = -1;

	job_strict_keys(0);	/* bad values on purpose */
	job_init(&job, ".", "J1");
	job_set(&job, "pages", "12");
	job_set(&job, "page.1.dpi", "0");
	job_set(&job, "page.1.width", "");
	job_set(&job, "class_score", "0.5");
	job_set(&job, "lang", "xx");
	assert_int(jobkey_get_long(&job, "pages", &n, err, sizeof(err)), ==,
	    0);
	assert_int(n, ==, 12);
	assert_int(jobkey_get_long(&job, "size", &n, err, sizeof(err)), ==, 1);
	assert_int(n, ==, 12);
	assert_int(jobkey_get_long(&job, "page.1.width", &n, err,
	    sizeof(err)), ==, 1);
	assert_int(jobkey_get_long(&job, "page.1.dpi", &n, err, sizeof(err)),
	    ==, -1);
	assert_true(strstr(err, "page.1.dpi") != NULL);
	assert_true(strstr(err, "'0'") != NULL);
	assert_int(jobkey_get_long(&job, "class_score", &n, err, sizeof(err)),
	    ==, -1);
	assert_int(jobkey_get_long(&job, "bogus", &n, err, sizeof(err)), ==,
	    -1);
	assert_int(jobkey_get_double(&job, "class_score", &d, err,
	    sizeof(err)), ==, 0);
	assert_true(d == 0.5);
	assert_int(jobkey_get_double(&job, "pages", &d, err, sizeof(err)), ==,
	    0);
	assert_true(d == 12);
	assert_int(jobkey_get_double(&job, "lang", &d, err, sizeof(err)), ==,
	    -1);
	assert_int(jobkey_get_text(&job, "lang", &s, err, sizeof(err)), ==,
	    -1);
	assert_int(jobkey_get_text(&job, "class", &s, err, sizeof(err)), ==,
	    1);
	job_set(&job, "lang", "nld");
	assert_int(jobkey_get_text(&job, "lang", &s, err, sizeof(err)), ==, 0);
	assert_str(s, "nld");
	job_free(&job);
	job_strict_keys(-1);
}

/* strict_set - in a child with strict keys, job_set(KEY, VAL): 1 if it
 * panicked (SIGABRT), 0 if it returned */
static int
strict_set(const char *key, const char *val)
{
	struct job job;
	pid_t pid;
	int status;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		(void)freopen("/dev/null", "w", stderr);
		job_strict_keys(1);
		job_init(&job, ".", "J1");
		job_set(&job, key, val);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

DEFINE_TEST(test_job_strict_keys)
{
	struct job job;

	assert_int(strict_set("pages", "2"), ==, 0);
	assert_int(strict_set("page.9.blank", "1"), ==, 0);
	assert_int(strict_set("pagez", "2"), ==, 1);
	assert_int(strict_set("page.9.blank", "2"), ==, 1);
	assert_int(strict_set("page.9.nothing", "1"), ==, 1);
	/* not strict: anything goes, as before */
	job_strict_keys(0);
	job_init(&job, ".", "J1");
	job_set(&job, "pagez", "2");
	assert_str(job_get(&job, "pagez"), "2");
	job_free(&job);
	job_strict_keys(-1);
}

/*
 * job_diff and job_merge: what pages worked on apart set (stage_pages)
 * comes back as the pages worked on in turn set it, whatever process
 * worked on which page; job_parse reads what job_serialize wrote
 */
DEFINE_TEST(test_job_merge_pages_apart)
{
	struct job before, inturn, a, b, diffs[2], merged, back;
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	char key[64], err[256];
	int k;

	job_init(&before, ".", "J9");
	job_set(&before, "pages", "4");
	job_set(&before, "review_reason", "earlier");
	for (k = 1; k <= 4; k++)
		job_set(&before, job_pagekey(key, sizeof(key), k,
		    "source_page"), k == 3 ? "7" : "1");
	/* in turn: pages 1 to 4, each its dpi then its text (a line) */
	job_copy(&inturn, &before);
	for (k = 1; k <= 4; k++) {
		job_setf(&inturn, job_pagekey(key, sizeof(key), k, "dpi"),
		    "%d", 100 * k);
		job_set(&inturn, job_pagekey(key, sizeof(key), k,
		    "source_page"), k == 3 ? "7" : "1");
		job_setf(&inturn, job_pagekey(key, sizeof(key), k, "text"),
		    "line\n%d\\", k);
	}
	job_set(&inturn, "ocr_lang_hint", "fra");
	/* apart: A took pages 1 and 4, B pages 2 and 3 */
	job_copy(&a, &before);
	job_copy(&b, &before);
	for (k = 1; k <= 4; k++) {
		struct job *j = k == 1 || k == 4 ? &a : &b;

		job_setf(j, job_pagekey(key, sizeof(key), k, "dpi"), "%d",
		    100 * k);
		job_setf(j, job_pagekey(key, sizeof(key), k, "text"),
		    "line\n%d\\", k);
	}
	job_set(&b, "ocr_lang_hint", "fra");
	job_diff(&before, &a, &diffs[0]);
	job_diff(&before, &b, &diffs[1]);
	/* a key set again to its value is no change */
	assert_true(job_get(&diffs[0], "page.1.source_page") == NULL);
	assert_str(job_get(&diffs[0], "page.4.dpi"), "400");
	assert_true(job_get(&diffs[0], "page.2.dpi") == NULL);
	assert_int((long long)diffs[0].nkv, ==, 4);
	/* B's report through a pipe: serialised, parsed back */
	job_serialize(&diffs[1], &sa);
	job_free(&diffs[1]);
	assert_int(job_parse(&diffs[1], &sa, err, sizeof(err)), ==, 0);
	assert_str(job_get(&diffs[1], "page.3.text"), "line\n3\\");
	job_copy(&merged, &before);
	job_merge(&merged, diffs, 2, 4);
	strbuf_reset(&sa);
	job_serialize(&inturn, &sa);
	job_serialize(&merged, &sb);
	assert_str(sb.buf, sa.buf);
	/* a cut report is refused */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "page.1.dpi=300\n");
	assert_int(job_parse(&back, &sb, err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "truncated") != NULL);
	strbuf_release(&sa);
	strbuf_release(&sb);
	job_free(&before);
	job_free(&inturn);
	job_free(&a);
	job_free(&b);
	job_free(&diffs[0]);
	job_free(&diffs[1]);
	job_free(&merged);
}
