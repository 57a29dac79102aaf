/*
 * batch - a batch's figures in the archive: counts, reconciliation, end,
 * and the morning report (SPEC §8, §9; dossier-report(1))
 *
 * What ingest counted (pages in, duplicates, cover sheets) is in the
 * spool's batch record; what became of the pages is in the archive
 * (archived, blank) and in the spool (quarantined, still queued).  The
 * functions here bring them together: pages in = archived + blank +
 * cover sheets + quarantined, for every batch.
 */
#ifndef DOSSIER_BATCH_H
#define DOSSIER_BATCH_H

#include <stddef.h>
#include <stdio.h>

#include "db.h"
#include "spool.h"

/*
 * batch_ensure - insert the batch row ID from the spool's batch record
 * (SP) if the archive does not have it yet, inside the caller's
 * transaction; 0 or -1 (db->err)
 */
int	batch_ensure(struct db *, struct spool *sp, const char *id);

/*
 * batch_recount - bring the batch rows up to date from the archive and
 * the spool SP in one transaction: counts, quarantined pages, finished_at
 * (and a batch.finish audit row) when no job of the batch is queued any
 * more.  SINCE (ISO time or NULL) adds the batches of the documents
 * created since then.  Returns the number of those batches that are over
 * and do not balance (each named by msg_error()), 0 if none, or -1
 * (reason in ERR).
 */
int	batch_recount(struct db *, struct spool *sp, const char *since,
	    char *err, size_t errlen);

/*
 * batch_report - print the report of batch BATCH (NULL: the most recent)
 * on OUT, one "key: value" a line; with a spool SP (or NULL), one line
 * "quarantined input: FILE (N pages, STAGE): REASON" for each of the
 * batch's jobs in quarantine.  0, 1 if there is no such batch (ERR says
 * so), -1 on a database or output error (ERR).
 */
int	batch_report(struct db *, struct spool *sp, const char *batch,
	    FILE *out, char *err, size_t errlen);

#endif
