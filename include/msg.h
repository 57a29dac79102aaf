/*
 * msg - diagnostics for the dossier programs
 *
 * One line per message on stderr: "PROG: [JOB: ]severity: text".  Library
 * code never exits: it reports with msg_warn()/msg_error() or fills an
 * error buffer and returns -1.  Only a program's main.c calls msg_fatal().
 * Messages at the default verbosity must never contain personal data
 * (names, national numbers): those belong to msg_debug() at -vv.
 */
#ifndef DOSSIER_MSG_H
#define DOSSIER_MSG_H

#include <stdarg.h>
#include <stddef.h>

extern const char *msg_progname;	/* set once in main(), from a constant */
extern int msg_verbose;			/* -v raises, -q lowers; 0 is default */

/* msg_set_job - prefix later messages with a job id (NULL clears) */
void	msg_set_job(const char *);

void	msg_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	msg_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	msg_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	msg_error(const char *, ...) __attribute__((format(printf, 1, 2)));
/* msg_fatal - report and exit with CODE after the cleanup hook ran */
void	msg_fatal(int, const char *, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
/* msg_panic - an impossible state: report and abort() */
void	msg_panic(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
/* msg_cleanup - register a hook that msg_fatal() runs before exiting */
void	msg_cleanup(void (*)(void));

/*
 * msg_flatten - the N bytes at S made one line: their control characters
 * '?' (a file's name may hold a line end; a message stays one line)
 */
void	msg_flatten(char *s, size_t n);

#endif
