/*
 * query.h - the verbs of dossier-query(1), private to it
 */
#ifndef DOSSIER_QUERY_H
#define DOSSIER_QUERY_H

#include "db.h"
#include "emit.h"
#include "spool.h"

/* the options of every verb, as parsed; NULL: not given */
struct query_opts {
	enum emit_fmt fmt;		/* -o */
	const char *class;		/* -c: search, timeline */
	const char *since, *until;	/* --since, --until: dates or times */
	const char *actor, *action, *object; /* audit: GLOB patterns */
	long	 limit;			/* -n: rows at most, -1 none */
	int	 raw;			/* -m: WORDS are one FTS5 expression */
	struct spool *sp;		/* the spool, or NULL: batch report */
};

/*
 * Each verb writes its answer on stdout and returns an exit status: 0
 * something was found, 1 nothing (no match, no such subject, document or
 * batch; said on stderr), 2 a bad argument, 3 the archive failed.
 */
int	query_search(struct db *, const struct query_opts *, int argc,
	    char **argv);
int	query_timeline(struct db *, const struct query_opts *,
	    const char *subject);
int	query_document(struct db *, const struct query_opts *,
	    const char *id);
int	query_batch(struct db *, const struct query_opts *, const char *id);
int	query_audit(struct db *, const struct query_opts *);

/*
 * query_sql_functions - add sha256(X) (lower-case hex of the bytes of X,
 * NULL for NULL) to the connection; 0 or -1
 */
int	query_sql_functions(struct db *);

#endif
