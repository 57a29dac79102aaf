/*
 * test_verdict.c - the one errno -> verdict rule
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "../../src/deskew/deskew.h"
#include "../../src/ocr/ocr.h"
#include "job.h"
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

DEFINE_TEST(test_verdict_decode)
{
	assert_str(verdict_name(verdict_decode(ENOMEM)), "temp");
	assert_str(verdict_name(verdict_decode(EMFILE)), "temp");
	assert_str(verdict_name(verdict_decode(EIO)), "temp");
	assert_str(verdict_name(verdict_decode(0)), "perm");
	assert_str(verdict_name(verdict_decode(ENOTTY)), "perm");
	assert_str(verdict_name(verdict_decode(EINVAL)), "perm");
}

/*
 * The stages apply the rule: a job whose own file cannot be opened for
 * want of descriptors is left for a later run (TEMP), one whose file is
 * missing is quarantined (PERM).
 */

/* fill_fds - use up every descriptor under a low limit; how many taken */
static int
fill_fds(int *fds, int max, struct rlimit *saved)
{
	struct rlimit rl;
	int n = 0, fd;

	getrlimit(RLIMIT_NOFILE, saved);
	rl = *saved;
	rl.rlim_cur = 64;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -1;
	while (n < max && (fd = open("/dev/null", O_RDONLY)) >= 0)
		fds[n++] = fd;
	return errno == EMFILE ? n : -1;
}

static void
free_fds(int *fds, int n, const struct rlimit *saved)
{
	while (n > 0)
		close(fds[--n]);
	setrlimit(RLIMIT_NOFILE, saved);
}

/* a job of one page in ./job, its image p0001.tif named by IMAGE_KEY */
static void
test_job(struct job *job, const char *image_key)
{
	assert_int(mkdir("job", 0700), ==, 0);
	job_init(job, "job", "20260101T000000Z.1.1");
	job_set(job, "pages", "1");
	job_set(job, "media_type", "image/png");
	if (image_key != NULL)
		job_set(job, image_key, "p0001.tif");
}

DEFINE_TEST(test_verdict_deskew_emfile_is_temp)
{
	struct rlimit saved;
	struct job job;
	char err[256];
	int fds[128], n;
	enum verdict v;

	test_job(&job, NULL);
	assert_int(job_write(&job, "source", "not an image", 12), ==, 0);
	n = fill_fds(fds, 128, &saved);
	assert_true(n >= 0);
	v = deskew_job(&job, err, sizeof(err));
	free_fds(fds, n, &saved);
	assert_str(verdict_name(v), "temp");
	assert_true(strstr(err, "Too many open files") != NULL);
	/* with descriptors, the same job is bad: it does not decode */
	assert_str(verdict_name(deskew_job(&job, err, sizeof(err))), "perm");
	assert_true(unlink("job/source") == 0);
	assert_str(verdict_name(deskew_job(&job, err, sizeof(err))), "perm");
	job_free(&job);
}

DEFINE_TEST(test_verdict_ocr_emfile_is_temp)
{
	struct rlimit saved;
	struct job job;
	char err[256];
	int fds[128], n;
	enum verdict v;

	/* the engine is not reached: reading the page fails first */
	test_job(&job, "page.1.image");
	assert_int(job_write(&job, "p0001.tif", "not an image", 12), ==, 0);
	n = fill_fds(fds, 128, &saved);
	assert_true(n >= 0);
	v = ocr_job(NULL, &job, err, sizeof(err));
	free_fds(fds, n, &saved);
	assert_str(verdict_name(v), "temp");
	assert_true(strstr(err, "Too many open files") != NULL);
	assert_str(verdict_name(ocr_job(NULL, &job, err, sizeof(err))),
	    "perm");
	assert_true(strstr(err, "cannot decode") != NULL);
	assert_true(unlink("job/p0001.tif") == 0);
	assert_str(verdict_name(ocr_job(NULL, &job, err, sizeof(err))),
	    "perm");
	job_free(&job);
}
