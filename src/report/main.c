/*
 * dossier-report - the report of a batch: reconciliation, documents
 * filed and in review, classes (SPEC §8, §9)
 *
 * usage: dossier-report [-qv] [-a archive] [batch]
 *
 * Reads the archive only.  Without BATCH, the most recent batch.  See
 * dossier-report(1).
 */
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "batch.h"
#include "db.h"
#include "exitcode.h"
#include "msg.h"
#include "stage.h"

static const char usage_line[] = "[-qv] [-a archive] [batch]";

static int
usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "%s: %s\n", msg_progname, why);
	fprintf(stderr, "usage: %s %s\n", msg_progname, usage_line);
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *spool, *archive;
	struct db db;
	char err[1024];
	int ch, rc;

	msg_progname = "dossier-report";
	umask(077);
	stage_fds_open();
	stage_default_paths(&spool, &archive);
	while ((ch = getopt_long(argc, argv, "a:hqv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			archive = optarg;
			break;
		case 'h':
			return usage(NULL);
		case 'q':
			msg_verbose = -1;
			break;
		case 'v':
			msg_verbose++;
			break;
		case 'V':
			stage_version();
			return EXIT_DONE;
		default:
			return usage(NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		return usage("at most one batch");
	if (db_open(&db, archive, DB_READONLY, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	rc = batch_report(&db, argc == 1 ? argv[0] : NULL, stdout, err,
	    sizeof(err));
	db_close(&db);
	if (rc != 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	return EXIT_DONE;
}
