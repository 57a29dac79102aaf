/*
 * dossier - the front command: "dossier NAME ARGS" runs dossier-NAME
 * (SPEC §2)
 *
 * usage: dossier [--version] command [argument ...]
 *        dossier help [command]
 *
 * dossier-NAME is looked for beside this program first (the programs are
 * installed together, or built together in bin/), then in PATH, and run
 * in place of this process with the same arguments and environment, so
 * that its exit status is the command's.  "dossier help" lists the
 * commands it can find, each with the one-line description of its man
 * page; "dossier help NAME" shows that man page.  See dossier(1).
 *
 * This file is not a src/NAME/main.c: the Makefile builds it into
 * bin/dossier, not bin/dossier-dossier.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcode.h"
#include "fileio.h"
#include "msg.h"
#include "stage.h"	/* DOSSIER_VERSION only: no link to libcommon */
#include "strbuf.h"
#include "xalloc.h"

static const char usage_text[] =
    "usage: dossier [--version] command [argument ...]\n"
    "       dossier help [command]\n";

/* where this program is: the first place to look for commands */
static char self_dir[PATH_MAX];

/* find_self - self_dir from /proc/self/exe, else from ARGV0 */
static void
find_self(const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n;

	self_dir[0] = '\0';
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		path_dirname(buf, self_dir, sizeof(self_dir));
	} else if (strchr(argv0, '/') != NULL)
		path_dirname(argv0, self_dir, sizeof(self_dir));
}

/* name_ok - 1 if NAME can be the NAME of dossier-NAME: [a-z0-9-], 1..64 */
static int
name_ok(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && n <= 64 && name[0] != '-' &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

/* executable - 1 if PATH is a regular file we may execute */
static int
executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(path, X_OK) == 0;
}

/*
 * find_command - the path of dossier-NAME into BUF: beside us, then in
 * PATH; 0, or -1 if there is none
 */
static int
find_command(const char *name, char *buf, size_t size)
{
	const char *path = getenv("PATH"), *p, *end;
	size_t n;

	if (self_dir[0] != '\0' && (size_t)snprintf(buf, size,
	    "%s/dossier-%s", self_dir, name) < size && executable(buf))
		return 0;
	for (p = path != NULL ? path : ""; *p != '\0'; p = *end != '\0' ?
	    end + 1 : end) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n == 0)
			continue;	/* an empty entry: not the cwd */
		if ((size_t)snprintf(buf, size, "%.*s/dossier-%s", (int)n, p,
		    name) < size && executable(buf))
			return 0;
	}
	return -1;
}

/*
 * man_page - the man page of dossier-NAME beside us (installed:
 * BINDIR/../share/man/man1, source tree: bin/../man/man1, a build
 * directory: BUILD/bin/../../man/man1) into BUF; 0, or -1
 */
static int
man_page(const char *name, char *buf, size_t size)
{
	static const char *const rel[] = {
		"../share/man/man1", "../man/man1", "../../man/man1", NULL
	};
	struct stat st;
	size_t i;

	for (i = 0; self_dir[0] != '\0' && rel[i] != NULL; i++)
		if ((size_t)snprintf(buf, size, "%s/%s/%s.1", self_dir, rel[i],
		    name) < size && stat(buf, &st) == 0 && S_ISREG(st.st_mode))
			return 0;
	return -1;
}

/* describe - the .Nd line of dossier-NAME's man page into SB, or "" */
static void
describe(const char *name, struct strbuf *sb)
{
	char page[PATH_MAX], line[512], prog[96];
	FILE *f;

	strbuf_reset(sb);
	snprintf(prog, sizeof(prog), "dossier-%s", name);
	if (man_page(prog, page, sizeof(page)) < 0 ||
	    (f = fopen(page, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, ".Nd ", 4) == 0) {
			line[strcspn(line, "\n")] = '\0';
			strbuf_adds(sb, line + 4);
			break;
		}
	fclose(f);
}

/* the commands found, without their "dossier-" */
struct names {
	char	**v;
	size_t	 n;
};

/* collect - the dossier-* programs of DIR into NAMES, once each */
static void
collect(const char *dir, struct names *names)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	size_t i;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "dossier-", 8) != 0 ||
		    !name_ok(de->d_name + 8))
			continue;
		for (i = 0; i < names->n; i++)
			if (strcmp(names->v[i], de->d_name + 8) == 0)
				break;
		if (i < names->n || (size_t)snprintf(path, sizeof(path),
		    "%s/%s", dir, de->d_name) >= sizeof(path) ||
		    !executable(path))
			continue;
		names->v = xreallocarray(names->v, names->n + 1,
		    sizeof(*names->v));
		names->v[names->n++] = xstrdup(de->d_name + 8);
	}
	closedir(d);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* list - "dossier help": every command found, one line each */
static int
list(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct names names = { NULL, 0 };
	char *path, *p, *next;
	size_t i;

	if (self_dir[0] != '\0')
		collect(self_dir, &names);
	path = xstrdup(getenv("PATH") != NULL ? getenv("PATH") : "");
	for (p = path; p != NULL; p = next) {
		if ((next = strchr(p, ':')) != NULL)
			*next++ = '\0';
		if (*p != '\0')
			collect(p, &names);
	}
	free(path);
	qsort(names.v, names.n, sizeof(*names.v), by_name);
	printf("usage: dossier command [argument ...]\n\n"
	    "The commands (\"dossier help command\" for one's manual):\n");
	for (i = 0; i < names.n; i++) {
		describe(names.v[i], &sb);
		printf("   %-12s %s\n", names.v[i], sb.buf);
		free(names.v[i]);
	}
	free(names.v);
	strbuf_release(&sb);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg_error("cannot write the list: %s", strerror(errno));
		return EXIT_ENV;
	}
	return EXIT_DONE;
}

/* help - "dossier help NAME": its man page, by man(1) */
static int
help(const char *arg)
{
	char page[PATH_MAX], prog[96];
	const char *name = arg;

	if (strncmp(name, "dossier-", 8) == 0)
		name += 8;
	if (strcmp(name, "dossier") == 0 || strcmp(name, "help") == 0)
		snprintf(prog, sizeof(prog), "dossier");
	else if (name_ok(name))
		snprintf(prog, sizeof(prog), "dossier-%s", name);
	else {
		msg_error("'%s' is not a command name", arg);
		return EXIT_USAGE;
	}
	fflush(stdout);
	if (man_page(prog, page, sizeof(page)) == 0)
		execlp("man", "man", "-l", page, (char *)NULL);
	else
		execlp("man", "man", prog, (char *)NULL);
	msg_error("cannot run man: %s", strerror(errno));
	return EXIT_ENV;
}

int
main(int argc, char **argv)
{
	char path[PATH_MAX];
	const char *name;

	msg_progname = "dossier";
	umask(077);
	find_self(argc > 0 ? argv[0] : "");
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("dossier (dossier) %s\n", DOSSIER_VERSION);
		return EXIT_DONE;
	}
	name = argv[1];
	if (strcmp(name, "help") == 0) {
		if (argc > 3) {
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
		return argc == 3 ? help(argv[2]) : list();
	}
	if (!name_ok(name)) {
		fprintf(stderr, "dossier: '%s' is not a command name\n%s",
		    name, usage_text);
		return EXIT_USAGE;
	}
	if (find_command(name, path, sizeof(path)) < 0) {
		fprintf(stderr, "dossier: '%s' is not a dossier command; see "
		    "'dossier help'\n", name);
		return EXIT_USAGE;
	}
	argv[1] = path;
	execv(path, argv + 1);
	msg_error("cannot run '%s': %s", path, strerror(errno));
	return EXIT_ENV;
}
