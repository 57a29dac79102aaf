/*
 * test_emit.c - query rows as text, CSV (read back by the CSV reader) and
 * JSON, with the values that need quoting
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "csv.h"
#include "emit.h"
#include "unit.h"

/* the rows every test writes: quotes, commas, line ends, NULL, numbers */
static const char rows_sql[] =
    "SELECT 1 AS id, 'a \"quoted\", text' AS s, 2.5 AS r, NULL AS n, "
    "x'00ff' AS image UNION ALL "
    "SELECT 2, 'two' || char(10) || 'lines' || char(9) || char(1), -1, "
    "'x', NULL";

/* run - write ROWS_SQL with FMT, MULTI and STYLE; the text (free it) */
static char *
run(enum emit_fmt fmt, int multi, enum emit_style style)
{
	static const char *const skip[] = { "image", NULL };
	sqlite3 *h;
	sqlite3_stmt *st;
	struct emit e;
	char *buf;
	size_t len;
	FILE *f;
	long n;

	assert_int(sqlite3_open(":memory:", &h), ==, SQLITE_OK);
	assert_int(sqlite3_prepare_v2(h, rows_sql, -1, &st, NULL), ==,
	    SQLITE_OK);
	f = open_memstream(&buf, &len);
	assert_true(f != NULL);
	memset(&e, 0, sizeof(e));
	e.skip = skip;
	emit_begin(&e, f, fmt, multi);
	assert_int(emit_rows(&e, multi ? "rows" : NULL, st, style, &n), ==,
	    0);
	assert_int(n, ==, 2);
	assert_int(emit_end(&e), ==, 0);
	fclose(f);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return buf;
}

DEFINE_TEST(test_emit_json)
{
	char *s = run(EMIT_JSON, 0, EMIT_TABLE);

	assert_str(s, "[\n"
	    "{\"id\": 1, \"s\": \"a \\\"quoted\\\", text\", \"r\": 2.5, "
	    "\"n\": null},\n"
	    "{\"id\": 2, \"s\": \"two\\nlines\\t\\u0001\", \"r\": -1, "
	    "\"n\": \"x\"}\n]\n");
	free(s);
	s = run(EMIT_JSON, 1, EMIT_ONE);
	assert_str(s, "{\"rows\": {\"id\": 1, \"s\": \"a \\\"quoted\\\", "
	    "text\", \"r\": 2.5, \"n\": null}}\n");
	free(s);
}

DEFINE_TEST(test_emit_csv_rfc4180)
{
	static const char *const names[] = { "id", "s", "r", "n" };
	static const char *const need[] = { "id", "s", NULL };
	char *s = run(EMIT_CSV, 0, EMIT_TABLE), err[256];
	struct csv c;
	int col[4];

	assert_str(s, "id,s,r,n\r\n"
	    "1,\"a \"\"quoted\"\", text\",2.5,\r\n"
	    "2,\"two\nlines\t\001\",-1,x\r\n");
	/* and the project's own reader gets the values back */
	csv_init(&c, s, strlen(s));
	assert_int(csv_header(&c, "t.csv", names, 4, need, col, err,
	    sizeof(err)), ==, 0);
	assert_int(csv_next(&c), ==, 1);
	assert_str(csv_field(&c, col[1]), "a \"quoted\", text");
	assert_str(csv_field(&c, col[3]), "");
	assert_int(csv_next(&c), ==, 1);
	assert_str(csv_field(&c, col[1]), "two\nlines\t\001");
	assert_int(csv_next(&c), ==, 0);
	csv_release(&c);
	free(s);
	s = run(EMIT_CSV, 1, EMIT_BLOCKS);
	assert_true(strncmp(s, "section,row,key,value\r\n"
	    "rows,1,id,1\r\nrows,1,s,\"a \"\"quoted\"\", text\"\r\n", 64) ==
	    0);
	free(s);
}

DEFINE_TEST(test_emit_text)
{
	char *s = run(EMIT_TEXT, 0, EMIT_TABLE);

	/* aligned columns, NULL as "-", control characters as spaces */
	assert_str(s, "id  s                 r    n\n"
	    "1   a \"quoted\", text  2.5  -\n"
	    "2   two lines         -1   x\n");
	free(s);
	s = run(EMIT_TEXT, 1, EMIT_BLOCKS);
	assert_str(s, "rows:\n  - id: 1\n    s: a \"quoted\", text\n"
	    "    r: 2.5\n    n: -\n  - id: 2\n    s: two lines  \n"
	    "    r: -1\n    n: x\n");
	free(s);
}

DEFINE_TEST(test_emit_json_utf8)
{
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	assert_true(f != NULL);
	/* é in UTF-8 kept, a Latin-1 é replaced, a cut sequence too */
	emit_json_string(f, "caf\xc3\xa9 caf\xe9 \xe2\x82", 13);
	fclose(f);
	assert_str(buf, "\"caf\xc3\xa9 caf\\ufffd \\ufffd\\ufffd\"");
	free(buf);
}

DEFINE_TEST(test_emit_fmt_parse)
{
	enum emit_fmt f;

	assert_int(emit_fmt_parse("json", &f), ==, 0);
	assert_int(f, ==, EMIT_JSON);
	assert_int(emit_fmt_parse("csv", &f), ==, 0);
	assert_int(f, ==, EMIT_CSV);
	assert_int(emit_fmt_parse("xml", &f), ==, -1);
}
