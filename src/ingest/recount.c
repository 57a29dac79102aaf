/*
 * recount.c - the batches of an ingest that died (see ingest.h)
 *
 * A run counts each job it commits in a count record of its batch
 * (spool_batch_count), once the job is durable, and holds the batch
 * (spool_batch_lock) until it has written the batch's end.  A batch with
 * no end that nobody holds was left by a run that died (kill, full disk):
 * its jobs committed in the moment before their record are counted here
 * from the jobs themselves, then the batch is ended, or taken over by
 * this run, so that a rerun finishes the batch the dead run began.
 */
#include <sys/file.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest.h"
#include "job.h"
#include "msg.h"
#include "spool.h"
#include "xalloc.h"

/* a batch whose ingest died */
struct orphan {
	char	*name;
	char	*started;		/* its started_at, or "" */
	int	 lockfd;		/* held exclusively since the probe */
	char	**ids;			/* ids of its count records, sorted */
	size_t	 nids;
};

struct orphans {
	struct spool *sp;
	struct orphan *o;
	size_t	 n;
	long	 counted;		/* records written from jobs */
	int	 failed;
};

static int
by_id(const void *key, const void *elt)
{
	return strcmp(key, *(char *const *)elt);
}

/*
 * count_job - a job of the spool walk: if it is of an orphan batch and has
 * no count record, write one from its meta
 */
static int
count_job(void *arg, const char *state, const char *id, const char *path)
{
	struct orphans *os = arg;
	struct spool_qinfo q;
	struct orphan *o = NULL;
	const char *batch;
	struct job j;
	char err[256];
	size_t i;
	int quar = 0;

	if (strncmp(state, "ingest/", 7) == 0)
		return 0;	/* half-built: never committed */
	if (job_load(&j, path, id, err, sizeof(err)) < 0)
		return 0;
	if ((batch = job_get(&j, "batch")) != NULL)
		for (i = 0; i < os->n && o == NULL; i++)
			if (strcmp(os->o[i].name, batch) == 0)
				o = &os->o[i];
	if (o != NULL && bsearch(id, o->ids, o->nids, sizeof(*o->ids),
	    by_id) == NULL) {
		if (strcmp(state, "quarantine") == 0 &&
		    spool_quarantine_info(os->sp, id, &q) == 0)
			quar = strcmp(q.stage, "ingest") == 0;
		if (spool_batch_count(os->sp, o->name, id,
		    job_get_long(&j, "pages", 1) +
		    job_get_long(&j, "cover_pages", 0), 0, quar) < 0) {
			msg_error("%s", os->sp->err);
			os->failed = 1;
		} else
			os->counted++;
	}
	job_free(&j);
	return os->failed ? -1 : 0;
}

/* find_orphans - the batches with no end that no live run holds */
static int
find_orphans(struct spool *sp, struct orphans *os)
{
	struct job b;
	char **names, err[256];
	const char *v;
	size_t n, i;
	int fd;

	if (spool_batch_list(sp, &names, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (spool_batch_load(sp, names[i], &b, err, sizeof(err)) < 0) {
			msg_warn("%s", err);
			job_free(&b);
			continue;
		}
		v = job_get(&b, "finished_at");
		if (v != NULL && *v != '\0') {
			job_free(&b);
			continue;
		}
		if ((fd = spool_batch_lock(sp, names[i], 1)) < 0) {
			job_free(&b);
			if (errno == EWOULDBLOCK)
				continue;	/* its run is alive */
			spool_list_free(names, n);
			return -1;
		}
		os->o = xreallocarray(os->o, os->n + 1, sizeof(*os->o));
		memset(&os->o[os->n], 0, sizeof(os->o[os->n]));
		os->o[os->n].name = xstrdup(names[i]);
		v = job_get(&b, "started_at");
		os->o[os->n].started = xstrdup(v != NULL ? v : "");
		os->o[os->n].lockfd = fd;
		os->n++;
		job_free(&b);
	}
	spool_list_free(names, n);
	return 0;
}

/* end_orphan - write the end of orphan O, whose counts are complete */
static int
end_orphan(struct ingest *ing, struct orphan *o)
{
	struct ingest end;

	memset(&end, 0, sizeof(end));
	end.sp = ing->sp;
	snprintf(end.batch, sizeof(end.batch), "%s", o->name);
	msg_warn("batch '%s': its ingest died; counted and ended", o->name);
	return ingest_batch_write(&end, o->started, 1);
}

int
ingest_batch_recover(struct ingest *ing)
{
	struct orphans os;
	struct spool_tally t;
	size_t i, take = (size_t)-1;
	int rc = 0;

	memset(&os, 0, sizeof(os));
	os.sp = ing->sp;
	if (find_orphans(ing->sp, &os) < 0)
		return -1;
	for (i = 0; i < os.n && rc == 0; i++)
		rc = spool_batch_tally(ing->sp, os.o[i].name, &t,
		    &os.o[i].ids, &os.o[i].nids);
	if (rc == 0 && os.n > 0 && spool_walk(ing->sp, count_job, &os) != 0)
		rc = -1;
	if (rc == 0 && os.counted > 0)
		msg_warn("counted %ld job%s committed by a dead ingest",
		    os.counted, os.counted == 1 ? "" : "s");
	/* the run goes on with the batch it names, or the last one begun */
	for (i = 0; i < os.n; i++)
		if (ing->batch[0] != '\0' ?
		    strcmp(os.o[i].name, ing->batch) == 0 :
		    take == (size_t)-1 ||
		    strcmp(os.o[i].started, os.o[take].started) > 0 ||
		    (strcmp(os.o[i].started, os.o[take].started) == 0 &&
		    strcmp(os.o[i].name, os.o[take].name) > 0))
			take = i;
	for (i = 0; i < os.n; i++) {
		if (rc == 0 && i != take && end_orphan(ing, &os.o[i]) < 0)
			rc = -1;
		if (rc == 0 && i == take) {
			snprintf(ing->batch, sizeof(ing->batch), "%s",
			    os.o[i].name);
			/* held as any run holds its batch from now on */
			(void)flock(os.o[i].lockfd, LOCK_SH);
			ing->lockfd = os.o[i].lockfd;
			msg_warn("batch '%s': its ingest died; this run "
			    "finishes it", os.o[i].name);
		} else
			close(os.o[i].lockfd);
		spool_list_free(os.o[i].ids, os.o[i].nids);
		free(os.o[i].name);
		free(os.o[i].started);
	}
	free(os.o);
	if (rc < 0)
		return -1;
	return take != (size_t)-1;
}
