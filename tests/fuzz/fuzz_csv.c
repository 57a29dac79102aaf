/*
 * fuzz_csv - the CSV reader as the registry reads it: the header with the
 * registry's columns, every record, registry_row_check() on each row
 */
#include "csv.h"
#include "fuzz.h"
#include "registry.h"

static const char *const cols[] = {
	"household", "national_id", "surname", "given_name", "birth_date",
	"address", "since"
};
#define NCOLS	(sizeof(cols) / sizeof(cols[0]))

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const need[] = { "household", "national_id",
	    NULL };
	char err[512], *v[6];
	int col[NCOLS], rc;
	size_t i;
	struct csv c;

	csv_init(&c, (const char *)data, size);
	if (csv_header(&c, "fuzz.csv", cols, NCOLS, need, col, err,
	    sizeof(err)) == 0) {
		while ((rc = csv_next(&c)) != 0) {
			(void)csv_text_ok(&c);
			for (i = 0; i < 6; i++)
				v[i] = strdup(col[i] < 0 ? "" :
				    csv_field(&c, (size_t)col[i]));
			for (i = 0; i < 6; i++)
				if (v[i] == NULL)
					abort();
			if (rc > 0 && csv_text_ok(&c)) {
				char *t[6];

				for (i = 0; i < 6; i++)
					t[i] = csv_trim(v[i]);
				(void)registry_row_check(t);
			}
			for (i = 0; i < 6; i++)
				free(v[i]);
			(void)csv_field(&c, c.nf + 3);
			if (rc < 0)
				break;
		}
	}
	csv_release(&c);
	return 0;
}
