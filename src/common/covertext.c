/*
 * covertext.c - the texts of cover sheets: the reference their QR code
 * carries and the title printed on them (see cover.h); apart from
 * cover.c, so that a stage that reads page text is not linked with zbar
 */
#include <ctype.h>
#include <string.h>

#include "cover.h"

int
cover_ref_valid(const char *ref)
{
	size_t n = strlen(ref);

	return n >= 1 && n <= COVER_REF_MAX && strspn(ref,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._/-") == n;
}

int
cover_text_ref(const char *t, size_t len, char *ref, size_t size)
{
	size_t n = sizeof(COVER_PREFIX) - 1;
	char buf[COVER_REF_MAX + 1];

	if (len < n || memcmp(t, COVER_PREFIX, n) != 0)
		return 0;
	if (len - n > COVER_REF_MAX || memchr(t + n, '\0', len - n) != NULL)
		return -1;
	memcpy(buf, t + n, len - n);
	buf[len - n] = '\0';
	if (!cover_ref_valid(buf) || size <= len - n)
		return -1;
	memcpy(ref, buf, len - n + 1);
	return 1;
}

/*
 * the phrases of COVER_TITLE, as cover_title_read compares them: capital
 * letters, one space between words
 */
static const char *const title_words[] = {
	"COVER SHEET", "PAGE DE GARDE", "SCHUTBLAD", NULL
};

int
cover_title_read(const char *t, size_t len)
{
	char line[256];
	const char *end = t + len, *p;
	size_t n;
	int i, found, space;

	/* line by line: the title is one line of the sheet */
	for (; t < end; t = p + 1) {
		if ((p = memchr(t, '\n', (size_t)(end - t))) == NULL)
			p = end;
		for (n = 0, space = 1; t < p && n + 1 < sizeof(line); t++) {
			if (isalpha((unsigned char)*t)) {
				line[n++] = (char)toupper((unsigned char)*t);
				space = 0;
			} else if (!space) {
				line[n++] = ' ';
				space = 1;
			}
		}
		line[n] = '\0';
		for (i = found = 0; title_words[i] != NULL; i++)
			found += strstr(line, title_words[i]) != NULL;
		if (found >= 2)
			return 1;
		if (p == end)
			break;
	}
	return 0;
}
