/* sexton where a system call is refused: the sweep. A container
 * runtime's seccomp profile, recorded from a run that never needed a
 * call, refuses it later with EPERM or ENOSYS. Whatever sexton is
 * refused, a user must see one of two things: the command ran and
 * sexton ends with its status, or sexton refused to start, with one
 * clear line and its own code. Never a hang, a silent exit, a spin, a
 * death by a signal, a zombie or a process left behind, or a signal to
 * a process outside sexton's subtree.
 *
 * The list of calls is made at test time: each role is run once under
 * strace -f, for ./sexton and for ./sexton-static, and every system call
 * sexton's own code made there (in sexton from its main on, and in its
 * child until that execs the command) is then refused, one at a time,
 * with EPERM and then with ENOSYS, in that role. A new call in sexton is
 * swept with no change here. What the loader and libc's start-up make
 * before main is not swept: every run makes it, so a profile recorded
 * from any run allows it.
 *
 * The refusal is a seccomp filter that hands the calls it is asked
 * about to this test (SECCOMP_RET_USER_NOTIF): the test refuses the call
 * when the process that makes it runs sexton's binary (sexton, or its
 * child before the exec) and sexton has reached its main, marked by its
 * first getppid(); every other call goes on. So the refusal hits sexton
 * alone: not its start-up, not the command, whose calls are not
 * sexton's to answer for. The filter is installed before the exec of
 * sexton, and inherited by everything it starts, as a runtime's is.
 *
 * The roles and the checks made after every run are the sweeps' (see
 * tests/lib/runner.h): no hang, the command's status or a refusal to
 * start in one line with 125 (126, naming the command, when the
 * refused call is execve(2) itself), nothing left behind, no outsider
 * signalled, no death by a signal, no spin (sexton's CPU time, and how
 * often it makes the refused call), only sexton's lines on stderr with
 * errors in words, and the command starts with what sexton was given.
 * Here also: with prctl(2) refused, the subreaper (not PID 1) and -p
 * must say that they could not be set up, and why.
 *
 * One case alone, with what happened: .build/test/test_refusals --one
 * ROLE BUILD SYSCALL-NUMBER ERRNO (ROLE 0 to 6, as in roles[]; BUILD 0
 * for ./sexton, 1 for ./sexton-static). Run only against the plain
 * build: AddressSanitizer's own start-up cannot take these refusals. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"
#include "runner.h"

#define WORKERS 5		/* runs at once: they mostly sleep */
#define MAXNR 512

static const char *const builds[] = { SEXTON, SEXTON_STATIC };

/* The calls of a role, from its trace. */
struct calls {
	int n, nr[MAXNR];
	int npre, pre[MAXNR];	/* made only before main: not swept */
};

static char names[MAXNR][32];	/* each call's name, from strace */

static const char *nr_name(int nr)
{
	static char buf[16];

	if (nr >= 0 && nr < MAXNR && names[nr][0] != '\0')
		return names[nr];
	snprintf(buf, sizeof buf, "syscall %d", nr);
	return buf;
}

static const char *err_name(int err)
{
	return err == EPERM ? "EPERM" : err == ENOSYS ? "ENOSYS" : "?";
}

/* The calls of a role, from strace. */

/* "PID [ NR] name(": the pid, the number and the name, or -1. */
static int parse_line(const char *l, int *pid, int *nr, char *name,
    size_t len)
{
	const char *p;
	char *end;
	size_t n;

	*pid = (int)strtol(l, &end, 10);
	if (end == l)
		return -1;
	while (*end == ' ')
		end++;
	if (*end != '[')
		return -1;
	*nr = (int)strtol(end + 1, &end, 10);
	if (*end != ']' || end[1] != ' ')
		return -1;
	p = end + 2;
	if (strncmp(p, "<... ", 5) == 0)
		return 1;	/* resumed: the entry was counted */
	for (n = 0; p[n] != '\0' && p[n] != '('; n++)
		;
	if (p[n] != '(' || n == 0 || n >= len)
		return -1;
	memcpy(name, p, n);
	name[n] = '\0';
	return 0;
}

/* The child a clone() line returns, in strace's (our) namespace. */
static int clone_child(const char *l)
{
	const char *eq = NULL, *ns;

	/* strace pads before the " = ": the last one. */
	for (const char *p = l; (p = strstr(p, " = ")) != NULL; p++)
		eq = p;
	if (eq == NULL || !isdigit((unsigned char)eq[3]))
		return 0;
	ns = strstr(eq, "/* ");
	if (ns != NULL && strstr(ns, "in strace's PID NS") != NULL)
		return atoi(ns + 3);
	return atoi(eq + 3);
}

static void add_nr(int *list, int *n, int nr)
{
	for (int i = 0; i < *n; i++)
		if (list[i] == nr)
			return;
	if (*n < MAXNR)
		list[(*n)++] = nr;
}

static int has_nr(const int *list, int n, int nr)
{
	for (int i = 0; i < n; i++)
		if (list[i] == nr)
			return 1;
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* sexton is the process that exec'd bin; from its first getppid() on
 * it runs main. Its children run its code until they exec. */
static int parse_trace(const char *path, const char *bin, struct calls *c)
{
	FILE *f = fopen(path, "r");
	char line[4096], want[256], name[32];
	int sexton = 0, in_main = 0, kids[64], nkids = 0, execd[64] = { 0 };
	int pre[MAXNR], npre = 0, execd_self = 0;

	memset(c, 0, sizeof *c);
	if (f == NULL)
		return -1;
	snprintf(want, sizeof want, "execve(\"%s\"", bin);
	/* Pass 1: who sexton is, and its children. */
	while (fgets(line, sizeof line, f) != NULL) {
		int pid, nr, r = parse_line(line, &pid, &nr, name, sizeof name);

		if (r < 0)
			continue;
		if (sexton == 0 && r == 0 && strstr(line, want) != NULL)
			sexton = pid;
		else if (pid == sexton && nr == SYS_clone && nkids < 64 &&
		    clone_child(line) > 0)
			kids[nkids++] = clone_child(line);
	}
	if (sexton == 0) {
		fclose(f);
		return -1;
	}
	rewind(f);
	while (fgets(line, sizeof line, f) != NULL) {
		int pid, nr, k = -1;

		if (parse_line(line, &pid, &nr, name, sizeof name) != 0 ||
		    nr < 0 || nr >= MAXNR)
			continue;
		if (names[nr][0] == '\0')
			snprintf(names[nr], sizeof names[nr], "%s", name);
		for (int i = 0; i < nkids; i++)
			if (kids[i] == pid)
				k = i;
		if (pid == sexton && !execd_self) {
			/* The test's own, until the exec of sexton. */
			if (nr == SYS_execve && strstr(line, want) != NULL) {
				execd_self = 1;
				add_nr(pre, &npre, nr);
			}
		} else if (pid == sexton) {
			if (nr == SYS_getppid)
				in_main = 1;
			if (in_main)
				add_nr(c->nr, &c->n, nr);
			else
				add_nr(pre, &npre, nr);
		} else if (k >= 0 && !execd[k]) {
			add_nr(c->nr, &c->n, nr);
			if (nr == SYS_execve)
				execd[k] = 1;
		}
	}
	fclose(f);
	for (int i = 0; i < npre; i++)
		if (!has_nr(c->nr, c->n, pre[i]))
			add_nr(c->pre, &c->npre, pre[i]);
	qsort(c->nr, (size_t)c->n, sizeof c->nr[0], cmp_int);
	qsort(c->pre, (size_t)c->npre, sizeof c->pre[0], cmp_int);
	return in_main ? 0 : -1;
}

static char self_exe[4096];

/* Runs role in build once under strace -f, and reads its calls. */
static pid_t start_trace(int role, int build, char *path, size_t len)
{
	char r[8], b[8];
	pid_t pid;

	snprintf(path, len, SWEEP_DIR "/trace.%d.%d.%d", (int)getpid(), role,
	    build);
	snprintf(r, sizeof r, "%d", role);
	snprintf(b, sizeof b, "%d", build);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		execlp("strace", "strace", "-f", "-n", "-qq",
		    "--pidns-translation", "-o", path, self_exe, "--trace", r,
		    b, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int traced_calls(int role, struct calls c[2])
{
	char path[2][128];
	pid_t pid[2];
	int ok = 0;

	for (int b = 0; b < 2; b++)
		pid[b] = start_trace(role, b, path[b], sizeof path[b]);
	for (int b = 0; b < 2; b++) {
		int st;

		if (pid[b] < 0 || waitpid(pid[b], &st, 0) < 0 ||
		    !WIFEXITED(st) || WEXITSTATUS(st) != 0 ||
		    parse_trace(path[b], builds[b], &c[b]) < 0) {
			print_error("trace of %s in %s failed (see %s)\n",
			    builds[b], roles[role].name, path[b]);
			ok = -1;
			continue;
		}
		unlink(path[b]);
	}
	return ok;
}

/* A refusal of the sweep, and how to run it alone. */
static void label(const struct job *jb, int i, const void *ctx, char *buf,
    size_t size)
{
	const struct spec *sp = &jb->sp;

	(void)i;
	(void)ctx;
	snprintf(buf, size, "%s, %s, %s (%d) refused with %s, %u refusals; "
	    "alone: .build/test/test_refusals --one %d %d %d %d",
	    roles[sp->role].name, sp->bin, nr_name(sp->nr), sp->nr,
	    err_name(sp->err), jb->refused, sp->role, sp->bin == builds[1],
	    sp->nr, sp->err);
}

/* The sweep of one role: every traced call, refused with EPERM and with
 * ENOSYS, in both builds, WORKERS runs at a time. */
static void sweep(int role)
{
	static struct calls c[2];
	static struct job jobs[2 * 2 * MAXNR];
	static const int errs[] = { EPERM, ENOSYS };
	int n = 0, failed, started;
	long long t0 = now_ms();

	assert_int_equal(traced_calls(role, c), 0);
	for (int b = 0; b < 2; b++) {
		char list[4096], pre[4096];
		size_t l = 0, k = 0;

		for (int i = 0; i < c[b].n; i++)
			l += (size_t)snprintf(list + l, sizeof list - l, " %s",
			    nr_name(c[b].nr[i]));
		for (int i = 0; i < c[b].npre; i++)
			k += (size_t)snprintf(pre + k, sizeof pre - k, " %s",
			    nr_name(c[b].pre[i]));
		print_message("%s, %s: %d calls swept:%s; not swept, made only "
		    "before main (the exec, the loader's, libc's start-up):"
		    "%s\n", roles[role].name, builds[b], c[b].n, list, pre);
		for (int e = 0; e < 2; e++)
			for (int i = 0; i < c[b].n; i++) {
				memset(&jobs[n], 0, sizeof jobs[n]);
				jobs[n].sp = (struct spec){ .role = role,
				    .bin = builds[b], .cmd = PROBE,
				    .nr = c[b].nr[i], .err = errs[e], .id = n };
				n++;
			}
	}
	run_jobs(jobs, n, WORKERS, judge);
	failed = report_jobs(jobs, n, label, NULL, &started);
	print_message("%s: %d runs in %lld ms (the command ran, or --pause "
	    "ended, in %d), %d failed\n", roles[role].name, n, now_ms() - t0,
	    started, failed);
	if (failed > 0)
		fail_msg("%s: %d of %d refusals broke an invariant (above)",
		    roles[role].name, failed, n);
}

static void refusals_as_pid1(void **state)
{
	(void)state;
	sweep(0);
}

static void refusals_as_pid1_with_options(void **state)
{
	(void)state;
	sweep(1);
}

static void refusals_as_subreaper(void **state)
{
	(void)state;
	sweep(2);
}

static void refusals_as_subreaper_with_options(void **state)
{
	(void)state;
	sweep(3);
}

static void refusals_as_system_init_in_a_namespace(void **state)
{
	(void)state;
	sweep(4);
}

static void refusals_with_pause_as_pid1(void **state)
{
	(void)state;
	sweep(5);
}

static void refusals_with_pause_not_pid1(void **state)
{
	(void)state;
	sweep(6);
}

static void label_chld(const struct job *jb, int i, const void *ctx,
    char *buf, size_t size)
{
	(void)i;
	(void)ctx;
	snprintf(buf, size, "%s, %s, SIGCHLD ignored, rt_sigaction %s",
	    roles[jb->sp.role].name, jb->sp.bin,
	    jb->sp.err ? err_name(jb->sp.err) : "allowed");
}

/* A parent may leave SIGCHLD ignored across the exec, and the kernel
 * then reaps sexton's children itself, statuses and all: sexton sets it
 * back to the default first. With rt_sigaction(2) refused it cannot;
 * it must then refuse to start rather than lose the command's status
 * or wait for a child the kernel took. The command gets SIGCHLD
 * ignored, as sexton was given it. */
static void refused_sigaction_with_sigchld_ignored(void **state)
{
	static const int errs[] = { 0, EPERM, ENOSYS };
	static const int which[] = { 0, 2, 5, 6 };	/* roles[] */
	static struct job jobs[2 * 4 * 3];
	int n = 0, failed;

	(void)state;
	for (int b = 0; b < 2; b++)
		for (int w = 0; w < 4; w++)
			for (int e = 0; e < 3; e++) {
				memset(&jobs[n], 0, sizeof jobs[n]);
				jobs[n].sp = (struct spec){ .role = which[w],
				    .bin = builds[b], .cmd = PROBE,
				    .nr = errs[e] ? SYS_rt_sigaction : -1,
				    .err = errs[e],
				    .lim = { .chld_ignored = 1 }, .id = n };
				n++;
			}
	run_jobs(jobs, n, WORKERS, judge);
	failed = report_jobs(jobs, n, label_chld, NULL, NULL);
	if (failed > 0)
		fail_msg("SIGCHLD ignored at start: %d of %d runs broke an "
		    "invariant (above)", failed, n);
}

/* The runs with nothing refused pass every check: else the sweep would
 * blame refusals for what the test itself gets wrong. */
static void every_role_passes_with_nothing_refused(void **state)
{
	static struct result rr;
	struct verdict v;

	(void)state;
	for (int role = 0; role < NROLES; role++)
		for (int b = 0; b < 2; b++) {
			struct spec sp = { .role = role, .bin = builds[b],
			    .cmd = PROBE, .nr = -1 };

			run_case(&sp, &rr);
			judge(&sp, &rr, &v);
			if (v.len > 0)
				fail_msg("%s, %s, nothing refused:\n%sstderr:\n"
				    "%s", roles[role].name, builds[b], v.text,
				    rr.err);
			if (!roles[role].pause && marker_code(&rr) < 0)
				fail_msg("%s, %s: the command did not run",
				    roles[role].name, builds[b]);
		}
}

/* strace, which finds the calls to refuse, and what every sweep needs. */
static int setup(void **state)
{
	return system("tests/deps.sh strace") == 0 ? sweep_setup(state) : -1;
}

/* --trace ROLE BUILD: one run with nothing refused, for strace.
 * --one ROLE BUILD NR ERRNO: one case, said in full. */
static int one(char **argv, int trace)
{
	static struct result rr;
	int b = atoi(argv[1]);
	struct spec sp = { .role = atoi(argv[0]), .bin = builds[b & 1],
	    .cmd = PROBE, .nr = trace ? -1 : atoi(argv[2]),
	    .err = trace ? 0 : atoi(argv[3]) };
	struct verdict v;

	if (sp.role < 0 || sp.role >= NROLES || b < 0 || b > 1)
		return 2;
	if (system("mkdir -p " SWEEP_DIR) != 0)
		return 2;
	run_case(&sp, &rr);
	if (trace)
		return rr.ended ? 0 : 1;
	judge(&sp, &rr, &v);
	printf("%s, %s, %s refused with %s: %u refusals, status %d, "
	    "cpu %ld ms\nstdout:\n%sstderr:\n%smarker:\n%sreport: %s\n%s\n",
	    roles[sp.role].name, sp.bin, nr_name(sp.nr),
	    err_name(sp.err), rr.refused, rr.wstatus, rr.cpu_ticks * 10,
	    rr.out, rr.err, rr.marker, rr.report, v.len ? v.text : "all held");
	return v.len ? 1 : 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_role_passes_with_nothing_refused),
		cmocka_unit_test(refused_sigaction_with_sigchld_ignored),
		cmocka_unit_test(refusals_as_pid1),
		cmocka_unit_test(refusals_as_pid1_with_options),
		cmocka_unit_test(refusals_as_subreaper),
		cmocka_unit_test(refusals_as_subreaper_with_options),
		cmocka_unit_test(refusals_as_system_init_in_a_namespace),
		cmocka_unit_test(refusals_with_pause_as_pid1),
		cmocka_unit_test(refusals_with_pause_not_pid1),
	};
	ssize_t n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);

	if (n <= 0)
		return 2;
	self_exe[n] = '\0';
	if (argc == 4 && strcmp(argv[1], "--trace") == 0)
		return one(argv + 2, 1);
	if (argc == 6 && strcmp(argv[1], "--one") == 0)
		return one(argv + 2, 0);
	return cmocka_run_group_tests_name("refusals", tests, setup, NULL);
}
