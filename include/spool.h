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
 * These paths are built here and nowhere else: the other modules name a
 * stage, a job id, a batch or a digest, and this module finds the place.
 * It is written in two files: spool.c (the tree, its protocol, walks)
 * and spoolrec.c (the records beside the jobs: error files, batches,
 * seen digests; copies into and out of a job).
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

/*
 * spool_timestamp - the time now as the spool's records give it, ISO 8601
 * UTC ("2026-11-22T02:17:40Z"), into BUF (at least 21 bytes)
 */
void	spool_timestamp(char *buf, size_t size);
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
/*
 * spool_handoff - durably move the claimed JOB to NEXT/new/ (NEXT NULL:
 * the stage after the worker's); the same as spool_job_commit
 */
int	spool_handoff(struct spool_worker *, struct job *, const char *next);

/*
 * spool_job_create - a fresh job with a new id: makes its directory in the
 * worker dir of W and job_init()s JOB there (no meta written yet).  One
 * input may yield several jobs: call it once per job.  Returns 0, or -1
 * (reason in W->sp->err); the caller job_free()s JOB in every case but
 * that failure.
 */
int	spool_job_create(struct spool_worker *w, struct job *job);
/*
 * spool_job_commit - fsync JOB's directory and rename it durably into
 * NEXT/new/ (NEXT NULL: the stage after W's stage), never replacing an
 * entry; JOB->dir follows the move.  Its files must be written and
 * fsync'ed (job_save, job_write) before.  0, or -1 (W->sp->err).
 */
int	spool_job_commit(struct spool_worker *w, struct job *job,
	    const char *next);
/*
 * spool_job_discard - remove the half-built JOB (made by spool_job_create)
 * and all it holds; 0, or -1 (W->sp->err).  The caller still frees JOB.
 */
int	spool_job_discard(struct spool_worker *, struct job *);
/*
 * spool_group_begin - make the N jobs JOBS of one input (made by
 * spool_job_create in W, every file written and fsync'ed: job_save) one
 * unit before the first is committed: their directories are flushed and
 * a durable record in W's dir names them, with the NSEEN seen records
 * SEEN[i] ("SHA ID", see spool_seen_put) to write once they are queued.
 * If W dies from then on, recovery (spool_recover) queues the jobs still
 * in its dir to the stage after W's and writes the seen records, instead
 * of removing them as half-built: an input that becomes several jobs is
 * never queued in part.  The caller then commits each job, writes the
 * seen records and calls spool_group_end.  0, or -1 (W->sp->err).
 */
int	spool_group_begin(struct spool_worker *w, struct job *jobs, int n,
	    const char *const *seen, int nseen);
/*
 * spool_group_end - every job of the group of JOBS[0] (spool_group_begin)
 * is committed and its seen records written: the record is removed.  0, or
 * -1 (W->sp->err; a record left behind is harmless: recovery finds no job
 * of it left to queue).
 */
int	spool_group_end(struct spool_worker *w, const struct job *first);
/*
 * spool_file_copy - copy the open file IN into the new file DST (created
 * O_EXCL, mode 0600), at most MAX bytes; fsync'ed and closed.  With SHA
 * not NULL, the SHA-256 of the bytes, in hex, into SHA (65 bytes); with
 * SIZEP not NULL, their number.  Returns 0; -1 if reading IN failed
 * (errno, EFBIG past MAX); -2 if writing DST failed (errno).  On failure
 * DST is removed.  How an input enters a job and a source leaves one.
 */
int	spool_file_copy(int in, const char *dst, size_t max, char *sha,
	    size_t *sizep);
/* spool_release - give the claimed JOB back to this stage's new/ queue */
int	spool_release(struct spool_worker *, struct job *);
/*
 * spool_quarantine - durably move the job directory at PATH (id ID) into
 * quarantine/ with an "error" file naming STAGE and REASON; the verdicts
 * of the job's earlier quarantines (its error.retried, left by a retry)
 * are kept in that file's history
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

/*
 * spool_states - every state a job can be listed in, in chain order:
 * "ingest/cur", "deskew/new", "deskew/cur", ..., "load/cur",
 * "quarantine"; NULL-terminated.  A walk's STATE "ocr/cur/W" is in
 * "ocr/cur".
 */
extern const char *const spool_states[];
/*
 * spool_walk - call FN(ARG, STATE, ID, PATH) for every job of the spool,
 * state by state in the order of spool_states, by id within a state.
 * STATE is the job's directory relative to the root ("ingest/cur/W",
 * "STAGE/new", "STAGE/cur/W", "quarantine"), PATH the job's directory.
 * Jobs of ingest/cur/W are half-built.  FN returning non-zero stops the
 * walk, and the walk returns that value; else 0, or -1 if a state could
 * not be read (SP->err).  A worker dir that vanishes meanwhile is skipped.
 */
int	spool_walk(struct spool *sp, int (*fn)(void *arg, const char *state,
	    const char *id, const char *path), void *arg);
/*
 * spool_walk_queue - spool_walk over the jobs waiting in STAGE/new/ only
 * (STATE is "STAGE/new"); -1 also if STAGE has no queue
 */
int	spool_walk_queue(struct spool *sp, const char *stage,
	    int (*fn)(void *arg, const char *state, const char *id,
	    const char *path), void *arg);
/*
 * spool_queue_list - the ids waiting in STAGE/new/, sorted, as
 * spool_list; freed by spool_list_free
 */
int	spool_queue_list(struct spool *, const char *stage, char ***ids,
	    size_t *n);
/*
 * spool_queue_oldest - the MAX smallest (oldest) ids waiting in STAGE/new/,
 * sorted, in memory bounded by MAX however long the queue; *MORE 1 if
 * the queue held more.  Freed by spool_list_free.  0, or -1 (SP->err)
 */
int	spool_queue_oldest(struct spool *, const char *stage, size_t max,
	    char ***ids, size_t *n, int *more);
/*
 * spool_waiting - the number of jobs waiting in STAGE/new/ (the queue a
 * stage's workers claim from), or -1 (SP->err)
 */
int	spool_waiting(struct spool *, const char *stage);

/*
 * Batch records: SPOOL/batch/BATCH/meta, in the format of a job's meta
 * (keys in dossier-spool(5)); the job struct's id is the batch name.
 *
 * spool_batch_load - read batch BATCH into OUT (job_free it after);
 * -1 with errno ENOENT when there is no such batch (no meta), other
 * errno if it is unreadable; the reason in ERR either way
 */
int	spool_batch_load(struct spool *, const char *batch, struct job *out,
	    char *err, size_t errlen);
/*
 * spool_batch_save - durably write the batch B (B->id names it; B->dir
 * is set here, whatever job_init gave it): meta fsync'ed, batch
 * directories fsync'ed.  0, or -1 (errno; SP->err)
 */
int	spool_batch_save(struct spool *, struct job *b);
/*
 * spool_batch_list - the batches that have a meta file, sorted; freed by
 * spool_list_free
 */
int	spool_batch_list(struct spool *, char ***ids, size_t *n);

/*
 * A batch's counts are the sum of its count records, SPOOL/batch/BATCH/in/
 * ID+PAGES+COVERS+Q: one per job ingest committed (ID its id, PAGES its
 * pages and cover pages, Q 1 if quarantined), and one per cover sheet no
 * page followed (ID a fresh id, PAGES = COVERS).  A record is written
 * once its job is durable; a job committed without one (the writer died
 * or the disk filled between) is counted again from the job by the next
 * run (dossier-ingest: a batch whose ingest died).
 *
 * spool_batch_count - record durably that ID adds PAGES pages in, COVERS
 * of them cover sheets without a document, QUARANTINED (0 or 1) jobs
 * quarantined at ingest, to batch BATCH; 0, or -1 (errno; SP->err).  A
 * record of ID that is already there is left as it is.
 */
int	spool_batch_count(struct spool *, const char *batch, const char *id,
	    long pages, long covers, int quarantined);

/* what a batch's count records add up to */
struct spool_tally {
	long	 pages_in;	/* pages counted in */
	long	 cover_sheets;	/* cover sheets without a document */
	long	 quarantined;	/* jobs quarantined at ingest */
	long	 jobs;		/* records of jobs */
};

/*
 * spool_batch_tally - add up the count records of BATCH into T; with IDS
 * not NULL, also the ids of its records, sorted, into *IDS and *N (freed
 * by spool_list_free).  0 (no record: zeros), or -1 (SP->err)
 */
int	spool_batch_tally(struct spool *, const char *batch,
	    struct spool_tally *t, char ***ids, size_t *n);
/*
 * spool_batch_lock - lock batch BATCH (its directory, made if need be)
 * for as long as the returned descriptor is open: PROBE 0, shared, the
 * lock of an ingest run that feeds the batch (waits for a probe); PROBE
 * 1, exclusive and at once: it succeeds only if no live run holds the
 * batch.  The descriptor, or -1 (errno EWOULDBLOCK: the batch is held;
 * SP->err)
 */
int	spool_batch_lock(struct spool *, const char *batch, int probe);

/*
 * Seen records: SPOOL/seen/SHA256 holds the id of the job that took the
 * content with this digest.  SHA must be 64 lower case hex digits.
 *
 * spool_seen_get - 1 and the job id in ID if SHA was seen, 0 if not, -1
 * on error (errno; SP->err)
 */
int	spool_seen_get(struct spool *, const char *sha, char *id, size_t size);
/*
 * spool_seen_put - record durably that job ID took SHA; -1 (errno, EEXIST
 * if SHA is already recorded; SP->err) or 0
 */
int	spool_seen_put(struct spool *, const char *sha, const char *id);

/* what the error file of a quarantined job says (dossier-spool(5)) */
struct spool_qinfo {
	char	 stage[16];	/* the stage that quarantined it, or "" */
	char	 at[32];	/* when, ISO 8601 UTC */
	char	 reason[1024];	/* why, one line (cut to fit) */
	int	 tries;		/* times quarantined, this one included */
	char	 earlier[2048];	/* earlier verdicts, newest first: "AT
				   STAGE REASON" lines (cut to fit) */
	int	 retried;	/* 1: read from error.retried (a retry was
				   interrupted before the job moved) */
};

/*
 * spool_quarantine_info - read the error file of quarantined job ID into
 * Q.  0; -1 with errno ENOENT if ID is not in quarantine, EINVAL if it is
 * not a job id, ENODATA if the job has no error file, other errno if it
 * cannot be read (SP->err has the reason)
 */
int	spool_quarantine_info(struct spool *, const char *id,
	    struct spool_qinfo *q);
/*
 * spool_quarantine_path - the directory of quarantined job ID into BUF;
 * 0, or -1 with errno EINVAL (not a job id) or ENOENT (not in quarantine)
 * and the reason in SP->err
 */
int	spool_quarantine_path(struct spool *, const char *id, char *buf,
	    size_t size);
/*
 * spool_quarantine_retry - durably move quarantined job ID to STAGE/new/;
 * its error file goes with it as error.retried, so that a second
 * quarantine keeps the first verdict in its history.  0, or -1 (SP->err)
 */
int	spool_quarantine_retry(struct spool *, const char *id,
	    const char *stage);
/*
 * spool_quarantine_remove - remove quarantined job ID for good, durably;
 * 0, or -1 (SP->err).  Whoever calls it has saved what must be kept.
 */
int	spool_quarantine_remove(struct spool *, const char *id);

#endif
