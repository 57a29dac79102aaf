/*
 * html.c - the morning report as one HTML page (see html.h)
 *
 * Its figures are those of the text report: batch_report() writes the
 * text into memory and the lines "key: value" are read back here, so the
 * two can never disagree.  Only the chart of the last nights asks the
 * archive itself.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "batch.h"
#include "db.h"
#include "fileio.h"
#include "html.h"
#include "strbuf.h"
#include "xalloc.h"

#define NIGHTS	30

/* the report's lines, as key and value */
struct line {
	char	*key;
	char	*val;
};

struct report {
	struct line *l;
	size_t	 n;
};

static const char *
get(const struct report *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->l[i].key, key) == 0)
			return r->l[i].val;
	return NULL;
}

static long long
num(const struct report *r, const char *key)
{
	const char *v = get(r, key);

	return v != NULL ? strtoll(v, NULL, 10) : 0;
}

/* esc - S with &, <, >, " and ' escaped, appended to SB */
static void
esc(struct strbuf *sb, const char *s)
{
	static const char *const entity[256] = {
		['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;",
		['"'] = "&quot;", ['\''] = "&#39;",
	};
	const char *e;

	for (; s != NULL && *s != '\0'; s++)
		if ((e = entity[(unsigned char)*s]) != NULL)
			strbuf_adds(sb, e);
		else
			strbuf_add(sb, s, 1);
}

/* parse - split the text report TEXT into its "key: value" lines */
static void
parse(struct report *r, char *text)
{
	char *line, *next, *colon, *paren, *p;

	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		/* the key ends at the first ": " (a value may hold more) */
		if ((colon = strstr(line, ": ")) == NULL)
			continue;
		/*
		 * but for a name in parentheses, which may hold ": " itself
		 * ("in review (ocr: page N read with confidence N): 2"): at
		 * the last "): "
		 */
		if ((paren = memchr(line, '(', (size_t)(colon - line))) !=
		    NULL && memchr(paren, ')', (size_t)(colon - paren)) ==
		    NULL)
			for (p = colon; (p = strstr(p, "): ")) != NULL; p += 3)
				colon = p + 1;
		*colon = '\0';
		r->l = xreallocarray(r->l, r->n + 1, sizeof(*r->l));
		r->l[r->n].key = line;
		r->l[r->n].val = colon + 2;
		r->n++;
	}
}

/* row - a table row: a header cell NAME and a cell VAL with id ID */
static void
row(struct strbuf *sb, const char *id, const char *name, const char *val)
{
	strbuf_adds(sb, "<tr><th scope=\"row\">");
	esc(sb, name);
	strbuf_addf(sb, "</th><td class=\"n\" id=\"%s\">", id);
	esc(sb, val != NULL ? val : "");
	strbuf_adds(sb, "</td></tr>\n");
}

/*
 * groups - a table of the lines whose key starts with PREFIX: the rest of
 * the key (without the parentheses) and the count; rows are "data-KIND"
 */
static int
groups(struct strbuf *sb, const struct report *r, const char *prefix,
    const char *kind, const char *head)
{
	size_t i, len = strlen(prefix);
	int n = 0;
	char name[512];

	strbuf_addf(sb, "<table id=\"%s\"><thead><tr><th>%s</th>"
	    "<th>documents</th></tr></thead><tbody>\n", kind, head);
	for (i = 0; i < r->n; i++) {
		if (strncmp(r->l[i].key, prefix, len) != 0)
			continue;
		snprintf(name, sizeof(name), "%s", r->l[i].key + len);
		if (name[0] == '(' && name[strlen(name) - 1] == ')') {
			memmove(name, name + 1, strlen(name));
			name[strlen(name) - 1] = '\0';
		}
		strbuf_adds(sb, "<tr><th scope=\"row\">");
		esc(sb, name);
		strbuf_adds(sb, "</th><td class=\"n\">");
		esc(sb, r->l[i].val);
		strbuf_adds(sb, "</td></tr>\n");
		n++;
	}
	if (n == 0)
		strbuf_adds(sb, "<tr><td colspan=\"2\">none</td></tr>\n");
	strbuf_adds(sb, "</tbody></table>\n");
	return n;
}

/* the chart's nights, oldest first */
struct night {
	char	 id[128];
	long long pages, filed, review;
};

static const char sql_nights[] =
    "SELECT b.id, b.pages_in, "
    "(SELECT count(*) FROM document d WHERE d.batch_id = b.id "
    " AND d.status = 'filed'), "
    "(SELECT count(*) FROM document d WHERE d.batch_id = b.id "
    " AND d.status = 'review') "
    "FROM batch b WHERE ifnull(b.started_at, '') <= "
    "(SELECT ifnull(started_at, '') FROM batch WHERE id = ?1) "
    "ORDER BY ifnull(b.started_at, '') DESC, b.id DESC LIMIT ?2";

static int
nights(struct db *db, const char *batch, struct night *nt, int max)
{
	sqlite3_stmt *st;
	int n = 0, rc, i;

	if ((st = db_stmt(db, sql_nights)) == NULL)
		return -1;
	if (sqlite3_bind_text(st, 1, batch, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int(st, 2, max) != SQLITE_OK) {
		db_done(st);
		return db_fail(db, "cannot read batches");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		snprintf(nt[n].id, sizeof(nt[n].id), "%s",
		    (const char *)sqlite3_column_text(st, 0));
		nt[n].pages = sqlite3_column_int64(st, 1);
		nt[n].filed = sqlite3_column_int64(st, 2);
		nt[n].review = sqlite3_column_int64(st, 3);
		n++;
	}
	db_done(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, "cannot read batches");
	for (i = 0; i < n / 2; i++) {	/* oldest first */
		struct night t = nt[i];

		nt[i] = nt[n - 1 - i];
		nt[n - 1 - i] = t;
	}
	return n;
}

/* chart - the nights as grouped bars, inline SVG */
static void
chart(struct strbuf *sb, const struct night *nt, int n)
{
	static const struct {
		const char *name, *color;
	} series[] = {
		{ "pages", "#4e79a7" },
		{ "filed", "#59a14f" },
		{ "in review", "#e15759" },
	};
	const int W = 720, H = 240, L = 48, B = 40, T = 16;
	double slot, bw, y, h;
	long long max = 1, v;
	int i, s;

	for (i = 0; i < n; i++) {
		if (nt[i].pages > max)
			max = nt[i].pages;
		if (nt[i].filed > max)
			max = nt[i].filed;
		if (nt[i].review > max)
			max = nt[i].review;
	}
	slot = n > 0 ? (double)(W - L - 8) / n : 1;
	bw = slot / 4;
	strbuf_addf(sb, "<svg id=\"nights\" xmlns=\"http://www.w3.org/2000/svg\""
	    " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-label=\"pages, documents filed and in review, last %d "
	    "nights\">\n", W, H + 20, W, H + 20, n);
	strbuf_addf(sb, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#333\"/>\n", L, H - B, W - 4, H - B);
	strbuf_addf(sb, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#333\"/>\n", L, T, L, H - B);
	strbuf_addf(sb, "<text x=\"%d\" y=\"%d\" font-size=\"10\" "
	    "text-anchor=\"end\">%lld</text>\n", L - 4, T + 4, max);
	strbuf_addf(sb, "<text x=\"%d\" y=\"%d\" font-size=\"10\" "
	    "text-anchor=\"end\">0</text>\n", L - 4, H - B);
	for (i = 0; i < n; i++) {
		strbuf_adds(sb, "<g class=\"night\" data-batch=\"");
		esc(sb, nt[i].id);
		strbuf_addf(sb, "\" data-pages=\"%lld\" data-filed=\"%lld\" "
		    "data-review=\"%lld\">", nt[i].pages, nt[i].filed,
		    nt[i].review);
		for (s = 0; s < 3; s++) {
			v = s == 0 ? nt[i].pages : s == 1 ? nt[i].filed :
			    nt[i].review;
			h = (double)v / max * (H - B - T);
			y = H - B - h;
			strbuf_addf(sb, "<rect x=\"%.1f\" y=\"%.1f\" "
			    "width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
			    "<title>", L + 4 + i * slot + s * bw, y, bw, h,
			    series[s].color);
			esc(sb, nt[i].id);
			strbuf_addf(sb, ": %lld %s</title></rect>", v,
			    series[s].name);
		}
		strbuf_adds(sb, "</g>\n");
	}
	if (n > 0) {
		strbuf_addf(sb, "<text x=\"%d\" y=\"%d\" font-size=\"10\">",
		    L, H - B + 14);
		esc(sb, nt[0].id);
		strbuf_addf(sb, "</text>\n<text x=\"%d\" y=\"%d\" "
		    "font-size=\"10\" text-anchor=\"end\">", W - 4,
		    H - B + 14);
		esc(sb, nt[n - 1].id);
		strbuf_adds(sb, "</text>\n");
	}
	for (s = 0; s < 3; s++)
		strbuf_addf(sb, "<rect x=\"%d\" y=\"%d\" width=\"10\" "
		    "height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" "
		    "font-size=\"11\">%s</text>\n", L + s * 110, H + 4,
		    series[s].color, L + s * 110 + 14, H + 13,
		    series[s].name);
	strbuf_adds(sb, "</svg>\n");
}

/* quarantined - the table of the "quarantined input" lines */
static void
quarantined(struct strbuf *sb, const struct report *r)
{
	size_t i;
	int n = 0;

	strbuf_adds(sb, "<table id=\"quarantine\"><thead><tr><th>input</th>"
	    "<th>why</th></tr></thead><tbody>\n");
	for (i = 0; i < r->n; i++) {
		const char *v = r->l[i].val, *why;

		if (strcmp(r->l[i].key, "quarantined input") != 0)
			continue;
		/* "FILE (N pages, STAGE): REASON" */
		why = strstr(v, "): ");
		strbuf_adds(sb, "<tr><td>");
		if (why != NULL) {
			struct strbuf f = STRBUF_INIT;

			strbuf_addf(&f, "%.*s", (int)(why - v + 1), v);
			esc(sb, f.buf);
			strbuf_release(&f);
			strbuf_adds(sb, "</td><td>");
			esc(sb, why + 3);
		} else {
			esc(sb, v);
			strbuf_adds(sb, "</td><td>");
		}
		strbuf_adds(sb, "</td></tr>\n");
		n++;
	}
	if (n == 0)
		strbuf_adds(sb, "<tr><td colspan=\"2\">none</td></tr>\n");
	strbuf_adds(sb, "</tbody></table>\n");
}

/* stages - the table of throughput per stage from TIMES, if given */
static void
stages(struct strbuf *sb, const char *times, long long pages)
{
	struct strbuf t = STRBUF_INIT;
	char *line, *next, name[32];
	long rc, secs;
	int n = 0;

	strbuf_adds(sb, "<table id=\"stages\"><thead><tr><th>stage</th>"
	    "<th>exit status</th><th>finished after (s)</th>"
	    "<th>pages of the batch per second</th></tr></thead><tbody>\n");
	if (times != NULL && file_read(times, 1 << 20, &t) == 0) {
		for (line = t.buf; *line != '\0'; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			else
				next = line + strlen(line);
			if (sscanf(line, "%31s %ld %ld", name, &rc,
			    &secs) != 3)
				continue;
			strbuf_adds(sb, "<tr");
			if (rc >= 2)
				strbuf_adds(sb, " class=\"bad\"");
			strbuf_adds(sb, "><th scope=\"row\">dossier-");
			esc(sb, name);
			strbuf_addf(sb, "</th><td class=\"n\">%ld%s</td>"
			    "<td class=\"n\">%ld</td><td class=\"n\">", rc,
			    rc >= 2 ? " (could not run)" : "", secs);
			if (secs > 0)
				strbuf_addf(sb, "%.2f", (double)pages / secs);
			else
				strbuf_adds(sb, "-");
			strbuf_adds(sb, "</td></tr>\n");
			n++;
		}
	}
	if (n == 0)
		strbuf_adds(sb, "<tr><td colspan=\"4\">not measured (the "
		    "report was not made by dossier-nightly)</td></tr>\n");
	strbuf_adds(sb, "</tbody></table>\n");
	strbuf_release(&t);
}

static const char style[] =
    "body{font-family:sans-serif;margin:2em;max-width:60em;color:#222}"
    "table{border-collapse:collapse;margin:0 0 1.5em}"
    "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}"
    "td.n{text-align:right}"
    ".status{font-size:1.3em;padding:.5em;border-radius:4px}"
    ".ok{background:#dfd}.bad{background:#fdd}";

int
html_report(struct db *db, struct spool *sp, const char *batch,
    const char *path, const char *times, char *err, size_t errlen)
{
	struct report r = { NULL, 0 };
	struct strbuf sb = STRBUF_INIT;
	struct night nt[NIGHTS];
	char *text = NULL, dir[PATH_MAX], *base;
	const char *rec, *id, *verdict;
	size_t size = 0;
	FILE *mem;
	int rc, n, ok;

	if ((mem = open_memstream(&text, &size)) == NULL) {
		snprintf(err, errlen, "cannot make the report: %s",
		    strerror(errno));
		return -1;
	}
	rc = batch_report(db, sp, batch, mem, err, errlen);
	fclose(mem);
	if (rc != 0) {
		free(text);
		return rc;
	}
	parse(&r, text);
	id = get(&r, "batch");
	rec = get(&r, "reconciliation");
	ok = rec != NULL && strstr(rec, ": OK (") != NULL;
	verdict = ok ? "OK" : rec != NULL && strstr(rec, "INCOMPLETE") !=
	    NULL ? "INCOMPLETE: pages are still waiting" : "MISMATCH: "
	    "pages are missing";

	strbuf_adds(&sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>dossier: batch ");
	esc(&sb, id);
	strbuf_addf(&sb, "</title>\n<style>%s</style>\n</head>\n<body>\n",
	    style);
	strbuf_adds(&sb, "<h1>Batch ");
	esc(&sb, id);
	strbuf_adds(&sb, "</h1>\n");
	strbuf_addf(&sb, "<p class=\"status %s\" id=\"status\">%s</p>\n",
	    ok ? "ok" : "bad", ok ? "OK: every page is accounted for" :
	    verdict);
	strbuf_adds(&sb, "<p id=\"reconciliation\">");
	esc(&sb, rec != NULL ? rec : "not made");
	strbuf_adds(&sb, "</p>\n<h2>The batch</h2>\n<table id=\"batch\">"
	    "<tbody>\n");
	row(&sb, "name", "name", get(&r, "name"));
	row(&sb, "started", "started", get(&r, "started"));
	row(&sb, "finished", "finished", get(&r, "finished"));
	row(&sb, "elapsed", "elapsed", get(&r, "elapsed"));
	row(&sb, "pages-in", "pages in", get(&r, "pages in"));
	row(&sb, "pages-archived", "pages archived", get(&r,
	    "pages archived"));
	row(&sb, "pages-blank", "blank pages", get(&r, "blank pages"));
	row(&sb, "cover-sheets", "cover sheets", get(&r, "cover sheets"));
	row(&sb, "pages-quarantined", "quarantined pages", get(&r,
	    "quarantined pages"));
	row(&sb, "duplicates", "duplicates", get(&r, "duplicates"));
	row(&sb, "documents", "documents", get(&r, "documents"));
	row(&sb, "documents-filed", "documents filed", get(&r,
	    "documents filed"));
	row(&sb, "documents-review", "documents in review", get(&r,
	    "documents in review"));
	strbuf_adds(&sb, "</tbody></table>\n<h2>Documents per class</h2>\n");
	groups(&sb, &r, "class ", "classes", "class");
	strbuf_adds(&sb, "<h2>Review queue, by reason</h2>\n");
	groups(&sb, &r, "in review ", "review", "reason");
	strbuf_adds(&sb, "<h2>Quarantined inputs</h2>\n");
	quarantined(&sb, &r);
	strbuf_adds(&sb, "<h2>Throughput per stage</h2>\n");
	stages(&sb, times, num(&r, "pages in"));
	if ((n = nights(db, id, nt, NIGHTS)) < 0) {
		snprintf(err, errlen, "archive: %s", db->err);
		goto fail;
	}
	strbuf_addf(&sb, "<h2>The last %d night%s</h2>\n", n, n == 1 ? "" :
	    "s");
	chart(&sb, nt, n);
	strbuf_adds(&sb, "</body>\n</html>\n");

	snprintf(dir, sizeof(dir), "%s", path);
	base = strrchr(dir, '/');
	if (base != NULL) {
		*base++ = '\0';
		if (*dir == '\0')
			snprintf(dir, sizeof(dir), "/");
	}
	if (file_replace(base != NULL ? dir : ".", base != NULL ? base : dir,
	    sb.buf, sb.len) < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path,
		    strerror(errno));
		goto fail;
	}
	strbuf_release(&sb);
	free(r.l);
	free(text);
	return 0;
fail:
	strbuf_release(&sb);
	free(r.l);
	free(text);
	return -1;
}
