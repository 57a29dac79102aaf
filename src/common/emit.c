/*
 * emit.c - query rows as text, CSV or JSON (see emit.h)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "emit.h"
#include "strbuf.h"
#include "textnorm.h"
#include "xalloc.h"

int
emit_fmt_parse(const char *s, enum emit_fmt *fmt)
{
	if (strcmp(s, "text") == 0)
		*fmt = EMIT_TEXT;
	else if (strcmp(s, "csv") == 0)
		*fmt = EMIT_CSV;
	else if (strcmp(s, "json") == 0)
		*fmt = EMIT_JSON;
	else
		return -1;
	return 0;
}

void
emit_begin(struct emit *e, FILE *out, enum emit_fmt fmt, int multi)
{
	e->out = out;
	e->fmt = fmt;
	e->multi = multi;
	e->nsec = 0;
	if (e->skip == NULL || e->skip[0] == NULL)
		e->skip = NULL;
	if (fmt == EMIT_JSON && multi)
		fputc('{', out);
}

void
emit_json_string(FILE *out, const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	fputc('"', out);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		switch (c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else if (c < 0x80)
				fputc(c, out);
			else {
				/* a byte that is not UTF-8 (a Latin-1 file
				   name) would make the whole answer invalid */
				uint32_t cp;
				size_t k = textnorm_decode(
				    (const unsigned char *)s + i, n - i, &cp);

				if (cp == 0xfffd && k == 1)
					fputs("\\ufffd", out);
				else
					fwrite(s + i, 1, k, out);
				i += k - 1;
			}
		}
	}
	fputc('"', out);
}

void
emit_csv_field(FILE *out, const char *s, size_t n)
{
	size_t i;

	if (n == 0 || (strcspn(s, ",\"\r\n") >= n && s[0] != ' ' &&
	    s[n - 1] != ' ')) {
		fwrite(s, 1, n, out);
		return;
	}
	fputc('"', out);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			fputc('"', out);
		fputc(s[i], out);
	}
	fputc('"', out);
}

/* skipped - 1 if column NAME is in E's skip list */
static int
skipped(const struct emit *e, const char *name)
{
	size_t i;

	for (i = 0; e->skip != NULL && e->skip[i] != NULL; i++)
		if (strcmp(e->skip[i], name) == 0)
			return 1;
	return 0;
}

/* the columns of one statement that are written */
struct cols {
	int	*idx;
	int	 n;
};

static void
cols_init(struct cols *c, const struct emit *e, sqlite3_stmt *st)
{
	int i, n = sqlite3_column_count(st);

	c->idx = xcalloc((size_t)n + 1, sizeof(*c->idx));
	c->n = 0;
	for (i = 0; i < n; i++)
		if (!skipped(e, sqlite3_column_name(st, i)))
			c->idx[c->n++] = i;
}

/* json_value - column I of the current row of ST as a JSON value */
static void
json_value(FILE *out, sqlite3_stmt *st, int i)
{
	const char *t;

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		fputs("null", out);
		break;
	case SQLITE_INTEGER:
		fprintf(out, "%lld", (long long)sqlite3_column_int64(st, i));
		break;
	case SQLITE_FLOAT:
		t = (const char *)sqlite3_column_text(st, i);
		/* Inf and NaN are not JSON numbers */
		if (t == NULL || strpbrk(t, "IiNn") != NULL)
			fputs("null", out);
		else
			fputs(t, out);
		break;
	case SQLITE_BLOB:
		fprintf(out, "\"(%d bytes)\"", sqlite3_column_bytes(st, i));
		break;
	default:
		t = (const char *)sqlite3_column_text(st, i);
		emit_json_string(out, t != NULL ? t : "",
		    (size_t)sqlite3_column_bytes(st, i));
	}
}

/* text_value - column I as one line of text into SB ("-" for NULL) */
static void
text_value(struct strbuf *sb, sqlite3_stmt *st, int i)
{
	const char *t;
	size_t k, n;

	strbuf_reset(sb);
	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		strbuf_adds(sb, "-");
		return;
	}
	if (sqlite3_column_type(st, i) == SQLITE_BLOB) {
		strbuf_addf(sb, "(%d bytes)", sqlite3_column_bytes(st, i));
		return;
	}
	t = (const char *)sqlite3_column_text(st, i);
	n = (size_t)sqlite3_column_bytes(st, i);
	for (k = 0; t != NULL && k < n; k++)
		strbuf_addc(sb, (unsigned char)t[k] < 0x20 ? ' ' : t[k]);
}

/* csv_value - column I as a CSV field (NULL: empty) */
static void
csv_value(FILE *out, sqlite3_stmt *st, int i)
{
	const char *t;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return;
	if (sqlite3_column_type(st, i) == SQLITE_BLOB) {
		fprintf(out, "(%d bytes)", sqlite3_column_bytes(st, i));
		return;
	}
	t = (const char *)sqlite3_column_text(st, i);
	emit_csv_field(out, t != NULL ? t : "",
	    (size_t)sqlite3_column_bytes(st, i));
}

/* width - the characters (not bytes) of UTF-8 S */
static size_t
width(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* a text table, kept until its widths are known */
struct table {
	char	**cell;			/* rows * ncols strings */
	size_t	 rows, alloc;
	int	 ncols;
};

static void
table_add(struct table *t, const struct cols *c, sqlite3_stmt *st,
    struct strbuf *sb)
{
	int k;

	if ((t->rows + 1) * (size_t)t->ncols > t->alloc) {
		t->alloc = t->alloc * 2 + (size_t)t->ncols * 16;
		t->cell = xreallocarray(t->cell, t->alloc, sizeof(*t->cell));
	}
	for (k = 0; k < c->n; k++) {
		text_value(sb, st, c->idx[k]);
		t->cell[t->rows * (size_t)t->ncols + (size_t)k] =
		    xstrdup(sb->buf);
	}
	t->rows++;
}

/* table_print - header and rows, columns two spaces apart, INDENT first */
static void
table_print(FILE *out, struct table *t, const struct cols *c,
    sqlite3_stmt *st, const char *indent)
{
	size_t *w, r, n, k;
	const char *s;

	w = xcalloc((size_t)t->ncols + 1, sizeof(*w));
	for (k = 0; k < (size_t)t->ncols; k++) {
		w[k] = width(sqlite3_column_name(st, c->idx[k]));
		for (r = 0; r < t->rows; r++)
			if ((n = width(t->cell[r * t->ncols + k])) > w[k])
				w[k] = n;
	}
	for (r = 0; r <= t->rows; r++) {
		fputs(indent, out);
		for (k = 0; k < (size_t)t->ncols; k++) {
			s = r == 0 ? sqlite3_column_name(st, c->idx[k]) :
			    t->cell[(r - 1) * t->ncols + k];
			fputs(s, out);
			if (k + 1 < (size_t)t->ncols)
				for (n = width(s); n < w[k] + 2; n++)
					fputc(' ', out);
		}
		fputc('\n', out);
	}
	for (r = 0; r < t->rows * (size_t)t->ncols; r++)
		free(t->cell[r]);
	free(t->cell);
	free(w);
}

/* section_open - what comes before the rows of section NAME */
static void
section_open(struct emit *e, const char *name, sqlite3_stmt *st,
    const struct cols *c, enum emit_style style)
{
	int k;

	switch (e->fmt) {
	case EMIT_JSON:
		if (e->multi) {
			fputs(e->nsec > 0 ? ",\n" : "", e->out);
			emit_json_string(e->out, name, strlen(name));
			fputs(": ", e->out);
		}
		if (style != EMIT_ONE)
			fputs("[", e->out);
		break;
	case EMIT_CSV:
		if (e->multi) {
			if (e->nsec == 0)
				fputs("section,row,key,value\r\n", e->out);
			break;
		}
		for (k = 0; k < c->n; k++) {
			const char *n = sqlite3_column_name(st, c->idx[k]);

			if (k > 0)
				fputc(',', e->out);
			emit_csv_field(e->out, n, strlen(n));
		}
		fputs("\r\n", e->out);
		break;
	case EMIT_TEXT:
		if (e->multi)
			fprintf(e->out, "%s:", name);
		break;
	}
}

/* row_out - one row of section NAME (not for text tables) */
static void
row_out(struct emit *e, const char *name, sqlite3_stmt *st,
    const struct cols *c, enum emit_style style, long n,
    struct strbuf *sb)
{
	const char *key;
	int k;

	for (k = 0; k < c->n; k++) {
		key = sqlite3_column_name(st, c->idx[k]);
		switch (e->fmt) {
		case EMIT_JSON:
			fputs(k == 0 ? (style == EMIT_ONE ? "{" : n > 1 ?
			    ",\n{" : "\n{") : ", ", e->out);
			emit_json_string(e->out, key, strlen(key));
			fputs(": ", e->out);
			json_value(e->out, st, c->idx[k]);
			break;
		case EMIT_CSV:
			if (e->multi) {
				emit_csv_field(e->out, name, strlen(name));
				fprintf(e->out, ",%ld,", n);
				emit_csv_field(e->out, key, strlen(key));
				fputc(',', e->out);
				csv_value(e->out, st, c->idx[k]);
				fputs("\r\n", e->out);
			} else {
				if (k > 0)
					fputc(',', e->out);
				csv_value(e->out, st, c->idx[k]);
			}
			break;
		case EMIT_TEXT:
			text_value(sb, st, c->idx[k]);
			if (style == EMIT_ONE)
				fprintf(e->out, "%s%s: %s\n", e->multi ?
				    "  " : "", key, sb->buf);
			else
				fprintf(e->out, "%s%s: %s\n", k == 0 ?
				    "  - " : "    ", key, sb->buf);
			break;
		}
	}
	if (e->fmt == EMIT_JSON)
		fputs(c->n > 0 ? "}" : "{}", e->out);
	else if (e->fmt == EMIT_CSV && !e->multi)
		fputs("\r\n", e->out);
}

int
emit_rows(struct emit *e, const char *name, sqlite3_stmt *st,
    enum emit_style style, long *nrows)
{
	struct table t = { NULL, 0, 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	struct cols c;
	long n = 0;
	int rc;

	if (name == NULL)
		name = "";
	cols_init(&c, e, st);
	t.ncols = c.n;
	section_open(e, name, st, &c, style);
	if (e->fmt == EMIT_TEXT && e->multi && style != EMIT_ONE)
		fputc('\n', e->out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if (style == EMIT_ONE && n > 1)
			continue;
		if (e->fmt == EMIT_TEXT && style == EMIT_TABLE)
			table_add(&t, &c, st, &sb);
		else {
			if (n == 1 && e->fmt == EMIT_TEXT && e->multi &&
			    style == EMIT_ONE)
				fputc('\n', e->out);
			row_out(e, name, st, &c, style, n, &sb);
		}
	}
	if (e->fmt == EMIT_TEXT && style == EMIT_TABLE && n > 0)
		table_print(e->out, &t, &c, st, e->multi ? "  " : "");
	else
		free(t.cell);
	if (e->fmt == EMIT_JSON) {
		if (style != EMIT_ONE)
			fputs(n > 0 ? "\n]" : "]", e->out);
		else if (n == 0)
			fputs("null", e->out);
		if (!e->multi)
			fputc('\n', e->out);
	} else if (e->fmt == EMIT_TEXT && e->multi && n == 0)
		fputs(style == EMIT_ONE ? " -\n" : "  (none)\n", e->out);
	e->nsec++;
	strbuf_release(&sb);
	free(c.idx);
	if (rc == SQLITE_DONE)
		db_done(st);
	if (nrows != NULL)
		*nrows = n;
	return rc == SQLITE_DONE ? 0 : -1;
}

int
emit_end(struct emit *e)
{
	if (e->fmt == EMIT_JSON && e->multi)
		fputs("}\n", e->out);
	if (fflush(e->out) != 0 || ferror(e->out)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}
