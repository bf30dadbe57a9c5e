/* The end: what is left behind gets SIGTERM, a grace period that ends
 * as soon as nothing is left, then SIGKILL. As PID 1, what is left is
 * every process of the namespace, those entered from outside (docker
 * exec, kubectl exec, nsenter) included: sexton waits, within the
 * grace, until it is the last one, and exits at that moment, with no
 * busy poll meanwhile. Not PID 1, what is left is sexton's subtree,
 * found by pid at its end, also at the highest pids, and nothing
 * outside it is touched. With -t 0 sexton exits at once, and as a
 * subreaper signals nothing. --pause, the pod sandbox, reaps what a
 * second container leaves, and gives it the same end on TERM and INT,
 * with 0. As the machine's init (--system), signals and --on-exit
 * choose the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

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

/* 2a: pids from 4194300 to 4194303, the highest pid_max allows. Before
 * Linux 6.14 a namespace's pids are bounded by the machine's pid_max,
 * which is raised for the test and restored after it. */

/* Not PID 1, sexton finds what is left by pid at its end. */
static void subreaper_end_reaches_pids_from_4194300(void **state)
{
	int rc;

	(void)state;
	raise_pid_max();
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "-t", "3s", "--", PROBE, "leaveat", "4194300", "trap", "4", "0")),
	    0);
	rc = run_wait(&r, 20000);
	restore_pid_max();
	if (rc == 4)
		fail_msg("orphans not placed (%s): %s", pid_max_note, r.outbuf);
	if (rc != 0 || count(r.outbuf, "orphan got TERM") != 4)
		fail_msg("exit %d; want 4 orphans to get TERM, got:\n%s%s", rc,
		    r.outbuf, r.errbuf);
}

/* The same, one level down: the orphan at 4194300 has a child of its
 * own at 4194301, found through the orphan's threads in /proc. */
static void subreaper_end_reaches_below_pid_4194300(void **state)
{
	int rc;

	(void)state;
	raise_pid_max();
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "-t", "1s", "--", PROBE, "leaveat", "4194300", "nest", "1", "0")),
	    0);
	rc = run_wait(&r, 20000);
	restore_pid_max();
	if (rc == 4)
		fail_msg("orphans not placed (%s): %s", pid_max_note, r.outbuf);
	if (rc != 0 || count(r.outbuf, "orphan got TERM") != 1 ||
	    count(r.outbuf, "grandchild got TERM") != 1)
		fail_msg("exit %d; want a TERM for the orphan at 4194300 and "
		    "its child at 4194301, got:\n%s%s", rc, r.outbuf,
		    r.errbuf);
}

/* 8b: -t 0 as a subreaper: sexton exits at once, as tini does, and
 * signals nothing; the orphan that ignores TERM outlives it. */
static void grace_0_as_subreaper_leaves_the_rest_alone(void **state)
{
	long long start = now_ms(), took;
	int rc;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazycount", SEXTON,
	    "-t", "0", "--", PROBE, "leave", "ignore", "1", "5")), 0);
	rc = run_wait(&r, 10000);
	took = now_ms() - start;
	if (rc != 5 || strstr(r.outbuf, "left zombies=0 alive=1\n") == NULL)
		fail_msg("exit %d; want the orphan alive after sexton; "
		    "got:\n%s", rc, r.outbuf);
	if (took > 2000)
		fail_msg("took %lld ms with -t 0", took);
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

/* The pod sandbox: no command; a second container joins the namespace
 * and leaves orphans; sexton reaps them and exits 0 on SIGTERM. */
static void pause_reaps_and_exits_0_on_term(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-P")), 0);
	assert_int_equal(run_join(&r, ARGV(PROBE, "orphans", "200", "100"),
	    30000), 0);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 0);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--pause")), 0);
	assert_int_equal(run_join(&r, ARGV(PROBE, "exit", "0"), 5000), 0);
	assert_true(wait_caught(r.pid1, SIGINT, 5000));
	kill(r.pid1, SIGINT);
	assert_int_equal(run_wait(&r, 5000), 0);
}

/* As the machine's init (--system), signals choose the end. In a PID
 * namespace reboot(2) would end sexton by a signal and lose the
 * command's status, so sexton never calls it there: it says which end
 * it would have chosen, and exits with the command's status, also when
 * a signal chose the end and the end's TERM ended the command. */
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
	    "--", PROBE, "leave", "trap", "1", "wait")), 128 + SIGTERM);
	assert_int_equal(count(r.outbuf, "orphan got TERM"), 1);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char want[64];

		/* The end's TERM ends the command: its 143 is the status. */
		assert_int_equal(machine_end(cases[i].sig, ARGV(SEXTON,
		    "--system", "-v", "--", PROBE, "sleep")), 128 + SIGTERM);
		snprintf(want, sizeof want, "]: %s of the machine\n",
		    cases[i].end);
		if (strstr(r.errbuf, want) == NULL)
			fail_msg("signal %d: no '%s' in:\n%s", cases[i].sig,
			    want, r.errbuf);
		assert_non_null(strstr(r.errbuf, "not the machine's own init: "
		    "exiting with 143 instead"));
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
	    "--system", "--", PROBE, "sleep")), 128 + SIGTERM);
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

/* What /proc shows of a process: its wake-ups (voluntary context
 * switches) and CPU time so far. */
struct usage {
	long wakeups;
	long long cpu_ms;
};

/* 0, or -1 if pid is gone or a zombie. */
static int usage_of(pid_t pid, struct usage *u)
{
	char path[64], buf[1024], *p;
	unsigned long long utime, stime;
	char state = proc_state(pid);
	FILE *f;
	size_t n;

	if (state == 0 || state == 'Z')
		return -1;
	u->wakeups = proc_field(pid, "voluntary_ctxt_switches");
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (u->wakeups < 0 || (f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u "
	    "%*u %*u %llu %llu", &utime, &stime) != 2)
		return -1;
	u->cpu_ms = (long long)(utime + stime) * 1000 / sysconf(_SC_CLK_TCK);
	return 0;
}

/* The end of a sexton as PID 1 beside an entered process, as seen from
 * outside. Times are ms on CLOCK_MONOTONIC, as the probe's. */
struct ending {
	int code;		/* sexton's exit */
	int entered_code;	/* the entered process's */
	long long began;	/* the TERM to sexton, or the command's end */
	long long gone;		/* the entered process gone */
	long long ended;	/* sexton gone */
	long long done;		/* its "entered done at", or 0 */
	struct usage before, last;	/* sexton's, at began and last */
};

/* The process outside that waits for the entered one; 0 once
 * collected. */
static pid_t entered;

static int entered_teardown(void **state)
{
	run_teardown(state);
	if (entered > 0) {
		kill(entered, SIGKILL);
		waitpid(entered, NULL, 0);
	}
	entered = 0;
	return 0;
}

static void collect_entered(struct ending *e, int options)
{
	int st;

	if (entered > 0 && waitpid(entered, &st, options) == entered) {
		e->gone = now_ms();
		e->entered_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 +
		    WTERMSIG(st);
		entered = 0;
	}
}

/* Starts argv as PID 1 of a namespace, enters into it from outside a
 * process that needs 500 ms after its TERM to finish, then ends the
 * command: by a TERM to sexton (by_term, as docker stop does), or by a
 * line on its stdin. Follows sexton to its end. */
static void end_beside_entered(char *const argv[], int by_term,
    struct ending *e)
{
	const char *done;
	struct usage u;

	memset(e, 0, sizeof *e);
	assert_int_equal(run_start(&r, RUN_NS | RUN_STDIN_PIPE, argv), 0);
	assert_true(run_expect(&r, "ready\n", 5000));
	entered = run_enter(&r, ARGV(PROBE, "entered", "500"));
	assert_true(entered > 0);
	assert_true(run_expect(&r, "entered ready\n", 5000));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	assert_int_equal(usage_of(r.pid1, &e->before), 0);
	e->last = e->before;
	e->began = now_ms();
	if (by_term)
		assert_int_equal(kill(r.pid1, SIGTERM), 0);
	else
		assert_int_equal(write(r.in, "\n", 1), 1);
	while (usage_of(r.pid1, &u) == 0) {
		e->last = u;
		collect_entered(e, WNOHANG);
		if (now_ms() - e->began > 20000)
			fail_msg("sexton still runs 20 s after the end began");
		run_expect(&r, "\1", 5);
	}
	e->ended = now_ms();
	e->code = run_wait(&r, 5000);
	collect_entered(e, 0);
	done = strstr(r.outbuf, "entered done at ");
	e->done = done != NULL ? atoll(done + strlen("entered done at ")) : 0;
	print_message("end %lld ms after it began, %lld ms after the entered "
	    "process; %ld wake-ups and %lld ms of CPU meanwhile\n",
	    e->ended - e->began, e->ended - e->gone, e->last.wakeups -
	    e->before.wakeups, e->last.cpu_ms - e->before.cpu_ms);
}

/* The entered process finished its 500 ms of work, sexton exited with
 * the command's status within 1 s of it, and sat quietly meanwhile. */
static void expect_entered_finished(const struct ending *e, int code)
{
	long wakeups = e->last.wakeups - e->before.wakeups;
	long long cpu = e->last.cpu_ms - e->before.cpu_ms;

	if (e->done == 0)
		fail_msg("the entered process did not finish: it ended with "
		    "%d, %lld ms after the end began, and sexton %lld ms "
		    "after; stdout:\n%s", e->entered_code, e->gone - e->began,
		    e->ended - e->began, r.outbuf);
	assert_int_equal(e->entered_code, 0);
	assert_int_equal(e->code, code);
	/* From its last word, just before it exited. */
	if (e->ended - e->done > 1000)
		fail_msg("sexton ended %lld ms after the entered process",
		    e->ended - e->done);
	/* About 0.5 s of waiting: a look at /proc every 50 ms is 10
	 * wake-ups; a busy poll is hundreds. */
	if (wakeups > 30 || cpu > 100)
		fail_msg("%ld wake-ups and %lld ms of CPU while it waited %lld "
		    "ms", wakeups, cpu, e->ended - e->began);
}

/* docker stop, kubectl delete: a TERM to sexton. The command exits 7 on
 * it; the process entered with setns, as kubectl exec and nsenter do,
 * gets its TERM too and finishes, and sexton waits for it. */
static void docker_stop_lets_an_entered_process_finish(void **state)
{
	struct ending e;

	(void)state;
	end_beside_entered(ARGV(SEXTON, "-t", "10s", "--", PROBE, "dieon",
	    "15", "7"), 1, &e);
	expect_entered_finished(&e, 7);
}

/* The same when the command ends on its own. */
static void command_exit_lets_an_entered_process_finish(void **state)
{
	struct ending e;

	(void)state;
	end_beside_entered(ARGV(SEXTON, "-t", "10s", "--", "/bin/sh", "-c",
	    "echo ready; read x; exit 5"), 0, &e);
	expect_entered_finished(&e, 5);
}

/* With a grace shorter than its work, the entered process gets KILL when
 * the grace ends, not before, and sexton ends right after. */
static void entered_process_is_killed_when_the_grace_ends(void **state)
{
	struct ending e;

	(void)state;
	end_beside_entered(ARGV(SEXTON, "-t", "200ms", "--", PROBE, "dieon",
	    "15", "7"), 1, &e);
	if (e.done != 0)
		fail_msg("the entered process finished its 500 ms within a "
		    "200 ms grace:\n%s", r.outbuf);
	assert_int_equal(e.entered_code, 128 + SIGKILL);
	if (e.gone - e.began < 200)
		fail_msg("the entered process was killed %lld ms after the end "
		    "began, before the 200 ms grace ended", e.gone - e.began);
	assert_int_equal(e.code, 7);
	if (e.ended - e.began > 1200)
		fail_msg("sexton ended %lld ms after the end began, with a "
		    "200 ms grace", e.ended - e.began);
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
		cmocka_unit_test_prestate_setup_teardown(
		    subreaper_end_reaches_pids_from_4194300, NULL,
		    pid_max_teardown, &r),
		cmocka_unit_test_prestate_setup_teardown(
		    subreaper_end_reaches_below_pid_4194300, NULL,
		    pid_max_teardown, &r),
		RUN_TEST(grace_0_as_subreaper_leaves_the_rest_alone, &r),
		cmocka_unit_test(docker_stop),
		cmocka_unit_test(pause_gives_orphans_their_grace),
		cmocka_unit_test(pause_reaps_and_exits_0_on_term),
		cmocka_unit_test(machine_signals_choose_the_end),
		cmocka_unit_test(machine_command_end_keeps_status),
		cmocka_unit_test(machine_without_cap_sys_boot),
		cmocka_unit_test(container_init_exits),
		cmocka_unit_test_prestate_setup_teardown(
		    docker_stop_lets_an_entered_process_finish, NULL,
		    entered_teardown, &r),
		cmocka_unit_test_prestate_setup_teardown(
		    command_exit_lets_an_entered_process_finish, NULL,
		    entered_teardown, &r),
		cmocka_unit_test_prestate_setup_teardown(
		    entered_process_is_killed_when_the_grace_ends, NULL,
		    entered_teardown, &r),
	};

	unsetenv("SEXTON_VERBOSE");
	unsetenv("TINI_VERBOSITY");
	unsetenv("SEXTON_SUBREAPER");
	unsetenv("DUMB_INIT_SETSID");
	unsetenv("TINI_KILL_PROCESS_GROUP");
	return cmocka_run_group_tests_name("end", tests, NULL, NULL);
}
