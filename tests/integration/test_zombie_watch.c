/* The zombie watch (--watch-zombies, --zombie-action): a process that
 * holds zombies and never waits is reported with its count, from the
 * threshold on, and given the action's signal, which gets its zombies
 * reaped (and ends sexton, if it is the command); bad values are
 * refused. As PID 1 it sees every process, also at pid 4194300, and
 * all of 40 holders; as a subreaper, only its subtree, never PID 1; with
 * a /proc from another namespace, nothing. sexton runs as PID 1 of a
 * real PID namespace, or under an init that never reaps. */
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

/* As PID 1, the zombie watch lists every process: one at 4194300
 * holding 2 zombies is reported. */
static void watch_reports_a_holder_at_pid_4194300(void **state)
{
	(void)state;
	raise_pid_max();
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON,
	    "--watch-zombies=2,50ms", "--", PROBE, "at", "4194300", PROBE,
	    "hold", "2")), 0);
	if (!run_expect(&r, "holding\n", 5000))
		fail_msg("no holder at 4194300 (%s): %s", pid_max_note,
		    r.outbuf);
	if (!run_expect_err(&r, "sexton[1]: pid 4194300 (probe) holds 2 "
	    "zombies", 5000))
		fail_msg("the holder at 4194300 was not reported; stderr:\n%s",
		    r.errbuf);
	restore_pid_max();
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
}

/* The first child of parent that is not a zombie, or 0. */
static pid_t live_child_of(pid_t parent)
{
	char path[64];
	FILE *f;
	int pid, found = 0;

	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)parent,
	    (int)parent);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (found == 0 && fscanf(f, "%d", &pid) == 1)
		if (proc_state(pid) != 0 && proc_state(pid) != 'Z')
			found = pid;
	fclose(f);
	return found;
}

/* 3a: a subreaper's watch covers its own subtree. PID 1 holds zombies
 * too, but it is not sexton's to signal: a holder in the subtree is
 * acted on in the same scan as PID 1 would be, or a later one. */
static void watch_as_subreaper_spares_pid_1(void **state)
{
	char want[64];
	const char *line;
	pid_t sexton;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyhold", "2",
	    SEXTON, "--watch-zombies=1,50ms", "--zombie-action=TERM", "--",
	    PROBE, "zombies", "3", "60000")), 0);
	assert_true(run_expect(&r, "holder ", 5000));
	line = strstr(r.outbuf, "holder ");
	snprintf(want, sizeof want, "]: sent TERM to pid %d\n",
	    atoi(line + strlen("holder ")));
	if (!run_expect_err(&r, want, 5000))
		fail_msg("the holder in the subtree was not acted on:\n%s",
		    r.errbuf);
	sexton = live_child_of(r.pid1);
	assert_true(sexton > 0);
	kill(sexton, SIGTERM);
	assert_int_equal(run_wait(&r, 10000), 128 + SIGTERM);
	if (strstr(r.errbuf, "]: pid 1 (") != NULL ||
	    strstr(r.errbuf, "to pid 1\n") != NULL ||
	    strstr(r.outbuf, "init got TERM") != NULL)
		fail_msg("PID 1 was reported or signalled:\n%s%s", r.errbuf,
		    r.outbuf);
}

/* 3b: a /proc from another PID namespace numbers other processes. A
 * holder outside, in the caller's namespace, must not be reported, and
 * no pid read there may reach kill(). */
static struct run host;		/* the holder outside */

static int host_teardown(void **state)
{
	run_kill(&host);
	return run_teardown(state);
}

static void watch_with_a_foreign_proc_reports_nothing(void **state)
{
	long long end = now_ms() + 5000;
	long before, now = 0;

	(void)state;
	assert_int_equal(run_start(&host, 0, ARGV(PROBE, "hold", "2")), 0);
	while (zombie_children(host.pid1) < 2) {
		assert_true(now_ms() < end);
		poll_step();
	}
	assert_int_equal(run_start(&r, RUN_NS | RUN_HOSTPROC, ARGV(SEXTON,
	    "--watch-zombies=2,50ms", "--zombie-action=TERM", "--", PROBE,
	    "sleep")), 0);
	assert_true(run_expect(&r, "ready\n", 5000));
	/* An idle sexton wakes only for its scans: 8 wake-ups are 8 scans
	 * at least, and a holder is reported at its second. */
	before = proc_field(r.pid1, "voluntary_ctxt_switches");
	assert_true(before >= 0);
	while ((now = proc_field(r.pid1, "voluntary_ctxt_switches")) -
	    before < 8) {
		if (now_ms() >= end)
			fail_msg("%ld wake-ups in 5 s with 50 ms scans",
			    now - before);
		poll_step();
	}
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
	if (strstr(r.errbuf, "holds") != NULL || strstr(r.errbuf, "sent") !=
	    NULL)
		fail_msg("pids of another namespace reported:\n%s", r.errbuf);
	if (count(r.errbuf, "cannot read /proc: not this PID namespace's") !=
	    1)
		fail_msg("want one line on /proc, got:\n%s", r.errbuf);
	assert_int_equal(zombie_children(host.pid1), 2);
	run_kill(&host);
}

/* 3c: every holder is remembered from one scan to the next, however
 * many there are. */
static void watch_reports_all_of_40_holders(void **state)
{
	long long end;
	int pids[40], n = 0, missing = 0, first = 0;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON,
	    "--watch-zombies=2,50ms", "--", PROBE, "holders", "40", "2")), 0);
	assert_true(run_expect(&r, "ready\n", 5000));
	for (const char *p = r.outbuf; n < 40 &&
	    (p = strstr(p, "holder ")) != NULL; p++)
		pids[n++] = atoi(p + strlen("holder "));
	assert_int_equal(n, 40);
	end = now_ms() + 5000;
	for (int i = 0; i < n; i++) {
		char want[64];
		long long left = end - now_ms();

		snprintf(want, sizeof want, "sexton[1]: pid %d (probe) holds 2 "
		    "zombies", pids[i]);
		if (!run_expect_err(&r, want, left > 0 ? (int)left : 0)) {
			if (missing++ == 0)
				first = pids[i];
		}
	}
	if (missing > 0)
		fail_msg("%d of 40 holders never reported, pid %d first",
		    missing, first);
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(holder_is_reported_with_its_count, &r),
		RUN_TEST(below_the_threshold_nothing_is_reported, &r),
		RUN_TEST(action_term_gets_the_zombies_reaped, &r),
		RUN_TEST(action_on_the_main_child_ends_sexton, &r),
		RUN_TEST(bad_values_are_refused, &r),
		cmocka_unit_test_prestate_setup_teardown(
		    watch_reports_a_holder_at_pid_4194300, NULL,
		    pid_max_teardown, &r),
		RUN_TEST(watch_as_subreaper_spares_pid_1, &r),
		cmocka_unit_test_prestate_setup_teardown(
		    watch_with_a_foreign_proc_reports_nothing, NULL,
		    host_teardown, &r),
		RUN_TEST(watch_reports_all_of_40_holders, &r),
	};

	unsetenv("SEXTON_SUBREAPER");
	unsetenv("DUMB_INIT_SETSID");
	unsetenv("TINI_KILL_PROCESS_GROUP");
	return cmocka_run_group_tests_name("zombie watch", tests, NULL, NULL);
}
