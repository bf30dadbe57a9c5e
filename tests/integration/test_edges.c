/* Edges an outside audit found: what a user sees at each, with sexton
 * as PID 1 of a real PID namespace or under an init that does not
 * reap. Each test fails against the version before the fixes. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
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

/* 1: -w with 300 orphans dying at once. The log keeps 64 records; the
 * reaps past them must be counted, not wait for the log. They die
 * while sexton is stopped, so that one wake-up finds them all: from an
 * ancestor namespace, SIGSTOP stops even a PID 1. */
static void warn_reap_accounts_for_300_orphans_at_once(void **state)
{
	unsigned long logged, unlogged = 0, n;
	long long end, start, took;
	int rc;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS | RUN_STDIN_PIPE, ARGV(SEXTON,
	    "-w", "-t", "10s", "--", PROBE, "killgroup", "300", "3000",
	    "stdin")), 0);
	assert_true(run_expect(&r, "ready\n", 5000));
	assert_int_equal(kill(r.pid1, SIGSTOP), 0);
	assert_true(wait_state(r.pid1, 'T', 5000));
	assert_int_equal(write(r.in, "x", 1), 1);
	end = now_ms() + 5000;
	while (zombie_children(r.pid1) < 300) {
		if (now_ms() >= end) {
			kill(r.pid1, SIGCONT);
			fail_msg("%d zombies of 300", zombie_children(r.pid1));
		}
		poll_step();
	}
	start = now_ms();
	assert_int_equal(kill(r.pid1, SIGCONT), 0);
	rc = run_wait(&r, 30000);
	took = now_ms() - start;
	if (rc != 0 || strcmp(r.outbuf, "ready\nzombies=0 alive=0\n") != 0)
		fail_msg("exit %d; the probe counted: %s", rc, r.outbuf);
	logged = (unsigned long)count(r.errbuf, "]: reaped pid ");
	for (const char *p = r.errbuf; p != NULL && *p != '\0';) {
		if (sscanf(p, "sexton[1]: %lu reaps not logged: too many at "
		    "once", &n) == 1)
			unlogged += n;
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	if (logged + unlogged != 300)
		fail_msg("%lu reaps logged and %lu counted, for 300 orphans",
		    logged, unlogged);
	/* Nothing is left once the orphans are reaped: no grace. */
	if (took > 5000)
		fail_msg("took %lld ms, with nothing left and a 10 s grace",
		    took);
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

/* 5: a process's name is its own to choose. In a log line, control
 * bytes become '?': a newline cannot start a line that looks like
 * sexton's, nor an escape drive the terminal. PR_SET_NAME keeps 15
 * bytes, so the forged line is "sexton[1]: for". */
#define FORGED "\nsexton[1]: for"
#define ESCAPES "\x1b[2J\x1b[31mred\a"

static void names_cannot_forge_log_lines(void **state)
{
	static const char *const seen[] = { "[31mred", "for): exited",
		"for) holds 2 zombies" };

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-w",
	    "--watch-zombies=2,50ms", "--", PROBE, "named", FORGED, FORGED,
	    ESCAPES)), 0);
	assert_true(run_expect(&r, "ready\n", 5000));
	/* Both orphans logged, and the holder reported. */
	for (size_t i = 0; i < sizeof seen / sizeof seen[0]; i++)
		if (!run_expect_err(&r, seen[i], 5000))
			fail_msg("no '%s' on stderr:\n%s", seen[i], r.errbuf);
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
	if (memchr(r.errbuf, 0x1b, r.errlen) != NULL)
		fail_msg("an escape byte on stderr:\n%s", r.errbuf);
	for (const char *p = r.errbuf; p != NULL; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, "sexton[1]: for", 14) == 0)
			fail_msg("a forged line on stderr:\n%s", r.errbuf);
	}
	assert_non_null(strstr(r.errbuf, "(?sexton[1]: for) holds 2 zombies"));
	assert_non_null(strstr(r.errbuf, "(?sexton[1]: for): exited 0"));
	assert_non_null(strstr(r.errbuf, "(?[2J?[31mred?): exited 0"));
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

/* Polls until sig is no longer pending for pid, in SigPnd or ShdPnd:
 * sexton has read it. 1, or 0 at the deadline. */
static int wait_taken(pid_t pid, int sig, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	char path[64], line[256];

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	while (now_ms() < end) {
		FILE *f = fopen(path, "r");
		unsigned long long mask = 0;

		if (f == NULL)
			return 0;
		while (fgets(line, sizeof line, f) != NULL)
			if (strncmp(line, "SigPnd:", 7) == 0 ||
			    strncmp(line, "ShdPnd:", 7) == 0)
				mask |= strtoull(line + 7, NULL, 16);
		fclose(f);
		if (!(mask & 1ULL << (sig - 1)))
			return 1;
		poll_step();
	}
	return 0;
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

/* Polls until pid's working directory is want: 1, or 0 at the
 * deadline, with the last one seen in seen. */
static int wait_cwd(pid_t pid, const char *want, char *seen, size_t len)
{
	long long end = now_ms() + 5000;
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/cwd", (int)pid);
	for (;;) {
		ssize_t n = readlink(path, seen, len - 1);

		seen[n > 0 ? n : 0] = '\0';
		if (strcmp(seen, want) == 0)
			return 1;
		if (now_ms() >= end)
			return 0;
		poll_step();
	}
}

/* 8d: sexton pins no directory of the caller's once the command has
 * it; with --pause there is no command to have it. */
static void sexton_leaves_its_directory(void **state)
{
	char here[4096], seen[4096];
	pid_t cmd;

	(void)state;
	assert_non_null(getcwd(here, sizeof here));
	assert_string_not_equal(here, "/");
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
	    "sleep")), 0);
	assert_true(run_expect(&r, "ready\n", 5000));
	if (!wait_cwd(r.pid1, "/", seen, sizeof seen))
		fail_msg("sexton's directory is %s", seen);
	cmd = child_of(r.pid1);
	assert_true(cmd > 0);
	if (!wait_cwd(cmd, here, seen, sizeof seen))
		fail_msg("the command's directory is %s, not %s", seen, here);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--pause")), 0);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	if (!wait_cwd(r.pid1, "/", seen, sizeof seen))
		fail_msg("with --pause, sexton's directory is %s", seen);
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 0);
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

/* 13e: sexton is in / before the command can look, as dumb-init's
 * suite checks at the command's first step; the command is in the
 * caller's directory. 50 runs: a chdir after the start loses some. */
static void sexton_is_in_root_when_the_command_starts(void **state)
{
	char here[4096], want[4200];

	(void)state;
	assert_non_null(getcwd(here, sizeof here));
	snprintf(want, sizeof want, "/\n%s\n", here);
	for (int i = 0; i < 50; i++) {
		assert_int_equal(run_start(&r, 0, ARGV(SEXTON, "--", "/bin/sh",
		    "-c", "readlink /proc/$PPID/cwd; pwd")), 0);
		assert_int_equal(run_wait(&r, 5000), 0);
		if (strcmp(r.outbuf, want) != 0)
			fail_msg("run %d: sexton's directory, then the "
			    "command's:\n%s", i, r.outbuf);
	}
}

/* The lowest fd of pid's below 64 that is a link to path, or -1. */
static int fd_to(pid_t pid, const char *path)
{
	char fdpath[64], link[4096];

	for (int fd = 0; fd < 64; fd++) {
		ssize_t n;

		snprintf(fdpath, sizeof fdpath, "/proc/%d/fd/%d", (int)pid, fd);
		n = readlink(fdpath, link, sizeof link - 1);
		link[n > 0 ? n : 0] = '\0';
		if (strcmp(link, path) == 0)
			return fd;
	}
	return -1;
}

/* 13f: with fds 0 to 2 closed, the handle sexton takes on the caller's
 * directory lands among them: it must go all the same, or sexton pins
 * the directory's mount. */
static void no_directory_held_with_fds_0_to_2_closed(void **state)
{
	char here[4096], cmd[4200];
	long long end;
	int fd;

	(void)state;
	assert_non_null(getcwd(here, sizeof here));
	snprintf(cmd, sizeof cmd, "exec %s -- sleep 60 <&- >&- 2>&-",
	    SEXTON);
	assert_int_equal(run_start(&r, RUN_NS, ARGV("/bin/sh", "-c", cmd)),
	    0);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	assert_true(wait_child_of(r.pid1) > 0);
	for (end = now_ms() + 5000; (fd = fd_to(r.pid1, here)) >= 0;) {
		if (now_ms() >= end)
			fail_msg("sexton holds %s at fd %d", here, fd);
		poll_step();
	}
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
}

/* A listening socket at path, without FD_CLOEXEC, at fds 9 and 40: what
 * a service manager hands down. */
static int listen_at_9_and_40(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
	unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(fd, 8) < 0 || dup2(fd, 9) != 9 || dup2(fd, 40) != 40)
		return -1;
	close(fd);
	return 0;
}

static int has_fd(pid_t pid, int fd)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, fd);
	return access(path, F_OK) == 0;
}

/* 1 once pid holds neither fd 9 nor 40, 0 at the deadline. The
 * harness's own process holds them too, so /proc tells, not the
 * socket. */
static int wait_dropped(pid_t pid)
{
	long long end = now_ms() + 5000;

	while (has_fd(pid, 9) || has_fd(pid, 40)) {
		if (now_ms() >= end)
			return 0;
		poll_step();
	}
	return 1;
}

/* 13e: the fds sexton was given are the command's: held by PID 1 as
 * well, a listening socket would take connections after the command
 * closed it. sexton's own files, here --report's, stay open. */
static void drops_inherited_fds(char *const argv[])
{
	const char *sock = ".build/test-listen.sock";
	char text[512] = "";
	pid_t cmd;
	FILE *f;

	assert_int_equal(listen_at_9_and_40(sock), 0);
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	close(9);
	close(40);
	assert_true(run_expect(&r, "started\n", 5000));
	assert_true((cmd = child_of(r.pid1)) > 0);
	if (!wait_dropped(r.pid1))
		fail_msg("sexton still holds fd 9 or 40");
	assert_true(has_fd(cmd, 9) && has_fd(cmd, 40));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
	f = fopen(".build/test-fds.report", "r");
	assert_non_null(f);
	assert_non_null(fgets(text, sizeof text, f));
	fclose(f);
	assert_non_null(strstr(text, "status=143 "));
	unlink(sock);
}

#define DROP_ARGS "--report=.build/test-fds.report", "--", "/bin/sh", "-c", \
	"echo started; exec sleep 60"

static void sexton_holds_no_inherited_fd(void **state)
{
	const char *sock = ".build/test-listen.sock";

	(void)state;
	drops_inherited_fds(ARGV(SEXTON, DROP_ARGS));
	/* --pause has no command to hand them to. */
	assert_int_equal(listen_at_9_and_40(sock), 0);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--pause")), 0);
	close(9);
	close(40);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	if (!wait_dropped(r.pid1))
		fail_msg("with --pause, sexton still holds fd 9 or 40");
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 0);
	unlink(sock);
}

/* The same where close_range(2) fails: a kernel before 5.9 (ENOSYS) or
 * a seccomp filter that refuses what it does not know (EPERM). */
static void inherited_fds_go_without_close_range(void **state)
{
	(void)state;
	drops_inherited_fds(ARGV(PROBE, "nocloserange", "38", SEXTON,
	    DROP_ARGS));
	drops_inherited_fds(ARGV(PROBE, "nocloserange", "1", SEXTON,
	    DROP_ARGS));
}

/* 13e: socket activation. LISTEN_PID set to sexton's pid (1 here)
 * meant the fds for the command: it sees its own. Another pid, or none,
 * is somebody else's, and the command sees what sexton was given. */
static void listen_pid_names_the_command(void **state)
{
	char *sh[] = { SEXTON, "--", "/bin/sh", "-c",
	    "echo \"pid=${LISTEN_PID-none} self=$$ n=$(env | "
	    "grep -c ^LISTEN_PID=)\"", NULL };
	unsigned long pid = 0, self = 1;

	(void)state;
	setenv("LISTEN_FDS", "1", 1);
	setenv("LISTEN_PID", "1", 1);
	assert_int_equal(run_start(&r, RUN_NS, sh), 0);
	assert_int_equal(run_wait(&r, 5000), 0);
	assert_int_equal(sscanf(r.outbuf, "pid=%lu self=%lu", &pid, &self),
	    2);
	assert_int_equal(pid, self);
	assert_int_not_equal(pid, 1);
	assert_non_null(strstr(r.outbuf, " n=1\n"));
	setenv("LISTEN_PID", "4242", 1);
	assert_int_equal(run_start(&r, RUN_NS, sh), 0);
	assert_int_equal(run_wait(&r, 5000), 0);
	assert_non_null(strstr(r.outbuf, "pid=4242 self="));
	unsetenv("LISTEN_PID");
	assert_int_equal(run_start(&r, RUN_NS, sh), 0);
	assert_int_equal(run_wait(&r, 5000), 0);
	assert_non_null(strstr(r.outbuf, "pid=none self="));
	unsetenv("LISTEN_FDS");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(warn_reap_accounts_for_300_orphans_at_once, &r),
		cmocka_unit_test_prestate_setup_teardown(
		    subreaper_end_reaches_pids_from_4194300, NULL,
		    pid_max_teardown, &r),
		cmocka_unit_test_prestate_setup_teardown(
		    subreaper_end_reaches_below_pid_4194300, NULL,
		    pid_max_teardown, &r),
		cmocka_unit_test_prestate_setup_teardown(
		    watch_reports_a_holder_at_pid_4194300, NULL,
		    pid_max_teardown, &r),
		RUN_TEST(watch_as_subreaper_spares_pid_1, &r),
		cmocka_unit_test_prestate_setup_teardown(
		    watch_with_a_foreign_proc_reports_nothing, NULL,
		    host_teardown, &r),
		RUN_TEST(watch_reports_all_of_40_holders, &r),
		cmocka_unit_test_prestate_setup_teardown(
		    no_signal_after_the_command_is_reaped, NULL,
		    trace_teardown, &r),
		RUN_TEST(names_cannot_forge_log_lines, &r),
		RUN_TEST(pdeathsig_set_after_the_parent_died, &r),
		RUN_TEST(rewrite_tstp_to_none_does_not_stop, &r),
		RUN_TEST(rewrite_tstp_to_term_ends_the_command, &r),
		RUN_TEST(subreaper_0_leaves_orphans_to_pid_1, &r),
		RUN_TEST(grace_0_as_subreaper_leaves_the_rest_alone, &r),
		RUN_TEST(term_reaches_a_stopped_command, &r),
		RUN_TEST(sexton_leaves_its_directory, &r),
		RUN_TEST(stop_while_the_command_exits, &r),
		RUN_TEST(sexton_is_in_root_when_the_command_starts, &r),
		RUN_TEST(sexton_holds_no_inherited_fd, &r),
		RUN_TEST(no_directory_held_with_fds_0_to_2_closed, &r),
		RUN_TEST(inherited_fds_go_without_close_range, &r),
		RUN_TEST(listen_pid_names_the_command, &r),
		RUN_TEST(kill_process_group_outranks_setsid_0, &r),
	};

	unsetenv("SEXTON_SUBREAPER");
	unsetenv("DUMB_INIT_SETSID");
	unsetenv("TINI_KILL_PROCESS_GROUP");
	return cmocka_run_group_tests_name("edges", tests, NULL, NULL);
}
