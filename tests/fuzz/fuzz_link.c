/*
 * fuzz_link - which household a document goes to (link_document), on a
 * registry of persons made to be confused (one letter apart, born the
 * same day, a move between households), with the evidence taken from
 * the input:
 *   line 1  the cover sheet's reference ("" for none)
 *   line 2  the migration index's household ("" for none)
 *   line 3  the document's date (used when it is a real YYYY-MM-DD)
 *   line 4  national numbers, blank-separated ('!' first: read invalid)
 *   rest    the page text
 * What must hold whatever the text, checked here against the registry
 * directly (not by the rules' own code): a document is filed to a
 * household that exists, or sent to review with a reason, never both;
 * by a national number only if every valid number it holds is of a
 * registered person of that household at its date; by name and birth
 * date only if it holds no valid number and every person whose exact
 * name and birth date it holds is of that household at its date; by a
 * cover sheet or index only to the household they name; and the same
 * evidence gives the same answer twice.
 */
#include <sqlite3.h>

#include "db.h"
#include "fuzz.h"
#include "ident.h"
#include "link.h"
#include "registry.h"
#include "textnorm.h"
#include "../unit/link_registry.h"

#define NIDS_MAX	16

static struct db db;

static void
registry(void)
{
	struct registry_stats st;
	char path[600], err[512];
	const char *dir = fuzz_dir();

	snprintf(path, sizeof(path), "%s/a.db", dir);
	if (db_open(&db, path, DB_CREATE, err, sizeof(err)) != 0)
		abort();
	fuzz_file("reg1.csv", (const uint8_t *)reg1, sizeof(reg1) - 1);
	snprintf(path, sizeof(path), "%s/reg1.csv", dir);
	if (registry_import(&db, path, "fuzz", &st, err, sizeof(err)) != 0)
		abort();
	fuzz_file("reg2.csv", (const uint8_t *)reg2, sizeof(reg2) - 1);
	snprintf(path, sizeof(path), "%s/reg2.csv", dir);
	if (registry_import(&db, path, "fuzz", &st, err, sizeof(err)) != 0)
		abort();
}

/* line - the next line of *P (up to END) as a new string */
static char *
line(const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n = nl != NULL ? (size_t)(nl - *p) : (size_t)(end - *p);
	char *s = malloc(n + 1);

	if (s == NULL)
		abort();
	memcpy(s, *p, n);
	s[n] = '\0';
	*p += n + (nl != NULL);
	return s;
}

/* in_household - 1 if person PID is of household HH alone at DATE */
static int
in_household(long long pid, const char *date, long long hh)
{
	long long h = 0;

	return link_household_at(&db, pid, date, &h) == 1 && h == hh;
}

struct dates {
	char	 d[64][IDENT_NORM_MAX];
	size_t	 n;
};

static int
date_cb(const struct ident *id, void *arg)
{
	struct dates *ds = arg;

	if (id->kind == IDENT_DATE && id->valid && ds->n < 64)
		memcpy(ds->d[ds->n++], id->norm, IDENT_NORM_MAX);
	return 0;
}

/*
 * named_elsewhere - 1 if TEXT holds the exact name and birth date of a
 * registered person who is not of household HH alone at DATE
 */
static int
named_elsewhere(const char *text, size_t len, const char *date,
    long long hh)
{
	struct textnorm tn;
	struct dates ds;
	sqlite3_stmt *st;
	size_t i, s, e;
	char *sn, *gn;
	int found = 0;

	textnorm_init(&tn);
	textnorm_run(&tn, text, len, 0);
	ds.n = 0;
	ident_scan(tn.out.buf, tn.out.len, NULL, NULL, date_cb, &ds);
	if (sqlite3_prepare_v2(db.h, "SELECT id, surname, given_name, "
	    "birth_date FROM person", -1, &st, NULL) != SQLITE_OK)
		abort();
	while (!found && sqlite3_step(st) == SQLITE_ROW) {
		const char *b = (const char *)sqlite3_column_text(st, 3);

		for (i = 0; i < ds.n && b != NULL; i++)
			if (strcmp(ds.d[i], b) == 0)
				break;
		if (b == NULL || i == ds.n)
			continue;
		sn = textnorm_str((const char *)sqlite3_column_text(st, 1));
		gn = textnorm_str((const char *)sqlite3_column_text(st, 2));
		if (sn != NULL && gn != NULL && ident_name_find(tn.out.buf,
		    tn.out.len, sn, gn, 0, &s, &e) >= 0 &&
		    !in_household(sqlite3_column_int64(st, 0), date, hh))
			found = 1;
		free(sn);
		free(gn);
	}
	sqlite3_finalize(st);
	textnorm_release(&tn);
	return found;
}

/* lookup - the id SQL (one parameter: KEY) selects, 0 if none */
static long long
lookup(const char *sql, const char *key)
{
	sqlite3_stmt *st;
	long long id = 0;

	if (sqlite3_prepare_v2(db.h, sql, -1, &st, NULL) != SQLITE_OK)
		abort();
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* household_ref - the id of the household REF, 0 if none */
static long long
household_ref(const char *ref)
{
	return lookup("SELECT id FROM household WHERE ref = ?1", ref);
}

/* person_nid - the registered person of national number N, 0 if none */
static long long
person_nid(const char *n)
{
	return lookup("SELECT id FROM person WHERE national_id = ?1", n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *p = (const char *)data, *end = p + size, *date;
	char *cover, *index, *when, *nums, *tok, *save = NULL, today[16];
	struct link_nid nid[NIDS_MAX];
	struct link_evidence ev;
	struct link_result lk, again;
	size_t i;
	int valid_any = 0;
	long long pid;

	if (!ready) {
		registry();
		ready = 1;
	}
	cover = line(&p, end);
	index = line(&p, end);
	when = line(&p, end);
	nums = line(&p, end);
	memset(&ev, 0, sizeof(ev));
	ev.cover_ref = *cover != '\0' ? cover : NULL;
	ev.index_household = *index != '\0' ? index : NULL;
	ev.date = ident_iso_date_check(when) ? when : NULL;
	for (tok = strtok_r(nums, " \t", &save); tok != NULL &&
	    ev.nnid < NIDS_MAX; tok = strtok_r(NULL, " \t", &save)) {
		nid[ev.nnid].valid = *tok != '!';
		nid[ev.nnid].number = tok + (*tok == '!');
		if (nid[ev.nnid].valid &&
		    ident_niss_check(nid[ev.nnid].number))
			valid_any = 1;
		ev.nnid++;
	}
	ev.nid = nid;
	ev.text = p;
	ev.textlen = (size_t)(end - p);
	if (link_document(&db, &ev, &lk) != 0 ||
	    link_document(&db, &ev, &again) != 0)
		abort();
	if (lk.household_id != again.household_id ||
	    lk.person_id != again.person_id ||
	    (lk.method == NULL) != (again.method == NULL) ||
	    (lk.reason == NULL) != (again.reason == NULL) ||
	    (lk.reason != NULL && strcmp(lk.reason, again.reason) != 0) ||
	    (lk.method != NULL && strcmp(lk.method, again.method) != 0))
		abort();
	if ((lk.household_id > 0) != (lk.method != NULL) ||
	    (lk.household_id > 0) == (lk.reason != NULL))
		abort();
	if (lk.household_id > 0) {
		date = ev.date != NULL ? ev.date : (db_today(today,
		    sizeof(today)), today);
		if (strcmp(lk.method, "cover") == 0 ? ev.cover_ref == NULL ||
		    household_ref(ev.cover_ref) != lk.household_id ||
		    (ev.index_household != NULL &&
		    household_ref(ev.index_household) != lk.household_id) :
		    strcmp(lk.method, "index") == 0 ? ev.cover_ref != NULL ||
		    household_ref(ev.index_household) != lk.household_id :
		    ev.cover_ref != NULL || ev.index_household != NULL)
			abort();
		/*
		 * every registered person it numbers is of the household
		 * (filed by a number: of it alone; filed as the office
		 * declared: of no other alone)
		 */
		for (i = 0; i < ev.nnid; i++) {
			long long h = 0;
			int n;

			if (!nid[i].valid ||
			    !ident_niss_check(nid[i].number) ||
			    (pid = person_nid(nid[i].number)) == 0)
				continue;
			n = link_household_at(&db, pid, date, &h);
			if (strcmp(lk.method, "national_id") == 0 ? n != 1 ||
			    h != lk.household_id : n == 1 &&
			    h != lk.household_id)
				abort();
		}
		if (strcmp(lk.method, "name_birth") == 0 && (valid_any ||
		    named_elsewhere(ev.text, ev.textlen, date,
		    lk.household_id)))
			abort();
		if (lk.person_id > 0 && !in_household(lk.person_id, date,
		    lk.household_id))
			abort();
	}
	free(cover);
	free(index);
	free(when);
	free(nums);
	return 0;
}
