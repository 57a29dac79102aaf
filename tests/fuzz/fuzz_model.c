/*
 * fuzz_model - a classifier model file (dossier-classify -m, which an
 * office may be handed from elsewhere): model_parse() of the input with
 * its SHA-256 appended as a file written by model_write() has it (so the
 * checks behind the digest are what is tried, not the digest), then, for
 * a model it takes, a prediction on a fixed document and on the input as
 * text, and model_write() of it parsed again to the same model.
 */
#include <math.h>

#include "fuzz.h"
#include "model.h"
#include "sha256.h"
#include "strbuf.h"
#include "textnorm.h"

static const char doc[] = "attestation de revenus cpas aide sociale "
    "loyer facture electricite montant du iban be68 rekening huur";

static void
predict(const struct model *m, const char *t, size_t len)
{
	struct model_feats f;
	struct textnorm tn;
	double *p;
	int best;
	uint32_t c;

	textnorm_init(&tn);
	textnorm_run(&tn, t, len, 0);
	model_feats_init(&f);
	model_features(tn.out.buf, tn.out.len, &f);
	if ((p = calloc(m->nclass, sizeof(*p))) == NULL)
		abort();
	best = model_predict(m, &f, p);
	if (best < -1 || best >= (int)m->nclass)
		abort();
	for (c = 0; c < m->nclass; c++)
		if (!isfinite(p[c]) || p[c] < 0 || p[c] > 1.0000001)
			abort();
	free(p);
	model_feats_release(&f);
	textnorm_release(&tn);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m, again;
	struct strbuf out = STRBUF_INIT;
	unsigned char *buf;
	char err[256];
	uint32_t c;

	if ((buf = malloc(size + 32)) == NULL)
		return 0;
	memcpy(buf, data, size);
	sha256_raw(buf, size, buf + size);
	model_init(&m);
	if (model_parse(&m, buf, size + 32, err, sizeof(err)) == 0) {
		predict(&m, doc, sizeof(doc) - 1);
		predict(&m, (const char *)data, size);
		for (c = 0; c < m.nclass; c++)
			if (model_class(&m, m.cls[c]) != (int)c)
				abort();
		model_write(&m, &out);
		model_init(&again);
		if (model_parse(&again, (const unsigned char *)out.buf,
		    out.len, err, sizeof(err)) != 0 ||
		    again.nclass != m.nclass || again.nfeat != m.nfeat ||
		    memcmp(again.feat, m.feat, m.nfeat * sizeof(*m.feat)))
			abort();
		model_free(&again);
	}
	model_free(&m);
	strbuf_release(&out);
	free(buf);
	return 0;
}
