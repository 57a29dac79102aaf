/*
 * broker.h - dossier-ingest in its sandbox (sandbox.h), the archive
 * asked through an unconfined parent
 */
#ifndef DOSSIER_INGEST_BROKER_H
#define DOSSIER_INGEST_BROKER_H

struct ingest;

/*
 * ingest_sandbox - confine the ingest of the inputs ARGV (NULL-
 * terminated) into the spool SPOOL, which exists: with no archive at
 * ARCHIVE (or the sandbox off), this process enters the sandbox itself;
 * with one, it forks a child that enters it and asks for duplicates by
 * ING->archive_has, and stays outside to answer from the archive until
 * the child ends.  Returns -1 in the process that goes on with the
 * ingest (confined), or the exit status the program must end with: the
 * child's, or EXIT_ENV after saying why.
 */
int	ingest_sandbox(struct ingest *ing, const char *spool,
	    const char *archive, char **argv);

#endif
