/*
 * query.c - the auditors' questions to the archive (dossier-query(1))
 *
 * Every answer is one or more constant SELECTs whose rows emit.c writes
 * as text, CSV or JSON; nothing here writes to the archive (the subject's
 * document list is a temporary table of the connection's own).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "batch.h"
#include "db.h"
#include "emit.h"
#include "exitcode.h"
#include "msg.h"
#include "query.h"
#include "sha256.h"
#include "store.h"
#include "strbuf.h"
#include "subject.h"

/* the columns a listing never shows: images, original bytes, texts */
static const char *const big_columns[] = {
	"image", "content", "text", "words", NULL
};

/* sha256_func - the SQL function sha256(X) */
static void
sha256_func(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	char hex[SHA256_HEX_LEN + 1];
	const void *p;
	int n;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(cx);
		return;
	}
	p = sqlite3_value_blob(argv[0]);
	n = sqlite3_value_bytes(argv[0]);
	sha256_hex(p != NULL ? p : "", (size_t)(n > 0 ? n : 0), hex);
	sqlite3_result_text(cx, hex, SHA256_HEX_LEN, SQLITE_TRANSIENT);
}

int
query_sql_functions(struct db *db)
{
	if (sqlite3_create_function(db->h, "sha256", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sha256_func, NULL,
	    NULL) != SQLITE_OK)
		return db_fail(db, "cannot add the sha256 function");
	return 0;
}

/* archive_error - report the archive's failure WHAT; EXIT_ENV */
static int
archive_error(struct db *db, sqlite3_stmt *st, const char *what)
{
	db_fail(db, what);
	db_done(st);
	msg_error("archive '%s': %s", db->path, db->err);
	return EXIT_ENV;
}

/* prepare - the cached statement SQL, or NULL (reported) */
static sqlite3_stmt *
prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		msg_error("archive '%s': %s", db->path, db->err);
	return st;
}

/* emitter - an emitter on stdout in the chosen format */
static void
emitter(struct emit *e, const struct query_opts *o, int multi)
{
	memset(e, 0, sizeof(*e));
	e->skip = big_columns;
	emit_begin(e, stdout, o->fmt, multi);
}

/* finish - end the output; the exit status for N rows found */
static int
finish(struct emit *e, long n, const char *none)
{
	if (emit_end(e) < 0) {
		msg_error("cannot write the answer: %s", strerror(errno));
		return EXIT_ENV;
	}
	if (n == 0 && none != NULL) {
		msg_info("%s", none);
		return EXIT_QUARANTINE;		/* 1: nothing found */
	}
	return EXIT_DONE;
}

/* has_table - 1 if the archive has table NAME (a later schema's), 0, -1 */
static int
has_table(struct db *db, const char *name)
{
	return db_exists(db, "SELECT 1 FROM sqlite_master WHERE type = "
	    "'table' AND name = ?1", name, "cannot read the schema");
}

/*
 * fts_query - the FTS5 expression for WORDS: each argument a phrase in
 * double quotes (so that no word is taken for an operator), a trailing
 * '*' kept as a prefix search; the phrases must all match
 */
static void
fts_query(struct strbuf *sb, int argc, char **argv)
{
	const char *w;
	size_t n, i;
	int k;

	for (k = 0; k < argc; k++) {
		w = argv[k];
		n = strlen(w);
		if (k > 0)
			strbuf_adds(sb, " AND ");
		strbuf_addc(sb, '"');
		for (i = 0; i < n; i++) {
			if (w[i] == '*' && i + 1 == n)
				break;
			if (w[i] == '"')
				strbuf_addc(sb, '"');
			strbuf_addc(sb, w[i]);
		}
		strbuf_addc(sb, '"');
		if (n > 0 && w[n - 1] == '*')
			strbuf_addc(sb, '*');
	}
}

static const char sql_search[] =
    "SELECT d.id AS document, p.page_no AS page, d.class, "
    "h.ref AS household, d.status, "
    "coalesce(d.doc_date, substr(d.created_at, 1, 10)) AS date, "
    "snippet(page_fts, 0, '[', ']', '...', 12) AS snippet "
    "FROM page_fts JOIN page p ON p.id = page_fts.rowid "
    "JOIN document d ON d.id = p.document_id "
    "LEFT JOIN household h ON h.id = d.household_id "
    "WHERE page_fts MATCH ?1 AND (?2 IS NULL OR d.class = ?2) "
    "AND (?3 IS NULL OR coalesce(d.doc_date, d.created_at) >= ?3) "
    "AND (?4 IS NULL OR substr(coalesce(d.doc_date, d.created_at), 1, "
    "length(?4)) <= ?4) "
    "ORDER BY page_fts.rank, d.id, p.page_no LIMIT ?5";

int
query_search(struct db *db, const struct query_opts *o, int argc,
    char **argv)
{
	struct strbuf q = STRBUF_INIT;
	sqlite3_stmt *st;
	struct emit e;
	long n;
	int k;

	if (argc == 0) {
		msg_error("search: what to look for?");
		return EXIT_USAGE;
	}
	for (k = 0; k < argc; k++)
		if ((o->raw ? strlen(argv[k]) : strspn(argv[k], " *\"")) ==
		    (o->raw ? 0 : strlen(argv[k]))) {
			msg_error("search: '%s' holds no word", argv[k]);
			return EXIT_USAGE;
		}
	if (o->raw) {
		for (k = 0; k < argc; k++)
			strbuf_addf(&q, "%s%s", k > 0 ? " " : "", argv[k]);
	} else
		fts_query(&q, argc, argv);
	if ((st = prepare(db, sql_search)) == NULL) {
		strbuf_release(&q);
		return EXIT_ENV;
	}
	if (sqlite3_bind_text(st, 1, q.buf, -1, SQLITE_TRANSIENT) !=
	    SQLITE_OK || store_bind_text(st, 2, o->class) != SQLITE_OK ||
	    store_bind_text(st, 3, o->since) != SQLITE_OK ||
	    store_bind_text(st, 4, o->until) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, o->limit) != SQLITE_OK) {
		strbuf_release(&q);
		return archive_error(db, st, "cannot search");
	}
	strbuf_release(&q);
	emitter(&e, o, 0);
	if (emit_rows(&e, NULL, st, EMIT_TABLE, &n) < 0) {
		/* a malformed -m expression is the user's, not the archive's */
		if (o->raw && (sqlite3_errcode(db->h) & 0xff) == SQLITE_ERROR) {
			msg_error("search: not an FTS5 expression: %s",
			    sqlite3_errmsg(db->h));
			db_done(st);
			return EXIT_USAGE;
		}
		return archive_error(db, st, "cannot search");
	}
	return finish(&e, n, "no page matches");
}

/* the documents of the subject in temp.subject_doc, by date and class */
#define TIMELINE_DOCS \
    "SELECT coalesce(d.doc_date, substr(d.created_at, 1, 10)) AS date, " \
    "CASE WHEN d.doc_date IS NULL THEN 'archived' ELSE 'document' END " \
    "AS date_of, d.id AS document, d.class, d.status, s.why, " \
    "h.ref AS household, d.person_id AS person, d.link_method, " \
    "d.page_count AS pages, d.source_file " \
    "FROM temp.subject_doc s JOIN document d ON d.id = s.id " \
    "LEFT JOIN household h ON h.id = d.household_id " \
    "WHERE (?1 IS NULL OR d.class = ?1) "
#define TIMELINE_ORDER \
    ") WHERE (?2 IS NULL OR date >= ?2) " \
    "AND (?3 IS NULL OR substr(date, 1, length(?3)) <= ?3) " \
    "ORDER BY date, class, document"

static const char sql_timeline[] =
    "SELECT * FROM (" TIMELINE_DOCS TIMELINE_ORDER;
/* and the household's erased documents, as their tombstones tell */
static const char sql_timeline_erased[] =
    "SELECT * FROM (" TIMELINE_DOCS
    "UNION ALL SELECT coalesce(t.doc_date, substr(t.created_at, 1, 10)), "
    "CASE WHEN t.doc_date IS NULL THEN 'archived' ELSE 'document' END, "
    "t.document_id, t.class, 'erased', 'filed', h.ref, NULL, NULL, "
    "t.pages_archived + t.pages_blank, NULL "
    "FROM tombstone t JOIN household h ON h.id = t.household_id "
    "WHERE t.household_id = ?4 AND (?1 IS NULL OR t.class = ?1)"
    TIMELINE_ORDER;

int
query_timeline(struct db *db, const struct query_opts *o,
    const char *subject)
{
	struct subject s;
	sqlite3_stmt *st;
	struct emit e;
	char err[256];
	long n;
	int rc, erased;

	if ((rc = subject_resolve(db, subject, &s, err, sizeof(err))) != 0) {
		msg_error("%s", err);
		return rc < 0 ? EXIT_ENV : EXIT_QUARANTINE;
	}
	if (subject_documents(db, &s) < 0) {
		msg_error("archive '%s': %s", db->path, db->err);
		return EXIT_ENV;
	}
	if ((erased = has_table(db, "tombstone")) < 0) {
		msg_error("archive '%s': %s", db->path, db->err);
		return EXIT_ENV;
	}
	if ((st = prepare(db, erased ? sql_timeline_erased :
	    sql_timeline)) == NULL)
		return EXIT_ENV;
	if (store_bind_text(st, 1, o->class) != SQLITE_OK ||
	    store_bind_text(st, 2, o->since) != SQLITE_OK ||
	    store_bind_text(st, 3, o->until) != SQLITE_OK ||
	    (erased && store_bind_id(st, 4, s.kind == SUBJECT_HOUSEHOLD ?
	    s.id : 0) != SQLITE_OK))
		return archive_error(db, st, "cannot read the dossier");
	emitter(&e, o, 0);
	if (emit_rows(&e, NULL, st, EMIT_TABLE, &n) < 0)
		return archive_error(db, st, "cannot read the dossier");
	return finish(&e, n, "no document in that dossier");
}

/* the sections of a document's provenance, ?1 = the document's id */
static const char sql_prov_document[] =
    "SELECT d.*, h.ref AS household_ref FROM document d "
    "LEFT JOIN household h ON h.id = d.household_id WHERE d.id = ?1";
static const char sql_prov_source[] =
    "SELECT s.*, length(s.content) AS content_bytes, "
    "sha256(s.content) = s.sha256 AS content_matches "
    "FROM source s JOIN document d ON d.source_sha256 = s.sha256 "
    "WHERE d.id = ?1";
static const char sql_prov_container[] =
    "SELECT c.*, length(c.content) AS content_bytes, "
    "sha256(c.content) = c.sha256 AS content_matches "
    "FROM source c JOIN source s ON s.container_sha256 = c.sha256 "
    "JOIN document d ON d.source_sha256 = s.sha256 WHERE d.id = ?1";
static const char sql_prov_siblings[] =
    "SELECT o.id AS document, o.first_page, o.page_count, o.class, "
    "o.status FROM document o JOIN document d "
    "ON d.source_sha256 = o.source_sha256 AND o.id <> d.id "
    "WHERE d.id = ?1 ORDER BY o.first_page";
static const char sql_prov_batch[] =
    "SELECT b.* FROM v_batch b JOIN document d ON d.batch_id = b.id "
    "WHERE d.id = ?1";
static const char sql_prov_pages[] =
    "SELECT p.*, sha256(p.image) IS p.image_sha256 AS image_matches, "
    "sha256(p.text) AS text_sha256, length(p.text) AS text_chars "
    "FROM page p WHERE p.document_id = ?1 ORDER BY p.page_no";
static const char sql_prov_tags[] =
    "SELECT name, value FROM tag WHERE document_id = ?1 "
    "ORDER BY name, value";
static const char sql_prov_fields[] =
    "SELECT p.page_no AS page, f.kind, f.value, f.normalized, f.valid "
    "FROM field f LEFT JOIN page p ON p.id = f.page_id "
    "WHERE f.document_id = ?1 ORDER BY f.id";
/* what made it: the programs and settings of every stage (schema 5) */
static const char sql_prov_provenance[] =
    "SELECT p.id, p.sha256, sha256(p.settings) = p.sha256 "
    "AS settings_match FROM provenance p "
    "JOIN document d ON d.provenance_id = p.id WHERE d.id = ?1";
/* its lines "STAGE key=value ...", one row each */
static const char sql_prov_settings[] =
    "WITH RECURSIVE s(line, rest) AS (SELECT '', "
    "(SELECT p.settings || char(10) FROM provenance p "
    "JOIN document d ON d.provenance_id = p.id WHERE d.id = ?1) "
    "UNION ALL SELECT substr(rest, 1, instr(rest, char(10)) - 1), "
    "substr(rest, instr(rest, char(10)) + 1) FROM s WHERE rest <> '') "
    "SELECT substr(line, 1, instr(line || ' ', ' ') - 1) AS stage, "
    "substr(line, instr(line || ' ', ' ') + 1) AS settings "
    "FROM s WHERE line <> ''";
/* the legal holds that keep the document, released or not */
static const char sql_prov_holds[] =
    "SELECT k.* FROM hold k JOIN document d ON d.id = ?1 "
    "LEFT JOIN household h ON h.id = d.household_id "
    "WHERE k.object IN ('document:' || d.id, 'class:' || d.class, "
    "'household:' || h.ref) ORDER BY k.id";
static const char sql_prov_tombstone[] =
    "SELECT * FROM tombstone WHERE document_id = ?1";
/* every audit row about the document, its pages or its source */
static const char sql_prov_audit[] =
    "SELECT seq, at, actor, action, object, detail FROM audit "
    "WHERE object = 'document:' || ?1 "
    "OR object IN (SELECT 'page:' || id FROM page WHERE document_id = ?1) "
    "OR object IN (SELECT 'source:' || source_sha256 FROM document "
    "WHERE id = ?1) ORDER BY seq";

/*
 * the same for an erased document: its pages are gone, but the page.erase
 * rows name them (and so every earlier row about them), and its
 * tombstone names its source
 */
static const char sql_prov_audit_erased[] =
    "SELECT seq, at, actor, action, object, detail FROM audit "
    "WHERE object = 'document:' || ?1 "
    "OR object IN (SELECT object FROM audit WHERE action = 'page.erase' "
    "AND ' ' || detail || ' ' LIKE '% document=' || ?1 || ' %') "
    "OR object IN (SELECT 'source:' || source_sha256 FROM tombstone "
    "WHERE document_id = ?1) ORDER BY seq";

struct section {
	const char *name;
	const char *sql;
	enum emit_style style;
	const char *table;		/* a later schema's table it needs */
};

static const struct section prov_sections[] = {
	{ "document", sql_prov_document, EMIT_ONE, NULL },
	{ "source", sql_prov_source, EMIT_ONE, NULL },
	{ "container", sql_prov_container, EMIT_ONE, NULL },
	{ "same_source", sql_prov_siblings, EMIT_TABLE, NULL },
	{ "batch", sql_prov_batch, EMIT_ONE, NULL },
	{ "provenance", sql_prov_provenance, EMIT_ONE, "provenance" },
	{ "settings", sql_prov_settings, EMIT_TABLE, "provenance" },
	{ "pages", sql_prov_pages, EMIT_BLOCKS, NULL },
	{ "tags", sql_prov_tags, EMIT_TABLE, NULL },
	{ "fields", sql_prov_fields, EMIT_TABLE, NULL },
	{ "holds", sql_prov_holds, EMIT_TABLE, "hold" },
	{ "audit", sql_prov_audit, EMIT_TABLE, NULL },
	{ NULL, NULL, EMIT_ONE, NULL }
};

static const struct section erased_sections[] = {
	{ "tombstone", sql_prov_tombstone, EMIT_ONE, NULL },
	{ "audit", sql_prov_audit_erased, EMIT_TABLE, NULL },
	{ NULL, NULL, EMIT_ONE, NULL }
};

/* sections - write the sections SEC of document ID; an exit status */
static int
sections(struct db *db, struct emit *e, const struct section *sec,
    long long id)
{
	sqlite3_stmt *st;
	long n;
	int have;

	for (; sec->name != NULL; sec++) {
		if (sec->table != NULL && (have = has_table(db,
		    sec->table)) <= 0) {
			if (have == 0)
				continue;	/* an older schema's archive */
			msg_error("archive '%s': %s", db->path, db->err);
			return EXIT_ENV;
		}
		if ((st = prepare(db, sec->sql)) == NULL)
			return EXIT_ENV;
		if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
		    emit_rows(e, sec->name, st, sec->style, &n) < 0)
			return archive_error(db, st, "cannot read the "
			    "document's provenance");
	}
	return EXIT_DONE;
}

/* parse_id - a positive decimal id, "document:ID" or "ID"; 0 if not one */
static long long
parse_id(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;
	long long v;

	if (strncmp(s, prefix, n) == 0 && s[n] == ':')
		s += n + 1;
	if (*s < '0' || *s > '9')
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v > 0 ? v : 0;
}

int
query_document(struct db *db, const struct query_opts *o, const char *arg)
{
	struct emit e;
	long long id;
	char key[32];
	int have, rc;

	if ((id = parse_id(arg, "document")) == 0) {
		msg_error("'%s' is not a document id", arg);
		return EXIT_USAGE;
	}
	snprintf(key, sizeof(key), "%lld", id);
	have = db_exists(db, "SELECT 1 FROM document WHERE id = "
	    "CAST(?1 AS INTEGER)", key, "cannot read documents");
	if (have == 0 && (have = has_table(db, "tombstone")) > 0) {
		have = db_exists(db, "SELECT 1 FROM tombstone WHERE "
		    "document_id = CAST(?1 AS INTEGER)", key,
		    "cannot read tombstones");
		if (have > 0)
			have = 2;
	}
	if (have < 0) {
		msg_error("archive '%s': %s", db->path, db->err);
		return EXIT_ENV;
	}
	if (have == 0) {
		msg_error("no document %lld in the archive", id);
		return EXIT_QUARANTINE;
	}
	emitter(&e, o, 1);
	rc = sections(db, &e, have == 2 ? erased_sections : prov_sections,
	    id);
	if (rc != EXIT_DONE)
		return rc;
	return finish(&e, 1, NULL);
}

static const char sql_batches[] =
    "SELECT id, name, started_at, finished_at, pages_in, pages_archived, "
    "pages_blank, cover_sheets, quarantined, duplicates, unaccounted, "
    "CASE WHEN unaccounted = 0 THEN 'OK' ELSE 'MISMATCH' END "
    "AS reconciliation FROM v_batch ORDER BY ifnull(started_at, ''), id";
/* one batch, its pages counted from the archive as dossier-report does */
static const char sql_batch_one[] =
    "SELECT *, CASE WHEN unaccounted = 0 THEN 'OK' ELSE 'MISMATCH' END "
    "AS reconciliation FROM (SELECT b.id, b.name, b.started_at, "
    "b.finished_at, b.pages_in, c.archived AS pages_archived, "
    "c.blank AS pages_blank, b.cover_sheets, b.quarantined, b.duplicates, "
    "b.pages_in - (c.archived + c.blank + b.cover_sheets + b.quarantined) "
    "AS unaccounted, c.documents, c.filed, c.review "
    "FROM batch b, (SELECT ifnull(sum(p.blank = 0), 0) AS archived, "
    "ifnull(sum(p.blank = 1), 0) AS blank, "
    "count(DISTINCT d.id) AS documents, "
    "count(DISTINCT CASE WHEN d.status = 'filed' THEN d.id END) AS filed, "
    "count(DISTINCT CASE WHEN d.status = 'review' THEN d.id END) AS review "
    "FROM document d LEFT JOIN page p ON p.document_id = d.id "
    "WHERE d.batch_id = ?1) c WHERE b.id = ?1)";
static const char sql_batch_reasons[] =
    "SELECT review_reason AS reason, count(*) AS documents FROM document "
    "WHERE batch_id = ?1 AND status = 'review' GROUP BY 1 ORDER BY 1";
static const char sql_batch_classes[] =
    "SELECT class, count(*) AS documents FROM document "
    "WHERE batch_id = ?1 GROUP BY 1 ORDER BY 1";

static const struct section batch_sections[] = {
	{ "batch", sql_batch_one, EMIT_ONE, NULL },
	{ "review", sql_batch_reasons, EMIT_TABLE, NULL },
	{ "classes", sql_batch_classes, EMIT_TABLE, NULL },
	{ NULL, NULL, EMIT_ONE, NULL }
};

int
query_batch(struct db *db, const struct query_opts *o, const char *id)
{
	const struct section *sec;
	sqlite3_stmt *st;
	struct emit e;
	char err[512];
	long n;
	int rc;

	if (id == NULL) {
		if ((st = prepare(db, sql_batches)) == NULL)
			return EXIT_ENV;
		emitter(&e, o, 0);
		if (emit_rows(&e, NULL, st, EMIT_TABLE, &n) < 0)
			return archive_error(db, st, "cannot read batches");
		return finish(&e, n, "the archive has no batch yet");
	}
	if ((rc = store_batch_known(db, id)) <= 0) {
		if (rc < 0) {
			msg_error("archive '%s': %s", db->path, db->err);
			return EXIT_ENV;
		}
		msg_error("no batch '%s' in the archive", id);
		return EXIT_QUARANTINE;
	}
	if (o->fmt == EMIT_TEXT) {
		/* the morning report, as dossier-report(1) prints it */
		if ((rc = batch_report(db, o->sp, id, stdout, err,
		    sizeof(err))) != 0) {
			msg_error("%s", err);
			return rc > 0 ? EXIT_QUARANTINE : EXIT_ENV;
		}
		return EXIT_DONE;
	}
	emitter(&e, o, 1);
	for (sec = batch_sections; sec->name != NULL; sec++) {
		if ((st = prepare(db, sec->sql)) == NULL)
			return EXIT_ENV;
		if (store_bind_text(st, 1, id) != SQLITE_OK ||
		    emit_rows(&e, sec->name, st, sec->style, &n) < 0)
			return archive_error(db, st, "cannot read the batch");
	}
	return finish(&e, 1, NULL);
}

static const char sql_audit[] =
    "SELECT seq, at, actor, action, object, detail, hash FROM audit "
    "WHERE (?1 IS NULL OR actor GLOB ?1) AND (?2 IS NULL OR action GLOB ?2) "
    "AND (?3 IS NULL OR object GLOB ?3) AND (?4 IS NULL OR at >= ?4) "
    "AND (?5 IS NULL OR substr(at, 1, length(?5)) <= ?5) "
    "ORDER BY seq LIMIT ?6";

int
query_audit(struct db *db, const struct query_opts *o)
{
	sqlite3_stmt *st;
	struct emit e;
	long n;

	if ((st = prepare(db, sql_audit)) == NULL)
		return EXIT_ENV;
	if (store_bind_text(st, 1, o->actor) != SQLITE_OK ||
	    store_bind_text(st, 2, o->action) != SQLITE_OK ||
	    store_bind_text(st, 3, o->object) != SQLITE_OK ||
	    store_bind_text(st, 4, o->since) != SQLITE_OK ||
	    store_bind_text(st, 5, o->until) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 6, o->limit) != SQLITE_OK)
		return archive_error(db, st, "cannot read the audit trail");
	emitter(&e, o, 0);
	if (emit_rows(&e, NULL, st, EMIT_TABLE, &n) < 0)
		return archive_error(db, st, "cannot read the audit trail");
	return finish(&e, n, "no audit row matches");
}
