/*
 * load.c - the load stage: household registry import, linking, and one
 * archive transaction per job (see load.h, dossier-load(1) and
 * dossier-archive(5))
 *
 * A job is either entirely in the archive or not at all: everything is
 * written between BEGIN IMMEDIATE and COMMIT, and the document's identity
 * (source SHA-256, first page) is UNIQUE, so a job delivered twice (the
 * spool is at-least-once) is found and adds nothing.
 *
 * Personal data (names, national numbers) is never put in a message below
 * msg_debug(), nor in the audit detail: the audit names ids only.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <sqlite3.h>

#include "db.h"
#include "fileio.h"
#include "job.h"
#include "load.h"
#include "msg.h"
#include "sha256.h"
#include "spool.h"
#include "stage.h"
#include "strbuf.h"
#include "xalloc.h"

/* ---------------------------------------------------------------- */
/* small helpers */

/* db_verdict - the verdict for the archive's last failure */
static enum verdict
db_verdict(struct db *db, char *err, size_t errlen)
{
	snprintf(err, errlen, "archive: %s", db->err);
	return db_temp(db) ? VERDICT_TEMP : VERDICT_PERM;
}

/*
 * file_verdict - the verdict for a failed read of NAME in a job: a missing,
 * oversized or odd file is the job's fault; anything else (I/O error, no
 * memory, too many files) is the environment's
 */
static enum verdict
file_verdict(int e, const char *name, size_t max, char *err, size_t errlen)
{
	switch (e) {
	case EFBIG:
		return verdict_set(VERDICT_PERM, err, errlen, "%s: larger "
		    "than %zu MB", name, max / (1024 * 1024));
	case ENOENT:
	case ENOTDIR:
	case ELOOP:
	case EINVAL:
	case EISDIR:
	case ENAMETOOLONG:
		return verdict_set(VERDICT_PERM, err, errlen, "%s: %s", name,
		    e == ELOOP ? "is a symbolic link" : e == EINVAL ?
		    "not a regular file" : strerror(e));
	default:
		return verdict_set(VERDICT_TEMP, err, errlen, "cannot read "
		    "'%s': %s", name, strerror(e));
	}
}

/* name_ok - 1 if NAME is a plain file name inside the job directory */
static int
name_ok(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && n < 256 && name[0] != '.' &&
	    strchr(name, '/') == NULL;
}

/* read_job_file - NAME of JOB (at most MAX bytes) into SB, as a verdict */
static enum verdict
read_job_file(const struct job *job, const char *name, size_t max,
    struct strbuf *sb, char *err, size_t errlen)
{
	if (!name_ok(name))
		return verdict_set(VERDICT_PERM, err, errlen, "meta names an "
		    "unsafe file '%s'", name);
	strbuf_reset(sb);
	if (job_read(job, name, max, sb) < 0)
		return file_verdict(errno, name, max, err, errlen);
	return VERDICT_OK;
}

/* utf8_seq - length of the valid UTF-8 sequence at P (N bytes), 0 if none */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	if (p[0] < 0x80)
		return p[0] != 0 ? 1 : 0;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xe0 && p[1] < 0xa0) ||
		    (p[0] == 0xed && p[1] >= 0xa0))
			return 0;	/* overlong, surrogate */
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) ||
		    (p[0] == 0xf4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/* utf8_valid - 1 if the N bytes at S are UTF-8 without NUL */
static int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if ((k = utf8_seq(p + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

/*
 * utf8_clean - replace every byte of SB that is not valid UTF-8 (and NUL)
 * with U+FFFD; returns the number of replacements
 */
static size_t
utf8_clean(struct strbuf *sb)
{
	struct strbuf out = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)sb->buf;
	size_t i = 0, k, bad = 0;

	if (utf8_valid(sb->buf, sb->len))
		return 0;
	while (i < sb->len) {
		if ((k = utf8_seq(p + i, sb->len - i)) == 0) {
			strbuf_adds(&out, "\xef\xbf\xbd");
			bad++;
			i++;
		} else {
			strbuf_add(&out, p + i, k);
			i += k;
		}
	}
	strbuf_release(sb);
	*sb = out;
	return bad;
}

/*
 * meta_long - KEY of JOB as an integer in MIN..MAX into *OUT.  Returns 1
 * if present, 0 if absent, -1 (reason in ERR) if malformed or out of range
 */
static int
meta_long(const struct job *job, const char *key, long min, long max,
    long *out, char *err, size_t errlen)
{
	const char *v = job_get(job, key);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || end == v || n < min || n > max) {
		snprintf(err, errlen, "meta: %s: not a number from %ld to %ld",
		    key, min, max);
		return -1;
	}
	*out = n;
	return 1;
}

/* meta_double - like meta_long for a finite real number */
static int
meta_double(const struct job *job, const char *key, double *out, char *err,
    size_t errlen)
{
	const char *v = job_get(job, key);
	char *end;
	double d;

	if (v == NULL || *v == '\0')
		return 0;
	errno = 0;
	d = strtod(v, &end);
	if (errno != 0 || *end != '\0' || end == v || !isfinite(d)) {
		snprintf(err, errlen, "meta: %s: not a number", key);
		return -1;
	}
	*out = d;
	return 1;
}

/* is_hex64 - 1 if S is 64 lower-case hex digits */
static int
is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

/* bind_text - bind S (NULL binds NULL) as parameter I */
static int
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* bind_id - bind ID, or NULL when it is 0 */
static int
bind_id(sqlite3_stmt *st, int i, long long id)
{
	return id > 0 ? sqlite3_bind_int64(st, i, id) :
	    sqlite3_bind_null(st, i);
}

/* load_niss_valid - 11 digits whose mod-97 check holds (either century) */
int
load_niss_valid(const char *s)
{
	long n9 = 0, chk;
	int i;

	for (i = 0; i < 11; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	if (s[11] != '\0')
		return 0;
	for (i = 0; i < 9; i++)
		n9 = n9 * 10 + (s[i] - '0');
	chk = (s[9] - '0') * 10 + (s[10] - '0');
	if (97 - n9 % 97 == chk)
		return 1;
	/* born in 2000 or later: a 2 is put before the nine digits */
	return 97 - (2000000000L + n9) % 97 == chk;
}

/* load_actor - $USER if it is a plain name, else "dossier-load"; static */
const char *
load_actor(void)
{
	static char actor[65];
	const char *u = getenv("USER");
	size_t i;

	if (u == NULL || *u == '\0' || strlen(u) >= sizeof(actor))
		return LOAD_ACTOR;
	for (i = 0; u[i] != '\0'; i++)
		if (!isalnum((unsigned char)u[i]) && strchr("._-@", u[i]) ==
		    NULL)
			return LOAD_ACTOR;
	snprintf(actor, sizeof(actor), "%s", u);
	return actor;
}

/* ---------------------------------------------------------------- */
/* linking (SPEC §7) */

enum link_result {
	LINK_NEXT,		/* no decision: try the next method */
	LINK_FILED,		/* decided: filed to lk->household_id */
	LINK_REVIEW		/* decided: review with lk->reason */
};

static const char sql_person_by_nid[] =
    "SELECT id FROM person WHERE national_id = ?1";
static const char sql_person_households[] =
    "SELECT household_id FROM member WHERE person_id = ?1 AND until IS NULL";

/*
 * link_national_id - the national-number rule.  Filed only when at least
 * one valid number belongs to a registered person, every such person's
 * current membership is in one and the same household, and no valid
 * number is unknown to the registry.  A registered person without a
 * current membership counts as unknown.
 */
static int
link_national_id(struct db *db, const struct load_evidence *ev,
    struct load_link *lk)
{
	sqlite3_stmt *st;
	long long pid, hh = 0, person = 0, h;
	size_t i, j, nvalid = 0, ninvalid = 0, nknown = 0, nunknown = 0;
	int rc, several = 0, rows, dup;

	for (i = 0; i < ev->nnid; i++) {
		const char *num = ev->nid[i].number;

		if (!ev->nid[i].valid || !load_niss_valid(num)) {
			ninvalid++;
			continue;
		}
		for (dup = 0, j = 0; j < i && !dup; j++)
			dup = ev->nid[j].valid && strcmp(ev->nid[j].number,
			    num) == 0;
		if (dup)
			continue;
		nvalid++;
		if ((st = db_stmt(db, sql_person_by_nid)) == NULL)
			return -1;
		if (bind_text(st, 1, num) != SQLITE_OK)
			goto dbfail;
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			goto dbfail;
		pid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		db_done(st);
		msg_debug("national number %s: person %lld", num, pid);
		if (pid == 0) {
			nunknown++;
			continue;
		}
		if ((st = db_stmt(db, sql_person_households)) == NULL)
			return -1;
		if (sqlite3_bind_int64(st, 1, pid) != SQLITE_OK)
			goto dbfail;
		rows = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			h = sqlite3_column_int64(st, 0);
			rows++;
			if (hh == 0)
				hh = h;
			else if (h != hh)
				several = 1;
		}
		if (rc != SQLITE_DONE)
			goto dbfail;
		db_done(st);
		if (rows == 0) {
			nunknown++;	/* registered once, no household now */
			continue;
		}
		nknown++;
		person = pid;
	}
	if (nvalid == 0) {
		lk->reason = ninvalid > 0 ? LOAD_INVALID_NUMBER :
		    LOAD_NO_NUMBER;
		return LINK_NEXT;
	}
	if (nknown == 0) {
		lk->reason = LOAD_UNKNOWN_NUMBER;
		return LINK_NEXT;
	}
	if (nunknown > 0) {
		lk->reason = LOAD_UNREGISTERED;
		return LINK_REVIEW;
	}
	if (several) {
		lk->reason = LOAD_SEVERAL_HOUSEHOLDS;
		return LINK_REVIEW;
	}
	lk->household_id = hh;
	lk->person_id = nknown == 1 ? person : 0;
	lk->method = "national_id";
	lk->reason = NULL;
	return LINK_FILED;
dbfail:
	db_fail(db, "cannot look up the registry");
	db_done(st);
	return -1;
}

/*
 * The linking methods, strongest evidence first.  A method that finds no
 * usable evidence returns LINK_NEXT with the reason it would give; the
 * first such reason is the document's if no method decides.  Cover sheet
 * and migration index come before the national number, name plus birth
 * date after it (later issues).
 */
static const struct {
	const char *name;
	int	(*fn)(struct db *, const struct load_evidence *,
		    struct load_link *);
} link_methods[] = {
	{ "national_id", link_national_id },
};

/* load_link_document - try the linking methods in order (load.h) */
int
load_link_document(struct db *db, const struct load_evidence *ev,
    struct load_link *lk)
{
	const char *reason = NULL;
	size_t m;
	int rc;

	for (m = 0; m < sizeof(link_methods) / sizeof(link_methods[0]); m++) {
		memset(lk, 0, sizeof(*lk));
		rc = link_methods[m].fn(db, ev, lk);
		if (rc < 0)
			return -1;
		if (rc == LINK_FILED || rc == LINK_REVIEW)
			return 0;
		if (reason == NULL)
			reason = lk->reason;
	}
	memset(lk, 0, sizeof(*lk));
	lk->reason = reason != NULL ? reason : LOAD_NO_NUMBER;
	return 0;
}

/* ---------------------------------------------------------------- */
/* one job */

/* the per-page meta keys stored as page columns, bound from ?8 on */
enum { COL_INT, COL_REAL, COL_TEXT };
static const struct page_col {
	const char *key;	/* page.K.KEY */
	int	 type;
	long	 min, max;	/* for COL_INT */
} page_cols[] = {
	{ "width", COL_INT, 1, 1000000 },
	{ "height", COL_INT, 1, 1000000 },
	{ "dpi", COL_INT, 1, 100000 },
	{ "skew_deg", COL_REAL, 0, 0 },
	{ "orientation", COL_INT, 0, 270 },
	{ "blank", COL_INT, 0, 1 },
	{ "threshold", COL_INT, 0, 65535 },
	{ "blank_score", COL_REAL, 0, 0 },
	{ "skew_conf", COL_REAL, 0, 0 },
	{ "ocr_conf", COL_REAL, 0, 0 },
	{ "lang", COL_TEXT, 0, 0 },
	/* schema 2: the cleanup decisions */
	{ "binarisation", COL_TEXT, 0, 0 },
	{ "orientation_conf", COL_REAL, 0, 0 },
	{ "orientation_uncertain", COL_INT, 0, 1 },
	{ "dpi_source", COL_INT, 0, 100000 },
	{ "dpi_assumed", COL_INT, 0, 1 },
	{ "scale", COL_REAL, 0, 0 },
	{ "border_share", COL_REAL, 0, 0 },
	{ "holes", COL_INT, 0, 100000 },
	{ "photo_share", COL_REAL, 0, 0 },
};
#define NPAGE_COLS (sizeof(page_cols) / sizeof(page_cols[0]))
#define PAGE_COL0 8

struct page_in {
	long	 source_page;
	int	 blank;
	const char *image;	/* file name in the job, or NULL */
	const char *image_type;	/* "tiff-g4", "png" or NULL: from magic */
	const char *text;	/* file name in the job, or NULL */
	long long id;		/* page row, once inserted */
};

struct field_in {
	long	 page;		/* 1..pages, 0: the whole document */
	const char *kind, *value, *norm;
	int	 valid;
};

struct tag_in {
	const char *name, *value;
};

struct doc_in {
	const char *batch, *source_file, *sha, *media_type;
	const char *class, *class_rules, *lang;
	const char *review_reason;	/* an upstream stage's doubt */
	long	 size;		/* -1 if meta has none */
	long	 pages;
	int	 has_score;
	double	 score;
	struct page_in *page;	/* [pages] */
	struct strbuf tagbuf, fieldbuf;
	struct tag_in *tag;
	size_t	 ntag;
	struct field_in *field;
	size_t	 nfield;
};

static void
doc_free(struct doc_in *d)
{
	free(d->page);
	free(d->tag);
	free(d->field);
	strbuf_release(&d->tagbuf);
	strbuf_release(&d->fieldbuf);
	memset(d, 0, sizeof(*d));
}

/* page_meta - validate the numeric page keys of page K */
static enum verdict
page_meta(const struct job *job, long k, struct page_in *pg, char *err,
    size_t errlen)
{
	char key[64];
	size_t c;
	long n;
	double x;
	int rc;

	for (c = 0; c < NPAGE_COLS; c++) {
		job_pagekey(key, sizeof(key), (int)k, page_cols[c].key);
		switch (page_cols[c].type) {
		case COL_INT:
			rc = meta_long(job, key, page_cols[c].min,
			    page_cols[c].max, &n, err, errlen);
			if (rc > 0 && strcmp(page_cols[c].key,
			    "orientation") == 0 && n % 90 != 0) {
				snprintf(err, errlen, "meta: %s: not 0, 90, "
				    "180 or 270", key);
				rc = -1;
			}
			if (rc > 0 && strcmp(page_cols[c].key, "blank") == 0)
				pg->blank = (int)n;
			break;
		case COL_REAL:
			rc = meta_double(job, key, &x, err, errlen);
			break;
		default:
			rc = 0;
			break;
		}
		if (rc < 0)
			return VERDICT_PERM;
	}
	return VERDICT_OK;
}

/* split_lines - cut SB into lines in place; calls FN(line, lineno) */
static int
split_lines(struct strbuf *sb, int (*fn)(void *, char *, long), void *arg)
{
	char *p = sb->buf, *nl;
	long lineno = 0;

	while (p < sb->buf + sb->len) {
		nl = memchr(p, '\n', (size_t)(sb->buf + sb->len - p));
		if (nl != NULL)
			*nl = '\0';
		lineno++;
		if (nl != NULL && nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*p != '\0' && fn(arg, p, lineno) < 0)
			return -1;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return 0;
}

struct split_arg {
	struct doc_in *d;
	char	*err;
	size_t	 errlen;
};

/* add_tag - one line "name<TAB>value" of the tags file */
static int
add_tag(void *varg, char *line, long lineno)
{
	struct split_arg *a = varg;
	struct doc_in *d = a->d;
	char *tab = strchr(line, '\t');

	if (tab != NULL)
		*tab++ = '\0';
	if (*line == '\0') {
		snprintf(a->err, a->errlen, "tags:%ld: empty tag name",
		    lineno);
		return -1;
	}
	d->tag = xreallocarray(d->tag, d->ntag + 1, sizeof(*d->tag));
	d->tag[d->ntag].name = line;
	d->tag[d->ntag].value = tab != NULL ? tab : "";
	d->ntag++;
	return 0;
}

/* add_field - one line "page<TAB>kind<TAB>value<TAB>normalized<TAB>valid" */
static int
add_field(void *varg, char *line, long lineno)
{
	static const char *const kinds[] = {
		"national_id", "iban", "date", "amount", "nir", "dossier_ref",
		NULL
	};
	struct split_arg *a = varg;
	struct doc_in *d = a->d;
	char *col[5], *p = line, *end;
	struct field_in f;
	int i, k;

	for (i = 0; i < 5; i++) {
		col[i] = p;
		p = strchr(p, '\t');
		if (p == NULL) {
			if (i != 4) {
				snprintf(a->err, a->errlen, "fields:%ld: %d "
				    "columns, want 5", lineno, i + 1);
				return -1;
			}
			break;
		}
		if (i == 4) {
			snprintf(a->err, a->errlen, "fields:%ld: more than 5 "
			    "columns", lineno);
			return -1;
		}
		*p++ = '\0';
	}
	errno = 0;
	f.page = strtol(col[0], &end, 10);
	if (errno != 0 || end == col[0] || *end != '\0' || f.page < 0 ||
	    f.page > d->pages) {
		snprintf(a->err, a->errlen, "fields:%ld: page is not a page "
		    "of the document", lineno);
		return -1;
	}
	for (k = 0; kinds[k] != NULL; k++)
		if (strcmp(kinds[k], col[1]) == 0)
			break;
	if (kinds[k] == NULL) {
		snprintf(a->err, a->errlen, "fields:%ld: unknown kind",
		    lineno);
		return -1;
	}
	if (strcmp(col[4], "0") != 0 && strcmp(col[4], "1") != 0) {
		snprintf(a->err, a->errlen, "fields:%ld: valid is not 0 or 1",
		    lineno);
		return -1;
	}
	f.kind = kinds[k];
	f.value = col[2];
	f.norm = col[3];
	f.valid = col[4][0] == '1';
	d->field = xreallocarray(d->field, d->nfield + 1, sizeof(*d->field));
	d->field[d->nfield++] = f;
	return 0;
}

/*
 * read_list - the tags or fields file NAME of JOB, parsed line by line;
 * the file may be missing only when the meta count KEY is absent or 0
 */
static enum verdict
read_list(const struct job *job, struct doc_in *d, const char *name,
    struct strbuf *sb, int (*fn)(void *, char *, long), size_t *count,
    char *err, size_t errlen)
{
	struct split_arg a = { d, err, errlen };
	char path[PATH_MAX];
	long want = -1;
	enum verdict v;

	if (meta_long(job, name, 0, 1000000, &want, err, errlen) < 0)
		return VERDICT_PERM;
	if (job_path(job, name, path, sizeof(path)) < 0)
		return verdict_set(VERDICT_PERM, err, errlen, "%s: path too "
		    "long", name);
	if (want <= 0 && access(path, F_OK) < 0 && errno == ENOENT)
		return VERDICT_OK;
	if ((v = read_job_file(job, name, LOAD_LIST_MAX, sb, err, errlen)) !=
	    VERDICT_OK)
		return v;
	if (utf8_clean(sb) > 0)
		msg_warn("%s: invalid UTF-8 replaced", name);
	if (split_lines(sb, fn, &a) < 0)
		return VERDICT_PERM;
	if (want >= 0 && (size_t)want != *count)
		return verdict_set(VERDICT_PERM, err, errlen, "%s: %zu "
		    "entries, but meta says %ld (truncated?)", name, *count,
		    want);
	return VERDICT_OK;
}

/*
 * parse_job - check the job's meta and read its small files (tags,
 * fields) into D; images and texts are read page by page later
 */
static enum verdict
parse_job(const struct job *job, struct doc_in *d, char *err, size_t errlen)
{
	char key[64], path[PATH_MAX];
	struct stat st;
	enum verdict v;
	long k;

	memset(d, 0, sizeof(*d));
	strbuf_init(&d->tagbuf);
	strbuf_init(&d->fieldbuf);
	d->batch = job_get(job, "batch");
	d->source_file = job_get(job, "source_file");
	d->sha = job_get(job, "source_sha256");
	d->media_type = job_get(job, "media_type");
	d->class = job_get(job, "class");
	d->class_rules = job_get(job, "class_rules");
	d->lang = job_get(job, "lang");
	d->review_reason = job_get(job, "review_reason");
	if (d->review_reason != NULL && (*d->review_reason == '\0' ||
	    strlen(d->review_reason) > 200))
		return verdict_set(VERDICT_PERM, err, errlen, "meta: "
		    "review_reason: empty or longer than 200 bytes");
	if (d->batch != NULL && !job_id_valid(d->batch))
		return verdict_set(VERDICT_PERM, err, errlen, "meta: batch: "
		    "not a valid batch id");
	if (d->source_file == NULL || *d->source_file == '\0')
		return verdict_set(VERDICT_PERM, err, errlen, "meta: no "
		    "source_file");
	if (d->sha == NULL || !is_hex64(d->sha))
		return verdict_set(VERDICT_PERM, err, errlen, "meta: "
		    "source_sha256: not a SHA-256 in hex");
	if (d->media_type == NULL || *d->media_type == '\0')
		d->media_type = "application/octet-stream";
	if (d->class == NULL || *d->class == '\0')
		d->class = "other";
	if (d->lang != NULL && *d->lang == '\0')
		d->lang = NULL;
	d->size = -1;
	if (meta_long(job, "size", 0, LONG_MAX, &d->size, err, errlen) < 0)
		return VERDICT_PERM;
	switch (meta_double(job, "class_score", &d->score, err, errlen)) {
	case -1:
		return VERDICT_PERM;
	case 1:
		d->has_score = 1;
		break;
	}
	switch (meta_long(job, "pages", 1, LOAD_PAGES_MAX, &d->pages, err,
	    errlen)) {
	case -1:
		return VERDICT_PERM;
	case 0:
		return verdict_set(VERDICT_PERM, err, errlen, "meta: no "
		    "pages");
	}
	d->page = xcalloc((size_t)d->pages, sizeof(*d->page));
	for (k = 1; k <= d->pages; k++) {
		struct page_in *pg = &d->page[k - 1];

		job_pagekey(key, sizeof(key), (int)k, "source_page");
		switch (meta_long(job, key, 1, INT_MAX, &pg->source_page, err,
		    errlen)) {
		case -1:
			return VERDICT_PERM;
		case 0:
			return verdict_set(VERDICT_PERM, err, errlen, "meta: "
			    "no %s", key);
		}
		if ((v = page_meta(job, k, pg, err, errlen)) != VERDICT_OK)
			return v;
		pg->image = job_get(job, job_pagekey(key, sizeof(key),
		    (int)k, "image"));
		pg->image_type = job_get(job, job_pagekey(key, sizeof(key),
		    (int)k, "image_type"));
		pg->text = job_get(job, job_pagekey(key, sizeof(key), (int)k,
		    "text"));
		if (pg->image != NULL && *pg->image == '\0')
			pg->image = NULL;
		if (pg->text != NULL && *pg->text == '\0')
			pg->text = NULL;
		if (pg->image_type != NULL && *pg->image_type == '\0')
			pg->image_type = NULL;
		if (pg->image_type != NULL &&
		    strcmp(pg->image_type, "tiff-g4") != 0 &&
		    strcmp(pg->image_type, "png") != 0)
			return verdict_set(VERDICT_PERM, err, errlen, "meta: "
			    "page.%ld.image_type: not tiff-g4 or png", k);
		if (pg->image == NULL && !pg->blank)
			return verdict_set(VERDICT_PERM, err, errlen, "meta: "
			    "page %ld has no image", k);
		/* fail early, before the write lock, on a missing file */
		if (pg->image != NULL) {
			if (!name_ok(pg->image))
				return verdict_set(VERDICT_PERM, err, errlen,
				    "meta names an unsafe file '%s'",
				    pg->image);
			if (job_path(job, pg->image, path, sizeof(path)) < 0 ||
			    lstat(path, &st) < 0)
				return file_verdict(errno, pg->image,
				    LOAD_IMAGE_MAX, err, errlen);
			if (!S_ISREG(st.st_mode))
				return file_verdict(S_ISLNK(st.st_mode) ?
				    ELOOP : EINVAL, pg->image, LOAD_IMAGE_MAX,
				    err, errlen);
			if ((unsigned long)st.st_size > LOAD_IMAGE_MAX)
				return file_verdict(EFBIG, pg->image,
				    LOAD_IMAGE_MAX, err, errlen);
		}
		if (pg->text != NULL && !name_ok(pg->text))
			return verdict_set(VERDICT_PERM, err, errlen, "meta "
			    "names an unsafe file '%s'", pg->text);
	}
	if (d->class_rules != NULL && *d->class_rules == '\0')
		d->class_rules = NULL;
	if ((v = read_list(job, d, "tags", &d->tagbuf, add_tag, &d->ntag,
	    err, errlen)) != VERDICT_OK)
		return v;
	return read_list(job, d, "fields", &d->fieldbuf, add_field,
	    &d->nfield, err, errlen);
}

static const char sql_doc_find[] =
    "SELECT id FROM document WHERE source_sha256 = ?1 AND first_page = ?2";

/* doc_find - the id of the archived document D, 0 if none, -1 error */
static long long
doc_find(struct db *db, const struct doc_in *d)
{
	sqlite3_stmt *st;
	long long id = 0;
	int rc;

	if ((st = db_stmt(db, sql_doc_find)) == NULL)
		return -1;
	if (bind_text(st, 1, d->sha) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, d->page[0].source_page) != SQLITE_OK) {
		db_fail(db, "cannot look up document");
		db_done(st);
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE) {
		db_fail(db, "cannot look up document");
		id = -1;
	}
	db_done(st);
	return id;
}

static const char sql_batch_find[] = "SELECT 1 FROM batch WHERE id = ?1";
static const char sql_batch_add[] =
    "INSERT INTO batch (id, name, started_at, finished_at, pages_in, "
    "duplicates, cover_sheets) VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6)";

/*
 * batch_meta - read SPOOL/batch/ID/meta into BJ; -1 if it is not there
 * (or unreadable: the reason in ERR)
 */
static int
batch_meta(const char *spool, const char *id, struct job *bj, char *err,
    size_t errlen)
{
	char dir[PATH_MAX];

	if ((size_t)snprintf(dir, sizeof(dir), "%s/batch/%s", spool, id) >=
	    sizeof(dir)) {
		snprintf(err, errlen, "batch path too long");
		return -1;
	}
	return job_load(bj, dir, id, err, errlen);
}

/* batch_known - 1 if the archive has batch ID, 0 if not, -1 on error */
static int
batch_known(struct db *db, const char *id)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, sql_batch_find)) == NULL)
		return -1;
	if (bind_text(st, 1, id) != SQLITE_OK) {
		db_fail(db, "cannot look up batch");
		db_done(st);
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		db_fail(db, "cannot look up batch");
	db_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * ensure_batch - insert the batch row ID from the spool's batch file if
 * the archive does not have it yet; 0 or -1 (db->err)
 */
static int
ensure_batch(struct db *db, const char *spool, const char *id)
{
	sqlite3_stmt *st;
	struct job bj;
	char err[256];
	int have;

	if ((have = batch_known(db, id)) != 0)
		return have < 0 ? -1 : 0;
	have = batch_meta(spool, id, &bj, err, sizeof(err)) == 0;
	if (!have) {
		msg_warn("batch '%s': %s: counting from the archive only", id,
		    err);
		job_init(&bj, "", id);
	}
	if ((st = db_stmt(db, sql_batch_add)) == NULL) {
		job_free(&bj);
		return -1;
	}
	if (bind_text(st, 1, id) != SQLITE_OK ||
	    bind_text(st, 2, job_get(&bj, "name") != NULL ?
	    job_get(&bj, "name") : id) != SQLITE_OK ||
	    bind_text(st, 3, job_get(&bj, "started_at")) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, job_get_long(&bj, "pages_in", 0)) !=
	    SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, job_get_long(&bj, "duplicates", 0)) !=
	    SQLITE_OK ||
	    sqlite3_bind_int64(st, 6, job_get_long(&bj, "cover_sheets", 0)) !=
	    SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		job_free(&bj);
		goto fail;
	}
	job_free(&bj);
	db_done(st);
	return 0;
fail:
	db_fail(db, "cannot record batch");
	db_done(st);
	return -1;
}

static const char sql_source_add[] =
    "INSERT INTO source (sha256, file_name, media_type, size, content, "
    "created_at) VALUES (?1, ?2, ?3, ?4, zeroblob(?4), ?5)";

/*
 * put_source - stream the job's "source" file into a new source row,
 * 1 MB at a time (memory stays bounded whatever its size), checking its
 * SHA-256 against the meta's as it goes
 */
static enum verdict
put_source(struct db *db, const struct job *job, const struct doc_in *d,
    const char *now, char *err, size_t errlen)
{
	enum { CHUNK = 1024 * 1024 };
	char path[PATH_MAX], hex[SHA256_HEX_LEN + 1];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	sqlite3_blob *blob = NULL;
	sqlite3_stmt *st;
	EVP_MD_CTX *mdctx = NULL;
	struct stat sb;
	enum verdict v = VERDICT_OK;
	char *buf = NULL;
	long long off = 0, size;
	ssize_t r;
	int fd = -1;

	if (job_path(job, "source", path, sizeof(path)) < 0)
		return verdict_set(VERDICT_PERM, err, errlen, "source: path "
		    "too long");
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return file_verdict(errno, "source", LOAD_SOURCE_MAX, err,
		    errlen);
	if (fstat(fd, &sb) < 0) {
		v = file_verdict(errno, "source", LOAD_SOURCE_MAX, err,
		    errlen);
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		v = file_verdict(EINVAL, "source", 0, err, errlen);
		goto out;
	}
	size = (long long)sb.st_size;
	if ((unsigned long long)size > LOAD_SOURCE_MAX) {
		v = file_verdict(EFBIG, "source", LOAD_SOURCE_MAX, err,
		    errlen);
		goto out;
	}
	if (d->size >= 0 && size != d->size) {
		v = verdict_set(VERDICT_PERM, err, errlen, "source: %lld "
		    "bytes, but meta size says %ld", size, d->size);
		goto out;
	}
	if ((st = db_stmt(db, sql_source_add)) == NULL)
		goto dbfail;
	if (bind_text(st, 1, d->sha) != SQLITE_OK ||
	    bind_text(st, 2, d->source_file) != SQLITE_OK ||
	    bind_text(st, 3, d->media_type) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, size) != SQLITE_OK ||
	    bind_text(st, 5, now) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "cannot store source");
		db_done(st);
		goto dbfail;
	}
	db_done(st);
	if (sqlite3_blob_open(db->h, "main", "source", "content",
	    sqlite3_last_insert_rowid(db->h), 1, &blob) != SQLITE_OK) {
		db_fail(db, "cannot store source");
		goto dbfail;
	}
	if ((mdctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(mdctx, EVP_sha256(), NULL) != 1) {
		v = verdict_set(VERDICT_TEMP, err, errlen, "SHA-256: cannot "
		    "initialise libcrypto");
		goto out;
	}
	buf = xmalloc(CHUNK);
	while (off < size) {
		size_t want = size - off < CHUNK ? (size_t)(size - off) :
		    CHUNK;

		r = read(fd, buf, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			v = verdict_set(VERDICT_TEMP, err, errlen, "cannot "
			    "read 'source': %s", strerror(errno));
			goto out;
		}
		if (r == 0) {
			v = verdict_set(VERDICT_PERM, err, errlen, "source: "
			    "shrank while being read");
			goto out;
		}
		if (sqlite3_blob_write(blob, buf, (int)r, (int)off) !=
		    SQLITE_OK) {
			db_fail(db, "cannot store source");
			goto dbfail;
		}
		EVP_DigestUpdate(mdctx, buf, (size_t)r);
		off += r;
	}
	if (EVP_DigestFinal_ex(mdctx, md, &mdlen) != 1 || mdlen != 32) {
		v = verdict_set(VERDICT_TEMP, err, errlen, "SHA-256 failed");
		goto out;
	}
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	if (strcmp(hex, d->sha) != 0) {
		v = verdict_set(VERDICT_PERM, err, errlen, "source: content "
		    "does not match source_sha256");
		goto out;
	}
	if (sqlite3_blob_close(blob) != SQLITE_OK) {
		blob = NULL;
		db_fail(db, "cannot store source");
		goto dbfail;
	}
	blob = NULL;
	goto out;
dbfail:
	v = db_verdict(db, err, errlen);
out:
	if (blob != NULL)
		sqlite3_blob_close(blob);
	EVP_MD_CTX_free(mdctx);
	free(buf);
	if (fd >= 0)
		close(fd);
	return v;
}

/* image_magic - "png", "tiff" or NULL from the first bytes of SB */
static const char *
image_magic(const struct strbuf *sb)
{
	if (sb->len >= 8 && memcmp(sb->buf, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "png";
	if (sb->len >= 4 && (memcmp(sb->buf, "II*\0", 4) == 0 ||
	    memcmp(sb->buf, "MM\0*", 4) == 0))
		return "tiff";
	return NULL;
}

static const char sql_doc_add[] =
    "INSERT INTO document (batch_id, job_id, source_file, source_sha256, "
    "first_page, page_count, class, class_score, class_rules, household_id, "
    "person_id, link_method, status, review_reason, lang, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16)";
static const char sql_page_add[] =
    "INSERT INTO page (document_id, page_no, source_page, image, image_type, "
    "image_sha256, text, width, height, dpi, skew_deg, orientation, blank, "
    "threshold, blank_score, skew_conf, ocr_conf, lang, binarisation, "
    "orientation_conf, orientation_uncertain, dpi_source, dpi_assumed, scale, "
    "border_share, holes, photo_share) VALUES (?1, ?2, ?3, "
    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, coalesce(?12, 0), coalesce(?13, 0), "
    "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)";
static const char sql_tag_add[] =
    "INSERT OR IGNORE INTO tag (document_id, name, value) "
    "VALUES (?1, ?2, ?3)";
static const char sql_field_add[] =
    "INSERT INTO field (document_id, page_id, kind, value, normalized, "
    "valid) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_household_ref[] =
    "SELECT ref FROM household WHERE id = ?1";

/* put_page - read page K's image and text and insert its row */
static enum verdict
put_page(struct db *db, const struct job *job, long long doc, long k,
    struct page_in *pg, struct strbuf *img, struct strbuf *txt, char *err,
    size_t errlen)
{
	char key[64], sha[SHA256_HEX_LEN + 1];
	const char *type = pg->image_type, *magic;
	sqlite3_stmt *st;
	enum verdict v;
	size_t c;
	int rc = SQLITE_OK, bad;

	strbuf_reset(img);
	strbuf_reset(txt);
	if (pg->image != NULL) {
		if ((v = read_job_file(job, pg->image, LOAD_IMAGE_MAX, img,
		    err, errlen)) != VERDICT_OK)
			return v;
		magic = image_magic(img);
		if (magic == NULL || (type != NULL &&
		    strncmp(type, magic, strlen(magic)) != 0))
			return verdict_set(VERDICT_PERM, err, errlen, "%s: not "
			    "a %s image", pg->image, type != NULL ? type :
			    "PNG or TIFF");
		if (type == NULL)
			type = strcmp(magic, "png") == 0 ? "png" : "tiff-g4";
		sha256_hex(img->buf, img->len, sha);
	}
	if (pg->text != NULL) {
		if ((v = read_job_file(job, pg->text, LOAD_TEXT_MAX, txt, err,
		    errlen)) != VERDICT_OK)
			return v;
		if ((bad = (int)utf8_clean(txt)) > 0)
			msg_warn("%s: %d bytes of invalid UTF-8 replaced",
			    pg->text, bad);
	}
	if ((st = db_stmt(db, sql_page_add)) == NULL)
		return db_verdict(db, err, errlen);
	rc |= sqlite3_bind_int64(st, 1, doc);
	rc |= sqlite3_bind_int64(st, 2, k);
	rc |= sqlite3_bind_int64(st, 3, pg->source_page);
	if (pg->image != NULL) {
		rc |= sqlite3_bind_blob64(st, 4, img->buf, img->len,
		    SQLITE_STATIC);
		rc |= bind_text(st, 5, type);
		rc |= sqlite3_bind_text(st, 6, sha, -1, SQLITE_TRANSIENT);
	}
	if (pg->text != NULL)
		rc |= sqlite3_bind_text64(st, 7, txt->buf, txt->len,
		    SQLITE_STATIC, SQLITE_UTF8);
	for (c = 0; c < NPAGE_COLS; c++) {
		const char *val = job_get(job, job_pagekey(key, sizeof(key),
		    (int)k, page_cols[c].key));
		int idx = PAGE_COL0 + (int)c;

		if (val == NULL || *val == '\0')
			continue;	/* stays NULL: checked by page_meta */
		if (page_cols[c].type == COL_INT)
			rc |= sqlite3_bind_int64(st, idx, strtol(val, NULL,
			    10));
		else if (page_cols[c].type == COL_REAL)
			rc |= sqlite3_bind_double(st, idx, strtod(val, NULL));
		else
			rc |= bind_text(st, idx, val);
	}
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "cannot store page");
		db_done(st);
		return db_verdict(db, err, errlen);
	}
	db_done(st);
	pg->id = sqlite3_last_insert_rowid(db->h);
	return VERDICT_OK;
}

/* put_lists - the tags and fields of document DOC */
static int
put_lists(struct db *db, const struct doc_in *d, long long doc)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < d->ntag; i++) {
		if ((st = db_stmt(db, sql_tag_add)) == NULL)
			return -1;
		rc = sqlite3_bind_int64(st, 1, doc);
		rc |= bind_text(st, 2, d->tag[i].name);
		rc |= bind_text(st, 3, d->tag[i].value);
		if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		db_done(st);
	}
	for (i = 0; i < d->nfield; i++) {
		const struct field_in *f = &d->field[i];

		if ((st = db_stmt(db, sql_field_add)) == NULL)
			return -1;
		rc = sqlite3_bind_int64(st, 1, doc);
		rc |= bind_id(st, 2, f->page > 0 ? d->page[f->page - 1].id :
		    0);
		rc |= bind_text(st, 3, f->kind);
		rc |= bind_text(st, 4, f->value);
		rc |= bind_text(st, 5, f->norm);
		rc |= sqlite3_bind_int(st, 6, f->valid);
		if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		db_done(st);
	}
	return 0;
fail:
	db_fail(db, "cannot store tags and fields");
	db_done(st);
	return -1;
}

/* household_ref - the ref of household ID into BUF; 0 or -1 */
static int
household_ref(struct db *db, long long id, char *buf, size_t size)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, sql_household_ref)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_ROW) {
		db_fail(db, "cannot read household");
		db_done(st);
		return -1;
	}
	snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
	db_done(st);
	return 0;
}

/* put_document - everything of D inside the open transaction */
static enum verdict
put_document(struct load_ctx *ctx, const struct job *job, struct doc_in *d,
    long long *docid, struct load_link *lk, char *err, size_t errlen)
{
	struct db *db = &ctx->db;
	struct strbuf img = STRBUF_INIT, txt = STRBUF_INIT;
	struct strbuf detail = STRBUF_INIT;
	struct load_nid *nid = NULL;
	struct load_evidence ev;
	char now[32], ref[128], object[64];
	sqlite3_stmt *st;
	enum verdict v = VERDICT_OK;
	size_t i, n = 0;
	long k;
	int rc, have;

	db_timestamp(now, sizeof(now));
	if (d->batch != NULL && ensure_batch(db, ctx->spool, d->batch) < 0)
		goto dbfail;
	if ((have = db_source_exists(db, d->sha)) < 0)
		goto dbfail;
	if (!have && (v = put_source(db, job, d, now, err, errlen)) !=
	    VERDICT_OK)
		goto out;

	nid = xcalloc(d->nfield + 1, sizeof(*nid));
	for (i = 0; i < d->nfield; i++)
		if (strcmp(d->field[i].kind, "national_id") == 0) {
			nid[n].number = d->field[i].norm;
			nid[n].valid = d->field[i].valid;
			n++;
		}
	ev.nid = nid;
	ev.nnid = n;
	if (load_link_document(db, &ev, lk) < 0)
		goto dbfail;
	/*
	 * An upstream stage doubted the document (e.g. a low classification
	 * score): a person looks at it whatever the linking found.
	 */
	if (d->review_reason != NULL && lk->household_id > 0) {
		memset(lk, 0, sizeof(*lk));
		lk->reason = d->review_reason;
	}

	if ((st = db_stmt(db, sql_doc_add)) == NULL)
		goto dbfail;
	rc = bind_text(st, 1, d->batch);
	rc |= bind_text(st, 2, job->id);
	rc |= bind_text(st, 3, d->source_file);
	rc |= bind_text(st, 4, d->sha);
	rc |= sqlite3_bind_int64(st, 5, d->page[0].source_page);
	rc |= sqlite3_bind_int64(st, 6, d->pages);
	rc |= bind_text(st, 7, d->class);
	if (d->has_score)
		rc |= sqlite3_bind_double(st, 8, d->score);
	rc |= bind_text(st, 9, d->class_rules);
	rc |= bind_id(st, 10, lk->household_id);
	rc |= bind_id(st, 11, lk->person_id);
	rc |= bind_text(st, 12, lk->method);
	rc |= bind_text(st, 13, lk->household_id > 0 ? "filed" : "review");
	rc |= bind_text(st, 14, lk->household_id > 0 ? NULL : lk->reason);
	rc |= bind_text(st, 15, d->lang);
	rc |= bind_text(st, 16, now);
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "cannot store document");
		db_done(st);
		goto dbfail;
	}
	db_done(st);
	*docid = sqlite3_last_insert_rowid(db->h);

	for (k = 1; k <= d->pages; k++)
		if ((v = put_page(db, job, *docid, k, &d->page[k - 1], &img,
		    &txt, err, errlen)) != VERDICT_OK)
			goto out;
	if (put_lists(db, d, *docid) < 0)
		goto dbfail;

	strbuf_addf(&detail, "class=%s", d->class);
	if (lk->household_id > 0) {
		if (household_ref(db, lk->household_id, ref, sizeof(ref)) < 0)
			goto dbfail;
		strbuf_addf(&detail, " household=%s link=%s", ref, lk->method);
		if (lk->person_id > 0)
			strbuf_addf(&detail, " person=%lld", lk->person_id);
	} else
		strbuf_addf(&detail, " reason=%s", lk->reason);
	strbuf_addf(&detail, " source=%s page=%ld pages=%ld job=%s", d->sha,
	    d->page[0].source_page, d->pages, job->id);
	snprintf(object, sizeof(object), "document:%lld", *docid);
	if (db_audit(db, LOAD_ACTOR, lk->household_id > 0 ? "document.file" :
	    "document.review", object, detail.buf) < 0)
		goto dbfail;
	goto out;
dbfail:
	v = db_verdict(db, err, errlen);
out:
	free(nid);
	strbuf_release(&img);
	strbuf_release(&txt);
	strbuf_release(&detail);
	return v;
}

/* load_job - one job into the archive in one transaction (load.h) */
enum verdict
load_job(struct load_ctx *ctx, struct job *job, char *err, size_t errlen)
{
	struct db *db = &ctx->db;
	struct load_link lk;
	struct doc_in d;
	enum verdict v;
	long long id = 0;

	if ((v = parse_job(job, &d, err, errlen)) != VERDICT_OK)
		goto out;
	/* the common duplicate: no lock needed to see it */
	if ((id = doc_find(db, &d)) != 0) {
		if (id < 0)
			v = db_verdict(db, err, errlen);
		else
			msg_info("already archived as document %lld", id);
		goto out;
	}
	if (db_begin(db) < 0) {
		v = db_verdict(db, err, errlen);
		goto out;
	}
	/* again under the write lock: another worker may have been first */
	if ((id = doc_find(db, &d)) != 0) {
		if (id < 0)
			v = db_verdict(db, err, errlen);
		else
			msg_info("already archived as document %lld", id);
		db_rollback(db);
		goto out;
	}
	if ((v = put_document(ctx, job, &d, &id, &lk, err, errlen)) !=
	    VERDICT_OK) {
		db_rollback(db);
		goto out;
	}
	if (db_commit(db) < 0) {
		v = db_verdict(db, err, errlen);
		goto out;
	}
	if (lk.household_id > 0)
		msg_info("document %lld filed (%s, %s)", id, d.class,
		    lk.method);
	else
		msg_info("document %lld to review: %s", id, lk.reason);
out:
	doc_free(&d);
	return v;
}

/* load_worker_init - per worker: its own archive connection */
int
load_worker_init(void **vctx, char *err, size_t errlen)
{
	struct load_ctx *ctx = xcalloc(1, sizeof(*ctx));

	snprintf(ctx->spool, sizeof(ctx->spool), "%s", stage_opt.spool);
	if (db_open(&ctx->db, stage_opt.archive, DB_CREATE, err,
	    errlen) < 0) {
		free(ctx);
		return -1;
	}
	*vctx = ctx;
	return 0;
}

/* load_process - the stage callback: load_job() */
enum verdict
load_process(void *vctx, struct job *job, char *err, size_t errlen)
{
	return load_job(vctx, job, err, errlen);
}

/* load_worker_fini - close the worker's connection; CTX is freed */
void
load_worker_fini(void *vctx)
{
	struct load_ctx *ctx = vctx;

	if (ctx == NULL)
		return;
	db_close(&ctx->db);
	free(ctx);
}

/* ---------------------------------------------------------------- */
/* the household registry (SPEC §5) */

#define CSV_FIELDS_MAX	256
#define CSV_FIELD_MAX	1024	/* bytes in one registry value */

struct csv {
	const char *p, *end;
	int	 sep;
	long	 line;			/* line of the next byte */
	long	 rec_line;		/* where the last record started */
	struct strbuf buf;		/* the record's fields, NUL-separated */
	size_t	 off[CSV_FIELDS_MAX];
	size_t	 nf;
	int	 overflow;		/* more than CSV_FIELDS_MAX fields */
};

/*
 * csv_next - read one record.  Returns 1, 0 at the end of the input, -1
 * for a quoted field that never ends (the rest of the file is in it).
 */
static int
csv_next(struct csv *c)
{
	int quoted, c0;

	strbuf_reset(&c->buf);
	c->nf = 0;
	c->overflow = 0;
	c->rec_line = c->line;
	if (c->p >= c->end)
		return 0;
	for (;;) {
		if (c->nf < CSV_FIELDS_MAX)
			c->off[c->nf++] = c->buf.len;
		else
			c->overflow = 1;
		quoted = c->p < c->end && *c->p == '"';
		if (quoted) {
			c->p++;
			for (;;) {
				if (c->p >= c->end)
					return -1;
				if (*c->p == '"') {
					if (c->p + 1 < c->end &&
					    c->p[1] == '"') {
						strbuf_addc(&c->buf, '"');
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n')
					c->line++;
				else if (*c->p == '\r' && c->p + 1 < c->end &&
				    c->p[1] == '\n') {
					c->p++;		/* CRLF inside quotes */
					continue;
				}
				strbuf_addc(&c->buf, *c->p++);
			}
		}
		/* unquoted text, or what follows a closing quote */
		while (c->p < c->end && *c->p != c->sep && *c->p != '\n') {
			c0 = *c->p++;
			if (c0 == '\r' && (c->p == c->end || *c->p == '\n'))
				continue;
			strbuf_addc(&c->buf, c0);
		}
		strbuf_addc(&c->buf, '\0');
		if (c->p >= c->end)
			return 1;
		if (*c->p == '\n') {
			c->p++;
			c->line++;
			return 1;
		}
		c->p++;		/* separator */
	}
}

/* csv_field - field I of the current record ("" past the end) */
static const char *
csv_field(const struct csv *c, size_t i)
{
	return i < c->nf ? c->buf.buf + c->off[i] : "";
}

/* csv_text_ok - 1 if every field of the record is UTF-8 without NUL */
static int
csv_text_ok(const struct csv *c)
{
	size_t f, len;

	for (f = 0; f < c->nf; f++) {
		len = (f + 1 < c->nf ? c->off[f + 1] : c->buf.len) -
		    c->off[f] - 1;
		if (!utf8_valid(c->buf.buf + c->off[f], len))
			return 0;
	}
	return 1;
}

/* columns of the registry, in SPEC order */
enum { R_HOUSEHOLD, R_NID, R_SURNAME, R_GIVEN, R_BIRTH, R_ADDRESS, R_NCOL };
static const char *const reg_cols[R_NCOL] = {
	"household", "national_id", "surname", "given_name", "birth_date",
	"address"
};

struct reg_row {
	long	 line;
	char	*v[R_NCOL];		/* trimmed; birth "" = unknown */
	int	 rejected;
	long long hh_id;
	long long person_id;
};

/* trim - strip ASCII blanks at both ends, in place */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* date_valid - 1 if S is a real calendar date YYYY-MM-DD */
static int
date_valid(const char *s)
{
	static const int mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int y, m, d, i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)
		    s[i]))
			return 0;
	if (s[10] != '\0')
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1800 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return 0;
	return 1;
}

/*
 * reg_check - validate and normalise one row; NULL if good, else the
 * reason (without personal data)
 */
static const char *
reg_check(struct reg_row *r)
{
	char *s, *d;
	int i;

	for (i = 0; i < R_NCOL; i++) {
		if (strlen(r->v[i]) > CSV_FIELD_MAX)
			return "value too long";
		/* an address may span lines; nothing else may */
		for (s = r->v[i]; *s != '\0'; s++)
			if ((unsigned char)*s < 0x20 && !(i == R_ADDRESS &&
			    (*s == '\n' || *s == '\r')))
				return "control character in a value";
	}
	if (*r->v[R_HOUSEHOLD] == '\0')
		return "no household";
	if (strlen(r->v[R_HOUSEHOLD]) > 64)
		return "household reference longer than 64 bytes";
	/* national numbers are often written 85.07.30-033.28 */
	for (s = d = r->v[R_NID]; *s != '\0'; s++)
		if (strchr(" .-/", *s) == NULL)
			*d++ = *s;
	*d = '\0';
	if (*r->v[R_NID] == '\0')
		return "no national number";
	if (strlen(r->v[R_NID]) != 11 || strspn(r->v[R_NID],
	    "0123456789") != 11)
		return "national number is not 11 digits";
	if (!load_niss_valid(r->v[R_NID]))
		return "invalid national number (check digits)";
	if (*r->v[R_SURNAME] == '\0')
		return "no surname";
	if (*r->v[R_BIRTH] != '\0' && !date_valid(r->v[R_BIRTH]))
		return "birth_date is not a date YYYY-MM-DD";
	return NULL;
}

static int
cmp_nid(const void *a, const void *b)
{
	const struct reg_row *x = *(struct reg_row *const *)a;
	const struct reg_row *y = *(struct reg_row *const *)b;
	int c = strcmp(x->v[R_NID], y->v[R_NID]);

	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

static int
cmp_household(const void *a, const void *b)
{
	const struct reg_row *x = *(struct reg_row *const *)a;
	const struct reg_row *y = *(struct reg_row *const *)b;
	int c = strcmp(x->v[R_HOUSEHOLD], y->v[R_HOUSEHOLD]);

	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

/* same_person - 1 if rows A and B give the same personal data */
static int
same_person(const struct reg_row *a, const struct reg_row *b)
{
	return strcmp(a->v[R_SURNAME], b->v[R_SURNAME]) == 0 &&
	    strcmp(a->v[R_GIVEN], b->v[R_GIVEN]) == 0 &&
	    strcmp(a->v[R_BIRTH], b->v[R_BIRTH]) == 0;
}

struct registry {
	const char *path;
	struct reg_row *row;
	size_t	 nrow;
	struct reg_row **by_nid, **by_hh;
	struct load_registry_stats *st;
};

static void
registry_free(struct registry *rg)
{
	size_t i;
	int j;

	for (i = 0; i < rg->nrow; i++)
		for (j = 0; j < R_NCOL; j++)
			free(rg->row[i].v[j]);
	free(rg->row);
	free(rg->by_nid);
	free(rg->by_hh);
}

/* reject - report row R as refused */
static void
reject(struct registry *rg, struct reg_row *r, const char *why)
{
	msg_error("%s:%ld: %s", rg->path, r->line, why);
	r->rejected = 1;
	rg->st->rejected++;
}

/*
 * registry_parse - read and check the CSV into RG; -1 (ERR) if the file
 * itself is unusable: unreadable, too large, no header, missing columns
 */
static int
registry_parse(struct registry *rg, char *err, size_t errlen)
{
	struct strbuf sb = STRBUF_INIT;
	struct csv c;
	int col[R_NCOL], i, rc, sepi;
	size_t f, alloc = 0;
	const char *p;
	static const int seps[] = { ';', ',' };

	memset(&c, 0, sizeof(c));
	strbuf_init(&c.buf);
	if (file_read(rg->path, LOAD_REGISTRY_MAX, &sb) < 0) {
		snprintf(err, errlen, "cannot read registry '%s': %s",
		    rg->path, errno == EFBIG ? "file too large" :
		    errno == EINVAL ? "not a regular file" : strerror(errno));
		goto fail;
	}
	p = sb.buf;
	if (sb.len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	/* the separator is the one that makes the header complete */
	for (sepi = 0; sepi < 2; sepi++) {
		c.p = p;
		c.end = sb.buf + sb.len;
		c.sep = seps[sepi];
		c.line = 1;
		do
			rc = csv_next(&c);
		while (rc == 1 && c.nf == 1 && *csv_field(&c, 0) == '\0');
		if (rc != 1) {
			snprintf(err, errlen, "%s: no header line", rg->path);
			goto fail;
		}
		if (!csv_text_ok(&c)) {
			snprintf(err, errlen, "%s:%ld: header is not UTF-8",
			    rg->path, c.rec_line);
			goto fail;
		}
		for (i = 0; i < R_NCOL; i++)
			col[i] = -1;
		for (f = 0; f < c.nf; f++) {
			char name[64];
			size_t k;

			snprintf(name, sizeof(name), "%s", csv_field(&c, f));
			for (k = 0; name[k] != '\0'; k++)
				name[k] = (char)tolower((unsigned char)
				    name[k]);
			for (i = 0; i < R_NCOL; i++)
				if (strcmp(trim(name), reg_cols[i]) == 0) {
					if (col[i] >= 0) {
						snprintf(err, errlen, "%s:%ld: "
						    "column '%s' twice",
						    rg->path, c.rec_line,
						    reg_cols[i]);
						goto fail;
					}
					col[i] = (int)f;
				}
		}
		if (col[R_HOUSEHOLD] >= 0 && col[R_NID] >= 0)
			break;
	}
	if (sepi == 2) {
		snprintf(err, errlen, "%s:%ld: header has no columns "
		    "'household' and 'national_id'", rg->path, c.rec_line);
		goto fail;
	}
	for (i = 0; i < R_NCOL; i++)
		if (col[i] < 0) {
			snprintf(err, errlen, "%s:%ld: header has no column "
			    "'%s'", rg->path, c.rec_line, reg_cols[i]);
			goto fail;
		}

	for (;;) {
		struct reg_row *r;
		const char *why = NULL;

		rc = csv_next(&c);
		if (rc == 0)
			break;
		if (rc == 1 && c.nf == 1 && *csv_field(&c, 0) == '\0')
			continue;	/* an empty line */
		if (rg->nrow == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			rg->row = xreallocarray(rg->row, alloc,
			    sizeof(*rg->row));
		}
		r = &rg->row[rg->nrow++];
		memset(r, 0, sizeof(*r));
		r->line = c.rec_line;
		for (i = 0; i < R_NCOL; i++) {
			char *v = xstrdup(csv_field(&c, (size_t)col[i]));

			r->v[i] = xstrdup(trim(v));
			free(v);
		}
		if (rc < 0)
			why = "quoted field does not end";
		else if (!csv_text_ok(&c))
			why = "not valid UTF-8";
		if (why == NULL && c.overflow)
			why = "too many columns";
		if (why == NULL && c.nf <= (size_t)col[R_HOUSEHOLD])
			why = "missing columns";
		for (i = 0; why == NULL && i < R_NCOL; i++)
			if (c.nf <= (size_t)col[i])
				why = "missing columns";
		if (why == NULL)
			why = reg_check(r);
		if (why != NULL)
			reject(rg, r, why);
		if (rc < 0)
			break;
	}
	strbuf_release(&sb);
	strbuf_release(&c.buf);
	return 0;
fail:
	strbuf_release(&sb);
	strbuf_release(&c.buf);
	return -1;
}

/*
 * registry_conflicts - sort the good rows by national number and refuse
 * a number given again with other personal data; a person listed in two
 * households is kept in both (their documents will go to review)
 */
static void
registry_conflicts(struct registry *rg)
{
	size_t i, j, n = 0;

	rg->by_nid = xcalloc(rg->nrow + 1, sizeof(*rg->by_nid));
	for (i = 0; i < rg->nrow; i++)
		if (!rg->row[i].rejected)
			rg->by_nid[n++] = &rg->row[i];
	qsort(rg->by_nid, n, sizeof(*rg->by_nid), cmp_nid);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(rg->by_nid[j]->v[R_NID],
		    rg->by_nid[i]->v[R_NID]) == 0; j++) {
			struct reg_row *a = rg->by_nid[i], *b = rg->by_nid[j];
			char why[128];

			if (!same_person(a, b)) {
				snprintf(why, sizeof(why), "national number "
				    "already listed at line %ld with other "
				    "personal data", a->line);
				reject(rg, b, why);
			} else if (strcmp(a->v[R_HOUSEHOLD],
			    b->v[R_HOUSEHOLD]) != 0)
				msg_warn("%s:%ld: person also listed in "
				    "another household at line %ld: their "
				    "documents will go to review", rg->path,
				    b->line, a->line);
		}
	}
	rg->by_hh = xcalloc(rg->nrow + 1, sizeof(*rg->by_hh));
	for (i = 0, n = 0; i < rg->nrow; i++)
		if (!rg->row[i].rejected)
			rg->by_hh[n++] = &rg->row[i];
	qsort(rg->by_hh, n, sizeof(*rg->by_hh), cmp_household);
	for (i = 0, n = 0; i < rg->nrow; i++)
		if (!rg->row[i].rejected)
			n++;
	rg->st->rows = (long)n;
	/* rebuild by_nid without the rows refused just now */
	for (i = 0, j = 0; rg->by_nid[i] != NULL; i++)
		if (!rg->by_nid[i]->rejected)
			rg->by_nid[j++] = rg->by_nid[i];
	rg->by_nid[j] = NULL;
}

static const char sql_hh_get[] =
    "SELECT id, address FROM household WHERE ref = ?1";
static const char sql_hh_add[] =
    "INSERT INTO household (ref, address, created_at) VALUES (?1, ?2, ?3)";
static const char sql_hh_address[] =
    "UPDATE household SET address = ?2 WHERE id = ?1";
static const char sql_person_get[] =
    "SELECT id, surname, given_name, ifnull(birth_date, '') FROM person "
    "WHERE national_id = ?1";
static const char sql_person_add[] =
    "INSERT INTO person (national_id, surname, given_name, birth_date, "
    "created_at, updated_at) VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?5)";
static const char sql_person_update[] =
    "UPDATE person SET surname = ?2, given_name = ?3, "
    "birth_date = nullif(?4, ''), updated_at = ?5 WHERE id = ?1";
static const char sql_member_open[] =
    "SELECT m.id, m.household_id, h.ref FROM member m "
    "JOIN household h ON h.id = m.household_id "
    "WHERE m.person_id = ?1 AND m.until IS NULL ORDER BY m.id";
static const char sql_member_close[] =
    "UPDATE member SET until = max(?2, since) WHERE id = ?1";
static const char sql_member_add[] =
    "INSERT INTO member (household_id, person_id, since) VALUES (?1, ?2, ?3)";

/* registry_households - add or update the households named in RG */
static int
registry_households(struct db *db, struct registry *rg, const char *actor,
    const char *now)
{
	struct reg_row **h = rg->by_hh;
	struct strbuf detail = STRBUF_INIT;
	char object[64];
	sqlite3_stmt *st = NULL;
	const char *addr, *old;
	long long id;
	size_t i, j, k;
	int rc, changed;

	for (i = 0; h[i] != NULL; i = j) {
		addr = "";
		for (j = i; h[j] != NULL && strcmp(h[j]->v[R_HOUSEHOLD],
		    h[i]->v[R_HOUSEHOLD]) == 0; j++)
			if (*addr == '\0')
				addr = h[j]->v[R_ADDRESS];
		if ((st = db_stmt(db, sql_hh_get)) == NULL)
			goto fail;
		if (bind_text(st, 1, h[i]->v[R_HOUSEHOLD]) != SQLITE_OK)
			goto dbfail;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			id = sqlite3_column_int64(st, 0);
			old = (const char *)sqlite3_column_text(st, 1);
			changed = *addr != '\0' && (old == NULL ||
			    strcmp(old, addr) != 0);
			db_done(st);
			if (changed) {
				if ((st = db_stmt(db, sql_hh_address)) == NULL)
					goto fail;
				if (sqlite3_bind_int64(st, 1, id) !=
				    SQLITE_OK || bind_text(st, 2, addr) !=
				    SQLITE_OK || sqlite3_step(st) !=
				    SQLITE_DONE)
					goto dbfail;
				db_done(st);
				snprintf(object, sizeof(object),
				    "household:%lld", id);
				if (db_audit(db, actor,
				    "registry.household.update", object,
				    "address") < 0)
					goto fail;
				rg->st->households_updated++;
			}
		} else if (rc == SQLITE_DONE) {
			db_done(st);
			if ((st = db_stmt(db, sql_hh_add)) == NULL)
				goto fail;
			if (bind_text(st, 1, h[i]->v[R_HOUSEHOLD]) !=
			    SQLITE_OK || bind_text(st, 2, *addr != '\0' ?
			    addr : NULL) != SQLITE_OK || bind_text(st, 3,
			    now) != SQLITE_OK || sqlite3_step(st) !=
			    SQLITE_DONE)
				goto dbfail;
			db_done(st);
			id = sqlite3_last_insert_rowid(db->h);
			snprintf(object, sizeof(object), "household:%lld", id);
			strbuf_reset(&detail);
			strbuf_addf(&detail, "ref=%s", h[i]->v[R_HOUSEHOLD]);
			if (db_audit(db, actor, "registry.household.add",
			    object, detail.buf) < 0)
				goto fail;
			rg->st->households_added++;
		} else
			goto dbfail;
		for (k = i; k < j; k++)
			h[k]->hh_id = id;
	}
	strbuf_release(&detail);
	return 0;
dbfail:
	db_fail(db, "cannot update households");
	db_done(st);
fail:
	strbuf_release(&detail);
	return -1;
}

/* the open memberships of one person */
struct membership {
	long long id, household_id;
	char	*ref;
	int	 keep;
};

/*
 * registry_members - make person PID's open memberships exactly the
 * households of ROWS[0..N-1]: close the others (until = TODAY), open the
 * missing ones (since = TODAY), and audit the change.  NEW: the person
 * was just added (their add row already names the households).
 */
static int
registry_members(struct db *db, struct registry *rg, long long pid,
    struct reg_row **rows, size_t n, int isnew, const char *actor,
    const char *today)
{
	struct membership *m = NULL;
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *st = NULL;
	char object[64];
	size_t nm = 0, i, j, nopen = 0, nclose = 0;
	int rc, found, ret = -1;

	if ((st = db_stmt(db, sql_member_open)) == NULL)
		goto out;
	if (sqlite3_bind_int64(st, 1, pid) != SQLITE_OK)
		goto dbfail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m = xreallocarray(m, nm + 1, sizeof(*m));
		m[nm].id = sqlite3_column_int64(st, 0);
		m[nm].household_id = sqlite3_column_int64(st, 1);
		m[nm].ref = xstrdup((const char *)sqlite3_column_text(st, 2));
		m[nm].keep = 0;
		nm++;
	}
	if (rc != SQLITE_DONE)
		goto dbfail;
	db_done(st);
	for (i = 0; i < n; i++) {
		/* rows of one household twice: count it once */
		for (found = 0, j = 0; j < i && !found; j++)
			found = rows[j]->hh_id == rows[i]->hh_id;
		if (found)
			continue;
		for (j = 0; j < nm && !found; j++)
			if (m[j].household_id == rows[i]->hh_id)
				found = m[j].keep = 1;
		if (found)
			continue;
		if ((st = db_stmt(db, sql_member_add)) == NULL)
			goto out;
		if (sqlite3_bind_int64(st, 1, rows[i]->hh_id) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 2, pid) != SQLITE_OK ||
		    bind_text(st, 3, today) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_DONE)
			goto dbfail;
		db_done(st);
		strbuf_addf(&to, "%s%s", nopen ? "," : "",
		    rows[i]->v[R_HOUSEHOLD]);
		nopen++;
	}
	for (j = 0; j < nm; j++) {
		if (m[j].keep)
			continue;
		if ((st = db_stmt(db, sql_member_close)) == NULL)
			goto out;
		if (sqlite3_bind_int64(st, 1, m[j].id) != SQLITE_OK ||
		    bind_text(st, 2, today) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_DONE)
			goto dbfail;
		db_done(st);
		strbuf_addf(&from, "%s%s", nclose ? "," : "", m[j].ref);
		nclose++;
	}
	snprintf(object, sizeof(object), "person:%lld", pid);
	if (nopen > 0 && nclose > 0) {
		strbuf_addf(&detail, "from=%s to=%s", from.buf, to.buf);
		if (db_audit(db, actor, "registry.move", object,
		    detail.buf) < 0)
			goto out;
		rg->st->moved++;
	} else if (nopen > 0 && !isnew) {
		strbuf_addf(&detail, "household=%s", to.buf);
		if (db_audit(db, actor, "registry.join", object,
		    detail.buf) < 0)
			goto out;
		rg->st->joined++;
	} else if (nclose > 0) {
		strbuf_addf(&detail, "household=%s", from.buf);
		if (db_audit(db, actor, "registry.leave", object,
		    detail.buf) < 0)
			goto out;
		rg->st->left++;
	}
	ret = 0;
	goto out;
dbfail:
	db_fail(db, "cannot update memberships");
	db_done(st);
out:
	for (j = 0; j < nm; j++)
		free(m[j].ref);
	free(m);
	strbuf_release(&from);
	strbuf_release(&to);
	strbuf_release(&detail);
	return ret;
}

/* registry_persons - add or update each person and their memberships */
static int
registry_persons(struct db *db, struct registry *rg, const char *actor,
    const char *now, const char *today)
{
	struct reg_row **p = rg->by_nid, *r;
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *st = NULL;
	char object[64];
	long long pid;
	size_t i, j, k;
	int rc, isnew, changed;

	for (i = 0; p[i] != NULL; i = j) {
		r = p[i];
		for (j = i + 1; p[j] != NULL && strcmp(p[j]->v[R_NID],
		    r->v[R_NID]) == 0; j++)
			;
		if ((st = db_stmt(db, sql_person_get)) == NULL)
			goto fail;
		if (bind_text(st, 1, r->v[R_NID]) != SQLITE_OK)
			goto dbfail;
		rc = sqlite3_step(st);
		isnew = rc == SQLITE_DONE;
		changed = 0;
		pid = 0;
		strbuf_reset(&detail);
		if (rc == SQLITE_ROW) {
			pid = sqlite3_column_int64(st, 0);
			if (strcmp((const char *)sqlite3_column_text(st, 1),
			    r->v[R_SURNAME]) != 0) {
				strbuf_adds(&detail, "surname");
				changed = 1;
			}
			if (strcmp((const char *)sqlite3_column_text(st, 2),
			    r->v[R_GIVEN]) != 0) {
				strbuf_addf(&detail, "%sgiven_name",
				    changed ? "," : "");
				changed = 1;
			}
			if (strcmp((const char *)sqlite3_column_text(st, 3),
			    r->v[R_BIRTH]) != 0) {
				strbuf_addf(&detail, "%sbirth_date",
				    changed ? "," : "");
				changed = 1;
			}
		} else if (rc != SQLITE_DONE)
			goto dbfail;
		db_done(st);
		if (isnew || changed) {
			if ((st = db_stmt(db, isnew ? sql_person_add :
			    sql_person_update)) == NULL)
				goto fail;
			if ((isnew ? bind_text(st, 1, r->v[R_NID]) :
			    sqlite3_bind_int64(st, 1, pid)) != SQLITE_OK ||
			    bind_text(st, 2, r->v[R_SURNAME]) != SQLITE_OK ||
			    bind_text(st, 3, r->v[R_GIVEN]) != SQLITE_OK ||
			    bind_text(st, 4, r->v[R_BIRTH]) != SQLITE_OK ||
			    bind_text(st, 5, now) != SQLITE_OK ||
			    sqlite3_step(st) != SQLITE_DONE)
				goto dbfail;
			db_done(st);
			if (isnew) {
				pid = sqlite3_last_insert_rowid(db->h);
				strbuf_adds(&detail, "household=");
				for (k = i; k < j; k++)
					strbuf_addf(&detail, "%s%s", k > i ?
					    "," : "", p[k]->v[R_HOUSEHOLD]);
			} else {
				char tmp[128];

				snprintf(tmp, sizeof(tmp), "changed=%s",
				    detail.buf);
				strbuf_reset(&detail);
				strbuf_adds(&detail, tmp);
			}
			snprintf(object, sizeof(object), "person:%lld", pid);
			if (db_audit(db, actor, isnew ? "registry.person.add" :
			    "registry.person.update", object, detail.buf) < 0)
				goto fail;
			if (isnew)
				rg->st->persons_added++;
			else
				rg->st->persons_updated++;
		}
		msg_debug("%s:%ld: national number %s is person %lld",
		    rg->path, r->line, r->v[R_NID], pid);
		if (registry_members(db, rg, pid, p + i, j - i, isnew, actor,
		    today) < 0)
			goto fail;
	}
	strbuf_release(&detail);
	return 0;
dbfail:
	db_fail(db, "cannot update persons");
	db_done(st);
fail:
	strbuf_release(&detail);
	return -1;
}

/* load_registry - import (DB) or check (NULL) the registry CSV */
int
load_registry(struct db *db, const char *path, const char *actor,
    struct load_registry_stats *st, char *err, size_t errlen)
{
	struct registry rg;
	struct strbuf sb = STRBUF_INIT, detail = STRBUF_INIT;
	char now[32], today[16], sha[SHA256_HEX_LEN + 1];
	const char *base;
	long changes;

	memset(&rg, 0, sizeof(rg));
	memset(st, 0, sizeof(*st));
	rg.path = path;
	rg.st = st;
	if (registry_parse(&rg, err, errlen) < 0)
		goto fail;
	registry_conflicts(&rg);
	if (db == NULL) {
		registry_free(&rg);
		return 0;
	}
	db_timestamp(now, sizeof(now));
	db_today(today, sizeof(today));
	if (db_begin(db) < 0 ||
	    registry_households(db, &rg, actor, now) < 0 ||
	    registry_persons(db, &rg, actor, now, today) < 0)
		goto dbfail;
	changes = st->households_added + st->households_updated +
	    st->persons_added + st->persons_updated + st->moved + st->joined +
	    st->left;
	if (changes > 0) {
		/* the file's digest ties the changes to what was imported */
		if (file_read(path, LOAD_REGISTRY_MAX, &sb) == 0)
			sha256_hex(sb.buf, sb.len, sha);
		else
			snprintf(sha, sizeof(sha), "%s", "unknown");
		base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 :
		    path;
		strbuf_addf(&detail, "sha256=%s rows=%ld rejected=%ld "
		    "households_added=%ld households_updated=%ld "
		    "persons_added=%ld persons_updated=%ld moved=%ld "
		    "joined=%ld left=%ld", sha, st->rows, st->rejected,
		    st->households_added, st->households_updated,
		    st->persons_added, st->persons_updated, st->moved,
		    st->joined, st->left);
		if (db_audit(db, actor, "registry.import", base,
		    detail.buf) < 0)
			goto dbfail;
	}
	if (db_commit(db) < 0)
		goto dbfail;
	strbuf_release(&sb);
	strbuf_release(&detail);
	registry_free(&rg);
	return 0;
dbfail:
	snprintf(err, errlen, "registry '%s' not imported: archive: %s", path,
	    db->err);
	db_rollback(db);
fail:
	strbuf_release(&sb);
	strbuf_release(&detail);
	registry_free(&rg);
	return -1;
}

/* ---------------------------------------------------------------- */
/* batches: counts, reconciliation, end */

struct bstat {
	char	*id;
	long	 quarantined;		/* pages of quarantined jobs */
	int	 pending;		/* a job is still queued somewhere */
};

struct bstats {
	struct bstat *b;
	size_t	 n;
};

static struct bstat *
bstat_get(struct bstats *bs, const char *id)
{
	size_t i;

	for (i = 0; i < bs->n; i++)
		if (strcmp(bs->b[i].id, id) == 0)
			return &bs->b[i];
	bs->b = xreallocarray(bs->b, bs->n + 1, sizeof(*bs->b));
	memset(&bs->b[bs->n], 0, sizeof(bs->b[bs->n]));
	bs->b[bs->n].id = xstrdup(id);
	return &bs->b[bs->n++];
}

/*
 * scan_dir - for each job in spool dir REL: count its pages as
 * quarantined (QUAR) or mark its batch pending
 */
static int
scan_dir(struct spool *sp, const char *rel, int quar, struct bstats *bs)
{
	char **ids, dir[PATH_MAX * 2], err[256];
	struct bstat *b;
	struct job j;
	const char *batch;
	size_t n, i;

	if (spool_list(sp, rel, &ids, &n) < 0)
		return errno == ENOENT ? 0 : -1;
	for (i = 0; i < n; i++) {
		snprintf(dir, sizeof(dir), "%s/%s/%s", sp->root, rel, ids[i]);
		if (job_load(&j, dir, ids[i], err, sizeof(err)) < 0)
			continue;	/* a half-built ingest job */
		batch = job_get(&j, "batch");
		if (batch != NULL && job_id_valid(batch)) {
			b = bstat_get(bs, batch);
			if (quar)
				b->quarantined += job_get_long(&j, "pages", 0);
			else
				b->pending = 1;
		}
		job_free(&j);
	}
	spool_list_free(ids, n);
	return 0;
}

/* scan_spool - quarantined pages and pending jobs, per batch */
static int
scan_spool(struct spool *sp, struct bstats *bs)
{
	char rel[PATH_MAX], **w;
	size_t nw, i;
	int s;

	if (scan_dir(sp, "quarantine", 1, bs) < 0)
		return -1;
	for (s = -1; s < 0 || spool_stages[s] != NULL; s++) {
		const char *stage = s < 0 ? "ingest" : spool_stages[s];

		if (s >= 0) {
			snprintf(rel, sizeof(rel), "%s/new", stage);
			if (scan_dir(sp, rel, 0, bs) < 0)
				return -1;
		}
		snprintf(rel, sizeof(rel), "%s/cur", stage);
		if (spool_list(sp, rel, &w, &nw) < 0)
			continue;
		for (i = 0; i < nw; i++) {
			snprintf(rel, sizeof(rel), "%s/cur/%s", stage, w[i]);
			if (scan_dir(sp, rel, 0, bs) < 0) {
				spool_list_free(w, nw);
				return -1;
			}
		}
		spool_list_free(w, nw);
	}
	return 0;
}

static const char sql_batch_candidates[] =
    "SELECT id FROM batch WHERE finished_at IS NULL "
    "UNION SELECT DISTINCT batch_id FROM document "
    "WHERE batch_id IS NOT NULL AND created_at >= ?1";
static const char sql_batch_pages[] =
    "SELECT ifnull(sum(p.blank = 0), 0), ifnull(sum(p.blank = 1), 0) "
    "FROM document d JOIN page p ON p.document_id = d.id "
    "WHERE d.batch_id = ?1";
static const char sql_batch_row[] =
    "SELECT finished_at IS NOT NULL, pages_in, cover_sheets, duplicates "
    "FROM batch WHERE id = ?1";
static const char sql_batch_update[] =
    "UPDATE batch SET pages_in = ?2, duplicates = ?3, cover_sheets = ?4, "
    "pages_archived = ?5, pages_blank = ?6, quarantined = ?7, "
    "name = coalesce(?10, name), started_at = coalesce(?11, started_at), "
    "finished_at = CASE WHEN ?8 THEN coalesce(finished_at, ?9) END "
    "WHERE id = ?1";

/*
 * batch_row - run SQL (one parameter: batch ID) and read the N integer
 * columns of its one row into V; 0, or -1 with WHAT in the db error
 */
static int
batch_row(struct db *db, const char *sql, const char *id, const char *what,
    long long *v, int n)
{
	sqlite3_stmt *st;
	int i;

	if ((st = db_stmt(db, sql)) == NULL)
		return -1;
	if (bind_text(st, 1, id) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		db_fail(db, what);
		db_done(st);
		return -1;
	}
	for (i = 0; i < n; i++)
		v[i] = sqlite3_column_int64(st, i);
	db_done(st);
	return 0;
}

/* batch_update - recount batch ID; records its end once it is over */
static int
batch_update(struct db *db, struct spool *sp, const char *id,
    const struct bstat *b, const char *now)
{
	sqlite3_stmt *st;
	struct strbuf detail = STRBUF_INIT;
	struct job bj;
	char err[256], object[128];
	long long archived, blank, pages_in, cover, dups, quar, pg[2], row[4];
	int have_meta, was_finished, finished;

	if (ensure_batch(db, sp->root, id) < 0)
		return -1;
	if (batch_row(db, sql_batch_pages, id, "cannot update batch", pg,
	    2) < 0 || batch_row(db, sql_batch_row, id, "cannot update batch",
	    row, 4) < 0)
		return -1;
	archived = pg[0];
	blank = pg[1];
	was_finished = (int)row[0];
	pages_in = row[1];
	cover = row[2];
	dups = row[3];
	have_meta = batch_meta(sp->root, id, &bj, err, sizeof(err)) == 0;
	if (have_meta) {
		pages_in = job_get_long(&bj, "pages_in", pages_in);
		cover = job_get_long(&bj, "cover_sheets", cover);
		dups = job_get_long(&bj, "duplicates", dups);
	}
	quar = b != NULL ? b->quarantined : 0;
	if ((st = db_stmt(db, sql_batch_update)) == NULL) {
		if (have_meta)
			job_free(&bj);
		return -1;
	}
	if (have_meta && (bind_text(st, 10, job_get(&bj, "name")) !=
	    SQLITE_OK || bind_text(st, 11, job_get(&bj, "started_at")) !=
	    SQLITE_OK)) {
		job_free(&bj);
		goto dbfail;
	}
	/* over when ingest has finished it and no job of it is queued */
	finished = (b == NULL || !b->pending) && (!have_meta ||
	    (job_get(&bj, "finished_at") != NULL &&
	    *job_get(&bj, "finished_at") != '\0'));
	if (bind_text(st, 1, id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, pages_in) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, dups) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, cover) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, archived) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 6, blank) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 7, quar) != SQLITE_OK ||
	    sqlite3_bind_int(st, 8, finished) != SQLITE_OK ||
	    bind_text(st, 9, now) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		if (have_meta)
			job_free(&bj);
		goto dbfail;
	}
	db_done(st);
	if (have_meta)
		job_free(&bj);	/* bound: freed only after the step */
	if (finished && !was_finished) {
		long long left = pages_in - (archived + blank + cover + quar);

		strbuf_addf(&detail, "pages_in=%lld archived=%lld blank=%lld "
		    "cover_sheets=%lld quarantined=%lld duplicates=%lld %s",
		    pages_in, archived, blank, cover, quar, dups,
		    left == 0 ? "reconciled" : "MISMATCH");
		snprintf(object, sizeof(object), "batch:%s", id);
		if (db_audit(db, LOAD_ACTOR, "batch.finish", object,
		    detail.buf) < 0) {
			strbuf_release(&detail);
			return -1;
		}
		strbuf_release(&detail);
		if (left != 0)
			msg_warn("batch '%s': %lld pages in, but %lld archived "
			    "+ %lld blank + %lld cover sheets + %lld "
			    "quarantined", id, pages_in, archived, blank,
			    cover, quar);
	}
	return 0;
dbfail:
	db_fail(db, "cannot update batch");
	db_done(st);
	return -1;
}

/* load_batches - recount open batches and close finished ones */
int
load_batches(struct db *db, struct spool *sp, const char *since, char *err,
    size_t errlen)
{
	struct bstats bs = { NULL, 0 };
	sqlite3_stmt *st;
	char now[32], **cand = NULL, **spb, path[PATH_MAX * 2];
	size_t ncand = 0, nspb, i, j;
	int rc, ret = -1, dup;

	if (scan_spool(sp, &bs) < 0) {
		snprintf(err, errlen, "%s", sp->err);
		goto out;
	}
	db_timestamp(now, sizeof(now));
	if (db_begin(db) < 0)
		goto dbfail;
	if ((st = db_stmt(db, sql_batch_candidates)) == NULL)
		goto dbfail;
	if (bind_text(st, 1, since != NULL ? since : now) != SQLITE_OK) {
		db_fail(db, "cannot list batches");
		db_done(st);
		goto dbfail;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cand = xreallocarray(cand, ncand + 1, sizeof(*cand));
		cand[ncand++] = xstrdup((const char *)sqlite3_column_text(st,
		    0));
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot list batches");
		db_done(st);
		goto dbfail;
	}
	db_done(st);
	for (i = 0; i < bs.n; i++) {
		if (bs.b[i].quarantined == 0)
			continue;
		for (dup = 0, j = 0; j < ncand && !dup; j++)
			dup = strcmp(cand[j], bs.b[i].id) == 0;
		if (!dup) {
			cand = xreallocarray(cand, ncand + 1, sizeof(*cand));
			cand[ncand++] = xstrdup(bs.b[i].id);
		}
	}
	/* batches with no document yet: all duplicates, or all refused */
	if (spool_list(sp, "batch", &spb, &nspb) == 0) {
		for (i = 0; i < nspb; i++) {
			for (dup = 0, j = 0; j < ncand && !dup; j++)
				dup = strcmp(cand[j], spb[i]) == 0;
			if (dup)
				continue;
			/* ingest writes the meta first: no meta, no batch */
			snprintf(path, sizeof(path), "%s/batch/%s/meta",
			    sp->root, spb[i]);
			if (access(path, F_OK) < 0)
				continue;
			if ((dup = batch_known(db, spb[i])) < 0) {
				spool_list_free(spb, nspb);
				goto dbfail;
			}
			if (!dup) {
				cand = xreallocarray(cand, ncand + 1,
				    sizeof(*cand));
				cand[ncand++] = xstrdup(spb[i]);
			}
		}
		spool_list_free(spb, nspb);
	}
	for (i = 0; i < ncand; i++) {
		const struct bstat *b = NULL;

		for (j = 0; j < bs.n && b == NULL; j++)
			if (strcmp(bs.b[j].id, cand[i]) == 0)
				b = &bs.b[j];
		if (batch_update(db, sp, cand[i], b, now) < 0)
			goto dbfail;
	}
	if (db_commit(db) < 0)
		goto dbfail;
	ret = 0;
	goto out;
dbfail:
	snprintf(err, errlen, "archive: %s", db->err);
	db_rollback(db);
out:
	for (i = 0; i < ncand; i++)
		free(cand[i]);
	free(cand);
	for (i = 0; i < bs.n; i++)
		free(bs.b[i].id);
	free(bs.b);
	return ret;
}

/* ---------------------------------------------------------------- */
/* the batch report */

static const char sql_report_batch[] =
    "SELECT id, name, started_at, finished_at, pages_in, cover_sheets, "
    "quarantined, duplicates, "
    "CAST(round((julianday(finished_at) - julianday(started_at)) * 86400) "
    "AS INTEGER) FROM batch WHERE id = ?1";
static const char sql_report_last[] =
    "SELECT id FROM batch ORDER BY ifnull(started_at, '') DESC, id DESC "
    "LIMIT 1";
static const char sql_report_status[] =
    "SELECT ifnull(sum(status = 'filed'), 0), "
    "ifnull(sum(status = 'review'), 0), count(*) "
    "FROM document WHERE batch_id = ?1";
static const char sql_report_reasons[] =
    "SELECT review_reason, count(*) FROM document "
    "WHERE batch_id = ?1 AND status = 'review' GROUP BY 1 ORDER BY 1";
static const char sql_report_classes[] =
    "SELECT class, count(*) FROM document WHERE batch_id = ?1 "
    "GROUP BY 1 ORDER BY 1";

/*
 * report_groups - a line "PREFIX (NAME): COUNT" (PAREN) or "PREFIX NAME:
 * COUNT" for each row (NAME, COUNT) of SQL on batch ID
 */
static int
report_groups(struct db *db, const char *sql, const char *id,
    const char *prefix, int paren, FILE *out)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, sql)) == NULL)
		return -1;
	if (bind_text(st, 1, id) != SQLITE_OK) {
		db_done(st);
		return db_fail(db, "cannot read documents");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fprintf(out, paren ? "%s (%s): %lld\n" : "%s %s: %lld\n",
		    prefix, (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1));
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read documents");
		db_done(st);
		return -1;
	}
	db_done(st);
	return 0;
}

/* load_report - the batch report; 0, 1 no such batch, -1 error */
int
load_report(struct db *db, const char *batch, FILE *out, char *err,
    size_t errlen)
{
	sqlite3_stmt *st;
	char *id = NULL;
	const char *fin;
	long long pages_in, cover, quar, dups, archived, blank, sum;
	long long filed, review, docs, el = -1, v[3];
	int rc, ret = -1;

	if (batch == NULL) {
		if ((st = db_stmt(db, sql_report_last)) == NULL)
			goto dbfail;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			id = xstrdup((const char *)sqlite3_column_text(st, 0));
		else if (rc != SQLITE_DONE) {
			db_fail(db, "cannot read batches");
			db_done(st);
			goto dbfail;
		}
		db_done(st);
		if (id == NULL) {
			snprintf(err, errlen, "the archive has no batch yet");
			return 1;
		}
	} else
		id = xstrdup(batch);

	if ((st = db_stmt(db, sql_report_batch)) == NULL)
		goto dbfail;
	if (bind_text(st, 1, id) != SQLITE_OK) {
		db_fail(db, "cannot read batch");
		db_done(st);
		goto dbfail;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		db_done(st);
		snprintf(err, errlen, "no batch '%s' in the archive", id);
		free(id);
		return 1;
	}
	if (rc != SQLITE_ROW) {
		db_fail(db, "cannot read batch");
		db_done(st);
		goto dbfail;
	}
	fprintf(out, "batch: %s\n", id);
	fprintf(out, "name: %s\n", (const char *)sqlite3_column_text(st, 1));
	fprintf(out, "started: %s\n", sqlite3_column_type(st, 2) ==
	    SQLITE_NULL ? "unknown" : (const char *)sqlite3_column_text(st,
	    2));
	fin = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL :
	    (const char *)sqlite3_column_text(st, 3);
	fprintf(out, "finished: %s\n", fin != NULL ? fin : "not yet");
	pages_in = sqlite3_column_int64(st, 4);
	cover = sqlite3_column_int64(st, 5);
	quar = sqlite3_column_int64(st, 6);
	dups = sqlite3_column_int64(st, 7);
	if (sqlite3_column_type(st, 8) != SQLITE_NULL)
		el = sqlite3_column_int64(st, 8);
	db_done(st);

	if (batch_row(db, sql_batch_pages, id, "cannot read pages", v, 2) < 0)
		goto dbfail;
	archived = v[0];
	blank = v[1];
	if (batch_row(db, sql_report_status, id, "cannot read documents", v,
	    3) < 0)
		goto dbfail;
	filed = v[0];
	review = v[1];
	docs = v[2];

	if (el >= 0)
		fprintf(out, "elapsed: %02lld:%02lld:%02lld\n", el / 3600,
		    el / 60 % 60, el % 60);
	else
		fprintf(out, "elapsed: unknown\n");
	fprintf(out, "pages in: %lld\n", pages_in);
	fprintf(out, "pages archived: %lld\n", archived);
	fprintf(out, "blank pages: %lld\n", blank);
	fprintf(out, "cover sheets: %lld\n", cover);
	fprintf(out, "quarantined pages: %lld\n", quar);
	fprintf(out, "duplicates: %lld\n", dups);
	fprintf(out, "documents: %lld\n", docs);
	fprintf(out, "documents filed: %lld\n", filed);
	fprintf(out, "documents in review: %lld\n", review);
	if (report_groups(db, sql_report_reasons, id, "in review", 1,
	    out) < 0 ||
	    report_groups(db, sql_report_classes, id, "class", 0, out) < 0)
		goto dbfail;
	sum = archived + blank + cover + quar;
	if (sum == pages_in)
		fprintf(out, "reconciliation: pages in = archived + blank + "
		    "cover sheets + quarantined: OK (%lld = %lld + %lld + "
		    "%lld + %lld)\n", pages_in, archived, blank, cover, quar);
	else
		fprintf(out, "reconciliation: pages in = archived + blank + "
		    "cover sheets + quarantined: MISMATCH (%lld != %lld + "
		    "%lld + %lld + %lld, %+lld)\n", pages_in, archived, blank,
		    cover, quar, pages_in - sum);
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, "cannot write the report: %s",
		    strerror(errno));
		free(id);
		return -1;
	}
	free(id);
	return 0;
dbfail:
	snprintf(err, errlen, "archive: %s", db->err);
	free(id);
	return ret;
}
