/*
 * spool - the directory tree through which jobs travel between stages
 *
 *   SPOOL/ingest/cur/W/ID     ingest worker W is building job ID
 *   SPOOL/STAGE/new/ID        job ID waits for STAGE
 *   SPOOL/STAGE/cur/W/ID      worker W of STAGE owns job ID
 *   SPOOL/quarantine/ID       job ID could not be processed (see its "error")
 *   SPOOL/seen/SHA256         content with this digest was ingested (job id)
 *   SPOOL/batch/BATCH         what ingest counted for a batch
 *
 * STAGE is one of deskew, ocr, classify, tag, load.  A job is in exactly
 * one of these places at any time; every move is a rename(2) followed by
 * an fsync of both directories.  A worker directory W is locked (flock)
 * by its live owner; recovery moves the jobs of unlocked worker dirs
 * (their owner died) back to new/.  See dossier-spool(5).
 *
 * Functions return 0 on success, -1 with a message in the worker's or
 * caller's ERR buffer.  None exits.
 */
#ifndef DOSSIER_SPOOL_H
#define DOSSIER_SPOOL_H

#include <limits.h>
#include <sys/types.h>

#include "job.h"

#define SPOOL_ERRLEN 512

struct spool {
	char	 root[PATH_MAX];	/* absolute or as given */
	dev_t	 dev;			/* every dir must be on this device */
	char	 err[SPOOL_ERRLEN];	/* reason of the last failure */
};

struct spool_worker {
	struct spool *sp;
	char	 stage[16];		/* e.g. "ocr" */
	char	 dir[PATH_MAX];		/* SPOOL/STAGE/cur/W */
	int	 lockfd;		/* flock'ed while we live */
};

/* the queue stages, in chain order, NULL-terminated */
extern const char *const spool_stages[];

/* spool_stage_valid - 1 if NAME is ingest or a queue stage */
int	spool_stage_valid(const char *name);
/* spool_next_stage - the stage after NAME, NULL after load */
const char *spool_next_stage(const char *name);

/*
 * spool_open - open (and with CREATE, make) the spool tree at ROOT,
 * owner-only; checks that it is one filesystem
 */
int	spool_open(struct spool *, const char *root, int create);
/*
 * spool_recover - give the jobs of dead STAGE workers back to STAGE/new/
 * (for ingest: remove their half-built jobs), and remove the empty dirs
 * of workers that died while starting; returns the number of jobs
 * recovered, or -1
 */
int	spool_recover(struct spool *, const char *stage);
/*
 * spool_live_workers - how many workers of STAGE are alive now (their
 * worker dir is locked); -1 on error
 */
int	spool_live_workers(struct spool *, const char *stage);
/* spool_worker_start - create and lock a worker dir for STAGE */
int	spool_worker_start(struct spool *, const char *stage,
	    struct spool_worker *);
/* spool_worker_stop - remove the (empty) worker dir and unlock it */
void	spool_worker_stop(struct spool_worker *);

/*
 * spool_list - the valid job ids in DIR (relative to the spool root, e.g.
 * "ocr/new" or "quarantine"), sorted; *IDS is freed by spool_list_free
 */
int	spool_list(struct spool *, const char *dir, char ***ids, size_t *n);
void	spool_list_free(char **ids, size_t n);

/*
 * spool_claim - take job ID from STAGE/new/ for this worker and load its
 * meta into JOB.  Returns 1 claimed, 0 if another worker was first (or
 * the job is gone), -1 on error.  A job whose meta is unreadable or
 * truncated is claimed and then quarantined here: the return value is 0
 * and the reason is logged.
 */
int	spool_claim(struct spool_worker *, const char *id, struct job *);
/* spool_handoff - durably move the claimed JOB to NEXT/new/ */
int	spool_handoff(struct spool_worker *, struct job *, const char *next);
/* spool_release - give the claimed JOB back to this stage's new/ queue */
int	spool_release(struct spool_worker *, struct job *);
/*
 * spool_quarantine - durably move the job directory at PATH (id ID) into
 * quarantine/ with an "error" file naming STAGE and REASON
 */
int	spool_quarantine(struct spool *, const char *path, const char *id,
	    const char *stage, const char *reason);
/* spool_finish - remove the claimed JOB: its successor is durable */
int	spool_finish(struct spool_worker *, struct job *);
/* spool_path - SPOOL/REL into BUF; -1 if it does not fit */
int	spool_path(const struct spool *, const char *rel, char *buf,
	    size_t size);
/*
 * spool_locate - where job ID is now, relative to the spool root (e.g.
 * "ocr/new", "ocr/cur/W", "quarantine"), into BUF; 0 found, -1 not found
 */
int	spool_locate(struct spool *, const char *id, char *buf, size_t size);

#endif
