/*
 * html.h - the morning report as one HTML page: no server, no script, no
 * file beside it (dossier-report(1) -o)
 */
#ifndef DOSSIER_REPORT_HTML_H
#define DOSSIER_REPORT_HTML_H

#include <stddef.h>

#include "db.h"
#include "spool.h"

/*
 * html_report - write the report of BATCH (NULL: the most recent) as one
 * HTML file at PATH (durably replaced): the status (OK only when every
 * page is accounted for and none waits), the reconciliation, documents
 * per class, the review queue by reason, the batch's quarantined inputs
 * (with a spool SP, or NULL), the throughput per stage (from TIMES, the
 * file "STAGE<TAB>EXIT<TAB>SECONDS" lines dossier-nightly writes, or
 * NULL), and an inline SVG chart of the last 30 batches up to this one
 * (pages in, documents filed, documents in review).  The figures are
 * batch_report()'s.  0; 1 if there is no such batch; -1 (ERR).
 */
int	html_report(struct db *db, struct spool *sp, const char *batch,
	    const char *path, const char *times, char *err, size_t errlen);

#endif
