/* sexton where /proc's text is longer than a buffer sexton chose, in
 * the fields a user controls or that vary: process names of the
 * greatest length and with escapes; /proc/self/status made long by a
 * thousand supplementary groups (its Groups: line comes before NSpid:);
 * a children file of several KiB; a memory cgroup path near PATH_MAX.
 * What reads /proc must still work: the end as a subreaper, which
 * signals its descendants; -w's names; --orphans; the zombie watch;
 * naming an OOM kill.
 *
 * The roles and their checks are the sweeps' (tests/lib/runner.h), and
 * here every optional feature must do its job: nothing taken away
 * excuses it. Run only against the plain build, as test_refusals. */
#include <errno.h>
#include <fcntl.h>
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
#include "runner.h"

#define WORKERS 5
#define MANY 1500		/* children: a children file of 7 KiB */

static const char *const builds[] = { SEXTON, SEXTON_STATIC };
static struct run r;

/* The name as sexton's log shows it: control characters as '?'. */
static void escaped(const char *name, char *out, size_t len)
{
	size_t i;

	for (i = 0; name[i] != '\0' && i < len - 1; i++)
		out[i] = (unsigned char)name[i] < ' ' || name[i] == 0x7f ? '?' :
		    name[i];
	out[i] = '\0';
}

/* judge(), and every feature did its job. */
static void judge_all_work(const struct spec *sp, const struct result *rr,
    struct verdict *v)
{
	const struct role *ro = &roles[sp->role];
	char want[64], name[32];

	judge(sp, rr, v);
	if (ro->pause || marker_code(rr) < 0 || rr->hung)
		return;
	if (!ro->ns && strstr(rr->err, "cannot walk the descendants") != NULL)
		failf(v, "the end could not walk sexton's descendants");
	if (!ro->opts)
		return;
	if (strstr(rr->err, "holds 1 zombies") == NULL)
		failf(v, "the zombie watch did not report the command, which "
		    "held a zombie for 300 ms");
	if (strstr(rr->err, ": sent TERM") == NULL)
		failf(v, "--orphans did not act on the orphan");
	if (count(rr->err, "reaped pid ") < 2)
		failf(v, "-w did not log the two orphans reaped");
	/* Unnamed, it is the static probe's own: "probe-static". */
	escaped(sp->name != NULL ? sp->name : "probe-static", name,
	    sizeof name);
	snprintf(want, sizeof want, "(%s)", name);
	if (count(rr->err, want) < 3)
		failf(v, "want the name '%s' in -w's, the watch's and "
		    "--orphans' lines", want);
}

/* ctx: what the sweep is. */
static void label(const struct job *jb, int i, const void *ctx, char *buf,
    size_t size)
{
	(void)i;
	snprintf(buf, size, "%s, name '%s', %s, %s", (const char *)ctx,
	    jb->sp.name != NULL ? jb->sp.name : "probe-static",
	    roles[jb->sp.role].name, jb->sp.bin);
}

static void sweep(const struct limits *lim, const char *const *names,
    int nnames, const char *what)
{
	static struct job jobs[2 * NROLES * 8];
	int n = 0, failed;

	for (int k = 0; k < nnames; k++)
		for (int b = 0; b < 2; b++)
			for (int role = 0; role < NROLES; role++) {
				memset(&jobs[n], 0, sizeof jobs[n]);
				jobs[n].sp = (struct spec){ .role = role,
				    .bin = builds[b], .cmd = PROBE_STATIC,
				    .nr = -1, .lim = *lim, .name = names[k],
				    .id = n };
				n++;
			}
	run_jobs(jobs, n, WORKERS, judge_all_work);
	failed = report_jobs(jobs, n, label, what, NULL);
	if (failed > 0)
		fail_msg("%s: %d of %d runs broke an invariant (above)", what,
		    failed, n);
}

/* /proc/self/status holds a Groups: line of 8 KiB before NSpid:, which
 * tells sexton whether this /proc is its own namespace's. */
static void features_work_with_a_thousand_groups(void **state)
{
	static const struct limits groups = { .groups = 1000 };
	static const char *const none[] = { NULL };

	(void)state;
	sweep(&groups, none, 1, "1000 supplementary groups");
}

/* 15 bytes, the most a name holds: one that ends like a stat line's
 * field 2 and starts its next fields, one that starts a line of its own
 * and clears a terminal, one of parentheses, one plain. */
static void features_work_with_long_and_escaped_names(void **state)
{
	static const struct limits none = { 0 };
	static const char *const names[] = {
		"p) Z 1 1 1 1 1 ", "\nFORGED\x1b[2J\x7f",
		"((( ) ) ( ))) (", "nnnnnnnnnnnnnnn",
	};

	(void)state;
	sweep(&none, names, 4, "names");
}

/* MANY orphans, each in a session of its own, so that only the walk
 * down sexton's descendants finds them: its children file is 7 KiB,
 * read 4 KiB at a time. Each one traps TERM and says so. */
static void subreaper_end_reaches_1500_children(void **state)
{
	char n[16];
	int rc;

	(void)state;
	snprintf(n, sizeof n, "%d", MANY);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "-t", "10s", "--", PROBE_STATIC, "leave", "trap", n, "0")), 0);
	rc = run_wait(&r, 120000);
	if (rc != 0 || count(r.outbuf, "orphan got TERM") != MANY)
		fail_msg("exit %d; %d of %d orphans got TERM\n%s", rc,
		    count(r.outbuf, "orphan got TERM"), MANY, r.errbuf);
}

/* --orphans reads the same file: as PID 1, /proc/1/task/1/children. */
static void orphans_policy_reaches_1500_children(void **state)
{
	char n[16];
	long long end;

	(void)state;
	snprintf(n, sizeof n, "%d", MANY);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-t", "10s",
	    "--orphans=term,100ms", "--", PROBE_STATIC, "leave", "trap", n,
	    "wait")), 0);
	assert_true(run_expect(&r, "ready\n", 120000));
	/* Reads on until all have said so, or the deadline. */
	end = now_ms() + 30000;
	while (count(r.outbuf, "orphan got TERM") < MANY && now_ms() < end)
		run_expect(&r, "no such line", 50);
	if (count(r.outbuf, "orphan got TERM") != MANY)
		fail_msg("%d of %d orphans got TERM from --orphans\n%s",
		    count(r.outbuf, "orphan got TERM"), MANY, r.errbuf);
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 20000), 128 + SIGTERM);
}

/* The zombie watch, not PID 1, walks down to a holder of MANY zombies:
 * the holder's children file is 7 KiB. */
static void watch_counts_1500_zombies_of_one_holder(void **state)
{
	char n[16], want[64];

	(void)state;
	snprintf(n, sizeof n, "%d", MANY);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "--watch-zombies=1,100ms", "--", PROBE_STATIC, "zombies", n,
	    "120000")), 0);
	assert_true(run_expect(&r, "holder ", 10000));
	snprintf(want, sizeof want, "(probe-static) holds %d zombies", MANY);
	if (!run_expect_err(&r, want, 60000))
		fail_msg("want '%s':\n%s", want, r.errbuf);
	run_kill(&r);
}

/* A memory cgroup whose path is 4,080 bytes: /proc/self/cgroup shows
 * it (the kernel's limit is PATH_MAX), but with the mount before it and
 * the counter's name after it, the counter's path is longer than
 * PATH_MAX. The OOM kill of the command is named all the same. */
static char memcg[8192];	/* its path, for the message */
static int memcg_fd[64] = { -1 };	/* each level's, top first */
static char memcg_name[64][256];
static int memcg_levels;

static int put_at(int dir, const char *file, const char *text)
{
	int fd = openat(dir, file, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Levels of 200 bytes until the path after the mount is len bytes,
 * each made from the one above: the whole path is too long for one
 * call. Returns the deepest level's fd, or -1. */
static int make_deep_memcg(size_t len)
{
	char self[4096], *p;
	const char *mount;
	int v1 = access("/sys/fs/cgroup/memory/memory.oom_control",
	    F_OK) == 0;
	FILE *f = fopen("/proc/self/cgroup", "r");
	size_t n, at;

	memcg_fd[0] = -1;
	memcg_levels = 0;
	if (f == NULL)
		return -1;
	n = fread(self, 1, sizeof self - 1, f);
	fclose(f);
	self[n] = '\0';
	mount = v1 ? "/sys/fs/cgroup/memory" : "/sys/fs/cgroup";
	p = v1 ? strstr(self, ":memory:") : NULL;
	if (v1 && p == NULL)
		return -1;
	if (v1) {
		p += 8;
		p[strcspn(p, "\n")] = '\0';
		snprintf(memcg, sizeof memcg, "%s%s", mount, strcmp(p, "/") ?
		    p : "");
	} else {
		snprintf(memcg, sizeof memcg, "%s", mount);
	}
	if ((memcg_fd[0] = open(memcg, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0)
		return -1;
	at = strlen(memcg) - strlen(mount);
	for (memcg_levels = 0; at < len && memcg_levels < 63;) {
		size_t room = len - at - 1;
		char *name = memcg_name[memcg_levels + 1];
		int dir = memcg_fd[memcg_levels];

		if (memcg_levels == 0)
			snprintf(name, 256, "sexton-deep-%d", (int)getpid());
		else {
			memset(name, 'd', 200);
			name[room < 200 ? room : 200] = '\0';
		}
		if (mkdirat(dir, name, 0755) < 0)
			return -1;
		memcg_levels++;
		if ((memcg_fd[memcg_levels] = openat(dir, name, O_RDONLY |
		    O_DIRECTORY | O_CLOEXEC)) < 0)
			return -1;
		at += 1 + strlen(name);
		if (strlen(memcg) + strlen(name) + 2 < sizeof memcg) {
			strcat(memcg, "/");
			strcat(memcg, name);
		}
	}
	if (put_at(memcg_fd[memcg_levels], v1 ? "memory.limit_in_bytes" :
	    "memory.max", "48M") < 0)
		return -1;
	if (!v1)
		(void)put_at(memcg_fd[memcg_levels], "memory.swap.max", "0");
	return memcg_fd[memcg_levels];
}

/* From the leaf up, each from the level above. */
static void remove_deep_memcg(void)
{
	long long end = now_ms() + 5000;

	for (; memcg_levels > 0; memcg_levels--) {
		close(memcg_fd[memcg_levels]);
		while (unlinkat(memcg_fd[memcg_levels - 1],
		    memcg_name[memcg_levels], AT_REMOVEDIR) < 0 &&
		    errno == EBUSY && now_ms() < end)
			poll_step();
	}
	if (memcg_fd[0] >= 0)
		close(memcg_fd[0]);
	memcg_fd[0] = -1;
}

static void oom_named_in_a_memory_cgroup_path_of_4080_bytes(void **state)
{
	char pid[16];
	int dir, st;

	(void)state;
	dir = make_deep_memcg(4080);
	if (dir < 0)
		fail_msg("cannot make a memory cgroup 4080 bytes deep: %s",
		    strerror(errno));
	/* sh waits in it for a line, then becomes sexton. */
	assert_int_equal(run_start(&r, RUN_STDIN_PIPE, ARGV("/bin/sh", "-c",
	    "read go; exec \"$0\" -- \"$1\" hog", SEXTON, PROBE_STATIC)),
	    0);
	snprintf(pid, sizeof pid, "%d", (int)r.pid1);
	if (put_at(dir, "cgroup.procs", pid) < 0)
		fail_msg("cannot move pid %s into the memory cgroup: %s", pid,
		    strerror(errno));
	assert_int_equal(write(r.in, "go\n", 3), 3);
	st = run_wait(&r, 60000);
	assert_int_equal(st, 137);
	if (strstr(r.errbuf, ") was killed by the kernel's OOM killer\n") ==
	    NULL)
		fail_msg("the OOM kill in %.60s... (%zu bytes) was not named:"
		    "\n%s", memcg, strlen(memcg), r.errbuf);
}

static int teardown_memcg(void **state)
{
	run_teardown(state);
	remove_deep_memcg();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(features_work_with_a_thousand_groups),
		cmocka_unit_test(features_work_with_long_and_escaped_names),
		RUN_TEST(subreaper_end_reaches_1500_children, &r),
		RUN_TEST(orphans_policy_reaches_1500_children, &r),
		RUN_TEST(watch_counts_1500_zombies_of_one_holder, &r),
		cmocka_unit_test_prestate_setup_teardown(
		    oom_named_in_a_memory_cgroup_path_of_4080_bytes, NULL,
		    teardown_memcg, &r),
	};

	return cmocka_run_group_tests_name("proctext", tests, sweep_setup,
	    NULL);
}
