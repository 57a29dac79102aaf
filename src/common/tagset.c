/*
 * tagset.c - the tagset language: lexer, parser, checker (see tagset.h
 * and dossier-tagset(5)); what a tagset says of a document is tageval.c's
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "db.h"
#include "fileio.h"
#include "ident.h"
#include "job.h"
#include "msg.h"
#include "sha256.h"
#include "strbuf.h"
#include "tagset.h"
#include "textnorm.h"
#include "xalloc.h"

#ifndef DOSSIER_DATADIR
#define DOSSIER_DATADIR "/usr/local/share/dossier"
#endif

#define LINE_MAX_BYTES	65536
#define TOKENS_MAX	(TAGSET_PHRASES_MAX + 8)

struct token {
	char	*s;		/* unquoted, NUL-terminated */
	size_t	 len;
	int	 col;		/* 1-based column of its first byte */
	int	 quoted;
};

struct parser {
	struct tagset *ts;
	const char *name;	/* file name for messages */
	struct strbuf *err;
	int	 nerr;
	int	 line;
	int	 seen_header;
	struct tagset_section *cur;
	pcre2_compile_context *cctx;
};

static void
perr(struct parser *p, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
perr(struct parser *p, int col, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	p->nerr++;
	if (p->nerr > TAGSET_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strbuf_addf(p->err, "%s:%d:%d: %s\n", p->name, p->line, col, msg);
	if (p->nerr == TAGSET_ERRORS_MAX)
		strbuf_addf(p->err, "%s:%d:%d: too many errors, giving up "
		    "on reporting\n", p->name, p->line, col);
}

/* ---- lexer ------------------------------------------------------- */

/*
 * lex - split LINE (modified in place: strings are unquoted there) into
 * tokens; returns the count, or -1 after reporting an error
 */
static int
lex(struct parser *p, char *line, size_t len, struct token *tok)
{
	size_t i = 0, o;
	int n = 0, start;

	while (i < len) {
		if (line[i] == ' ' || line[i] == '\t') {
			i++;
			continue;
		}
		if (line[i] == '#')
			break;
		if (n >= TOKENS_MAX) {
			perr(p, (int)i + 1, "too many words on one line "
			    "(at most %d)", TOKENS_MAX);
			return -1;
		}
		start = (int)i;
		if (line[i] == '"') {
			o = ++i;
			tok[n].s = line + o;
			for (;;) {
				if (i >= len) {
					perr(p, start + 1, "unterminated "
					    "string");
					return -1;
				}
				if (line[i] == '"')
					break;
				if (line[i] == '\\' && i + 1 < len) {
					if (line[i + 1] == '"') {
						line[o++] = '"';
						i += 2;
						continue;
					}
					line[o++] = line[i++];
				}
				line[o++] = line[i++];
			}
			i++;	/* the closing quote */
			if (i < len && line[i] != ' ' && line[i] != '\t' &&
			    line[i] != '#') {
				perr(p, (int)i + 1, "text after the closing "
				    "quote");
				return -1;
			}
			tok[n].len = o - (size_t)(tok[n].s - line);
			tok[n].s[tok[n].len] = '\0';
			tok[n].quoted = 1;
		} else {
			tok[n].s = line + i;
			while (i < len && line[i] != ' ' && line[i] != '\t' &&
			    line[i] != '#') {
				if (line[i] == '"') {
					perr(p, (int)i + 1, "quote inside a "
					    "word");
					return -1;
				}
				i++;
			}
			tok[n].len = (size_t)(line + i - tok[n].s);
			tok[n].quoted = 0;
			if (i < len && line[i] == '#') {
				/* "word#comment": end the word here */
				line[i] = '\0';
				tok[n].col = start + 1;
				n++;
				break;
			}
			if (i < len)
				line[i++] = '\0';
		}
		tok[n].col = start + 1;
		n++;
	}
	return n;
}

/* ---- helpers ----------------------------------------------------- */

static int
name_ok(const char *s, int is_tag)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > TAGSET_NAME_LEN || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_')
			continue;
		if (is_tag && (c == ':' || c == '-' || c == '.'))
			continue;
		return 0;
	}
	return 1;
}

/* number - parse an integer token in [LO, HI]; -1 and a report if not */
static int
number(struct parser *p, const struct token *t, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(t->s, &end, 10);
	if (t->quoted || t->len == 0 || *end != '\0' || errno != 0 ||
	    v < lo || v > hi) {
		perr(p, t->col, "'%s' is not a number from %ld to %ld", t->s,
		    lo, hi);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int
is_number(const struct token *t)
{
	const char *s = t->s;

	if (t->quoted)
		return 0;
	if (*s == '-' || *s == '+')
		s++;
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static const char *const langs[] = { "fra", "nld", "eng", "deu", "und",
	NULL };

/* compile - a pattern token into a pcre2_code, or NULL after a report */
static pcre2_code *
compile(struct parser *p, const struct token *t)
{
	const unsigned char *s = (const unsigned char *)t->s;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	pcre2_code *re;
	size_t i, k;
	uint32_t cp;
	int rc;

	if (t->len == 0) {
		perr(p, t->col, "empty regular expression");
		return NULL;
	}
	if (t->len > TAGSET_REGEX_LEN) {
		perr(p, t->col, "regular expression longer than %d bytes",
		    TAGSET_REGEX_LEN);
		return NULL;
	}
	for (i = 0; i < t->len; i += k) {
		k = textnorm_decode(s + i, t->len - i, &cp);
		if (cp >= 0x80 && textnorm_fold(cp) != NULL) {
			perr(p, t->col, "regular expression has '%.*s': the "
			    "text it runs on is in lower case without "
			    "accents (write '%s')", (int)k, (const char *)s + i,
			    textnorm_fold(cp));
			return NULL;
		}
	}
	re = pcre2_compile(s, t->len, PCRE2_UTF | PCRE2_CASELESS |
	    PCRE2_NEVER_BACKSLASH_C, &rc, &off,
	    p->cctx);
	if (re == NULL) {
		pcre2_get_error_message(rc, msg, sizeof(msg));
		perr(p, t->col + 1 + (int)off, "bad regular expression: %s",
		    (const char *)msg);
		return NULL;
	}
	p->ts->nregex++;
	return re;
}

static struct tagset_rule *
new_rule(struct parser *p, enum tagset_rule_type type, int col)
{
	struct tagset_section *sec = p->cur;
	struct tagset_rule *r;

	if (sec->nrules == sec->arules) {
		sec->arules = sec->arules ? sec->arules * 2 : 8;
		sec->rules = xreallocarray(sec->rules, sec->arules,
		    sizeof(*sec->rules));
	}
	r = &sec->rules[sec->nrules++];
	memset(r, 0, sizeof(*r));
	r->type = type;
	r->weight = 1;
	r->line = p->line;
	r->col = col;
	snprintf(r->id, sizeof(r->id), "%s.%zu", sec->name, sec->nrules);
	p->ts->nrules++;
	return r;
}

/*
 * rule - a rule line starting at TOK[0] (after any "lang X"); returns 0,
 * or -1 after a report
 */
static int
rule(struct parser *p, struct token *tok, int n, const char *lang)
{
	static const struct {
		const char *kw;
		enum tagset_rule_type type;
	} kws[] = {
		{ "any", TAGSET_ANY }, { "all", TAGSET_ALL },
		{ "not", TAGSET_NOT }, { "regex", TAGSET_REGEX },
		{ "inclass", TAGSET_INCLASS }, { "has", TAGSET_HAS },
	};
	enum tagset_rule_type type = TAGSET_ANY;
	struct tagset_rule *r;
	struct tagset_phrase *ph;
	size_t k;
	int i = 1, weight = 1, found = 0;
	char *norm;

	for (k = 0; k < sizeof(kws) / sizeof(kws[0]); k++)
		if (!tok[0].quoted && strcmp(tok[0].s, kws[k].kw) == 0) {
			type = kws[k].type;
			found = 1;
		}
	if (!found) {
		perr(p, tok[0].col, "unknown directive '%s'", tok[0].s);
		return -1;
	}
	if (type == TAGSET_INCLASS && !p->cur->is_tag) {
		perr(p, tok[0].col, "inclass is for tag sections only");
		return -1;
	}
	if (!p->cur->is_tag && strcmp(p->cur->name, "other") == 0) {
		perr(p, tok[0].col, "class other is the fallback: it takes "
		    "no rules");
		return -1;
	}
	if (p->ts->nrules >= TAGSET_RULES_MAX) {
		perr(p, tok[0].col, "too many rules (at most %d)",
		    TAGSET_RULES_MAX);
		return -1;
	}
	if (i < n && is_number(&tok[i])) {
		if (number(p, &tok[i], 1, TAGSET_WEIGHT_MAX, &weight) < 0)
			return -1;
		i++;
	}
	if (i >= n) {
		perr(p, tok[0].col, "%s needs %s", tok[0].s,
		    type == TAGSET_REGEX ? "a regular expression" :
		    type == TAGSET_INCLASS ? "one or more class names" :
		    type == TAGSET_HAS ? "one or more field kinds "
		    "(national_id, nir, iban, date, amount, dossier_ref)" :
		    "one or more phrases");
		return -1;
	}
	if (type == TAGSET_REGEX && n - i != 1) {
		perr(p, tok[i + 1].col, "regex takes one pattern (quote it)");
		return -1;
	}
	if (n - i > TAGSET_PHRASES_MAX) {
		perr(p, tok[i].col, "too many phrases (at most %d)",
		    TAGSET_PHRASES_MAX);
		return -1;
	}
	r = new_rule(p, type, tok[0].col);
	r->weight = weight;
	snprintf(r->lang, sizeof(r->lang), "%s", lang != NULL ? lang : "");
	if (type == TAGSET_REGEX) {
		r->re = compile(p, &tok[i]);
		return r->re == NULL ? -1 : 0;
	}
	if (type == TAGSET_HAS) {
		for (; i < n; i++) {
			int kind;

			for (kind = IDENT_DOSSIER_REF; kind <= IDENT_AMOUNT;
			    kind++)
				if (!tok[i].quoted && strcmp(tok[i].s,
				    ident_kind_name((enum ident_kind)kind)) == 0)
					break;
			if (kind > IDENT_AMOUNT) {
				perr(p, tok[i].col, "unknown field kind '%s' "
				    "(national_id, nir, iban, date, amount, "
				    "dossier_ref)", tok[i].s);
				return -1;
			}
			r->kinds |= 1u << kind;
		}
		return 0;
	}
	if (type == TAGSET_INCLASS) {
		r->classes = xcalloc((size_t)(n - i), sizeof(char *));
		for (; i < n; i++) {
			if (!name_ok(tok[i].s, 0)) {
				perr(p, tok[i].col, "bad class name '%s'",
				    tok[i].s);
				return -1;
			}
			r->classes[r->nclasses++] = xstrdup(tok[i].s);
		}
		return 0;
	}
	r->phrases = xcalloc((size_t)(n - i), sizeof(*r->phrases));
	for (; i < n; i++) {
		ph = &r->phrases[r->nphrases];
		if (tok[i].len > TAGSET_PHRASE_LEN) {
			perr(p, tok[i].col, "phrase longer than %d bytes",
			    TAGSET_PHRASE_LEN);
			return -1;
		}
		if (tok[i].len > 1 && tok[i].s[tok[i].len - 1] == '*') {
			ph->prefix = 1;
			tok[i].s[--tok[i].len] = '\0';
		}
		norm = textnorm_str(tok[i].s);
		if (norm[0] == '\0') {
			free(norm);
			perr(p, tok[i].col, "empty phrase");
			return -1;
		}
		ph->text = norm;
		ph->len = strlen(norm);
		{
			struct strbuf f = STRBUF_INIT;

			textnorm_ocrfold(norm, ph->len, &f, NULL);
			if (f.len >= TAGSET_FUZZY_MIN) {
				ph->flen = f.len;
				ph->fold = strbuf_detach(&f, NULL);
			}
			strbuf_release(&f);
		}
		r->nphrases++;
		p->ts->nphrases++;
	}
	return 0;
}

static void
new_section(struct parser *p, int is_tag, const struct token *t)
{
	struct tagset *ts = p->ts;
	struct tagset_section *sec;
	size_t k;

	if (!name_ok(t->s, is_tag)) {
		perr(p, t->col, "bad %s name '%s' (%s)", is_tag ? "tag" :
		    "class", t->s, is_tag ? "a-z, 0-9, '_', ':', '-', '.', "
		    "starting with a letter" : "a-z, 0-9, '_', starting with "
		    "a letter");
		p->cur = NULL;
		return;
	}
	for (k = 0; k < ts->nsec; k++)
		if (ts->sec[k].is_tag == is_tag && strcmp(ts->sec[k].name,
		    t->s) == 0) {
			perr(p, t->col, "%s '%s' is already defined on line "
			    "%d", is_tag ? "tag" : "class", t->s,
			    ts->sec[k].line);
			p->cur = NULL;
			return;
		}
	if (ts->nsec >= TAGSET_SECTIONS_MAX) {
		perr(p, t->col, "too many classes and tags (at most %d)",
		    TAGSET_SECTIONS_MAX);
		p->cur = NULL;
		return;
	}
	if (ts->nsec == ts->asec) {
		ts->asec = ts->asec ? ts->asec * 2 : 16;
		ts->sec = xreallocarray(ts->sec, ts->asec, sizeof(*ts->sec));
	}
	sec = &ts->sec[ts->nsec++];
	memset(sec, 0, sizeof(*sec));
	sec->is_tag = is_tag;
	sec->name = xstrdup(t->s);
	sec->min = 1;
	sec->line = p->line;
	if (is_tag)
		ts->ntags++;
	else
		ts->nclasses++;
	p->cur = sec;
}

/* directive - one non-empty line of tokens */
static void
directive(struct parser *p, struct token *tok, int n)
{
	const char *d = tok[0].s;
	struct tagset_section *sec;
	int v;

	if (tok[0].quoted) {
		perr(p, tok[0].col, "a line starts with a directive, not a "
		    "string");
		return;
	}
	if (strcmp(d, "tagset") == 0) {
		if (p->seen_header) {
			perr(p, tok[0].col, "second tagset line");
			return;
		}
		p->seen_header = 1;
		if (n != 4 || tok[2].quoted || strcmp(tok[2].s, "version") != 0)
		{
			perr(p, tok[0].col, "usage: tagset NAME version 1");
			return;
		}
		if (number(p, &tok[3], 1, 1, &v) < 0)
			return;
		free(p->ts->name);
		p->ts->name = xstrdup(tok[1].s);
		p->ts->version = v;
		return;
	}
	if (!p->seen_header) {
		perr(p, tok[0].col, "the first directive must be "
		    "'tagset NAME version 1'");
		p->seen_header = 1;	/* say it once */
	}
	if (strcmp(d, "class") == 0 || strcmp(d, "tag") == 0) {
		if (n != 2) {
			perr(p, tok[0].col, "usage: %s NAME", d);
			p->cur = NULL;
			return;
		}
		new_section(p, d[0] == 't', &tok[1]);
		return;
	}
	sec = p->cur;
	if (sec == NULL) {
		/* after a bad section line: errors there are enough */
		if (p->ts->nsec == 0)
			perr(p, tok[0].col, "'%s' outside a class or tag "
			    "section", d);
		return;
	}
	if (strcmp(d, "label") == 0) {
		if (n != 2) {
			perr(p, tok[0].col, "usage: label \"TEXT\"");
			return;
		}
		if (sec->label != NULL) {
			perr(p, tok[0].col, "second label for '%s'",
			    sec->name);
			return;
		}
		sec->label = xstrdup(tok[1].s);
		return;
	}
	if (strcmp(d, "min") == 0) {
		if (n != 2) {
			perr(p, tok[0].col, "usage: min SCORE");
			return;
		}
		if (sec->min_set) {
			perr(p, tok[0].col, "second min for '%s'", sec->name);
			return;
		}
		if (number(p, &tok[1], -100000, 100000, &sec->min) == 0)
			sec->min_set = 1;
		return;
	}
	if (strcmp(d, "value") == 0) {
		if (!sec->is_tag) {
			perr(p, tok[0].col, "value is for tag sections only");
			return;
		}
		if (sec->value != TAGSET_VALUE_NONE) {
			perr(p, tok[0].col, "second value for '%s'",
			    sec->name);
			return;
		}
		if (n == 2 && !tok[1].quoted && strcmp(tok[1].s, "month") == 0)
			sec->value = TAGSET_VALUE_MONTH;
		else if (n == 3 && !tok[1].quoted && strcmp(tok[1].s,
		    "text") == 0) {
			if (strpbrk(tok[2].s, "\t\r\n") != NULL ||
			    tok[2].len > TAGSET_VALUE_LEN) {
				perr(p, tok[2].col, "a value is one line of "
				    "at most %d bytes", TAGSET_VALUE_LEN);
				return;
			}
			sec->value = TAGSET_VALUE_TEXT;
			sec->value_text = xstrdup(tok[2].s);
		} else if (n == 3 && !tok[1].quoted && strcmp(tok[1].s,
		    "regex") == 0) {
			if ((sec->value_re = compile(p, &tok[2])) != NULL)
				sec->value = TAGSET_VALUE_REGEX;
		} else
			perr(p, tok[0].col, "usage: value month | value text "
			    "\"TEXT\" | value regex \"PATTERN\"");
		return;
	}
	if (strcmp(d, "lang") == 0) {
		int k, ok = 0;

		if (n < 3) {
			perr(p, tok[0].col, "usage: lang LANG RULE...");
			return;
		}
		for (k = 0; langs[k] != NULL; k++)
			if (!tok[1].quoted && strcmp(tok[1].s, langs[k]) == 0)
				ok = 1;
		if (!ok) {
			perr(p, tok[1].col, "unknown language '%s' (fra, nld, "
			    "eng, deu, und)", tok[1].s);
			return;
		}
		if (strcmp(tok[2].s, "lang") == 0) {
			perr(p, tok[2].col, "one lang per rule");
			return;
		}
		(void)rule(p, tok + 2, n - 2, tok[1].s);
		return;
	}
	(void)rule(p, tok, n, NULL);
}

/* check - what can only be checked once the whole file is read */
static void
check(struct parser *p)
{
	struct tagset *ts = p->ts;
	struct tagset_section *sec;
	struct tagset_rule *r;
	size_t s, k, c, j;
	int known;

	for (s = 0; s < ts->nsec; s++) {
		sec = &ts->sec[s];
		p->line = sec->line;
		if (sec->nrules == 0 && !(!sec->is_tag && strcmp(sec->name,
		    "other") == 0) && !(sec->is_tag && sec->value !=
		    TAGSET_VALUE_NONE && sec->min <= 0))
			perr(p, 1, "%s '%s' has no rules", sec->is_tag ?
			    "tag" : "class", sec->name);
		for (k = 0; k < sec->nrules; k++) {
			r = &sec->rules[k];
			if (r->type != TAGSET_INCLASS)
				continue;
			p->line = r->line;
			for (c = 0; c < r->nclasses; c++) {
				known = strcmp(r->classes[c], "other") == 0;
				for (j = 0; j < ts->nsec && !known; j++)
					if (!ts->sec[j].is_tag && strcmp(
					    ts->sec[j].name, r->classes[c]) == 0)
						known = 1;
				if (!known)
					perr(p, r->col, "inclass names an "
					    "unknown class '%s'",
					    r->classes[c]);
			}
		}
	}
	if (ts->nclasses == 0 && ts->ntags == 0) {
		p->line = 1;
		perr(p, 1, "the tagset defines no class and no tag");
	}
}

int
tagset_parse(struct tagset *ts, const char *name, const char *text,
    size_t len, struct strbuf *err)
{
	struct parser p;
	struct token *tok;
	char *line;
	size_t i = 0, e, k, bad;
	int n;

	memset(ts, 0, sizeof(*ts));
	memset(&p, 0, sizeof(p));
	p.ts = ts;
	p.name = name;
	p.err = err;
	p.cctx = pcre2_compile_context_create(NULL);
	pcre2_set_parens_nest_limit(p.cctx, 64);
	tok = xcalloc(TOKENS_MAX, sizeof(*tok));
	line = xmalloc(LINE_MAX_BYTES + 1);
	ts->path = xstrdup(name);
	sha256_hex(text, len, ts->sha256);
	while (i < len) {
		p.line++;
		for (e = i; e < len && text[e] != '\n'; e++)
			;
		k = e - i;
		if (k > 0 && text[i + k - 1] == '\r')
			k--;
		if (k > LINE_MAX_BYTES) {
			perr(&p, LINE_MAX_BYTES, "line longer than %d bytes",
			    LINE_MAX_BYTES);
			i = e + 1;
			continue;
		}
		memcpy(line, text + i, k);
		line[k] = '\0';
		i = e + 1;
		bad = (size_t)-1;
		if (!textnorm_utf8_valid(line, k)) {
			uint32_t cp;
			size_t q = 0, m;

			while (q < k) {
				m = textnorm_decode((unsigned char *)line + q,
				    k - q, &cp);
				if (cp == 0xFFFD && m == 1) {
					bad = q;
					break;
				}
				q += m;
			}
			perr(&p, (int)bad + 1, "invalid UTF-8");
			continue;
		}
		for (e = 0; e < k; e++)
			if ((unsigned char)line[e] < 0x20 && line[e] != '\t')
				break;
		if (e < k) {
			perr(&p, (int)e + 1, "control character");
			continue;
		}
		if ((n = lex(&p, line, strlen(line), tok)) <= 0)
			continue;
		directive(&p, tok, n);
	}
	if (len == 0)
		p.line = 1;
	check(&p);
	free(line);
	free(tok);
	pcre2_compile_context_free(p.cctx);
	if (p.nerr > 0) {
		tagset_free(ts);
		return -1;
	}
	ts->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(ts->mctx, TAGSET_MATCH_LIMIT);
	pcre2_set_depth_limit(ts->mctx, TAGSET_DEPTH_LIMIT);
	pcre2_set_heap_limit(ts->mctx, TAGSET_HEAP_LIMIT);
	ts->mdata = pcre2_match_data_create(10, NULL);
	return 0;
}

int
tagset_load(struct tagset *ts, const char *path, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int fd, rc;

	memset(ts, 0, sizeof(*ts));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		strbuf_addf(err, "%s:0:0: cannot open tagset: %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (file_check_private(fd) < 0) {
		if (errno == EPERM)
			strbuf_addf(err, "%s:0:0: tagset is writable by group "
			    "or others; refusing it (chmod go-w)\n", path);
		else
			strbuf_addf(err, "%s:0:0: tagset is not a regular "
			    "file\n", path);
		close(fd);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		strbuf_addf(err, "%s:0:0: cannot read tagset: %s\n", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	if (st.st_size > TAGSET_FILE_MAX || file_read_fd(fd, TAGSET_FILE_MAX,
	    &sb) < 0) {
		strbuf_addf(err, "%s:0:0: cannot read tagset: %s\n", path,
		    st.st_size > TAGSET_FILE_MAX || errno == EFBIG ?
		    "larger than 1 MiB" : strerror(errno));
		close(fd);
		strbuf_release(&sb);
		return -1;
	}
	close(fd);
	if (memchr(sb.buf, '\0', sb.len) != NULL) {
		strbuf_addf(err, "%s:0:0: tagset holds a NUL byte: not a "
		    "text file\n", path);
		strbuf_release(&sb);
		return -1;
	}
	rc = tagset_parse(ts, path, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return rc;
}

void
tagset_free(struct tagset *ts)
{
	struct tagset_section *sec;
	struct tagset_rule *r;
	size_t s, k, j;

	for (s = 0; s < ts->nsec; s++) {
		sec = &ts->sec[s];
		for (k = 0; k < sec->nrules; k++) {
			r = &sec->rules[k];
			for (j = 0; j < r->nphrases; j++) {
				free(r->phrases[j].text);
				free(r->phrases[j].fold);
			}
			free(r->phrases);
			for (j = 0; j < r->nclasses; j++)
				free(r->classes[j]);
			free(r->classes);
			pcre2_code_free(r->re);
		}
		free(sec->rules);
		free(sec->name);
		free(sec->label);
		free(sec->value_text);
		pcre2_code_free(sec->value_re);
	}
	free(ts->sec);
	free(ts->path);
	free(ts->name);
	pcre2_match_context_free(ts->mctx);
	pcre2_match_data_free(ts->mdata);
	memset(ts, 0, sizeof(*ts));
}

const char *
tagset_resolve(const char *opt)
{
	static char tree[PATH_MAX + 32];
	char exe[PATH_MAX], *slash;
	const char *e;
	struct stat st;
	ssize_t n;
	int k;

	if (opt != NULL)
		return opt;
	e = getenv("DOSSIER_TAGSET");
	if (e != NULL && *e != '\0')
		return e;
	if (stat("tagsets/default.tagset", &st) == 0)
		return "tagsets/default.tagset";
	/*
	 * relative to the program: a binary run from its source tree (bin/
	 * or build-X/bin/), else a tree installed, or staged with DESTDIR,
	 * under any prefix finds its own data in BINDIR/../share/dossier
	 */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		for (k = 0; k < 3; k++) {
			if ((size_t)snprintf(tree, sizeof(tree),
			    "%s/%s/tagsets/default.tagset", exe, k == 0 ?
			    ".." : k == 1 ? "../.." : "../share/dossier") >=
			    sizeof(tree))
				break;
			if (stat(tree, &st) == 0)
				return tree;
		}
	}
	/* where make install put it (DATADIR), when the program was moved */
	return DOSSIER_DATADIR "/tagsets/default.tagset";
}

int
tagset_load_report(struct tagset *ts, const char *opt)
{
	struct strbuf err = STRBUF_INIT;
	const char *path = tagset_resolve(opt);
	char *line, *nl;

	if (tagset_load(ts, path, &err) == 0) {
		strbuf_release(&err);
		return 0;
	}
	for (line = err.buf; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			break;
		*nl = '\0';
		msg_error("%s", line);
	}
	msg_error("cannot use tagset '%s'", path);
	strbuf_release(&err);
	return -1;
}

void
tagset_settings(const struct tagset *ts, struct strbuf *sb)
{
	const char *base = ts->path != NULL ? strrchr(ts->path, '/') : NULL;
	char v[16];

	db_kv(sb, "tagset", base != NULL ? base + 1 : ts->path);
	db_kv(sb, "tagset_name", ts->name);
	snprintf(v, sizeof(v), "%d", ts->version);
	db_kv(sb, "tagset_version", v);
	db_kv(sb, "tagset_sha256", ts->sha256);
}

void
tagset_summary(const struct tagset *ts, FILE *fp)
{
	const struct tagset_section *sec;
	size_t s, k;
	int lim;

	fprintf(fp, "tagset \"%s\" version %d from %s\n", ts->name ?
	    ts->name : "", ts->version, ts->path);
	fprintf(fp, "%zu classes, %zu tags, %zu rules, %zu phrases, "
	    "%zu regexes\n", ts->nclasses, ts->ntags, ts->nrules,
	    ts->nphrases, ts->nregex);
	fprintf(fp, "limits: match %d, depth %d, heap %d KiB, text %zu "
	    "bytes a document\n", TAGSET_MATCH_LIMIT, TAGSET_DEPTH_LIMIT,
	    TAGSET_HEAP_LIMIT, TAGSET_DOC_MAX);
	for (s = 0; s < ts->nsec; s++) {
		sec = &ts->sec[s];
		lim = 0;
		for (k = 0; k < sec->nrules; k++)
			if (sec->rules[k].weight > 0 && sec->rules[k].type !=
			    TAGSET_NOT)
				lim += sec->rules[k].weight;
		fprintf(fp, "%s %s: %zu rules, min %d, max score %d%s%s%s\n",
		    sec->is_tag ? "tag" : "class", sec->name, sec->nrules,
		    sec->min, lim, sec->value == TAGSET_VALUE_MONTH ?
		    ", value month" : sec->value == TAGSET_VALUE_REGEX ?
		    ", value regex" : sec->value == TAGSET_VALUE_TEXT ?
		    ", value text" : "", sec->label ? ", label: " : "",
		    sec->label ? sec->label : "");
	}
}

const struct tagset_section *
tagset_find(const struct tagset *ts, int is_tag, const char *name)
{
	size_t s;

	for (s = 0; s < ts->nsec; s++)
		if (ts->sec[s].is_tag == is_tag && strcmp(ts->sec[s].name,
		    name) == 0)
			return &ts->sec[s];
	return NULL;
}
