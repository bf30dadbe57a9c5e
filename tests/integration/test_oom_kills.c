/* OOM kills, named: a real OOM kill in a memory cgroup of 48 MiB (v1
 * or v2, whichever the machine has), of an orphan and of the command,
 * gets a line that says so, the report counts it, and the termination
 * log (--termination-log, or Kubernetes' /dev/termination-log where it
 * exists) names the command. Also when the memory line of
 * /proc/self/cgroup comes after 4 KiB of text; and a cut one names
 * nothing. A KILL by hand is not an OOM kill. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

static char cg[512];		/* the test's memory cgroup */
static char counter[600];	/* its count of OOM kills */

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		fail_msg("cannot write '%s' to %s", text, path);
}

/* A memory cgroup of 48 MiB with no swap, under v1's memory controller
 * or v2's, whichever this machine has: a machine with neither fails. */
static void make_memcg(void)
{
	char self[1024], *p;

	if (access("/sys/fs/cgroup/memory/memory.oom_control", F_OK) == 0) {
		slurp("/proc/self/cgroup", self, sizeof self);
		p = strstr(self, "memory:");
		assert_non_null(p);
		p += strlen("memory:");
		p[strcspn(p, "\n")] = '\0';
		snprintf(cg, sizeof cg, "/sys/fs/cgroup/memory%s/sexton-%d", p,
		    (int)getpid());
		assert_int_equal(mkdir(cg, 0755), 0);
		snprintf(counter, sizeof counter, "%s/memory.limit_in_bytes", cg);
		put(counter, "48M");
		snprintf(counter, sizeof counter, "%s/memory.oom_control", cg);
		return;
	}
	slurp("/sys/fs/cgroup/cgroup.controllers", self, sizeof self);
	if (strstr(self, "memory") == NULL)
		fail_msg("no memory cgroup controller, v1 or v2");
	put("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
	snprintf(cg, sizeof cg, "/sys/fs/cgroup/sexton-%d", (int)getpid());
	assert_int_equal(mkdir(cg, 0755), 0);
	snprintf(counter, sizeof counter, "%s/memory.max", cg);
	put(counter, "48M");
	snprintf(counter, sizeof counter, "%s/memory.swap.max", cg);
	put(counter, "0");
	snprintf(counter, sizeof counter, "%s/memory.events", cg);
}

static void remove_memcg(void)
{
	long long end = now_ms() + 5000;

	while (rmdir(cg) != 0 && now_ms() < end)
		poll_step();
}

/* sh -c SCRIPT, with the shell put into the test's cgroup first. */
static void start_in_memcg(int flags, const char *script)
{
	char cmd[24000];

	snprintf(cmd, sizeof cmd, "echo $$ > %s/cgroup.procs && %s", cg,
	    script);
	assert_int_equal(run_start(&r, flags, ARGV("/bin/sh", "-c", cmd)), 0);
}

static void oom_kills_are_named(void **state)
{
	char script[2048], buf[512];

	(void)state;
	make_memcg();
	unlink(".build/oom-report");
	unlink(".build/oom-termlog");
	/* An orphan is OOM-killed first; once the cgroup counts it, the
	 * command itself takes all the memory. */
	snprintf(script, sizeof script, "exec %s -w -v "
	    "--report=.build/oom-report --termination-log=.build/oom-termlog "
	    "-- sh -c '(%s hog &); until grep -q \"^oom_kill 1\" %s; do "
	    "sleep 0.05; done; exec %s hog'", SEXTON, PROBE, counter, PROBE);
	start_in_memcg(0, script);
	assert_int_equal(run_wait(&r, 60000), 137);
	remove_memcg();
	assert_non_null(strstr(r.errbuf, "(probe): killed by signal 9 (out of "
	    "memory), cpu "));
	/* The command is named as it was given. */
	assert_non_null(strstr(r.errbuf, "]: sh (pid "));
	assert_non_null(strstr(r.errbuf, ") was killed by the kernel's OOM "
	    "killer\n"));
	assert_non_null(strstr(slurp(".build/oom-report", buf, sizeof buf),
	    "status=137 exit=137 "));
	assert_non_null(strstr(buf, " oom=1 orphans=1 "));
	slurp(".build/oom-termlog", buf, sizeof buf);
	assert_int_equal(strncmp(buf, "sh (pid ", 8), 0);
	assert_non_null(strstr(buf, ") was killed by the kernel's OOM "
	    "killer\n"));
}

/* Kubernetes' file, where it exists: /dev/termination-log. */
static void oom_goes_to_the_termination_log(void **state)
{
	char script[2048];

	(void)state;
	make_memcg();
	snprintf(script, sizeof script, "mount -t tmpfs none /dev && "
	    ": > /dev/termination-log && %s -- %s hog; echo rc=$?; "
	    "cat /dev/termination-log", SEXTON, PROBE);
	start_in_memcg(RUN_NS, script);
	assert_int_equal(run_wait(&r, 60000), 0);
	remove_memcg();
	assert_non_null(strstr(r.outbuf, "rc=137\n"));
	assert_non_null(strstr(r.outbuf, PROBE " (pid "));
	assert_non_null(strstr(r.outbuf, ") was killed by the kernel's OOM "
	    "killer\n"));
}

/* Nests directories of 200 bytes under path until it is at least len
 * bytes long, and returns how many it made. */
static int deepen(char *path, size_t size, size_t len)
{
	int made = 0;

	while (strlen(path) < len && strlen(path) + 202 < size) {
		size_t n = strlen(path);

		path[n] = '/';
		memset(path + n + 1, 'd', 200);
		path[n + 201] = '\0';
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
		made++;
	}
	return made;
}

static void undeepen(char *path, int made)
{
	long long end = now_ms() + 5000;

	for (; made > 0; made--) {
		while (rmdir(path) != 0 && now_ms() < end)
			poll_step();
		*strrchr(path, '/') = '\0';
	}
}

/* The memory line may come after 4 KiB of /proc/self/cgroup: on cgroup
 * v1 every hierarchy has its line, and a long path in pids' and blkio's
 * (which come first here) pushes memory's past byte 4096. On v2, where
 * the one line can hold no more than a path, the path is 3,900 bytes.
 * The OOM kill is named either way. */
static void oom_named_after_long_cgroup_text(void **state)
{
	static char pids[8192], blkio[8192];
	char script[20000], self[1024], *p;
	int v1 = access("/sys/fs/cgroup/pids/cgroup.procs", F_OK) == 0, np = 0,
	    nb = 0;

	(void)state;
	make_memcg();
	if (v1) {
		slurp("/proc/self/cgroup", self, sizeof self);
		p = strstr(self, ":pids:") + 6;
		p[strcspn(p, "\n")] = '\0';
		snprintf(pids, sizeof pids, "/sys/fs/cgroup/pids%s", p);
		np = deepen(pids, sizeof pids, 3000);
		slurp("/proc/self/cgroup", self, sizeof self);
		p = strstr(self, ":blkio:") + 7;
		p[strcspn(p, "\n")] = '\0';
		snprintf(blkio, sizeof blkio, "/sys/fs/cgroup/blkio%s", p);
		nb = deepen(blkio, sizeof blkio, 1500);
		snprintf(script, sizeof script, "echo $$ > %s/cgroup.procs && "
		    "echo $$ > %s/cgroup.procs && ", pids, blkio);
	} else {
		snprintf(pids, sizeof pids, "%s", cg);
		np = deepen(pids, sizeof pids, 3900);
		snprintf(script, sizeof script, "echo $$ > %s/cgroup.procs && ",
		    pids);
	}
	snprintf(script + strlen(script), sizeof script - strlen(script),
	    "echo cgtext=$(wc -c < /proc/self/cgroup) && exec %s -v -- %s hog",
	    SEXTON, PROBE);
	start_in_memcg(0, script);
	assert_int_equal(run_wait(&r, 60000), 137);
	if (v1) {
		undeepen(pids, np);
		undeepen(blkio, nb);
	} else {
		undeepen(pids, np);
	}
	remove_memcg();
	p = strstr(r.outbuf, "cgtext=");
	assert_non_null(p);
	assert_true(atol(p + 7) > (v1 ? 4096 : 3900));
	assert_non_null(strstr(r.errbuf, ") was killed by the kernel's OOM "
	    "killer\n"));
}

/* A /proc/self/cgroup whose text stops in the middle of the memory
 * line (a fake /proc, or a FIFO's writer that stopped): cut after
 * ".../sexton-N", the line would name the sibling of the command's own
 * ".../sexton-NB". The sibling is OOM-killed, then the command is
 * killed by hand: no OOM kill may be named. */
static void cut_cgroup_text_names_nothing(void **state)
{
	char self[1024], fake[1200], script[8192], mine[600], *p;
	int v1;

	(void)state;
	make_memcg();
	v1 = strstr(counter, "oom_control") != NULL;
	slurp("/proc/self/cgroup", self, sizeof self);
	p = strstr(self, v1 ? ":memory:" : "0::") + (v1 ? 8 : 3);
	p[strcspn(p, "\n")] = '\0';
	snprintf(fake, sizeof fake, v1 ? "9:name=systemd:/\n4:memory:%s/"
	    "sexton-%d" : "0::%s/sexton-%d", p, (int)getpid());
	put(".build/cut-cgroup", fake);
	snprintf(mine, sizeof mine, "%sB", cg);
	assert_int_equal(mkdir(mine, 0755), 0);
	snprintf(script, sizeof script, "echo $$ > %s/cgroup.procs && "
	    "mount --bind .build/cut-cgroup /proc/$$/cgroup && exec %s -v -- "
	    "sh -c 'echo ready; until grep -q \"^oom_kill 1\" %s; do "
	    "sleep 0.05; done; kill -9 $$'", mine, SEXTON, counter);
	assert_int_equal(run_start(&r, 0, ARGV("/usr/bin/unshare", "-m",
	    "--propagation", "private", "/bin/sh", "-c", script)), 0);
	assert_true(run_expect(&r, "ready", 10000));
	snprintf(script, sizeof script, "echo $$ > %s/cgroup.procs && exec %s "
	    "hog >/dev/null", cg, PROBE);
	assert_int_equal(system(script) != 0, 1);
	assert_int_equal(run_wait(&r, 30000), 137);
	rmdir(mine);
	remove_memcg();
	assert_null(strstr(r.errbuf, "OOM killer"));
	assert_non_null(strstr(r.errbuf, " oom=0 "));
}

/* A KILL from a user is not an OOM kill, and the file stays empty. */
static void kill_by_hand_is_not_oom(void **state)
{
	char buf[512];

	(void)state;
	unlink(".build/kill-termlog");
	assert_int_equal(run_start(&r, 0, ARGV(SEXTON, "-w", "-v",
	    "--termination-log=.build/kill-termlog", "--", "/bin/sh", "-c",
	    "(sleep 0.1; kill -9 $$) & sleep 60")), 0);
	assert_int_equal(run_wait(&r, 10000), 137);
	assert_null(strstr(r.errbuf, "OOM"));
	assert_null(strstr(r.errbuf, "out of memory"));
	assert_non_null(strstr(r.errbuf, " oom=0 "));
	assert_string_equal(slurp(".build/kill-termlog", buf, sizeof buf), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(oom_kills_are_named, &r),
		RUN_TEST(oom_goes_to_the_termination_log, &r),
		RUN_TEST(oom_named_after_long_cgroup_text, &r),
		RUN_TEST(cut_cgroup_text_names_nothing, &r),
		RUN_TEST(kill_by_hand_is_not_oom, &r),
	};

	return cmocka_run_group_tests_name("OOM kills", tests, NULL, NULL);
}
