/*
 * fuzz_tagset - the tagset language (tagset_parse), and a loaded tagset
 * evaluated on a fixed document (its regexes run under their limits)
 */
#include "fuzz.h"
#include "tagset.h"

static const char doc_text[] = "facture electricite montant 123,45 eur "
    "du 12 mars 2026 avis d imposition 2025 jean dupont rue de la gare";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT, ids = STRBUF_INIT;
	struct strbuf val = STRBUF_INIT;
	struct tagset ts;
	struct tagset_doc doc;
	struct tagset_choice ch;
	size_t i;

	if (size > TAGSET_FILE_MAX)
		return 0;
	memset(&ts, 0, sizeof(ts));
	if (tagset_parse(&ts, "fuzz.tagset", (const char *)data, size,
	    &err) == 0) {
		memset(&doc, 0, sizeof(doc));
		doc.text = doc_text;
		doc.len = sizeof(doc_text) - 1;
		doc.lang = "fra";
		memset(&ch, 0, sizeof(ch));
		strbuf_init(&ch.rules);
		tagset_classify(&ts, &doc, &ch);
		doc.cls = ch.cls;
		for (i = 0; i < ts.nsec; i++)
			if (ts.sec[i].is_tag) {
				(void)tagset_score(&ts, &ts.sec[i], &doc, &ids);
				(void)tagset_tag(&ts, &ts.sec[i], &doc, &val);
			}
		strbuf_release(&ch.rules);
		tagset_doc_release(&doc);
	}
	tagset_free(&ts);
	strbuf_release(&err);
	strbuf_release(&ids);
	strbuf_release(&val);
	return 0;
}
