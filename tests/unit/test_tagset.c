/*
 * test_tagset.c - the tagset language: parsing, errors, evaluation, limits
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "strbuf.h"
#include "tagset.h"
#include "textnorm.h"
#include "unit.h"

static const char good[] =
    "# a small tagset\n"
    "tagset \"test\" version 1\n"
    "class payslip\n"
    "\tlabel \"Fiche de paie\"\n"
    "\tany 5 \"fiche de paie\" \"loonbrief\"   # titles\n"
    "\tall 2 \"salaire\" \"brut\"\n"
    "\tregex 2 \"net(to)?\\s*(a payer|te betalen)\"\n"
    "\tnot 4 \"attestation de revenus\"\n"
    "\tlang nld any 1 \"werkgever\"\n"
    "\tmin 4\n"
    "class lease\n"
    "\tany 5 \"bail\" \"huurovereenkomst\" \"huur*\"\n"
    "\tmin 4\n"
    "class other\n"
    "\tlabel \"anything else\"\n"
    "tag sensitive:financial\n"
    "\tinclass 3 payslip\n"
    "\tmin 3\n"
    "tag period\n"
    "\tinclass payslip\n"
    "\tvalue month\n"
    "tag ref\n"
    "\tany \"ref\"\n"
    "\tvalue regex \"ref ([0-9]+)\"\n";

static int
parse(struct tagset *ts, const char *text, struct strbuf *err)
{
	strbuf_reset(err);
	return tagset_parse(ts, "t.tagset", text, strlen(text), err);
}

/* doc - a tagset_doc over the normalisation of RAW (kept in TN) */
static void
doc(struct tagset_doc *d, struct textnorm *tn, const char *raw,
    const char *cls)
{
	textnorm_run(tn, raw, strlen(raw), 0);
	tagset_doc_release(d);
	memset(d, 0, sizeof(*d));
	d->text = tn->out.buf;
	d->len = tn->out.len;
	d->lang = textnorm_lang(d->text, d->len);
	d->cls = cls;
}

DEFINE_TEST(test_tagset_parse_good)
{
	struct strbuf err = STRBUF_INIT;
	struct tagset ts;

	assert_int(parse(&ts, good, &err), ==, 0);
	assert_str(err.buf, "");
	assert_str(ts.name, "test");
	assert_int(ts.nclasses, ==, 3);
	assert_int(ts.ntags, ==, 3);
	assert_int(ts.nrules, ==, 9);
	assert_int(ts.nregex, ==, 2);
	assert_true(tagset_find(&ts, 0, "payslip") != NULL);
	assert_str(tagset_find(&ts, 0, "payslip")->label, "Fiche de paie");
	assert_str(tagset_find(&ts, 0, "payslip")->rules[4].lang, "nld");
	assert_str(tagset_find(&ts, 0, "payslip")->rules[1].id, "payslip.2");
	assert_int(tagset_find(&ts, 0, "lease")->rules[0].phrases[2].prefix,
	    ==, 1);
	tagset_free(&ts);
	strbuf_release(&err);
}

DEFINE_TEST(test_tagset_errors)
{
	struct strbuf err = STRBUF_INIT;
	struct tagset ts;

	/* every error of the file, each with file:line:col */
	assert_int(parse(&ts,
	    "tagset \"x\" version 1\n"
	    "class Bad-Name\n"
	    "class ok\n"
	    "  any 5 \"unterminated\n"
	    "  regex 2 \"(a\"\n"
	    "  frobnicate 3 \"x\"\n"
	    "  any 0 \"zero weight\"\n"
	    "  lang xx any \"x\"\n"
	    "  regex \"d\xc3\xa9" "cision\"\n"
	    "  min many\n"
	    "tag t\n"
	    "  inclass nosuch\n"
	    "  value\n", &err), ==, -1);
	assert_true(strstr(err.buf, "t.tagset:2:7: bad class name") != NULL);
	assert_true(strstr(err.buf, "t.tagset:4:9: unterminated string") !=
	    NULL);
	assert_true(strstr(err.buf, "t.tagset:5:") != NULL);
	assert_true(strstr(err.buf, "bad regular expression") != NULL);
	assert_true(strstr(err.buf, "t.tagset:6:3: unknown directive "
	    "'frobnicate'") != NULL);
	assert_true(strstr(err.buf, "t.tagset:7:7: '0' is not a number") !=
	    NULL);
	assert_true(strstr(err.buf, "t.tagset:8:8: unknown language 'xx'") !=
	    NULL);
	assert_true(strstr(err.buf, "t.tagset:9:") != NULL);
	assert_true(strstr(err.buf, "without accents") != NULL);
	assert_true(strstr(err.buf, "t.tagset:10:7: 'many' is not a number")
	    != NULL);
	assert_true(strstr(err.buf, "t.tagset:12:3: inclass names an unknown "
	    "class 'nosuch'") != NULL);
	assert_true(strstr(err.buf, "t.tagset:13:3: usage: value") != NULL);
	/* a failed parse leaves nothing behind */
	assert_int(ts.nsec, ==, 0);
	tagset_free(&ts);

	assert_int(parse(&ts, "class a\n  any \"x\"\n", &err), ==, -1);
	assert_true(strstr(err.buf, "t.tagset:1:1: the first directive must "
	    "be") != NULL);
	assert_int(parse(&ts, "", &err), ==, -1);
	assert_true(strstr(err.buf, "defines no class") != NULL);
	assert_int(parse(&ts, "tagset x version 1\nclass a\n  any \"x\"\n"
	    "class a\n  any \"y\"\n", &err), ==, -1);
	assert_true(strstr(err.buf, "t.tagset:4:7: class 'a' is already "
	    "defined on line 2") != NULL);
	assert_int(parse(&ts, "tagset x version 1\nclass a\n  any \"x\"y\n",
	    &err), ==, -1);
	assert_true(strstr(err.buf, "t.tagset:3:10: text after the closing "
	    "quote") != NULL);
	assert_int(parse(&ts, "tagset x version 1\nclass a\n  any \"\xff\"\n",
	    &err), ==, -1);
	assert_true(strstr(err.buf, "t.tagset:3:8: invalid UTF-8") != NULL);
	assert_int(parse(&ts, "tagset x version 1\nclass other\n  any \"x\"\n",
	    &err), ==, -1);
	assert_true(strstr(err.buf, "fallback") != NULL);
	assert_int(parse(&ts, "tagset x version 1\nclass a\n", &err), ==, -1);
	assert_true(strstr(err.buf, "t.tagset:2:1: class 'a' has no rules") !=
	    NULL);
	strbuf_release(&err);
}

DEFINE_TEST(test_tagset_load_file)
{
	struct strbuf err = STRBUF_INIT;
	struct tagset ts;

	assert_int(file_write_durable("g.tagset", good, strlen(good)), ==, 0);
	chmod("g.tagset", 0644);
	assert_int(tagset_load(&ts, "g.tagset", &err), ==, 0);
	tagset_free(&ts);
	/* writable by group: refused */
	chmod("g.tagset", 0664);
	assert_int(tagset_load(&ts, "g.tagset", &err), ==, -1);
	assert_true(strstr(err.buf, "writable by group or others") != NULL);
	strbuf_reset(&err);
	assert_int(tagset_load(&ts, "missing.tagset", &err), ==, -1);
	assert_true(strstr(err.buf, "missing.tagset:0:0: cannot open") !=
	    NULL);
	strbuf_release(&err);
}

DEFINE_TEST(test_tagset_classify)
{
	struct strbuf err = STRBUF_INIT, val = STRBUF_INIT;
	struct tagset ts;
	struct tagset_doc d = { 0 };
	struct tagset_choice ch;
	struct textnorm tn;

	assert_int(parse(&ts, good, &err), ==, 0);
	textnorm_init(&tn);
	strbuf_init(&ch.rules);

	doc(&d, &tn, "FICHE DE PAIE\nSalaire brut 2.000,00 EUR\nNet à payer "
	    "1.600,00 EUR\nPériode: octobre 2026 ref 4711", NULL);
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "payslip");
	assert_int(ch.raw, ==, 9);
	assert_str(ch.rules.buf, "payslip.1 payslip.2 payslip.3");
	assert_true(ch.score > 0.99);

	/* tags */
	d.cls = "payslip";
	assert_int(tagset_tag(&ts, tagset_find(&ts, 1, "period"), &d, &val),
	    ==, 1);
	assert_str(val.buf, "2026-10");
	assert_int(tagset_tag(&ts, tagset_find(&ts, 1,
	    "sensitive:financial"), &d, &val), ==, 1);
	assert_str(val.buf, "");
	assert_int(tagset_tag(&ts, tagset_find(&ts, 1, "ref"), &d, &val), ==,
	    1);
	assert_str(val.buf, "4711");
	d.cls = "lease";
	assert_int(tagset_tag(&ts, tagset_find(&ts, 1, "period"), &d, &val),
	    ==, 0);

	/* a "not" phrase pulls the score below min */
	doc(&d, &tn, "Attestation de revenus: pas une fiche de paie", NULL);
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "other");
	/* other says how far the closest class is: payslip at 1 of 4 */
	assert_true(ch.score > 0.749 && ch.score < 0.751);
	assert_str(ch.near, "payslip");
	assert_str(ch.rules.buf, "");

	/* prefix phrase, and a tie between classes lowers the score */
	doc(&d, &tn, "Huurcontract", NULL);
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "lease");
	assert_true(ch.score > 0.6 && ch.score < 0.7);
	doc(&d, &tn, "loonbrief huurovereenkomst", NULL);
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "payslip");
	assert_true(ch.score < 0.35);

	/* empty text */
	doc(&d, &tn, "", NULL);
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "other");

	tagset_doc_release(&d);
	strbuf_release(&ch.rules);
	strbuf_release(&val);
	textnorm_release(&tn);
	tagset_free(&ts);
	strbuf_release(&err);
}

DEFINE_TEST(test_tagset_regex_bomb)
{
	struct strbuf err = STRBUF_INIT;
	struct tagset ts;
	struct tagset_doc d = { 0 };
	struct tagset_choice ch;
	size_t n = 100000;
	char *t = malloc(n + 2);

	assert_int(parse(&ts, "tagset bomb version 1\nclass bomb\n"
	    "  regex 5 \"(a+)+$\"\n  regex 5 \"(a|aa)+c\"\n"
	    "  regex 5 \"^(\\\\w+\\\\s?)*$\"\n", &err), ==, 0);
	assert_str(err.buf, "");
	memset(t, 'a', n);
	t[n] = 'b';
	t[n + 1] = '\0';
	memset(&d, 0, sizeof(d));
	d.text = t;
	d.len = n + 1;
	strbuf_init(&ch.rules);
	tagset_classify(&ts, &d, &ch);
	/* no hang, no match, and the limit was noticed */
	assert_str(ch.cls, "other");
	assert_int(d.limit_hits, >=, 1);
	assert_int(tagset_regex_match(&ts, ts.sec[0].rules[0].re, t, n + 1),
	    ==, -1);
	/* a sane subject still matches */
	assert_int(tagset_regex_match(&ts, ts.sec[0].rules[0].re, "aaa", 3),
	    ==, 1);
	strbuf_release(&ch.rules);
	tagset_free(&ts);
	strbuf_release(&err);
	free(t);
}

DEFINE_TEST(test_tagset_default_file)
{
	struct strbuf err = STRBUF_INIT;
	struct tagset ts;
	const char *src = getenv("DOSSIER_SRCDIR");
	char path[4096];

	/*
	 * The runner chdirs to a temp dir: the source tree is
	 * $DOSSIER_SRCDIR, else the directory it was started from ($PWD).
	 */
	if (src == NULL)
		src = getenv("PWD");
	snprintf(path, sizeof(path), "%s/tagsets/default.tagset",
	    src != NULL ? src : ".");
	if (tagset_load(&ts, path, &err) != 0)
		printf("# %s", err.buf);
	assert_str(err.buf, "");
	assert_true(tagset_find(&ts, 0, "payslip") != NULL);
	assert_true(tagset_find(&ts, 0, "unemployment_certificate") != NULL);
	assert_true(tagset_find(&ts, 1, "period") != NULL);
	tagset_free(&ts);
	strbuf_release(&err);
}

DEFINE_TEST(test_tagset_ocr_tolerance)
{
	struct strbuf err = STRBUF_INIT;
	struct tagset ts;
	struct tagset_doc d = { 0 };
	struct tagset_choice ch;
	struct textnorm tn;

	assert_int(parse(&ts, "tagset ocr version 1\n"
	    "class income\n  any 5 \"attestation de revenus\"\n  min 5\n"
	    "class medical\n  any 5 \"medisch attest\" \"maladie\"\n  min 5\n"
	    "class bill\n  any 5 \"factuur\"\n  min 5\n", &err), ==, 0);
	assert_str(err.buf, "");
	textnorm_init(&tn);
	strbuf_init(&ch.rules);
	/* a word broken by OCR, rn read for m, 0 for o, 1 for l */
	doc(&d, &tn, "ATTES TATION DE REVENUS", NULL);
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "income");
	doc(&d, &tn, "Attestation de revenus", NULL);
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "income");
	doc(&d, &tn, "rnedisch attest", NULL);
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "medical");
	doc(&d, &tn, "ATTESTATI0N DE REVENUS", NULL);
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "income");
	doc(&d, &tn, "attestation de revenus", NULL);
	d.nofuzzy = 1;
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "income");
	doc(&d, &tn, "attestati0n de revenus", NULL);
	d.nofuzzy = 1;
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "other");
	/* short phrases stay exact: no "maladie" in "rnaladie" */
	doc(&d, &tn, "rnaladie", NULL);
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "other");
	/* and a tolerant match still starts and ends on word boundaries */
	doc(&d, &tn, "xattestation de revenus", NULL);
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "other");
	doc(&d, &tn, "attestation de revenusx", NULL);
	tagset_classify(&ts, &d, &ch);
	assert_str(ch.cls, "other");
	tagset_doc_release(&d);
	strbuf_release(&ch.rules);
	textnorm_release(&tn);
	tagset_free(&ts);
	strbuf_release(&err);
}

DEFINE_TEST(test_tagset_has_field)
{
	struct strbuf err = STRBUF_INIT, val = STRBUF_INIT;
	struct tagset ts;
	struct tagset_doc d = { 0 };
	struct textnorm tn;
	const struct tagset_section *sec;

	assert_int(parse(&ts, "tagset f version 1\n"
	    "tag has:iban\n  has iban\n"
	    "tag has:id\n  has 2 national_id nir\n  min 2\n", &err), ==, 0);
	assert_str(err.buf, "");
	textnorm_init(&tn);
	sec = tagset_find(&ts, 1, "has:iban");
	doc(&d, &tn, "Compte BE68 5390 0754 7034", NULL);
	assert_int(tagset_tag(&ts, sec, &d, &val), ==, 1);
	/* an IBAN that fails its check is not "an IBAN" */
	doc(&d, &tn, "Compte BE68 5390 0754 7035", NULL);
	assert_int(tagset_tag(&ts, sec, &d, &val), ==, 0);
	sec = tagset_find(&ts, 1, "has:id");
	doc(&d, &tn, "NISS 85.07.30-033.28", NULL);
	assert_int(tagset_tag(&ts, sec, &d, &val), ==, 1);
	doc(&d, &tn, "NIR 1 85 07 75 123 456 08", NULL);
	assert_int(tagset_tag(&ts, sec, &d, &val), ==, 1);
	doc(&d, &tn, "NISS 85.07.30-033.29", NULL);
	assert_int(tagset_tag(&ts, sec, &d, &val), ==, 0);
	tagset_doc_release(&d);
	tagset_free(&ts);

	/* errors: an unknown kind, no kind */
	assert_int(parse(&ts, "tagset f version 1\ntag t\n  has 2 phone\n"
	    "  has\n", &err), ==, -1);
	assert_true(strstr(err.buf, "t.tagset:3:9: unknown field kind "
	    "'phone'") != NULL);
	assert_true(strstr(err.buf, "t.tagset:4:3: has needs one or more "
	    "field kinds") != NULL);
	textnorm_release(&tn);
	strbuf_release(&val);
	strbuf_release(&err);
}
