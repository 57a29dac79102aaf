/*
 * fuzz_cover - the payload of a QR code on a cover sheet
 * (cover_text_ref) and a household reference (cover_ref_valid)
 */
#include "cover.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char ref[COVER_REF_MAX + 1], *s;
	int rc;

	rc = cover_text_ref((const char *)data, size, ref, sizeof(ref));
	if (rc == 1 && (strlen(ref) > COVER_REF_MAX || !cover_ref_valid(ref)))
		abort();
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)cover_ref_valid(s);
	free(s);
	return 0;
}
