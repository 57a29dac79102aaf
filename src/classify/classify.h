/*
 * classify.h - the classify stage: one document class per job from the
 * tagset's rules and, when there is one, a model learnt from the archive
 * (dossier-classify(1))
 */
#ifndef DOSSIER_CLASSIFY_H
#define DOSSIER_CLASSIFY_H

#include <stddef.h>

#include "job.h"
#include "model.h"
#include "verdict.h"
#include "strbuf.h"
#include "tagset.h"

#define CLASSIFY_REVIEW_BELOW	0.5	/* default -r: review under this */
#define CLASSIFY_REVIEW_KEY	"review_reason"
#define CLASSIFY_REVIEW_TEXT	"low classification score"
#define CLASSIFY_TRAIN_SCORE	0.9	/* class_score that counts as sure */
#define CLASSIFY_TRAIN_MAX	10000	/* documents learnt from, newest */
#define CLASSIFY_FOLDS		5	/* default -k */

/*
 * classify_setup - load the tagset (TOPT: -t, or NULL for the default)
 * and the model (MOPT: -m, or NULL: $DOSSIER_MODEL or ARCHIVE.model,
 * which may be missing) once, for classify_process(), which sends a
 * document to review under REVIEW_BELOW; an exit code
 */
int	classify_setup(const char *topt, const char *mopt, const char *archive,
	    double review_below);
/* classify_check - -n: print the tagset and model summary; an exit code */
int	classify_check(void);

/*
 * classify_model_path - the model file to use: OPT (-m) if not NULL, else
 * $DOSSIER_MODEL, else ARCHIVE.model; NULL when it is "none".  May
 * return a static buffer.
 */
const char *classify_model_path(const char *opt, const char *archive);

/* the outcome of classify_text() */
struct classify_result {
	const char *cls;	/* the class chosen */
	double	 score;		/* how sure, 0..1 */
	struct tagset_choice rules;	/* what the rules said */
	const char *mcls;	/* what the model said, or NULL */
	double	 mprob;		/* its probability */
};

void	classify_result_init(struct classify_result *);
void	classify_result_release(struct classify_result *);

/*
 * classify_text - classify the document DOC (its normalised text and
 * language set) with the tagset TS and the model M (NULL: rules only).
 * With a model, the rules' distribution r (the chosen class X gets its
 * rule score s, "other" 1 - s; or, when no class qualifies, "other" its
 * score and the closest class the rest) and the model's probabilities p
 * are averaged: final(c) = (r(c) + p(c)) / 2; when no rule held at all
 * the rules abstain and final = p.  The class is the argmax of final,
 * its score final(class).  Classes the model does not know get p = 0.
 */
void	classify_text(const struct tagset *ts, const struct model *m,
	    struct tagset_doc *doc, struct classify_result *out);

/*
 * classify_job - classify JOB with the tagset TS and model M (may be
 * NULL): sets the meta keys class, class_score, class_rules, lang, with a
 * model class_model, and review_reason when the score is below
 * REVIEW_BELOW.  VERDICT_PERM with a reason in ERR for a bad job
 * (missing or oversized text), VERDICT_TEMP for an I/O failure.
 */
enum verdict classify_job(const struct tagset *ts, const struct model *m,
	    double review_below, struct job *job, char *err, size_t errlen);
/*
 * classify_settings - the stage callback for settings.classify: the
 * tagset's words (tagset_settings), model=BASE model_sha256=HEX of the
 * model used (model=none: rules only) and review=SCORE (-r)
 */
void	classify_settings(void *ctx, struct strbuf *sb);
/* classify_process - the stage callback: classify_job with what was loaded */
enum verdict classify_process(void *ctx, struct job *job, char *err,
	    size_t errlen);

/*
 * classify_train - dossier-classify --train: learn a model from the
 * documents of ARCHIVE with the tagset TOPT (NULL: the default), check it
 * by K-fold cross-validation, report on stdout and write it to OUT;
 * returns the exit status
 */
int	classify_train(const char *archive, const char *topt, const char *out,
	    int k);

#endif
