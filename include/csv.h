/*
 * csv - a reader for the CSV files offices export from spreadsheets
 *
 * Fields are separated by ';' or ',' (whichever makes the header hold the
 * columns the caller needs), may be quoted with '"' ("" inside quotes is
 * one quote; a quoted field may span lines), and lines end in LF or CRLF.
 * A UTF-8 byte-order mark at the start is skipped.  Used for the household
 * registry (SPEC §5) and the migration index (SPEC §4).
 *
 * The reader works on a buffer the caller owns and never exits; records
 * it cannot read are reported by their line number.
 */
#ifndef DOSSIER_CSV_H
#define DOSSIER_CSV_H

#include <stddef.h>

#include "strbuf.h"

#define CSV_FIELDS_MAX	256		/* fields kept per record */

struct csv {
	const char *start;		/* the text after any BOM */
	const char *p, *end;		/* what is left to read */
	int	 sep;			/* ';' or ',' */
	long	 line;			/* line of the next byte */
	long	 rec_line;		/* where the last record started */
	struct strbuf buf;		/* the record's fields, NUL-separated */
	size_t	 off[CSV_FIELDS_MAX];
	size_t	 nf;			/* fields in the record */
	int	 overflow;		/* more than CSV_FIELDS_MAX fields */
};

/* csv_init - read the LEN bytes at TEXT (kept by the caller) */
void	csv_init(struct csv *, const char *text, size_t len);
/* csv_release - free what the reader holds (not the text) */
void	csv_release(struct csv *);

/*
 * csv_header - find the header line (the first line that is not empty)
 * and map the column NAMES[0..N-1] (compared without case and blanks) to
 * field numbers in COL (-1: absent).  The separator is the first of ';'
 * and ',' that gives every name in NEED (a subset of NAMES, NULL-
 * terminated).  Returns 0, or -1 with "PATH:LINE: reason" in ERR (no
 * header, not UTF-8, a column twice, a needed column missing).
 */
int	csv_header(struct csv *, const char *path, const char *const *names,
	    size_t n, const char *const *need, int *col, char *err,
	    size_t errlen);

/*
 * csv_next - read the next record that is not an empty line.  Returns 1,
 * 0 at the end of the input, -1 for a quoted field that never ends (the
 * rest of the text is in it; the record is returned anyway).
 */
int	csv_next(struct csv *);
/* csv_field - field I of the current record ("" past the end) */
const char *csv_field(const struct csv *, size_t i);
/* csv_text_ok - 1 if every field of the record is UTF-8 without NUL */
int	csv_text_ok(const struct csv *);
/* csv_trim - strip ASCII blanks at both ends of S, in place; its new start */
char	*csv_trim(char *s);

#endif
