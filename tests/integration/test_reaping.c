/* Reaping: no orphan the command leaves stays a zombie, as PID 1 of a
 * real PID namespace and as a subreaper under an init that never
 * reaps; 1000 orphans, a group of 2000 killed at once, 20,000 from four
 * makers at once. The control: under such an init without sexton,
 * zombies stay. sexton is a subreaper with -s, SEXTON_SUBREAPER=1,
 * TINI_SUBREAPER, or none of them; with SEXTON_SUBREAPER=0 the
 * command's orphans go to PID 1 instead. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

/* Runs sexton -- probe ARGS... as PID 1 and returns its exit code. */
static int run_ns(char *const argv[], int timeout_ms)
{
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	return run_wait(&r, timeout_ms);
}

static void thousand_orphans_leave_no_zombie(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "--", PROBE, "orphans", "1000",
	    "300"), 30000), 0);
	assert_string_equal(r.outbuf, "zombies=0 alive=0\n");
}

static void one_kill_of_2000_leaves_no_zombie(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "--", PROBE, "killgroup",
	    "2000"), 30000), 0);
	assert_string_equal(r.outbuf, "zombies=0 alive=0\n");
}

/* The control: the same workload under an init that never reaps
 * orphans does leave zombies, so the two tests above can fail. */
static void without_sexton_zombies_stay(void **state)
{
	(void)state;
	/* The kill is immediate: 1 s is ample for a reaper to show. */
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", PROBE,
	    "killgroup", "50", "1000")), 0);
	assert_int_equal(run_wait(&r, 10000), 1);
	assert_string_equal(r.outbuf, "zombies=50 alive=0\n");
}

static void sexton_not_pid1_reaps_as_subreaper(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(PROBE, "lazyinit", SEXTON, "--", PROBE,
	    "orphans", "200", "100"), 30000), 0);
	assert_string_equal(r.outbuf, "zombies=0 alive=0\n");
}

/* 20,000: on the project's machine a fork has cost from 60 us to 1.1
 * ms, depending on the host, and this must fit its deadline at worst. */
static void twenty_thousand_orphans_from_four_makers(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
	    "storm", "4", "20000")), 0);
	assert_true(run_expect(&r, "ready\n", 180000));
	assert_string_equal(r.outbuf, "zombies=0 alive=0\nready\n");
	/* And it still forwards signals. */
	kill(r.pid1, SIGUSR1);
	assert_int_equal(run_wait(&r, 10000), 42);
}

static void subreaper_flags_and_variables(void **state)
{
	(void)state;
	/* Under an init that never reaps, sexton reaps its subtree's
	 * orphans with -s, SEXTON_SUBREAPER=1, TINI_SUBREAPER, or none. */
	assert_int_equal(run_ns(ARGV(PROBE, "lazyinit", SEXTON, "-s", "--",
	    PROBE, "orphans", "20", "10"), 10000), 0);
	setenv("TINI_SUBREAPER", "", 1);
	assert_int_equal(run_ns(ARGV(PROBE, "lazyinit", SEXTON, "--", PROBE,
	    "orphans", "20", "10"), 10000), 0);
	unsetenv("TINI_SUBREAPER");
	setenv("SEXTON_SUBREAPER", "1", 1);
	setenv("TINI_KILL_PROCESS_GROUP", "1", 1);
	assert_int_equal(run_ns(ARGV(PROBE, "lazyinit", SEXTON, "--", PROBE,
	    "orphans", "20", "10"), 10000), 0);
	unsetenv("SEXTON_SUBREAPER");
	unsetenv("TINI_KILL_PROCESS_GROUP");
}

/* 8a: SEXTON_SUBREAPER=0: the command's orphan goes to PID 1, not to
 * sexton, and sexton's end leaves it alone. */
static void subreaper_0_leaves_orphans_to_pid_1(void **state)
{
	int rc;

	(void)state;
	setenv("SEXTON_SUBREAPER", "0", 1);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "-t", "3s", "--", PROBE, "leave", "tellparent", "1", "0")), 0);
	unsetenv("SEXTON_SUBREAPER");
	rc = run_wait(&r, 10000);
	if (rc != 0 || strstr(r.outbuf, "orphan parent 1\n") == NULL ||
	    strstr(r.outbuf, "got TERM") != NULL)
		fail_msg("exit %d; want the orphan's parent to be PID 1, and "
		    "no TERM; got:\n%s", rc, r.outbuf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(thousand_orphans_leave_no_zombie),
		cmocka_unit_test(one_kill_of_2000_leaves_no_zombie),
		cmocka_unit_test(without_sexton_zombies_stay),
		cmocka_unit_test(sexton_not_pid1_reaps_as_subreaper),
		RUN_TEST(twenty_thousand_orphans_from_four_makers, &r),
		cmocka_unit_test(subreaper_flags_and_variables),
		RUN_TEST(subreaper_0_leaves_orphans_to_pid_1, &r),
	};

	unsetenv("SEXTON_VERBOSE");
	unsetenv("TINI_VERBOSITY");
	unsetenv("SEXTON_SUBREAPER");
	unsetenv("DUMB_INIT_SETSID");
	unsetenv("TINI_KILL_PROCESS_GROUP");
	return cmocka_run_group_tests_name("reaping", tests, NULL, NULL);
}
