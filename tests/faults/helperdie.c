/*
 * helperdie.c - an LD_PRELOAD library that plays a page helper's crash
 * (stage_pages, src/common/pages.c): in a process two forks below the one
 * it was loaded into (a stage's parent, its worker, the worker's helper),
 * the first read of a page with leptonica's pixReadMem kills the process
 * with SIGSEGV; the stage's parent and its workers read as they would
 * (tests/t0310-stage-pages.sh)
 *
 *   cc -shared -fPIC -o helperdie.so helperdie.c -ldl
 *   LD_PRELOAD=./helperdie.so dossier-ocr -j 2
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stddef.h>
#include <unistd.h>

static pid_t top;

__attribute__((constructor)) static void
init(void)
{
	top = getpid();
}

void *
pixReadMem(const unsigned char *data, size_t size)
{
	static void *(*real)(const unsigned char *, size_t);

	if (real == NULL)
		real = (void *(*)(const unsigned char *, size_t))dlsym(
		    RTLD_NEXT, "pixReadMem");
	if (getpid() != top && getppid() != top)
		kill(getpid(), SIGSEGV);
	return real(data, size);
}
