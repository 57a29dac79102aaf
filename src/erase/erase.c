/*
 * erase.c - erasure, retention and legal holds (see erase.h)
 *
 * An erasure follows the evidence rules of dossier-archive(5): every
 * page, document and source row is deleted right after the audit row
 * that names it, so that the triggers let it go and dossier-verify(1)
 * sees an audited erasure, not a row gone missing.  What is left is the
 * audit (what, why, who, when, the digests) and a tombstone row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "erase.h"
#include "sha256.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

static const char sql_doc[] =
    "SELECT d.batch_id, d.household_id, d.class, d.doc_date, d.created_at, "
    "d.source_sha256, d.cover_sheets, ifnull(h.ref, '-'), d.status, "
    "d.link_method, CAST(d.person_id AS TEXT) "
    "FROM document d LEFT JOIN household h ON h.id = d.household_id "
    "WHERE d.id = ?1";
static const char sql_pages[] =
    "SELECT id, page_no, blank, image_sha256, text FROM page "
    "WHERE document_id = ?1 ORDER BY page_no";
static const char sql_del_fields[] = "DELETE FROM field WHERE document_id = ?1";
static const char sql_del_tags[] = "DELETE FROM tag WHERE document_id = ?1";
static const char sql_del_page[] = "DELETE FROM page WHERE id = ?1";
static const char sql_del_doc[] = "DELETE FROM document WHERE id = ?1";
static const char sql_tombstone[] =
    "INSERT INTO tombstone (document_id, batch_id, household_id, class, "
    "doc_date, created_at, source_sha256, source_erased, pages_archived, "
    "pages_blank, cover_sheets, digests, reason, actor, erased_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15)";
static const char sql_src_users[] =
    "SELECT (SELECT count(*) FROM document WHERE source_sha256 = ?1) + "
    "(SELECT count(*) FROM source WHERE container_sha256 = ?1)";
static const char sql_src_row[] =
    "SELECT size, container_sha256 FROM source WHERE sha256 = ?1";
static const char sql_del_src[] = "DELETE FROM source WHERE sha256 = ?1";

/* id_step - bind ID to constant SQL and step it to DONE; 0 or -1 */
static int
id_step(struct db *db, const char *sql, long long id, const char *what)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, sql)) == NULL)
		return -1;
	rc = sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE ? db_fail(db, what) : 0;
	db_done(st);
	return rc;
}

/* text_col - column I of ST as a string, or NULL */
static const char *
text_col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/*
 * erase_source - the source SHA256, if nothing uses it any more: its
 * audit row, then the row; then its archive, if that was its last
 * member.  *ERASED: 1 if SHA256 went.  0 or -1.
 */
static int
erase_source(struct db *db, const char *sha256, const struct erase_opts *o,
    int *erased)
{
	struct strbuf detail = STRBUF_INIT;
	char object[16 + SHA256_HEX_LEN], container[SHA256_HEX_LEN + 1];
	sqlite3_stmt *st;
	long long users, size;
	int rc = -1, depth;

	*erased = 0;
	snprintf(container, sizeof(container), "%s", sha256);
	for (depth = 0; depth < 4 && container[0] != '\0'; depth++) {
		if ((st = db_stmt(db, sql_src_users)) == NULL)
			goto out;
		if (sqlite3_bind_text(st, 1, container, -1, SQLITE_STATIC) !=
		    SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
			db_fail(db, "cannot look up the source's users");
			db_done(st);
			goto out;
		}
		users = sqlite3_column_int64(st, 0);
		db_done(st);
		if (users > 0)
			break;
		if ((st = db_stmt(db, sql_src_row)) == NULL)
			goto out;
		if (sqlite3_bind_text(st, 1, container, -1, SQLITE_STATIC) !=
		    SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
			db_done(st);
			break;		/* not archived: nothing to erase */
		}
		size = sqlite3_column_int64(st, 0);
		strbuf_reset(&detail);
		db_kv(&detail, "sha256", container);
		strbuf_addf(&detail, " size=%lld", size);
		db_kv(&detail, "reason", o->reason);
		snprintf(object, sizeof(object), "source:%s", container);
		/* the next one up: the archive it is a member of */
		snprintf(container, sizeof(container), "%s",
		    text_col(st, 1) != NULL ? text_col(st, 1) : "");
		db_done(st);
		if (db_audit(db, o->actor, "source.erase", object,
		    detail.buf) < 0)
			goto out;
		if ((st = db_stmt(db, sql_del_src)) == NULL)
			goto out;
		if (sqlite3_bind_text(st, 1, object + 7, -1, SQLITE_STATIC) !=
		    SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
			db_fail(db, "cannot erase the source");
			db_done(st);
			goto out;
		}
		db_done(st);
		if (depth == 0)
			*erased = 1;
	}
	rc = 0;
out:
	strbuf_release(&detail);
	return rc;
}

/* the document's row, as erase_document needs it */
struct edoc {
	char	*batch, *class, *doc_date, *created_at, *source, *ref;
	char	*status, *link, *person;
	long long household;
	long	 cover_sheets;
};

static void
edoc_free(struct edoc *e)
{
	free(e->batch);
	free(e->class);
	free(e->doc_date);
	free(e->created_at);
	free(e->source);
	free(e->ref);
	free(e->status);
	free(e->link);
	free(e->person);
	memset(e, 0, sizeof(*e));
}

/* dup_col - column I of ST, copied, or NULL */
static char *
dup_col(sqlite3_stmt *st, int i)
{
	return text_col(st, i) != NULL ? xstrdup(text_col(st, i)) : NULL;
}

/*
 * bound_row - step ST, its parameters bound (BOUND: the binds' result):
 * 1 a row (ST left for the caller's db_done), 0 none, -1 with WHAT in
 * db->err (ST done)
 */
static int
bound_row(struct db *db, sqlite3_stmt *st, int bound, const char *what)
{
	int rc = bound != SQLITE_OK ? SQLITE_ERROR : sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		db_fail(db, what);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* read_doc - document DOC into E; 1, 0 if there is none, -1 */
static int
read_doc(struct db *db, long long doc, struct edoc *e)
{
	sqlite3_stmt *st;
	int rc;

	memset(e, 0, sizeof(*e));
	if ((st = db_stmt(db, sql_doc)) == NULL)
		return -1;
	if ((rc = bound_row(db, st, sqlite3_bind_int64(st, 1, doc),
	    "cannot read the document")) <= 0)
		return rc;
	e->batch = dup_col(st, 0);
	e->household = sqlite3_column_int64(st, 1);
	e->class = dup_col(st, 2);
	e->doc_date = dup_col(st, 3);
	e->created_at = dup_col(st, 4);
	e->source = dup_col(st, 5);
	e->cover_sheets = (long)sqlite3_column_int64(st, 6);
	e->ref = dup_col(st, 7);
	e->status = dup_col(st, 8);
	e->link = dup_col(st, 9);
	e->person = dup_col(st, 10);
	db_done(st);
	return 1;
}

/*
 * erase_pages - each page of DOC: its audit row, then the row; their
 * digests into DIGESTS, their counts into *ARCHIVED and *BLANK
 */
static int
erase_pages(struct db *db, long long doc, const struct erase_opts *o,
    struct strbuf *digests, long *archived, long *blank)
{
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *st = NULL;
	long long *ids = NULL;
	char **words = NULL, tsha[SHA256_HEX_LEN + 1], object[64];
	size_t n = 0, i;
	int rc, ret = -1;

	*archived = *blank = 0;
	/* read them all first: the deletes must not run under the select */
	if (sqlite3_prepare_v2(db->h, sql_pages, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, doc) != SQLITE_OK) {
		db_fail(db, "cannot read the pages");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *img = text_col(st, 3);

		ids = xreallocarray(ids, n + 1, sizeof(*ids));
		words = xreallocarray(words, n + 1, sizeof(*words));
		ids[n] = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 4) != SQLITE_NULL)
			sha256_hex(sqlite3_column_text(st, 4),
			    (size_t)sqlite3_column_bytes(st, 4), tsha);
		strbuf_reset(&detail);
		strbuf_addf(&detail, "document=%lld page=%lld", doc,
		    sqlite3_column_int64(st, 1));
		db_kv(&detail, "image_sha256", img);
		db_kv(&detail, "text_sha256",
		    sqlite3_column_type(st, 4) != SQLITE_NULL ? tsha : NULL);
		words[n] = xstrdup(detail.buf);
		strbuf_addf(digests, "%s%s/%s", n > 0 ? " " : "",
		    img != NULL ? img : DB_KV_NONE,
		    sqlite3_column_type(st, 4) != SQLITE_NULL ? tsha :
		    DB_KV_NONE);
		if (sqlite3_column_int(st, 2))
			(*blank)++;
		else
			(*archived)++;
		n++;
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read the pages");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (id_step(db, sql_del_fields, doc, "cannot erase the fields") < 0 ||
	    id_step(db, sql_del_tags, doc, "cannot erase the tags") < 0)
		goto out;
	for (i = 0; i < n; i++) {
		snprintf(object, sizeof(object), "page:%lld", ids[i]);
		if (db_audit(db, o->actor, "page.erase", object, words[i]) < 0 ||
		    id_step(db, sql_del_page, ids[i], "cannot erase the page") <
		    0)
			goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	for (i = 0; i < n; i++)
		free(words[i]);
	free(words);
	free(ids);
	strbuf_release(&detail);
	return ret;
}

/* tombstone - the tombstone row of document DOC (E) */
static int
tombstone(struct db *db, long long doc, const struct edoc *e, int src_gone,
    long archived, long blank, const char *digests,
    const struct erase_opts *o, const char *now)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, sql_tombstone)) == NULL)
		return -1;
	rc = sqlite3_bind_int64(st, 1, doc);
	rc |= store_bind_text(st, 2, e->batch);
	rc |= store_bind_id(st, 3, e->household);
	rc |= store_bind_text(st, 4, e->class);
	rc |= store_bind_text(st, 5, e->doc_date);
	rc |= store_bind_text(st, 6, e->created_at);
	rc |= store_bind_text(st, 7, e->source);
	rc |= sqlite3_bind_int(st, 8, src_gone);
	rc |= sqlite3_bind_int64(st, 9, archived);
	rc |= sqlite3_bind_int64(st, 10, blank);
	rc |= sqlite3_bind_int64(st, 11, e->cover_sheets);
	rc |= store_bind_text(st, 12, digests);
	rc |= store_bind_text(st, 13, o->reason);
	rc |= store_bind_text(st, 14, o->actor);
	rc |= store_bind_text(st, 15, now);
	rc = rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE ?
	    db_fail(db, "cannot record the tombstone") : 0;
	db_done(st);
	return rc;
}

int
erase_document(struct db *db, long long doc, const struct erase_opts *o,
    char *err, size_t errlen)
{
	struct strbuf detail = STRBUF_INIT, digests = STRBUF_INIT;
	struct edoc e;
	char object[64], now[32], why[256];
	long long hold = 0;
	long archived, blank;
	int rc, src_gone = 0, ret = -1;

	memset(&e, 0, sizeof(e));
	if (db_begin(db) < 0)
		goto dbfail;
	if ((rc = read_doc(db, doc, &e)) <= 0) {
		if (rc < 0)
			goto dbfail;
		snprintf(err, errlen, "document %lld: no such document (erased "
		    "already?)", doc);
		ret = 1;
		goto out;
	}
	if ((rc = store_hold_open(db, doc, e.class, e.ref, &hold, why,
	    sizeof(why))) != 0) {
		if (rc < 0)
			goto dbfail;
		snprintf(err, errlen, "document %lld: under legal hold %lld "
		    "(%s): not erased", doc, hold, why);
		ret = 1;
		goto out;
	}
	db_timestamp(now, sizeof(now));
	if (erase_pages(db, doc, o, &digests, &archived, &blank) < 0)
		goto dbfail;
	store_filing_kv(&detail, e.status, strcmp(e.ref, "-") != 0 ? e.ref :
	    NULL, e.link, e.person, e.class);
	strbuf_addf(&detail, " source=%s pages=%ld", e.source,
	    archived + blank);
	db_kv(&detail, "reason", o->reason);
	snprintf(object, sizeof(object), "document:%lld", doc);
	if (db_audit(db, o->actor, "document.erase", object, detail.buf) < 0 ||
	    id_step(db, sql_del_doc, doc, "cannot erase the document") < 0 ||
	    erase_source(db, e.source, o, &src_gone) < 0 ||
	    tombstone(db, doc, &e, src_gone, archived, blank, digests.buf, o,
	    now) < 0)
		goto dbfail;
	if (o->dry_run)
		db_rollback(db);
	else if (db_commit(db) < 0)
		goto dbfail;
	if (o->out != NULL)
		fprintf(o->out, "%s document %lld: class %s, %ld pages, source "
		    "%s\n", o->dry_run ? "would erase" : "erased", doc,
		    e.class, archived + blank, src_gone ? "erased" :
		    "kept (another document or member uses it)");
	ret = 0;
	goto out;
dbfail:
	snprintf(err, errlen, "document %lld: %s", doc, db->err);
	ret = -1;
out:
	db_rollback(db);
	edoc_free(&e);
	strbuf_release(&detail);
	strbuf_release(&digests);
	return ret;
}

static const char sql_expired[] =
    "SELECT id FROM document WHERE class = ?1 AND "
    "coalesce(doc_date, substr(created_at, 1, 10)) < ?2 ORDER BY id";

int
erase_expired(struct db *db, const char *class, const char *before,
    const struct erase_opts *o, long *done, long *held_n, char *err,
    size_t errlen)
{
	sqlite3_stmt *st = NULL;
	long long *ids = NULL;
	size_t n = 0, i;
	int rc;

	*done = *held_n = 0;
	if (sqlite3_prepare_v2(db->h, sql_expired, -1, &st, NULL) !=
	    SQLITE_OK || store_bind_text(st, 1, class) != SQLITE_OK ||
	    store_bind_text(st, 2, before) != SQLITE_OK) {
		sqlite3_finalize(st);
		db_fail(db, "cannot list the documents");
		snprintf(err, errlen, "%s", db->err);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof(*ids));
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot list the documents");
		snprintf(err, errlen, "%s", db->err);
		sqlite3_finalize(st);
		free(ids);
		return -1;
	}
	sqlite3_finalize(st);
	for (i = 0; i < n; i++) {
		rc = erase_document(db, ids[i], o, err, errlen);
		if (rc < 0) {
			free(ids);
			return -1;
		}
		if (rc > 0) {
			if (o->out != NULL)
				fprintf(o->out, "kept %s\n", err);
			(*held_n)++;
		} else
			(*done)++;
	}
	free(ids);
	return 0;
}

static const char sql_hold_add[] =
    "INSERT INTO hold (object, reason, actor, created_at) "
    "VALUES (?1, ?2, ?3, ?4)";
static const char sql_hold_doc[] = "SELECT id FROM document WHERE id = ?1";
static const char sql_hold_hh[] = "SELECT id FROM household WHERE ref = ?1";
static const char sql_hold_release[] =
    "UPDATE hold SET released_at = ?2 WHERE id = ?1 AND released_at IS NULL";
static const char sql_hold_open[] =
    "SELECT 1 FROM hold WHERE id = ?1 AND released_at IS NULL";

int
erase_hold(struct db *db, const char *object, const struct erase_opts *o,
    long long *id, char *err, size_t errlen)
{
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *st;
	char now[32], hobj[64];
	long long found = 1;
	int ret = -1;

	if (db_begin(db) < 0)
		goto dbfail;
	if (strncmp(object, "document:", 9) == 0)
		found = db_lookup_id(db, sql_hold_doc, object + 9, NULL,
		    "cannot look up the document");
	else if (strncmp(object, "household:", 10) == 0)
		found = db_lookup_id(db, sql_hold_hh, object + 10, NULL,
		    "cannot look up the household");
	else if (strncmp(object, "class:", 6) != 0 || object[6] == '\0')
		found = 0;
	if (found < 0)
		goto dbfail;
	if (found == 0) {
		snprintf(err, errlen, "'%s' names no document, household or "
		    "class (document:ID, household:REF, class:NAME)", object);
		ret = 1;
		goto out;
	}
	db_timestamp(now, sizeof(now));
	if ((st = db_stmt(db, sql_hold_add)) == NULL)
		goto dbfail;
	if (store_bind_text(st, 1, object) != SQLITE_OK ||
	    store_bind_text(st, 2, o->reason) != SQLITE_OK ||
	    store_bind_text(st, 3, o->actor) != SQLITE_OK ||
	    store_bind_text(st, 4, now) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "cannot record the hold");
		db_done(st);
		goto dbfail;
	}
	db_done(st);
	*id = sqlite3_last_insert_rowid(db->h);
	db_kv(&detail, "object", object);
	db_kv(&detail, "reason", o->reason);
	snprintf(hobj, sizeof(hobj), "hold:%lld", *id);
	if (db_audit(db, o->actor, "hold.add", hobj, detail.buf) < 0 ||
	    db_commit(db) < 0)
		goto dbfail;
	ret = 0;
	goto out;
dbfail:
	snprintf(err, errlen, "%s", db->err);
out:
	db_rollback(db);
	strbuf_release(&detail);
	return ret;
}

int
erase_release(struct db *db, long long id, const struct erase_opts *o,
    char *err, size_t errlen)
{
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *st;
	char now[32], hobj[64], num[32];
	int open_, ret = -1;

	if (db_begin(db) < 0)
		goto dbfail;
	snprintf(num, sizeof(num), "%lld", id);
	if ((open_ = db_exists(db, sql_hold_open, num,
	    "cannot look up the hold")) < 0)
		goto dbfail;
	if (!open_) {
		snprintf(err, errlen, "hold %lld: no such open hold", id);
		ret = 1;
		goto out;
	}
	db_timestamp(now, sizeof(now));
	db_kv(&detail, "reason", o->reason);
	snprintf(hobj, sizeof(hobj), "hold:%lld", id);
	if (db_audit(db, o->actor, "hold.release", hobj, detail.buf) < 0 ||
	    (st = db_stmt(db, sql_hold_release)) == NULL)
		goto dbfail;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
	    store_bind_text(st, 2, now) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "cannot release the hold");
		db_done(st);
		goto dbfail;
	}
	db_done(st);
	if (db_commit(db) < 0)
		goto dbfail;
	ret = 0;
	goto out;
dbfail:
	snprintf(err, errlen, "%s", db->err);
out:
	db_rollback(db);
	strbuf_release(&detail);
	return ret;
}

int
erase_holds(struct db *db, const struct erase_opts *o, char *err,
    size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db->h, "SELECT id, object, created_at, actor, "
	    "reason FROM hold WHERE released_at IS NULL ORDER BY id", -1, &st,
	    NULL) != SQLITE_OK) {
		db_fail(db, "cannot read the legal holds");
		snprintf(err, errlen, "%s", db->err);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(o->out, "%lld\t%s\t%s\t%s\t%s\n",
		    sqlite3_column_int64(st, 0), text_col(st, 1),
		    text_col(st, 2), text_col(st, 3), text_col(st, 4));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read the legal holds");
		snprintf(err, errlen, "%s", db->err);
		return -1;
	}
	return 0;
}
