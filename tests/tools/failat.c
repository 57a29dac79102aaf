/*
 * failat.c - an LD_PRELOAD shim for tests: the Nth call, counted over
 * write(2) to a file (not stdout or stderr), fsync(2), fdatasync(2),
 * rename(2), renameat2(2), link(2), mkdir(2) and creating open(2), fails
 * or kills the process, as a full disk or a power cut would hit it.
 *
 *   FAILAT_N=N        the call that fails (1 = the first); unset: none
 *   FAILAT_ERRNO=E    errno it fails with: ENOSPC (default), EIO, EDQUOT
 *   FAILAT_KILL=1     instead of failing, the process kills itself
 *                     (SIGKILL) before the call is made
 *   FAILAT_COUNT=F    at exit, the number of such calls is written to F
 *
 *   cc -shared -fPIC -o failat.so failat.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long calls;

static void
report(void)
{
	const char *f = getenv("FAILAT_COUNT");
	FILE *fp;

	if (f != NULL && (fp = fopen(f, "w")) != NULL) {
		fprintf(fp, "%ld\n", calls);
		fclose(fp);
	}
}

__attribute__((constructor)) static void
init(void)
{
	atexit(report);
}

/* hit - 1 if this call is to fail (errno set); kills instead if asked */
static int
hit(void)
{
	const char *n = getenv("FAILAT_N"), *e = getenv("FAILAT_ERRNO");
	const char *k = getenv("FAILAT_KILL");

	if (++calls != (n != NULL ? atol(n) : 0))
		return 0;
	if (k != NULL && *k == '1')
		raise(SIGKILL);
	errno = ENOSPC;
	if (e != NULL && strcmp(e, "EIO") == 0)
		errno = EIO;
	else if (e != NULL && strcmp(e, "EDQUOT") == 0)
		errno = EDQUOT;
	return 1;
}

#define REAL(ret, name, ...) \
	static ret (*real)(__VA_ARGS__); \
	if (real == NULL) \
		real = (ret (*)(__VA_ARGS__))dlsym(RTLD_NEXT, name)

ssize_t
write(int fd, const void *buf, size_t len)
{
	REAL(ssize_t, "write", int, const void *, size_t);
	if (fd > 2 && hit())
		return -1;
	return real(fd, buf, len);
}

int
fsync(int fd)
{
	REAL(int, "fsync", int);
	return hit() ? -1 : real(fd);
}

int
fdatasync(int fd)
{
	REAL(int, "fdatasync", int);
	return hit() ? -1 : real(fd);
}

int
rename(const char *from, const char *to)
{
	REAL(int, "rename", const char *, const char *);
	return hit() ? -1 : real(from, to);
}

int
renameat2(int d1, const char *from, int d2, const char *to, unsigned flags)
{
	REAL(int, "renameat2", int, const char *, int, const char *,
	    unsigned);
	return hit() ? -1 : real(d1, from, d2, to, flags);
}

int
link(const char *from, const char *to)
{
	REAL(int, "link", const char *, const char *);
	return hit() ? -1 : real(from, to);
}

int
mkdir(const char *path, mode_t mode)
{
	REAL(int, "mkdir", const char *, mode_t);
	return hit() ? -1 : real(path, mode);
}

static int
open_common(int (*real)(const char *, int, ...), const char *path,
    int flags, mode_t mode)
{
	if ((flags & O_CREAT) && hit())
		return -1;
	return real(path, flags, mode);
}

int
open(const char *path, int flags, ...)
{
	REAL(int, "open", const char *, int, ...);
	mode_t mode = 0;
	va_list ap;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return open_common(real, path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	REAL(int, "open64", const char *, int, ...);
	mode_t mode = 0;
	va_list ap;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return open_common(real, path, flags, mode);
}
