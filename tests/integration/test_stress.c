/* sexton under load, faults and odd callers: as PID 1 of a real PID
 * namespace. Each case is bounded by deadlines. */
#include <errno.h>
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

/* 20,000: on the project's machine a fork has cost from 60 us to 1.1
 * ms, depending on the host, and this must fit its deadline at worst. */
static void twenty_thousand_orphans_from_four_makers(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
	    "storm", "4", "20000")), 0);
	assert_true(run_expect(&r, "ready\n", 180000));
	assert_string_equal(r.outbuf, "zombies=0 alive=0\nready\n");
	/* And it still forwards signals. */
	kill(r.pid1, SIGUSR1);
	assert_int_equal(run_wait(&r, 10000), 42);
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

static void read_five(char *buf, size_t len)
{
	ssize_t n = read(r.five, buf, len - 1);

	close(r.five);
	buf[n > 0 ? n : 0] = '\0';
}

/* The child has exactly the fds sexton was given, and an fd passed on
 * reaches it. */
static void fds_pass_through_and_none_leak(void **state)
{
	static char alone[sizeof r.outbuf];
	char five[32];

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS | RUN_FD5, ARGV(PROBE, "fds")),
	    0);
	assert_int_equal(run_wait(&r, 5000), 0);
	snprintf(alone, sizeof alone, "%s", r.outbuf);
	read_five(five, sizeof five);
	/* 0, 1, 2 and 5, and any the test itself was given. */
	assert_memory_equal(alone, "fds 0 1 2 ", 10);
	assert_non_null(strstr(alone, " 5"));
	assert_string_equal(five, "through 5\n");
	assert_int_equal(run_start(&r, RUN_NS | RUN_FD5, ARGV(SEXTON,
	    "--watch-zombies=1,10ms", "--", PROBE, "fds")), 0);
	assert_int_equal(run_wait(&r, 5000), 0);
	read_five(five, sizeof five);
	assert_string_equal(r.outbuf, alone);
	assert_string_equal(five, "through 5\n");
}

/* Working directory, environment and stdin, as the command would have
 * them without sexton. */
static void cwd_env_and_stdin_pass_through(void **state)
{
	static const char input[] = "line one\n\tline two\n";
	static char alone[sizeof r.outbuf];

	(void)state;
	setenv("SEXTON_TEST_ODD", "a b\tc=d\\e", 1);
	assert_int_equal(run_start(&r, RUN_NS | RUN_STDIN_PIPE, ARGV(PROBE,
	    "passthru")), 0);
	assert_int_equal(write(r.in, input, sizeof input - 1),
	    (ssize_t)sizeof input - 1);
	close(r.in);
	r.in = -1;
	assert_int_equal(run_wait(&r, 5000), 0);
	snprintf(alone, sizeof alone, "%s", r.outbuf);
	assert_int_equal(run_start(&r, RUN_NS | RUN_STDIN_PIPE, ARGV(SEXTON,
	    "--", PROBE, "passthru")), 0);
	assert_int_equal(write(r.in, input, sizeof input - 1),
	    (ssize_t)sizeof input - 1);
	close(r.in);
	r.in = -1;
	assert_int_equal(run_wait(&r, 5000), 0);
	unsetenv("SEXTON_TEST_ODD");
	assert_non_null(strstr(alone, "\nSEXTON_TEST_ODD=a b\tc=d\\e\n"));
	assert_non_null(strstr(alone, input));
	assert_string_equal(r.outbuf, alone);
}

/* The command dies of a signal sexton forwards while more of them are
 * coming: its status is still the one reported. */
static void command_dies_while_signals_are_forwarded(void **state)
{
	(void)state;
	for (int i = 0; i < 10; i++) {
		assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
		    "dieon", "10", "77")), 0);
		assert_true(run_expect(&r, "ready\n", 5000));
		for (int n = 0; n < 2000; n++)
			if (kill(r.pid1, n % 2 ? SIGUSR1 : SIGWINCH) < 0)
				break;
		assert_int_equal(run_wait(&r, 5000), 77);
		assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
		    "sleep")), 0);
		assert_true(run_expect(&r, "ready\n", 5000));
		for (int n = 0; n < 2000; n++)
			if (kill(r.pid1, n % 2 ? SIGTERM : SIGWINCH) < 0)
				break;
		assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(twenty_thousand_orphans_from_four_makers, &r),
		RUN_TEST(fifty_thousand_signals_while_orphans_are_made, &r),
		RUN_TEST(sigkill_from_inside_does_nothing, &r),
		RUN_TEST(fds_pass_through_and_none_leak, &r),
		RUN_TEST(cwd_env_and_stdin_pass_through, &r),
		RUN_TEST(command_dies_while_signals_are_forwarded, &r),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
