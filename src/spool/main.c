/*
 * dossier-spool - list the jobs of a spool by state, retry or release
 * quarantined jobs, recover the jobs of dead workers.  See dossier-spool(1).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "exitcode.h"
#include "msg.h"
#include "spool.h"
#include "spoolq.h"
#include "stage.h"
#include "store.h"

static void
usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "%s: %s\n", msg_progname, why);
	fprintf(stderr, "usage: %s [-qv] [-s spool] list [state]\n"
	    "       %s [-qv] [-s spool] count\n"
	    "       %s [-qv] [-a archive] [-s spool] [-u actor] retry id ...\n"
	    "       %s [-qv] [-a archive] [-s spool] [-u actor] release "
	    "[-o dir] id ...\n"
	    "       %s [-qv] [-s spool] recover\n"
	    "       %s [-qv] [-a archive] [-s spool] inputs [-m dir] "
	    "[-w seconds] inbox\n",
	    msg_progname, msg_progname, msg_progname, msg_progname,
	    msg_progname, msg_progname);
	exit(EXIT_USAGE);
}

/* what the release hook needs */
struct rec {
	struct spool *sp;
	struct db *db;
	const char *actor;
};

/* record_release - the audit row of a release, committed before the job
   goes: a release cut short is finished by running it again */
static int
record_release(void *arg, const char *id, char *err, size_t errlen)
{
	struct rec *r = arg;

	if (db_begin(r->db) < 0) {
		snprintf(err, errlen, "archive: %s", r->db->err);
		return -1;
	}
	if (spoolq_record(r->sp, r->db, id, "quarantine.release", r->actor,
	    err, errlen) < 0) {
		db_rollback(r->db);
		return -1;
	}
	if (db_commit(r->db) < 0) {
		snprintf(err, errlen, "archive: %s", r->db->err);
		return -1;
	}
	return 0;
}

/* retry - record and retry job ID in one archive transaction */
static int
retry(struct rec *r, const char *id, char *err, size_t errlen)
{
	if (db_begin(r->db) < 0) {
		snprintf(err, errlen, "archive: %s", r->db->err);
		return -1;
	}
	if (spoolq_record(r->sp, r->db, id, "quarantine.retry", r->actor,
	    err, errlen) < 0 || spoolq_retry(r->sp, id, err, errlen) < 0) {
		db_rollback(r->db);
		return -1;
	}
	if (db_commit(r->db) < 0) {
		snprintf(err, errlen, "job %s retried, but the archive did not "
		    "record it: %s", id, r->db->err);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *spool_dir, *archive, *outdir = NULL, *cmd, *dest = NULL;
	struct spoolq_inputs cnt;
	char err[PATH_MAX + 512], *end;
	long settle = 0;
	const char *actor = NULL;
	struct spool sp;
	struct db db;
	struct rec rec;
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
	while ((ch = getopt(argc, argv, "+a:hqs:u:v")) != -1) {
		switch (ch) {
		case 'a':
			archive = optarg;
			break;
		case 's':
			spool_dir = optarg;
			break;
		case 'u':
			if (*optarg == '\0' || strpbrk(optarg, " \t\n=") !=
			    NULL)
				usage("-u wants a name without blanks or '='");
			actor = optarg;
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
	} else if (strcmp(cmd, "inputs") == 0) {
		optind = 1;
		while ((ch = getopt(argc, argv, "m:w:")) != -1) {
			if (ch == 'm')
				dest = optarg;
			else if (ch == 'w') {
				settle = strtol(optarg, &end, 10);
				if (*optarg == '\0' || *end != '\0' ||
				    settle < 0)
					usage("-w wants a number of seconds");
			} else
				usage(NULL);
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
		/* every retry and release is recorded in the archive */
		if (db_open(&db, archive, DB_CREATE, err, sizeof(err)) < 0) {
			msg_error("%s", err);
			return EXIT_ENV;
		}
		rec.sp = &sp;
		rec.db = &db;
		rec.actor = actor != NULL ? actor : store_actor();
		for (i = 1; i < argc; i++) {
			n = cmd[2] == 't' ? retry(&rec, argv[i], err,
			    sizeof(err)) : spoolq_release_with(&sp, argv[i],
			    outdir, record_release, &rec, err, sizeof(err));
			if (n < 0) {
				msg_error("%s", err);
				status = EXIT_QUARANTINE;
			} else
				msg_info("%s: %s", cmd, argv[i]);
		}
		db_close(&db);
	} else if (strcmp(cmd, "inputs") == 0) {
		if (argc != 2)
			usage("inputs takes one folder");
		/* the archive too, if there is one: content it holds is
		   done with, even if the spool has forgotten it */
		n = access(archive, F_OK) == 0 && db_open(&db, archive,
		    DB_READONLY, err, sizeof(err)) == 0;
		if (spoolq_inputs(&sp, n ? &db : NULL, argv[1], settle, dest,
		    stdout, &cnt, err, sizeof(err)) < 0) {
			fflush(stdout);
			msg_error("%s", err);
			if (n)
				db_close(&db);
			return EXIT_ENV;
		}
		if (n)
			db_close(&db);
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
