/*
 * dossier-report - the report of a batch: reconciliation, documents
 * filed and in review, classes (SPEC §8, §9)
 *
 * usage: dossier-report [-qv] [-a archive] [-s spool] [batch]
 *
 * Reads the archive, and the spool's quarantine to name the batch's
 * quarantined inputs; writes nothing.  Without BATCH, the most recent
 * batch.  See dossier-report(1).
 */
#include <stdio.h>
#include <unistd.h>

#include "batch.h"
#include "db.h"
#include "exitcode.h"
#include "msg.h"
#include "spool.h"
#include "stage.h"

static const char usage[] = "[-qv] [-a archive] [-s spool] [batch]";

/* spool_option - -s, the one option of our own */
static int
spool_option(int ch, const char *arg, void *varg)
{
	stage_opt.spool = arg;
	return 0;
}

int
main(int argc, char **argv)
{
	struct spool sp;
	struct db db;
	char err[1024];
	int rc, have_spool;

	msg_progname = "dossier-report";
	if ((rc = stage_command(argc, argv, usage, "s:", NULL, spool_option,
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
	/* no spool (an archive copied elsewhere): the report without it */
	have_spool = spool_open(&sp, stage_opt.spool, 0) == 0;
	rc = batch_report(&db, have_spool ? &sp : NULL, optind < argc ?
	    argv[optind] : NULL, stdout, err, sizeof(err));
	db_close(&db);
	if (rc != 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	return EXIT_DONE;
}
