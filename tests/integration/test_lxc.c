/* sexton in real LXC containers (tests/lxc), defined by hand in a
 * private lxcpath: as PID 1 of `lxc-start -d` (lxc.init.cmd =
 * /sbin/sexton -- CMD), a plain `lxc-stop -t 10` ends the container
 * cleanly long before its SIGKILL: LXC sends SIGRTMIN+3 to an init that
 * blocks it, as sexton does (SIGPWR with lxc.signal.halt = SIGPWR, as
 * to an init that does not), the command's TERM trap runs, an orphan in
 * a session of its own gets its grace, and the command's status is 0.
 * lxc-start returns 0 whatever the status, and lxc-stop returns 0 even
 * when it had to SIGKILL: the time and LXC's log tell a clean end from
 * a killed one. Under `lxc-execute`, where LXC's own init is PID 1 and
 * sexton its child, exit codes pass through. tini-static's stop is
 * measured beside sexton's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine.h"

#define LXC "tests/lxc/lxc.sh"
#define HALT_CMD "lxc.init.cmd = /sbin/sexton -- /bin/sh /t/halt.sh"

static struct run r;
/* This test's container; its directory bound at /out is out_dir. */
static char name[48];

/* Defines the container, with the config lines given. */
static void create(char *const lines[])
{
	struct argv a = { .n = 0 };

	argv_add(&a, ARGV("tests/lxc/create.sh", name, out_dir));
	argv_add(&a, lines);
	assert_int_equal(run_argv(&r, a.v, 20000), 0);
}

/* lxc-TOOL on the container, with args: its exit code, or -1. */
static int lxc(const char *tool, char *const args[], int timeout_ms)
{
	struct argv a = { .n = 0 };

	argv_add(&a, ARGV(LXC, (char *)tool, name));
	argv_add(&a, args);
	return run_argv(&r, a.v, timeout_ms);
}

/* The lines of the container's LXC log that lxc-TOOL wrote and that
 * hold needle, shown and counted. */
static int log_lines(const char *tool, const char *needle)
{
	char path[300], line[1024], who[80];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof path, ".build/lxc/c/%s/log", name);
	snprintf(who, sizeof who, "lxc-%s %s ", tool, name);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, who, strlen(who)) == 0 &&
		    strstr(line, needle) != NULL) {
			print_message("log: %s", line);
			n++;
		}
	fclose(f);
	return n;
}

/* Polls the log until the monitor, lxc-start's, wrote needle: 1, or 0
 * at the deadline. */
static int monitor_logs(const char *needle, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	char path[300], line[1024], who[80];
	int found = 0;

	snprintf(path, sizeof path, ".build/lxc/c/%s/log", name);
	snprintf(who, sizeof who, "lxc-start %s ", name);
	while (!found && now_ms() < end) {
		FILE *f = fopen(path, "r");

		while (f != NULL && !found && fgets(line, sizeof line, f))
			found = strncmp(line, who, strlen(who)) == 0 &&
			    strstr(line, needle) != NULL;
		if (f != NULL)
			fclose(f);
		poll_step();
	}
	return found;
}

/* A name no other run uses, and an empty /out. */
static int fresh(void **state)
{
	(void)state;
	return fresh_container(name, sizeof name, "sexton-lxc", "lxc");
}

SCRIPT_FIXTURE(setup, "tests/lxc/setup.sh")
SCRIPT_FIXTURE(cleanup, "tests/lxc/cleanup.sh")

/* Stopped if it still runs, and destroyed, rootfs and all. */
static int destroy(void **state)
{
	run_kill(&r);
	return cleanup(state);
}

/* Starts the halt command (tests/lib/halt.sh) under init, with the
 * config lines given, and waits until it and its orphan are ready. */
static void start_halt(const char *init_cmd, const char *line)
{
	create(ARGV((char *)init_cmd, (char *)line));
	/* Returns once the container runs. */
	assert_int_equal(lxc("start", ARGV("-d"), 20000), 0);
	wait_stop_ready();
}

/* lxc-stop -t 10: its exit code, and how long it took in *ms. */
static int stop(long long *ms)
{
	long long t0 = now_ms();
	int code = lxc("stop", ARGV("-t", "10"), 30000);

	*ms = now_ms() - t0;
	return code;
}

struct halt {
	const char *line;	/* a config line, or a comment */
	const char *sent;	/* what lxc-stop logs it sent */
};

static const struct halt by_default = {
	"# lxc.signal.halt: LXC's choice", "Sent signal 37 to pidfd"
};
static const struct halt pwr = {
	"lxc.signal.halt = SIGPWR", "Sent signal 30 to pidfd"
};

/* lxc-stop sends its halt signal, and SIGKILLs what is left after the
 * timeout: here the container must be gone well before, by itself.
 * sexton turns the halt signal into TERM for the command, whose trap
 * exits 0; the orphan then gets sexton's TERM and needs 300 ms more. */
static void stop_ends_the_container_cleanly(void **state)
{
	const struct halt *h = *state;
	long long ms;

	start_halt(HALT_CMD, h->line);
	assert_int_equal(stop(&ms), 0);
	print_message("lxc-stop took %lld ms\n", ms);
	assert_in_range(ms, 300, 4999);
	assert_int_equal(log_lines("stop", h->sent), 1);
	assert_int_equal(log_lines("stop",
	    "Pidfd polling detected container exit"), 1);
	/* Its fallback: the monitor's stop command, a SIGKILL. */
	assert_int_equal(log_lines("stop", "for command \"stop\""), 0);
	/* LXC logs the status of init unless it is 0. */
	assert_int_equal(log_lines("start", "ended on"), 0);
	assert_halt_finished();
}

/* What the stop test reads the status from: lxc-start -d returns 0 once
 * the container runs, and the log says how init ended. */
static void lxc_start_logs_the_status(void **state)
{
	(void)state;
	create(ARGV("lxc.init.cmd = /sbin/sexton -- /probe exit 3"));
	assert_int_equal(lxc("start", ARGV("-d"), 20000), 0);
	/* lxc-wait, asking the monitor as it ends, can fail to hear. */
	assert_true(monitor_logs("Set container state to \"STOPPED\"",
	    10000));
	assert_int_equal(log_lines("start", "ended on error (3)"), 1);
}

/* lxc-execute runs LXC's own init as PID 1, with sexton its child, and
 * returns the status of what it ran. */
static void lxc_execute_passes_exit_codes(void **state)
{
	(void)state;
	create(ARGV("# lxc-execute: no lxc.init.cmd"));
	assert_int_equal(lxc("execute", ARGV("--", "/sbin/sexton", "--",
	    "/probe", "exit", "3"), 30000), 3);
	/* SIGUSR1: a death LXC would not cause itself. */
	assert_int_equal(lxc("execute", ARGV("--", "/sbin/sexton", "--",
	    "/probe", "kill", "10"), 30000), 128 + 10);
	/* sexton, not PID 1 here, says where it runs. */
	assert_int_equal(lxc("execute", ARGV("--", "/sbin/sexton", "--",
	    "/bin/cat", "/proc/2/comm"), 30000), 0);
	assert_string_equal(r.outbuf, "sexton\n");
}

/* The default stop under tini-static: measured, not asserted, but that
 * lxc-stop returns. tini blocks every signal too, but waits for them in
 * sigtimedwait(2), which unblocks them while it waits: /proc shows none
 * blocked, so LXC sends SIGPWR, which tini forwards as it is. */
static void tini_stop_measured(void **state)
{
	long long ms;
	int code;

	(void)state;
	start_halt("lxc.init.cmd = /sbin/tini -- /bin/sh /t/halt.sh",
	    "# tini-static");
	code = stop(&ms);
	print_peer_stop("tini-static: lxc-stop", code, ms);
	(void)log_lines("stop", "Sent signal");
	(void)log_lines("start", "ended on");
	assert_int_not_equal(code, -1);
}

#define TEST(f) { #f, f, fresh, destroy, NULL }

int main(void)
{
	const struct CMUnitTest tests[] = {
		{ "stop_ends_the_container_cleanly (SIGRTMIN+3)",
		    stop_ends_the_container_cleanly, fresh, destroy,
		    (void *)&by_default },
		{ "stop_ends_the_container_cleanly (lxc.signal.halt = SIGPWR)",
		    stop_ends_the_container_cleanly, fresh, destroy,
		    (void *)&pwr },
		TEST(lxc_start_logs_the_status),
		TEST(lxc_execute_passes_exit_codes),
		TEST(tini_stop_measured),
	};
	return cmocka_run_group_tests_name("lxc", tests, setup, cleanup);
}
