/*
 * subject.c - the household or person an auditor asks about (subject.h)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "subject.h"

static const char sql_household[] =
    "SELECT id FROM household WHERE ref = ?1";
static const char sql_person_id[] =
    "SELECT id FROM person WHERE id = CAST(?1 AS INTEGER)";
static const char sql_person_nn[] =
    "SELECT id FROM person WHERE national_id = ?1";

static const char sql_docs_household[] =
    "INSERT INTO temp.subject_doc (id, why) "
    "SELECT id, 'filed' FROM document WHERE household_id = ?1";
static const char sql_docs_person[] =
    "INSERT INTO temp.subject_doc (id, why) "
    "SELECT d.id, CASE WHEN d.person_id IS ?1 THEN 'linked' "
    "ELSE 'mentioned' END FROM document d "
    "WHERE d.person_id = ?1 OR d.id IN (SELECT f.document_id FROM field f "
    "WHERE f.kind = 'national_id' AND f.valid = 1 AND f.normalized = "
    "(SELECT national_id FROM person WHERE id = ?1))";

/* digits - 1 if S is N decimal digits exactly (N 0: any number of them) */
static int
digits(const char *s, size_t n)
{
	size_t len = strlen(s);

	if (len == 0 || (n > 0 && len != n) || len > 18)
		return 0;
	return strspn(s, "0123456789") == len;
}

int
subject_resolve(struct db *db, const char *arg, struct subject *s,
    char *err, size_t errlen)
{
	const char *key, *sql, *what;
	long long id;

	memset(s, 0, sizeof(*s));
	if (strncmp(arg, "person:", 7) == 0 || digits(arg, 11)) {
		key = strncmp(arg, "person:", 7) == 0 ? arg + 7 : arg;
		s->kind = SUBJECT_PERSON;
		if (digits(key, 11)) {
			sql = sql_person_nn;
			what = "no person with that national number";
		} else if (digits(key, 0)) {
			sql = sql_person_id;
			what = "no person";
		} else {
			snprintf(err, errlen, "'%s': a person is person:ID or "
			    "an 11-digit national number", arg);
			return 1;
		}
	} else {
		key = strncmp(arg, "household:", 10) == 0 ? arg + 10 : arg;
		s->kind = SUBJECT_HOUSEHOLD;
		sql = sql_household;
		what = "no household";
	}
	if ((id = db_lookup_id(db, sql, key, NULL, "cannot look up the "
	    "subject")) < 0) {
		snprintf(err, errlen, "%s", db->err);
		return -1;
	}
	if (id == 0) {
		/* a national number is personal data: not repeated */
		if (sql == sql_person_nn)
			snprintf(err, errlen, "%s in the archive", what);
		else
			snprintf(err, errlen, "%s '%s' in the archive", what,
			    key);
		return 1;
	}
	s->id = id;
	if (s->kind == SUBJECT_HOUSEHOLD)
		snprintf(s->object, sizeof(s->object), "household:%s", key);
	else
		snprintf(s->object, sizeof(s->object), "person:%lld", id);
	return 0;
}

long
subject_documents(struct db *db, const struct subject *s)
{
	sqlite3_stmt *st;

	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS subject_doc "
	    "(id INTEGER PRIMARY KEY, why TEXT NOT NULL); "
	    "DELETE FROM temp.subject_doc") < 0)
		return -1;
	if ((st = db_stmt(db, s->kind == SUBJECT_HOUSEHOLD ?
	    sql_docs_household : sql_docs_person)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, s->id) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "cannot list the subject's documents");
		db_done(st);
		return -1;
	}
	db_done(st);
	return (long)sqlite3_changes(db->h);
}
