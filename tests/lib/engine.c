/* What the tests of sexton under a container engine share: engine.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine.h"

#define NARGS ((int)(sizeof ((struct argv *)0)->v / sizeof(char *)))

void argv_add(struct argv *a, char *const list[])
{
	for (; *list != NULL; list++) {
		assert_true(a->n < NARGS - 1);
		a->v[a->n++] = *list;
	}
	a->v[a->n] = NULL;
}

int run_argv(struct run *r, char *const argv[], int timeout_ms)
{
	assert_int_equal(run_start(r, 0, argv), 0);
	return run_wait(r, timeout_ms);
}

int run_prog(struct run *r, const char *prog, char *const args[],
    int timeout_ms)
{
	struct argv a = { .n = 0 };

	argv_add(&a, ARGV((char *)prog));
	argv_add(&a, args);
	return run_argv(r, a.v, timeout_ms);
}

char out_dir[256];

int fresh_container(char *name, size_t size, const char *prefix,
    const char *engine)
{
	static int n;
	char cwd[128];

	if (getcwd(cwd, sizeof cwd) == NULL)
		return -1;
	snprintf(name, size, "%s-%d-%d", prefix, (int)getpid(), ++n);
	snprintf(out_dir, sizeof out_dir, "%s/.build/%s/out/%s", cwd, engine,
	    name);
	return mkdir(out_dir, 0755) == 0 ? 0 : -1;
}

static void out_path(char *path, size_t size, const char *file)
{
	snprintf(path, size, "%s/%s", out_dir, file);
}

int wait_file(const char *file, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	char path[300];
	struct stat st;

	out_path(path, sizeof path, file);
	while (stat(path, &st) < 0) {
		if (now_ms() >= end)
			return 0;
		poll_step();
	}
	return 1;
}

const char *out_file(const char *file)
{
	static char got[256];
	char path[300];
	size_t n = 0;
	FILE *f;

	out_path(path, sizeof path, file);
	f = fopen(path, "r");
	if (f != NULL) {
		n = fread(got, 1, sizeof got - 1, f);
		fclose(f);
	}
	got[n] = '\0';
	return got;
}

void wait_stop_ready(void)
{
	assert_true(wait_file("ready", 20000));
	assert_true(wait_file("orphan-ready", 20000));
}

void assert_halt_finished(void)
{
	assert_string_equal(out_file("term"), "TERM\n");
	assert_string_equal(out_file("orphan"), "done\n");
}

void print_peer_stop(const char *who, int code, long long ms)
{
	print_message("%s exit %d after %lld ms; TERM trap %s; orphan's "
	    "marker %s\n", who, code, ms,
	    *out_file("term") != '\0' ? "ran" : "did not run",
	    *out_file("orphan") != '\0' ? "written" : "not written");
}
