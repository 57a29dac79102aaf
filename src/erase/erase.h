/*
 * erase - erasure and retention of documents, legal holds
 * (dossier-erase(1), dossier-archive(5) "Evidence")
 */
#ifndef DOSSIER_ERASE_H
#define DOSSIER_ERASE_H

#include <stdio.h>

#include "db.h"

struct erase_opts {
	const char *actor;		/* who (-u) */
	const char *reason;		/* why (-r) */
	int	 dry_run;		/* -n: say what, change nothing */
	FILE	*out;			/* one line per document */
};

/*
 * erase_document - erase document DOC in one transaction: first the
 * audit row of each page (page.erase, with its digests) then the page
 * (its text leaves the full-text index with it), its fields and tags,
 * the document's audit row (document.erase: its filing, source, pages
 * and the reason) then the document, its tombstone, and its source's
 * bytes when no other document or member uses them (source.erase; an
 * archive whose last member goes, goes too).  Returns 0 done, 1 refused
 * (no such document, or under legal hold: the reason in ERR), -1 on a
 * database error (ERR).
 */
int	erase_document(struct db *, long long doc, const struct erase_opts *o,
	    char *err, size_t errlen);

/*
 * erase_expired - erase every document of CLASS whose date (doc_date,
 * else the day it was archived) is before BEFORE (YYYY-MM-DD), one
 * transaction each; a held one is skipped and counted in *HELD.  The
 * number erased in *DONE.  0, or -1 on a database error (ERR).
 */
int	erase_expired(struct db *, const char *class, const char *before,
	    const struct erase_opts *o, long *done, long *held, char *err,
	    size_t errlen);

/*
 * erase_hold - put OBJECT ("document:ID", "household:REF", "class:NAME")
 * under legal hold for O->reason, audited (hold.add); its id in *ID.
 * 0, 1 if OBJECT names nothing (ERR), -1 on a database error.
 */
int	erase_hold(struct db *, const char *object, const struct erase_opts *o,
	    long long *id, char *err, size_t errlen);

/*
 * erase_release - release hold ID, audited first (hold.release); 0, 1 if
 * there is no such open hold (ERR), -1 on a database error
 */
int	erase_release(struct db *, long long id, const struct erase_opts *o,
	    char *err, size_t errlen);

/* erase_holds - list the open holds on O->out; 0 or -1 */
int	erase_holds(struct db *, const struct erase_opts *o, char *err,
	    size_t errlen);

#endif
