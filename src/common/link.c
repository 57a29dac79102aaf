/*
 * link.c - household linking, strongest evidence first (see link.h)
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "ident.h"
#include "link.h"
#include "msg.h"
#include "strbuf.h"
#include "textnorm.h"
#include "xalloc.h"

enum method_result {
	M_NEXT,		/* no decision: try the next method */
	M_FILED,		/* decided: filed to lk->household_id */
	M_REVIEW		/* decided: review with lk->reason */
};

static const char sql_person_by_nid[] =
    "SELECT id FROM person WHERE national_id = ?1";

/* number_ok - 1 if the national number N is read valid and checks */
static int
number_ok(const struct link_nid *n)
{
	return n->valid && ident_niss_check(n->number);
}

/* person_by_number - the registered person of NUM, 0 if none, -1 on error */
static long long
person_by_number(struct db *db, const char *num)
{
	return db_lookup_id(db, sql_person_by_nid, num, NULL,
	    "cannot look up the registry");
}

/*
 * the memberships of a person on a date; before the registry's first
 * record of the person, that first record (an import dates a membership
 * the day it learnt of it, not the day it began)
 */
static const char sql_household_at[] =
    "SELECT DISTINCT household_id FROM member WHERE person_id = ?1 AND "
    "((since <= ?2 AND (until IS NULL OR until > ?2)) OR "
    " (?2 < since AND since = (SELECT min(since) FROM member "
    "  WHERE person_id = ?1))) ORDER BY household_id";

/*
 * households_at - link_household_at, and *HAS 1 if WANT is one of the
 * households PID belonged to on DATE (HAS may be NULL)
 */
static int
households_at(struct db *db, long long pid, const char *date,
    long long want, long long *hh, int *has)
{
	sqlite3_stmt *st;
	long long id;
	int rc, n = 0;

	*hh = 0;
	if (has != NULL)
		*has = 0;
	if ((st = db_stmt(db, sql_household_at)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, pid) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (n++ == 0)
			*hh = id;
		if (has != NULL && id == want)
			*has = 1;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	db_done(st);
	return n;
fail:
	db_fail(db, "cannot look up the registry");
	db_done(st);
	return -1;
}

int
link_household_at(struct db *db, long long pid, const char *date,
    long long *hh)
{
	return households_at(db, pid, date, 0, hh, NULL);
}

/* the_date - the date EV is about, or today into BUF */
static const char *
the_date(const struct link_evidence *ev, char *buf, size_t size)
{
	if (ev->date != NULL && ident_iso_date_check(ev->date))
		return ev->date;
	db_today(buf, size);
	return buf;
}

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
	long long pid, hh = 0, person = 0, h;
	size_t i, j, nvalid = 0, ninvalid = 0, nknown = 0, nunknown = 0;
	int n, several = 0, dup;
	char today[16];
	const char *date = the_date(ev, today, sizeof(today));

	for (i = 0; i < ev->nnid; i++) {
		const char *num = ev->nid[i].number;

		if (!number_ok(&ev->nid[i])) {
			ninvalid++;
			continue;
		}
		for (dup = 0, j = 0; j < i && !dup; j++)
			dup = ev->nid[j].valid && strcmp(ev->nid[j].number,
			    num) == 0;
		if (dup)
			continue;
		nvalid++;
		if ((pid = person_by_number(db, num)) < 0)
			return -1;
		msg_debug("national number %s: person %lld", num, pid);
		if (pid == 0) {
			nunknown++;
			continue;
		}
		if ((n = link_household_at(db, pid, date, &h)) < 0)
			return -1;
		if (n == 0) {
			nunknown++;	/* registered, no household then */
			continue;
		}
		if (n > 1 || (hh != 0 && h != hh))
			several = 1;
		if (hh == 0)
			hh = h;
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
 * declared_elsewhere - 1 if a valid national number of EV names a
 * registered person who, on EV's date, is a member of households but not
 * of HH: the document is (also) of another family than the one declared
 * (a cover sheet put on the wrong stack, a stack without the sheet that
 * should have cut it, a legacy index's wrong line); 0 if not; -1 on error
 */
static int
declared_elsewhere(struct db *db, const struct link_evidence *ev,
    long long hh)
{
	long long pid, first;
	size_t i;
	int n, ours;
	char today[16];
	const char *date = the_date(ev, today, sizeof(today));

	for (i = 0; i < ev->nnid; i++) {
		if (!number_ok(&ev->nid[i]))
			continue;
		if ((pid = person_by_number(db, ev->nid[i].number)) < 0)
			return -1;
		if (pid == 0)
			continue;
		if ((n = households_at(db, pid, date, hh, &first, &ours)) < 0)
			return -1;
		if (n > 0 && !ours)
			return 1;
	}
	return 0;
}

/*
 * link_declared - the cover sheet and the migration index: a household
 * named by the office itself.  It must exist; when both are given they
 * must name the same one; and every registered person the document names
 * by a national number must be of it (else the document is, at least in
 * part, of another family than the declaration's: review).  No reference
 * at all: the next method.
 */
static int
link_declared(struct db *db, const struct link_evidence *ev,
    struct link_result *lk)
{
	long long cover = 0, index = 0;
	int rc;

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
	else if ((rc = declared_elsewhere(db, ev, cover > 0 ? cover :
	    index)) < 0)
		return -1;
	else if (rc > 0)
		lk->reason = cover > 0 ? LINK_COVER_NUMBER : LINK_INDEX_NUMBER;
	else {
		lk->household_id = cover > 0 ? cover : index;
		lk->method = cover > 0 ? "cover" : "index";
		return M_FILED;
	}
	return M_REVIEW;
}

/* ---- name plus birth date ------------------------------------------ */

#define LINK_DATES_MAX	64		/* distinct dates of a document used */
#define LINK_MATCH_MAX	32		/* persons matched kept */

/* the normalised text of a document and the valid dates in it */
struct doctext {
	struct textnorm tn;
	char	 date[LINK_DATES_MAX][IDENT_NORM_MAX];
	size_t	 ndate;
};

static int
date_cb(const struct ident *id, void *arg)
{
	struct doctext *dt = arg;
	size_t i;

	if (id->kind != IDENT_DATE || !id->valid)
		return 0;
	for (i = 0; i < dt->ndate; i++)
		if (strcmp(dt->date[i], id->norm) == 0)
			return 0;
	if (dt->ndate < LINK_DATES_MAX)
		memcpy(dt->date[dt->ndate++], id->norm, IDENT_NORM_MAX);
	return 0;
}

/* doctext_init - normalise EV's text and find its dates */
static void
doctext_init(struct doctext *dt, const struct link_evidence *ev)
{
	dt->ndate = 0;
	textnorm_init(&dt->tn);
	if (ev->text != NULL && ev->textlen > 0)
		textnorm_run(&dt->tn, ev->text, ev->textlen, 0);
	ident_scan(dt->tn.out.buf, dt->tn.out.len, NULL, NULL, date_cb, dt);
}

/*
 * name_in - the letters read wrong where the name SURNAME GIVEN (as the
 * registry writes it) is in the normalised text T, -1 if it is not;
 * the span in *S, *E
 */
static int
name_in(const char *t, size_t len, const char *surname, const char *given,
    int maxsub, size_t *s, size_t *e)
{
	char *sn = textnorm_str(surname), *gn = textnorm_str(given != NULL ?
	    given : "");
	int rc = ident_name_find(t, len, sn, gn, maxsub, s, e);

	free(sn);
	free(gn);
	return rc;
}

static const char sql_persons_born[] =
    "SELECT id, surname, given_name FROM person WHERE birth_date = ?1";
static const char sql_persons_all[] =
    "SELECT id, surname, given_name, birth_date FROM person";

/*
 * The registry's names, normalised, kept for the life of the process:
 * the check that a name read with a letter wrong is not another person's
 * name looks at every person.  Read again when the registry changed
 * (another archive, persons added, updated or removed).
 */
struct namecache {
	char	 path[PATH_MAX];
	char	 key[96];		/* count, max id, max updated_at */
	long long *id;
	char	**sur, **giv;
	size_t	 n;
};

static struct namecache names;

static const char sql_persons_key[] =
    "SELECT count(*) || '/' || ifnull(max(id), 0) || '/' || "
    "  ifnull(max(updated_at), '') FROM person";

static void
namecache_clear(void)
{
	size_t i;

	for (i = 0; i < names.n; i++) {
		free(names.sur[i]);
		free(names.giv[i]);
	}
	free(names.id);
	free(names.sur);
	free(names.giv);
	memset(&names, 0, sizeof(names));
}

/* namecache_get - the names of DB's registry, read if needed; 0 or -1 */
static int
namecache_get(struct db *db)
{
	sqlite3_stmt *st;
	char key[96];
	size_t a = 0;
	int rc;

	if ((st = db_stmt(db, sql_persons_key)) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return db_fail(db, "cannot look up the registry");
	}
	snprintf(key, sizeof(key), "%s", sqlite3_column_text(st, 0));
	db_done(st);
	if (strcmp(names.key, key) == 0 && strcmp(names.path, db->path) == 0)
		return 0;
	namecache_clear();
	if ((st = db_stmt(db, sql_persons_all)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (names.n == a) {
			a = a ? 2 * a : 1024;
			names.id = xreallocarray(names.id, a, sizeof(*names.id));
			names.sur = xreallocarray(names.sur, a,
			    sizeof(*names.sur));
			names.giv = xreallocarray(names.giv, a,
			    sizeof(*names.giv));
		}
		names.id[names.n] = sqlite3_column_int64(st, 0);
		names.sur[names.n] = textnorm_str((const char *)
		    sqlite3_column_text(st, 1));
		names.giv[names.n++] = textnorm_str((const char *)
		    sqlite3_column_text(st, 2));
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		namecache_clear();
		return db_fail(db, "cannot look up the registry");
	}
	snprintf(names.key, sizeof(names.key), "%s", key);
	snprintf(names.path, sizeof(names.path), "%s", db->path);
	return 0;
}

/*
 * other_person_named - 1 if the words T[S..E) are exactly the name of a
 * registered person other than PID (a letter read wrong in PID's name
 * must not be another person's name read right), 0 if not, -1 on error
 */
static int
other_person_named(struct db *db, long long pid, const char *t, size_t s,
    size_t e)
{
	size_t i, a, b;

	if (namecache_get(db) < 0)
		return -1;
	for (i = 0; i < names.n; i++)
		if (names.id[i] != pid && textnorm_find(t + s, e - s, 0,
		    names.sur[i], strlen(names.sur[i]), 0) != (size_t)-1 &&
		    ident_name_find(t + s, e - s, names.sur[i], names.giv[i],
		    0, &a, &b) == 0)
			return 1;
	return 0;
}

struct match {
	long long pid;
	long long hh;			/* its household at the date */
	int	 nhh;			/* how many it had then */
	int	 date;			/* index of its birth date in DT */
	int	 subs;			/* letters read wrong in its name */
};

/*
 * name_birth_matches - the registered persons whose birth date is one of
 * DT's dates and whose name is in DT's text (one letter may be read
 * wrong, unless that makes it another registered person's name); into
 * M (at most LINK_MATCH_MAX), their count in *N.  *CROSS counts the
 * names read with a letter wrong that are another person's name.  0 or
 * -1 on a database error.
 */
static int
name_birth_matches(struct db *db, const struct doctext *dt, struct match *m,
    size_t *n, int *cross)
{
	sqlite3_stmt *st;
	const char *t = dt->tn.out.buf;
	size_t len = dt->tn.out.len, s, e, i;
	long long pid;
	int rc, subs, other;

	*n = 0;
	*cross = 0;
	for (i = 0; i < dt->ndate; i++) {
		if ((st = db_stmt(db, sql_persons_born)) == NULL)
			return -1;
		if (sqlite3_bind_text(st, 1, dt->date[i], -1,
		    SQLITE_STATIC) != SQLITE_OK)
			goto dbfail;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			pid = sqlite3_column_int64(st, 0);
			subs = name_in(t, len, (const char *)
			    sqlite3_column_text(st, 1), (const char *)
			    sqlite3_column_text(st, 2), 1, &s, &e);
			if (subs < 0)
				continue;
			if (subs > 0) {
				if ((other = other_person_named(db, pid, t, s,
				    e)) < 0) {
					db_done(st);
					return -1;
				}
				if (other) {
					(*cross)++;
					continue;
				}
			}
			if (*n < LINK_MATCH_MAX) {
				m[*n].pid = pid;
				m[*n].date = (int)i;
				m[(*n)++].subs = subs;
			} else
				(*cross)++;	/* too many: not sure */
		}
		if (rc != SQLITE_DONE)
			goto dbfail;
		db_done(st);
	}
	return 0;
dbfail:
	db_fail(db, "cannot look up the registry");
	db_done(st);
	return -1;
}

/* any_valid_number - 1 if EV has a national number that passes its check */
static int
any_valid_number(const struct link_evidence *ev)
{
	size_t i;

	for (i = 0; i < ev->nnid; i++)
		if (number_ok(&ev->nid[i]))
			return 1;
	return 0;
}

/*
 * link_name_birth - the name plus birth date rule (SPEC 7).  Only when the
 * document has no valid national number.  Filed when the persons whose
 * name and birth date are both in the text are all in one household at
 * the document's date, none of them was matched across persons: two
 * persons born the same day whose names are both read there with a
 * letter wrong on one of them, or a name read with a letter wrong that
 * is another registered person's name.
 */
static int
link_name_birth(struct db *db, const struct link_evidence *ev,
    struct link_result *lk)
{
	struct doctext dt;
	struct match m[LINK_MATCH_MAX];
	char today[16];
	const char *date = the_date(ev, today, sizeof(today));
	size_t n = 0, i, j;
	int cross, rc = M_NEXT;

	if (any_valid_number(ev) || ev->text == NULL)
		return M_NEXT;
	doctext_init(&dt, ev);
	if (dt.ndate == 0)
		goto out;
	memset(m, 0, sizeof(m));
	if (name_birth_matches(db, &dt, m, &n, &cross) < 0) {
		rc = -1;
		goto out;
	}
	msg_debug("name and birth date: %zu dates, %zu persons, %d across "
	    "persons", dt.ndate, n, cross);
	if (n == 0 && cross == 0)
		goto out;
	rc = M_REVIEW;
	if (cross > 0) {
		lk->reason = LINK_NAME_PERSONS;
		goto out;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			if (m[i].date == m[j].date && m[i].pid != m[j].pid &&
			    (m[i].subs > 0 || m[j].subs > 0)) {
				lk->reason = LINK_NAME_PERSONS;
				goto out;
			}
	for (i = 0; i < n; i++) {
		if ((m[i].nhh = link_household_at(db, m[i].pid, date,
		    &m[i].hh)) < 0) {
			rc = -1;
			goto out;
		}
		if (m[i].nhh == 0) {
			lk->reason = LINK_NAME_NO_HOUSEHOLD;
			goto out;
		}
		if (m[i].nhh > 1 || m[i].hh != m[0].hh) {
			lk->reason = LINK_NAME_HOUSEHOLDS;
			goto out;
		}
	}
	for (i = 1; i < n && m[i].pid == m[0].pid; i++)
		;
	lk->household_id = m[0].hh;
	lk->person_id = i == n ? m[0].pid : 0;
	lk->method = "name_birth";
	lk->reason = NULL;
	rc = M_FILED;
out:
	textnorm_release(&dt.tn);
	return rc;
}

/* ---- for a person to judge -------------------------------------------- */

static const char sql_addresses[] =
    "SELECT id, address FROM household WHERE address IS NOT NULL";

/* candidate - fill C and call CB; its return value */
static int
candidate(link_candidate_cb cb, void *arg, const char *kind, long long hh,
    long long pid, int exact, const char *what, int *calls)
{
	struct link_candidate c;

	c.kind = kind;
	c.household_id = hh;
	c.person_id = pid;
	c.exact = exact;
	snprintf(c.what, sizeof(c.what), "%s", what);
	(*calls)++;
	return cb(&c, arg);
}

/* cand_numbers - a candidate for each valid registered national number */
static int
cand_numbers(struct db *db, const struct link_evidence *ev, const char *date,
    link_candidate_cb cb, void *arg, int *calls)
{
	long long pid, hh;
	size_t i, j;
	int dup;

	for (i = 0; i < ev->nnid; i++) {
		const char *num = ev->nid[i].number;

		if (!number_ok(&ev->nid[i]))
			continue;
		for (dup = 0, j = 0; j < i && !dup; j++)
			dup = strcmp(ev->nid[j].number, num) == 0;
		if (dup)
			continue;
		if ((pid = person_by_number(db, num)) < 0)
			return -1;
		if (pid == 0)
			continue;
		if (link_household_at(db, pid, date, &hh) < 0)
			return -1;
		if (cb != NULL && candidate(cb, arg, "national_id", hh, pid, 1,
		    num, calls) != 0)
			return 1;
	}
	return 0;
}

/*
 * cand_names - a candidate for each registered person whose name is in
 * the text: with their birth date (a letter may be read wrong), or
 * alone (exactly, surname and given name)
 */
static int
cand_names(struct db *db, const struct doctext *dt, const char *date,
    link_candidate_cb cb, void *arg, int *calls)
{
	sqlite3_stmt *st;
	char what[96];
	const char *born;
	long long pid, hh;
	size_t s, e, i;
	int rc, subs, birth, stop = 0;

	if ((st = db_stmt(db, sql_persons_all)) == NULL)
		return -1;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		pid = sqlite3_column_int64(st, 0);
		born = (const char *)sqlite3_column_text(st, 3);
		for (birth = 0, i = 0; born != NULL && i < dt->ndate; i++)
			birth |= strcmp(dt->date[i], born) == 0;
		subs = name_in(dt->tn.out.buf, dt->tn.out.len,
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2), birth ? 1 : 0,
		    &s, &e);
		if (subs < 0)
			continue;
		if (link_household_at(db, pid, date, &hh) < 0) {
			db_done(st);
			return -1;
		}
		snprintf(what, sizeof(what), "%.*s%s%s", (int)(e - s),
		    dt->tn.out.buf + s, birth ? ", born " : "", birth ?
		    born : "");
		stop = candidate(cb, arg, birth ? "name_birth" : "name", hh,
		    pid, subs == 0, what, calls);
	}
	if (!stop && rc != SQLITE_DONE) {
		db_fail(db, "cannot look up the registry");
		db_done(st);
		return -1;
	}
	db_done(st);
	return stop;
}

/* cand_addresses - a candidate for each household whose street is named */
static int
cand_addresses(struct db *db, const struct doctext *dt, link_candidate_cb cb,
    void *arg, int *calls)
{
	sqlite3_stmt *st;
	const char *addr, *comma;
	char *street, *norm;
	int rc, stop = 0;

	if ((st = db_stmt(db, sql_addresses)) == NULL)
		return -1;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		addr = (const char *)sqlite3_column_text(st, 1);
		comma = strchr(addr, ',');
		street = comma != NULL ? strndup(addr, (size_t)(comma -
		    addr)) : xstrdup(addr);
		if (street == NULL)
			street = xstrdup("");
		norm = textnorm_str(street);
		/* "rue 1" names no household: a street and a number */
		if (strlen(norm) >= 8 && textnorm_find(dt->tn.out.buf,
		    dt->tn.out.len, 0, norm, strlen(norm), 0) != (size_t)-1)
			stop = candidate(cb, arg, "address",
			    sqlite3_column_int64(st, 0), 0, 1, street, calls);
		free(norm);
		free(street);
	}
	if (!stop && rc != SQLITE_DONE) {
		db_fail(db, "cannot look up the registry");
		db_done(st);
		return -1;
	}
	db_done(st);
	return 0;
}

int
link_candidates(struct db *db, const struct link_evidence *ev,
    link_candidate_cb cb, void *arg)
{
	struct doctext dt;
	char today[16];
	const char *date = the_date(ev, today, sizeof(today));
	int calls = 0, rc;

	if ((rc = cand_numbers(db, ev, date, cb, arg, &calls)) != 0)
		return rc < 0 ? -1 : calls;
	doctext_init(&dt, ev);
	if ((rc = cand_names(db, &dt, date, cb, arg, &calls)) == 0)
		rc = cand_addresses(db, &dt, cb, arg, &calls);
	textnorm_release(&dt.tn);
	return rc < 0 ? -1 : calls;
}

/* ---- an archived document's evidence ---------------------------------- */

static const char sql_doc_date[] =
    "SELECT coalesce(d.doc_date, substr(b.started_at, 1, 10), "
    "  substr(d.created_at, 1, 10)) "
    "FROM document d LEFT JOIN batch b ON b.id = d.batch_id "
    "WHERE d.id = ?1";
static const char sql_doc_numbers[] =
    "SELECT normalized, valid FROM field WHERE document_id = ?1 AND "
    "kind = 'national_id' ORDER BY id";
static const char sql_doc_text[] =
    "SELECT text FROM page WHERE document_id = ?1 AND text IS NOT NULL "
    "ORDER BY page_no";

int
link_doc_read(struct db *db, long long doc, struct link_doc *ld)
{
	struct strbuf text = STRBUF_INIT;
	sqlite3_stmt *st;
	const char *v;
	size_t n = 0, a = 0;
	int rc;

	memset(ld, 0, sizeof(*ld));
	if ((st = db_stmt(db, sql_doc_date)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, doc);
	if ((rc = sqlite3_step(st)) == SQLITE_DONE) {
		db_done(st);
		return 1;
	}
	if (rc != SQLITE_ROW)
		goto dbfail;
	v = (const char *)sqlite3_column_text(st, 0);
	snprintf(ld->date, sizeof(ld->date), "%s", v != NULL ? v : "");
	db_done(st);

	if ((st = db_stmt(db, sql_doc_numbers)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, doc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == a) {
			a = a ? 2 * a : 8;
			ld->nid = xreallocarray(ld->nid, a, sizeof(*ld->nid));
			ld->num = xreallocarray(ld->num, a, sizeof(*ld->num));
		}
		v = (const char *)sqlite3_column_text(st, 0);
		ld->num[n] = xstrdup(v != NULL ? v : "");
		ld->nid[n].number = ld->num[n];
		ld->nid[n].valid = sqlite3_column_int(st, 1);
		n++;
	}
	if (rc != SQLITE_DONE)
		goto dbfail;
	db_done(st);
	ld->ev.nid = ld->nid;
	ld->ev.nnid = n;

	if ((st = db_stmt(db, sql_doc_text)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, doc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strbuf_add(&text, sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
		strbuf_addc(&text, '\n');
	}
	if (rc != SQLITE_DONE)
		goto dbfail;
	db_done(st);
	ld->ev.textlen = text.len;
	ld->text = strbuf_detach(&text, NULL);
	ld->ev.text = ld->text;
	ld->ev.date = ident_iso_date_check(ld->date) ? ld->date : NULL;
	return 0;
dbfail:
	db_fail(db, "cannot read the document's evidence");
	db_done(st);
fail:
	ld->ev.nnid = n;
	strbuf_release(&text);
	link_doc_free(ld);
	return -1;
}

void
link_doc_free(struct link_doc *ld)
{
	size_t i;

	for (i = 0; i < ld->ev.nnid; i++)
		free(ld->num[i]);
	free(ld->num);
	free(ld->nid);
	free(ld->text);
	memset(ld, 0, sizeof(*ld));
}

/*
 * The linking methods, strongest evidence first.  A method that finds no
 * usable evidence returns M_NEXT with the reason it would give; the
 * first such reason is the document's if no method decides.  Cover sheet
 * and migration index come before the national number; name plus birth
 * date comes after it.
 */
static const struct {
	const char *name;
	int	(*fn)(struct db *, const struct link_evidence *,
		    struct link_result *);
} link_methods[] = {
	{ "cover/index", link_declared },
	{ "national_id", link_national_id },
	{ "name_birth", link_name_birth },
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
