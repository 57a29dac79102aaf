/*
 * classify.c - choose a document class from the tagset's rules and the
 * model learnt from the archive (see classify.h)
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "classify.h"
#include "db.h"
#include "exitcode.h"
#include "fileio.h"
#include "model.h"
#include "msg.h"
#include "strbuf.h"
#include "tagset.h"
#include "textnorm.h"
#include "xalloc.h"

static struct tagset classify_ts;	/* loaded in the parent, shared */
static struct model classify_model;	/* idem; nclass 0: rules only */
static const char *classify_mpath;	/* the model file looked for */
static char classify_merr[512];		/* why it was refused, or "" */
static double classify_review = CLASSIFY_REVIEW_BELOW;	/* -r */

const char *
classify_model_path(const char *opt, const char *archive)
{
	static char buf[PATH_MAX];
	const char *e;

	if (opt == NULL) {
		e = getenv("DOSSIER_MODEL");
		if (e != NULL && *e != '\0')
			opt = e;
	}
	if (opt != NULL)
		return strcmp(opt, "none") == 0 ? NULL : opt;
	if (snprintf(buf, sizeof(buf), "%s.model", archive) >=
	    (int)sizeof(buf))
		return NULL;
	return buf;
}

int
classify_setup(const char *topt, const char *mopt, const char *archive,
    double review_below)
{
	classify_review = review_below;
	if (tagset_load_report(&classify_ts, topt) < 0)
		return EXIT_ENV;
	model_init(&classify_model);
	classify_mpath = classify_model_path(mopt, archive);
	if (classify_mpath == NULL)
		return EXIT_DONE;
	/* the default model is optional; one asked for must be usable */
	if (mopt == NULL && getenv("DOSSIER_MODEL") == NULL &&
	    access(classify_mpath, F_OK) != 0) {
		msg_debug("no model '%s': rules only", classify_mpath);
		classify_mpath = NULL;
		return EXIT_DONE;
	}
	if (model_load(&classify_model, classify_mpath, classify_merr,
	    sizeof(classify_merr)) < 0) {
		msg_error("%s", classify_merr);
		msg_warn("classifying with the tagset's rules only");
		return EXIT_DONE;
	}
	msg_debug("model '%s': %u classes, %u features", classify_mpath,
	    (unsigned)classify_model.nclass, (unsigned)classify_model.nfeat);
	return EXIT_DONE;
}

int
classify_check(void)
{
	uint32_t c;

	tagset_summary(&classify_ts, stdout);
	if (classify_mpath == NULL)
		printf("model: none (rules only)\n");
	else if (classify_merr[0] != '\0')
		printf("model: refused: %s\n", classify_merr);
	else {
		printf("model %s: version %d, %u classes, %u features, "
		    "%u training documents, sharpness %.3g, ",
		    classify_mpath, MODEL_VERSION,
		    (unsigned)classify_model.nclass,
		    (unsigned)classify_model.nfeat,
		    (unsigned)classify_model.ndocs, classify_model.sharp);
		if (classify_model.cv_acc >= 0)
			printf("cross-validated accuracy %.3f\n",
			    classify_model.cv_acc);
		else
			printf("not cross-validated\n");
		printf("model sha256 %s\nmodel classes:", classify_model.digest);
		for (c = 0; c < classify_model.nclass; c++) {
			printf(" %s", classify_model.cls[c]);
			if (strcmp(classify_model.cls[c], "other") != 0 &&
			    tagset_find(&classify_ts, 0,
			    classify_model.cls[c]) == NULL)
				printf("(model only)");
		}
		printf("\n");
	}
	printf("review below class score %.3f (meta %s=%s)\n",
	    classify_review, CLASSIFY_REVIEW_KEY, CLASSIFY_REVIEW_TEXT);
	if (fflush(stdout) != 0)
		return EXIT_ENV;
	return classify_merr[0] != '\0' ? EXIT_ENV : EXIT_DONE;
}

void
classify_result_init(struct classify_result *r)
{
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->rules.rules);
}

void
classify_result_release(struct classify_result *r)
{
	strbuf_release(&r->rules.rules);
}

/* the classes final() is over: the rules' classes, "other", the model's */
struct pool {
	const char **name;
	double	*v;
	size_t	 n;
};

static size_t
pool_slot(struct pool *pl, const char *name)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		if (strcmp(pl->name[i], name) == 0)
			return i;
	pl->name[pl->n] = name;
	pl->v[pl->n] = 0;
	return pl->n++;
}

/*
 * combine - the class of final(c) = (r(c) + p(c)) / 2 (see classify.h)
 * for the rules' choice R and the model's probabilities P over the N
 * classes NAMES, and its score in *SCORE; the name returned is one of
 * R's or of NAMES
 */
static const char *
combine(const struct tagset_choice *r, const char *const *names,
    const double *p, size_t n, double *score)
{
	struct pool pl;
	const char *best;
	double rs = r->score;
	size_t i, b;
	int abstain;

	pl.name = xcalloc(n + 3, sizeof(*pl.name));
	pl.v = xcalloc(n + 3, sizeof(*pl.v));
	pl.n = 0;
	abstain = strcmp(r->cls, "other") == 0 && r->near == NULL;
	if (!abstain) {
		if (strcmp(r->cls, "other") != 0) {
			pl.v[pool_slot(&pl, r->cls)] += rs / 2;
			pl.v[pool_slot(&pl, "other")] += (1 - rs) / 2;
		} else {
			pl.v[pool_slot(&pl, "other")] += rs / 2;
			pl.v[pool_slot(&pl, r->near)] += (1 - rs) / 2;
		}
	}
	for (i = 0; i < n; i++)
		pl.v[pool_slot(&pl, names[i])] += abstain ? p[i] : p[i] / 2;
	for (i = 1, b = 0; i < pl.n; i++)
		if (pl.v[i] > pl.v[b])
			b = i;
	best = pl.name[b];
	*score = pl.v[b] > 1 ? 1 : pl.v[b];
	free(pl.name);
	free(pl.v);
	return best;
}

void
classify_text(const struct tagset *ts, const struct model *m,
    struct tagset_doc *doc, struct classify_result *out)
{
	struct model_feats f;
	double *p;
	int mbest;

	tagset_classify(ts, doc, &out->rules);
	out->cls = out->rules.cls;
	out->score = out->rules.score;
	out->mcls = NULL;
	out->mprob = 0;
	if (m == NULL || m->nclass == 0)
		return;
	model_feats_init(&f);
	model_features(doc->text, doc->len, &f);
	p = xcalloc(m->nclass, sizeof(*p));
	mbest = model_predict(m, &f, p);
	model_feats_release(&f);
	if (mbest >= 0) {
		out->mcls = m->cls[mbest];
		out->mprob = p[mbest];
		/* the names come from the tagset or the model: they outlive OUT */
		out->cls = combine(&out->rules, (const char *const *)m->cls, p,
		    m->nclass, &out->score);
	}	/* else the model knows nothing of this text */
	free(p);
}

enum verdict
classify_job(const struct tagset *ts, const struct model *m,
    double review_below, struct job *job, char *err, size_t errlen)
{
	struct tagset_pages pg;
	struct classify_result cr;
	struct tagset_doc doc;
	int rc;

	rc = tagset_pages_read(&pg, job, TAGSET_DOC_MAX, 0, err, errlen);
	if (rc < 0) {
		tagset_pages_free(&pg);
		return rc == -1 ? VERDICT_PERM : VERDICT_TEMP;
	}
	memset(&doc, 0, sizeof(doc));
	doc.text = pg.all.buf;
	doc.len = pg.all.len;
	doc.lang = textnorm_lang(doc.text, doc.len);
	classify_result_init(&cr);
	classify_text(ts, m, &doc, &cr);
	job_set(job, "class", cr.cls);
	job_setf(job, "class_score", "%.3f", cr.score);
	/* the audit names the rules of the class chosen, if rules chose it */
	job_set(job, "class_rules", strcmp(cr.cls, cr.rules.cls) == 0 ?
	    cr.rules.rules.buf : "");
	job_set(job, "lang", doc.lang);
	if (cr.mcls != NULL)
		job_setf(job, "class_model", "%s %.3f", cr.mcls, cr.mprob);
	else
		job_unset(job, "class_model");
	/* keep 3 decimals apart from the threshold as printed */
	if (floor(cr.score * 1000 + 0.5) < floor(review_below * 1000 + 0.5)) {
		/* an earlier stage's doubt (dossier-ocr's) is kept */
		if (job_get(job, CLASSIFY_REVIEW_KEY) == NULL)
			job_set(job, CLASSIFY_REVIEW_KEY,
			    CLASSIFY_REVIEW_TEXT);
	}
	else if (job_get(job, CLASSIFY_REVIEW_KEY) != NULL &&
	    strcmp(job_get(job, CLASSIFY_REVIEW_KEY),
	    CLASSIFY_REVIEW_TEXT) == 0)
		job_unset(job, CLASSIFY_REVIEW_KEY);	/* a rerun */
	if (doc.limit_hits > 0)
		msg_warn("%d regular expression match%s stopped by the "
		    "match limits: check the tagset's patterns",
		    doc.limit_hits, doc.limit_hits == 1 ? "" : "es");
	msg_debug("class %s score %.3f (rules: %s %.3f, rule score %d, "
	    "next %d; model: %s %.3f), lang %s", cr.cls, cr.score,
	    cr.rules.cls, cr.rules.score, cr.rules.raw, cr.rules.second,
	    cr.mcls != NULL ? cr.mcls : "-", cr.mprob, doc.lang);
	classify_result_release(&cr);
	tagset_doc_release(&doc);
	tagset_pages_free(&pg);
	return VERDICT_OK;
}

void
classify_settings(void *ctx, struct strbuf *sb)
{
	const char *base;
	char v[32];

	tagset_settings(&classify_ts, sb);
	if (classify_model.nclass > 0 && classify_mpath != NULL) {
		base = strrchr(classify_mpath, '/');
		db_kv(sb, "model", base != NULL ? base + 1 : classify_mpath);
		db_kv(sb, "model_sha256", classify_model.digest);
	} else
		db_kv(sb, "model", "none");
	snprintf(v, sizeof(v), "%g", classify_review);
	db_kv(sb, "review", v);
}

enum verdict
classify_process(void *ctx, struct job *job, char *err, size_t errlen)
{
	return classify_job(&classify_ts, classify_model.nclass > 0 ?
	    &classify_model : NULL, classify_review, job, err, errlen);
}

/* ---- --train ----------------------------------------------------- */

struct trainset {
	size_t	 n, a;
	struct model_feats *f;
	int	*label;
	char	**cls;			/* class names */
	size_t	 ncls;
	size_t	*count;
	size_t	 manual, reviewed, sure;
	struct tagset_choice *rch;
};

static int
train_class(struct trainset *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncls; i++)
		if (strcmp(t->cls[i], name) == 0)
			return (int)i;
	t->cls = xreallocarray(t->cls, t->ncls + 1, sizeof(*t->cls));
	t->count = xreallocarray(t->count, t->ncls + 1, sizeof(*t->count));
	t->cls[t->ncls] = xstrdup(name);
	t->count[t->ncls] = 0;
	return (int)t->ncls++;
}

/*
 * Documents a person filed (link_method manual), or that a person
 * touched (an audit row on the document by another actor than
 * dossier-load), or that the pipeline was sure of; newest first.
 */
static const char sql_train_docs[] =
    "SELECT d.id, d.class, d.link_method = 'manual', "
    "  EXISTS (SELECT 1 FROM audit a WHERE a.object = 'document:' || d.id "
    "    AND a.actor <> 'dossier-load') AS touched "
    "FROM document d "
    "WHERE d.link_method = 'manual' OR touched "
    "  OR (d.class <> 'other' AND d.class_score >= ?1) "
    "ORDER BY d.id DESC LIMIT ?2";
static const char sql_train_pages[] =
    "SELECT text FROM page WHERE document_id = ?1 AND text IS NOT NULL "
    "ORDER BY page_no";

static int
train_read(struct db *db, const struct tagset *ts, struct trainset *t)
{
	sqlite3_stmt *st, *pst;
	struct strbuf raw = STRBUF_INIT;
	struct textnorm tn;
	struct tagset_doc doc;
	const char *cls, *txt;
	int rc, k;

	if ((st = db_stmt(db, sql_train_docs)) == NULL)
		return -1;
	sqlite3_bind_double(st, 1, CLASSIFY_TRAIN_SCORE);
	sqlite3_bind_int(st, 2, CLASSIFY_TRAIN_MAX);
	textnorm_init(&tn);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cls = (const char *)sqlite3_column_text(st, 1);
		if (cls == NULL || !model_name_ok((const unsigned char *)cls,
		    strlen(cls)))
			continue;
		if ((pst = db_stmt(db, sql_train_pages)) == NULL) {
			db_done(st);
			textnorm_release(&tn);
			strbuf_release(&raw);
			return -1;
		}
		sqlite3_bind_int64(pst, 1, sqlite3_column_int64(st, 0));
		strbuf_reset(&raw);
		while (sqlite3_step(pst) == SQLITE_ROW) {
			txt = (const char *)sqlite3_column_text(pst, 0);
			if (txt == NULL || raw.len > TAGSET_DOC_MAX)
				continue;
			if (raw.len > 0)
				strbuf_addc(&raw, '\n');
			strbuf_adds(&raw, txt);
		}
		db_done(pst);
		if (t->n == t->a) {
			t->a = t->a ? t->a * 2 : 64;
			t->f = xreallocarray(t->f, t->a, sizeof(*t->f));
			t->label = xreallocarray(t->label, t->a,
			    sizeof(*t->label));
			t->rch = xreallocarray(t->rch, t->a, sizeof(*t->rch));
		}
		textnorm_run(&tn, raw.buf, raw.len, 0);
		model_feats_init(&t->f[t->n]);
		model_features(tn.out.buf, tn.out.len, &t->f[t->n]);
		k = train_class(t, cls);
		t->label[t->n] = k;
		t->count[k]++;
		/* what the rules alone say, for the report */
		memset(&doc, 0, sizeof(doc));
		doc.text = tn.out.buf;
		doc.len = tn.out.len;
		doc.lang = textnorm_lang(doc.text, doc.len);
		strbuf_init(&t->rch[t->n].rules);
		tagset_classify(ts, &doc, &t->rch[t->n]);
		strbuf_release(&t->rch[t->n].rules);
		tagset_doc_release(&doc);
		if (sqlite3_column_int(st, 2))
			t->manual++;
		else if (sqlite3_column_int(st, 3))
			t->reviewed++;
		else
			t->sure++;
		t->n++;
	}
	db_done(st);
	textnorm_release(&tn);
	strbuf_release(&raw);
	if (rc != SQLITE_DONE)
		return db_fail(db, "cannot read the documents to learn from");
	return 0;
}

static void
train_free(struct trainset *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		model_feats_release(&t->f[i]);
	for (i = 0; i < t->ncls; i++)
		free(t->cls[i]);
	free(t->f);
	free(t->label);
	free(t->rch);
	free(t->cls);
	free(t->count);
	memset(t, 0, sizeof(*t));
}

/*
 * train_combined - the class classify_text would give document I from
 * the rules' choice and the held-out probabilities P (over T's classes):
 * its index in T's classes, or T->ncls for a class of the rules only
 */
static int
train_combined(const struct trainset *t, size_t i, const double *p,
    double *score)
{
	const char *best;
	size_t c;

	best = combine(&t->rch[i], (const char *const *)t->cls, p, t->ncls,
	    score);
	for (c = 0; c < t->ncls && strcmp(t->cls[c], best) != 0; c++)
		;
	return (int)c;
}

int
classify_train(const char *archive, const char *topt, const char *out,
    int k)
{
	struct trainset t;
	struct model_cv cv;
	struct model m;
	struct strbuf img = STRBUF_INIT;
	struct tagset ts;
	struct db db;
	char err[DB_ERRLEN + 64], dir[PATH_MAX];
	const char *base;
	size_t i, c, rules_right = 0, comb_right = 0, *conf;
	int mindf, status = EXIT_ENV, pred;
	double sc;

	if (tagset_load_report(&ts, topt) < 0)
		return EXIT_ENV;
	memset(&t, 0, sizeof(t));
	if (db_open(&db, archive, DB_READONLY, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		tagset_free(&ts);
		return EXIT_ENV;
	}
	if (train_read(&db, &ts, &t) < 0) {
		msg_error("%s", db.err);
		goto done;
	}
	db_close(&db);
	printf("training documents: %zu (filed by a person: %zu, reviewed: "
	    "%zu, class score >= %.2f: %zu)\n", t.n, t.manual, t.reviewed,
	    CLASSIFY_TRAIN_SCORE, t.sure);
	for (c = 0; c < t.ncls; c++)
		printf("  %-28s %zu\n", t.cls[c], t.count[c]);
	mindf = t.n >= 50 ? 2 : 1;
	if (t.ncls < 2 || model_cross_validate(t.f, t.label, t.n, t.cls,
	    t.ncls, k, mindf, &cv) < 0) {
		msg_error("not enough documents to learn from: %zu in %zu "
		    "class%s (need %d documents in at least 2 classes)", t.n,
		    t.ncls, t.ncls == 1 ? "" : "es", k);
		goto done;
	}
	conf = xcalloc((t.ncls + 1) * (t.ncls + 1), sizeof(*conf));
	for (i = 0; i < t.n; i++) {
		if (strcmp(t.rch[i].cls, t.cls[t.label[i]]) == 0)
			rules_right++;
		pred = train_combined(&t, i, cv.prob + i * t.ncls, &sc);
		if (pred == t.label[i])
			comb_right++;
		conf[(size_t)t.label[i] * (t.ncls + 1) + (size_t)pred]++;
	}
	printf("%d-fold cross-validation on %zu documents:\n", k, t.n);
	printf("  model alone:   %.3f (%zu/%zu), mean log-loss %.3f, "
	    "sharpness %.3g\n", (double)cv.right / t.n, cv.right, t.n,
	    cv.logloss, cv.sharp);
	printf("  rules alone:   %.3f (%zu/%zu)\n", (double)rules_right / t.n,
	    rules_right, t.n);
	printf("  rules + model: %.3f (%zu/%zu)\n", (double)comb_right / t.n,
	    comb_right, t.n);
	printf("confusion of rules + model (rows: class filed, columns: "
	    "class given; numbers as in the list above, x: a class of the "
	    "rules only):\n  %4s", "");
	for (c = 0; c < t.ncls; c++)
		printf(" %4zu", c + 1);
	printf(" %4s\n", "x");
	for (i = 0; i < t.ncls; i++) {
		printf("  %4zu", i + 1);
		for (c = 0; c <= t.ncls; c++)
			printf(" %4zu", conf[i * (t.ncls + 1) + c]);
		printf("\n");
	}
	free(conf);

	model_init(&m);
	if (model_train(&m, t.f, t.label, NULL, t.n, t.cls, t.ncls, mindf,
	    cv.sharp) < 0) {
		msg_error("cannot learn a model");
		model_cv_free(&cv);
		goto done;
	}
	m.cv_acc = (float)((double)cv.right / t.n);
	model_cv_free(&cv);
	model_write(&m, &img);
	path_dirname(out, dir, sizeof(dir));
	base = strrchr(out, '/') != NULL ? strrchr(out, '/') + 1 : out;
	if (file_replace(dir, base, img.buf, img.len) < 0) {
		msg_error("cannot write model '%s': %s", out,
		    strerror(errno));
		model_free(&m);
		goto done;
	}
	printf("model written: %s (%u classes, %u features, %zu bytes, "
	    "sha256 %s)\n", out, (unsigned)m.nclass, (unsigned)m.nfeat,
	    img.len, m.digest);
	model_free(&m);
	status = fflush(stdout) == 0 ? EXIT_DONE : EXIT_ENV;
done:
	db_close(&db);
	strbuf_release(&img);
	train_free(&t);
	tagset_free(&ts);
	return status;
}
