/* --orphans: an orphan that sexton adopts while the command runs, as a
 * daemon that double-forks, is seen, then given TERM, or KILL once it
 * is AGE old, and CONT too if it is stopped; the command, and a process
 * outside sexton's subtree, are untouched. A child that sexton already
 * had when it started is never acted on (the man page promises it): say
 * a helper that a script started before it exec'd sexton. That holds
 * however few fds sexton is left: with RLIMIT_NOFILE nearly used up by
 * the fds it was handed, sexton either refuses to start, saying why, or
 * spares that child; and any warning names the real cause, not a /proc
 * that is not its own. */
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

/* A daemon that double-forks is handed to sexton alive, with no
 * signal to say so: a look at sexton's children finds it. */
static void orphans_get_term(void **state)
{
	(void)state;
	/* The daemon has its name before it is an orphan: a "(sh)" in
	 * the log would be the command. */
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-w",
	    "--orphans=term", "--", "/bin/sh", "-c", PROBE " daemon the-daemon; "
	    "sleep 3; echo command-done")), 0);
	assert_true(run_expect_err(&r, "(the-daemon) seen for ", 10000));
	assert_true(run_expect_err(&r, "ms: sent TERM\n", 5000));
	assert_true(run_expect_err(&r, "(the-daemon): killed by signal 15",
	    5000));
	/* The command goes on, untouched. */
	assert_int_equal(run_wait(&r, 10000), 0);
	assert_non_null(strstr(r.outbuf, "command-done"));
	assert_null(strstr(r.errbuf, "(sh) seen"));
	assert_null(strstr(r.errbuf, "(sleep) seen"));
}

/* With AGE, the orphan is first seen, then left alone that long; a
 * process outside the subtree is never touched. */
static void orphans_get_kill_after_age(void **state)
{
	const char *p;
	pid_t outsider = fork();

	(void)state;
	if (outsider == 0) {
		execl("/bin/sleep", "sleep", "30", (char *)NULL);
		_exit(127);
	}
	assert_int_equal(run_start(&r, 0, ARGV(SEXTON, "-w",
	    "--orphans=kill,600ms", "--", "/bin/sh", "-c", "(" PROBE
	    " sleep &); sleep 4; echo command-done")), 0);
	assert_true(run_expect_err(&r, "ms: sent KILL\n", 10000));
	p = strstr(r.errbuf, "(probe) seen for ");
	assert_non_null(p);
	if (atoi(p + strlen("(probe) seen for ")) < 600)
		fail_msg("killed too soon: %s", p);
	assert_true(run_expect_err(&r, "(probe): killed by signal 9", 5000));
	assert_int_equal(run_wait(&r, 10000), 0);
	assert_non_null(strstr(r.outbuf, "command-done"));
	assert_int_equal(proc_state(outsider) != 0, 1);
	assert_int_equal(proc_state(outsider) != 'Z', 1);
	kill(outsider, SIGKILL);
	waitpid(outsider, NULL, 0);
}

/* A stopped orphan gets CONT after its TERM, or it would stay. */
static void stopped_orphan_sees_its_term(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-w",
	    "--orphans=term", "--", "/bin/sh", "-c", "(exec /bin/sh -c "
	    "'kill -STOP $$; sleep 60' &); sleep 60")), 0);
	/* While the command runs, not at the end. */
	assert_true(run_expect_err(&r, "(sh): killed by signal 15", 10000));
	run_kill(&r);
}

/* A child sexton had before it started the command was not adopted. */
static void inherited_child_is_spared(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, 0, ARGV("/bin/sh", "-c",
	    "sleep 60 & exec " SEXTON " -w --orphans=kill -- sh -c "
	    "'" PROBE " daemon the-daemon; sleep 3'")), 0);
	assert_true(run_expect_err(&r, "(the-daemon) seen for ", 10000));
	assert_int_equal(run_wait(&r, 15000), 0);
	assert_null(strstr(r.errbuf, "(sleep) seen"));
	/* At the end it is in sexton's subtree, like any other. */
	assert_non_null(strstr(r.errbuf, "(sleep): killed by signal 15"));
}

/* A line of sexton's own that is not -w's account of an orphan must
 * name the cause of any trouble: no fds left. */
static const char *blames_wrongly(const char *err)
{
	for (const char *line = err; *line != '\0';) {
		size_t n = strcspn(line, "\n");
		char buf[512];

		snprintf(buf, sizeof buf, "%.*s", (int)n, line);
		line += n + (line[n] == '\n');
		if (strncmp(buf, "sexton", 6) != 0 ||
		    strstr(buf, ": reaped pid ") != NULL ||
		    strstr(buf, ": orphan pid ") != NULL)
			continue;
		if (strstr(buf, "Too many open files") == NULL &&
		    strstr(buf, "error 24") == NULL) {
			static char bad[512];

			snprintf(bad, sizeof bad, "%s", buf);
			return bad;
		}
	}
	return NULL;
}

/* One run with free_fds of the 64 fds left: 1 if the command ran,
 * 0 if sexton refused to start; fails on anything else. */
static int old_child_spared(int as_pid1, int free_fds)
{
	char free_arg[12];
	char *const *argv;
	const char *bad;
	int code;

	snprintf(free_arg, sizeof free_arg, "%d", free_fds);
	argv = as_pid1 ? ARGV(PROBE, "fdfill", free_arg, "old-child", SEXTON,
	    "-w", "--orphans=kill", "--", PROBE, "orphankill") :
	    ARGV(PROBE, "lazyinit", PROBE, "fdfill", free_arg, "old-child",
	    SEXTON, "-w", "--orphans=kill", "--", PROBE, "orphankill");
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	code = run_wait(&r, 30000);
	print_message("%d fds left: exit %d\n", free_fds, code);
	if (strstr(r.outbuf, "command started") == NULL) {
		/* Too few fds to run at all: a refusal, which says so. */
		if (code != 125 || strstr(r.errbuf, "sexton") == NULL)
			fail_msg("%d fds left: exit %d, no command; stderr:"
			    "\n%s", free_fds, code, r.errbuf);
		return 0;
	}
	if (strstr(r.errbuf, "(old-child) seen for ") != NULL ||
	    strstr(r.outbuf, "old-child got TERM\n") == NULL)
		fail_msg("%d fds left: the child sexton had before the command "
		    "was acted on as an orphan, or did not live to the end; "
		    "stdout:\n%s\nstderr:\n%s", free_fds, r.outbuf, r.errbuf);
	if (strstr(r.errbuf, "(real-orphan) seen for ") == NULL ||
	    strstr(r.errbuf, "(real-orphan): killed by signal 9,") == NULL ||
	    strstr(r.outbuf, "orphan gone\n") == NULL)
		fail_msg("%d fds left: the command's orphan did not get its "
		    "KILL; stdout:\n%s\nstderr:\n%s", free_fds, r.outbuf,
		    r.errbuf);
	if (code != 3)
		fail_msg("%d fds left: exit %d, not the command's 3", free_fds,
		    code);
	if ((bad = blames_wrongly(r.errbuf)) != NULL)
		fail_msg("%d fds left: a warning does not name the cause, no "
		    "fds: '%s'", free_fds, bad);
	return 1;
}

/* From the fewest fds left up, until the command has run three times:
 * the first few where sexton starts at all are the ones that matter. */
static void old_child_spared_with_few_fds(int as_pid1)
{
	int ran = 0;

	for (int free_fds = 1; free_fds <= 8 && ran < 3; free_fds++)
		ran += old_child_spared(as_pid1, free_fds);
	if (ran < 3)
		fail_msg("the command ran %d times with 1 to 8 fds left", ran);
}

static void inherited_child_spared_with_few_fds_as_pid1(void **state)
{
	(void)state;
	old_child_spared_with_few_fds(1);
}

static void inherited_child_spared_with_few_fds_not_pid1(void **state)
{
	(void)state;
	old_child_spared_with_few_fds(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(orphans_get_term, &r),
		RUN_TEST(orphans_get_kill_after_age, &r),
		RUN_TEST(stopped_orphan_sees_its_term, &r),
		RUN_TEST(inherited_child_is_spared, &r),
		RUN_TEST(inherited_child_spared_with_few_fds_as_pid1, &r),
		RUN_TEST(inherited_child_spared_with_few_fds_not_pid1, &r),
	};

	return cmocka_run_group_tests_name("orphans", tests, NULL, NULL);
}
