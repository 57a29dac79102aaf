/*
 * verify - the archive as evidence: is every row what its audit says
 * (dossier-verify(1), dossier-archive(5) "Evidence")
 */
#ifndef DOSSIER_VERIFY_H
#define DOSSIER_VERIFY_H

#include <stdio.h>

#include "db.h"

struct verify_opts {
	int	 full;			/* hash every image, text and source */
	long	 max_report;		/* problems printed (all are counted) */
	FILE	*out;			/* one line per problem */
};

struct verify_stats {
	long	 audit_rows, documents, pages, sources, batches, tombstones;
	long	 problems;
	char	 first[512];		/* the first problem, "" if none */
};

/*
 * verify_archive - check DB as dossier-verify(1) says: the audit chain,
 * the evidence triggers, every document's filing, every page's and
 * source's digests against the last audit row that states them (and, with
 * O->full, against their content), every finished batch's
 * reconciliation.  Each problem is a line on O->out; the figures in *ST.
 * 0 if the archive could be read (ST->problems says whether it is
 * intact), -1 on a database error (db->err).
 */
int	verify_archive(struct db *, const struct verify_opts *o,
	    struct verify_stats *st);

#endif
