/* An idle sexton costs nothing: it sleeps in the kernel with no timer,
 * and wakes in 3 s at most once with --stop-delay or an --orphans AGE
 * of 10 s, a few times with an AGE of 1 s. Each case measures a window
 * of 3 s. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

/* Idle: sexton sleeps in the kernel with no timer. */
static void idle_sexton_does_not_wake(void **state)
{
	long n;

	(void)state;
	n = run_idle_wakeups(&r, ARGV(SEXTON, "--", PROBE, "sleep"));
	assert_true(n >= 0);
	if (n > 1)
		fail_msg("%ld context switches in 3 s", n);
}

/* Wake-ups of an idle sexton over 3 s, with a flag. */
static long idle_wakeups(char *flag)
{
	long n = run_idle_wakeups(&r, ARGV(SEXTON, flag, "--", PROBE,
	    "sleep"));

	assert_true(n >= 0);
	return n;
}

/* The stop delay sets no timer until a TERM comes; the orphan policy
 * looks once an AGE, and no more. */
static void idle_wakeups_follow_the_options(void **state)
{
	long n;

	(void)state;
	if ((n = idle_wakeups("--stop-delay=1s")) > 1)
		fail_msg("%ld wake-ups in 3 s with --stop-delay", n);
	if ((n = idle_wakeups("--orphans=term,1s")) > 4)
		fail_msg("%ld wake-ups in 3 s with an AGE of 1 s", n);
	if ((n = idle_wakeups("--orphans=term,10s")) > 1)
		fail_msg("%ld wake-ups in 3 s with an AGE of 10 s", n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(idle_sexton_does_not_wake),
		RUN_TEST(idle_wakeups_follow_the_options, &r),
	};

	return cmocka_run_group_tests_name("idle", tests, NULL, NULL);
}
