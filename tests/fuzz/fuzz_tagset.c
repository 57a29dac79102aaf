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
	struct strbuf err = STRBUF_INIT;
	struct tagset ts;

	if (size > TAGSET_FILE_MAX)
		return 0;
	memset(&ts, 0, sizeof(ts));
	if (tagset_parse(&ts, "fuzz.tagset", (const char *)data, size,
	    &err) == 0)
		(void)fuzz_tagset_eval(&ts, doc_text, sizeof(doc_text) - 1);
	tagset_free(&ts);
	strbuf_release(&err);
	return 0;
}
