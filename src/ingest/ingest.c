/*
 * ingest.c - input files and folders to spool jobs (see ingest.h)
 *
 * For every input file: create a job in our spool worker dir and copy the
 * file's bytes into its "source" while hashing them, probe the headers,
 * look the digest up (the spool's seen records and the archive), write
 * the meta, and commit the job to the next stage's queue (or quarantine
 * it if the file is unusable).  The spool owns every path: see spool.h.
 * The input itself is only ever read.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>

#include "db.h"
#include "image.h"
#include "index.h"
#include "ingest.h"
#include "job.h"
#include "msg.h"
#include "pdf.h"
#include "sandbox.h"
#include "sha256.h"
#include "spool.h"
#include "stage.h"
#include "xalloc.h"

#define MAX_DEPTH 32		/* folder nesting we follow */

int
ingest_probe(const char *path, long max_pixels, const char **media,
    int *pages, char *err, size_t errlen)
{
	struct mapped m;
	int rc;

	*media = NULL;
	*pages = 0;
	if (image_map(path, (size_t)-1 / 2, &m) < 0) {
		snprintf(err, errlen, "cannot read '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	*media = image_media_type(m.data, m.size);
	rc = image_probe(m.data, m.size, *media, max_pixels, pages, err,
	    errlen);
	image_unmap(&m);
	return rc;
}

int
ingest_seen(struct ingest *ing, const char *sha, char *where, size_t size)
{
	struct spool_qinfo q;
	char id[JOB_ID_MAX + 8];
	int rc;

	/* content whose job is in quarantine was not taken: not a duplicate */
	if ((rc = spool_seen_get(ing->sp, sha, id, sizeof(id))) < 0)
		return rc;
	if (rc > 0 && spool_quarantine_info(ing->sp, id, &q) < 0) {
		snprintf(where, size, "job %s", id);
		return 1;
	}
	if (ing->archive_has != NULL || ing->db != NULL) {
		rc = ing->archive_has != NULL ? ing->archive_has(sha) :
		    db_source_exists(ing->db, sha);
		if (rc != 0) {
			snprintf(where, size, "the archive");
			return rc;
		}
	}
	return 0;
}

int
ingest_mark_seen(struct ingest *ing, const char *sha, const char *id)
{
	/* EEXIST: the content's first job is in quarantine and keeps the
	   record */
	if (spool_seen_put(ing->sp, sha, id) < 0 && errno != EEXIST) {
		msg_warn("%s", ing->sp->err);
		return -1;
	}
	return 0;
}

int
ingest_give_up(struct ingest *ing, struct job *job)
{
	(void)spool_job_discard(&ing->w, job);
	job_free(job);
	ing->env_failure = 1;
	return -1;
}

int
ingest_count(struct ingest *ing, const char *id, long pages, long covers,
    int quarantined)
{
	if (spool_batch_count(ing->sp, ing->batch, id, pages, covers,
	    quarantined) < 0) {
		msg_error("batch '%s': %s: the next run counts it", ing->batch,
		    ing->sp->err);
		ing->env_failure = 1;
		return -1;
	}
	ing->pages_in += pages;
	ing->cover_sheets += covers;
	return 0;
}

int
ingest_job_finish(struct ingest *ing, struct job *job, int pages,
    const char *err, const char *path)
{
	/* an input we cannot use counts for one page (ingest_job_commit) */
	if (err == NULL && pages > 0)
		return ingest_covers(ing, job, pages, path);
	return ingest_job_commit(ing, job, NULL, pages, err, path);
}

/*
 * settings - the job's settings.ingest (dossier-spool(5)): the program's
 * version, the libraries that decode its sources and the sandbox they
 * decode in (sandbox.h)
 */
static void
settings(struct job *job)
{
	struct strbuf sb = STRBUF_INIT;
	const char *mu = pdf_decoder(), *la = archive_version_string();

	db_kv(&sb, "version", DOSSIER_VERSION);
	/* "MuPDF 1.21.1", "libarchive 3.6.2": the version alone */
	db_kv(&sb, "mupdf", strchr(mu, ' ') != NULL ? strchr(mu, ' ') + 1 : mu);
	db_kv(&sb, "libarchive", la != NULL && strchr(la, ' ') != NULL ?
	    strchr(la, ' ') + 1 : la);
	db_kv(&sb, "sandbox", sandbox_state());
	job_set(job, "settings.ingest", sb.buf);
	strbuf_release(&sb);
}

int
ingest_job_prepare(struct ingest *ing, struct job *job, const int *spage,
    int pages)
{
	char key[64];
	int k;

	job_setf(job, "pages", "%d", pages > 0 ? pages : 1);
	settings(job);
	for (k = 1; k <= pages; k++) {
		int sp = spage != NULL ? spage[k - 1] : k;

		job_setf(job, job_pagekey(key, sizeof(key), k, "source_page"),
		    "%d", sp);
	}
	if (ing->index != NULL)		/* what the index says of the file */
		(void)ingest_index_apply(ing->index, job);
	if (job_save(job) < 0) {
		msg_error("cannot write job meta in '%s': %s", job->dir,
		    strerror(errno));
		ing->env_failure = 1;
		return -1;
	}
	return 0;
}

int
ingest_jobs_queue(struct ingest *ing, struct job *jobs, int n,
    const char *path)
{
	const char *sha = job_get(&jobs[0], "source_sha256");
	char seen[2][SHA256_HEX_LEN + JOB_ID_MAX + 2];
	const char *sv[2];
	int i, ns = 0, rc = 0;

	/* the input, and the file of cover sheets its first job takes */
	if (sha != NULL) {
		snprintf(seen[ns], sizeof(seen[ns]), "%s %s", sha, jobs[0].id);
		sv[ns] = seen[ns];
		ns++;
	}
	if (ing->pending_sha[0] != '\0') {
		snprintf(seen[ns], sizeof(seen[ns]), "%s %s", ing->pending_sha,
		    ing->pending_id);
		sv[ns] = seen[ns];
		ns++;
	}
	/*
	 * All or none: a crash from here on leaves them to be queued by the
	 * next run.  If the record failed, it may be there all the same:
	 * the jobs are left for the next run too, which queues them or, if
	 * there is no record, removes them.
	 */
	if (spool_group_begin(&ing->w, jobs, n, sv, ns) < 0) {
		msg_error("cannot queue the jobs of '%s': %s", path,
		    ing->sp->err);
		ing->env_failure = 1;
		for (i = 0; i < n; i++)
			job_free(&jobs[i]);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (rc < 0) {		/* left for the next run to queue */
			job_free(&jobs[i]);
			continue;
		}
		if (spool_job_commit(&ing->w, &jobs[i], NULL) < 0) {
			msg_error("cannot queue job %s: %s", jobs[i].id,
			    ing->sp->err);
			ing->env_failure = 1;
			job_free(&jobs[i]);
			rc = -1;
			continue;
		}
		msg_info("'%s': job %s, %ld page%s", path, jobs[i].id,
		    job_get_long(&jobs[i], "pages", 1),
		    job_get_long(&jobs[i], "pages", 1) == 1 ? "" : "s");
		printf("%s\n", jobs[i].id);
		fflush(stdout);
		ing->jobs++;
		/* its cover pages were pages of its input too */
		if (ingest_count(ing, jobs[i].id, job_get_long(&jobs[i],
		    "pages", 1) + job_get_long(&jobs[i], "cover_pages", 0), 0,
		    0) < 0)
			rc = -1;
		if (i > 0)
			job_free(&jobs[i]);
	}
	/* the record goes once its seen records are written, not before */
	for (i = 0; i < ns && rc == 0; i++) {
		seen[i][SHA256_HEX_LEN] = '\0';
		if (ingest_mark_seen(ing, seen[i], seen[i] +
		    SHA256_HEX_LEN + 1) < 0) {
			ing->env_failure = 1;
			rc = -1;
		}
	}
	if (rc == 0 && spool_group_end(&ing->w, &jobs[0]) < 0)
		msg_warn("%s", ing->sp->err);
	job_free(&jobs[0]);
	return rc;
}

int
ingest_job_commit(struct ingest *ing, struct job *job, const int *spage,
    int pages, const char *err, const char *path)
{
	const char *sha = job_get(job, "source_sha256");
	int rc;

	if (ingest_job_prepare(ing, job, spage, pages) < 0)
		return ingest_give_up(ing, job);
	if (err == NULL)
		return ingest_jobs_queue(ing, job, 1, path);
	msg_error("'%s': %s: quarantined as job %s", path, err, job->id);
	if (spool_quarantine(ing->sp, job->dir, job->id, "ingest", err) < 0) {
		msg_error("%s", ing->sp->err);
		ing->env_failure = 1;
		job_free(job);
		return -1;
	}
	/*
	 * Remember the content of an unusable input too: dropped again, it
	 * is not a duplicate (ingest_seen) and is quarantined again with its
	 * reason.
	 */
	if (sha != NULL)
		ingest_mark_seen(ing, sha, job->id);
	ing->quarantined++;
	rc = ingest_count(ing, job->id, pages > 0 ? pages : 1, 0, 1);
	job_free(job);
	return rc;
}

/*
 * ingest_fd - make a job of the open input FD named REL (relative to the
 * argument); PATH is for messages.  FD -1 means the file could not be
 * opened (errno OERR): the job is quarantined with that reason.
 */
static int
ingest_fd(struct ingest *ing, int fd, int oerr, const char *path,
    const char *rel)
{
	char src[PATH_MAX], err[512], sha[SHA256_HEX_LEN + 1], where[128];
	char at[32];
	const char *media = NULL;
	struct job job;
	size_t size = 0;
	int pages = 0, rc, bad = 0;

	ing->files++;
	if (spool_job_create(&ing->w, &job) < 0) {
		msg_error("%s", ing->sp->err);
		ing->env_failure = 1;
		return -1;
	}
	if (job_path(&job, "source", src, sizeof(src)) < 0) {
		errno = ENAMETOOLONG;
		rc = -2;
	} else if (fd < 0) {
		errno = oerr;
		rc = -1;
	} else
		rc = spool_file_copy(fd, src, ing->max_size, sha, &size);
	if (rc == -2) {
		msg_error("cannot write '%s': %s", src, strerror(errno));
		return ingest_give_up(ing, &job);
	}
	spool_timestamp(at, sizeof(at));
	job_set(&job, "id", job.id);
	job_set(&job, "batch", ing->batch);
	job_set(&job, "source_file", rel);
	job_set(&job, "ingested_at", at);
	if (rc == -1) {
		snprintf(err, sizeof(err), "cannot read '%s': %s", path,
		    errno == EFBIG ? "file larger than the size limit" :
		    strerror(errno));
		bad = 1;
	} else {
		job_set(&job, "source_sha256", sha);
		job_setf(&job, "size", "%zu", size);
		/* empty files are all alike: each is quarantined as empty */
		rc = size == 0 ? 0 : ingest_seen(ing, sha, where,
		    sizeof(where));
		if (rc < 0) {
			msg_error("cannot check for duplicates of '%s': %s",
			    path, strerror(errno));
			return ingest_give_up(ing, &job);
		}
		if (rc == 1) {
			msg_warn("'%s': duplicate: same content as %s, not "
			    "ingested again", path, where);
			if (ing->index != NULL)	/* its row is used */
				(void)ingest_index_apply(ing->index, &job);
			ing->duplicates++;
			(void)spool_job_discard(&ing->w, &job);
			job_free(&job);
			return 0;
		}
		/* an archive becomes the jobs of its members */
		if (ingest_archive_file(src))
			return ingest_archive(ing, &job, path);
		if (ingest_probe(src, ing->max_pixels, &media, &pages, err,
		    sizeof(err)) < 0)
			bad = 1;
		if (media != NULL)
			job_set(&job, "media_type", media);
	}
	return ingest_job_finish(ing, &job, pages, bad ? err : NULL, path);
}

/*
 * still_written - 1 if the file changed within the settle time: a scanner
 * may still be copying it
 */
static int
still_written(struct ingest *ing, const struct stat *st)
{
	time_t now = time(NULL);

	return ing->settle > 0 && now - st->st_mtime < ing->settle;
}

static int ingest_dir(struct ingest *, const char *, const char *, int);

/* ingest_entry - one name found in a folder (never a symlink followed) */
static int
ingest_entry(struct ingest *ing, const char *path, const char *rel,
    int depth)
{
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ELOOP) {
			msg_warn("'%s': symbolic link not followed", path);
			ing->skipped++;
			return 0;
		}
		/* an unreadable file still becomes a (quarantined) job */
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
			return ingest_fd(ing, -1, errno, path, rel);
		msg_error("cannot open '%s': %s", path, strerror(errno));
		ing->skipped++;
		return 0;
	}
	if (fstat(fd, &st) < 0) {
		msg_error("cannot stat '%s': %s", path, strerror(errno));
		close(fd);
		ing->skipped++;
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		if (depth >= MAX_DEPTH) {
			msg_error("'%s': folders nested too deep, skipped",
			    path);
			ing->skipped++;
			return 0;
		}
		return ingest_dir(ing, path, rel, depth + 1);
	}
	if (!S_ISREG(st.st_mode)) {
		msg_warn("'%s': not a regular file, skipped", path);
		close(fd);
		ing->skipped++;
		return 0;
	}
	if (still_written(ing, &st)) {
		msg_info("'%s': modified less than %lds ago, left for the "
		    "next run", path, ing->settle);
		close(fd);
		ing->busy++;
		if (ing->busy <= INGEST_WAITING_NAMES)
			strbuf_addf(&ing->waiting, "%s%s", ing->busy > 1 ?
			    ", " : "", rel);
		if (ing->index != NULL)
			ingest_index_waiting(ing->index, rel);
		return 0;
	}
	/* blocking reads from here on */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	rc = ingest_fd(ing, fd, 0, path, rel);
	close(fd);
	return rc;
}

/* hidden files: scanners' and editors' partial writes */
static int
visible(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

/* by_name - byte order, whatever the locale */
static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
ingest_dir(struct ingest *ing, const char *path, const char *rel, int depth)
{
	struct dirent **names;
	int n, i, rc = 0;

	if ((n = scandir(path, &names, visible, by_name)) < 0) {
		msg_error("cannot read folder '%s': %s", path,
		    strerror(errno));
		ing->skipped++;
		return 0;
	}
	for (i = 0; i < n && rc == 0; i++) {
		char *p = xasprintf("%s/%s", path, names[i]->d_name);
		char *r = *rel ? xasprintf("%s/%s", rel, names[i]->d_name) :
		    xstrdup(names[i]->d_name);

		rc = ingest_entry(ing, p, r, depth);
		free(p);
		free(r);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
ingest_arg(struct ingest *ing, const char *arg)
{
	struct stat st;
	const char *base;
	int fd, rc;

	if (stat(arg, &st) < 0) {
		msg_error("cannot open '%s': %s", arg, strerror(errno));
		ing->skipped++;
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return ingest_dir(ing, arg, "", 0);
	/* a file named on the command line: its name is its base name */
	base = strrchr(arg, '/');
	base = base != NULL && base[1] != '\0' ? base + 1 : arg;
	if (!S_ISREG(st.st_mode)) {
		msg_error("'%s': not a regular file or folder", arg);
		ing->skipped++;
		return 0;
	}
	if ((fd = open(arg, O_RDONLY | O_CLOEXEC)) < 0)
		return ingest_fd(ing, -1, errno, arg, base);
	rc = ingest_fd(ing, fd, 0, arg, base);
	close(fd);
	return rc;
}

int
ingest_batch_write(struct ingest *ing, const char *started, int final)
{
	struct spool_tally t;
	char err[256], at[32];
	struct job b, old;
	int have_old, rc;

	/* what its count records say, whoever wrote them */
	if (spool_batch_tally(ing->sp, ing->batch, &t, NULL, NULL) < 0)
		return -1;
	/* several ingest runs may feed one batch (-b): add to its counts */
	have_old = spool_batch_load(ing->sp, ing->batch, &old, err,
	    sizeof(err)) == 0;
	if (!have_old && errno != ENOENT)
		msg_warn("%s: counting the batch afresh", err);
	job_init(&b, "", ing->batch);
	job_set(&b, "id", ing->batch);
	job_set(&b, "name", ing->batch);
	job_set(&b, "started_at", have_old && job_get(&old, "started_at") ?
	    job_get(&old, "started_at") : started);
	/*
	 * A run the spool failed leaves the batch open: the next run counts
	 * what this one committed but could not count, and finishes it.
	 */
	if (final && !ing->env_failure) {
		spool_timestamp(at, sizeof(at));
		job_set(&b, "finished_at", at);
	}
	job_setf(&b, "pages_in", "%ld", t.pages_in);
	job_setf(&b, "quarantined_at_ingest", "%ld", t.quarantined);
	job_setf(&b, "cover_sheets", "%ld", t.cover_sheets);
#define ADD(k, v) job_setf(&b, k, "%ld", (v) + \
	(have_old ? job_get_long(&old, k, 0) : 0))
	ADD("files", ing->files);
	ADD("duplicates", ing->duplicates);
	ADD("skipped", ing->skipped);
	ADD("waiting", ing->busy);
#undef ADD
	rc = spool_batch_save(ing->sp, &b);
	job_free(&b);
	job_free(&old);
	return rc;
}
