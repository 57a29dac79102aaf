/*
 * dossier-registry - import or update the household registry (SPEC §5)
 *
 * usage: dossier-registry [-nqv] [-a archive] file.csv
 *
 * One transaction: the whole file or nothing.  Rows that are refused are
 * named "FILE:LINE: reason" and skipped; the others are imported.  With
 * -n the file is only checked.  See dossier-registry(1).
 */
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "exitcode.h"
#include "msg.h"
#include "registry.h"
#include "stage.h"
#include "store.h"

static const char usage_line[] = "[-nqv] [-a archive] file.csv";

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
	struct registry_stats st;
	const char *spool, *archive;
	struct db db;
	char err[1024];
	int ch, check = 0, rc;

	msg_progname = "dossier-registry";
	umask(077);
	stage_fds_open();
	stage_default_paths(&spool, &archive);
	while ((ch = getopt_long(argc, argv, "a:hnqv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			archive = optarg;
			break;
		case 'h':
			return usage(NULL);
		case 'n':
			check = 1;
			break;
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
	if (argc != 1)
		return usage("one registry file expected");
	if (check) {
		if (registry_import(NULL, argv[0], NULL, &st, err,
		    sizeof(err)) < 0) {
			msg_error("%s", err);
			return EXIT_ENV;
		}
		printf("registry: %s (%ld rows, %ld rejected)\n", argv[0],
		    st.rows, st.rejected);
		return st.rejected > 0 ? EXIT_QUARANTINE : EXIT_DONE;
	}
	if (db_open(&db, archive, DB_CREATE, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	rc = registry_import(&db, argv[0], store_actor(), &st, err,
	    sizeof(err));
	db_close(&db);
	if (rc < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	if (msg_verbose >= 0)
		registry_summary(stderr, argv[0], &st);
	return st.rejected > 0 ? EXIT_QUARANTINE : EXIT_DONE;
}
