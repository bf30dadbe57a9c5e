/* Signal names and numbers. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "parse.h"

static void names_with_and_without_prefix(void **state)
{
	(void)state;
	assert_int_equal(sig_parse("TERM"), SIGTERM);
	assert_int_equal(sig_parse("SIGTERM"), SIGTERM);
	assert_int_equal(sig_parse("HUP"), SIGHUP);
	assert_int_equal(sig_parse("SIGWINCH"), SIGWINCH);
	assert_int_equal(sig_parse("IOT"), SIGABRT);
	assert_int_equal(sig_parse("POLL"), SIGIO);
	assert_int_equal(sig_parse("SYS"), SIGSYS);
}

static void numbers(void **state)
{
	(void)state;
	assert_int_equal(sig_parse("15"), 15);
	assert_int_equal(sig_parse("1"), 1);
	assert_int_equal(sig_parse("64"), 64);
}

static void realtime(void **state)
{
	(void)state;
	/* The kernel's numbers, the same in the glibc and musl builds. */
	assert_int_equal(sig_parse("RTMIN"), 34);
	assert_int_equal(sig_parse("SIGRTMIN+3"), 37);
	assert_int_equal(sig_parse("RTMAX"), 64);
	assert_int_equal(sig_parse("RTMAX-2"), 62);
	assert_int_equal(sig_parse("RTMIN+0"), 34);
	assert_int_equal(sig_parse("RTMIN+30"), 64);
	assert_int_equal(sig_parse("RTMIN+31"), -1);
	assert_int_equal(sig_parse("RTMIN+99"), -1);
	assert_int_equal(sig_parse("RTMIN-1"), -1);
	assert_int_equal(sig_parse("RTMAX+1"), -1);
	assert_int_equal(sig_parse("RTMIN+"), -1);
}

static void bad(void **state)
{
	const char *bad[] = { "", "0", "65", "-1", "99999999999", "FOO",
		"SIG", "term", "15x", "1:2", " 15", "SIGSIGTERM", "RTMINX" };

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(sig_parse(bad[i]), -1);
}

static void name_round_trip(void **state)
{
	char buf[12];

	(void)state;
	for (int sig = 1; sig < SEXTON_NSIG; sig++) {
		sig_name(sig, buf);
		assert_int_equal(sig_parse(buf), sig);
	}
	sig_name(37, buf);
	assert_string_equal(buf, "RTMIN+3");
}

/* libc keeps 32 and 33 for itself and gives them no name. */
static void reserved_by_number(void **state)
{
	char buf[12];

	(void)state;
	sig_name(32, buf);
	assert_string_equal(buf, "32");
	sig_name(33, buf);
	assert_string_equal(buf, "33");
	sig_name(34, buf);
	assert_string_equal(buf, "RTMIN");
	assert_int_equal(sig_parse("32"), 32);
	assert_int_equal(sig_parse("33"), 33);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_with_and_without_prefix),
		cmocka_unit_test(numbers),
		cmocka_unit_test(realtime),
		cmocka_unit_test(bad),
		cmocka_unit_test(name_round_trip),
		cmocka_unit_test(reserved_by_number),
	};
	return cmocka_run_group_tests_name("signame", tests, NULL, NULL);
}
