/*
 * progress - the progress line of a long run on a terminal (SPEC §2)
 *
 * One line per program: "dossier-ocr: 40/120 pages, 3.2/s, 00:25 left",
 * rewritten in place ("\r", the text, then "clear to end of line", so a
 * shorter line leaves nothing of a longer one), ended by a newline when
 * the run is over.  Nothing at all when the output is not a terminal or
 * with -q (msg_verbose < 0).
 *
 * Several programs of one pipeline share a terminal: dossier-nightly
 * reserves one row per stage above the cursor, names the stages in
 * DOSSIER_PROGRESS_ROWS (space-separated, top row first, e.g. "deskew
 * ocr classify tag load") and hands the terminal on descriptor
 * DOSSIER_PROGRESS_FD (its stages' stderr goes to a log meanwhile).  A
 * stage named there draws its line on its own row with one write(2)
 * (save cursor, up N rows, the line, clear to end of line, restore
 * cursor), so that the lines of concurrent stages never mix.
 *
 * The total is the pages known to be coming: those this program has
 * done, plus those waiting in its queue or in the queues before it
 * (progress_known_pages), so that in a pipeline it grows while ingest
 * finds pages instead of trailing the count of pages done.
 */
#ifndef DOSSIER_PROGRESS_H
#define DOSSIER_PROGRESS_H

#include <stddef.h>

#include "spool.h"

struct progress {
	const char *label;	/* e.g. "dossier-ocr" */
	int	 fd;		/* the terminal, or -1: quiet */
	int	 up;		/* rows above the cursor of our board row,
				   or 0: a line of our own */
	double	 started;	/* stage_now() at the start */
	double	 last;		/* when the line was last drawn */
	int	 drawn;		/* something is on the line */
};

/*
 * progress_on - 1 if a progress line would be drawn now: a terminal on
 * DOSSIER_PROGRESS_FD or on stderr, and no -q
 */
int	progress_on(void);

/*
 * progress_start - get P ready for LABEL: on the terminal of
 * DOSSIER_PROGRESS_FD (on the row of STAGE in DOSSIER_PROGRESS_ROWS) or
 * of stderr; P->fd is -1 (quiet) when there is none, or with -q.  STAGE
 * may be NULL.  STARTED is the stage_now() of the start.
 */
void	progress_start(struct progress *p, const char *label,
	    const char *stage, double started);

/*
 * progress_show - draw DONE of TOTAL pages (TOTAL <= 0: unknown); with
 * FINAL the last time: always drawn, and the line is ended.  Between,
 * at most ten lines a second are drawn.
 */
void	progress_show(struct progress *p, long done, long total, int final);

/*
 * progress_format - the text of the line (no control characters) into
 * BUF: "LABEL: DONE/TOTAL pages, RATE/s, MM:SS left" (H:MM:SS past an
 * hour; "--:--" while no rate is known; "done in MM:SS" when FINAL).
 * ELAPSED is in seconds.  Returns BUF.
 */
char	*progress_format(char *buf, size_t size, const char *label,
	    long done, long total, double elapsed, int final);

/*
 * progress_known_pages - the pages of the jobs waiting for STAGE or for
 * a stage before it (STAGE/new and cur, and the same of every earlier
 * queue stage), or -1 if the spool cannot be read.  The page counts of
 * the jobs are read once per process and remembered by job id.
 */
long	progress_known_pages(struct spool *sp, const char *stage);

#endif
