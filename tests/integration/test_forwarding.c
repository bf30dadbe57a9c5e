/* Which signals reach whom. A signal sent to sexton reaches the
 * command's process group, or the command alone (-c,
 * SEXTON_SIGNAL_TARGET=child, DUMB_INIT_SETSID=0), or every process of
 * the namespace (-a); TINI_KILL_PROCESS_GROUP outranks
 * DUMB_INIT_SETSID=0. Every signal from 1 to 64 but KILL and STOP is
 * forwarded: the ones libc keeps for itself, real-time ones, faults
 * sent by kill(), as PID 1 and not; a real fault in sexton still ends
 * it, and a SIGKILL from inside the namespace does nothing. A
 * container manager's halt request reaches the command as TERM. -r
 * rewrites or drops a signal, TSTP included. The terminal's stops stop
 * the command and then sexton, and CONT wakes both; a TERM reaches a
 * stopped command; a stop that comes as the command exits does not
 * leave sexton stopped. No signal goes to the command's pid once it
 * is reaped; 50,000 signals while orphans are made change nothing.
 * The parent-death signal (-p) reaches the command, also when the
 * parent died before sexton could ask for it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

#define STRACE "/usr/bin/strace"

static struct run r;

/* In the sanitizer pass, LeakSanitizer cannot run under a tracer: it
 * is off for a run under strace, which AddressSanitizer still checks. */
static char *asan_saved;

static void leaks_off(void)
{
	const char *asan = getenv("ASAN_OPTIONS");
	char opts[512];

	free(asan_saved);
	asan_saved = asan != NULL ? strdup(asan) : NULL;
	snprintf(opts, sizeof opts, "%s%sdetect_leaks=0", asan ? asan : "",
	    asan ? ":" : "");
	setenv("ASAN_OPTIONS", opts, 1);
}

static void leaks_on(void)
{
	if (asan_saved != NULL)
		setenv("ASAN_OPTIONS", asan_saved, 1);
	else
		unsetenv("ASAN_OPTIONS");
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
	/* A halt goes as docker stop's TERM goes: -r TERM:QUIT, as for
	 * nginx, makes it QUIT too. */
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-r", "TERM:QUIT",
	    "--", PROBE, "readall")), 0);
	assert_true(run_expect(&r, "peer ready", 5000));
	assert_int_equal(kill(r.pid1, SIGRTMIN + 3), 0);
	if (!run_expect(&r, "peer got 3\n", 5000))
		fail_msg("with -r TERM:QUIT, a halt request did not go as QUIT; "
		    "got:\n%s", r.outbuf);
	assert_null(strstr(r.outbuf, "got 15\n"));
	run_kill(&r);
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

static void sigkill_from_inside_does_nothing(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
	    "sleep")), 0);
	assert_true(run_expect(&r, "ready\n", 5000));
	assert_int_equal(run_join(&r, ARGV(PROBE, "send", "9", "1"), 5000),
	    0);
	assert_true(run_expect(&r, "kill 0\n", 5000));
	/* Had it worked, sexton would end with 137, not with the 143 of
	 * the command that TERM, sent now, ends. */
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
}

/* Sends sig to pid, waiting while the queue of real-time signals is
 * full. */
static void send(pid_t pid, int sig)
{
	long long end = now_ms() + 5000;

	while (kill(pid, sig) < 0) {
		assert_int_equal(errno, EAGAIN);
		assert_true(now_ms() < end);
		poll_step();
	}
}

static void fifty_thousand_signals_while_orphans_are_made(void **state)
{
	const int mix[] = { SIGUSR1, SIGUSR2, SIGHUP, SIGWINCH, SIGCONT,
		SIGURG, SIGALRM, SIGCHLD, SIGPIPE, SIGINT, SIGTERM, SIGQUIT,
		SIGRTMIN, SIGRTMIN + 1, SIGRTMAX };
	const size_t kinds = sizeof mix / sizeof mix[0];

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS | RUN_STDIN_PIPE, ARGV(SEXTON,
	    "--", PROBE, "churn", "37")), 0);
	assert_true(run_expect(&r, "ready\n", 5000));
	for (int i = 0; i < 50000; i++)
		send(r.pid1, mix[(size_t)i % kinds]);
	assert_int_equal(write(r.in, "\n", 1), 1);
	assert_int_equal(run_wait(&r, 30000), 37);
}

/* 4: signals that come as the command dies. Once wait4() has returned
 * the command's pid, that pid is free for reuse: no kill() and no
 * pidfd_send_signal() may name it again. strace watches sexton. */
static char trace_path[64];

static int trace_teardown(void **state)
{
	if (trace_path[0] != '\0')
		unlink(trace_path);
	trace_path[0] = '\0';
	return run_teardown(state);
}

/* pid as its own PID namespace numbers it: NSpid's last field. */
static pid_t inner_pid(pid_t pid)
{
	char path[64], line[256];
	const char *last;
	pid_t in = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "NSpid:", 6) == 0 &&
		    (last = strrchr(line, '\t')) != NULL)
			in = (pid_t)atoi(last + 1);
	fclose(f);
	return in;
}

/* Line by line, strace -f's "PID call(args) = result", for sexton's
 * pid s: returns 1 and the line if s signals child, by pid or through
 * a pidfd opened on it, after a wait4() returned child. */
static int late_signal(FILE *f, pid_t s, pid_t child, char *line,
    size_t len)
{
	char by_pid[32], by_group[32], open_it[32];
	int reaped = 0, pidfd[1024] = { 0 }, opening = 0;

	snprintf(by_pid, sizeof by_pid, "kill(%d,", (int)child);
	snprintf(by_group, sizeof by_group, "kill(-%d,", (int)child);
	snprintf(open_it, sizeof open_it, "pidfd_open(%d,", (int)child);
	while (fgets(line, (int)len, f) != NULL) {
		const char *res = strstr(line, ") = ");
		const char *sent = strstr(line, "pidfd_send_signal(");
		long rv = res != NULL ? atol(res + 4) : -1;

		if (atoi(line) != s)
			continue;
		if (strstr(line, open_it) != NULL)
			opening = 1;
		if (opening && strstr(line, "pidfd_open") != NULL &&
		    res != NULL) {
			if (rv >= 0 && rv < 1024)
				pidfd[rv] = 1;
			opening = 0;
		}
		if (reaped && (strstr(line, by_pid) != NULL ||
		    strstr(line, by_group) != NULL || (sent != NULL &&
		    atoi(sent + 18) >= 0 && atoi(sent + 18) < 1024 &&
		    pidfd[atoi(sent + 18)])))
			return 1;
		if (strstr(line, "wait4") != NULL && rv == child)
			reaped = 1;
	}
	return 0;
}

/* A glibc program exits on RT signal 35, forwarded by sexton; 100 more
 * of them follow, with SIGCHLDs between. A SIGCHLD a process sent is
 * forwarded too, and can merge with the kernel's for the command's
 * exit: the reap and that forward then come in the same wake-up. */
static void no_signal_after_the_command_is_reaped(void **state)
{
	char line[512];

	(void)state;
	if (access(STRACE, X_OK) != 0)
		fail_msg(STRACE " is missing: apt-get install strace");
	for (int round = 0; round < 5; round++) {
		pid_t s, child, s_in, child_in;
		FILE *f;
		int fd, late, rc;

		snprintf(trace_path, sizeof trace_path, "/tmp/sexton-trace-"
		    "XXXXXX");
		assert_true((fd = mkstemp(trace_path)) >= 0);
		close(fd);
		leaks_off();
		rc = run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", STRACE, "-f",
		    "-o", trace_path, "-e", "trace=wait4,kill,pidfd_open,"
		    "pidfd_send_signal", SEXTON, "--", PROBE, "dieon", "35",
		    "0"));
		leaks_on();
		assert_int_equal(rc, 0);
		assert_true(run_expect(&r, "ready\n", 10000));
		s = child_of(child_of(r.pid1));
		child = s > 0 ? child_of(s) : 0;
		assert_true(child > 0);
		s_in = inner_pid(s);
		child_in = inner_pid(child);
		assert_true(s_in > 0 && child_in > 0);
		assert_true(wait_caught(s, 35, 5000));
		for (int i = 0; i < 100; i++) {
			kill(s, 35);
			kill(s, SIGCHLD);
		}
		assert_int_equal(run_wait(&r, 10000), 0);
		assert_non_null(f = fopen(trace_path, "r"));
		late = late_signal(f, s_in, child_in, line, sizeof line);
		fclose(f);
		unlink(trace_path);
		trace_path[0] = '\0';
		if (late)
			fail_msg("round %d: pid %d signalled after wait4() "
			    "returned it:\n%s", round, (int)child_in, line);
	}
}

/* Starts sexton ARGS -- probe catch [sid] as PID 1 and waits for both
 * of probe's processes to be ready. */
static void start_catch(char *const argv[])
{
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(run_expect(&r, "peer ready", 5000));
}

static void send_and_expect(int sig, const char *want)
{
	assert_int_equal(kill(r.pid1, sig), 0);
	if (!run_expect(&r, want, 5000))
		fail_msg("sent %d, no '%s' in:\n%s", sig, want, r.outbuf);
}

/* What must not arrive would have by the time a later signal did; the
 * peer's copy is sent by the same kill, so allow it 200 ms to show. */
static void expect_absent(const char *line)
{
	long long end = now_ms() + 200;

	while (now_ms() < end) {
		run_expect(&r, "\1", 10);
		if (strstr(r.outbuf, line) != NULL)
			fail_msg("'%s' arrived:\n%s", line, r.outbuf);
	}
}

/* With NAME=VALUE set (or none), sig reaches the command alone. */
static void expect_child_only(char *const argv[], const char *name,
    const char *value, int sig)
{
	char main_line[16], peer_line[16];

	snprintf(main_line, sizeof main_line, "main %d\n", sig);
	snprintf(peer_line, sizeof peer_line, "peer %d\n", sig);
	if (name != NULL)
		setenv(name, value, 1);
	start_catch(argv);
	if (name != NULL)
		unsetenv(name);
	send_and_expect(sig, main_line);
	expect_absent(peer_line);
	run_kill(&r);
}

static void single_child_target(void **state)
{
	(void)state;
	expect_child_only(ARGV(SEXTON, "-c", "--", PROBE, "catch"), NULL, NULL,
	    SIGUSR1);
	expect_child_only(ARGV(SEXTON, "--", PROBE, "catch"),
	    "SEXTON_SIGNAL_TARGET", "child", SIGUSR2);
	expect_child_only(ARGV(SEXTON, "--", PROBE, "catch"),
	    "DUMB_INIT_SETSID", "0", SIGHUP);
}

static void all_target_reaches_other_sessions(void **state)
{
	(void)state;
	start_catch(ARGV(SEXTON, "--", PROBE, "catch", "sid"));
	send_and_expect(SIGUSR1, "main 10\n");
	expect_absent("peer 10\n");
	run_kill(&r);
	start_catch(ARGV(SEXTON, "-a", "--", PROBE, "catch", "sid"));
	send_and_expect(SIGUSR1, "peer 10\n");
	run_kill(&r);
	setenv("SEXTON_SIGNAL_TARGET", "all", 1);
	start_catch(ARGV(SEXTON, "--", PROBE, "catch", "sid"));
	unsetenv("SEXTON_SIGNAL_TARGET");
	send_and_expect(SIGUSR2, "peer 12\n");
	run_kill(&r);
}

/* 8e: tini's TINI_KILL_PROCESS_GROUP outranks dumb-init's
 * DUMB_INIT_SETSID=0: a peer in the command's group gets the signal. */
static void kill_process_group_outranks_setsid_0(void **state)
{
	(void)state;
	setenv("DUMB_INIT_SETSID", "0", 1);
	setenv("TINI_KILL_PROCESS_GROUP", "1", 1);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
	    "catch")), 0);
	unsetenv("DUMB_INIT_SETSID");
	unsetenv("TINI_KILL_PROCESS_GROUP");
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(run_expect(&r, "peer ready", 5000));
	assert_true(wait_caught(r.pid1, SIGUSR1, 5000));
	kill(r.pid1, SIGUSR1);
	if (!run_expect(&r, "peer 10\n", 5000))
		fail_msg("USR1 did not reach the group:\n%s", r.outbuf);
	run_kill(&r);
}

static void rewrite_as_the_child_sees_it(void **state)
{
	(void)state;
	start_catch(ARGV(SEXTON, "-r", "TERM:QUIT", "-r", "INT:none", "--",
	    PROBE, "catch"));
	send_and_expect(SIGTERM, "peer 3\n");
	kill(r.pid1, SIGINT);
	send_and_expect(SIGUSR1, "peer 10\n");
	assert_null(strstr(r.outbuf, " 15\n"));
	assert_null(strstr(r.outbuf, " 2\n"));
	run_kill(&r);
}

static void dumb_init_command_line_unchanged(void **state)
{
	(void)state;
	/* dumb-init's README: --rewrite 15:3, no "--". */
	start_catch(ARGV(SEXTON, "--rewrite", "15:3", PROBE, "catch"));
	send_and_expect(SIGTERM, "peer 3\n");
	run_kill(&r);
	start_catch(ARGV(SEXTON, "--single-child", "--verbose", PROBE,
	    "catch"));
	send_and_expect(SIGUSR1, "main 10\n");
	expect_absent("peer 10\n");
	run_kill(&r);
}

/* Polls until sig is no longer pending for pid, in SigPnd or ShdPnd:
 * sexton has read it. 1, or 0 at the deadline. */
static int wait_taken(pid_t pid, int sig, int timeout_ms)
{
	return wait_sig_mask(pid, "SigPnd:", "ShdPnd:", sig, 0, timeout_ms);
}

/* 7: a stop is judged on what is forwarded. TSTP dropped: sexton does
 * not stop, and a USR1 after it is still forwarded. */
static void rewrite_tstp_to_none_does_not_stop(void **state)
{
	pid_t sexton, cmd;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "-r", "TSTP:none", "--", PROBE, "readall")), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(run_expect(&r, "peer ready", 5000));
	sexton = child_of(r.pid1);
	cmd = sexton > 0 ? child_of(sexton) : 0;
	assert_true(cmd > 0);
	assert_int_equal(kill(sexton, SIGTSTP), 0);
	/* Sent together, USR1 would be read first: the lower number. */
	if (!wait_taken(sexton, SIGTSTP, 5000))
		fail_msg("sexton never read its TSTP");
	assert_int_equal(kill(sexton, SIGUSR1), 0);
	if (!run_expect(&r, "main got 10\n", 5000))
		fail_msg("no USR1 after a dropped TSTP; sexton in state %c",
		    proc_state(sexton));
	assert_null(strstr(r.outbuf, "got 20"));
	kill(-cmd, SIGKILL);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGKILL);
}

/* TSTP forwarded as TERM: the command dies of it, and sexton, which
 * has nothing to stop for, exits with 143. */
static void rewrite_tstp_to_term_ends_the_command(void **state)
{
	pid_t sexton;
	int rc;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "-r", "TSTP:TERM", "--", PROBE, "sleep")), 0);
	assert_true(run_expect(&r, "ready\n", 5000));
	sexton = child_of(r.pid1);
	assert_true(sexton > 0);
	assert_true(wait_caught(sexton, SIGTSTP, 5000));
	assert_int_equal(kill(sexton, SIGTSTP), 0);
	rc = run_wait(&r, 5000);
	if (rc != 128 + SIGTERM)
		fail_msg("exit %d (-1: still running after 5 s)", rc);
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

/* Polls until pid's state is want (stopped 1) or is not (stopped
 * 0): 1, or 0 after 5 s. */
static int wait_state_is(pid_t pid, char want, int stopped)
{
	long long end = now_ms() + 5000;

	while (now_ms() < end) {
		if ((proc_state(pid) == want) == stopped)
			return 1;
		poll_step();
	}
	return 0;
}

static void send_to(pid_t pid, int sig, const char *want)
{
	assert_int_equal(kill(pid, sig), 0);
	if (!run_expect(&r, want, 5000))
		fail_msg("sent %d, no '%s' in:\n%s", sig, want, r.outbuf);
}

/* Not PID 1: TSTP goes to the group as STOP, as under dumb-init, so a
 * command that catches it stops too; then sexton stops until CONT. In
 * single-child mode the command gets the TSTP itself. */
static void job_control(void **state)
{
	pid_t sexton, cmd;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "--", PROBE, "catch")), 0);
	assert_true(run_expect(&r, "peer ready", 5000));
	sexton = child_of(r.pid1);
	assert_true(sexton > 0);
	cmd = child_of(sexton);
	assert_true(cmd > 0);
	assert_int_equal(kill(sexton, SIGTSTP), 0);
	assert_true(wait_state_is(cmd, 'T', 1));
	assert_true(wait_state_is(sexton, 'T', 1));
	send_to(sexton, SIGCONT, "peer 18\n");
	assert_true(wait_state_is(sexton, 'T', 0));
	assert_true(wait_state_is(cmd, 'T', 0));
	assert_int_equal(kill(sexton, SIGTTIN), 0);
	assert_true(wait_state_is(cmd, 'T', 1));
	assert_true(wait_state_is(sexton, 'T', 1));
	kill(sexton, SIGCONT);
	assert_true(wait_state_is(sexton, 'T', 0));
	run_kill(&r);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "-c", "--", PROBE, "catch")), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	sexton = child_of(r.pid1);
	assert_true(sexton > 0);
	send_to(sexton, SIGTSTP, "main 20\n");
	assert_true(wait_state_is(sexton, 'T', 1));
	kill(sexton, SIGCONT);
	assert_true(wait_state_is(sexton, 'T', 0));
	run_kill(&r);
	/* The same with TSTP forwarded as it is to the group: sexton
	 * stops at once, and a later stop of the command alone, sent by
	 * somebody else, does not stop it again. */
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "-r", "TSTP:TSTP", "--", PROBE, "catch")), 0);
	assert_true(run_expect(&r, "peer ready", 5000));
	sexton = child_of(r.pid1);
	assert_true(sexton > 0);
	cmd = child_of(sexton);
	assert_true(cmd > 0);
	send_to(sexton, SIGTSTP, "peer 20\n");
	assert_true(wait_state_is(sexton, 'T', 1));
	send_to(sexton, SIGCONT, "peer 18\n");
	assert_true(wait_state_is(sexton, 'T', 0));
	kill(cmd, SIGSTOP);
	assert_true(wait_state_is(cmd, 'T', 1));
	kill(cmd, SIGCONT);
	assert_true(wait_state_is(cmd, 'T', 0));
	/* sexton still runs: it forwards. */
	send_to(sexton, SIGUSR1, "peer 10\n");
	assert_true(proc_state(sexton) != 'T');
	run_kill(&r);
}

/* 8c: a stopped command sees the TERM sent to sexton: CONT follows. */
static void term_reaches_a_stopped_command(void **state)
{
	pid_t cmd;
	int rc;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
	    "sleep")), 0);
	assert_true(run_expect(&r, "ready\n", 5000));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	cmd = child_of(r.pid1);
	assert_true(cmd > 0);
	assert_int_equal(kill(cmd, SIGSTOP), 0);
	assert_true(wait_state(cmd, 'T', 5000));
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	rc = run_wait(&r, 5000);
	if (rc != 128 + SIGTERM)
		fail_msg("exit %d (-1: still running after 5 s)", rc);
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* 13f: a TSTP that comes while the command exits. The STOP sent to the
 * group finds a dying command, which never stops: a sexton that
 * stopped at once stayed stopped beside it, for ever (5 of 60 runs).
 * It must stop only with its command. 60 runs, the TSTP 0 to 300 us
 * after the command was told to exit. */
static void stop_while_the_command_exits(void **state)
{
	(void)state;
	for (int i = 0; i < 60; i++) {
		long long end;
		pid_t cmd;
		char st;

		assert_int_equal(run_start(&r, RUN_STDIN_PIPE, ARGV(SEXTON,
		    "--", "/usr/bin/head", "-c", "1")), 0);
		assert_true(wait_caught(r.pid1, SIGTSTP, 5000));
		assert_true((cmd = wait_child_of(r.pid1)) > 0);
		assert_int_equal(write(r.in, "x", 1), 1);
		end = now_us() + i * 5;
		while (now_us() < end)
			;
		kill(r.pid1, SIGTSTP);
		/* It ends, or it stops, and then the command is stopped. */
		for (end = now_ms() + 3000; (st = proc_state(r.pid1)) != 'T' &&
		    st != 'Z' && st != 0;) {
			if (now_ms() >= end)
				fail_msg("run %d: sexton neither ended nor "
				    "stopped", i);
			poll_step();
		}
		if (st == 'T' && proc_state(cmd) != 'T')
			fail_msg("run %d: sexton stopped, and its command is "
			    "in state %c", i, proc_state(cmd) ? proc_state(cmd) :
			    '-');
		kill(r.pid1, SIGCONT);
		assert_int_equal(run_wait(&r, 3000), 0);
	}
}

/* sexton's parent dies: -p's signal arrives and is forwarded. */
static void pdeathsig_is_forwarded(void **state)
{
	(void)state;
	start_catch(ARGV(SEXTON, "-p", "USR1", "--", PROBE, "catch"));
	/* The parent of PID 1 is the harness's outer process. */
	kill(r.outer, SIGKILL);
	if (!run_expect(&r, "peer 10\n", 5000))
		fail_msg("no SIGUSR1 after the parent died:\n%s", r.outbuf);
	run_kill(&r);
}

/* 6: the parent dies between sexton's start and its
 * prctl(PR_SET_PDEATHSIG): the kernel will never send the signal, and
 * sexton must act as if it had. probe pdeathrace stops sexton at that
 * call under ptrace, and its tracer, sexton's parent, exits there. The
 * command exits 7 on USR1. */
static void pdeathsig_set_after_the_parent_died(void **state)
{
	int rc;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "pdeathrace",
	    "10", SEXTON, "-p", "USR1", "--", PROBE, "dieon", "10", "7")), 0);
	rc = run_wait(&r, 5000);
	if (rc != 7)
		fail_msg("exit %d (-1: still running after 5 s):\n%s%s", rc,
		    r.outbuf, r.errbuf);
	assert_non_null(strstr(r.outbuf, "parent gone\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forwards_every_signal),
		cmocka_unit_test(halt_requests_reach_the_command_as_term),
		cmocka_unit_test(odd_signals_do_not_kill_a_subreaper),
		cmocka_unit_test(a_real_fault_still_kills),
		RUN_TEST(sigkill_from_inside_does_nothing, &r),
		RUN_TEST(fifty_thousand_signals_while_orphans_are_made, &r),
		cmocka_unit_test_prestate_setup_teardown(
		    no_signal_after_the_command_is_reaped, NULL,
		    trace_teardown, &r),
		cmocka_unit_test(single_child_target),
		cmocka_unit_test(all_target_reaches_other_sessions),
		RUN_TEST(kill_process_group_outranks_setsid_0, &r),
		cmocka_unit_test(rewrite_as_the_child_sees_it),
		cmocka_unit_test(dumb_init_command_line_unchanged),
		RUN_TEST(rewrite_tstp_to_none_does_not_stop, &r),
		RUN_TEST(rewrite_tstp_to_term_ends_the_command, &r),
		cmocka_unit_test(stop_then_cont_leaves_sexton_running),
		RUN_TEST(job_control, &r),
		RUN_TEST(term_reaches_a_stopped_command, &r),
		RUN_TEST(stop_while_the_command_exits, &r),
		cmocka_unit_test(pdeathsig_is_forwarded),
		RUN_TEST(pdeathsig_set_after_the_parent_died, &r),
	};

	unsetenv("SEXTON_VERBOSE");
	unsetenv("TINI_VERBOSITY");
	unsetenv("SEXTON_SUBREAPER");
	unsetenv("DUMB_INIT_SETSID");
	unsetenv("TINI_KILL_PROCESS_GROUP");
	return cmocka_run_group_tests_name("forwarding", tests, NULL, NULL);
}
