/*
 * review.c - the clerks' desk (see review.h)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cover.h"
#include "csv.h"
#include "db.h"
#include "fileio.h"
#include "link.h"
#include "model.h"
#include "msg.h"
#include "review.h"
#include "store.h"
#include "strbuf.h"
#include "tagset.h"
#include "xalloc.h"

/* the filing state of a document, as read inside the transaction */
struct docstate {
	char	 status[16];
	char	 reason[512];
	char	 class[72];
	char	 ref[72];		/* its household, "" if none */
	char	 link[16];
	char	 person[24];		/* person id, "" if none */
	long long household_id;
	long	 pages;
};

static const char sql_state[] =
    "SELECT d.status, ifnull(d.review_reason, ''), d.class, "
    "  ifnull(h.ref, ''), ifnull(d.link_method, ''), "
    "  ifnull(CAST(d.person_id AS TEXT), ''), ifnull(d.household_id, 0), "
    "  d.page_count "
    "FROM document d LEFT JOIN household h ON h.id = d.household_id "
    "WHERE d.id = ?1";

/* col - column I of ST as text, "" for NULL, into BUF */
static void
col(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	const char *v = (const char *)sqlite3_column_text(st, i);

	snprintf(buf, size, "%s", v != NULL ? v : "");
}

/* doc_state - the state of DOC into DS; 0, 1 if there is none, -1 */
static int
doc_state(struct db *db, long long doc, struct docstate *ds)
{
	sqlite3_stmt *st;
	int rc;

	memset(ds, 0, sizeof(*ds));
	if ((st = db_stmt(db, sql_state)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, doc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		col(st, 0, ds->status, sizeof(ds->status));
		col(st, 1, ds->reason, sizeof(ds->reason));
		col(st, 2, ds->class, sizeof(ds->class));
		col(st, 3, ds->ref, sizeof(ds->ref));
		col(st, 4, ds->link, sizeof(ds->link));
		col(st, 5, ds->person, sizeof(ds->person));
		ds->household_id = sqlite3_column_int64(st, 6);
		ds->pages = (long)sqlite3_column_int64(st, 7);
	}
	db_done(st);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_ROW)
		return db_fail(db, "cannot read the document");
	return 0;
}

static const char sql_last_change[] =
    "SELECT actor, at FROM audit WHERE object = 'document:' || ?1 "
    "ORDER BY seq DESC LIMIT 1";

/* who_last - "by ACTOR at AT": the last audit row of DOC, into BUF */
static void
who_last(struct db *db, long long doc, char *buf, size_t size)
{
	sqlite3_stmt *st;
	char actor[128], at[40];

	snprintf(buf, size, "by an unknown hand");
	if ((st = db_stmt(db, sql_last_change)) == NULL)
		return;
	sqlite3_bind_int64(st, 1, doc);
	if (sqlite3_step(st) == SQLITE_ROW) {
		col(st, 0, actor, sizeof(actor));
		col(st, 1, at, sizeof(at));
		snprintf(buf, size, "by %s at %s", actor, at);
	}
	db_done(st);
}

/* refuse - put the reason in ERR; returns 1 (refused) */
static int
refuse(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
refuse(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return 1;
}

/* in_review - 0 if DS is in review, else 1 with the reason in ERR */
static int
in_review(struct db *db, long long doc, const struct docstate *ds,
    char *err, size_t errlen)
{
	char who[200];

	if (strcmp(ds->status, "review") == 0)
		return 0;
	who_last(db, doc, who, sizeof(who));
	return refuse(err, errlen, "document %lld is filed already "
	    "(household %s, %s): nothing changed", doc, ds->ref, who);
}

/*
 * audit - the audit row of a change to DOC, first: ACTION, the filing
 * state after it (status, household, link, person, class) and MORE
 */
static int
audit(struct db *db, const struct review_op *op, const char *action,
    const char *status, const char *ref, const char *link,
    const char *person, const char *class, const char *more)
{
	struct strbuf detail = STRBUF_INIT;
	char object[40];
	int rc;

	store_filing_kv(&detail, status, ref, link, person, class);
	if (more != NULL && *more != '\0')
		strbuf_addf(&detail, " %s", more);
	snprintf(object, sizeof(object), "document:%lld", op->doc);
	rc = db_audit(db, op->actor, action, object, detail.buf);
	strbuf_release(&detail);
	return rc;
}

/* ---- assign and release: where SPEC 7 lets a document go -------------- */

/* the households a document's evidence points to: strong, and any */
struct evhh {
	long long strong[16], any[16];
	size_t	 nstrong, nany;
};

/* evhh_add - HH into the set S of N (at most 16) */
static void
evhh_add(long long *s, size_t *n, long long hh)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (s[i] == hh)
			return;
	if (*n < 16)
		s[(*n)++] = hh;
}

static int
evhh_cb(const struct link_candidate *c, void *arg)
{
	struct evhh *s = arg;

	if (c->household_id == 0)
		return 0;
	if (strcmp(c->kind, "national_id") == 0)
		evhh_add(s->strong, &s->nstrong, c->household_id);
	evhh_add(s->any, &s->nany, c->household_id);
	return 0;
}

/* hh_ref - the reference of household ID into BUF */
static void
hh_ref(struct db *db, long long id, char *buf, size_t size)
{
	if (store_household_ref(db, id, buf, size) < 0)
		snprintf(buf, size, "%lld", id);
}

/* hh_list - "REF, REF" of the N households S into SB */
static void
hh_list(struct db *db, const long long *s, size_t n, struct strbuf *sb)
{
	char ref[80];
	size_t i;

	for (i = 0; i < n; i++) {
		hh_ref(db, s[i], ref, sizeof(ref));
		strbuf_addf(sb, "%s%s", i > 0 ? ", " : "", ref);
	}
}

/* hh_in - 1 if HH is one of the N households S */
static int
hh_in(const long long *s, size_t n, long long hh)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == hh)
			return 1;
	return 0;
}

/*
 * evidence_allows - 0 if SPEC 7 lets document DOC (evidence LD) be filed
 * to household HH (REF) by a person: the rules do not file it elsewhere;
 * when it carries national numbers of registered persons, HH is the
 * household of one of them at its date; and, unless FORCE, when names or
 * addresses in it point to households, HH is one of them.  1 refused
 * (ERR), -1 error.
 */
static int
evidence_allows(struct db *db, long long doc, struct link_doc *ld,
    long long hh, const char *ref, int force, char *err, size_t errlen)
{
	struct link_result lk;
	struct evhh s;
	struct strbuf list = STRBUF_INIT;
	char other[80];
	int rc = 0;

	if (link_document(db, &ld->ev, &lk) < 0)
		return -1;
	if (lk.household_id > 0 && lk.household_id != hh) {
		hh_ref(db, lk.household_id, other, sizeof(other));
		return refuse(err, errlen, "document %lld: its evidence files "
		    "it to household %s (%s), not %s (SPEC 7): nothing "
		    "changed; if the registry is wrong, correct it and use "
		    "release", doc, other, lk.method, ref);
	}
	memset(&s, 0, sizeof(s));
	if (link_candidates(db, &ld->ev, evhh_cb, &s) < 0)
		return -1;
	if (s.nstrong > 0 && !hh_in(s.strong, s.nstrong, hh)) {
		hh_list(db, s.strong, s.nstrong, &list);
		rc = refuse(err, errlen, "document %lld carries the national "
		    "number of a person of household %s on %s, not of %s "
		    "(SPEC 7): nothing changed", doc, list.buf,
		    ld->ev.date != NULL ? ld->ev.date : "its date", ref);
	} else if (!force && s.nany > 0 && !hh_in(s.any, s.nany, hh)) {
		hh_list(db, s.any, s.nany, &list);
		rc = refuse(err, errlen, "document %lld names persons or an "
		    "address of household %s, not of %s: nothing changed "
		    "(see show; -f files it anyway)", doc, list.buf, ref);
	}
	strbuf_release(&list);
	return rc;
}

static const char sql_hh_by_ref[] = "SELECT id FROM household WHERE ref = ?1";
static const char sql_file[] =
    "UPDATE document SET status = 'filed', household_id = ?2, "
    "  link_method = ?3, person_id = ?4, review_reason = NULL "
    "WHERE id = ?1 AND status = 'review'";

/* run1 - step ST once (an update); 0, or -1 with WHAT as the failure */
static int
run1(struct db *db, sqlite3_stmt *st, int bound, const char *what)
{
	int rc = bound == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE ? 0 :
	    db_fail(db, what);

	db_done(st);
	return rc;
}

/* file_doc - the UPDATE that files DOC to HH by METHOD (PERSON or 0) */
static int
file_doc(struct db *db, long long doc, long long hh, const char *method,
    long long person)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(db, sql_file)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, doc) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, hh) != SQLITE_OK ||
	    store_bind_text(st, 3, method) != SQLITE_OK ||
	    store_bind_id(st, 4, person) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE || sqlite3_changes(db->h) != 1) {
		db_fail(db, "cannot file the document");
		db_done(st);
		return -1;
	}
	db_done(st);
	return 0;
}

static int
do_assign(struct db *db, const struct review_op *op, struct docstate *ds,
    char *err, size_t errlen)
{
	struct link_doc ld;
	long long hh;
	int rc;

	if (in_review(db, op->doc, ds, err, errlen))
		return 1;
	if ((hh = db_lookup_id(db, sql_hh_by_ref, op->arg, NULL,
	    "cannot look up the household")) < 0)
		return -1;
	if (hh == 0)
		return refuse(err, errlen, "unknown household '%s': nothing "
		    "changed", op->arg);
	if ((rc = link_doc_read(db, op->doc, &ld)) != 0)
		return -1;
	rc = evidence_allows(db, op->doc, &ld, hh, op->arg, op->force, err,
	    errlen);
	link_doc_free(&ld);
	if (rc != 0)
		return rc;
	if (audit(db, op, "review.assign", "filed", op->arg, "manual", NULL,
	    ds->class, op->force ? "forced=1" : NULL) < 0 ||
	    file_doc(db, op->doc, hh, "manual", 0) < 0)
		return -1;
	return 0;
}

static int
do_release(struct db *db, const struct review_op *op, struct docstate *ds,
    char *err, size_t errlen)
{
	struct link_doc ld;
	struct link_result lk;
	char ref[80], person[24];
	int rc;

	if (in_review(db, op->doc, ds, err, errlen))
		return 1;
	if (link_doc_read(db, op->doc, &ld) != 0)
		return -1;
	rc = link_document(db, &ld.ev, &lk);
	link_doc_free(&ld);
	if (rc < 0)
		return -1;
	if (lk.household_id == 0)
		return refuse(err, errlen, "document %lld: no unambiguous "
		    "household (%s): assign one: nothing changed", op->doc,
		    lk.reason);
	hh_ref(db, lk.household_id, ref, sizeof(ref));
	snprintf(person, sizeof(person), "%lld", lk.person_id);
	if (audit(db, op, "review.release", "filed", ref, lk.method,
	    lk.person_id > 0 ? person : NULL, ds->class, NULL) < 0 ||
	    file_doc(db, op->doc, lk.household_id, lk.method,
	    lk.person_id) < 0)
		return -1;
	return 0;
}

static const char sql_reject[] =
    "UPDATE document SET review_reason = ?2 WHERE id = ?1 AND "
    "status = 'review'";

static int
do_reject(struct db *db, const struct review_op *op, struct docstate *ds,
    char *err, size_t errlen)
{
	struct strbuf more = STRBUF_INIT, reason = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc = -1;

	if (in_review(db, op->doc, ds, err, errlen))
		return 1;
	if (op->arg == NULL || *op->arg == '\0')
		return refuse(err, errlen, "document %lld: a rejection needs "
		    "a reason", op->doc);
	strbuf_addf(&reason, "%s%s", REVIEW_REJECTED, op->arg);
	db_kv(&more, "reason", reason.buf);
	if (audit(db, op, "review.reject", "review", NULL, NULL, NULL,
	    ds->class, more.buf) < 0 || (st = db_stmt(db, sql_reject)) == NULL)
		goto out;
	rc = run1(db, st, sqlite3_bind_int64(st, 1, op->doc) |
	    store_bind_text(st, 2, reason.buf), "cannot reject the document");
out:
	strbuf_release(&more);
	strbuf_release(&reason);
	return rc;
}

/* ---- class and tags ---------------------------------------------------- */

static const char sql_class[] =
    "UPDATE document SET class = ?2, class_score = NULL, "
    "  class_rules = 'person' WHERE id = ?1";

static int
do_class(struct db *db, const struct review_op *op, struct docstate *ds,
    char *err, size_t errlen)
{
	struct strbuf more = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc = -1;

	if (op->arg == NULL || !model_name_ok((const unsigned char *)op->arg,
	    strlen(op->arg)))
		return refuse(err, errlen, "'%s' is not a class name",
		    op->arg != NULL ? op->arg : "");
	if (op->ts != NULL && strcmp(op->arg, "other") != 0 &&
	    tagset_find(op->ts, 0, op->arg) == NULL)
		return refuse(err, errlen, "class '%s' is not in the tagset",
		    op->arg);
	if (strcmp(op->arg, ds->class) == 0)
		return 0;
	db_kv(&more, "previous", ds->class);
	if (audit(db, op, "review.class", ds->status, ds->ref, ds->link,
	    ds->person, op->arg, more.buf) < 0 ||
	    (st = db_stmt(db, sql_class)) == NULL)
		goto out;
	if ((rc = run1(db, st, sqlite3_bind_int64(st, 1, op->doc) |
	    store_bind_text(st, 2, op->arg), "cannot set the class")) == 0)
		snprintf(ds->class, sizeof(ds->class), "%s", op->arg);
out:
	strbuf_release(&more);
	return rc;
}

static const char sql_tag_add[] =
    "INSERT INTO tag (document_id, name, value) VALUES (?1, ?2, ?3)";
static const char sql_tag_del[] =
    "DELETE FROM tag WHERE document_id = ?1 AND name = ?2 AND "
    "(?3 IS NULL OR value = ?3)";
static const char sql_tags[] =
    "SELECT name, value FROM tag WHERE document_id = ?1 ORDER BY name, value";

/* tag_ok - NULL if the tag NAME (LEN bytes) and VALUE may be stored */
static const char *
tag_ok(const char *name, size_t len, const char *value)
{
	size_t i;

	if (len == 0 || len > 64)
		return "a tag name has 1 to 64 bytes";
	for (i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' &&
		    name[i] <= '9') || strchr("_:.-", name[i]) != NULL))
			return "a tag name is lower-case letters, digits and "
			    "_ : . -";
	if (value != NULL && strlen(value) > 256)
		return "a tag value has at most 256 bytes";
	for (; value != NULL && *value != '\0'; value++)
		if ((unsigned char)*value < 0x20)
			return "a control character in a tag value";
	return NULL;
}

/* tag_run - SQL (add or del) on DOC's tag NAME, VALUE (NULL: any) */
static int
tag_run(struct db *db, const char *sql, long long doc, const char *name,
    const char *value)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, sql)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, doc) != SQLITE_OK ||
	    store_bind_text(st, 2, name) != SQLITE_OK ||
	    store_bind_text(st, 3, value) != SQLITE_OK) {
		db_done(st);
		return db_fail(db, "cannot change tags");
	}
	rc = sqlite3_step(st);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_fail(db, "cannot change tags");
	return 0;
}

/* a document's tags, in memory */
struct tagpair {
	char	*name, *value;
};

struct taglist {
	struct tagpair *t;
	size_t	 n;
};

static void
taglist_free(struct taglist *tl)
{
	size_t i;

	for (i = 0; i < tl->n; i++) {
		free(tl->t[i].name);
		free(tl->t[i].value);
	}
	free(tl->t);
	memset(tl, 0, sizeof(*tl));
}

static int
cmp_tag(const void *a, const void *b)
{
	const struct tagpair *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->value, y->value);
}

/* taglist_read - the tags of DOC */
static int
taglist_read(struct db *db, long long doc, struct taglist *tl)
{
	sqlite3_stmt *st;
	const char *v;
	int rc;

	memset(tl, 0, sizeof(*tl));
	if ((st = db_stmt(db, sql_tags)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, doc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		tl->t = xreallocarray(tl->t, tl->n + 1, sizeof(*tl->t));
		tl->t[tl->n].name = xstrdup((const char *)
		    sqlite3_column_text(st, 0));
		v = (const char *)sqlite3_column_text(st, 1);
		tl->t[tl->n++].value = xstrdup(v != NULL ? v : "");
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "cannot read tags");
	return 0;
}

/* taglist_str - "name:value,name" (a tag without value is its name) */
static void
taglist_str(struct taglist *tl, struct strbuf *sb)
{
	size_t i;

	if (tl->n > 1)
		qsort(tl->t, tl->n, sizeof(*tl->t), cmp_tag);
	for (i = 0; i < tl->n; i++)
		strbuf_addf(sb, "%s%s%s%s", i > 0 ? "," : "", tl->t[i].name,
		    *tl->t[i].value != '\0' ? ":" : "", tl->t[i].value);
}

/*
 * taglist_change - add (ADD) NAME=VALUE to TL, or remove the tags NAME
 * (VALUE NULL: any value); how many tags that adds or removes
 */
static int
taglist_change(struct taglist *tl, int add, const char *name,
    const char *value)
{
	size_t i, j;
	int n = 0;

	for (i = j = 0; i < tl->n; i++) {
		int match = strcmp(tl->t[i].name, name) == 0 &&
		    (value == NULL || strcmp(tl->t[i].value, value) == 0);

		if (add && match)
			return 0;
		if (!add && match) {
			free(tl->t[i].name);
			free(tl->t[i].value);
			n++;
			continue;
		}
		tl->t[j++] = tl->t[i];
	}
	tl->n = j;
	if (!add)
		return n;
	tl->t = xreallocarray(tl->t, tl->n + 1, sizeof(*tl->t));
	tl->t[tl->n].name = xstrdup(name);
	tl->t[tl->n++].value = xstrdup(value);
	return 1;
}

/* tag_split - NAME and VALUE of the tag argument S ("" or NULL: none) */
static const char *
tag_split(const char *s, int add, char *name, size_t size,
    const char **value)
{
	const char *eq = strchr(s, '=');
	size_t nl = eq != NULL ? (size_t)(eq - s) : strlen(s);
	const char *why;

	*value = eq != NULL ? eq + 1 : add ? "" : NULL;
	if ((why = tag_ok(s, nl, *value)) != NULL)
		return why;
	snprintf(name, size, "%.*s", (int)nl, s);
	return NULL;
}

/*
 * do_tags - add (TAG) or remove (UNTAG) the tags NAME[=VALUE] of OP: the
 * audit row names the tags added or removed and the document's tags
 * after the change, then the rows change
 */
static int
do_tags(struct db *db, const struct review_op *op, struct docstate *ds,
    char *err, size_t errlen)
{
	struct strbuf more = STRBUF_INIT, changed = STRBUF_INIT;
	struct strbuf after = STRBUF_INIT;
	struct taglist tl;
	char name[72];
	const char *value, *why;
	size_t i;
	int add = op->verb == REVIEW_TAG, rc = -1, n = 0;
	int todo[REVIEW_TAGS_MAX];

	if (taglist_read(db, op->doc, &tl) < 0)
		return -1;
	for (i = 0; i < op->ntag; i++) {
		if ((why = tag_split(op->tag[i], add, name, sizeof(name),
		    &value)) != NULL) {
			rc = refuse(err, errlen, "tag '%s': %s", op->tag[i],
			    why);
			goto out;
		}
		todo[i] = taglist_change(&tl, add, name, value) > 0;
		if (todo[i])
			strbuf_addf(&changed, "%s%s", n++ ? "," : "",
			    op->tag[i]);
	}
	if (n == 0) {
		rc = 0;
		goto out;
	}
	taglist_str(&tl, &after);
	db_kv(&more, add ? "added" : "removed", changed.buf);
	db_kv(&more, "tags", after.buf);
	if (audit(db, op, "review.tags", ds->status, ds->ref, ds->link,
	    ds->person, ds->class, more.buf) < 0)
		goto out;
	for (i = 0; i < op->ntag; i++) {
		if (!todo[i])
			continue;
		tag_split(op->tag[i], add, name, sizeof(name), &value);
		if (tag_run(db, add ? sql_tag_add : sql_tag_del, op->doc, name,
		    value) < 0)
			goto out;
	}
	rc = 0;
out:
	taglist_free(&tl);
	strbuf_release(&more);
	strbuf_release(&changed);
	strbuf_release(&after);
	return rc;
}

/* ---- split: one scanned bundle, two documents --------------------------- */

/*
 * the new document: the old one's provenance (source, batch, job), its
 * first page the first page cut off, its language the one most of its
 * text is in; no class, date, cover sheet or filing of its own yet
 */
static const char sql_split_add[] =
    "INSERT INTO document (batch_id, job_id, source_file, source_sha256, "
    "  first_page, page_count, class, status, review_reason, lang, "
    "  created_at, cover_sheets, from_index, provenance_id) "
    "SELECT d.batch_id, d.job_id, d.source_file, d.source_sha256, "
    "  p.source_page, d.page_count - ?2 + 1, 'other', 'review', ?3, "
    "  (SELECT lang FROM page WHERE document_id = ?1 AND page_no >= ?2 "
    "    AND lang IS NOT NULL AND lang <> 'und' GROUP BY lang "
    "    ORDER BY sum(length(text)) DESC, min(page_no) LIMIT 1), "
    "  ?4, 0, d.from_index, d.provenance_id "
    "FROM document d JOIN page p ON p.document_id = d.id AND p.page_no = ?2 "
    "WHERE d.id = ?1";
static const char sql_split_pages[] =
    "SELECT id FROM page WHERE document_id = ?1 AND page_no >= ?2 "
    "ORDER BY page_no";
static const char sql_page_move[] =
    "UPDATE page SET document_id = ?2, page_no = ?3 WHERE id = ?1";
static const char sql_fields_move[] =
    "UPDATE field SET document_id = ?2 WHERE document_id = ?1 AND "
    "page_id IN (SELECT id FROM page WHERE document_id = ?2)";
static const char sql_split_keep[] =
    "UPDATE document SET page_count = ?2, review_reason = ?3 WHERE id = ?1";

/*
 * page_moves - the pages of OP's document from OP->page on into document
 * NEW, numbered from 1, each after its audit row; 0 or -1
 */
static int
page_moves(struct db *db, const struct review_op *op, long long new)
{
	sqlite3_stmt *st, *mv;
	long long *ids = NULL;
	size_t n = 0, a = 0, i;
	char object[40], detail[96];
	int rc;

	if ((st = db_stmt(db, sql_split_pages)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, op->doc);
	sqlite3_bind_int64(st, 2, op->page);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == a) {
			a = a ? 2 * a : 16;
			ids = xreallocarray(ids, a, sizeof(*ids));
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return db_fail(db, "cannot read the pages");
	}
	for (i = 0, rc = 0; i < n && rc == 0; i++) {
		snprintf(object, sizeof(object), "page:%lld", ids[i]);
		snprintf(detail, sizeof(detail), "document=%lld page=%zu "
		    "from=%lld", new, i + 1, op->doc);
		if (db_audit(db, op->actor, "review.split", object,
		    detail) < 0 || (mv = db_stmt(db, sql_page_move)) == NULL) {
			rc = -1;
			break;
		}
		rc = run1(db, mv, sqlite3_bind_int64(mv, 1, ids[i]) |
		    sqlite3_bind_int64(mv, 2, new) |
		    sqlite3_bind_int64(mv, 3, (sqlite3_int64)(i + 1)),
		    "cannot move the page");
	}
	free(ids);
	return rc;
}

/*
 * do_split - cut OP's document before its page OP->page: those pages on
 * become a new document in review (*OP->made), the pages before stay.
 * The fields found on the pages moved go with them.
 */
static int
do_split(struct db *db, const struct review_op *op, struct docstate *ds,
    char *err, size_t errlen)
{
	struct strbuf more = STRBUF_INIT, reason = STRBUF_INIT;
	sqlite3_stmt *st;
	char now[40], object[40], why[256];
	long pages = ds->pages;
	long long new, hold;
	int rc;

	if (in_review(db, op->doc, ds, err, errlen))
		return 1;
	/* a document in review has no household: its own hold, its class's */
	if ((rc = store_hold_open(db, op->doc, ds->class, NULL, &hold, why,
	    sizeof(why))) != 0)
		return rc < 0 ? -1 : refuse(err, errlen, "document %lld is "
		    "under a legal hold (%lld, %s): its pages stay together",
		    op->doc, hold, why);
	if (pages < 2)
		return refuse(err, errlen, "document %lld has one page: "
		    "nothing to split", op->doc);
	if (op->page < 2 || op->page > pages)
		return refuse(err, errlen, "document %lld has %ld pages: the "
		    "new document starts at a page from 2 to %ld", op->doc,
		    pages, pages);
	rc = -1;
	db_timestamp(now, sizeof(now));
	strbuf_addf(&reason, "split from document %lld by %s", op->doc,
	    op->actor);
	if ((st = db_stmt(db, sql_split_add)) == NULL)
		goto out;
	if (run1(db, st, sqlite3_bind_int64(st, 1, op->doc) |
	    sqlite3_bind_int64(st, 2, op->page) |
	    store_bind_text(st, 3, reason.buf) | store_bind_text(st, 4, now),
	    "cannot add the new document") < 0)
		goto out;
	new = sqlite3_last_insert_rowid(db->h);
	/* the new document's first row: where it came from */
	store_filing_kv(&more, "review", NULL, NULL, NULL, "other");
	db_kv(&more, "reason", reason.buf);
	strbuf_addf(&more, " from=%lld page=%ld pages=%ld", op->doc,
	    op->page, pages - op->page + 1);
	snprintf(object, sizeof(object), "document:%lld", new);
	if (db_audit(db, op->actor, "review.split", object, more.buf) < 0 ||
	    page_moves(db, op, new) < 0 ||
	    (st = db_stmt(db, sql_fields_move)) == NULL ||
	    run1(db, st, sqlite3_bind_int64(st, 1, op->doc) |
	    sqlite3_bind_int64(st, 2, new), "cannot move the fields") < 0)
		goto out;
	/*
	 * then the old one's: what it kept, and why it still waits (the
	 * reason it had may have been about the pages that left)
	 */
	strbuf_reset(&reason);
	strbuf_addf(&reason, "split by %s: pages %ld-%ld are document %lld; "
	    "before: %s", op->actor, op->page, pages, new, ds->reason);
	strbuf_reset(&more);
	db_kv(&more, "reason", reason.buf);
	strbuf_addf(&more, " pages=%ld split=%lld", op->page - 1, new);
	if (audit(db, op, "review.split", "review", NULL, NULL, NULL,
	    ds->class, more.buf) < 0 || (st = db_stmt(db, sql_split_keep)) ==
	    NULL || run1(db, st, sqlite3_bind_int64(st, 1, op->doc) |
	    sqlite3_bind_int64(st, 2, op->page - 1) |
	    store_bind_text(st, 3, reason.buf),
	    "cannot shorten the document") < 0)
		goto out;
	if (op->made != NULL)
		*op->made = new;
	rc = 0;
out:
	strbuf_release(&more);
	strbuf_release(&reason);
	return rc;
}

/* ---- one change, many changes -------------------------------------------- */

/* op_do - OP inside the caller's transaction: 0, 1 refused, -1 error */
static int
op_do(struct db *db, const struct review_op *op, char *err, size_t errlen)
{
	struct docstate ds;
	int rc;

	if ((rc = doc_state(db, op->doc, &ds)) < 0)
		return -1;
	if (rc > 0)
		return refuse(err, errlen, "no document %lld", op->doc);
	switch (op->verb) {
	case REVIEW_ASSIGN:
		return do_assign(db, op, &ds, err, errlen);
	case REVIEW_RELEASE:
		return do_release(db, op, &ds, err, errlen);
	case REVIEW_REJECT:
		return do_reject(db, op, &ds, err, errlen);
	case REVIEW_CLASS:
		return do_class(db, op, &ds, err, errlen);
	case REVIEW_TAG:
	case REVIEW_UNTAG:
		return do_tags(db, op, &ds, err, errlen);
	case REVIEW_SPLIT:
		return do_split(db, op, &ds, err, errlen);
	}
	return refuse(err, errlen, "unknown change");
}

int
review_change(struct db *db, const struct review_op *op, char *err,
    size_t errlen)
{
	int rc;

	if (db_begin(db) < 0) {
		snprintf(err, errlen, "%s", db->err);
		return -1;
	}
	rc = op_do(db, op, err, errlen);
	if (rc == 0 && db_commit(db) == 0)
		return 0;
	if (rc < 0 || rc == 0)
		snprintf(err, errlen, "%s: nothing changed", db->err);
	db_rollback(db);
	return rc == 0 ? -1 : rc;
}

/* ---- list ---------------------------------------------------------------- */

static const char sql_list[] =
    "SELECT d.id, ifnull(d.batch_id, ''), "
    "  CAST(julianday('now') - julianday(d.created_at) AS INTEGER), "
    "  d.class, d.page_count, d.review_reason, d.source_file "
    "FROM document d WHERE d.status = 'review' "
    "  AND (?1 IS NULL OR d.batch_id = ?1) "
    "  AND (?2 IS NULL OR d.class = ?2) "
    "  AND (?3 IS NULL OR instr(lower(d.review_reason), lower(?3)) > 0) "
    "  AND (?4 = 0 OR julianday('now') - julianday(d.created_at) >= ?4) "
    "  AND (?5 OR d.review_reason NOT LIKE '" REVIEW_REJECTED "%') "
    "ORDER BY d.created_at, d.id";

/* csv_put - S as one CSV field (quoted when it must be) and SEP */
static void
csv_put(FILE *fp, const char *s, int sep)
{
	if (strpbrk(s, ";,\"\r\n") == NULL)
		fputs(s, fp);
	else {
		putc('"', fp);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				putc('"', fp);
			putc(*s, fp);
		}
		putc('"', fp);
	}
	putc(sep, fp);
}

int
review_list(struct db *db, const struct review_filter *f, FILE *fp)
{
	sqlite3_stmt *st;
	char id[24], age[24], pages[24];
	const char *v[7];
	int rc, i, n = 0, bw = 12, len;

	if ((st = db_stmt(db, sql_list)) == NULL)
		return -1;
	if (store_bind_text(st, 1, f->batch) != SQLITE_OK ||
	    store_bind_text(st, 2, f->class) != SQLITE_OK ||
	    store_bind_text(st, 3, f->reason) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, f->older) != SQLITE_OK ||
	    sqlite3_bind_int(st, 5, f->all) != SQLITE_OK) {
		db_done(st);
		return db_fail(db, "cannot list the documents in review");
	}
	/*
	 * the batch column as wide as the longest batch listed (a nightly
	 * run's name is 23 characters): the rows read twice
	 */
	while (!f->csv && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((len = sqlite3_column_bytes(st, 1)) > bw && len <= 64)
			bw = len;
	sqlite3_reset(st);
	if (f->csv)
		fprintf(fp, "document;batch;age_days;review_reason;"
		    "source_file;class;household;tags;action;note\n");
	else
		fprintf(fp, "%6s %4s %-*s %-24s %5s  %s\n", "DOC", "AGE",
		    bw, "BATCH", "CLASS", "PAGES", "REASON / SOURCE");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 7; i++) {
			v[i] = (const char *)sqlite3_column_text(st, i);
			if (v[i] == NULL)
				v[i] = "";
		}
		snprintf(id, sizeof(id), "%s", v[0]);
		snprintf(age, sizeof(age), "%sd", v[2]);
		snprintf(pages, sizeof(pages), "%s", v[4]);
		if (f->csv) {
			csv_put(fp, id, ';');
			csv_put(fp, v[1], ';');
			csv_put(fp, v[2], ';');
			csv_put(fp, v[5], ';');
			csv_put(fp, v[6], ';');
			csv_put(fp, v[3], ';');
			fputs(";;;\n", fp);
		} else
			fprintf(fp, "%6s %4s %-*s %-24s %5s  %s\n%*s%s\n", id,
			    age, bw, v[1], v[3], pages, v[5], 42 + bw, "",
			    v[6]);
		n++;
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "cannot list the documents in review");
	if (!f->csv)
		fprintf(fp, "%d document%s in review\n", n, n == 1 ? "" : "s");
	return 0;
}

/* ---- show ------------------------------------------------------------------ */

static const char sql_show[] =
    "SELECT d.status, ifnull(d.review_reason, ''), d.class, "
    "  ifnull(printf('%.3f', d.class_score), '-'), ifnull(h.ref, '-'), "
    "  ifnull(d.link_method, '-'), ifnull(d.batch_id, '-'), d.created_at, "
    "  d.source_file, d.first_page, d.page_count, ifnull(d.lang, '-') "
    "FROM document d LEFT JOIN household h ON h.id = d.household_id "
    "WHERE d.id = ?1";
static const char sql_show_fields[] =
    "SELECT ifnull(p.page_no, 0), f.kind, f.value, f.normalized, f.valid "
    "FROM field f LEFT JOIN page p ON p.id = f.page_id "
    "WHERE f.document_id = ?1 ORDER BY f.kind, p.page_no, f.id";
static const char sql_show_pages[] =
    "SELECT page_no, source_page, image, image_type, "
    "  ifnull(printf('%.1f', ocr_conf), '-'), blank, ifnull(text, ''), "
    "  ifnull(ocr_doubt, '') "
    "FROM page WHERE document_id = ?1 ORDER BY page_no";
static const char sql_person_name[] =
    "SELECT surname || ' ' || given_name || ifnull(' (born ' || birth_date "
    "  || ')', '') FROM person WHERE id = ?1";

struct showctx {
	struct db *db;
	FILE	*fp;
};

static int
show_cb(const struct link_candidate *c, void *arg)
{
	struct showctx *sc = arg;
	sqlite3_stmt *st;
	char ref[80] = "-", name[256] = "";

	if (c->household_id > 0)
		hh_ref(sc->db, c->household_id, ref, sizeof(ref));
	if (c->person_id > 0 && (st = db_stmt(sc->db,
	    sql_person_name)) != NULL) {
		sqlite3_bind_int64(st, 1, c->person_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			col(st, 0, name, sizeof(name));
		db_done(st);
	}
	fprintf(sc->fp, "  %-14s %-11s %s%s%s%s\n", ref, c->kind, c->what,
	    c->exact ? "" : " (one letter read wrong)",
	    *name != '\0' ? ": person " : "", name);
	return 0;
}

/* write_image - page image BLOB (LEN bytes) to DIR/NAME, owner-only */
static int
write_image(const char *dir, const char *name, const void *blob, size_t len,
    char *path, size_t size)
{
	ssize_t w;
	int fd;

	snprintf(path, size, "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0)
		return -1;
	w = write(fd, blob, len);
	if (close(fd) < 0 || w < 0 || (size_t)w != len)
		return -1;
	return 0;
}

int
review_show(struct db *db, long long doc, const char *dir, FILE *fp,
    char *err, size_t errlen)
{
	struct showctx sc = { db, fp };
	struct link_doc ld;
	struct link_result lk;
	sqlite3_stmt *st;
	char v[12][512], path[4096 + 64], name[96], ref[80];
	const char *type, *blob, *text;
	int rc, i, n, review;

	if ((st = db_stmt(db, sql_show)) == NULL)
		goto dbfail;
	sqlite3_bind_int64(st, 1, doc);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		db_done(st);
		if (rc == SQLITE_DONE)
			return refuse(err, errlen, "no document %lld", doc);
		goto dbfail;
	}
	for (i = 0; i < 12; i++)
		col(st, i, v[i], sizeof(v[i]));
	db_done(st);
	review = strcmp(v[0], "review") == 0;
	fprintf(fp, "document %lld: %s%s%s%s\n", doc, v[0],
	    *v[1] != '\0' ? " (" : "", v[1], *v[1] != '\0' ? ")" : "");
	if (strcmp(v[0], "filed") == 0)
		fprintf(fp, "household: %s (%s)\n", v[4], v[5]);
	fprintf(fp, "class: %s (score %s), language %s\n", v[2], v[3], v[11]);
	fprintf(fp, "batch: %s, archived %s\n", v[6], v[7]);
	fprintf(fp, "source: %s, from page %s, %s page%s\n", v[8], v[9], v[10],
	    strcmp(v[10], "1") == 0 ? "" : "s");

	if ((rc = link_doc_read(db, doc, &ld)) != 0)
		goto dbfail;
	fprintf(fp, "date: %s\n", ld.date);
	{
		struct strbuf tags = STRBUF_INIT;
		struct taglist tl;

		if (taglist_read(db, doc, &tl) < 0) {
			link_doc_free(&ld);
			goto dbfail;
		}
		taglist_str(&tl, &tags);
		fprintf(fp, "tags: %s\n", tags.len > 0 ? tags.buf : "-");
		taglist_free(&tl);
		strbuf_release(&tags);
	}
	fprintf(fp, "fields:\n");
	if ((st = db_stmt(db, sql_show_fields)) == NULL) {
		link_doc_free(&ld);
		goto dbfail;
	}
	sqlite3_bind_int64(st, 1, doc);
	n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < 5; i++)
			col(st, i, v[i], sizeof(v[i]));
		fprintf(fp, "  page %-3s %-12s %-28s %s%s\n", v[0], v[1], v[3],
		    strcmp(v[4], "1") == 0 ? "" : "INVALID ",
		    strcmp(v[2], v[3]) != 0 ? v[2] : "");
		n++;
	}
	db_done(st);
	if (n == 0)
		fprintf(fp, "  none\n");
	fprintf(fp, "evidence (household on %s, kind, what):\n", ld.date);
	if ((n = link_candidates(db, &ld.ev, show_cb, &sc)) < 0) {
		link_doc_free(&ld);
		goto dbfail;
	}
	if (n == 0)
		fprintf(fp, "  none\n");
	if (link_document(db, &ld.ev, &lk) < 0) {
		link_doc_free(&ld);
		goto dbfail;
	}
	link_doc_free(&ld);
	if (lk.household_id > 0) {
		hh_ref(db, lk.household_id, ref, sizeof(ref));
		fprintf(fp, "linking now: household %s (%s)\n", ref, lk.method);
	} else
		fprintf(fp, "linking now: review (%s)\n", lk.reason);

	if ((st = db_stmt(db, sql_show_pages)) == NULL)
		goto dbfail;
	sqlite3_bind_int64(st, 1, doc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 8; i++)
			if (i != 2)
				col(st, i, v[i], sizeof(v[i]));
		blob = sqlite3_column_blob(st, 2);
		type = v[3];
		fprintf(fp, "--- page %s (page %s of the source, OCR %s%%)%s",
		    v[0], v[1], v[4], strcmp(v[5], "1") == 0 ? ", blank" : "");
		if (dir != NULL && blob != NULL) {
			snprintf(name, sizeof(name), "document-%lld-page-%s.%s",
			    doc, v[0], strncmp(type, "tiff", 4) == 0 ? "tif" :
			    "png");
			if (write_image(dir, name, blob, (size_t)
			    sqlite3_column_bytes(st, 2), path,
			    sizeof(path)) < 0) {
				snprintf(err, errlen, "cannot write '%s': %s",
				    path, strerror(errno));
				db_done(st);
				return -1;
			}
			fprintf(fp, ": %s", path);
		}
		fprintf(fp, "\n");
		/* what OCR doubted of it: the document's reason names one */
		if (*v[7] != '\0')
			fprintf(fp, "(%s)\n", v[7]);
		text = (const char *)sqlite3_column_text(st, 6);
		/* an unread cover sheet: how to file what follows it apart */
		if (review && strcmp(v[0], "1") != 0 && text != NULL &&
		    cover_title_read(text, (size_t)sqlite3_column_bytes(st,
		    6)))
			fprintf(fp, "(this page reads like a cover sheet: "
			    "'dossier-review split %lld %s' makes it and the "
			    "pages after it a document of their own)\n", doc,
			    v[0]);
		fputs(text != NULL ? text : "", fp);
		fprintf(fp, "\n");
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		goto dbfail;
	return 0;
dbfail:
	snprintf(err, errlen, "%s", db->err);
	return -1;
}

/* ---- apply: the CSV a clerk filled in ------------------------------------- */

enum { A_DOC, A_HOUSEHOLD, A_CLASS, A_TAGS, A_ACTION, A_NOTE, A_NCOL };

/*
 * apply_row - the changes of one row V (A_NCOL values); 0 done or
 * nothing to do, 1 refused (ERR), -1 error (ERR)
 */
static int
apply_row(struct db *db, char **v, const char *actor,
    const struct tagset *ts, long *changes, char *err, size_t errlen)
{
	struct review_op op;
	struct docstate ds;
	char *p, *tok, *save = NULL;
	int rc;

	memset(&op, 0, sizeof(op));
	op.actor = actor;
	op.ts = ts;
	if (*v[A_DOC] == '\0' || strspn(v[A_DOC], "0123456789") !=
	    strlen(v[A_DOC]) || strlen(v[A_DOC]) > 15)
		return refuse(err, errlen, "document '%s' is not a document "
		    "number", v[A_DOC]);
	op.doc = strtoll(v[A_DOC], NULL, 10);
	if ((rc = doc_state(db, op.doc, &ds)) != 0)
		return rc < 0 ? -1 : refuse(err, errlen, "no document %lld",
		    op.doc);
	if (*v[A_CLASS] != '\0' && strcmp(v[A_CLASS], ds.class) != 0) {
		op.verb = REVIEW_CLASS;
		op.arg = v[A_CLASS];
		if ((rc = op_do(db, &op, err, errlen)) != 0)
			return rc;
		(*changes)++;
	}
	if (*v[A_TAGS] != '\0') {
		op.verb = REVIEW_TAG;
		op.ntag = 0;
		for (p = v[A_TAGS]; (tok = strtok_r(p, "|", &save)) != NULL;
		    p = NULL) {
			tok = csv_trim(tok);
			if (*tok == '\0')
				continue;
			if (op.ntag == REVIEW_TAGS_MAX)
				return refuse(err, errlen, "more than %d tags",
				    REVIEW_TAGS_MAX);
			op.tag[op.ntag++] = tok;
		}
		if ((rc = op_do(db, &op, err, errlen)) != 0)
			return rc;
		(*changes)++;
	}
	op.arg = NULL;
	if (strcmp(v[A_ACTION], "release") == 0) {
		if (*v[A_HOUSEHOLD] != '\0')
			return refuse(err, errlen, "release files where the "
			    "evidence says: leave household empty, or assign");
		op.verb = REVIEW_RELEASE;
	} else if (strcmp(v[A_ACTION], "reject") == 0) {
		op.verb = REVIEW_REJECT;
		op.arg = v[A_NOTE];
	} else if (strcmp(v[A_ACTION], "assign") == 0 ||
	    (*v[A_ACTION] == '\0' && *v[A_HOUSEHOLD] != '\0')) {
		if (*v[A_HOUSEHOLD] == '\0')
			return refuse(err, errlen, "assign needs a household");
		op.verb = REVIEW_ASSIGN;
		op.arg = v[A_HOUSEHOLD];
	} else if (*v[A_ACTION] != '\0')
		return refuse(err, errlen, "unknown action '%s' (assign, "
		    "release or reject)", v[A_ACTION]);
	else
		return 0;
	if ((rc = op_do(db, &op, err, errlen)) != 0)
		return rc;
	(*changes)++;
	return 0;
}

int
review_apply(struct db *db, const char *path, const char *actor,
    const struct tagset *ts, long *changes, char *err, size_t errlen)
{
	static const char *const names[A_NCOL] = {
		"document", "household", "class", "tags", "action", "note"
	};
	static const char *const need[] = { "document", NULL };
	struct strbuf sb = STRBUF_INIT;
	struct csv c;
	char *v[A_NCOL], *p, rowerr[1024];
	int colno[A_NCOL], i, rc, ret = -1;
	long bad = 0, rows = 0;

	*changes = 0;
	memset(v, 0, sizeof(v));
	csv_init(&c, "", 0);
	if (file_read(path, REVIEW_CSV_MAX, &sb) < 0) {
		snprintf(err, errlen, "cannot read '%s': %s", path,
		    errno == EFBIG ? "file too large" : strerror(errno));
		goto out;
	}
	csv_init(&c, sb.buf, sb.len);
	if (csv_header(&c, path, names, A_NCOL, need, colno, err,
	    errlen) < 0)
		goto out;
	if (db_begin(db) < 0) {
		snprintf(err, errlen, "%s", db->err);
		goto out;
	}
	while ((rc = csv_next(&c)) != 0) {
		rows++;
		for (i = 0; i < A_NCOL; i++) {
			free(v[i]);
			v[i] = xstrdup(colno[i] < 0 ? "" :
			    csv_field(&c, (size_t)colno[i]));
			p = csv_trim(v[i]);
			memmove(v[i], p, strlen(p) + 1);
		}
		if (rc < 0 || !csv_text_ok(&c)) {
			msg_error("%s:%ld: %s", path, c.rec_line, rc < 0 ?
			    "quoted field does not end" : "not valid UTF-8");
			bad++;
			break;
		}
		rc = apply_row(db, v, actor, ts, changes, rowerr,
		    sizeof(rowerr));
		if (rc < 0) {
			snprintf(err, errlen, "%s:%ld: %s", path, c.rec_line,
			    rowerr);
			db_rollback(db);
			goto out;
		}
		if (rc > 0) {
			msg_error("%s:%ld: %s", path, c.rec_line, rowerr);
			bad++;
		}
	}
	if (bad > 0) {
		db_rollback(db);
		snprintf(err, errlen, "'%s': %ld of %ld row%s refused: nothing "
		    "changed", path, bad, rows, rows == 1 ? "" : "s");
		*changes = 0;
		ret = 1;
		goto out;
	}
	if (db_commit(db) < 0) {
		snprintf(err, errlen, "'%s': %s: nothing changed", path,
		    db->err);
		*changes = 0;
		goto out;
	}
	ret = 0;
out:
	for (i = 0; i < A_NCOL; i++)
		free(v[i]);
	csv_release(&c);
	strbuf_release(&sb);
	return ret;
}
