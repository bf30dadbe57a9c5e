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

static void descendants(void **state)
{
	/* 10 -> 11 -> 12 -> 13; 10 -> 14; 20 -> 21 is another tree. */
	struct procstat p[] = {
		{ .pid = 13, .ppid = 12 }, { .pid = 21, .ppid = 20 },
		{ .pid = 12, .ppid = 11 }, { .pid = 11, .ppid = 10 },
		{ .pid = 14, .ppid = 10 }, { .pid = 20, .ppid = 1 },
		{ .pid = 10, .ppid = 1 },
	};
	struct proclist l = { p, 7, calloc(PROC_PID_MAX / 8, 1) };

	(void)state;
	assert_non_null(l.mark);
	assert_int_equal(proc_descendants(&l, 10), 4);
	for (pid_t pid = 11; pid <= 14; pid++)
		assert_true(proc_marked(&l, pid));
	assert_false(proc_marked(&l, 10));
	assert_false(proc_marked(&l, 20));
	assert_false(proc_marked(&l, 21));
	assert_false(proc_marked(&l, 1));
	free(l.mark);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_plain),
		cmocka_unit_test(parse_hostile_name),
		cmocka_unit_test(parse_bad),
		cmocka_unit_test(descendants),
	};
	return cmocka_run_group_tests_name("proc", tests, NULL, NULL);
}
