/*
 * review.h - the clerks' desk: the documents waiting for a person, and
 * the changes a person makes to them (dossier-review(1))
 *
 * Every change is one transaction that reads the document's state after
 * taking the write lock (a clerk who was second is told who was first),
 * appends its audit row naming the actor, then updates the rows: the
 * audit contract of dossier-archive(5).  A change that SPEC 7 forbids
 * (filing a document to a household its own evidence contradicts) is
 * refused.  Nothing here exits.
 */
#ifndef DOSSIER_REVIEW_H
#define DOSSIER_REVIEW_H

#include <stdio.h>

#include "db.h"
#include "tagset.h"

#define REVIEW_REJECTED		"rejected: "	/* review_reason prefix */
#define REVIEW_TAGS_MAX		64		/* tags one change names */
#define REVIEW_CSV_MAX		(16UL * 1024 * 1024)

/* what list shows */
struct review_filter {
	const char *batch;		/* NULL: any */
	const char *class;		/* NULL: any */
	const char *reason;		/* a part of the reason; NULL: any */
	long	 older;			/* days; 0: any age */
	int	 all;			/* also the rejected documents */
	int	 csv;			/* the CSV a clerk fills (apply) */
};

enum review_verb {
	REVIEW_ASSIGN,			/* file to a household by hand */
	REVIEW_CLASS,			/* set the class */
	REVIEW_TAG,			/* add tags */
	REVIEW_UNTAG,			/* remove tags */
	REVIEW_RELEASE,			/* file where the evidence says */
	REVIEW_REJECT,			/* keep out of the dossiers */
	REVIEW_SPLIT			/* cut in two documents */
};

/* one change a person asks for */
struct review_op {
	enum review_verb verb;
	long long doc;
	const char *actor;
	const char *arg;		/* household ref, class, or reason */
	const char *tag[REVIEW_TAGS_MAX];	/* NAME or NAME=VALUE */
	size_t	 ntag;
	const struct tagset *ts;	/* for the class names, or NULL */
	int	 force;			/* assign against weak evidence */
	long	 page;			/* split: the first page cut off */
	long long *made;		/* split: the new document, or NULL */
};

/* review_list - the documents in review that F selects, on FP; 0 or -1 */
int	review_list(struct db *, const struct review_filter *f, FILE *fp);

/*
 * review_show - document DOC on FP: its state, fields, the evidence for
 * each candidate household and what linking says now, and each page's
 * text; its page images written into DIR (NULL: not written) as
 * document-DOC-page-N.png or .tif.  0, 1 if there is no such document
 * (ERR), -1 on a failure (ERR).
 */
int	review_show(struct db *, long long doc, const char *dir, FILE *fp,
	    char *err, size_t errlen);

/*
 * review_change - OP in one transaction.  0 done; 1 refused (the
 * reason in ERR, nothing written); -1 the archive failed (ERR).
 */
int	review_change(struct db *, const struct review_op *op, char *err,
	    size_t errlen);

/*
 * review_apply - the changes of the CSV file PATH that a clerk filled in
 * (columns document, household, class, tags, action, note; see
 * dossier-review(1)) as ACTOR, all in one transaction: every row is
 * checked and done, or none is.  Refused rows are reported
 * "PATH:LINE: reason".  0 done (*CHANGES counts the changes); 1 refused;
 * -1 the file or the archive failed (ERR).
 */
int	review_apply(struct db *, const char *path, const char *actor,
	    const struct tagset *ts, long *changes, char *err, size_t errlen);

#endif
