/*
 * stage_int.h - the slots of a stage's -j, shared by stage.c and pages.c;
 * not for other modules (they use stage.h)
 */
#ifndef DOSSIER_STAGE_INT_H
#define DOSSIER_STAGE_INT_H

struct spool;

/*
 * stage_slots_open - in the stage's parent, before its workers start:
 * MAX slots in memory they share; 0 (and nothing shared for MAX 1), or -1
 * with errno
 */
int	stage_slots_open(int max);
/*
 * stage_slots_worker - in worker N (0: --job), whose jobs wait in STAGE of
 * SP: the slots it takes are counted as N's
 */
void	stage_slots_worker(int n, struct spool *sp, const char *stage);
/* stage_slot_take - one slot, waiting for it; before a job is claimed */
void	stage_slot_take(void);
/* stage_slot_give - the slot back, once the job is done or not claimed */
void	stage_slot_give(void);
/* stage_slots_dead - in the parent: worker N died, its slots are free */
void	stage_slots_dead(int n);

#endif
