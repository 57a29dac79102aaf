/*
 * classify.c - choose a document class from the tagset (see classify.h)
 */
#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "exitcode.h"
#include "msg.h"
#include "strbuf.h"
#include "tagset.h"
#include "textnorm.h"

static struct tagset classify_ts;	/* loaded in the parent, shared */
static const char *classify_topt;	/* -t */

int
classify_option(int ch, const char *arg)
{
	if (ch != 't')
		return -1;
	classify_topt = arg;
	return 0;
}

int
classify_setup(void)
{
	return tagset_load_report(&classify_ts, classify_topt) < 0 ?
	    EXIT_ENV : EXIT_DONE;
}

int
classify_check(void)
{
	tagset_summary(&classify_ts, stdout);
	return fflush(stdout) == 0 ? EXIT_DONE : EXIT_ENV;
}

enum verdict
classify_job(const struct tagset *ts, struct job *job, char *err,
    size_t errlen)
{
	struct tagset_pages pg;
	struct tagset_choice ch;
	struct tagset_doc doc;
	int rc;

	rc = tagset_pages_read(&pg, job, TAGSET_DOC_MAX, 0, err, errlen);
	if (rc < 0) {
		tagset_pages_free(&pg);
		return rc == -1 ? VERDICT_PERM : VERDICT_TEMP;
	}
	memset(&doc, 0, sizeof(doc));
	doc.text = pg.all.buf;
	doc.len = pg.all.len;
	doc.lang = textnorm_lang(doc.text, doc.len);
	strbuf_init(&ch.rules);
	tagset_classify(ts, &doc, &ch);
	job_set(job, "class", ch.cls);
	job_setf(job, "class_score", "%.3f", ch.score);
	job_set(job, "class_rules", ch.rules.buf);
	job_set(job, "lang", doc.lang);
	if (doc.limit_hits > 0)
		msg_warn("%d regular expression match%s stopped by the "
		    "match limits: check the tagset's patterns",
		    doc.limit_hits, doc.limit_hits == 1 ? "" : "es");
	msg_debug("class %s score %.3f (rule score %d, next %d), lang %s",
	    ch.cls, ch.score, ch.raw, ch.second, doc.lang);
	strbuf_release(&ch.rules);
	tagset_pages_free(&pg);
	return VERDICT_OK;
}

enum verdict
classify_process(void *ctx, struct job *job, char *err, size_t errlen)
{
	return classify_job(&classify_ts, job, err, errlen);
}
