/*
 * store - the archive's records: documents, pages, sources, tags, fields
 * and batches, written and read as in-memory records (SPEC §8,
 * dossier-archive(5))
 *
 * This is the one place that knows the archive's tables; it knows nothing
 * of spool jobs.  dossier-load fills the records from a job, the review,
 * query and verify tools read and write through the same functions.
 *
 * Writes run inside the caller's transaction (db_begin .. db_commit):
 * one transaction per document.  Functions return 0 (or a verdict) and
 * -1 with the reason in db->err; none exits or logs personal data.
 */
#ifndef DOSSIER_STORE_H
#define DOSSIER_STORE_H

#include <stddef.h>

#include <sqlite3.h>

#include "db.h"
#include "link.h"
#include "sha256.h"
#include "verdict.h"

struct strbuf;

#define STORE_ACTOR	"dossier-load"	/* the pipeline's audit actor */

/* the page columns beyond the fixed ones, by type */
enum store_type {
	STORE_INT, STORE_REAL, STORE_TEXT,
	STORE_FILE	/* text: the content of the job's file that
			   page.K.NAME names, read by dossier-load */
};

struct store_col {
	const char *name;		/* page column, and page.K.NAME in a job */
	enum store_type type;
};

/* the page columns a stage measures, in the archive's order */
extern const struct store_col store_page_cols[];
#define STORE_PAGE_NCOLS	26

struct store_value {
	int	 set;			/* 0: NULL in the archive */
	long long i;			/* STORE_INT */
	double	 r;			/* STORE_REAL */
	const char *s;			/* STORE_TEXT, STORE_FILE */
};

struct store_page {
	long	 source_page;		/* page of the input file, from 1 */
	const void *image;		/* cleaned image, NULL for none */
	size_t	 image_len;
	const char *image_type;		/* "tiff-g4" or "png" */
	const char *text;		/* OCR text (UTF-8), NULL for none */
	size_t	 text_len;
	struct store_value col[STORE_PAGE_NCOLS];
};

struct store_tag {
	const char *name, *value;
};

struct store_field {
	long	 page;			/* 1..pages, 0: the whole document */
	const char *kind, *value, *norm;
	int	 valid;
};

struct store_doc {
	const char *batch;		/* batch id, or NULL */
	const char *job_id;		/* the job that carried it */
	const char *source_file, *source_sha256, *media_type;
	const char *class, *class_rules, *lang;
	int	 has_score;
	double	 score;
	long	 first_page;		/* source_page of its first page */
	long	 pages;
	long	 cover_sheets;		/* cover pages taken out of it */
	const char *from_index;		/* values from a migration index */
	const char *doc_date;		/* the date it is about, or NULL */
	const char *settings;		/* its provenance: "STAGE WORDS\n"... */
	const struct store_tag *tag;
	size_t	 ntag;
	const struct store_field *field;
	size_t	 nfield;
};

struct store_source {
	const char *sha256;		/* what the content must hash to */
	const char *file_name, *media_type;
	long long size;			/* bytes to read from the fd */
	const char *container_sha256;	/* the archive it is a member of */
	const char *member;		/* its path in that archive */
};

struct store_batch {
	const char *id, *name, *started_at, *finished_at;
	long long pages_in, duplicates, cover_sheets;
};

/* store_bind_text - bind S (NULL binds NULL) as parameter I */
int	store_bind_text(sqlite3_stmt *st, int i, const char *s);
/* store_bind_id - bind ID, or NULL when it is 0 */
int	store_bind_id(sqlite3_stmt *st, int i, long long id);
/*
 * store_actor - the audit actor for a person's action: $USER if it is a
 * plain name, else STORE_ACTOR (a static buffer)
 */
const char *store_actor(void);
/*
 * store_actor_ok - 1 if S may name a person in the audit chain (-u NAME):
 * 1 to 64 letters, digits and "._@-", and not STORE_ACTOR
 */
int	store_actor_ok(const char *s);
/*
 * store_login_actor - the default actor of a person's command: $USER if
 * it is a plain name, else the name of our user id ("" if none; a static
 * buffer)
 */
const char *store_login_actor(void);
/* store_verdict - the verdict for the archive's last failure, reason in ERR */
enum verdict store_verdict(struct db *, char *err, size_t errlen);

/* store_doc_find - the id of the document (SHA256, FIRST_PAGE), 0 none, -1 */
long long store_doc_find(struct db *, const char *sha256, long first_page);
/* store_batch_known - 1 if the archive has batch ID, 0 if not, -1 error */
int	store_batch_known(struct db *, const char *id);
/* store_batch_add - insert batch row B (not finished) */
int	store_batch_add(struct db *, const struct store_batch *b);

/*
 * store_source_put - a new source row for SRC whose content is read from
 * FD (SRC->size bytes, 1 MB at a time), checking it against SRC->sha256
 * as it goes: in little memory where content is source's last column
 * (schema 7), else SQLite expands the row's zeroblob in memory (about
 * three times SRC->size at the peak; dossier-archive(5)).  NOW is the
 * row's created_at.  PERM if
 * the content is not what SRC says (reason in ERR), TEMP or PERM by
 * db_temp() when the archive fails.  Appends its source.add audit row
 * (STORE_ACTOR): sha256, size, and container and member if any.
 */
enum verdict store_source_put(struct db *, const struct store_source *src,
	    int fd, const char *now, char *err, size_t errlen);

/*
 * store_document_add - the document row of D, filed or in review as LK
 * says; its id in *ID.  D->settings (NULL: none) is kept once per
 * distinct text in table provenance, which the document row points to.
 */
int	store_document_add(struct db *, const struct store_doc *d,
	    const struct link_result *lk, const char *now, long long *id);
/*
 * store_page_add - page PAGE_NO of document DOC; the image's SHA-256 is
 * computed here; the page's id in *ID.  Appends its page.add audit row
 * (STORE_ACTOR): the digests of its image and text.
 */
int	store_page_add(struct db *, long long doc, long page_no,
	    const struct store_page *pg, long long *id);
/*
 * store_lists_add - the tags and fields of D for document DOC; PAGE_ID[k]
 * is the id of page k+1
 */
int	store_lists_add(struct db *, const struct store_doc *d, long long doc,
	    const long long *page_id);
/*
 * store_filing_kv - a document's filing state as the audit words the
 * evidence triggers and dossier-verify(1) compare with the document row:
 * "status=S household=REF link=M person=ID class=C" (db_kv(); NULL is
 * written DB_KV_NONE: no household, no method, no person)
 */
void	store_filing_kv(struct strbuf *sb, const char *status,
	    const char *household, const char *link, const char *person,
	    const char *class);
/*
 * store_document_audit - the audit row of a document just stored, by
 * ACTOR: what it is and where it went (ids and digests, no personal data):
 * its filing state (store_filing_kv), the review reason, its source, first
 * page, page count, job and date.  The pages and the source are audited
 * as they are added (page.add with image_sha256 and text_sha256 by
 * store_page_add, source.add with sha256 and size by store_source_put).
 */
int	store_document_audit(struct db *, const char *actor, long long doc,
	    const struct store_doc *d, const struct link_result *lk);
/*
 * store_page_twin - the document of another source that has a page with
 * the same decoded pixels PIXELS_SHA256 (the same page saved in another
 * format: a probable duplicate); 0 if none, -1 on error
 */
long long store_page_twin(struct db *, const char *pixels_sha256,
	    const char *source_sha256);
/*
 * store_hold_open - the open legal hold on document DOC, of class CLASS,
 * filed to household REF (NULL: none): on the document, its class or its
 * household, the first; its id into *HOLD and its reason into WHY.  1 if
 * there is one, 0 if not, -1 (db->err)
 */
int	store_hold_open(struct db *, long long doc, const char *class,
	    const char *ref, long long *hold, char *why, size_t size);
/* store_household_ref - the ref of household ID into BUF */
int	store_household_ref(struct db *, long long id, char *buf, size_t size);

#endif
