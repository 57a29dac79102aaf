/*
 * dossier-review - the documents waiting for a person (SPEC 2, 7, 8)
 *
 * usage: dossier-review [-qv] [-a archive] [-u name] [-t tagset] verb ...
 *   list [-A] [--csv] [-b batch] [-c class] [-d days] [-r reason]
 *   show [-o dir] doc
 *   assign [-f] doc household | class doc class | tag doc name[=value]...
 *   untag doc name[=value]... | release doc | reject doc reason...
 *   split doc page | apply file.csv
 *
 * Every change is audited with the actor (-u, default the login name)
 * before it is made, in one transaction that reads the document's state
 * under the write lock.  See dossier-review(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "exitcode.h"
#include "msg.h"
#include "review.h"
#include "stage.h"
#include "store.h"
#include "strbuf.h"
#include "tagset.h"

static const char usage[] =
    "[-qv] [-a archive] [-u name] [-t tagset] verb ...\n"
    "  list [-A] [--csv] [-b batch] [-c class] [-d days] [-r reason]\n"
    "  show [-o dir] doc\n"
    "  assign [-f] doc household | class doc class | tag doc name[=value] ...\n"
    "  untag doc name[=value] ... | release doc | reject doc reason ...\n"
    "  split doc page | apply file.csv";

struct opts {
	struct review_filter f;
	const char *actor;
	const char *tagset;
	const char *dir;
	int	 force;
};

static const struct option longopts[] = {
	{ "csv", no_argument, NULL, 'C' + 256 },
	{ NULL, 0, NULL, 0 }
};

/* option - our own options: they belong to the verbs, checked there */
static int
option(int ch, const char *arg, void *varg)
{
	struct opts *o = varg;
	char *end;

	switch (ch) {
	case 'A':
		o->f.all = 1;
		break;
	case 'C' + 256:
		o->f.csv = 1;
		break;
	case 'f':
		o->force = 1;
		break;
	case 'b':
		o->f.batch = arg;
		break;
	case 'c':
		o->f.class = arg;
		break;
	case 'd':
		o->f.older = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || o->f.older < 0 ||
		    o->f.older > 100000) {
			fprintf(stderr, "%s: -d takes a number of days\n",
			    msg_progname);
			return -1;
		}
		break;
	case 'o':
		o->dir = arg;
		break;
	case 'r':
		o->f.reason = arg;
		break;
	case 't':
		o->tagset = arg;
		break;
	case 'u':
		o->actor = arg;
		break;
	default:
		return -1;
	}
	return 0;
}

/* parse_doc - the document number S into *DOC; 0, or -1 (usage) */
static int
parse_doc(const char *s, long long *doc)
{
	char *end;

	*doc = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || *doc <= 0) {
		fprintf(stderr, "%s: '%s' is not a document number\n",
		    msg_progname, s);
		return -1;
	}
	return 0;
}

/* usage_error - WHY and the usage; EXIT_USAGE */
static int
usage_error(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "%s: %s\n", msg_progname, why);
	fprintf(stderr, "usage: %s %s\n", msg_progname, usage);
	return EXIT_USAGE;
}

/* exit_of - the exit status of a change's result RC (0, 1, -1) */
static int
exit_of(int rc, const char *err)
{
	if (rc == 0)
		return EXIT_DONE;
	msg_error("%s", err);
	return rc > 0 ? EXIT_QUARANTINE : EXIT_ENV;
}

/* change - one change VERB on argv[0] (the document) and the rest */
static int
change(struct db *db, const struct opts *o, const struct tagset *ts,
    enum review_verb verb, int argc, char **argv)
{
	struct review_op op;
	struct strbuf reason = STRBUF_INIT;
	char err[2048], *end;
	long long made = 0;
	int i, rc;

	memset(&op, 0, sizeof(op));
	op.verb = verb;
	op.actor = o->actor;
	op.ts = ts;
	op.force = o->force;
	if (parse_doc(argv[0], &op.doc) < 0)
		return EXIT_USAGE;
	switch (verb) {
	case REVIEW_TAG:
	case REVIEW_UNTAG:
		for (i = 1; i < argc; i++) {
			if (op.ntag == REVIEW_TAGS_MAX)
				return usage_error("too many tags");
			op.tag[op.ntag++] = argv[i];
		}
		break;
	case REVIEW_REJECT:
		for (i = 1; i < argc; i++)
			strbuf_addf(&reason, "%s%s", i > 1 ? " " : "",
			    argv[i]);
		op.arg = reason.buf;
		break;
	case REVIEW_SPLIT:
		op.page = strtol(argv[1], &end, 10);
		if (*argv[1] == '\0' || *end != '\0' || op.page < 1) {
			fprintf(stderr, "%s: '%s' is not a page number\n",
			    msg_progname, argv[1]);
			return EXIT_USAGE;
		}
		op.made = &made;
		break;
	default:
		op.arg = argc > 1 ? argv[1] : NULL;
		break;
	}
	rc = review_change(db, &op, err, sizeof(err));
	strbuf_release(&reason);
	if (rc == 0 && made > 0) {
		/* the new document's number, for a script */
		printf("%lld\n", made);
		if (msg_verbose >= 0)
			fprintf(stderr, "%s: document %lld: pages %ld on are "
			    "document %lld, in review (%s)\n", msg_progname,
			    op.doc, op.page, made, o->actor);
	} else if (rc == 0 && msg_verbose >= 0)
		fprintf(stderr, "%s: document %lld: done (%s)\n", msg_progname,
		    op.doc, o->actor);
	return exit_of(rc, err);
}

static const struct {
	const char *name;
	int	 min, max;		/* operands after the verb */
	int	 writes;
	enum review_verb verb;
} verbs[] = {
	{ "list", 0, 0, 0, 0 },
	{ "show", 1, 1, 0, 0 },
	{ "assign", 2, 2, 1, REVIEW_ASSIGN },
	{ "class", 2, 2, 1, REVIEW_CLASS },
	{ "tag", 2, REVIEW_TAGS_MAX + 1, 1, REVIEW_TAG },
	{ "untag", 2, REVIEW_TAGS_MAX + 1, 1, REVIEW_UNTAG },
	{ "release", 1, 1, 1, REVIEW_RELEASE },
	{ "reject", 2, 1000, 1, REVIEW_REJECT },
	{ "split", 2, 2, 1, REVIEW_SPLIT },
	{ "apply", 1, 1, 1, 0 },
};

int
main(int argc, char **argv)
{
	struct opts o;
	struct tagset ts;
	struct db db;
	char err[2048];
	const char *verb;
	size_t v;
	int rc, nargs, have_ts = 0;
	long changes;
	long long doc;

	msg_progname = "dossier-review";
	memset(&o, 0, sizeof(o));
	memset(&ts, 0, sizeof(ts));
	if ((rc = stage_command(argc, argv, usage, "Ab:c:d:fo:r:t:u:",
	    longopts, option, &o)) >= 0)
		return rc;
	if (optind >= argc)
		return usage_error("a verb is needed");
	verb = argv[optind++];
	nargs = argc - optind;
	for (v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++)
		if (strcmp(verbs[v].name, verb) == 0)
			break;
	if (v == sizeof(verbs) / sizeof(verbs[0]))
		return usage_error("unknown verb");
	if (nargs < verbs[v].min || nargs > verbs[v].max)
		return usage_error("wrong number of operands");
	if (strcmp(verb, "list") != 0 && (o.f.all || o.f.csv ||
	    o.f.batch != NULL || o.f.class != NULL || o.f.older > 0 ||
	    o.f.reason != NULL))
		return usage_error("-A, --csv, -b, -c, -d and -r are list's");
	if (strcmp(verb, "show") != 0 && o.dir != NULL)
		return usage_error("-o is show's");
	if (strcmp(verb, "assign") != 0 && o.force)
		return usage_error("-f is assign's");
	if (o.actor == NULL)
		o.actor = store_login_actor();
	if (verbs[v].writes && !store_actor_ok(o.actor))
		return usage_error("-u: a name of letters, digits and ._@- "
		    "(not dossier-load) is needed for the audit");
	if (strcmp(verb, "class") == 0 || strcmp(verb, "apply") == 0) {
		if (tagset_load_report(&ts, o.tagset) < 0)
			return EXIT_ENV;
		have_ts = 1;
	}
	if (db_open(&db, stage_opt.archive, verbs[v].writes ? 0 :
	    DB_READONLY, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		rc = EXIT_ENV;
		goto out;
	}
	if (strcmp(verb, "list") == 0) {
		rc = review_list(&db, &o.f, stdout) < 0 ? EXIT_ENV : EXIT_DONE;
		if (rc != EXIT_DONE)
			msg_error("%s", db.err);
	} else if (strcmp(verb, "show") == 0) {
		if (parse_doc(argv[optind], &doc) < 0)
			rc = EXIT_USAGE;
		else
			rc = exit_of(review_show(&db, doc, o.dir, stdout, err,
			    sizeof(err)), err);
	} else if (strcmp(verb, "apply") == 0) {
		rc = review_apply(&db, argv[optind], o.actor, &ts, &changes,
		    err, sizeof(err));
		if (rc == 0 && msg_verbose >= 0)
			fprintf(stderr, "%s: '%s': %ld change%s (%s)\n",
			    msg_progname, argv[optind], changes,
			    changes == 1 ? "" : "s", o.actor);
		rc = exit_of(rc, err);
	} else
		rc = change(&db, &o, have_ts ? &ts : NULL, verbs[v].verb,
		    nargs, argv + optind);
	db_close(&db);
out:
	if (have_ts)
		tagset_free(&ts);
	return rc;
}
