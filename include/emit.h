/*
 * emit - the rows of an archive query written as text, CSV or JSON, for
 * the auditors' tools (dossier-query(1), dossier-export(1))
 *
 * A command opens one emitter on a stream and hands it prepared
 * statements: every row of a statement becomes a record whose keys are
 * the statement's column names.  One statement alone is a plain table
 * (a JSON array of objects, a CSV file with a header line, aligned text
 * columns); several named sections make one document (a JSON object of
 * sections, a CSV file of "section,row,key,value" lines, text sections).
 * CSV follows RFC 4180 (CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line end, quotes doubled); JSON strings escape the
 * quote, the backslash and every control character, and a byte that is
 * not part of valid UTF-8 becomes \ufffd.  Integers and reals
 * are JSON numbers, NULL is null (CSV: empty, text: "-").  Columns named
 * in the emitter's skip list (big blobs and texts) are left out.
 * Nothing here exits; write errors are reported by emit_end().
 */
#ifndef DOSSIER_EMIT_H
#define DOSSIER_EMIT_H

#include <stddef.h>
#include <stdio.h>

#include <sqlite3.h>

enum emit_fmt { EMIT_TEXT, EMIT_CSV, EMIT_JSON };

/* how a section's rows look as text (CSV and JSON do not change) */
enum emit_style {
	EMIT_TABLE,		/* aligned columns under a header line */
	EMIT_BLOCKS,		/* each row a block of "key: value" lines */
	EMIT_ONE		/* at most one row: an object, not a list */
};

struct emit {
	FILE	*out;
	enum emit_fmt fmt;
	int	 multi;			/* sections in one document */
	int	 nsec;			/* sections written so far */
	const char *const *skip;	/* column names left out, NULL-ended */
};

/*
 * emit_fmt_parse - "text", "csv" or "json" into *FMT; 0, or -1 if S is
 * none of them
 */
int	emit_fmt_parse(const char *s, enum emit_fmt *fmt);

/*
 * emit_begin - start writing on OUT in FMT; MULTI: named sections will
 * follow (emit_rows with a NAME), else exactly one emit_rows call
 */
void	emit_begin(struct emit *, FILE *out, enum emit_fmt fmt, int multi);

/*
 * emit_rows - step ST to its end and write its rows as section NAME (NULL
 * when not MULTI) in STYLE; *NROWS (if not NULL) gets the number of rows.
 * ST is reset afterwards (db_done).  0, or -1 if stepping failed: ST is
 * then left as it is, for the caller to read the error (db_fail) and
 * reset it.
 */
int	emit_rows(struct emit *, const char *name, sqlite3_stmt *st,
	    enum emit_style style, long *nrows);

/*
 * emit_end - close the document (JSON) and flush; 0, or -1 with errno if
 * the stream could not be written
 */
int	emit_end(struct emit *);

/* emit_json_string - S (N bytes) as a quoted, escaped JSON string */
void	emit_json_string(FILE *out, const char *s, size_t n);
/* emit_csv_field - S (N bytes) as one CSV field, quoted when it must be */
void	emit_csv_field(FILE *out, const char *s, size_t n);

#endif
