/* The core, observed from outside: sexton as PID 1 of a real PID
 * namespace, with probe as its command. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

/* Runs sexton -- probe ARGS... as PID 1 and returns its exit code. */
static int run_ns(char *const argv[], int timeout_ms)
{
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	return run_wait(&r, timeout_ms);
}

static void every_exit_code_passes_through(void **state)
{
	char code[12];

	(void)state;
	for (int n = 0; n < 256; n++) {
		snprintf(code, sizeof code, "%d", n);
		assert_int_equal(run_ns(ARGV(SEXTON, "--", PROBE, "exit",
		    code), 5000), n);
	}
}

static void killed_child_gives_128_plus_n(void **state)
{
	const int sigs[] = { SIGTERM, SIGKILL, SIGINT, SIGHUP, SIGUSR1 };
	char sig[8];

	(void)state;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		snprintf(sig, sizeof sig, "%d", sigs[i]);
		assert_int_equal(run_ns(ARGV(SEXTON, "--", PROBE, "kill", sig),
		    5000), 128 + sigs[i]);
	}
}

static void missing_command_gives_127(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "--", "/no/such/cmd"), 5000),
	    127);
	assert_string_equal(r.errbuf,
	    "sexton: /no/such/cmd: No such file or directory\n");
	assert_int_equal(run_ns(ARGV(SEXTON, "no-such-cmd-on-path"), 5000),
	    127);
}

static void directory_gives_126(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "--", "/"), 5000), 126);
	assert_string_equal(r.errbuf, "sexton: /: Permission denied\n");
}

/* A script without "#!" runs under sh, by path and through PATH, as
 * POSIX's execvp and glibc's do; musl's does not. */
static void script_without_shebang_runs_under_sh(void **state)
{
	FILE *f;
	char path[2048], cwd[512];

	(void)state;
	(void)!system("mkdir -p .build/noshebang");
	f = fopen(".build/noshebang/plain-script", "w");
	assert_non_null(f);
	fputs("echo \"script ran with $#: $1\"\nexit 5\n", f);
	fclose(f);
	assert_int_equal(chmod(".build/noshebang/plain-script", 0755), 0);
	assert_int_equal(run_ns(ARGV(SEXTON, "--",
	    ".build/noshebang/plain-script", "one"), 5000), 5);
	assert_string_equal(r.outbuf, "script ran with 1: one\n");
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(path, sizeof path, "%s/.build/noshebang:%s", cwd,
	    getenv("PATH"));
	setenv("PATH", path, 1);
	assert_int_equal(run_ns(ARGV(SEXTON, "--", "plain-script", "a", "b"),
	    5000), 5);
	assert_string_equal(r.outbuf, "script ran with 2: a\n");
	setenv("PATH", strchr(path, ':') + 1, 1);
	/* However many arguments. */
	{
		static char *argv[5010];
		static char num[5000][12];

		argv[0] = SEXTON;
		argv[1] = "--";
		argv[2] = ".build/noshebang/plain-script";
		for (int i = 0; i < 5000; i++) {
			snprintf(num[i], sizeof num[i], "%d", i + 1);
			argv[3 + i] = num[i];
		}
		assert_int_equal(run_ns(argv, 10000), 5);
		assert_string_equal(r.outbuf, "script ran with 5000: 1\n");
	}
}

/* A PATH whose every directory makes too long a name: not found. */
static void path_of_long_names_gives_127(void **state)
{
	static char path[6000];
	char *old = strdup(getenv("PATH"));

	(void)state;
	memset(path, 'x', sizeof path - 1);
	path[0] = '/';
	setenv("PATH", path, 1);
	assert_int_equal(run_ns(ARGV(SEXTON, "--", "no-such-cmd"), 5000), 127);
	setenv("PATH", old, 1);
	free(old);
	assert_string_equal(r.errbuf,
	    "sexton: no-such-cmd: No such file or directory\n");
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

/* Sends sig to sexton and waits until the command's group peer, which
 * reads every signal from a signalfd, reports it. */
static void expect_forwarded(pid_t sexton, int sig)
{
	char want[24];

	snprintf(want, sizeof want, "peer got %d\n", sig);
	assert_int_equal(kill(sexton, sig), 0);
	if (!run_expect(&r, want, 5000))
		fail_msg("signal %d did not reach the group; got:\n%s", sig,
		    r.outbuf);
}

static int is_tty_stop(int sig)
{
	return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* A TSTP, TTIN or TTOU reaches the group as STOP, as under dumb-init:
 * the command stops even if it catches them, and a CONT wakes it. */
static void expect_stopped(pid_t sexton, int sig)
{
	pid_t cmd = child_of(sexton);

	assert_true(cmd > 0);
	assert_int_equal(kill(sexton, sig), 0);
	if (!wait_state(cmd, 'T', 5000))
		fail_msg("signal %d did not stop the command", sig);
	expect_forwarded(sexton, SIGCONT);
	for (long long end = now_ms() + 5000; proc_state(cmd) == 'T';) {
		if (now_ms() >= end)
			fail_msg("CONT did not wake the command");
		poll_step();
	}
}

/* Every signal but KILL and STOP: the ones libc keeps for itself (32
 * and 33 in glibc, up to 34 in musl), real-time ones, and faults that
 * another process sent by kill(). With -r naming them, the terminal's
 * stops go as they are too, and so do the halt requests. */
static void forwards_every_signal(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-r", "PWR:PWR",
	    "-r", "RTMIN+3:RTMIN+3", "-r", "RTMIN+4:RTMIN+4", "--", PROBE,
	    "readall")), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(run_expect(&r, "peer ready", 5000));
	for (int sig = 1; sig < 65; sig++)
		if (is_tty_stop(sig))
			expect_stopped(r.pid1, sig);
		else if (sig != SIGKILL && sig != SIGSTOP)
			expect_forwarded(r.pid1, sig);
	run_kill(&r);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-r", "TSTP:TSTP",
	    "-r", "TTIN:TTIN", "-r", "TTOU:TTOU", "--", PROBE, "readall")), 0);
	assert_true(run_expect(&r, "peer ready", 5000));
	expect_forwarded(r.pid1, SIGTSTP);
	expect_forwarded(r.pid1, SIGTTIN);
	expect_forwarded(r.pid1, SIGTTOU);
	run_kill(&r);
}

/* A container manager's halt request (lxc-stop's PWR or RTMIN+3,
 * nspawn's and machinectl's RTMIN+3 and RTMIN+4) reaches the command
 * of a container's PID 1 as TERM, as docker stop's does. Not PID 1,
 * they are the command's business, and go as they are. */
static void halt_requests_reach_the_command_as_term(void **state)
{
	const int halts[] = { SIGPWR, SIGRTMIN + 3, SIGRTMIN + 4 };

	(void)state;
	for (size_t i = 0; i < sizeof halts / sizeof halts[0]; i++) {
		assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--",
		    PROBE, "readall")), 0);
		assert_true(run_expect(&r, "peer ready", 5000));
		assert_int_equal(kill(r.pid1, halts[i]), 0);
		if (!run_expect(&r, "peer got 15\n", 5000))
			fail_msg("halt request %d did not reach the group as "
			    "TERM; got:\n%s", halts[i], r.outbuf);
		run_kill(&r);
	}
	assert_int_equal(run_start(&r, 0, ARGV(SEXTON, "--", PROBE,
	    "readall")), 0);
	assert_true(run_expect(&r, "peer ready", 5000));
	expect_forwarded(r.pid1, SIGPWR);
	expect_forwarded(r.pid1, SIGRTMIN + 3);
	run_kill(&r);
}

/* Not PID 1, sexton has no protection from the kernel: a signal it
 * does not read would kill it and orphan the command. */
static void odd_signals_do_not_kill_a_subreaper(void **state)
{
	const int odd[] = { 32, 33, 34, 35, 64, SIGSEGV, SIGBUS, SIGILL,
		SIGFPE, SIGABRT, SIGTRAP, SIGSYS, SIGTSTP, SIGTTIN, SIGTTOU };

	(void)state;
	assert_int_equal(run_start(&r, 0, ARGV(SEXTON, "-c", "--", PROBE,
	    "readall")), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		char want[24];

		snprintf(want, sizeof want, "main got %d\n", odd[i]);
		assert_int_equal(kill(r.pid1, odd[i]), 0);
		if (!run_expect(&r, want, 5000))
			fail_msg("signal %d did not reach the command; got:\n%s",
			    odd[i], r.outbuf);
		/* Stops are forwarded and stop sexton too, as in a shell. */
		if (odd[i] == SIGTSTP || odd[i] == SIGTTIN ||
		    odd[i] == SIGTTOU) {
			assert_true(wait_state(r.pid1, 'T', 5000));
			kill(r.pid1, SIGCONT);
		}
	}
	/* Alive, and still the command's: its death is sexton's status. */
	assert_int_equal(kill(child_of(r.pid1), SIGKILL), 0);
	assert_int_equal(run_wait(&r, 10000), 128 + SIGKILL);
}

/* A CONT sent right after a TSTP arrives in the same wake-up: sexton
 * must not stop after it and stay stopped. A USR1 after them is only
 * forwarded by a sexton that runs. */
static void stop_then_cont_leaves_sexton_running(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, 0, ARGV(SEXTON, "-c", "--", PROBE,
	    "readall")), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	for (int i = 0; i < 20; i++) {
		kill(r.pid1, SIGTSTP);
		kill(r.pid1, SIGCONT);
	}
	assert_int_equal(kill(r.pid1, SIGUSR1), 0);
	if (!run_expect(&r, "main got 10\n", 5000))
		fail_msg("sexton stayed stopped (state %c)",
		    proc_state(r.pid1));
	assert_int_equal(kill(child_of(r.pid1), SIGKILL), 0);
	assert_int_equal(run_wait(&r, 10000), 128 + SIGKILL);
}

/* A real fault in sexton is not swallowed by the block: the kernel
 * forces it, and sexton dies of it rather than running on broken.
 * gdb makes the fault: it moves the program counter to address 0. */
static void a_real_fault_still_kills(void **state)
{
	char pid[16], cmd[160];
	int st;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
	    "sleep")), 0);
	assert_true(run_expect(&r, "ready", 5000));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	snprintf(pid, sizeof pid, "%d", (int)r.pid1);
	snprintf(cmd, sizeof cmd, "gdb -q -batch -p %s -ex 'set $pc=0' "
	    "-ex detach >/dev/null 2>&1", pid);
	st = system(cmd);
	assert_int_equal(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
	/* The outer process passes on how sexton ended: 128+11. */
	assert_int_equal(run_wait(&r, 10000), 128 + SIGSEGV);
}

/* The child sees the mask and SIG_IGN set that sexton's caller had. */
static void child_gets_callers_signal_state(void **state)
{
	static char direct[sizeof r.outbuf], blk[64];
	sigset_t block, old;

	(void)state;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &block, &old);
	signal(SIGHUP, SIG_IGN);
	signal(SIGWINCH, SIG_IGN);
	assert_int_equal(run_ns(ARGV(PROBE, "sigstate"), 5000), 0);
	memcpy(direct, r.outbuf, sizeof direct);
	assert_int_equal(run_ns(ARGV(SEXTON, "--", PROBE, "sigstate"), 5000),
	    0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGWINCH, SIG_DFL);
	snprintf(blk, sizeof blk, "SigBlk:\t%016llx", 1ULL << (SIGUSR2 - 1) |
	    1ULL << (SIGRTMIN + 2 - 1));
	assert_non_null(strstr(direct, blk));
	assert_string_equal(r.outbuf, direct);
}

/* Idle: sexton sleeps in the kernel with no timer. */
static void idle_sexton_does_not_wake(void **state)
{
	long n;

	(void)state;
	n = run_idle_wakeups(&r, ARGV(SEXTON, "--", PROBE, "sleep"));
	assert_true(n >= 0);
	if (n > 1)
		fail_msg("%ld context switches in 3 s", n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_exit_code_passes_through),
		cmocka_unit_test(killed_child_gives_128_plus_n),
		cmocka_unit_test(missing_command_gives_127),
		cmocka_unit_test(directory_gives_126),
		cmocka_unit_test(script_without_shebang_runs_under_sh),
		cmocka_unit_test(path_of_long_names_gives_127),
		cmocka_unit_test(thousand_orphans_leave_no_zombie),
		cmocka_unit_test(one_kill_of_2000_leaves_no_zombie),
		cmocka_unit_test(without_sexton_zombies_stay),
		cmocka_unit_test(sexton_not_pid1_reaps_as_subreaper),
		cmocka_unit_test(forwards_every_signal),
		cmocka_unit_test(halt_requests_reach_the_command_as_term),
		cmocka_unit_test(odd_signals_do_not_kill_a_subreaper),
		cmocka_unit_test(stop_then_cont_leaves_sexton_running),
		cmocka_unit_test(a_real_fault_still_kills),
		cmocka_unit_test(child_gets_callers_signal_state),
		cmocka_unit_test(idle_sexton_does_not_wake),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
