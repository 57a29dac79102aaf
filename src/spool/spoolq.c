/*
 * spoolq.c - inspect and repair the spool (see spoolq.h)
 *
 * Every path of the spool comes from spool.c: this file names states,
 * stages and job ids only.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "batch.h"
#include "db.h"
#include "emit.h"
#include "fileio.h"
#include "job.h"
#include "msg.h"
#include "sha256.h"
#include "spool.h"
#include "spoolq.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

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

/*
 * put_field - S, a path, a name or a reason that may quote one, as one
 * field of a line of fields (tab-separated): as it is, or, when it holds
 * a tab, a line end or another control character, a backslash, or starts
 * with a double quote, as a JSON string (in double quotes, \t, \n,
 * \", \\, \u0001...); a file named "a<LF>b.png" made the nightly
 * count a line "b.png" as an input left in the inbox.  UTF-8 names are
 * as they are.
 */
static void
put_field(FILE *out, const char *s)
{
	const unsigned char *p;
	int quote = *s == '"';

	for (p = (const unsigned char *)s; *p != '\0' && !quote; p++)
		quote = *p < 0x20 || *p == 0x7f || *p == '\\';
	if (quote)
		emit_json_string(out, s, strlen(s));
	else
		fputs(s, out);
}

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
	fprintf(sv->out, "%s\t%s\t%ld\t", id, state, pages);
	put_field(sv->out, src);
	if (strcmp(state, "quarantine") == 0) {
		if (spool_quarantine_info(sv->sp, id, &q) == 0) {
			fprintf(sv->out, "\t%s\t", q.stage);
			put_field(sv->out, q.reason);
		} else
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
	return spoolq_release_with(sp, id, outdir, NULL, NULL, err, errlen);
}

int
spoolq_release_with(struct spool *sp, const char *id, const char *outdir,
    int (*before)(void *arg, const char *id, char *err, size_t errlen),
    void *arg, char *err, size_t errlen)
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
	if (before != NULL && before(arg, id, err, errlen) < 0)
		return -1;
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

/* what the spool holds of one input's content (by its digest) */
struct held {
	char	 sha[SHA256_HEX_LEN + 1];
	char	 state[32];	/* a state where a job of it waits, or "" */
	char	 id[JOB_ID_MAX];
	char	 reason[512];	/* of a quarantined job of it, or "" */
};

struct holdings {
	struct spool *sp;
	struct held *h;
	size_t	 n;
};

static int
held_cmp(const void *a, const void *b)
{
	return strcmp(((const struct held *)a)->sha,
	    ((const struct held *)b)->sha);
}

/* hold_job - spool_walk callback: what job ID says of its input */
static int
hold_job(void *arg, const char *state, const char *id, const char *path)
{
	struct holdings *hs = arg;
	struct spool_qinfo q;
	struct held *h;
	struct job job;
	const char *sha;
	char err[256];

	if (job_load(&job, path, id, err, sizeof(err)) < 0)
		return 0;		/* half-built: its input is not seen */
	if ((sha = job_get(&job, "container_sha256")) == NULL)
		sha = job_get(&job, "source_sha256");
	if (sha == NULL || strlen(sha) != SHA256_HEX_LEN) {
		job_free(&job);
		return 0;
	}
	hs->h = xreallocarray(hs->h, hs->n + 1, sizeof(*hs->h));
	h = &hs->h[hs->n++];
	memset(h, 0, sizeof(*h));
	snprintf(h->sha, sizeof(h->sha), "%s", sha);
	snprintf(h->id, sizeof(h->id), "%s", id);
	if (strcmp(state, "quarantine") == 0) {
		if (spool_quarantine_info(hs->sp, id, &q) == 0)
			snprintf(h->reason, sizeof(h->reason), "%s: %s",
			    q.stage, q.reason);
		else
			snprintf(h->reason, sizeof(h->reason),
			    "(no reason recorded)");
	} else
		state_class(state, h->state, sizeof(h->state));
	job_free(&job);
	return 0;
}

/* what the walk of an inbox needs */
struct inbox_walk {
	struct spool *sp;
	struct holdings hs;
	const char *dest;	/* move done and failed inputs under it */
	struct db *db;		/* the archive, or NULL */
	char	 day[16];	/* YYYY-MM-DD, UTC */
	long	 settle;
	time_t	 now;
	FILE	*out;
	struct spoolq_inputs *count;
	int	 failed;	/* a move could not be made */
};

/*
 * file_sha - the SHA-256 of the regular file at PATH into SHA; 0, or -1
 * (errno)
 */
static int
file_sha(const char *path, char *sha)
{
	struct sha256_stream s;
	char buf[65536];
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0)
		return -1;
	sha256_begin(&s);
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		sha256_update(&s, buf, (size_t)r);
	sha256_end_hex(&s, sha);
	close(fd);
	return r < 0 ? -1 : 0;
}

/*
 * move_input - move PATH (REL under the inbox) durably to
 * DEST/WHAT/DAY/REL, never replacing a file (REL.1, REL.2, ... then);
 * with REASON, write it beside as NAME.reason first.  The new path into
 * TO.  0, or -1 with the reason in ERR.
 */
static int
move_input(struct inbox_walk *w, const char *path, const char *rel,
    const char *what, const char *reason, char *to, size_t tolen,
    char *err, size_t errlen)
{
	char dir[PATH_MAX], why[PATH_MAX + 16];
	int k, n;

	for (k = 0; k < 1000; k++) {
		n = k == 0 ? snprintf(to, tolen, "%s/%s/%s/%s", w->dest, what,
		    w->day, rel) : snprintf(to, tolen, "%s/%s/%s/%s.%d",
		    w->dest, what, w->day, rel, k);
		if (n < 0 || (size_t)n >= tolen) {
			snprintf(err, errlen, "'%s': path too long", rel);
			return -1;
		}
		snprintf(why, sizeof(why), "%s.reason", to);
		if (access(to, F_OK) != 0 && errno == ENOENT &&
		    (reason == NULL || (access(why, F_OK) != 0 &&
		    errno == ENOENT)))
			break;
	}
	path_dirname(to, dir, sizeof(dir));
	if (dir_make_parents(dir) < 0) {
		snprintf(err, errlen, "cannot make '%s': %s", dir,
		    strerror(errno));
		return -1;
	}
	if (reason != NULL) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s\n", reason);
		if (file_write_durable(why, sb.buf, sb.len) < 0) {
			snprintf(err, errlen, "cannot write '%s': %s", why,
			    strerror(errno));
			strbuf_release(&sb);
			return -1;
		}
		strbuf_release(&sb);
	}
	if (rename_noreplace(path, to) < 0 || dir_fsync(dir) < 0) {
		snprintf(err, errlen, "cannot move '%s' to '%s': %s", path,
		    to, strerror(errno));
		return -1;
	}
	path_dirname(path, dir, sizeof(dir));
	(void)dir_fsync(dir);
	return 0;
}

/* one_input - the state of the input at PATH (REL under the inbox) */
static void
one_input(struct inbox_walk *w, const char *path, const char *rel,
    const struct stat *st)
{
	struct held key, *h, *first, *end;
	const char *state, *why = "";
	char seen[JOB_ID_MAX + 8], to[PATH_MAX], err[PATH_MAX + 128];
	char reason[2048] = "";
	int pending = 0;

	if (file_sha(path, key.sha) < 0) {
		fputs("new\t", w->out);
		put_field(w->out, rel);
		fprintf(w->out, "\tcannot read: %s\n", strerror(errno));
		w->count->fresh++;
		return;
	}
	h = w->hs.n > 0 ? bsearch(&key, w->hs.h, w->hs.n, sizeof(*h),
	    held_cmp) : NULL;
	if (h != NULL) {
		/* the first and last jobs of this content */
		for (first = h; first > w->hs.h &&
		    strcmp(first[-1].sha, key.sha) == 0; first--)
			;
		end = w->hs.h + w->hs.n;
		for (h = first; h < end && strcmp(h->sha, key.sha) == 0;
		    h++) {
			if (h->state[0] != '\0' && !pending) {
				pending = 1;
				snprintf(reason, sizeof(reason), "job %s in %s",
				    h->id, h->state);
			} else if (h->state[0] == '\0' && !pending &&
			    reason[0] == '\0')
				snprintf(reason, sizeof(reason), "%s",
				    h->reason);
		}
	}
	if (pending) {
		state = "waiting";
		w->count->waiting++;
	} else if (reason[0] != '\0') {
		state = "failed";
		w->count->failed++;
	} else if (h != NULL || spool_seen_get(w->sp, key.sha, seen,
	    sizeof(seen)) > 0 || (w->db != NULL &&
	    db_source_exists(w->db, key.sha) > 0)) {
		state = "done";
		w->count->done++;
	} else if (w->settle > 0 && w->now - st->st_mtime < w->settle) {
		state = "busy";
		why = "changed within the settle time";
		w->count->busy++;
	} else {
		state = "new";
		w->count->fresh++;
	}
	if (w->dest != NULL && (strcmp(state, "done") == 0 ||
	    strcmp(state, "failed") == 0)) {
		if (move_input(w, path, rel, state, state[0] == 'f' ? reason :
		    NULL, to, sizeof(to), err, sizeof(err)) < 0) {
			msg_error("%s", err);
			w->failed = 1;
			state = "kept";
			why = err;
		} else {
			fprintf(w->out, "%s\t", state);
			put_field(w->out, rel);
			fputc('\t', w->out);
			put_field(w->out, to);
			fputc('\n', w->out);
			return;
		}
	}
	fprintf(w->out, "%s\t", state);
	put_field(w->out, rel);
	fputc('\t', w->out);
	put_field(w->out, reason[0] != '\0' ? reason : why);
	fputc('\n', w->out);
}

/* inbox_dir - every visible regular file under DIR (REL), by name */
static int
inbox_dir(struct inbox_walk *w, const char *dir, const char *rel,
    char *err, size_t errlen)
{
	struct dirent **ents;
	struct stat st;
	char path[PATH_MAX], sub[PATH_MAX];
	int n, i, rc = 0;

	if ((n = scandir(dir, &ents, NULL, alphasort)) < 0) {
		snprintf(err, errlen, "cannot read '%s': %s", dir,
		    strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;

		/* hidden: scanners' partial writes, as ingest skips them */
		if (name[0] == '.' || rc < 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
		    name);
		if (lstat(path, &st) < 0)
			continue;	/* gone meanwhile */
		if (S_ISDIR(st.st_mode))
			rc = inbox_dir(w, path, sub, err, errlen);
		else if (S_ISREG(st.st_mode))
			one_input(w, path, sub, &st);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return rc;
}

int
spoolq_inputs(struct spool *sp, struct db *db, const char *inbox,
    long settle, const char *dest, FILE *out, struct spoolq_inputs *count,
    char *err, size_t errlen)
{
	struct inbox_walk w;
	struct stat st;
	struct tm tm;
	int rc;

	memset(&w, 0, sizeof(w));
	memset(count, 0, sizeof(*count));
	w.sp = sp;
	w.hs.sp = sp;
	w.dest = dest;
	w.db = db;
	w.settle = settle;
	w.now = time(NULL);
	w.out = out;
	w.count = count;
	gmtime_r(&w.now, &tm);
	strftime(w.day, sizeof(w.day), "%Y-%m-%d", &tm);
	if (spool_walk(sp, hold_job, &w.hs) < 0) {
		snprintf(err, errlen, "%s", sp->err);
		free(w.hs.h);
		return -1;
	}
	if (w.hs.n > 0)
		qsort(w.hs.h, w.hs.n, sizeof(*w.hs.h), held_cmp);
	if (stat(inbox, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "'%s' is not a folder", inbox);
		rc = -1;
	} else
		rc = inbox_dir(&w, inbox, "", err, errlen);
	free(w.hs.h);
	if (rc == 0 && w.failed) {
		snprintf(err, errlen, "some inputs could not be moved");
		rc = -1;
	}
	return rc;
}

static const char sql_released_before[] =
    "SELECT seq FROM audit WHERE action = 'quarantine.release' "
    "AND object = ?1 AND ' ' || detail || ' ' LIKE ?2 LIMIT 1";
static const char sql_add_released[] =
    "UPDATE batch SET released = released + ?2 WHERE id = ?1";

int
spoolq_record(struct spool *sp, struct db *db, const char *id,
    const char *action, const char *actor, char *err, size_t errlen)
{
	struct spool_qinfo q;
	struct strbuf detail = STRBUF_INIT, like = STRBUF_INIT;
	char dir[PATH_MAX], object[JOB_ID_MAX + 16], why[256];
	const char *batch, *file;
	sqlite3_stmt *st;
	struct job job;
	long pages;
	long long seen;
	int release = strcmp(action, "quarantine.release") == 0, rc = -1;

	if (spool_quarantine_path(sp, id, dir, sizeof(dir)) < 0) {
		snprintf(err, errlen, "%s", sp->err);
		return -1;
	}
	if (job_load(&job, dir, id, why, sizeof(why)) < 0) {
		/* a job without its meta: known by its id only */
		job_init(&job, dir, id);
	}
	if (spool_quarantine_info(sp, id, &q) < 0) {
		q.stage[0] = '\0';
		snprintf(q.reason, sizeof(q.reason), "(no reason recorded)");
	}
	batch = job_get(&job, "batch");
	file = job_get(&job, "source_file");
	pages = job_get_long(&job, "pages", 1);
	if (batch != NULL && job_id_valid(batch))
		snprintf(object, sizeof(object), "batch:%s", batch);
	else
		snprintf(object, sizeof(object), "job:%s", id);
	strbuf_addf(&like, "%% job=%s %%", id);
	if (release && (seen = db_lookup_id(db, sql_released_before, object,
	    like.buf, "cannot read the audit")) != 0) {
		if (seen < 0)
			goto dbfail;
		rc = 0;		/* recorded by a release that was cut short */
		goto out;
	}
	if (batch != NULL && job_id_valid(batch) &&
	    batch_ensure(db, sp, batch) < 0)
		goto dbfail;
	/* key=value words (db_kv), as the audit's readers parse them */
	snprintf(why, sizeof(why), "%ld", pages);
	db_kv(&detail, "job", id);
	db_kv(&detail, "pages", why);
	db_kv(&detail, "stage", q.stage);
	db_kv(&detail, "file", file);
	db_kv(&detail, "reason", q.reason);
	if (db_audit(db, actor, action, object, detail.buf) < 0)
		goto dbfail;
	if (release && batch != NULL && job_id_valid(batch)) {
		if ((st = db_stmt(db, sql_add_released)) == NULL)
			goto dbfail;
		if (store_bind_text(st, 1, batch) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 2, pages) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_DONE) {
			db_fail(db, "cannot count the released pages");
			db_done(st);
			goto dbfail;
		}
		db_done(st);
	}
	rc = 1;
	goto out;
dbfail:
	snprintf(err, errlen, "archive: %s", db->err);
out:
	strbuf_release(&detail);
	strbuf_release(&like);
	job_free(&job);
	return rc;
}
