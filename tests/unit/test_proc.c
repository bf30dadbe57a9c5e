/* Parsing /proc/PID/stat and finding descendants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "proc.h"

static void parse_plain(void **state)
{
	const char *s = "42 (worker) Z 7 42 42 0 -1 4194316 0 0 0 0 0 0 0 0 "
	    "20 0 1 0 123456 0 0";
	struct procstat ps;

	(void)state;
	assert_int_equal(proc_parse_stat(s, strlen(s), &ps), 0);
	assert_int_equal(ps.pid, 42);
	assert_int_equal(ps.ppid, 7);
	assert_int_equal(ps.state, 'Z');
	assert_string_equal(ps.comm, "worker");
	assert_int_equal(ps.start, 123456);
}

static void parse_hostile_name(void **state)
{
	const char *s = "9 (a) S 1 (b)) R 3 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 "
	    "1 0 77 0";
	struct procstat ps;

	(void)state;
	assert_int_equal(proc_parse_stat(s, strlen(s), &ps), 0);
	assert_string_equal(ps.comm, "a) S 1 (b)");
	assert_int_equal(ps.state, 'R');
	assert_int_equal(ps.ppid, 3);
	assert_int_equal(ps.start, 77);
}

static void parse_bad(void **state)
{
	struct procstat ps;

	(void)state;
	assert_int_equal(proc_parse_stat("", 0, &ps), -1);
	assert_int_equal(proc_parse_stat("12 (x", 5, &ps), -1);
	assert_int_equal(proc_parse_stat("12 x) S", 7, &ps), -1);
	assert_int_equal(proc_parse_stat("12 (x)", 6, &ps), -1);
}

/* A children file: "12 34 56 ", maybe cut anywhere. */
static void children_text(void **state)
{
	const char *s = "12 345 6789012 7 ";
	size_t at = 0;

	(void)state;
	assert_int_equal(proc_next_pid(s, strlen(s), &at), 12);
	assert_int_equal(proc_next_pid(s, strlen(s), &at), 345);
	/* Over the largest pid: not a pid. */
	assert_int_equal(proc_next_pid(s, strlen(s), &at), 0);
	assert_int_equal(proc_next_pid(s, strlen(s), &at), 7);
	assert_int_equal(proc_next_pid(s, strlen(s), &at), 0);
	at = 0;
	assert_int_equal(proc_next_pid("", 0, &at), 0);
	assert_int_equal(proc_next_pid("4194303", 7, &at), 4194303);
	at = 0;
	assert_int_equal(proc_next_pid("4194304", 7, &at), 0);
}

/* The walk finds in breadth-first order; the list is by pid. */
static void sorted_and_found(void **state)
{
	struct proclist l = { 0 };
	struct procstat p = { .state = 'S' };
	unsigned seed = 7;

	(void)state;
	for (int i = 0; i < 5000; i++) {
		seed = seed * 1103515245 + 12345;
		p.pid = (pid_t)(seed % 4194303) + 1;
		if (proc_find(&l, p.pid) == NULL)
			assert_int_equal(proc_list_add(&l, &p), 0);
		proc_sort(&l);
	}
	for (size_t i = 1; i < l.n; i++)
		assert_true(proc_at(&l, i - 1)->pid < proc_at(&l, i)->pid);
	for (size_t i = 0; i < l.n; i++)
		assert_ptr_equal(proc_find(&l, proc_at(&l, i)->pid), proc_at(&l, i));
	assert_null(proc_find(&l, 0));
	proc_list_free(&l);
	assert_null(l.p);
}

/* A process whose main thread exited shows Z, but its other threads
 * live: not a zombie, and its children are still to be walked. */
static void dead_leader_is_not_a_zombie(void **state)
{
	const char *z = "5 (z) Z 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9 0";
	const char *l = "6 (l) Z 1 6 6 0 -1 0 0 0 0 0 0 0 0 0 20 0 3 0 9 0";
	struct procstat ps;

	(void)state;
	assert_int_equal(proc_parse_stat(z, strlen(z), &ps), 0);
	assert_int_equal(ps.threads, 1);
	assert_true(proc_dead(&ps));
	assert_int_equal(proc_parse_stat(l, strlen(l), &ps), 0);
	assert_int_equal(ps.threads, 3);
	assert_int_equal(ps.start, 9);
	assert_false(proc_dead(&ps));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_plain),
		cmocka_unit_test(parse_hostile_name),
		cmocka_unit_test(parse_bad),
		cmocka_unit_test(children_text),
		cmocka_unit_test(sorted_and_found),
		cmocka_unit_test(dead_leader_is_not_a_zombie),
	};
	return cmocka_run_group_tests_name("proc", tests, NULL, NULL);
}
