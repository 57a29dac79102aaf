/*
 * dossier-load - put documents into the archive, linked to households
 *
 * usage: dossier-load [-nqv] [-a archive] [-j jobs] [-s spool] [--job id]
 *	      [-r registry] [--report [batch]]
 *
 * The job loop is stage_main()'s; this file holds the options and the
 * things done once per run: the batch counts after the workers are done
 * (batch.c).  -r and --report are kept for scripts written before
 * dossier-registry(1) and dossier-report(1): they run the same code.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "db.h"
#include "exitcode.h"
#include "load.h"
#include "msg.h"
#include "registry.h"
#include "stage.h"
#include "store.h"

static const char *opt_registry;	/* -r FILE */
static int opt_report;			/* --report */
static const char *opt_report_batch;	/* --report BATCH */
static int registry_rejected;		/* some rows refused: exit 1 */
static char run_started[32];		/* batches touched since then */
static int saved_argc;
static char **saved_argv;

static const struct option load_longopts[] = {
	{ "registry", required_argument, NULL, 'r' },
	{ "report", optional_argument, NULL, 'R' + 256 },
	{ NULL, 0, NULL, 0 }
};

static int
load_option(int ch, const char *arg)
{
	switch (ch) {
	case 'r':
		opt_registry = arg;
		return 0;
	case 'R' + 256:
		opt_report = 1;
		/* "--report BATCH" as well as "--report=BATCH" */
		if (arg == NULL && optind < saved_argc &&
		    saved_argv[optind][0] != '-')
			arg = saved_argv[optind++];
		opt_report_batch = arg;
		return 0;
	}
	return -1;
}

static int
load_setup(void)
{
	struct registry_stats st;
	struct db db;
	char err[1024];
	int rc;

	db_timestamp(run_started, sizeof(run_started));
	if (opt_report) {
		if (opt_registry != NULL) {
			msg_error("--report does not go with -r");
			return EXIT_USAGE;
		}
		if (db_open(&db, stage_opt.archive, DB_READONLY, err,
		    sizeof(err)) < 0) {
			msg_error("%s", err);
			return EXIT_ENV;
		}
		rc = batch_report(&db, opt_report_batch, stdout, err,
		    sizeof(err));
		db_close(&db);
		if (rc != 0) {
			msg_error("%s", err);
			return EXIT_ENV;
		}
		exit(EXIT_DONE);
	}
	if (stage_opt.check)
		return EXIT_DONE;
	/* create or upgrade the archive now, before any worker needs it */
	if (db_open(&db, stage_opt.archive, DB_CREATE, err,
	    sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	if (opt_registry != NULL) {
		if (registry_import(&db, opt_registry, store_actor(), &st, err,
		    sizeof(err)) < 0) {
			msg_error("%s", err);
			db_close(&db);
			return EXIT_ENV;
		}
		if (msg_verbose >= 0)
			registry_summary(stderr, opt_registry, &st);
		registry_rejected = st.rejected > 0;
	}
	db_close(&db);
	return EXIT_DONE;
}

/* load_check - -n: can the archive be opened, is the registry good */
static int
load_check(void)
{
	struct registry_stats st;
	struct stat sb;
	struct db db;
	char err[1024];

	if (stat(stage_opt.archive, &sb) < 0)
		printf("archive: %s (does not exist: will be created)\n",
		    stage_opt.archive);
	else if (db_open(&db, stage_opt.archive, DB_READONLY, err,
	    sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	} else {
		printf("archive: %s (schema version %d)\n", stage_opt.archive,
		    db.version);
		db_close(&db);
	}
	if (opt_registry != NULL) {
		if (registry_import(NULL, opt_registry, NULL, &st, err,
		    sizeof(err)) < 0) {
			msg_error("%s", err);
			return EXIT_ENV;
		}
		printf("registry: %s (%ld rows, %ld rejected)\n",
		    opt_registry, st.rows, st.rejected);
		if (st.rejected > 0)
			return EXIT_QUARANTINE;
	}
	return EXIT_DONE;
}

static int
load_after_run(struct spool *sp, int status)
{
	struct db db;
	char err[1024];
	int rc = EXIT_DONE;

	if (db_open(&db, stage_opt.archive, DB_CREATE, err,
	    sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	if (batch_recount(&db, sp, run_started, err, sizeof(err)) < 0) {
		msg_error("cannot update batch counts: %s", err);
		rc = EXIT_ENV;
	}
	db_close(&db);
	if (registry_rejected && rc == EXIT_DONE)
		rc = EXIT_QUARANTINE;
	return rc;
}

static const struct stage_def load_stage = {
	.name = "load",
	.synopsis = "[-r registry] [--report [batch]]",
	.optstring = "r:",
	.longopts = load_longopts,
	.option = load_option,
	.setup = load_setup,
	.check = load_check,
	.worker_init = load_worker_init,
	.process = load_process,
	.worker_fini = load_worker_fini,
	.after = load_after_run,
};

/* main - umask 077, then the common stage loop */
int
main(int argc, char **argv)
{
	umask(077);
	saved_argc = argc;
	saved_argv = argv;
	return stage_main(&load_stage, argc, argv);
}
