/* --stop-delay: the first TERM (or INT) that docker stop or the
 * kubelet sends, or a halt request from LXC or nspawn, is held that
 * long before it reaches the command, and said so with -v; any other
 * signal goes at once. A second one, or the command's own exit, ends
 * the hold; what -r makes of a signal counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

/* The TERM that docker stop or the kubelet sends. */
static long long term_to_arrival(const char *delay, int sig)
{
	char flag[64];
	long long t0;

	snprintf(flag, sizeof flag, "--stop-delay=%s", delay);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-v", flag, "--",
	    PROBE, "catch")), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(run_expect(&r, "peer ready", 5000));
	assert_true(wait_caught(r.pid1, sig, 5000));
	t0 = now_ms();
	assert_int_equal(kill(r.pid1, sig), 0);
	assert_true(run_expect(&r, sig == SIGTERM ? "main 15\n" :
	    "main 2\n", 10000));
	return now_ms() - t0;
}

static void first_term_is_held(void **state)
{
	long long took;

	(void)state;
	took = term_to_arrival("700ms", SIGTERM);
	if (took < 700)
		fail_msg("TERM arrived after %lld ms, not 700", took);
	assert_non_null(strstr(r.errbuf, "holding TERM for 700ms"));
	/* Only the first: the next is forwarded at once. */
	assert_int_equal(kill(r.pid1, SIGHUP), 0);
	assert_true(run_expect(&r, "main 1\n", 5000));
	run_kill(&r);
	took = term_to_arrival("400ms", SIGINT);
	if (took < 400)
		fail_msg("INT arrived after %lld ms, not 400", took);
	run_kill(&r);
}

static void second_term_ends_the_hold(void **state)
{
	long long t0;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-v",
	    "--stop-delay=1m", "--", PROBE, "catch")), 0);
	assert_true(run_expect(&r, "peer ready", 5000));
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	assert_true(run_expect_err(&r, "holding TERM for 60000ms", 5000));
	assert_null(strstr(r.outbuf, " 15\n"));
	t0 = now_ms();
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	assert_true(run_expect(&r, "main 15\n", 5000));
	assert_true(now_ms() - t0 < 5000);
	run_kill(&r);
}

/* The command may end during the hold: the end begins then. */
static void command_exit_ends_the_hold(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON,
	    "--stop-delay=1m", "--", "/bin/sh", "-c",
	    "echo up; sleep 1; exit 4")), 0);
	assert_true(run_expect(&r, "up", 5000));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	/* Well before the minute the hold would last. */
	assert_int_equal(run_wait(&r, 20000), 4);
}

/* A signal that -r drops is neither held nor ends a hold. */
static void dropped_signal_leaves_the_hold(void **state)
{
	long long t0;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-v", "-r",
	    "INT:none", "--stop-delay=800ms", "--", PROBE, "catch")), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(run_expect(&r, "peer ready", 5000));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	t0 = now_ms();
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	assert_true(run_expect_err(&r, "holding TERM", 5000));
	assert_int_equal(kill(r.pid1, SIGINT), 0);
	assert_true(run_expect(&r, "main 15\n", 10000));
	if (now_ms() - t0 < 800)
		fail_msg("TERM after %lld ms: the dropped INT ended the hold",
		    now_ms() - t0);
	assert_null(strstr(r.outbuf, " 2\n"));
	run_kill(&r);
}

/* As a container's PID 1, a manager's halt request is its docker stop:
 * held as that TERM is, and a second request ends the hold; each
 * reaches the command as TERM. */
static void halt_request_is_held_as_docker_stops_term(void **state)
{
	long long t0;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-v",
	    "--stop-delay=700ms", "--", PROBE, "catch")), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(run_expect(&r, "peer ready", 5000));
	assert_true(wait_caught(r.pid1, SIGRTMIN + 3, 5000));
	t0 = now_ms();
	assert_int_equal(kill(r.pid1, SIGRTMIN + 3), 0);
	assert_true(run_expect(&r, "main 15\n", 10000));
	if (now_ms() - t0 < 700)
		fail_msg("the halt's TERM arrived after %lld ms, not 700",
		    now_ms() - t0);
	assert_non_null(strstr(r.errbuf, "holding RTMIN+3 for 700ms"));
	run_kill(&r);

	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-v",
	    "--stop-delay=1m", "--", PROBE, "catch")), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(run_expect(&r, "peer ready", 5000));
	assert_true(wait_caught(r.pid1, SIGPWR, 5000));
	assert_int_equal(kill(r.pid1, SIGRTMIN + 3), 0);
	assert_true(run_expect_err(&r, "holding RTMIN+3 for 60000ms", 5000));
	assert_null(strstr(r.outbuf, " 15\n"));
	t0 = now_ms();
	assert_int_equal(kill(r.pid1, SIGPWR), 0);
	assert_true(run_expect(&r, "main 15\n", 5000));
	assert_true(now_ms() - t0 < 5000);
	assert_null(strstr(r.outbuf, " 30\n"));
	assert_null(strstr(r.outbuf, " 37\n"));
	run_kill(&r);
}

/* -r TERM:QUIT, as for nginx's graceful stop: docker stop's TERM is
 * still held, then goes out as QUIT, and so does a halt request. */
static void rewritten_term_is_held_then_sent_as_rewritten(void **state)
{
	const int stops[] = { SIGTERM, SIGRTMIN + 3 };

	(void)state;
	for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
		long long t0;

		assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-v", "-r",
		    "TERM:QUIT", "--stop-delay=600ms", "--", PROBE, "catch")),
		    0);
		assert_true(run_expect(&r, "main ready", 5000));
		assert_true(run_expect(&r, "peer ready", 5000));
		assert_true(wait_caught(r.pid1, stops[i], 5000));
		t0 = now_ms();
		assert_int_equal(kill(r.pid1, stops[i]), 0);
		assert_true(run_expect(&r, "main 3\n", 5000));
		if (now_ms() - t0 < 600)
			fail_msg("signal %d went out as QUIT after %lld ms, not "
			    "600", stops[i], now_ms() - t0);
		assert_non_null(strstr(r.errbuf, "holding"));
		assert_null(strstr(r.outbuf, "main 15\n"));
		run_kill(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(first_term_is_held, &r),
		RUN_TEST(second_term_ends_the_hold, &r),
		RUN_TEST(command_exit_ends_the_hold, &r),
		RUN_TEST(dropped_signal_leaves_the_hold, &r),
		RUN_TEST(halt_request_is_held_as_docker_stops_term, &r),
		RUN_TEST(rewritten_term_is_held_then_sent_as_rewritten, &r),
	};

	return cmocka_run_group_tests_name("stop delay", tests, NULL, NULL);
}
