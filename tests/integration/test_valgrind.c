/* sexton under valgrind, as PID 1 of a real PID namespace: memory
 * errors and leaks in the code paths of a few whole runs. valgrind's
 * own findings make it exit 99, a code no case expects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

#define VALGRIND "/usr/bin/valgrind", "-q", "--error-exitcode=99", \
	"--leak-check=full", "--errors-for-leak-kinds=all"

static struct run r;

static void exit_code_and_orphans(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(VALGRIND, SEXTON, "-v",
	    "-w", "--", PROBE, "orphans", "200", "50")), 0);
	assert_int_equal(run_wait(&r, 60000), 0);
	assert_string_equal(r.outbuf, "zombies=0 alive=0\n");
	assert_non_null(strstr(r.errbuf, " orphans=200 "));
	assert_int_equal(run_start(&r, RUN_NS, ARGV(VALGRIND, SEXTON, "--",
	    PROBE, "exit", "7")), 0);
	assert_int_equal(run_wait(&r, 60000), 7);
}

static void forwarded_signal_ends_the_command(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(VALGRIND, SEXTON, "-r",
	    "USR1:TERM", "--", PROBE, "sleep")), 0);
	assert_true(run_expect(&r, "ready", 60000));
	kill(r.pid1, SIGUSR1);
	assert_int_equal(run_wait(&r, 60000), 128 + SIGTERM);
}

static void grace_then_kill(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(VALGRIND, SEXTON, "-t",
	    "200ms", "--", PROBE, "leave", "ignore", "3", "4")), 0);
	assert_int_equal(run_wait(&r, 60000), 4);
	/* Not PID 1: the rest are found in /proc. */
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit",
	    VALGRIND, SEXTON, "-t", "200ms", "--", PROBE, "leave", "ignore",
	    "3", "5")), 0);
	assert_int_equal(run_wait(&r, 60000), 5);
}

static void zombie_watch_scans(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(VALGRIND, SEXTON,
	    "--watch-zombies=3,100ms", "--zombie-action=TERM", "--", PROBE,
	    "hold", "3")), 0);
	assert_int_equal(run_wait(&r, 60000), 128 + SIGTERM);
	assert_non_null(strstr(r.errbuf, "holds 3 zombies"));
}

static void bad_option(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, 0, ARGV(VALGRIND, SEXTON, "-t", "x",
	    "--", PROBE, "exit", "0")), 0);
	assert_int_equal(run_wait(&r, 60000), 125);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(exit_code_and_orphans, &r),
		RUN_TEST(forwarded_signal_ends_the_command, &r),
		RUN_TEST(grace_then_kill, &r),
		RUN_TEST(zombie_watch_scans, &r),
		RUN_TEST(bad_option, &r),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
