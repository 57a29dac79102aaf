/*
 * index.h - the migration index of dossier-ingest --index (SPEC §4)
 *
 * A CSV that a legacy system exports: a column "file" and any of
 * "household", "class", "date" and "tags".  The values of the row naming
 * a job's source_file become the job's index_* keys and win over what the
 * pipeline would guess; from_index says which ones came from the index.
 * Rows that cannot be used are reported as "FILE.csv:LINE: reason" (never
 * with the values, which may be personal data) and counted.
 */
#ifndef DOSSIER_INGEST_INDEX_H
#define DOSSIER_INGEST_INDEX_H

#include <stddef.h>

struct job;
struct ingest_index;

#define INDEX_FILE_MAX	(256UL * 1024 * 1024)	/* bytes in an index */
#define INDEX_TAGS_MAX	32			/* tags in one row */

/*
 * ingest_index_open - read and check the index at PATH.  Rows it refuses
 * (invalid values, invalid UTF-8, a quote that never ends, a file named
 * twice: both rows) are reported and counted.  Returns the index, or NULL
 * with the reason in ERR if the file itself cannot be used (unreadable,
 * too large, no header, no column "file").
 */
struct ingest_index *ingest_index_open(const char *path, char *err,
	    size_t errlen);

/*
 * ingest_index_apply - set on JOB the index keys of the row that names
 * its source_file; 1 if a row did, 0 if the file is not in the index
 */
int	ingest_index_apply(struct ingest_index *, struct job *job);

/*
 * ingest_index_waiting - note that the input REL (a source_file) was
 * left for a later run: its row is reported as not used in this one
 */
void	ingest_index_waiting(struct ingest_index *, const char *rel);

/*
 * ingest_index_close - report the rows that no input of the run matched,
 * free the index; returns the number of rows refused or not used
 */
long	ingest_index_close(struct ingest_index *);

#endif
