/*
 * ingest.h - dossier-ingest's transform: input files to spool jobs
 */
#ifndef DOSSIER_INGEST_H
#define DOSSIER_INGEST_H

#include <stddef.h>

#include "cover.h"
#include "spool.h"
#include "strbuf.h"

struct db;
struct job;
struct ingest_index;

#define INGEST_WAITING_NAMES	10	/* files still written, by name */

struct ingest {
	struct spool *sp;
	struct spool_worker w;		/* our worker dir: jobs are built there */
	struct db *db;			/* archive for duplicates, or NULL */
	/* or, in the sandbox, who asks the archive: 1 if content SHA is
	   archived, 0 if not, -1 with errno (NULL: ask DB) */
	int	(*archive_has)(const char *sha);
	/* 1: no archive when ingest started; it is not opened later, when
	   a dossier-load started beside may have made it (the sandbox,
	   entered by then, refuses it; its content is this run's anyway) */
	int	 no_archive;
	struct ingest_index *index;	/* --index: the migration index */
	char	 batch[JOB_ID_MAX];	/* batch id of this run */
	long	 settle;		/* skip files modified this recently (s) */
	size_t	 max_size;		/* largest input file taken */
	long	 max_pixels;		/* largest page (w * h) taken */
	/* counts for the batch file and the summary */
	long	 files;			/* input files seen */
	long	 jobs;			/* jobs queued for deskew */
	long	 pages_in;		/* pages of every file, quarantined too,
					   counted (ingest_count) */
	long	 duplicates;		/* files whose content was already in */
	long	 quarantined;		/* files quarantined here */
	long	 skipped;		/* unreadable dirs, busy or odd files */
	long	 busy;			/* files still being written */
	size_t	 decoded;		/* bytes of pages kept decoded for
					   deskew (covers.c) */
	struct strbuf waiting;		/* the first INGEST_WAITING_NAMES of
					   their names, ", " between */
	int	 env_failure;		/* spool trouble: stop */
	int	 lockfd;		/* spool_batch_lock of the batch */
	/* cover sheets (covers.c) */
	long	 cover_sheets;		/* counted here: none of their pages
					   went into a job */
	char	 pending_ref[COVER_REF_MAX + 1]; /* the last file ended on
					   this cover sheet, */
	long	 pending_pages;		/* of so many pages, */
	char	 pending_file[PATH_MAX];	/* in this file's folder; */
	char	 pending_sha[65];	/* a file of cover sheets only: its
					   content is seen once its cover
					   sheet is used (or "") */
	char	 pending_id[JOB_ID_MAX];	/* and the job it was */
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
 * ingest_seen - 1 if content SHA was ingested before (a seen record of
 * the spool, or a source of the archive), with the earlier job or "the
 * archive" in WHERE; 0 if not; -1 on error (errno)
 */
int	ingest_seen(struct ingest *, const char *sha, char *where,
	    size_t size);
/*
 * ingest_mark_seen - record durably that job ID took content SHA (once
 * ID is durable).  0, or -1 if the record could not be written (warned
 * about; only duplicate detection suffers, unless the caller needs it)
 */
int	ingest_mark_seen(struct ingest *, const char *sha, const char *id);
/*
 * ingest_give_up - discard and free the half-built JOB because the spool
 * failed: sets ING->env_failure, returns -1
 */
int	ingest_give_up(struct ingest *, struct job *job);
/*
 * ingest_count - count in the batch, durably, that ID (a job just
 * committed or quarantined, or a cover sheet without a document) brings
 * PAGES pages, COVERS of them cover sheets without a document, and
 * QUARANTINED (0 or 1) jobs quarantined here (spool_batch_count); also in
 * ING's figures.  0, or -1 if the spool failed (ING->env_failure is
 * set: the batch is left open for the next run to count the job).
 */
int	ingest_count(struct ingest *, const char *id, long pages, long covers,
	    int quarantined);
/*
 * ingest_job_finish - complete the half-built JOB, whose "source" and
 * keys up to media_type are written: its page keys for PAGES pages (an
 * unusable input counts as one), its meta, then quarantine with the
 * reason ERR or, ERR NULL, the next stage's queue; its source_sha256 is
 * recorded as seen.  PATH names the input in messages.  JOB is freed in
 * every case.  0, or -1 if the spool failed (ING->env_failure is set).
 */
int	ingest_job_finish(struct ingest *, struct job *job, int pages,
	    const char *err, const char *path);
/*
 * ingest_job_commit - the end of ingest_job_finish for one document of
 * an input: JOB gets N pages, the source pages SPAGE[0..N-1] (SPAGE NULL:
 * 1..N), its index values, its meta; then quarantine (ERR) or commit.
 * Counts nothing in pages_in (the input is counted once).  JOB is freed;
 * 0, or -1 if the spool failed.
 */
int	ingest_job_commit(struct ingest *, struct job *job, const int *spage,
	    int n, const char *err, const char *path);
/*
 * ingest_job_prepare - the first half of ingest_job_commit: JOB's page
 * keys (N pages, source pages SPAGE, NULL: 1..N), its index values, its
 * meta written.  0, or -1 (reported; ING->env_failure set; JOB is still
 * the caller's)
 */
int	ingest_job_prepare(struct ingest *, struct job *job, const int *spage,
	    int n);
/*
 * ingest_jobs_queue - queue the N prepared jobs JOBS of one input as one
 * group (spool_group_begin: a crash leaves them all to be queued by the
 * next run), count each in the batch, record the input (and the pending
 * file of cover sheets the first one takes) as seen.  PATH names the
 * input in messages.  The jobs are freed; 0, or -1 if the spool failed.
 */
int	ingest_jobs_queue(struct ingest *, struct job *jobs, int n,
	    const char *path);

/*
 * ingest_covers - cut the job JOB of an input of PAGES pages into one job
 * per document at its cover sheets (covers.c, dossier-ingest(1) COVER
 * SHEETS) and commit them; a cover sheet that cannot be used quarantines
 * the input.  JOB is used up.  0, or -1 if the spool failed.
 */
int	ingest_covers(struct ingest *, struct job *job, int pages,
	    const char *path);
/* ingest_covers_end - the end of a run: a pending cover sheet is lone */
void	ingest_covers_end(struct ingest *);

/*
 * ingest_archive_file - 1 if the file PATH starts as an archive that
 * ingest_archive reads (zip, 7z, rar, tar, or gzip, bzip2 or xz
 * compressed); 0 if not or unreadable
 */
int	ingest_archive_file(const char *path);
/*
 * ingest_archive - ARC is the half-built job of an archive input named
 * PATH in messages: its "source" holds the archive's bytes and its keys
 * source_file, source_sha256 and size are set.  Makes one job per image
 * or PDF member (dossier-ingest(1) ARCHIVES): their "container" is a hard
 * link to that one copy.  An archive that is corrupt, truncated, over a
 * limit or without a usable member is quarantined whole, as ARC, with the
 * reason.  ARC is used up (committed, quarantined or discarded) and
 * freed.  0, or -1 if the spool failed (ING->env_failure is set).
 */
int	ingest_archive(struct ingest *, struct job *arc, const char *path);

/*
 * ingest_arg - ingest one command-line argument (file or folder, folders
 * recursively); names are reported relative to it.  Returns 0, or -1 if
 * the spool failed (ING->env_failure is set).
 */
int	ingest_arg(struct ingest *, const char *arg);

/*
 * ingest_batch_write - the spool's record of the batch (spool_batch_save):
 * pages in, cover sheets and jobs quarantined as its count records add
 * them up, this run's other figures added to it; FINAL: with its end
 * time, unless the spool failed this run (ING->env_failure).  0 or -1 (the reason
 * in ING->sp->err)
 */
int	ingest_batch_write(struct ingest *, const char *started, int final);

/*
 * ingest_batch_recover - the batches of the spool whose ingest died (no
 * end time, and no live run holds them): count their committed jobs that
 * have no count record, then end them, all but one: the batch ING->batch
 * names if it is one of them, else (ING->batch "") the one started last,
 * whose name goes into ING->batch.  This run goes on with that batch and
 * holds it (ING->lockfd).  Returns 1 if a batch was taken over, 0 if not,
 * -1 if the spool failed (ING->sp->err).
 */
int	ingest_batch_recover(struct ingest *);

#endif
