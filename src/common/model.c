/*
 * model.c - naive Bayes document classifier and its file (see model.h)
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "model.h"
#include "sha256.h"
#include "strbuf.h"
#include "textnorm.h"
#include "xalloc.h"

#define HEADER_LEN	(8 + 4 * 4 + 4 * 2)
#define WORD_MAX	40

/* ---- features ---------------------------------------------------- */

void
model_feats_init(struct model_feats *f)
{
	f->h = NULL;
	f->n = f->a = 0;
}

void
model_feats_release(struct model_feats *f)
{
	free(f->h);
	model_feats_init(f);
}

static uint32_t
fnv(uint32_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void
feat_add(struct model_feats *f, uint32_t h)
{
	if (f->n == f->a) {
		f->a = f->a ? f->a * 2 : 256;
		f->h = xreallocarray(f->h, f->a, sizeof(*f->h));
	}
	f->h[f->n++] = h;
}

static int
u32cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* has_letter - 1 if the word W (N bytes) has a letter */
static int
has_letter(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((w[i] >= 'a' && w[i] <= 'z') || (w[i] & 0x80) != 0)
			return 1;
	return 0;
}

void
model_features(const char *t, size_t len, struct model_feats *f)
{
	const uint32_t seed_w = 2166136261u, seed_b = 0x9e3779b9u,
	    seed_c = 0x85ebca6bu;
	char buf[WORD_MAX + 2];
	const char *prev = NULL;
	size_t i = 0, j, k, n, prevn = 0, raw = 0, o;

	f->n = 0;
	if (len > MODEL_TEXT_MAX)
		len = MODEL_TEXT_MAX;
	while (i < len && raw < 4 * MODEL_FEATS_MAX) {
		if (!textnorm_isword((unsigned char)t[i])) {
			i++;
			continue;
		}
		for (j = i; j < len && textnorm_isword((unsigned char)t[j]);
		    j++)
			;
		n = j - i;
		if (n < 2 || n > WORD_MAX || !has_letter(t + i, n)) {
			prev = NULL;
			i = j;
			continue;
		}
		feat_add(f, fnv(seed_w, t + i, n));
		if (prev != NULL) {
			uint32_t h = fnv(seed_b, prev, prevn);

			h = fnv(h, " ", 1);
			feat_add(f, fnv(h, t + i, n));
		}
		/* character 4-grams of " word " */
		o = 0;
		buf[o++] = ' ';
		memcpy(buf + o, t + i, n);
		o += n;
		buf[o++] = ' ';
		for (k = 0; k + 4 <= o; k++)
			feat_add(f, fnv(seed_c, buf + k, 4));
		raw += 2 + o;
		prev = t + i;
		prevn = n;
		i = j;
	}
	if (f->n == 0)
		return;
	qsort(f->h, f->n, sizeof(*f->h), u32cmp);
	for (i = 1, j = 1; i < f->n; i++)
		if (f->h[i] != f->h[j - 1])
			f->h[j++] = f->h[i];
	f->n = j;
	if (f->n > MODEL_FEATS_MAX)
		f->n = MODEL_FEATS_MAX;
}

/* ---- the model --------------------------------------------------- */

void
model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	m->cv_acc = -1;
}

void
model_free(struct model *m)
{
	uint32_t c;

	for (c = 0; c < m->nclass && m->cls != NULL; c++)
		free(m->cls[c]);
	free(m->cls);
	free(m->prior);
	free(m->feat);
	free(m->w);
	model_init(m);
}

int
model_class(const struct model *m, const char *name)
{
	uint32_t c;

	for (c = 0; c < m->nclass; c++)
		if (strcmp(m->cls[c], name) == 0)
			return (int)c;
	return -1;
}

/* ---- the file ---------------------------------------------------- */

static void
put32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4];

	b[0] = (unsigned char)v;
	b[1] = (unsigned char)(v >> 8);
	b[2] = (unsigned char)(v >> 16);
	b[3] = (unsigned char)(v >> 24);
	strbuf_add(sb, b, 4);
}

static void
putf(struct strbuf *sb, float f)
{
	uint32_t v;

	memcpy(&v, &f, 4);
	put32(sb, v);
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static float
getf(const unsigned char *p)
{
	uint32_t v = get32(p);
	float f;

	memcpy(&f, &v, 4);
	return f;
}

void
model_write(struct model *m, struct strbuf *out)
{
	unsigned char md[32];
	size_t i, n;
	uint32_t c;

	strbuf_reset(out);
	strbuf_add(out, MODEL_MAGIC, 8);
	put32(out, MODEL_VERSION);
	put32(out, m->nclass);
	put32(out, m->nfeat);
	put32(out, m->ndocs);
	putf(out, m->sharp);
	putf(out, m->cv_acc);
	for (c = 0; c < m->nclass; c++) {
		n = strlen(m->cls[c]);
		strbuf_addc(out, (int)n);
		strbuf_add(out, m->cls[c], n);
		putf(out, m->prior[c]);
	}
	for (i = 0; i < m->nfeat; i++)
		put32(out, m->feat[i]);
	for (i = 0; i < (size_t)m->nfeat * m->nclass; i++)
		putf(out, m->w[i]);
	sha256_raw(out->buf, out->len, md);
	sha256_tohex(md, m->digest);
	strbuf_add(out, md, 32);
}

int
model_name_ok(const unsigned char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > MODEL_NAME_LEN || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

int
model_parse(struct model *m, const unsigned char *buf, size_t len,
    char *err, size_t errlen)
{
	const unsigned char *p, *end;
	unsigned char md[32];
	uint32_t version, c, i;
	size_t n, need;

	model_init(m);
	if (len < 8 || memcmp(buf, MODEL_MAGIC, 8) != 0) {
		snprintf(err, errlen, "not a dossier model file");
		return -1;
	}
	if (len < HEADER_LEN + 32) {
		snprintf(err, errlen, "model file is truncated");
		return -1;
	}
	version = get32(buf + 8);
	if (version != MODEL_VERSION) {
		snprintf(err, errlen, "model file version %u: this program "
		    "reads version %d (train it again with --train)",
		    (unsigned)version, MODEL_VERSION);
		return -1;
	}
	sha256_raw(buf, len - 32, md);
	if (memcmp(md, buf + len - 32, 32) != 0) {
		snprintf(err, errlen, "model file is corrupt or truncated "
		    "(checksum mismatch)");
		return -1;
	}
	end = buf + len - 32;
	m->nclass = get32(buf + 12);
	m->nfeat = get32(buf + 16);
	m->ndocs = get32(buf + 20);
	m->sharp = getf(buf + 24);
	m->cv_acc = getf(buf + 28);
	if (m->nclass < 2 || m->nclass > MODEL_CLASSES_MAX ||
	    !isfinite(m->sharp) || m->sharp <= 0 || m->sharp > 1e6 ||
	    !isfinite(m->cv_acc)) {
		snprintf(err, errlen, "model file has a bad header");
		goto bad_quiet;
	}
	p = buf + HEADER_LEN;
	m->cls = xcalloc(m->nclass, sizeof(*m->cls));
	m->prior = xcalloc(m->nclass, sizeof(*m->prior));
	for (c = 0; c < m->nclass; c++) {
		if (p >= end || (size_t)(end - p) < 1u + p[0] + 4u) {
			snprintf(err, errlen, "model file is truncated");
			goto bad_quiet;
		}
		n = p[0];
		if (!model_name_ok(p + 1, n)) {
			snprintf(err, errlen, "model file has a bad class "
			    "name");
			goto bad_quiet;
		}
		m->cls[c] = xstrndup((const char *)p + 1, n);
		p += 1 + n;
		m->prior[c] = getf(p);
		p += 4;
		if (!isfinite(m->prior[c])) {
			snprintf(err, errlen, "model file has a bad prior");
			goto bad_quiet;
		}
	}
	for (c = 1; c < m->nclass; c++)
		for (i = 0; i < c; i++)
			if (strcmp(m->cls[i], m->cls[c]) == 0) {
				snprintf(err, errlen, "model file names a "
				    "class twice");
				goto bad_quiet;
			}
	need = (size_t)m->nfeat * 4 * (1 + (size_t)m->nclass);
	if ((size_t)(end - p) != need) {
		snprintf(err, errlen, "model file has %s data than its header "
		    "says", (size_t)(end - p) < need ? "less" : "more");
		goto bad_quiet;
	}
	m->feat = xcalloc((size_t)m->nfeat + 1, sizeof(*m->feat));
	m->w = xcalloc((size_t)m->nfeat * m->nclass + 1, sizeof(*m->w));
	for (i = 0; i < m->nfeat; i++, p += 4) {
		m->feat[i] = get32(p);
		if (i > 0 && m->feat[i] <= m->feat[i - 1]) {
			snprintf(err, errlen, "model file features are not "
			    "sorted");
			goto bad_quiet;
		}
	}
	for (n = 0; n < (size_t)m->nfeat * m->nclass; n++, p += 4) {
		m->w[n] = getf(p);
		if (!isfinite(m->w[n]) || m->w[n] > 0) {
			snprintf(err, errlen, "model file has a bad weight");
			goto bad_quiet;
		}
	}
	sha256_tohex(md, m->digest);
	return 0;
bad_quiet:
	model_free(m);
	return -1;
}

int
model_load(struct model *m, const char *path, char *err, size_t errlen)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	char why[256];
	int fd, rc;

	model_init(m);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open model '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "model '%s' is not a regular file",
		    path);
		close(fd);
		return -1;
	}
	if ((size_t)st.st_size > MODEL_FILE_MAX ||
	    file_read_fd(fd, MODEL_FILE_MAX, &sb) < 0) {
		snprintf(err, errlen, "cannot read model '%s': %s", path,
		    (size_t)st.st_size > MODEL_FILE_MAX || errno == EFBIG ?
		    "too large" : strerror(errno));
		close(fd);
		strbuf_release(&sb);
		return -1;
	}
	close(fd);
	rc = model_parse(m, (const unsigned char *)sb.buf, sb.len, why,
	    sizeof(why));
	if (rc < 0)
		snprintf(err, errlen, "model '%s': %s", path, why);
	strbuf_release(&sb);
	return rc;
}

/* ---- prediction -------------------------------------------------- */

static long
find_feat(const struct model *m, uint32_t h, size_t lo)
{
	size_t hi = m->nfeat, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->feat[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
model_scores(const struct model *m, const struct model_feats *f,
    double *s)
{
	size_t i, known = 0, at = 0;
	const float *w;
	uint32_t c;

	for (c = 0; c < m->nclass; c++)
		s[c] = 0;
	for (i = 0; i < f->n; i++) {
		/* both lists are sorted: search from the last hit on */
		at = (size_t)find_feat(m, f->h[i], at);
		if (at >= m->nfeat)
			break;
		if (m->feat[at] != f->h[i])
			continue;
		w = m->w + at * m->nclass;
		for (c = 0; c < m->nclass; c++)
			s[c] += w[c];
		known++;
	}
	for (c = 0; c < m->nclass; c++)
		s[c] = known > 0 ? (s[c] + m->prior[c]) / (double)known :
		    m->prior[c];
	return known;
}

int
model_softmax(const double *s, size_t n, double k, double *p)
{
	double max, sum = 0;
	size_t c;
	int best = 0;

	max = s[0];
	for (c = 1; c < n; c++)
		if (s[c] > max) {
			max = s[c];
			best = (int)c;
		}
	for (c = 0; c < n; c++) {
		p[c] = exp(k * (s[c] - max));
		sum += p[c];
	}
	for (c = 0; c < n; c++)
		p[c] /= sum;
	return best;
}

int
model_predict(const struct model *m, const struct model_feats *f,
    double *p)
{
	double *s;
	uint32_t c;
	int best;

	s = xcalloc(m->nclass, sizeof(*s));
	if (model_scores(m, f, s) == 0) {
		for (c = 0; c < m->nclass; c++)
			p[c] = 1.0 / m->nclass;
		free(s);
		return -1;
	}
	best = model_softmax(s, m->nclass, m->sharp, p);
	free(s);
	return best;
}

/* ---- training ---------------------------------------------------- */

int
model_train(struct model *m, const struct model_feats *docs,
    const int *label, const unsigned char *use, size_t n,
    char *const *cls, size_t ncls, int mindf, double sharp)
{
	struct model_feats all;
	size_t i, j, k, nf, *ndoc, *tot, classes = 0;
	uint32_t *df, *cnt;
	double denom;

	model_free(m);
	ndoc = xcalloc(ncls, sizeof(*ndoc));
	tot = xcalloc(ncls, sizeof(*tot));
	model_feats_init(&all);
	for (i = 0; i < n; i++) {
		if (use != NULL && !use[i])
			continue;
		ndoc[label[i]]++;
		tot[label[i]] += docs[i].n;
		for (j = 0; j < docs[i].n; j++)
			feat_add(&all, docs[i].h[j]);
	}
	for (k = 0; k < ncls; k++)
		if (ndoc[k] > 0)
			classes++;
	if (classes < 2) {
		free(ndoc);
		free(tot);
		model_feats_release(&all);
		return -1;
	}
	/* the vocabulary: distinct features with their document counts */
	if (all.n > 0)
		qsort(all.h, all.n, sizeof(*all.h), u32cmp);
	df = xcalloc(all.n + 1, sizeof(*df));
	for (i = 0, nf = 0; i < all.n; i++) {
		if (nf > 0 && all.h[nf - 1] == all.h[i]) {
			df[nf - 1]++;
			continue;
		}
		all.h[nf] = all.h[i];
		df[nf++] = 1;
	}
	for (i = 0, j = 0; i < nf; i++)
		if (df[i] >= (uint32_t)mindf)
			all.h[j++] = all.h[i];
	nf = j;
	m->nclass = (uint32_t)ncls;
	m->nfeat = (uint32_t)nf;
	m->cls = xcalloc(ncls, sizeof(*m->cls));
	m->prior = xcalloc(ncls, sizeof(*m->prior));
	m->feat = xcalloc(nf + 1, sizeof(*m->feat));
	m->w = xcalloc(nf * ncls + 1, sizeof(*m->w));
	memcpy(m->feat, all.h, nf * sizeof(*m->feat));
	cnt = xcalloc(nf * ncls + 1, sizeof(*cnt));
	for (i = 0; i < n; i++) {
		size_t at = 0;

		if (use != NULL && !use[i])
			continue;
		for (j = 0; j < docs[i].n; j++) {
			at = (size_t)find_feat(m, docs[i].h[j], at);
			if (at >= nf)
				break;
			if (m->feat[at] == docs[i].h[j])
				cnt[at * ncls + (size_t)label[i]]++;
		}
	}
	for (k = 0; k < ncls; k++) {
		m->cls[k] = xstrdup(cls[k]);
		m->ndocs += (uint32_t)ndoc[k];
	}
	for (k = 0; k < ncls; k++) {
		m->prior[k] = (float)log((ndoc[k] + 1.0) / (m->ndocs +
		    (double)ncls));
		denom = (double)tot[k] + MODEL_ALPHA * (double)(nf + 1);
		for (i = 0; i < nf; i++)
			m->w[i * ncls + k] = (float)log((cnt[i * ncls + k] +
			    MODEL_ALPHA) / denom);
	}
	m->sharp = (float)sharp;
	m->cv_acc = -1;
	free(cnt);
	free(df);
	free(ndoc);
	free(tot);
	model_feats_release(&all);
	return 0;
}

void
model_cv_free(struct model_cv *cv)
{
	free(cv->pred);
	free(cv->conf);
	free(cv->prob);
	memset(cv, 0, sizeof(*cv));
}

int
model_cross_validate(const struct model_feats *docs, const int *label,
    size_t n, char *const *cls, size_t ncls, int k, int mindf,
    struct model_cv *cv)
{
	struct model m;
	unsigned char *use;
	size_t i, c, *seen;
	int *fold, f, best_fold_ok = 0;
	double *s, kk, best = -1, ll, pr;

	memset(cv, 0, sizeof(*cv));
	if (k < 2 || n < (size_t)k)
		return -1;
	fold = xcalloc(n, sizeof(*fold));
	seen = xcalloc(ncls, sizeof(*seen));
	for (i = 0; i < n; i++)
		fold[i] = (int)(seen[label[i]]++ % (size_t)k);
	free(seen);
	use = xcalloc(n, 1);
	s = xcalloc(n * ncls + 1, sizeof(*s));
	model_init(&m);
	for (f = 0; f < k; f++) {
		for (i = 0; i < n; i++)
			use[i] = fold[i] != f;
		if (model_train(&m, docs, label, use, n, cls, ncls, mindf,
		    1.0) < 0)
			continue;
		best_fold_ok = 1;
		for (i = 0; i < n; i++)
			if (fold[i] == f)
				(void)model_scores(&m, &docs[i], s + i * ncls);
		model_free(&m);
	}
	free(use);
	free(fold);
	if (!best_fold_ok) {
		free(s);
		return -1;
	}
	cv->folds = k;
	cv->n = n;
	cv->pred = xcalloc(n, sizeof(*cv->pred));
	cv->conf = xcalloc(n, sizeof(*cv->conf));
	cv->prob = xcalloc(n * ncls + 1, sizeof(*cv->prob));
	/* the sharpness of least log-loss on the held-out documents */
	for (kk = 0.5; kk < 5000; kk *= 1.25) {
		ll = 0;
		for (i = 0; i < n; i++) {
			(void)model_softmax(s + i * ncls, ncls, kk,
			    cv->prob + i * ncls);
			pr = cv->prob[i * ncls + (size_t)label[i]];
			ll -= log(pr > 1e-12 ? pr : 1e-12);
		}
		ll /= (double)n;
		if (best < 0 || ll < cv->logloss) {
			best = kk;
			cv->logloss = ll;
		}
	}
	cv->sharp = best;
	for (i = 0; i < n; i++) {
		c = (size_t)model_softmax(s + i * ncls, ncls, best,
		    cv->prob + i * ncls);
		cv->pred[i] = (int)c;
		cv->conf[i] = cv->prob[i * ncls + c];
		if ((int)c == label[i])
			cv->right++;
	}
	free(s);
	return 0;
}
