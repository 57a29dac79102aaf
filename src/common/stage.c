/*
 * stage.c - option parsing, worker processes and the job loop shared by
 * the queue stages (see stage.h)
 */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "exitcode.h"
#include "fileio.h"
#include "msg.h"
#include "sanitize.h"
#include "progress.h"
#include "spool.h"
#include "stage.h"
#include "stage_int.h"
#include "strbuf.h"
#include "xalloc.h"

/*
 * A worker ends with _exit(), which skips LeakSanitizer's check at exit:
 * in a sanitizer build it runs the check itself, and dies on a leak as a
 * program does at exit (make check's ASan run, tests/sanitize-run.sh).
 */
#if DOSSIER_ASAN
#include <sanitizer/lsan_interface.h>
#endif

struct stage_opts stage_opt;

double
stage_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
stage_default_paths(const char **spool, const char **archive)
{
	const char *e;

	e = getenv("DOSSIER_SPOOL");
	*spool = e != NULL && *e != '\0' ? e : "./spool";
	e = getenv("DOSSIER_ARCHIVE");
	*archive = e != NULL && *e != '\0' ? e : "./dossier.db";
}

int
stage_parse_jobs(const char *arg)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno != 0 || *end != '\0' || n < 1 || n > 64)
		return -1;
	return (int)n;
}

void
stage_version(void)
{
	printf("%s (dossier) %s\n", msg_progname, DOSSIER_VERSION);
}

/* theirs - 1 if option CH is one of MORE's letters or MORELONG's */
static int
theirs(int ch, const char *more, const struct option *morelong)
{
	size_t i;

	if (more != NULL && ch != ':' && strchr(more, ch) != NULL)
		return 1;
	for (i = 0; morelong != NULL && morelong[i].name != NULL; i++)
		if (morelong[i].flag == NULL && morelong[i].val == ch)
			return 1;
	return 0;
}

int
stage_command(int argc, char **argv, const char *usage, const char *more,
    const struct option *morelong, int (*opt)(int, const char *, void *),
    void *arg)
{
	static const struct option common[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
	};
	struct option longopts[32];
	char optstring[64];
	size_t n = 0, i;
	int ch, rc;

	umask(077);
	stage_fds_open();
	stage_default_paths(&stage_opt.spool, &stage_opt.archive);
	for (i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		longopts[n++] = common[i];
	for (i = 0; morelong != NULL && morelong[i].name != NULL &&
	    n + 1 < sizeof(longopts) / sizeof(longopts[0]); i++)
		longopts[n++] = morelong[i];
	memset(&longopts[n], 0, sizeof(longopts[n]));
	snprintf(optstring, sizeof(optstring), "%sa:hqv",
	    more != NULL ? more : "");
	while ((ch = getopt_long(argc, argv, optstring, longopts, NULL)) !=
	    -1) {
		if (ch != '?' && ch != ':' && opt != NULL &&
		    theirs(ch, more, morelong)) {
			if ((rc = opt(ch, optarg, arg)) < 0)
				goto usage;
			continue;
		}
		switch (ch) {
		case 'a':
			stage_opt.archive = optarg;
			break;
		case 'q':
			msg_verbose = -1;
			break;
		case 'v':
			msg_verbose++;
			break;
		case 'V':
			stage_version();
			return EXIT_DONE;
		default:
			goto usage;
		}
	}
	return -1;
usage:
	if (usage != NULL)
		fprintf(stderr, "usage: %s %s\n", msg_progname, usage);
	return EXIT_USAGE;
}

void
stage_fds_open(void)
{
	int fd;

	/* stdin, stdout and stderr must be open before we open anything */
	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		;
	if (fd > 2)
		close(fd);
}

/* usage - the usage lines on stderr, with WHY first; returns EXIT_USAGE */
static int
usage(const struct stage_def *def, const char *why)
{
	struct strbuf own = STRBUF_INIT;
	const struct stage_option *o;
	int i;

	if (why != NULL)
		fprintf(stderr, "%s: %s\n", msg_progname, why);
	for (o = def->opts; o != NULL && (o->ch != 0 || o->name != NULL); o++)
		if (o->ch != 0)
			strbuf_addf(&own, " [-%c %s]", o->ch, o->arg);
		else
			strbuf_addf(&own, " [--%s %s]", o->name, o->arg);
	if (def->opts == NULL && def->synopsis != NULL && *def->synopsis)
		strbuf_addf(&own, " %s", def->synopsis);
	fprintf(stderr, "usage: %s [-nqv] [-a archive] [-j jobs] "
	    "[-s spool] [--job id]%s\n", msg_progname,
	    own.len > 0 ? own.buf : "");
	for (i = 0; def->usage_more != NULL && def->usage_more[i] != NULL;
	    i++)
		fprintf(stderr, "       %s %s\n", msg_progname,
		    def->usage_more[i]);
	strbuf_release(&own);
	return EXIT_USAGE;
}

int
stage_opt_set(const struct stage_option *o, const char *arg)
{
	char *end;
	double d;
	long l;

	if (*arg == '\0' && (o->type != STAGE_OPT_STRING || o->chars != NULL))
		return -1;
	switch (o->type) {
	case STAGE_OPT_STRING:
		if (o->chars != NULL && strspn(arg, o->chars) != strlen(arg))
			return -1;
		*(const char **)o->var = arg;
		return 0;
	case STAGE_OPT_LONG:
		errno = 0;
		l = strtol(arg, &end, 10);
		if (errno != 0 || *end != '\0' || l < o->min || l > o->max)
			return -1;
		*(long *)o->var = l;
		return 0;
	case STAGE_OPT_DOUBLE:
		errno = 0;
		d = strtod(arg, &end);
		if (errno != 0 || *end != '\0' || !(d >= o->min &&
		    d <= o->max))
			return -1;
		*(double *)o->var = d;
		return 0;
	}
	return -1;
}

/* put_id - print a handed-on id with one write(2): lines never mix */
static void
put_id(const char *id)
{
	char line[JOB_ID_MAX + 2];
	int n = snprintf(line, sizeof(line), "%s\n", id);

	(void)!write(1, line, (size_t)n);
}

/*
 * Attempts: before a stage works on a job it writes the job's file
 * "attempts" (dossier-spool(5)) with running=1, durably, so that an
 * attempt that never returns (the stage crashed, was killed, or the
 * machine stopped) is known to the next run that claims the job.  Each
 * failure that gives the job back (the stage's death, a TEMP verdict) is
 * counted there with its reason; a job that failed the same way
 * stage_max_attempts() times in a row is a poison job and goes to
 * quarantine with the reason and the count, instead of back to the queue
 * for ever.  A different failure starts the count again; success, or a
 * job leaving the stage, removes the file.
 */
#define ATTEMPTS_FILE	"attempts"
#define ATTEMPTS_MAX	(64 * 1024)	/* largest attempts file read */
#define ATTEMPTS_DEFAULT 3
#define WAY_CRASH	"crash"
#define WAY_TEMP	"temp"
#define CRASH_REASON	"the stage ended while working on it (crashed, " \
			"was killed or the machine stopped)"

struct attempts {
	int	 fails;			/* failures in a row, the same way */
	int	 running;		/* 1: an attempt began, never ended */
	char	 way[8];		/* WAY_CRASH or WAY_TEMP */
	char	 reason[512];		/* of the failures counted */
};

int
stage_max_attempts(void)
{
	const char *e = getenv("DOSSIER_MAX_ATTEMPTS");
	char *end;
	long n;

	if (e == NULL || *e == '\0')
		return ATTEMPTS_DEFAULT;
	errno = 0;
	n = strtol(e, &end, 10);
	if (errno != 0 || *end != '\0' || n < 1 || n > 1000)
		return ATTEMPTS_DEFAULT;
	return (int)n;
}

/* attempts_read - the attempts of JOB at STAGE into A (none: zeroes) */
static void
attempts_read(const struct job *job, const char *stage, struct attempts *a)
{
	struct strbuf sb = STRBUF_INIT;
	char *line, *next, *v;
	int ours = 0;

	memset(a, 0, sizeof(*a));
	if (job_read(job, ATTEMPTS_FILE, ATTEMPTS_MAX, &sb) < 0) {
		strbuf_release(&sb);
		return;
	}
	for (line = sb.buf; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((v = strchr(line, '=')) == NULL)
			continue;
		*v++ = '\0';
		if (strcmp(line, "stage") == 0)
			ours = strcmp(v, stage) == 0;
		else if (strcmp(line, "fails") == 0)
			a->fails = (int)strtol(v, NULL, 10);
		else if (strcmp(line, "running") == 0)
			a->running = strcmp(v, "1") == 0;
		else if (strcmp(line, "way") == 0)
			snprintf(a->way, sizeof(a->way), "%s", v);
		else if (strcmp(line, "reason") == 0)
			snprintf(a->reason, sizeof(a->reason), "%s", v);
	}
	strbuf_release(&sb);
	/* another stage's attempts (its file outlived a crash) are not ours */
	if (!ours || a->fails < 0 || a->fails > 1000000)
		memset(a, 0, sizeof(*a));
}

/* attempts_write - durably record A for JOB at STAGE; 0, or -1 (errno) */
static int
attempts_write(const struct job *job, const char *stage,
    const struct attempts *a)
{
	struct strbuf sb = STRBUF_INIT;
	char at[32];
	const char *p;
	int rc;

	spool_timestamp(at, sizeof(at));
	strbuf_addf(&sb, "stage=%s\nat=%s\nrunning=%d\nfails=%d\nway=%s\n"
	    "reason=", stage, at, a->running, a->fails, a->way);
	for (p = a->reason; *p != '\0'; p++)
		strbuf_addc(&sb, *p == '\n' || *p == '\r' ? ' ' : *p);
	strbuf_addc(&sb, '\n');
	rc = file_replace(job->dir, ATTEMPTS_FILE, sb.buf, sb.len);
	strbuf_release(&sb);
	return rc;
}

/* attempts_clear - the job leaves the stage: forget its attempts */
static void
attempts_clear(const struct job *job)
{
	char path[PATH_MAX];

	if (job_path(job, ATTEMPTS_FILE, path, sizeof(path)) == 0)
		(void)unlink(path);
}

/* attempts_fail - count a failure WAY with REASON; 1 if it is poison */
static int
attempts_fail(struct attempts *a, const char *way, const char *reason)
{
	if (a->fails > 0 && strcmp(a->way, way) == 0 &&
	    strcmp(a->reason, reason) == 0)
		a->fails++;
	else {
		a->fails = 1;
		snprintf(a->way, sizeof(a->way), "%s", way);
		snprintf(a->reason, sizeof(a->reason), "%s", reason);
	}
	a->running = 0;
	return a->fails >= stage_max_attempts();
}

/* source_of - the job's input file, for messages */
static const char *
source_of(const struct job *job)
{
	const char *s = job_get(job, "source_file");

	return s != NULL ? s : "?";
}

/*
 * quarantine - put the claimed JOB in quarantine for REASON; 1, or 3 if
 * the spool could not
 */
static int
quarantine(const struct stage_def *def, struct spool_worker *w,
    struct job *job, const char *reason)
{
	msg_error("'%s': quarantined: %s", source_of(job), reason);
	attempts_clear(job);
	if (spool_quarantine(w->sp, job->dir, job->id, def->name, reason) <
	    0) {
		msg_error("%s", w->sp->err);
		return 3;
	}
	return 1;
}

/* poison - quarantine JOB whose attempts A failed too often; 1 or 3 */
static int
poison(const struct stage_def *def, struct spool_worker *w,
    struct job *job, const struct attempts *a)
{
	char why[1024];

	snprintf(why, sizeof(why), "poison job: failed %d times in a row the "
	    "same way: %s", a->fails, a->reason);
	return quarantine(def, w, job, why);
}

/*
 * stage_settings - the job's settings.STAGE meta key (dossier-spool(5)):
 * "version=V" first, then the words of DEF's settings callback (with the
 * worker's CTX), then what the stage itself set there, if anything;
 * dossier-load keeps it as the document's provenance
 */
static void
stage_settings(const struct stage_def *def, void *ctx, struct job *job)
{
	struct strbuf sb = STRBUF_INIT;
	char key[64];
	const char *own;

	snprintf(key, sizeof(key), "settings.%s", def->name);
	own = job_get(job, key);
	if (own != NULL && strncmp(own, "version=", 8) == 0 &&
	    def->settings == NULL)
		return;
	db_kv(&sb, "version", DOSSIER_VERSION);
	if (def->settings != NULL)
		def->settings(ctx, &sb);
	/* a key left by an earlier pass of this stage is replaced */
	if (own != NULL && *own != '\0' && strncmp(own, "version=", 8) != 0)
		strbuf_addf(&sb, " %s", own);
	job_set(job, key, sb.buf);
	strbuf_release(&sb);
}

/*
 * run_one - process a claimed job; returns the job's outcome:
 * 0 handed on, 1 quarantined, 3 environment failure (job given back)
 */
static int
run_one(const struct stage_def *def, struct spool_worker *w, void *ctx,
    struct job *job, int progfd)
{
	const char *next = spool_next_stage(def->name);
	char err[1024] = "";
	struct attempts a;
	enum verdict v;
	int pages, rc = 0, handed = 0;

	msg_set_job(job->id);
	pages = (int)job_get_long(job, "pages", 1);
	attempts_read(job, def->name, &a);
	if (a.running && attempts_fail(&a, WAY_CRASH, CRASH_REASON)) {
		rc = poison(def, w, job, &a);
		goto out;
	}
	a.running = 1;
	if (attempts_write(job, def->name, &a) < 0) {
		msg_error("cannot record the attempt in '%s': %s", job->dir,
		    strerror(errno));
		if (spool_release(w, job) < 0)
			msg_error("%s", w->sp->err);
		rc = 3;
		goto out;
	}
	v = def->process(ctx, job, err, sizeof(err));
	if (v == VERDICT_OK && next != NULL)
		stage_settings(def, ctx, job);
	if (v == VERDICT_OK && next != NULL && job_save(job) < 0) {
		snprintf(err, sizeof(err), "cannot save job meta: %s",
		    strerror(errno));
		v = VERDICT_TEMP;
	}
	switch (v) {
	case VERDICT_OK:
		attempts_clear(job);
		if (next != NULL) {
			if (spool_handoff(w, job, next) < 0) {
				msg_error("%s", w->sp->err);
				rc = 3;
				break;
			}
		} else if (spool_finish(w, job) < 0) {
			/*
			 * the archive has it, and a rerun of the job is a
			 * no-op; but the spool could not be made durable
			 * (a disk full or failing): say so in the exit status
			 */
			msg_error("%s", w->sp->err);
			rc = 3;
		}
		handed = 1;
		break;
	case VERDICT_PERM:
		rc = quarantine(def, w, job, err[0] ? err : "unknown reason");
		break;
	case VERDICT_TEMP:
		if (!err[0])
			snprintf(err, sizeof(err), "temporary failure");
		msg_error("cannot process now, job kept for a later run: %s",
		    err);
		if (attempts_fail(&a, WAY_TEMP, err)) {
			/* out of the way: the next job tells if the
			   machine or this job was at fault */
			rc = poison(def, w, job, &a);
			break;
		}
		if (attempts_write(job, def->name, &a) < 0)
			msg_warn("cannot record the failure in '%s': %s",
			    job->dir, strerror(errno));
		if (spool_release(w, job) < 0)
			msg_error("%s", w->sp->err);
		rc = 3;
		break;
	}
out:
	msg_set_job(NULL);
	/*
	 * the job counted done before its id goes out: whoever writes the
	 * next id on seeing this one finds the parent knowing the worker
	 * free, and no second worker starts for a job the first can take
	 */
	if (progfd >= 0) {
		long said = stage_pages_said(), left = pages - said;
		unsigned char b[STAGE_PROGRESS_MAX + 1];
		size_t n = 0;

		/* pages over a byte's worth said one by one, then the job */
		for (; left >= STAGE_PROGRESS_PAGE && n < STAGE_PROGRESS_MAX;
		    left--)
			b[n++] = STAGE_PROGRESS_PAGE;
		b[n++] = left <= 0 ? 0 : left >= STAGE_PROGRESS_PAGE ?
		    STAGE_PROGRESS_PAGE - 1 : (unsigned char)left;
		(void)!write(progfd, b, n);	/* one write: atomic */
		stage_pages_settled(said);
	}
	if (handed)
		put_id(job->id);
	return rc;
}

/*
 * worker_begin - register a worker of the stage in SP and start the
 * stage's per-worker state into *CTX; 0, or -1 after reporting why
 */
static int
worker_begin(const struct stage_def *def, struct spool *sp,
    struct spool_worker *w, void **ctx)
{
	char err[512] = "";

	*ctx = NULL;
	if (spool_worker_start(sp, def->name, w) < 0) {
		msg_error("%s", sp->err);
		return -1;
	}
	if (def->worker_init != NULL && def->worker_init(ctx, err,
	    sizeof(err)) < 0) {
		msg_error("%s", err);
		spool_worker_stop(w);
		return -1;
	}
	return 0;
}

/* worker_end - undo worker_begin */
static void
worker_end(const struct stage_def *def, struct spool_worker *w, void *ctx)
{
	if (def->worker_fini != NULL)
		def->worker_fini(ctx);
	spool_worker_stop(w);
}

/*
 * the most ids a worker lists at once: the oldest of its queue, so that
 * its memory is bounded whatever the queue's length (a pass over a
 * longer queue reads the directory again, at 1/STAGE_LIST_MAX of a job
 * per job)
 */
#define STAGE_LIST_MAX	4096

/*
 * worker - claim and process jobs until the queue is empty and, if WAKEFD
 * is open, until it reaches end of file; returns an exit status
 */
static int
worker(const struct stage_def *def, struct spool *sp, int wakefd, int progfd)
{
	struct spool_worker w;
	struct job job;
	char **ids, buf[512];
	size_t n, i;
	int moved, more, rc, status = EXIT_DONE, wake_open = wakefd >= 0;
	void *ctx;
	ssize_t r;

	if (worker_begin(def, sp, &w, &ctx) < 0)
		return EXIT_ENV;
	for (;;) {
		moved = 0;
		if (spool_queue_oldest(sp, def->name, STAGE_LIST_MAX, &ids,
		    &n, &more) < 0) {
			msg_error("%s", sp->err);
			status = EXIT_ENV;
			break;
		}
		for (i = 0; i < n && status != EXIT_ENV; i++) {
			stage_slot_take();
			rc = spool_claim(&w, ids[i], &job);
			if (rc <= 0)
				stage_slot_give();
			if (rc < 0) {
				msg_error("%s", sp->err);
				status = EXIT_ENV;
				break;
			}
			if (rc == 0)
				continue;
			moved++;
			rc = run_one(def, &w, ctx, &job, progfd);
			stage_slot_give();
			job_free(&job);
			if (rc == 3)
				status = EXIT_ENV;
			else if (rc == 1 && status == EXIT_DONE)
				status = EXIT_QUARANTINE;
		}
		spool_list_free(ids, n);
		if (status == EXIT_ENV)
			break;
		if (moved > 0 || more)
			continue;	/* others took these: there are more */
		if (!wake_open)
			break;
		r = read(wakefd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			wake_open = 0;	/* end of input: one more pass */
	}
	worker_end(def, &w, ctx);
	return status;
}

/*
 * slots_open - -j's slots shared with the workers to come (pages.c); if
 * they cannot be, a job's pages are worked on in turn
 */
static void
slots_open(void)
{
	if (stage_slots_open(stage_opt.jobs) < 0)
		msg_warn("cannot share -j %d with page helpers: %s",
		    stage_opt.jobs, strerror(errno));
}

/* one_job - --job ID: claim and process that job only */
static int
one_job(const struct stage_def *def, struct spool *sp, const char *id)
{
	struct spool_worker w;
	struct job job;
	void *ctx;
	int rc, status;

	if (!job_id_valid(id)) {
		msg_error("invalid job id '%s'", id);
		return EXIT_USAGE;
	}
	slots_open();
	stage_slots_worker(0, sp, def->name, -1);
	if (worker_begin(def, sp, &w, &ctx) < 0)
		return EXIT_ENV;
	stage_slot_take();
	rc = spool_claim(&w, id, &job);
	if (rc <= 0) {
		if (rc < 0)
			msg_error("%s", sp->err);
		else
			msg_error("job '%s' is not waiting in %s/new", id,
			    def->name);
		status = rc < 0 ? EXIT_ENV : EXIT_USAGE;
	} else {
		rc = run_one(def, &w, ctx, &job, -1);
		job_free(&job);
		status = rc == 0 ? EXIT_DONE : rc == 1 ? EXIT_QUARANTINE :
		    EXIT_ENV;
	}
	worker_end(def, &w, ctx);
	return status;
}

/* what is waiting in a stage's queue at start */
struct queued {
	long	 jobs;
	long	 pages;			/* counted if PAGES_WANTED (progress) */
	int	 pages_wanted;
};

/*
 * count_job - spool_walk_queue callback: one more job waiting, and its
 * pages if they are wanted
 */
static int
count_job(void *arg, const char *state, const char *id, const char *path)
{
	struct queued *q = arg;
	char err[256];
	struct job job;

	q->jobs++;
	if (!q->pages_wanted)
		return 0;
	if (job_load(&job, path, id, err, sizeof(err)) == 0) {
		q->pages += job_get_long(&job, "pages", 1);
		job_free(&job);
	} else
		q->pages++;
	return 0;
}

static int
worst(int a, int b)
{
	return a > b ? a : b;
}

/* a worker process, as its parent knows it */
struct child {
	pid_t	 pid;
	int	 alive;			/* started, not yet reaped */
};

/*
 * start_worker - fork worker number N (from 1), reading job ids from WAKE
 * (if open) and reporting progress on PROG; its pid, or -1 after saying
 * why.  KIDS: the parent's table, freed in the worker.
 */
static pid_t
start_worker(const struct stage_def *def, struct spool *sp, int n,
    int wake[2], int prog[2], struct child *kids)
{
	pid_t parent = getpid(), pid;
	int rc;

	fflush(NULL);
	if ((pid = fork()) < 0) {
		msg_error("cannot start worker %d: fork: %s", n,
		    strerror(errno));
		return -1;
	}
	if (pid > 0)
		return pid;
	/* the parent's table: a worker's memory check finds it lost */
	free(kids);
	/*
	 * The worker ends here with _exit(), the one exit outside a main.c:
	 * returning would take the child back through stage_main() into
	 * the program's main(), which would run the parent's work (after(),
	 * the exit status) a second time; _exit also skips the atexit
	 * handlers and stdio buffers the child shares with its parent.
	 *
	 * kill -9 of the stage takes its workers along: a worker never
	 * outlives the run that started it (its claims are recovered by
	 * the next run).
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(EXIT_ENV);
	close(prog[0]);
	if (wake[1] >= 0) {
		close(wake[1]);
		close(0);
	}
	stage_slots_worker(n, sp, def->name, prog[1]);
	rc = worker(def, sp, wake[0], prog[1]);
#if DOSSIER_ASAN
	__lsan_do_leak_check();
#endif
	_exit(rc);
}

/*
 * The workers start as the work comes, up to -j: one at once (it waits
 * for the queue), another whenever the jobs known to wait (those in the
 * queue at start, and the ids read from stdin since, less those done)
 * outnumber the workers started.  A run of a few jobs so starts no
 * engine it does not use (dossier-ocr -j 2 on one job: 1.18 s of CPU
 * with both workers started, 0.96 s with one).  An id read that was in
 * the queue at start is counted twice, which may start one worker more
 * than needed.
 * While more may start, the parent keeps its ends of the pipes the
 * workers inherit, so the end of the workers is seen by their exit
 * (reaped at each turn, at least every REAP_MS) rather than by the end
 * of their progress pipe.
 */
#define REAP_MS		500

/*
 * reap - collect the first N workers of KIDS that have exited (all of
 * them, waiting, if HANG), their exit statuses into *STATUS; how many
 * are left
 */
static int
reap(struct child *kids, int n, int hang, int *status)
{
	int i, ws, left = 0;
	pid_t r;

	for (i = 0; i < n; i++) {
		if (!kids[i].alive)
			continue;
		while ((r = waitpid(kids[i].pid, &ws, hang ? 0 : WNOHANG)) <
		    0 && errno == EINTR)
			;
		if (r == 0) {
			left++;
			continue;
		}
		kids[i].alive = 0;
		stage_slots_dead(i + 1);	/* its slots, if it died */
		if (r < 0) {
			msg_error("worker %ld: waitpid: %s",
			    (long)kids[i].pid, strerror(errno));
			*status = worst(*status, EXIT_ENV);
		} else if (WIFEXITED(ws))
			*status = worst(*status, WEXITSTATUS(ws));
		else {
			msg_error("worker %ld killed by signal %d",
			    (long)kids[i].pid, WTERMSIG(ws));
			*status = worst(*status, EXIT_ENV);
		}
	}
	return left;
}

/*
 * supervise - start the workers as the work comes, feed them the ids read
 * from stdin, show progress, and collect their exit statuses
 */
static int
supervise(const struct stage_def *def, struct spool *sp, int use_stdin)
{
	int wake[2] = { -1, -1 }, prog[2];
	struct child *kids;
	int nworkers = 0, status = EXIT_DONE, stdin_open = use_stdin;
	int more = 1;		/* more workers may start */
	int hold = 1;		/* the pipe ends they inherit kept */
	long done = 0, total, waiting, finished = 0;
	double started = stage_now();
	int show = progress_on();	/* progress.c */
	struct queued q = { 0, 0, show };

	/* one walk over the queue: its jobs, and its pages for progress */
	if (spool_walk_queue(sp, def->name, count_job, &q) < 0) {
		q.jobs = stage_opt.jobs;	/* not known: all of them */
		q.pages = 0;
	}
	waiting = q.jobs;
	total = q.pages;
	if (use_stdin && pipe(wake) < 0) {
		msg_error("cannot create a pipe: %s", strerror(errno));
		return EXIT_ENV;
	}
	if (pipe(prog) < 0) {
		msg_error("cannot create a pipe: %s", strerror(errno));
		if (wake[0] >= 0) {
			close(wake[0]);
			close(wake[1]);
		}
		return EXIT_ENV;
	}
	slots_open();
	kids = xcalloc((size_t)stage_opt.jobs, sizeof(*kids));
	if (wake[1] >= 0)
		fcntl(wake[1], F_SETFL, O_NONBLOCK);
	for (;;) {
		struct pollfd pfd[2];
		unsigned char buf[512];
		ssize_t r;
		int nfd = 0, j;

		/* as many workers as jobs known to wait, one at least */
		while (more && nworkers < stage_opt.jobs &&
		    (nworkers == 0 || waiting - finished > nworkers)) {
			if ((kids[nworkers].pid = start_worker(def, sp,
			    nworkers + 1, wake, prog, kids)) < 0) {
				/* those started finish the queue */
				status = EXIT_ENV;
				more = 0;
				break;
			}
			kids[nworkers++].alive = 1;
			msg_info("worker %d started, %ld job%s waiting",
			    nworkers, waiting - finished,
			    waiting - finished == 1 ? "" : "s");
		}
		if (nworkers == stage_opt.jobs || !stdin_open)
			more = 0;
		if (hold && (!more || reap(kids, nworkers, 0, &status) == 0)) {
			/*
			 * no more will start (or the last has died): the
			 * end of the progress pipe is the end of the workers
			 */
			more = 0;
			hold = 0;
			close(prog[1]);
			if (wake[0] >= 0)
				close(wake[0]);
		}
		if (nworkers == 0)
			break;
		pfd[nfd].fd = prog[0];
		pfd[nfd++].events = POLLIN;
		if (stdin_open) {
			pfd[nfd].fd = 0;
			pfd[nfd++].events = POLLIN;
		}
		if (poll(pfd, (nfds_t)nfd, hold ? REAP_MS : -1) < 0) {
			if (errno == EINTR)
				continue;
			/* the workers see the end of the input, and end */
			msg_error("poll: %s", strerror(errno));
			status = EXIT_ENV;
			break;
		}
		if (stdin_open && pfd[1].revents != 0) {
			r = read(0, buf, sizeof(buf));
			if (r <= 0) {
				stdin_open = 0;
				close(wake[1]);
				wake[1] = -1;
			} else {
				/* one wake-up byte per complete line */
				for (j = 0; j < r; j++)
					if (buf[j] == '\n') {
						(void)!write(wake[1], "x", 1);
						waiting++;
					}
			}
		}
		if (pfd[0].revents != 0) {
			r = read(prog[0], buf, sizeof(buf));
			if (r <= 0 && !hold)
				break;		/* every worker has exited */
			/* a byte a page done, or a job and its pages */
			for (j = 0; j < r; j++)
				if (buf[j] == STAGE_PROGRESS_PAGE)
					done++;
				else {
					done += buf[j];
					finished++;
				}
			if (done > total)
				total = done;
			if (show)
				stage_progress(done, stage_pages_partial(),
				    total, started, 0);
		}
	}
	if (show && done > 0)
		stage_progress(done, 0, total, started, 1);
	if (hold) {
		close(prog[1]);
		if (wake[0] >= 0)
			close(wake[0]);
	}
	if (wake[1] >= 0)
		close(wake[1]);
	close(prog[0]);
	(void)reap(kids, nworkers, 1, &status);
	free(kids);
	return status;
}

/* the getopt value of a stage option without a letter: OWN_LONG + index */
#define OWN_LONG	1024

/*
 * getopt_tables - the short options in OPTSTR and the long ones (a new
 * array: free it) for the common options and DEF's own
 */
static struct option *
getopt_tables(const struct stage_def *def, struct strbuf *optstr)
{
	static const struct option common[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' + 256 },
		{ "job", required_argument, NULL, 'J' + 256 },
	};
	const size_t ncommon = sizeof(common) / sizeof(common[0]);
	const struct stage_option *o;
	struct option *lo;
	size_t nextra = 0, n, k;

	for (k = 0; def->longopts != NULL && def->longopts[k].name != NULL;
	    k++)
		nextra++;
	for (o = def->opts; o != NULL && (o->ch != 0 || o->name != NULL); o++)
		nextra++;
	lo = xcalloc(ncommon + nextra + 1, sizeof(*lo));
	memcpy(lo, common, sizeof(common));
	n = ncommon;
	for (k = 0; def->longopts != NULL && def->longopts[k].name != NULL;
	    k++)
		lo[n++] = def->longopts[k];
	strbuf_adds(optstr, "+a:hj:nqs:v");
	if (def->optstring != NULL)
		strbuf_adds(optstr, def->optstring);
	for (o = def->opts, k = 0; o != NULL && (o->ch != 0 ||
	    o->name != NULL); o++, k++) {
		if (o->ch != 0)
			strbuf_addf(optstr, "%c:", o->ch);
		if (o->name == NULL)
			continue;
		lo[n].name = o->name;
		lo[n].has_arg = required_argument;
		lo[n++].val = o->ch != 0 ? o->ch : OWN_LONG + (int)k;
	}
	return lo;
}

/* own_option - one of DEF's own options: 0, -1 refused, 1 not one */
static int
own_option(const struct stage_def *def, int ch, const char *arg,
    const char **why)
{
	const struct stage_option *o;
	int k;

	for (o = def->opts, k = 0; o != NULL && (o->ch != 0 ||
	    o->name != NULL); o++, k++)
		if (ch == (o->ch != 0 ? o->ch : OWN_LONG + k)) {
			*why = o->why;
			return stage_opt_set(o, arg);
		}
	if (ch == '?' || def->option == NULL)
		return -1;
	return def->option(ch, arg) < 0 ? -1 : 0;
}

/*
 * parse_options - the common options into stage_opt and the stage's own;
 * -1 to go on, or the exit status to end with
 */
static int
parse_options(const struct stage_def *def, int argc, char **argv)
{
	struct strbuf optstr = STRBUF_INIT;
	struct option *longopts;
	const char *why;
	int ch, status = -1;

	longopts = getopt_tables(def, &optstr);
	while (status < 0 && (ch = getopt_long(argc, argv, optstr.buf,
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			stage_opt.archive = optarg;
			break;
		case 'h':
			status = usage(def, NULL);
			break;
		case 'j':
			if ((stage_opt.jobs = stage_parse_jobs(optarg)) < 0)
				status = usage(def,
				    "-j wants a number from 1 to 64");
			break;
		case 'n':
			stage_opt.check = 1;
			break;
		case 'q':
			msg_verbose = -1;
			break;
		case 's':
			stage_opt.spool = optarg;
			break;
		case 'v':
			msg_verbose++;
			break;
		case 'V' + 256:
			stage_version();
			status = EXIT_DONE;
			break;
		case 'J' + 256:
			stage_opt.one_job = optarg;
			break;
		default:
			why = NULL;
			if (own_option(def, ch, optarg, &why) < 0)
				status = usage(def, why);
			break;
		}
	}
	free(longopts);
	strbuf_release(&optstr);
	if (status < 0 && optind != argc)
		status = usage(def, "unexpected argument");
	return status;
}

int
stage_main(const struct stage_def *def, int argc, char **argv)
{
	struct spool sp;
	struct stat st;
	int status, recovered, use_stdin;

	msg_progname = xasprintf("dossier-%s", def->name);
	umask(077);
	stage_fds_open();
	stage_default_paths(&stage_opt.spool, &stage_opt.archive);
	stage_opt.jobs = 1;
	if ((status = parse_options(def, argc, argv)) >= 0)
		return status;

	if (def->setup != NULL && (status = def->setup()) != EXIT_DONE)
		return status;
	if (stage_opt.check)
		return def->check != NULL ? def->check() : EXIT_DONE;

	signal(SIGPIPE, SIG_IGN);
	if (spool_open(&sp, stage_opt.spool, 1) < 0) {
		msg_error("%s", sp.err);
		return EXIT_ENV;
	}
	recovered = spool_recover(&sp, def->name);
	if (recovered < 0) {
		msg_error("%s", sp.err);
		return EXIT_ENV;
	}
	if (recovered > 0)
		msg_warn("recovered %d job%s left by a dead worker", recovered,
		    recovered == 1 ? "" : "s");
	if (stage_opt.one_job != NULL)
		status = one_job(def, &sp, stage_opt.one_job);
	else {
		use_stdin = fstat(0, &st) == 0 && S_ISFIFO(st.st_mode);
		status = supervise(def, &sp, use_stdin);
	}
	if (def->after != NULL)
		status = worst(status, def->after(&sp, status));
	return status;
}
