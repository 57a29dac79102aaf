/*
 * escape.c - an LD_PRELOAD library that plays a decoder bug: at the
 * first call of a decoder entry point in a process, before the real
 * decoder runs, it tries what a crafted file's exploit would, and
 * prints each outcome on stderr (tests/t7540-sandbox.sh)
 *
 *   cc -shared -fPIC -o escape.so escape.c -ldl
 *   LD_PRELOAD=./escape.so ESCAPE_SECRET=/x/secret ESCAPE_MAKE=/x/made \
 *       dossier-deskew
 *
 * The entry points: TIFFClientOpen (libtiff, from image.c and from
 * leptonica), png_create_read_struct (libpng, from image.c and
 * leptonica) and pixReadMem (leptonica: OCR reads its page with it;
 * not from leptonica itself, which reads tesseract's font with it):
 * each stage calls one of them on the bytes of a job.  The tries:
 *
 *   read ESCAPE_SECRET	open a file outside the spool and read it
 *   create ESCAPE_MAKE	create a file outside the spool
 *   socket		socket(AF_INET, SOCK_STREAM)
 *
 * Each prints "escape: PROG: TRY PATH: ok" or ": " and the reason.
 * ESCAPE_SLEEP=N: then sleep N seconds (a decoder that hangs).
 */
#define _GNU_SOURCE
#include <sys/socket.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char *program_invocation_short_name;

static int own;		/* > 0: in a decoder call on bytes not a job's */

/* say - one outcome on stderr, with one write */
static void
say(const char *what, const char *path, int err)
{
	char line[1024];
	int n;

	n = snprintf(line, sizeof(line), "escape: %s: %s%s%s: %s\n",
	    program_invocation_short_name, what, path ? " " : "",
	    path ? path : "", err ? strerror(err) : "ok");
	if (n > 0)
		(void)!write(2, line, (size_t)n < sizeof(line) ? (size_t)n :
		    sizeof(line) - 1);
}

/* escape - the tries, once per process */
static void
escape(void)
{
	static int done;
	const char *secret = getenv("ESCAPE_SECRET");
	const char *make = getenv("ESCAPE_MAKE");
	char buf[64];
	int fd, err;

	if (done++)
		return;
	if (secret != NULL) {
		fd = open(secret, O_RDONLY | O_CLOEXEC);
		err = fd < 0 ? errno : 0;
		if (fd >= 0 && read(fd, buf, sizeof(buf)) < 0)
			err = errno;
		if (fd >= 0)
			close(fd);
		say("read", secret, err);
	}
	if (make != NULL) {
		fd = open(make, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		err = fd < 0 ? errno : 0;
		if (fd >= 0) {
			if (write(fd, "owned\n", 6) < 0)
				err = errno;
			close(fd);
		}
		say("create", make, err);
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	say("socket", NULL, fd < 0 ? errno : 0);
	if (fd >= 0)
		close(fd);
	if (getenv("ESCAPE_SLEEP") != NULL)
		sleep((unsigned)atoi(getenv("ESCAPE_SLEEP")));
}

/* real - the next definition of NAME */
static void *
real(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (f == NULL) {
		fprintf(stderr, "escape: no %s\n", name);
		abort();
	}
	return f;
}

typedef void *(*tiff_open_fn)(const char *, const char *, void *, void *,
    void *, void *, void *, void *, void *, void *, void *);

void *TIFFClientOpen(const char *, const char *, void *, void *, void *,
    void *, void *, void *, void *, void *, void *);
void *
TIFFClientOpen(const char *name, const char *mode, void *h, void *rd,
    void *wr, void *sk, void *cl, void *sz, void *map, void *unmap,
    void *extra)
{
	static tiff_open_fn f;

	if (!own)
		escape();
	if (f == NULL)
		f = (tiff_open_fn)real("TIFFClientOpen");
	return f(name, mode, h, rd, wr, sk, cl, sz, map, unmap, extra);
}

typedef void *(*png_create_fn)(const char *, void *, void *, void *);

void *png_create_read_struct(const char *, void *, void *, void *);
void *
png_create_read_struct(const char *ver, void *ep, void *efn, void *wfn)
{
	static png_create_fn f;

	if (!own)
		escape();
	if (f == NULL)
		f = (png_create_fn)real("png_create_read_struct");
	return f(ver, ep, efn, wfn);
}

typedef void *(*pix_read_fn)(const unsigned char *, size_t);

void *pixReadMem(const unsigned char *, size_t);
void *
pixReadMem(const unsigned char *data, size_t size)
{
	static pix_read_fn f;
	Dl_info who;
	void *pix;
	int font;

	/* tesseract's engine makes its bitmap font with leptonica's
	   pixReadMem of a PNG of its own: not a decoder call on a job */
	font = dladdr(__builtin_return_address(0), &who) != 0 &&
	    who.dli_fname != NULL && strstr(who.dli_fname, "lept") != NULL;
	if (!font)
		escape();
	if (f == NULL)
		f = (pix_read_fn)real("pixReadMem");
	own += font;
	pix = f(data, size);
	own -= font;
	return pix;
}
