/*
 * broker.c - dossier-ingest in its sandbox (see broker.h, sandbox.h)
 *
 * Ingest decodes what it is given (images, PDF, archives, cover sheets)
 * and must then reach the spool and its inputs only.  But it also asks
 * the archive whether a content is in already, and the archive is an
 * SQLite file anywhere, whose -wal and -shm files come and go while
 * dossier-load writes: no rule on a path could allow those and not the
 * files beside them.  So the archive stays with an unconfined parent,
 * which answers the one question of its confined child over two pipes:
 * the child writes a SHA-256 in hex and a newline, the parent answers
 * "1" (archived), "0" (not) or "-ERRNO", and a newline.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "broker.h"
#include "db.h"
#include "exitcode.h"
#include "ingest.h"
#include "msg.h"
#include "sandbox.h"
#include "sha256.h"

static int ask_fd = -1, answer_fd = -1;	/* the child's ends */
/* the parent's connection: a global, so that the child, which has it
   too and never touches it, does not lose it to the leak checker */
static struct db archive_db;

/*
 * put - write the line BUF of LEN bytes to the pipe FD; 0, or -1 with
 * errno.  A line is under PIPE_BUF bytes: one write(2) takes it whole.
 */
static int
put(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while ((n = write(fd, buf, len)) < 0 && errno == EINTR)
		;
	if (n >= 0 && (size_t)n != len)
		errno = EPIPE;
	return n >= 0 && (size_t)n == len ? 0 : -1;
}

/* read_line - a line of at most SIZE - 1 bytes from FD; its length, or -1 */
static int
read_line(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < size) {
		if ((n = read(fd, buf + len, 1)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		if (buf[len] == '\n') {
			buf[len] = '\0';
			return (int)len;
		}
		len++;
	}
	if (len > 0)
		errno = EPROTO;		/* too long, or cut */
	else
		errno = EPIPE;		/* the other end is gone */
	return -1;
}

/* ask_parent - ING->archive_has in the child: the parent looks it up */
static int
ask_parent(const char *sha)
{
	char line[SHA256_HEX_LEN + 2];
	long n;

	if (strlen(sha) != SHA256_HEX_LEN) {
		errno = EINVAL;
		return -1;
	}
	snprintf(line, sizeof(line), "%s\n", sha);
	if (put(ask_fd, line, strlen(line)) < 0 ||
	    read_line(answer_fd, line, sizeof(line)) < 0)
		return -1;
	n = strtol(line, NULL, 10);
	if (n < 0) {
		errno = (int)-n;
		return -1;
	}
	return n > 0;
}

/* serve - answer the child's questions from DB until it closes ASK */
static void
serve(struct db *db, int ask, int answer)
{
	char line[SHA256_HEX_LEN + 2];
	int rc;

	while (read_line(ask, line, sizeof(line)) >= 0) {
		if (strlen(line) != SHA256_HEX_LEN ||
		    strspn(line, "0123456789abcdef") != SHA256_HEX_LEN) {
			msg_error("the sandboxed ingest asked for '%.70s': not "
			    "a SHA-256", line);
			break;	/* the child is not itself: its next
				   question fails, and it stops */
		}
		rc = db_source_exists(db, line);
		if (rc < 0)
			snprintf(line, sizeof(line), "-%d\n", EIO);
		else
			snprintf(line, sizeof(line), "%d\n", rc);
		if (put(answer, line, strlen(line)) < 0)
			break;
	}
}

/* wait_child - the exit status of PID, as the program ends with it */
static int
wait_child(pid_t pid)
{
	static const struct rlimit nocore = { 0, 0 };
	int ws;

	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR) {
			msg_error("waitpid: %s", strerror(errno));
			return EXIT_ENV;
		}
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	/* killed: so is the program, as it was before the sandbox (but
	   the child's core is the one that tells) */
	(void)setrlimit(RLIMIT_CORE, &nocore);
	signal(WTERMSIG(ws), SIG_DFL);
	raise(WTERMSIG(ws));
	msg_error("the sandboxed ingest was killed by signal %d",
	    WTERMSIG(ws));
	return EXIT_ENV;
}

/* enter - this process into the sandbox; -1 (go on), or EXIT_ENV */
static int
enter(const char *spool, char **argv)
{
	const char *rw[] = { spool, NULL };
	struct sandbox_paths paths = { rw, (const char *const *)argv };
	char err[512];

	if (sandbox_enter(&paths, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	return -1;
}

int
ingest_sandbox(struct ingest *ing, const char *spool, const char *archive,
    char **argv)
{
	int ask[2], answer[2], status;
	pid_t parent = getpid(), pid;
	char err[512];

	sandbox_note();
	/* the archive as it is now, once: see ingest.h, no_archive */
	if (access(archive, F_OK) != 0)
		ing->no_archive = 1;
	if (!sandbox_wanted() || ing->no_archive)
		return enter(spool, argv);
	if (db_open(&archive_db, archive, DB_READONLY, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	if (pipe(ask) < 0 || pipe(answer) < 0) {
		msg_error("cannot create a pipe: %s", strerror(errno));
		db_close(&archive_db);
		return EXIT_ENV;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		msg_error("cannot start the sandboxed ingest: fork: %s",
		    strerror(errno));
		db_close(&archive_db);
		return EXIT_ENV;
	}
	if (pid == 0) {
		/* the archive's connection is the parent's: leave it be */
		close(ask[0]);
		close(answer[1]);
		ask_fd = ask[1];
		answer_fd = answer[0];
		ing->archive_has = ask_parent;
		/* kill -9 of ingest takes the child along */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 ||
		    getppid() != parent)
			return EXIT_ENV;
		return enter(spool, argv);
	}
	close(ask[1]);
	close(answer[0]);
	/* the child's end: its answer is lost, not our life */
	signal(SIGPIPE, SIG_IGN);
	serve(&archive_db, ask[0], answer[1]);
	close(ask[0]);
	close(answer[1]);
	status = wait_child(pid);
	db_close(&archive_db);
	return status;
}
