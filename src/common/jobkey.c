/*
 * jobkey.c - the table of a job's keys and the checks of their values
 * (see jobkey.h)
 *
 * The ranges are those dossier-load has always enforced where it reads a
 * key (a value out of range quarantines the job), and otherwise what the
 * writer guarantees and dossier-spool(5) says.
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "job.h"
#include "jobkey.h"

/* the type and range columns of a row */
#define TEXT(lo, hi)	JOBKEY_TEXT, lo, hi, 0, 0, NULL
#define INT(lo, hi)	JOBKEY_INT, lo, hi, 0, 0, NULL
#define REAL(lo, hi)	JOBKEY_REAL, 0, 0, lo, hi, NULL
#define ANYREAL		REAL(-DBL_MAX, DBL_MAX)
#define ENUM(v)		JOBKEY_ENUM, 0, 0, 0, 0, v
#define OF(t)		t, 0, 0, 0, 0, NULL
#define JOB		JOBKEY_JOB
#define BATCH		JOBKEY_BATCH

#define LANGS		"fra|nld|eng|deu|und"

/* in the order of dossier-spool(5): by stage, then as each stage sets them */
const struct jobkey jobkey_table[] = {
	/* name, type and range, stage, archive column, scope */
	{ "id", OF(JOBKEY_ID), "ingest", "batch.id", JOB | BATCH },
	{ "batch", OF(JOBKEY_ID), "ingest", "document.batch_id", JOB },
	{ "source_file", TEXT(1, 0), "ingest",
	    "document.source_file, source.file_name", JOB },
	{ "ingested_at", OF(JOBKEY_TIME), "ingest", NULL, JOB },
	{ "source_sha256", OF(JOBKEY_SHA256), "ingest",
	    "source.sha256, document.source_sha256", JOB },
	{ "size", INT(0, LONG_MAX), "ingest", "source.size", JOB },
	{ "media_type", ENUM("image/tiff|image/png|image/jpeg|application/pdf|"
	    "image/bmp|image/gif|image/webp|image/jp2|image/x-portable-anymap|"
	    "image/heic|image/avif"),
	    "ingest", "source.media_type", JOB },
	{ "pages", INT(1, JOBKEY_PAGES_MAX), "ingest", "document.page_count",
	    JOB },
	{ "page.N.source_page", INT(1, INT_MAX), "ingest", "page.source_page",
	    JOB },
	{ "page.N.pixels_sha256", OF(JOBKEY_SHA256), "deskew",
	    "page.pixels_sha256", JOB },
	{ "container_sha256", OF(JOBKEY_SHA256), "ingest",
	    "source.container_sha256", JOB },
	{ "container_file", TEXT(1, 0), "ingest", NULL, JOB },
	{ "container_size", INT(0, LONG_MAX), "ingest", NULL, JOB },
	{ "member", TEXT(1, 0), "ingest", "source.member", JOB },
	{ "from_index", TEXT(1, 0), "ingest", "document.from_index", JOB },
	{ "index_household", TEXT(1, 64), "ingest", "document.household_id",
	    JOB },
	{ "index_class", TEXT(1, 0), "ingest", "document.class", JOB },
	{ "index_date", OF(JOBKEY_DATE), "ingest", NULL, JOB },
	{ "index_tags", TEXT(1, 0), "ingest", "tag.name", JOB },

	{ "page.N.image", OF(JOBKEY_FILE), "deskew",
	    "page.image, page.image_sha256", JOB },
	{ "page.N.ocr_image", OF(JOBKEY_FILE), "deskew", NULL, JOB },
	{ "page.N.image_type", ENUM("tiff-g4|png"), "deskew",
	    "page.image_type", JOB },
	{ "page.N.width", INT(1, 1000000), "deskew", "page.width", JOB },
	{ "page.N.height", INT(1, 1000000), "deskew", "page.height", JOB },
	{ "page.N.dpi", INT(1, 100000), "deskew", "page.dpi", JOB },
	{ "page.N.dpi_assumed", INT(0, 1), "deskew", "page.dpi_assumed", JOB },
	{ "page.N.dpi_source", INT(0, 100000), "deskew", "page.dpi_source",
	    JOB },
	{ "page.N.dpi_source_y", INT(0, 100000), "deskew", NULL, JOB },
	{ "page.N.scale", ANYREAL, "deskew", "page.scale", JOB },
	{ "page.N.scale_y", ANYREAL, "deskew", NULL, JOB },
	{ "page.N.skew_deg", ANYREAL, "deskew", "page.skew_deg", JOB },
	{ "page.N.skew_conf", ANYREAL, "deskew", "page.skew_conf", JOB },
	{ "page.N.orientation", JOBKEY_INT, 0, 270, 0, 0, "0|90|180|270",
	    "deskew", "page.orientation", JOB },
	{ "page.N.orientation_conf", ANYREAL, "deskew",
	    "page.orientation_conf", JOB },
	{ "page.N.orientation_uncertain", INT(0, 1), "deskew",
	    "page.orientation_uncertain", JOB },
	{ "page.N.threshold", INT(0, 65535), "deskew", "page.threshold",
	    JOB },
	{ "page.N.binarisation", ENUM("bilevel input|background-normalised "
	    "Otsu|background-normalised, split by the text|background-"
	    "normalised, split at the letters' middle (heavy marks)|"
	    "background-normalised, split under the paper's grain|"
	    "grey kept (photo regions)|grey kept (binary page lost text)"),
	    "deskew",
	    "page.binarisation", JOB },
	{ "page.N.border_share", REAL(0, 1), "deskew", "page.border_share",
	    JOB },
	{ "page.N.holes", INT(0, 100000), "deskew", "page.holes", JOB },
	{ "page.N.photo_share", REAL(0, 1), "deskew", "page.photo_share",
	    JOB },
	{ "page.N.blank_score", REAL(0, 1), "deskew", "page.blank_score",
	    JOB },
	{ "page.N.blank", INT(0, 1), "deskew", "page.blank", JOB },
	{ "page.N.decoder", TEXT(1, 0), "deskew", "page.decoder", JOB },
	{ "page.N.dpi_estimate", INT(0, 100000), "deskew", "page.dpi_estimate",
	    JOB },
	{ "page.N.text_spots", INT(0, 100000000), "deskew", NULL, JOB },
	{ "page.N.text_faint", INT(1, 1), "deskew", NULL, JOB },
	{ "page.N.dotted", INT(1, 1), "deskew", NULL, JOB },
	{ "page.N.dot_letters", INT(1, INT_MAX), "deskew", NULL, JOB },
	{ "page.N.specks_kept", INT(1, INT_MAX), "deskew", NULL, JOB },
	{ "page.N.stains", INT(1, INT_MAX), "deskew", NULL, JOB },
	{ "page.N.dithered", INT(1, 1), "deskew", NULL, JOB },
	{ "page.N.negative", INT(1, 1), "deskew", NULL, JOB },
	{ "page.N.exposed", INT(1, 255), "deskew", NULL, JOB },
	{ "page.N.lines_out", INT(1, 1), "deskew", NULL, JOB },
	{ "page.N.columns", INT(2, 8), "deskew", NULL, JOB },
	{ "page.N.spots_lost", INT(0, 100000000), "deskew", NULL, JOB },
	{ "page.N.spots_split", INT(0, 100000000), "deskew", NULL, JOB },
	{ "page.N.marks", INT(0, 100000000), "deskew", NULL, JOB },
	{ "page.N.cleanup_fallback", TEXT(1, 0), "deskew",
	    "page.cleanup_fallback", JOB },
	{ "cover_ref", TEXT(1, 64), "deskew", "document.household_id", JOB },
	{ "cover_pages", INT(0, JOBKEY_PAGES_MAX), "deskew",
	    "document.cover_sheets", JOB },

	{ "page.N.text", OF(JOBKEY_FILE), "ocr", "page.text", JOB },
	{ "page.N.words", OF(JOBKEY_FILE), "ocr", "page.words", JOB },
	{ "page.N.ocr_conf", REAL(0, 100), "ocr", "page.ocr_conf", JOB },
	{ "page.N.lang", ENUM(LANGS), "ocr", "page.lang", JOB },
	{ "page.N.ocr_doubt", TEXT(1, 200), "ocr", "page.ocr_doubt", JOB },

	{ "class", TEXT(1, 0), "classify", "document.class", JOB },
	{ "class_score", REAL(0, 1), "classify", "document.class_score", JOB },
	{ "class_rules", TEXT(0, 0), "classify", "document.class_rules", JOB },
	{ "class_model", TEXT(1, 0), "classify", NULL, JOB },
	{ "review_reason", TEXT(1, 200), "classify", "document.review_reason",
	    JOB },
	{ "lang", ENUM(LANGS), "classify", "document.lang", JOB },

	{ "tags", INT(0, INT_MAX), "tag", NULL, JOB },
	{ "fields", INT(0, INT_MAX), "tag", NULL, JOB },

	/* what each stage was and how it was set (stage.c, dossier-load) */
	{ "settings.ingest", TEXT(1, 2000), "ingest", "provenance.settings",
	    JOB },
	{ "settings.deskew", TEXT(1, 2000), "deskew", "provenance.settings",
	    JOB },
	{ "settings.ocr", TEXT(1, 2000), "ocr", "provenance.settings", JOB },
	{ "settings.classify", TEXT(1, 2000), "classify",
	    "provenance.settings", JOB },
	{ "settings.tag", TEXT(1, 2000), "tag", "provenance.settings", JOB },

	/* SPOOL/batch/B/meta ("id" is above) */
	{ "name", TEXT(1, 0), "ingest", "batch.name", BATCH },
	{ "started_at", OF(JOBKEY_TIME), "ingest", "batch.started_at", BATCH },
	{ "finished_at", OF(JOBKEY_TIME), "ingest", "batch.finished_at",
	    BATCH },
	{ "pages_in", INT(0, LONG_MAX), "ingest", "batch.pages_in", BATCH },
	{ "files", INT(0, LONG_MAX), "ingest", NULL, BATCH },
	{ "duplicates", INT(0, LONG_MAX), "ingest", "batch.duplicates",
	    BATCH },
	{ "quarantined_at_ingest", INT(0, LONG_MAX), "ingest", NULL, BATCH },
	{ "skipped", INT(0, LONG_MAX), "ingest", NULL, BATCH },
	{ "waiting", INT(0, LONG_MAX), "ingest", NULL, BATCH },
	{ "cover_sheets", INT(0, LONG_MAX), "ingest", "batch.cover_sheets",
	    BATCH },
};
const size_t jobkey_count = sizeof(jobkey_table) / sizeof(jobkey_table[0]);

#define PAGE_PREFIX	"page.N."

const struct jobkey *
jobkey_find(const char *key)
{
	const char *name = key, *p;
	size_t i, digits;
	int page = 0;

	if (strncmp(key, "page.", 5) == 0) {
		/* page.N.NAME: N from 1, no leading zero, at most 9 digits */
		for (p = key + 5, digits = 0; isdigit((unsigned char)*p); p++)
			digits++;
		if (digits == 0 || digits > 9 || key[5] == '0' || *p != '.')
			return NULL;
		name = p + 1;
		page = 1;
	}
	for (i = 0; i < jobkey_count; i++) {
		const char *row = jobkey_table[i].name;
		int paged = strncmp(row, PAGE_PREFIX, sizeof(PAGE_PREFIX) - 1)
		    == 0;

		if (paged != page)
			continue;
		if (paged)
			row += sizeof(PAGE_PREFIX) - 1;
		if (strcmp(row, name) == 0)
			return &jobkey_table[i];
	}
	return NULL;
}

const char *
jobkey_type_name(enum jobkey_type t)
{
	switch (t) {
	case JOBKEY_TEXT:
		return "text";
	case JOBKEY_INT:
		return "int";
	case JOBKEY_REAL:
		return "real";
	case JOBKEY_ENUM:
		return "enum";
	case JOBKEY_SHA256:
		return "sha256";
	case JOBKEY_ID:
		return "id";
	case JOBKEY_FILE:
		return "file";
	case JOBKEY_TIME:
		return "time";
	case JOBKEY_DATE:
		return "date";
	}
	return "?";
}

/* one_of - 1 if VAL is one of VALUES ("a|b|c") */
static int
one_of(const char *values, const char *val)
{
	const char *p = values, *bar;
	size_t n = strlen(val);

	for (;;) {
		bar = strchr(p, '|');
		if ((bar != NULL ? (size_t)(bar - p) : strlen(p)) == n &&
		    strncmp(p, val, n) == 0)
			return 1;
		if (bar == NULL)
			return 0;
		p = bar + 1;
	}
}

/* is_time - 1 if S is YYYY-MM-DDTHH:MM:SSZ */
static int
is_time(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	for (i = 0; pat[i] != '\0'; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    s[i] != pat[i])
			return 0;
	return s[i] == '\0';
}

/* is_sha256 - 1 if S is 64 lower case hex digits */
static int
is_sha256(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!isdigit((unsigned char)s[i]) && (s[i] < 'a' || s[i] > 'f'))
			return 0;
	return s[i] == '\0';
}

/* parse_long - VAL as a decimal integer (as strtol reads it) into *N */
static int
parse_long(const char *val, long *n)
{
	char *end;

	errno = 0;
	*n = strtol(val, &end, 10);
	return errno == 0 && end != val && *end == '\0' ? 0 : -1;
}

/* parse_real - VAL as a finite real number into *D */
static int
parse_real(const char *val, double *d)
{
	char *end;

	errno = 0;
	*d = strtod(val, &end);
	return errno == 0 && end != val && *end == '\0' && isfinite(*d) ?
	    0 : -1;
}

/*
 * check - VAL (not NULL) as a value of row K named KEY: 0 or -1 with the
 * reason in ERR; if 0, the number into *N or *D if they are not NULL
 */
static int
check(const struct jobkey *k, const char *key, const char *val, long *n,
    double *d, char *err, size_t errlen)
{
	size_t len = strlen(val);
	char buf[160] = "";
	const char *what = buf;
	long ln = 0;
	double x = 0;
	int ok = 0;

	if (*val == '\0' && !(k->type == JOBKEY_TEXT && k->min == 0)) {
		snprintf(err, errlen, "%s: empty", key);
		return -1;
	}
	switch (k->type) {
	case JOBKEY_TEXT:
		if (len >= (size_t)k->min && (k->max == 0 ||
		    len <= (size_t)k->max))
			return 0;
		/* text may be personal: not repeated in the message */
		if (k->max > 0)
			snprintf(err, errlen, "%s: not %ld to %ld bytes long",
			    key, k->min, k->max);
		else
			snprintf(err, errlen, "%s: shorter than %ld bytes", key,
			    k->min);
		return -1;
	case JOBKEY_INT:
		ok = parse_long(val, &ln) == 0 && ln >= k->min &&
		    ln <= k->max && (k->values == NULL ||
		    one_of(k->values, val));
		x = (double)ln;
		if (ok)
			break;
		if (k->values != NULL)
			snprintf(buf, sizeof(buf), "one of %s", k->values);
		else
			snprintf(buf, sizeof(buf), "a number from %ld to %ld",
			    k->min, k->max);
		break;
	case JOBKEY_REAL:
		ok = parse_real(val, &x) == 0 && x >= k->rmin && x <= k->rmax;
		if (ok)
			break;
		if (k->rmin == -DBL_MAX && k->rmax == DBL_MAX)
			what = "a number";
		else
			snprintf(buf, sizeof(buf), "a number from %g to %g",
			    k->rmin, k->rmax);
		break;
	case JOBKEY_ENUM:
		ok = one_of(k->values, val);
		if (!ok)
			snprintf(buf, sizeof(buf), "one of %s", k->values);
		break;
	case JOBKEY_SHA256:
		ok = is_sha256(val);
		what = "a SHA-256 in hex";
		break;
	case JOBKEY_ID:
	case JOBKEY_FILE:
		ok = job_id_valid(val);
		what = k->type == JOBKEY_ID ? "a valid id" : "a valid file name";
		break;
	case JOBKEY_TIME:
		ok = is_time(val);
		what = "a time YYYY-MM-DDTHH:MM:SSZ";
		break;
	case JOBKEY_DATE:
		ok = ident_iso_date_check(val);
		what = "a date YYYY-MM-DD";
		break;
	}
	if (!ok) {
		snprintf(err, errlen, "%s: '%.64s': not %s", key, val, what);
		return -1;
	}
	if (n != NULL)
		*n = ln;
	if (d != NULL)
		*d = x;
	return 0;
}

int
jobkey_check(const char *key, const char *val, char *err, size_t errlen)
{
	const struct jobkey *k = jobkey_find(key);

	if (k == NULL) {
		snprintf(err, errlen, "%s: not a known key", key);
		return 1;
	}
	return check(k, key, val, NULL, NULL, err, errlen);
}

/*
 * get - KEY of JOB for a reader wanting TYPE (JOBKEY_REAL takes an integer
 * too, -1 any type), checked: 0 with the number into *N or *D, or the
 * value into *TEXT (those not NULL); 1 if absent or empty; -1 if KEY has
 * no row of that type or a bad value
 */
static int
get(const struct job *job, const char *key, int type, long *n, double *d,
    const char **text, char *err, size_t errlen)
{
	const struct jobkey *k = jobkey_find(key);
	const char *val;

	if (k == NULL || (type >= 0 && (int)k->type != type &&
	    !(type == JOBKEY_REAL && k->type == JOBKEY_INT))) {
		snprintf(err, errlen, "%s: not a%s key of the table", key,
		    type == JOBKEY_INT ? "n integer" : type == JOBKEY_REAL ?
		    " number" : "");
		return -1;
	}
	val = job_get(job, key);
	if (val == NULL || *val == '\0')
		return 1;
	if (check(k, key, val, n, d, err, errlen) < 0)
		return -1;
	if (text != NULL)
		*text = val;
	return 0;
}

int
jobkey_get_long(const struct job *job, const char *key, long *out,
    char *err, size_t errlen)
{
	return get(job, key, JOBKEY_INT, out, NULL, NULL, err, errlen);
}

int
jobkey_get_double(const struct job *job, const char *key, double *out,
    char *err, size_t errlen)
{
	return get(job, key, JOBKEY_REAL, NULL, out, NULL, err, errlen);
}

int
jobkey_get_text(const struct job *job, const char *key, const char **out,
    char *err, size_t errlen)
{
	return get(job, key, -1, NULL, NULL, out, err, errlen);
}
