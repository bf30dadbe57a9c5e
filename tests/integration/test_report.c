/* The account of a run: --report (SEXTON_REPORT) writes one line of
 * key=value pairs, the command's status, the exit, the resources, OOM
 * kills, orphans, zombies and signals forwarded, to a file where the
 * caller said, or to a pipe; alone in the file with stderr closed, and
 * one whole line when a sexton runs a sexton; the termination log stays
 * empty when there is nothing to say. A file that cannot be written
 * (or a FIFO with no reader) is bad usage: 125, nothing started. -v
 * ends with the same account on stderr. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

static int run_ns(char *const argv[])
{
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	return run_wait(&r, 10000);
}

/* The file holds one line, which starts with want. */
static void expect_one_line(const char *path, const char *want)
{
	char buf[1024];
	const char *nl;

	slurp(path, buf, sizeof buf);
	if (strncmp(buf, want, strlen(want)) != 0)
		fail_msg("%s: '%s' does not start with '%s'", path, buf, want);
	nl = strchr(buf, '\n');
	assert_non_null(nl);
	assert_int_equal(nl[1], '\0');
}

/* The account, one line of key=value pairs, where the caller said: a
 * relative path is the caller's, though sexton moves to "/". */
static void report_is_written(void **state)
{
	char buf[512];
	const char *nl;

	(void)state;
	unlink(".build/report.txt");
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON,
	    "--report=.build/report.txt", "--", "/bin/sh", "-c",
	    "(sleep 0.1 &); (sleep 0.1 &); sleep 0.5; exit 3")), 0);
	assert_int_equal(run_wait(&r, 10000), 3);
	slurp(".build/report.txt", buf, sizeof buf);
	assert_non_null(strstr(buf, "status=3 exit=3 user_ms="));
	assert_non_null(strstr(buf, " sys_ms="));
	assert_non_null(strstr(buf, " maxrss_kb="));
	assert_non_null(strstr(buf, " oom=0 orphans=2 at_once="));
	assert_non_null(strstr(buf, " zombies=0 forwarded=0\n"));
	nl = strchr(buf, '\n');
	assert_non_null(nl);
	assert_int_equal(nl[1], '\0');
	/* Forwarded signals are counted; -e changes the exit, not the
	 * status. */
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-e", "143",
	    "--report=.build/report.txt", "--", PROBE, "sleep")), 0);
	assert_true(run_expect(&r, "ready", 5000));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	assert_int_equal(run_wait(&r, 10000), 0);
	slurp(".build/report.txt", buf, sizeof buf);
	assert_non_null(strstr(buf, "status=143 exit=0 "));
	assert_non_null(strstr(buf, " forwarded=1\n"));
}

/* A pipe or a terminal takes the line as it is. */
static void report_to_a_pipe(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, 0, ARGV(SEXTON, "--report=/dev/stdout",
	    "--", "/bin/sh", "-c", "exit 7")), 0);
	assert_int_equal(run_wait(&r, 10000), 7);
	assert_int_equal(strncmp(r.outbuf, "status=7 exit=7 ", 16), 0);
	assert_null(strstr(r.errbuf, "cannot write"));
}

/* With stderr closed, the files get no log line. */
static void files_stay_clean_with_stderr_closed(void **state)
{
	char buf[64];

	(void)state;
	unlink(".build/closed-report");
	unlink(".build/closed-termlog");
	assert_int_equal(run_start(&r, 0, ARGV("/bin/sh", "-c", "exec " SEXTON
	    " -v -w --report=.build/closed-report "
	    "--termination-log=.build/closed-termlog -- sh -c "
	    "'(sh -c \"exit 4\" &); sleep 0.3; exit 3' 2>&-")), 0);
	assert_int_equal(run_wait(&r, 10000), 3);
	expect_one_line(".build/closed-report", "status=3 exit=3 ");
	assert_string_equal(slurp(".build/closed-termlog", buf, sizeof buf), "");
}

/* A sexton run by a sexton reads the same SEXTON_REPORT: the file ends
 * as one whole line, the outer one's. */
static void nested_sextons_share_a_report(void **state)
{
	(void)state;
	unlink(".build/nested-report");
	setenv("SEXTON_REPORT", ".build/nested-report", 1);
	assert_int_equal(run_start(&r, 0, ARGV(SEXTON, "--", SEXTON, "--",
	    "/bin/sh", "-c", "(sleep 0.1 &); (sleep 0.1 &); exit 3")), 0);
	unsetenv("SEXTON_REPORT");
	assert_int_equal(run_wait(&r, 30000), 3);
	expect_one_line(".build/nested-report", "status=3 exit=3 ");
}

/* A file that cannot be written is bad usage: nothing is started. A
 * FIFO with no reader would block the open for ever. */
static void unwritable_files_exit_125(void **state)
{
	static char *const flags[] = {
		"--report=/nonexistent/dir/r", "--termination-log=/nonexistent/t",
		"--report=.build/fifo", "--termination-log=.build/fifo",
	};

	(void)state;
	unlink(".build/fifo");
	assert_int_equal(mkfifo(".build/fifo", 0600), 0);
	for (size_t i = 0; i < 4; i++) {
		unlink(".build/started");
		assert_int_equal(run_start(&r, 0, ARGV(SEXTON, flags[i], "--",
		    "touch", ".build/started")), 0);
		assert_int_equal(run_wait(&r, 10000), 125);
		assert_non_null(strstr(r.errbuf, "sexton: cannot open '"));
		assert_int_equal(access(".build/started", F_OK), -1);
	}
	assert_non_null(strstr(r.errbuf, "'.build/fifo': error 6\n"));
	unlink(".build/fifo");
}

/* -v ends with one summary line that counts exactly the orphans the
 * command left, and gives the command's status. */
static void verbose_summary_counts_orphans(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "-v", "--", PROBE, "orphans",
	    "37", "50")), 0);
	assert_non_null(strstr(r.errbuf, "sexton[1]: account: status=0 exit=0 "));
	assert_non_null(strstr(r.errbuf, " orphans=37 "));
	assert_int_equal(run_ns(ARGV(SEXTON, "-v", "--", PROBE, "kill", "15")),
	    143);
	assert_non_null(strstr(r.errbuf, "account: status=143 exit=143 "));
	assert_non_null(strstr(r.errbuf, " orphans=0 "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(report_is_written, &r),
		RUN_TEST(report_to_a_pipe, &r),
		RUN_TEST(files_stay_clean_with_stderr_closed, &r),
		RUN_TEST(nested_sextons_share_a_report, &r),
		RUN_TEST(unwritable_files_exit_125, &r),
		cmocka_unit_test(verbose_summary_counts_orphans),
	};

	unsetenv("SEXTON_VERBOSE");
	unsetenv("TINI_VERBOSITY");
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
