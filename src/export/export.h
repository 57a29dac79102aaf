/*
 * export.h - a subject-access export, private to dossier-export(1)
 */
#ifndef DOSSIER_EXPORT_H
#define DOSSIER_EXPORT_H

#include <stddef.h>

#include "db.h"
#include "subject.h"

struct export_opts {
	const char *output;		/* the zip or tar file to create */
	int	 tar;			/* 1: tar (pax), 0: zip */
	const char *actor;		/* who, for the audit row */
};

struct export_stats {
	long	 documents;		/* PDFs written */
	long	 pages;
	long	 originals;		/* original files written */
	long	 withheld;		/* originals shared with others: left out */
	char	 manifest[65];		/* SHA-256 of SHA256SUMS */
};

/*
 * export_run - write the export of subject S to O->output (which must not
 * exist: it appears whole, or not at all) and append its audit row
 * (action "export", object S->object, the manifest's digest in the
 * detail) before it appears.  0, or -1 with the reason in ERR (nothing
 * left behind).
 */
int	export_run(struct db *, const struct subject *s,
	    const struct export_opts *o, struct export_stats *st, char *err,
	    size_t errlen);

#endif
