/*
 * verify.c - the archive against its audit (see verify.h)
 *
 * Each kind of row (document, page, source) is read in key order and
 * merged with the audit rows that name it, read in the same order: the
 * memory stays bounded whatever the size of the archive.  For each key
 * word (household=, image_sha256=, ...) the last audit row that states
 * it is the audited state; a row must agree with it, a row without an
 * audit row was added outside the audited path, and an audited row that
 * is gone must have been erased (its last audit row an erasure).  Rows
 * older than the archive's migration to schema 5 (archive.migrate) have
 * no digest in the audit: their content is checked against their own
 * digest column only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "sha256.h"
#include "verify.h"

#define VAL_MAX	 136		/* a stated value (refs are <= 64 bytes) */
#define KEYS_MAX 6

/* one kind of audited row: its audit objects, keys and erase action */
struct kind {
	const char *name;		/* "document" */
	const char *keys[KEYS_MAX];	/* the words compared, NULL-ended */
	const char *erase;		/* the action that removes it */
	const char *audit_sql;		/* id, skey, seq, action, detail */
};

/* the audited state of one object, built from its audit rows */
struct astate {
	long long id;			/* document or page id */
	char	 skey[80];		/* source sha256 */
	long long last_seq;
	char	 last_action[64];
	char	 val[KEYS_MAX][VAL_MAX];
	long long seq[KEYS_MAX];	/* 0: never stated */
};

/* a cursor over a kind's audit rows, one object's rows at a time */
struct acursor {
	sqlite3_stmt *st;
	const struct kind *k;
	int	 rc;			/* SQLITE_ROW: a row is pending */
};

static const struct kind kind_document = {
	"document", { "household", "status", "class", "link", "person", NULL },
	"document.erase",
	"SELECT CAST(substr(object, 10) AS INTEGER) AS id, '', seq, action, "
	"detail FROM audit WHERE object GLOB 'document:[0-9]*' "
	"ORDER BY id, seq"
};
static const struct kind kind_page = {
	"page", { "document", "page", "image_sha256", "text_sha256", NULL },
	"page.erase",
	"SELECT CAST(substr(object, 6) AS INTEGER) AS id, '', seq, action, "
	"detail FROM audit WHERE object GLOB 'page:[0-9]*' ORDER BY id, seq"
};
static const struct kind kind_source = {
	"source", { "sha256", "size", NULL },
	"source.erase",
	"SELECT 0, substr(object, 8) AS k, seq, action, detail FROM audit "
	"WHERE object GLOB 'source:*' ORDER BY k, seq"
};

/* the triggers of the evidence rules (dossier-archive(5)) */
static const char *const evidence_triggers[] = {
	"audit_no_update", "audit_no_delete", "audit_chain",
	"document_audited", "document_erase_audited", "page_audited",
	"page_erase_audited", "source_audited", "source_erase_audited",
	"member_audited", "member_delete_audited", "hold_audited",
	"hold_no_delete", "document_hold", "tombstone_no_update",
	"tombstone_no_delete", NULL
};

struct vctx {
	struct db *db;
	const struct verify_opts *o;
	struct verify_stats *st;
	long long doc_max, page_max, source_max;	/* before schema 5 */
};

/* problem - count and print one problem (the first one is kept) */
static void
problem(struct vctx *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
problem(struct vctx *v, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (v->st->problems == 0)
		snprintf(v->st->first, sizeof(v->st->first), "%s", line);
	v->st->problems++;
	if (v->o->out != NULL && (v->o->max_report <= 0 ||
	    v->st->problems <= v->o->max_report))
		fprintf(v->o->out, "%s\n", line);
}

/* text - column I of ST, "" for NULL */
static const char *
text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? (const char *)s : "";
}

/* cursor_open - the audit rows of kind K, in key order */
static int
cursor_open(struct vctx *v, struct acursor *c, const struct kind *k)
{
	c->k = k;
	if (sqlite3_prepare_v2(v->db->h, k->audit_sql, -1, &c->st, NULL) !=
	    SQLITE_OK)
		return db_fail(v->db, "cannot read the audit");
	c->rc = sqlite3_step(c->st);
	if (c->rc != SQLITE_ROW && c->rc != SQLITE_DONE)
		return db_fail(v->db, "cannot read the audit");
	return 0;
}

/*
 * cursor_next - the audited state of the next object into A; 1, 0 at the
 * end, -1 on error
 */
static int
cursor_next(struct vctx *v, struct acursor *c, struct astate *a)
{
	char buf[VAL_MAX];
	const char *action, *detail;
	int i, first = 1;

	if (c->rc != SQLITE_ROW)
		return 0;
	memset(a, 0, sizeof(*a));
	while (c->rc == SQLITE_ROW) {
		long long id = sqlite3_column_int64(c->st, 0);
		const char *sk = text(c->st, 1);

		if (!first && (id != a->id || strcmp(sk, a->skey) != 0))
			break;
		if (first) {
			a->id = id;
			snprintf(a->skey, sizeof(a->skey), "%s", sk);
			first = 0;
		}
		a->last_seq = sqlite3_column_int64(c->st, 2);
		action = text(c->st, 3);
		detail = text(c->st, 4);
		snprintf(a->last_action, sizeof(a->last_action), "%s", action);
		for (i = 0; c->k->keys[i] != NULL; i++)
			if (db_kv_get(detail, c->k->keys[i], buf,
			    sizeof(buf))) {
				memcpy(a->val[i], buf, sizeof(buf));
				a->seq[i] = a->last_seq;
			}
		/* the load's rows of before the filing words */
		if (c->k == &kind_document && a->seq[1] == 0 &&
		    !db_kv_get(detail, "status", buf, sizeof(buf))) {
			if (strcmp(action, "document.file") == 0) {
				snprintf(a->val[1], VAL_MAX, "filed");
				a->seq[1] = a->last_seq;
			} else if (strcmp(action, "document.review") == 0) {
				snprintf(a->val[1], VAL_MAX, "review");
				snprintf(a->val[0], VAL_MAX, DB_KV_NONE);
				a->seq[0] = a->seq[1] = a->last_seq;
			}
		}
		c->rc = sqlite3_step(c->st);
	}
	if (c->rc != SQLITE_ROW && c->rc != SQLITE_DONE)
		return db_fail(v->db, "cannot read the audit");
	return 1;
}

/*
 * compare - the row's value HAVE of key I of A against its audited state;
 * WHAT names the row ("document 12")
 */
static void
compare(struct vctx *v, const struct astate *a, int i, const char *what,
    const struct kind *k, const char *have)
{
	if (a->seq[i] == 0 || strcmp(a->val[i], have) == 0)
		return;
	problem(v, "%s: %s is %s, but its last audit row stating it (%lld) "
	    "says %s", what, k->keys[i], have, a->seq[i], a->val[i]);
}

/*
 * orphan - an audited object A whose row is gone: fine if it was erased
 */
static void
orphan(struct vctx *v, const struct kind *k, const struct astate *a)
{
	if (strcmp(a->last_action, k->erase) == 0)
		return;
	if (k == &kind_source)
		problem(v, "source %s: missing, but its last audit row (%lld, "
		    "%s) does not erase it", a->skey, a->last_seq,
		    a->last_action);
	else
		problem(v, "%s %lld: missing, but its last audit row (%lld, "
		    "%s) does not erase it", k->name, a->id, a->last_seq,
		    a->last_action);
}

/* baseline - the ids of before the migration to schema 5, if any */
static int
baseline(struct vctx *v)
{
	sqlite3_stmt *st = NULL;
	char buf[32];
	int rc;

	if (sqlite3_prepare_v2(v->db->h, "SELECT detail FROM audit WHERE "
	    "action = 'archive.migrate' ORDER BY seq DESC LIMIT 1", -1, &st,
	    NULL) != SQLITE_OK)
		return db_fail(v->db, "cannot read the audit");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (db_kv_get(text(st, 0), "document_max", buf, sizeof(buf)))
			v->doc_max = atoll(buf);
		if (db_kv_get(text(st, 0), "page_max", buf, sizeof(buf)))
			v->page_max = atoll(buf);
		if (db_kv_get(text(st, 0), "source_max", buf, sizeof(buf)))
			v->source_max = atoll(buf);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(v->db, "cannot read the audit");
	return 0;
}

/* check_chain - the audit hash chain, and the evidence triggers */
static int
check_chain(struct vctx *v)
{
	sqlite3_stmt *st = NULL;
	long bad;
	int i, rc;

	if ((rc = db_audit_verify(v->db, &bad)) < 0)
		return -1;
	if (rc > 0)
		problem(v, "%s", v->db->err);
	if (sqlite3_prepare_v2(v->db->h, "SELECT count(*) FROM audit", -1,
	    &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(v->db, "cannot read the audit");
	}
	v->st->audit_rows = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(v->db->h, "SELECT 1 FROM sqlite_master WHERE "
	    "type = 'trigger' AND name = ?1", -1, &st, NULL) != SQLITE_OK)
		return db_fail(v->db, "cannot read the schema");
	for (i = 0; evidence_triggers[i] != NULL; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, evidence_triggers[i], -1,
		    SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) == SQLITE_DONE)
			problem(v, "trigger %s: missing (an evidence rule was "
			    "removed)", evidence_triggers[i]);
		else if (rc != SQLITE_ROW) {
			sqlite3_finalize(st);
			return db_fail(v->db, "cannot read the schema");
		}
	}
	sqlite3_finalize(st);
	return 0;
}

/*
 * merge - walk ROWS (first column: the id, or the sha256 for sources)
 * and the audit of kind K together; ROW_FN checks one row against its
 * audited state (NULL if it has none)
 */
static int
merge(struct vctx *v, const struct kind *k, const char *rows_sql,
    void (*row_fn)(struct vctx *, sqlite3_stmt *, const struct astate *))
{
	struct acursor c = { NULL, NULL, 0 };
	struct astate a;
	sqlite3_stmt *st = NULL;
	int have, rc, cmp, ret = -1;

	if (cursor_open(v, &c, k) < 0)
		goto out;
	if (sqlite3_prepare_v2(v->db->h, rows_sql, -1, &st, NULL) !=
	    SQLITE_OK) {
		db_fail(v->db, "cannot read the archive");
		goto out;
	}
	if ((have = cursor_next(v, &c, &a)) < 0)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (;;) {
			if (!have) {
				cmp = -1;
				break;
			}
			if (k == &kind_source)
				cmp = strcmp(text(st, 0), a.skey);
			else {
				long long id = sqlite3_column_int64(st, 0);

				cmp = id < a.id ? -1 : id > a.id;
			}
			if (cmp <= 0)
				break;
			orphan(v, k, &a);
			if ((have = cursor_next(v, &c, &a)) < 0)
				goto out;
		}
		row_fn(v, st, cmp == 0 ? &a : NULL);
		if (cmp == 0 && (have = cursor_next(v, &c, &a)) < 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		db_fail(v->db, "cannot read the archive");
		goto out;
	}
	while (have) {
		orphan(v, k, &a);
		if ((have = cursor_next(v, &c, &a)) < 0)
			goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(c.st);
	return ret;
}

static const char sql_documents[] =
    "SELECT d.id, ifnull(h.ref, '-'), d.status, d.class, "
    "ifnull(d.link_method, '-'), ifnull(CAST(d.person_id AS TEXT), '-') "
    "FROM document d LEFT JOIN household h ON h.id = d.household_id "
    "ORDER BY d.id";

/* document_row - one document against its audited filing */
static void
document_row(struct vctx *v, sqlite3_stmt *st, const struct astate *a)
{
	long long id = sqlite3_column_int64(st, 0);
	char what[64];
	int i;

	v->st->documents++;
	snprintf(what, sizeof(what), "document %lld", id);
	if (a == NULL) {
		if (id > v->doc_max)
			problem(v, "%s: no audit row (added outside the "
			    "audited path)", what);
		return;
	}
	for (i = 0; i < 5; i++)
		compare(v, a, i, what, &kind_document, text(st, i + 1));
}

static const char sql_pages[] =
    "SELECT id, document_id, page_no, ifnull(image_sha256, '-'), text, "
    "image FROM page ORDER BY id";
static const char sql_pages_quick[] =
    "SELECT id, document_id, page_no, ifnull(image_sha256, '-'), text "
    "FROM page ORDER BY id";

/* page_row - one page: its digests, and against its audited state */
static void
page_row(struct vctx *v, sqlite3_stmt *st, const struct astate *a)
{
	long long id = sqlite3_column_int64(st, 0);
	char what[64], num[32], sha[SHA256_HEX_LEN + 1];
	const void *p;
	int n;

	v->st->pages++;
	snprintf(what, sizeof(what), "page %lld", id);
	if (v->o->full && sqlite3_column_type(st, 5) != SQLITE_NULL) {
		p = sqlite3_column_blob(st, 5);
		n = sqlite3_column_bytes(st, 5);
		sha256_hex(p != NULL ? p : "", (size_t)n, sha);
		if (strcmp(sha, text(st, 3)) != 0)
			problem(v, "%s: the image does not match its "
			    "image_sha256 (it hashes to %s)", what, sha);
	}
	if (a == NULL) {
		if (id > v->page_max)
			problem(v, "%s: no audit row (added outside the "
			    "audited path)", what);
		return;
	}
	snprintf(num, sizeof(num), "%lld", sqlite3_column_int64(st, 1));
	compare(v, a, 0, what, &kind_page, num);
	snprintf(num, sizeof(num), "%lld", sqlite3_column_int64(st, 2));
	compare(v, a, 1, what, &kind_page, num);
	compare(v, a, 2, what, &kind_page, text(st, 3));
	if (sqlite3_column_type(st, 4) == SQLITE_NULL)
		snprintf(sha, sizeof(sha), "%s", DB_KV_NONE);
	else {
		p = sqlite3_column_text(st, 4);
		n = sqlite3_column_bytes(st, 4);
		sha256_hex(p, (size_t)n, sha);
	}
	compare(v, a, 3, what, &kind_page, sha);
}

/*
 * length(content) reads the row's header only, not its content: the size
 * recorded is checked on every run (schema 7 has no CHECK of it, which
 * would make SQLite hold a whole source in memory to insert it)
 */
static const char sql_sources[] =
    "SELECT sha256, size, id, length(content) FROM source ORDER BY sha256";

/* source_hash - the SHA-256 of source row ID's content, read 1 MB a time */
static int
source_hash(struct vctx *v, long long id, char *out)
{
	enum { CHUNK = 1024 * 1024 };
	static char buf[CHUNK];
	struct sha256_stream h;
	sqlite3_blob *b = NULL;
	int size, off, n;

	if (sqlite3_blob_open(v->db->h, "main", "source", "content", id, 0,
	    &b) != SQLITE_OK)
		return -1;
	size = sqlite3_blob_bytes(b);
	sha256_begin(&h);
	for (off = 0; off < size; off += n) {
		n = size - off < CHUNK ? size - off : CHUNK;
		if (sqlite3_blob_read(b, buf, n, off) != SQLITE_OK) {
			sqlite3_blob_close(b);
			return -1;
		}
		sha256_update(&h, buf, (size_t)n);
	}
	sqlite3_blob_close(b);
	sha256_end_hex(&h, out);
	return 0;
}

/* source_row - one source: its content, and against its audited state */
static void
source_row(struct vctx *v, sqlite3_stmt *st, const struct astate *a)
{
	const char *sha = text(st, 0);
	long long id = sqlite3_column_int64(st, 2);
	char what[96], num[32], h[SHA256_HEX_LEN + 1];

	v->st->sources++;
	snprintf(what, sizeof(what), "source %s", sha);
	if (sqlite3_column_int64(st, 3) != sqlite3_column_int64(st, 1))
		problem(v, "%s: its content is %lld bytes, its size says %lld",
		    what, sqlite3_column_int64(st, 3),
		    sqlite3_column_int64(st, 1));
	if (v->o->full) {
		if (source_hash(v, id, h) < 0)
			problem(v, "%s: cannot read its content: %s", what,
			    sqlite3_errmsg(v->db->h));
		else if (strcmp(h, sha) != 0)
			problem(v, "%s: the content hashes to %s", what, h);
	}
	if (a == NULL) {
		if (id > v->source_max)
			problem(v, "%s: no audit row (added outside the "
			    "audited path)", what);
		return;
	}
	compare(v, a, 0, what, &kind_source, sha);
	snprintf(num, sizeof(num), "%lld", sqlite3_column_int64(st, 1));
	compare(v, a, 1, what, &kind_source, num);
}

/* check_keys - PRAGMA foreign_key_check: no row points at nothing */
static int
check_keys(struct vctx *v)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(v->db->h, "PRAGMA foreign_key_check", -1, &st,
	    NULL) != SQLITE_OK)
		return db_fail(v->db, "cannot check foreign keys");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		problem(v, "%s %lld: refers to a missing %s row", text(st, 0),
		    sqlite3_column_int64(st, 1), text(st, 2));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(v->db, "cannot check foreign keys");
	return 0;
}

/*
 * the finished batches, their recorded counts and what the archive holds
 * of them (pages, and the pages of erased documents)
 */
static const char sql_batches[] =
    "SELECT b.id, b.pages_in, b.pages_archived, b.pages_blank, "
    "b.cover_sheets, b.quarantined, "
    "(SELECT count(*) FROM page p JOIN document d ON d.id = p.document_id "
    "  WHERE d.batch_id = b.id AND p.blank = 0) + "
    "(SELECT ifnull(sum(pages_archived), 0) FROM tombstone t "
    "  WHERE t.batch_id = b.id), "
    "(SELECT count(*) FROM page p JOIN document d ON d.id = p.document_id "
    "  WHERE d.batch_id = b.id AND p.blank = 1) + "
    "(SELECT ifnull(sum(pages_blank), 0) FROM tombstone t "
    "  WHERE t.batch_id = b.id) "
    "FROM batch b WHERE b.finished_at IS NOT NULL ORDER BY b.id";

/* check_batches - every finished batch balances, and holds its pages */
static int
check_batches(struct vctx *v)
{
	sqlite3_stmt *st = NULL;
	long long in, arch, blank, cover, quar, have_arch, have_blank;
	int rc;

	if (sqlite3_prepare_v2(v->db->h, sql_batches, -1, &st, NULL) !=
	    SQLITE_OK)
		return db_fail(v->db, "cannot read batches");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = text(st, 0);

		v->st->batches++;
		in = sqlite3_column_int64(st, 1);
		arch = sqlite3_column_int64(st, 2);
		blank = sqlite3_column_int64(st, 3);
		cover = sqlite3_column_int64(st, 4);
		quar = sqlite3_column_int64(st, 5);
		have_arch = sqlite3_column_int64(st, 6);
		have_blank = sqlite3_column_int64(st, 7);
		if (in != arch + blank + cover + quar)
			problem(v, "batch %s: does not balance: %lld pages "
			    "in, %lld archived + %lld blank + %lld cover "
			    "sheets + %lld quarantined", id, in, arch, blank,
			    cover, quar);
		if (have_arch != arch || have_blank != blank)
			problem(v, "batch %s: records %lld archived and %lld "
			    "blank pages, the archive holds %lld and %lld",
			    id, arch, blank, have_arch, have_blank);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(v->db, "cannot read batches");
	return 0;
}

int
verify_archive(struct db *db, const struct verify_opts *o,
    struct verify_stats *st)
{
	struct vctx v;
	sqlite3_stmt *s = NULL;

	memset(st, 0, sizeof(*st));
	memset(&v, 0, sizeof(v));
	v.db = db;
	v.o = o;
	v.st = st;
	if (check_chain(&v) < 0 || baseline(&v) < 0 ||
	    merge(&v, &kind_document, sql_documents, document_row) < 0 ||
	    merge(&v, &kind_page, o->full ? sql_pages : sql_pages_quick,
	    page_row) < 0 ||
	    merge(&v, &kind_source, sql_sources, source_row) < 0 ||
	    check_keys(&v) < 0 || check_batches(&v) < 0)
		return -1;
	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM tombstone", -1,
	    &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		st->tombstones = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return 0;
}
