/*
 * load.h - dossier-load: registry import, linking, one transaction per job
 */
#ifndef DOSSIER_LOAD_H
#define DOSSIER_LOAD_H

#include <limits.h>
#include <stdio.h>

#include "db.h"
#include "job.h"
#include "spool.h"
#include "stage.h"

/* bounds on what a job may make us read */
#define LOAD_SOURCE_MAX		(512UL * 1024 * 1024)
#define LOAD_IMAGE_MAX		(64UL * 1024 * 1024)
#define LOAD_TEXT_MAX		(16UL * 1024 * 1024)
#define LOAD_LIST_MAX		(4UL * 1024 * 1024)	/* tags, fields */
#define LOAD_REGISTRY_MAX	(256UL * 1024 * 1024)
#define LOAD_PAGES_MAX		10000

/* the review reasons of the national-number rule (dossier-load(1)) */
#define LOAD_NO_NUMBER		"no national number"
#define LOAD_INVALID_NUMBER	"invalid national number"
#define LOAD_UNKNOWN_NUMBER	"unknown national number"
#define LOAD_SEVERAL_HOUSEHOLDS	"national numbers of several households"
#define LOAD_UNREGISTERED	"unregistered national number"

#define LOAD_ACTOR		"dossier-load"

/* one worker's connection to the archive */
struct load_ctx {
	struct db db;
	char	 spool[PATH_MAX];	/* spool root, for SPOOL/batch/ID */
};

/* a national number found in a document, as the tag stage left it */
struct load_nid {
	const char *number;		/* normalized: 11 digits */
	int	 valid;			/* the tag stage's verdict */
};

/*
 * The evidence a document carries for linking.  Later methods add their
 * own members here (cover-sheet reference, migration index household,
 * names with birth dates).
 */
struct load_evidence {
	const struct load_nid *nid;
	size_t	 nnid;
};

/* the outcome of linking */
struct load_link {
	long long household_id;		/* > 0 when filed */
	long long person_id;		/* > 0: the one person matched */
	const char *method;		/* link_method when filed, else NULL */
	const char *reason;		/* review reason when not filed */
};

struct load_registry_stats {
	long	 rows;			/* valid rows read */
	long	 rejected;		/* rows refused (reported file:line) */
	long	 households_added;
	long	 households_updated;	/* address changed */
	long	 persons_added;
	long	 persons_updated;	/* name or birth date changed */
	long	 moved;			/* left a household for another */
	long	 joined;		/* known person, new household */
	long	 left;			/* membership closed, none opened */
};

/* load_niss_valid - 1 if S is 11 digits with a valid mod-97 check */
int	load_niss_valid(const char *s);
/* load_actor - the audit actor for a person's action: $USER or LOAD_ACTOR */
const char *load_actor(void);

/*
 * load_link_document - decide where the document with evidence EV goes,
 * trying the linking methods in order (SPEC §7).  Fills LK: filed
 * (household_id > 0, method) or review (reason).  0, or -1 on a database
 * error (db->err).  Runs inside the caller's transaction.
 */
int	load_link_document(struct db *, const struct load_evidence *ev,
	    struct load_link *lk);

/*
 * load_job - put JOB into the archive in one transaction: source, batch,
 * document, pages, tags, fields, audit row.  A document already archived
 * (same source SHA-256 and first page) adds nothing and is OK.  PERM with
 * a reason naming the file or key for a bad job, TEMP when the archive
 * or the filesystem fails.
 */
enum verdict load_job(struct load_ctx *, struct job *job, char *err,
	    size_t errlen);

/* stage_def callbacks: open the archive per worker, process, close */
int	load_worker_init(void **ctx, char *err, size_t errlen);
enum verdict load_process(void *ctx, struct job *job, char *err,
	    size_t errlen);
void	load_worker_fini(void *ctx);

/*
 * load_registry - import the registry CSV at PATH into DB in one
 * transaction (DB NULL: only parse and validate).  Invalid rows are
 * reported "PATH:LINE: reason" and skipped; ST counts what happened.
 * Returns 0 (some rows may be rejected: ST->rejected), -1 if the file
 * cannot be used at all or the archive failed (reason in ERR).
 */
int	load_registry(struct db *, const char *path, const char *actor,
	    struct load_registry_stats *st, char *err, size_t errlen);

/*
 * load_batches - bring the batch rows up to date from the archive and the
 * spool SP: counts, quarantined pages, finished_at when no job of the
 * batch is queued any more.  SINCE (ISO time or NULL) adds the batches of
 * the documents created since then.  0 or -1 (ERR).
 */
int	load_batches(struct db *, struct spool *sp, const char *since,
	    char *err, size_t errlen);

/*
 * load_report - print the report of batch BATCH (NULL: the most recent)
 * on OUT, one "key: value" a line.  0, 1 if there is no such batch, -1 on
 * a database error (ERR).
 */
int	load_report(struct db *, const char *batch, FILE *out, char *err,
	    size_t errlen);

#endif
