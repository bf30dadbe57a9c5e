/* Wait statuses, exit codes, the --remap-exit set and the --rewrite
 * table. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "parse.h"

/* Wait statuses as Linux encodes them. */
#define EXITED(n) ((n) << 8)
#define KILLED(n) (n)
#define CORED(n) ((n) | 0x80)

static void exit_codes(void **state)
{
	(void)state;
	for (int n = 0; n < 256; n++)
		assert_int_equal(status_code(EXITED(n)), n);
}

static void signals(void **state)
{
	(void)state;
	assert_int_equal(status_code(KILLED(SIGTERM)), 143);
	assert_int_equal(status_code(KILLED(SIGKILL)), 137);
	assert_int_equal(status_code(CORED(SIGSEGV)), 139);
	assert_int_equal(status_code(KILLED(SIGRTMAX)), 128 + SIGRTMAX);
}

static void remap(void **state)
{
	struct exitmap m;

	(void)state;
	memset(&m, 0, sizeof m);
	assert_int_equal(exitmap_apply(&m, 143), 143);
	exitmap_add(&m, 143);
	exitmap_add(&m, 0);
	exitmap_add(&m, 255);
	assert_int_equal(exitmap_apply(&m, 143), 0);
	assert_int_equal(exitmap_apply(&m, 255), 0);
	assert_int_equal(exitmap_apply(&m, 142), 142);
	assert_int_equal(exitmap_apply(&m, 144), 144);
	assert_int_equal(exitmap_apply(&m, 1), 1);
}

static void rewrite(void **state)
{
	struct rewrite r;

	(void)state;
	memset(&r, 0, sizeof r);
	for (int sig = 1; sig < SEXTON_NSIG; sig++)
		assert_int_equal(rewrite_apply(&r, sig), sig);
	rewrite_set(&r, SIGTERM, SIGQUIT);
	rewrite_set(&r, SIGINT, 0);
	rewrite_set(&r, SIGRTMAX, SIGHUP);
	assert_int_equal(rewrite_apply(&r, SIGTERM), SIGQUIT);
	assert_int_equal(rewrite_apply(&r, SIGINT), 0);
	assert_int_equal(rewrite_apply(&r, SIGRTMAX), SIGHUP);
	assert_int_equal(rewrite_apply(&r, SIGQUIT), SIGQUIT);
	rewrite_set(&r, SIGTERM, SIGTERM);
	assert_int_equal(rewrite_apply(&r, SIGTERM), SIGTERM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exit_codes),
		cmocka_unit_test(signals),
		cmocka_unit_test(remap),
		cmocka_unit_test(rewrite),
	};
	return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
