/* Signal names and numbers. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "signame.h"

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
	assert_int_equal(sig_parse("RTMIN"), SIGRTMIN);
	assert_int_equal(sig_parse("SIGRTMIN+3"), SIGRTMIN + 3);
	assert_int_equal(sig_parse("RTMAX"), SIGRTMAX);
	assert_int_equal(sig_parse("RTMAX-2"), SIGRTMAX - 2);
	assert_int_equal(sig_parse("RTMIN+0"), SIGRTMIN);
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
		if (sig > 31 && sig < SIGRTMIN)
			continue;
		sig_name(sig, buf);
		assert_int_equal(sig_parse(buf), sig);
	}
	sig_name(SIGRTMIN + 3, buf);
	assert_string_equal(buf, "RTMIN+3");
}

static void faults(void **state)
{
	(void)state;
	static const int in[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
		SIGTRAP, SIGSYS };
	sigset_t set;
	int n = 0;

	sigfillset(&set);
	sig_del_faults(&set);
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
		assert_int_equal(sigismember(&set, in[i]), 0);
	for (int sig = 1; sig < 32; sig++)
		n += sigismember(&set, sig) == 0;
	assert_int_equal(n, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_with_and_without_prefix),
		cmocka_unit_test(numbers),
		cmocka_unit_test(realtime),
		cmocka_unit_test(bad),
		cmocka_unit_test(name_round_trip),
		cmocka_unit_test(faults),
	};
	return cmocka_run_group_tests_name("signame", tests, NULL, NULL);
}
