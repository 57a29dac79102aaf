/*
 * dossier-verify - is the archive evidence: the audit chain, every row
 * against its audit, every digest, every batch (SPEC §2, §8)
 *
 * usage: dossier-verify [-fqv] [-a archive] [-m max]
 *
 * Reads the archive (read-only; it writes nothing); prints one line per
 * problem and exits 1 if there is any, naming the first.  See
 * dossier-verify(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "db.h"
#include "exitcode.h"
#include "msg.h"
#include "stage.h"
#include "verify.h"

static const char usage[] = "[-fqv] [-a archive] [-m max]";

/* verify_option - -f (--full), --quick, -m MAX */
static int
verify_option(int ch, const char *arg, void *varg)
{
	struct verify_opts *o = varg;
	char *end;

	switch (ch) {
	case 'f':
		o->full = 1;
		return 0;
	case 'Q':
		o->full = 0;
		return 0;
	case 'm':
		o->max_report = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || o->max_report < 0) {
			fprintf(stderr, "%s: -m: not a count: '%s'\n",
			    msg_progname, arg);
			return -1;
		}
		return 0;
	}
	return -1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "full", no_argument, NULL, 'f' },
		{ "quick", no_argument, NULL, 'Q' },
		{ "max", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct verify_opts o = { 0, 100, NULL };
	struct verify_stats st;
	struct db db;
	char err[1024];
	int rc;

	msg_progname = "dossier-verify";
	if ((rc = stage_command(argc, argv, usage, "fm:", longopts,
	    verify_option, &o)) >= 0)
		return rc;
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\nusage: %s %s\n",
		    msg_progname, argv[optind], msg_progname, usage);
		return EXIT_USAGE;
	}
	if (db_open(&db, stage_opt.archive, DB_READONLY, err,
	    sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	o.out = stdout;
	rc = verify_archive(&db, &o, &st);
	if (rc < 0) {
		msg_error("archive '%s': %s", stage_opt.archive, db.err);
		db_close(&db);
		return EXIT_ENV;
	}
	db_close(&db);
	if (fflush(stdout) == EOF) {
		msg_error("cannot write the report: output error");
		return EXIT_ENV;
	}
	if (msg_verbose >= 0 && (msg_verbose > 0 || isatty(2)))
		fprintf(stderr, "%s: %s check: %ld audit rows, %ld documents, "
		    "%ld pages, %ld sources, %ld finished batches, %ld "
		    "erased documents: %ld problems\n", msg_progname,
		    o.full ? "full" : "quick", st.audit_rows, st.documents,
		    st.pages, st.sources, st.batches, st.tombstones,
		    st.problems);
	if (st.problems > 0) {
		msg_error("archive '%s' is not intact: %ld problems, the "
		    "first: %s", stage_opt.archive, st.problems, st.first);
		return EXIT_QUARANTINE;
	}
	return EXIT_DONE;
}
