/*
 * test_verdict.c - the one errno -> verdict rule
 */
#include <errno.h>

#include "unit.h"
#include "verdict.h"

DEFINE_TEST(test_verdict_errno_env_is_temp)
{
	static const int temp[] = { ENOMEM, EMFILE, ENFILE, EIO, ENOSPC,
	    EDQUOT, EROFS, EAGAIN, EINTR, EBUSY, ETXTBSY, ENOLCK, ESTALE,
	    EACCES, EPERM, ETIMEDOUT, 0, 9999 };
	size_t i;

	for (i = 0; i < sizeof(temp) / sizeof(temp[0]); i++)
		assert_str(verdict_name(verdict_errno(temp[i])), "temp");
}

DEFINE_TEST(test_verdict_errno_content_is_perm)
{
	static const int perm[] = { EINVAL, EFBIG, EILSEQ, ENOEXEC, EBADMSG,
	    ERANGE, EOVERFLOW, ENAMETOOLONG, ENOTDIR, EISDIR, ELOOP, ENOENT,
	    ENODATA };
	size_t i;

	for (i = 0; i < sizeof(perm) / sizeof(perm[0]); i++)
		assert_str(verdict_name(verdict_errno(perm[i])), "perm");
}

DEFINE_TEST(test_verdict_set)
{
	char err[16];

	assert_int(verdict_set(VERDICT_PERM, err, sizeof(err), "bad '%s'",
	    "x"), ==, VERDICT_PERM);
	assert_str(err, "bad 'x'");
	assert_int(verdict_set(VERDICT_TEMP, err, sizeof(err), "%s",
	    "a reason longer than the buffer"), ==, VERDICT_TEMP);
	assert_int(strlen(err), ==, sizeof(err) - 1);
	assert_int(verdict_set(VERDICT_OK, NULL, 0, "ignored"), ==,
	    VERDICT_OK);
}
