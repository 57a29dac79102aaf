/*
 * fuzz_text - what the tag and load stages read in a page's text, which
 * is whatever OCR made of a scan: textnorm_run() with its map, then on
 * the normalised text ident_scan() (every identifier kind, with and
 * without the source and map), ident_month_year(), textnorm_lang() and
 * textnorm_lang_clear(), textnorm_ocrfold(), textnorm_find(), and
 * ident_name_find() of a name taken from the input's first line, the
 * cover sheet's printed title (cover_title_read); and the
 * shipped tagset (tagsets/default.tagset, as tagset_resolve finds it from
 * the build tree) classifying and tagging it, its regexes under their
 * limits.
 * Checks what callers rely on: every identifier lies inside the text and
 * one reported valid passes its kind's own check (only valid ones may
 * ever link a document to a household), the map is monotonic and inside
 * the source, a name found lies inside the text with no more letters
 * read wrong than allowed.
 */
#include "cover.h"
#include "fuzz.h"
#include "ident.h"
#include "strbuf.h"
#include "tagset.h"
#include "textnorm.h"

struct seen {
	size_t	 len;
	size_t	 n;
};

static int
check_cb(const struct ident *id, void *arg)
{
	struct seen *s = arg;
	int ok = 1;

	if (id->start >= id->end || id->end > s->len ||
	    memchr(id->norm, '\0', sizeof(id->norm)) == NULL)
		abort();
	if (id->valid)
		switch (id->kind) {
		case IDENT_NATIONAL_ID:
			ok = strlen(id->norm) == 11 &&
			    ident_niss_check(id->norm);
			break;
		case IDENT_NIR:
			ok = strlen(id->norm) == 15 &&
			    ident_nir_check(id->norm);
			break;
		case IDENT_IBAN:
			ok = ident_iban_check(id->norm);
			break;
		case IDENT_DATE:
			ok = ident_iso_date_check(id->norm);
			break;
		default:
			break;
		}
	if (!ok)
		abort();
	s->n++;
	return 0;
}

/* the shipped tagset on the normalised text T (LEN bytes) */
static void
shipped(const char *t, size_t len)
{
	static struct tagset ts;
	static int loaded;
	struct strbuf err = STRBUF_INIT;

	if (!loaded) {
		if (tagset_load(&ts, tagset_resolve(NULL), &err) != 0) {
			fprintf(stderr, "fuzz_text: %s", err.buf);
			abort();
		}
		loaded = 1;
	}
	strbuf_release(&err);
	(void)fuzz_tagset_eval(&ts, t, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct textnorm tn;
	struct strbuf fold = STRBUF_INIT, flags = STRBUF_INIT;
	struct seen s;
	const char *src = (const char *)data, *nl;
	char month[8], *name, *sp;
	size_t i, start, end, n;
	int sub;

	textnorm_init(&tn);
	if (textnorm_run(&tn, src, size, 1) != 0)
		abort();
	if (tn.out.buf[tn.out.len] != '\0' || (tn.map != NULL &&
	    tn.map[tn.out.len] != size))
		abort();
	for (i = 0; tn.map != NULL && i < tn.out.len; i++)
		if (tn.map[i] > size || (i > 0 && tn.map[i] < tn.map[i - 1]))
			abort();
	s.len = tn.out.len;
	s.n = 0;
	n = ident_scan(tn.out.buf, tn.out.len, src, tn.map, check_cb, &s);
	if (n != s.n)
		abort();
	s.n = 0;
	(void)ident_scan(tn.out.buf, tn.out.len, NULL, NULL, check_cb, &s);
	if (ident_month_year(tn.out.buf, tn.out.len, month) == 1 &&
	    (strlen(month) != 7 || month[4] != '-'))
		abort();
	(void)textnorm_lang(tn.out.buf, tn.out.len);
	(void)textnorm_lang_clear(tn.out.buf, tn.out.len);
	shipped(tn.out.buf, tn.out.len);
	(void)cover_title_read(src, size);
	textnorm_ocrfold(tn.out.buf, tn.out.len, &fold, &flags);
	if (flags.len != fold.len)
		abort();
	/* the first line as "surname given names", sought in the text */
	nl = memchr(src, '\n', size);
	n = nl != NULL ? (size_t)(nl - src) : size < 40 ? size : 40;
	if ((name = malloc(n + 1)) != NULL) {
		memcpy(name, src, n);
		name[n] = '\0';
		if ((sp = textnorm_str(name)) != NULL) {
			char *given = strchr(sp, ' ');

			if (given != NULL)
				*given++ = '\0';
			for (sub = 0; sub <= 2; sub++) {
				int r = ident_name_find(tn.out.buf,
				    tn.out.len, sp, given, sub, &start, &end);

				if (r > sub || (r >= 0 && (start >= end ||
				    end > tn.out.len)))
					abort();
			}
			if (*sp != '\0' && textnorm_find(tn.out.buf,
			    tn.out.len, 0, sp, strlen(sp), 1) !=
			    (size_t)-1 && textnorm_find(tn.out.buf,
			    tn.out.len, 0, sp, strlen(sp), 1) >= tn.out.len)
				abort();
			free(sp);
		}
		free(name);
	}
	strbuf_release(&fold);
	strbuf_release(&flags);
	textnorm_release(&tn);
	return 0;
}
