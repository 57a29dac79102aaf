/*
 * verdict.c - the errno -> verdict rule (see verdict.h)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "verdict.h"

/* env_errno - 1 if E names a failure of the machine, not of a job */
static int
env_errno(int e)
{
	switch (e) {
	case ENOMEM:
	case EMFILE:
	case ENFILE:
	case EIO:
	case ENOSPC:
	case EDQUOT:
	case EROFS:
	case EAGAIN:
	case EINTR:
	case EBUSY:
	case ETXTBSY:
	case ENOLCK:
	case ESTALE:
	case EACCES:		/* the spool's owner or modes changed */
	case EPERM:
	case ETIMEDOUT:
		return 1;
	}
	return 0;
}

/* content_errno - 1 if E describes the job's own content */
static int
content_errno(int e)
{
	switch (e) {
	case EINVAL:		/* a value in the job is out of bounds */
	case EFBIG:		/* the job's file is too large to handle */
	case EILSEQ:		/* not valid text / not a valid encoding */
	case ENOEXEC:		/* not a format we can read */
	case EBADMSG:		/* a corrupt or truncated file */
	case ERANGE:		/* a number in the job out of range */
	case EOVERFLOW:		/* a size in the file overflows */
	case ENAMETOOLONG:	/* a name in the job's meta */
	case ENOTDIR:
	case EISDIR:		/* the job's file is of the wrong type */
	case ELOOP:		/* a symbolic link where a file should be */
	case ENOENT:		/* a file the job names is missing */
	case ENODATA:		/* the file holds nothing to work on */
		return 1;
	}
	return 0;
}

enum verdict
verdict_errno(int e)
{
	/* an errno the rule does not know is not the job's fault */
	return content_errno(e) ? VERDICT_PERM : VERDICT_TEMP;
}

enum verdict
verdict_decode(int e)
{
	return env_errno(e) ? VERDICT_TEMP : VERDICT_PERM;
}

enum verdict
verdict_set(enum verdict v, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return v;
}

const char *
verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_OK:
		return "ok";
	case VERDICT_PERM:
		return "perm";
	case VERDICT_TEMP:
		return "temp";
	}
	return "?";
}
