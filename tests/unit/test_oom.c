/* Finding the memory cgroup's count of OOM kills, and reading it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "oom.h"

static char buf[1024 + 1];
static char *out;

/* Followed by bytes that must not show up in the path. */
static int path_of(const char *cgroup)
{
	size_t len = strlen(cgroup);

	memset(buf, '#', sizeof buf);
	memcpy(buf, cgroup, len);
	out = NULL;
	return oom_path(buf, len, &out);
}

static void cgroup_v1(void **state)
{
	(void)state;
	assert_int_equal(path_of("9:name=systemd:/\n4:memory:/pod/x\n"
	    "0::/\n"), 1);
	assert_string_equal(out, "pod/x");
	assert_string_equal(oom_file(1), "memory.oom_control");
	/* The first line, and the last without its newline. */
	assert_int_equal(path_of("3:memory:/a"), 1);
	assert_string_equal(out, "a");
	assert_int_equal(path_of("12:memory:/a\n"), 1);
	assert_string_equal(out, "a");
	/* Mounted with others, memory is not at /sys/fs/cgroup/memory. */
	assert_int_equal(path_of("3:cpu,memory:/a"), -1);
	/* Only the controller named memory. */
	assert_int_equal(path_of("5:memoryx:/a\n1:xmemory:/b\n"), -1);
	/* A path may hold ':' and "memory": only the controllers count. */
	assert_int_equal(path_of("4:memory:/web,memory,v2\n3:cpuset:/\n"),
	    1);
	assert_string_equal(out, "web,memory,v2");
	assert_int_equal(path_of("3:cpuset:/a:memory:b\n"), -1);
	assert_int_equal(path_of("3:cpuset:/a\nb:memory:/c\n"), -1);
	assert_int_equal(path_of("3:cpuset:/a/1:memory:/c\n"), -1);
	assert_int_equal(path_of("4:memory:/x:y\n"), 1);
	assert_string_equal(out, "x:y");
	/* A line whose path holds "y"s before memory's. */
	assert_int_equal(path_of("9:name=systemd:/system.slice/y\n"
	    "4:memory:/system.slice/my.scope\n"), 1);
	assert_string_equal(out, "system.slice/my.scope");
}

static void cgroup_v2(void **state)
{
	(void)state;
	assert_int_equal(path_of("0::/kubepods/pod1/c\n"), 0);
	assert_string_equal(out, "kubepods/pod1/c");
	/* The top is the mount's own directory. */
	assert_int_equal(path_of("0::/\n"), 0);
	assert_string_equal(out, ".");
	assert_int_equal(path_of("0::/"), 0);
	assert_string_equal(out, ".");
	assert_int_equal(path_of("1:name=systemd:/x\n0::/y\n"), 0);
	assert_string_equal(out, "y");
	assert_string_equal(oom_file(0), "memory.events");
	/* "10::" is no v2 line. */
	assert_int_equal(path_of("10::/a\n"), -1);
}

static void no_memory_cgroup(void **state)
{
	(void)state;
	assert_int_equal(path_of(""), -1);
	assert_int_equal(path_of("garbage"), -1);
	assert_int_equal(path_of("0:"), -1);
	assert_int_equal(path_of("\n\n:\n"), -1);
	assert_int_equal(path_of("1:name=systemd:/\n"), -1);
	assert_int_equal(path_of(":memory:/a\n"), -1);
	assert_int_equal(path_of("y"), -1);
	assert_int_equal(path_of("memory:"), -1);
}

/* A text cut short by the reader's buffer: a memory line cut after
 * "/rvA" would name the sibling of /rvAB. Only whole lines count. */
static void cut_text(void **state)
{
	const char *t = "9:pids:/a\n4:memory:/rvA";
	size_t n = oom_whole_lines(t, strlen(t));

	(void)state;
	assert_int_equal(n, 10);
	assert_int_equal(path_of("9:pids:/a\n"), -1);
	assert_int_equal(oom_whole_lines("abc", 3), 0);
	assert_int_equal(oom_whole_lines("", 0), 0);
	assert_int_equal(oom_whole_lines("a\nb\n", 4), 4);
}

static void counts(void **state)
{
	static const char v1[] = "oom_kill_disable 0\nunder_oom 0\n"
	    "oom_kill 12\n";
	static const char v2[] = "low 0\nhigh 0\nmax 3\noom 2\noom_kill 1\n"
	    "oom_group_kill 0\n";

	(void)state;
	assert_int_equal(oom_count(v1, strlen(v1)), 12);
	assert_int_equal(oom_count(v2, strlen(v2)), 1);
	/* oom_kill_disable and oom_group_kill are other lines. */
	assert_int_equal(oom_count("oom_kill_disable 0\n", 19), -1);
	assert_int_equal(oom_count("oom 5\n", 6), -1);
	assert_int_equal(oom_count("", 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cgroup_v1),
		cmocka_unit_test(cgroup_v2),
		cmocka_unit_test(no_memory_cgroup),
		cmocka_unit_test(cut_text),
		cmocka_unit_test(counts),
	};
	return cmocka_run_group_tests_name("oom", tests, NULL, NULL);
}
