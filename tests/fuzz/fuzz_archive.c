/*
 * fuzz_archive - an archive as dossier-ingest reads it: the input is
 * written to a file, ingest_archive_file() tells an archive by its magic,
 * and libarchive reads every entry as read_archive() of
 * src/ingest/archive.c does (every filter and format, the first bytes of
 * each member typed by image_media_type(), the rest read or skipped)
 * under the same limits: entries, expanded bytes and ratio.  Writing the
 * member jobs needs a spool and is left to tests/t1200-ingest-archive.sh.
 */
#include <archive.h>
#include <archive_entry.h>

#include "fuzz.h"
#include "../../src/ingest/ingest.h"
#include "image.h"
#include "textnorm.h"

#define MAX_ENTRIES	10000		/* ARCHIVE_MAX_ENTRIES */
#define MAX_RATIO	200		/* ARCHIVE_MAX_RATIO */
#define RATIO_FLOOR	(16UL * 1024 * 1024)
#define MAX_BYTES	(64UL * 1024 * 1024)	/* the ingest size limit, less */
#define HEAD		4096

static int
over(unsigned long long n, size_t size)
{
	return n > MAX_BYTES || (n > RATIO_FLOOR && n / MAX_RATIO > size);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char buf[65536];
	struct archive *a;
	struct archive_entry *e;
	unsigned long long expanded = 0;
	const char *path, *u;
	la_ssize_t n = 0;
	long entries = 0;
	size_t headlen;
	int hr;

	path = fuzz_file("input", data, size);
	if (!ingest_archive_file(path))
		return 0;
	a = archive_read_new();
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_filename(a, path, sizeof(buf)) != ARCHIVE_OK) {
		archive_read_free(a);
		return 0;
	}
	for (;;) {
		hr = archive_read_next_header(a, &e);
		if (archive_filter_count(a) >= 2 &&
		    over((unsigned long long)archive_filter_bytes(a, 0), size))
			break;
		if (hr == ARCHIVE_EOF || hr < ARCHIVE_WARN)
			break;
		if (++entries > MAX_ENTRIES)
			break;
		if ((u = archive_entry_pathname_utf8(e)) == NULL)
			u = archive_entry_pathname(e);
		if (u != NULL)
			(void)textnorm_utf8_valid(u, strlen(u));
		if (archive_entry_filetype(e) != AE_IFREG ||
		    archive_entry_hardlink(e) != NULL ||
		    archive_entry_is_encrypted(e))
			continue;
		headlen = 0;
		while (headlen < HEAD && (n = archive_read_data(a,
		    buf + headlen, sizeof(buf) - headlen)) > 0)
			headlen += (size_t)n;
		if (headlen < HEAD && n < 0)
			break;
		expanded += headlen;
		if (over(expanded, size))
			break;
		if (headlen > 0)
			(void)image_media_type(buf, headlen);
		while ((n = archive_read_data(a, buf, sizeof(buf))) > 0) {
			expanded += (unsigned long long)n;
			if (over(expanded, size))
				break;
		}
		if (n < 0 || over(expanded, size))
			break;
	}
	archive_read_free(a);
	return 0;
}
