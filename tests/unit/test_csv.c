/*
 * test_csv.c - the CSV reader the registry and the migration index share
 */
#include <string.h>

#include "csv.h"
#include "unit.h"

static const char *const cols[] = { "file", "household", "class" };

/* header - read TEXT (a string literal) as PATH and map its header */
#define header(c, path, text, need, col, err) \
	(csv_init((c), (text), sizeof(text) - 1), \
	csv_header((c), (path), cols, 3, (need), (col), (err), sizeof(err)))

DEFINE_TEST(test_csv_quotes_crlf_bom)
{
	static const char text[] =
	    "\xef\xbb\xbf" "File ; Household;other\r\n"
	    "\r\n"
	    "a.png;\"H;1\";x\r\n"
	    "\"b \"\"2\"\".png\";\"two\nlines\";y\n"
	    "c.png;H3";
	static const char *const need[] = { "file", NULL };
	struct csv c;
	char err[256];
	int col[3];

	assert_int(header(&c, "x.csv", text, need, col, err), ==,
	    0);
	assert_int(c.sep, ==, ';');
	assert_int(col[0], ==, 0);
	assert_int(col[1], ==, 1);
	assert_int(col[2], ==, -1);
	assert_int(csv_next(&c), ==, 1);	/* the empty line is skipped */
	assert_int(c.rec_line, ==, 3);
	assert_str(csv_field(&c, 0), "a.png");
	assert_str(csv_field(&c, 1), "H;1");
	assert_str(csv_field(&c, 9), "");
	assert_int(csv_next(&c), ==, 1);
	assert_str(csv_field(&c, 0), "b \"2\".png");
	assert_str(csv_field(&c, 1), "two\nlines");
	assert_int(csv_next(&c), ==, 1);
	assert_int(c.rec_line, ==, 6);
	assert_str(csv_field(&c, 1), "H3");
	assert_int(csv_next(&c), ==, 0);
	csv_release(&c);
}

DEFINE_TEST(test_csv_separator_from_header)
{
	static const char text[] = "file,household\nx;y.png,H1\n";
	static const char *const need[] = { "file", "household", NULL };
	struct csv c;
	char err[256];
	int col[3];

	assert_int(header(&c, "x.csv", text, need, col, err), ==,
	    0);
	assert_int(c.sep, ==, ',');
	assert_int(csv_next(&c), ==, 1);
	assert_str(csv_field(&c, (size_t)col[0]), "x;y.png");
	csv_release(&c);
}

DEFINE_TEST(test_csv_errors)
{
	static const char *const need[] = { "household", NULL };
	static const char twice[] = "file;file;household\n";
	static const char none[] = "file;class\n";
	static const char open_quote[] = "file\n\"never ends\n";
	static const char bad_utf8[] = "file\nx\xff.png\n";
	struct csv c;
	char err[256];
	int col[3];

	assert_int(header(&c, "e.csv", "", need, col, err), ==, -1);
	assert_str(err, "e.csv: no header line");
	csv_release(&c);

	assert_int(header(&c, "t.csv", twice, need, col, err), ==,
	    -1);
	assert_str(err, "t.csv:1: column 'file' twice");
	csv_release(&c);

	assert_int(header(&c, "n.csv", none, need, col, err), ==,
	    -1);
	assert_str(err, "n.csv:1: header has no column 'household'");
	csv_release(&c);

	csv_init(&c, open_quote, sizeof(open_quote) - 1);
	assert_int(csv_next(&c), ==, 1);
	assert_int(csv_next(&c), ==, -1);
	assert_str(csv_field(&c, 0), "never ends\n");
	csv_release(&c);

	csv_init(&c, bad_utf8, sizeof(bad_utf8) - 1);
	assert_int(csv_next(&c), ==, 1);
	assert_int(csv_text_ok(&c), ==, 1);
	assert_int(csv_next(&c), ==, 1);
	assert_int(csv_text_ok(&c), ==, 0);
	csv_release(&c);
}

DEFINE_TEST(test_csv_many_fields)
{
	char text[CSV_FIELDS_MAX * 2 + 16];
	struct csv c;
	size_t i, n = 0;

	for (i = 0; i < CSV_FIELDS_MAX + 4; i++) {
		text[n++] = 'x';
		text[n++] = ';';
	}
	text[n++] = '\n';
	csv_init(&c, text, n);
	assert_int(csv_next(&c), ==, 1);
	assert_int(c.overflow, ==, 1);
	assert_int(c.nf, ==, CSV_FIELDS_MAX);
	csv_release(&c);
}
