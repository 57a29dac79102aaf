/*
 * tag.c - tags and validated fields of a document (see tag.h)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "msg.h"
#include "strbuf.h"
#include "tag.h"
#include "tagset.h"
#include "textnorm.h"
#include "xalloc.h"

/* a set of "page kind normalized" keys, to keep one field of each */
#define SEEN_SLOTS	(TAG_FIELDS_MAX * 2 + 1)

struct fieldctx {
	const char *raw;		/* the page text as read */
	size_t	 rawlen;
	const uint32_t *map;		/* normalised -> raw offsets */
	int	 page;
	struct strbuf *out;
	int	 count;
	int	 dropped;
	char	**seen;			/* SEEN_SLOTS keys, or NULL */
};

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* seen - 1 if KEY was recorded before, else record it and return 0 */
static int
seen(struct fieldctx *fc, const char *key)
{
	uint32_t i = hash(key) % SEEN_SLOTS;

	while (fc->seen[i] != NULL) {
		if (strcmp(fc->seen[i], key) == 0)
			return 1;
		i = (i + 1) % SEEN_SLOTS;
	}
	fc->seen[i] = xstrdup(key);
	return 0;
}

/* add_clean - the N bytes at S with tabs, newlines and controls as spaces */
static void
add_clean(struct strbuf *sb, const char *s, size_t n)
{
	size_t k;

	while (n > 0 && ((unsigned char)s[n - 1] <= ' '))
		n--;
	while (n > 0 && ((unsigned char)*s <= ' '))
		s++, n--;
	if (n > TAG_VALUE_MAX) {
		n = TAG_VALUE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (k = 0; k < n; k++)
		strbuf_addc(sb, (unsigned char)s[k] < 0x20 ||
		    s[k] == 0x7F ? ' ' : s[k]);
}

static int
field_cb(const struct ident *id, void *arg)
{
	struct fieldctx *fc = arg;
	struct strbuf val = STRBUF_INIT;
	char key[IDENT_NORM_MAX + 32];
	size_t s, e;

	snprintf(key, sizeof(key), "%d\t%s\t%s", fc->page,
	    ident_kind_name(id->kind), id->norm);
	if (seen(fc, key))
		return 0;
	if (fc->count >= TAG_FIELDS_MAX) {
		fc->dropped++;
		return 1;
	}
	s = fc->map[id->start];
	e = fc->map[id->end];
	if (e > fc->rawlen || s > e)
		e = s = 0;
	add_clean(&val, fc->raw + s, e - s);
	/* the raw text need not be valid UTF-8: keep the field file so */
	if (!textnorm_utf8_valid(val.buf, val.len)) {
		struct textnorm tn;

		textnorm_init(&tn);
		textnorm_run(&tn, val.buf, val.len, 0);
		strbuf_reset(&val);
		strbuf_add(&val, tn.out.buf, tn.out.len);
		textnorm_release(&tn);
	}
	strbuf_addf(fc->out, "%d\t%s\t%s\t%s\t%d\n", fc->page,
	    ident_kind_name(id->kind), val.buf, id->norm, id->valid);
	strbuf_release(&val);
	fc->count++;
	return 0;
}

int
tag_document(const struct tagset *ts, const struct tagset_pages *pg,
    const char *cls, const char *lang, struct strbuf *tags,
    struct strbuf *fields, int *nfields)
{
	struct strbuf value = STRBUF_INIT;
	struct tagset_doc doc;
	struct fieldctx fc;
	size_t s, i;
	int ntags = 0;

	memset(&doc, 0, sizeof(doc));
	doc.text = pg->all.buf;
	doc.len = pg->all.len;
	doc.lang = lang != NULL ? lang : textnorm_lang(doc.text, doc.len);
	doc.cls = cls != NULL ? cls : "other";
	for (s = 0; s < ts->nsec; s++) {
		if (!ts->sec[s].is_tag)
			continue;
		if (!tagset_tag(ts, &ts->sec[s], &doc, &value))
			continue;
		strbuf_addf(tags, "%s\t%s\n", ts->sec[s].name, value.buf);
		ntags++;
	}
	strbuf_release(&value);
	tagset_doc_release(&doc);
	if (doc.limit_hits > 0)
		msg_warn("%d regular expression match%s stopped by the "
		    "match limits: check the tagset's patterns",
		    doc.limit_hits, doc.limit_hits == 1 ? "" : "es");

	memset(&fc, 0, sizeof(fc));
	fc.out = fields;
	fc.seen = xcalloc(SEEN_SLOTS, sizeof(char *));
	for (i = 0; i < pg->n && fc.dropped == 0; i++) {
		if (pg->norm[i].map == NULL)
			continue;
		fc.raw = pg->raw[i].buf;
		fc.rawlen = pg->raw[i].len;
		fc.map = pg->norm[i].map;
		fc.page = pg->pageno[i];
		ident_scan(pg->norm[i].out.buf, pg->norm[i].out.len,
		    pg->raw[i].buf, pg->norm[i].map, field_cb, &fc);
	}
	if (fc.dropped > 0)
		msg_warn("more than %d fields: the rest are not kept",
		    TAG_FIELDS_MAX);
	for (i = 0; i < SEEN_SLOTS; i++)
		free(fc.seen[i]);
	free(fc.seen);
	*nfields = fc.count;
	return ntags;
}

enum verdict
tag_job(const struct tagset *ts, struct job *job, char *err, size_t errlen)
{
	struct strbuf tags = STRBUF_INIT, fields = STRBUF_INIT;
	struct tagset_pages pg;
	enum verdict v = VERDICT_OK;
	int rc, ntags, nfields;

	rc = tagset_pages_read(&pg, job, TAGSET_DOC_MAX, 1, err, errlen);
	if (rc < 0) {
		tagset_pages_free(&pg);
		return rc == -1 ? VERDICT_PERM : VERDICT_TEMP;
	}
	ntags = tag_document(ts, &pg, job_get(job, "class"),
	    job_get(job, "lang"), &tags, &fields, &nfields);
	if (job_write(job, "tags", tags.buf, tags.len) < 0 ||
	    job_write(job, "fields", fields.buf, fields.len) < 0) {
		snprintf(err, errlen, "cannot write tags or fields: %s",
		    strerror(errno));
		v = VERDICT_TEMP;
	} else {
		job_setf(job, "tags", "%d", ntags);
		job_setf(job, "fields", "%d", nfields);
		msg_debug("%d tags, %d fields", ntags, nfields);
	}
	strbuf_release(&tags);
	strbuf_release(&fields);
	tagset_pages_free(&pg);
	return v;
}
