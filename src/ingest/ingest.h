/*
 * ingest.h - dossier-ingest's transform: input files to spool jobs
 */
#ifndef DOSSIER_INGEST_H
#define DOSSIER_INGEST_H

#include <stddef.h>

#include "spool.h"
#include "strbuf.h"

struct db;
struct ingest_index;

#define INGEST_WAITING_NAMES	10	/* files still written, by name */

struct ingest {
	struct spool *sp;
	struct spool_worker w;		/* our worker dir: jobs are built there */
	struct db *db;			/* archive for duplicates, or NULL */
	struct ingest_index *index;	/* --index: the migration index */
	char	 batch[JOB_ID_MAX];	/* batch id of this run */
	long	 settle;		/* skip files modified this recently (s) */
	size_t	 max_size;		/* largest input file taken */
	long	 max_pixels;		/* largest page (w * h) taken */
	/* counts for the batch file and the summary */
	long	 files;			/* input files seen */
	long	 jobs;			/* jobs queued for deskew */
	long	 pages_in;		/* pages of every file, quarantined too */
	long	 duplicates;		/* files whose content was already in */
	long	 quarantined;		/* files quarantined here */
	long	 skipped;		/* unreadable dirs, busy or odd files */
	long	 busy;			/* files still being written */
	struct strbuf waiting;		/* the first INGEST_WAITING_NAMES of
					   their names, ", " between */
	int	 env_failure;		/* spool trouble: stop */
};

/*
 * ingest_probe - what the file PATH holds: sets *MEDIA ("image/tiff",
 * ...) and *PAGES; returns 0, or -1 with the reason in ERR (empty, not an
 * image, unsupported format, corrupt header, too many pages or pixels).
 * It reads headers only; the stages decode the pixels.
 */
int	ingest_probe(const char *path, long max_pixels, const char **media,
	    int *pages, char *err, size_t errlen);

/*
 * ingest_arg - ingest one command-line argument (file or folder, folders
 * recursively); names are reported relative to it.  Returns 0, or -1 if
 * the spool failed (ING->env_failure is set).
 */
int	ingest_arg(struct ingest *, const char *arg);

/*
 * ingest_batch_write - add this run's counts to the spool's record of
 * the batch (spool_batch_save), FINAL: with its end time; 0 or -1 (the
 * reason in ING->sp->err)
 */
int	ingest_batch_write(struct ingest *, const char *started, int final);

#endif
