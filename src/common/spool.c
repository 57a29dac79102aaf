/*
 * spool.c - the spool tree, claims, handoffs, recovery, walks (see
 * spool.h); the records beside the jobs are in spoolrec.c
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
#include "spool.h"
#include "spool_int.h"
#include "strbuf.h"
#include "sha256.h"
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

/* spool_pathf - see spool_int.h */
int
spool_pathf(char *buf, size_t size, const char *fmt, ...)
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
	return spool_pathf(buf, size, "%s/%s", sp->root, rel);
}

/* spool_fail - see spool_int.h */
int
spool_fail(struct spool *sp, const char *what, const char *path)
{
	int saved = errno;

	snprintf(sp->err, sizeof(sp->err), "%s '%s': %s", what, path,
	    strerror(saved));
	errno = saved;
	return -1;
}

/* spool_fsync_parent - see spool_int.h */
int
spool_fsync_parent(struct spool *sp, const char *path)
{
	char dir[PATH_MAX];

	path_dirname(path, dir, sizeof(dir));
	return dir_fsync(dir) < 0 ? spool_fail(sp, "cannot fsync", dir) : 0;
}

/* spool_name_path - see spool_int.h */
int
spool_name_path(struct spool *sp, const char *top, const char *name,
    const char *sub, int valid, const char *kind, char *buf, size_t size)
{
	if (!valid) {
		snprintf(sp->err, sizeof(sp->err), "invalid %s '%.80s'", kind,
		    name);
		errno = EINVAL;
		return -1;
	}
	if (spool_pathf(buf, size, "%s/%s%s%s%s", sp->root, top, *top ? "/" : "",
	    name, sub) < 0)
		return spool_fail(sp, "spool path too long", name);
	return 0;
}

/* stat_dir - lstat PATH into ST; it must be a directory */
static int
stat_dir(struct spool *sp, const char *path, const char *what,
    struct stat *st)
{
	if (lstat(path, st) < 0)
		return spool_fail(sp, what, path);
	if (!S_ISDIR(st->st_mode)) {
		errno = ENOTDIR;
		return spool_fail(sp, what, path);
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
		return spool_fail(sp, "spool path too long", rel);
	if (create && dir_make(path) < 0)
		return spool_fail(sp, "cannot create", path);
	if (stat_dir(sp, path, "cannot open spool directory", &st) < 0)
		return -1;
	if ((st.st_mode & 077) != 0 && (st.st_uid != geteuid() ||
	    chmod(path, st.st_mode & 0700) < 0)) {
		snprintf(sp->err, sizeof(sp->err), "spool directory '%s' is "
		    "open to others (mode %04o) and cannot be made "
		    "owner-only: refusing the spool", path,
		    (unsigned)(st.st_mode & 07777));
		errno = EPERM;
		return -1;
	}
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
		return spool_fail(sp, "spool path too long", root);
	}
	if (create && dir_make_parents(root) < 0)
		return spool_fail(sp, "cannot create spool", root);
	if (stat_dir(sp, root, "cannot open spool", &st) < 0)
		return -1;
	/* personal data: the tree is owner-only, whatever the umask was */
	if ((st.st_mode & 077) != 0 && st.st_uid == geteuid() &&
	    chmod(root, st.st_mode & 0700) < 0)
		return spool_fail(sp, "cannot make spool owner-only", root);
	if ((st.st_mode & 077) != 0 && st.st_uid != geteuid()) {
		snprintf(sp->err, sizeof(sp->err), "spool '%s' belongs to "
		    "uid %ld and others may use it (mode %04o): refusing it",
		    root, (long)st.st_uid, (unsigned)(st.st_mode & 07777));
		errno = EPERM;
		return -1;
	}
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

/* heap_down - sift H[I] down the max-heap H of N names */
static void
heap_down(char **h, size_t n, size_t i)
{
	size_t c;
	char *t;

	for (; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && strcmp(h[c + 1], h[c]) > 0)
			c++;
		if (strcmp(h[c], h[i]) <= 0)
			break;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
	}
}

/* heap_up - sift H[I] up the max-heap H */
static void
heap_up(char **h, size_t i)
{
	char *t;

	for (; i > 0 && strcmp(h[(i - 1) / 2], h[i]) < 0; i = (i - 1) / 2) {
		t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
	}
}

/*
 * list_oldest - the MAX smallest valid job ids of directories in PATH,
 * sorted, in memory bounded by MAX (a max-heap of the smallest seen)
 * whatever the number of entries; *MOREP 1 if there were more
 */
static int
list_oldest(const char *path, size_t max, char ***idsp, size_t *np,
    int *morep)
{
	char **h = xcalloc(max, sizeof(*h));
	size_t n = 0;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int dfd;

	*idsp = NULL;
	*np = 0;
	*morep = 0;
	if ((d = opendir(path)) == NULL) {
		free(h);
		return -1;
	}
	dfd = dirfd(d);
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (!job_id_valid(de->d_name))
			continue;
		if (de->d_type != DT_DIR && (de->d_type != DT_UNKNOWN ||
		    fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(st.st_mode)))
			continue;
		if (n == max && strcmp(de->d_name, h[0]) >= 0) {
			*morep = 1;
			continue;
		}
		if (n < max) {
			h[n] = xstrdup(de->d_name);
			heap_up(h, n++);
			continue;
		}
		*morep = 1;
		free(h[0]);
		h[0] = xstrdup(de->d_name);
		heap_down(h, n, 0);
	}
	closedir(d);
	if (n > 0)
		qsort(h, n, sizeof(*h), cmp_str);
	*idsp = h;
	*np = n;
	return 0;
}

int
spool_list(struct spool *sp, const char *rel, char ***ids, size_t *n)
{
	char path[PATH_MAX];

	if (spool_path(sp, rel, path, sizeof(path)) < 0)
		return spool_fail(sp, "spool path too long", rel);
	if (list_dir(path, ids, n) < 0)
		return spool_fail(sp, "cannot list", path);
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
		return spool_fail(sp, "spool path too long", rel);
	snprintf(rel, sizeof(rel), "%s/cur/%s", stage, id);
	if (spool_path(sp, rel, w->dir, sizeof(w->dir)) < 0)
		return spool_fail(sp, "spool path too long", rel);
	if (mkdir(tmp, 0700) < 0)
		return spool_fail(sp, "cannot create worker directory", tmp);
	snprintf(lock, sizeof(lock), "%s/.lock", tmp);
	w->lockfd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (w->lockfd < 0)
		return spool_fail(sp, "cannot create", lock);
	if (flock(w->lockfd, LOCK_EX | LOCK_NB) < 0)
		return spool_fail(sp, "cannot lock", lock);
	if (rename(tmp, w->dir) < 0)
		return spool_fail(sp, "cannot rename worker directory", tmp);
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

/* the record of a group of jobs (spool_group_begin) in a worker dir */
#define GROUP_PREFIX	"group."
#define GROUP_MAX	(4 << 20)	/* bytes: tens of thousands of jobs */

/*
 * group_job - job ID of a group in the dead ingest worker dir WDIR to the
 * queue of the stage after ingest, unless it went there before the death:
 * 1 queued, 0 not there, -1 (SP->err)
 */
static int
group_job(struct spool *sp, const char *wdir, const char *id)
{
	char path[PATH_MAX * 2], to[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", wdir, id);
	if (!path_is_dir(path))
		return 0;
	snprintf(to, sizeof(to), "%s/%s/new/%s", sp->root,
	    spool_next_stage("ingest"), id);
	if (dir_fsync(path) < 0 || rename_durable(path, to) < 0)
		return spool_fail(sp, "cannot queue", path);
	return 1;
}

/* group_seen - the seen record REC ("SHA ID") of a group, written */
static void
group_seen(struct spool *sp, char *rec)
{
	char *id = rec + SHA256_HEX_LEN + 1;

	if (strlen(rec) <= SHA256_HEX_LEN + 1 || rec[SHA256_HEX_LEN] != ' ' ||
	    !job_id_valid(id))
		return;
	rec[SHA256_HEX_LEN] = '\0';
	if (spool_seen_put(sp, rec, id) < 0 && errno != EEXIST)
		msg_warn("%s", sp->err);
}

/*
 * roll_forward - the groups recorded in the dead ingest worker dir WDIR:
 * queue their jobs still there to the stage after ingest, then write
 * their seen records, then remove the records.  Returns the jobs queued,
 * or (size_t)-1 (SP->err).
 */
static size_t
roll_forward(struct spool *sp, const char *wdir)
{
	char path[PATH_MAX * 2], *line, *end;
	struct strbuf sb = STRBUF_INIT;
	struct dirent *de;
	size_t count = 0;
	DIR *d;
	int rc = 0;

	if ((d = opendir(wdir)) == NULL) {
		(void)spool_fail(sp, "cannot open", wdir);
		return (size_t)-1;
	}
	while (rc >= 0 && (errno = 0, de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, GROUP_PREFIX,
		    strlen(GROUP_PREFIX)) != 0 ||
		    !job_id_valid(de->d_name + strlen(GROUP_PREFIX)))
			continue;
		snprintf(path, sizeof(path), "%s/%s", wdir, de->d_name);
		strbuf_reset(&sb);
		if (file_read(path, GROUP_MAX, &sb) < 0) {
			msg_warn("cannot read '%s': %s", path,
			    strerror(errno));
			continue;
		}
		for (line = sb.buf; line < sb.buf + sb.len; line++)
			if (*line == '\n')
				*line = '\0';
		end = sb.buf + sb.len;
		/* the jobs first, then the seen records that name them */
		for (line = sb.buf; line < end && rc >= 0;
		    line += strlen(line) + 1)
			if (strncmp(line, "job ", 4) == 0 &&
			    job_id_valid(line + 4) &&
			    (rc = group_job(sp, wdir, line + 4)) > 0)
				count++;
		for (line = sb.buf; line < end && rc >= 0;
		    line += strlen(line) + 1)
			if (strncmp(line, "seen ", 5) == 0)
				group_seen(sp, line + 5);
		if (rc >= 0)
			(void)unlink(path);
	}
	closedir(d);
	strbuf_release(&sb);
	return rc < 0 ? (size_t)-1 : count;
}

int
spool_group_begin(struct spool_worker *w, struct job *jobs, int n,
    const char *const *seen, int nseen)
{
	struct strbuf sb = STRBUF_INIT;
	char name[JOB_ID_MAX + sizeof(GROUP_PREFIX)];
	int i, rc;

	if (n < 1) {
		errno = EINVAL;
		return spool_fail(w->sp, "no job in the group of", w->dir);
	}
	for (i = 0; i < n; i++) {
		if (dir_fsync(jobs[i].dir) < 0)
			return spool_fail(w->sp, "cannot fsync", jobs[i].dir);
		strbuf_addf(&sb, "job %s\n", jobs[i].id);
	}
	for (i = 0; i < nseen; i++)
		strbuf_addf(&sb, "seen %s\n", seen[i]);
	snprintf(name, sizeof(name), GROUP_PREFIX "%s", jobs[0].id);
	rc = file_replace(w->dir, name, sb.buf, sb.len);
	strbuf_release(&sb);
	return rc < 0 ? spool_fail(w->sp, "cannot record the jobs in",
	    w->dir) : 0;
}

int
spool_group_end(struct spool_worker *w, const struct job *first)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/" GROUP_PREFIX "%s", w->dir,
	    first->id);
	if (unlink(path) < 0 && errno != ENOENT)
		return spool_fail(w->sp, "cannot remove", path);
	return 0;
}

/*
 * recover_worker - WDIR belongs to a worker of STAGE; if nobody holds its
 * lock, its owner died: move its jobs back to STAGE/new (for ingest, queue
 * the jobs of its groups to the next stage, see spool_group_begin, and
 * remove the half-built jobs: their inputs are untouched and will be
 * ingested again) and remove WDIR.  Returns the jobs recovered, -1 error.
 */
static int
recover_worker(struct spool *sp, const char *stage, const char *wdir)
{
	char lock[PATH_MAX + 8], from[PATH_MAX * 2], to[PATH_MAX * 2];
	char newdir[PATH_MAX];
	char **ids;
	size_t n, i, queued;
	int fd, count = 0;

	snprintf(lock, sizeof(lock), "%s/.lock", wdir);
	fd = open(lock, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return 0;		/* alive */
	}
	/* an input's jobs recorded as one group are queued, not removed */
	if (strcmp(stage, "ingest") == 0 &&
	    (queued = roll_forward(sp, wdir)) != 0) {
		if (queued == (size_t)-1) {
			if (fd >= 0)
				close(fd);
			return -1;
		}
		msg_warn("queued %zu job%s of an input a dead ingest was "
		    "queueing", queued, queued == 1 ? "" : "s");
	}
	/* no lock file: the worker died before creating it, or we hold it */
	if (list_dir(wdir, &ids, &n) < 0) {
		if (fd >= 0)
			close(fd);
		return spool_fail(sp, "cannot list", wdir);
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
		return spool_fail(sp, "cannot open", curdir);
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
		return spool_fail(w->sp, "cannot claim", from);
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
			return spool_fail(w->sp, "cannot fsync", job->dir);
		}
		close(fd);
	}
	if (spool_pathf(to, sizeof(to), "%s/%s/new/%s", w->sp->root, stage,
	    job->id) < 0)
		return spool_fail(w->sp, "spool path too long", job->id);
	if (rename_durable(job->dir, to) < 0)
		return spool_fail(w->sp, "cannot move job to", to);
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
		return spool_fail(w->sp, "no queue to commit the job to after",
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
	if (spool_pathf(dir, sizeof(dir), "%s/%s", w->dir, id) < 0)
		return spool_fail(w->sp, "job path too long in", w->dir);
	if (mkdir(dir, 0700) < 0)
		return spool_fail(w->sp, "cannot create", dir);
	job_init(job, dir, id);
	return 0;
}

int
spool_job_discard(struct spool_worker *w, struct job *job)
{
	/* a half-built job is in no queue: a crash here leaves it to recovery */
	if (dir_remove_tree(job->dir) < 0)
		return spool_fail(w->sp, "cannot remove", job->dir);
	return 0;
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
		return spool_fail(w->sp, "cannot retire finished job", job->dir);
	job_move(job, gone);
	if (dir_remove_tree(job->dir) < 0)
		return spool_fail(w->sp, "cannot remove finished job", job->dir);
	return dir_fsync(w->dir) < 0 ? spool_fail(w->sp, "cannot fsync", w->dir) : 0;
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
		return spool_fail(sp, "spool path too long", state);
	if (list_dir(dir, &ids, &n) < 0)
		return errno == ENOENT ? 0 : spool_fail(sp, "cannot list", dir);
	for (i = 0; i < n && rc == 0; i++) {
		if (spool_pathf(path, sizeof(path), "%s/%s", dir, ids[i]) < 0)
			rc = spool_fail(sp, "spool path too long", ids[i]);
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
	return spool_name_path(sp, "", stage, "/new", spool_stage_valid(stage) &&
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
	return list_dir(dir, ids, n) < 0 ? spool_fail(sp, "cannot list", dir) : 0;
}

int
spool_queue_oldest(struct spool *sp, const char *stage, size_t max,
    char ***ids, size_t *n, int *more)
{
	char dir[PATH_MAX];

	*ids = NULL;
	*n = 0;
	*more = 0;
	if (max == 0 || queue_dir(sp, stage, dir, sizeof(dir)) < 0)
		return -1;
	return list_oldest(dir, max, ids, n, more) < 0 ?
	    spool_fail(sp, "cannot list", dir) : 0;
}

int
spool_waiting(struct spool *sp, const char *stage)
{
	char dir[PATH_MAX];
	size_t n;

	if (queue_dir(sp, stage, dir, sizeof(dir)) < 0)
		return -1;
	if (list_dir(dir, NULL, &n) < 0)
		return spool_fail(sp, "cannot list", dir);
	return n > INT_MAX ? INT_MAX : (int)n;
}
