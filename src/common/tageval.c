/*
 * tageval.c - what a tagset says of a document: phrase and field rules,
 * class scores, tags, and the page texts of a job they are read from
 * (see tagset.h and dossier-tagset(5); the parser is tagset.c)
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

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "fileio.h"
#include "ident.h"
#include "job.h"
#include "msg.h"
#include "strbuf.h"
#include "tagset.h"
#include "textnorm.h"
#include "verdict.h"
#include "xalloc.h"

/* ---- evaluation -------------------------------------------------- */

int
tagset_regex_match(const struct tagset *ts, void *re, const char *t,
    size_t len)
{
	int rc;

	rc = pcre2_match(re, (PCRE2_SPTR)t, len, 0, PCRE2_NO_UTF_CHECK,
	    ts->mdata, ts->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return -1;	/* a limit, or another failure: never a match */
}

void
tagset_doc_release(struct tagset_doc *doc)
{
	if (doc->fold_done) {
		strbuf_release(&doc->fold);
		strbuf_release(&doc->fflags);
	}
	doc->fold_done = 0;
	doc->fields_done = 0;
	doc->fields = 0;
}

/*
 * fuzzy_find - 1 if the folded phrase PH is in the folded text of DOC,
 * starting at the start of a word and ending at the end of one (or
 * anywhere in a word for a prefix phrase)
 */
static int
fuzzy_find(struct tagset_doc *doc, const struct tagset_phrase *ph)
{
	const char *t, *h;
	const unsigned char *fl;
	size_t from = 0, at, n;

	if (!doc->fold_done) {
		strbuf_init(&doc->fold);
		strbuf_init(&doc->fflags);
		textnorm_ocrfold(doc->text, doc->len, &doc->fold,
		    &doc->fflags);
		doc->fold_done = 1;
	}
	t = doc->fold.buf;
	n = doc->fold.len;
	fl = (const unsigned char *)doc->fflags.buf;
	while (from < n && n - from >= ph->flen) {
		h = memmem(t + from, n - from, ph->fold, ph->flen);
		if (h == NULL)
			return 0;
		at = (size_t)(h - t);
		if ((fl[at] & TEXTNORM_WSTART) && (ph->prefix ||
		    (fl[at + ph->flen - 1] & TEXTNORM_WEND)))
			return 1;
		from = at + 1;
	}
	return 0;
}

static int
has_phrase(struct tagset_doc *doc, const struct tagset_phrase *ph)
{
	if (textnorm_find(doc->text, doc->len, 0, ph->text, ph->len,
	    ph->prefix) != (size_t)-1)
		return 1;
	return ph->fold != NULL && !doc->nofuzzy && fuzzy_find(doc, ph);
}

static int
field_seen(const struct ident *id, void *arg)
{
	struct tagset_doc *doc = arg;

	if (id->valid)
		doc->fields |= 1u << id->kind;
	return 0;
}

/* holds - 1 if rule R holds for DOC */
static int
holds(const struct tagset *ts, const struct tagset_rule *r,
    struct tagset_doc *doc)
{
	size_t k;
	int rc;

	if (r->lang[0] != '\0' && (doc->lang == NULL ||
	    strcmp(r->lang, doc->lang) != 0))
		return 0;
	switch (r->type) {
	case TAGSET_ANY:
	case TAGSET_NOT:
		for (k = 0; k < r->nphrases; k++)
			if (has_phrase(doc, &r->phrases[k]))
				return 1;
		return 0;
	case TAGSET_ALL:
		for (k = 0; k < r->nphrases; k++)
			if (!has_phrase(doc, &r->phrases[k]))
				return 0;
		return 1;
	case TAGSET_REGEX:
		rc = tagset_regex_match(ts, r->re, doc->text, doc->len);
		if (rc < 0)
			doc->limit_hits++;
		return rc == 1;
	case TAGSET_HAS:
		if (!doc->fields_done) {
			(void)ident_scan(doc->text, doc->len, NULL, NULL,
			    field_seen, doc);
			doc->fields_done = 1;
		}
		return (doc->fields & r->kinds) != 0;
	case TAGSET_INCLASS:
		if (doc->cls == NULL)
			return 0;
		for (k = 0; k < r->nclasses; k++)
			if (strcmp(r->classes[k], doc->cls) == 0)
				return 1;
		return 0;
	}
	return 0;
}

int
tagset_score(const struct tagset *ts, const struct tagset_section *sec,
    struct tagset_doc *doc, struct strbuf *ids)
{
	const struct tagset_rule *r;
	size_t k;
	int score = 0;

	for (k = 0; k < sec->nrules; k++) {
		r = &sec->rules[k];
		if (!holds(ts, r, doc))
			continue;
		score += r->type == TAGSET_NOT ? -r->weight : r->weight;
		if (ids != NULL) {
			if (ids->len > 0)
				strbuf_addc(ids, ' ');
			strbuf_adds(ids, r->id);
		}
	}
	return score;
}

void
tagset_classify(const struct tagset *ts, struct tagset_doc *doc,
    struct tagset_choice *out)
{
	const struct tagset_section *sec, *best = NULL;
	int *scores, bestscore = 0, second = 0, have_second = 0, min;
	size_t s, nclass = 0;
	double strength, margin;

	strbuf_reset(&out->rules);
	out->cls = "other";
	out->score = 0;
	out->raw = 0;
	out->second = 0;
	out->near = NULL;
	out->near_ratio = 0;
	scores = xcalloc(ts->nsec + 1, sizeof(*scores));
	for (s = 0; s < ts->nsec; s++) {
		sec = &ts->sec[s];
		if (sec->is_tag || sec->nrules == 0)
			continue;
		nclass++;
		scores[s] = tagset_score(ts, sec, doc, NULL);
		if (scores[s] >= sec->min && scores[s] > 0 &&
		    (best == NULL || scores[s] > bestscore)) {
			best = sec;
			bestscore = scores[s];
		}
	}
	for (s = 0; s < ts->nsec; s++) {
		double ratio;

		sec = &ts->sec[s];
		if (sec->is_tag || sec->nrules == 0 || sec == best ||
		    scores[s] <= 0)
			continue;
		ratio = (double)scores[s] / (sec->min > 0 ? sec->min : 1);
		if (ratio > 1)
			ratio = 1;
		if (out->near == NULL || ratio > out->near_ratio) {
			out->near = sec->name;
			out->near_ratio = ratio;
		}
	}
	if (best == NULL) {
		out->score = 1 - out->near_ratio;
		free(scores);
		return;
	}
	for (s = 0; s < ts->nsec; s++) {
		sec = &ts->sec[s];
		if (sec->is_tag || sec->nrules == 0 || sec == best)
			continue;
		if (!have_second || scores[s] > second) {
			second = scores[s];
			have_second = 1;
		}
	}
	if (second < 0)
		second = 0;
	min = best->min > 0 ? best->min : 1;
	strength = (double)bestscore / (2.0 * min);
	if (strength > 1)
		strength = 1;
	margin = (double)(bestscore - second) / bestscore;
	if (margin < 0)
		margin = 0;
	out->cls = best->name;
	out->raw = bestscore;
	out->second = second;
	out->score = strength * (0.5 + 0.5 * margin);
	(void)tagset_score(ts, best, doc, &out->rules);
	free(scores);
}

/* clean_value - VALUE without tabs, newlines or control bytes, bounded */
static void
clean_value(struct strbuf *value, const char *s, size_t n)
{
	size_t k;

	strbuf_reset(value);
	while (n > 0 && (*s == ' '))
		s++, n--;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n > TAGSET_VALUE_LEN) {
		n = TAGSET_VALUE_LEN;
		/* do not cut a UTF-8 sequence */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (k = 0; k < n; k++)
		strbuf_addc(value, (unsigned char)s[k] < 0x20 ? ' ' : s[k]);
}

int
tagset_tag(const struct tagset *ts, const struct tagset_section *sec,
    struct tagset_doc *doc, struct strbuf *value)
{
	PCRE2_SIZE *ov;
	char ym[8];
	int rc;

	strbuf_reset(value);
	if (tagset_score(ts, sec, doc, NULL) < sec->min)
		return 0;
	switch (sec->value) {
	case TAGSET_VALUE_NONE:
		return 1;
	case TAGSET_VALUE_TEXT:
		clean_value(value, sec->value_text, strlen(sec->value_text));
		return 1;
	case TAGSET_VALUE_MONTH:
		if (!ident_month_year(doc->text, doc->len, ym))
			return 0;
		strbuf_adds(value, ym);
		return 1;
	case TAGSET_VALUE_REGEX:
		rc = pcre2_match(sec->value_re, (PCRE2_SPTR)doc->text,
		    doc->len, 0, PCRE2_NO_UTF_CHECK, ts->mdata, ts->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc < 0) {
			doc->limit_hits++;
			return 0;
		}
		ov = pcre2_get_ovector_pointer(ts->mdata);
		if (rc >= 2 && ov[2] != PCRE2_UNSET)
			clean_value(value, doc->text + ov[2], ov[3] - ov[2]);
		else
			clean_value(value, doc->text + ov[0], ov[1] - ov[0]);
		return value->len > 0;
	}
	return 0;
}

/* ---- reading a job's pages ---------------------------------------- */

int
tagset_pages_read(struct tagset_pages *pg, const struct job *job,
    size_t max, int want_map, char *err, size_t errlen)
{
	char key[64];
	const char *name;
	long pages, k;
	size_t total = 0, i;
	struct strbuf *sb;

	memset(pg, 0, sizeof(*pg));
	strbuf_init(&pg->all);
	pages = job_get_long(job, "pages", -1);
	if (pages < 0 || pages > TAGSET_PAGES_MAX) {
		snprintf(err, errlen, "meta has no valid page count");
		return -1;
	}
	for (k = 1; k <= pages; k++) {
		name = job_get(job, job_pagekey(key, sizeof(key), (int)k,
		    "text"));
		if (name == NULL)
			continue;	/* a blank page */
		if (!file_name_plain(name)) {
			snprintf(err, errlen, "page %ld: bad text file name",
			    k);
			return -1;
		}
		if (pg->n % 16 == 0) {
			pg->pageno = xreallocarray(pg->pageno, pg->n + 16,
			    sizeof(*pg->pageno));
			pg->raw = xreallocarray(pg->raw, pg->n + 16,
			    sizeof(*pg->raw));
			pg->norm = xreallocarray(pg->norm, pg->n + 16,
			    sizeof(*pg->norm));
		}
		sb = &pg->raw[pg->n];
		strbuf_init(sb);
		textnorm_init(&pg->norm[pg->n]);
		pg->pageno[pg->n] = (int)k;
		pg->n++;
		if (job_read(job, name, max - total, sb) < 0) {
			int e = errno;

			snprintf(err, errlen, "page %ld: cannot read text "
			    "file '%s': %s", k, name, e == EFBIG ?
			    "the document's text is larger than the limit" :
			    strerror(e));
			return verdict_errno(e) == VERDICT_PERM ? -1 : -2;
		}
		total += sb->len;
		if (total > max) {
			snprintf(err, errlen, "the document's text is larger "
			    "than %zu bytes", max);
			return -1;
		}
	}
	for (i = 0; i < pg->n; i++) {
		if (textnorm_run(&pg->norm[i], pg->raw[i].buf, pg->raw[i].len,
		    want_map) < 0) {
			snprintf(err, errlen, "page %d: text too large",
			    pg->pageno[i]);
			return -1;
		}
		if (pg->norm[i].out.len == 0)
			continue;
		if (pg->all.len > 0)
			strbuf_addc(&pg->all, ' ');
		strbuf_add(&pg->all, pg->norm[i].out.buf, pg->norm[i].out.len);
	}
	return 0;
}

void
tagset_pages_free(struct tagset_pages *pg)
{
	size_t i;

	for (i = 0; i < pg->n; i++) {
		strbuf_release(&pg->raw[i]);
		textnorm_release(&pg->norm[i]);
	}
	free(pg->pageno);
	free(pg->raw);
	free(pg->norm);
	strbuf_release(&pg->all);
	memset(pg, 0, sizeof(*pg));
}
