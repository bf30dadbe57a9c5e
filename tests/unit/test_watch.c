/* Counting the zombies that each live parent holds, and who may be
 * reported, on made-up lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "watch.h"

#define SELF 5
#define PARENT 3

/* By increasing pid, as /proc lists and the walk sorts. */
static const struct procstat procs[] = {
	{ .pid = 1, .ppid = 0, .state = 'S', .comm = "init" },
	{ .pid = 2, .ppid = 1, .state = 'Z', .start = 90 },
	{ .pid = PARENT, .ppid = 1, .state = 'S', .comm = "shell" },
	{ .pid = 4, .ppid = PARENT, .state = 'Z', .start = 95 },
	{ .pid = SELF, .ppid = PARENT, .state = 'S', .comm = "sexton" },
	{ .pid = 6, .ppid = SELF, .state = 'Z', .start = 96 },
	{ .pid = 10, .ppid = SELF, .state = 'S', .comm = "worker",
	    .start = 500 },
	{ .pid = 11, .ppid = 10, .state = 'Z', .start = 700 },
	{ .pid = 12, .ppid = 10, .state = 'Z', .start = 600 },
	{ .pid = 13, .ppid = 10, .state = 'S', .start = 650 },
	{ .pid = 14, .ppid = SELF, .state = 'Z', .start = 800 },
	{ .pid = 15, .ppid = 10, .state = 'Z', .start = 900 },
	/* A zombie parent holds nothing: its zombies go to a reaper. */
	{ .pid = 20, .ppid = SELF, .state = 'Z', .start = 100 },
	{ .pid = 21, .ppid = 20, .state = 'Z', .start = 110 },
	/* The parent is outside the namespace, or gone since the scan. */
	{ .pid = 30, .ppid = 0, .state = 'Z', .start = 120 },
	{ .pid = 40, .ppid = 39, .state = 'Z', .start = 130 },
	{ .pid = 50, .ppid = SELF, .state = 'S', .comm = "db", .start = 5 },
	{ .pid = 51, .ppid = 50, .state = 'Z', .start = 55 },
};
#define NPROCS (sizeof procs / sizeof procs[0])

static struct proclist list(void)
{
	struct proclist l = { .size = sizeof(struct watched) };

	for (size_t i = 0; i < NPROCS; i++)
		assert_int_equal(proc_list_add(&l, &procs[i]), 0);
	watch_count(&l);
	return l;
}

/* The entry for pid, with what it holds. */
static struct watched *find(const struct proclist *l, pid_t pid)
{
	return (struct watched *)(void *)proc_find(l, pid);
}

/* Entry i. */
static struct watched *at(const struct proclist *l, size_t i)
{
	return (struct watched *)(void *)proc_at(l, i);
}

static void counts_each_live_parent(void **state)
{
	struct proclist l = list();
	const struct watched *w = find(&l, 10);

	(void)state;
	assert_non_null(w);
	assert_int_equal(w->zombies, 3);
	assert_int_equal(w->oldest, 600);
	assert_int_equal(find(&l, 50)->zombies, 1);
	assert_int_equal(find(&l, 50)->oldest, 55);
	assert_int_equal(find(&l, SELF)->zombies, 3);
	assert_int_equal(find(&l, 1)->zombies, 1);
	assert_int_equal(find(&l, PARENT)->zombies, 1);
	assert_int_equal(find(&l, 20)->zombies, 0);
	assert_int_equal(find(&l, 13)->zombies, 0);
	proc_list_free(&l);
}

/* Never sexton, PID 1 or sexton's parent, whatever they hold. */
static void who_may_be_reported(void **state)
{
	struct role r = { .self = SELF, .parent = PARENT };
	unsigned threshold = 1;
	struct proclist l = list();
	int n = 0;

	(void)state;
	for (size_t i = 0; i < l.n; i++) {
		if (!watch_holds(at(&l, i), threshold, &r))
			continue;
		n++;
		assert_true(at(&l, i)->p.pid == 10 || at(&l, i)->p.pid == 50);
	}
	assert_int_equal(n, 2);
	threshold = 3;
	assert_true(watch_holds(find(&l, 10), threshold, &r));
	threshold = 4;
	assert_false(watch_holds(find(&l, 10), threshold, &r));
	/* As PID 1, sexton is PID 1: the rest of the namespace is its. */
	r.self = 1;
	r.parent = 0;
	threshold = 1;
	assert_true(watch_holds(find(&l, SELF), threshold, &r));
	assert_true(watch_holds(find(&l, PARENT), threshold, &r));
	assert_false(watch_holds(find(&l, 1), threshold, &r));
	proc_list_free(&l);
}

/* Thousands of holders: all counted, none forgotten for lack of room. */
static void many_holders(void **state)
{
	struct role r = { .self = 1 };
	struct proclist l = { .size = sizeof(struct watched) };
	struct procstat p = { .state = 'S' };
	int n = 0;

	(void)state;
	for (pid_t pid = 2; pid < 30002; pid += 3) {
		p.pid = pid;
		p.ppid = 1;
		p.state = 'S';
		assert_int_equal(proc_list_add(&l, &p), 0);
		p.ppid = pid;
		p.state = 'Z';
		p.pid = pid + 1;
		assert_int_equal(proc_list_add(&l, &p), 0);
		p.pid = pid + 2;
		assert_int_equal(proc_list_add(&l, &p), 0);
	}
	watch_count(&l);
	for (size_t i = 0; i < l.n; i++)
		n += watch_holds(at(&l, i), 2, &r);
	assert_int_equal(n, 10000);
	proc_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_each_live_parent),
		cmocka_unit_test(who_may_be_reported),
		cmocka_unit_test(many_holders),
	};

	return cmocka_run_group_tests_name("watch", tests, NULL, NULL);
}
