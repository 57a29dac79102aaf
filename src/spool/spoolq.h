/*
 * spoolq.h - dossier-spool's operations on the spool (listing, retry,
 * release, recovery), as functions the tests can call
 */
#ifndef DOSSIER_SPOOLQ_H
#define DOSSIER_SPOOLQ_H

#include <stdio.h>

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
/* spoolq_recover - recovery for every stage; jobs recovered or -1 */
int	spoolq_recover(struct spool *);

#endif
