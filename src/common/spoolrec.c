/*
 * spoolrec.c - what the spool keeps beside the jobs, and how files enter
 * and leave a job (see spool.h): the error file of a quarantined job and
 * its history, retry and removal from quarantine, batch and seen
 * records, copies in and out.  The tree and its protocol are spool.c.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
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
#include "spool_int.h"
#include "strbuf.h"
#include "xalloc.h"

#define ERROR_MAX	(4 * 1024 * 1024)	/* largest error file read */

int
spool_file_copy(int in, const char *dst, size_t max, char *sha,
    size_t *sizep)
{
	static char buf[1 << 16];
	struct sha256_stream h;
	char hex[SHA256_HEX_LEN + 1];
	size_t total = 0;
	ssize_t n, w, off;
	int out, rc = 0, saved = 0;

	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (out < 0)
		return -2;
	sha256_begin(&h);
	while (rc == 0 && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno != EINTR) {
				saved = errno;
				rc = -1;
			}
			continue;
		}
		if ((total += (size_t)n) > max) {
			saved = EFBIG;
			rc = -1;
			continue;
		}
		sha256_update(&h, buf, (size_t)n);
		for (off = 0; off < n && rc == 0; off += w)
			if ((w = write(out, buf + off, (size_t)(n - off))) < 0) {
				saved = errno;
				rc = errno == EINTR ? 0 : -2;
				w = 0;
			}
	}
	if (rc == 0 && fsync(out) < 0) {
		saved = errno;
		rc = -2;
	}
	if (close(out) < 0 && rc == 0) {
		saved = errno;
		rc = -2;
	}
	sha256_end_hex(&h, hex);
	if (rc < 0) {
		(void)unlink(dst);
		errno = saved;
		return rc;
	}
	if (sha != NULL)
		memcpy(sha, hex, sizeof(hex));
	if (sizep != NULL)
		*sizep = total;
	return 0;
}

/*
 * The error file of a quarantined job (dossier-spool(5)): "stage=",
 * "at=", "reason=" and "tries=" lines for the last verdict, then one
 * "earlier=AT STAGE REASON" line per earlier one, newest first.
 */

/* add_line - S on one line (newlines become spaces) and a newline */
static void
add_line(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++)
		strbuf_addc(sb, *s == '\n' || *s == '\r' ? ' ' : *s);
	strbuf_addc(sb, '\n');
}

/*
 * parse_error - the error file TEXT (modified) into Q; with HIST, also
 * the whole history for the next verdict's file: the last verdict as an
 * "earlier=" line, then the earlier ones, uncut
 */
static void
parse_error(char *text, struct spool_qinfo *q, struct strbuf *hist)
{
	struct strbuf older = STRBUF_INIT;
	const char *stage = "?", *at = "?", *reason = "";
	char *line, *next, *v;
	size_t len;
	long tries = 0;
	int nearlier = 0;

	memset(q, 0, sizeof(*q));
	for (line = text; *line != '\0'; line = next) {
		next = line + strcspn(line, "\n");
		if (*next == '\n')
			*next++ = '\0';
		if ((v = strchr(line, '=')) == NULL)
			continue;
		*v++ = '\0';
		if (strcmp(line, "stage") == 0)
			stage = v;
		else if (strcmp(line, "at") == 0)
			at = v;
		else if (strcmp(line, "reason") == 0)
			reason = v;
		else if (strcmp(line, "tries") == 0)
			tries = strtol(v, NULL, 10);
		else if (strcmp(line, "earlier") == 0) {
			nearlier++;
			strbuf_adds(&older, "earlier=");
			add_line(&older, v);
			len = strlen(q->earlier);
			if (len + strlen(v) + 2 <= sizeof(q->earlier))
				snprintf(q->earlier + len,
				    sizeof(q->earlier) - len, "%s\n", v);
		}
	}
	snprintf(q->stage, sizeof(q->stage), "%s", strcmp(stage, "?") == 0 ?
	    "" : stage);
	snprintf(q->at, sizeof(q->at), "%s", at);
	snprintf(q->reason, sizeof(q->reason), "%s", reason);
	q->tries = tries > nearlier && tries < 1000000 ? (int)tries :
	    1 + nearlier;
	if (hist != NULL) {
		strbuf_addf(hist, "earlier=%s %s ", at, stage);
		add_line(hist, reason);
		strbuf_add(hist, older.buf, older.len);
	}
	strbuf_release(&older);
}

int
spool_quarantine(struct spool *sp, const char *path, const char *id,
    const char *stage, const char *reason)
{
	struct strbuf sb = STRBUF_INIT, old = STRBUF_INIT;
	struct strbuf hist = STRBUF_INIT;
	struct spool_qinfo prev;
	char to[PATH_MAX], retried[PATH_MAX], at[32];
	int tries = 1;

	spool_timestamp(at, sizeof(at));
	/* a retried job's earlier verdicts go on in the new file */
	if (spool_pathf(retried, sizeof(retried), "%s/error.retried", path) == 0 &&
	    file_read(retried, ERROR_MAX, &old) == 0) {
		parse_error(old.buf, &prev, &hist);
		tries = prev.tries + 1;
	} else
		retried[0] = '\0';
	strbuf_addf(&sb, "stage=%s\nat=%s\nreason=", stage, at);
	add_line(&sb, reason);
	strbuf_addf(&sb, "tries=%d\n", tries);
	strbuf_add(&sb, hist.buf, hist.len);
	strbuf_release(&old);
	strbuf_release(&hist);
	if (file_replace(path, "error", sb.buf, sb.len) < 0) {
		strbuf_release(&sb);
		return spool_fail(sp, "cannot write error file in", path);
	}
	strbuf_release(&sb);
	if (retried[0] != '\0')
		(void)unlink(retried);	/* all of it is in "error" now */
	if (spool_pathf(to, sizeof(to), "%s/quarantine/%s", sp->root, id) < 0)
		return spool_fail(sp, "spool path too long", id);
	if (rename_durable(path, to) < 0)
		return spool_fail(sp, "cannot quarantine job to", to);
	return 0;
}

int
spool_quarantine_path(struct spool *sp, const char *id, char *buf,
    size_t size)
{
	if (spool_name_path(sp, "quarantine", id, "", job_id_valid(id), "job id",
	    buf, size) < 0)
		return -1;
	if (!path_is_dir(buf)) {
		snprintf(sp->err, sizeof(sp->err), "job %s is not in "
		    "quarantine", id);
		errno = ENOENT;
		return -1;
	}
	return 0;
}

int
spool_quarantine_info(struct spool *sp, const char *id,
    struct spool_qinfo *q)
{
	struct strbuf sb = STRBUF_INIT;
	char dir[PATH_MAX], path[PATH_MAX + 16];
	int rc, retried = 0;

	memset(q, 0, sizeof(*q));
	if (spool_quarantine_path(sp, id, dir, sizeof(dir)) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/error", dir);
	rc = file_read(path, ERROR_MAX, &sb);
	if (rc < 0 && errno == ENOENT) {
		/* a retry died between keeping the file and moving the job */
		snprintf(path, sizeof(path), "%s/error.retried", dir);
		strbuf_release(&sb);
		rc = file_read(path, ERROR_MAX, &sb);
		retried = 1;
	}
	if (rc < 0) {
		if (errno == ENOENT) {
			snprintf(sp->err, sizeof(sp->err), "job %s has no "
			    "error file", id);
			errno = ENODATA;
		} else
			spool_fail(sp, "cannot read", path);
		strbuf_release(&sb);
		return -1;
	}
	parse_error(sb.buf, q, NULL);
	q->retried = retried;
	strbuf_release(&sb);
	return 0;
}

int
spool_quarantine_retry(struct spool *sp, const char *id, const char *stage)
{
	char dir[PATH_MAX], from[PATH_MAX + 16], to[PATH_MAX + 16];

	if (spool_quarantine_path(sp, id, dir, sizeof(dir)) < 0)
		return -1;
	if (!spool_stage_valid(stage) || strcmp(stage, "ingest") == 0) {
		snprintf(sp->err, sizeof(sp->err), "job %s: no queue for "
		    "stage '%s'", id, stage);
		errno = EINVAL;
		return -1;
	}
	/* the verdict goes with the job: a new one will keep it */
	snprintf(from, sizeof(from), "%s/error", dir);
	snprintf(to, sizeof(to), "%s/error.retried", dir);
	if (rename(from, to) < 0 && errno != ENOENT)
		return spool_fail(sp, "cannot keep", from);
	if (dir_fsync(dir) < 0)
		return spool_fail(sp, "cannot fsync", dir);
	if (spool_pathf(to, sizeof(to), "%s/%s/new/%s", sp->root, stage, id) < 0)
		return spool_fail(sp, "spool path too long", id);
	if (rename_durable(dir, to) < 0)
		return spool_fail(sp, "cannot move job to", to);
	return 0;
}

int
spool_quarantine_remove(struct spool *sp, const char *id)
{
	char dir[PATH_MAX];

	if (spool_quarantine_path(sp, id, dir, sizeof(dir)) < 0)
		return -1;
	if (dir_remove_tree(dir) < 0)
		return spool_fail(sp, "cannot remove", dir);
	return spool_fsync_parent(sp, dir);
}

/* batch_path - SPOOL/batch/BATCH and SUB ("", "/in") into BUF */
static int
batch_path(struct spool *sp, const char *batch, const char *sub, char *buf,
    size_t size)
{
	return spool_name_path(sp, "batch", batch, sub, job_id_valid(batch),
	    "batch name", buf, size);
}

int
spool_batch_load(struct spool *sp, const char *batch, struct job *out,
    char *err, size_t errlen)
{
	char dir[PATH_MAX], meta[PATH_MAX + 8];
	struct stat st;
	int saved;

	job_init(out, "", batch);
	if (batch_path(sp, batch, "", dir, sizeof(dir)) < 0) {
		snprintf(err, errlen, "%s", sp->err);
		return -1;
	}
	/* ingest writes the meta first: no meta, no batch */
	snprintf(meta, sizeof(meta), "%s/meta", dir);
	if (lstat(meta, &st) < 0) {
		saved = errno;
		if (saved == ENOENT)
			snprintf(err, errlen, "no batch '%s' in the spool",
			    batch);
		else
			snprintf(err, errlen, "cannot read '%s': %s", meta,
			    strerror(saved));
		snprintf(sp->err, sizeof(sp->err), "%s", err);
		errno = saved;
		return -1;
	}
	if (job_load(out, dir, batch, err, errlen) < 0) {
		snprintf(sp->err, sizeof(sp->err), "batch %s: %s", batch, err);
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int
spool_batch_save(struct spool *sp, struct job *b)
{
	char dir[PATH_MAX];

	if (batch_path(sp, b->id, "", dir, sizeof(dir)) < 0)
		return -1;
	if (dir_make(dir) < 0)
		return spool_fail(sp, "cannot create", dir);
	job_move(b, dir);
	/* not a job: nobody hands it on, so its dirs are flushed here */
	if (job_save(b) < 0)
		return spool_fail(sp, "cannot write the meta of batch", dir);
	if (dir_fsync(dir) < 0)
		return spool_fail(sp, "cannot fsync", dir);
	return spool_fsync_parent(sp, dir);
}

int
spool_batch_list(struct spool *sp, char ***ids, size_t *n)
{
	char meta[PATH_MAX * 2];
	struct stat st;
	size_t i, k = 0;

	if (spool_list(sp, "batch", ids, n) < 0)
		return -1;
	for (i = 0; i < *n; i++) {
		snprintf(meta, sizeof(meta), "%s/batch/%s/meta", sp->root,
		    (*ids)[i]);
		if (lstat(meta, &st) == 0 && S_ISREG(st.st_mode))
			(*ids)[k++] = (*ids)[i];
		else
			free((*ids)[i]);
	}
	*n = k;
	return 0;
}

int
spool_batch_count(struct spool *sp, const char *batch, const char *id,
    long pages, long covers, int quarantined)
{
	char dir[PATH_MAX], path[PATH_MAX];
	int fd, made;

	if (!job_id_valid(id) || pages < 0 || covers < 0) {
		snprintf(sp->err, sizeof(sp->err), "invalid count record "
		    "'%.80s'", id);
		errno = EINVAL;
		return -1;
	}
	if (batch_path(sp, batch, "/in", dir, sizeof(dir)) < 0)
		return -1;
	made = mkdir(dir, 0700) == 0;
	if (!made && dir_make(dir) < 0)
		return spool_fail(sp, "cannot create", dir);
	if (made && spool_fsync_parent(sp, dir) < 0)
		return -1;
	if (spool_pathf(path, sizeof(path), "%s/%s+%ld+%ld+%d", dir, id,
	    pages, covers, quarantined != 0) < 0)
		return spool_fail(sp, "spool path too long", id);
	/* the name is the record: an empty file, made durable by its dir */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0 && errno != EEXIST)
		return spool_fail(sp, "cannot record", path);
	if (fd >= 0)
		close(fd);
	if (dir_fsync(dir) < 0)
		return spool_fail(sp, "cannot fsync", dir);
	return 0;
}

/* parse_count - the record NAME into its id (in NAME, cut) and T; 0 or -1 */
static int
parse_count(char *name, struct spool_tally *t)
{
	char *f[3], *end;
	long v[3];
	int i;

	for (i = 2; i >= 0; i--) {
		if ((f[i] = strrchr(name, '+')) == NULL)
			return -1;
		*f[i]++ = '\0';
		v[i] = strtol(f[i], &end, 10);
		if (*f[i] == '\0' || *end != '\0' || v[i] < 0)
			return -1;
	}
	if (!job_id_valid(name) || v[2] > 1)
		return -1;
	t->pages_in += v[0];
	t->cover_sheets += v[1];
	t->quarantined += v[2];
	/* a cover sheet without a document is the one record of no job */
	if (v[1] == 0)
		t->jobs++;
	return 0;
}

static int
by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
spool_batch_tally(struct spool *sp, const char *batch, struct spool_tally *t,
    char ***ids, size_t *n)
{
	char dir[PATH_MAX], name[NAME_MAX + 1];
	struct dirent *de;
	size_t k = 0;
	char **v = NULL;
	DIR *d;

	memset(t, 0, sizeof(*t));
	if (ids != NULL) {
		*ids = NULL;
		*n = 0;
	}
	if (batch_path(sp, batch, "/in", dir, sizeof(dir)) < 0)
		return -1;
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : spool_fail(sp, "cannot open",
		    dir);
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(name, sizeof(name), "%s", de->d_name);
		if (parse_count(name, t) < 0)
			continue;	/* not a record: not ours */
		if (ids != NULL) {
			v = xreallocarray(v, k + 1, sizeof(*v));
			v[k++] = xstrdup(name);
		}
	}
	if (errno != 0) {
		spool_fail(sp, "cannot read", dir);
		closedir(d);
		spool_list_free(v, k);
		return -1;
	}
	closedir(d);
	if (ids != NULL) {
		if (k > 1)
			qsort(v, k, sizeof(*v), by_string);
		*ids = v;
		*n = k;
	}
	return 0;
}

int
spool_batch_lock(struct spool *sp, const char *batch, int probe)
{
	char dir[PATH_MAX], lock[PATH_MAX + 8];
	int fd, saved;

	if (batch_path(sp, batch, "", dir, sizeof(dir)) < 0)
		return -1;
	if (dir_make(dir) < 0)
		return spool_fail(sp, "cannot create", dir);
	if (spool_pathf(lock, sizeof(lock), "%s/.lock", dir) < 0)
		return spool_fail(sp, "spool path too long", batch);
	fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return spool_fail(sp, "cannot create", lock);
	while (flock(fd, probe ? LOCK_EX | LOCK_NB : LOCK_SH) < 0) {
		if (errno == EINTR)
			continue;
		saved = errno;
		if (saved == EWOULDBLOCK)
			snprintf(sp->err, sizeof(sp->err), "batch '%s' is "
			    "being ingested", batch);
		else
			spool_fail(sp, "cannot lock", lock);
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* sha_valid - 1 if SHA is 64 lower case hex digits */
static int
sha_valid(const char *sha)
{
	size_t i;

	for (i = 0; i < SHA256_HEX_LEN; i++)
		if (!((sha[i] >= '0' && sha[i] <= '9') ||
		    (sha[i] >= 'a' && sha[i] <= 'f')))
			return 0;
	return sha[i] == '\0';
}

/* seen_path - SPOOL/seen/SHA into BUF; SHA must be a hex digest */
static int
seen_path(struct spool *sp, const char *sha, char *buf, size_t size)
{
	return spool_name_path(sp, "seen", sha, "", sha_valid(sha),
	    "SHA-256 digest", buf, size);
}

int
spool_seen_get(struct spool *sp, const char *sha, char *id, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	char path[PATH_MAX];
	int rc = 1;

	if (seen_path(sp, sha, path, sizeof(path)) < 0)
		return -1;
	if (file_read(path, 256, &sb) == 0)
		snprintf(id, size, "%.*s", (int)strcspn(sb.buf, "\n"),
		    sb.buf);
	else
		rc = errno == ENOENT ? 0 : spool_fail(sp, "cannot read", path);
	strbuf_release(&sb);
	return rc;
}

int
spool_seen_put(struct spool *sp, const char *sha, const char *id)
{
	char path[PATH_MAX], line[JOB_ID_MAX + 2];

	if (seen_path(sp, sha, path, sizeof(path)) < 0)
		return -1;
	snprintf(line, sizeof(line), "%s\n", id);
	if (file_write_durable(path, line, strlen(line)) < 0)
		return spool_fail(sp, "cannot record", path);
	return spool_fsync_parent(sp, path);
}
