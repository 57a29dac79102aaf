/*
 * unit.c - runs every DEFINE_TEST of tests/unit/test_*.c, each in a fresh
 * temporary directory; prints TAP.  unit-tests [-k] [name...]
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "msg.h"
#include "unit.h"

#undef DEFINE_TEST
#define DEFINE_TEST(name) void name(void);
#include "list.h"
#undef DEFINE_TEST
#define DEFINE_TEST(name) { #name, name },
static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
#include "list.h"
};

int unit_failures;

void
unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	unit_failures++;
	printf("#   %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int
main(int argc, char **argv)
{
	char top[4096], dir[4200];
	size_t i;
	int keep = 0, failed = 0, n = 0, a, want;

	msg_progname = "unit-tests";
	msg_verbose = -1;
	if (argc > 1 && strcmp(argv[1], "-k") == 0) {
		keep = 1;
		argc--;
		argv++;
	}
	snprintf(top, sizeof(top), "%s/dossier-unit.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(top) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		want = argc == 1;
		for (a = 1; a < argc; a++)
			if (strcmp(argv[a], tests[i].name) == 0)
				want = 1;
		if (!want)
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", top, tests[i].name);
		if (mkdir(dir, 0700) < 0 || chdir(dir) < 0) {
			perror(dir);
			return 1;
		}
		unit_failures = 0;
		fflush(stdout);
		tests[i].fn();
		n++;
		if (unit_failures == 0)
			printf("ok %d - %s\n", n, tests[i].name);
		else {
			printf("not ok %d - %s\n", n, tests[i].name);
			failed++;
		}
		fflush(stdout);
	}
	printf("1..%d\n", n);
	if (chdir("/") == 0 && !keep)
		dir_remove_tree(top);
	else if (keep)
		printf("# kept %s\n", top);
	return failed ? 1 : 0;
}
