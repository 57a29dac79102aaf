/*
 * jobkeys.c - print the table of a job's keys (src/common/jobkey.c), one
 * row a line: name, type, range or values, stage, archive column ("-" if
 * none) and scope ("job", "batch" or "job,batch"), separated by tabs.
 * tools/check-jobkeys.sh builds it with jobkey.c alone: the calls that
 * jobkey.c makes into job.c and ident.c are stubs here, since only the
 * table is read.
 */
#include <float.h>
#include <stdio.h>

#include "ident.h"
#include "job.h"
#include "jobkey.h"

const char *
job_get(const struct job *job, const char *key)
{
	(void)job;
	(void)key;
	return NULL;
}

int
job_id_valid(const char *id)
{
	(void)id;
	return 1;
}

int
ident_iso_date_check(const char *s)
{
	(void)s;
	return 1;
}

int
main(void)
{
	const struct jobkey *k;
	char range[128];
	size_t i;

	for (i = 0; i < jobkey_count; i++) {
		k = &jobkey_table[i];
		if (k->values != NULL)
			snprintf(range, sizeof(range), "%s", k->values);
		else if (k->type == JOBKEY_INT || (k->type == JOBKEY_TEXT &&
		    k->max > 0))
			snprintf(range, sizeof(range), "%ld..%ld", k->min,
			    k->max);
		else if (k->type == JOBKEY_TEXT)
			snprintf(range, sizeof(range), "%ld..", k->min);
		else if (k->type == JOBKEY_REAL && (k->rmin != -DBL_MAX ||
		    k->rmax != DBL_MAX))
			snprintf(range, sizeof(range), "%g..%g", k->rmin,
			    k->rmax);
		else
			snprintf(range, sizeof(range), "-");
		printf("%s\t%s\t%s\t%s\t%s\t%s\n", k->name,
		    jobkey_type_name(k->type), range, k->stage,
		    k->column != NULL ? k->column : "-",
		    k->scope == (JOBKEY_JOB | JOBKEY_BATCH) ? "job,batch" :
		    k->scope == JOBKEY_BATCH ? "batch" : "job");
	}
	return ferror(stdout) || fclose(stdout) != 0;
}
