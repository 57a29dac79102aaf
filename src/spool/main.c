/*
 * dossier-spool - list the jobs of a spool by state, retry or release
 * quarantined jobs, recover the jobs of dead workers.  See dossier-spool(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcode.h"
#include "msg.h"
#include "spool.h"
#include "spoolq.h"
#include "stage.h"

static void
usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "%s: %s\n", msg_progname, why);
	fprintf(stderr, "usage: %s [-qv] [-s spool] list [state]\n"
	    "       %s [-qv] [-s spool] count\n"
	    "       %s [-qv] [-s spool] retry id ...\n"
	    "       %s [-qv] [-s spool] release [-o dir] id ...\n"
	    "       %s [-qv] [-s spool] recover\n", msg_progname,
	    msg_progname, msg_progname, msg_progname, msg_progname);
	exit(EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	const char *spool_dir, *archive, *outdir = NULL, *cmd;
	char err[512];
	struct spool sp;
	int ch, i, n, status = EXIT_DONE;

	msg_progname = "dossier-spool";
	umask(077);
	stage_fds_open();
	stage_default_paths(&spool_dir, &archive);
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		stage_version();
		return EXIT_DONE;
	}
	if (argc > 1 && strcmp(argv[1], "--help") == 0)
		usage(NULL);
	while ((ch = getopt(argc, argv, "+hqs:v")) != -1) {
		switch (ch) {
		case 's':
			spool_dir = optarg;
			break;
		case 'q':
		case 'v':
			msg_verbose = ch == 'q' ? -1 : msg_verbose + 1;
			break;
		default:
			usage(NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage("no command");
	cmd = argv[0];
	if (strcmp(cmd, "release") == 0) {
		optind = 1;
		while ((ch = getopt(argc, argv, "o:")) != -1) {
			if (ch != 'o')
				usage(NULL);
			outdir = optarg;
		}
		argc -= optind - 1;
		argv += optind - 1;
	}
	if (spool_open(&sp, spool_dir, 0) < 0) {
		msg_error("%s", sp.err);
		return EXIT_ENV;
	}
	if (strcmp(cmd, "list") == 0) {
		if (argc > 2)
			usage("list takes at most one state");
		spoolq_list(&sp, argc == 2 ? argv[1] : NULL, stdout);
	} else if (strcmp(cmd, "count") == 0) {
		if (argc != 1)
			usage("count takes no argument");
		spoolq_counts(&sp, stdout);
	} else if (strcmp(cmd, "retry") == 0 || strcmp(cmd, "release") == 0) {
		if (argc < 2)
			usage("which job?");
		for (i = 1; i < argc; i++) {
			n = cmd[2] == 't' ? spoolq_retry(&sp, argv[i], err,
			    sizeof(err)) : spoolq_release(&sp, argv[i],
			    outdir, err, sizeof(err));
			if (n < 0) {
				msg_error("%s", err);
				status = EXIT_QUARANTINE;
			} else
				msg_info("%s: %s", cmd, argv[i]);
		}
	} else if (strcmp(cmd, "recover") == 0) {
		if ((n = spoolq_recover(&sp)) < 0) {
			msg_error("%s", sp.err);
			return EXIT_ENV;
		}
		printf("%d\n", n);
	} else
		usage("unknown command");
	if (fflush(stdout) != 0)
		return EXIT_ENV;
	return status;
}
