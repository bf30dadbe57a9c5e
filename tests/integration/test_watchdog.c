/* The zombie watchdog, observed from outside: sexton as PID 1 of a
 * real PID namespace, and a parent in it that never waits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

/* Starts argv as PID 1 and returns the pid of the holder that
 * "probe zombies" says it started, as the namespace sees it. */
static int start_holder(char *const argv[])
{
	const char *line;

	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	assert_true(run_expect(&r, "holder ", 5000));
	line = strstr(r.outbuf, "holder ");
	return atoi(line + strlen("holder "));
}

static void holder_is_reported_with_its_count(void **state)
{
	char want[64];
	int holder;

	(void)state;
	holder = start_holder(ARGV(SEXTON, "--watch-zombies=5,100ms", "--",
	    PROBE, "zombies", "7", "60000"));
	snprintf(want, sizeof want, "sexton[1]: pid %d (probe) holds 7 "
	    "zombies (oldest ", holder);
	assert_true(run_expect_err(&r, want, 5000));
	/* Reporting is all it does: the holder is still there. */
	assert_null(strstr(r.errbuf, "sent"));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
}

static void below_the_threshold_nothing_is_reported(void **state)
{
	(void)state;
	/* The holder of 7 is reported at 7, and then, in the same run, a
	 * second sexton with a threshold of 8 has had as many scans. */
	setenv("SEXTON_WATCH_ZOMBIES", "8,50ms", 1);
	start_holder(ARGV(SEXTON, "--", SEXTON, "--watch-zombies=7,50ms",
	    "--", PROBE, "zombies", "7", "60000"));
	unsetenv("SEXTON_WATCH_ZOMBIES");
	assert_true(run_expect_err(&r, "holds 7 zombies", 5000));
	assert_true(run_expect_err(&r, "holds 7 zombies (oldest 1s)", 5000));
	assert_null(strstr(r.errbuf, "sexton[1]: pid"));
	run_kill(&r);
}

static void action_term_gets_the_zombies_reaped(void **state)
{
	char want[64];
	int holder;

	(void)state;
	holder = start_holder(ARGV(SEXTON, "--watch-zombies=5,100ms",
	    "--zombie-action=TERM", "--", PROBE, "zombies", "7", "10000"));
	/* probe exits 0 once the holder is gone and no zombie is left. */
	assert_int_equal(run_wait(&r, 15000), 0);
	assert_non_null(strstr(r.outbuf, "\nzombies=0 alive=0\n"));
	snprintf(want, sizeof want, "sexton[1]: sent TERM to pid %d\n", holder);
	assert_non_null(strstr(r.errbuf, want));
}

/* The main child as the holder: sexton ends as it does whenever the
 * command dies. */
static void action_on_the_main_child_ends_sexton(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON,
	    "--watch-zombies=3,100ms", "--zombie-action=TERM", "--", PROBE,
	    "hold", "3")), 0);
	assert_int_equal(run_wait(&r, 15000), 128 + SIGTERM);
	assert_non_null(strstr(r.errbuf, "sexton[1]: sent TERM to pid 2\n"));
}

static void bad_values_are_refused(void **state)
{
	static char *bad[] = { "--watch-zombies=0", "--watch-zombies=x",
		"--watch-zombies=3,0", "--zombie-action=TERM" };

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(run_start(&r, 0, ARGV(SEXTON, bad[i], "--",
		    PROBE, "exit", "0")), 0);
		assert_int_equal(run_wait(&r, 5000), 125);
		/* One line, and nothing started. */
		assert_memory_equal(r.errbuf, "sexton: ", 8);
		assert_ptr_equal(strchr(r.errbuf, '\n'),
		    r.errbuf + r.errlen - 1);
		assert_int_equal(r.outlen, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(holder_is_reported_with_its_count, &r),
		RUN_TEST(below_the_threshold_nothing_is_reported, &r),
		RUN_TEST(action_term_gets_the_zombies_reaped, &r),
		RUN_TEST(action_on_the_main_child_ends_sexton, &r),
		RUN_TEST(bad_values_are_refused, &r),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
