/* Durations, and deadlines: 0 is none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "parse.h"

static long long ms(const char *s)
{
	long long v = -42;

	return duration_parse(s, &v) == 0 ? v : -1;
}

static void units(void **state)
{
	(void)state;
	assert_int_equal(ms("500ms"), 500);
	assert_int_equal(ms("3s"), 3000);
	assert_int_equal(ms("3"), 3000);
	assert_int_equal(ms("1m"), 60000);
	assert_int_equal(ms("2h"), 7200000);
	assert_int_equal(ms("0"), 0);
	assert_int_equal(ms("0ms"), 0);
}

static void limits(void **state)
{
	(void)state;
	assert_int_equal(ms("2147483647ms"), 2147483647LL);
	assert_int_equal(ms("2147483648ms"), -1);
	assert_int_equal(ms("2147484s"), -1);
	assert_int_equal(ms("596524h"), -1);
	assert_int_equal(ms("99999999999999999999999s"), -1);
}

static void bad(void **state)
{
	const char *bad[] = { "", "-1", "-5s", "s", "ms", "1x", "1.5s",
		"1 s", " 1", "1sec", "1S", "+1", "1ms2" };

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(ms(bad[i]), -1);
}

static void earliest_deadline(void **state)
{
	(void)state;
	assert_int_equal(earliest(0, 0), 0);
	assert_int_equal(earliest(0, 5), 5);
	assert_int_equal(earliest(5, 0), 5);
	assert_int_equal(earliest(3, 5), 3);
	assert_int_equal(earliest(5, 3), 3);
	assert_int_equal(earliest(4, 4), 4);
}

static void deadline_due(void **state)
{
	(void)state;
	assert_false(due_now(0, 0));
	assert_false(due_now(0, 1000));
	assert_false(due_now(5, 4));
	assert_true(due_now(5, 5));
	assert_true(due_now(5, 6));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(units),
		cmocka_unit_test(limits),
		cmocka_unit_test(bad),
		cmocka_unit_test(earliest_deadline),
		cmocka_unit_test(deadline_due),
	};
	return cmocka_run_group_tests_name("duration", tests, NULL, NULL);
}
