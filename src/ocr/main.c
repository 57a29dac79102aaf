/*
 * dossier-ocr - recognise the text of every non-blank page of the jobs
 * waiting in ocr/new with tesseract; hand them on to classify/new.
 * See dossier-ocr(1).
 *
 * One engine per language in each worker process, started when a page
 * first needs it, one OpenMP thread per engine: on two cores, tesseract's
 * own OpenMP threading was measured about five times slower than one
 * thread per process; -j N scales over cores instead (ocr_one_thread:
 * set in main(), no new start of the program with OMP_THREAD_LIMIT=1,
 * which cost some 60 ms of loading the libraries again on every run).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bigmem.h"
#include "db.h"
#include "exitcode.h"
#include "fileio.h"
#include "image.h"
#include "msg.h"
#include "ocr.h"
#include "sandbox.h"
#include "stage.h"

static const char *langs = "fra+nld+eng+deu";
static const char *datapath;
static struct ocr_limits limits = { OCR_MAX_MPX, OCR_BUDGET };

/*
 * The language the workers found last, kept in the spool (SPOOL/ocr/lang,
 * dossier-spool(5)): the next run reads its first page in it.  A hint,
 * not a handoff: replaced by a rename, not synced (lost, a run starts
 * with the first language of -l); whatever it holds that is not one of
 * -l is no guess.  Read once a worker, written when the language a
 * worker finds changes.
 */
#define LANG_FILE	"lang"
#define LANG_MAX	32

static char lang_known[LANG_MAX];	/* what this worker read or wrote */

/* lang_read - the guess in SPOOL/ocr/lang into lang_known, or "" */
static void
lang_read(void)
{
	struct strbuf sb = STRBUF_INIT;
	char path[PATH_MAX];
	size_t n;

	lang_known[0] = '\0';
	if ((size_t)snprintf(path, sizeof(path), "%s/ocr/%s", stage_opt.spool,
	    LANG_FILE) >= sizeof(path) ||
	    file_read(path, LANG_MAX, &sb) < 0) {
		strbuf_release(&sb);
		return;
	}
	n = strspn(sb.buf, "abcdefghijklmnopqrstuvwxyz_");
	if (n > 0 && n < LANG_MAX && n + 1 == sb.len && sb.buf[n] == '\n') {
		memcpy(lang_known, sb.buf, n);
		lang_known[n] = '\0';
	}
	strbuf_release(&sb);
}

/*
 * lang_write - SPOOL/ocr/lang := LANG if it is not what this worker
 * knows it holds; a failure is said at -v only (the next run guesses
 * the first language)
 */
static void
lang_write(const char *lang)
{
	char dir[PATH_MAX], tmp[PATH_MAX], dst[PATH_MAX], buf[LANG_MAX + 1];
	size_t n;
	int fd = -1, ok = 0;

	if (lang == NULL || strcmp(lang, lang_known) == 0 ||
	    (n = strlen(lang)) >= LANG_MAX)
		return;
	memcpy(buf, lang, n);
	buf[n] = '\n';
	/* a name of this worker's own: workers write at once */
	if ((size_t)snprintf(dir, sizeof(dir), "%s/ocr", stage_opt.spool) <
	    sizeof(dir) &&
	    (size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.%ld.tmp", dir,
	    LANG_FILE, (long)getpid()) < sizeof(tmp) &&
	    (size_t)snprintf(dst, sizeof(dst), "%s/%s", dir, LANG_FILE) <
	    sizeof(dst) &&
	    (fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) >= 0 &&
	    write(fd, buf, n + 1) == (ssize_t)(n + 1) && close(fd) == 0) {
		fd = -1;
		ok = rename(tmp, dst) == 0;
	}
	if (!ok) {
		msg_info("cannot keep the language found in %s/ocr/%s: %s",
		    stage_opt.spool, LANG_FILE, strerror(errno));
		if (fd >= 0)
			close(fd);
		(void)unlink(tmp);
		return;
	}
	memcpy(lang_known, lang, n + 1);
}

/*
 * ocr_init - a worker's engine, then its sandbox (dossier-ocr(1),
 * SECURITY): the spool to read and write, the traineddata folder to read
 * (the other languages' engines start when a page needs them)
 */
static int
ocr_init(void **ctx, char *err, size_t errlen)
{
	const char *rw[] = { stage_opt.spool, NULL };
	const char *ro[] = { NULL, NULL };
	struct sandbox_paths paths = { rw, ro };
	struct strbuf sb = STRBUF_INIT;

	image_quiet();
	lang_read();
	*ctx = ocr_engine_new(datapath, langs, lang_known, &limits, err,
	    errlen);
	if (*ctx == NULL)
		return -1;
	/*
	 * the settings, with the digests of the model files (13 MB read,
	 * some 25 ms), made now, while the worker waits for its first
	 * page, rather than after it
	 */
	ocr_engine_settings(*ctx, &sb);
	strbuf_release(&sb);
	ro[0] = ocr_engine_datapath(*ctx);
	if (ro[0] == NULL)
		ro[0] = datapath;
	if (sandbox_enter(&paths, err, errlen) < 0) {
		ocr_engine_free(*ctx);
		*ctx = NULL;
		return -1;
	}
	return 0;
}

/* ocr_setup - in the parent: at -v, say what the sandbox will be */
static int
ocr_setup(void)
{
	sandbox_note();
	return EXIT_DONE;
}

static void
ocr_fini(void *ctx)
{
	ocr_engine_free(ctx);
}

static void
ocr_settings(void *ctx, struct strbuf *sb)
{
	ocr_engine_settings(ctx, sb);
	db_kv(sb, "sandbox", sandbox_state());
}

static int
ocr_check(void)
{
	char err[512];
	struct ocr_engine *e;

	lang_read();
	e = ocr_engine_new(datapath, langs, lang_known, &limits, err,
	    sizeof(err));

	if (e == NULL || ocr_engine_load(e, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		ocr_engine_free(e);
		return EXIT_ENV;
	}
	/* the engine took the spool's guess if it is one of -l */
	printf("languages: %s\nfirst guess: ", langs);
	if (ocr_engine_last(e) != NULL)
		printf("%s (found last, %s/ocr/%s)\n", ocr_engine_last(e),
		    stage_opt.spool, LANG_FILE);
	else
		printf("%.*s (the first of -l)\n", (int)strcspn(langs, "+"),
		    langs);
	printf("tessdata: %s\nomp-thread-limit: %d\nmax-mpx: %g\n"
	    "budget: %g s per Mpx, at least %g s\n",
	    datapath ? datapath : "(default)", ocr_omp_threads(),
	    limits.max_mpx, limits.budget, limits.budget * 3);
	ocr_engine_free(e);
	return EXIT_DONE;
}

static enum verdict
ocr_process(void *ctx, struct job *job, char *err, size_t errlen)
{
	enum verdict v = ocr_job(ctx, job, err, errlen);

	lang_write(ocr_engine_last(ctx));
	return v;
}

int
main(int argc, char **argv)
{
	static const struct stage_option opts[] = {
		{ 'l', "lang", "langs", STAGE_OPT_STRING, &langs, 0, 0,
		    "abcdefghijklmnopqrstuvwxyz_+", NULL },
		{ 0, "tessdata", "dir", STAGE_OPT_STRING, &datapath, 0, 0,
		    NULL, NULL },
		{ 0, "max-mpx", "mpx", STAGE_OPT_DOUBLE, &limits.max_mpx,
		    0.01, 1000, NULL, NULL },
		{ 0, "budget", "seconds", STAGE_OPT_DOUBLE, &limits.budget,
		    0.0001, 3600, NULL, NULL },
		{ 0 }
	};
	static const struct stage_def def = {
		.name = "ocr",
		.opts = opts,
		.setup = ocr_setup,
		.check = ocr_check,
		.worker_init = ocr_init,
		.process = ocr_process,
		.worker_fini = ocr_fini,
		.settings = ocr_settings,
	};
	const char *dp = getenv("DOSSIER_TESSDATA");

	bigmem_pix();
	bigmem_heap();
	ocr_one_thread();
	(void)ocr_lines_init();	/* else the lines' PNGs as libpng makes them */
	if (dp != NULL && *dp != '\0')
		datapath = dp;
	return stage_main(&def, argc, argv);
}
