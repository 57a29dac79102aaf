/*
 * dossier-registry - import or update the household registry (SPEC §5)
 *
 * usage: dossier-registry [-nqv] [-a archive] file.csv
 *
 * One transaction: the whole file or nothing.  Rows that are refused are
 * named "FILE:LINE: reason" and skipped; the others are imported.  With
 * -n the file is only checked.  See dossier-registry(1).
 */
#include <stdio.h>
#include <unistd.h>

#include "db.h"
#include "exitcode.h"
#include "msg.h"
#include "registry.h"
#include "stage.h"
#include "store.h"

static const char usage[] = "[-nqv] [-a archive] file.csv";

/* check_option - -n, the one option of our own */
static int
check_option(int ch, const char *arg, void *check)
{
	*(int *)check = 1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct registry_stats st;
	struct db db;
	char err[1024];
	int check = 0, rc;

	msg_progname = "dossier-registry";
	if ((rc = stage_command(argc, argv, usage, "n", NULL, check_option,
	    &check)) >= 0)
		return rc;
	if (argc - optind != 1) {
		fprintf(stderr, "%s: one registry file expected\n"
		    "usage: %s %s\n", msg_progname, msg_progname, usage);
		return EXIT_USAGE;
	}
	if (check) {
		if (registry_import(NULL, argv[optind], NULL, &st, err,
		    sizeof(err)) < 0) {
			msg_error("%s", err);
			return EXIT_ENV;
		}
		printf("registry: %s (%ld rows, %ld rejected)\n", argv[optind],
		    st.rows, st.rejected);
		return st.rejected > 0 ? EXIT_QUARANTINE : EXIT_DONE;
	}
	if (db_open(&db, stage_opt.archive, DB_CREATE, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	rc = registry_import(&db, argv[optind], store_actor(), &st, err,
	    sizeof(err));
	db_close(&db);
	if (rc < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	if (msg_verbose >= 0)
		registry_summary(stderr, argv[optind], &st);
	return st.rejected > 0 ? EXIT_QUARANTINE : EXIT_DONE;
}
