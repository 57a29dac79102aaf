/*
 * load.c - the load stage: read a job, and put it into the archive in one
 * transaction (see load.h, dossier-load(1) and dossier-archive(5))
 *
 * This file knows the job (its meta keys and files); what a document is
 * in the archive is store.c's, where it belongs is link.c's, the batch
 * counts are batch.c's.  A job is either entirely in the archive or not
 * at all: everything is written between BEGIN IMMEDIATE and COMMIT, and
 * the document's identity (source SHA-256, first page) is UNIQUE, so a
 * job delivered twice (the spool is at-least-once) adds nothing.
 *
 * Personal data (names, national numbers) is never put in a message below
 * msg_debug(), nor in the audit detail: the audit names ids only.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "db.h"
#include "fileio.h"
#include "ident.h"
#include "job.h"
#include "jobkey.h"
#include "link.h"
#include "load.h"
#include "msg.h"
#include "spool.h"
#include "stage.h"
#include "store.h"
#include "strbuf.h"
#include "textnorm.h"
#include "verdict.h"
#include "xalloc.h"

/*
 * file_verdict - the verdict for a failed read of NAME in a job
 * (verdict_errno: a missing, oversized or odd file is the job's fault;
 * an I/O error, no memory, too many files are the environment's)
 */
static enum verdict
file_verdict(int e, const char *name, size_t max, char *err, size_t errlen)
{
	enum verdict v = verdict_errno(e);

	if (e == EFBIG)
		return verdict_set(v, err, errlen, "%s: larger than %zu MB",
		    name, max / (1024 * 1024));
	if (v == VERDICT_PERM)
		return verdict_set(v, err, errlen, "%s: %s", name,
		    e == ELOOP ? "is a symbolic link" : e == EINVAL ?
		    "not a regular file" : strerror(e));
	return verdict_set(v, err, errlen, "cannot read '%s': %s", name,
	    strerror(e));
}

/* read_job_file - NAME of JOB (at most MAX bytes) into SB, as a verdict */
static enum verdict
read_job_file(const struct job *job, const char *name, size_t max,
    struct strbuf *sb, char *err, size_t errlen)
{
	if (!file_name_plain(name))
		return verdict_set(VERDICT_PERM, err, errlen, "meta names an "
		    "unsafe file '%s'", name);
	strbuf_reset(sb);
	if (job_read(job, name, max, sb) < 0)
		return file_verdict(errno, name, max, err, errlen);
	return VERDICT_OK;
}

/*
 * meta_long, meta_double, meta_text - KEY of JOB checked against the
 * table of job keys (jobkey.h): 1 if present, 0 if absent or empty, -1
 * (reason in ERR, "meta: KEY: ...") if malformed or out of range
 */
static int
meta_result(int rc, char *err, size_t errlen)
{
	char why[512];

	if (rc < 0) {
		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errlen, "meta: %s", why);
	}
	return rc < 0 ? -1 : rc == 0;
}

static int
meta_long(const struct job *job, const char *key, long *out, char *err,
    size_t errlen)
{
	return meta_result(jobkey_get_long(job, key, out, err, errlen), err,
	    errlen);
}

static int
meta_double(const struct job *job, const char *key, double *out, char *err,
    size_t errlen)
{
	return meta_result(jobkey_get_double(job, key, out, err, errlen), err,
	    errlen);
}

static int
meta_text(const struct job *job, const char *key, const char **out,
    char *err, size_t errlen)
{
	return meta_result(jobkey_get_text(job, key, out, err, errlen), err,
	    errlen);
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

/* what load knows of one page of the job besides its archive record */
struct page_in {
	struct store_page rec;
	int	 blank;
	const char *image;	/* file name in the job, or NULL */
	const char *text;	/* file name in the job, or NULL */
	struct strbuf files;	/* its STORE_FILE columns' content */
};

struct doc_in {
	struct store_doc rec;
	const char *review_reason;	/* an upstream stage's doubt */
	char	 both[416];		/* it and the linking's reason */
	const char *cover_ref;		/* household of its cover sheet */
	const char *index_household;	/* household the migration index gives */
	const char *container;		/* the archive it is a member of */
	const char *member;		/* and its path there */
	long	 size;		/* -1 if meta has none */
	long	 container_size;	/* 0 if meta has none */
	struct page_in *page;	/* [rec.pages] */
	long long *page_id;	/* [rec.pages], once stored */
	struct strbuf tagbuf, fieldbuf;
	char	*index_tags;		/* the index's tags, cut in place */
	char	 twin[32];		/* "document:ID" of a probable duplicate */
	const char *index_date;		/* the migration index's date */
	char	 doc_date[11];		/* rec.doc_date's buffer */
	struct store_tag *tag;
	struct store_field *field;
};

static void
doc_free(struct doc_in *d)
{
	free(d->page);
	free(d->page_id);
	free(d->tag);
	free(d->field);
	free(d->index_tags);
	strbuf_release(&d->tagbuf);
	strbuf_release(&d->fieldbuf);
	memset(d, 0, sizeof(*d));
}

/* page_meta - the measured columns of page K, validated, into PG */
static enum verdict
page_meta(const struct job *job, long k, struct page_in *pg, char *err,
    size_t errlen)
{
	char key[64];
	size_t c;
	long n = 0;
	int rc = 0;

	for (c = 0; c < STORE_PAGE_NCOLS; c++) {
		struct store_value *v = &pg->rec.col[c];

		job_pagekey(key, sizeof(key), (int)k, store_page_cols[c].name);
		switch (store_page_cols[c].type) {
		case STORE_INT:
			rc = meta_long(job, key, &n, err, errlen);
			v->i = n;
			break;
		case STORE_REAL:
			rc = meta_double(job, key, &v->r, err, errlen);
			break;
		case STORE_TEXT:
		case STORE_FILE:
			rc = meta_text(job, key, &v->s, err, errlen);
			break;
		}
		if (rc < 0)
			return VERDICT_PERM;
		if (rc > 0 && store_page_cols[c].type == STORE_FILE &&
		    !file_name_plain(v->s))
			return verdict_set(VERDICT_PERM, err, errlen, "meta "
			    "names an unsafe file '%s'", v->s);
		v->set = rc > 0;
		if (rc > 0 && strcmp(store_page_cols[c].name, "blank") == 0)
			pg->blank = (int)n;
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
	d->tag = xreallocarray(d->tag, d->rec.ntag + 1, sizeof(*d->tag));
	d->tag[d->rec.ntag].name = line;
	d->tag[d->rec.ntag].value = tab != NULL ? tab : "";
	d->rec.ntag++;
	d->rec.tag = d->tag;
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
	struct store_field f;
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
	    f.page > d->rec.pages) {
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
	d->field = xreallocarray(d->field, d->rec.nfield + 1,
	    sizeof(*d->field));
	d->field[d->rec.nfield++] = f;
	d->rec.field = d->field;
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

	if (meta_long(job, name, &want, err, errlen) < 0)
		return VERDICT_PERM;
	if (job_path(job, name, path, sizeof(path)) < 0)
		return verdict_set(VERDICT_PERM, err, errlen, "%s: path too "
		    "long", name);
	if (want <= 0 && access(path, F_OK) < 0 && errno == ENOENT)
		return VERDICT_OK;
	if ((v = read_job_file(job, name, LOAD_LIST_MAX, sb, err, errlen)) !=
	    VERDICT_OK)
		return v;
	if (textnorm_utf8_clean(sb) > 0)
		msg_warn("%s: invalid UTF-8 replaced", name);
	if (split_lines(sb, fn, &a) < 0)
		return VERDICT_PERM;
	if (want >= 0 && (size_t)want != *count)
		return verdict_set(VERDICT_PERM, err, errlen, "%s: %zu "
		    "entries, but meta says %ld (truncated?)", name, *count,
		    want);
	return VERDICT_OK;
}

/* check_page_file - page image NAME exists, is regular and not too big */
static enum verdict
check_page_file(const struct job *job, const char *name, char *err,
    size_t errlen)
{
	char path[PATH_MAX];
	struct stat st;

	if (!file_name_plain(name))
		return verdict_set(VERDICT_PERM, err, errlen, "meta names an "
		    "unsafe file '%s'", name);
	if (job_path(job, name, path, sizeof(path)) < 0 ||
	    lstat(path, &st) < 0)
		return file_verdict(errno, name, LOAD_IMAGE_MAX, err, errlen);
	if (!S_ISREG(st.st_mode))
		return file_verdict(S_ISLNK(st.st_mode) ? ELOOP : EINVAL, name,
		    LOAD_IMAGE_MAX, err, errlen);
	if ((unsigned long)st.st_size > LOAD_IMAGE_MAX)
		return file_verdict(EFBIG, name, LOAD_IMAGE_MAX, err, errlen);
	return VERDICT_OK;
}

/* page_key - page.K.NAME of JOB, NULL when absent or empty */
static const char *
page_key(const struct job *job, long k, const char *name)
{
	char key[64];
	const char *v = job_get(job, job_pagekey(key, sizeof(key), (int)k,
	    name));

	return v != NULL && *v != '\0' ? v : NULL;
}

/* parse_page - the meta of page K into PG; files checked, not read */
static enum verdict
parse_page(const struct job *job, long k, struct page_in *pg, char *err,
    size_t errlen)
{
	char key[64];
	const char *type;
	enum verdict v;
	long sp = 0;

	job_pagekey(key, sizeof(key), (int)k, "source_page");
	switch (meta_long(job, key, &sp, err, errlen)) {
	case -1:
		return VERDICT_PERM;
	case 0:
		return verdict_set(VERDICT_PERM, err, errlen, "meta: no %s",
		    key);
	}
	pg->rec.source_page = sp;
	if ((v = page_meta(job, k, pg, err, errlen)) != VERDICT_OK)
		return v;
	pg->image = page_key(job, k, "image");
	pg->text = page_key(job, k, "text");
	job_pagekey(key, sizeof(key), (int)k, "image_type");
	type = NULL;
	if (meta_text(job, key, &type, err, errlen) < 0)
		return VERDICT_PERM;
	pg->rec.image_type = type;
	if (pg->image == NULL && !pg->blank)
		return verdict_set(VERDICT_PERM, err, errlen, "meta: page %ld "
		    "has no image", k);
	/* fail early, before the write lock, on a missing file */
	if (pg->image != NULL &&
	    (v = check_page_file(job, pg->image, err, errlen)) != VERDICT_OK)
		return v;
	if (pg->text != NULL && !file_name_plain(pg->text))
		return verdict_set(VERDICT_PERM, err, errlen, "meta names an "
		    "unsafe file '%s'", pg->text);
	return VERDICT_OK;
}

/* nonempty - S, or NULL when S is NULL or "" */
static const char *
nonempty(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/*
 * parse_declared - what the office itself declared of the document: its
 * cover sheet, the migration index's values (they win over the stages'
 * guesses), the archive it came from
 */
static enum verdict
parse_declared(const struct job *job, struct doc_in *d, char *err,
    size_t errlen)
{
	struct store_doc *r = &d->rec;
	const char *class = NULL, *date = NULL, *tags = NULL;
	char *p, *t;

	if (meta_text(job, "cover_ref", &d->cover_ref, err, errlen) < 0 ||
	    meta_long(job, "cover_pages", &r->cover_sheets, err, errlen) < 0 ||
	    meta_text(job, "index_household", &d->index_household, err,
	    errlen) < 0 ||
	    meta_text(job, "index_class", &class, err, errlen) < 0 ||
	    meta_text(job, "index_date", &date, err, errlen) < 0 ||
	    meta_text(job, "index_tags", &tags, err, errlen) < 0 ||
	    meta_text(job, "from_index", &r->from_index, err, errlen) < 0 ||
	    meta_text(job, "container_sha256", &d->container, err,
	    errlen) < 0 ||
	    meta_text(job, "member", &d->member, err, errlen) < 0 ||
	    meta_long(job, "container_size", &d->container_size, err,
	    errlen) < 0)
		return VERDICT_PERM;
	if ((d->container == NULL) != (d->member == NULL))
		return verdict_set(VERDICT_PERM, err, errlen, "meta: "
		    "container_sha256 and member go together");
	if (class != NULL) {
		/* the index's class is no guess: no score, no doubt */
		r->class = class;
		r->class_rules = "index";
		r->has_score = 0;
		d->review_reason = NULL;
	}
	d->index_date = date;
	if (date != NULL) {
		d->field = xreallocarray(d->field, r->nfield + 1,
		    sizeof(*d->field));
		d->field[r->nfield].page = 0;
		d->field[r->nfield].kind = "date";
		d->field[r->nfield].value = date;
		d->field[r->nfield].norm = date;
		d->field[r->nfield].valid = 1;
		r->nfield++;
		r->field = d->field;
	}
	if (tags != NULL) {
		t = d->index_tags = xstrdup(tags);
		while ((p = strsep(&t, " ")) != NULL) {
			if (*p == '\0')
				continue;
			d->tag = xreallocarray(d->tag, r->ntag + 1,
			    sizeof(*d->tag));
			d->tag[r->ntag].name = p;
			d->tag[r->ntag++].value = "";
			r->tag = d->tag;
		}
	}
	return VERDICT_OK;
}

/*
 * parse_job - check the job's meta and read its small files (tags,
 * fields) into D; images and texts are read page by page later
 */
static enum verdict
parse_job(const struct job *job, struct doc_in *d, char *err, size_t errlen)
{
	struct store_doc *r = &d->rec;
	enum verdict v;
	long k;

	memset(d, 0, sizeof(*d));
	strbuf_init(&d->tagbuf);
	strbuf_init(&d->fieldbuf);
	r->job_id = job->id;
	r->batch = job_get(job, "batch");
	r->source_file = job_get(job, "source_file");
	r->source_sha256 = job_get(job, "source_sha256");
	r->media_type = nonempty(job_get(job, "media_type"));
	r->class = nonempty(job_get(job, "class"));
	r->class_rules = nonempty(job_get(job, "class_rules"));
	r->lang = nonempty(job_get(job, "lang"));
	d->review_reason = job_get(job, "review_reason");
	if (d->review_reason != NULL && (*d->review_reason == '\0' ||
	    strlen(d->review_reason) > 200))
		return verdict_set(VERDICT_PERM, err, errlen, "meta: "
		    "review_reason: empty or longer than 200 bytes");
	if (r->batch != NULL && !job_id_valid(r->batch))
		return verdict_set(VERDICT_PERM, err, errlen, "meta: batch: "
		    "not a valid batch id");
	if (nonempty(r->source_file) == NULL)
		return verdict_set(VERDICT_PERM, err, errlen, "meta: no "
		    "source_file");
	if (r->source_sha256 == NULL || !is_hex64(r->source_sha256))
		return verdict_set(VERDICT_PERM, err, errlen, "meta: "
		    "source_sha256: not a SHA-256 in hex");
	if (r->media_type == NULL)
		r->media_type = "application/octet-stream";
	if (r->class == NULL)
		r->class = "other";
	d->size = -1;
	if (meta_long(job, "size", &d->size, err, errlen) < 0)
		return VERDICT_PERM;
	switch (meta_double(job, "class_score", &r->score, err, errlen)) {
	case -1:
		return VERDICT_PERM;
	case 1:
		r->has_score = 1;
		break;
	}
	switch (meta_long(job, "pages", &r->pages, err, errlen)) {
	case -1:
		return VERDICT_PERM;
	case 0:
		return verdict_set(VERDICT_PERM, err, errlen, "meta: no "
		    "pages");
	}
	d->page = xcalloc((size_t)r->pages, sizeof(*d->page));
	d->page_id = xcalloc((size_t)r->pages, sizeof(*d->page_id));
	for (k = 1; k <= r->pages; k++)
		if ((v = parse_page(job, k, &d->page[k - 1], err, errlen)) !=
		    VERDICT_OK)
			return v;
	r->first_page = d->page[0].rec.source_page;
	if ((v = read_list(job, d, "tags", &d->tagbuf, add_tag, &r->ntag,
	    err, errlen)) != VERDICT_OK ||
	    (v = read_list(job, d, "fields", &d->fieldbuf, add_field,
	    &r->nfield, err, errlen)) != VERDICT_OK)
		return v;
	return parse_declared(job, d, err, errlen);
}

/* archive_type - the media type of an archive from its first bytes */
static const char *
archive_type(int fd)
{
	unsigned char b[264];
	ssize_t n = pread(fd, b, sizeof(b), 0);

	if (n >= 4 && memcmp(b, "PK\3\4", 4) == 0)
		return "application/zip";
	if (n >= 6 && memcmp(b, "7z\xbc\xaf\x27\x1c", 6) == 0)
		return "application/x-7z-compressed";
	if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return "application/gzip";
	if (n >= 3 && memcmp(b, "BZh", 3) == 0)
		return "application/x-bzip2";
	if (n >= 262 && memcmp(b + 257, "ustar", 5) == 0)
		return "application/x-tar";
	return "application/octet-stream";
}

/*
 * put_file - the job's file NAME into a new source row SRC (store.c
 * streams it and checks its digest); SIZE, if >= 0, is what meta says
 */
static enum verdict
put_file(struct db *db, const struct job *job, const char *name,
    struct store_source *src, long size, const char *now, char *err,
    size_t errlen)
{
	char path[PATH_MAX];
	struct stat sb;
	enum verdict v;
	int fd;

	if (job_path(job, name, path, sizeof(path)) < 0)
		return verdict_set(VERDICT_PERM, err, errlen, "%s: path too "
		    "long", name);
	if ((fd = file_open_regular(path, LOAD_SOURCE_MAX, &sb)) < 0)
		return file_verdict(errno, name, LOAD_SOURCE_MAX, err,
		    errlen);
	if (size >= 0 && (long long)sb.st_size != size)
		v = verdict_set(VERDICT_PERM, err, errlen, "%s: %lld bytes, "
		    "but meta says %ld", name, (long long)sb.st_size, size);
	else {
		src->size = (long long)sb.st_size;
		if (src->media_type == NULL)
			src->media_type = archive_type(fd);
		v = store_source_put(db, src, fd, now, err, errlen);
	}
	close(fd);
	return v;
}

/*
 * put_source - the job's "source" file into a new source row; for a
 * member of an archive, the archive's bytes (the job's "container")
 * first, once for all its members
 */
static enum verdict
put_source(struct db *db, const struct job *job, const struct doc_in *d,
    const char *now, char *err, size_t errlen)
{
	struct store_source src;
	enum verdict v;
	int have;

	if (d->container != NULL) {
		if ((have = db_source_exists(db, d->container)) < 0)
			return store_verdict(db, err, errlen);
		memset(&src, 0, sizeof(src));
		src.sha256 = d->container;
		src.file_name = job_get(job, "container_file");
		if (src.file_name == NULL)
			src.file_name = d->rec.source_file;
		if (!have && (v = put_file(db, job, "container", &src,
		    d->container_size > 0 ? d->container_size : -1, now, err,
		    errlen)) != VERDICT_OK)
			return v;
	}
	memset(&src, 0, sizeof(src));
	src.sha256 = d->rec.source_sha256;
	src.file_name = d->rec.source_file;
	src.media_type = d->rec.media_type;
	src.container_sha256 = d->container;
	src.member = d->member;
	return put_file(db, job, "source", &src, d->size, now, err, errlen);
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

/*
 * page_files - the content of page K's STORE_FILE columns, the files
 * its meta names, into PG->files (released by the caller)
 */
static enum verdict
page_files(const struct job *job, long k, struct page_in *pg, char *err,
    size_t errlen)
{
	struct strbuf one = STRBUF_INIT;
	size_t c, at[STORE_PAGE_NCOLS];
	enum verdict v = VERDICT_OK;
	const char *name;

	strbuf_init(&pg->files);
	for (c = 0; c < STORE_PAGE_NCOLS && v == VERDICT_OK; c++) {
		if (store_page_cols[c].type != STORE_FILE ||
		    !pg->rec.col[c].set)
			continue;
		if ((name = page_key(job, k, store_page_cols[c].name)) ==
		    NULL) {
			pg->rec.col[c].set = 0;
			continue;
		}
		if ((v = read_job_file(job, name, LOAD_TEXT_MAX, &one, err,
		    errlen)) != VERDICT_OK)
			break;
		if (textnorm_utf8_clean(&one) > 0)
			msg_warn("%s: invalid UTF-8 replaced", name);
		at[c] = pg->files.len;
		strbuf_add(&pg->files, one.buf, one.len);
		strbuf_addc(&pg->files, '\0');
	}
	/* pointers only now: the buffer moved as it grew */
	for (c = 0; c < STORE_PAGE_NCOLS && v == VERDICT_OK; c++)
		if (store_page_cols[c].type == STORE_FILE &&
		    pg->rec.col[c].set)
			pg->rec.col[c].s = pg->files.buf + at[c];
	if (v != VERDICT_OK)
		strbuf_release(&pg->files);
	strbuf_release(&one);
	return v;
}

/* put_page - read page K's image and text and store its row */
static enum verdict
put_page(struct db *db, const struct job *job, long long doc, long k,
    struct doc_in *d, struct strbuf *img, struct strbuf *txt, char *err,
    size_t errlen)
{
	struct page_in *pg = &d->page[k - 1];
	const char *type = pg->rec.image_type, *magic;
	enum verdict v;
	size_t bad;

	strbuf_reset(img);
	strbuf_reset(txt);
	pg->rec.image = NULL;
	pg->rec.text = NULL;
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
		pg->rec.image = img->buf;
		pg->rec.image_len = img->len;
		pg->rec.image_type = type;
	}
	if (pg->text != NULL) {
		if ((v = read_job_file(job, pg->text, LOAD_TEXT_MAX, txt, err,
		    errlen)) != VERDICT_OK)
			return v;
		if ((bad = textnorm_utf8_clean(txt)) > 0)
			msg_warn("%s: %zu bytes of invalid UTF-8 replaced",
			    pg->text, bad);
		pg->rec.text = txt->buf;
		pg->rec.text_len = txt->len;
	}
	if ((v = page_files(job, k, pg, err, errlen)) != VERDICT_OK)
		return v;
	v = VERDICT_OK;
	if (store_page_add(db, doc, k, &pg->rec, &d->page_id[k - 1]) < 0)
		v = store_verdict(db, err, errlen);
	strbuf_release(&pg->files);
	return v;
}

/*
 * tag_twin - a page of D with the same decoded pixels as a page of another
 * source: the same page saved in another format.  It is archived all the
 * same, tagged probable_duplicate=document:ID for a person to look at.
 * 0, or -1 on a database error.
 */
static int
tag_twin(struct db *db, struct doc_in *d)
{
	const struct store_value *v;
	long long twin;
	size_t c;
	long k;

	for (c = 0; c < STORE_PAGE_NCOLS &&
	    strcmp(store_page_cols[c].name, "pixels_sha256") != 0; c++)
		;
	for (k = 0; k < d->rec.pages && c < STORE_PAGE_NCOLS; k++) {
		v = &d->page[k].rec.col[c];
		if (!v->set)
			continue;
		if ((twin = store_page_twin(db, v->s,
		    d->rec.source_sha256)) < 0)
			return -1;
		if (twin == 0)
			continue;
		snprintf(d->twin, sizeof(d->twin), "document:%lld", twin);
		msg_warn("probable duplicate: page %ld has the pixels of a "
		    "page of document %lld", k + 1, twin);
		d->tag = xreallocarray(d->tag, d->rec.ntag + 1,
		    sizeof(*d->tag));
		d->tag[d->rec.ntag].name = "probable_duplicate";
		d->tag[d->rec.ntag++].value = d->twin;
		d->rec.tag = d->tag;
		break;
	}
	return 0;
}

/*
 * The words that, just before a date, make it a date the document is not
 * about: a birth date or a date something is due (normalised text:
 * lower case, no accents; French, Dutch, English, German).
 */
static const char *const not_doc_date[] = {
	"ne le", "nee le", "ne(e) le", "naissance", "geboren", "geb.",
	"born", "birth", "echeance", "avant le", "au plus tard", "payer le",
	"payable", "expire", "valable jusqu", "uiterlijk", "vervaldag",
	"vervaldatum", "betalen voor", "betalen tegen", "geldig tot", "due",
	"before", "expiry", "valid until", "fallig", "bis zum", "zahlbar",
	"gultig bis", NULL
};

/*
 * date_context_bad - 1 if the text just before the first place where
 * VALUE is written in TEXT names it a birth or due date
 */
static int
date_context_bad(const char *text, size_t len, const char *value)
{
	enum { BEFORE = 40 };
	const char *at;
	char *win, *norm;
	size_t from, n;
	int i, bad = 0;

	if (text == NULL || *value == '\0' ||
	    (at = memmem(text, len, value, strlen(value))) == NULL)
		return 0;
	from = (size_t)(at - text) > BEFORE ? (size_t)(at - text) - BEFORE :
	    0;
	n = (size_t)(at - text) - from;
	win = xmalloc(n + 1);
	memcpy(win, text + from, n);
	win[n] = '\0';
	norm = textnorm_str(win);
	for (i = 0; not_doc_date[i] != NULL && !bad; i++)
		bad = strstr(norm, not_doc_date[i]) != NULL;
	free(norm);
	free(win);
	return bad;
}

static const char sql_birth_date[] =
    "SELECT 1 FROM person WHERE birth_date = ?1 LIMIT 1";

/*
 * doc_date - the date document D is about, into d->rec.doc_date: the
 * migration index's date, else the first valid date field of its pages
 * (in page order, as the tag stage found them) that is no later than
 * TODAY, is nobody's birth date in the registry and is not written as a
 * birth or due date in TEXT (its pages' text); none: NULL.  0, or -1 on a
 * database error.
 */
static int
doc_date(struct db *db, struct doc_in *d, const char *text, size_t len,
    const char *today)
{
	const struct store_field *f;
	size_t i;
	int born;

	d->rec.doc_date = NULL;
	if (d->index_date != NULL && ident_iso_date_check(d->index_date)) {
		snprintf(d->doc_date, sizeof(d->doc_date), "%s",
		    d->index_date);
		d->rec.doc_date = d->doc_date;
		return 0;
	}
	for (i = 0; i < d->rec.nfield; i++) {
		f = &d->field[i];
		if (strcmp(f->kind, "date") != 0 || !f->valid || f->page < 1 ||
		    !ident_iso_date_check(f->norm) ||
		    strncmp(f->norm, today, 10) > 0)
			continue;
		if ((born = db_exists(db, sql_birth_date, f->norm,
		    "cannot look up birth dates")) < 0)
			return -1;
		if (born || date_context_bad(text, len, f->value))
			continue;
		snprintf(d->doc_date, sizeof(d->doc_date), "%s", f->norm);
		d->rec.doc_date = d->doc_date;
		break;
	}
	return 0;
}

/*
 * job_settings - the provenance of JOB into SB: one line "STAGE WORDS"
 * for each stage that wrote its settings.STAGE key, in chain order, then
 * load's own (no newline after it); D->rec.settings points to it
 */
static void
job_settings(const struct job *job, struct doc_in *d, struct strbuf *sb)
{
	static const char *const stages[] = {
		"ingest", "deskew", "ocr", "classify", "tag", NULL
	};
	char key[64];
	const char *v;
	int i;

	strbuf_reset(sb);
	for (i = 0; stages[i] != NULL; i++) {
		snprintf(key, sizeof(key), "settings.%s", stages[i]);
		if ((v = job_get(job, key)) != NULL && *v != '\0')
			strbuf_addf(sb, "%s %s\n", stages[i], v);
	}
	strbuf_addf(sb, "load version=%s schema=%d", DOSSIER_VERSION,
	    DB_SCHEMA_VERSION);
	d->rec.settings = sb->buf;
}

/* put_document - everything of D inside the open transaction */
static enum verdict
put_document(struct load_ctx *ctx, const struct job *job, struct doc_in *d,
    long long *docid, struct link_result *lk, char *err, size_t errlen)
{
	struct db *db = &ctx->db;
	struct strbuf img = STRBUF_INIT, txt = STRBUF_INIT;
	struct strbuf alltext = STRBUF_INIT, settings = STRBUF_INIT;
	struct link_nid *nid = NULL;
	struct link_evidence ev = { 0 };
	char now[32];
	enum verdict v = VERDICT_OK;
	size_t i, n = 0;
	long k;
	int have;

	db_timestamp(now, sizeof(now));
	if (d->rec.batch != NULL && batch_ensure(db, &ctx->sp,
	    d->rec.batch) < 0)
		goto dbfail;
	if ((have = db_source_exists(db, d->rec.source_sha256)) < 0)
		goto dbfail;
	if (!have && (v = put_source(db, job, d, now, err, errlen)) !=
	    VERDICT_OK)
		goto out;

	nid = xcalloc(d->rec.nfield + 1, sizeof(*nid));
	for (i = 0; i < d->rec.nfield; i++)
		if (strcmp(d->field[i].kind, "national_id") == 0) {
			nid[n].number = d->field[i].norm;
			nid[n].valid = d->field[i].valid;
			n++;
		}
	ev.cover_ref = d->cover_ref;
	ev.index_household = d->index_household;
	ev.nid = nid;
	ev.nnid = n;
	/* the pages' text and date, for name plus birth date (link.h) */
	for (k = 1; k <= d->rec.pages; k++) {
		if (d->page[k - 1].text == NULL)
			continue;
		strbuf_reset(&txt);
		if ((v = read_job_file(job, d->page[k - 1].text,
		    LOAD_TEXT_MAX, &txt, err, errlen)) != VERDICT_OK)
			goto out;
		strbuf_add(&alltext, txt.buf, txt.len);
		strbuf_addc(&alltext, '\n');
	}
	ev.text = alltext.buf;
	ev.textlen = alltext.len;
	if (doc_date(db, d, alltext.buf, alltext.len, now) < 0)
		goto dbfail;
	job_settings(job, d, &settings);
	ev.date = d->rec.doc_date;
	if (link_document(db, &ev, lk) < 0)
		goto dbfail;
	/*
	 * An upstream stage doubted the document (e.g. a low classification
	 * score, a page read as garbage): a person looks at it whatever the
	 * linking found, and is told both doubts where the linking found
	 * none to file it to (a handwritten page read with confidence 27
	 * has no national number either: "no national number" alone sent
	 * the clerk looking for a number, not at the page)
	 */
	if (d->review_reason != NULL && lk->household_id > 0) {
		memset(lk, 0, sizeof(*lk));
		lk->reason = d->review_reason;
	} else if (d->review_reason != NULL && lk->reason != NULL &&
	    strstr(d->review_reason, lk->reason) == NULL) {
		snprintf(d->both, sizeof(d->both), "%s; %s", d->review_reason,
		    lk->reason);
		lk->reason = d->both;
	}
	if (store_document_add(db, &d->rec, lk, now, docid) < 0)
		goto dbfail;
	for (k = 1; k <= d->rec.pages; k++)
		if ((v = put_page(db, job, *docid, k, d, &img, &txt, err,
		    errlen)) != VERDICT_OK)
			goto out;
	if (tag_twin(db, d) < 0)
		goto dbfail;
	if (store_lists_add(db, &d->rec, *docid, d->page_id) < 0 ||
	    store_document_audit(db, STORE_ACTOR, *docid, &d->rec, lk) < 0)
		goto dbfail;
	goto out;
dbfail:
	v = store_verdict(db, err, errlen);
out:
	free(nid);
	strbuf_release(&img);
	strbuf_release(&txt);
	strbuf_release(&settings);
	strbuf_release(&alltext);
	return v;
}

/*
 * archived - 1 if document D is in the archive already (logged), 0 if
 * not, -1 on a database error (verdict in *V)
 */
static int
archived(struct db *db, const struct doc_in *d, enum verdict *v, char *err,
    size_t errlen)
{
	long long id = store_doc_find(db, d->rec.source_sha256,
	    d->rec.first_page);

	if (id < 0) {
		*v = store_verdict(db, err, errlen);
		return -1;
	}
	if (id > 0)
		msg_info("already archived as document %lld", id);
	return id > 0;
}

/* load_job - one job into the archive in one transaction (load.h) */
enum verdict
load_job(struct load_ctx *ctx, struct job *job, char *err, size_t errlen)
{
	struct db *db = &ctx->db;
	struct link_result lk;
	struct doc_in d;
	enum verdict v;
	long long id = 0;

	if ((v = parse_job(job, &d, err, errlen)) != VERDICT_OK)
		goto out;
	/* the common duplicate: no lock needed to see it */
	if (archived(db, &d, &v, err, errlen) != 0)
		goto out;
	if (db_begin(db) < 0) {
		v = store_verdict(db, err, errlen);
		goto out;
	}
	/* again under the write lock: another worker may have been first */
	if (archived(db, &d, &v, err, errlen) != 0 ||
	    (v = put_document(ctx, job, &d, &id, &lk, err, errlen)) !=
	    VERDICT_OK) {
		db_rollback(db);
		goto out;
	}
	if (db_commit(db) < 0) {
		v = store_verdict(db, err, errlen);
		goto out;
	}
	if (lk.household_id > 0)
		msg_info("document %lld filed (%s, %s)", id, d.rec.class,
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

	if (spool_open(&ctx->sp, stage_opt.spool, 0) < 0) {
		snprintf(err, errlen, "%s", ctx->sp.err);
		free(ctx);
		return -1;
	}
	/* load_setup() checked the archive (quick_check) moments ago */
	if (db_open(&ctx->db, stage_opt.archive, DB_CREATE | DB_NOCHECK, err,
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
