/* The log formatter. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "log.h"

static void conversions(void **state)
{
	char b[128];
	/* volatile, so that the compiler does not refuse a NULL %s. */
	const char *volatile none = NULL;

	(void)state;
	fmt(b, sizeof b, "%s[%d]: %u %ld %lld %lu %c%%", "x", -12, 34u,
	    -56L, LLONG_MIN, ULONG_MAX, 'z');
	assert_string_equal(b,
	    "x[-12]: 34 -56 -9223372036854775808 18446744073709551615 z%");
	fmt(b, sizeof b, "%s", none);
	assert_string_equal(b, "(null)");
}

static void truncation(void **state)
{
	char b[6];

	(void)state;
	assert_int_equal(fmt(b, sizeof b, "%s", "abcdefgh"), 5);
	assert_string_equal(b, "abcde");
	assert_int_equal(fmt(b, sizeof b, "%d", 1234567), 5);
	assert_string_equal(b, "12345");
	assert_int_equal(fmt(b, 1, "abc"), 0);
	assert_string_equal(b, "");
}

/* Control bytes, C0 and C1, raw or as UTF-8, become '?'; so a name
 * cannot end a log line or send CSI to the terminal. */
static void clean(void **state)
{
	char b[] = "a\nsexton[1]: x\x1b[31m\xc2\x9b" "31m\x9b" "X\x7f\xc3\xa9";

	(void)state;
	fmt_clean(b);
	assert_string_equal(b, "a?sexton[1]: x?[31m\xc2?31m?X?\xc3\xa9");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conversions),
		cmocka_unit_test(truncation),
		cmocka_unit_test(clean),
	};
	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
