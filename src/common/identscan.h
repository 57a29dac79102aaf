/*
 * identscan.h - what ident.c and identdate.c share: the scan of one
 * normalised text for identifiers (private to the two files)
 */
#ifndef DOSSIER_IDENTSCAN_H
#define DOSSIER_IDENTSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "ident.h"

#define ISDIGIT(c)	((c) >= '0' && (c) <= '9')
#define ISLOWER(c)	((c) >= 'a' && (c) <= 'z')
#define ISALNUM(c)	(ISDIGIT(c) || ISLOWER(c) || ((c) >= 'A' && (c) <= 'Z'))

struct scan {
	const char *t;			/* the normalised text */
	size_t	 n;			/* its length */
	const char *orig;		/* the source text, or NULL */
	const uint32_t *map;		/* textnorm map into ORIG, or NULL */
	ident_cb cb;			/* called for each identifier */
	void	*arg;
	size_t	 count;			/* calls made */
	int	 stop;			/* the callback asked to stop */
};

/* scan_report - call the callback with one identifier, unless stopped */
void	scan_report(struct scan *sc, enum ident_kind kind, size_t start,
	    size_t end, const char *norm, int valid);
/* scan_at - the byte at I, or NUL past the end */
int	scan_at(const struct scan *sc, size_t i);
/* scan_left_ok - 1 if position I starts a token: no letter or digit before */
int	scan_left_ok(const struct scan *sc, size_t i);
/* scan_num - the N decimal digits at D as a number */
long	scan_num(const char *d, int n);
/* scan_dates - report every date of the text (identdate.c) */
void	scan_dates(struct scan *sc);

#endif
