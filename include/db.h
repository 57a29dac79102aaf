/*
 * db - the SQLite archive: open, schema and migrations, the audit chain
 *
 * One SQLite file (WAL, synchronous=FULL, foreign keys on), created
 * owner-only.  Its schema version is PRAGMA user_version; db_open() runs
 * the missing migration steps, in order, in one transaction, and refuses
 * a file that a newer program wrote.  The tables, views and triggers are
 * documented in dossier-archive(5).
 *
 * Conventions: functions return 0 on success and -1 on failure with the
 * reason in db->err and the SQLite result code in db->rc; db_temp() tells
 * whether that failure is the environment's (busy, I/O, disk full, a
 * corrupt file: retry later) or the data's (a constraint: the job is
 * bad).  Nothing here exits or logs personal data.
 *
 * Statements: db_stmt() returns a prepared statement cached for the life
 * of the connection ("prepare once, bind per job"), reset and with its
 * bindings cleared; the caller binds, steps and calls db_done() when it
 * has finished with it.  db_close() finalizes them all.
 */
#ifndef DOSSIER_DB_H
#define DOSSIER_DB_H

#include <limits.h>
#include <stddef.h>

#include <sqlite3.h>

#define DB_SCHEMA_VERSION	7	/* what this program writes */
#define DB_CHECK_HOURS		24	/* a writer's full check at most so often */
#define DB_APPLICATION_ID	0x444f5353	/* "DOSS" in the header */
#define DB_BUSY_TIMEOUT_MS	30000	/* then SQLITE_BUSY: a TEMP failure */
#define DB_ERRLEN		512
#define DB_STMT_MAX		64	/* cached statements per connection */
#define DB_HASH_ZERO \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* db_open flags */
#define DB_CREATE	0x01	/* create the file (0600) if it is missing */
#define DB_READONLY	0x02	/* open read-only; never migrates */
#define DB_NOCHECK	0x04	/* no quick_check: checked just before */

#define DB_ACTOR	"dossier"	/* audit actor of a migration */
#define DB_KV_NONE	"-"		/* db_kv() value of nothing */

struct strbuf;

struct db_cached {
	const char *sql;		/* the key: a string constant */
	sqlite3_stmt *st;
};

struct db {
	sqlite3	*h;			/* NULL when closed */
	int	 flags;			/* DB_CREATE, DB_READONLY */
	int	 version;		/* user_version found at open */
	int	 rc;			/* SQLite code of the last failure */
	char	 err[DB_ERRLEN];	/* reason of the last failure */
	char	 path[PATH_MAX];
	struct db_cached cache[DB_STMT_MAX];
	size_t	 ncache;
};

/*
 * db_open - open the archive at PATH.  With DB_CREATE a missing file is
 * created mode 0600, atomically: its schema is built in PATH.new-PID,
 * which then takes the name PATH unless another creator got there first,
 * so that no other process ever opens a new archive without its schema
 * (an absent archive stays absent until it is whole).  An existing file
 * that we own and that group or others may read is made 0600 (with a
 * warning); one we do not own is refused, and so is a file of zero
 * bytes (not an archive: SQLite would take it for a new one).
 * Opened for writing, an existing archive passes PRAGMA quick_check
 * first (a damaged file takes nothing) unless one passed in the last
 * DB_CHECK_HOURS (table archive_check) or DB_NOCHECK says the caller
 * checked it moments ago: the check reads the whole file, some 4 s for
 * 2 GB with the file in the page cache, and a clerk's every review or a
 * script's every load paid it.  In between, SQLite refuses what it finds
 * damaged among the pages a write reads (a TEMP failure).
 * Sets WAL, synchronous=FULL, foreign_keys=ON and the busy timeout, then
 * brings the schema to DB_SCHEMA_VERSION (read-write) or checks that it
 * is current (DB_READONLY).  Returns 0, or -1 with the reason in ERR (and
 * in db->err); DB is closed again on failure.
 */
int	db_open(struct db *, const char *path, int flags, char *err,
	    size_t errlen);
/* db_close - finalize the cached statements and close; harmless twice */
void	db_close(struct db *);

/*
 * db_exec - run SQL (constant text, no parameters, no result rows);
 * 0 or -1
 */
int	db_exec(struct db *, const char *sql);
/* db_begin - BEGIN IMMEDIATE: take the write lock now (waits busy_timeout) */
int	db_begin(struct db *);
/* db_commit - COMMIT; on failure the transaction is rolled back */
int	db_commit(struct db *);
/* db_rollback - ROLLBACK if a transaction is open; keeps db->err */
void	db_rollback(struct db *);

/*
 * db_stmt - the cached prepared statement for SQL, which must be a string
 * constant (its address is the cache key); NULL with db->err on failure
 */
sqlite3_stmt *db_stmt(struct db *, const char *sql);
/* db_done - reset ST and clear its bindings, ready for the next use */
void	db_done(sqlite3_stmt *st);
/*
 * db_fail - record the connection's current error as "WHAT: message";
 * returns -1 so that callers can write "return db_fail(db, ...)"
 */
int	db_fail(struct db *, const char *what);
/* db_temp - 1 if the last failure is the environment's (retry later) */
int	db_temp(const struct db *);
/* db_rc_temp - 1 if SQLite result code RC is an environment failure */
int	db_rc_temp(int rc);

/* db_timestamp - now as ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ" into BUF */
void	db_timestamp(char *buf, size_t size);
/* db_today - today's UTC date "YYYY-MM-DD" into BUF */
void	db_today(char *buf, size_t size);

/*
 * db_audit - append one row to the audit chain within the caller's
 * transaction: seq = last seq + 1, at = now, prev_hash = the last row's
 * hash (64 zeros for the first row), hash = db_audit_hash() of it.
 * OBJECT and DETAIL may be NULL (stored as '').  0 or -1.
 */
int	db_audit(struct db *, const char *actor, const char *action,
	    const char *object, const char *detail);
/*
 * db_audit_hash - the chain hash of one audit row into OUT (65 bytes,
 * lower-case hex): SHA-256 of the 64 hex characters of PREV followed by
 * the netstrings "LEN:BYTES," of seq (decimal), at, actor, action, object
 * and detail, in that order (LEN = decimal byte count).  See
 * dossier-archive(5).
 */
void	db_audit_hash(const char *prev, long long seq, const char *at,
	    const char *actor, const char *action, const char *object,
	    const char *detail, char *out);
/*
 * db_audit_verify - recompute the whole chain: seq must run 1, 2, 3...,
 * each prev_hash must be the previous row's hash and each hash must match
 * its row.  Returns 0 if intact (*BAD_SEQ = 0), 1 if broken (*BAD_SEQ =
 * the first bad row, reason in db->err), -1 on a database error.
 */
int	db_audit_verify(struct db *, long *bad_seq);

/*
 * db_kv - append the word " KEY=VALUE" to audit detail SB (no space when
 * SB is empty).  VALUE NULL or "" is written DB_KV_NONE; '%', space, tab,
 * CR and LF in VALUE are written %25, %20, %09, %0D, %0A, so that a word
 * never holds a space.  The evidence triggers and dossier-verify(1) read
 * the state an audit row states in these words (dossier-archive(5)).
 */
void	db_kv(struct strbuf *sb, const char *key, const char *value);
/*
 * db_kv_get - the value of the first word KEY=VALUE of DETAIL, decoded,
 * into BUF (truncated to SIZE); 1 if DETAIL has one, 0 if not
 */
int	db_kv_get(const char *detail, const char *key, char *buf,
	    size_t size);

/*
 * db_lookup_id - the first column (an id > 0) of the first row SQL
 * returns, SQL being a string constant whose parameters ?1 and, when
 * KEY2 is not NULL, ?2 are bound to KEY and KEY2; 0 if there is no row,
 * -1 on error ("WHAT: ..." in db->err)
 */
long long db_lookup_id(struct db *, const char *sql, const char *key,
	    const char *key2, const char *what);
/*
 * db_exists - 1 if SQL (one parameter, bound to KEY) returns a row whose
 * first column is 1 ("SELECT 1 ..."), 0 if none, -1 on error
 */
int	db_exists(struct db *, const char *sql, const char *key,
	    const char *what);
/* db_source_exists - 1 if source SHA256 is archived, 0 if not, -1 error */
int	db_source_exists(struct db *, const char *sha256);

#endif
