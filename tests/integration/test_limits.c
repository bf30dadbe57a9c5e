/* sexton where a container takes things away: address space, /proc,
 * file descriptors, processes, stdin, stdout and stderr.
 * Run only against the plain build: AddressSanitizer cannot start
 * under RLIMIT_AS, and without /proc it reads no ASAN_OPTIONS (it
 * reads them from /proc/self/environ) and LeakSanitizer fails.
 *
 * The limits sweep (tests/lib/runner.h) runs ./sexton and
 * ./sexton-static in each role (PID 1 of a namespace, plain and with
 * -w, the zombie watch, --orphans, --report, -p TERM and --stop-delay;
 * a subreaper, the same; --system as PID 1; --pause as PID 1 and not)
 * under each limit: RLIMIT_NOFILE from 3 to 8, some with inherited fds
 * that use up the limit; fds 0 to 2 closed; RLIMIT_NPROC from 1 to 5;
 * RLIMIT_AS from 1 MB. What must hold is what test_refusals checks: no
 * hang, the command's status or a refusal to start in one line with
 * 125, nothing left, no outsider signalled, no death by a signal, no
 * spin, and the command gets the fds, directory and signals sexton was
 * given. Also: an optional feature that cannot work under the limit
 * (the zombie watch, --orphans, -w's names) does its job anyway or says
 * why not, naming the cause ("Too many open files", "Cannot allocate
 * memory"). The command is the static probe, which runs in 1 MB. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"
#include "runner.h"

#define WORKERS 5		/* runs at once: they mostly sleep */

/* 150 MB of address space: what a small container may get. */
#define AS_LIMIT "150000000"

static struct run r;

/* 2c: not PID 1, sexton finds what is left at its end in memory that
 * grows with what it finds, not in room for every possible pid. */
static void subreaper_end_under_an_address_space_limit(void **state)
{
	int rc;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", PROBE,
	    "aslimit", AS_LIMIT, SEXTON, "-t", "3s", "--", PROBE, "leave",
	    "trap", "3", "0")), 0);
	rc = run_wait(&r, 20000);
	if (rc != 0 || count(r.outbuf, "orphan got TERM") != 3)
		fail_msg("exit %d; want 3 orphans to get TERM, got:\n%s%s", rc,
		    r.outbuf, r.errbuf);
}

/* The zombie watch reads the same way, as PID 1 here. */
static void watch_under_an_address_space_limit(void **state)
{
	char want[64];

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "aslimit", AS_LIMIT,
	    SEXTON, "--watch-zombies=5,100ms", "--", PROBE, "zombies", "7",
	    "60000")), 0);
	assert_true(run_expect(&r, "holder ", 5000));
	snprintf(want, sizeof want, "sexton[1]: pid %d (probe) holds 7 "
	    "zombies", atoi(strstr(r.outbuf, "holder ") + strlen("holder ")));
	if (!run_expect_err(&r, want, 5000))
		fail_msg("the holder was not reported:\n%s%s", r.outbuf,
		    r.errbuf);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
}

/* 2b: no /proc at all. The end falls back to the command's process
 * group, where an orphan that stayed in it gets its TERM, and sexton
 * says so once. */
static void subreaper_end_without_proc_uses_the_group(void **state)
{
	int rc;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS | RUN_NOPROC, ARGV(PROBE,
	    "lazyinit", SEXTON, "-t", "3s", "--", PROBE, "leave", "grouptrap",
	    "2", "0")), 0);
	rc = run_wait(&r, 20000);
	if (rc != 0 || count(r.outbuf, "orphan got TERM") != 2)
		fail_msg("exit %d; want 2 orphans to get TERM, got:\n%s%s", rc,
		    r.outbuf, r.errbuf);
	if (count(r.errbuf, "cannot walk the descendants in /proc") != 1)
		fail_msg("want one line on /proc, got:\n%s", r.errbuf);
}

/* Out of file descriptors, the walk cannot look at anything: that must
 * not read as "nothing left". sexton says why and falls back to the
 * command's group, as without /proc. */
static void subreaper_end_without_fds_says_so(void **state)
{
	int rc;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit",
	    "/usr/bin/prlimit", "--nofile=5:5", SEXTON, "-t", "3s", "--",
	    PROBE, "leave", "grouptrap", "2", "0")), 0);
	rc = run_wait(&r, 20000);
	if (rc != 0 || count(r.outbuf, "orphan got TERM") != 2)
		fail_msg("exit %d; want 2 orphans to get TERM, got:\n%s%s", rc,
		    r.outbuf, r.errbuf);
	if (count(r.errbuf, "cannot walk the descendants in /proc") != 1)
		fail_msg("want one line on /proc, got:\n%s", r.errbuf);
}

/* Out of fds, the end's KILL reaches the command's group alone, and
 * sexton cannot see what is outside it: an orphan in a session of its
 * own gets nothing. Waiting for it would be in vain, so the KILL wait,
 * for a process stuck in the kernel, ends with the group's last
 * child: sexton ends at its grace, not a second later, and the orphan
 * is left behind, alive. */
static void subreaper_without_fds_does_not_wait_for_the_unkilled(
    void **state)
{
	long long start = now_ms(), took;
	int rc;

	(void)state;
	/* In the group, a process that ignores TERM: the KILL reaches it.
	 * Outside, the orphan: nothing does. */
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazycount",
	    "/usr/bin/prlimit", "--nofile=5:5", SEXTON, "-t", "100ms", "--",
	    "/bin/sh", "-c", "(trap '' TERM; exec sleep 30) & exec " PROBE
	    " leave trap 1 7")), 0);
	rc = run_wait(&r, 20000);
	took = now_ms() - start;
	if (rc != 7 || strstr(r.outbuf, "alive=1\n") == NULL)
		fail_msg("exit %d; want 7 and the orphan alive after sexton, "
		    "got:\n%s%s", rc, r.outbuf, r.errbuf);
	if (took >= 1000)
		fail_msg("took %lld ms with a 100 ms grace: the KILL wait "
		    "waited for an orphan no KILL reached", took);
}

/* The same, but what stays in the group is no child of sexton's: its
 * parent, adopted, left the group. The group's KILL must still come
 * after the grace, for the grandchild as for any member. */
static void subreaper_without_fds_kills_the_group_s_grandchild(
    void **state)
{
	char *out;
	int rc;

	(void)state;
	/* The command's child leaves its child, which ignores TERM, in the
	 * group, and moves to a group of its own; the command exits. */
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazycount",
	    "/usr/bin/prlimit", "--nofile=5:5", SEXTON, "-t", "100ms", "--",
	    PROBE, "leavegroup")), 0);
	rc = run_wait(&r, 20000);
	out = r.outbuf;
	/* Dead at once, the grandchild may still be its parent's zombie
	 * when lazycount counts: alive, only the parent. */
	if (rc != 7 || strstr(out, " alive=1\n") == NULL ||
	    strstr(r.errbuf, "grace over: KILL sent") == NULL)
		fail_msg("exit %d; want 7 with the grandchild KILLed and its "
		    "parent, outside the group, alive; got:\n%s%s", rc, out,
		    r.errbuf);
}

/* The limits sweep. */

struct variant {
	const char *name;
	struct limits lim;
};

static const struct variant nofile[] = {
	{ "RLIMIT_NOFILE 3: no fd but 0-2", { .nofile = 3 } },
	{ "RLIMIT_NOFILE 4", { .nofile = 4 } },
	{ "RLIMIT_NOFILE 5", { .nofile = 5 } },
	{ "RLIMIT_NOFILE 6", { .nofile = 6 } },
	{ "RLIMIT_NOFILE 7", { .nofile = 7 } },
	{ "RLIMIT_NOFILE 8", { .nofile = 8 } },
	{ "RLIMIT_NOFILE 8, fds 3-7 inherited: none free",
	    { .nofile = 8, .inherit = 5 } },
	{ "RLIMIT_NOFILE 8, fds 3-6 inherited: one free",
	    { .nofile = 8, .inherit = 4 } },
	{ "RLIMIT_NOFILE 6, fds 3-4 inherited: one free",
	    { .nofile = 6, .inherit = 2 } },
	{ "RLIMIT_NOFILE 5, fds 3-4 inherited: none free",
	    { .nofile = 5, .inherit = 2 } },
};

static const struct variant closed[] = {
	{ "fds 0-2 closed", { .closed = 1 } },
	{ "fds 0-2 closed, fds 3-4 inherited", { .closed = 1, .inherit = 2 } },
	{ "fds 0-2 closed, RLIMIT_NOFILE 3", { .closed = 1, .nofile = 3 } },
	{ "fds 0-2 closed, RLIMIT_NOFILE 5", { .closed = 1, .nofile = 5 } },
};

static const struct variant nproc[] = {
	{ "RLIMIT_NPROC 1: sexton alone", { .nproc = 1 } },
	{ "RLIMIT_NPROC 2", { .nproc = 2 } },
	{ "RLIMIT_NPROC 3", { .nproc = 3 } },
	{ "RLIMIT_NPROC 5", { .nproc = 5 } },
};

static const struct variant as[] = {
	{ "RLIMIT_AS 1 MiB", { .as = 1L << 20 } },
	{ "RLIMIT_AS 2 MiB", { .as = 2L << 20 } },
	{ "RLIMIT_AS 3 MiB", { .as = 3L << 20 } },
	{ "RLIMIT_AS 4 MiB", { .as = 4L << 20 } },
	{ "RLIMIT_AS 6 MiB", { .as = 6L << 20 } },
	{ "RLIMIT_AS 8 MiB", { .as = 8L << 20 } },
};

static const char *const builds[] = { SEXTON, SEXTON_STATIC };

#define N(a) ((int)(sizeof a / sizeof a[0]))

/* The cause a limit gives, in glibc's words. */
static int cause_of(const struct limits *l)
{
	return l->nofile > 0 ? EMFILE : l->as > 0 ? ENOMEM : EAGAIN;
}

/* Whether every "reaped pid N (NAME)" line names the process. */
static int names_all(const char *err)
{
	for (const char *p = err; (p = strstr(p, "reaped pid ")) != NULL;
	    p++) {
		const char *o = strchr(p, '(');

		if (o == NULL || o[1] == ')')
			return 0;
	}
	return 1;
}

/* judge(), and the optional features: they work, or say why not. */
static void judge_limits(const struct spec *sp, const struct result *rr,
    struct verdict *v)
{
	const struct role *ro = &roles[sp->role];
	int e = cause_of(&sp->lim);

	judge(sp, rr, v);
	if (!ro->opts || sp->lim.closed || marker_code(rr) < 0 ||
	    rr->hung || !WIFEXITED(rr->wstatus))
		return;
	if (strstr(rr->marker, "\nzombie\n") != NULL &&
	    strstr(rr->err, "holds 1 zombies") == NULL &&
	    !warned(rr->err, "zombie", NULL, e))
		failf(v, "the command held a zombie, but the watch neither "
		    "reported it nor said why not ('%s')", strerror(e));
	if (strstr(rr->marker, "\norphan\n") != NULL &&
	    strstr(rr->err, ": sent TERM") == NULL &&
	    !warned(rr->err, "orphan", NULL, e))
		failf(v, "an orphan was left, but --orphans neither acted on it "
		    "nor said why not ('%s')", strerror(e));
	if (!names_all(rr->err) && !warned(rr->err, "name", "reaped", e))
		failf(v, "-w logged a reap with no name, and nothing says why "
		    "('%s')", strerror(e));
}

/* Whether bin starts at all under l, its fds as the run will have
 * them: if not, the loader cannot map it or open its libc (before
 * sexton's main), and the variant is not for that build. */
static int starts_under(const char *bin, const struct limits *l)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		/* Above the fds it stands for. */
		int null = fcntl(open("/dev/null", O_RDWR | O_CLOEXEC),
		    F_DUPFD_CLOEXEC, 100);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		syscall(SYS_close_range, 3, ~0U, 4 /* CLOSE_RANGE_CLOEXEC */);
		for (int i = 0; i < l->inherit; i++)
			dup2(null, 3 + i);
		/* --version needs stdout; the loader, only what is free. */
		if (l->closed) {
			close(0);
			close(2);
		}
		if (l->nofile > 0)
			setrlimit(RLIMIT_NOFILE, &(struct rlimit){
			    (rlim_t)l->nofile, (rlim_t)l->nofile });
		if (l->as > 0)
			setrlimit(RLIMIT_AS, &(struct rlimit){ (rlim_t)l->as,
			    (rlim_t)l->as });
		execl(bin, bin, "--version", (char *)NULL);
		_exit(127);
	}
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0;
}

/* ctx: the name of each job's variant. */
static void label(const struct job *jb, int i, const void *ctx, char *buf,
    size_t size)
{
	const char *const *vname = ctx;

	snprintf(buf, size, "%s, %s, %s", vname[i], roles[jb->sp.role].name,
	    jb->sp.bin);
}

static void sweep(const struct variant *vs, int nv, const char *what)
{
	static struct job jobs[2 * NROLES * 16];
	static const char *vname[2 * NROLES * 16];
	int n = 0, failed, started;
	long long t0 = now_ms();

	for (int i = 0; i < nv; i++)
		for (int b = 0; b < 2; b++) {
			if (!starts_under(builds[b], &vs[i].lim)) {
				print_message("%s: %s does not start at all "
				    "(its loader fails): not swept\n",
				    vs[i].name, builds[b]);
				continue;
			}
			for (int role = 0; role < NROLES; role++) {
				memset(&jobs[n], 0, sizeof jobs[n]);
				jobs[n].sp = (struct spec){ .role = role,
				    .bin = builds[b], .cmd = PROBE_STATIC,
				    .nr = -1, .lim = vs[i].lim, .id = n };
				vname[n++] = vs[i].name;
			}
		}
	run_jobs(jobs, n, WORKERS, judge_limits);
	failed = report_jobs(jobs, n, label, vname, &started);
	print_message("%s: %d runs in %lld ms (the command ran, or --pause "
	    "ended, in %d), %d failed\n", what, n, now_ms() - t0, started,
	    failed);
	if (failed > 0)
		fail_msg("%s: %d of %d runs broke an invariant (above)", what,
		    failed, n);
}

static void every_role_under_rlimit_nofile(void **state)
{
	(void)state;
	sweep(nofile, N(nofile), "RLIMIT_NOFILE");
}

static void every_role_with_fds_0_to_2_closed(void **state)
{
	(void)state;
	sweep(closed, N(closed), "fds 0-2 closed");
}

static void every_role_under_rlimit_nproc(void **state)
{
	(void)state;
	sweep(nproc, N(nproc), "RLIMIT_NPROC");
}

static void every_role_under_rlimit_as(void **state)
{
	(void)state;
	sweep(as, N(as), "RLIMIT_AS");
}

/* One free fd is all sexton needs as PID 1: its signalfd. Naming OOM
 * kills, which holds a file open too, is optional, and must not be
 * what keeps the command from running. With none free, sexton may
 * refuse to start (the sweep checks how); with one, the command runs,
 * with the fds it was given. */
static void the_command_runs_with_one_fd_free(void **state)
{
	static const struct limits one[] = {
		{ .nofile = 4 },
		{ .nofile = 8, .inherit = 4 },
	};
	static struct result rr;
	struct verdict v;

	(void)state;
	for (int b = 0; b < 2; b++)
		for (int i = 0; i < N(one); i++) {
			struct spec sp = { .role = 0, .bin = builds[b],
			    .cmd = PROBE_STATIC, .nr = -1, .lim = one[i] };

			run_case(&sp, &rr);
			judge(&sp, &rr, &v);
			if (marker_code(&rr) != CMD_CODE || v.len > 0)
				fail_msg("%s as PID 1, RLIMIT_NOFILE %d and %d "
				    "fds inherited: want the command to run "
				    "and exit %d; status %d\n%sstderr:\n%s",
				    builds[b], one[i].nofile, one[i].inherit,
				    CMD_CODE, rr.wstatus, v.text, rr.err);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(subreaper_end_under_an_address_space_limit, &r),
		RUN_TEST(watch_under_an_address_space_limit, &r),
		RUN_TEST(subreaper_end_without_proc_uses_the_group, &r),
		RUN_TEST(subreaper_end_without_fds_says_so, &r),
		RUN_TEST(subreaper_without_fds_does_not_wait_for_the_unkilled,
		    &r),
		RUN_TEST(subreaper_without_fds_kills_the_group_s_grandchild,
		    &r),
		cmocka_unit_test(the_command_runs_with_one_fd_free),
		cmocka_unit_test(every_role_under_rlimit_nofile),
		cmocka_unit_test(every_role_with_fds_0_to_2_closed),
		cmocka_unit_test(every_role_under_rlimit_nproc),
		cmocka_unit_test(every_role_under_rlimit_as),
	};

	return cmocka_run_group_tests_name("limits", tests, sweep_setup,
	    NULL);
}
