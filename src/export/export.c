/*
 * export.c - a household's or person's documents for a subject-access
 * request: searchable PDFs, the original scans, a manifest (export.h,
 * dossier-export(1))
 *
 * The export is built in OUTPUT.tmp-PID (owner-only), beside OUTPUT:
 *
 *   dossier-household-REF/documents/NNNN-CLASS.pdf
 *   dossier-household-REF/originals/SHA12-NAME
 *   dossier-household-REF/manifest.json
 *   dossier-household-REF/SHA256SUMS     (sha256sum -c: every file above)
 *
 * then the audit row is appended (its detail holds the digest of
 * SHA256SUMS, which covers everything else) and the file takes its name.
 * An original that documents outside the export were also cut from is
 * left out (its digest and the reason are in the manifest): it holds
 * other people's pages.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>

#include "db.h"
#include "emit.h"
#include "export.h"
#include "fileio.h"
#include "pdfdoc.h"
#include "sha256.h"
#include "stage.h"
#include "strbuf.h"
#include "subject.h"
#include "xalloc.h"

/* what is being written */
struct out {
	struct archive *a;
	const char *root;		/* the top folder in the archive */
	time_t	 now;
	struct strbuf sums;		/* SHA256SUMS */
	struct strbuf man;		/* manifest.json's documents part */
	struct strbuf orig;		/* and its originals part */
	char	*err;
	size_t	 errlen;
};

static const char sql_docs[] =
    "SELECT d.id, d.class, d.doc_date, d.status, h.ref, d.source_sha256, "
    "d.source_file, d.first_page, d.page_count, d.created_at, s.why "
    "FROM temp.subject_doc s JOIN document d ON d.id = s.id "
    "LEFT JOIN household h ON h.id = d.household_id "
    "ORDER BY coalesce(d.doc_date, substr(d.created_at, 1, 10)), d.id";
static const char sql_pages[] =
    "SELECT page_no, image, image_sha256, width, height, dpi, text, "
    "NULL FROM page WHERE document_id = ?1 ORDER BY page_no";
/* the same with the word boxes, where the archive has them */
static const char sql_pages_words[] =
    "SELECT page_no, image, image_sha256, width, height, dpi, text, "
    "words FROM page WHERE document_id = ?1 ORDER BY page_no";
static const char sql_has_words[] =
    "SELECT 1 FROM pragma_table_info('page') WHERE name = ?1";
static const char sql_sources[] =
    "SELECT s.sha256, s.file_name, s.media_type, s.size, "
    "EXISTS (SELECT 1 FROM document o WHERE o.source_sha256 = s.sha256 "
    "AND o.id NOT IN (SELECT id FROM temp.subject_doc)) AS shared "
    "FROM source s WHERE s.sha256 IN (SELECT d.source_sha256 "
    "FROM document d JOIN temp.subject_doc t ON t.id = d.id) "
    "ORDER BY s.sha256";
static const char sql_content[] =
    "SELECT content FROM source WHERE sha256 = ?1";

/* col - column I of ST as text, or NULL */
static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* json_kv - ", "KEY": "VALUE"" (null for NULL) into SB; FIRST: no comma */
static void
json_kv(struct strbuf *sb, const char *key, const char *value, int first)
{
	char *buf;
	size_t len;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		abort();	/* out of memory, as xalloc would */
	fprintf(f, "%s\"%s\": ", first ? "" : ", ", key);
	if (value == NULL)
		fputs("null", f);
	else
		emit_json_string(f, value, strlen(value));
	fclose(f);
	strbuf_add(sb, buf, len);
	free(buf);
}

/* plain - NAME with every byte but [A-Za-z0-9._-] made '_', into BUF */
static void
plain(const char *name, char *buf, size_t size)
{
	size_t i;

	snprintf(buf, size, "%s", name);
	for (i = 0; buf[i] != '\0'; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789._-", buf[i]) == NULL)
			buf[i] = '_';
	if (buf[0] == '.')
		buf[0] = '_';
}

/* put - the file PATH (under the root) with BUF into the archive and sums */
static int
put(struct out *o, const char *path, const void *buf, size_t len,
    char *hex)
{
	struct archive_entry *e;
	char full[PATH_MAX], digest[SHA256_HEX_LEN + 1];
	la_ssize_t n;

	snprintf(full, sizeof(full), "%s/%s", o->root, path);
	sha256_hex(buf, len, digest);
	if (hex != NULL)
		memcpy(hex, digest, sizeof(digest));
	if (strcmp(path, "SHA256SUMS") != 0)
		strbuf_addf(&o->sums, "%s  %s\n", digest, path);
	e = archive_entry_new();
	archive_entry_set_pathname(e, full);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0600);
	archive_entry_set_mtime(e, o->now, 0);
	if (archive_write_header(o->a, e) != ARCHIVE_OK ||
	    (len > 0 && ((n = archive_write_data(o->a, buf, len)) < 0 ||
	    (size_t)n != len))) {
		snprintf(o->err, o->errlen, "cannot write '%s' into the "
		    "export: %s", full, archive_error_string(o->a));
		archive_entry_free(e);
		return -1;
	}
	archive_entry_free(e);
	return 0;
}

/*
 * document_pdf - the searchable PDF of document DOC into PDF; the pages'
 * part of the manifest into MAN; its page count, or -1 (O->err)
 */
static long
document_pdf(struct db *db, struct out *o, long long doc, int words,
    struct strbuf *pdf, struct strbuf *man)
{
	struct pdfdoc_page pg;
	struct pdfdoc *p;
	sqlite3_stmt *st;
	char th[SHA256_HEX_LEN + 1];
	long n = 0;
	int rc;

	if ((p = pdfdoc_new(o->err, o->errlen)) == NULL)
		return -1;
	if ((st = db_stmt(db, words ? sql_pages_words : sql_pages)) == NULL ||
	    sqlite3_bind_int64(st, 1, doc) != SQLITE_OK) {
		snprintf(o->err, o->errlen, "archive: %s", db->err);
		db_done(st);
		pdfdoc_free(p);
		return -1;
	}
	strbuf_adds(man, ", \"pages\": [");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&pg, 0, sizeof(pg));
		pg.image = sqlite3_column_blob(st, 1);
		pg.image_len = (size_t)sqlite3_column_bytes(st, 1);
		pg.width = (long)sqlite3_column_int64(st, 3);
		pg.height = (long)sqlite3_column_int64(st, 4);
		pg.dpi = (long)sqlite3_column_int64(st, 5);
		pg.text = col(st, 6);
		pg.words = col(st, 7);
		if (pdfdoc_add(p, &pg, o->err, o->errlen) < 0) {
			char why[512];

			snprintf(why, sizeof(why), "%s", o->err);
			snprintf(o->err, o->errlen, "document %lld page %lld: "
			    "%s", doc, (long long)sqlite3_column_int64(st, 0),
			    why);
			db_done(st);
			pdfdoc_free(p);
			return -1;
		}
		strbuf_addf(man, "%s{\"page\": %lld", n > 0 ? ", " : "",
		    (long long)sqlite3_column_int64(st, 0));
		json_kv(man, "image_sha256", col(st, 2), 0);
		if (pg.text != NULL)
			sha256_hex(pg.text, strlen(pg.text), th);
		json_kv(man, "text_sha256", pg.text != NULL ? th : NULL, 0);
		json_kv(man, "text_layer", pg.words != NULL && *pg.words !=
		    '\0' ? "words" : pg.text != NULL ? "text" : "none", 0);
		strbuf_addc(man, '}');
		n++;
	}
	strbuf_addc(man, ']');
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read pages");
		snprintf(o->err, o->errlen, "archive: %s", db->err);
		db_done(st);
		pdfdoc_free(p);
		return -1;
	}
	db_done(st);
	rc = pdfdoc_finish(p, pdf, o->err, o->errlen);
	pdfdoc_free(p);
	return rc < 0 ? -1 : n;
}

/* documents - a PDF of every document of the subject; 0 or -1 */
static int
documents(struct db *db, struct out *o, struct export_stats *es,
    struct strbuf *ids)
{
	struct strbuf pdf = STRBUF_INIT, man = STRBUF_INIT;
	char path[256], cls[64], hex[SHA256_HEX_LEN + 1];
	sqlite3_stmt *st;
	long long id;
	long pages;
	int words, rc;

	if ((words = db_exists(db, sql_has_words, "words", "cannot read the "
	    "schema")) < 0 || (st = db_stmt(db, sql_docs)) == NULL) {
		snprintf(o->err, o->errlen, "archive: %s", db->err);
		return -1;
	}
	/* each document's pages are read while its row is current */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		strbuf_reset(&pdf);
		strbuf_reset(&man);
		if ((pages = document_pdf(db, o, id, words, &pdf, &man)) < 0)
			goto fail;
		plain(col(st, 1) != NULL ? col(st, 1) : "document", cls,
		    sizeof(cls));
		snprintf(path, sizeof(path), "documents/%04lld-%s.pdf", id,
		    cls);
		if (put(o, path, pdf.buf, pdf.len, hex) < 0)
			goto fail;
		strbuf_addf(&o->man, "%s\n{\"document\": %lld",
		    es->documents > 0 ? "," : "", id);
		json_kv(&o->man, "class", col(st, 1), 0);
		json_kv(&o->man, "doc_date", col(st, 2), 0);
		json_kv(&o->man, "archived_at", col(st, 9), 0);
		json_kv(&o->man, "status", col(st, 3), 0);
		json_kv(&o->man, "why", col(st, 10), 0);
		json_kv(&o->man, "household", col(st, 4), 0);
		json_kv(&o->man, "source_sha256", col(st, 5), 0);
		json_kv(&o->man, "source_file", col(st, 6), 0);
		strbuf_addf(&o->man, ", \"first_page\": %lld, "
		    "\"page_count\": %lld", (long long)sqlite3_column_int64(st,
		    7), (long long)sqlite3_column_int64(st, 8));
		json_kv(&o->man, "pdf", path, 0);
		json_kv(&o->man, "pdf_sha256", hex, 0);
		strbuf_add(&o->man, man.buf, man.len);
		strbuf_addc(&o->man, '}');
		strbuf_addf(ids, "%s%lld", es->documents > 0 ? "," : "", id);
		es->documents++;
		es->pages += pages;
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read documents");
		snprintf(o->err, o->errlen, "archive: %s", db->err);
		goto fail;
	}
	db_done(st);
	strbuf_release(&pdf);
	strbuf_release(&man);
	return 0;
fail:
	db_done(st);
	strbuf_release(&pdf);
	strbuf_release(&man);
	return -1;
}

/* original - the bytes of source SHA as PATH; 0 or -1 */
static int
original(struct db *db, struct out *o, const char *sha, const char *path)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, sql_content)) == NULL ||
	    sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT) !=
	    SQLITE_OK || (rc = sqlite3_step(st)) != SQLITE_ROW) {
		db_fail(db, "cannot read a source");
		snprintf(o->err, o->errlen, "archive: %s", db->err);
		db_done(st);
		return -1;
	}
	rc = put(o, path, sqlite3_column_blob(st, 0),
	    (size_t)sqlite3_column_bytes(st, 0), NULL);
	db_done(st);
	return rc;
}

/* originals - the original scans of the subject's documents; 0 or -1 */
static int
originals(struct db *db, struct out *o, struct export_stats *es)
{
	sqlite3_stmt *st;
	const char *sha, *name, *base;
	char path[PATH_MAX], b[200];
	long n = 0;
	int rc, shared;

	if ((st = db_stmt(db, sql_sources)) == NULL) {
		snprintf(o->err, o->errlen, "archive: %s", db->err);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sha = col(st, 0);
		name = col(st, 1) != NULL ? col(st, 1) : "";
		shared = sqlite3_column_int(st, 4);
		/* "ARCHIVE:MEMBER" and "dir/file": the file's own name */
		base = strrchr(name, '/') != NULL ? strrchr(name, '/') + 1 :
		    name;
		if (strrchr(base, ':') != NULL)
			base = strrchr(base, ':') + 1;
		plain(*base != '\0' ? base : "original", b, sizeof(b));
		snprintf(path, sizeof(path), "originals/%.12s-%s", sha, b);
		strbuf_addf(&o->orig, "%s\n{", n++ > 0 ? "," : "");
		json_kv(&o->orig, "sha256", sha, 1);
		json_kv(&o->orig, "file_name", name, 0);
		json_kv(&o->orig, "media_type", col(st, 2), 0);
		strbuf_addf(&o->orig, ", \"size\": %lld",
		    (long long)sqlite3_column_int64(st, 3));
		if (shared) {
			json_kv(&o->orig, "path", NULL, 0);
			json_kv(&o->orig, "withheld", "other documents, "
			    "outside this export, were cut from the same "
			    "file", 0);
			es->withheld++;
		} else {
			if (original(db, o, sha, path) < 0)
				goto fail;
			json_kv(&o->orig, "path", path, 0);
			json_kv(&o->orig, "withheld", NULL, 0);
			es->originals++;
		}
		strbuf_addc(&o->orig, '}');
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read sources");
		snprintf(o->err, o->errlen, "archive: %s", db->err);
		goto fail;
	}
	db_done(st);
	return 0;
fail:
	db_done(st);
	return -1;
}

/* word - V with the bytes that end a key=value word percent-encoded */
static void
word(struct strbuf *sb, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '%' || *v == ' ' || *v == '\t' || *v == '\n' ||
		    *v == '\r')
			strbuf_addf(sb, "%%%02X", (unsigned char)*v);
		else
			strbuf_addc(sb, *v);
	}
}

/* audit - the export's audit row, in its own transaction; 0 or -1 */
static int
audit(struct db *db, const struct subject *s, const struct export_opts *eo,
    const struct export_stats *es, const char *ids, char *err,
    size_t errlen)
{
	struct strbuf d = STRBUF_INIT;
	int rc;

	strbuf_adds(&d, "subject=");
	word(&d, s->object);
	strbuf_addf(&d, " documents=%ld pages=%ld originals=%ld withheld=%ld "
	    "format=%s manifest=%s ids=%s", es->documents, es->pages,
	    es->originals, es->withheld, eo->tar ? "tar" : "zip",
	    es->manifest, *ids != '\0' ? ids : "-");
	rc = db_begin(db) < 0 || db_audit(db, eo->actor, "export", s->object,
	    d.buf) < 0 || db_commit(db) < 0 ? -1 : 0;
	if (rc < 0) {
		snprintf(err, errlen, "cannot audit the export: %s", db->err);
		db_rollback(db);
	}
	strbuf_release(&d);
	return rc;
}

int
export_run(struct db *db, const struct subject *s,
    const struct export_opts *eo, struct export_stats *es, char *err,
    size_t errlen)
{
	struct strbuf json = STRBUF_INIT, ids = STRBUF_INIT;
	char tmp[PATH_MAX], root[128], at[32], dir[PATH_MAX];
	struct out o;
	struct stat sb;
	int fd = -1, ok = 0;

	memset(es, 0, sizeof(*es));
	memset(&o, 0, sizeof(o));
	o.err = err;
	o.errlen = errlen;
	o.now = time(NULL);
	if (lstat(eo->output, &sb) == 0 || errno != ENOENT) {
		snprintf(err, errlen, "'%s' %s", eo->output, errno == ENOENT ||
		    errno == 0 ? "exists: the export makes a new file" :
		    strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", eo->output,
	    (long)getpid()) >= sizeof(tmp)) {
		snprintf(err, errlen, "'%s': path too long", eo->output);
		return -1;
	}
	if (subject_documents(db, s) < 0) {
		snprintf(err, errlen, "archive: %s", db->err);
		return -1;
	}
	(void)unlink(tmp);	/* left by a dead export that had our pid */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) < 0) {
		snprintf(err, errlen, "cannot create '%s': %s", tmp,
		    strerror(errno));
		return -1;
	}
	{
		char obj[sizeof(s->object)], *c;

		/* household:REF -> dossier-household-REF */
		snprintf(obj, sizeof(obj), "%s", s->object);
		if ((c = strchr(obj, ':')) != NULL)
			*c = '-';
		plain(obj, root + 8, sizeof(root) - 8);
		memcpy(root, "dossier-", 8);
	}
	o.root = root;
	o.a = archive_write_new();
	if ((eo->tar ? archive_write_set_format_pax_restricted(o.a) :
	    archive_write_set_format_zip(o.a)) != ARCHIVE_OK ||
	    archive_write_open_fd(o.a, fd) != ARCHIVE_OK) {
		snprintf(err, errlen, "cannot write '%s': %s", tmp,
		    archive_error_string(o.a));
		goto out;
	}
	if (documents(db, &o, es, &ids) < 0 || originals(db, &o, es) < 0)
		goto out;
	db_timestamp(at, sizeof(at));
	strbuf_adds(&json, "{");
	json_kv(&json, "subject", s->object, 1);
	json_kv(&json, "exported_at", at, 0);
	json_kv(&json, "exported_by", eo->actor, 0);
	json_kv(&json, "program", "dossier-export " DOSSIER_VERSION, 0);
	strbuf_addf(&json, ", \"schema\": %d, \"documents\": [", db->version);
	strbuf_add(&json, o.man.buf, o.man.len);
	strbuf_adds(&json, "\n], \"originals\": [");
	strbuf_add(&json, o.orig.buf, o.orig.len);
	strbuf_adds(&json, "\n]}\n");
	if (put(&o, "manifest.json", json.buf, json.len, NULL) < 0)
		goto out;
	sha256_hex(o.sums.buf, o.sums.len, es->manifest);
	if (put(&o, "SHA256SUMS", o.sums.buf, o.sums.len, NULL) < 0)
		goto out;
	if (archive_write_close(o.a) != ARCHIVE_OK) {
		snprintf(err, errlen, "cannot write '%s': %s", tmp,
		    archive_error_string(o.a));
		goto out;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		snprintf(err, errlen, "cannot write '%s': %s", tmp,
		    strerror(errno));
		goto out;
	}
	fd = -1;
	/* recorded first: no export leaves the archive unaudited */
	if (audit(db, s, eo, es, ids.buf, err, errlen) < 0)
		goto out;
	if (rename_noreplace(tmp, eo->output) < 0) {
		snprintf(err, errlen, "cannot rename '%s' to '%s': %s", tmp,
		    eo->output, strerror(errno));
		goto out;
	}
	path_dirname(eo->output, dir, sizeof(dir));
	(void)dir_fsync(dir);
	ok = 1;
out:
	if (o.a != NULL)
		archive_write_free(o.a);
	if (fd >= 0)
		close(fd);
	if (!ok)
		(void)unlink(tmp);
	strbuf_release(&o.sums);
	strbuf_release(&o.man);
	strbuf_release(&o.orig);
	strbuf_release(&json);
	strbuf_release(&ids);
	return ok ? 0 : -1;
}
