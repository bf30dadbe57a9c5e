/* sexton where a container takes things away: address space, /proc.
 * Run only against the plain build: AddressSanitizer cannot start
 * under RLIMIT_AS, and without /proc it reads no ASAN_OPTIONS (it
 * reads them from /proc/self/environ) and LeakSanitizer fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

/* 150 MB of address space: what a small container may get. */
#define AS_LIMIT "150000000"

static struct run r;

static int count(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *p = haystack; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* 2c: not PID 1, sexton finds what is left at its end in memory that
 * grows with what it finds, not in room for every possible pid. */
static void subreaper_end_under_an_address_space_limit(void **state)
{
	int rc;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", PROBE,
	    "aslimit", AS_LIMIT, SEXTON, "-t", "3s", "--", PROBE, "leave",
	    "trap", "3", "0")), 0);
	rc = run_wait(&r, 20000);
	if (rc != 0 || count(r.outbuf, "orphan got TERM") != 3)
		fail_msg("exit %d; want 3 orphans to get TERM, got:\n%s%s", rc,
		    r.outbuf, r.errbuf);
}

/* The zombie watch reads the same way, as PID 1 here. */
static void watch_under_an_address_space_limit(void **state)
{
	char want[64];

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "aslimit", AS_LIMIT,
	    SEXTON, "--watch-zombies=5,100ms", "--", PROBE, "zombies", "7",
	    "60000")), 0);
	assert_true(run_expect(&r, "holder ", 5000));
	snprintf(want, sizeof want, "sexton[1]: pid %d (probe) holds 7 "
	    "zombies", atoi(strstr(r.outbuf, "holder ") + strlen("holder ")));
	if (!run_expect_err(&r, want, 5000))
		fail_msg("the holder was not reported:\n%s%s", r.outbuf,
		    r.errbuf);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
}

/* 2b: no /proc at all. The end falls back to the command's process
 * group, where an orphan that stayed in it gets its TERM, and sexton
 * says so once. */
static void subreaper_end_without_proc_uses_the_group(void **state)
{
	int rc;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS | RUN_NOPROC, ARGV(PROBE,
	    "lazyinit", SEXTON, "-t", "3s", "--", PROBE, "leave", "grouptrap",
	    "2", "0")), 0);
	rc = run_wait(&r, 20000);
	if (rc != 0 || count(r.outbuf, "orphan got TERM") != 2)
		fail_msg("exit %d; want 2 orphans to get TERM, got:\n%s%s", rc,
		    r.outbuf, r.errbuf);
	if (count(r.errbuf, "cannot walk the descendants in /proc") != 1)
		fail_msg("want one line on /proc, got:\n%s", r.errbuf);
}

/* Out of file descriptors, the walk cannot look at anything: that must
 * not read as "nothing left". sexton says why and falls back to the
 * command's group, as without /proc. */
static void subreaper_end_without_fds_says_so(void **state)
{
	int rc;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit",
	    "/usr/bin/prlimit", "--nofile=5:5", SEXTON, "-t", "3s", "--",
	    PROBE, "leave", "grouptrap", "2", "0")), 0);
	rc = run_wait(&r, 20000);
	if (rc != 0 || count(r.outbuf, "orphan got TERM") != 2)
		fail_msg("exit %d; want 2 orphans to get TERM, got:\n%s%s", rc,
		    r.outbuf, r.errbuf);
	if (count(r.errbuf, "cannot walk the descendants in /proc") != 1)
		fail_msg("want one line on /proc, got:\n%s", r.errbuf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(subreaper_end_under_an_address_space_limit, &r),
		RUN_TEST(watch_under_an_address_space_limit, &r),
		RUN_TEST(subreaper_end_without_proc_uses_the_group, &r),
		RUN_TEST(subreaper_end_without_fds_says_so, &r),
	};

	return cmocka_run_group_tests_name("limits", tests, NULL, NULL);
}
