/*
 * test_model.c - the learnt classifier: features, training, prediction of
 * held-out documents, cross-validation, and the model file's defences
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "sha256.h"
#include "strbuf.h"
#include "textnorm.h"
#include "unit.h"

/* a tiny corpus: three classes, four documents each, in two languages */
static const char *const corpus[][2] = {
	{ "payslip", "fiche de paie salaire brut cotisations onss net a payer employeur" },
	{ "payslip", "loonbrief brutoloon rsz werknemer nettoloon werkgever" },
	{ "payslip", "bulletin de paie salaire net precompte professionnel heures" },
	{ "payslip", "loonstrook nettoloon bedrijfsvoorheffing uurloon werkgever" },
	{ "lease", "contrat de bail le bailleur et le preneur loyer mensuel garantie" },
	{ "lease", "huurovereenkomst verhuurder huurder huurprijs huurwaarborg" },
	{ "lease", "bail de residence principale loyer etat des lieux preneur" },
	{ "lease", "huurcontract huurder plaatsbeschrijving maandelijkse huurprijs" },
	{ "bank_statement", "extrait de compte ancien solde nouveau solde virement" },
	{ "bank_statement", "rekeninguittreksel vorig saldo nieuw saldo overschrijving" },
	{ "bank_statement", "releve de compte solde domiciliation paiement par carte" },
	{ "bank_statement", "uittreksel zichtrekening saldo domiciliering kaartbetaling" },
};
#define NDOCS	(sizeof(corpus) / sizeof(corpus[0]))

static char *classes[] = { "payslip", "lease", "bank_statement" };

static void
feats(const char *raw, struct model_feats *f)
{
	struct textnorm tn;

	textnorm_init(&tn);
	textnorm_run(&tn, raw, strlen(raw), 0);
	model_feats_init(f);
	model_features(tn.out.buf, tn.out.len, f);
	textnorm_release(&tn);
}

static void
corpus_feats(struct model_feats *f, int *label)
{
	size_t i, c;

	for (i = 0; i < NDOCS; i++) {
		feats(corpus[i][1], &f[i]);
		for (c = 0; c < 3; c++)
			if (strcmp(classes[c], corpus[i][0]) == 0)
				label[i] = (int)c;
	}
}

DEFINE_TEST(test_model_features)
{
	struct model_feats a, b;
	size_t i;

	feats("FICHE  DE\nPAIE", &a);
	feats("fiche de paie", &b);
	/* the same words give the same set: sorted, each once */
	assert_int(a.n, ==, b.n);
	assert_true(a.n > 10);
	for (i = 0; i < a.n; i++) {
		assert_true(a.h[i] == b.h[i]);
		if (i > 0)
			assert_true(a.h[i] > a.h[i - 1]);
	}
	model_feats_release(&b);
	/* numbers alone and empty text give nothing */
	feats("12 345 678,90 - 2026", &b);
	assert_int(b.n, ==, 0);
	model_feats_release(&b);
	feats("", &b);
	assert_int(b.n, ==, 0);
	model_feats_release(&b);
	model_feats_release(&a);
}

DEFINE_TEST(test_model_train_predict)
{
	struct model_feats f[NDOCS], d;
	int label[NDOCS], best;
	struct model m;
	double p[3];
	size_t i;

	corpus_feats(f, label);
	model_init(&m);
	/* one class only (the first 4 documents): nothing to learn */
	assert_int(model_train(&m, f, label, NULL, 4, classes, 3, 1, 8),
	    ==, -1);
	assert_int(model_train(&m, f, label, NULL, NDOCS, classes, 3, 1, 8),
	    ==, 0);
	assert_int(m.nclass, ==, 3);
	assert_int(m.ndocs, ==, NDOCS);
	/* held-out documents, with OCR damage, in both languages */
	feats("FICHE DE PA1E - salaire brut 2.150,00 - net a payer", &d);
	best = model_predict(&m, &d, p);
	assert_str(m.cls[best], "payslip");
	assert_true(p[best] > 0.5 && p[best] <= 1);
	model_feats_release(&d);
	feats("De huurder betaalt de huurprijs aan de verhuurder", &d);
	assert_str(m.cls[model_predict(&m, &d, p)], "lease");
	model_feats_release(&d);
	feats("Nieuw saldo na overschrijving en kaartbetaling", &d);
	assert_str(m.cls[model_predict(&m, &d, p)], "bank_statement");
	model_feats_release(&d);
	/* a text it knows nothing of: no prediction, uniform */
	feats("zzqx wwvy", &d);
	assert_int(model_predict(&m, &d, p), ==, -1);
	assert_true(p[0] > 0.33 && p[0] < 0.34);
	model_feats_release(&d);
	model_free(&m);
	for (i = 0; i < NDOCS; i++)
		model_feats_release(&f[i]);
}

DEFINE_TEST(test_model_cross_validate)
{
	struct model_feats f[NDOCS];
	int label[NDOCS];
	struct model_cv cv;
	size_t i;

	corpus_feats(f, label);
	assert_int(model_cross_validate(f, label, NDOCS, classes, 3, 4, 1,
	    &cv), ==, 0);
	assert_int(cv.n, ==, NDOCS);
	assert_int(cv.folds, ==, 4);
	assert_true(cv.sharp > 0);
	/* held-out accuracy well above chance (1/3) */
	assert_int(cv.right, >=, 8);
	model_cv_free(&cv);
	/* more folds than documents */
	assert_int(model_cross_validate(f, label, 3, classes, 3, 5, 1, &cv),
	    ==, -1);
	for (i = 0; i < NDOCS; i++)
		model_feats_release(&f[i]);
}

DEFINE_TEST(test_model_file)
{
	struct model_feats f[NDOCS];
	int label[NDOCS];
	struct model m, r;
	struct strbuf img = STRBUF_INIT;
	unsigned char *bad;
	char err[256];
	size_t i;

	corpus_feats(f, label);
	model_init(&m);
	assert_int(model_train(&m, f, label, NULL, NDOCS, classes, 3, 1, 8),
	    ==, 0);
	model_write(&m, &img);
	assert_int(strlen(m.digest), ==, 64);

	/* a round trip gives the same model */
	assert_int(model_parse(&r, (unsigned char *)img.buf, img.len, err,
	    sizeof(err)), ==, 0);
	assert_int(r.nclass, ==, 3);
	assert_int(r.nfeat, ==, m.nfeat);
	assert_str(r.cls[2], "bank_statement");
	assert_str(r.digest, m.digest);
	assert_true(r.sharp == m.sharp);
	assert_true(memcmp(r.w, m.w, (size_t)m.nfeat * 3 * sizeof(float)) ==
	    0);
	model_free(&r);

	bad = malloc(img.len);
	/* truncated anywhere */
	for (i = 0; i < img.len; i += 1 + img.len / 50) {
		assert_int(model_parse(&r, (unsigned char *)img.buf, i, err,
		    sizeof(err)), ==, -1);
		assert_int(r.nclass, ==, 0);
	}
	/* one bit flipped anywhere */
	for (i = 8; i < img.len; i += 1 + img.len / 50) {
		memcpy(bad, img.buf, img.len);
		bad[i] ^= 0x10;
		assert_int(model_parse(&r, bad, img.len, err, sizeof(err)),
		    ==, -1);
	}
	/* another version, even with a good checksum */
	memcpy(bad, img.buf, img.len);
	bad[8] = 2;
	sha256_raw(bad, img.len - 32, bad + img.len - 32);
	assert_int(model_parse(&r, bad, img.len, err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "version 2") != NULL);
	/* a header that lies about its size, with a good checksum */
	memcpy(bad, img.buf, img.len);
	bad[16]++;
	sha256_raw(bad, img.len - 32, bad + img.len - 32);
	assert_int(model_parse(&r, bad, img.len, err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "header says") != NULL);
	/* not a model at all */
	assert_int(model_parse(&r, (const unsigned char *)"tagset x", 8, err,
	    sizeof(err)), ==, -1);
	assert_true(strstr(err, "not a dossier model") != NULL);
	assert_int(model_load(&r, "no-such-model", err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "no-such-model") != NULL);

	free(bad);
	strbuf_release(&img);
	model_free(&m);
	for (i = 0; i < NDOCS; i++)
		model_feats_release(&f[i]);
}
