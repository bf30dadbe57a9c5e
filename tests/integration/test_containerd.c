/* sexton under a real containerd (tests/containerd): a private daemon,
 * Debian's ctr and the runc v2 shim, which run a container from a rootfs
 * directory. ctr run has no ENTRYPOINT to keep: its command line is the
 * whole process, so every container runs /sbin/sexton -- COMMAND. Pins
 * that the command's exit code comes out of ctr run, that orphans are
 * reaped, that ctr task kill's TERM and HUP reach the command, and that
 * at the end the orphan left behind gets its grace. The same end under
 * tini-static and catatonit is measured and shown, not asserted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine.h"

#define CTR "tests/containerd/ctr.sh"
#define B "/.build/containerd"

/* The init of a container, and how it is named in its file system. */
struct init {
	const char *name;
	char *path;
};

static const struct init sexton = { "sexton", "/sbin/sexton" };
static const struct init tini = { "tini-static", "/sbin/tini-static" };
static const struct init catatonit = { "catatonit", "/sbin/catatonit" };

/* ctr run, attached to its container until the container ends; and the
 * ctr commands that act on it meanwhile. */
static struct run task, r;
/* The test's container, its cgroup, and the mount of its directory,
 * out_dir, at /out. */
static char id[48], cgroup[64], mount[320];
/* Where setup.sh put the rootfs, and what runc and ctr keep. */
static char rootfs[256], runc_root[256], fifos[256];

/* A ctr command's exit code, or -1 after timeout_ms; what it printed
 * on stdout is in r.outbuf. */
static int ctr(char *const args[], int timeout_ms)
{
	return run_prog(&r, CTR, args, timeout_ms);
}

/* Starts ctr run for the test's container, with init as its PID 1 and
 * cmd its command; what the container writes on stdout comes to
 * task.outbuf. */
static void start(const struct init *in, char *const cmd[])
{
	struct argv a = { .n = 0 };

	argv_add(&a, ARGV(CTR, "run", "--rm", "--rootfs", "--runc-root",
	    runc_root, "--fifo-dir", fifos, "--cgroup", cgroup, "--env",
	    "PATH=/bin:/sbin", "--mount", mount, rootfs, id, in->path,
	    "--"));
	argv_add(&a, cmd);
	assert_int_equal(run_start(&task, 0, a.v), 0);
}

/* The status that ctr run gave for a container under sexton, or -1 if
 * it did not end within timeout_ms. */
static int run_sexton(char *const cmd[], int timeout_ms)
{
	start(&sexton, cmd);
	return run_wait(&task, timeout_ms);
}

/* The STATUS column of ctr task ls for the test's container, or "". */
static const char *task_status(void)
{
	static char status[32];
	char *line;
	size_t n = strlen(id);

	status[0] = '\0';
	assert_int_equal(ctr(ARGV("task", "ls"), 20000), 0);
	for (line = r.outbuf; line != NULL; line = strchr(line, '\n')) {
		line += *line == '\n';
		/* TASK PID STATUS */
		if (strncmp(line, id, n) == 0 && line[n] == ' ' &&
		    sscanf(line + n, "%*d %31s", status) == 1)
			break;
	}
	return status;
}

/* A name no other run uses, and an empty /out. */
static int fresh(void **state)
{
	(void)state;
	if (fresh_container(id, sizeof id, "sexton-ctr", "containerd") < 0)
		return -1;
	snprintf(cgroup, sizeof cgroup, "/%s", id);
	snprintf(mount, sizeof mount,
	    "type=bind,src=%s,dst=/out,options=rbind:rw", out_dir);
	return 0;
}

/* Whatever a failed assertion left running goes: ctr, then the task
 * (with its shim) and the container. */
static int remove_container(void **state)
{
	char cmd[300];

	(void)state;
	run_kill(&task);
	run_kill(&r);
	snprintf(cmd, sizeof cmd, CTR " task delete -f %s >/dev/null 2>&1; "
	    CTR " container delete %s >/dev/null 2>&1", id, id);
	return system(cmd) == -1 ? -1 : 0;
}

static void pid_1_is_sexton(void **state)
{
	(void)state;
	/* PID 1's own binary: a script named sexton would pass for it in
	 * /proc/1/comm. */
	assert_int_equal(run_sexton(ARGV("/proc/1/exe", "--version"), 30000),
	    0);
	assert_memory_equal(task.outbuf, "sexton ", 7);
}

static void exit_codes_pass_through(void **state)
{
	(void)state;
	/* ctr run --rm has removed the container: the name is free. */
	assert_int_equal(run_sexton(ARGV("/probe", "exit", "3"), 30000), 3);
	/* SIGUSR1: a death no daemon, shim or runtime would cause. */
	assert_int_equal(run_sexton(ARGV("/probe", "kill", "10"), 30000),
	    128 + 10);
}

/* The probe leaves 50 orphans, half of which end within 300 ms, and
 * counts what is left of them in the container: nothing, once sexton
 * has reaped them. */
static void fifty_orphans_leave_no_zombie(void **state)
{
	(void)state;
	assert_int_equal(run_sexton(ARGV("/probe", "orphans", "50", "300"),
	    60000), 0);
	assert_string_equal(task.outbuf, "zombies=0 alive=0\n");
}

/* The container of tests/containerd/image/term.sh under in, stopped
 * with ctr task kill (TERM): the status ctr run gave (-1 if it did not
 * end), and the milliseconds from the kill to the end. */
static int term_at_the_end(const struct init *in, long long *ms)
{
	long long t0;
	int status;

	start(in, ARGV("/bin/sh", "/t/term.sh"));
	wait_stop_ready();
	t0 = now_ms();
	assert_int_equal(ctr(ARGV("task", "kill", id), 20000), 0);
	status = run_wait(&task, 30000);
	*ms = now_ms() - t0;
	print_message("%s: ctr task kill to the end: %lld ms, status %d; "
	    "the orphan got TERM: %s, wrote its marker: %s\n", in->name, *ms,
	    status, wait_file("orphan-term", 0) ? "yes" : "no",
	    strcmp(out_file("orphan"), "done\n") == 0 ? "yes" : "NO");
	return status;
}

/* ctr task kill sends TERM to PID 1. sexton forwards it, the command
 * exits 5, and the orphan it left, in a session of its own, gets
 * sexton's TERM and 300 ms to write its marker before sexton exits with
 * the command's status. Killed at once, it would never write it. */
static void task_kill_lets_the_orphan_finish(void **state)
{
	long long ms;

	(void)state;
	assert_int_equal(term_at_the_end(&sexton, &ms), 5);
	assert_string_equal(out_file("orphan"), "done\n");
	assert_in_range(ms, 300, 4999);
}

/* The same under a peer init, measured: whether the orphan finished is
 * shown, not asserted. The peer must have run, and ctr run ended. */
static void task_kill_under_a_peer(void **state)
{
	long long ms;

	assert_int_not_equal(term_at_the_end(*state, &ms), -1);
}

static void task_kill_hup_reaches_the_command(void **state)
{
	(void)state;
	start(&sexton, ARGV("/probe", "catch"));
	assert_true(run_expect(&task, "main ready\n", 20000));
	assert_int_equal(ctr(ARGV("task", "kill", "-s", "HUP", id), 20000), 0);
	/* probe catch says "main N" for each signal N it gets. */
	assert_true(run_expect(&task, "main 1\n", 10000));
	assert_string_equal(task_status(), "RUNNING");
	/* The probe catches TERM too: KILL ends it, and sexton with it. */
	assert_int_equal(ctr(ARGV("task", "kill", "-s", "KILL", id), 20000), 0);
	assert_int_equal(run_wait(&task, 30000), 128 + 9);
}

static int start_daemon(void **state)
{
	char cwd[128];

	(void)state;
	if (getcwd(cwd, sizeof cwd) == NULL)
		return -1;
	snprintf(rootfs, sizeof rootfs, "%s" B "/rootfs", cwd);
	snprintf(runc_root, sizeof runc_root, "%s" B "/runc", cwd);
	snprintf(fifos, sizeof fifos, "%s" B "/fifo", cwd);
	return system("tests/containerd/setup.sh") == 0 ? 0 : -1;
}

SCRIPT_FIXTURE(stop_daemon, "tests/containerd/stop.sh")

#define TEST(f) { #f, f, fresh, remove_container, NULL }
#define PEER(name, p) { "task_kill_under_a_peer (" name ", measured)", \
	task_kill_under_a_peer, fresh, remove_container, (void *)&(p) }

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(pid_1_is_sexton),
		TEST(exit_codes_pass_through),
		TEST(fifty_orphans_leave_no_zombie),
		TEST(task_kill_lets_the_orphan_finish),
		TEST(task_kill_hup_reaches_the_command),
		PEER("tini-static", tini),
		PEER("catatonit", catatonit),
	};
	return cmocka_run_group_tests_name("containerd", tests, start_daemon,
	    stop_daemon);
}
