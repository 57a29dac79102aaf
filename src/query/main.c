/*
 * dossier-query - the auditors' questions to the archive (SPEC §2, §8)
 *
 * usage: dossier-query [-mqv] [-a archive] [-c class] [-n max]
 *            [-o text|csv|json] [-s spool] [--action pattern]
 *            [--actor pattern] [--object pattern] [--since time]
 *            [--until time] verb [argument ...]
 *
 * Verbs: search WORDS..., timeline SUBJECT, document ID, batch [ID],
 * audit.  Opens the archive read-only and writes nothing.  See
 * dossier-query(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "emit.h"
#include "exitcode.h"
#include "msg.h"
#include "query.h"
#include "spool.h"
#include "stage.h"

static const char usage[] =
    "[-mqv] [-a archive] [-c class] [-n max] [-o text|csv|json]\n"
    "           [-s spool] [--action pattern] [--actor pattern]\n"
    "           [--object pattern] [--since time] [--until time]\n"
    "           search words ... | timeline subject | document id |\n"
    "           batch [id] | audit";

enum { OPT_ACTION = 256, OPT_ACTOR, OPT_OBJECT, OPT_SINCE, OPT_UNTIL };

static const struct option longopts[] = {
	{ "action", required_argument, NULL, OPT_ACTION },
	{ "actor", required_argument, NULL, OPT_ACTOR },
	{ "object", required_argument, NULL, OPT_OBJECT },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ NULL, 0, NULL, 0 }
};

/* option - one option of our own into the query_opts at VARG */
static int
option(int ch, const char *arg, void *varg)
{
	struct query_opts *o = varg;
	char *end;

	switch (ch) {
	case 'c':
		o->class = arg;
		break;
	case 'm':
		o->raw = 1;
		break;
	case 'n':
		o->limit = strtol(arg, &end, 10);
		if (*arg < '0' || *arg > '9' || *end != '\0' ||
		    o->limit > 1000000000L) {
			fprintf(stderr, "%s: -n wants a number of rows\n",
			    msg_progname);
			return -1;
		}
		if (o->limit == 0)
			o->limit = -1;
		break;
	case 'o':
		if (emit_fmt_parse(arg, &o->fmt) < 0) {
			fprintf(stderr, "%s: -o wants text, csv or json\n",
			    msg_progname);
			return -1;
		}
		break;
	case 's':
		stage_opt.spool = arg;
		break;
	case OPT_ACTION:
		o->action = arg;
		break;
	case OPT_ACTOR:
		o->actor = arg;
		break;
	case OPT_OBJECT:
		o->object = arg;
		break;
	case OPT_SINCE:
		o->since = arg;
		break;
	case OPT_UNTIL:
		o->until = arg;
		break;
	default:
		return -1;
	}
	return 0;
}

/* usage_error - WHY, then the usage; EXIT_USAGE */
static int
usage_error(const char *why)
{
	fprintf(stderr, "%s: %s\nusage: %s %s\n", msg_progname, why,
	    msg_progname, usage);
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	struct query_opts o;
	struct spool sp;
	struct db db;
	const char *verb;
	char err[1024];
	int rc, nargs, min, max;

	msg_progname = "dossier-query";
	memset(&o, 0, sizeof(o));
	o.fmt = EMIT_TEXT;
	o.limit = -1;
	if ((rc = stage_command(argc, argv, usage, "c:mn:o:s:", longopts,
	    option, &o)) >= 0)
		return rc;
	if (optind >= argc)
		return usage_error("which question? search, timeline, "
		    "document, batch or audit");
	verb = argv[optind++];
	nargs = argc - optind;
	if (strcmp(verb, "search") == 0)
		min = 1, max = argc;
	else if (strcmp(verb, "timeline") == 0 ||
	    strcmp(verb, "document") == 0)
		min = 1, max = 1;
	else if (strcmp(verb, "batch") == 0)
		min = 0, max = 1;
	else if (strcmp(verb, "audit") == 0)
		min = 0, max = 0;
	else {
		fprintf(stderr, "%s: unknown verb '%s'\n", msg_progname, verb);
		return usage_error("verbs: search, timeline, document, batch, "
		    "audit");
	}
	if (nargs < min || nargs > max)
		return usage_error(max == 0 ? "audit takes no argument, only "
		    "options" : min == 0 ? "batch takes at most one batch id" :
		    max == 1 ? "one subject or document id expected" :
		    "search: what to look for?");
	if (db_open(&db, stage_opt.archive, DB_READONLY, err,
	    sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	if (query_sql_functions(&db) < 0) {
		msg_error("archive '%s': %s", db.path, db.err);
		db_close(&db);
		return EXIT_ENV;
	}
	if (strcmp(verb, "batch") == 0 && o.fmt == EMIT_TEXT &&
	    spool_open(&sp, stage_opt.spool, 0) == 0)
		o.sp = &sp;	/* no spool: the report without quarantine */
	if (strcmp(verb, "search") == 0)
		rc = query_search(&db, &o, nargs, argv + optind);
	else if (strcmp(verb, "timeline") == 0)
		rc = query_timeline(&db, &o, argv[optind]);
	else if (strcmp(verb, "document") == 0)
		rc = query_document(&db, &o, argv[optind]);
	else if (strcmp(verb, "batch") == 0)
		rc = query_batch(&db, &o, nargs > 0 ? argv[optind] : NULL);
	else
		rc = query_audit(&db, &o);
	db_close(&db);
	return rc;
}
