/* sexton as PID 1 of a gVisor sandbox, as on GKE Sandbox or Cloud Run:
 * the Sentry, gVisor's own kernel, implements the signalfd, the
 * kill(-1), the /proc and the prctl() that sexton relies on, or not
 * (see subreaper_when_not_pid_1). Each test starts a sandbox with
 * 'runsc do' (tests/gvisor/run.sh), which shows the sandbox the host's
 * files, so the static sexton and probe run from the tree. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

#define RUN "tests/gvisor/run.sh"
#define SX "./sexton-static"
#define PRB ".build/test/probe-static"
#define ORPHAN "tests/gvisor/orphan.sh"
#define KILL "tests/gvisor/kill.sh"

static struct run r;

static int setup(void **state)
{
	(void)state;
	return system("tests/gvisor/setup.sh") == 0 ? 0 : -1;
}

/* After a failure: runsc killed, the sandbox goes too (runsc starts it
 * with SIGKILL as its parent-death signal), and the state it leaves
 * goes, so that kill.sh finds the next sandbox's alone. */
static int teardown(void **state)
{
	(void)state;
	run_kill(&r);
	return system("rm -rf .build/gvisor/tmp/runsc-do*") == 0 ? 0 : -1;
}

/* Runs argv in a new sandbox and waits for it; its exit code. */
static int sandbox(char *const argv[], int timeout_ms)
{
	assert_int_equal(run_start(&r, 0, argv), 0);
	return timeout_ms > 0 ? run_wait(&r, timeout_ms) : 0;
}

static void pid_1_is_sexton(void **state)
{
	(void)state;
	assert_int_equal(sandbox(ARGV(RUN, SX, "--", "sh", "-c",
	    "cat /proc/1/comm; echo \"command $$ parent $PPID\""), 20000), 0);
	assert_string_equal(r.outbuf, "sexton-static\ncommand 2 parent 1\n");
}

static void exit_codes(void **state)
{
	static const struct {
		char *what, *arg;
		int code;
	} cases[] = {
		{ "exit", "0", 0 }, { "exit", "1", 1 }, { "exit", "42", 42 },
		{ "exit", "255", 255 },
		{ "kill", "9", 137 }, { "kill", "15", 143 },
		{ "kill", "2", 130 }, { "kill", "11", 139 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int code = sandbox(ARGV(RUN, SX, "--", PRB, cases[i].what,
		    cases[i].arg), 20000);

		if (code != cases[i].code)
			fail_msg("probe %s %s: exit %d, not %d", cases[i].what,
			    cases[i].arg, code, cases[i].code);
	}
	/* sexton's own code when the command cannot be run. */
	assert_int_equal(sandbox(ARGV(RUN, SX, "--", "/no/such"), 20000), 127);
}

/* A thousand orphans, half of them exiting at once, the others within
 * 300 ms: none is left, dead or alive, by the probe's count in the
 * sandbox's /proc. */
static void thousand_orphans_leave_no_zombie(void **state)
{
	(void)state;
	assert_int_equal(sandbox(ARGV(RUN, SX, "--", PRB, "orphans", "1000",
	    "300"), 40000), 0);
	assert_string_equal(r.outbuf, "zombies=0 alive=0\n");
}

/* Twenty orphans in one process group killed by one SIGKILL. With the
 * probe itself as PID 1, which reaps nothing, the Sentry's /proc shows
 * all twenty as zombies: the count can fail. With sexton, none. */
static void killed_group_leaves_no_zombie(void **state)
{
	(void)state;
	assert_int_equal(sandbox(ARGV(RUN, PRB, "killgroup", "20", "500"),
	    20000), 1);
	assert_string_equal(r.outbuf, "zombies=20 alive=0\n");
	assert_int_equal(sandbox(ARGV(RUN, SX, "--", PRB, "killgroup", "20",
	    "5000"), 20000), 0);
	assert_string_equal(r.outbuf, "zombies=0 alive=0\n");
}

/* Not PID 1, under an init that waits for its one child alone, sexton
 * makes itself a child subreaper so that the orphans come to it. The
 * Sentry of Debian's runsc (release 20221219) has no
 * PR_SET_CHILD_SUBREAPER and fails it with EINVAL: then sexton must
 * say so, pass the command's code on, and the orphans are indeed left
 * to the lazy init. Where the Sentry has it, none is left. */
static void subreaper_when_not_pid_1(void **state)
{
	int code;

	(void)state;
	code = sandbox(ARGV(RUN, PRB, "lazyinit", SX, "--", PRB, "killgroup",
	    "20", "2000"), 20000);
	if (strstr(r.errbuf, "cannot become a subreaper") != NULL) {
		print_message("this runsc has no PR_SET_CHILD_SUBREAPER: "
		    "sexton said so, and left the orphans to PID 1\n");
		assert_int_equal(code, 1);
		assert_string_equal(r.outbuf, "zombies=20 alive=0\n");
		return;
	}
	assert_int_equal(code, 0);
	assert_string_equal(r.outbuf, "zombies=0 alive=0\n");
	assert_string_equal(r.errbuf, "");
}

/* A SIGTERM from outside, as a user or a supervisor sends to the
 * runsc process, which passes it to the sandbox's PID 1. sexton
 * rewrites it to SIGUSR1, which the command turns into exit code 42:
 * a SIGTERM that bypassed sexton would end the command with 143. */
static void term_from_outside_reaches_the_command(void **state)
{
	(void)state;
	sandbox(ARGV(RUN, SX, "-r", "TERM:USR1", "--", PRB, "dieon", "10",
	    "42"), 0);
	assert_true(run_expect(&r, "ready", 20000));
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	assert_int_equal(run_wait(&r, 20000), 42);
}

/* 'runsc kill ID TERM', as Docker's 'docker stop' or containerd's
 * shim for runsc sends it to the container's init: the command traps
 * the SIGTERM that sexton forwards and says so. */
static void runsc_kill_term_reaches_the_command(void **state)
{
	(void)state;
	sandbox(ARGV(RUN, SX, "--", "sh", "-c",
	    "trap 'echo command got TERM; exit 3' TERM; echo ready; "
	    "while :; do sleep 0.05; done"), 0);
	assert_true(run_expect(&r, "ready\n", 20000));
	assert_int_equal(system(KILL " TERM"), 0);
	assert_int_equal(run_wait(&r, 20000), 3);
	assert_string_equal(r.outbuf, "ready\ncommand got TERM\n");
}

/* A helper in the sandbox, as 'kubectl exec ... kill 1' would be, sends
 * SIGTERM to PID 1; the command traps it and says so. Without sexton's
 * forwarding the command would wait out its 5 s and exit 4. */
static void term_to_pid_1_from_inside_reaches_the_command(void **state)
{
	(void)state;
	assert_int_equal(sandbox(ARGV(RUN, SX, "--", "sh", "-c",
	    "trap 'echo command got TERM; exit 3' TERM; "
	    "sh -c 'kill -TERM 1' & "
	    "i=0; while [ $i -lt 500 ]; do sleep 0.01; i=$((i + 1)); done; "
	    "echo no TERM; exit 4"), 20000), 3);
	assert_string_equal(r.outbuf, "command got TERM\n");
}

/* When the command exits, an orphan in a session of its own that
 * needs WORK seconds to finish after SIGTERM. Returns the milliseconds
 * from the command's last words to the sandbox's end, and checks that
 * the sandbox exits with the command's code, 5. */
static long long grace_run(char *const argv[])
{
	long long exited;

	sandbox(argv, 0);
	assert_true(run_expect(&r, "command exits\n", 20000));
	exited = now_ms();
	assert_int_equal(run_wait(&r, 20000), 5);
	exited = now_ms() - exited;
	print_message("the sandbox ended %lld ms after the command\n", exited);
	return exited;
}

/* 300 ms of work fits in the default grace of 5 s: the orphan gets
 * SIGTERM, finishes, and sexton ends as soon as it has, not at once
 * (a SIGKILL at once would lose "orphan finished") and not at the end
 * of the grace. */
static void grace_lets_the_orphan_finish(void **state)
{
	long long took;

	(void)state;
	took = grace_run(ARGV(RUN, SX, "--", ORPHAN, "0.3", "5"));
	assert_string_equal(r.outbuf,
	    "command exits\norphan got TERM\norphan finished\n");
	if (took < 250 || took >= 5000 + 1000)
		fail_msg("ended %lld ms after the command", took);
}

/* 3 s of work does not fit in a grace of 1 s: the orphan gets SIGTERM,
 * then SIGKILL when the grace ends, and sexton exits with the
 * command's code within the grace and 1 s. */
static void grace_ends_in_sigkill(void **state)
{
	long long took;

	(void)state;
	took = grace_run(ARGV(RUN, SX, "-t", "1s", "--", ORPHAN, "3", "5"));
	assert_string_equal(r.outbuf, "command exits\norphan got TERM\n");
	if (took < 900 || took >= 1000 + 1000)
		fail_msg("ended %lld ms after the command", took);
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(pid_1_is_sexton),
		T(exit_codes),
		T(thousand_orphans_leave_no_zombie),
		T(killed_group_leaves_no_zombie),
		T(subreaper_when_not_pid_1),
		T(term_from_outside_reaches_the_command),
		T(runsc_kill_term_reaches_the_command),
		T(term_to_pid_1_from_inside_reaches_the_command),
		T(grace_lets_the_orphan_finish),
		T(grace_ends_in_sigkill),
	};
	return cmocka_run_group_tests_name("gvisor", tests, setup, NULL);
}
