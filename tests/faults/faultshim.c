/*
 * faultshim.c - an LD_PRELOAD library that makes one system call fail,
 * for the fault-injection tests (tests/t75xx-*.sh)
 *
 *   cc -shared -fPIC -o faultshim.so faultshim.c -ldl
 *   LD_PRELOAD=./faultshim.so FAULT_CALL=fsync FAULT_NTH=3 \
 *       FAULT_ERRNO=ENOSPC dossier-deskew
 *
 * FAULT_CALL	open, write, fsync or rename: the call to fail.  "open"
 *		is open/openat (and their 64 forms), "write" also pwrite,
 *		"fsync" also fdatasync, "rename" also renameat(2).
 *		"durable": every call that makes something durable, counted
 *		together: a write to a file (not stdin, stdout or stderr),
 *		fsync, rename, link, mkdir and an open that creates (what a
 *		full disk or a power cut hits; tests/t1500)
 * FAULT_NTH	the Nth such call of the process fails (default 1); the
 *		count goes on in the workers a stage forks
 * FAULT_STICKY	1: every call from the Nth on fails (a disk that stays
 *		full)
 * FAULT_ERRNO	ENOSPC (default), EIO, EMFILE, EDQUOT, EROFS or EACCES
 * FAULT_MATCH	a glob (fnmatch, no FNM_PATHNAME): only calls on a path
 *		that matches count (for write and fsync: the path of the
 *		descriptor; for rename: the new name)
 * FAULT_WRITABLE	1: only opens for writing count (O_WRONLY, O_RDWR): with
 *		FAULT_ERRNO=EROFS, a read-only file or filesystem
 * FAULT_PROG	only in a program whose name (argv[0]'s last part) is this
 * FAULT_ACTION	fail (default); crash: SIGSEGV instead of the call;
 *		crash-after: make the call, then SIGSEGV (a job that
 *		always crashes its stage); kill: SIGKILL instead of the
 *		call (a power cut)
 * FAULT_COUNT	a file: at exit, the number of calls counted (to find
 *		how many there are to fail, one run without FAULT_NTH=0);
 *		of several processes, the largest count
 * FAULT_LOG	a file: one line per fault injected ("PROG CALL PATH")
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { C_OPEN, C_WRITE, C_FSYNC, C_RENAME, C_LINK, C_MKDIR, C_DURABLE,
    C_NONE };

static int inited, call = C_NONE, sticky, err = ENOSPC, action, writable;
static long nth = 1, count;
static const char *match;

static int log_fd = -1, count_fd = -1;

/*
 * open_early - FAULT_LOG and FAULT_COUNT, opened before main(): they lie
 * outside the spool, where the stages' sandbox (sandbox.h) denies them
 */
__attribute__((constructor)) static void
open_early(void)
{
	const char *f;

	if ((f = getenv("FAULT_LOG")) != NULL)
		log_fd = (int)syscall(SYS_openat, AT_FDCWD, f,
		    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if ((f = getenv("FAULT_COUNT")) != NULL)
		count_fd = (int)syscall(SYS_openat, AT_FDCWD, f,
		    O_RDWR | O_TRUNC | O_CREAT | O_CLOEXEC, 0600);
}

/*
 * report - at exit, the count of calls into FAULT_COUNT, unless a process
 * of the same command (a worker, ingest's sandboxed child) counted more
 */
static void
report(void)
{
	char line[32];
	long n;

	if (count_fd < 0)
		return;
	n = (long)syscall(SYS_pread64, count_fd, line, sizeof(line) - 1, 0);
	line[n > 0 ? n : 0] = '\0';
	if (n > 0 && atol(line) > count)
		return;
	n = snprintf(line, sizeof(line), "%ld\n", count);
	if (syscall(SYS_ftruncate, count_fd, 0) == 0)
		(void)!syscall(SYS_pwrite64, count_fd, line, (size_t)n, 0);
}

static void
init(void)
{
	const char *e, *prog;
	char buf[PATH_MAX];
	ssize_t n;

	if (inited)
		return;
	inited = 1;
	if (getenv("FAULT_COUNT") != NULL)
		atexit(report);
	if ((e = getenv("FAULT_PROG")) != NULL && *e != '\0') {
		n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		prog = strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf;
		if (strcmp(prog, e) != 0)
			return;
	}
	if ((e = getenv("FAULT_CALL")) == NULL)
		return;
	call = strcmp(e, "open") == 0 ? C_OPEN : strcmp(e, "write") == 0 ?
	    C_WRITE : strcmp(e, "fsync") == 0 ? C_FSYNC :
	    strcmp(e, "rename") == 0 ? C_RENAME :
	    strcmp(e, "durable") == 0 ? C_DURABLE : C_NONE;
	if ((e = getenv("FAULT_NTH")) != NULL)
		nth = atol(e);
	sticky = (e = getenv("FAULT_STICKY")) != NULL && strcmp(e, "1") == 0;
	writable = (e = getenv("FAULT_WRITABLE")) != NULL &&
	    strcmp(e, "1") == 0;
	if ((e = getenv("FAULT_ERRNO")) != NULL)
		err = strcmp(e, "EIO") == 0 ? EIO : strcmp(e, "EMFILE") == 0 ?
		    EMFILE : strcmp(e, "EDQUOT") == 0 ? EDQUOT :
		    strcmp(e, "EROFS") == 0 ? EROFS : strcmp(e, "EACCES") == 0 ?
		    EACCES : ENOSPC;
	if ((e = getenv("FAULT_ACTION")) != NULL)
		action = strcmp(e, "crash") == 0 ? 1 :
		    strcmp(e, "crash-after") == 0 ? 2 :
		    strcmp(e, "kill") == 0 ? 3 : 0;
	if ((e = getenv("FAULT_MATCH")) != NULL && *e != '\0')
		match = e;
}

static void
note(const char *what, const char *path)
{
	char line[PATH_MAX + 64];
	int n;

	if (log_fd < 0)
		return;
	n = snprintf(line, sizeof(line), "%d %s %s\n", (int)getpid(), what,
	    path != NULL ? path : "?");
	/* raw syscall: not through our own write() */
	(void)!syscall(SYS_write, log_fd, line, (size_t)n);
}

/* fd_path - the path of FD into BUF */
static const char *
fd_path(int fd, char *buf, size_t size)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/*
 * hit - 0: make the call; 1: fail it (errno set); 2: make it, then crash
 */
static int
hit(int which, const char *path)
{
	int saved = errno;

	init();
	errno = saved;
	if (which != call && call != C_DURABLE)
		return 0;
	if (match != NULL && (path == NULL || fnmatch(match, path, 0) != 0))
		return 0;
	count++;
	if (count != nth && !(sticky && count > nth))
		return 0;
	note(getenv("FAULT_CALL"), path);
	if (action == 3)
		raise(SIGKILL);
	if (action == 1)
		raise(SIGSEGV);
	if (action == 2)
		return 2;
	errno = err;
	return 1;
}

#define REAL(name) \
	static __typeof__(name) *real_; \
	if (real_ == NULL) \
		real_ = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

static int
open_mode(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ?
	    va_arg(ap, int) : 0;
}

#define OPEN_BODY(fn, ...) \
	do { \
		int h_, r_; \
		init(); \
		h_ = writable && (flags & O_ACCMODE) == O_RDONLY ? 0 : \
		    call == C_DURABLE && !(flags & O_CREAT) ? 0 : \
		    hit(C_OPEN, path); \
		if (h_ == 1) \
			return -1; \
		r_ = fn(__VA_ARGS__); \
		if (h_ == 2) \
			raise(SIGSEGV); \
		return r_; \
	} while (0)

int
open(const char *path, int flags, ...)
{
	va_list ap;
	int mode;
	REAL(open);

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	OPEN_BODY(real_, path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	va_list ap;
	int mode;
	REAL(open64);

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	OPEN_BODY(real_, path, flags, mode);
}

int
openat(int dfd, const char *path, int flags, ...)
{
	va_list ap;
	int mode;
	REAL(openat);

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	OPEN_BODY(real_, dfd, path, flags, mode);
}

int
openat64(int dfd, const char *path, int flags, ...)
{
	va_list ap;
	int mode;
	REAL(openat64);

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	OPEN_BODY(real_, dfd, path, flags, mode);
}

#define FD_BODY(which, call_) \
	do { \
		char p_[PATH_MAX]; \
		int h_; \
		init(); \
		h_ = call == (which) || (call == C_DURABLE && \
		    ((which) != C_WRITE || fd > 2)) ? hit(which, \
		    fd_path(fd, p_, sizeof(p_))) : 0; \
		if (h_ == 1) \
			return -1; \
		__typeof__(call_) r_ = call_; \
		if (h_ == 2) \
			raise(SIGSEGV); \
		return r_; \
	} while (0)

ssize_t
write(int fd, const void *buf, size_t n)
{
	REAL(write);
	FD_BODY(C_WRITE, real_(fd, buf, n));
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite);
	FD_BODY(C_WRITE, real_(fd, buf, n, off));
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	REAL(pwrite64);
	FD_BODY(C_WRITE, real_(fd, buf, n, off));
}

int
fsync(int fd)
{
	REAL(fsync);
	FD_BODY(C_FSYNC, real_(fd));
}

int
fdatasync(int fd)
{
	REAL(fdatasync);
	FD_BODY(C_FSYNC, real_(fd));
}

#define PATH_BODY(which, path_, call_) \
	do { \
		int h_ = hit(which, path_), r_; \
		if (h_ == 1) \
			return -1; \
		r_ = call_; \
		if (h_ == 2) \
			raise(SIGSEGV); \
		return r_; \
	} while (0)

int
rename(const char *from, const char *to)
{
	REAL(rename);
	PATH_BODY(C_RENAME, to, real_(from, to));
}

int
renameat(int fd1, const char *from, int fd2, const char *to)
{
	REAL(renameat);
	PATH_BODY(C_RENAME, to, real_(fd1, from, fd2, to));
}

int
renameat2(int fd1, const char *from, int fd2, const char *to,
    unsigned flags)
{
	REAL(renameat2);
	PATH_BODY(C_RENAME, to, real_(fd1, from, fd2, to, flags));
}

int
link(const char *from, const char *to)
{
	REAL(link);
	PATH_BODY(C_LINK, to, real_(from, to));
}

int
mkdir(const char *path, mode_t mode)
{
	REAL(mkdir);
	PATH_BODY(C_MKDIR, path, real_(path, mode));
}
