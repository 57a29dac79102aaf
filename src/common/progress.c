/*
 * progress.c - the progress line of a long run on a terminal (see
 * progress.h); stage_progress(), the stage runner's call, is here too
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "job.h"
#include "msg.h"
#include "progress.h"
#include "spool.h"
#include "stage.h"
#include "xalloc.h"

#define CSI	"\033["
#define CLEAR_EOL CSI "K"	/* erase from the cursor to the end of line */
#define SAVE	"\0337"		/* DECSC: save the cursor */
#define RESTORE	"\0338"		/* DECRC: restore it */

/* board_row - rows above the cursor of STAGE's row in ROWS, or 0 */
static int
board_row(const char *rows, const char *stage)
{
	const char *s = rows;
	size_t len = strlen(stage), n;
	int nrows = 0, mine = -1;

	while (*s != '\0') {
		s += strspn(s, " ");
		if (*s == '\0')
			break;
		n = strcspn(s, " ");
		if (n == len && strncmp(s, stage, len) == 0)
			mine = nrows;
		nrows++;
		s += n;
	}
	return mine < 0 ? 0 : nrows - mine;
}

/* progress_fd - the terminal to draw on, or -1; *UP: our board row */
static int
progress_fd(const char *stage, int *up)
{
	const char *e, *rows;
	char *end;
	long fd;

	*up = 0;
	if (msg_verbose < 0)
		return -1;
	e = getenv("DOSSIER_PROGRESS_FD");
	rows = getenv("DOSSIER_PROGRESS_ROWS");
	if (e != NULL && *e != '\0') {
		errno = 0;
		fd = strtol(e, &end, 10);
		if (errno == 0 && *end == '\0' && fd >= 0 && fd < 1024 &&
		    isatty((int)fd)) {
			if (stage != NULL && rows != NULL)
				*up = board_row(rows, stage);
			return (int)fd;
		}
	}
	return isatty(2) ? 2 : -1;
}

int
progress_on(void)
{
	int up;

	return progress_fd(NULL, &up) >= 0;
}

void
progress_start(struct progress *p, const char *label, const char *stage,
    double started)
{
	memset(p, 0, sizeof(*p));
	p->label = label;
	p->started = started;
	p->fd = progress_fd(stage, &p->up);
}

/* clock - "MM:SS", or "H:MM:SS" from an hour on, into BUF */
static void
clock_text(char *buf, size_t size, long s)
{
	if (s >= 3600)
		snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
		    s % 60);
	else
		snprintf(buf, size, "%02ld:%02ld", s / 60, s % 60);
}

char *
progress_format(char *buf, size_t size, const char *label, long done,
    long total, double elapsed, int final)
{
	double rate = elapsed > 0 ? done / elapsed : 0;
	char tot[32], left[32];

	if (total > 0)
		snprintf(tot, sizeof(tot), "%ld", total < done ? done : total);
	else
		snprintf(tot, sizeof(tot), "?");
	if (final) {
		clock_text(left, sizeof(left), (long)(elapsed + 0.5));
		snprintf(buf, size, "%s: %ld/%s pages, %.1f/s, done in %s",
		    label, done, tot, rate, left);
		return buf;
	}
	if (rate > 0 && total > 0)
		clock_text(left, sizeof(left), total > done ?
		    (long)((total - done) / rate + 0.5) : 0);
	else
		snprintf(left, sizeof(left), "--:--");
	snprintf(buf, size, "%s: %ld/%s pages, %.1f/s, %s left", label, done,
	    tot, rate, left);
	return buf;
}

void
progress_show(struct progress *p, long done, long total, int final)
{
	char text[256], line[320];
	double now;
	int n;

	if (p->fd < 0)
		return;
	now = stage_now();
	if (!final && p->drawn && now - p->last < 0.1)
		return;
	p->last = now;
	progress_format(text, sizeof(text), p->label, done, total,
	    now - p->started, final);
	if (p->up > 0)
		n = snprintf(line, sizeof(line), SAVE CSI "%dA\r%s" CLEAR_EOL
		    RESTORE, p->up, text);
	else
		n = snprintf(line, sizeof(line), "\r%s" CLEAR_EOL "%s", text,
		    final ? "\n" : "");
	if (n > 0 && (size_t)n < sizeof(line))
		(void)!write(p->fd, line, (size_t)n);	/* one write: atomic */
	p->drawn = 1;
}

/* the pages of the jobs seen, by job id (open addressing) */
struct seen_job {
	char	*id;
	long	 pages;
};
static struct seen_job *seen;
static size_t nseen, aseen;	/* used, size (a power of 2) */

static size_t
id_hash(const char *s)
{
	size_t h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static struct seen_job *
seen_slot(struct seen_job *tab, size_t size, const char *id)
{
	size_t i = id_hash(id) & (size - 1);

	while (tab[i].id != NULL && strcmp(tab[i].id, id) != 0)
		i = (i + 1) & (size - 1);
	return &tab[i];
}

/* job_pages - the pages of job ID at PATH, read once */
static long
job_pages(const char *id, const char *path)
{
	struct seen_job *s, *tab;
	struct job job;
	char err[256];
	size_t i;
	long pages = 1;

	if (aseen > 0 && (s = seen_slot(seen, aseen, id))->id != NULL)
		return s->pages;
	if (job_load(&job, path, id, err, sizeof(err)) < 0)
		return 1;	/* being moved: counted as one for now */
	pages = job_get_long(&job, "pages", 1);
	job_free(&job);
	if (2 * (nseen + 1) > aseen) {
		size_t size = aseen > 0 ? aseen * 2 : 1024;

		tab = xcalloc(size, sizeof(*tab));
		for (i = 0; i < aseen; i++)
			if (seen[i].id != NULL)
				*seen_slot(tab, size, seen[i].id) = seen[i];
		free(seen);
		seen = tab;
		aseen = size;
	}
	s = seen_slot(seen, aseen, id);
	s->id = xstrdup(id);
	s->pages = pages;
	nseen++;
	return pages;
}

/* what the walk of progress_known_pages needs */
struct known {
	int	 stage;		/* our index in spool_stages */
	long	 pages;
};

/* stage_index - the index in spool_stages of the stage of STATE, or -1 */
static int
stage_index(const char *state)
{
	size_t n = strcspn(state, "/");
	int i;

	for (i = 0; spool_stages[i] != NULL; i++)
		if (strlen(spool_stages[i]) == n &&
		    strncmp(state, spool_stages[i], n) == 0)
			return i;
	return -1;
}

static int
known_one(void *arg, const char *state, const char *id, const char *path)
{
	struct known *k = arg;
	int i = stage_index(state);

	if (i < 0 && strncmp(state, "ingest/", 7) == 0)
		return 0;		/* half-built: not known yet */
	if (i < 0 || i > k->stage)
		return 1;		/* past our stage: the walk is over */
	k->pages += job_pages(id, path);
	return 0;
}

long
progress_known_pages(struct spool *sp, const char *stage)
{
	struct known k = { stage_index(stage), 0 };

	if (k.stage < 0)
		return -1;
	if (spool_walk(sp, known_one, &k) < 0)
		return -1;
	return k.pages;
}

/*
 * stage_progress - the progress line of a stage run (see stage.h): its
 * total is at least the pages done plus those known to be coming (the
 * jobs of the stage, whole, less the PARTIAL pages of them done)
 */
void
stage_progress(long done, long partial, long total, double started,
    int final)
{
	static struct progress p;
	static struct spool sp;
	static int started_p, have_spool;
	static long known;
	static double counted;
	const char *stage = NULL;
	double now;
	int i;

	for (i = 0; spool_stages[i] != NULL && stage == NULL; i++)
		if (strncmp(msg_progname, "dossier-", 8) == 0 &&
		    strcmp(msg_progname + 8, spool_stages[i]) == 0)
			stage = spool_stages[i];
	if (!started_p) {
		progress_start(&p, msg_progname, stage, started);
		started_p = 1;
		have_spool = p.fd >= 0 && stage != NULL &&
		    stage_opt.spool != NULL &&
		    spool_open(&sp, stage_opt.spool, 0) == 0;
	}
	if (p.fd < 0)
		return;
	now = stage_now();
	/* the pages done and those coming, counted at the same moment */
	if (have_spool && !final && (counted == 0 || now - counted >= 1)) {
		long k = progress_known_pages(&sp, stage);

		if (k >= 0)
			known = done + k - (partial < k ? partial : k);
		counted = now;
	}
	if (!final && total < known)
		total = known;
	progress_show(&p, done, total, final);
}
