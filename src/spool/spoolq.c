/*
 * spoolq.c - inspect and repair the spool (see spoolq.h)
 *
 * Every path of the spool comes from spool.c: this file names states,
 * stages and job ids only.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "job.h"
#include "sha256.h"
#include "spool.h"
#include "spoolq.h"

/* state_class - STATE without its worker dir ("ocr/cur/W" -> "ocr/cur") */
static void
state_class(const char *state, char *buf, size_t size)
{
	size_t len = strcspn(state, "/");

	if (state[len] == '/')
		len += 1 + strcspn(state + len + 1, "/");
	snprintf(buf, size, "%.*s", (int)len, state);
}

/* what a listing or a count walks with */
struct survey {
	struct spool *sp;
	const char *only;	/* a state or a stage, or NULL: all */
	FILE	*out;
	long	 counts[32];	/* per spool_states entry, for count */
	long	 total;
	int	 counting;
};

/* show - one line for job ID, in state class STATE, at PATH */
static void
show(struct survey *sv, const char *state, const char *id, const char *path)
{
	struct spool_qinfo q;
	char err[256];
	struct job job;
	const char *src = "-";
	long pages = 0;
	int loaded;

	loaded = job_load(&job, path, id, err, sizeof(err)) == 0;
	if (loaded) {
		pages = job_get_long(&job, "pages", 0);
		if ((src = job_get(&job, "source_file")) == NULL)
			src = "-";
	}
	fprintf(sv->out, "%s\t%s\t%ld\t%s", id, state, pages, src);
	if (strcmp(state, "quarantine") == 0) {
		if (spool_quarantine_info(sv->sp, id, &q) == 0)
			fprintf(sv->out, "\t%s\t%s", q.stage, q.reason);
		else
			fprintf(sv->out, "\t?\t(%s)", errno == ENODATA ?
			    "no error file" : sv->sp->err);
	} else if (!loaded)
		fprintf(sv->out, "\t%s", err);
	fputc('\n', sv->out);
	if (loaded)
		job_free(&job);
}

static int
survey_one(void *arg, const char *state, const char *id, const char *path)
{
	struct survey *sv = arg;
	char cls[64];
	size_t stagelen;
	int i;

	state_class(state, cls, sizeof(cls));
	stagelen = strcspn(cls, "/");
	if (sv->counting) {
		for (i = 0; spool_states[i] != NULL && i < 32; i++)
			if (strcmp(spool_states[i], cls) == 0)
				sv->counts[i]++;
	} else if (sv->only == NULL || strcmp(sv->only, cls) == 0 ||
	    (strlen(sv->only) == stagelen &&
	    strncmp(sv->only, cls, stagelen) == 0))
		show(sv, cls, id, path);
	else
		return 0;
	sv->total++;
	return 0;
}

long
spoolq_list(struct spool *sp, const char *only, FILE *out)
{
	struct survey sv = { sp, only, out, { 0 }, 0, 0 };

	(void)spool_walk(sp, survey_one, &sv);
	return sv.total;
}

long
spoolq_counts(struct spool *sp, FILE *out)
{
	struct survey sv = { sp, NULL, out, { 0 }, 0, 1 };
	int i;

	(void)spool_walk(sp, survey_one, &sv);
	for (i = 0; spool_states[i] != NULL && i < 32; i++)
		fprintf(out, "%s\t%ld\n", spool_states[i], sv.counts[i]);
	return sv.total;
}

int
spoolq_retry(struct spool *sp, const char *id, char *err, size_t errlen)
{
	struct spool_qinfo q;

	if (spool_quarantine_info(sp, id, &q) < 0 && errno != ENODATA)
		goto fail;
	if (strcmp(q.stage, "ingest") == 0) {
		/* nothing in the spool can make a bad input file good */
		snprintf(err, errlen, "job %s was refused at ingest: the "
		    "input file itself is unusable; ingest a good copy, then "
		    "release this job", id);
		return -1;
	}
	if (!spool_stage_valid(q.stage)) {
		snprintf(err, errlen, "job %s: unknown failed stage '%s'", id,
		    q.stage);
		return -1;
	}
	if (spool_quarantine_retry(sp, id, q.stage) == 0)
		return 0;
fail:
	snprintf(err, errlen, "%s", sp->err);
	return -1;
}

/*
 * copy_source - copy the source of the quarantined job at DIR out into
 * OUTDIR as OUTDIR/ID.NAME, never overwriting, durably, and checked
 * against the job's digest; the path into DST ("" when the job has no
 * source, which is fine only for one whose input could not be read).
 * 0, or -1 with the reason in ERR.
 */
static int
copy_source(const char *dir, const char *id, const char *outdir, char *dst,
    size_t dstlen, char *err, size_t errlen)
{
	char src[PATH_MAX + 8], tmp[PATH_MAX * 2], why[256];
	char sha[SHA256_HEX_LEN + 1];
	const char *name = NULL, *base, *want = NULL;
	struct job job;
	struct stat st;
	int fd, loaded, rc = -1;

	*dst = '\0';
	loaded = job_load(&job, dir, id, why, sizeof(why)) == 0;
	if (loaded) {
		name = job_get(&job, "source_file");
		want = job_get(&job, "source_sha256");
	}
	base = name != NULL ? strrchr(name, '/') : NULL;
	base = base != NULL ? base + 1 : name;
	/* never trust a stored name as a path: base name */
	if (base == NULL || *base == '\0' || *base == '.')
		base = "source";
	snprintf(src, sizeof(src), "%s/source", dir);
	snprintf(dst, dstlen, "%s/%s.%s", outdir, id, base);
	snprintf(tmp, sizeof(tmp), "%s/.%s.%s.tmp", outdir, id, base);
	/* not blocking on a fifo, not following a link: regular files only */
	fd = open(src, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && want == NULL) {
		*dst = '\0';	/* its input could not be read: none to copy */
		rc = 0;
		goto out;
	}
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "cannot read '%s': %s", src,
		    strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "'%s' is not a regular file", src);
		goto out;
	}
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (access(dst, F_OK) == 0) {
		snprintf(err, errlen, "'%s' exists: not overwritten", dst);
		goto out;
	}
	/* a stale one is what an interrupted release left */
	(void)unlink(tmp);
	switch (spool_file_copy(fd, tmp, (size_t)-1, sha, NULL)) {
	case -1:
		snprintf(err, errlen, "cannot read '%s': %s", src,
		    strerror(errno));
		goto out;
	case -2:
		snprintf(err, errlen, "cannot write '%s': %s", tmp,
		    strerror(errno));
		goto out;
	}
	if (want != NULL && strcmp(want, sha) != 0) {
		snprintf(err, errlen, "'%s' does not match the job's "
		    "source_sha256", src);
		(void)unlink(tmp);
		goto out;
	}
	if (rename_durable(tmp, dst) < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", dst,
		    strerror(errno));
		(void)unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (loaded)
		job_free(&job);
	return rc;
}

int
spoolq_release(struct spool *sp, const char *id, const char *outdir,
    char *err, size_t errlen)
{
	char dir[PATH_MAX], dst[PATH_MAX * 2], why[PATH_MAX * 2 + 64];

	if (spool_quarantine_path(sp, id, dir, sizeof(dir)) < 0) {
		snprintf(err, errlen, "%s", sp->err);
		return -1;
	}
	/* the evidence first: the job goes only once its copy is durable */
	if (outdir != NULL) {
		if (copy_source(dir, id, outdir, dst, sizeof(dst), why,
		    sizeof(why)) < 0) {
			snprintf(err, errlen, "job %s kept in quarantine: %s",
			    id, why);
			return -1;
		}
		if (*dst != '\0')
			printf("%s\n", dst);
	}
	if (spool_quarantine_remove(sp, id) < 0) {
		snprintf(err, errlen, "%s", sp->err);
		return -1;
	}
	return 0;
}

int
spoolq_recover(struct spool *sp)
{
	int s, n, total = 0;

	for (s = -1; s < 0 || spool_stages[s] != NULL; s++) {
		if ((n = spool_recover(sp, s < 0 ? "ingest" :
		    spool_stages[s])) < 0)
			return -1;
		total += n;
	}
	return total;
}
