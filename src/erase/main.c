/*
 * dossier-erase - erasure and retention of documents, legal holds
 *
 * usage: dossier-erase [-nqv] [-a archive] [-r reason] [-u user]
 *	      document id ... | class name age | hold object | release id |
 *	      holds
 *
 * Every erasure is audited and leaves a tombstone, so that
 * dossier-verify(1) still passes.  See dossier-erase(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "erase.h"
#include "exitcode.h"
#include "msg.h"
#include "stage.h"
#include "store.h"

static const char usage[] = "[-nqv] [-a archive] [-r reason] [-u user] "
    "document id ... | class name age | hold object | release id | holds";

/* erase_option - -n, -r REASON, -u USER */
static int
erase_option(int ch, const char *arg, void *varg)
{
	struct erase_opts *o = varg;

	switch (ch) {
	case 'n':
		o->dry_run = 1;
		return 0;
	case 'r':
		o->reason = arg;
		return 0;
	case 'u':
		if (!store_actor_ok(arg)) {
			fprintf(stderr, "%s: -u: not a user name: '%s'\n",
			    msg_progname, arg);
			return -1;
		}
		o->actor = arg;
		return 0;
	}
	return -1;
}

/* usage_error - say WHY and the usage; EXIT_USAGE */
static int
usage_error(const char *why)
{
	fprintf(stderr, "%s: %s\nusage: %s %s\n", msg_progname, why,
	    msg_progname, usage);
	return EXIT_USAGE;
}

/* parse_id - S as an id > 0 into *ID; 0, or -1 */
static int
parse_id(const char *s, long long *id)
{
	char *end;

	*id = strtoll(s, &end, 10);
	return *s != '\0' && *end == '\0' && *id > 0 ? 0 : -1;
}

/*
 * cutoff - the date AGE ("N", "Nd", "Nm", "Ny": days, months, years) before
 * today into BUF, by SQLite's date(); 0, or -1 if AGE is not one
 */
static int
cutoff(struct db *db, const char *age, char *buf, size_t size)
{
	static const char sql[] = "SELECT date('now', ?1)";
	const char *unit = "days";
	char mod[64], *end;
	sqlite3_stmt *st;
	long n;
	int rc = -1;

	n = strtol(age, &end, 10);
	if (*age < '0' || *age > '9' || n < 0 || n > 100000)
		return -1;
	if (strcmp(end, "y") == 0)
		unit = "years";
	else if (strcmp(end, "m") == 0)
		unit = "months";
	else if (*end != '\0' && strcmp(end, "d") != 0)
		return -1;
	snprintf(mod, sizeof(mod), "-%ld %s", n, unit);
	if ((st = db_stmt(db, sql)) == NULL)
		return -1;
	if (store_bind_text(st, 1, mod) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL) {
		snprintf(buf, size, "%s", sqlite3_column_text(st, 0));
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
main(int argc, char **argv)
{
	struct erase_opts o = { NULL, NULL, 0, NULL };
	struct db db;
	const char *verb;
	char err[1024], before[16];
	long long id;
	long done, held;
	int rc, i, nargs, ret = EXIT_DONE, flags;

	msg_progname = "dossier-erase";
	if ((rc = stage_command(argc, argv, usage, "nr:u:", NULL,
	    erase_option, &o)) >= 0)
		return rc;
	if (optind >= argc)
		return usage_error("no verb");
	verb = argv[optind];
	nargs = argc - optind - 1;
	if ((strcmp(verb, "document") == 0 && nargs < 1) ||
	    (strcmp(verb, "class") == 0 && nargs != 2) ||
	    (strcmp(verb, "hold") == 0 && nargs != 1) ||
	    (strcmp(verb, "release") == 0 && nargs != 1) ||
	    (strcmp(verb, "holds") == 0 && nargs != 0))
		return usage_error("wrong number of arguments");
	if (strcmp(verb, "document") != 0 && strcmp(verb, "class") != 0 &&
	    strcmp(verb, "hold") != 0 && strcmp(verb, "release") != 0 &&
	    strcmp(verb, "holds") != 0)
		return usage_error("unknown verb");
	if ((strcmp(verb, "document") == 0 || strcmp(verb, "class") == 0 ||
	    strcmp(verb, "hold") == 0) && (o.reason == NULL ||
	    *o.reason == '\0'))
		return usage_error("-r reason is required: why it is erased "
		    "or held");
	if (strcmp(verb, "document") == 0)
		for (i = optind + 1; i < argc; i++)
			if (parse_id(argv[i], &id) < 0)
				return usage_error("a document is a number");
	if (strcmp(verb, "release") == 0 && parse_id(argv[optind + 1],
	    &id) < 0)
		return usage_error("a hold is a number");
	if (o.reason == NULL)
		o.reason = "released";
	if (o.actor == NULL)
		o.actor = store_login_actor();
	if (!store_actor_ok(o.actor))
		return usage_error("no user name to audit: give -u user");
	o.out = stdout;
	flags = strcmp(verb, "holds") == 0 ? DB_READONLY : 0;
	if (db_open(&db, stage_opt.archive, flags, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	if (strcmp(verb, "document") == 0) {
		for (i = optind + 1; i < argc && ret != EXIT_ENV; i++) {
			parse_id(argv[i], &id);
			rc = erase_document(&db, id, &o, err, sizeof(err));
			if (rc != 0) {
				msg_error("%s", err);
				ret = rc < 0 ? EXIT_ENV : EXIT_QUARANTINE;
			}
		}
	} else if (strcmp(verb, "class") == 0) {
		if (cutoff(&db, argv[optind + 2], before, sizeof(before)) < 0) {
			db_close(&db);
			return usage_error("an age is N, Nd, Nm or Ny (days, "
			    "months, years)");
		}
		if (erase_expired(&db, argv[optind + 1], before, &o, &done,
		    &held, err, sizeof(err)) < 0) {
			msg_error("%s", err);
			ret = EXIT_ENV;
		} else {
			msg_info("class %s before %s: %ld erased, %ld kept "
			    "under legal hold", argv[optind + 1], before,
			    done, held);
			if (held > 0)
				ret = EXIT_QUARANTINE;
		}
	} else if (strcmp(verb, "hold") == 0) {
		if ((rc = erase_hold(&db, argv[optind + 1], &o, &id, err,
		    sizeof(err))) != 0) {
			msg_error("%s", err);
			ret = rc < 0 ? EXIT_ENV : EXIT_QUARANTINE;
		} else
			printf("hold %lld\n", id);
	} else if (strcmp(verb, "release") == 0) {
		if ((rc = erase_release(&db, id, &o, err, sizeof(err))) != 0) {
			msg_error("%s", err);
			ret = rc < 0 ? EXIT_ENV : EXIT_QUARANTINE;
		}
	} else if (erase_holds(&db, &o, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		ret = EXIT_ENV;
	}
	db_close(&db);
	if (fflush(stdout) == EOF) {
		msg_error("cannot write: output error");
		return EXIT_ENV;
	}
	return ret;
}
