/*
 * dossier-load - put documents into the archive, linked to households
 *
 * usage: dossier-load [-nqv] [-a archive] [-j jobs] [-s spool] [--job id]
 *	      [-r registry]
 *
 * The job loop is stage_main()'s; this file holds the options and the
 * things done once per run: the registry import before the workers start
 * (-r, SPEC §5: the import of dossier-registry(1)), the batch counts after
 * they are done (batch.c).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "bigmem.h"
#include "db.h"
#include "exitcode.h"
#include "load.h"
#include "msg.h"
#include "registry.h"
#include "stage.h"
#include "store.h"

static const char *opt_registry;	/* -r FILE */
static int registry_rejected;		/* some rows refused: exit 1 */
static char run_started[32];		/* batches touched since then */

static int
load_setup(void)
{
	struct registry_stats st;
	struct db db;
	char err[1024];

	db_timestamp(run_started, sizeof(run_started));
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
	int n = 0, rc = EXIT_DONE;

	if (db_open(&db, stage_opt.archive, DB_CREATE | DB_NOCHECK, err,
	    sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	if ((n = batch_recount(&db, sp, run_started, err, sizeof(err))) <
	    0) {
		msg_error("cannot update batch counts: %s", err);
		rc = EXIT_ENV;
	}
	db_close(&db);
	/* pages lost or counted twice: say so in the exit status too */
	if ((n > 0 || registry_rejected) && rc == EXIT_DONE)
		rc = EXIT_QUARANTINE;
	return rc;
}

/* main - umask 077, then the common stage loop */
int
main(int argc, char **argv)
{
	static const struct stage_option opts[] = {
		{ 'r', "registry", "registry", STAGE_OPT_STRING,
		    &opt_registry, 0, 0, NULL, NULL },
		{ 0 }
	};
	static const struct stage_def def = {
		.name = "load",
		.opts = opts,
		.setup = load_setup,
		.check = load_check,
		.worker_init = load_worker_init,
		.process = load_process,
		.worker_fini = load_worker_fini,
		.after = load_after_run,
	};

	umask(077);
	/*
	 * a source's row is built whole in memory (store_source_put):
	 * on a 400-dpi colour page's job (a 1.7 MB source) 2,800 page
	 * faults and 70 ms of CPU, 1,000 and 55 ms from a huge-page heap
	 */
	bigmem_heap();
	return stage_main(&def, argc, argv);
}
