/* Finding the memory cgroup's count of OOM kills, and reading it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "oom.h"

static char out[512];

static int path_of(const char *cgroup, int whole)
{
	char buf[1024];

	strcpy(buf, cgroup);
	return oom_path(buf, strlen(buf), whole, out, sizeof out);
}

static void cgroup_v1(void **state)
{
	(void)state;
	assert_int_equal(path_of("9:name=systemd:/\n4:memory:/pod/x\n"
	    "0::/\n", 1), 0);
	assert_string_equal(out, "/sys/fs/cgroup/memory/pod/x/"
	    "memory.oom_control");
	assert_int_equal(path_of("4:memory:/pod/x\n", 0), 0);
	assert_string_equal(out, "/sys/fs/cgroup/memory/memory.oom_control");
	/* The last line without its newline. */
	assert_int_equal(path_of("3:memory:/a", 1), 0);
	assert_string_equal(out, "/sys/fs/cgroup/memory/a/memory.oom_control");
	/* Mounted with others, memory is not at /sys/fs/cgroup/memory. */
	assert_int_equal(path_of("3:cpu,memory:/a", 1), -1);
	/* Only the controller named memory. */
	assert_int_equal(path_of("5:memoryx:/a\n1:xmemory:/b\n", 1), -1);
	/* A path may hold ':' and "memory": only the controllers count. */
	assert_int_equal(path_of("4:memory:/web,memory,v2\n3:cpuset:/\n",
	    1), 0);
	assert_string_equal(out, "/sys/fs/cgroup/memory/web,memory,v2/"
	    "memory.oom_control");
	assert_int_equal(path_of("3:cpuset:/a:memory:b\n", 1), -1);
	assert_int_equal(path_of("4:memory:/x:y\n", 1), 0);
	assert_string_equal(out, "/sys/fs/cgroup/memory/x:y/memory.oom_control");
}

static void cgroup_v2(void **state)
{
	(void)state;
	assert_int_equal(path_of("0::/kubepods/pod1/c\n", 1), 0);
	assert_string_equal(out, "/sys/fs/cgroup/kubepods/pod1/c/"
	    "memory.events");
	assert_int_equal(path_of("0::/\n", 1), 0);
	assert_string_equal(out, "/sys/fs/cgroup//memory.events");
	assert_int_equal(path_of("1:name=systemd:/x\n0::/y\n", 0), 0);
	assert_string_equal(out, "/sys/fs/cgroup/memory.events");
}

static void no_memory_cgroup(void **state)
{
	(void)state;
	assert_int_equal(path_of("", 1), -1);
	assert_int_equal(path_of("garbage", 1), -1);
	assert_int_equal(path_of("0:", 1), -1);
	assert_int_equal(path_of("\n\n:\n", 1), -1);
	assert_int_equal(path_of("1:name=systemd:/\n", 1), -1);
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
		cmocka_unit_test(counts),
	};
	return cmocka_run_group_tests_name("oom", tests, NULL, NULL);
}
