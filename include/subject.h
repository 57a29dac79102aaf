/*
 * subject - whose dossier an auditor asks for: a household or a person,
 * named as on the command line of dossier-query(1) and dossier-export(1)
 *
 *   household:REF     the household with the office's reference REF
 *   person:ID         the person with archive id ID
 *   person:NNNNNNNNNNN, NNNNNNNNNNN
 *                     the person with that national number (11 digits)
 *   REF               anything else: a household reference
 *
 * A household's documents are those filed to it; a person's are those
 * linked to them (document.person_id) and those where their national
 * number was read and found valid (a field), filed or not.
 */
#ifndef DOSSIER_SUBJECT_H
#define DOSSIER_SUBJECT_H

#include <stddef.h>

#include "db.h"

enum subject_kind { SUBJECT_HOUSEHOLD, SUBJECT_PERSON };

struct subject {
	enum subject_kind kind;
	long long id;			/* household.id or person.id */
	char	 object[96];		/* "household:REF" or "person:ID" */
};

/*
 * subject_resolve - find the subject ARG names in the archive; 0, 1 if
 * there is no such household or person (ERR says which), -1 on an
 * archive error (ERR)
 */
int	subject_resolve(struct db *, const char *arg, struct subject *s,
	    char *err, size_t errlen);

/*
 * subject_documents - fill the connection's temporary table
 * temp.subject_doc (id INTEGER PRIMARY KEY, why TEXT) with the ids of S's
 * documents, made empty first (a read-only connection may do this: temp
 * tables are its own); "why" is "filed" for a household's, "linked" or
 * "mentioned" for a person's.  The number of documents, or -1 (db->err)
 */
long	subject_documents(struct db *, const struct subject *s);

#endif
