/*
 * dossier-report - the report of a batch: reconciliation, documents
 * filed and in review, classes (SPEC §8, §9); with -o also as one HTML
 * page (html.c)
 *
 * usage: dossier-report [-qv] [-a archive] [-o report.html] [-s spool]
 *                       [-T times] [batch]
 *
 * Reads the archive, and the spool's quarantine to name the batch's
 * quarantined inputs and its pages still waiting; writes nothing but the
 * HTML page.  Without BATCH, the most recent batch.  See dossier-report(1).
 */
#include <stdio.h>
#include <unistd.h>

#include "batch.h"
#include "db.h"
#include "exitcode.h"
#include "html.h"
#include "msg.h"
#include "spool.h"
#include "stage.h"

static const char usage[] = "[-qv] [-a archive] [-o report.html] "
    "[-s spool] [-T times] [batch]";
static const char *html_path;	/* -o */
static const char *times_path;	/* -T */

/* own_option - -o, -s and -T, the options of our own */
static int
own_option(int ch, const char *arg, void *varg)
{
	if (ch == 'o')
		html_path = arg;
	else if (ch == 'T')
		times_path = arg;
	else
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
	if ((rc = stage_command(argc, argv, usage, "o:s:T:", NULL, own_option,
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
	if (rc == 0 && html_path != NULL)
		rc = html_report(&db, have_spool ? &sp : NULL, optind < argc ?
		    argv[optind] : NULL, html_path, times_path, err,
		    sizeof(err));
	db_close(&db);
	if (rc != 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	return EXIT_DONE;
}
