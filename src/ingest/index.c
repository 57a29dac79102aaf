/*
 * index.c - the migration index of dossier-ingest --index (see index.h)
 *
 * The whole file is read and checked before any input is taken, so that
 * a row is refused (and reported by its line) before a job could carry
 * half of it.  Rows are kept sorted by file name; the run looks each
 * job's source_file up and marks the row used; at the end the rows no
 * input matched are reported.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "fileio.h"
#include "ident.h"
#include "index.h"
#include "job.h"
#include "msg.h"
#include "strbuf.h"
#include "xalloc.h"

#define INDEX_ROWS_MAX	1000000		/* rows in one index */
#define INDEX_VALUE_MAX	4096		/* bytes in one value */
#define INDEX_NAME_MAX	63		/* a class or tag name (tagset.h) */
#define INDEX_HH_MAX	64		/* a household reference */

enum { I_FILE, I_HOUSEHOLD, I_CLASS, I_DATE, I_TAGS, I_NCOL };
static const char *const index_cols[I_NCOL] = {
	"file", "household", "class", "date", "tags"
};

enum row_state { ROW_UNUSED, ROW_USED, ROW_WAITING, ROW_REFUSED };

struct index_row {
	long	 line;
	char	*v[I_NCOL];		/* checked values; NULL: not given */
	enum row_state state;
};

struct ingest_index {
	char	*path;
	struct index_row *row;		/* sorted by file, then line */
	size_t	 n;
	long	 refused;
};

static void
refuse(struct ingest_index *ix, struct index_row *r, const char *why)
{
	msg_error("%s:%ld: %s", ix->path, r->line, why);
	r->state = ROW_REFUSED;
	ix->refused++;
}

/* plain_name - lower S in place; 1 if a class (IS_TAG: a tag) name */
static int
plain_name(char *s, int is_tag)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] += 'a' - 'A';
	if (n == 0 || n > INDEX_NAME_MAX || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    (is_tag && strchr(":-.", s[i]) != NULL)))
			return 0;
	return 1;
}

/* digits - the number of the N (1..MAX) digits at *S, advancing; -1 if not */
static int
digits(const char **s, size_t max)
{
	size_t n = strspn(*s, "0123456789");
	int v = 0;

	if (n == 0 || n > max)
		return -1;
	while (n-- > 0)
		v = v * 10 + *(*s)++ - '0';
	return v;
}

/*
 * index_date - S as YYYY-MM-DD in OUT (11 bytes): YYYY-MM-DD as it is,
 * DD/MM/YYYY (or with '.' or '-') turned round; -1 if not a real date
 */
static int
index_date(const char *s, char *out)
{
	const char *p = s;
	int d, m, y, sep;

	if (ident_iso_date_check(s)) {
		memcpy(out, s, 11);
		return 0;
	}
	if ((d = digits(&p, 2)) < 0 || strchr("/.-", *p) == NULL ||
	    *p == '\0')
		return -1;
	sep = *p++;
	if ((m = digits(&p, 2)) < 0 || *p++ != sep)
		return -1;
	if (strspn(p, "0123456789") != 4 || (y = digits(&p, 4)) < 0 ||
	    *p != '\0' || !ident_date_check(y, m, d))
		return -1;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* index_tags - the tags of S (blanks or commas between) in SB, one space */
static const char *
index_tags(char *s, struct strbuf *sb)
{
	char *t;
	int n = 0;

	while ((t = strsep(&s, " \t,")) != NULL) {
		if (*t == '\0')
			continue;
		if (!plain_name(t, 1))
			return "tags are not plain words (letters, digits, "
			    "'_', ':', '-', '.')";
		if (++n > INDEX_TAGS_MAX)
			return "more than 32 tags";
		if (sb->len > 0)
			strbuf_addc(sb, ' ');
		strbuf_adds(sb, t);
	}
	return NULL;
}

/*
 * row_check - take the values of the current record of C (columns COL)
 * into R; NULL, or why the row is refused
 */
static const char *
row_check(struct index_row *r, const struct csv *c, const int *col)
{
	struct strbuf sb = STRBUF_INIT;
	char date[11], *v, *s;
	const char *why = NULL;
	int i;

	for (i = 0; i < I_NCOL; i++) {
		if (col[i] < 0)
			continue;
		if (strlen(csv_field(c, (size_t)col[i])) > INDEX_VALUE_MAX)
			return "value too long";
		v = xstrdup(csv_field(c, (size_t)col[i]));
		s = csv_trim(v);
		memmove(v, s, strlen(s) + 1);
		if (*v == '\0' && i != I_FILE) {
			free(v);	/* not given */
			continue;
		}
		r->v[i] = v;
		for (s = v; *s != '\0'; s++)
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				return "control character in a value";
	}
	v = r->v[I_FILE];
	while (v[0] == '.' && v[1] == '/')
		memmove(v, v + 2, strlen(v + 2) + 1);
	if (*v == '\0')
		return "no file named";
	if (r->v[I_HOUSEHOLD] != NULL &&
	    strlen(r->v[I_HOUSEHOLD]) > INDEX_HH_MAX)
		return "household reference longer than 64 bytes";
	if (r->v[I_CLASS] != NULL && !plain_name(r->v[I_CLASS], 0))
		return "class is not a plain name (letters, digits, '_')";
	if ((v = r->v[I_DATE]) != NULL) {
		if (index_date(v, date) < 0)
			return "date is not a date YYYY-MM-DD or DD/MM/YYYY";
		free(v);
		r->v[I_DATE] = xstrdup(date);
	}
	if ((v = r->v[I_TAGS]) != NULL) {
		why = index_tags(v, &sb);
		free(r->v[I_TAGS]);
		r->v[I_TAGS] = why == NULL && sb.len > 0 ?
		    strbuf_detach(&sb, NULL) : NULL;
		strbuf_release(&sb);
	}
	return why;
}

static int
by_file(const void *a, const void *b)
{
	const struct index_row *x = a, *y = b;
	int c = strcmp(x->v[I_FILE], y->v[I_FILE]);

	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

static int
by_name(const void *a, const void *b)
{
	const struct index_row *x = a, *y = b;

	return strcmp(x->v[I_FILE], y->v[I_FILE]);
}

static int
by_line(const void *a, const void *b)
{
	const struct index_row *x = a, *y = b;

	return (x->line > y->line) - (x->line < y->line);
}

/* refuse_twice - refuse every row of a file named more than once */
static void
refuse_twice(struct ingest_index *ix)
{
	struct index_row *r;
	size_t i, j, k;

	for (i = 0; i < ix->n; i = j) {
		for (j = i + 1; j < ix->n && strcmp(ix->row[i].v[I_FILE],
		    ix->row[j].v[I_FILE]) == 0; j++)
			continue;
		for (k = i; j - i > 1 && k < j; k++) {
			r = &ix->row[k];
			/* each line names another one of the same file */
			msg_error("%s:%ld: the same file as line %ld",
			    ix->path, r->line, ix->row[k == i ? i + 1 : i].line);
			if (r->state != ROW_REFUSED)
				ix->refused++;
			r->state = ROW_REFUSED;
		}
	}
}

static void
index_free(struct ingest_index *ix)
{
	size_t i;
	int k;

	for (i = 0; i < ix->n; i++)
		for (k = 0; k < I_NCOL; k++)
			free(ix->row[i].v[k]);
	free(ix->row);
	free(ix->path);
	free(ix);
}

/* index_parse - read the rows of C into IX; -1 (ERR) if too many */
static int
index_parse(struct ingest_index *ix, struct csv *c, const int *col,
    char *err, size_t errlen)
{
	struct index_row *r;
	const char *why;
	size_t alloc = 0;
	int rc, i;

	while ((rc = csv_next(c)) != 0) {
		if (ix->n == INDEX_ROWS_MAX) {
			snprintf(err, errlen, "%s:%ld: more than %d rows",
			    ix->path, c->rec_line, INDEX_ROWS_MAX);
			return -1;
		}
		if (ix->n == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			ix->row = xreallocarray(ix->row, alloc,
			    sizeof(*ix->row));
		}
		r = &ix->row[ix->n];
		memset(r, 0, sizeof(*r));
		r->line = c->rec_line;
		if (rc < 0)
			why = "quoted field does not end";
		else if (!csv_text_ok(c))
			why = "not valid UTF-8";
		else if (c->overflow)
			why = "too many columns";
		else
			why = row_check(r, c, col);
		if (why != NULL)
			refuse(ix, r, why);
		/* a row without a usable file name cannot be matched */
		if (r->v[I_FILE] == NULL || *r->v[I_FILE] == '\0') {
			for (i = 0; i < I_NCOL; i++)
				free(r->v[i]);
			continue;
		}
		ix->n++;
	}
	return 0;
}

struct ingest_index *
ingest_index_open(const char *path, char *err, size_t errlen)
{
	static const char *const need[] = { "file", NULL };
	struct strbuf sb = STRBUF_INIT;
	struct ingest_index *ix;
	struct csv c;
	int col[I_NCOL];

	ix = xcalloc(1, sizeof(*ix));
	ix->path = xstrdup(path);
	csv_init(&c, "", 0);
	if (file_read_private(path, INDEX_FILE_MAX, &sb) < 0) {
		snprintf(err, errlen, "cannot read index '%s': %s", path,
		    errno == EFBIG ? "file too large" : errno == EINVAL ?
		    "not a regular file" : errno == EPERM ? "writable by "
		    "group or others; refusing it (chmod go-w)" :
		    strerror(errno));
		goto fail;
	}
	csv_init(&c, sb.buf, sb.len);
	if (csv_header(&c, path, index_cols, I_NCOL, need, col, err,
	    errlen) < 0 || index_parse(ix, &c, col, err, errlen) < 0)
		goto fail;
	csv_release(&c);
	strbuf_release(&sb);
	if (ix->n > 0)		/* ROW is NULL when no row was kept */
		qsort(ix->row, ix->n, sizeof(*ix->row), by_file);
	refuse_twice(ix);
	return ix;
fail:
	csv_release(&c);
	strbuf_release(&sb);
	index_free(ix);
	return NULL;
}

/* find - the row of file NAME, or NULL */
static struct index_row *
find(struct ingest_index *ix, const char *name)
{
	struct index_row key;

	memset(&key, 0, sizeof(key));
	key.v[I_FILE] = (char *)name;
	if (ix->n == 0)
		return NULL;
	return bsearch(&key, ix->row, ix->n, sizeof(*ix->row), by_name);
}

int
ingest_index_apply(struct ingest_index *ix, struct job *job)
{
	static const char *const key[I_NCOL] = {
		NULL, "index_household", "index_class", "index_date",
		"index_tags"
	};
	struct strbuf from = STRBUF_INIT;
	const char *name = job_get(job, "source_file");
	struct index_row *r;
	int i;

	if (name == NULL || (r = find(ix, name)) == NULL ||
	    r->state == ROW_REFUSED)
		return 0;
	r->state = ROW_USED;
	for (i = I_HOUSEHOLD; i < I_NCOL; i++) {
		if (r->v[i] == NULL)
			continue;
		job_set(job, key[i], r->v[i]);
		if (from.len > 0)
			strbuf_addc(&from, ',');
		strbuf_adds(&from, index_cols[i]);
	}
	if (from.len > 0)
		job_set(job, "from_index", from.buf);
	strbuf_release(&from);
	return 1;
}

void
ingest_index_waiting(struct ingest_index *ix, const char *rel)
{
	struct index_row *r = find(ix, rel);

	if (r != NULL && r->state == ROW_UNUSED)
		r->state = ROW_WAITING;
}

long
ingest_index_close(struct ingest_index *ix)
{
	long n;
	size_t i;

	if (ix->n > 0)
		qsort(ix->row, ix->n, sizeof(*ix->row), by_line);
	for (i = 0; i < ix->n; i++) {
		if (ix->row[i].state == ROW_UNUSED)
			refuse(ix, &ix->row[i], "no input file of this run "
			    "has that name");
		else if (ix->row[i].state == ROW_WAITING)
			refuse(ix, &ix->row[i], "that file is still being "
			    "written: give the index again when it is taken");
	}
	n = ix->refused;
	index_free(ix);
	return n;
}
