/*
 * model - a document classifier learnt from filed documents
 *
 * A multinomial naive Bayes model over binary features of the normalised
 * text (textnorm.h): words, pairs of adjacent words and character
 * 4-grams of words, each hashed to 32 bits.  A document counts each
 * feature once.  model_train() learns it from labelled feature sets;
 * model_predict() gives a probability per class: the mean log-likelihood
 * of the document's known features under each class (plus the class
 * prior spread the same way), times the model's sharpness, through a
 * softmax.  The sharpness is chosen by cross-validation so that the
 * probabilities are honest (lowest log-loss on held-out documents).
 *
 * The model file (MODEL_VERSION) is binary, little-endian:
 *   "DOSSMODL" magic, u32 version, u32 classes, u32 features,
 *   u32 training documents, f32 sharpness, f32 cross-validated accuracy
 *   (or -1), then per class: u8 name length, the name; f32 log prior;
 *   then the sorted u32 feature hashes; then per feature one f32 log
 *   probability per class; then the SHA-256 of everything before it.
 * model_load() refuses a file that is truncated, too long, of another
 * version, whose digest does not match, or whose contents are not sane
 * (unsorted features, non-finite numbers, bad names).
 */
#ifndef DOSSIER_MODEL_H
#define DOSSIER_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

#define MODEL_MAGIC		"DOSSMODL"
#define MODEL_VERSION		1
#define MODEL_FILE_MAX		((size_t)256 * 1024 * 1024)
#define MODEL_CLASSES_MAX	512
#define MODEL_NAME_LEN		63
#define MODEL_TEXT_MAX		((size_t)16 * 1024) /* text bytes looked at */
#define MODEL_FEATS_MAX		8192	/* distinct features a document */
#define MODEL_ALPHA		0.1	/* additive smoothing */

/*
 * model_name_ok - whether the N bytes at S are a class name a model may
 * hold: [a-z][a-z0-9_]*, at most MODEL_NAME_LEN bytes
 */
int	model_name_ok(const unsigned char *s, size_t n);

/* the distinct features of one document, sorted */
struct model_feats {
	uint32_t *h;
	size_t	 n, a;
};

struct model {
	uint32_t nclass;
	char	**cls;			/* class names */
	float	*prior;			/* log prior, nclass */
	uint32_t nfeat;
	uint32_t *feat;			/* sorted feature hashes */
	float	*w;			/* nfeat * nclass log P(f|c) */
	float	 sharp;			/* softmax sharpness */
	float	 cv_acc;		/* cross-validated accuracy, or -1 */
	uint32_t ndocs;			/* documents it was trained on */
	char	 digest[65];		/* SHA-256 of the file, hex */
};

void	model_feats_init(struct model_feats *);
void	model_feats_release(struct model_feats *);

/*
 * model_features - replace F with the features of the normalised text T
 * (LEN bytes; only the first MODEL_TEXT_MAX are looked at, at most
 * MODEL_FEATS_MAX features are kept)
 */
void	model_features(const char *t, size_t len, struct model_feats *f);

void	model_init(struct model *);
/* model_free - release what M holds; M is then empty (model_init) */
void	model_free(struct model *);

/*
 * model_parse - check and read the model file image BUF (LEN bytes)
 * into M.  Returns 0, or -1 with the reason in ERR (M stays empty).
 */
int	model_parse(struct model *m, const unsigned char *buf, size_t len,
	    char *err, size_t errlen);

/*
 * model_load - model_parse the file PATH (a regular file of at most
 * MODEL_FILE_MAX bytes); 0, or -1 with the reason in ERR
 */
int	model_load(struct model *m, const char *path, char *err,
	    size_t errlen);

/* model_write - the file image of M into OUT (replaced); digest set */
void	model_write(struct model *m, struct strbuf *out);

/* model_class - the index of class NAME in M, or -1 */
int	model_class(const struct model *m, const char *name);

/*
 * model_scores - the mean log-likelihood score of F under each class,
 * into S (M->nclass entries); returns the number of F's features the
 * model knows (0: no evidence, all scores are the priors)
 */
size_t	model_scores(const struct model *m, const struct model_feats *f,
	    double *s);

/*
 * model_softmax - probabilities P (N entries) from scores S with
 * sharpness K; returns the index of the highest
 */
int	model_softmax(const double *s, size_t n, double k, double *p);

/*
 * model_predict - class probabilities of F into P (M->nclass entries);
 * returns the index of the most probable class, or -1 when the model
 * knows none of F's features (P is then uniform)
 */
int	model_predict(const struct model *m, const struct model_feats *f,
	    double *p);

/*
 * model_train - learn M (replaced) from N documents: their features
 * DOCS[i] and class index LABEL[i] into the NCLS names CLS (copied).
 * Only documents with USE[i] set count (USE may be NULL: all).  A
 * feature must be seen in MINDF documents to be kept.  The sharpness is
 * set to SHARP.  Returns 0, or -1 if fewer than 2 classes have documents.
 */
int	model_train(struct model *m, const struct model_feats *docs,
	    const int *label, const unsigned char *use, size_t n,
	    char *const *cls, size_t ncls, int mindf, double sharp);

/* the outcome of model_cv() */
struct model_cv {
	int	 folds;
	size_t	 n;			/* documents predicted */
	size_t	 right;			/* predicted right */
	double	 sharp;			/* the sharpness of least log-loss */
	double	 logloss;		/* its mean log-loss */
	int	*pred;			/* n predicted class indices */
	double	*conf;			/* n probabilities of the prediction */
	double	*prob;			/* n * ncls probabilities */
};

/*
 * model_cross_validate - K-fold cross-validation over the N documents
 * (folds dealt by class, in order, so each fold has its share of every
 * class); fills CV (free with model_cv_free).  Returns 0, or -1 when
 * there are too few documents (fewer than K, or fewer than 2 classes).
 */
int	model_cross_validate(const struct model_feats *docs, const int *label,
	    size_t n, char *const *cls, size_t ncls, int k, int mindf,
	    struct model_cv *cv);
void	model_cv_free(struct model_cv *cv);

#endif
