/*
 * store.c - documents, pages, sources and batches in the archive (see
 * store.h and dossier-archive(5))
 *
 * SQL is prepared once per connection (db_stmt) and bound per record;
 * never built by string.
 */
#include <ctype.h>
#include <pwd.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "link.h"
#include "sha256.h"
#include "store.h"
#include "strbuf.h"
#include "verdict.h"
#include "xalloc.h"

const struct store_col store_page_cols[STORE_PAGE_NCOLS] = {
	{ "width", STORE_INT },
	{ "height", STORE_INT },
	{ "dpi", STORE_INT },
	{ "skew_deg", STORE_REAL },
	{ "orientation", STORE_INT },
	{ "blank", STORE_INT },
	{ "threshold", STORE_INT },
	{ "blank_score", STORE_REAL },
	{ "skew_conf", STORE_REAL },
	{ "ocr_conf", STORE_REAL },
	{ "lang", STORE_TEXT },
	/* schema 2: the cleanup decisions */
	{ "binarisation", STORE_TEXT },
	{ "orientation_conf", STORE_REAL },
	{ "orientation_uncertain", STORE_INT },
	{ "dpi_source", STORE_INT },
	{ "dpi_assumed", STORE_INT },
	{ "scale", STORE_REAL },
	{ "border_share", STORE_REAL },
	{ "holes", STORE_INT },
	{ "photo_share", STORE_REAL },
	/* schema 3 */
	{ "decoder", STORE_TEXT },
	/* schema 4 */
	{ "pixels_sha256", STORE_TEXT },
	/* schema 5 */
	{ "words", STORE_FILE },
	{ "ocr_doubt", STORE_TEXT },
	{ "dpi_estimate", STORE_INT },
	{ "cleanup_fallback", STORE_TEXT },
};
#define PAGE_COL0 8		/* parameter of store_page_cols[0] */

int
store_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

int
store_bind_id(sqlite3_stmt *st, int i, long long id)
{
	return id > 0 ? sqlite3_bind_int64(st, i, id) :
	    sqlite3_bind_null(st, i);
}

const char *
store_actor(void)
{
	static char actor[65];
	const char *u = getenv("USER");
	size_t i;

	if (u == NULL || *u == '\0' || strlen(u) >= sizeof(actor))
		return STORE_ACTOR;
	for (i = 0; u[i] != '\0'; i++)
		if (!isalnum((unsigned char)u[i]) && strchr("._-@", u[i]) ==
		    NULL)
			return STORE_ACTOR;
	snprintf(actor, sizeof(actor), "%s", u);
	return actor;
}

int
store_actor_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-") == n &&
	    strcmp(s, STORE_ACTOR) != 0;
}

const char *
store_login_actor(void)
{
	static char name[65];
	const char *a = store_actor();
	struct passwd *pw;

	if (strcmp(a, STORE_ACTOR) != 0)
		return a;
	if ((pw = getpwuid(geteuid())) != NULL && pw->pw_name != NULL &&
	    strlen(pw->pw_name) < sizeof(name)) {
		snprintf(name, sizeof(name), "%s", pw->pw_name);
		return name;
	}
	return "";
}

enum verdict
store_verdict(struct db *db, char *err, size_t errlen)
{
	return verdict_set(db_temp(db) ? VERDICT_TEMP : VERDICT_PERM, err,
	    errlen, "archive: %s", db->err);
}

static const char sql_doc_find[] =
    "SELECT id FROM document WHERE source_sha256 = ?1 AND first_page = ?2";

long long
store_doc_find(struct db *db, const char *sha256, long first_page)
{
	sqlite3_stmt *st;
	long long id = 0;
	int rc;

	if ((st = db_stmt(db, sql_doc_find)) == NULL)
		return -1;
	if (store_bind_text(st, 1, sha256) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, first_page) != SQLITE_OK) {
		db_fail(db, "cannot look up document");
		db_done(st);
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE) {
		db_fail(db, "cannot look up document");
		id = -1;
	}
	db_done(st);
	return id;
}

static const char sql_batch_find[] = "SELECT 1 FROM batch WHERE id = ?1";
static const char sql_batch_add[] =
    "INSERT INTO batch (id, name, started_at, finished_at, pages_in, "
    "duplicates, cover_sheets) VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6)";

int
store_batch_known(struct db *db, const char *id)
{
	return db_exists(db, sql_batch_find, id, "cannot look up batch");
}

int
store_batch_add(struct db *db, const struct store_batch *b)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(db, sql_batch_add)) == NULL)
		return -1;
	if (store_bind_text(st, 1, b->id) != SQLITE_OK ||
	    store_bind_text(st, 2, b->name != NULL ? b->name : b->id) !=
	    SQLITE_OK ||
	    store_bind_text(st, 3, b->started_at) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, b->pages_in) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, b->duplicates) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 6, b->cover_sheets) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "cannot record batch");
		db_done(st);
		return -1;
	}
	db_done(st);
	return 0;
}

static const char sql_source_add[] =
    "INSERT INTO source (sha256, file_name, media_type, size, content, "
    "created_at, container_sha256, member) "
    "VALUES (?1, ?2, ?3, ?4, zeroblob(?4), ?5, ?6, ?7)";

/* source_audit - the source.add row of SRC, just stored, its digest checked */
static int
source_audit(struct db *db, const struct store_source *src)
{
	struct strbuf detail = STRBUF_INIT;
	char object[16 + SHA256_HEX_LEN];
	int rc;

	db_kv(&detail, "sha256", src->sha256);
	strbuf_addf(&detail, " size=%lld", src->size);
	if (src->container_sha256 != NULL) {
		db_kv(&detail, "container", src->container_sha256);
		db_kv(&detail, "member", src->member);
	}
	snprintf(object, sizeof(object), "source:%s", src->sha256);
	rc = db_audit(db, STORE_ACTOR, "source.add", object, detail.buf);
	strbuf_release(&detail);
	return rc;
}

enum verdict
store_source_put(struct db *db, const struct store_source *src, int fd,
    const char *now, char *err, size_t errlen)
{
	enum { CHUNK = 1024 * 1024 };
	char hex[SHA256_HEX_LEN + 1];
	struct sha256_stream h;
	sqlite3_blob *blob = NULL;
	sqlite3_stmt *st;
	enum verdict v = VERDICT_OK;
	char *buf = NULL;
	long long off = 0;
	ssize_t r;

	if ((st = db_stmt(db, sql_source_add)) == NULL)
		return store_verdict(db, err, errlen);
	if (store_bind_text(st, 1, src->sha256) != SQLITE_OK ||
	    store_bind_text(st, 2, src->file_name) != SQLITE_OK ||
	    store_bind_text(st, 3, src->media_type) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, src->size) != SQLITE_OK ||
	    store_bind_text(st, 5, now) != SQLITE_OK ||
	    store_bind_text(st, 6, src->container_sha256) != SQLITE_OK ||
	    store_bind_text(st, 7, src->member) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "cannot store source");
		db_done(st);
		return store_verdict(db, err, errlen);
	}
	db_done(st);
	if (sqlite3_blob_open(db->h, "main", "source", "content",
	    sqlite3_last_insert_rowid(db->h), 1, &blob) != SQLITE_OK) {
		db_fail(db, "cannot store source");
		return store_verdict(db, err, errlen);
	}
	sha256_begin(&h);
	buf = xmalloc(CHUNK);
	while (off < src->size) {
		size_t want = src->size - off < CHUNK ?
		    (size_t)(src->size - off) : CHUNK;

		r = read(fd, buf, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			v = verdict_set(verdict_errno(errno), err, errlen,
			    "cannot read 'source': %s", strerror(errno));
			goto out;
		}
		if (r == 0) {
			v = verdict_set(VERDICT_PERM, err, errlen, "source: "
			    "shrank while being read");
			goto out;
		}
		if (sqlite3_blob_write(blob, buf, (int)r, (int)off) !=
		    SQLITE_OK) {
			db_fail(db, "cannot store source");
			v = store_verdict(db, err, errlen);
			goto out;
		}
		sha256_update(&h, buf, (size_t)r);
		off += r;
	}
	sha256_end_hex(&h, hex);
	if (strcmp(hex, src->sha256) != 0) {
		v = verdict_set(VERDICT_PERM, err, errlen, "source: content "
		    "does not match source_sha256");
		goto out;
	}
	r = sqlite3_blob_close(blob);
	blob = NULL;
	if (r != SQLITE_OK || source_audit(db, src) < 0) {
		if (r != SQLITE_OK)
			db_fail(db, "cannot store source");
		v = store_verdict(db, err, errlen);
	}
out:
	if (blob != NULL)
		sqlite3_blob_close(blob);
	free(buf);
	return v;
}

static const char sql_doc_add[] =
    "INSERT INTO document (batch_id, job_id, source_file, source_sha256, "
    "first_page, page_count, class, class_score, class_rules, household_id, "
    "person_id, link_method, status, review_reason, lang, created_at, "
    "cover_sheets, from_index, doc_date, provenance_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16, ?17, ?18, ?19, ?20)";
static const char sql_prov_find[] =
    "SELECT id FROM provenance WHERE sha256 = ?1";
static const char sql_prov_add[] =
    "INSERT INTO provenance (sha256, settings) VALUES (?1, ?2)";

/* provenance_id - the provenance row of SETTINGS, added if new; 0 none */
static long long
provenance_id(struct db *db, const char *settings)
{
	char sha[SHA256_HEX_LEN + 1];
	sqlite3_stmt *st;
	long long id;

	if (settings == NULL || *settings == '\0')
		return 0;
	sha256_hex(settings, strlen(settings), sha);
	if ((id = db_lookup_id(db, sql_prov_find, sha, NULL,
	    "cannot look up provenance")) != 0)
		return id;
	if ((st = db_stmt(db, sql_prov_add)) == NULL)
		return -1;
	if (store_bind_text(st, 1, sha) != SQLITE_OK ||
	    store_bind_text(st, 2, settings) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "cannot record provenance");
		db_done(st);
		return -1;
	}
	db_done(st);
	return sqlite3_last_insert_rowid(db->h);
}

int
store_document_add(struct db *db, const struct store_doc *d,
    const struct link_result *lk, const char *now, long long *id)
{
	sqlite3_stmt *st;
	long long prov;
	int rc, filed = lk->household_id > 0;

	if ((prov = provenance_id(db, d->settings)) < 0 ||
	    (st = db_stmt(db, sql_doc_add)) == NULL)
		return -1;
	rc = store_bind_text(st, 1, d->batch);
	rc |= store_bind_text(st, 2, d->job_id);
	rc |= store_bind_text(st, 3, d->source_file);
	rc |= store_bind_text(st, 4, d->source_sha256);
	rc |= sqlite3_bind_int64(st, 5, d->first_page);
	rc |= sqlite3_bind_int64(st, 6, d->pages);
	rc |= store_bind_text(st, 7, d->class);
	if (d->has_score)
		rc |= sqlite3_bind_double(st, 8, d->score);
	rc |= store_bind_text(st, 9, d->class_rules);
	rc |= store_bind_id(st, 10, lk->household_id);
	rc |= store_bind_id(st, 11, lk->person_id);
	rc |= store_bind_text(st, 12, lk->method);
	rc |= store_bind_text(st, 13, filed ? "filed" : "review");
	rc |= store_bind_text(st, 14, filed ? NULL : lk->reason);
	rc |= store_bind_text(st, 15, d->lang);
	rc |= store_bind_text(st, 16, now);
	rc |= sqlite3_bind_int64(st, 17, d->cover_sheets);
	rc |= store_bind_text(st, 18, d->from_index);
	rc |= store_bind_text(st, 19, d->doc_date);
	rc |= store_bind_id(st, 20, prov);
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "cannot store document");
		db_done(st);
		return -1;
	}
	db_done(st);
	*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

static const char sql_page_add[] =
    "INSERT INTO page (document_id, page_no, source_page, image, image_type, "
    "image_sha256, text, width, height, dpi, skew_deg, orientation, blank, "
    "threshold, blank_score, skew_conf, ocr_conf, lang, binarisation, "
    "orientation_conf, orientation_uncertain, dpi_source, dpi_assumed, scale, "
    "border_share, holes, photo_share, decoder, pixels_sha256, words, "
    "ocr_doubt, dpi_estimate, cleanup_fallback) "
    "VALUES (?1, ?2, ?3, "
    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, coalesce(?12, 0), coalesce(?13, 0), "
    "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, "
    "?28, ?29, ?30, ?31, ?32, ?33)";

/*
 * page_audit - the page.add row of page ID (page PAGE_NO of document
 * DOC): the digests of its image (IMAGE_SHA256, NULL for none) and text
 */
static int
page_audit(struct db *db, long long id, long long doc, long page_no,
    const char *image_sha256, const char *text, size_t text_len)
{
	struct strbuf detail = STRBUF_INIT;
	char tsha[SHA256_HEX_LEN + 1], object[64];
	int rc;

	if (text != NULL)
		sha256_hex(text, text_len, tsha);
	strbuf_addf(&detail, "document=%lld page=%ld", doc, page_no);
	db_kv(&detail, "image_sha256", image_sha256);
	db_kv(&detail, "text_sha256", text != NULL ? tsha : NULL);
	snprintf(object, sizeof(object), "page:%lld", id);
	rc = db_audit(db, STORE_ACTOR, "page.add", object, detail.buf);
	strbuf_release(&detail);
	return rc;
}

int
store_page_add(struct db *db, long long doc, long page_no,
    const struct store_page *pg, long long *id)
{
	char sha[SHA256_HEX_LEN + 1];
	sqlite3_stmt *st;
	size_t c;
	int rc = SQLITE_OK, idx;

	if ((st = db_stmt(db, sql_page_add)) == NULL)
		return -1;
	rc |= sqlite3_bind_int64(st, 1, doc);
	rc |= sqlite3_bind_int64(st, 2, page_no);
	rc |= sqlite3_bind_int64(st, 3, pg->source_page);
	if (pg->image != NULL) {
		sha256_hex(pg->image, pg->image_len, sha);
		rc |= sqlite3_bind_blob64(st, 4, pg->image, pg->image_len,
		    SQLITE_STATIC);
		rc |= store_bind_text(st, 5, pg->image_type);
		rc |= sqlite3_bind_text(st, 6, sha, -1, SQLITE_TRANSIENT);
	}
	if (pg->text != NULL)
		rc |= sqlite3_bind_text64(st, 7, pg->text, pg->text_len,
		    SQLITE_STATIC, SQLITE_UTF8);
	for (c = 0; c < STORE_PAGE_NCOLS; c++) {
		const struct store_value *v = &pg->col[c];

		idx = PAGE_COL0 + (int)c;
		if (!v->set)
			continue;
		switch (store_page_cols[c].type) {
		case STORE_INT:
			rc |= sqlite3_bind_int64(st, idx, v->i);
			break;
		case STORE_REAL:
			rc |= sqlite3_bind_double(st, idx, v->r);
			break;
		case STORE_TEXT:
		case STORE_FILE:
			rc |= store_bind_text(st, idx, v->s);
			break;
		}
	}
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "cannot store page");
		db_done(st);
		return -1;
	}
	db_done(st);
	*id = sqlite3_last_insert_rowid(db->h);
	return page_audit(db, *id, doc, page_no, pg->image != NULL ? sha :
	    NULL, pg->text, pg->text_len);
}

static const char sql_tag_add[] =
    "INSERT OR IGNORE INTO tag (document_id, name, value) "
    "VALUES (?1, ?2, ?3)";
static const char sql_field_add[] =
    "INSERT INTO field (document_id, page_id, kind, value, normalized, "
    "valid) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

int
store_lists_add(struct db *db, const struct store_doc *d, long long doc,
    const long long *page_id)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < d->ntag; i++) {
		if ((st = db_stmt(db, sql_tag_add)) == NULL)
			return -1;
		rc = sqlite3_bind_int64(st, 1, doc);
		rc |= store_bind_text(st, 2, d->tag[i].name);
		rc |= store_bind_text(st, 3, d->tag[i].value);
		if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		db_done(st);
	}
	for (i = 0; i < d->nfield; i++) {
		const struct store_field *f = &d->field[i];

		if ((st = db_stmt(db, sql_field_add)) == NULL)
			return -1;
		rc = sqlite3_bind_int64(st, 1, doc);
		rc |= store_bind_id(st, 2, f->page > 0 && f->page <= d->pages ?
		    page_id[f->page - 1] : 0);
		rc |= store_bind_text(st, 3, f->kind);
		rc |= store_bind_text(st, 4, f->value);
		rc |= store_bind_text(st, 5, f->norm);
		rc |= sqlite3_bind_int(st, 6, f->valid);
		if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		db_done(st);
	}
	return 0;
fail:
	db_fail(db, "cannot store tags and fields");
	db_done(st);
	return -1;
}

static const char sql_page_twin[] =
    "SELECT d.id FROM page p JOIN document d ON d.id = p.document_id "
    "WHERE p.pixels_sha256 = ?1 AND d.source_sha256 != ?2 "
    "ORDER BY d.id LIMIT 1";

long long
store_page_twin(struct db *db, const char *pixels_sha256,
    const char *source_sha256)
{
	return db_lookup_id(db, sql_page_twin, pixels_sha256, source_sha256,
	    "cannot look up pages");
}

static const char sql_household_ref[] =
    "SELECT ref FROM household WHERE id = ?1";

static const char sql_hold_open[] =
    "SELECT id, reason FROM hold WHERE released_at IS NULL AND object IN "
    "(printf('document:%d', ?1), 'class:' || ?2, 'household:' || ?3) "
    "ORDER BY id LIMIT 1";

int
store_hold_open(struct db *db, long long doc, const char *class,
    const char *ref, long long *hold, char *why, size_t size)
{
	sqlite3_stmt *st;
	const char *v;
	int rc;

	if ((st = db_stmt(db, sql_hold_open)) == NULL)
		return -1;
	rc = sqlite3_bind_int64(st, 1, doc);
	rc |= store_bind_text(st, 2, class);
	rc |= store_bind_text(st, 3, ref);
	rc = rc != SQLITE_OK ? SQLITE_ERROR : sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*hold = sqlite3_column_int64(st, 0);
		v = (const char *)sqlite3_column_text(st, 1);
		snprintf(why, size, "%s", v != NULL ? v : "");
	} else if (rc != SQLITE_DONE)
		db_fail(db, "cannot read the legal holds");
	db_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
store_household_ref(struct db *db, long long id, char *buf, size_t size)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(db, sql_household_ref)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		db_fail(db, "cannot read household");
		db_done(st);
		return -1;
	}
	snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
	db_done(st);
	return 0;
}

void
store_filing_kv(struct strbuf *sb, const char *status, const char *household,
    const char *link, const char *person, const char *class)
{
	db_kv(sb, "status", status);
	db_kv(sb, "household", household);
	db_kv(sb, "link", link);
	db_kv(sb, "person", person);
	db_kv(sb, "class", class);
}

int
store_document_audit(struct db *db, const char *actor, long long doc,
    const struct store_doc *d, const struct link_result *lk)
{
	struct strbuf detail = STRBUF_INIT;
	char ref[128], object[64], person[32], psha[SHA256_HEX_LEN + 1];
	int rc = -1;

	if (lk->household_id > 0 && store_household_ref(db, lk->household_id,
	    ref, sizeof(ref)) < 0)
		goto out;
	if (lk->person_id > 0)
		snprintf(person, sizeof(person), "%lld", lk->person_id);
	store_filing_kv(&detail, lk->household_id > 0 ? "filed" : "review",
	    lk->household_id > 0 ? ref : NULL, lk->household_id > 0 ?
	    lk->method : NULL, lk->person_id > 0 ? person : NULL, d->class);
	if (lk->household_id <= 0)
		db_kv(&detail, "reason", lk->reason);
	strbuf_addf(&detail, " source=%s page=%ld pages=%ld",
	    d->source_sha256, d->first_page, d->pages);
	db_kv(&detail, "job", d->job_id);
	db_kv(&detail, "doc_date", d->doc_date);
	if (d->settings != NULL) {
		sha256_hex(d->settings, strlen(d->settings), psha);
		db_kv(&detail, "settings", psha);
	}
	snprintf(object, sizeof(object), "document:%lld", doc);
	rc = db_audit(db, actor, lk->household_id > 0 ? "document.file" :
	    "document.review", object, detail.buf);
out:
	strbuf_release(&detail);
	return rc;
}
