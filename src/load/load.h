/*
 * load.h - dossier-load: one job into the archive in one transaction
 *
 * The archive's records are store.h's, household linking link.h's, the
 * registry registry.h's, batch counts and report batch.h's; this stage
 * reads a job and hands its document to them.
 */
#ifndef DOSSIER_LOAD_H
#define DOSSIER_LOAD_H

#include "db.h"
#include "job.h"
#include "spool.h"
#include "verdict.h"

/* bounds on what a job may make us read */
#define LOAD_SOURCE_MAX		(512UL * 1024 * 1024)
#define LOAD_IMAGE_MAX		(64UL * 1024 * 1024)
#define LOAD_TEXT_MAX		(16UL * 1024 * 1024)
#define LOAD_LIST_MAX		(4UL * 1024 * 1024)	/* tags, fields */

/* one worker's connection to the archive */
struct load_ctx {
	struct db db;
	struct spool sp;		/* for the batch records */
};

/*
 * load_job - put JOB into the archive in one transaction: source, batch,
 * document, pages, tags, fields, audit row.  A document already archived
 * (same source SHA-256 and first page) adds nothing and is OK.  PERM with
 * a reason naming the file or key for a bad job, TEMP when the archive
 * or the filesystem fails.
 */
enum verdict load_job(struct load_ctx *, struct job *job, char *err,
	    size_t errlen);

/* stage_def callbacks: open the archive per worker, process, close */
int	load_worker_init(void **ctx, char *err, size_t errlen);
enum verdict load_process(void *ctx, struct job *job, char *err,
	    size_t errlen);
void	load_worker_fini(void *ctx);

#endif
