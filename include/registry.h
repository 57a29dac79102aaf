/*
 * registry - the household registry: import and update from a CSV file
 * (SPEC §5, dossier-registry(1))
 *
 * The CSV has a header line and the columns household, national_id,
 * surname, given_name, birth_date, address (';' or ',', UTF-8), and
 * optionally since (the date the person lives in the household), one
 * row per person.  A person is in one household at a time: a file that
 * lists a national number in two households is refused whole.  An import
 * is one transaction; re-importing the same file changes nothing; a
 * person who changed household has the old membership closed and a new
 * one opened on the since date (else the import date), and every change
 * of an existing row is audited before it is made (the audit contract).
 * National numbers are checked by the same rule the tag stage uses
 * (ident_niss_check).
 */
#ifndef DOSSIER_REGISTRY_H
#define DOSSIER_REGISTRY_H

#include <stddef.h>
#include <stdio.h>

#include "db.h"

#define REGISTRY_FILE_MAX	(256UL * 1024 * 1024)
#define REGISTRY_VALUE_MAX	1024	/* bytes in one value */

struct registry_stats {
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

/*
 * registry_import - import the registry CSV at PATH into DB in one
 * transaction, audited as ACTOR (DB NULL: only parse and validate).
 * Invalid rows are reported "PATH:LINE: reason" (msg_error, no personal
 * data) and skipped; ST counts what happened.  Returns 0 (some rows may
 * be rejected: ST->rejected), -1 if the file cannot be used at all (a
 * person in two households included: each such line is reported) or
 * the archive failed (reason in ERR).
 */
int	registry_import(struct db *, const char *path, const char *actor,
	    struct registry_stats *st, char *err, size_t errlen);

/*
 * registry_summary - one line "PROG: registry 'PATH': N rows, N rejected;
 * households: ...; persons: ..." on FP: what an import changed
 */
void	registry_summary(FILE *fp, const char *path,
	    const struct registry_stats *st);

/*
 * registry_row_check - the reason row values V[0..5] (in the column
 * order above; V[1] is normalised in place: separators dropped) would be
 * refused, or NULL if the row is good.  No personal data in the reason.
 */
const char *registry_row_check(char *v[6]);

#endif
