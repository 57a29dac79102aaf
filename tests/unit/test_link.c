/*
 * test_link.c - linking by name and birth date, and the household at the
 * document's date (SPEC 7), on a registry imported from a CSV file
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "link.h"
#include "registry.h"
#include "unit.h"

#include "link_registry.h"

static int
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

/* open_registry - a fresh archive with reg1 (and reg2 if MOVED) */
static void
open_registry(struct db *db, int moved)
{
	struct registry_stats st;
	char err[512];

	assert_int(write_file("reg1.csv", reg1), ==, 0);
	assert_int(write_file("reg2.csv", reg2), ==, 0);
	assert_int(db_open(db, "a.db", DB_CREATE, err, sizeof(err)), ==, 0);
	assert_int(registry_import(db, "reg1.csv", "test", &st, err,
	    sizeof(err)), ==, 0);
	assert_int(st.rejected, ==, 0);
	if (moved) {
		assert_int(registry_import(db, "reg2.csv", "test", &st, err,
		    sizeof(err)), ==, 0);
		assert_int(st.moved, ==, 1);
	}
}

/* ref - the reference of household ID, "" for none */
static const char *
ref(struct db *db, long long id)
{
	static char buf[64];
	sqlite3_stmt *st;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(db->h, "SELECT ref FROM household WHERE "
	    "id = ?1", -1, &st, NULL) != SQLITE_OK)
		return "error";
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, sizeof(buf), "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/*
 * try - link a document with TEXT, national number NUM (NULL: none; a
 * leading '!' marks it invalid) and date DATE: "method REF" or the reason
 */
static const char *
try(struct db *db, const char *text, const char *num, const char *date)
{
	static char out[160];
	struct link_nid nid;
	struct link_evidence ev;
	struct link_result lk;

	memset(&ev, 0, sizeof(ev));
	if (num != NULL) {
		nid.valid = num[0] != '!';
		nid.number = num + (num[0] == '!');
		ev.nid = &nid;
		ev.nnid = 1;
	}
	ev.text = text;
	ev.textlen = text != NULL ? strlen(text) : 0;
	ev.date = date;
	if (link_document(db, &ev, &lk) < 0)
		return "error";
	if (lk.household_id > 0)
		snprintf(out, sizeof(out), "%s %s", lk.method,
		    ref(db, lk.household_id));
	else
		snprintf(out, sizeof(out), "%s", lk.reason);
	return out;
}

DEFINE_TEST(test_link_name_birth)
{
	struct db db;

	open_registry(&db, 0);
	assert_str(try(&db, "Monsieur Marc DUBOIS\nné le 14/03/1978", NULL,
	    NULL), "name_birth H1");
	assert_str(try(&db, "Naam: Dubois, Marc - geboren 14 maart 1978",
	    NULL, NULL), "name_birth H1");
	/* accents, case, one letter read wrong */
	assert_str(try(&db, "Mme NGUYEN THI LAN, 06.06.1985", NULL, NULL),
	    "name_birth H5");
	assert_str(try(&db, "M. Marc Duhois, 14/03/1978", NULL, NULL),
	    "name_birth H1");
	/* two letters wrong, a name alone, a birth date alone */
	assert_str(try(&db, "M. Mare Duhois, 14/03/1978", NULL, NULL),
	    LINK_NO_NUMBER);
	assert_str(try(&db, "M. Marc Dubois", NULL, NULL), LINK_NO_NUMBER);
	assert_str(try(&db, "Le 14/03/1978", NULL, NULL), LINK_NO_NUMBER);
	/* the name of one person and the birth date of another */
	assert_str(try(&db, "Marc Dubois, 01/01/1980", NULL, NULL),
	    LINK_NO_NUMBER);
	/* an invalid number does not stop the rule; a valid unknown does */
	assert_str(try(&db, "Marc Dubois 14/03/1978", "!78031415518", NULL),
	    "name_birth H1");
	assert_str(try(&db, "Marc Dubois 14/03/1978", "66060600183", NULL),
	    LINK_UNKNOWN_NUMBER);
	/* persons of two households named with their birth dates */
	assert_str(try(&db, "Marc Dubois 14/03/1978; Jan Peeters "
	    "07/07/1970", NULL, NULL), LINK_NAME_HOUSEHOLDS);
	/* two of one household */
	assert_str(try(&db, "Marc Dubois 14/03/1978; Jean Dupont "
	    "01/01/1980", NULL, NULL), "name_birth H1");
	db_close(&db);
}

DEFINE_TEST(test_link_name_never_across_persons)
{
	struct db db;

	open_registry(&db, 0);
	/* Dupond Jean's name read right, Dupont Jean's birth date */
	assert_str(try(&db, "Jean Dupond, né le 01/01/1980", NULL, NULL),
	    LINK_NAME_PERSONS);
	/* each read right with their own birth date */
	assert_str(try(&db, "Jean Dupond, né le 05/05/1975", NULL, NULL),
	    "name_birth H2");
	assert_str(try(&db, "Jean Dupont, né le 01/01/1980", NULL, NULL),
	    "name_birth H1");
	/* born the same day, one letter apart: Jean or a misread Joan? */
	assert_str(try(&db, "Jean Martin 02/02/1990", NULL, NULL),
	    LINK_NAME_PERSONS);
	assert_str(try(&db, "Joan Martin 02/02/1990", NULL, NULL),
	    LINK_NAME_PERSONS);
	db_close(&db);
}

DEFINE_TEST(test_link_household_at_date)
{
	struct db db;
	long long hh;

	open_registry(&db, 1);
	/* the number and the name, before and after the move */
	assert_str(try(&db, "x", "70070707372", "2026-03-15"),
	    "national_id H5");
	assert_str(try(&db, "x", "70070707372", "2026-05-31"),
	    "national_id H5");
	assert_str(try(&db, "x", "70070707372", "2026-06-01"),
	    "national_id H6");
	assert_str(try(&db, "Jan Peeters 07/07/1970", NULL, "2026-03-15"),
	    "name_birth H5");
	assert_str(try(&db, "Jan Peeters 07/07/1970", NULL, "2026-07-01"),
	    "name_birth H6");
	/* before the registry's first record: that first record */
	assert_str(try(&db, "x", "70070707372", "1999-01-01"),
	    "national_id H5");
	/* the mover with a member of the old household, after the move */
	assert_str(try(&db, "Jan Peeters 07/07/1970, Thi Lan Nguyen "
	    "06/06/1985", NULL, "2026-07-01"), LINK_NAME_HOUSEHOLDS);
	assert_str(try(&db, "Jan Peeters 07/07/1970, Thi Lan Nguyen "
	    "06/06/1985", NULL, "2026-05-01"), "name_birth H5");
	assert_int(link_household_at(&db, 1, "2026-01-01", &hh), ==, 1);
	db_close(&db);
}
