/*
 * classify-cost - the cost of dossier-classify and dossier-tag per page,
 * without the spool: a measurement tool for tests/classify-bench.sh
 *
 *   classify-cost TAGSET MODEL|none ROUNDS TEXTFILE...
 *
 * Each text file is one page.  For ROUNDS rounds, every page is
 * normalised, classified (rules and model) and tagged (tags and fields),
 * as the stages do; prints the mean milliseconds per page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify.h"
#include "fileio.h"
#include "model.h"
#include "msg.h"
#include "strbuf.h"
#include "tag.h"
#include "tagset.h"
#include "textnorm.h"

int
main(int argc, char **argv)
{
	struct strbuf err = STRBUF_INIT, tags = STRBUF_INIT,
	    fields = STRBUF_INIT, *raw;
	struct tagset ts;
	struct model m;
	char why[512];
	struct timespec t0, t1;
	int i, r, rounds, npages, nf, pageno = 1;
	double ms;

	msg_progname = "classify-cost";
	if (argc < 5) {
		fprintf(stderr, "usage: classify-cost TAGSET MODEL|none "
		    "ROUNDS TEXTFILE...\n");
		return 2;
	}
	if (tagset_load(&ts, argv[1], &err) < 0) {
		fprintf(stderr, "%s", err.buf);
		return 3;
	}
	model_init(&m);
	if (strcmp(argv[2], "none") != 0 && model_load(&m, argv[2], why,
	    sizeof(why)) < 0) {
		fprintf(stderr, "%s\n", why);
		return 3;
	}
	rounds = atoi(argv[3]);
	npages = argc - 4;
	raw = calloc((size_t)npages, sizeof(*raw));
	for (i = 0; i < npages; i++) {
		strbuf_init(&raw[i]);
		if (file_read(argv[4 + i], TAGSET_DOC_MAX, &raw[i]) < 0) {
			perror(argv[4 + i]);
			return 3;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (r = 0; r < rounds; r++)
		for (i = 0; i < npages; i++) {
			struct tagset_pages pg;
			struct tagset_doc doc;
			struct classify_result cr;

			memset(&pg, 0, sizeof(pg));
			strbuf_init(&pg.all);
			pg.n = 1;
			pg.pageno = &pageno;
			pg.raw = &raw[i];
			pg.norm = calloc(1, sizeof(*pg.norm));
			textnorm_init(pg.norm);
			textnorm_run(pg.norm, raw[i].buf, raw[i].len, 1);
			strbuf_add(&pg.all, pg.norm->out.buf,
			    pg.norm->out.len);
			memset(&doc, 0, sizeof(doc));
			doc.text = pg.all.buf;
			doc.len = pg.all.len;
			doc.lang = textnorm_lang(doc.text, doc.len);
			classify_result_init(&cr);
			classify_text(&ts, m.nclass > 0 ? &m : NULL, &doc, &cr);
			strbuf_reset(&tags);
			strbuf_reset(&fields);
			(void)tag_document(&ts, &pg, cr.cls, doc.lang, &tags,
			    &fields, &nf);
			classify_result_release(&cr);
			tagset_doc_release(&doc);
			textnorm_release(pg.norm);
			free(pg.norm);
			strbuf_release(&pg.all);
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / ((double)rounds *
	    npages);
	printf("%.3f\n", ms);
	return 0;
}
