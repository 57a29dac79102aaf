/*
 * fuzz.h - what the libFuzzer targets of tests/fuzz share (see README)
 *
 * Each target is one fuzz_NAME.c defining LLVMFuzzerTestOneInput; the
 * helpers here put the input in a private temporary directory for the
 * parsers that read files.
 */
#ifndef DOSSIER_FUZZ_H
#define DOSSIER_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "fileio.h"
#include "tagset.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_dir_[256];

static inline void
fuzz_dir_remove(void)
{
	(void)dir_remove_tree(fuzz_dir_);
}

/*
 * fuzz_dir - a private directory for this process under TMPDIR, made
 * once, reused by every input and removed at exit
 */
static inline const char *
fuzz_dir(void)
{
	char *dir = fuzz_dir_;

	if (dir[0] == '\0') {
		const char *t = getenv("TMPDIR");

		snprintf(dir, sizeof(fuzz_dir_), "%s/dossier-fuzz.XXXXXX",
		    t != NULL && *t != '\0' ? t : "/tmp");
		if (mkdtemp(dir) == NULL)
			abort();
		atexit(fuzz_dir_remove);
	}
	return dir;
}

/* fuzz_file - write DATA into fuzz_dir()/NAME (mode 0600); its path */
static inline const char *
fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
	unlink(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	if (close(fd) != 0)
		abort();
	return path;
}
/*
 * fuzz_tagset_eval - TS on the normalised text T (LEN bytes) as the
 * classify and tag stages run it: the class, then every tag's score and
 * value (its regexes under their limits); the class chosen
 */
static inline const char *
fuzz_tagset_eval(const struct tagset *ts, const char *t, size_t len)
{
	struct strbuf ids = STRBUF_INIT, val = STRBUF_INIT;
	struct tagset_doc doc;
	struct tagset_choice ch;
	size_t i;

	memset(&doc, 0, sizeof(doc));
	doc.text = t;
	doc.len = len;
	doc.lang = "fra";
	memset(&ch, 0, sizeof(ch));
	strbuf_init(&ch.rules);
	tagset_classify(ts, &doc, &ch);
	if (ch.cls == NULL || ch.score < 0 || ch.score > 1)
		abort();
	doc.cls = ch.cls;
	for (i = 0; i < ts->nsec; i++)
		if (ts->sec[i].is_tag) {
			(void)tagset_score(ts, &ts->sec[i], &doc, &ids);
			(void)tagset_tag(ts, &ts->sec[i], &doc, &val);
		}
	strbuf_release(&ch.rules);
	tagset_doc_release(&doc);
	strbuf_release(&ids);
	strbuf_release(&val);
	return ch.cls;
}
#endif
