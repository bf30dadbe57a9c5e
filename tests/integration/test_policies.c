/* What no peer does: OOM kills named, the first TERM held, a policy
 * for adopted orphans, and the account written to a file. Each is seen
 * from outside, on a real memory cgroup and a real PID namespace. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* The file holds one line, which starts with want. */
static void expect_one_line(const char *path, const char *want)
{
	char buf[1024];
	const char *nl;

	slurp(path, buf, sizeof buf);
	if (strncmp(buf, want, strlen(want)) != 0)
		fail_msg("%s: '%s' does not start with '%s'", path, buf, want);
	nl = strchr(buf, '\n');
	assert_non_null(nl);
	assert_int_equal(nl[1], '\0');
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

/* The TERM that docker stop or the kubelet sends. */
static long long term_to_arrival(const char *delay, int sig)
{
	char flag[64];
	long long t0;

	snprintf(flag, sizeof flag, "--stop-delay=%s", delay);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-v", flag, "--",
	    PROBE, "catch")), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(run_expect(&r, "peer ready", 5000));
	assert_true(wait_caught(r.pid1, sig, 5000));
	t0 = now_ms();
	assert_int_equal(kill(r.pid1, sig), 0);
	assert_true(run_expect(&r, sig == SIGTERM ? "main 15\n" :
	    "main 2\n", 10000));
	return now_ms() - t0;
}

static void first_term_is_held(void **state)
{
	long long took;

	(void)state;
	took = term_to_arrival("700ms", SIGTERM);
	if (took < 700)
		fail_msg("TERM arrived after %lld ms, not 700", took);
	assert_non_null(strstr(r.errbuf, "holding TERM for 700ms"));
	/* Only the first: the next is forwarded at once. */
	assert_int_equal(kill(r.pid1, SIGHUP), 0);
	assert_true(run_expect(&r, "main 1\n", 5000));
	run_kill(&r);
	took = term_to_arrival("400ms", SIGINT);
	if (took < 400)
		fail_msg("INT arrived after %lld ms, not 400", took);
	run_kill(&r);
}

static void second_term_ends_the_hold(void **state)
{
	long long t0;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-v",
	    "--stop-delay=1m", "--", PROBE, "catch")), 0);
	assert_true(run_expect(&r, "peer ready", 5000));
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	assert_true(run_expect_err(&r, "holding TERM for 60000ms", 5000));
	assert_null(strstr(r.outbuf, " 15\n"));
	t0 = now_ms();
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	assert_true(run_expect(&r, "main 15\n", 5000));
	assert_true(now_ms() - t0 < 5000);
	run_kill(&r);
}

/* The command may end during the hold: the end begins then. */
static void command_exit_ends_the_hold(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON,
	    "--stop-delay=1m", "--", "/bin/sh", "-c",
	    "echo up; sleep 1; exit 4")), 0);
	assert_true(run_expect(&r, "up", 5000));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	/* Well before the minute the hold would last. */
	assert_int_equal(run_wait(&r, 20000), 4);
}

/* A daemon that double-forks is handed to sexton alive, with no
 * signal to say so: a look at sexton's children finds it. */
static void orphans_get_term(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-w",
	    "--orphans=term", "--", "/bin/sh", "-c", "(" PROBE " sleep &); "
	    "sleep 3; echo command-done")), 0);
	assert_true(run_expect_err(&r, "(probe) seen for ", 10000));
	assert_true(run_expect_err(&r, "ms: sent TERM\n", 5000));
	assert_true(run_expect_err(&r, "(probe): killed by signal 15", 5000));
	/* The command goes on, untouched. */
	assert_int_equal(run_wait(&r, 10000), 0);
	assert_non_null(strstr(r.outbuf, "command-done"));
	assert_null(strstr(r.errbuf, "(sh) seen"));
	assert_null(strstr(r.errbuf, "(sleep) seen"));
}

/* With AGE, the orphan is first seen, then left alone that long; a
 * process outside the subtree is never touched. */
static void orphans_get_kill_after_age(void **state)
{
	const char *p;
	pid_t outsider = fork();

	(void)state;
	if (outsider == 0) {
		execl("/bin/sleep", "sleep", "30", (char *)NULL);
		_exit(127);
	}
	assert_int_equal(run_start(&r, 0, ARGV(SEXTON, "-w",
	    "--orphans=kill,600ms", "--", "/bin/sh", "-c", "(" PROBE
	    " sleep &); sleep 4; echo command-done")), 0);
	assert_true(run_expect_err(&r, "ms: sent KILL\n", 10000));
	p = strstr(r.errbuf, "(probe) seen for ");
	assert_non_null(p);
	if (atoi(p + strlen("(probe) seen for ")) < 600)
		fail_msg("killed too soon: %s", p);
	assert_true(run_expect_err(&r, "(probe): killed by signal 9", 5000));
	assert_int_equal(run_wait(&r, 10000), 0);
	assert_non_null(strstr(r.outbuf, "command-done"));
	assert_int_equal(proc_state(outsider) != 0, 1);
	assert_int_equal(proc_state(outsider) != 'Z', 1);
	kill(outsider, SIGKILL);
	waitpid(outsider, NULL, 0);
}

/* A stopped orphan gets CONT after its TERM, or it would stay. */
static void stopped_orphan_sees_its_term(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-w",
	    "--orphans=term", "--", "/bin/sh", "-c", "(exec /bin/sh -c "
	    "'kill -STOP $$; sleep 60' &); sleep 60")), 0);
	/* While the command runs, not at the end. */
	assert_true(run_expect_err(&r, "(sh): killed by signal 15", 10000));
	run_kill(&r);
}

/* A child sexton had before it started the command was not adopted. */
static void inherited_child_is_spared(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, 0, ARGV("/bin/sh", "-c",
	    "sleep 60 & exec " SEXTON " -w --orphans=kill -- sh -c "
	    "'(" PROBE " sleep &); sleep 3'")), 0);
	assert_true(run_expect_err(&r, "(probe) seen for ", 10000));
	assert_int_equal(run_wait(&r, 15000), 0);
	assert_null(strstr(r.errbuf, "(sleep) seen"));
	/* At the end it is in sexton's subtree, like any other. */
	assert_non_null(strstr(r.errbuf, "(sleep): killed by signal 15"));
}

/* A signal that -r drops is neither held nor ends a hold. */
static void dropped_signal_leaves_the_hold(void **state)
{
	long long t0;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-v", "-r",
	    "INT:none", "--stop-delay=800ms", "--", PROBE, "catch")), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(run_expect(&r, "peer ready", 5000));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	t0 = now_ms();
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	assert_true(run_expect_err(&r, "holding TERM", 5000));
	assert_int_equal(kill(r.pid1, SIGINT), 0);
	assert_true(run_expect(&r, "main 15\n", 10000));
	if (now_ms() - t0 < 800)
		fail_msg("TERM after %lld ms: the dropped INT ended the hold",
		    now_ms() - t0);
	assert_null(strstr(r.outbuf, " 2\n"));
	run_kill(&r);
}

/* With stderr closed, the files get no log line. */
static void files_stay_clean_with_stderr_closed(void **state)
{
	char buf[64];

	(void)state;
	unlink(".build/closed-report");
	unlink(".build/closed-termlog");
	assert_int_equal(run_start(&r, 0, ARGV("/bin/sh", "-c", "exec " SEXTON
	    " -v -w --report=.build/closed-report "
	    "--termination-log=.build/closed-termlog -- sh -c "
	    "'(sh -c \"exit 4\" &); sleep 0.3; exit 3' 2>&-")), 0);
	assert_int_equal(run_wait(&r, 10000), 3);
	expect_one_line(".build/closed-report", "status=3 exit=3 ");
	assert_string_equal(slurp(".build/closed-termlog", buf, sizeof buf), "");
}

/* A sexton run by a sexton reads the same SEXTON_REPORT: the file ends
 * as one whole line, the outer one's. */
static void nested_sextons_share_a_report(void **state)
{
	(void)state;
	unlink(".build/nested-report");
	setenv("SEXTON_REPORT", ".build/nested-report", 1);
	assert_int_equal(run_start(&r, 0, ARGV(SEXTON, "--", SEXTON, "--",
	    "/bin/sh", "-c", "(sleep 0.1 &); (sleep 0.1 &); exit 3")), 0);
	unsetenv("SEXTON_REPORT");
	assert_int_equal(run_wait(&r, 30000), 3);
	expect_one_line(".build/nested-report", "status=3 exit=3 ");
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

/* The account, one line of key=value pairs, where the caller said: a
 * relative path is the caller's, though sexton moves to "/". */
static void report_is_written(void **state)
{
	char buf[512];
	const char *nl;

	(void)state;
	unlink(".build/report.txt");
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON,
	    "--report=.build/report.txt", "--", "/bin/sh", "-c",
	    "(sleep 0.1 &); (sleep 0.1 &); sleep 0.5; exit 3")), 0);
	assert_int_equal(run_wait(&r, 10000), 3);
	slurp(".build/report.txt", buf, sizeof buf);
	assert_non_null(strstr(buf, "status=3 exit=3 user_ms="));
	assert_non_null(strstr(buf, " sys_ms="));
	assert_non_null(strstr(buf, " maxrss_kb="));
	assert_non_null(strstr(buf, " oom=0 orphans=2 at_once="));
	assert_non_null(strstr(buf, " zombies=0 forwarded=0\n"));
	nl = strchr(buf, '\n');
	assert_non_null(nl);
	assert_int_equal(nl[1], '\0');
	/* Forwarded signals are counted; -e changes the exit, not the
	 * status. */
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-e", "143",
	    "--report=.build/report.txt", "--", PROBE, "sleep")), 0);
	assert_true(run_expect(&r, "ready", 5000));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	assert_int_equal(kill(r.pid1, SIGTERM), 0);
	assert_int_equal(run_wait(&r, 10000), 0);
	slurp(".build/report.txt", buf, sizeof buf);
	assert_non_null(strstr(buf, "status=143 exit=0 "));
	assert_non_null(strstr(buf, " forwarded=1\n"));
}

/* A pipe or a terminal takes the line as it is. */
static void report_to_a_pipe(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, 0, ARGV(SEXTON, "--report=/dev/stdout",
	    "--", "/bin/sh", "-c", "exit 7")), 0);
	assert_int_equal(run_wait(&r, 10000), 7);
	assert_int_equal(strncmp(r.outbuf, "status=7 exit=7 ", 16), 0);
	assert_null(strstr(r.errbuf, "cannot write"));
}

/* A file that cannot be written is bad usage: nothing is started. A
 * FIFO with no reader would block the open for ever. */
static void unwritable_files_exit_125(void **state)
{
	static char *const flags[] = {
		"--report=/nonexistent/dir/r", "--termination-log=/nonexistent/t",
		"--report=.build/fifo", "--termination-log=.build/fifo",
	};

	(void)state;
	unlink(".build/fifo");
	assert_int_equal(mkfifo(".build/fifo", 0600), 0);
	for (size_t i = 0; i < 4; i++) {
		unlink(".build/started");
		assert_int_equal(run_start(&r, 0, ARGV(SEXTON, flags[i], "--",
		    "touch", ".build/started")), 0);
		assert_int_equal(run_wait(&r, 10000), 125);
		assert_non_null(strstr(r.errbuf, "sexton: cannot open '"));
		assert_int_equal(access(".build/started", F_OK), -1);
	}
	assert_non_null(strstr(r.errbuf, "'.build/fifo': error 6\n"));
	unlink(".build/fifo");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(oom_kills_are_named, &r),
		RUN_TEST(oom_goes_to_the_termination_log, &r),
		RUN_TEST(oom_named_after_long_cgroup_text, &r),
		RUN_TEST(cut_cgroup_text_names_nothing, &r),
		RUN_TEST(kill_by_hand_is_not_oom, &r),
		RUN_TEST(first_term_is_held, &r),
		RUN_TEST(second_term_ends_the_hold, &r),
		RUN_TEST(command_exit_ends_the_hold, &r),
		RUN_TEST(orphans_get_term, &r),
		RUN_TEST(orphans_get_kill_after_age, &r),
		RUN_TEST(stopped_orphan_sees_its_term, &r),
		RUN_TEST(inherited_child_is_spared, &r),
		RUN_TEST(dropped_signal_leaves_the_hold, &r),
		RUN_TEST(files_stay_clean_with_stderr_closed, &r),
		RUN_TEST(nested_sextons_share_a_report, &r),
		RUN_TEST(idle_wakeups_follow_the_options, &r),
		RUN_TEST(report_is_written, &r),
		RUN_TEST(report_to_a_pipe, &r),
		RUN_TEST(unwritable_files_exit_125, &r),
	};
	return cmocka_run_group_tests_name("policies", tests, NULL, NULL);
}
