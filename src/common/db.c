/*
 * db.c - the SQLite archive: open, schema migrations, audit chain (db.h)
 *
 * The schema is an ordered array of migration steps; step N brings a file
 * from user_version N-1 to N and sets user_version itself, so the version
 * and the tables always change in the same transaction.  A new schema
 * version appends a step here and documents it in dossier-archive(5);
 * old steps are never edited.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "fileio.h"
#include "msg.h"
#include "sha256.h"
#include "strbuf.h"

/*
 * Version 1: the tables of SPEC §8, the page text index, the auditors'
 * views, and the triggers that keep evidence immutable.
 */
static const char db_schema_v1[] =
"PRAGMA application_id = 1146049363;\n"	/* DB_APPLICATION_ID */
"CREATE TABLE batch (\n"
"  id TEXT PRIMARY KEY NOT NULL,\n"
"  name TEXT NOT NULL,\n"
"  started_at TEXT,\n"
"  finished_at TEXT,\n"
"  pages_in INTEGER NOT NULL DEFAULT 0 CHECK (pages_in >= 0),\n"
"  pages_archived INTEGER NOT NULL DEFAULT 0 CHECK (pages_archived >= 0),\n"
"  pages_blank INTEGER NOT NULL DEFAULT 0 CHECK (pages_blank >= 0),\n"
"  cover_sheets INTEGER NOT NULL DEFAULT 0 CHECK (cover_sheets >= 0),\n"
"  duplicates INTEGER NOT NULL DEFAULT 0 CHECK (duplicates >= 0),\n"
"  quarantined INTEGER NOT NULL DEFAULT 0 CHECK (quarantined >= 0)\n"
");\n"
"CREATE TABLE source (\n"
"  id INTEGER PRIMARY KEY,\n"
"  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),\n"
"  file_name TEXT NOT NULL,\n"
"  media_type TEXT NOT NULL,\n"
"  size INTEGER NOT NULL CHECK (size >= 0),\n"
"  content BLOB NOT NULL,\n"
"  created_at TEXT NOT NULL,\n"
"  CHECK (length(content) = size)\n"
");\n"
"CREATE TABLE household (\n"
"  id INTEGER PRIMARY KEY,\n"
"  ref TEXT NOT NULL UNIQUE CHECK (length(ref) BETWEEN 1 AND 64),\n"
"  address TEXT,\n"
"  created_at TEXT NOT NULL\n"
");\n"
"CREATE TABLE person (\n"
"  id INTEGER PRIMARY KEY,\n"
"  national_id TEXT NOT NULL UNIQUE\n"
"    CHECK (length(national_id) = 11 AND national_id NOT GLOB '*[^0-9]*'),\n"
"  surname TEXT NOT NULL,\n"
"  given_name TEXT NOT NULL DEFAULT '',\n"
"  birth_date TEXT CHECK (birth_date IS NULL OR\n"
"    birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
"  created_at TEXT NOT NULL,\n"
"  updated_at TEXT NOT NULL\n"
");\n"
"CREATE TABLE member (\n"
"  id INTEGER PRIMARY KEY,\n"
"  household_id INTEGER NOT NULL REFERENCES household(id),\n"
"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
"  since TEXT NOT NULL,\n"
"  until TEXT,\n"
"  CHECK (until IS NULL OR until >= since)\n"
");\n"
"CREATE UNIQUE INDEX member_current ON member(person_id, household_id)\n"
"  WHERE until IS NULL;\n"
"CREATE INDEX member_household ON member(household_id);\n"
"CREATE TABLE document (\n"
"  id INTEGER PRIMARY KEY,\n"
"  batch_id TEXT REFERENCES batch(id),\n"
"  job_id TEXT,\n"
"  source_file TEXT NOT NULL,\n"
"  source_sha256 TEXT NOT NULL REFERENCES source(sha256),\n"
"  first_page INTEGER NOT NULL CHECK (first_page >= 1),\n"
"  page_count INTEGER NOT NULL CHECK (page_count >= 1),\n"
"  class TEXT NOT NULL DEFAULT 'other',\n"
"  class_score REAL,\n"
"  class_rules TEXT,\n"
"  household_id INTEGER REFERENCES household(id),\n"
"  person_id INTEGER REFERENCES person(id),\n"
"  link_method TEXT CHECK (link_method IN\n"
"    ('cover', 'index', 'national_id', 'name_birth', 'manual')),\n"
"  status TEXT NOT NULL CHECK (status IN ('filed', 'review')),\n"
"  review_reason TEXT,\n"
"  lang TEXT,\n"
"  created_at TEXT NOT NULL,\n"
"  UNIQUE (source_sha256, first_page),\n"
"  CHECK ((status = 'filed' AND household_id IS NOT NULL AND\n"
"      link_method IS NOT NULL AND review_reason IS NULL) OR\n"
"    (status = 'review' AND household_id IS NULL AND\n"
"      review_reason IS NOT NULL))\n"
");\n"
"CREATE INDEX document_batch ON document(batch_id);\n"
"CREATE INDEX document_household ON document(household_id);\n"
"CREATE INDEX document_status ON document(status, review_reason);\n"
"CREATE INDEX document_created ON document(created_at);\n"
"CREATE TABLE page (\n"
"  id INTEGER PRIMARY KEY,\n"
"  document_id INTEGER NOT NULL REFERENCES document(id),\n"
"  page_no INTEGER NOT NULL CHECK (page_no >= 1),\n"
"  source_page INTEGER NOT NULL CHECK (source_page >= 1),\n"
"  image BLOB,\n"
"  image_type TEXT CHECK (image_type IN ('tiff-g4', 'png')),\n"
"  image_sha256 TEXT CHECK (length(image_sha256) = 64),\n"
"  width INTEGER,\n"
"  height INTEGER,\n"
"  dpi INTEGER,\n"
"  skew_deg REAL,\n"
"  orientation INTEGER NOT NULL DEFAULT 0\n"
"    CHECK (orientation IN (0, 90, 180, 270)),\n"
"  blank INTEGER NOT NULL DEFAULT 0 CHECK (blank IN (0, 1)),\n"
"  threshold INTEGER,\n"
"  blank_score REAL,\n"
"  skew_conf REAL,\n"
"  ocr_conf REAL,\n"
"  lang TEXT,\n"
"  text TEXT,\n"
"  UNIQUE (document_id, page_no),\n"
"  CHECK ((image IS NULL) = (image_sha256 IS NULL)),\n"
"  CHECK (image IS NOT NULL OR blank = 1)\n"
");\n"
"CREATE TABLE tag (\n"
"  id INTEGER PRIMARY KEY,\n"
"  document_id INTEGER NOT NULL REFERENCES document(id),\n"
"  name TEXT NOT NULL CHECK (length(name) > 0),\n"
"  value TEXT NOT NULL DEFAULT '',\n"
"  UNIQUE (document_id, name, value)\n"
");\n"
"CREATE INDEX tag_name ON tag(name, value);\n"
"CREATE TABLE field (\n"
"  id INTEGER PRIMARY KEY,\n"
"  document_id INTEGER NOT NULL REFERENCES document(id),\n"
"  page_id INTEGER REFERENCES page(id),\n"
"  kind TEXT NOT NULL CHECK (kind IN\n"
"    ('national_id', 'iban', 'date', 'amount', 'nir', 'dossier_ref')),\n"
"  value TEXT NOT NULL,\n"
"  normalized TEXT NOT NULL DEFAULT '',\n"
"  valid INTEGER NOT NULL CHECK (valid IN (0, 1))\n"
");\n"
"CREATE INDEX field_document ON field(document_id);\n"
"CREATE INDEX field_lookup ON field(kind, normalized);\n"
"CREATE TABLE audit (\n"
"  seq INTEGER PRIMARY KEY,\n"
"  at TEXT NOT NULL,\n"
"  actor TEXT NOT NULL,\n"
"  action TEXT NOT NULL,\n"
"  object TEXT NOT NULL DEFAULT '',\n"
"  detail TEXT NOT NULL DEFAULT '',\n"
"  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),\n"
"  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)\n"
");\n"
"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
"BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n"
"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
"BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n"
"CREATE TRIGGER audit_chain BEFORE INSERT ON audit\n"
"WHEN NEW.seq IS NOT (SELECT ifnull(max(seq), 0) + 1 FROM audit)\n"
"  OR NEW.prev_hash IS NOT ifnull((SELECT hash FROM audit\n"
"    ORDER BY seq DESC LIMIT 1),\n"
"    '0000000000000000000000000000000000000000000000000000000000000000')\n"
"BEGIN SELECT RAISE(ABORT, 'audit row does not extend the chain'); END;\n"
"CREATE TRIGGER source_immutable BEFORE UPDATE OF sha256, size, content\n"
"  ON source\n"
"BEGIN SELECT RAISE(ABORT, 'source content is evidence'); END;\n"
"CREATE TRIGGER page_image_immutable BEFORE UPDATE OF image, image_sha256\n"
"  ON page\n"
"BEGIN SELECT RAISE(ABORT, 'page images are evidence'); END;\n"
"CREATE VIRTUAL TABLE page_fts USING fts5(text, content='page',\n"
"  content_rowid='id', tokenize='unicode61 remove_diacritics 2');\n"
"CREATE TRIGGER page_fts_insert AFTER INSERT ON page\n"
"BEGIN INSERT INTO page_fts(rowid, text) VALUES (NEW.id, NEW.text); END;\n"
"CREATE TRIGGER page_fts_delete AFTER DELETE ON page\n"
"BEGIN INSERT INTO page_fts(page_fts, rowid, text)\n"
"  VALUES ('delete', OLD.id, OLD.text); END;\n"
"CREATE TRIGGER page_fts_update AFTER UPDATE OF text ON page\n"
"BEGIN INSERT INTO page_fts(page_fts, rowid, text)\n"
"  VALUES ('delete', OLD.id, OLD.text);\n"
"  INSERT INTO page_fts(rowid, text) VALUES (NEW.id, NEW.text); END;\n"
"CREATE VIEW v_document AS\n"
"  SELECT d.id, d.batch_id, h.ref AS household_ref, d.person_id,\n"
"    d.class, d.class_score, d.status, d.review_reason, d.link_method,\n"
"    d.source_file, d.source_sha256, d.first_page, d.page_count, d.lang,\n"
"    d.created_at\n"
"  FROM document d LEFT JOIN household h ON h.id = d.household_id;\n"
"CREATE VIEW v_review AS\n"
"  SELECT d.id, d.batch_id, d.review_reason, d.class, d.source_file,\n"
"    d.first_page, d.page_count, d.created_at\n"
"  FROM document d WHERE d.status = 'review';\n"
"CREATE VIEW v_member AS\n"
"  SELECT h.ref AS household_ref, p.id AS person_id, p.national_id,\n"
"    p.surname, p.given_name, p.birth_date, m.since\n"
"  FROM member m JOIN household h ON h.id = m.household_id\n"
"    JOIN person p ON p.id = m.person_id\n"
"  WHERE m.until IS NULL;\n"
"CREATE VIEW v_batch AS\n"
"  SELECT b.*, b.pages_in - (b.pages_archived + b.pages_blank +\n"
"    b.cover_sheets + b.quarantined) AS unaccounted\n"
"  FROM batch b;\n"
"PRAGMA user_version = 1;\n";

/*
 * Version 2: every decision page cleanup took, so that an auditor can see
 * why a page looks as it does (dossier-deskew(1) explains each).
 */
static const char db_schema_v2[] =
"ALTER TABLE page ADD COLUMN binarisation TEXT;\n"
"ALTER TABLE page ADD COLUMN orientation_conf REAL;\n"
"ALTER TABLE page ADD COLUMN orientation_uncertain INTEGER\n"
"  CHECK (orientation_uncertain IN (0, 1));\n"
"ALTER TABLE page ADD COLUMN dpi_source INTEGER;\n"
"ALTER TABLE page ADD COLUMN dpi_assumed INTEGER\n"
"  CHECK (dpi_assumed IN (0, 1));\n"
"ALTER TABLE page ADD COLUMN scale REAL;\n"
"ALTER TABLE page ADD COLUMN border_share REAL;\n"
"ALTER TABLE page ADD COLUMN holes INTEGER;\n"
"ALTER TABLE page ADD COLUMN photo_share REAL;\n"
"PRAGMA user_version = 2;\n";

/*
 * Version 3: what the inputs of SPEC §4 need.  A member of an archive is
 * a source of its own, tied to the archive it came from (container and
 * member path; the archive's bytes are a source row too, kept once).  A
 * document records the cover sheets that started it (counted in its
 * batch, not archived as pages) and which of its values came from a
 * migration index.  A page records the decoder that read it (a PDF
 * library and its version).
 */
static const char db_schema_v3[] =
"ALTER TABLE source ADD COLUMN container_sha256 TEXT;\n"
"ALTER TABLE source ADD COLUMN member TEXT;\n"
"CREATE INDEX source_container ON source(container_sha256)\n"
"  WHERE container_sha256 IS NOT NULL;\n"
"ALTER TABLE document ADD COLUMN cover_sheets INTEGER NOT NULL DEFAULT 0;\n"
"ALTER TABLE document ADD COLUMN from_index TEXT;\n"
"ALTER TABLE page ADD COLUMN decoder TEXT;\n"
"PRAGMA user_version = 3;\n";

/*
 * Version 4: the digest of a page's decoded pixels, so that the same
 * page saved in another format is found (a probable duplicate).
 */
static const char db_schema_v4[] =
"ALTER TABLE page ADD COLUMN pixels_sha256 TEXT;\n"
"CREATE INDEX page_pixels ON page(pixels_sha256)\n"
"  WHERE pixels_sha256 IS NOT NULL;\n"
"PRAGMA user_version = 4;\n";

/*
 * The evidence rules of schema 5 (dossier-archive(5) "Evidence"): a fact
 * that matters (a document's filing and class, a page's image and text,
 * a source, a membership) changes only right after the audit row that
 * names it; a filing word or an image digest that changes must be stated
 * in that row (key=value words) and agree with the new row.  audit_last
 * is the last audit row, its words decoded (db_kv()).
 */
#define EV_DEC(x) "replace(replace(replace(replace(replace(" x ", " \
	"'%20', ' '), '%09', char(9)), '%0A', char(10)), '%0D', " \
	"char(13)), '%25', '%')"
#define EV_KV(k, n) "  CASE WHEN instr(d, ' " k "=') = 0 THEN NULL ELSE " \
	EV_DEC("substr(d, instr(d, ' " k "=') + " n ", instr(substr(d, " \
	"instr(d, ' " k "=') + " n "), ' ') - 1)") " END AS " k

/* a source changes only by its audit row (schema 5; made again by 7) */
#define SOURCE_TRIGGERS \
"CREATE TRIGGER source_audited BEFORE UPDATE OF sha256, size, content,\n" \
"  container_sha256, member ON source\n" \
"WHEN NOT EXISTS (SELECT 1 FROM audit_last\n" \
"  WHERE object = 'source:' || OLD.sha256)\n" \
"BEGIN SELECT RAISE(ABORT, 'source content is evidence: " \
"its audit row comes first'); END;\n" \
"CREATE TRIGGER source_erase_audited BEFORE DELETE ON source\n" \
"WHEN NOT EXISTS (SELECT 1 FROM audit_last\n" \
"  WHERE object = 'source:' || OLD.sha256 AND action = 'source.erase')\n" \
"BEGIN SELECT RAISE(ABORT, 'a source is removed only by an audited " \
"erasure'); END;\n"

/*
 * Version 5: what the people's tools and the evidence rules need: the
 * date a document is about, and the facts each later tool records.
 */
static const char db_schema_v5[] =
"ALTER TABLE document ADD COLUMN doc_date TEXT CHECK (doc_date IS NULL OR\n"
"  doc_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');\n"
"CREATE INDEX document_date ON document(household_id, doc_date);\n"
"DROP TRIGGER IF EXISTS source_immutable;\n"
"DROP TRIGGER IF EXISTS page_image_immutable;\n"
"CREATE VIEW audit_last AS SELECT seq, object, action,\n"
EV_KV("household", "11") ",\n"
EV_KV("status", "8") ",\n"
EV_KV("class", "7") ",\n"
EV_KV("link", "6") ",\n"
EV_KV("person", "8") ",\n"
EV_KV("image_sha256", "14") "\n"
"  FROM (SELECT seq, object, action, ' ' || detail || ' ' AS d\n"
"    FROM audit ORDER BY seq DESC LIMIT 1);\n"
"CREATE TRIGGER document_audited BEFORE UPDATE OF household_id, person_id,\n"
"  status, link_method, class, source_sha256, first_page, page_count\n"
"  ON document\n"
"WHEN NOT EXISTS (SELECT 1 FROM audit_last a\n"
"  WHERE a.object = 'document:' || OLD.id\n"
"  AND (a.household IS ifnull((SELECT ref FROM household\n"
"    WHERE id = NEW.household_id), '-') OR (a.household IS NULL AND\n"
"    NEW.household_id IS OLD.household_id))\n"
"  AND (a.status IS NEW.status OR (a.status IS NULL AND\n"
"    NEW.status IS OLD.status))\n"
"  AND (a.class IS NEW.class OR (a.class IS NULL AND\n"
"    NEW.class IS OLD.class))\n"
"  AND (a.link IS ifnull(NEW.link_method, '-') OR (a.link IS NULL AND\n"
"    NEW.link_method IS OLD.link_method))\n"
"  AND (a.person IS ifnull(CAST(NEW.person_id AS TEXT), '-') OR\n"
"    (a.person IS NULL AND NEW.person_id IS OLD.person_id)))\n"
"BEGIN SELECT RAISE(ABORT, 'a document''s filing is evidence: "
"its audit row comes first'); END;\n"
"CREATE TRIGGER document_erase_audited BEFORE DELETE ON document\n"
"WHEN NOT EXISTS (SELECT 1 FROM audit_last\n"
"  WHERE object = 'document:' || OLD.id AND action = 'document.erase')\n"
"BEGIN SELECT RAISE(ABORT, 'a document is removed only by an audited "
"erasure'); END;\n"
"CREATE TRIGGER page_audited BEFORE UPDATE OF document_id, page_no,\n"
"  source_page, image, image_sha256, text, blank ON page\n"
"WHEN NOT EXISTS (SELECT 1 FROM audit_last a\n"
"  WHERE a.object = 'page:' || OLD.id\n"
"  AND (a.image_sha256 IS ifnull(NEW.image_sha256, '-') OR\n"
"    (a.image_sha256 IS NULL AND NEW.image_sha256 IS OLD.image_sha256)))\n"
"BEGIN SELECT RAISE(ABORT, 'a page''s image and text are evidence: "
"its audit row comes first'); END;\n"
"CREATE TRIGGER page_erase_audited BEFORE DELETE ON page\n"
"WHEN NOT EXISTS (SELECT 1 FROM audit_last\n"
"  WHERE object = 'page:' || OLD.id AND action = 'page.erase')\n"
"BEGIN SELECT RAISE(ABORT, 'a page is removed only by an audited "
"erasure'); END;\n"
SOURCE_TRIGGERS
"CREATE TRIGGER member_audited BEFORE UPDATE ON member\n"
"WHEN NOT EXISTS (SELECT 1 FROM audit_last\n"
"  WHERE object IN ('person:' || OLD.person_id,\n"
"    'person:' || NEW.person_id))\n"
"BEGIN SELECT RAISE(ABORT, 'a membership is evidence: "
"its audit row comes first'); END;\n"
"CREATE TRIGGER member_delete_audited BEFORE DELETE ON member\n"
"WHEN NOT EXISTS (SELECT 1 FROM audit_last\n"
"  WHERE object = 'person:' || OLD.person_id)\n"
"BEGIN SELECT RAISE(ABORT, 'a membership is evidence: "
"its audit row comes first'); END;\n"
"CREATE TABLE hold (\n"
"  id INTEGER PRIMARY KEY,\n"
"  object TEXT NOT NULL CHECK (object GLOB 'document:*' OR\n"
"    object GLOB 'household:*' OR object GLOB 'class:*'),\n"
"  reason TEXT NOT NULL CHECK (length(reason) > 0),\n"
"  actor TEXT NOT NULL,\n"
"  created_at TEXT NOT NULL,\n"
"  released_at TEXT\n"
");\n"
"CREATE INDEX hold_object ON hold(object) WHERE released_at IS NULL;\n"
"CREATE TRIGGER hold_audited BEFORE UPDATE ON hold\n"
"WHEN NOT EXISTS (SELECT 1 FROM audit_last\n"
"  WHERE object = 'hold:' || OLD.id AND action = 'hold.release')\n"
"BEGIN SELECT RAISE(ABORT, 'a legal hold is released only by an "
"audited release'); END;\n"
"CREATE TRIGGER hold_no_delete BEFORE DELETE ON hold\n"
"BEGIN SELECT RAISE(ABORT, 'a legal hold is released, not "
"deleted'); END;\n"
"CREATE TRIGGER document_hold BEFORE DELETE ON document\n"
"WHEN EXISTS (SELECT 1 FROM hold WHERE released_at IS NULL AND\n"
"  object IN ('document:' || OLD.id, 'class:' || OLD.class,\n"
"    'household:' || (SELECT ref FROM household\n"
"      WHERE id = OLD.household_id)))\n"
"BEGIN SELECT RAISE(ABORT, 'the document is under legal hold'); END;\n"
"CREATE TABLE tombstone (\n"
"  id INTEGER PRIMARY KEY,\n"
"  document_id INTEGER NOT NULL UNIQUE,\n"
"  batch_id TEXT,\n"
"  household_id INTEGER,\n"
"  class TEXT NOT NULL,\n"
"  doc_date TEXT,\n"
"  created_at TEXT NOT NULL,\n"
"  source_sha256 TEXT NOT NULL,\n"
"  source_erased INTEGER NOT NULL CHECK (source_erased IN (0, 1)),\n"
"  pages_archived INTEGER NOT NULL DEFAULT 0,\n"
"  pages_blank INTEGER NOT NULL DEFAULT 0,\n"
"  cover_sheets INTEGER NOT NULL DEFAULT 0,\n"
"  digests TEXT NOT NULL DEFAULT '',\n"
"  reason TEXT NOT NULL CHECK (length(reason) > 0),\n"
"  actor TEXT NOT NULL,\n"
"  erased_at TEXT NOT NULL\n"
");\n"
"CREATE INDEX tombstone_batch ON tombstone(batch_id);\n"
"CREATE TRIGGER tombstone_no_update BEFORE UPDATE ON tombstone\n"
"BEGIN SELECT RAISE(ABORT, 'a tombstone is evidence'); END;\n"
"CREATE TRIGGER tombstone_no_delete BEFORE DELETE ON tombstone\n"
"BEGIN SELECT RAISE(ABORT, 'a tombstone is evidence'); END;\n"
"ALTER TABLE page ADD COLUMN words TEXT;\n"
"ALTER TABLE page ADD COLUMN ocr_doubt TEXT;\n"
"CREATE INDEX person_birth ON person(birth_date);\n"
"CREATE INDEX member_person ON member(person_id, since);\n"
"ALTER TABLE batch ADD COLUMN released INTEGER NOT NULL DEFAULT 0\n"
"  CHECK (released >= 0);\n"
"ALTER TABLE page ADD COLUMN dpi_estimate INTEGER\n"
"  CHECK (dpi_estimate IS NULL OR dpi_estimate >= 0);\n"
"ALTER TABLE page ADD COLUMN cleanup_fallback TEXT;\n"
"CREATE INDEX audit_object ON audit(object);\n"
"CREATE TABLE provenance (\n"
"  id INTEGER PRIMARY KEY,\n"
"  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),\n"
"  settings TEXT NOT NULL\n"
");\n"
"ALTER TABLE document ADD COLUMN provenance_id INTEGER\n"
"  REFERENCES provenance(id);\n"
"CREATE TRIGGER provenance_no_update BEFORE UPDATE ON provenance\n"
"BEGIN SELECT RAISE(ABORT, 'provenance is evidence'); END;\n"
"PRAGMA user_version = 5;\n";

/*
 * version 6: when a writer last ran PRAGMA quick_check over the whole
 * file and it passed (one row; not evidence, not audited)
 */
static const char db_schema_v6[] =
"CREATE TABLE archive_check (\n"
"  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
"  at TEXT NOT NULL,\n"
"  pages INTEGER NOT NULL CHECK (pages >= 0)\n"
");\n"
"PRAGMA user_version = 6;\n";

/*
 * Version 7: source's content is the table's last column, so that
 * dossier-load streams a source into the archive in 1 MB pieces.  SQLite
 * keeps the zeroblob a source row is inserted with unexpanded only where
 * nothing but NULLs follows it in the record, and evaluates no function
 * of it (a CHECK of its length expanded it): before, a 200 MB source took
 * 592 MB of memory to load, now some 10 MB.  Its length is checked by the
 * writer, which writes exactly size bytes and checks their digest, and by
 * dossier-verify(1).  The table is made anew only while it is empty (a
 * new archive): an archive that holds sources keeps its layout, as
 * rebuilding it would copy every source at the first open of a writer
 * (see db_schema_v7_kept).
 */
static const char db_schema_v7[] =
"DROP TABLE source;\n"
"CREATE TABLE source (\n"
"  id INTEGER PRIMARY KEY,\n"
"  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),\n"
"  file_name TEXT NOT NULL,\n"
"  media_type TEXT NOT NULL,\n"
"  size INTEGER NOT NULL CHECK (size >= 0),\n"
"  created_at TEXT NOT NULL,\n"
"  container_sha256 TEXT,\n"
"  member TEXT,\n"
"  content BLOB NOT NULL\n"
");\n"
"CREATE INDEX source_container ON source(container_sha256)\n"
"  WHERE container_sha256 IS NOT NULL;\n"
SOURCE_TRIGGERS
"PRAGMA user_version = 7;\n";

/* version 7 where source holds rows: their layout kept */
static const char db_schema_v7_kept[] =
"PRAGMA user_version = 7;\n";

/* the migration steps: db_migrations[N - 1] brings version N-1 to N */
static const char *const db_migrations[] = {
	db_schema_v1,
	db_schema_v2,
	db_schema_v3,
	db_schema_v4,
	db_schema_v5,
	db_schema_v6,
	db_schema_v7,
};

#define NMIGRATIONS (sizeof(db_migrations) / sizeof(db_migrations[0]))

/* db_rc_temp - 1 unless RC blames the data (constraint, size, type) */
int
db_rc_temp(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
	case SQLITE_TOOBIG:
	case SQLITE_MISMATCH:
	case SQLITE_RANGE:
		return 0;	/* the data is at fault */
	default:
		/* busy, locked, I/O, full, corrupt, ...: stop, retry later */
		return 1;
	}
}

/* db_temp - db_rc_temp() of the last failure */
int
db_temp(const struct db *db)
{
	return db_rc_temp(db->rc);
}

/* db_fail - keep the connection's error as "WHAT: message"; -1 */
int
db_fail(struct db *db, const char *what)
{
	if (db->h != NULL) {
		int sys = sqlite3_system_errno(db->h);

		db->rc = sqlite3_extended_errcode(db->h);
		/* "disk I/O error" says little: the system's reason too */
		if (sys != 0 && ((db->rc & 0xff) == SQLITE_IOERR ||
		    (db->rc & 0xff) == SQLITE_FULL ||
		    (db->rc & 0xff) == SQLITE_CANTOPEN ||
		    (db->rc & 0xff) == SQLITE_READONLY))
			snprintf(db->err, sizeof(db->err), "%s: %s (%s)", what,
			    sqlite3_errmsg(db->h), strerror(sys));
		else
			snprintf(db->err, sizeof(db->err), "%s: %s", what,
			    sqlite3_errmsg(db->h));
	} else {
		db->rc = SQLITE_CANTOPEN;
		snprintf(db->err, sizeof(db->err), "%s", what);
	}
	return -1;
}

/* utc_now - now in UTC into BUF: the date, and the time if WITH_TIME */
static void
utc_now(int with_time, char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	if (strftime(buf, size, with_time ? "%Y-%m-%dT%H:%M:%SZ" :
	    "%Y-%m-%d", &tm) == 0 && size > 0)
		buf[0] = '\0';
}

/* db_timestamp - now, ISO 8601 UTC, into BUF */
void
db_timestamp(char *buf, size_t size)
{
	utc_now(1, buf, size);
}

/* db_today - today's UTC date into BUF */
void
db_today(char *buf, size_t size)
{
	utc_now(0, buf, size);
}

/* db_exec - run constant SQL; 0, or -1 with db->err */
int
db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc;

	rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		db->rc = rc;
		snprintf(db->err, sizeof(db->err), "%s",
		    msg != NULL ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* db_begin - BEGIN IMMEDIATE (the write lock, waiting busy_timeout) */
int
db_begin(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

/* db_commit - COMMIT, or roll back and return -1 */
int
db_commit(struct db *db)
{
	if (db_exec(db, "COMMIT") < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* db_rollback - ROLLBACK an open transaction; db->err is kept */
void
db_rollback(struct db *db)
{
	/* keep the first failure's reason: it is the one to report */
	if (db->h != NULL && !sqlite3_get_autocommit(db->h))
		(void)sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

/* db_stmt - the cached statement for constant SQL, reset; NULL on error */
sqlite3_stmt *
db_stmt(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	for (i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql) {
			sqlite3_reset(db->cache[i].st);
			sqlite3_clear_bindings(db->cache[i].st);
			return db->cache[i].st;
		}
	if (sqlite3_prepare_v3(db->h, sql, -1,
	    db->ncache < DB_STMT_MAX ? SQLITE_PREPARE_PERSISTENT : 0, &st,
	    NULL) != SQLITE_OK) {
		db_fail(db, "cannot prepare statement");
		return NULL;
	}
	if (db->ncache == DB_STMT_MAX) {
		/* XXX a full cache is a programming error: say so loudly */
		sqlite3_finalize(st);
		db->rc = SQLITE_MISUSE;
		snprintf(db->err, sizeof(db->err), "statement cache full");
		return NULL;
	}
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].st = st;
	db->ncache++;
	return st;
}

/* db_done - reset ST and clear its bindings */
void
db_done(sqlite3_stmt *st)
{
	if (st != NULL) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

/* db_close - finalize the cache, roll back, close; idempotent */
void
db_close(struct db *db)
{
	size_t i;

	for (i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	db->ncache = 0;
	if (db->h != NULL) {
		db_rollback(db);
		if (sqlite3_close(db->h) != SQLITE_OK)
			msg_warn("cannot close archive '%s': %s", db->path,
			    sqlite3_errmsg(db->h));
		db->h = NULL;
	}
}

/* pragma_int - the integer result of a PRAGMA query (constant text) */
static int
pragma_int(struct db *db, const char *sql, long long *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot read archive header");
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, "cannot read archive header");
	}
	*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/*
 * secure_file - make sure the archive PATH (and its -wal and -shm files)
 * is not readable by group or others
 */
static int
secure_file(struct db *db, const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm", NULL };
	char p[PATH_MAX + 8];
	struct stat st;
	int i;

	for (i = 0; sfx[i] != NULL; i++) {
		snprintf(p, sizeof(p), "%s%s", path, sfx[i]);
		if (stat(p, &st) < 0) {
			if (i > 0 && errno == ENOENT)
				continue;
			db->rc = SQLITE_CANTOPEN;
			snprintf(db->err, sizeof(db->err), "cannot open "
			    "archive '%s': %s", p, strerror(errno));
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			db->rc = SQLITE_CANTOPEN;
			snprintf(db->err, sizeof(db->err), "archive '%s' is "
			    "not a regular file", p);
			return -1;
		}
		if ((st.st_mode & 077) == 0)
			continue;
		if (st.st_uid != geteuid()) {
			db->rc = SQLITE_CANTOPEN;
			snprintf(db->err, sizeof(db->err), "archive '%s' is "
			    "accessible to group or others and not ours to "
			    "fix (mode %03o)", p, (unsigned)st.st_mode & 0777);
			return -1;
		}
		if (chmod(p, st.st_mode & 0600) < 0) {
			db->rc = SQLITE_CANTOPEN;
			snprintf(db->err, sizeof(db->err), "cannot make '%s' "
			    "owner-only: %s", p, strerror(errno));
			return -1;
		}
		msg_warn("archive '%s' was accessible to group or others "
		    "(mode %03o): made owner-only", p,
		    (unsigned)st.st_mode & 0777);
	}
	return 0;
}

/*
 * empty_file - refuse an archive PATH of zero bytes: SQLite would take it
 * for a new database, and every document would go to review against an
 * empty registry.  A new archive is made by create_archive(), never found
 * empty.
 */
static int
empty_file(struct db *db, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0 || st.st_size > 0)
		return 0;
	db->rc = SQLITE_NOTADB;
	snprintf(db->err, sizeof(db->err), "archive '%s' is an empty file, "
	    "not an archive: restore it from a backup (or remove it to start "
	    "a new archive)", path);
	return -1;
}

/*
 * quick_check - PRAGMA quick_check before a writer touches the archive:
 * a damaged file must not take new documents.  0, or -1 with the first
 * complaint in db->err.
 */
static int
quick_check(struct db *db)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *r;
	int rc;

	if (sqlite3_prepare_v2(db->h, "PRAGMA quick_check(1)", -1, &st,
	    NULL) != SQLITE_OK) {
		db_fail(db, "cannot check archive");
		goto damaged;
	}
	rc = sqlite3_step(st);
	r = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	if (r != NULL && strcmp((const char *)r, "ok") == 0) {
		sqlite3_finalize(st);
		return 0;
	}
	if (r != NULL) {
		db->rc = SQLITE_CORRUPT;
		snprintf(db->err, sizeof(db->err), "quick_check: %s", r);
	} else
		db_fail(db, "quick_check");
	sqlite3_finalize(st);
damaged:
	{
		char why[DB_ERRLEN];

		snprintf(why, sizeof(why), "%s", db->err);
		snprintf(db->err, sizeof(db->err), "archive '%s' is damaged "
		    "(%s): restore it from a backup", db->path, why);
	}
	return -1;
}

/*
 * checked_lately - whether a full quick_check passed within the last
 * DB_CHECK_HOURS (and not in the future: a clock put back); 0 when the
 * archive has no record (older schema, never checked)
 */
static int
checked_lately(struct db *db)
{
	static const char sql[] =
	    "SELECT at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?1) AND "
	    "at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+1 hour') "
	    "FROM archive_check WHERE id = 1";
	sqlite3_stmt *st = NULL;
	char ago[32];
	int lately = 0;

	snprintf(ago, sizeof(ago), "-%d hours", DB_CHECK_HOURS);
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_text(st, 1, ago, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		lately = sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	return lately;
}

/*
 * note_check - record that a full quick_check passed now; a failure to
 * record it only means the next writer checks again
 */
static void
note_check(struct db *db)
{
	static const char sql[] =
	    "INSERT OR REPLACE INTO archive_check (id, at, pages) "
	    "VALUES (1, ?1, (SELECT page_count FROM pragma_page_count()))";
	sqlite3_stmt *st = NULL;
	char now[32];

	db_timestamp(now, sizeof(now));
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC) == SQLITE_OK)
		(void)sqlite3_step(st);
	sqlite3_finalize(st);
}

/*
 * migrate_audit - the audit row of a migration of an archive that had
 * data (FROM >= 1) to schema 5 or later: the highest document, page and
 * source ids of then, so that dossier-verify(1) knows which rows were
 * loaded before the audit carried their digests
 */
static int
migrate_audit(struct db *db, long long from)
{
	char detail[256];
	long long doc, page, src;

	if (from < 1 || from >= 5)
		return 0;
	if (pragma_int(db, "SELECT ifnull(max(id), 0) FROM document",
	    &doc) < 0 || pragma_int(db, "SELECT ifnull(max(id), 0) FROM page",
	    &page) < 0 || pragma_int(db, "SELECT ifnull(max(id), 0) FROM "
	    "source", &src) < 0)
		return -1;
	snprintf(detail, sizeof(detail), "from=%lld to=%d document_max=%lld "
	    "page_max=%lld source_max=%lld", from, DB_SCHEMA_VERSION, doc,
	    page, src);
	return db_audit(db, DB_ACTOR, "archive.migrate", "archive", detail);
}

/*
 * migrate - bring the schema from its version to DB_SCHEMA_VERSION in one
 * transaction; the version is read again under the write lock, since
 * another worker may have migrated in the meantime
 */
static int
migrate(struct db *db)
{
	const char *sql;
	long long v, n;
	size_t i;

	if (db_begin(db) < 0)
		goto fail;
	if (pragma_int(db, "PRAGMA user_version", &v) < 0)
		goto fail;
	if (v == 0) {
		if (pragma_int(db, "SELECT count(*) FROM sqlite_master",
		    &n) < 0)
			goto fail;
		if (n != 0) {
			db->rc = SQLITE_NOTADB;
			snprintf(db->err, sizeof(db->err), "'%s' is an SQLite "
			    "database but not a dossier archive", db->path);
			goto fail;
		}
	}
	for (i = (size_t)v; i < NMIGRATIONS; i++) {
		sql = db_migrations[i];
		if (sql == db_schema_v7) {
			if (pragma_int(db, "SELECT EXISTS (SELECT 1 FROM "
			    "source)", &n) < 0)
				goto fail;
			if (n != 0)
				sql = db_schema_v7_kept;
		}
		if (db_exec(db, sql) < 0) {
			char why[DB_ERRLEN];

			snprintf(why, sizeof(why), "%s", db->err);
			snprintf(db->err, sizeof(db->err), "archive '%s': "
			    "migration to schema version %zu failed: %s",
			    db->path, i + 1, why);
			goto fail;
		}
	}
	if (migrate_audit(db, v) < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/*
 * conn_open - open the SQLite file FILE into db->h and set what every
 * connection needs: extended codes, busy timeout, foreign keys and, unless
 * READONLY, WAL and synchronous=FULL.  0, or -1 with db->err (db->h may be
 * left open: the caller closes it).
 */
static int
conn_open(struct db *db, const char *file, int readonly)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *mode;
	int rc;

	rc = sqlite3_open_v2(file, &db->h, SQLITE_OPEN_NOFOLLOW |
	    SQLITE_OPEN_NOMUTEX | (readonly ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE), NULL);
	if (rc != SQLITE_OK) {
		char what[PATH_MAX + 32];

		snprintf(what, sizeof(what), "cannot open archive '%s'", file);
		return db_fail(db, what);
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
	/*
	 * trusted_schema stays on: the page_fts triggers need it (FTS5 is
	 * not marked innocuous), and the file is ours and owner-only
	 */
	if (db_exec(db, "PRAGMA foreign_keys = ON") < 0)
		return -1;
	if (readonly)
		return 0;
	if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		db_fail(db, "cannot set WAL mode");
		sqlite3_finalize(st);
		return -1;
	}
	mode = sqlite3_column_text(st, 0);
	if (mode == NULL || strcmp((const char *)mode, "wal") != 0) {
		db->rc = SQLITE_CANTOPEN;
		snprintf(db->err, sizeof(db->err), "cannot set WAL mode (got "
		    "'%s')", mode ? (const char *)mode : "");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return db_exec(db, "PRAGMA synchronous = FULL");
}

/* unlink_db - remove the SQLite file FILE and its -journal, -wal, -shm */
static void
unlink_db(const char *file)
{
	static const char *const sfx[] = { "", "-journal", "-wal", "-shm",
	    NULL };
	char p[PATH_MAX + 16];
	int i;

	for (i = 0; sfx[i] != NULL; i++) {
		snprintf(p, sizeof(p), "%s%s", file, sfx[i]);
		(void)unlink(p);
	}
}

/*
 * publish - give the finished file TMP the name PATH unless PATH exists,
 * atomically, and fsync the directory: 1 done, 0 PATH exists, -1 error.
 * rename_noreplace()'s fallback is not atomic, and two loads creating the
 * same archive must not clobber each other: where renameat2 cannot,
 * link() does.
 */
static int
publish(const char *tmp, const char *path)
{
	char dir[PATH_MAX];
	int rc = -1;

#ifdef RENAME_NOREPLACE
	rc = renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);
	if (rc < 0 && errno != EINVAL && errno != ENOSYS)
		return errno == EEXIST ? 0 : -1;
#endif
	if (rc < 0 && link(tmp, path) < 0)
		return errno == EEXIST ? 0 : -1;
	path_dirname(path, dir, sizeof(dir));
	return dir_fsync(dir) < 0 ? -1 : 1;
}

/*
 * create_archive - make a new archive appear at db->path whole or not at
 * all.  Another stage may open the archive at any moment (ingest looks
 * for duplicates while load creates it): it must never see a file without
 * its schema.  So the schema is built in a private file beside it,
 * PATH.new-PID (owner-only), which is closed and then renamed to PATH
 * only if PATH is still missing (RENAME_NOREPLACE) and the directory
 * fsync'ed.  If another creator won the race, ours is dropped and theirs
 * is used.  1 when ours is PATH now, 0 when theirs is, -1 with db->err.
 */
static int
create_archive(struct db *db)
{
	char tmp[PATH_MAX + 32];
	long long busy = 0;
	int fd, ok, created = 0;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new-%ld", db->path,
	    (long)getpid()) >= sizeof(tmp)) {
		db->rc = SQLITE_CANTOPEN;
		snprintf(db->err, sizeof(db->err), "archive path too long");
		return -1;
	}
	unlink_db(tmp);		/* left by a dead process that had our pid */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0) {
		db->rc = SQLITE_CANTOPEN;
		snprintf(db->err, sizeof(db->err), "cannot create archive "
		    "'%s': %s", db->path, strerror(errno));
		return -1;
	}
	close(fd);
	ok = conn_open(db, tmp, 0) == 0 && migrate(db) == 0;
	/* everything into the file itself: only TMP is renamed, not its WAL */
	if (ok && (pragma_int(db, "PRAGMA wal_checkpoint(TRUNCATE)",
	    &busy) < 0 || busy != 0)) {
		if (busy != 0)
			db->rc = SQLITE_BUSY;
		snprintf(db->err, sizeof(db->err), "cannot create archive "
		    "'%s': cannot checkpoint '%s'", db->path, tmp);
		ok = 0;
	}
	if (!ok && strstr(db->err, db->path) == NULL) {
		char why[DB_ERRLEN];

		snprintf(why, sizeof(why), "%s", db->err);
		snprintf(db->err, sizeof(db->err), "cannot create archive "
		    "'%s': %s", db->path, why);
	}
	/* the last close removes the (empty) WAL */
	if (db->h != NULL && sqlite3_close(db->h) != SQLITE_OK && ok) {
		db_fail(db, "cannot create archive: cannot close it");
		ok = 0;
	}
	db->h = NULL;
	if (ok && (created = publish(tmp, db->path)) < 0) {
		db->rc = SQLITE_CANTOPEN;
		snprintf(db->err, sizeof(db->err), "cannot create archive "
		    "'%s': cannot rename '%s' to it: %s", db->path, tmp,
		    strerror(errno));
		ok = 0;
	}
	unlink_db(tmp);		/* gone, unless link() or a loser left it */
	return ok ? created : -1;
}

/* db_open - open, secure, configure and migrate the archive (db.h) */
int
db_open(struct db *db, const char *path, int flags, char *err,
    size_t errlen)
{
	struct stat sb;
	long long v, app;
	int created = 0;

	memset(db, 0, sizeof(*db));
	db->flags = flags;
	if ((size_t)snprintf(db->path, sizeof(db->path), "%s", path) >=
	    sizeof(db->path)) {
		db->rc = SQLITE_CANTOPEN;
		snprintf(db->err, sizeof(db->err), "archive path too long");
		goto fail;
	}
	if ((flags & (DB_CREATE | DB_READONLY)) == DB_CREATE &&
	    lstat(path, &sb) < 0 && errno == ENOENT &&
	    (created = create_archive(db)) < 0)
		goto fail;
	if (secure_file(db, path) < 0)
		goto fail;
	if (!created && empty_file(db, path) < 0)
		goto fail;
	if (conn_open(db, path, (flags & DB_READONLY) != 0) < 0)
		goto failmsg;
	if (pragma_int(db, "PRAGMA application_id", &app) < 0 ||
	    pragma_int(db, "PRAGMA user_version", &v) < 0)
		goto failmsg;
	if (app != 0 && app != DB_APPLICATION_ID) {
		db->rc = SQLITE_NOTADB;
		snprintf(db->err, sizeof(db->err), "'%s' is not a dossier "
		    "archive (application id %lld)", path, app);
		goto fail;
	}
	db->version = created ? 0 : (int)v;	/* 0: it was not there */
	if (v > DB_SCHEMA_VERSION) {
		db->rc = SQLITE_CANTOPEN;
		snprintf(db->err, sizeof(db->err), "archive '%s' has schema "
		    "version %lld, newer than this program knows (%d): use a "
		    "newer dossier", path, v, DB_SCHEMA_VERSION);
		goto fail;
	}
	if (flags & DB_READONLY) {
		if (v == 0) {
			db->rc = SQLITE_NOTADB;
			snprintf(db->err, sizeof(db->err), "'%s' is not a "
			    "dossier archive (no schema)", path);
			goto fail;
		}
		if (v < DB_SCHEMA_VERSION) {
			db->rc = SQLITE_CANTOPEN;
			snprintf(db->err, sizeof(db->err), "archive '%s' has "
			    "schema version %lld: run dossier-load once to "
			    "upgrade it to %d", path, v, DB_SCHEMA_VERSION);
			goto fail;
		}
	} else {
		int check = !created && !(flags & DB_NOCHECK) &&
		    !checked_lately(db);

		if (check && quick_check(db) < 0)
			goto fail;
		if (v < DB_SCHEMA_VERSION && migrate(db) < 0)
			goto fail;
		if (check)
			note_check(db);
	}
	return 0;
failmsg:
	if (strstr(db->err, path) == NULL) {
		char why[DB_ERRLEN];

		snprintf(why, sizeof(why), "%s", db->err);
		snprintf(db->err, sizeof(db->err), "archive '%s': %s", path,
		    why);
	}
fail:
	snprintf(err, errlen, "%s", db->err);
	{
		int keep = db->rc;
		char why[DB_ERRLEN];

		snprintf(why, sizeof(why), "%s", db->err);
		db_close(db);
		db->rc = keep;
		snprintf(db->err, sizeof(db->err), "%s", why);
	}
	return -1;
}

/* netstring - append "LEN:S," to SB (LEN = strlen(S) in decimal) */
static void
netstring(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	strbuf_addf(sb, "%zu:", n);
	strbuf_add(sb, s, n);
	strbuf_addc(sb, ',');
}

/* db_audit_hash - the chain hash of one row into OUT (see db.h) */
void
db_audit_hash(const char *prev, long long seq, const char *at,
    const char *actor, const char *action, const char *object,
    const char *detail, char *out)
{
	struct strbuf sb = STRBUF_INIT;
	char num[32];

	strbuf_add(&sb, prev, strlen(prev));
	snprintf(num, sizeof(num), "%lld", seq);
	netstring(&sb, num);
	netstring(&sb, at);
	netstring(&sb, actor);
	netstring(&sb, action);
	netstring(&sb, object != NULL ? object : "");
	netstring(&sb, detail != NULL ? detail : "");
	sha256_hex(sb.buf, sb.len, out);
	strbuf_release(&sb);
}

static const char sql_audit_last[] =
    "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
static const char sql_audit_insert[] =
    "INSERT INTO audit (seq, at, actor, action, object, detail, prev_hash, "
    "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/* db_audit - append a chained audit row in the open transaction */
int
db_audit(struct db *db, const char *actor, const char *action,
    const char *object, const char *detail)
{
	sqlite3_stmt *st;
	char prev[SHA256_HEX_LEN + 1], hash[SHA256_HEX_LEN + 1], at[32];
	const unsigned char *h;
	long long seq = 1;
	int rc;

	if (object == NULL)
		object = "";
	if (detail == NULL)
		detail = "";
	snprintf(prev, sizeof(prev), "%s", DB_HASH_ZERO);
	if ((st = db_stmt(db, sql_audit_last)) == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		h = sqlite3_column_text(st, 1);
		if (h == NULL || strlen((const char *)h) != SHA256_HEX_LEN) {
			db_done(st);
			db->rc = SQLITE_CORRUPT;
			snprintf(db->err, sizeof(db->err), "audit row %lld "
			    "has a malformed hash", seq - 1);
			return -1;
		}
		memcpy(prev, h, SHA256_HEX_LEN + 1);
	} else if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read the audit chain");
		db_done(st);
		return -1;
	}
	db_done(st);
	db_timestamp(at, sizeof(at));
	db_audit_hash(prev, seq, at, actor, action, object, detail, hash);
	if ((st = db_stmt(db, sql_audit_insert)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, seq) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC) !=
	    SQLITE_OK ||
	    sqlite3_bind_text(st, 5, object, -1, SQLITE_STATIC) !=
	    SQLITE_OK ||
	    sqlite3_bind_text(st, 6, detail, -1, SQLITE_STATIC) !=
	    SQLITE_OK ||
	    sqlite3_bind_text(st, 7, prev, -1, SQLITE_TRANSIENT) !=
	    SQLITE_OK ||
	    sqlite3_bind_text(st, 8, hash, -1, SQLITE_TRANSIENT) !=
	    SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "cannot append to the audit chain");
		db_done(st);
		return -1;
	}
	db_done(st);
	return 0;
}

/* colstr - column I of ST as a string, "" for NULL */
static const char *
colstr(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? (const char *)s : "";
}

/* db_audit_verify - 0 intact, 1 broken at *BAD_SEQ, -1 error */
int
db_audit_verify(struct db *db, long *bad_seq)
{
	sqlite3_stmt *st = NULL;
	char prev[SHA256_HEX_LEN + 1], hash[SHA256_HEX_LEN + 1];
	long long seq, want = 1;
	int rc, ret = 0;

	*bad_seq = 0;
	snprintf(prev, sizeof(prev), "%s", DB_HASH_ZERO);
	if (sqlite3_prepare_v2(db->h, "SELECT seq, at, actor, action, object, "
	    "detail, prev_hash, hash FROM audit ORDER BY seq", -1, &st,
	    NULL) != SQLITE_OK)
		return db_fail(db, "cannot read the audit chain");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		if (seq != want) {
			snprintf(db->err, sizeof(db->err), "audit row %lld "
			    "missing (next row is %lld)", want, seq);
			*bad_seq = (long)want;
			ret = 1;
			break;
		}
		if (strcmp(colstr(st, 6), prev) != 0) {
			snprintf(db->err, sizeof(db->err), "audit row %lld: "
			    "prev_hash is not the hash of row %lld", seq,
			    seq - 1);
			*bad_seq = (long)seq;
			ret = 1;
			break;
		}
		db_audit_hash(prev, seq, colstr(st, 1), colstr(st, 2),
		    colstr(st, 3), colstr(st, 4), colstr(st, 5), hash);
		if (strcmp(colstr(st, 7), hash) != 0) {
			snprintf(db->err, sizeof(db->err), "audit row %lld: "
			    "hash does not match its content", seq);
			*bad_seq = (long)seq;
			ret = 1;
			break;
		}
		memcpy(prev, hash, sizeof(prev));
		want++;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, "cannot read the audit chain");
	sqlite3_finalize(st);
	return ret;
}

static const char sql_source_exists[] =
    "SELECT 1 FROM source WHERE sha256 = ?1";

long long
db_lookup_id(struct db *db, const char *sql, const char *key,
    const char *key2, const char *what)
{
	sqlite3_stmt *st;
	long long id = 0;
	int rc;

	if ((st = db_stmt(db, sql)) == NULL)
		return -1;
	if (sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC) != SQLITE_OK ||
	    (key2 != NULL && sqlite3_bind_text(st, 2, key2, -1,
	    SQLITE_STATIC) != SQLITE_OK)) {
		db_done(st);
		return db_fail(db, what);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		id = db_fail(db, what);
	db_done(st);
	return id;
}

int
db_exists(struct db *db, const char *sql, const char *key, const char *what)
{
	long long id = db_lookup_id(db, sql, key, NULL, what);

	return id < 0 ? -1 : id > 0;
}

/* db_source_exists - 1 if source SHA256 is archived, 0 if not, -1 */
int
db_source_exists(struct db *db, const char *sha256)
{
	return db_exists(db, sql_source_exists, sha256,
	    "cannot look up source");
}

/* db_kv - append " KEY=VALUE" to SB, VALUE encoded (see db.h) */
void
db_kv(struct strbuf *sb, const char *key, const char *value)
{
	const unsigned char *v = (const unsigned char *)value;

	if (sb->len > 0)
		strbuf_addc(sb, ' ');
	strbuf_adds(sb, key);
	strbuf_addc(sb, '=');
	if (v == NULL || *v == '\0') {
		strbuf_addc(sb, '-');
		return;
	}
	for (; *v != '\0'; v++)
		if (*v == '%' || *v == ' ' || *v == '\t' || *v == '\n' ||
		    *v == '\r')
			strbuf_addf(sb, "%%%02X", *v);
		else
			strbuf_addc(sb, *v);
}

/* hexval - the value of hex digit C, or -1 */
static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* db_kv_get - the decoded value of KEY in DETAIL into BUF; 1, 0 absent */
int
db_kv_get(const char *detail, const char *key, char *buf, size_t size)
{
	const char *p = detail, *v;
	size_t klen = strlen(key), n = 0;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			return 0;
		if (strncmp(p, key, klen) == 0 && p[klen] == '=')
			break;
		while (*p != '\0' && *p != ' ')
			p++;
	}
	for (v = p + klen + 1; *v != '\0' && *v != ' '; v++) {
		int c = (unsigned char)*v;

		if (c == '%' && hexval(v[1]) >= 0 && hexval(v[2]) >= 0) {
			c = hexval(v[1]) * 16 + hexval(v[2]);
			v += 2;
		}
		if (n + 1 < size)
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return 1;
}
