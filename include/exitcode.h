/*
 * exitcode - the process exit statuses every dossier command keeps
 * (SPEC §2; listed in every man page under EXIT STATUS)
 */
#ifndef DOSSIER_EXITCODE_H
#define DOSSIER_EXITCODE_H

#define EXIT_DONE	0	/* every job processed */
#define EXIT_QUARANTINE	1	/* done, but some jobs were quarantined */
#define EXIT_USAGE	2	/* bad command line */
#define EXIT_ENV	3	/* could not run: spool, archive, environment */
#define EXIT_SOFTWARE	4	/* internal error (a bug) */

#endif
