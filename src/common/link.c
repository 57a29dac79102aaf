/*
 * link.c - household linking, strongest evidence first (see link.h)
 */
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "ident.h"
#include "link.h"
#include "msg.h"

enum method_result {
	M_NEXT,		/* no decision: try the next method */
	M_FILED,		/* decided: filed to lk->household_id */
	M_REVIEW		/* decided: review with lk->reason */
};

static const char sql_person_by_nid[] =
    "SELECT id FROM person WHERE national_id = ?1";
static const char sql_person_households[] =
    "SELECT household_id FROM member WHERE person_id = ?1 AND until IS NULL";

/*
 * link_national_id - the national-number rule.  Filed only when at least
 * one valid number belongs to a registered person, every such person's
 * current membership is in one and the same household, and no valid
 * number is unknown to the registry.  A registered person without a
 * current membership counts as unknown.
 */
static int
link_national_id(struct db *db, const struct link_evidence *ev,
    struct link_result *lk)
{
	sqlite3_stmt *st;
	long long pid, hh = 0, person = 0, h;
	size_t i, j, nvalid = 0, ninvalid = 0, nknown = 0, nunknown = 0;
	int rc, several = 0, rows, dup;

	for (i = 0; i < ev->nnid; i++) {
		const char *num = ev->nid[i].number;

		if (!ev->nid[i].valid || !ident_niss_check(num)) {
			ninvalid++;
			continue;
		}
		for (dup = 0, j = 0; j < i && !dup; j++)
			dup = ev->nid[j].valid && strcmp(ev->nid[j].number,
			    num) == 0;
		if (dup)
			continue;
		nvalid++;
		if ((pid = db_lookup_id(db, sql_person_by_nid, num, NULL,
		    "cannot look up the registry")) < 0)
			return -1;
		msg_debug("national number %s: person %lld", num, pid);
		if (pid == 0) {
			nunknown++;
			continue;
		}
		if ((st = db_stmt(db, sql_person_households)) == NULL)
			return -1;
		if (sqlite3_bind_int64(st, 1, pid) != SQLITE_OK)
			goto dbfail;
		rows = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			h = sqlite3_column_int64(st, 0);
			rows++;
			if (hh == 0)
				hh = h;
			else if (h != hh)
				several = 1;
		}
		if (rc != SQLITE_DONE)
			goto dbfail;
		db_done(st);
		if (rows == 0) {
			nunknown++;	/* registered once, no household now */
			continue;
		}
		nknown++;
		person = pid;
	}
	if (nvalid == 0) {
		lk->reason = ninvalid > 0 ? LINK_INVALID_NUMBER :
		    LINK_NO_NUMBER;
		return M_NEXT;
	}
	if (nknown == 0) {
		lk->reason = LINK_UNKNOWN_NUMBER;
		return M_NEXT;
	}
	if (nunknown > 0) {
		lk->reason = LINK_UNREGISTERED;
		return M_REVIEW;
	}
	if (several) {
		lk->reason = LINK_SEVERAL_HOUSEHOLDS;
		return M_REVIEW;
	}
	lk->household_id = hh;
	lk->person_id = nknown == 1 ? person : 0;
	lk->method = "national_id";
	lk->reason = NULL;
	return M_FILED;
dbfail:
	db_fail(db, "cannot look up the registry");
	db_done(st);
	return -1;
}

static const char sql_household_by_ref[] =
    "SELECT id FROM household WHERE ref = ?1";

/* household_by_ref - the id of household REF, 0 if none, -1 on error */
static long long
household_by_ref(struct db *db, const char *ref)
{
	return db_lookup_id(db, sql_household_by_ref, ref, NULL,
	    "cannot look up household");
}

/*
 * link_declared - the cover sheet and the migration index: a household
 * named by the office itself.  It must exist; when both are given they
 * must name the same one.  No reference at all: the next method.
 */
static int
link_declared(struct db *db, const struct link_evidence *ev,
    struct link_result *lk)
{
	long long cover = 0, index = 0;

	if (ev->cover_ref == NULL && ev->index_household == NULL)
		return M_NEXT;
	if (ev->cover_ref != NULL &&
	    (cover = household_by_ref(db, ev->cover_ref)) < 0)
		return -1;
	if (ev->index_household != NULL &&
	    (index = household_by_ref(db, ev->index_household)) < 0)
		return -1;
	if (ev->cover_ref != NULL && cover == 0)
		lk->reason = LINK_UNKNOWN_COVER;
	else if (ev->index_household != NULL && index == 0)
		lk->reason = LINK_UNKNOWN_INDEX;
	else if (cover > 0 && index > 0 && cover != index)
		lk->reason = LINK_COVER_INDEX;
	else {
		lk->household_id = cover > 0 ? cover : index;
		lk->method = cover > 0 ? "cover" : "index";
		return M_FILED;
	}
	return M_REVIEW;
}

/*
 * The linking methods, strongest evidence first.  A method that finds no
 * usable evidence returns M_NEXT with the reason it would give; the
 * first such reason is the document's if no method decides.  Cover sheet
 * and migration index come before the national number; name plus birth
 * date will come after it.
 */
static const struct {
	const char *name;
	int	(*fn)(struct db *, const struct link_evidence *,
		    struct link_result *);
} link_methods[] = {
	{ "cover/index", link_declared },
	{ "national_id", link_national_id },
};

int
link_document(struct db *db, const struct link_evidence *ev,
    struct link_result *lk)
{
	const char *reason = NULL;
	size_t m;
	int rc;

	for (m = 0; m < sizeof(link_methods) / sizeof(link_methods[0]); m++) {
		memset(lk, 0, sizeof(*lk));
		rc = link_methods[m].fn(db, ev, lk);
		if (rc < 0)
			return -1;
		if (rc == M_FILED || rc == M_REVIEW)
			return 0;
		if (reason == NULL)
			reason = lk->reason;
	}
	memset(lk, 0, sizeof(*lk));
	lk->reason = reason != NULL ? reason : LINK_NO_NUMBER;
	return 0;
}
