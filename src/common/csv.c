/*
 * csv.c - CSV records with ';' or ',' separators (see csv.h)
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "strbuf.h"
#include "textnorm.h"

void
csv_init(struct csv *c, const char *text, size_t len)
{
	memset(c, 0, sizeof(*c));
	strbuf_init(&c->buf);
	c->start = text;
	c->end = text + len;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		c->start += 3;
	c->p = c->start;
	c->sep = ';';
	c->line = 1;
}

void
csv_release(struct csv *c)
{
	strbuf_release(&c->buf);
}

/* csv_record - read one record, empty lines included (see csv_next) */
static int
csv_record(struct csv *c)
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
				if (c->p >= c->end) {
					strbuf_addc(&c->buf, '\0');
					return -1;
				}
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

int
csv_next(struct csv *c)
{
	int rc;

	do
		rc = csv_record(c);
	while (rc == 1 && c->nf == 1 && *csv_field(c, 0) == '\0');
	return rc;
}

const char *
csv_field(const struct csv *c, size_t i)
{
	return i < c->nf ? c->buf.buf + c->off[i] : "";
}

/* field_len - the length of field F of the record */
static size_t
field_len(const struct csv *c, size_t f)
{
	return (f + 1 < c->nf ? c->off[f + 1] : c->buf.len) - c->off[f] - 1;
}

int
csv_text_ok(const struct csv *c)
{
	size_t f;

	for (f = 0; f < c->nf; f++)
		if (!textnorm_utf8_valid(c->buf.buf + c->off[f],
		    field_len(c, f)))
			return 0;
	return 1;
}

char *
csv_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* map_columns - COL from the header record in C; -1 on a column twice */
static int
map_columns(struct csv *c, const char *path, const char *const *names,
    size_t n, int *col, char *err, size_t errlen)
{
	char name[64], *t;
	size_t f, i, k;

	for (i = 0; i < n; i++)
		col[i] = -1;
	for (f = 0; f < c->nf; f++) {
		snprintf(name, sizeof(name), "%s", csv_field(c, f));
		for (k = 0; name[k] != '\0'; k++)
			name[k] = (char)tolower((unsigned char)name[k]);
		t = csv_trim(name);
		for (i = 0; i < n; i++) {
			if (strcmp(t, names[i]) != 0)
				continue;
			if (col[i] >= 0) {
				snprintf(err, errlen, "%s:%ld: column '%s' "
				    "twice", path, c->rec_line, names[i]);
				return -1;
			}
			col[i] = (int)f;
		}
	}
	return 0;
}

/* has_needed - 1 if every name of NEED has a column */
static int
has_needed(const char *const *names, size_t n, const char *const *need,
    const int *col, const char **missing)
{
	size_t i, k;

	for (k = 0; need[k] != NULL; k++) {
		for (i = 0; i < n && strcmp(names[i], need[k]) != 0; i++)
			;
		if (i == n || col[i] < 0) {
			*missing = need[k];
			return 0;
		}
	}
	return 1;
}

int
csv_header(struct csv *c, const char *path, const char *const *names,
    size_t n, const char *const *need, int *col, char *err, size_t errlen)
{
	static const int seps[] = { ';', ',' };
	const char *missing = NULL;
	size_t s;

	for (s = 0; s < sizeof(seps) / sizeof(seps[0]); s++) {
		c->p = c->start;
		c->line = 1;
		c->sep = seps[s];
		if (csv_next(c) != 1) {
			snprintf(err, errlen, "%s: no header line", path);
			return -1;
		}
		if (!csv_text_ok(c)) {
			snprintf(err, errlen, "%s:%ld: header is not UTF-8",
			    path, c->rec_line);
			return -1;
		}
		if (map_columns(c, path, names, n, col, err, errlen) < 0)
			return -1;
		if (has_needed(names, n, need, col, &missing))
			return 0;
	}
	snprintf(err, errlen, "%s:%ld: header has no column '%s'", path,
	    c->rec_line, missing);
	return -1;
}
