/* sexton as PID 1 of a real systemd-nspawn container (tests/nspawn):
 * `systemd-nspawn -D ROOTFS /sbin/sexton -- CMD`. Exit codes pass through
 * nspawn, orphans are reaped, and the ways a user stops the container end
 * it cleanly: SIGTERM to nspawn, which sends PID 1 its --kill-signal
 * (SIGRTMIN+3, as for a booted systemd, or SIGTERM), and SIGRTMIN+4 to
 * PID 1, what `machinectl poweroff` sends. In each, the command's TERM
 * trap runs, an orphan in a session of its own gets its grace, and the
 * container's status is the command's. nspawn's own part is pinned too,
 * and tini-static's stop is measured beside sexton's. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine.h"

#define NSPAWN "tests/nspawn/nspawn.sh"

static struct run r;
/* This test's machine; its directory bound at /out is out_dir. */
static char name[48];

/* Starts systemd-nspawn with opts, then cmd as PID 1. r.pid1 is the
 * nspawn process, which passes on the container's exit code. */
static void start(char *const opts[], char *const cmd[])
{
	struct argv a = { .n = 0 };

	argv_add(&a, ARGV(NSPAWN, name, out_dir));
	argv_add(&a, opts);
	argv_add(&a, cmd);
	assert_int_equal(run_start(&r, 0, a.v), 0);
}

/* nspawn's exit code, or -1 after timeout_ms. */
static int nspawn(char *const opts[], char *const cmd[], int timeout_ms)
{
	start(opts, cmd);
	return run_wait(&r, timeout_ms);
}

#define NONE ARGV("-q")	/* no option but those of nspawn.sh */
/* cmd run by sexton, as PID 1 of the container. */
#define UNDER(...) ARGV("/sbin/sexton", "--", __VA_ARGS__)

/* Still running: not gone, and not a zombie waiting for the harness. */
static int running(pid_t pid)
{
	char s = proc_state(pid);

	return s != 0 && s != 'Z';
}

/* The name of pid's program, as /proc/PID/comm says it. */
static const char *comm(pid_t pid)
{
	static char got[32];
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	return slurp(path, got, sizeof got);
}

/* A name no other run uses, and an empty /out. */
static int fresh(void **state)
{
	(void)state;
	return fresh_container(name, sizeof name, "sexton-ns", "nspawn");
}

SCRIPT_FIXTURE(setup, "tests/nspawn/setup.sh")
SCRIPT_FIXTURE(cleanup, "tests/nspawn/cleanup.sh")

/* Killed, nspawn leaves its container running: cleanup.sh ends it. */
static int remove_container(void **state)
{
	run_kill(&r);
	return cleanup(state);
}

static void pid_1_is_sexton(void **state)
{
	(void)state;
	assert_int_equal(nspawn(NONE, UNDER("/bin/cat", "/proc/1/comm"),
	    30000), 0);
	assert_string_equal(r.outbuf, "sexton\n");
}

static void exit_codes_pass_through(void **state)
{
	(void)state;
	assert_int_equal(nspawn(NONE, UNDER("/probe", "exit", "3"), 30000), 3);
	/* SIGUSR1: a death nspawn would not cause itself. */
	assert_int_equal(nspawn(NONE, UNDER("/probe", "kill", "10"), 30000),
	    128 + 10);
}

/* Fifty orphans, half of them gone at once and half within 100 ms: the
 * probe waits until no other process is left in the container. */
static void fifty_orphans_leave_no_zombie(void **state)
{
	(void)state;
	assert_int_equal(nspawn(NONE, UNDER("/probe", "orphans", "50",
	    "100"), 30000), 0);
	assert_string_equal(r.outbuf, "zombies=0 alive=0\n");
}

/* What the stop tests rely on, in nspawn 252: SIGTERM to nspawn makes
 * it send its --kill-signal to PID 1, once; a second SIGTERM, or the
 * first without --kill-signal, makes it SIGKILL PID 1. PID 1 here is a
 * probe that reads every signal from a signalfd and ignores them all. */
static void sigterm_to_nspawn_sends_its_kill_signal(void **state)
{
	(void)state;
	start(ARGV("--kill-signal=SIGRTMIN+3"), ARGV("/probe", "readall"));
	assert_true(run_expect(&r, "main ready\n", 20000));
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	assert_true(run_expect(&r, "main got 37\n", 10000));
	assert_true(running(r.pid1));
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	assert_int_equal(run_wait(&r, 10000), 1);
	assert_non_null(strstr(r.errbuf, "terminated by signal KILL"));

	start(NONE, ARGV("/probe", "readall"));
	assert_true(run_expect(&r, "main ready\n", 20000));
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	assert_int_equal(run_wait(&r, 10000), 1);
	assert_non_null(strstr(r.errbuf, "terminated by signal KILL"));
	assert_null(strstr(r.outbuf, "main got"));
}

/* The end of a stop: nspawn exits with the command's 0 once the orphan
 * wrote its marker, 300 ms after sexton's TERM reached it. Killed at
 * once, it would never write it. */
static void ends_cleanly(long long t0)
{
	long long ms;

	assert_int_equal(run_wait(&r, 20000), 0);
	ms = now_ms() - t0;
	print_message("the stop took %lld ms\n", ms);
	assert_in_range(ms, 300, 4999);
	assert_halt_finished();
}

/* The stop of a user, or of systemd stopping the unit that runs nspawn:
 * SIGTERM to nspawn, which sends PID 1 the --kill-signal of *state. */
static void stop_lets_the_orphan_finish(void **state)
{
	char opt[64];
	long long t0;

	snprintf(opt, sizeof opt, "--kill-signal=%s", (const char *)*state);
	start(ARGV(opt), UNDER("/bin/sh", "/t/halt.sh"));
	wait_stop_ready();
	t0 = now_ms();
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	ends_cleanly(t0);
}

/* machinectl poweroff asks systemd-machined to send SIGRTMIN+4 to the
 * machine's leader, PID 1. There is no machined without systemd as the
 * host's init, so the test sends it as machined does. */
static void poweroff_lets_the_orphan_finish(void **state)
{
	long long t0;
	pid_t leader;

	(void)state;
	start(NONE, UNDER("/bin/sh", "/t/halt.sh"));
	wait_stop_ready();
	/* nspawn's child is the container's PID 1. */
	leader = child_of(r.pid1);
	assert_true(leader > 0);
	assert_string_equal(comm(leader), "sexton\n");
	t0 = now_ms();
	assert_int_equal(kill(leader, SIGRTMIN + 4), 0);
	ends_cleanly(t0);
}

/* The same stop as stop_lets_the_orphan_finish with SIGRTMIN+3, under
 * tini-static: measured, not asserted, but that it ends. tini forwards
 * SIGRTMIN+3 as it is, which kills a shell that does not trap it. */
static void tini_stop_measured(void **state)
{
	long long t0, ms;
	int code;

	(void)state;
	start(ARGV("--kill-signal=SIGRTMIN+3"), ARGV("/sbin/tini", "--",
	    "/bin/sh", "/t/halt.sh"));
	wait_stop_ready();
	t0 = now_ms();
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	code = run_wait(&r, 20000);
	ms = now_ms() - t0;
	print_peer_stop("tini-static, --kill-signal=SIGRTMIN+3:", code, ms);
	assert_int_not_equal(code, -1);
}

#define TEST(f) { #f, f, fresh, remove_container, NULL }
#define WITH(f, sig) \
	{ #f " (--kill-signal=" sig ")", f, fresh, remove_container, sig }

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(pid_1_is_sexton),
		TEST(exit_codes_pass_through),
		TEST(fifty_orphans_leave_no_zombie),
		TEST(sigterm_to_nspawn_sends_its_kill_signal),
		WITH(stop_lets_the_orphan_finish, "SIGRTMIN+3"),
		WITH(stop_lets_the_orphan_finish, "SIGTERM"),
		TEST(poweroff_lets_the_orphan_finish),
		TEST(tini_stop_measured),
	};
	return cmocka_run_group_tests_name("nspawn", tests, setup, cleanup);
}
