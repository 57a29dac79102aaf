/*
 * jobkey - the one table of the keys a job's meta may hold
 *
 * Every key a stage writes into a job's meta (see job.h), or into a batch's
 * meta (SPOOL/batch/B/meta), is one row of jobkey_table[]: its name, the
 * type and range of its value, the stage that writes it and the archive
 * column it feeds.  Per-page keys are one row named "page.N.NAME", which
 * stands for page.1.NAME, page.2.NAME, ... (dossier-spool(5) writes
 * page.K.NAME).  dossier-spool(5) documents the same keys, and
 * tools/check-jobkeys.sh checks that the page and the table agree.
 *
 * Readers take numbers with jobkey_get_long() and jobkey_get_double(),
 * which check the value against the table; writers are checked by
 * job_set() when DOSSIER_STRICT_KEYS is set (see job.h).
 */
#ifndef DOSSIER_JOBKEY_H
#define DOSSIER_JOBKEY_H

#include <stddef.h>

struct job;

#define JOBKEY_PAGES_MAX	10000	/* pages in one job: "pages" */

enum jobkey_type {
	JOBKEY_TEXT,		/* any text; MIN..MAX bytes long if MAX > 0 */
	JOBKEY_INT,		/* a decimal integer in MIN..MAX */
	JOBKEY_REAL,		/* a finite real number in RMIN..RMAX */
	JOBKEY_ENUM,		/* one of VALUES */
	JOBKEY_SHA256,		/* 64 lower case hex digits */
	JOBKEY_ID,		/* job id syntax (job_id_valid()) */
	JOBKEY_FILE,		/* a file of the job: a name in job id syntax */
	JOBKEY_TIME,		/* ISO 8601 UTC: YYYY-MM-DDTHH:MM:SSZ */
	JOBKEY_DATE		/* a calendar date YYYY-MM-DD */
};

#define JOBKEY_JOB	1	/* a key of a job's meta */
#define JOBKEY_BATCH	2	/* a key of a batch's meta */

struct jobkey {
	const char *name;	/* "pages", or "page.N.dpi" for every page N */
	enum jobkey_type type;
	long	 min, max;	/* JOBKEY_INT: range; JOBKEY_TEXT: length */
	double	 rmin, rmax;	/* JOBKEY_REAL: range */
	const char *values;	/* ENUM, or INT if not NULL: "a|b|c" */
	const char *stage;	/* the program that writes it: "ingest"... */
	const char *column;	/* the archive column(s) it feeds, "table.col,
				   table.col", or NULL */
	int	 scope;		/* JOBKEY_JOB, JOBKEY_BATCH or both */
};

extern const struct jobkey jobkey_table[];
extern const size_t jobkey_count;

/*
 * jobkey_find - the row of KEY: "pages" is the row "pages", "page.12.dpi"
 * the row "page.N.dpi" (N: a page number from 1, without leading zeros);
 * NULL if KEY is in no row
 */
const struct jobkey *jobkey_find(const char *key);

/* jobkey_type_name - "text", "int", "real", "enum", "sha256"... */
const char *jobkey_type_name(enum jobkey_type);

/*
 * jobkey_check - check VAL as a value of KEY: 0 if it is valid, 1 if KEY
 * is not in the table, -1 if VAL is not of its type or out of its range
 * (the reason in ERR, naming the key and, but for text, the value).  The
 * empty value is valid for text that may be empty only.
 */
int	jobkey_check(const char *key, const char *val, char *err,
	    size_t errlen);

/*
 * jobkey_get_long - the integer KEY of JOB into *OUT: 0 if done, 1 if the
 * job has no such key or an empty value (*OUT unchanged), -1 with a reason
 * in ERR if the value is not an integer within the table's range, or if
 * KEY is not an integer key of the table
 */
int	jobkey_get_long(const struct job *, const char *key, long *out,
	    char *err, size_t errlen);
/* jobkey_get_double - as jobkey_get_long(), for a real (or integer) key */
int	jobkey_get_double(const struct job *, const char *key, double *out,
	    char *err, size_t errlen);
/*
 * jobkey_get_text - the value of KEY into *OUT, checked by jobkey_check():
 * 0, 1 (absent or empty) or -1 as jobkey_get_long()
 */
int	jobkey_get_text(const struct job *, const char *key, const char **out,
	    char *err, size_t errlen);

#endif
