/*
 * registry.c - household registry import (see registry.h, SPEC §5)
 *
 * Personal data (names, national numbers) is never put in a message
 * above msg_debug(), nor in the audit detail: the audit names ids only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "csv.h"
#include "db.h"
#include "fileio.h"
#include "ident.h"
#include "msg.h"
#include "registry.h"
#include "sha256.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

/*
 * columns of the registry, in SPEC order, then the optional ones: since,
 * the day the person lives in the household (a move's date)
 */
enum { R_HOUSEHOLD, R_NID, R_SURNAME, R_GIVEN, R_BIRTH, R_ADDRESS, R_SINCE,
	R_NCOL };
#define R_NEED	R_SINCE			/* the columns every file has */
static const char *const reg_cols[R_NCOL] = {
	"household", "national_id", "surname", "given_name", "birth_date",
	"address", "since"
};

struct reg_row {
	long	 line;
	char	*v[R_NCOL];		/* trimmed; birth "" = unknown */
	int	 rejected;
	long long hh_id;
	long long person_id;
};

const char *
registry_row_check(char *v[R_NEED])
{
	char *s, *d;
	int i;

	for (i = 0; i < R_NEED; i++) {
		if (strlen(v[i]) > REGISTRY_VALUE_MAX)
			return "value too long";
		/* an address may span lines; nothing else may */
		for (s = v[i]; *s != '\0'; s++)
			if ((unsigned char)*s < 0x20 && !(i == R_ADDRESS &&
			    (*s == '\n' || *s == '\r')))
				return "control character in a value";
	}
	if (*v[R_HOUSEHOLD] == '\0')
		return "no household";
	if (strlen(v[R_HOUSEHOLD]) > 64)
		return "household reference longer than 64 bytes";
	/* national numbers are often written 85.07.30-033.28 */
	for (s = d = v[R_NID]; *s != '\0'; s++)
		if (strchr(" .-/", *s) == NULL)
			*d++ = *s;
	*d = '\0';
	if (*v[R_NID] == '\0')
		return "no national number";
	if (strlen(v[R_NID]) != 11 || strspn(v[R_NID],
	    "0123456789") != 11)
		return "national number is not 11 digits";
	if (!ident_niss_check(v[R_NID]))
		return "invalid national number (check digits)";
	if (*v[R_SURNAME] == '\0')
		return "no surname";
	if (*v[R_BIRTH] != '\0' && !ident_iso_date_check(v[R_BIRTH]))
		return "birth_date is not a date YYYY-MM-DD";
	return NULL;
}

static int
cmp_nid(const void *a, const void *b)
{
	const struct reg_row *x = *(struct reg_row *const *)a;
	const struct reg_row *y = *(struct reg_row *const *)b;
	int c = strcmp(x->v[R_NID], y->v[R_NID]);

	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

static int
cmp_household(const void *a, const void *b)
{
	const struct reg_row *x = *(struct reg_row *const *)a;
	const struct reg_row *y = *(struct reg_row *const *)b;
	int c = strcmp(x->v[R_HOUSEHOLD], y->v[R_HOUSEHOLD]);

	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

/* same_person - 1 if rows A and B give the same personal data */
static int
same_person(const struct reg_row *a, const struct reg_row *b)
{
	return strcmp(a->v[R_SURNAME], b->v[R_SURNAME]) == 0 &&
	    strcmp(a->v[R_GIVEN], b->v[R_GIVEN]) == 0 &&
	    strcmp(a->v[R_BIRTH], b->v[R_BIRTH]) == 0;
}

struct registry {
	const char *path;
	char	 today[16];		/* YYYY-MM-DD */
	struct reg_row *row;
	size_t	 nrow;
	struct reg_row **by_nid, **by_hh;
	struct registry_stats *st;
};

static void
registry_free(struct registry *rg)
{
	size_t i;
	int j;

	for (i = 0; i < rg->nrow; i++)
		for (j = 0; j < R_NCOL; j++)
			free(rg->row[i].v[j]);
	free(rg->row);
	free(rg->by_nid);
	free(rg->by_hh);
}

/* reject - report row R as refused */
static void
reject(struct registry *rg, struct reg_row *r, const char *why)
{
	msg_error("%s:%ld: %s", rg->path, r->line, why);
	r->rejected = 1;
	rg->st->rejected++;
}

/*
 * registry_parse - read and check the CSV into RG; -1 (ERR) if the file
 * itself is unusable: unreadable, too large, no header, missing columns
 */
static int
registry_parse(struct registry *rg, char *err, size_t errlen)
{
	static const char *const need[] = { "household", "national_id", NULL };
	struct strbuf sb = STRBUF_INIT;
	struct csv c;
	int col[R_NCOL], i, rc;
	size_t alloc = 0;

	csv_init(&c, "", 0);
	if (file_read_private(rg->path, REGISTRY_FILE_MAX, &sb) < 0) {
		snprintf(err, errlen, "cannot read registry '%s': %s",
		    rg->path, errno == EFBIG ? "file too large" :
		    errno == EINVAL ? "not a regular file" : errno == EPERM ?
		    "writable by group or others; refusing it (chmod go-w)" :
		    strerror(errno));
		goto fail;
	}
	csv_init(&c, sb.buf, sb.len);
	/* the separator is the one that gives household and national_id */
	if (csv_header(&c, rg->path, reg_cols, R_NCOL, need, col, err,
	    errlen) < 0)
		goto fail;
	for (i = 0; i < R_NEED; i++)
		if (col[i] < 0) {
			snprintf(err, errlen, "%s:%ld: header has no column "
			    "'%s'", rg->path, c.rec_line, reg_cols[i]);
			goto fail;
		}

	for (;;) {
		struct reg_row *r;
		const char *why = NULL;

		if ((rc = csv_next(&c)) == 0)
			break;
		if (rg->nrow == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			rg->row = xreallocarray(rg->row, alloc,
			    sizeof(*rg->row));
		}
		r = &rg->row[rg->nrow++];
		memset(r, 0, sizeof(*r));
		r->line = c.rec_line;
		for (i = 0; i < R_NCOL; i++) {
			char *v = xstrdup(col[i] < 0 ? "" :
			    csv_field(&c, (size_t)col[i]));

			r->v[i] = xstrdup(csv_trim(v));
			free(v);
		}
		if (rc < 0)
			why = "quoted field does not end";
		else if (!csv_text_ok(&c))
			why = "not valid UTF-8";
		if (why == NULL && c.overflow)
			why = "too many columns";
		if (why == NULL && c.nf <= (size_t)col[R_HOUSEHOLD])
			why = "missing columns";
		for (i = 0; why == NULL && i < R_NCOL; i++)
			if (col[i] >= 0 && c.nf <= (size_t)col[i])
				why = "missing columns";
		if (why == NULL)
			why = registry_row_check(r->v);
		if (why == NULL && *r->v[R_SINCE] != '\0' &&
		    !ident_iso_date_check(r->v[R_SINCE]))
			why = "since is not a date YYYY-MM-DD";
		if (why == NULL && *r->v[R_SINCE] != '\0' &&
		    strcmp(r->v[R_SINCE], rg->today) > 0)
			why = "since is in the future";
		if (why != NULL)
			reject(rg, r, why);
		if (rc < 0)
			break;
	}
	strbuf_release(&sb);
	csv_release(&c);
	return 0;
fail:
	strbuf_release(&sb);
	csv_release(&c);
	return -1;
}

/*
 * registry_conflicts - sort the good rows by national number and refuse
 * a number given again with other personal data.  A person is in one
 * household at a time: a number listed in two households makes the whole
 * file refused (both lines named; returns -1 with the reason in ERR).
 */
static int
registry_conflicts(struct registry *rg, char *err, size_t errlen)
{
	size_t i, j, n = 0;
	long twice = 0, first = 0;

	rg->by_nid = xcalloc(rg->nrow + 1, sizeof(*rg->by_nid));
	for (i = 0; i < rg->nrow; i++)
		if (!rg->row[i].rejected)
			rg->by_nid[n++] = &rg->row[i];
	qsort(rg->by_nid, n, sizeof(*rg->by_nid), cmp_nid);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(rg->by_nid[j]->v[R_NID],
		    rg->by_nid[i]->v[R_NID]) == 0; j++) {
			struct reg_row *a = rg->by_nid[i], *b = rg->by_nid[j];
			char why[128];

			if (!same_person(a, b)) {
				snprintf(why, sizeof(why), "national number "
				    "already listed at line %ld with other "
				    "personal data", a->line);
				reject(rg, b, why);
			} else if (strcmp(a->v[R_HOUSEHOLD],
			    b->v[R_HOUSEHOLD]) != 0) {
				msg_error("%s:%ld: person also listed in "
				    "another household at line %ld: a person "
				    "is in one household at a time", rg->path,
				    b->line, a->line);
				if (twice++ == 0)
					first = b->line;
			}
		}
	}
	if (twice > 0) {
		snprintf(err, errlen, "registry '%s' refused: %ld line%s list "
		    "a person already listed in another household (first: "
		    "line %ld)", rg->path, twice, twice == 1 ? "" : "s",
		    first);
		return -1;
	}
	rg->by_hh = xcalloc(rg->nrow + 1, sizeof(*rg->by_hh));
	for (i = 0, n = 0; i < rg->nrow; i++)
		if (!rg->row[i].rejected)
			rg->by_hh[n++] = &rg->row[i];
	qsort(rg->by_hh, n, sizeof(*rg->by_hh), cmp_household);
	for (i = 0, n = 0; i < rg->nrow; i++)
		if (!rg->row[i].rejected)
			n++;
	rg->st->rows = (long)n;
	/* rebuild by_nid without the rows refused just now */
	for (i = 0, j = 0; rg->by_nid[i] != NULL; i++)
		if (!rg->by_nid[i]->rejected)
			rg->by_nid[j++] = rg->by_nid[i];
	rg->by_nid[j] = NULL;
	return 0;
}

static const char sql_hh_get[] =
    "SELECT id, address FROM household WHERE ref = ?1";
static const char sql_hh_add[] =
    "INSERT INTO household (ref, address, created_at) VALUES (?1, ?2, ?3)";
static const char sql_hh_address[] =
    "UPDATE household SET address = ?2 WHERE id = ?1";
static const char sql_person_get[] =
    "SELECT id, surname, given_name, ifnull(birth_date, '') FROM person "
    "WHERE national_id = ?1";
static const char sql_person_add[] =
    "INSERT INTO person (national_id, surname, given_name, birth_date, "
    "created_at, updated_at) VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?5)";
static const char sql_person_update[] =
    "UPDATE person SET surname = ?2, given_name = ?3, "
    "birth_date = nullif(?4, ''), updated_at = ?5 WHERE id = ?1";
static const char sql_member_open[] =
    "SELECT m.id, m.household_id, h.ref FROM member m "
    "JOIN household h ON h.id = m.household_id "
    "WHERE m.person_id = ?1 AND m.until IS NULL ORDER BY m.id";
static const char sql_member_close[] =
    "UPDATE member SET until = max(?2, since) WHERE id = ?1";
static const char sql_member_add[] =
    "INSERT INTO member (household_id, person_id, since) VALUES (?1, ?2, ?3)";

/* digest - the SHA-256 of the NUL-terminated parts, each ended by '\n' */
static void
digest(char out[SHA256_HEX_LEN + 1], const char *a, const char *b,
    const char *c, const char *d)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s\n%s\n%s\n%s\n", a, b, c, d);
	sha256_hex(sb.buf, sb.len, out);
	strbuf_release(&sb);
}

/*
 * registry_households - add or update the households named in RG, each
 * change audited first ("household:REF"; the address as its digest)
 */
static int
registry_households(struct db *db, struct registry *rg, const char *actor,
    const char *now)
{
	struct reg_row **h = rg->by_hh;
	struct strbuf detail = STRBUF_INIT;
	char object[96], sha[SHA256_HEX_LEN + 1];
	sqlite3_stmt *st = NULL;
	const char *addr, *old;
	long long id;
	size_t i, j, k;
	int rc, changed;

	for (i = 0; h[i] != NULL; i = j) {
		addr = "";
		for (j = i; h[j] != NULL && strcmp(h[j]->v[R_HOUSEHOLD],
		    h[i]->v[R_HOUSEHOLD]) == 0; j++)
			if (*addr == '\0')
				addr = h[j]->v[R_ADDRESS];
		snprintf(object, sizeof(object), "household:%s",
		    h[i]->v[R_HOUSEHOLD]);
		strbuf_reset(&detail);
		strbuf_addf(&detail, "ref=%s", h[i]->v[R_HOUSEHOLD]);
		if (*addr != '\0') {
			sha256_hex(addr, strlen(addr), sha);
			strbuf_addf(&detail, " address_sha256=%s", sha);
		}
		if ((st = db_stmt(db, sql_hh_get)) == NULL)
			goto fail;
		if (store_bind_text(st, 1, h[i]->v[R_HOUSEHOLD]) != SQLITE_OK)
			goto dbfail;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			id = sqlite3_column_int64(st, 0);
			old = (const char *)sqlite3_column_text(st, 1);
			changed = *addr != '\0' && (old == NULL ||
			    strcmp(old, addr) != 0);
			db_done(st);
			if (changed) {
				if (db_audit(db, actor,
				    "registry.household.update", object,
				    detail.buf) < 0)
					goto fail;
				if ((st = db_stmt(db, sql_hh_address)) == NULL)
					goto fail;
				if (sqlite3_bind_int64(st, 1, id) !=
				    SQLITE_OK || store_bind_text(st, 2, addr) !=
				    SQLITE_OK || sqlite3_step(st) !=
				    SQLITE_DONE)
					goto dbfail;
				db_done(st);
				rg->st->households_updated++;
			}
		} else if (rc == SQLITE_DONE) {
			db_done(st);
			if (db_audit(db, actor, "registry.household.add",
			    object, detail.buf) < 0)
				goto fail;
			if ((st = db_stmt(db, sql_hh_add)) == NULL)
				goto fail;
			if (store_bind_text(st, 1, h[i]->v[R_HOUSEHOLD]) !=
			    SQLITE_OK || store_bind_text(st, 2, *addr != '\0' ?
			    addr : NULL) != SQLITE_OK || store_bind_text(st, 3,
			    now) != SQLITE_OK || sqlite3_step(st) !=
			    SQLITE_DONE)
				goto dbfail;
			db_done(st);
			id = sqlite3_last_insert_rowid(db->h);
			rg->st->households_added++;
		} else
			goto dbfail;
		for (k = i; k < j; k++)
			h[k]->hh_id = id;
	}
	strbuf_release(&detail);
	return 0;
dbfail:
	db_fail(db, "cannot update households");
	db_done(st);
fail:
	strbuf_release(&detail);
	return -1;
}

/* the open memberships of one person */
struct membership {
	long long id, household_id;
	char	*ref;
	int	 keep;
};

/* since_of - the first "since" ROWS[0..N-1] give, else TODAY */
static const char *
since_of(struct reg_row **rows, size_t n, const char *today)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (*rows[i]->v[R_SINCE] != '\0')
			return rows[i]->v[R_SINCE];
	return today;
}

/*
 * registry_members - make person PID's open memberships exactly the
 * household of ROWS[0..N-1] (registry_conflicts made it one): close the
 * others (until = the new one's since), open it if missing (since = the
 * rows' since, else TODAY).  The change is audited first ("person:PID":
 * registry.move, .join or .leave, with the households and the date).
 * ISNEW: the person was just added (their add row names the household).
 */
static int
registry_members(struct db *db, struct registry *rg, long long pid,
    struct reg_row **rows, size_t n, int isnew, const char *actor,
    const char *today)
{
	struct membership *m = NULL;
	struct strbuf from = STRBUF_INIT, detail = STRBUF_INIT;
	sqlite3_stmt *st = NULL;
	const char *since = since_of(rows, n, today);
	char object[64];
	size_t nm = 0, j, nclose = 0;
	int rc, found = 0, ret = -1;

	if ((st = db_stmt(db, sql_member_open)) == NULL)
		goto out;
	if (sqlite3_bind_int64(st, 1, pid) != SQLITE_OK)
		goto dbfail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m = xreallocarray(m, nm + 1, sizeof(*m));
		m[nm].id = sqlite3_column_int64(st, 0);
		m[nm].household_id = sqlite3_column_int64(st, 1);
		m[nm].ref = xstrdup((const char *)sqlite3_column_text(st, 2));
		m[nm].keep = m[nm].household_id == rows[0]->hh_id;
		found |= m[nm].keep;
		if (!m[nm].keep)
			strbuf_addf(&from, "%s%s", nclose++ ? "," : "",
			    m[nm].ref);
		nm++;
	}
	if (rc != SQLITE_DONE)
		goto dbfail;
	db_done(st);
	if (found && nclose == 0) {
		ret = 0;
		goto out;
	}
	/* the audit row first, then the change it records */
	snprintf(object, sizeof(object), "person:%lld", pid);
	if (!found && nclose > 0) {
		strbuf_addf(&detail, "from=%s to=%s since=%s", from.buf,
		    rows[0]->v[R_HOUSEHOLD], since);
		if (db_audit(db, actor, "registry.move", object,
		    detail.buf) < 0)
			goto out;
		rg->st->moved++;
	} else if (!found && !isnew) {
		strbuf_addf(&detail, "household=%s since=%s",
		    rows[0]->v[R_HOUSEHOLD], since);
		if (db_audit(db, actor, "registry.join", object,
		    detail.buf) < 0)
			goto out;
		rg->st->joined++;
	} else if (found) {
		strbuf_addf(&detail, "household=%s left=%s until=%s",
		    rows[0]->v[R_HOUSEHOLD], from.buf, since);
		if (db_audit(db, actor, "registry.leave", object,
		    detail.buf) < 0)
			goto out;
		rg->st->left++;
	}
	for (j = 0; j < nm; j++) {
		if (m[j].keep)
			continue;
		if ((st = db_stmt(db, sql_member_close)) == NULL)
			goto out;
		if (sqlite3_bind_int64(st, 1, m[j].id) != SQLITE_OK ||
		    store_bind_text(st, 2, since) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_DONE)
			goto dbfail;
		db_done(st);
	}
	if (!found) {
		if ((st = db_stmt(db, sql_member_add)) == NULL)
			goto out;
		if (sqlite3_bind_int64(st, 1, rows[0]->hh_id) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 2, pid) != SQLITE_OK ||
		    store_bind_text(st, 3, since) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_DONE)
			goto dbfail;
		db_done(st);
	}
	ret = 0;
	goto out;
dbfail:
	db_fail(db, "cannot update memberships");
	db_done(st);
out:
	for (j = 0; j < nm; j++)
		free(m[j].ref);
	free(m);
	strbuf_release(&from);
	strbuf_release(&detail);
	return ret;
}

/*
 * registry_persons - add or update each person and their memberships.
 * An update is audited first ("person:ID", what changed and the digest
 * of the new data); an addition right after its row exists (the row is
 * new: its id is the audit's object).
 */
static int
registry_persons(struct db *db, struct registry *rg, const char *actor,
    const char *now, const char *today)
{
	struct reg_row **p = rg->by_nid, *r;
	struct strbuf detail = STRBUF_INIT, changed = STRBUF_INIT;
	sqlite3_stmt *st = NULL;
	char object[64], sha[SHA256_HEX_LEN + 1];
	long long pid;
	size_t i, j;
	int rc, isnew;

	for (i = 0; p[i] != NULL; i = j) {
		r = p[i];
		for (j = i + 1; p[j] != NULL && strcmp(p[j]->v[R_NID],
		    r->v[R_NID]) == 0; j++)
			;
		if ((st = db_stmt(db, sql_person_get)) == NULL)
			goto fail;
		if (store_bind_text(st, 1, r->v[R_NID]) != SQLITE_OK)
			goto dbfail;
		rc = sqlite3_step(st);
		isnew = rc == SQLITE_DONE;
		pid = 0;
		strbuf_reset(&changed);
		if (rc == SQLITE_ROW) {
			static const int col[] = { R_SURNAME, R_GIVEN,
			    R_BIRTH };
			size_t c;

			pid = sqlite3_column_int64(st, 0);
			for (c = 0; c < 3; c++)
				if (strcmp((const char *)sqlite3_column_text(st,
				    (int)c + 1), r->v[col[c]]) != 0)
					strbuf_addf(&changed, "%s%s",
					    changed.len ? "," : "",
					    reg_cols[col[c]]);
		} else if (rc != SQLITE_DONE)
			goto dbfail;
		db_done(st);
		digest(sha, r->v[R_NID], r->v[R_SURNAME], r->v[R_GIVEN],
		    r->v[R_BIRTH]);
		strbuf_reset(&detail);
		if (isnew)
			strbuf_addf(&detail, "household=%s since=%s "
			    "data_sha256=%s", r->v[R_HOUSEHOLD],
			    since_of(p + i, j - i, today), sha);
		else
			strbuf_addf(&detail, "changed=%s data_sha256=%s",
			    changed.buf, sha);
		snprintf(object, sizeof(object), "person:%lld", pid);
		if (changed.len > 0 && db_audit(db, actor,
		    "registry.person.update", object, detail.buf) < 0)
			goto fail;
		if (isnew || changed.len > 0) {
			if ((st = db_stmt(db, isnew ? sql_person_add :
			    sql_person_update)) == NULL)
				goto fail;
			if ((isnew ? store_bind_text(st, 1, r->v[R_NID]) :
			    sqlite3_bind_int64(st, 1, pid)) != SQLITE_OK ||
			    store_bind_text(st, 2, r->v[R_SURNAME]) != SQLITE_OK ||
			    store_bind_text(st, 3, r->v[R_GIVEN]) != SQLITE_OK ||
			    store_bind_text(st, 4, r->v[R_BIRTH]) != SQLITE_OK ||
			    store_bind_text(st, 5, now) != SQLITE_OK ||
			    sqlite3_step(st) != SQLITE_DONE)
				goto dbfail;
			db_done(st);
		}
		if (isnew) {
			pid = sqlite3_last_insert_rowid(db->h);
			snprintf(object, sizeof(object), "person:%lld", pid);
			if (db_audit(db, actor, "registry.person.add", object,
			    detail.buf) < 0)
				goto fail;
			rg->st->persons_added++;
		} else if (changed.len > 0)
			rg->st->persons_updated++;
		msg_debug("%s:%ld: national number %s is person %lld",
		    rg->path, r->line, r->v[R_NID], pid);
		if (registry_members(db, rg, pid, p + i, j - i, isnew, actor,
		    today) < 0)
			goto fail;
	}
	strbuf_release(&detail);
	strbuf_release(&changed);
	return 0;
dbfail:
	db_fail(db, "cannot update persons");
	db_done(st);
fail:
	strbuf_release(&detail);
	strbuf_release(&changed);
	return -1;
}

int
registry_import(struct db *db, const char *path, const char *actor,
    struct registry_stats *st, char *err, size_t errlen)
{
	struct registry rg;
	struct strbuf sb = STRBUF_INIT, detail = STRBUF_INIT;
	char now[32], today[16], sha[SHA256_HEX_LEN + 1];
	const char *base;
	long changes;

	memset(&rg, 0, sizeof(rg));
	memset(st, 0, sizeof(*st));
	rg.path = path;
	rg.st = st;
	db_today(rg.today, sizeof(rg.today));
	if (registry_parse(&rg, err, errlen) < 0 ||
	    registry_conflicts(&rg, err, errlen) < 0)
		goto fail;
	if (db == NULL) {
		registry_free(&rg);
		return 0;
	}
	db_timestamp(now, sizeof(now));
	db_today(today, sizeof(today));
	if (db_begin(db) < 0 ||
	    registry_households(db, &rg, actor, now) < 0 ||
	    registry_persons(db, &rg, actor, now, today) < 0)
		goto dbfail;
	changes = st->households_added + st->households_updated +
	    st->persons_added + st->persons_updated + st->moved + st->joined +
	    st->left;
	if (changes > 0) {
		/* the file's digest ties the changes to what was imported */
		if (file_read(path, REGISTRY_FILE_MAX, &sb) == 0)
			sha256_hex(sb.buf, sb.len, sha);
		else
			snprintf(sha, sizeof(sha), "%s", "unknown");
		base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 :
		    path;
		strbuf_addf(&detail, "sha256=%s rows=%ld rejected=%ld "
		    "households_added=%ld households_updated=%ld "
		    "persons_added=%ld persons_updated=%ld moved=%ld "
		    "joined=%ld left=%ld", sha, st->rows, st->rejected,
		    st->households_added, st->households_updated,
		    st->persons_added, st->persons_updated, st->moved,
		    st->joined, st->left);
		if (db_audit(db, actor, "registry.import", base,
		    detail.buf) < 0)
			goto dbfail;
	}
	if (db_commit(db) < 0)
		goto dbfail;
	strbuf_release(&sb);
	strbuf_release(&detail);
	registry_free(&rg);
	return 0;
dbfail:
	snprintf(err, errlen, "registry '%s' not imported: archive: %s", path,
	    db->err);
	db_rollback(db);
fail:
	strbuf_release(&sb);
	strbuf_release(&detail);
	registry_free(&rg);
	return -1;
}

void
registry_summary(FILE *fp, const char *path, const struct registry_stats *st)
{
	fprintf(fp, "%s: registry '%s': %ld rows, %ld rejected; "
	    "households: %ld added, %ld updated; persons: %ld added, "
	    "%ld updated, %ld moved, %ld joined, %ld left\n", msg_progname,
	    path, st->rows, st->rejected, st->households_added,
	    st->households_updated, st->persons_added, st->persons_updated,
	    st->moved, st->joined, st->left);
}
