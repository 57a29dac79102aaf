/*
 * spool.c - the spool tree, claims, handoffs, recovery (see spool.h)
 *
 * The protocol follows Maildir and qmail: the directory a job is in is its
 * state, and the only operation that changes state is rename(2), which is
 * atomic; every rename is followed by an fsync of both directories, so it
 * is durable too.  Claims need no lock file: whichever worker's rename
 * from new/ succeeds owns the job, the others get ENOENT.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "job.h"
#include "msg.h"
#include "sha256.h"
#include "spool.h"
#include "strbuf.h"
#include "xalloc.h"

const char *const spool_stages[] = {
	"deskew", "ocr", "classify", "tag", "load", NULL
};

/* the states of spool_walk, in chain order; "X/cur" holds worker dirs */
const char *const spool_states[] = {
	"ingest/cur",
	"deskew/new", "deskew/cur",
	"ocr/new", "ocr/cur",
	"classify/new", "classify/cur",
	"tag/new", "tag/cur",
	"load/new", "load/cur",
	"quarantine", NULL
};

#define ERROR_MAX	(4 * 1024 * 1024)	/* largest error file read */

static int pathf(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* pathf - format a path into BUF; -1 (ENAMETOOLONG) if it does not fit */
static int
pathf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

void
spool_timestamp(char *buf, size_t size)
{
	struct tm tm;
	time_t now = time(NULL);

	gmtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
spool_stage_valid(const char *name)
{
	int i;

	if (strcmp(name, "ingest") == 0)
		return 1;
	for (i = 0; spool_stages[i] != NULL; i++)
		if (strcmp(spool_stages[i], name) == 0)
			return 1;
	return 0;
}

const char *
spool_next_stage(const char *name)
{
	int i;

	if (strcmp(name, "ingest") == 0)
		return spool_stages[0];
	for (i = 0; spool_stages[i] != NULL; i++)
		if (strcmp(spool_stages[i], name) == 0)
			return spool_stages[i + 1];
	return NULL;
}

int
spool_path(const struct spool *sp, const char *rel, char *buf, size_t size)
{
	return pathf(buf, size, "%s/%s", sp->root, rel);
}

/* fail - "WHAT 'PATH': strerror" into SP->err; keeps errno; -1 */
static int
fail(struct spool *sp, const char *what, const char *path)
{
	int saved = errno;

	snprintf(sp->err, sizeof(sp->err), "%s '%s': %s", what, path,
	    strerror(saved));
	errno = saved;
	return -1;
}

/* fsync_parent - make a change to the entry PATH durable */
static int
fsync_parent(struct spool *sp, const char *path)
{
	char dir[PATH_MAX];

	path_dirname(path, dir, sizeof(dir));
	return dir_fsync(dir) < 0 ? fail(sp, "cannot fsync", dir) : 0;
}

/*
 * name_path - SPOOL/TOP/NAME followed by SUB into BUF, once VALID says
 * that NAME, which names a KIND, is fit to be a path component
 */
static int
name_path(struct spool *sp, const char *top, const char *name,
    const char *sub, int valid, const char *kind, char *buf, size_t size)
{
	if (!valid) {
		snprintf(sp->err, sizeof(sp->err), "invalid %s '%.80s'", kind,
		    name);
		errno = EINVAL;
		return -1;
	}
	if (pathf(buf, size, "%s/%s%s%s%s", sp->root, top, *top ? "/" : "",
	    name, sub) < 0)
		return fail(sp, "spool path too long", name);
	return 0;
}

/* stat_dir - lstat PATH into ST; it must be a directory */
static int
stat_dir(struct spool *sp, const char *path, const char *what,
    struct stat *st)
{
	if (lstat(path, st) < 0)
		return fail(sp, what, path);
	if (!S_ISDIR(st->st_mode)) {
		errno = ENOTDIR;
		return fail(sp, what, path);
	}
	return 0;
}

/* mkdir_checked - make REL below the root, on the root's filesystem */
static int
mkdir_checked(struct spool *sp, const char *rel, int create)
{
	char path[PATH_MAX];
	struct stat st;

	if (spool_path(sp, rel, path, sizeof(path)) < 0)
		return fail(sp, "spool path too long", rel);
	if (create && dir_make(path) < 0)
		return fail(sp, "cannot create", path);
	if (stat_dir(sp, path, "cannot open spool directory", &st) < 0)
		return -1;
	if (st.st_dev != sp->dev) {
		snprintf(sp->err, sizeof(sp->err), "'%s' is on another "
		    "filesystem than the spool root: renames would not be "
		    "atomic", path);
		return -1;
	}
	return 0;
}

int
spool_open(struct spool *sp, const char *root, int create)
{
	static const char *const top[] = {
		"ingest", "ingest/cur", "quarantine", "seen", "batch", NULL
	};
	char rel[64];
	struct stat st;
	int i;

	memset(sp, 0, sizeof(*sp));
	if ((size_t)snprintf(sp->root, sizeof(sp->root), "%s", root) >=
	    sizeof(sp->root)) {
		errno = ENAMETOOLONG;
		return fail(sp, "spool path too long", root);
	}
	if (create && dir_make_parents(root) < 0)
		return fail(sp, "cannot create spool", root);
	if (stat_dir(sp, root, "cannot open spool", &st) < 0)
		return -1;
	/* personal data: the tree is owner-only, whatever the umask was */
	if ((st.st_mode & 077) != 0 && st.st_uid == geteuid() &&
	    chmod(root, st.st_mode & 0700) < 0)
		return fail(sp, "cannot make spool owner-only", root);
	sp->dev = st.st_dev;
	for (i = 0; top[i] != NULL; i++)
		if (mkdir_checked(sp, top[i], create) < 0)
			return -1;
	for (i = 0; spool_stages[i] != NULL; i++) {
		snprintf(rel, sizeof(rel), "%s", spool_stages[i]);
		if (mkdir_checked(sp, rel, create) < 0)
			return -1;
		snprintf(rel, sizeof(rel), "%s/new", spool_stages[i]);
		if (mkdir_checked(sp, rel, create) < 0)
			return -1;
		snprintf(rel, sizeof(rel), "%s/cur", spool_stages[i]);
		if (mkdir_checked(sp, rel, create) < 0)
			return -1;
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
spool_list_free(char **ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/*
 * list_dir - names in PATH that are valid ids of directories (lstat:
 * symlinks and files are skipped, never followed); with IDSP NULL, only
 * their number
 */
static int
list_dir(const char *path, char ***idsp, size_t *np)
{
	char **ids = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int dfd;

	if (idsp != NULL)
		*idsp = NULL;
	*np = 0;
	if ((d = opendir(path)) == NULL)
		return -1;
	dfd = dirfd(d);
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (!job_id_valid(de->d_name))
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(st.st_mode))
			continue;
		if (idsp == NULL) {
			n++;
			continue;
		}
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			ids = xreallocarray(ids, alloc, sizeof(*ids));
		}
		ids[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0 && ids != NULL)
		qsort(ids, n, sizeof(*ids), cmp_str);
	if (idsp != NULL)
		*idsp = ids;
	*np = n;
	return 0;
}

int
spool_list(struct spool *sp, const char *rel, char ***ids, size_t *n)
{
	char path[PATH_MAX];

	if (spool_path(sp, rel, path, sizeof(path)) < 0)
		return fail(sp, "spool path too long", rel);
	if (list_dir(path, ids, n) < 0)
		return fail(sp, "cannot list", path);
	return 0;
}

int
spool_worker_start(struct spool *sp, const char *stage,
    struct spool_worker *w)
{
	char id[JOB_ID_MAX], lock[PATH_MAX + 8];
	char rel[PATH_MAX], tmp[PATH_MAX];

	memset(w, 0, sizeof(*w));
	w->sp = sp;
	w->lockfd = -1;
	snprintf(w->stage, sizeof(w->stage), "%s", stage);
	job_id_new(id, sizeof(id));
	/*
	 * Build and lock the dir under a dot name, which recovery never
	 * looks at, then rename it into place: a recovery running at the
	 * same moment can never take a fresh, not yet locked dir for dead.
	 */
	snprintf(rel, sizeof(rel), "%s/cur/.%s", stage, id);
	if (spool_path(sp, rel, tmp, sizeof(tmp)) < 0)
		return fail(sp, "spool path too long", rel);
	snprintf(rel, sizeof(rel), "%s/cur/%s", stage, id);
	if (spool_path(sp, rel, w->dir, sizeof(w->dir)) < 0)
		return fail(sp, "spool path too long", rel);
	if (mkdir(tmp, 0700) < 0)
		return fail(sp, "cannot create worker directory", tmp);
	snprintf(lock, sizeof(lock), "%s/.lock", tmp);
	w->lockfd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (w->lockfd < 0)
		return fail(sp, "cannot create", lock);
	if (flock(w->lockfd, LOCK_EX | LOCK_NB) < 0)
		return fail(sp, "cannot lock", lock);
	if (rename(tmp, w->dir) < 0)
		return fail(sp, "cannot rename worker directory", tmp);
	return 0;
}

void
spool_worker_stop(struct spool_worker *w)
{
	char lock[PATH_MAX + 8];

	if (w->lockfd < 0)
		return;
	snprintf(lock, sizeof(lock), "%s/.lock", w->dir);
	unlink(lock);
	if (rmdir(w->dir) < 0)
		msg_warn("cannot remove worker directory '%s': %s", w->dir,
		    strerror(errno));
	close(w->lockfd);
	w->lockfd = -1;
}

/*
 * recover_worker - WDIR belongs to a worker of STAGE; if nobody holds its
 * lock, its owner died: move its jobs back to STAGE/new (for ingest,
 * remove the half-built jobs: the inputs are untouched and will be
 * ingested again) and remove WDIR.  Returns the jobs recovered, -1 error.
 */
static int
recover_worker(struct spool *sp, const char *stage, const char *wdir)
{
	char lock[PATH_MAX + 8], from[PATH_MAX * 2], to[PATH_MAX * 2];
	char newdir[PATH_MAX];
	char **ids;
	size_t n, i;
	int fd, count = 0;

	snprintf(lock, sizeof(lock), "%s/.lock", wdir);
	fd = open(lock, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return 0;		/* alive */
	}
	/* no lock file: the worker died before creating it, or we hold it */
	if (list_dir(wdir, &ids, &n) < 0) {
		if (fd >= 0)
			close(fd);
		return fail(sp, "cannot list", wdir);
	}
	snprintf(newdir, sizeof(newdir), "%s/%s/new", sp->root, stage);
	for (i = 0; i < n; i++) {
		snprintf(from, sizeof(from), "%s/%s", wdir, ids[i]);
		if (strcmp(stage, "ingest") == 0) {
			if (dir_remove_tree(from) < 0)
				msg_warn("cannot remove '%s': %s", from,
				    strerror(errno));
			count++;
			continue;
		}
		snprintf(to, sizeof(to), "%s/%s", newdir, ids[i]);
		if (rename_durable(from, to) < 0) {
			msg_warn("cannot recover '%s': %s", from,
			    strerror(errno));
			continue;
		}
		count++;
	}
	spool_list_free(ids, n);
	unlink(lock);
	if (fd >= 0)
		close(fd);
	/* leftovers (stray temporary files) are removed with the dir */
	if (dir_remove_tree(wdir) < 0)
		msg_warn("cannot remove '%s': %s", wdir, strerror(errno));
	return count;
}

int
spool_live_workers(struct spool *sp, const char *stage)
{
	char rel[64], lock[PATH_MAX * 2];
	char **ws;
	size_t n, i;
	int fd, live = 0;

	snprintf(rel, sizeof(rel), "%s/cur", stage);
	if (spool_list(sp, rel, &ws, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		snprintf(lock, sizeof(lock), "%s/%s/%s/.lock", sp->root, rel,
		    ws[i]);
		if ((fd = open(lock, O_RDWR | O_NOFOLLOW | O_CLOEXEC)) < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0)
			live++;		/* held: its owner is alive */
		close(fd);		/* closing drops a lock we took */
	}
	spool_list_free(ws, n);
	return live;
}

/*
 * A worker dir under its dot name holds no job (jobs are claimed only
 * once it is renamed into place), and a live worker keeps that name for
 * the moment between mkdir and rename.  One that is unlocked and older
 * than this was left by a worker that died in that moment.
 */
#define DOT_DIR_STALE	60	/* seconds */

/* remove_stale_dot - remove the dot-named worker dir WDIR if stale */
static void
remove_stale_dot(const char *wdir)
{
	char lock[PATH_MAX + 8];
	struct stat st;
	int fd;

	if (lstat(wdir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    time(NULL) - st.st_mtime < DOT_DIR_STALE)
		return;
	snprintf(lock, sizeof(lock), "%s/.lock", wdir);
	fd = open(lock, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return;			/* held: being built */
	}
	if (dir_remove_tree(wdir) < 0)
		msg_warn("cannot remove '%s': %s", wdir, strerror(errno));
	if (fd >= 0)
		close(fd);
}

int
spool_recover(struct spool *sp, const char *stage)
{
	char curdir[PATH_MAX], wdir[PATH_MAX * 2];
	struct dirent *de;
	DIR *d;
	int n, total = 0;

	snprintf(curdir, sizeof(curdir), "%s/%s/cur", sp->root, stage);
	if ((d = opendir(curdir)) == NULL)
		return fail(sp, "cannot open", curdir);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && job_id_valid(de->d_name + 1)) {
			snprintf(wdir, sizeof(wdir), "%s/%s", curdir,
			    de->d_name);
			remove_stale_dot(wdir);
			continue;
		}
		if (!job_id_valid(de->d_name))
			continue;
		snprintf(wdir, sizeof(wdir), "%s/%s", curdir, de->d_name);
		if (!path_is_dir(wdir))
			continue;
		n = recover_worker(sp, stage, wdir);
		if (n < 0) {
			closedir(d);
			return -1;
		}
		total += n;
	}
	closedir(d);
	return total;
}

int
spool_claim(struct spool_worker *w, const char *id, struct job *job)
{
	char from[PATH_MAX * 2], to[PATH_MAX * 2], err[256];

	if (!job_id_valid(id))
		return 0;
	snprintf(from, sizeof(from), "%s/%s/new/%s", w->sp->root, w->stage,
	    id);
	snprintf(to, sizeof(to), "%s/%s", w->dir, id);
	if (rename(from, to) < 0) {
		if (errno == ENOENT && path_is_dir(w->dir))
			return 0;	/* another worker was first */
		return fail(w->sp, "cannot claim", from);
	}
	/*
	 * No fsync here: if we crash, recovery finds the job in our dead
	 * worker dir or (if the rename was lost) still in new/.
	 */
	if (job_load(job, to, id, err, sizeof(err)) < 0) {
		msg_error("job %s: %s", id, err);
		if (spool_quarantine(w->sp, to, id, w->stage, err) < 0)
			return -1;
		return 0;
	}
	return 1;
}

static int
move_job(struct spool_worker *w, struct job *job, const char *stage)
{
	char to[PATH_MAX];
	int fd;

	/* the job's own files are fsync'ed by their writers; its dir here */
	if ((fd = open(job->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		if (fsync(fd) < 0) {
			close(fd);
			return fail(w->sp, "cannot fsync", job->dir);
		}
		close(fd);
	}
	if (pathf(to, sizeof(to), "%s/%s/new/%s", w->sp->root, stage,
	    job->id) < 0)
		return fail(w->sp, "spool path too long", job->id);
	if (rename_durable(job->dir, to) < 0)
		return fail(w->sp, "cannot move job to", to);
	job_move(job, to);
	return 0;
}

int
spool_job_commit(struct spool_worker *w, struct job *job, const char *next)
{
	if (next == NULL)
		next = spool_next_stage(w->stage);
	if (next == NULL || !spool_stage_valid(next) ||
	    strcmp(next, "ingest") == 0) {
		errno = EINVAL;
		return fail(w->sp, "no queue to commit the job to after",
		    w->stage);
	}
	return move_job(w, job, next);
}

int
spool_handoff(struct spool_worker *w, struct job *job, const char *next)
{
	return spool_job_commit(w, job, next);
}

int
spool_release(struct spool_worker *w, struct job *job)
{
	return move_job(w, job, w->stage);
}

int
spool_job_create(struct spool_worker *w, struct job *job)
{
	char id[JOB_ID_MAX], dir[PATH_MAX];

	job_id_new(id, sizeof(id));
	if (pathf(dir, sizeof(dir), "%s/%s", w->dir, id) < 0)
		return fail(w->sp, "job path too long in", w->dir);
	if (mkdir(dir, 0700) < 0)
		return fail(w->sp, "cannot create", dir);
	job_init(job, dir, id);
	return 0;
}

int
spool_job_discard(struct spool_worker *w, struct job *job)
{
	/* a half-built job is in no queue: a crash here leaves it to recovery */
	if (dir_remove_tree(job->dir) < 0)
		return fail(w->sp, "cannot remove", job->dir);
	return 0;
}

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
	if (pathf(retried, sizeof(retried), "%s/error.retried", path) == 0 &&
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
		return fail(sp, "cannot write error file in", path);
	}
	strbuf_release(&sb);
	if (retried[0] != '\0')
		(void)unlink(retried);	/* all of it is in "error" now */
	if (pathf(to, sizeof(to), "%s/quarantine/%s", sp->root, id) < 0)
		return fail(sp, "spool path too long", id);
	if (rename_durable(path, to) < 0)
		return fail(sp, "cannot quarantine job to", to);
	return 0;
}

int
spool_quarantine_path(struct spool *sp, const char *id, char *buf,
    size_t size)
{
	if (name_path(sp, "quarantine", id, "", job_id_valid(id), "job id",
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
			fail(sp, "cannot read", path);
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
		return fail(sp, "cannot keep", from);
	if (dir_fsync(dir) < 0)
		return fail(sp, "cannot fsync", dir);
	if (pathf(to, sizeof(to), "%s/%s/new/%s", sp->root, stage, id) < 0)
		return fail(sp, "spool path too long", id);
	if (rename_durable(dir, to) < 0)
		return fail(sp, "cannot move job to", to);
	return 0;
}

int
spool_quarantine_remove(struct spool *sp, const char *id)
{
	char dir[PATH_MAX];

	if (spool_quarantine_path(sp, id, dir, sizeof(dir)) < 0)
		return -1;
	if (dir_remove_tree(dir) < 0)
		return fail(sp, "cannot remove", dir);
	return fsync_parent(sp, dir);
}

int
spool_finish(struct spool_worker *w, struct job *job)
{
	char gone[PATH_MAX * 2];

	/*
	 * First rename it to a dot name, which no scan takes for a job: a
	 * crash in the middle of the removal must not leave a half-deleted
	 * job that recovery would queue again (recovery removes dot names
	 * with the dead worker's dir)
	 */
	snprintf(gone, sizeof(gone), "%s/.%s", w->dir, job->id);
	if (rename(job->dir, gone) < 0)
		return fail(w->sp, "cannot retire finished job", job->dir);
	job_move(job, gone);
	if (dir_remove_tree(job->dir) < 0)
		return fail(w->sp, "cannot remove finished job", job->dir);
	return dir_fsync(w->dir) < 0 ? fail(w->sp, "cannot fsync", w->dir) : 0;
}

/* walk_dir - FN for every job in the directory STATE of the spool */
static int
walk_dir(struct spool *sp, const char *state, int (*fn)(void *,
    const char *, const char *, const char *), void *arg)
{
	char dir[PATH_MAX], path[PATH_MAX];
	char **ids;
	size_t n, i;
	int rc = 0;

	if (spool_path(sp, state, dir, sizeof(dir)) < 0)
		return fail(sp, "spool path too long", state);
	if (list_dir(dir, &ids, &n) < 0)
		return errno == ENOENT ? 0 : fail(sp, "cannot list", dir);
	for (i = 0; i < n && rc == 0; i++) {
		if (pathf(path, sizeof(path), "%s/%s", dir, ids[i]) < 0)
			rc = fail(sp, "spool path too long", ids[i]);
		else
			rc = fn(arg, state, ids[i], path);
	}
	spool_list_free(ids, n);
	return rc;
}

/* has_workers - 1 if the state STATE holds worker dirs ("X/cur") */
static int
has_workers(const char *state)
{
	size_t len = strlen(state);

	return len > 4 && strcmp(state + len - 4, "/cur") == 0;
}

int
spool_walk(struct spool *sp, int (*fn)(void *arg, const char *state,
    const char *id, const char *path), void *arg)
{
	char state[128];
	char **ws;
	size_t nw, j;
	int i, rc = 0;

	for (i = 0; spool_states[i] != NULL && rc == 0; i++) {
		if (!has_workers(spool_states[i])) {
			rc = walk_dir(sp, spool_states[i], fn, arg);
			continue;
		}
		if (spool_list(sp, spool_states[i], &ws, &nw) < 0)
			return -1;
		for (j = 0; j < nw && rc == 0; j++) {
			snprintf(state, sizeof(state), "%s/%s",
			    spool_states[i], ws[j]);
			rc = walk_dir(sp, state, fn, arg);
		}
		spool_list_free(ws, nw);
	}
	return rc;
}

struct locate {
	const char *id;
	char	*buf;
	size_t	 size;
};

static int
locate_one(void *arg, const char *state, const char *id, const char *path)
{
	struct locate *l = arg;

	(void)path;
	if (strcmp(id, l->id) != 0)
		return 0;
	snprintf(l->buf, l->size, "%s", state);
	return 1;
}

int
spool_locate(struct spool *sp, const char *id, char *buf, size_t size)
{
	struct locate l = { id, buf, size };

	if (!job_id_valid(id))
		return -1;
	return spool_walk(sp, locate_one, &l) == 1 ? 0 : -1;
}

/* queue_dir - STAGE/new into BUF, for a stage that has a queue */
static int
queue_dir(struct spool *sp, const char *stage, char *buf, size_t size)
{
	return name_path(sp, "", stage, "/new", spool_stage_valid(stage) &&
	    strcmp(stage, "ingest") != 0, "queue stage", buf, size);
}

int
spool_walk_queue(struct spool *sp, const char *stage, int (*fn)(void *arg,
    const char *state, const char *id, const char *path), void *arg)
{
	char dir[PATH_MAX];

	if (queue_dir(sp, stage, dir, sizeof(dir)) < 0)
		return -1;
	return walk_dir(sp, dir + strlen(sp->root) + 1, fn, arg);
}

int
spool_queue_list(struct spool *sp, const char *stage, char ***ids,
    size_t *n)
{
	char dir[PATH_MAX];

	*ids = NULL;
	*n = 0;
	if (queue_dir(sp, stage, dir, sizeof(dir)) < 0)
		return -1;
	return list_dir(dir, ids, n) < 0 ? fail(sp, "cannot list", dir) : 0;
}

int
spool_waiting(struct spool *sp, const char *stage)
{
	char dir[PATH_MAX];
	size_t n;

	if (queue_dir(sp, stage, dir, sizeof(dir)) < 0)
		return -1;
	if (list_dir(dir, NULL, &n) < 0)
		return fail(sp, "cannot list", dir);
	return n > INT_MAX ? INT_MAX : (int)n;
}

/* batch_dir - SPOOL/batch/BATCH into BUF */
static int
batch_dir(struct spool *sp, const char *batch, char *buf, size_t size)
{
	return name_path(sp, "batch", batch, "", job_id_valid(batch),
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
	if (batch_dir(sp, batch, dir, sizeof(dir)) < 0) {
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

	if (batch_dir(sp, b->id, dir, sizeof(dir)) < 0)
		return -1;
	if (dir_make(dir) < 0)
		return fail(sp, "cannot create", dir);
	job_move(b, dir);
	/* not a job: nobody hands it on, so its dirs are flushed here */
	if (job_save(b) < 0)
		return fail(sp, "cannot write the meta of batch", dir);
	if (dir_fsync(dir) < 0)
		return fail(sp, "cannot fsync", dir);
	return fsync_parent(sp, dir);
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
	return name_path(sp, "seen", sha, "", sha_valid(sha),
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
		rc = errno == ENOENT ? 0 : fail(sp, "cannot read", path);
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
		return fail(sp, "cannot record", path);
	return fsync_parent(sp, path);
}
