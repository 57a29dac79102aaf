/*
 * dossier-report - the report of a batch: reconciliation, documents
 * filed and in review, classes (SPEC §8, §9)
 *
 * usage: dossier-report [-qv] [-a archive] [batch]
 *
 * Reads the archive only.  Without BATCH, the most recent batch.  See
 * dossier-report(1).
 */
#include <stdio.h>
#include <unistd.h>

#include "batch.h"
#include "db.h"
#include "exitcode.h"
#include "msg.h"
#include "stage.h"

static const char usage[] = "[-qv] [-a archive] [batch]";

int
main(int argc, char **argv)
{
	struct db db;
	char err[1024];
	int rc;

	msg_progname = "dossier-report";
	if ((rc = stage_command(argc, argv, usage, NULL, NULL, NULL,
	    NULL)) >= 0)
		return rc;
	if (argc - optind > 1) {
		fprintf(stderr, "%s: at most one batch\nusage: %s %s\n",
		    msg_progname, msg_progname, usage);
		return EXIT_USAGE;
	}
	if (db_open(&db, stage_opt.archive, DB_READONLY, err,
	    sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	rc = batch_report(&db, optind < argc ? argv[optind] : NULL, stdout,
	    err, sizeof(err));
	db_close(&db);
	if (rc != 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	return EXIT_DONE;
}
