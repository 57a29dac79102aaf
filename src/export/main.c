/*
 * dossier-export - a subject-access export: a household's or a person's
 * documents as searchable PDFs, with the original scans and a manifest
 * of digests, in one zip or tar file; the export audited (SPEC §8)
 *
 * usage: dossier-export [-qv] [-a archive] [-f zip|tar] [-u user]
 *            -o file subject
 *
 * Reads the archive and appends one audit row (action "export").  See
 * dossier-export(1).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "exitcode.h"
#include "export.h"
#include "msg.h"
#include "stage.h"
#include "store.h"
#include "subject.h"

static const char usage[] =
    "[-qv] [-a archive] [-f zip|tar] [-u user] -o file subject";

/* the options of our own */
struct opts {
	struct export_opts eo;
	const char *format;
};

static int
option(int ch, const char *arg, void *varg)
{
	struct opts *o = varg;

	switch (ch) {
	case 'f':
		if (strcmp(arg, "zip") != 0 && strcmp(arg, "tar") != 0) {
			fprintf(stderr, "%s: -f wants zip or tar\n",
			    msg_progname);
			return -1;
		}
		o->format = arg;
		break;
	case 'o':
		o->eo.output = arg;
		break;
	case 'u':
		if (*arg == '\0' || strlen(arg) > 64 ||
		    strpbrk(arg, " \t\r\n") != NULL) {
			fprintf(stderr, "%s: -u wants a user name (one word, "
			    "at most 64 bytes)\n", msg_progname);
			return -1;
		}
		o->eo.actor = arg;
		break;
	default:
		return -1;
	}
	return 0;
}

/* ends_with - 1 if S ends with SUFFIX */
static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int
main(int argc, char **argv)
{
	struct export_stats es;
	struct subject s;
	struct opts o;
	struct db db;
	char err[1024];
	int rc;

	msg_progname = "dossier-export";
	memset(&o, 0, sizeof(o));
	if ((rc = stage_command(argc, argv, usage, "f:o:u:", NULL, option,
	    &o)) >= 0)
		return rc;
	if (argc - optind != 1 || o.eo.output == NULL) {
		fprintf(stderr, "%s: %s\nusage: %s %s\n", msg_progname,
		    o.eo.output == NULL ? "-o file: where to write the export" :
		    "one subject: household:REF, person:ID or a national "
		    "number", msg_progname, usage);
		return EXIT_USAGE;
	}
	o.eo.tar = o.format != NULL ? strcmp(o.format, "tar") == 0 :
	    ends_with(o.eo.output, ".tar");
	if (o.eo.actor == NULL)
		o.eo.actor = *store_login_actor() != '\0' ?
		    store_login_actor() : store_actor();
	if (db_open(&db, stage_opt.archive, 0, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	if ((rc = subject_resolve(&db, argv[optind], &s, err,
	    sizeof(err))) != 0) {
		msg_error("%s", err);
		db_close(&db);
		return rc < 0 ? EXIT_ENV : EXIT_QUARANTINE;
	}
	if (export_run(&db, &s, &o.eo, &es, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		db_close(&db);
		return EXIT_ENV;
	}
	db_close(&db);
	msg_info("%s: %ld documents, %ld pages, %ld originals (%ld withheld), "
	    "manifest %s", o.eo.output, es.documents, es.pages, es.originals,
	    es.withheld, es.manifest);
	return EXIT_DONE;
}
