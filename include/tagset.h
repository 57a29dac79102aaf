/*
 * tagset - the classes and tags an office defines (dossier-tagset(5))
 *
 * A tagset is a line-oriented text file: "directive arg...", '#'
 * comments, double-quoted strings.  It holds class sections (the document
 * classes classify chooses from) and tag sections (the tags tag sets),
 * each a list of weighted rules over the document's normalised text
 * (textnorm.h): phrases, PCRE2 regular expressions, the document class,
 * the document language.  tagset_load() reads and checks the whole file
 * and reports every error as "file:line:col: message"; a loaded tagset is
 * read-only and is shared by the worker processes after fork().
 *
 * Evaluation is bounded: phrases are matched with memmem(3), regexes run
 * under PCRE2 match, depth and heap limits (a catastrophic pattern stops
 * with "no match" and is counted in tagset_doc.limit_hits).
 *
 * One API, two files: the language (lexer, parser, checker) is tagset.c,
 * the evaluation of a loaded tagset on a document is tageval.c.
 */
#ifndef DOSSIER_TAGSET_H
#define DOSSIER_TAGSET_H

#include <stddef.h>
#include <stdio.h>

#include "job.h"
#include "strbuf.h"
#include "textnorm.h"

#define TAGSET_FILE_MAX		(1024 * 1024)	/* bytes in a tagset file */
#define TAGSET_SECTIONS_MAX	512		/* classes plus tags */
#define TAGSET_RULES_MAX	8192		/* rules in all sections */
#define TAGSET_PHRASES_MAX	256		/* phrases in one rule */
#define TAGSET_PHRASE_LEN	256		/* bytes in one phrase */
#define TAGSET_REGEX_LEN	2048		/* bytes in one pattern */
#define TAGSET_NAME_LEN		63		/* class and tag names */
#define TAGSET_ERRORS_MAX	50		/* errors reported per file */
#define TAGSET_WEIGHT_MAX	1000
#define TAGSET_MATCH_LIMIT	100000		/* pcre2_set_match_limit */
#define TAGSET_DEPTH_LIMIT	2000		/* pcre2_set_depth_limit */
#define TAGSET_HEAP_LIMIT	8192		/* KiB, pcre2_set_heap_limit */
#define TAGSET_VALUE_LEN	200		/* bytes of a tag value */
#define TAGSET_DOC_MAX		((size_t)16 * 1024 * 1024) /* text/doc */
#define TAGSET_PAGES_MAX	100000		/* pages in one document */

enum tagset_rule_type {
	TAGSET_ANY,		/* any phrase found: +weight */
	TAGSET_ALL,		/* all phrases found: +weight */
	TAGSET_NOT,		/* any phrase found: -weight */
	TAGSET_REGEX,		/* the pattern matches: +weight */
	TAGSET_INCLASS,		/* the document class is one of: +weight */
	TAGSET_HAS		/* a valid field of one of these kinds: +weight */
};

/*
 * phrases this long or longer (in letters and digits) are also looked for
 * in the OCR-folded text (textnorm_ocrfold): broken words, rn/m, 0/o, 1/l
 */
#define TAGSET_FUZZY_MIN	8

struct tagset_phrase {
	char	*text;		/* normalised */
	size_t	 len;
	int	 prefix;	/* written with a trailing '*' */
	char	*fold;		/* OCR-folded, squeezed, or NULL if short */
	size_t	 flen;
};

struct tagset_rule {
	enum tagset_rule_type type;
	int	 weight;
	char	 lang[4];		/* only for this language, or "" */
	struct tagset_phrase *phrases;	/* any, all, not */
	size_t	 nphrases;
	char	**classes;		/* inclass */
	size_t	 nclasses;
	void	*re;			/* regex: a pcre2_code */
	unsigned kinds;			/* has: 1 << enum ident_kind */
	int	 line, col;		/* where it was written */
	char	 id[TAGSET_NAME_LEN + 16]; /* "SECTION.N", for the audit */
};

enum tagset_value {
	TAGSET_VALUE_NONE,	/* the tag has an empty value */
	TAGSET_VALUE_TEXT,	/* a fixed text */
	TAGSET_VALUE_REGEX,	/* the first capture of a pattern */
	TAGSET_VALUE_MONTH	/* YYYY-MM the document is about */
};

struct tagset_section {
	int	 is_tag;		/* 0 class, 1 tag */
	char	*name;
	char	*label;			/* or NULL */
	int	 min;			/* score needed; default 1 */
	int	 min_set;
	struct tagset_rule *rules;
	size_t	 nrules;
	size_t	 arules;
	enum tagset_value value;	/* tags only */
	char	*value_text;
	void	*value_re;		/* a pcre2_code */
	int	 line;
};

struct tagset {
	char	*path;			/* as loaded */
	char	 sha256[65];		/* SHA-256 of its text, hex */
	char	*name;			/* from the "tagset" line */
	int	 version;
	struct tagset_section *sec;
	size_t	 nsec;
	size_t	 asec;
	size_t	 nclasses, ntags, nrules, nphrases, nregex;
	void	*mctx;			/* pcre2_match_context with limits */
	void	*mdata;			/* pcre2_match_data */
};

/* what a document offers to the rules */
struct tagset_doc {
	const char *text;	/* normalised text of the whole document */
	size_t	 len;
	const char *lang;	/* document language, e.g. "fra" */
	const char *cls;	/* document class (for inclass), or NULL */
	int	 limit_hits;	/* out: regexes stopped by a limit */
	/* computed when first needed; tagset_doc_release frees them */
	int	 fold_done;
	struct strbuf fold;	/* textnorm_ocrfold of text */
	struct strbuf fflags;	/* its word start/end flags */
	int	 fields_done;
	unsigned fields;	/* 1 << kind of each valid field found */
	int	 nofuzzy;	/* set: exact phrase matching only */
};

/*
 * tagset_doc_release - free what evaluating rules on DOC computed (DOC
 * must have been zeroed before its first use); DOC can be reused after
 * a memset
 */
void	tagset_doc_release(struct tagset_doc *doc);

/* the outcome of tagset_classify() */
struct tagset_choice {
	const char *cls;	/* class name, "other" if none qualifies */
	double	 score;		/* 0..1, see dossier-classify(1) */
	int	 raw;		/* its rule score */
	int	 second;	/* the best rule score of the other classes */
	struct strbuf rules;	/* ids of its rules that matched */
	const char *near;	/* the class closest to its min of those */
				/* not chosen, or NULL */
	double	 near_ratio;	/* its score / its min, 0..1 */
};

/*
 * tagset_resolve - the tagset file to use: OPT (-t) if not NULL, else
 * $DOSSIER_TAGSET, else tagsets/default.tagset if it exists, else the
 * source tree's when the program runs from it (EXEDIR/../tagsets or
 * EXEDIR/../../tagsets, for bin/ and build-X/bin/), else the installed
 * one: beside the program, EXEDIR/../share/dossier/tagsets (wherever the
 * tree was installed or staged), else DOSSIER_DATADIR/tagsets.  The
 * result may point to a static buffer.
 */
const char *tagset_resolve(const char *opt);

/*
 * tagset_load - read and check the tagset file PATH into TS.  Refuses a
 * file that is not regular, is writable by group or others, or is larger
 * than TAGSET_FILE_MAX.  Returns 0, or -1 with one line per error
 * ("file:line:col: message\n") in ERR; TS is then empty (tagset_free
 * is still allowed).
 */
int	tagset_load(struct tagset *ts, const char *path, struct strbuf *err);

/*
 * tagset_parse - check and compile the tagset TEXT (LEN bytes) read from
 * a file called NAME (for messages); as tagset_load without the file
 */
int	tagset_parse(struct tagset *ts, const char *name, const char *text,
	    size_t len, struct strbuf *err);

/*
 * tagset_load_report - tagset_load the file tagset_resolve(OPT) names and
 * report each error with msg_error(); 0 or -1.  What a stage's setup does.
 */
int	tagset_load_report(struct tagset *ts, const char *opt);

/* tagset_free - release everything TS holds */
void	tagset_free(struct tagset *ts);

/* tagset_summary - what -n prints: counts, then one line a section */
void	tagset_summary(const struct tagset *ts, FILE *fp);

/*
 * tagset_settings - append to SB, as db_kv() words for a stage's
 * settings (dossier-spool(5)): tagset=BASE (the file's base name),
 * tagset_name=NAME, tagset_version=N and tagset_sha256=HEX of its text
 */
void	tagset_settings(const struct tagset *ts, struct strbuf *sb);

/* tagset_find - the section called NAME (IS_TAG: a tag), or NULL */
const struct tagset_section *tagset_find(const struct tagset *ts,
	    int is_tag, const char *name);

/*
 * tagset_score - the score of section SEC on DOC: the sum of the weights
 * of its rules that hold (minus those of "not" rules); the ids of those
 * rules are appended, space-separated, to IDS unless it is NULL
 */
int	tagset_score(const struct tagset *ts, const struct tagset_section *sec,
	    struct tagset_doc *doc, struct strbuf *ids);

/*
 * tagset_classify - score every class on DOC and choose: the highest
 * score among the classes that reach their min (the first written wins a
 * tie), else "other" with score 1 - OUT->near_ratio (how far the closest
 * class is from qualifying: 1 when no rule held).  OUT->rules must be
 * initialised.
 */
void	tagset_classify(const struct tagset *ts, struct tagset_doc *doc,
	    struct tagset_choice *out);

/*
 * tagset_tag - 1 if the tag section SEC applies to DOC (score >= min and,
 * for a month or regex value, a value found), with its value in VALUE
 * (replaced; never holding a tab or newline); else 0
 */
int	tagset_tag(const struct tagset *ts, const struct tagset_section *sec,
	    struct tagset_doc *doc, struct strbuf *value);

/*
 * tagset_regex_match - run the compiled pattern RE (from this tagset) on
 * T under the limits; 1 match, 0 no match, -1 stopped by a limit
 */
int	tagset_regex_match(const struct tagset *ts, void *re, const char *t,
	    size_t len);

/* the page texts of one job, normalised page by page */
struct tagset_pages {
	size_t	 n;		/* pages with a text */
	int	*pageno;	/* their page numbers K */
	struct strbuf *raw;	/* the text as read */
	struct textnorm *norm;	/* normalised, with the map */
	struct strbuf all;	/* every normalised page, space-separated */
};

/*
 * tagset_pages_read - read the text files page.K.text of JOB (K = 1 ..
 * pages; pages without the key are blank) and normalise them, at most
 * MAX bytes of text in all.  WANT_MAP keeps the textnorm maps.  Returns 0;
 * -1 when the job is bad (a missing or oversized text, a bad file name,
 * no page count): quarantine it; -2 on an environment failure (I/O):
 * retry later.  The reason is in ERR.
 */
int	tagset_pages_read(struct tagset_pages *pg, const struct job *job,
	    size_t max, int want_map, char *err, size_t errlen);
void	tagset_pages_free(struct tagset_pages *pg);

#endif
