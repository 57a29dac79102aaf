/*
 * appear.c - an LD_PRELOAD library that plays a dossier-load starting
 * beside ingest on a new archive: the first time the program finds
 * APPEAR_PATH missing with access(2), the archive APPEAR_FROM is linked
 * there just after, as dossier-load publishes a new archive whole
 * (tests/t7540-sandbox.sh)
 *
 *   cc -shared -fPIC -o appear.so appear.c -ldl
 *   LD_PRELOAD=./appear.so APPEAR_PATH=/x/dossier.db APPEAR_FROM=/x/made.db \
 *       dossier-ingest -w 0 inbox
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int done;

int
access(const char *path, int mode)
{
	static int (*real)(const char *, int);
	const char *want = getenv("APPEAR_PATH"), *from = getenv("APPEAR_FROM");
	int rc, e;

	if (real == NULL)
		real = (int (*)(const char *, int))dlsym(RTLD_NEXT, "access");
	rc = real(path, mode);
	e = errno;
	if (!done && rc < 0 && e == ENOENT && want != NULL && from != NULL &&
	    strcmp(path, want) == 0) {
		done = 1;
		(void)link(from, want);
	}
	errno = e;
	return rc;
}
