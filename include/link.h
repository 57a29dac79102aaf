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

/* the review reasons of the name plus birth date rule */
#define LINK_NAME_PERSONS	"name and birth date of several persons"
#define LINK_NAME_HOUSEHOLDS \
	"names and birth dates of persons of several households"
#define LINK_NAME_NO_HOUSEHOLD \
	"name and birth date of a person without a household at the date"

/* the review reasons of the cover sheet and the migration index */
#define LINK_UNKNOWN_COVER	"unknown cover-sheet reference"
#define LINK_UNKNOWN_INDEX	"unknown household in the migration index"
#define LINK_COVER_INDEX	"cover sheet and migration index disagree"
#define LINK_COVER_NUMBER	"cover sheet and national numbers disagree"
#define LINK_INDEX_NUMBER \
	"migration index and national numbers disagree"

/* a national number found in a document, as the tag stage left it */
struct link_nid {
	const char *number;		/* normalized: 11 digits */
	int	 valid;			/* the tag stage's verdict */
};

/*
 * The evidence a document carries for linking, strongest first, and the
 * date it is about: the household of a person is the one they belonged
 * to on that date (member.since <= date < member.until; a date before
 * the registry's first record of the person takes that first record).
 */
struct link_evidence {
	const char *cover_ref;		/* DOSSIER:<ref> of its cover sheet */
	const char *index_household;	/* the migration index's household */
	const struct link_nid *nid;
	size_t	 nnid;
	const char *text;		/* its page text (UTF-8), or NULL */
	size_t	 textlen;
	const char *date;		/* YYYY-MM-DD, or NULL: today */
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
 * national numbers, then name plus birth date (only when no valid
 * number was found: a valid number the registry does not know is a
 * reason for review, not for guessing).  Fills LK: filed (household_id >
 * 0, method) or review (reason).  0, or -1 on a database error (db->err).
 */
int	link_document(struct db *, const struct link_evidence *ev,
	    struct link_result *lk);

/*
 * link_household_at - the household person PID belonged to on DATE
 * (YYYY-MM-DD): its id in *HH (0 if none).  Returns how many households
 * the registry gives for that date (0, 1, or more: the person is then
 * in several and *HH is one of them), -1 on a database error.
 */
int	link_household_at(struct db *, long long pid, const char *date,
	    long long *hh);

/* the evidence of a document already in the archive, as link_doc_read
   found it (owns what EV points to) */
struct link_doc {
	struct link_evidence ev;
	struct link_nid *nid;
	char	**num;			/* the numbers NID points to */
	char	*text;			/* its pages' text, one after another */
	char	 date[11];		/* doc_date, else its batch's or
					   archiving date */
};

/*
 * link_doc_read - the evidence of archived document DOC: its national
 * number fields, its page text and its date (doc_date, else the date its
 * batch started, else the day it was archived).  0, 1 if there is no
 * such document, -1 on a database error.  Free with link_doc_free().
 */
int	link_doc_read(struct db *, long long doc, struct link_doc *ld);
void	link_doc_free(struct link_doc *ld);

/* one piece of evidence pointing at a household, for a person to judge */
struct link_candidate {
	const char *kind;		/* "national_id", "name_birth", "name",
					   "address" */
	long long household_id;		/* 0: no household at the date */
	long long person_id;		/* 0 for an address */
	int	 exact;			/* 0: one letter read wrong */
	char	 what[96];		/* the number, "born YYYY-MM-DD", ... */
};

/*
 * link_candidates - call CB for each piece of evidence in EV that points
 * to a registered person or household: valid national numbers, names
 * with a birth date, names alone (surname and given name, exactly),
 * and household addresses (street and number) written in the text.
 * Weaker kinds than the rules accept are listed for a person to judge;
 * they never file a document.  Returns the number of calls, -1 on a
 * database error; CB returning non-zero stops.
 */
typedef int (*link_candidate_cb)(const struct link_candidate *, void *arg);
int	link_candidates(struct db *, const struct link_evidence *ev,
	    link_candidate_cb cb, void *arg);

#endif
