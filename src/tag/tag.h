/*
 * tag.h - the tag stage: tags from the tagset, identifiers and fields from
 * the text (dossier-tag(1))
 */
#ifndef DOSSIER_TAG_H
#define DOSSIER_TAG_H

#include <stddef.h>

#include "job.h"
#include "verdict.h"
#include "strbuf.h"
#include "tagset.h"

#define TAG_FIELDS_MAX	10000	/* fields kept per document */
#define TAG_VALUE_MAX	200	/* bytes of a field's text as found */

/*
 * tag_document - the "tags" and "fields" file contents for the pages PG
 * of a document of class CLS (may be NULL) in language LANG (may be NULL:
 * guessed); appends to TAGS and FIELDS, returns the number of tags and
 * stores the number of fields in *NFIELDS
 */
int	tag_document(const struct tagset *ts, const struct tagset_pages *pg,
	    const char *cls, const char *lang, struct strbuf *tags,
	    struct strbuf *fields, int *nfields);

/*
 * tag_job - tag JOB with TS: writes the files tags and fields and sets
 * the meta keys tags and fields.  VERDICT_PERM for a bad job,
 * VERDICT_TEMP for an I/O failure, with the reason in ERR.
 */
enum verdict tag_job(const struct tagset *ts, struct job *job, char *err,
	    size_t errlen);

#endif
