/*
 * job - one document travelling through the spool
 *
 * A job is a directory named by its job id.  It holds "meta" (key=value
 * lines ending with a line "end"; a file without it is truncated and is
 * refused), the original input bytes in "source", and what the stages
 * add: page images, page texts, fields.  Values are escaped so that they
 * never contain a newline (\n, \r, \\).
 *
 * The keys in use, their types and writers are the table of jobkey.h
 * (documented in dossier-spool(5)).  The keys are kept in the order they
 * were first set, which is the order of the meta file, and indexed by a
 * hash table: a get or a set costs the same for 50,000 keys as for 50.
 */
#ifndef DOSSIER_JOB_H
#define DOSSIER_JOB_H

#include <limits.h>
#include <stddef.h>

#include "strbuf.h"

#define JOB_ID_MAX	64
#define JOB_META_MAX	(4 * 1024 * 1024)	/* refuse larger meta files */

struct job_kv {
	char	*key;
	char	*val;
	size_t	 hash;			/* of KEY */
};

/* The meta fields are job.c's own: use the calls below, never KV itself. */
struct job {
	char	 id[JOB_ID_MAX];	/* the job id, also its dir name */
	char	 dir[PATH_MAX];		/* where the job is now */
	struct job_kv *kv;		/* meta, in insertion order */
	size_t	 nkv;			/* the number of keys (read only) */
	size_t	 akv;
	size_t	*slot;			/* hash index: 1 + index in KV, or 0 */
	size_t	 nslot;			/* a power of 2, > 2 * NKV; or 0 */
};

/* job_id_new - make a unique, sortable id: UTC time, pid, counter, random */
void	job_id_new(char *buf, size_t size);
/* job_id_valid - 1 if ID has job id syntax (safe as a path component) */
int	job_id_valid(const char *id);

/* job_init - an empty job that lives in DIR */
void	job_init(struct job *, const char *dir, const char *id);
/*
 * job_load - read DIR/meta into a fresh JOB; -1 with a reason in ERR if
 * the file is missing, unreadable, too large, malformed or truncated
 */
int	job_load(struct job *, const char *dir, const char *id, char *err,
	    size_t errlen);
/*
 * job_parse - the meta text SB (as job_serialize() makes it; changed in
 * place) into a fresh JOB of no directory; -1 with a reason in ERR if it
 * is too large, malformed or truncated
 */
int	job_parse(struct job *, struct strbuf *sb, char *err, size_t errlen);
/* job_copy - a fresh DST with SRC's directory, id and keys, in order */
void	job_copy(struct job *dst, const struct job *src);
/*
 * job_diff - a fresh DIFF with the keys of NEW that OLD does not have or
 * has with another value, in NEW's order (a key removed is not seen)
 */
void	job_diff(const struct job *old, const struct job *new,
	    struct job *diff);
/*
 * job_merge - set into JOB the keys of the NDIFFS jobs DIFFS: the keys
 * of page 1 ("page.1.NAME"), then those of page 2, up to page PAGES, each
 * page's in the order of DIFFS and of their keys; then every other key,
 * in the same order.  Pages worked on apart (stage_pages) so give the
 * meta of the pages worked on in turn.
 */
void	job_merge(struct job *, const struct job *diffs, int ndiffs,
	    long pages);
/* job_move - record that the job directory is now at DIR */
void	job_move(struct job *, const char *dir);
void	job_free(struct job *);

/* job_get - the value of KEY, NULL if the job has none */
const char *job_get(const struct job *, const char *key);
/*
 * job_get_long, job_get_double - KEY as a number, DFLT if absent, empty or
 * not a number (no range check: see jobkey_get_long() for that)
 */
long	job_get_long(const struct job *, const char *key, long dflt);
double	job_get_double(const struct job *, const char *key, double dflt);
/*
 * job_set - set KEY to VAL: a new key goes after the others, a key set
 * again keeps its place.  KEY should be in the table of jobkey.h and VAL
 * of its type and range: when the environment variable DOSSIER_STRICT_KEYS
 * is set and not empty (the tests set it), a key that is not, or a bad
 * value, is a bug and job_set() calls msg_panic(); otherwise it is stored
 * as given.  Keys read by job_load() are never checked.
 */
void	job_set(struct job *, const char *key, const char *val);
void	job_setf(struct job *, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* job_unset - remove KEY, if the job has it; the others keep their order */
void	job_unset(struct job *, const char *key);
/*
 * job_strict_keys - 1: job_set() checks keys and values as if
 * DOSSIER_STRICT_KEYS were set, 0: it does not, -1: as the environment says
 * (the default)
 */
void	job_strict_keys(int);
/* job_pagekey - "page.N.NAME" into BUF */
const char *job_pagekey(char *buf, size_t size, int page, const char *name);

/* job_serialize - the meta file's text into SB */
void	job_serialize(const struct job *, struct strbuf *sb);
/*
 * job_save - replace the job's meta with its current keys: the file is
 * fsync'ed; the directory entry becomes durable when the spool hands the
 * job on (it fsyncs the job dir first), as for job_write()
 */
int	job_save(const struct job *);
/* job_path - DIR/NAME into BUF; -1 if it does not fit */
int	job_path(const struct job *, const char *name, char *buf, size_t size);
/* job_write - create or replace the file NAME in the job (see job_save) */
int	job_write(const struct job *, const char *name, const void *buf,
	    size_t len);
/* job_read - read the file NAME of the job (at most MAX bytes) into SB */
int	job_read(const struct job *, const char *name, size_t max,
	    struct strbuf *sb);

#endif
