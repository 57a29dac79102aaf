/*
 * verdict - what becomes of a job after a stage tried it, and the one
 * rule that turns an errno into a verdict
 *
 * The three verdicts are qmail's split (SPEC §2, STYLE 2.4):
 *
 *	VERDICT_OK	the stage did its work: hand the job on
 *	VERDICT_PERM	the job itself is bad: quarantine it
 *	VERDICT_TEMP	the environment is at fault: leave the job where it
 *			was, stop the batch, a later run retries it
 *
 * The errno rule (verdict_errno) asks one question: would the same call
 * on the same job succeed on a healthy machine?  If yes, the failure is
 * the environment's and the verdict is TEMP: memory (ENOMEM), descriptors
 * (EMFILE, ENFILE), the disk (EIO, ENOSPC, EDQUOT, EROFS), contention
 * (EAGAIN, EINTR, EBUSY, ETXTBSY, ENOLCK, ESTALE, ETIMEDOUT), rights
 * (EACCES, EPERM: the spool's owner or mode changed), and any errno the
 * rule does not know.  Only errors that describe the job's own content
 * are PERM: EINVAL, EFBIG, EILSEQ, ENOEXEC, EBADMSG, ERANGE, EOVERFLOW,
 * ENAMETOOLONG, ENOTDIR, EISDIR, ELOOP, ENOENT (a file the job's meta
 * names is missing: call verdict_errno only for a job's own files; a
 * missing spool or model file is an environment failure, TEMP) and
 * ENODATA.  An unknown errno is TEMP because quarantining a good job
 * costs a person's time, while retrying a bad one costs a run.
 */
#ifndef DOSSIER_VERDICT_H
#define DOSSIER_VERDICT_H

#include <stddef.h>

enum verdict {
	VERDICT_OK,		/* done: hand the job on */
	VERDICT_PERM,		/* the job is bad: quarantine it */
	VERDICT_TEMP		/* the environment is at fault: stop, retry later */
};

/*
 * verdict_errno - the verdict for a failure that left errno E while
 * working on a job's own files (see above); never VERDICT_OK, even for
 * E == 0 (which is TEMP: a failure without a reason is not the job's)
 */
enum verdict verdict_errno(int e);

/*
 * verdict_decode - the verdict for a decoder or engine (leptonica,
 * tesseract) that failed on a job's content and sets errno only by the
 * way: PERM, unless E, errno as the failed call left it (cleared to 0
 * before the call), is one of the environment failures named above.  A
 * stray errno from inside a decoder must not keep a bad job retried for
 * ever: unknown values are PERM here.
 */
enum verdict verdict_decode(int e);

/*
 * A stage's failure to write its own output into the job is always TEMP
 * (the job's content cannot cause it): stages say so without asking.
 */

/*
 * verdict_set - format the reason ("cannot read 'x': reason", no newline)
 * into ERR (ERRLEN bytes, truncated to fit) and return V, so that a
 * stage writes "return verdict_set(VERDICT_PERM, err, errlen, ...);"
 */
enum verdict verdict_set(enum verdict v, char *err, size_t errlen,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * verdict_name - "ok", "perm" or "temp", for messages and tests
 */
const char *verdict_name(enum verdict v);

#endif
