/*
 * verdict.c - the errno -> verdict rule (see verdict.h)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "verdict.h"

enum verdict
verdict_errno(int e)
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
		return VERDICT_PERM;
	default:
		/*
		 * ENOMEM, EMFILE, ENFILE, EIO, ENOSPC, EDQUOT, EROFS,
		 * EAGAIN, EINTR, EBUSY, ETXTBSY, ENOLCK, ESTALE, EACCES,
		 * EPERM, ETIMEDOUT, and whatever the rule does not know
		 */
		return VERDICT_TEMP;
	}
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
