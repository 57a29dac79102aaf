/*
 * spoolq.h - dossier-spool's operations on the spool (listing, retry,
 * release, recovery), as functions the tests can call
 */
#ifndef DOSSIER_SPOOLQ_H
#define DOSSIER_SPOOLQ_H

#include <stdio.h>

#include "db.h"
#include "spool.h"

/* spoolq_list - print "ID STATE PAGES SOURCE [REASON]" per job; count */
long	spoolq_list(struct spool *, const char *only_state, FILE *out);
/* spoolq_counts - print "STATE N" for every state; total jobs */
long	spoolq_counts(struct spool *, FILE *out);
/*
 * spoolq_retry - give quarantined job ID back to the stage that failed;
 * jobs refused at ingest cannot be retried; 0 or -1
 */
int	spoolq_retry(struct spool *, const char *id, char *err, size_t errlen);
/*
 * spoolq_release - take job ID out of quarantine for good.  With DIR,
 * first copy its original file into DIR (never overwriting, checked
 * against its digest, durably) and print the copy's path; the job is
 * removed only then.  A source that is not a regular file, or that cannot
 * be copied, keeps the job in quarantine.  0, or -1 (reason in ERR)
 */
int	spoolq_release(struct spool *, const char *id, const char *dir,
	    char *err, size_t errlen);
/*
 * spoolq_release_with - spoolq_release, calling BEFORE(ARG, ID, ERR,
 * ERRLEN) (if not NULL) once the copy is made and before the job is
 * removed; BEFORE returning -1 keeps the job in quarantine
 */
int	spoolq_release_with(struct spool *, const char *id, const char *dir,
	    int (*before)(void *arg, const char *id, char *err,
	    size_t errlen), void *arg, char *err, size_t errlen);

/*
 * spoolq_record - within the caller's transaction on DB, the audit row
 * of ACTION ("quarantine.retry" or "quarantine.release") by ACTOR on
 * quarantined job ID: object "batch:BATCH" (its row made from the spool's
 * record if the archive has none yet; "job:ID" for a job of no batch),
 * detail "job=ID pages=N stage=STAGE file=FILE reason=REASON" (words of
 * db_kv: a space in a value is %20); a release
 * also adds the job's pages to batch.released (they stay in the batch's
 * quarantined count: the batch still balances).  Returns 1; 0 for a
 * release the audit already holds (one cut short before the job was
 * removed: nothing is counted twice); -1 (ERR).
 */
int	spoolq_record(struct spool *, struct db *db, const char *id,
	    const char *action, const char *actor, char *err, size_t errlen);

/* what spoolq_inputs found, by state */
struct spoolq_inputs {
	long	 done;		/* taken, and nothing of it waits */
	long	 failed;	/* a job of it is in quarantine */
	long	 waiting;	/* a job of it waits in a queue */
	long	 fresh;		/* not taken yet: the next run takes it */
	long	 busy;		/* not taken: changed within the settle time */
};

/*
 * spoolq_inputs - what became of each visible regular file under the
 * folder INBOX (by its content's digest: the spool's jobs and seen
 * records): one line "STATE<TAB>PATH<TAB>DETAIL" per file on OUT, PATH
 * relative to INBOX, STATE done (taken, every job of it committed or
 * none made: a duplicate; or, with the archive DB (or NULL), a source
 * the archive holds), failed (a job of it in quarantine, none
 * waiting; DETAIL "STAGE: reason"), waiting (DETAIL: "job ID in STATE"),
 * new (the next run takes it) or busy (changed less than SETTLE seconds
 * ago).  With DEST, done and failed files are moved durably, never
 * replacing one, to DEST/done/YYYY-MM-DD/PATH and DEST/failed/
 * YYYY-MM-DD/PATH (the reason first written beside as PATH.reason), and
 * DETAIL is the new path; a file that cannot be moved stays, as "kept".
 * Counts into COUNT.  0, or -1 (ERR) if the spool or the inbox cannot be
 * read or a file could not be moved.
 */
int	spoolq_inputs(struct spool *, struct db *db, const char *inbox,
	    long settle, const char *dest, FILE *out,
	    struct spoolq_inputs *count, char *err, size_t errlen);
/* spoolq_recover - recovery for every stage; jobs recovered or -1 */
int	spoolq_recover(struct spool *);

#endif
