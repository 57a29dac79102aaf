/*
 * spool_int.h - helpers shared by spool.c and spoolrec.c, the two files
 * of the spool module; not for other modules (they use spool.h)
 */
#ifndef DOSSIER_SPOOL_INT_H
#define DOSSIER_SPOOL_INT_H

#include <stddef.h>

#include "spool.h"

/* spool_pathf - format a path into BUF; -1 (ENAMETOOLONG) if it does not fit */
int	spool_pathf(char *buf, size_t size, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* spool_fail - "WHAT 'PATH': strerror" into SP->err; keeps errno; -1 */
int	spool_fail(struct spool *sp, const char *what, const char *path);
/* spool_fsync_parent - make a change to the entry PATH durable; 0 or -1 */
int	spool_fsync_parent(struct spool *sp, const char *path);
/*
 * spool_name_path - SPOOL/TOP/NAME followed by SUB into BUF, once VALID
 * says that NAME, which names a KIND, is fit to be a path component;
 * -1 (EINVAL or ENAMETOOLONG, SP->err) if not
 */
int	spool_name_path(struct spool *sp, const char *top, const char *name,
	    const char *sub, int valid, const char *kind, char *buf,
	    size_t size);

#endif
