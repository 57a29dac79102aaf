/*
 * ident - finding and validating identifiers and fields in page text
 *
 * The scanner works on normalised text (textnorm.h: lower case, no
 * accents, single spaces) and is tolerant of what OCR does to numbers:
 * group separators of any kind (space, dot, dash, slash), "O" read for
 * "0" inside a digit group.  Every candidate that has the shape of an
 * identifier is reported with valid=1 or 0; only valid ones may ever be
 * used for linking.  Kinds and their normalised forms (dossier-spool(5)):
 *
 *   national_id  Belgian INSZ/NISS, BIS included: 11 digits
 *   nir          French NIR with its key: 15 characters (2A/2B kept)
 *   iban         ISO 13616: upper case, no spaces
 *   date         numeric or written (fr/nl/en/de): YYYY-MM-DD
 *   amount       euro amount: -?DIGITS.DD
 *   dossier_ref  cover-sheet reference after "DOSSIER:": as written
 *
 * Nothing here allocates; all functions are bounded by the input length.
 */
#ifndef DOSSIER_IDENT_H
#define DOSSIER_IDENT_H

#include <stddef.h>
#include <stdint.h>

enum ident_kind {
	IDENT_DOSSIER_REF,
	IDENT_NATIONAL_ID,
	IDENT_NIR,
	IDENT_IBAN,
	IDENT_DATE,
	IDENT_AMOUNT
};

#define IDENT_NORM_MAX	72		/* longest normalised form + NUL */
#define IDENT_REF_MAX	64		/* longest dossier reference */

struct ident {
	enum ident_kind kind;
	size_t	 start;			/* first byte in the scanned text */
	size_t	 end;			/* one past the last byte */
	char	 norm[IDENT_NORM_MAX];	/* normalised form */
	int	 valid;			/* 1 if the checks pass */
};

/*
 * ident_cb - called for each identifier found; return non-zero to stop
 * the scan
 */
typedef int (*ident_cb)(const struct ident *, void *arg);

/*
 * ident_scan - find the identifiers in the normalised text T (LEN bytes).
 * ORIG and MAP (may both be NULL) are the source text and the textnorm
 * map: with them a dossier reference must be written "DOSSIER:" in
 * capitals as on a cover sheet and keeps its case.  CB is called for each
 * identifier, by kind (enum order) and then by position.  Returns the
 * number of calls made.
 */
size_t	ident_scan(const char *t, size_t len, const char *orig,
	    const uint32_t *map, ident_cb cb, void *arg);

/*
 * ident_find - the first identifier of KIND in the text RAW (normalised
 * here, no map); 1 with *OUT filled, or 0.  For tests and tools.
 */
int	ident_find(const char *raw, enum ident_kind kind, struct ident *out);

/* ident_kind_name - "national_id", "iban", ... */
const char *ident_kind_name(enum ident_kind);

/*
 * ident_niss_check - 1 if the 11 digits D form a valid Belgian national
 * register or BIS number: plausible birth date (month 0-12 after taking
 * off the BIS offsets 20/40, day 0-31), serial 001-998, check digits
 * 97 - (first 9 mod 97), or with the post-2000 rule 97 - ((2000000000 +
 * first 9) mod 97); 0 otherwise (also when D is not 11 digits)
 */
int	ident_niss_check(const char *d);

/*
 * ident_iban_check - 1 if S is a valid IBAN: spaces allowed, any case,
 * the length of its country when known (15-34 otherwise), mod-97 = 1
 */
int	ident_iban_check(const char *s);

/* ident_iban_length - the IBAN length of country CC (2 letters), or 0 */
int	ident_iban_length(const char *cc);

/*
 * ident_nir_check - 1 if the 15 characters S are a French NIR whose key
 * is 97 - (first 13 mod 97), with 2A read as 19 and 2B as 18
 */
int	ident_nir_check(const char *s);

/* ident_date_check - 1 if Y-M-D is a real calendar date (1800-2199) */
int	ident_date_check(int y, int m, int d);
/* ident_iso_date_check - 1 if S is exactly "YYYY-MM-DD", a real date */
int	ident_iso_date_check(const char *s);

/*
 * ident_month - the month number (1-12) of the normalised month name or
 * abbreviation W (LEN bytes) in French, Dutch, English or German; 0 if W
 * is none
 */
int	ident_month(const char *w, size_t len);

/*
 * ident_month_year - the one month the normalised text T covers, as
 * "YYYY-MM" in OUT.  In order: a range over one whole month ("du
 * 01/10/2026 au 31/10/2026", "1 - 31 October 2026"); none if two dates
 * close together span more than a month (a yearly bill); else the month
 * named most often with its year and no day ("octobre 2026", "10/2026"),
 * if no other is named as often.  Returns 1 if found, else 0.
 */
int	ident_month_year(const char *t, size_t len, char out[8]);

/*
 * ident_name_find - where the name of a person, SURNAME and GIVEN (given
 * names, may be "" or NULL; both normalised as textnorm.h does), is
 * written in the normalised text T (LEN bytes): its words one after the
 * other, punctuation between them ignored, surname first or given names
 * first ("dubois marc", "marc dubois", "dubois, marc"), with all the
 * given names or the first one only.  At most MAXSUB letters may be read
 * wrong (one letter replaced by another in a word of three or more: OCR);
 * a surname without given names must be exact.  Returns the number of
 * letters read wrong in the best place found, its bytes in *START and
 * *END; -1 if the name is not there.
 */
int	ident_name_find(const char *t, size_t len, const char *surname,
	    const char *given, int maxsub, size_t *start, size_t *end);

#endif
