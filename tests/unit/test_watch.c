/* Counting the zombies that each live parent holds, on made-up lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "watch.h"

#define SELF 1

static struct procstat procs[] = {
	{ .pid = SELF, .ppid = 0, .state = 'S', .comm = "sexton" },
	{ .pid = 10, .ppid = SELF, .state = 'S', .comm = "worker",
	    .start = 500 },
	{ .pid = 11, .ppid = 10, .state = 'Z', .start = 700 },
	{ .pid = 12, .ppid = 10, .state = 'Z', .start = 600 },
	{ .pid = 13, .ppid = 10, .state = 'S', .start = 650 },
	{ .pid = 14, .ppid = SELF, .state = 'Z', .start = 800 },
	/* A zombie parent holds nothing: its zombies go to sexton. */
	{ .pid = 20, .ppid = SELF, .state = 'Z', .start = 100 },
	{ .pid = 21, .ppid = 20, .state = 'Z', .start = 110 },
	/* The parent is outside the namespace. */
	{ .pid = 30, .ppid = 0, .state = 'Z', .start = 120 },
	/* The parent has gone since /proc was listed. */
	{ .pid = 40, .ppid = 39, .state = 'Z', .start = 130 },
	{ .pid = 15, .ppid = 10, .state = 'Z', .start = 900 },
	{ .pid = 50, .ppid = SELF, .state = 'S', .comm = "db", .start = 5 },
	{ .pid = 51, .ppid = 50, .state = 'Z', .start = 55 },
};

static int setup(void **state)
{
	struct proclist *l = calloc(1, sizeof *l);

	if (l == NULL || (l->mark = calloc(PROC_PID_MAX / 8, 1)) == NULL)
		return -1;
	l->p = procs;
	l->n = sizeof procs / sizeof procs[0];
	*state = l;
	return 0;
}

static int teardown(void **state)
{
	struct proclist *l = *state;

	free(l->mark);
	free(l);
	return 0;
}

static void each_live_parent_once_with_its_count(void **state)
{
	struct proclist *l = *state;
	struct holder h;
	size_t at = 0;

	assert_int_equal(watch_next_holder(l, SELF, &at, &h), 1);
	assert_int_equal(h.pid, 10);
	assert_string_equal(h.comm, "worker");
	assert_int_equal(h.start, 500);
	assert_int_equal(h.count, 3);
	assert_int_equal(h.oldest, 600);
	assert_int_equal(watch_next_holder(l, SELF, &at, &h), 1);
	assert_int_equal(h.pid, 50);
	assert_int_equal(h.count, 1);
	assert_int_equal(h.oldest, 55);
	assert_int_equal(watch_next_holder(l, SELF, &at, &h), 0);
	assert_int_equal(watch_next_holder(l, SELF, &at, &h), 0);
}

static void only_self_is_left_out(void **state)
{
	struct proclist *l = *state;
	struct holder h;
	size_t at = 0;
	int seen = 0;

	/* Seen from another pid, sexton's zombies are a holder's. */
	while (watch_next_holder(l, 99, &at, &h)) {
		seen++;
		if (h.pid != SELF)
			continue;
		assert_int_equal(h.count, 2);
		assert_int_equal(h.oldest, 100);
	}
	assert_int_equal(seen, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    each_live_parent_once_with_its_count, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    only_self_is_left_out, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
