/*
 * test_sandbox.c - a process in the sandbox reaches the spool and the
 * paths it was given, and nothing else: no other file, no socket, no
 * program (sandbox.h)
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"
#include "unit.h"

static int report_fd = -1;

/* say - a failed check of the child, sent to the parent */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void
say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(report_fd, line, (size_t)n);
}

/* opens - open(PATH, FLAGS) gives WANT (0: it opens; else that errno) */
static void
opens(const char *path, int flags, int want)
{
	int fd = open(path, flags | O_CLOEXEC, 0600);
	int got = fd >= 0 ? 0 : errno;

	if (fd >= 0)
		close(fd);
	if (got != want)
		say("open('%s', %#x): %s, wanted %s", path, flags,
		    got ? strerror(got) : "opened", want ? strerror(want) :
		    "opened");
}

/* put - create the file PATH with a line in it */
static void
put(const char *path)
{
	FILE *f = fopen(path, "w");

	assert_true(f != NULL);
	if (f != NULL) {
		fputs("secret\n", f);
		fclose(f);
	}
}

/*
 * confined - the child: enter the sandbox with spool/ to write and in/
 * to read, then try everything; the failures go to the parent
 */
static void
confined(int landlock)
{
	const char *rw[] = { "spool", NULL };
	const char *ro[] = { "in", "missing", NULL };
	struct sandbox_paths paths = { rw, ro };
	char err[512] = "";
	char *const argv[] = { "true", NULL };
	int s;

	if (sandbox_enter(&paths, err, sizeof(err)) < 0) {
		say("sandbox_enter: %s", err);
		return;
	}
	if (strcmp(sandbox_state(), landlock ? "landlock+seccomp" :
	    "seccomp") != 0)
		say("sandbox_state() is '%s'", sandbox_state());
	/* the spool: read, write, make, rename across folders, remove */
	opens("spool/a/job", O_RDONLY, 0);
	opens("spool/a/new", O_WRONLY | O_CREAT | O_TRUNC, 0);
	if (mkdir("spool/b", 0700) < 0)
		say("mkdir spool/b: %s", strerror(errno));
	if (rename("spool/a/new", "spool/b/new") < 0)
		say("rename across the spool's folders: %s", strerror(errno));
	if (unlink("spool/b/new") < 0)
		say("unlink in the spool: %s", strerror(errno));
	/* the inputs: read only */
	opens("in/page", O_RDONLY, 0);
	opens("/dev/null", O_WRONLY | O_TRUNC, 0);
	if (landlock) {
		opens("in/page", O_WRONLY, EACCES);
		opens("in/made", O_WRONLY | O_CREAT, EACCES);
		/* outside: nothing */
		opens("secret", O_RDONLY, EACCES);
		opens("made", O_WRONLY | O_CREAT, EACCES);
		opens("/etc/passwd", O_RDONLY, EACCES);
		if (rename("spool/a/job", "job") == 0 ||
		    (errno != EACCES && errno != EXDEV))
			say("rename out of the spool: %s", strerror(errno));
	}
	/* no socket, no program */
	errno = 0;
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) >= 0 || errno != EACCES)
		say("socket(AF_INET): %s", s >= 0 ? "made" : strerror(errno));
	errno = 0;
	if ((s = socket(AF_UNIX, SOCK_DGRAM, 0)) >= 0 || errno != EACCES)
		say("socket(AF_UNIX): %s", s >= 0 ? "made" : strerror(errno));
	execv("/bin/true", argv);
	if (errno != EPERM)
		say("execv: %s", strerror(errno));
}

DEFINE_TEST(test_sandbox_confines)
{
	char buf[4096];
	int fds[2], ws, landlock;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	assert_int(mkdir("spool", 0700), ==, 0);
	assert_int(mkdir("spool/a", 0700), ==, 0);
	assert_int(mkdir("in", 0700), ==, 0);
	put("spool/a/job");
	put("in/page");
	put("secret");
	assert_int(pipe(fds), ==, 0);
	/* the kernel has Landlock ABI 2 or later: then the files are held */
#ifdef SYS_landlock_create_ruleset
	landlock = syscall(SYS_landlock_create_ruleset, NULL, 0,
	    1 /* LANDLOCK_CREATE_RULESET_VERSION */) >= 2;
#else
	landlock = 0;
#endif
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		report_fd = fds[1];
		unsetenv("DOSSIER_SANDBOX");
		confined(landlock);
		_exit(0);
	}
	close(fds[1]);
	while (len < sizeof(buf) - 1 &&
	    (n = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(fds[0]);
	assert_int(waitpid(pid, &ws, 0), ==, pid);
	assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	assert_str(buf, "");
	if (!landlock)
		printf("# no Landlock here: the files were not checked\n");
}

DEFINE_TEST(test_sandbox_off)
{
	struct sandbox_paths paths = { NULL, NULL };
	char err[64];
	int ws;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd;

		setenv("DOSSIER_SANDBOX", "0", 1);
		if (sandbox_wanted() || sandbox_enter(&paths, err,
		    sizeof(err)) < 0 || strcmp(sandbox_state(), "off") != 0)
			_exit(2);
		/* nothing is confined */
		if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) < 0)
			_exit(3);
		close(fd);
		_exit(0);
	}
	assert_int(waitpid(pid, &ws, 0), ==, pid);
	assert_true(WIFEXITED(ws));
	assert_int(WEXITSTATUS(ws), ==, 0);
	assert_str(sandbox_state(), "none");
}
