/*
 * batch.c - batch counts, reconciliation and report (see batch.h)
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "batch.h"
#include "db.h"
#include "job.h"
#include "msg.h"
#include "spool.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

static const char *
meta_or(const struct job *j, const char *key, const char *dflt)
{
	const char *v = job_get(j, key);

	return v != NULL ? v : dflt;
}

int
batch_ensure(struct db *db, struct spool *sp, const char *id)
{
	struct store_batch b;
	struct job bj;
	char err[256];
	int have, rc;

	if ((have = store_batch_known(db, id)) != 0)
		return have < 0 ? -1 : 0;
	if (spool_batch_load(sp, id, &bj, err, sizeof(err)) < 0) {
		msg_warn("batch '%s': %s: counting from the archive only", id,
		    err);
		job_init(&bj, "", id);
	}
	memset(&b, 0, sizeof(b));
	b.id = id;
	b.name = meta_or(&bj, "name", id);
	b.started_at = job_get(&bj, "started_at");
	b.pages_in = job_get_long(&bj, "pages_in", 0);
	b.duplicates = job_get_long(&bj, "duplicates", 0);
	b.cover_sheets = job_get_long(&bj, "cover_sheets", 0);
	rc = store_batch_add(db, &b);
	job_free(&bj);
	return rc;
}

struct bstat {
	char	*id;
	long	 quarantined;		/* pages of quarantined jobs */
	int	 pending;		/* a job is still queued somewhere */
};

struct bstats {
	struct bstat *b;
	size_t	 n;
};

static struct bstat *
bstat_get(struct bstats *bs, const char *id)
{
	size_t i;

	for (i = 0; i < bs->n; i++)
		if (strcmp(bs->b[i].id, id) == 0)
			return &bs->b[i];
	bs->b = xreallocarray(bs->b, bs->n + 1, sizeof(*bs->b));
	memset(&bs->b[bs->n], 0, sizeof(bs->b[bs->n]));
	bs->b[bs->n].id = xstrdup(id);
	return &bs->b[bs->n++];
}

/*
 * count_job - one job of the spool walk: its pages count as quarantined
 * in quarantine/, anywhere else its batch is still pending
 */
static int
count_job(void *arg, const char *state, const char *id, const char *path)
{
	struct bstats *bs = arg;
	struct bstat *b;
	struct job j;
	const char *batch;
	char err[256];

	if (job_load(&j, path, id, err, sizeof(err)) < 0)
		return 0;	/* a half-built ingest job */
	batch = job_get(&j, "batch");
	if (batch != NULL && job_id_valid(batch)) {
		b = bstat_get(bs, batch);
		if (strcmp(state, "quarantine") == 0)
			b->quarantined += job_get_long(&j, "pages", 0);
		else
			b->pending = 1;
	}
	job_free(&j);
	return 0;
}

static const char sql_batch_candidates[] =
    "SELECT id FROM batch WHERE finished_at IS NULL "
    "UNION SELECT DISTINCT batch_id FROM document "
    "WHERE batch_id IS NOT NULL AND created_at >= ?1";
/* the pages of erased documents (their tombstones) still count */
static const char sql_batch_pages[] =
    "SELECT ifnull(sum(p.blank = 0), 0) + (SELECT ifnull(sum("
    "pages_archived), 0) FROM tombstone WHERE batch_id = ?1), "
    "ifnull(sum(p.blank = 1), 0) + (SELECT ifnull(sum(pages_blank), 0) "
    "FROM tombstone WHERE batch_id = ?1) "
    "FROM document d JOIN page p ON p.document_id = d.id "
    "WHERE d.batch_id = ?1";
static const char sql_batch_covers[] =
    "SELECT ifnull(sum(cover_sheets), 0) + (SELECT ifnull(sum("
    "cover_sheets), 0) FROM tombstone WHERE batch_id = ?1) "
    "FROM document WHERE batch_id = ?1";
static const char sql_batch_row[] =
    "SELECT finished_at IS NOT NULL, pages_in, cover_sheets, duplicates, "
    "released FROM batch WHERE id = ?1";
static const char sql_batch_update[] =
    "UPDATE batch SET pages_in = ?2, duplicates = ?3, cover_sheets = ?4, "
    "pages_archived = ?5, pages_blank = ?6, quarantined = ?7, "
    "name = coalesce(?10, name), started_at = coalesce(?11, started_at), "
    "finished_at = CASE WHEN ?8 THEN coalesce(finished_at, ?9) END "
    "WHERE id = ?1";

/*
 * batch_row - run SQL (one parameter: batch ID) and read the N integer
 * columns of its one row into V; 0, or -1 with WHAT in the db error
 */
static int
batch_row(struct db *db, const char *sql, const char *id, const char *what,
    long long *v, int n)
{
	sqlite3_stmt *st;
	int i;

	if ((st = db_stmt(db, sql)) == NULL)
		return -1;
	if (store_bind_text(st, 1, id) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		db_fail(db, what);
		db_done(st);
		return -1;
	}
	for (i = 0; i < n; i++)
		v[i] = sqlite3_column_int64(st, i);
	db_done(st);
	return 0;
}

/* batch_update - recount batch ID; records its end once it is over */
static int
batch_update(struct db *db, struct spool *sp, const char *id,
    const struct bstat *b, const char *now, int *unbalanced)
{
	sqlite3_stmt *st;
	struct strbuf detail = STRBUF_INIT;
	struct job bj;
	char err[256], object[128];
	long long archived, blank, pages_in, cover, dups, quar, pg[2], row[5];
	long long covers;
	int have_meta, was_finished, finished;

	if (batch_ensure(db, sp, id) < 0)
		return -1;
	if (batch_row(db, sql_batch_pages, id, "cannot update batch", pg,
	    2) < 0 || batch_row(db, sql_batch_row, id, "cannot update batch",
	    row, 5) < 0 || batch_row(db, sql_batch_covers, id,
	    "cannot update batch", &covers, 1) < 0)
		return -1;
	archived = pg[0];
	blank = pg[1];
	was_finished = (int)row[0];
	pages_in = row[1];
	cover = row[2];
	dups = row[3];
	have_meta = spool_batch_load(sp, id, &bj, err, sizeof(err)) == 0;
	if (have_meta) {
		pages_in = job_get_long(&bj, "pages_in", pages_in);
		/* ingest's cover sheets, and those deskew took out of jobs */
		cover = job_get_long(&bj, "cover_sheets", 0) + covers;
		dups = job_get_long(&bj, "duplicates", dups);
	}
	/* released pages left the quarantine, not the batch's count */
	quar = (b != NULL ? b->quarantined : 0) + row[4];
	if ((st = db_stmt(db, sql_batch_update)) == NULL) {
		if (have_meta)
			job_free(&bj);
		return -1;
	}
	if (have_meta && (store_bind_text(st, 10, job_get(&bj, "name")) !=
	    SQLITE_OK || store_bind_text(st, 11, job_get(&bj, "started_at")) !=
	    SQLITE_OK)) {
		job_free(&bj);
		goto dbfail;
	}
	/* over when ingest has finished it and no job of it is queued */
	finished = (b == NULL || !b->pending) && (!have_meta ||
	    (job_get(&bj, "finished_at") != NULL &&
	    *job_get(&bj, "finished_at") != '\0'));
	if (store_bind_text(st, 1, id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, pages_in) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, dups) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, cover) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, archived) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 6, blank) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 7, quar) != SQLITE_OK ||
	    sqlite3_bind_int(st, 8, finished) != SQLITE_OK ||
	    store_bind_text(st, 9, now) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		if (have_meta)
			job_free(&bj);
		goto dbfail;
	}
	db_done(st);
	if (have_meta)
		job_free(&bj);	/* bound: freed only after the step */
	if (finished && pages_in != archived + blank + cover + quar) {
		/*
		 * none of its pages archived (its quarantined ones are
		 * counted in the spool): the spool's batch record met an
		 * archive that may not be the one the spool fed (its
		 * DOSSIER_ARCHIVE changed, the spool kept)
		 */
		msg_error("batch '%s' does not balance: %lld pages in, but "
		    "%lld archived + %lld blank + %lld cover sheets + %lld "
		    "quarantined%s", id, pages_in, archived, blank, cover, quar,
		    archived + blank + cover == 0 ? " (none of its "
		    "pages is in this archive: did the spool feed another?)" :
		    "");
		(*unbalanced)++;
	}
	if (finished && !was_finished) {
		long long left = pages_in - (archived + blank + cover + quar);

		strbuf_addf(&detail, "pages_in=%lld archived=%lld blank=%lld "
		    "cover_sheets=%lld quarantined=%lld duplicates=%lld %s",
		    pages_in, archived, blank, cover, quar, dups,
		    left == 0 ? "reconciled" : "MISMATCH");
		snprintf(object, sizeof(object), "batch:%s", id);
		if (db_audit(db, STORE_ACTOR, "batch.finish", object,
		    detail.buf) < 0) {
			strbuf_release(&detail);
			return -1;
		}
		strbuf_release(&detail);
	}
	return 0;
dbfail:
	db_fail(db, "cannot update batch");
	db_done(st);
	return -1;
}

int
batch_recount(struct db *db, struct spool *sp, const char *since, char *err,
    size_t errlen)
{
	struct bstats bs = { NULL, 0 };
	sqlite3_stmt *st;
	char now[32], **cand = NULL, **spb;
	size_t ncand = 0, nspb, i, j;
	int rc, ret = -1, dup, unbalanced = 0;

	if (spool_walk(sp, count_job, &bs) < 0) {
		snprintf(err, errlen, "%s", sp->err);
		goto out;
	}
	db_timestamp(now, sizeof(now));
	if (db_begin(db) < 0)
		goto dbfail;
	if ((st = db_stmt(db, sql_batch_candidates)) == NULL)
		goto dbfail;
	if (store_bind_text(st, 1, since != NULL ? since : now) != SQLITE_OK) {
		db_fail(db, "cannot list batches");
		db_done(st);
		goto dbfail;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cand = xreallocarray(cand, ncand + 1, sizeof(*cand));
		cand[ncand++] = xstrdup((const char *)sqlite3_column_text(st,
		    0));
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot list batches");
		db_done(st);
		goto dbfail;
	}
	db_done(st);
	for (i = 0; i < bs.n; i++) {
		if (bs.b[i].quarantined == 0)
			continue;
		for (dup = 0, j = 0; j < ncand && !dup; j++)
			dup = strcmp(cand[j], bs.b[i].id) == 0;
		if (!dup) {
			cand = xreallocarray(cand, ncand + 1, sizeof(*cand));
			cand[ncand++] = xstrdup(bs.b[i].id);
		}
	}
	/* batches with no document yet: all duplicates, or all refused */
	if (spool_batch_list(sp, &spb, &nspb) == 0) {
		for (i = 0; i < nspb; i++) {
			for (dup = 0, j = 0; j < ncand && !dup; j++)
				dup = strcmp(cand[j], spb[i]) == 0;
			if (dup)
				continue;
			if ((dup = store_batch_known(db, spb[i])) < 0) {
				spool_list_free(spb, nspb);
				goto dbfail;
			}
			if (!dup) {
				cand = xreallocarray(cand, ncand + 1,
				    sizeof(*cand));
				cand[ncand++] = xstrdup(spb[i]);
			}
		}
		spool_list_free(spb, nspb);
	}
	for (i = 0; i < ncand; i++) {
		const struct bstat *b = NULL;

		for (j = 0; j < bs.n && b == NULL; j++)
			if (strcmp(bs.b[j].id, cand[i]) == 0)
				b = &bs.b[j];
		if (batch_update(db, sp, cand[i], b, now, &unbalanced) < 0)
			goto dbfail;
	}
	if (db_commit(db) < 0)
		goto dbfail;
	ret = unbalanced;
	goto out;
dbfail:
	snprintf(err, errlen, "archive: %s", db->err);
	db_rollback(db);
out:
	for (i = 0; i < ncand; i++)
		free(cand[i]);
	free(cand);
	for (i = 0; i < bs.n; i++)
		free(bs.b[i].id);
	free(bs.b);
	return ret;
}

static const char sql_report_batch[] =
    "SELECT id, name, started_at, finished_at, pages_in, cover_sheets, "
    "quarantined, duplicates, "
    "CAST(round((julianday(finished_at) - julianday(started_at)) * 86400) "
    "AS INTEGER), released FROM batch WHERE id = ?1";
static const char sql_report_last[] =
    "SELECT id FROM batch ORDER BY ifnull(started_at, '') DESC, id DESC "
    "LIMIT 1";
static const char sql_report_status[] =
    "SELECT ifnull(sum(status = 'filed'), 0), "
    "ifnull(sum(status = 'review'), 0), count(*) "
    "FROM document WHERE batch_id = ?1";
static const char sql_report_reasons[] =
    "SELECT review_reason, count(*) FROM document "
    "WHERE batch_id = ?1 AND status = 'review' GROUP BY 1 ORDER BY 1";
static const char sql_report_twins[] =
    "SELECT count(DISTINCT t.document_id) FROM tag t "
    "JOIN document d ON d.id = t.document_id "
    "WHERE d.batch_id = ?1 AND t.name = 'probable_duplicate'";
static const char sql_report_classes[] =
    "SELECT class, count(*) FROM document WHERE batch_id = ?1 "
    "GROUP BY 1 ORDER BY 1";

/*
 * reason_kind - the review reason S with each of its figures (a run of
 * digits, a decimal point within) written N, into a new string: "ocr:
 * page 3 read with confidence 27" and "ocr: page 1 read with confidence
 * 41" are one kind of reason, which the report counts as one
 */
static char *
reason_kind(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	while (*s != '\0') {
		if (*s < '0' || *s > '9') {
			strbuf_addc(&sb, *s++);
			continue;
		}
		while ((*s >= '0' && *s <= '9') || (*s == '.' &&
		    s[1] >= '0' && s[1] <= '9'))
			s++;
		strbuf_addc(&sb, 'N');
	}
	return strbuf_detach(&sb, NULL);
}

/* a line of report_groups: its name and count */
struct group {
	char	*name;
	long long n;
};

static int
group_cmp(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->name,
	    ((const struct group *)b)->name);
}

/*
 * report_groups - a line "PREFIX NAME: COUNT" for each row (NAME, COUNT)
 * of SQL on batch ID; with REASONS, "PREFIX (KIND): COUNT" for each kind
 * of reason (reason_kind) of the rows, their counts added, in the order
 * of the kinds: a night's documents in review for a low confidence make
 * one line, not one for each page number and confidence (dossier-review
 * list -r finds them)
 */
static int
report_groups(struct db *db, const char *sql, const char *id,
    const char *prefix, int reasons, FILE *out)
{
	struct group *g = NULL;
	size_t n = 0, cap = 0, i, j;
	sqlite3_stmt *st;
	const char *name;
	int rc;

	if ((st = db_stmt(db, sql)) == NULL)
		return -1;
	if (store_bind_text(st, 1, id) != SQLITE_OK) {
		db_done(st);
		return db_fail(db, "cannot read documents");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(st, 0);
		if (name == NULL)
			name = "";
		if (n == cap)
			g = xreallocarray(g, cap = cap ? 2 * cap : 16,
			    sizeof(*g));
		g[n].name = reasons ? reason_kind(name) : xstrdup(name);
		g[n++].n = sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read documents");
		db_done(st);
		goto out;
	}
	db_done(st);
	if (reasons && n > 1)
		qsort(g, n, sizeof(*g), group_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && reasons &&
		    strcmp(g[j].name, g[i].name) == 0; j++)
			g[i].n += g[j].n;
		fprintf(out, reasons ? "%s (%s): %lld\n" : "%s %s: %lld\n",
		    prefix, g[i].name, g[i].n);
	}
out:
	for (i = 0; i < n; i++)
		free(g[i].name);
	free(g);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* what report_quarantined needs from the walk */
struct qwalk {
	struct spool *sp;
	const char *batch;
	FILE	*out;
};

/*
 * put_one_line - S on OUT with its control characters as '?': the
 * report is read a line at a time (its HTML twin, dossier-nightly's
 * checks), and a file's name may hold a line end
 */
static void
put_one_line(FILE *out, const char *s)
{
	char *t = xstrdup(s);

	msg_flatten(t, strlen(t));
	fputs(t, out);
	free(t);
}

/* quarantined_one - a line for a quarantined job of the batch */
static int
quarantined_one(void *arg, const char *state, const char *id,
    const char *path)
{
	struct qwalk *w = arg;
	struct spool_qinfo q;
	const char *b, *file;
	char err[256];
	struct job j;

	if (strcmp(state, "quarantine") != 0 ||
	    job_load(&j, path, id, err, sizeof(err)) < 0)
		return 0;
	b = job_get(&j, "batch");
	file = job_get(&j, "source_file");
	if (b != NULL && strcmp(b, w->batch) == 0) {
		if (spool_quarantine_info(w->sp, id, &q) < 0) {
			snprintf(q.reason, sizeof(q.reason), "(no reason "
			    "recorded)");
			q.stage[0] = '\0';
		}
		fputs("quarantined input: ", w->out);
		put_one_line(w->out, file != NULL ? file : id);
		fprintf(w->out, " (%ld page%s, %s): ",
		    job_get_long(&j, "pages", 1),
		    job_get_long(&j, "pages", 1) == 1 ? "" : "s",
		    q.stage[0] != '\0' ? q.stage : "?");
		put_one_line(w->out, q.reason);
		fputc('\n', w->out);
	}
	job_free(&j);
	return 0;
}

/* what batch_waiting needs from the walk */
struct wwalk {
	const char *batch;
	long	 pages;
	struct strbuf where;	/* "N in STATE, ..." */
	char	 state[64];	/* the state being summed */
	long	 here;		/* its pages so far */
};

static void
waiting_flush(struct wwalk *w)
{
	if (w->here > 0)
		strbuf_addf(&w->where, "%s%ld in %s", w->where.len > 0 ?
		    ", " : "", w->here, w->state);
	w->here = 0;
}

/* waiting_one - the pages of a job of the batch still queued */
static int
waiting_one(void *arg, const char *state, const char *id, const char *path)
{
	struct wwalk *w = arg;
	const char *b;
	char err[256], cls[64], *slash;
	struct job j;
	long n;

	if (strcmp(state, "quarantine") == 0 ||
	    job_load(&j, path, id, err, sizeof(err)) < 0)
		return 0;
	b = job_get(&j, "batch");
	if (b != NULL && strcmp(b, w->batch) == 0) {
		/* "ocr/cur/W" is in ocr/cur */
		snprintf(cls, sizeof(cls), "%s", state);
		if ((slash = strchr(cls, '/')) != NULL &&
		    (slash = strchr(slash + 1, '/')) != NULL)
			*slash = '\0';
		if (strcmp(cls, w->state) != 0) {
			waiting_flush(w);
			snprintf(w->state, sizeof(w->state), "%s", cls);
		}
		n = job_get_long(&j, "pages", 1);
		w->here += n;
		w->pages += n;
	}
	job_free(&j);
	return 0;
}

/*
 * batch_waiting - the pages of batch ID still queued in the spool (a
 * stage could not run), and where, into WHERE; 0 when none
 */
static long
batch_waiting(struct spool *sp, const char *id, struct strbuf *where)
{
	struct wwalk w = { id, 0, STRBUF_INIT, "", 0 };

	(void)spool_walk(sp, waiting_one, &w);
	waiting_flush(&w);
	strbuf_adds(where, w.where.buf != NULL ? w.where.buf : "");
	strbuf_release(&w.where);
	return w.pages;
}

int
batch_report(struct db *db, struct spool *sp, const char *batch, FILE *out,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char *id = NULL;
	const char *fin;
	long long pages_in, cover, quar, dups, archived, blank, sum;
	long long filed, review, docs, el = -1, v[3], waiting, released;
	struct strbuf where = STRBUF_INIT;
	int rc, ret = -1;

	if (batch == NULL) {
		if ((st = db_stmt(db, sql_report_last)) == NULL)
			goto dbfail;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			id = xstrdup((const char *)sqlite3_column_text(st, 0));
		else if (rc != SQLITE_DONE) {
			db_fail(db, "cannot read batches");
			db_done(st);
			goto dbfail;
		}
		db_done(st);
		if (id == NULL) {
			snprintf(err, errlen, "the archive has no batch yet");
			return 1;
		}
	} else
		id = xstrdup(batch);

	if ((st = db_stmt(db, sql_report_batch)) == NULL)
		goto dbfail;
	if (store_bind_text(st, 1, id) != SQLITE_OK) {
		db_fail(db, "cannot read batch");
		db_done(st);
		goto dbfail;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		db_done(st);
		snprintf(err, errlen, "no batch '%s' in the archive", id);
		free(id);
		return 1;
	}
	if (rc != SQLITE_ROW) {
		db_fail(db, "cannot read batch");
		db_done(st);
		goto dbfail;
	}
	fprintf(out, "batch: %s\n", id);
	fprintf(out, "name: %s\n", (const char *)sqlite3_column_text(st, 1));
	fprintf(out, "started: %s\n", sqlite3_column_type(st, 2) ==
	    SQLITE_NULL ? "unknown" : (const char *)sqlite3_column_text(st,
	    2));
	fin = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL :
	    (const char *)sqlite3_column_text(st, 3);
	fprintf(out, "finished: %s\n", fin != NULL ? fin : "not yet");
	pages_in = sqlite3_column_int64(st, 4);
	cover = sqlite3_column_int64(st, 5);
	quar = sqlite3_column_int64(st, 6);
	dups = sqlite3_column_int64(st, 7);
	if (sqlite3_column_type(st, 8) != SQLITE_NULL)
		el = sqlite3_column_int64(st, 8);
	released = sqlite3_column_int64(st, 9);
	db_done(st);

	if (batch_row(db, sql_batch_pages, id, "cannot read pages", v, 2) < 0)
		goto dbfail;
	archived = v[0];
	blank = v[1];
	if (batch_row(db, sql_report_status, id, "cannot read documents", v,
	    3) < 0)
		goto dbfail;
	filed = v[0];
	review = v[1];
	docs = v[2];

	if (el >= 0)
		fprintf(out, "elapsed: %02lld:%02lld:%02lld\n", el / 3600,
		    el / 60 % 60, el % 60);
	else
		fprintf(out, "elapsed: unknown\n");
	fprintf(out, "pages in: %lld\n", pages_in);
	fprintf(out, "pages archived: %lld\n", archived);
	fprintf(out, "blank pages: %lld\n", blank);
	fprintf(out, "cover sheets: %lld\n", cover);
	fprintf(out, "quarantined pages: %lld\n", quar);
	fprintf(out, "released pages: %lld\n", released);
	fprintf(out, "duplicates: %lld\n", dups);
	if (batch_row(db, sql_report_twins, id, "cannot read tags", v, 1) < 0)
		goto dbfail;
	fprintf(out, "probable duplicates: %lld\n", v[0]);
	fprintf(out, "documents: %lld\n", docs);
	fprintf(out, "documents filed: %lld\n", filed);
	fprintf(out, "documents in review: %lld\n", review);
	if (report_groups(db, sql_report_reasons, id, "in review", 1,
	    out) < 0 ||
	    report_groups(db, sql_report_classes, id, "class", 0, out) < 0)
		goto dbfail;
	sum = archived + blank + cover + quar;
	if (sp != NULL && (waiting = batch_waiting(sp, id, &where)) > 0)
		fprintf(out, "reconciliation: pages in = archived + blank + "
		    "cover sheets + quarantined: INCOMPLETE (%lld page%s "
		    "still waiting: %s)\n", waiting, waiting == 1 ? "" : "s",
		    where.buf);
	else if (sum == pages_in)
		fprintf(out, "reconciliation: pages in = archived + blank + "
		    "cover sheets + quarantined: OK (%lld = %lld + %lld + "
		    "%lld + %lld)\n", pages_in, archived, blank, cover, quar);
	else
		fprintf(out, "reconciliation: pages in = archived + blank + "
		    "cover sheets + quarantined: MISMATCH (%lld != %lld + "
		    "%lld + %lld + %lld, %+lld)\n", pages_in, archived, blank,
		    cover, quar, pages_in - sum);
	if (sp != NULL) {
		struct qwalk w = { sp, id, out };

		(void)spool_walk(sp, quarantined_one, &w);
	}
	strbuf_release(&where);
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, "cannot write the report: %s",
		    strerror(errno));
		free(id);
		return -1;
	}
	free(id);
	return 0;
dbfail:
	snprintf(err, errlen, "archive: %s", db->err);
	free(id);
	return ret;
}
