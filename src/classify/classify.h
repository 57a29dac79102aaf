/*
 * classify.h - the classify stage: one document class per job from the
 * tagset (dossier-classify(1))
 */
#ifndef DOSSIER_CLASSIFY_H
#define DOSSIER_CLASSIFY_H

#include <stddef.h>

#include "job.h"
#include "stage.h"
#include "tagset.h"

/* classify_option - -t TAGSET; 0, or -1 for an unknown option */
int	classify_option(int ch, const char *arg);
/* classify_setup - load the tagset once, in the parent; an exit code */
int	classify_setup(void);
/* classify_check - -n: print the tagset summary; an exit code */
int	classify_check(void);
/*
 * classify_job - classify JOB with the tagset TS: sets the meta keys
 * class, class_score, class_rules and lang.  VERDICT_PERM with a reason
 * in ERR for a bad job (missing or oversized text), VERDICT_TEMP for an
 * I/O failure.
 */
enum verdict classify_job(const struct tagset *ts, struct job *job,
	    char *err, size_t errlen);
/* classify_process - the stage callback: classify_job with the loaded tagset */
enum verdict classify_process(void *ctx, struct job *job, char *err,
	    size_t errlen);

#endif
