/* What sexton says on stderr, and what its log does to the rest of its
 * work. Quiet by default; -v says what it started, and so does
 * TINI_VERBOSITY=2 unless SEXTON_VERBOSE says otherwise; -q silences
 * warnings, not errors. With -w every reaped orphan is a line that names
 * it, says how it ended and gives its resources; of 300 at once, each
 * is logged or counted. A process's name cannot forge a line of
 * sexton's, nor drive a terminal.
 *
 * stderr may be a pipe whose reader stalls (a log driver in blocking
 * mode, "2>&1 | slow-reader"): sexton must go on reaping, forwarding and
 * ending as usual, drop the lines it cannot write, and say how many it
 * dropped once stderr is read again; the command, which shares that
 * stderr, still writes to it as it always did, blocking. And the lines
 * name only what sexton reaped: never a process that a /proc from
 * another PID namespace shows at that pid. */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

/* sexton's stderr while the test leaves it unread, or -1. */
static int held = -1;

static int run_ns(char *const argv[])
{
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	return run_wait(&r, 10000);
}

static void verbosity(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "-v", "--", PROBE, "exit", "0")),
	    0);
	assert_non_null(strstr(r.errbuf, "sexton[1]: started " PROBE
	    " as pid 2\n"));
	assert_int_equal(run_ns(ARGV(SEXTON, "--", PROBE, "exit", "0")), 0);
	assert_string_equal(r.errbuf, "");
	setenv("TINI_VERBOSITY", "2", 1);
	assert_int_equal(run_ns(ARGV(SEXTON, PROBE, "exit", "0")), 0);
	assert_non_null(strstr(r.errbuf, "started"));
	setenv("SEXTON_VERBOSE", "1", 1);
	assert_int_equal(run_ns(ARGV(SEXTON, PROBE, "exit", "0")), 0);
	assert_string_equal(r.errbuf, "");
	unsetenv("SEXTON_VERBOSE");
	unsetenv("TINI_VERBOSITY");
	/* -q silences warnings: a subreaper that cannot be one would warn,
	 * but here a quiet exec failure still reports (an error). */
	assert_int_equal(run_ns(ARGV(SEXTON, "-q", "-w", "--", PROBE,
	    "orphans", "3", "0")), 0);
	assert_string_equal(r.errbuf, "");
	assert_int_equal(run_ns(ARGV(SEXTON, "-q", "/no/such")), 127);
	assert_non_null(strstr(r.errbuf, "sexton: /no/such: "));
}

/* Each orphan's line names it, says how it ended, and gives its
 * resources. */
static void warn_reap(void **state)
{
	const char *p;
	int n = 0;

	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "-w", "--", PROBE, "died", "6")),
	    0);
	for (p = r.outbuf; (p = strstr(p, "orphan ")) != NULL; p++) {
		char how[8], want[96];
		const char *line, *rss;
		int pid, code;

		assert_int_equal(sscanf(p, "orphan %d %7s %d", &pid, how, &code),
		    3);
		snprintf(want, sizeof want, "sexton[1]: reaped pid %d (probe): "
		    "%s %d, cpu ", pid, strcmp(how, "exit") == 0 ? "exited" :
		    "killed by signal", code);
		line = strstr(r.errbuf, want);
		assert_non_null(line);
		rss = strstr(line, "maxrss ");
		assert_non_null(rss);
		assert_true(rss < strchr(line, '\n'));
		assert_true(atol(rss + strlen("maxrss ")) > 0);
		n++;
	}
	assert_int_equal(n, 6);
	/* Only the orphans: the command and the parent it waited for are
	 * not reported. */
	assert_int_equal(count(r.errbuf, "reaped pid"), 6);
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

static int logging_teardown(void **state)
{
	if (held >= 0)
		close(held);
	held = -1;
	return run_teardown(state);
}

/* From now on nobody reads sexton's stderr: the harness no longer
 * pumps it. */
static void hold_stderr(void)
{
	held = r.err;
	r.err = -1;
}

/* The harness reads stderr again, into r.errbuf. */
static void release_stderr(void)
{
	r.err = held;
	held = -1;
}

/* Reads and drops n bytes of the held stderr: 1, or 0 if they did not
 * come within 5 s. */
static int discard(size_t n)
{
	long long end = now_ms() + 5000;
	char buf[4096];

	while (n > 0) {
		struct pollfd p = { held, POLLIN, 0 };
		ssize_t got;

		if (now_ms() >= end || poll(&p, 1, 50) < 0)
			return 0;
		if (!(p.revents & (POLLIN | POLLHUP)))
			continue;
		got = read(held, buf, n < sizeof buf ? n : sizeof buf);
		if (got <= 0)
			return 0;
		n -= (size_t)got;
	}
	return 1;
}

/* Reads the held stderr to its end, for at most 5 s, and closes it. */
static void drain_held(void)
{
	long long end = now_ms() + 5000;
	char buf[4096];

	while (held >= 0 && now_ms() < end) {
		struct pollfd p = { held, POLLIN, 0 };

		if (poll(&p, 1, 50) > 0 && read(held, buf, sizeof buf) <= 0)
			break;
	}
	if (held >= 0)
		close(held);
	held = -1;
}

/* sexton's pid: PID 1 of the namespace, or the child of the init that
 * runs it there. */
static pid_t find_sexton(int as_pid1)
{
	long long end = now_ms() + 5000;
	pid_t pid;

	if (as_pid1)
		return r.pid1;
	while ((pid = child_of(r.pid1)) <= 0) {
		if (now_ms() >= end)
			fail_msg("no child of the namespace's init");
		poll_step();
	}
	return pid;
}

/* Polls sexton's zombies until the command says "storm done": the most
 * seen at once. */
static int storm_peak(pid_t sexton)
{
	long long end = now_ms() + 30000;
	int peak = 0;

	while (strstr(r.outbuf, "storm done\n") == NULL) {
		int z = zombie_children(sexton);

		if (z > peak)
			peak = z;
		if (now_ms() >= end)
			fail_msg("the command made no storm in 30 s:\n%s",
			    r.outbuf);
		run_expect(&r, "storm done\n", 10);
	}
	print_message("at most %d zombies at once during the storm\n", peak);
	return peak;
}

/* Polls until sexton holds no zombie, for 5 s: how many it holds. */
static int zombies_left(pid_t sexton)
{
	long long end = now_ms() + 5000;
	int z;

	while ((z = zombie_children(sexton)) > 0 && now_ms() < end)
		run_expect(&r, "\1", 10);
	return z;
}

/* What went wrong, one line each, to be told all at once. */
static char wrong[4096];

static void note(const char *f, ...)
{
	size_t n = strlen(wrong);
	va_list ap;

	va_start(ap, f);
	vsnprintf(wrong + n, sizeof wrong - n, f, ap);
	va_end(ap);
	n = strlen(wrong);
	if (n + 1 < sizeof wrong) {
		wrong[n] = '\n';
		wrong[n + 1] = '\0';
	}
}

#define MAX_ZOMBIES 200		/* of the 1000 orphans, at once */

/* sexton -w, as PID 1 or not, with a stderr that the command filled and
 * nobody reads: 1000 orphans are reaped as they come, a TERM sent to
 * sexton reaches the command, whose status sexton exits with, at once. */
static void stalled_stderr_stops_nothing(int as_pid1)
{
	char *const *argv = as_pid1 ? ARGV(SEXTON, "-w", "-t", "10s", "--",
	    PROBE, "stallerr", "1000", "term") : ARGV(PROBE, "lazyinit",
	    SEXTON, "-w", "-t", "10s", "--", PROBE, "stallerr", "1000",
	    "term");
	int peak, left, term, code;
	long long t0, took;
	pid_t sexton;

	wrong[0] = '\0';
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	hold_stderr();
	sexton = find_sexton(as_pid1);
	peak = storm_peak(sexton);
	if (strstr(r.outbuf, "filled ") == NULL)
		fail_msg("the command could not fill stderr:\n%s", r.outbuf);
	left = zombies_left(sexton);
	assert_true(wait_caught(sexton, SIGTERM, 5000));
	t0 = now_ms();
	assert_int_equal(kill(sexton, SIGTERM), 0);
	term = run_expect(&r, "command got TERM\n", 5000);
	code = run_wait(&r, 10000);
	took = now_ms() - t0;
	drain_held();
	if (peak > MAX_ZOMBIES)
		note("%d zombies at once during the storm of 1000 orphans",
		    peak);
	if (left != 0)
		note("%d zombies still there 5 s after the storm", left);
	if (!term)
		note("the TERM sent to sexton did not reach the command "
		    "within 5 s");
	if (code != 7)
		note("exit %d, not the command's 7%s", code, code < 0 ?
		    " (sexton did not end within 10 s of the TERM)" : "");
	else if (took > 3000)
		note("sexton ended %lld ms after the TERM", took);
	if (strstr(r.outbuf, "stderr became non-blocking") != NULL)
		note("the command's stderr became non-blocking");
	if (wrong[0] != '\0')
		fail_msg("with stderr unread (%s PID 1):\n%s", as_pid1 ? "as" :
		    "not", wrong);
}

static void stalled_stderr_stops_no_reaping_forwarding_or_end_as_pid1(
    void **state)
{
	(void)state;
	stalled_stderr_stops_nothing(1);
}

static void stalled_stderr_stops_no_reaping_forwarding_or_end_not_pid1(
    void **state)
{
	(void)state;
	stalled_stderr_stops_nothing(0);
}

/* The same storm with stderr unread; then it is read again: the
 * command's own blocking write, which waited, goes through, and sexton
 * says how many log lines it dropped, and logs what it reaps next. */
static void dropped_lines_are_counted_once_stderr_drains(int as_pid1)
{
	char *const *argv = as_pid1 ? ARGV(SEXTON, "-w", "--", PROBE,
	    "stallerr", "1000", "drain") : ARGV(PROBE, "lazyinit", SEXTON,
	    "-w", "--", PROBE, "stallerr", "1000", "drain");
	const char *filled, *line;
	int peak, left, written, code, after = 0;
	pid_t sexton;

	wrong[0] = '\0';
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	hold_stderr();
	sexton = find_sexton(as_pid1);
	peak = storm_peak(sexton);
	filled = strstr(r.outbuf, "filled ");
	if (filled == NULL)
		fail_msg("the command could not fill stderr:\n%s", r.outbuf);
	left = zombies_left(sexton);
	/* What the command put there first, then the rest for the
	 * harness. */
	assert_true(discard((size_t)atol(filled + strlen("filled "))));
	release_stderr();
	written = run_expect(&r, "stderr written\n", 5000);
	code = run_wait(&r, 10000);
	if (peak > MAX_ZOMBIES)
		note("%d zombies at once during the storm of 1000 orphans",
		    peak);
	if (left != 0)
		note("%d zombies still there 5 s after the storm", left);
	if (!written)
		note("the command's write to stderr did not go through:\n%s",
		    r.outbuf);
	if (strstr(r.outbuf, "stderr became non-blocking") != NULL)
		note("the command's stderr became non-blocking");
	if (code != 0)
		note("exit %d, not the command's 0", code);
	if (strstr(r.errbuf, "probe: a line of the command's own\n") == NULL)
		note("the command's own line is not on stderr");
	line = strstr(r.errbuf, "log lines dropped");
	if (line == NULL) {
		note("no line says how many log lines were dropped");
	} else {
		const char *start = line, *end = strchr(line, '\n');

		while (start > r.errbuf && start[-1] != '\n')
			start--;
		if (strcspn(start, "123456789") >= (size_t)(end != NULL ?
		    end - start : (long)strlen(start)))
			note("the dropped lines are not counted: %.*s",
			    (int)strcspn(start, "\n"), start);
	}
	for (line = r.errbuf; (line = strstr(line, "(after-drain): exited 0,"))
	    != NULL; line++)
		after++;
	if (after != 3)
		note("%d of the 3 orphans reaped after the drain logged",
		    after);
	if (wrong[0] != '\0')
		fail_msg("once stderr was read again (%s PID 1):\n%s\n"
		    "the end of stderr:\n%s", as_pid1 ? "as" : "not", wrong,
		    r.errbuf + (r.errlen > 1500 ? r.errlen - 1500 : 0));
}

static void dropped_lines_are_counted_once_stderr_drains_as_pid1(
    void **state)
{
	(void)state;
	dropped_lines_are_counted_once_stderr_drains(1);
}

static void dropped_lines_are_counted_once_stderr_drains_not_pid1(
    void **state)
{
	(void)state;
	dropped_lines_are_counted_once_stderr_drains(0);
}

/* The name in a line "reaped pid N (NAME): ...", cut to fit name; ""
 * if the line gives none. Returns the start of the next line. */
static const char *reaped_name(const char *line, char *name, size_t size)
{
	const char *p = line + strlen("reaped pid "), *end;
	size_t n;

	p += strspn(p, "0123456789");
	name[0] = '\0';
	end = strchr(line, '\n');
	if (end == NULL)
		end = line + strlen(line);
	if (strncmp(p, " (", 2) == 0) {
		const char *close = strstr(p, "): ");

		if (close != NULL && close < end) {
			n = (size_t)(close - p - 2);
			n = n < size - 1 ? n : size - 1;
			memcpy(name, p + 2, n);
			name[n] = '\0';
		}
	}
	return end;
}

/* Twelve orphans, each named own-name, reaped by sexton -w as PID 1:
 * how many lines name something else, shown in bad. */
static int foreign_names(int flags, char *bad, size_t size, int *lines)
{
	const char *p;
	int n = 0;

	bad[0] = '\0';
	*lines = 0;
	assert_int_equal(run_start(&r, RUN_NS | flags, ARGV(SEXTON, "-w", "--",
	    PROBE, "namedorphans", "12", "own-name", "300")), 0);
	assert_int_equal(run_wait(&r, 10000), 0);
	for (p = r.errbuf; (p = strstr(p, "reaped pid ")) != NULL;) {
		char name[64];
		const char *start = p;

		p = reaped_name(p, name, sizeof name);
		(*lines)++;
		if (name[0] != '\0' && strcmp(name, "own-name") != 0) {
			size_t used = strlen(bad);

			snprintf(bad + used, size - used, "%.*s\n",
			    (int)(p - start), start);
			n++;
		}
	}
	return n;
}

/* With the caller's /proc, whose pids are not the namespace's, the
 * process at an orphan's pid there is somebody else: its name must not
 * be logged as the orphan's. The orphan's own name, or none, is fine. */
static void reaped_lines_name_nothing_from_a_foreign_proc(void **state)
{
	char bad[4096];
	int lines, n;

	(void)state;
	n = foreign_names(RUN_HOSTPROC, bad, sizeof bad, &lines);
	assert_int_equal(lines, 12);
	if (n > 0)
		fail_msg("%d of 12 lines name a process of another namespace:\n"
		    "%s", n, bad);
}

/* With its own /proc, each orphan is logged by its own name. */
static void reaped_lines_name_the_orphan_with_its_own_proc(void **state)
{
	char bad[4096];
	int lines, named = 0;

	(void)state;
	assert_int_equal(foreign_names(0, bad, sizeof bad, &lines), 0);
	assert_int_equal(lines, 12);
	for (const char *p = r.errbuf; (p = strstr(p, "(own-name): exited 0, "
	    "cpu ")) != NULL; p++)
		named++;
	if (named != 12)
		fail_msg("%d of 12 orphans named:\n%s", named, r.errbuf);
}

/* A test that may leave stderr held: the teardown closes it too. */
#define LOG_TEST(f) \
	cmocka_unit_test_prestate_setup_teardown(f, NULL, logging_teardown, \
	    &r)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verbosity),
		cmocka_unit_test(warn_reap),
		RUN_TEST(warn_reap_accounts_for_300_orphans_at_once, &r),
		RUN_TEST(names_cannot_forge_log_lines, &r),
		LOG_TEST(
		    stalled_stderr_stops_no_reaping_forwarding_or_end_as_pid1),
		LOG_TEST(
		    stalled_stderr_stops_no_reaping_forwarding_or_end_not_pid1),
		LOG_TEST(dropped_lines_are_counted_once_stderr_drains_as_pid1),
		LOG_TEST(dropped_lines_are_counted_once_stderr_drains_not_pid1),
		RUN_TEST(reaped_lines_name_nothing_from_a_foreign_proc, &r),
		RUN_TEST(reaped_lines_name_the_orphan_with_its_own_proc, &r),
	};

	unsetenv("SEXTON_VERBOSE");
	unsetenv("TINI_VERBOSITY");
	unsetenv("SEXTON_SUBREAPER");
	unsetenv("DUMB_INIT_SETSID");
	unsetenv("TINI_KILL_PROCESS_GROUP");
	return cmocka_run_group_tests_name("logging", tests, NULL, NULL);
}
