/*
 * dossier-ingest - take scanned files and folders into the spool
 *
 * Every input file becomes one job in the queue of dossier-deskew (or in
 * quarantine with the reason, if it cannot be used); content already
 * ingested is reported as a duplicate and skipped.  Inputs are never
 * altered.  See dossier-ingest(1).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bigmem.h"
#include "broker.h"
#include "db.h"
#include "exitcode.h"
#include "image.h"
#include "index.h"
#include "ingest.h"
#include "job.h"
#include "msg.h"
#include "spool.h"
#include "stage.h"

static void
usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "%s: %s\n", msg_progname, why);
	fprintf(stderr, "usage: %s [-nqv] [-a archive] [-b batch] [-j jobs] "
	    "[-s spool] [-w seconds] [--index file.csv] file|folder ...\n",
	    msg_progname);
	exit(EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "max-size", required_argument, NULL, 'M' },
		{ "max-pixels", required_argument, NULL, 'P' },
		{ "index", required_argument, NULL, 'I' },
		{ NULL, 0, NULL, 0 }
	};
	const char *spool_dir, *archive, *batch = NULL;
	const char *index_csv = NULL;
	char started[48], err[512], *end;
	/* static: ingest_sandbox()'s parent ends with it unfreed */
	static struct ingest ing;
	struct spool sp;
	struct db db;
	struct tm tm;
	time_t now;
	long refused = 0;
	int ch, i, check = 0, status, n;

	bigmem_pix();
	bigmem_heap();
	msg_progname = "dossier-ingest";
	umask(077);
	stage_fds_open();
	stage_default_paths(&spool_dir, &archive);
	memset(&ing, 0, sizeof(ing));
	strbuf_init(&ing.waiting);
	ing.settle = 10;
	ing.max_size = 512UL * 1024 * 1024;
	ing.max_pixels = IMAGE_MAX_PIXELS;

	while ((ch = getopt_long(argc, argv, "a:b:hj:nqs:vw:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'a':
			archive = optarg;
			break;
		case 'b':
			if (!job_id_valid(optarg))
				usage("-b wants a name of letters, digits, "
				    "'.', '-' and '_'");
			batch = optarg;
			break;
		case 'j':
			/* reading and hashing files is I/O bound: one process */
			if (stage_parse_jobs(optarg) < 0)
				usage("-j wants a number from 1 to 64");
			break;
		case 'n':
			check = 1;
			break;
		case 'q':
		case 'v':
			msg_verbose = ch == 'q' ? -1 : msg_verbose + 1;
			break;
		case 's':
			spool_dir = optarg;
			break;
		case 'w':
			ing.settle = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || ing.settle < 0)
				usage("-w wants a number of seconds");
			break;
		case 'M':
			ing.max_size = strtoul(optarg, &end, 10);
			if (*end != '\0' || ing.max_size == 0)
				usage("--max-size wants a number of bytes");
			break;
		case 'P':
			ing.max_pixels = strtol(optarg, &end, 10);
			if (*end != '\0' || ing.max_pixels <= 0)
				usage("--max-pixels wants a number");
			break;
		case 'I':
			index_csv = optarg;
			break;
		case 'V':
			stage_version();
			return EXIT_DONE;
		case 'h':
		default:
			usage(NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (check) {
		printf("spool: %s\narchive: %s\nsettle: %lds\nmax-size: %zu\n"
		    "max-pixels: %ld\n", spool_dir, archive, ing.settle,
		    ing.max_size, ing.max_pixels);
		return EXIT_DONE;
	}
	if (argc == 0)
		usage("no file or folder to ingest");
	/* the whole index is checked before any input is taken */
	if (index_csv != NULL && (ing.index = ingest_index_open(index_csv,
	    err, sizeof(err))) == NULL) {
		msg_error("%s", err);
		return EXIT_ENV;
	}

	if (spool_open(&sp, spool_dir, 1) < 0) {
		msg_error("%s", sp.err);
		return EXIT_ENV;
	}
	ing.sp = &sp;
	ing.lockfd = -1;
	/* the inputs are decoded in the sandbox (dossier-ingest(1)) */
	if ((status = ingest_sandbox(&ing, spool_dir, archive, argv)) >= 0)
		return status;
	if (batch != NULL)
		snprintf(ing.batch, sizeof(ing.batch), "%s", batch);
	/* first the jobs a dead ingest was queueing, so that they count */
	if ((n = spool_recover(&sp, "ingest")) < 0) {
		msg_error("%s", sp.err);
		return EXIT_ENV;
	}
	if (n > 0)
		msg_warn("removed %d half-built job%s of a dead ingest", n,
		    n == 1 ? "" : "s");
	/* a batch whose ingest died is counted, and ended or taken over */
	if (ingest_batch_recover(&ing) < 0) {
		msg_error("%s", sp.err);
		return EXIT_ENV;
	}
	if (ing.archive_has == NULL && !ing.no_archive) {
		if (db_open(&db, archive, DB_READONLY, err, sizeof(err)) < 0) {
			msg_error("%s", err);
			return EXIT_ENV;
		}
		ing.db = &db;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(started, sizeof(started), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (ing.batch[0] == '\0') {
		strftime(started + 24, sizeof(started) - 24, "%Y%m%dT%H%M%SZ",
		    &tm);
		snprintf(ing.batch, sizeof(ing.batch), "%s-%ld", started + 24,
		    (long)getpid());
	}
	/* held until its end is written: a rerun knows it is not dead */
	if (ing.lockfd < 0 &&
	    (ing.lockfd = spool_batch_lock(&sp, ing.batch, 0)) < 0) {
		msg_error("%s", sp.err);
		return EXIT_ENV;
	}
	if (spool_worker_start(&sp, "ingest", &ing.w) < 0) {
		msg_error("%s", sp.err);
		return EXIT_ENV;
	}
	if (ingest_batch_write(&ing, started, 0) < 0) {
		msg_error("cannot write batch '%s': %s", ing.batch, sp.err);
		spool_worker_stop(&ing.w);
		return EXIT_ENV;
	}
	for (i = 0; i < argc && !ing.env_failure; i++)
		ingest_arg(&ing, argv[i]);
	ingest_covers_end(&ing);
	spool_worker_stop(&ing.w);
	if (ingest_batch_write(&ing, started, 1) < 0) {
		msg_error("cannot write batch '%s': %s", ing.batch, sp.err);
		ing.env_failure = 1;
	}
	close(ing.lockfd);
	if (ing.db != NULL)
		db_close(ing.db);
	if (ing.index != NULL)
		refused = ingest_index_close(ing.index);
	/* one line, as msg_* makes its messages: the names are a file's */
	msg_flatten(ing.waiting.buf, ing.waiting.len);
	if (ing.busy > 0 && msg_verbose >= 0)
		fprintf(stderr, "%s: waiting: %ld file%s still being written: "
		    "%s%s\n", msg_progname, ing.busy, ing.busy == 1 ? "" : "s",
		    ing.waiting.buf, ing.busy > INGEST_WAITING_NAMES ?
		    ", ..." : "");
	strbuf_release(&ing.waiting);
	if (msg_verbose >= 0 && isatty(2))
		fprintf(stderr, "%s: batch %s: %ld file%s, %ld page%s, %ld "
		    "queued, %ld duplicate%s, %ld quarantined, %ld skipped\n",
		    msg_progname, ing.batch, ing.files,
		    ing.files == 1 ? "" : "s", ing.pages_in,
		    ing.pages_in == 1 ? "" : "s", ing.jobs, ing.duplicates,
		    ing.duplicates == 1 ? "" : "s", ing.quarantined,
		    ing.skipped);
	if (ing.env_failure)
		status = EXIT_ENV;
	else if (ing.quarantined > 0 || ing.skipped > 0 || refused > 0)
		status = EXIT_QUARANTINE;
	else
		status = EXIT_DONE;
	return status;
}
