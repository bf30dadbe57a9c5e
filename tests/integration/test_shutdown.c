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
	/* The last orphan's exit to sexton's, as the harness saw it: the
	 * point is that sexton did not wait out its 10 s grace. A tighter
	 * bound would time the machine, not sexton, under load. */
	if (ended - last_term() > 2000)
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

/* The same where pidfd_open(2) is refused: by a sandbox's filter
 * (EPERM, as older Docker profiles answer what they do not know) or by
 * a kernel before 5.3 (ENOSYS). The orphans still get their TERM. */
static void subreaper_signals_without_pidfds(void **state)
{
	static char *const errs[] = { "1", "38" };

	(void)state;
	for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
		assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "bystander",
		    PROBE, "refuse", "434", errs[i], SEXTON, "-t", "10s", "--",
		    PROBE, "leave", "trap", "3", "7")), 0);
		assert_int_equal(run_wait(&r, 20000), 7);
		assert_int_equal(count(r.outbuf, "orphan got TERM"), 3);
		assert_int_equal(count(r.outbuf, "bystander got TERM"), 0);
	}
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
 * namespace reboot(2) would end sexton by a signal and lose the
 * command's status, so sexton never calls it there: it says which end
 * it would have chosen, and exits with the status. */
static int machine_end(int sig, char *const argv[])
{
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	if (sig != 0) {
		assert_true(run_expect(&r, "ready", 5000));
		assert_true(wait_caught(r.pid1, sig, 5000));
		kill(r.pid1, sig);
	}
	return run_wait(&r, 20000);
}

static void machine_signals_choose_the_end(void **state)
{
	static const struct {
		int sig;
		const char *end;
	} cases[] = {
		{ SIGINT, "reboot" }, { SIGTERM, "reboot" },
		{ SIGUSR1, "halt" }, { SIGUSR2, "power-off" },
	};

	(void)state;
	assert_int_equal(machine_end(SIGINT, ARGV(SEXTON, "--system", "-v",
	    "--", PROBE, "leave", "trap", "1", "wait")), 0);
	assert_int_equal(count(r.outbuf, "orphan got TERM"), 1);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char want[64];

		assert_int_equal(machine_end(cases[i].sig, ARGV(SEXTON,
		    "--system", "-v", "--", PROBE, "sleep")), 0);
		snprintf(want, sizeof want, "]: %s of the machine\n",
		    cases[i].end);
		if (strstr(r.errbuf, want) == NULL)
			fail_msg("signal %d: no '%s' in:\n%s", cases[i].sig,
			    want, r.errbuf);
		assert_non_null(strstr(r.errbuf, "not the machine's own init: "
		    "exiting with 0 instead"));
	}
}

/* The command's end: --on-exit says which, power-off by default, and
 * the status is the command's, not a signal's. */
static void machine_command_end_keeps_status(void **state)
{
	(void)state;
	assert_int_equal(machine_end(0, ARGV(SEXTON, "--system", "-v", "--",
	    PROBE, "exit", "3")), 3);
	assert_non_null(strstr(r.errbuf, "]: power-off of the machine\n"));
	assert_int_equal(machine_end(0, ARGV(SEXTON, "--system", "-v",
	    "--on-exit=reboot", "--", PROBE, "exit", "3")), 3);
	assert_non_null(strstr(r.errbuf, "]: reboot of the machine\n"));
	assert_int_equal(machine_end(0, ARGV(SEXTON, "--system", "-v",
	    "--on-exit=halt", "--", PROBE, "exit", "4")), 4);
	assert_non_null(strstr(r.errbuf, "]: halt of the machine\n"));
}

/* Without CAP_SYS_BOOT reboot(2) cannot work anywhere: sexton must
 * neither hang nor ignore TERM. */
static void machine_without_cap_sys_boot(void **state)
{
	(void)state;
	assert_int_equal(machine_end(0, ARGV("/usr/bin/setpriv",
	    "--bounding-set=-sys_boot", "--inh-caps=-sys_boot", SEXTON,
	    "--system", "--", PROBE, "exit", "3")), 3);
	assert_int_equal(machine_end(SIGTERM, ARGV("/usr/bin/setpriv",
	    "--bounding-set=-sys_boot", "--inh-caps=-sys_boot", SEXTON,
	    "--system", "--", PROBE, "sleep")), 0);
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
		cmocka_unit_test(subreaper_signals_without_pidfds),
		cmocka_unit_test(docker_stop),
		cmocka_unit_test(pause_gives_orphans_their_grace),
		cmocka_unit_test(machine_signals_choose_the_end),
		cmocka_unit_test(machine_command_end_keeps_status),
		cmocka_unit_test(machine_without_cap_sys_boot),
		cmocka_unit_test(container_init_exits),
	};
	return cmocka_run_group_tests_name("shutdown", tests, NULL, NULL);
}
