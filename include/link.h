/*
 * link - which household a document belongs to (SPEC §7)
 *
 * A document is filed to a household only on unambiguous evidence; every
 * other outcome is review with a reason from the list below (documented
 * in dossier-load(1)).  Filing a family's papers in another family's
 * dossier is the worst error the system can make: when in doubt, review.
 *
 * The functions read the registry tables of the archive inside the
 * caller's transaction; they never write, exit or log personal data
 * above msg_debug().
 */
#ifndef DOSSIER_LINK_H
#define DOSSIER_LINK_H

#include <stddef.h>

#include "db.h"

/* the review reasons of the national-number rule */
#define LINK_NO_NUMBER		"no national number"
#define LINK_INVALID_NUMBER	"invalid national number"
#define LINK_UNKNOWN_NUMBER	"unknown national number"
#define LINK_SEVERAL_HOUSEHOLDS	"national numbers of several households"
#define LINK_UNREGISTERED	"unregistered national number"

/* the review reasons of the cover sheet and the migration index */
#define LINK_UNKNOWN_COVER	"unknown cover-sheet reference"
#define LINK_UNKNOWN_INDEX	"unknown household in the migration index"
#define LINK_COVER_INDEX	"cover sheet and migration index disagree"

/* a national number found in a document, as the tag stage left it */
struct link_nid {
	const char *number;		/* normalized: 11 digits */
	int	 valid;			/* the tag stage's verdict */
};

/*
 * The evidence a document carries for linking, strongest first.  The
 * name plus birth date method will add its members here.
 */
struct link_evidence {
	const char *cover_ref;		/* DOSSIER:<ref> of its cover sheet */
	const char *index_household;	/* the migration index's household */
	const struct link_nid *nid;
	size_t	 nnid;
};

/* the outcome of linking */
struct link_result {
	long long household_id;		/* > 0 when filed */
	long long person_id;		/* > 0: the one person matched */
	const char *method;		/* link_method when filed, else NULL */
	const char *reason;		/* review reason when not filed */
};

/*
 * link_document - decide where the document with evidence EV goes,
 * trying the linking methods in order: cover sheet and migration index
 * (a household reference that must exist; the two must agree), then the
 * national numbers.  Fills LK: filed (household_id >
 * 0, method) or review (reason).  0, or -1 on a database error (db->err).
 */
int	link_document(struct db *, const struct link_evidence *ev,
	    struct link_result *lk);

#endif
