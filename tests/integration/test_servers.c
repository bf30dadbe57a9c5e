/* Real servers stopped as "docker stop" stops them: Debian's PostgreSQL
 * 15 and nginx run under sexton as PID 1 of a new PID namespace, which
 * gets SIGTERM. PostgreSQL must get the TERM and log "database system is
 * shut down", and its next start on the same data directory must find it
 * shut down and run no recovery; nginx must log its own exit. Two ways
 * images start them: a shell script that starts both in the background
 * and waits (tests/servers/start.sh), and PostgreSQL exec'd as the
 * command through setpriv, as gosu does. A third test SIGKILLs PID 1
 * instead, and shows that these checks see a crash.
 * Each test has its own data directory and Unix sockets (no TCP port)
 * under .build/servers, made from one initdb (tests/servers/setup.sh),
 * and a private IPC namespace; all of it is killed and removed after. */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

#define POSTGRES "/usr/lib/postgresql/15/bin/postgres"
#define PG_READY "database system is ready to accept connections"
#define PG_DOWN "database system is shut down"
/* What PostgreSQL 15 logs when it starts on a cluster shut down
 * cleanly, and, after a crash, what it logs before it recovers. */
#define PG_CLEAN "database system was shut down at"
#define PG_CRASH "database system was not properly shut down"

static struct run r, next;
/* The worktree, and paths under it. */
static char top[1024], tmpl[1100], dir[1100], data[1200], nginx_log[1200],
    nginx_pid[1200];

/* Runs a shell command; 0 if it exited 0. */
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof cmd)
		return -1;
	return system(cmd) == 0 ? 0 : -1;
}

/* Before a failure: the whole text, which cmocka's message would cut
 * short. */
static void show(const char *what, const char *text)
{
	printf("%s:\n%s\n", what, text);
	fflush(stdout);
}

static void has(const char *text, const char *what, const char *needle)
{
	if (strstr(text, needle) != NULL)
		return;
	show(what, text);
	fail_msg("%s lacks '%s'", what, needle);
}

static void lacks(const char *text, const char *what, const char *needle)
{
	if (strstr(text, needle) == NULL)
		return;
	show(what, text);
	fail_msg("%s has '%s'", what, needle);
}

/* One initdb for the whole file, in an IPC namespace of the test's
 * own: a PostgreSQL killed by force leaves its System V segment there,
 * and the namespace takes it away at the end. */
static int setup_all(void **state)
{
	(void)state;
	if (unshare(CLONE_NEWIPC) < 0 || getcwd(top, sizeof top) == NULL)
		return -1;
	snprintf(tmpl, sizeof tmpl, "%s/.build/servers/tmpl-%d", top,
	    (int)getpid());
	if (sh("tests/servers/setup.sh %s", tmpl) == 0)
		return 0;
	sh("rm -rf %s", tmpl);
	return -1;
}

static int teardown_all(void **state)
{
	(void)state;
	sh("rm -rf %s; rmdir .build/servers 2>/dev/null", tmpl);
	return 0;
}

static int fresh(void **state)
{
	static int n;

	(void)state;
	/* Short: a Unix socket's path must fit in 108 bytes. */
	snprintf(dir, sizeof dir, "%s/.build/servers/t-%d-%d", top,
	    (int)getpid(), ++n);
	snprintf(data, sizeof data, "%s/data", dir);
	snprintf(nginx_log, sizeof nginx_log, "%s/nginx/error.log", dir);
	snprintf(nginx_pid, sizeof nginx_pid, "%s/nginx/nginx.pid", dir);
	if (sh("tests/servers/setup.sh %s %s", dir, tmpl) == 0)
		return 0;
	sh("rm -rf %s", dir);
	return -1;
}

/* Killing PID 1 of each namespace kills every server in it. */
static int remove_all(void **state)
{
	(void)state;
	run_kill(&r);
	run_kill(&next);
	sh("rm -rf %s", dir);
	return 0;
}

/* Waits until PostgreSQL takes connections, and, with nginx, until
 * nginx has written its pid file and started its worker: the pid of its
 * master, as the namespace sees it. Then until sexton takes TERM. */
static int wait_ready(int with_nginx)
{
	char buf[1 << 14], pid[32];
	long long end = now_ms() + 30000;
	int master = 0;

	if (!run_expect_err(&r, PG_READY, 30000)) {
		show("the output", r.errbuf);
		fail_msg("PostgreSQL did not start");
	}
	while (with_nginx) {
		master = (int)strtol(slurp(nginx_pid, pid, sizeof pid), NULL,
		    10);
		slurp(nginx_log, buf, sizeof buf);
		if (master > 0 && strstr(buf, "start worker process") != NULL)
			break;
		if (now_ms() >= end) {
			show("nginx's log", buf);
			fail_msg("nginx did not start");
		}
		poll_step();
	}
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	return master;
}

/* Sends sig to PID 1 as docker stop or kill does, and returns the exit
 * code of the namespace, saying how long it took. */
static int stop(int sig)
{
	long long t0 = now_ms();
	int rc;

	assert_int_equal(kill(r.pid1, sig), 0);
	rc = run_wait(&r, 60000);
	print_message("stop by signal %d: exit %d after %lld ms\n", sig, rc,
	    now_ms() - t0);
	return rc;
}

/* nginx's master logged its exit and removed its pid file. */
static int nginx_exited(int master)
{
	char buf[1 << 14], line[64];
	struct stat st;

	snprintf(line, sizeof line, " %d#%d: exit\n", master, master);
	return strstr(slurp(nginx_log, buf, sizeof buf), line) != NULL &&
	    stat(nginx_pid, &st) < 0 && errno == ENOENT;
}

/* Starts PostgreSQL once more on the same data directory, in a new
 * namespace, and stops it: its log is in next.outbuf. */
static void start_again(void)
{
	assert_int_equal(run_start(&next, RUN_NS,
	    ARGV("tests/servers/next-start.sh", dir)), 0);
	if (run_wait(&next, 90000) != 0) {
		show("its output", next.outbuf);
		show("its errors", next.errbuf);
		fail_msg("the next start of PostgreSQL failed");
	}
}

/* The next start found the cluster shut down and did not recover. */
static void next_start_is_clean(void)
{
	start_again();
	has(next.outbuf, "the next start's log", PG_CLEAN);
	lacks(next.outbuf, "the next start's log", PG_CRASH);
	lacks(next.outbuf, "the next start's log", "redo ");
}

static void script_mode_docker_stop_shuts_postgres_and_nginx_down(void **state)
{
	int master;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--",
	    "tests/servers/start.sh", dir)), 0);
	master = wait_ready(1);
	/* The shell dies of the TERM; the servers are left to sexton. */
	assert_int_equal(stop(SIGTERM), 143);
	has(r.errbuf, "PostgreSQL's log", "received smart shutdown request");
	has(r.errbuf, "PostgreSQL's log", PG_DOWN);
	if (!nginx_exited(master)) {
		char buf[1 << 14];

		show("nginx's log", slurp(nginx_log, buf, sizeof buf));
		fail_msg("nginx (pid %d) did not log its exit", master);
	}
	next_start_is_clean();
}

static void exec_mode_docker_stop_shuts_postgres_down(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--",
	    "/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres",
	    "--init-groups", POSTGRES, "-D", data)), 0);
	wait_ready(0);
	/* PostgreSQL's own exit code after a smart shutdown. */
	assert_int_equal(stop(SIGTERM), 0);
	has(r.errbuf, "PostgreSQL's log", "received smart shutdown request");
	has(r.errbuf, "PostgreSQL's log", PG_DOWN);
	next_start_is_clean();
}

/* The checks above can fail: after a SIGKILL to PID 1, which the kernel
 * passes on to the whole namespace, PostgreSQL never logs its shutdown
 * and recovers at its next start, and nginx never logs its exit. */
static void the_checks_see_a_sigkill_as_a_crash(void **state)
{
	int master;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--",
	    "tests/servers/start.sh", dir)), 0);
	master = wait_ready(1);
	assert_int_equal(stop(SIGKILL), 128 + SIGKILL);
	lacks(r.errbuf, "PostgreSQL's log", PG_DOWN);
	assert_false(nginx_exited(master));
	start_again();
	has(next.outbuf, "the next start's log", PG_CRASH);
	lacks(next.outbuf, "the next start's log", PG_CLEAN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    script_mode_docker_stop_shuts_postgres_and_nginx_down,
		    fresh, remove_all),
		cmocka_unit_test_setup_teardown(
		    exec_mode_docker_stop_shuts_postgres_down, fresh,
		    remove_all),
		cmocka_unit_test_setup_teardown(
		    the_checks_see_a_sigkill_as_a_crash, fresh, remove_all),
	};
	return cmocka_run_group_tests_name("servers", tests, setup_all,
	    teardown_all);
}
