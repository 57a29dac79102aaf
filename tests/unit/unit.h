/*
 * unit.h - the C unit test harness (libarchive's test_main in miniature)
 *
 * A test file defines tests with DEFINE_TEST(name) { ... } at the start of
 * a line; tests/unit/list.h is generated from those lines by grep.  Each
 * test runs in its own fresh temporary directory (kept with -k).  Checks:
 * assert_true(e), assert_int(a, op, b), assert_str(a, b).  Output is TAP.
 */
#ifndef DOSSIER_UNIT_H
#define DOSSIER_UNIT_H

#include <stdio.h>
#include <string.h>

extern int unit_failures;
void	unit_fail(const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#define DEFINE_TEST(name) void name(void); void name(void)

#define assert_true(e) do { if (!(e)) \
	unit_fail(__FILE__, __LINE__, "assertion failed: %s", #e); } while (0)
#define assert_int(a, op, b) do { long long a_ = (a), b_ = (b); \
	if (!(a_ op b_)) unit_fail(__FILE__, __LINE__, \
	    "%s %s %s: %lld vs %lld", #a, #op, #b, a_, b_); } while (0)
#define assert_str(a, b) do { const char *a_ = (a), *b_ = (b); \
	if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0) \
	unit_fail(__FILE__, __LINE__, "%s == %s: '%s' vs '%s'", #a, #b, \
	    a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } while (0)

#endif
