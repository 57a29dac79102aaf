/*
 * test_db.c - the archive: schema, migrations, audit chain, FTS, linking
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "sha256.h"
#include "unit.h"
#include "ident.h"
#include "link.h"
#include "registry.h"
#include "store.h"
#include "strbuf.h"

#define ZERO64 DB_HASH_ZERO

/* raw - run SQL on an archive with plain SQLite, bypassing db.c */
static int
raw(const char *path, const char *sql)
{
	sqlite3 *h;
	int rc;

	if (sqlite3_open(path, &h) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

/* one_int - the first column of the first row of SQL */
static long long
one_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in, out;

	if ((in = open(from, O_RDONLY)) < 0)
		return -1;
	if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			n = -1;
	close(in);
	return close(out) == 0 && n == 0 ? 0 : -1;
}

/* three_rows - an archive a.db with three audit rows */
static void
three_rows(void)
{
	struct db db;
	char err[512];

	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	assert_int(db_begin(&db), ==, 0);
	assert_int(db_audit(&db, "dossier-load", "document.file",
	    "document:1", "class=payslip household=H1"), ==, 0);
	assert_int(db_audit(&db, "alice", "registry.move", "person:7",
	    "from=H1 to=H2"), ==, 0);
	assert_int(db_audit(&db, "dossier-load", "document.review", NULL,
	    NULL), ==, 0);
	assert_int(db_commit(&db), ==, 0);
	db_close(&db);
}

DEFINE_TEST(test_db_create)
{
	struct db db;
	struct stat st;
	char err[512];

	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	assert_int(db.version, ==, 0);
	assert_int(one_int(&db, "PRAGMA user_version"), ==,
	    DB_SCHEMA_VERSION);
	assert_int(one_int(&db, "PRAGMA application_id"), ==,
	    DB_APPLICATION_ID);
	assert_int(one_int(&db, "PRAGMA foreign_keys"), ==, 1);
	assert_int(one_int(&db, "PRAGMA synchronous"), ==, 2);
	assert_int(one_int(&db, "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'table' AND name IN ('batch', 'source', 'household', "
	    "'person', 'member', 'document', 'page', 'tag', 'field', "
	    "'audit', 'page_fts')"), ==, 11);
	assert_int(one_int(&db, "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'view'"), ==, 5);
	assert_int(one_int(&db, "SELECT journal_mode = 'wal' FROM "
	    "pragma_journal_mode"), ==, 1);
	db_close(&db);
	assert_int(stat("a.db", &st), ==, 0);
	assert_int(st.st_mode & 0777, ==, 0600);
}

DEFINE_TEST(test_db_reopen)
{
	struct db db;
	char err[512];
	long long n;

	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	n = one_int(&db, "SELECT count(*) FROM sqlite_master");
	db_close(&db);
	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	assert_int(db.version, ==, DB_SCHEMA_VERSION);
	assert_int(one_int(&db, "SELECT count(*) FROM sqlite_master"), ==, n);
	db_close(&db);
	db_close(&db);		/* harmless twice */
	assert_int(db_open(&db, "a.db", DB_READONLY, err, sizeof(err)), ==, 0);
	assert_int(db.version, ==, DB_SCHEMA_VERSION);
	assert_true(db_exec(&db, "CREATE TABLE t (x)") < 0);
	db_close(&db);
}

DEFINE_TEST(test_db_refuses)
{
	struct db db;
	char err[512];
	int fd;

	/* a newer schema */
	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	db_close(&db);
	assert_int(raw("a.db", "PRAGMA user_version = 99"), ==, SQLITE_OK);
	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "newer than this program") != NULL);
	assert_true(db.h == NULL);
	/* somebody else's database */
	assert_int(raw("b.db", "CREATE TABLE t (x)"), ==, SQLITE_OK);
	assert_int(db_open(&db, "b.db", DB_CREATE, err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "not a dossier archive") != NULL);
	assert_int(raw("b.db", "SELECT count(*) FROM t"), ==, SQLITE_OK);
	/* missing without DB_CREATE, and read-only on an empty file */
	assert_int(db_open(&db, "c.db", 0, err, sizeof(err)), ==, -1);
	assert_true(access("c.db", F_OK) < 0);
	fd = open("d.db", O_CREAT | O_WRONLY, 0600);
	close(fd);
	assert_int(db_open(&db, "d.db", DB_READONLY, err, sizeof(err)), ==,
	    -1);
	assert_true(strstr(err, "is an empty file, not an archive") != NULL);
	/* a zero-length file is not a new archive: refused, left alone */
	assert_int(db_open(&db, "d.db", DB_CREATE, err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "is an empty file, not an archive") != NULL);
	fd = open("d.db", O_RDONLY);
	assert_int(lseek(fd, 0, SEEK_END), ==, 0);
	close(fd);
}

DEFINE_TEST(test_db_mode_fixed)
{
	struct db db;
	struct stat st;
	char err[512];
	int fd;

	/* an archive made readable by others (a zero-length file is none) */
	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	db_close(&db);
	fd = open("a.db", O_WRONLY);
	assert_true(fd >= 0);
	close(fd);
	chmod("a.db", 0644);
	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	db_close(&db);
	assert_int(stat("a.db", &st), ==, 0);
	assert_int(st.st_mode & 0777, ==, 0600);
}

DEFINE_TEST(test_db_audit_hash_vector)
{
	char h[SHA256_HEX_LEN + 1], h2[SHA256_HEX_LEN + 1];

	/* computed independently, as dossier-archive(5) describes */
	db_audit_hash(ZERO64, 1, "2026-01-01T00:00:00Z", "dossier-load",
	    "document.file", "document:1", "class=other r\xc3\xa9sum\xc3\xa9",
	    h);
	assert_str(h,
	    "3a05120b8740d7a134e07621d866d1fb16f659b5ac07b8689e70e8931823d3f7");
	db_audit_hash(h, 2, "2026-01-01T00:00:01Z", "alice", "registry.move",
	    "person:7", "", h2);
	assert_str(h2,
	    "1b230326d1bc94c077b59a1c4040bcddc98f46d2fd69d59735add6afe7b4e45e");
}

DEFINE_TEST(test_db_audit_append_only)
{
	struct db db;
	char err[512];
	long bad = -1;

	three_rows();
	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	assert_int(one_int(&db, "SELECT count(*) FROM audit"), ==, 3);
	assert_int(one_int(&db, "SELECT prev_hash = '" ZERO64 "' FROM audit "
	    "WHERE seq = 1"), ==, 1);
	assert_int(one_int(&db, "SELECT count(*) FROM audit a JOIN audit b "
	    "ON b.seq = a.seq + 1 AND b.prev_hash = a.hash"), ==, 2);
	assert_int(db_audit_verify(&db, &bad), ==, 0);
	assert_int(bad, ==, 0);
	assert_true(db_exec(&db, "UPDATE audit SET actor = 'x'") < 0);
	assert_true(strstr(db.err, "append-only") != NULL);
	assert_true(db_exec(&db, "DELETE FROM audit WHERE seq = 3") < 0);
	assert_true(db_exec(&db, "INSERT INTO audit VALUES (4, 'now', 'x', "
	    "'y', '', '', '" ZERO64 "', '" ZERO64 "')") < 0);
	assert_true(strstr(db.err, "does not extend the chain") != NULL);
	assert_int(one_int(&db, "SELECT count(*) FROM audit"), ==, 3);
	assert_int(db_audit_verify(&db, &bad), ==, 0);
	db_close(&db);
}

DEFINE_TEST(test_db_audit_tamper)
{
	struct db db;
	char err[512];
	long bad = 0;

	three_rows();
	assert_int(copy_file("a.db", "t.db"), ==, 0);
	assert_int(raw("t.db", "DROP TRIGGER audit_no_update; UPDATE audit "
	    "SET detail = 'class=other' WHERE seq = 2"), ==, SQLITE_OK);
	assert_int(db_open(&db, "t.db", DB_READONLY, err, sizeof(err)), ==, 0);
	assert_int(db_audit_verify(&db, &bad), ==, 1);
	assert_int(bad, ==, 2);
	assert_true(strstr(db.err, "does not match") != NULL);
	db_close(&db);

	assert_int(copy_file("a.db", "u.db"), ==, 0);
	assert_int(raw("u.db", "DROP TRIGGER audit_no_delete; DELETE FROM "
	    "audit WHERE seq = 2"), ==, SQLITE_OK);
	assert_int(db_open(&db, "u.db", DB_READONLY, err, sizeof(err)), ==, 0);
	assert_int(db_audit_verify(&db, &bad), ==, 1);
	assert_int(bad, ==, 2);
	db_close(&db);

	/* a whole row rewritten with a fresh hash still breaks the link */
	assert_int(copy_file("a.db", "v.db"), ==, 0);
	assert_int(raw("v.db", "DROP TRIGGER audit_no_update; UPDATE audit "
	    "SET hash = '" ZERO64 "' WHERE seq = 1"), ==, SQLITE_OK);
	assert_int(db_open(&db, "v.db", DB_READONLY, err, sizeof(err)), ==, 0);
	assert_int(db_audit_verify(&db, &bad), ==, 1);
	assert_int(bad, ==, 1);
	db_close(&db);

	/* the original is intact */
	assert_int(db_open(&db, "a.db", DB_READONLY, err, sizeof(err)), ==, 0);
	assert_int(db_audit_verify(&db, &bad), ==, 0);
	db_close(&db);
}

/* a document with one page of TEXT in a fresh archive */
static const char fixture[] =
    "INSERT INTO batch (id, name) VALUES ('B1', 'b');"
    "INSERT INTO source (sha256, file_name, media_type, size, content, "
    "  created_at) VALUES (printf('%064d', 1), 'x.tif', 'image/tiff', 3, "
    "  x'010203', 'now');"
    "INSERT INTO household (id, ref, created_at) VALUES (1, 'H1', 'now');"
    "INSERT INTO document (id, batch_id, source_file, source_sha256, "
    "  first_page, page_count, status, review_reason, created_at) VALUES "
    "  (1, 'B1', 'x.tif', printf('%064d', 1), 1, 1, 'review', "
    "  'no national number', 'now');"
    "INSERT INTO page (document_id, page_no, source_page, image, "
    "  image_type, image_sha256, text) VALUES (1, 1, 1, x'00', 'png', "
    "  printf('%064d', 2), 'D\xc3\xa9" "cision du Conseil de l''action "
    "  sociale');";

DEFINE_TEST(test_db_fts_accents)
{
	struct db db;
	char err[512];

	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	assert_int(db_exec(&db, fixture), ==, 0);
	assert_int(one_int(&db, "SELECT count(*) FROM page_fts WHERE "
	    "page_fts MATCH 'decision'"), ==, 1);
	assert_int(one_int(&db, "SELECT count(*) FROM page_fts WHERE "
	    "page_fts MATCH 'DECISION conseil'"), ==, 1);
	assert_int(one_int(&db, "SELECT rowid FROM page_fts WHERE "
	    "page_fts MATCH 'd\xc3\xa9" "cision'"), ==, 1);
	assert_int(one_int(&db, "SELECT count(*) FROM page_fts WHERE "
	    "page_fts MATCH 'payslip'"), ==, 0);
	/* the index follows corrections of the text (audited first) */
	assert_true(db_exec(&db, "UPDATE page SET text = 'Fiche de paie'") <
	    0);
	assert_int(db_audit(&db, "t", "page.text", "page:1", "text_sha256=x"),
	    ==, 0);
	assert_int(db_exec(&db, "UPDATE page SET text = 'Fiche de paie'"),
	    ==, 0);
	assert_int(one_int(&db, "SELECT count(*) FROM page_fts WHERE "
	    "page_fts MATCH 'decision'"), ==, 0);
	assert_int(one_int(&db, "SELECT count(*) FROM page_fts WHERE "
	    "page_fts MATCH 'paie'"), ==, 1);
	/* evidence cannot be rewritten: a new digest must be stated */
	assert_true(db_exec(&db, "UPDATE page SET image = x'01', "
	    "image_sha256 = printf('%064d', 3)") < 0);
	assert_true(db_exec(&db, "UPDATE source SET content = x'00'") < 0);
	db_close(&db);
}

/* the evidence triggers: the last audit row names the object and agrees */
DEFINE_TEST(test_db_evidence_triggers)
{
	struct strbuf sb = STRBUF_INIT;
	struct db db;
	char err[512], buf[64];

	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	assert_int(db_exec(&db, fixture), ==, 0);
	assert_int(db_exec(&db, "INSERT INTO household (id, ref, created_at) "
	    "VALUES (2, 'H 2%', 'now')"), ==, 0);
	/* no audit row about it */
	assert_true(db_exec(&db, "UPDATE document SET status = 'filed', "
	    "household_id = 1, link_method = 'manual', review_reason = NULL")
	    < 0);
	/* a row about another document */
	assert_int(db_audit(&db, "clerk", "document.file", "document:2",
	    "status=filed household=H1 link=manual"), ==, 0);
	assert_true(db_exec(&db, "UPDATE document SET status = 'filed', "
	    "household_id = 1, link_method = 'manual', review_reason = NULL")
	    < 0);
	/* a row naming it, whose state disagrees */
	assert_int(db_audit(&db, "clerk", "document.file", "document:1",
	    "status=filed household=H2 link=manual"), ==, 0);
	assert_true(db_exec(&db, "UPDATE document SET status = 'filed', "
	    "household_id = 1, link_method = 'manual', review_reason = NULL")
	    < 0);
	/* a row that does not state a word that changes */
	assert_int(db_audit(&db, "clerk", "document.file", "document:1",
	    "status=filed household=H1"), ==, 0);
	assert_true(db_exec(&db, "UPDATE document SET status = 'filed', "
	    "household_id = 1, link_method = 'manual', review_reason = NULL")
	    < 0);
	/* the right row: accepted */
	store_filing_kv(&sb, "filed", "H1", "manual", NULL, "other");
	assert_int(db_audit(&db, "clerk", "document.file", "document:1",
	    sb.buf), ==, 0);
	assert_int(db_exec(&db, "UPDATE document SET status = 'filed', "
	    "household_id = 1, link_method = 'manual', review_reason = NULL"),
	    ==, 0);
	/* a ref with a space and a percent sign, encoded by db_kv() */
	strbuf_reset(&sb);
	db_kv(&sb, "household", "H 2%");
	assert_str(sb.buf, "household=H%202%25");
	assert_int(db_kv_get(sb.buf, "household", buf, sizeof(buf)), ==, 1);
	assert_str(buf, "H 2%");
	assert_int(db_kv_get("a=1 household=2", "hold", buf, sizeof(buf)),
	    ==, 0);
	assert_int(db_audit(&db, "clerk", "document.move", "document:1",
	    sb.buf), ==, 0);
	assert_int(db_exec(&db, "UPDATE document SET household_id = 2"), ==,
	    0);
	/* the next change needs a row of its own */
	assert_true(db_exec(&db, "UPDATE document SET class = 'letter'") < 0);
	/* a page: the new image digest stated */
	assert_int(db_audit(&db, "clerk", "page.image", "page:1",
	    "image_sha256=0000000000000000000000000000000000000000000000000000"
	    "000000000003"), ==, 0);
	assert_int(db_exec(&db, "UPDATE page SET image = x'01', "
	    "image_sha256 = printf('%064d', 3)"), ==, 0);
	/* a document is deleted only by an erasure, and never under hold */
	assert_int(db_audit(&db, "clerk", "document.export", "document:1",
	    NULL), ==, 0);
	assert_true(db_exec(&db, "DELETE FROM document WHERE id = 1") < 0);
	assert_int(db_exec(&db, "INSERT INTO hold (object, reason, actor, "
	    "created_at) VALUES ('household:H 2%', 'court', 'x', 'now')"), ==,
	    0);
	assert_int(db_audit(&db, "clerk", "page.erase", "page:1", NULL), ==,
	    0);
	assert_int(db_exec(&db, "DELETE FROM page WHERE id = 1"), ==, 0);
	assert_int(db_audit(&db, "clerk", "document.erase", "document:1",
	    NULL), ==, 0);
	assert_true(db_exec(&db, "DELETE FROM document WHERE id = 1") < 0);
	assert_true(strstr(db.err, "legal hold") != NULL);
	assert_true(db_exec(&db, "DELETE FROM hold") < 0);
	assert_true(db_exec(&db, "UPDATE hold SET released_at = 'now'") < 0);
	assert_int(db_audit(&db, "clerk", "hold.release", "hold:1", NULL), ==,
	    0);
	assert_int(db_exec(&db, "UPDATE hold SET released_at = 'now'"), ==, 0);
	assert_int(db_audit(&db, "clerk", "document.erase", "document:1",
	    NULL), ==, 0);
	assert_int(db_exec(&db, "DELETE FROM document WHERE id = 1"), ==, 0);
	strbuf_release(&sb);
	db_close(&db);
}

/* a damaged archive: a writer's open refuses it (quick_check) */
DEFINE_TEST(test_db_damaged)
{
	struct db db;
	char err[512], junk[512];
	long long root, psize;
	int fd;

	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	assert_int(db_exec(&db, fixture), ==, 0);
	root = one_int(&db, "SELECT rootpage FROM sqlite_master WHERE "
	    "name = 'page'");
	psize = one_int(&db, "PRAGMA page_size");
	assert_int(db_exec(&db, "PRAGMA wal_checkpoint(TRUNCATE)"), ==, 0);
	db_close(&db);
	memset(junk, 0xff, sizeof(junk));
	fd = open("a.db", O_WRONLY);
	assert_int(pwrite(fd, junk, sizeof(junk), (root - 1) * psize),
	    ==, sizeof(junk));
	close(fd);
	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "is damaged (quick_check: ") != NULL);
	/* a reader still opens it (dossier-verify says what is wrong) */
	assert_int(db_open(&db, "a.db", DB_READONLY, err, sizeof(err)), ==, 0);
	db_close(&db);
}

DEFINE_TEST(test_db_constraints)
{
	struct db db;
	char err[512];

	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	assert_int(db_exec(&db, fixture), ==, 0);
	assert_int(db_source_exists(&db, "00000000000000000000000000000000"
	    "00000000000000000000000000000001"), ==, 1);
	assert_int(db_source_exists(&db, ZERO64), ==, 0);
	/* the same document twice */
	assert_true(db_exec(&db, "INSERT INTO document (source_file, "
	    "source_sha256, first_page, page_count, status, review_reason, "
	    "created_at) VALUES ('y', printf('%064d', 1), 1, 1, 'review', "
	    "'x', 'now')") < 0);
	assert_int(db.rc & 0xff, ==, SQLITE_CONSTRAINT);
	assert_int(db_temp(&db), ==, 0);
	/* filed needs a household and a method; review needs a reason */
	assert_true(db_exec(&db, "INSERT INTO document (source_file, "
	    "source_sha256, first_page, page_count, status, created_at) "
	    "VALUES ('y', printf('%064d', 1), 2, 1, 'filed', 'now')") < 0);
	assert_true(db_exec(&db, "INSERT INTO document (source_file, "
	    "source_sha256, first_page, page_count, status, household_id, "
	    "link_method, created_at) VALUES ('y', printf('%064d', 1), 2, 1, "
	    "'filed', 1, 'guess', 'now')") < 0);
	assert_true(db_exec(&db, "INSERT INTO document (source_file, "
	    "source_sha256, first_page, page_count, status, household_id, "
	    "review_reason, created_at) VALUES ('y', printf('%064d', 1), 2, "
	    "1, 'review', 1, 'x', 'now')") < 0);
	assert_int(db_exec(&db, "INSERT INTO document (source_file, "
	    "source_sha256, first_page, page_count, status, household_id, "
	    "link_method, created_at) VALUES ('y', printf('%064d', 1), 2, 1, "
	    "'filed', 1, 'manual', 'now')"), ==, 0);
	/* foreign keys are on */
	assert_true(db_exec(&db, "INSERT INTO tag (document_id, name) "
	    "VALUES (99, 'x')") < 0);
	assert_true(db_exec(&db, "INSERT INTO field (document_id, kind, "
	    "value, valid) VALUES (1, 'phone', 'x', 1)") < 0);
	assert_true(db_rc_temp(SQLITE_BUSY));
	assert_true(db_rc_temp(SQLITE_IOERR_WRITE));
	assert_true(db_rc_temp(SQLITE_FULL));
	assert_true(!db_rc_temp(SQLITE_CONSTRAINT_UNIQUE));
	db_close(&db);
}

/*
 * One rule for national numbers: the registry refuses exactly the numbers
 * that the tag stage finds invalid in a document's text.
 */
DEFINE_TEST(test_niss_registry_agrees_with_tag)
{
	static const struct {
		const char *num;
		int	 valid;
	} t[] = {
		{ "85073003328", 1 },
		{ "85073003329", 0 },	/* check digits */
		{ "01020378958", 1 },	/* born 2001 */
		{ "01020378929", 1 },	/* born 1901 */
		{ "85073099932", 0 },	/* mod 97 holds, serial 999 does not */
		{ "85133003370", 0 },	/* month 13 */
		{ "85073200001", 0 },	/* day 32 */
		{ "85073000061", 0 },	/* serial 000 */
		{ "85273003371", 1 },	/* BIS number: month + 20 */
		{ "85473003317", 1 },	/* BIS number: month + 40 */
	};
	struct ident id;
	char text[64], *v[6];
	char hh[] = "HH-1", nid[16], sur[] = "Doe", given[] = "Jo";
	char birth[] = "", addr[] = "";
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(nid, sizeof(nid), "%s", t[i].num);
		v[0] = hh;
		v[1] = nid;
		v[2] = sur;
		v[3] = given;
		v[4] = birth;
		v[5] = addr;
		assert_int(registry_row_check(v) == NULL, ==, t[i].valid);
		snprintf(text, sizeof(text), "NISS %s", t[i].num);
		assert_int(ident_find(text, IDENT_NATIONAL_ID, &id), ==, 1);
		assert_int(id.valid, ==, t[i].valid);
		assert_int(ident_niss_check(t[i].num), ==, t[i].valid);
	}
}

/* try_link - the outcome of linking the numbers NUMS (valid unless '!') */
static const char *
try_link(struct db *db, const char *const *nums, size_t n, long long *hh,
    long long *person)
{
	struct link_nid nid[8];
	struct link_evidence ev = { 0 };
	struct link_result lk;
	size_t i;

	for (i = 0; i < n; i++) {
		nid[i].valid = nums[i][0] != '!';
		nid[i].number = nums[i] + (nums[i][0] == '!');
	}
	ev.nid = nid;
	ev.nnid = n;
	*hh = *person = -1;
	if (link_document(db, &ev, &lk) < 0)
		return "error";
	*hh = lk.household_id;
	*person = lk.person_id;
	if (lk.household_id > 0)
		return lk.method;
	return lk.reason;
}

DEFINE_TEST(test_link_rules)
{
	static const char reg[] =
	    "INSERT INTO household (id, ref, created_at) VALUES "
	    "  (1, 'H1', 'now'), (2, 'H2', 'now');"
	    "INSERT INTO person (id, national_id, surname, created_at, "
	    "  updated_at) VALUES (1, '85073003328', 'a', 'now', 'now'),"
	    "  (2, '90011512363', 'b', 'now', 'now'),"
	    "  (3, '72030445684', 'c', 'now', 'now'),"
	    "  (4, '01020378958', 'd', 'now', 'now'),"
	    "  (5, '55121200204', 'e', 'now', 'now');"
	    "INSERT INTO member (household_id, person_id, since, until) VALUES"
	    "  (1, 1, '2020-01-01', NULL), (1, 2, '2020-01-01', NULL),"
	    "  (2, 3, '2020-01-01', NULL), (1, 3, '2019-01-01', '2020-01-01'),"
	    "  (1, 4, '2020-01-01', NULL), (2, 4, '2020-01-01', NULL),"
	    "  (2, 5, '2019-01-01', '2020-01-01');";
	const char *a = "85073003328", *b = "90011512363", *c = "72030445684";
	const char *d = "01020378958", *e = "55121200204";
	const char *u = "66060600183", *x = "85073003329";
	struct db db;
	char err[512];
	long long hh = -1, p = -1;

	assert_int(db_open(&db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	assert_int(db_exec(&db, reg), ==, 0);
	{
		const char *n[] = { a };

		assert_str(try_link(&db, n, 1, &hh, &p), "national_id");
		assert_int(hh, ==, 1);
		assert_int(p, ==, 1);
	}
	{
		const char *n[] = { a, b, a, x };	/* one household */

		assert_str(try_link(&db, n, 4, &hh, &p), "national_id");
		assert_int(hh, ==, 1);
		assert_int(p, ==, 0);
	}
	{
		const char *n[] = { c };	/* moved: the current one */

		assert_str(try_link(&db, n, 1, &hh, &p), "national_id");
		assert_int(hh, ==, 2);
	}
	{
		const char *n[] = { a, c };

		assert_str(try_link(&db, n, 2, &hh, &p),
		    LINK_SEVERAL_HOUSEHOLDS);
		assert_int(hh, ==, 0);
	}
	{
		const char *n[] = { d };	/* a member of two households */

		assert_str(try_link(&db, n, 1, &hh, &p),
		    LINK_SEVERAL_HOUSEHOLDS);
	}
	{
		const char *n[] = { a, u };

		assert_str(try_link(&db, n, 2, &hh, &p), LINK_UNREGISTERED);
	}
	{
		const char *n[] = { u };

		assert_str(try_link(&db, n, 1, &hh, &p), LINK_UNKNOWN_NUMBER);
	}
	{
		const char *n[] = { e };	/* left, no household now */

		assert_str(try_link(&db, n, 1, &hh, &p), LINK_UNKNOWN_NUMBER);
	}
	{
		/* marked invalid, or marked valid but failing the check */
		const char *n[] = { "!85073003328", x };

		assert_str(try_link(&db, n, 2, &hh, &p), LINK_INVALID_NUMBER);
	}
	assert_str(try_link(&db, NULL, 0, &hh, &p), LINK_NO_NUMBER);
	assert_int(hh, ==, 0);
	db_close(&db);
}
