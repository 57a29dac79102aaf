/*
 * pages.c - a job's pages worked on by several processes at once, within
 * the stage's -j (see stage.h, stage_pages)
 *
 * A stage's -j N is N processes at work at most, whatever they work on:
 * N slots, counted in memory the stage's parent shares with its workers
 * (before this, one per worker).  A worker takes a slot before it claims
 * a job and gives it back after.  A worker whose job has several pages,
 * when no other job waits in its queue and slots are free, takes them
 * for helpers: processes forked from itself (the stage's state, an OCR
 * engine started, shared with it until written) that take the job's
 * pages in turn with it, each page the next one not yet taken.  A helper
 * sends the worker the meta keys it set (job_diff) through a pipe and
 * ends; the worker merges them page by page (job_merge), so the meta is
 * that of the pages worked on in turn.  Files a page writes into the job
 * are that page's own (pNNNN.*).
 *
 * A scanner's PDF of 20 pages, the night's only input, was one job and
 * so one core of two in deskew and OCR: 15.3 s with -j 2, where the same
 * pages as 20 files took 7.9 s.
 *
 * Failures: the verdict is that of the first page (by number) that
 * failed, as the pages worked on in turn would have stopped there; no
 * page after a failed one is begun.  A helper that dies (a signal: the
 * OCR watchdog, a crash; or an exit status other than 0) is the worker's
 * death: once the others are done, the worker dies the same way, and the
 * job is left claimed for the next run to count the attempt (stage.c).
 * A worker that dies gives back its slots and its helpers' when the
 * parent reaps it (stage_slots_dead); its helpers die with it
 * (PR_SET_PDEATHSIG).
 *
 * Progress: each page done, in turn or apart, is said on the stage's
 * progress pipe as it is done (a night of one 500-page PDF showed 0/500
 * until a stage had done it whole); the pages so said of jobs not yet
 * done are counted in the shared memory too, for the parent's total.
 */
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exitcode.h"
#include "fileio.h"
#include "job.h"
#include "msg.h"
#include "spool.h"
#include "stage.h"
#include "stage_int.h"
#include "strbuf.h"
#include "xalloc.h"

#define WORKERS_MAX	64	/* -j's largest (stage_parse_jobs) */
#define SLOT_WAIT_NS	(20L * 1000 * 1000)	/* a worker waiting for a slot
						   looks again this often */
#define REPORT_MAX	(16L * 1024 * 1024)	/* a helper's report, at most */

/* the slots, in memory shared by the stage's parent and its workers */
struct slots {
	atomic_int busy;		/* slots taken */
	int	 max;			/* -j */
	atomic_int held[WORKERS_MAX + 1]; /* by worker number (0: --job) */
	atomic_long partial;		/* pages said done of jobs not done */
};

static struct slots *shared;		/* the memory, NULL if none */
static struct slots *slots;		/* SHARED, NULL: -j 1, no helpers */
static int me;				/* this worker's number */
static struct spool *my_sp;		/* its spool and stage, to see */
static const char *my_stage;		/* whether other jobs wait */
static int my_progfd = -1;		/* its progress pipe, or -1 */
static long my_pages;			/* pages said done of its job */

int
stage_slots_open(int max)
{
	void *p;

	p = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED |
	    MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	shared = p;
	memset(shared, 0, sizeof(*shared));
	shared->max = max > WORKERS_MAX ? WORKERS_MAX : max;
	if (max >= 2)
		slots = shared;
	return 0;
}

void
stage_slots_worker(int n, struct spool *sp, const char *stage, int progfd)
{
	me = n >= 0 && n <= WORKERS_MAX ? n : 0;
	my_sp = sp;
	my_stage = stage;
	my_progfd = progfd;
}

/*
 * page_said - a page of the job done: one STAGE_PROGRESS_PAGE byte on the
 * progress pipe, counted in SHARED's partial first (the parent, which
 * reads both, then never counts the page twice in its total); 1 if it
 * was said, 0 if this process has no progress pipe
 */
static int
page_said(void)
{
	unsigned char b = STAGE_PROGRESS_PAGE;

	if (my_progfd < 0 || shared == NULL)
		return 0;
	atomic_fetch_add(&shared->partial, 1);
	(void)!write(my_progfd, &b, 1);
	return 1;
}

long
stage_pages_said(void)
{
	long n = my_pages;

	my_pages = 0;
	return n;
}

void
stage_pages_settled(long n)
{
	if (shared != NULL && n > 0)
		atomic_fetch_sub(&shared->partial, n);
}

long
stage_pages_partial(void)
{
	return shared != NULL ? atomic_load(&shared->partial) : 0;
}

/*
 * take - up to WANT slots, at least LEAST (waiting for them while fewer
 * are free); how many were taken.  Held first, then busy: a worker that
 * dies between the two leaves busy short, never a slot lost for good.
 */
static int
take(int want, int least)
{
	struct timespec ts = { 0, SLOT_WAIT_NS };
	int b, n;

	for (;;) {
		b = atomic_load(&slots->busy);
		n = slots->max - b < want ? slots->max - b : want;
		if (n >= least && n > 0) {
			atomic_fetch_add(&slots->held[me], n);
			if (atomic_compare_exchange_weak(&slots->busy, &b,
			    b + n))
				return n;
			atomic_fetch_sub(&slots->held[me], n);
			continue;
		}
		if (least == 0)
			return 0;
		(void)nanosleep(&ts, NULL);
	}
}

/* give - N slots back */
static void
give(int n)
{
	atomic_fetch_sub(&slots->busy, n);
	atomic_fetch_sub(&slots->held[me], n);
}

void
stage_slot_take(void)
{
	if (slots != NULL)
		(void)take(1, 1);
}

void
stage_slot_give(void)
{
	if (slots != NULL)
		give(1);
}

void
stage_slots_dead(int n)
{
	int h;

	if (slots == NULL || n < 0 || n > WORKERS_MAX)
		return;
	h = atomic_exchange(&slots->held[n], 0);
	atomic_fetch_sub(&slots->busy, h);
}

/* helpers - slots for helpers on a job of PAGES pages: 0 or more */
static int
helpers(long pages)
{
	int want;

	if (slots == NULL || pages < 2)
		return 0;
	want = pages - 1 < slots->max - 1 ? (int)pages - 1 : slots->max - 1;
	/* a job that waits is worth more a whole slot than pages apart */
	if (my_sp != NULL && my_stage != NULL &&
	    spool_waiting(my_sp, my_stage) != 0)
		return 0;
	return take(want, 0);
}

/* what the processes working on a job share */
struct share {
	atomic_long next;		/* pages taken */
	atomic_long failed;		/* the first page failed, or PAGES + 1 */
	atomic_long said;		/* pages done and said */
};

/* what one process made of the pages it took */
struct outcome {
	enum verdict v;
	long	 page;			/* the first that failed, or 0 */
	char	 err[1024];
};

/*
 * turns - take pages of JOB from SH and work on them with FN, until none
 * is left or one before the next failed; the first failure into O
 */
static void
turns(struct share *sh, long pages, struct job *job, stage_page_fn *fn,
    void *arg, struct outcome *o)
{
	enum verdict v;
	long k, f;

	o->v = VERDICT_OK;
	o->page = 0;
	o->err[0] = '\0';
	while ((k = atomic_fetch_add(&sh->next, 1) + 1) <= pages &&
	    k < atomic_load(&sh->failed)) {
		v = fn(arg, job, k, o->err, sizeof(o->err));
		if (v == VERDICT_OK) {
			if (page_said())
				atomic_fetch_add(&sh->said, 1);
			continue;
		}
		o->v = v;
		o->page = k;
		f = atomic_load(&sh->failed);
		while (k < f && !atomic_compare_exchange_weak(&sh->failed, &f,
		    k))
			;
		return;
	}
}

/*
 * helper - a helper's life: its turns at JOB's pages, then its report on
 * FD: "VERDICT PAGE\n", the reason on one line, then the meta keys it set
 * (job_serialize of job_diff from BEFORE); ends the process
 */
static void __attribute__((noreturn))
helper(struct share *sh, long pages, struct job *job, const struct job
    *before, stage_page_fn *fn, void *arg, int fd)
{
	struct strbuf sb = STRBUF_INIT;
	struct outcome o;
	struct job diff;
	const char *p;

	turns(sh, pages, job, fn, arg, &o);
	strbuf_addf(&sb, "%d %ld\n", (int)o.v, o.page);
	for (p = o.err; *p != '\0'; p++)
		strbuf_addc(&sb, *p == '\n' || *p == '\r' ? ' ' : *p);
	strbuf_addc(&sb, '\n');
	job_diff(before, job, &diff);
	job_serialize(&diff, &sb);
	_exit(file_write_all(fd, sb.buf, sb.len) < 0 ? EXIT_ENV : 0);
}

/*
 * report - read the report of a helper from FD into O and DIFF; 0, or -1
 * with the reason in O->err (DIFF then empty)
 */
static int
report(int fd, struct outcome *o, struct job *diff)
{
	struct strbuf sb = STRBUF_INIT, meta = STRBUF_INIT;
	char *nl, *nl2, why[256];
	int v, rc = -1;
	long page;

	job_init(diff, "", "");
	if (file_read_fd(fd, REPORT_MAX, &sb) < 0) {
		if (errno == EFBIG)
			snprintf(o->err, sizeof(o->err), "a page helper's "
			    "report is over %ld bytes", REPORT_MAX);
		else
			snprintf(o->err, sizeof(o->err), "cannot read a page "
			    "helper's report: %s", strerror(errno));
		goto out;
	}
	if (sb.len == 0 || (nl = strchr(sb.buf, '\n')) == NULL ||
	    (nl2 = strchr(nl + 1, '\n')) == NULL ||
	    sscanf(sb.buf, "%d %ld", &v, &page) != 2 || v < VERDICT_OK ||
	    v > VERDICT_TEMP) {
		snprintf(o->err, sizeof(o->err), "a page helper's report is "
		    "cut short");
		goto out;
	}
	*nl2 = '\0';
	o->v = (enum verdict)v;
	o->page = page;
	snprintf(o->err, sizeof(o->err), "%s", nl + 1);
	strbuf_add(&meta, nl2 + 1, sb.len - (size_t)(nl2 + 1 - sb.buf));
	if (job_parse(diff, &meta, why, sizeof(why)) < 0) {
		snprintf(o->err, sizeof(o->err), "a page helper's report: %s",
		    why);
		goto out;
	}
	rc = 0;
out:
	strbuf_release(&meta);
	strbuf_release(&sb);
	return rc;
}

/*
 * die_as - end this process as a helper ended (wait status WS): by the
 * same signal, or with the same exit status
 */
static void __attribute__((noreturn))
die_as(int ws)
{
	sigset_t set;

	if (WIFSIGNALED(ws)) {
		msg_error("a page helper was killed by signal %d: so is its "
		    "worker", WTERMSIG(ws));
		signal(WTERMSIG(ws), SIG_DFL);
		sigemptyset(&set);
		sigaddset(&set, WTERMSIG(ws));
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(WTERMSIG(ws));
		_exit(EXIT_ENV);
	}
	msg_error("a page helper ended with status %d: so does its worker",
	    WEXITSTATUS(ws));
	_exit(WEXITSTATUS(ws) != 0 ? WEXITSTATUS(ws) : EXIT_ENV);
}

/*
 * apart - JOB's PAGES pages by FN with the worker and its H helpers (their
 * slots taken); the verdict of the first page that failed
 */
static enum verdict
apart(struct job *job, long pages, int h, stage_page_fn *fn, void *arg,
    char *err, size_t errlen)
{
	struct share *sh;
	struct job before, *diffs;
	struct outcome *out;
	pid_t parent = getpid(), *pid;
	int *fd, i, n = 0, ws, dead = 0, deadws = 0, j, p[2];
	enum verdict v;
	long first;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED |
	    MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		give(h);
		return stage_pages_in_turn(job, pages, fn, arg, err, errlen);
	}
	atomic_init(&sh->next, 0);
	atomic_init(&sh->failed, pages + 1);
	atomic_init(&sh->said, 0);
	job_copy(&before, job);
	pid = xcalloc((size_t)h, sizeof(*pid));
	fd = xcalloc((size_t)h, sizeof(*fd));
	fflush(NULL);
	for (i = 0; i < h; i++) {
		if (pipe(p) < 0)
			break;
		if ((pid[n] = fork()) < 0) {
			close(p[0]);
			close(p[1]);
			break;
		}
		if (pid[n] == 0) {
			if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 ||
			    getppid() != parent)
				_exit(EXIT_ENV);
			close(p[0]);
			for (j = 0; j < n; j++)
				close(fd[j]);
			helper(sh, pages, job, &before, fn, arg, p[1]);
		}
		close(p[1]);
		fd[n++] = p[0];
	}
	if (n < h)
		give(h - n);		/* those that could not start */
	msg_info("%ld pages, %d helper%s", pages, n, n == 1 ? "" : "s");
	/* the worker's outcome and keys first, then each helper's */
	out = xcalloc((size_t)n + 1, sizeof(*out));
	diffs = xcalloc((size_t)n + 1, sizeof(*diffs));
	turns(sh, pages, job, fn, arg, &out[0]);
	job_diff(&before, job, &diffs[0]);
	/* the reports, then the helpers' ends */
	for (i = 0; i < n; i++) {
		if (report(fd[i], &out[i + 1], &diffs[i + 1]) < 0) {
			out[i + 1].v = VERDICT_TEMP;
			out[i + 1].page = 1;
		}
		close(fd[i]);
		while (waitpid(pid[i], &ws, 0) < 0 && errno == EINTR)
			;
		if ((WIFSIGNALED(ws) || (WIFEXITED(ws) &&
		    WEXITSTATUS(ws) != 0)) && !dead++)
			deadws = ws;
	}
	give(n);
	my_pages += atomic_load(&sh->said);
	if (dead)
		die_as(deadws);
	/* the first page failed decides, as in turn */
	v = VERDICT_OK;
	first = pages + 1;
	for (i = 0; i <= n; i++)
		if (out[i].v != VERDICT_OK && out[i].page < first) {
			v = out[i].v;
			first = out[i].page;
			snprintf(err, errlen, "%s", out[i].err);
		}
	/* the keys as the pages in turn would have set them */
	job_merge(&before, diffs, n + 1, pages);
	job_free(job);
	*job = before;
	for (i = 0; i <= n; i++)
		job_free(&diffs[i]);
	free(diffs);
	free(out);
	free(fd);
	free(pid);
	munmap(sh, sizeof(*sh));
	return v;
}

enum verdict
stage_pages_in_turn(struct job *job, long pages, stage_page_fn *fn,
    void *arg, char *err, size_t errlen)
{
	enum verdict v = VERDICT_OK;
	long k;

	for (k = 1; k <= pages && v == VERDICT_OK; k++)
		if ((v = fn(arg, job, k, err, errlen)) == VERDICT_OK)
			my_pages += page_said();
	return v;
}

enum verdict
stage_pages(struct job *job, long pages, stage_page_fn *fn, void *arg,
    char *err, size_t errlen)
{
	int h = helpers(pages);

	if (h == 0)
		return stage_pages_in_turn(job, pages, fn, arg, err, errlen);
	return apart(job, pages, h, fn, arg, err, errlen);
}
