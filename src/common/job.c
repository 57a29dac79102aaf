/*
 * job.c - job ids and job metadata (see job.h)
 */
#include <sys/random.h>
#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "job.h"
#include "jobkey.h"
#include "msg.h"
#include "strbuf.h"
#include "xalloc.h"

void
job_id_new(char *buf, size_t size)
{
	static unsigned counter;
	unsigned char rnd[3] = { 0, 0, 0 };
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd)) {
		/* not fatal: time, pid and counter are unique on one host */
		rnd[0] = (unsigned char)ts.tv_nsec;
		rnd[1] = (unsigned char)(ts.tv_nsec >> 8);
	}
	snprintf(buf, size, "%04d%02d%02dT%02d%02d%02dZ-%ld-%04u-%02x%02x%02x",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (long)getpid(), ++counter % 10000,
	    rnd[0], rnd[1], rnd[2]);
}

int
job_id_valid(const char *id)
{
	size_t n;

	if (id == NULL || !isalnum((unsigned char)id[0]))
		return 0;
	for (n = 0; id[n] != '\0'; n++) {
		if (n >= JOB_ID_MAX - 1)
			return 0;
		if (!isalnum((unsigned char)id[n]) && id[n] != '-' &&
		    id[n] != '_' && id[n] != '.')
			return 0;
	}
	return strstr(id, "..") == NULL;
}

void
job_init(struct job *job, const char *dir, const char *id)
{
	memset(job, 0, sizeof(*job));
	snprintf(job->id, sizeof(job->id), "%s", id);
	snprintf(job->dir, sizeof(job->dir), "%s", dir);
}

void
job_move(struct job *job, const char *dir)
{
	snprintf(job->dir, sizeof(job->dir), "%s", dir);
}

void
job_free(struct job *job)
{
	size_t i;

	for (i = 0; i < job->nkv; i++) {
		free(job->kv[i].key);
		free(job->kv[i].val);
	}
	free(job->kv);
	free(job->slot);
	job->kv = NULL;
	job->slot = NULL;
	job->nkv = job->akv = job->nslot = 0;
}

static int
key_valid(const char *k, size_t n)
{
	size_t i;

	if (n == 0 || n > 128)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)k[i]) && k[i] != '.' &&
		    k[i] != '_' && k[i] != '-' && k[i] != ':')
			return 0;
	return 1;
}

/*
 * The index: open addressing with linear probing.  SLOT[i] is 1 + the
 * index in KV of the key whose hash leads to i, or 0 for a free slot; it
 * is at most half full.  Unsetting a key rebuilds it (job_unset is rare).
 */

/* hash - FNV-1a of KEY */
static size_t
hash(const char *key)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *key != '\0'; key++) {
		h ^= (unsigned char)*key;
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ (h >> 32));
}

/* slot_put - index KV[I] in the slots */
static void
slot_put(struct job *job, size_t i)
{
	size_t mask = job->nslot - 1, s = job->kv[i].hash & mask;

	while (job->slot[s] != 0)
		s = (s + 1) & mask;
	job->slot[s] = i + 1;
}

/* reindex - rebuild the index with NSLOT slots (a power of 2) */
static void
reindex(struct job *job, size_t nslot)
{
	size_t i;

	free(job->slot);
	job->slot = xcalloc(nslot, sizeof(*job->slot));
	job->nslot = nslot;
	for (i = 0; i < job->nkv; i++)
		slot_put(job, i);
}

/* find - the slot of KEY (hash H), or the free slot where it would go */
static size_t
find(const struct job *job, const char *key, size_t h)
{
	size_t mask = job->nslot - 1, s = h & mask;
	const struct job_kv *kv;

	for (; job->slot[s] != 0; s = (s + 1) & mask) {
		kv = &job->kv[job->slot[s] - 1];
		if (kv->hash == h && strcmp(kv->key, key) == 0)
			break;
	}
	return s;
}

const char *
job_get(const struct job *job, const char *key)
{
	size_t s;

	if (job->nslot == 0)
		return NULL;
	s = find(job, key, hash(key));
	return job->slot[s] != 0 ? job->kv[job->slot[s] - 1].val : NULL;
}

/*
 * number - KEY as a decimal integer into *N, or as a real number into *D
 * if N is NULL; -1 if absent, empty or not a number
 */
static int
number(const struct job *job, const char *key, long *n, double *d)
{
	const char *v = job_get(job, key);
	char *end;

	if (v == NULL || *v == '\0')
		return -1;
	errno = 0;
	if (n != NULL)
		*n = strtol(v, &end, 10);
	else
		*d = strtod(v, &end);
	return (n == NULL || errno == 0) && *end == '\0' ? 0 : -1;
}

long
job_get_long(const struct job *job, const char *key, long dflt)
{
	long n;

	return number(job, key, &n, NULL) == 0 ? n : dflt;
}

double
job_get_double(const struct job *job, const char *key, double dflt)
{
	double d;

	return number(job, key, NULL, &d) == 0 ? d : dflt;
}

/* set - job_set() without the check of the key */
static void
set(struct job *job, const char *key, const char *val)
{
	size_t h = hash(key), s;
	struct job_kv *kv;

	if (job->nslot != 0 && job->slot[s = find(job, key, h)] != 0) {
		kv = &job->kv[job->slot[s] - 1];
		free(kv->val);
		kv->val = xstrdup(val);
		return;
	}
	if (job->nkv == job->akv) {
		job->akv = job->akv ? job->akv * 2 : 32;
		job->kv = xreallocarray(job->kv, job->akv, sizeof(*job->kv));
	}
	kv = &job->kv[job->nkv];
	kv->key = xstrdup(key);
	kv->val = xstrdup(val);
	kv->hash = h;
	job->nkv++;
	if (job->nkv * 2 >= job->nslot)
		reindex(job, job->nslot ? job->nslot * 2 : 64);
	else
		slot_put(job, job->nkv - 1);
}

static int strict_keys = -1;	/* job_strict_keys() */

void
job_strict_keys(int on)
{
	strict_keys = on;
}

/* strict - 1 if job_set() checks keys: job_strict_keys(), else the env */
static int
strict(void)
{
	static int env = -1;
	const char *v;

	if (strict_keys >= 0)
		return strict_keys;
	if (env < 0) {
		v = getenv("DOSSIER_STRICT_KEYS");
		env = v != NULL && *v != '\0';
	}
	return env;
}

void
job_set(struct job *job, const char *key, const char *val)
{
	char err[256];

	if (strict() && jobkey_check(key, val, err, sizeof(err)) != 0)
		msg_panic("job_set: %s (see the table in jobkey.c)", err);
	set(job, key, val);
}

void
job_unset(struct job *job, const char *key)
{
	size_t s, i;

	if (job->nslot == 0 || job->slot[s = find(job, key, hash(key))] == 0)
		return;
	i = job->slot[s] - 1;
	free(job->kv[i].key);
	free(job->kv[i].val);
	memmove(job->kv + i, job->kv + i + 1,
	    (job->nkv - i - 1) * sizeof(*job->kv));
	job->nkv--;
	reindex(job, job->nslot);
}

void
job_setf(struct job *job, const char *key, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	char small[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(small)) {
		job_set(job, key, small);	/* the usual case: a number */
		return;
	}
	strbuf_grow(&sb, n > 0 ? (size_t)n : 0);
	va_start(ap, fmt);
	vsnprintf(sb.buf, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb.len = (size_t)n;
	job_set(job, key, sb.buf);
	strbuf_release(&sb);
}

const char *
job_pagekey(char *buf, size_t size, int page, const char *name)
{
	snprintf(buf, size, "page.%d.%s", page, name);
	return buf;
}

void
job_serialize(const struct job *job, struct strbuf *sb)
{
	const char *p;
	size_t i;

	for (i = 0; i < job->nkv; i++) {
		strbuf_adds(sb, job->kv[i].key);
		strbuf_addc(sb, '=');
		for (p = job->kv[i].val; *p != '\0'; p++) {
			if (*p == '\n')
				strbuf_adds(sb, "\\n");
			else if (*p == '\r')
				strbuf_adds(sb, "\\r");
			else if (*p == '\\')
				strbuf_adds(sb, "\\\\");
			else
				strbuf_addc(sb, *p);
		}
		strbuf_addc(sb, '\n');
	}
	strbuf_adds(sb, "end\n");
}

int
job_save(const struct job *job)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	job_serialize(job, &sb);
	/* the spool fsyncs the job dir before handing the job on */
	rc = file_replace_nosync_dir(job->dir, "meta", sb.buf, sb.len);
	strbuf_release(&sb);
	return rc;
}

/* unescape - undo job_serialize()'s escapes in place */
static void
unescape(char *s)
{
	char *d = s;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			*d++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
		} else
			*d++ = *s;
	}
	*d = '\0';
}

/*
 * parse - the meta text SB (NUL-terminated, changed in place) into JOB;
 * 0, or -1 with a reason in ERR (JOB then freed)
 */
static int
parse(struct job *job, struct strbuf *sb, char *err, size_t errlen)
{
	char *line, *next, *eq;
	int lineno = 0, ended = 0;

	if (memchr(sb->buf, '\0', sb->len) != NULL) {
		snprintf(err, errlen, "job meta contains a NUL byte");
		goto bad;
	}
	for (line = sb->buf; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next == NULL) {
			snprintf(err, errlen, "job meta line %d: no newline "
			    "(truncated)", lineno + 1);
			goto bad;
		}
		*next++ = '\0';
		lineno++;
		if (ended) {
			snprintf(err, errlen, "job meta line %d: data after "
			    "end", lineno);
			goto bad;
		}
		if (strcmp(line, "end") == 0) {
			ended = 1;
			continue;
		}
		eq = strchr(line, '=');
		if (eq == NULL || !key_valid(line, (size_t)(eq - line))) {
			snprintf(err, errlen, "job meta line %d: malformed",
			    lineno);
			goto bad;
		}
		*eq++ = '\0';
		unescape(eq);
		set(job, line, eq);	/* a key unknown here may be a reader's */
	}
	if (!ended) {
		snprintf(err, errlen, "job meta has no end line (truncated)");
		goto bad;
	}
	return 0;
bad:
	job_free(job);
	return -1;
}

int
job_load(struct job *job, const char *dir, const char *id, char *err,
    size_t errlen)
{
	struct strbuf sb = STRBUF_INIT;
	char path[PATH_MAX];
	int rc;

	job_init(job, dir, id);
	if ((size_t)snprintf(path, sizeof(path), "%s/meta", dir) >=
	    sizeof(path)) {
		snprintf(err, errlen, "job path too long");
		return -1;
	}
	if (file_read(path, JOB_META_MAX, &sb) < 0) {
		snprintf(err, errlen, "cannot read job meta: %s",
		    strerror(errno));
		strbuf_release(&sb);
		return -1;
	}
	rc = parse(job, &sb, err, errlen);
	strbuf_release(&sb);
	return rc;
}

int
job_parse(struct job *job, struct strbuf *sb, char *err, size_t errlen)
{
	job_init(job, "", "");
	if (sb->len > JOB_META_MAX) {
		snprintf(err, errlen, "job meta over %d bytes", JOB_META_MAX);
		return -1;
	}
	return parse(job, sb, err, errlen);
}

void
job_copy(struct job *dst, const struct job *src)
{
	size_t i;

	job_init(dst, src->dir, src->id);
	for (i = 0; i < src->nkv; i++)
		set(dst, src->kv[i].key, src->kv[i].val);
}

void
job_diff(const struct job *old, const struct job *new, struct job *diff)
{
	const char *was;
	size_t i;

	job_init(diff, new->dir, new->id);
	for (i = 0; i < new->nkv; i++)
		if ((was = job_get(old, new->kv[i].key)) == NULL ||
		    strcmp(was, new->kv[i].val) != 0)
			set(diff, new->kv[i].key, new->kv[i].val);
}

/* page_of - N of a key "page.N.NAME" with N in 1..PAGES, else 0 */
static long
page_of(const char *key, long pages)
{
	char *end;
	long n;

	if (strncmp(key, "page.", 5) != 0 || key[5] < '1' || key[5] > '9')
		return 0;
	n = strtol(key + 5, &end, 10);
	return *end == '.' && n >= 1 && n <= pages ? n : 0;
}

void
job_merge(struct job *job, const struct job *diffs, int ndiffs, long pages)
{
	size_t *count, *at, total = 0, i;
	const struct job_kv **order;
	long p;
	int d;

	count = xcalloc((size_t)pages + 1, sizeof(*count));
	for (d = 0; d < ndiffs; d++)
		for (i = 0; i < diffs[d].nkv; i++) {
			count[page_of(diffs[d].kv[i].key, pages)]++;
			total++;
		}
	/* where each page's keys begin; those of no page (0) go last */
	at = xcalloc((size_t)pages + 1, sizeof(*at));
	for (p = 1, i = 0; p <= pages; p++) {
		at[p] = i;
		i += count[p];
	}
	at[0] = i;
	order = xcalloc(total + 1, sizeof(*order));
	for (d = 0; d < ndiffs; d++)
		for (i = 0; i < diffs[d].nkv; i++)
			order[at[page_of(diffs[d].kv[i].key, pages)]++] =
			    &diffs[d].kv[i];
	for (i = 0; i < total; i++)
		set(job, order[i]->key, order[i]->val);
	free(order);
	free(at);
	free(count);
}

int
job_path(const struct job *job, const char *name, char *buf, size_t size)
{
	if ((size_t)snprintf(buf, size, "%s/%s", job->dir, name) >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
job_write(const struct job *job, const char *name, const void *buf,
    size_t len)
{
	return file_replace_nosync_dir(job->dir, name, buf, len);
}

int
job_read(const struct job *job, const char *name, size_t max,
    struct strbuf *sb)
{
	char path[PATH_MAX];

	if (job_path(job, name, path, sizeof(path)) < 0)
		return -1;
	return file_read(path, max, sb);
}
