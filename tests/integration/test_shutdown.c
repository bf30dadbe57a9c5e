/* The end: what is left behind gets SIGTERM, a grace period that ends
 * as soon as nothing is left, then SIGKILL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

static int count(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *p = haystack; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* The latest "got TERM at MS" time in the output. */
static long long last_term(void)
{
	long long last = 0;

	for (const char *p = r.outbuf; (p = strstr(p, " at ")) != NULL;) {
		p += 4;
		if (atoll(p) > last)
			last = atoll(p);
	}
	return last;
}

static void orphans_that_trap_term_finish_and_sexton_exits_at_once(
    void **state)
{
	long long ended;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-t", "10s", "--",
	    PROBE, "leave", "trap", "5", "3")), 0);
	assert_int_equal(run_wait(&r, 20000), 3);
	ended = now_ms();
	assert_int_equal(count(r.outbuf, "orphan got TERM"), 5);
	/* The last orphan's exit to sexton's, as the harness saw it. */
	if (ended - last_term() > 50)
		fail_msg("sexton ended %lld ms after the last orphan",
		    ended - last_term());
}

static void orphans_that_ignore_term_are_killed_after_grace(void **state)
{
	long long start = now_ms(), took;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-v", "-t",
	    "300ms", "--", PROBE, "leave", "ignore", "3", "4")), 0);
	assert_int_equal(run_wait(&r, 20000), 4);
	took = now_ms() - start;
	assert_non_null(strstr(r.errbuf, "grace over: KILL sent"));
	if (took < 300 || took > 5000)
		fail_msg("took %lld ms for a 300 ms grace", took);
}

static void a_stopped_orphan_still_gets_its_term(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-t", "10s", "--",
	    PROBE, "leave", "stop", "2", "0")), 0);
	assert_int_equal(run_wait(&r, 20000), 0);
	assert_int_equal(count(r.outbuf, "orphan got TERM"), 2);
}

static void grace_0_exits_at_once(void **state)
{
	long long start = now_ms();

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--grace", "0",
	    "--", PROBE, "leave", "ignore", "2", "5")), 0);
	assert_int_equal(run_wait(&r, 20000), 5);
	assert_true(now_ms() - start < 2000);
	setenv("SEXTON_GRACE", "0", 1);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
	    "leave", "trap", "2", "6")), 0);
	unsetenv("SEXTON_GRACE");
	assert_int_equal(run_wait(&r, 20000), 6);
	assert_int_equal(count(r.outbuf, "got TERM"), 0);
}

/* Not PID 1: sexton's own orphans get TERM; a process beside sexton,
 * outside its subtree, is never touched. */
static void subreaper_signals_only_its_subtree(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "bystander", SEXTON,
	    "-t", "10s", "--", PROBE, "leave", "trap", "3", "7")), 0);
	assert_int_equal(run_wait(&r, 20000), 7);
	assert_int_equal(count(r.outbuf, "orphan got TERM"), 3);
	assert_int_equal(count(r.outbuf, "bystander got TERM"), 0);
	assert_non_null(strstr(r.outbuf, "bystander alive\n"));
}

/* docker stop: SIGTERM to PID 1 ends the command, then the orphans get
 * their turn, and the status is the command's. */
static void docker_stop(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
	    "leave", "trap", "2", "wait")), 0);
	assert_true(run_expect(&r, "ready", 5000));
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 20000), 143);
	assert_int_equal(count(r.outbuf, "orphan got TERM"), 2);
}

/* --pause has no command: SIGTERM starts the same sequence. */
static void pause_gives_orphans_their_grace(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-P")), 0);
	assert_int_equal(run_join(&r, ARGV(PROBE, "leave", "trap", "2", "0"),
	    5000), 0);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 20000), 0);
	assert_int_equal(count(r.outbuf, "orphan got TERM"), 2);
}

/* As the machine's init (--system), signals choose the end. In a PID
 * namespace the kernel turns reboot(2) into the end of PID 1: SIGHUP for
 * a restart, SIGINT for a halt or power-off; so the code tells which
 * one sexton asked for, with no risk to this machine. */
static int machine_end(int sig, char *const argv[])
{
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	if (sig != 0) {
		assert_true(run_expect(&r, "ready", 5000));
		kill(r.pid1, sig);
	}
	return run_wait(&r, 20000);
}

static void machine_init_signals(void **state)
{
	(void)state;
	assert_int_equal(machine_end(SIGINT, ARGV(SEXTON, "--system", "--",
	    PROBE, "leave", "trap", "1", "wait")), 128 + SIGHUP);
	assert_int_equal(count(r.outbuf, "orphan got TERM"), 1);
	assert_int_equal(machine_end(SIGTERM, ARGV(SEXTON, "--system", "--",
	    PROBE, "sleep")), 128 + SIGHUP);
	assert_int_equal(machine_end(SIGUSR1, ARGV(SEXTON, "--system", "--",
	    PROBE, "sleep")), 128 + SIGINT);
	assert_int_equal(machine_end(SIGUSR2, ARGV(SEXTON, "--system", "--",
	    PROBE, "sleep")), 128 + SIGINT);
	/* The command's end: --on-exit, power-off by default. */
	assert_int_equal(machine_end(0, ARGV(SEXTON, "--system", "--", PROBE,
	    "exit", "3")), 128 + SIGINT);
	assert_int_equal(machine_end(0, ARGV(SEXTON, "--system",
	    "--on-exit=reboot", "--", PROBE, "exit", "3")), 128 + SIGHUP);
	assert_int_equal(machine_end(0, ARGV(SEXTON, "--system",
	    "--on-exit=halt", "--", PROBE, "exit", "3")), 128 + SIGINT);
}

/* In a container, sexton detects it is not the machine's init: it exits
 * with the command's status and never calls reboot(2). */
static void container_init_exits(void **state)
{
	(void)state;
	assert_int_equal(machine_end(0, ARGV(SEXTON, "-v", "--", PROBE, "exit",
	    "3")), 3);
	assert_null(strstr(r.errbuf, "machine"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    orphans_that_trap_term_finish_and_sexton_exits_at_once),
		cmocka_unit_test(
		    orphans_that_ignore_term_are_killed_after_grace),
		cmocka_unit_test(a_stopped_orphan_still_gets_its_term),
		cmocka_unit_test(grace_0_exits_at_once),
		cmocka_unit_test(subreaper_signals_only_its_subtree),
		cmocka_unit_test(docker_stop),
		cmocka_unit_test(pause_gives_orphans_their_grace),
		cmocka_unit_test(machine_init_signals),
		cmocka_unit_test(container_init_exits),
	};
	return cmocka_run_group_tests_name("shutdown", tests, NULL, NULL);
}
