/*
 * stage_int.h - the slots of a stage's -j, shared by stage.c and pages.c;
 * not for other modules (they use stage.h)
 */
#ifndef DOSSIER_STAGE_INT_H
#define DOSSIER_STAGE_INT_H

struct spool;

/*
 * stage_slots_open - in the stage's parent, before its workers start:
 * MAX slots (none to take for MAX 1: no helpers) and the count of pages
 * said of jobs not done, in memory they share; 0, or -1 with errno
 */
int	stage_slots_open(int max);
/*
 * stage_slots_worker - in worker N (0: --job), whose jobs wait in STAGE of
 * SP: the slots it takes are counted as N's; PROGFD, its progress pipe
 * (or -1), where stage_pages says each page done
 */
void	stage_slots_worker(int n, struct spool *sp, const char *stage,
	    int progfd);
/*
 * The progress pipe: a byte STAGE_PROGRESS_PAGE says a page done of a job
 * that goes on; any other byte B says a job done, and B more pages
 * (its pages not said before, at most STAGE_PROGRESS_PAGE - 1)
 */
#define STAGE_PROGRESS_PAGE	255
#define STAGE_PROGRESS_MAX	2048	/* bytes a job's end writes, at most
					   (PIPE_BUF is at least 4096) */
/*
 * stage_pages_said - in a worker: the pages of its last job said done by
 * stage_pages (its own and its helpers'), the count then cleared
 */
long	stage_pages_said(void);
/* stage_pages_settled - N pages said of a job now done are no longer partial */
void	stage_pages_settled(long n);
/* stage_pages_partial - in the parent: pages said done of jobs not done */
long	stage_pages_partial(void);
/* stage_slot_take - one slot, waiting for it; before a job is claimed */
void	stage_slot_take(void);
/* stage_slot_give - the slot back, once the job is done or not claimed */
void	stage_slot_give(void);
/* stage_slots_dead - in the parent: worker N died, its slots are free */
void	stage_slots_dead(int n);

#endif
