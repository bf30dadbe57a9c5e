/* Chaos: sexton runs a random process tree (tests/chaos/tree.c) while
 * this test sends it random signals; each run then checks what must hold
 * whatever happened. See tests/chaos/README.
 *
 * Each seed fixes the tree, the signals and the mode: sexton as PID 1 of
 * a new PID namespace or as a subreaper that is not PID 1, with or
 * without -w and --watch-zombies=2,50ms, and with no limit, a limit on
 * processes (as an unprivileged user, whom RLIMIT_NPROC binds) or a limit
 * on memory. On top of those, each seed may bring:
 * - a terminal: stdin, stdout and stderr a pty, as PID 1 its controlling
 *   terminal (docker run -it), not PID 1 that of the session it runs in;
 *   with or without Ctrl-C, Ctrl-Z, Ctrl-\ and lines typed at it;
 * - a stalled stderr: a pipe, full before sexton starts, that the test
 *   does not read for part or all of the run, with -w;
 * - a refused call: one system call that sexton makes, refused to sexton
 *   alone (not to the tree) with EPERM or ENOSYS, by a seccomp filter
 *   whose answers the test gives;
 * - RLIMIT_NOFILE of a handful;
 * - a process entered from outside: as PID 1, into sexton's PID
 *   namespace with setns(2), as docker exec does, trapping TERM and
 *   needing a while after it; not PID 1, in sexton's process group but
 *   outside its subtree.
 * The grace is always GRACE_MS.
 *
 * A run's processes all descend from "outer", a subreaper of our own, so
 * that what sexton leaves behind stays where we can find it:
 *
 *	test ── outer ─┬─ sentinel	(started first; same process group)
 *	     │         └─ sexton ── tree ── ...
 *	     └─ enterer ── entered	(entered: in sexton's namespace as
 *					 PID 1, in its group if not)
 *
 * After each run: sexton exited, not by a signal, with the status the
 * tree's root announced, within GRACE_MS + SLACK_MS of the root's end;
 * nothing of the run is left, zombie or not; the sentinel got no signal.
 * Where a call is refused or fds are few, sexton may instead refuse to
 * start: the command never ran, the exit is 124 or 125, and stderr is one
 * line "sexton: ...". An entered process got TERM and its grace as PID 1,
 * and no signal at all otherwise.
 *
 * Runs the fixed seeds 1 to NFIXED, which cover every mode, and those in
 * tests/chaos/regressions; CHAOS_SEED=N runs seed N alone; CHAOS_SECONDS=N
 * runs random seeds for N seconds. CHAOS_SEXTON=PATH tests another
 * binary. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <cmocka.h>

#include "refuse.h"
#include "sentinel.h"
#include "tty.h"

#ifndef SEXTON		/* the Makefile's sanitizer pass sets another */
#define SEXTON "./sexton"
#endif
/* The plain build in both passes, as harness.h's PROBE. */
#define TREE ".build/test/tree"
#define REGRESSIONS "tests/chaos/regressions"

#define NFIXED 36		/* seeds 1..36: every mode at least once */
#define GRACE "300ms"
#define GRACE_MS 300
#define SLACK_MS 1000		/* on top of the grace, for the end */
#define START_MS 4000		/* for sexton, then the root, to start */
#define ROOT_MS 5000		/* for the root to end; tree.c's is 700 */
#define CLEAN_MS 3000		/* for what is left to be killed */
#define CHAOS_UID 47281		/* owns nothing; RLIMIT_NPROC binds it */
#define NPROC_LIMIT 32		/* of the tree's up to 200 */
#define AS_LIMIT (64L << 20)	/* RLIMIT_AS, bytes */
#define NLOG 32			/* signals sent, kept for a failure */
#define NKEYS 24		/* keys typed, kept for a failure */
/* An entered process that needs at most this after its TERM must finish
 * before sexton ends; one that needs more than GRACE_MS + this is KILLed.
 * The margin either side is for a loaded machine. */
#define ENTER_QUICK_MS (GRACE_MS / 2)

enum limit { LIM_NONE, LIM_NPROC, LIM_AS };
/* Warnings of sexton's, seen on stderr (on a terminal, on stdout). */
enum { WARN_WALK = 1, WARN_SUBREAPER = 2 };
enum tty { TTY_NONE, TTY_QUIET, TTY_INPUT };
static const char *tty_name[] = { "", "+tty", "+tty(typed)" };
enum stall { STALL_NONE, STALL_PART, STALL_ALL };
static const char *stall_name[] = { "", "+stall(part)", "+stall(all)" };
/* Most signals end a process that does not catch them, and sexton
 * forwards them to the root's group: many kill the tree before sexton
 * has much to do at its end, few leave it whole. And each one wakes
 * sexton, which hides a reaper that stalls until something does. So
 * each seed picks how many: none at all, now and then, or a storm. */
enum pace { PACE_QUIET, PACE_SPARSE, PACE_STEADY, PACE_STORM };
static const char *pace_name[] = { "quiet", "sparse", "steady", "storm" };

/* The system calls sexton makes in these runs (from strace -f of each
 * role with -w and the zombie watch: sexton from its main on, and its
 * child until the exec), of which one may be refused. One that a run
 * does not make leaves it as it would be. */
struct call {
	const char *name;
	int nr;
};
#define CALL(n) { #n, SYS_##n }
static const struct call calls[] = {
	CALL(read), CALL(write), CALL(openat), CALL(close), CALL(getdents64),
	CALL(pread64), CALL(fstat), CALL(mmap), CALL(munmap), CALL(waitid),
	CALL(wait4), CALL(ppoll), CALL(clock_gettime), CALL(kill),
	CALL(pidfd_open), CALL(pidfd_send_signal), CALL(getpid),
	CALL(getppid), CALL(rt_sigprocmask), CALL(rt_sigaction),
	CALL(signalfd4), CALL(prctl), CALL(ioctl), CALL(chdir), CALL(fchdir),
	CALL(clone), CALL(setpgid), CALL(execve), CALL(close_range),
	CALL(reboot),
};
#define NCALLS ((int)(sizeof calls / sizeof calls[0]))
/* RLIMIT_NOFILE: 0 to 2 are taken, so 4 leaves sexton one fd. */
static const int nofiles[] = { 4, 5, 6, 7, 8 };
#define NNOFILES ((int)(sizeof nofiles / sizeof nofiles[0]))

struct mode {
	int pid1;		/* PID 1 of a new PID namespace, or not */
	int warn;		/* -w */
	int watch;		/* --watch-zombies=2,50ms */
	enum limit limit;
	enum tty tty;		/* stdin, stdout and stderr a pty */
	enum stall stall;	/* stderr a full pipe, not read; -w */
	int refuse;		/* calls[refuse] refused, or -1 */
	int refuse_err;		/* with EPERM or ENOSYS */
	int nofile;		/* RLIMIT_NOFILE, or 0 */
	int enter;		/* a process entered from outside */
};

struct rng {
	uint64_t s;
};

/* One run. */
struct chaos {
	unsigned long long seed;
	struct mode m;
	char name[160];		/* of the mode */
	char id[64];		/* CHAOS_RUN=id marks the run's processes */
	struct rng rng;		/* the signals sent */
	struct rng xrng;	/* the keys typed, the stall, the entered */
	int pace;		/* how often: enum pace */
	pid_t outer, sentinel, sexton;
	pid_t root;		/* once seen ready */
	int out, err, info, ctl, sent;
	int slave;		/* the pty's, for outer; or -1 */
	char outbuf[4096], errbuf[1 << 16];
	size_t outlen, errlen, errlost, outlost;
	char line[512];		/* stdout's line being read */
	size_t linelen;
	char eline[512];	/* stderr's */
	size_t elinelen;
	int warned;		/* what sexton said it cannot do: WARN_* */
	int started;		/* the root said it started */
	int status, ended;	/* sexton's wait status, once ended */
	int killed;		/* by us, having failed to end */
	int late;		/* past its deadline; said so */
	int expect;		/* the status the root announced, or -1 */
	long long t_start, t_root, t_end;
	long long root_at;	/* the root's own time of its last line */
	int cont_pending;	/* a TSTP, TTIN or TTOU awaits its SIGCONT */
	long long cont_after, cont_latest;
	int nsent, log[NLOG];
	long long logt[NLOG];
	/* The terminal's keys. */
	long long next_key;
	int ntyped, typed[NKEYS];
	long long typedt[NKEYS];
	int typed_sigs;		/* the signals the keys made: a mask */
	/* The stalled stderr. */
	long long stall_until;	/* ms; LLONG_MAX: till sexton ends */
	size_t fill;		/* the filler still to skip when read */
	size_t filled;		/* the filler written */
	long long stall_ms;	/* how long it was not read */
	/* The refused call. */
	int sock, lfd;		/* to get the filter's listener; it */
	struct refusal rf;	/* what is refused, to whom, how often */
	/* The process entered from outside. */
	long long enter_at;	/* when, or 0 once done */
	long long x_life, x_linger;
	pid_t enterer, xpid;	/* xpid: as sexton's namespace sees it */
	int xout;
	char xbuf[512];
	size_t xlen;
	long long x_launch, x_ready, x_term, x_done;	/* its own times */
	long long x_late;	/* when the enterer found no namespace */
	int x_status, x_ended;	/* the enterer's */
	char fail[8192];	/* what broke, one line each */
	size_t faillen;
	char note[256];		/* what the ok line adds */
};

static const char default_sexton[] = SEXTON;
static const char *sexton_bin = default_sexton;
static int sexton_asan;		/* ASan cannot run under RLIMIT_AS */
static unsigned long run_count;
static int verbose;		/* CHAOS_VERBOSE: every run's report */

/* The same PRNG as tree.c: splitmix64 to seed, xorshift64* to draw. */
static void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	r->s = (z ^ (z >> 31)) | 1;
}

static uint64_t next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

static int pick(struct rng *r, int n)
{
	return n > 0 ? (int)(next(r) % (uint64_t)n) : 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The mode is a function of the seed, so that a seed replays alone.
 * Seeds 1..24 take each of the 24 old modes once (seed % 24). The newer
 * dimensions go by the seed modulo 5, 7, 11, 13 and 17, primes that do
 * not divide 24, so that over many seeds they meet every old mode and
 * one another, and seeds 1..36 take each of them both as PID 1 and not;
 * which call is refused and how, and how few fds, are drawn from the
 * seed. */
static void mode_of(unsigned long long seed, struct mode *m, char *name,
    size_t len)
{
	static const char *lim[] = { "", "+nproc", "+as" };
	unsigned i = (unsigned)(seed % 24);
	struct rng x;
	int call, err, nofile;
	char refuse[64] = "", fds[24] = "";

	m->pid1 = i & 1;
	m->warn = (i >> 1) & 1;
	m->watch = (i >> 2) & 1;
	m->limit = (enum limit)((i >> 3) % 3);
	rng_seed(&x, seed ^ 0x6e3d1c0ffeeULL);
	call = pick(&x, NCALLS);
	err = pick(&x, 2) ? ENOSYS : EPERM;
	nofile = nofiles[pick(&x, NNOFILES)];
	m->tty = seed % 5 == 3 ? TTY_QUIET : seed % 5 == 4 ? TTY_INPUT :
	    TTY_NONE;
	m->stall = seed % 7 == 5 ? STALL_PART : seed % 7 == 6 ? STALL_ALL :
	    STALL_NONE;
	m->refuse = seed % 11 >= 8 ? call : -1;
	m->refuse_err = err;
	m->nofile = seed % 13 >= 10 ? nofile : 0;
	m->enter = seed % 17 >= 13;
	/* A stalled stderr is for -w's lines. A refusal to start waits
	 * for stderr to take its one line, as any program's error does:
	 * where sexton may refuse, the stall ends. */
	if (m->stall != STALL_NONE)
		m->warn = 1;
	if (m->stall == STALL_ALL && ((m->refuse >= 0 && !sexton_asan) ||
	    m->nofile > 0))
		m->stall = STALL_PART;
	if (m->refuse >= 0)
		snprintf(refuse, sizeof refuse, "+refuse(%s,%s%s)",
		    calls[m->refuse].name, err == EPERM ? "EPERM" : "ENOSYS",
		    sexton_asan ? ",off: ASan" : "");
	if (m->nofile > 0)
		snprintf(fds, sizeof fds, "+nofile%d", m->nofile);
	snprintf(name, len, "%s%s%s%s%s%s%s%s%s%s", m->pid1 ? "pid1" : "sub",
	    m->warn ? "+w" : "", m->watch ? "+watch" : "", lim[m->limit],
	    m->limit == LIM_AS && sexton_asan ? "(off: ASan)" : "",
	    tty_name[m->tty], stall_name[m->stall], refuse, fds,
	    m->enter ? "+enter" : "");
	if (m->limit == LIM_AS && sexton_asan)
		m->limit = LIM_NONE;
	/* AddressSanitizer's own calls, from main on, would be refused. */
	if (sexton_asan)
		m->refuse = -1;
}

static void failf(struct chaos *c, const char *f, ...)
    __attribute__((format(printf, 2, 3)));

/* Records one broken invariant; a run goes on to check the others. */
static void failf(struct chaos *c, const char *f, ...)
{
	va_list ap;
	size_t room = sizeof c->fail - c->faillen;
	int n;

	if (room < 2)
		return;
	va_start(ap, f);
	n = vsnprintf(c->fail + c->faillen, room - 1, f, ap);
	va_end(ap);
	if (n < 0)
		return;
	c->faillen += (size_t)n < room - 1 ? (size_t)n : room - 2;
	c->fail[c->faillen++] = '\n';
	c->fail[c->faillen] = '\0';
}

static void notef(struct chaos *c, const char *f, ...)
    __attribute__((format(printf, 2, 3)));

/* Adds to what the ok line says. */
static void notef(struct chaos *c, const char *f, ...)
{
	size_t n = strlen(c->note);
	va_list ap;

	va_start(ap, f);
	vsnprintf(c->note + n, sizeof c->note - n, f, ap);
	va_end(ap);
}

/* /proc */

struct pinfo {
	pid_t pid, ppid, pgrp;
	char state;
	char comm[32];
};

struct plist {
	struct pinfo *p;
	size_t n, cap;
};

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

static int read_stat(pid_t pid, struct pinfo *pi)
{
	char path[64], buf[512], *open_, *close_;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (read_file(path, buf, sizeof buf) <= 0)
		return -1;
	open_ = strchr(buf, '(');
	close_ = strrchr(buf, ')');
	if (open_ == NULL || close_ == NULL || close_ < open_ ||
	    close_[1] == '\0')
		return -1;
	pi->pid = pid;
	snprintf(pi->comm, sizeof pi->comm, "%.*s", (int)(close_ - open_ - 1),
	    open_ + 1);
	pi->state = close_[2];
	if (sscanf(close_ + 4, "%d %d", &pi->ppid, &pi->pgrp) != 2)
		return -1;
	return 0;
}

static void plist_read(struct plist *l)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	l->n = 0;
	while (d != NULL && (e = readdir(d)) != NULL) {
		struct pinfo pi;

		if (!isdigit((unsigned char)e->d_name[0]) ||
		    read_stat((pid_t)atoi(e->d_name), &pi) < 0)
			continue;
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 512;
			l->p = realloc(l->p, l->cap * sizeof *l->p);
			if (l->p == NULL)
				abort();
		}
		l->p[l->n++] = pi;
	}
	if (d != NULL)
		closedir(d);
}

static const struct pinfo *plist_find(const struct plist *l, pid_t pid)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->p[i].pid == pid)
			return &l->p[i];
	return NULL;
}

/* Whether pid's chain of parents reaches top. */
static int descends(const struct plist *l, pid_t pid, pid_t top)
{
	for (int depth = 0; depth < 1000 && pid > 1; depth++) {
		const struct pinfo *p = plist_find(l, pid);

		if (p == NULL)
			return 0;
		if (p->ppid == top)
			return 1;
		pid = p->ppid;
	}
	return 0;
}

/* Whether pid's environment holds CHAOS_RUN=id. A zombie has none, but
 * a zombie of the run has a parent in it, which descends() finds. */
static int marked(pid_t pid, const char *id)
{
	char path[64], want[96];
	static char buf[1 << 16];
	int n;

	snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
	if ((n = read_file(path, buf, sizeof buf)) <= 0)
		return 0;
	snprintf(want, sizeof want, "CHAOS_RUN=%s", id);
	/* NUL-separated; read_file ends it with one more. */
	for (char *p = buf; p < buf + n; p += strlen(p) + 1)
		if (strcmp(p, want) == 0)
			return 1;
	return 0;
}

/* The processes of the run still there, other than outer, the sentinel
 * and, not PID 1, the outsider entered: under outer, or marked. */
static size_t leftovers(const struct chaos *c, struct plist *l,
    struct pinfo *out, size_t max)
{
	size_t k = 0;

	plist_read(l);
	for (size_t i = 0; i < l->n && k < max; i++) {
		const struct pinfo *p = &l->p[i];

		if (p->pid == c->outer || p->pid == c->sentinel ||
		    p->pid == getpid() || p->pid == c->enterer ||
		    (!c->m.pid1 && c->xpid > 0 && p->pid == c->xpid))
			continue;
		if (descends(l, p->pid, c->outer) || marked(p->pid, c->id))
			out[k++] = *p;
	}
	return k;
}

/* A field of /proc/PID/status, in base 10 or 16 (the signal masks). */
static uint64_t status_num(pid_t pid, const char *field, int base)
{
	char path[64], buf[2048], *p;
	size_t n = strlen(field);

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (read_file(path, buf, sizeof buf) <= 0)
		return 0;
	for (p = buf; p != NULL; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, field, n) == 0 && p[n] == ':')
			return strtoull(p + n + 1, NULL, base);
	}
	return 0;
}

/* Where in the kernel pid sleeps, for a report. */
static const char *wchan_of(pid_t pid, char *buf, size_t len)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/wchan", (int)pid);
	if (read_file(path, buf, len) <= 0)
		snprintf(buf, len, "-");
	return buf;
}

/* The load average, for a report: timing fails first on a busy box. */
static const char *load(void)
{
	static char buf[128];

	if (read_file("/proc/loadavg", buf, sizeof buf) <= 0)
		snprintf(buf, sizeof buf, "?");
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static char state_of(pid_t pid)
{
	struct pinfo pi;

	return read_stat(pid, &pi) == 0 ? pi.state : 0;
}

/* sexton's environment: ours and the run's marker. With ASan, no
 * LeakSanitizer: a SIGCONT that comes while it checks at exit cancels
 * the SIGSTOP it stops the process with, and it waits for ever (44 of
 * 50 times in a program that only exits, under a stream of SIGCONT).
 * That is no bug of sexton's, and this test sends SIGCONT. */
static char **environment(const char *id)
{
	extern char **environ;
	const char *asan = getenv("ASAN_OPTIONS");
	size_t n = 0, k = 0;
	char **env, *mark, *noleak;

	while (environ[n] != NULL)
		n++;
	env = calloc(n + 3, sizeof *env);
	if (env == NULL || asprintf(&mark, "CHAOS_RUN=%s", id) < 0 ||
	    asprintf(&noleak, "ASAN_OPTIONS=%s%sdetect_leaks=0",
	    asan ? asan : "", asan && *asan ? ":" : "") < 0)
		_exit(210);
	for (size_t i = 0; i < n; i++)
		if (!sexton_asan || strncmp(environ[i], "ASAN_OPTIONS=", 13))
			env[k++] = environ[i];
	env[k++] = mark;
	if (sexton_asan)
		env[k++] = noleak;
	return env;
}

static void drop_to(uid_t uid)
{
	if (setgroups(0, NULL) < 0 || setgid(uid) < 0 || setuid(uid) < 0)
		_exit(211);
}

/* One call asked about, once sexton's pid is known. */
static void answer(struct chaos *c)
{
	c->rf.nr = calls[c->m.refuse].nr;
	c->rf.err = c->m.refuse_err;
	c->rf.sexton = c->sexton;
	answer_call(c->lfd, &c->rf);
}

/* sexton, after the fork in outer: the terminal, the limits of the
 * mode, a clean signal state, the run's pipes, and the filter. */
static _Noreturn void exec_sexton(const struct chaos *c, int out, int err,
    int sock)
{
	char seed[24];
	char *argv[12], **env;
	int argc = 0, in, lfd;
	struct rlimit core = { 0, 0 }, as = { AS_LIMIT, AS_LIMIT };
	struct rlimit nproc = { NPROC_LIMIT, NPROC_LIMIT };
	struct rlimit nofile = { (rlim_t)c->m.nofile, (rlim_t)c->m.nofile };
	struct sigaction dfl;

	if (c->m.pid1) {
		umount2("/proc", MNT_DETACH);
		if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV |
		    MS_NOEXEC, NULL) < 0)
			_exit(212);
	}
	/* As docker run -it: PID 1 leads a session whose terminal it is. */
	if (c->m.tty != TTY_NONE && c->m.pid1 && (setsid() < 0 ||
	    ioctl(c->slave, TIOCSCTTY, 0) < 0))
		_exit(217);
	in = c->slave >= 0 ? c->slave : open("/dev/null", O_RDONLY |
	    O_CLOEXEC);
	if (in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
	    dup2(err, 2) < 0)
		_exit(213);
	/* Nothing of the test's but 0 to 2, whatever it inherited: the fd
	 * limit must count only those. */
	syscall(SYS_close_range, 3, ~0U, 4 /* CLOSE_RANGE_CLOEXEC */);
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	for (int sig = 1; sig <= 64; sig++)
		sigaction(sig, &dfl, NULL);
	setrlimit(RLIMIT_CORE, &core);
	if (c->m.limit == LIM_AS && setrlimit(RLIMIT_AS, &as) < 0)
		_exit(214);
	if (c->m.limit == LIM_NPROC) {
		if (setrlimit(RLIMIT_NPROC, &nproc) < 0)
			_exit(215);
		drop_to(CHAOS_UID);
	}
	snprintf(seed, sizeof seed, "%llu", c->seed);
	argv[argc++] = (char *)sexton_bin;
	argv[argc++] = "-t";
	argv[argc++] = GRACE;
	if (c->m.warn)
		argv[argc++] = "-w";
	if (c->m.watch)
		argv[argc++] = "--watch-zombies=2,50ms";
	argv[argc++] = "--";
	argv[argc++] = TREE;
	argv[argc++] = seed;
	argv[argc] = NULL;
	env = environment(c->id);
	mask_all(0);
	/* Then nothing but the exec: the test answers the calls once it
	 * has the listener. */
	if (c->m.refuse >= 0) {
		if ((lfd = install_filter(calls[c->m.refuse].nr)) < 0 ||
		    send_fd(sock, lfd) < 0)
			_exit(219);
		close(lfd);
	}
	/* Last: the listener needs an fd, and prlimit64(2) is never the
	 * call refused. What is open above the limit is close-on-exec. */
	if (c->m.nofile > 0 && setrlimit(RLIMIT_NOFILE, &nofile) < 0)
		_exit(218);
	execve(sexton_bin, argv, env);
	dprintf(2, "chaos: exec %s: %s\n", sexton_bin, strerror(errno));
	_exit(216);
}

/* outer: starts the sentinel, then sexton (as PID 1 of a new namespace,
 * or not); tells the test their pids, then sexton's wait status; and
 * once the test closes ctl, reaps whatever is left. It is a subreaper,
 * so that what sexton leaves behind comes to it, not to init. With a
 * terminal and sexton not PID 1, outer leads the terminal's session, as
 * a shell does, and the sentinel and sexton are in its foreground. */
static _Noreturn void outer(const struct chaos *c, int out, int err,
    int info, int ctl, int sent, int sock)
{
	int ready[2], st;
	pid_t pids[2];
	char b;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (c->m.tty != TTY_NONE && !c->m.pid1) {
		if (setsid() < 0 || ioctl(c->slave, TIOCSCTTY, 0) < 0)
			_exit(225);
	} else {
		setpgid(0, 0);
	}
	/* Should sexton signal its own group, the sentinel says so. */
	mask_all(1);
	if (pipe2(ready, O_CLOEXEC) < 0)
		_exit(220);
	pids[0] = fork();
	if (pids[0] == 0)
		sentinel(ready[1], sent);
	close(ready[1]);
	if (pids[0] < 0 || read(ready[0], &b, 1) != 1)
		_exit(221);
	if (c->m.pid1 && (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0))
		_exit(222);
	pids[1] = fork();
	if (pids[1] == 0)
		exec_sexton(c, out, err, sock);
	if (pids[1] < 0 || write(info, pids, sizeof pids) != sizeof pids)
		_exit(223);
	while (waitpid(pids[1], &st, 0) < 0)
		if (errno != EINTR)
			_exit(224);
	(void)!write(info, &st, sizeof st);
	while (read(ctl, &b, 1) < 0 && errno == EINTR)
		;
	kill(pids[0], SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	_exit(0);
}

/* Fills a pipe's write end, as a reader that stopped long ago leaves
 * it, and leaves it blocking, as a log driver's pipe is: how much it
 * took. */
static size_t fill_pipe(int fd)
{
	char buf[4096];
	size_t total = 0;
	ssize_t n;
	int fl = fcntl(fd, F_GETFL);

	memset(buf, '.', sizeof buf);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while ((n = write(fd, buf, sizeof buf)) > 0)
		total += (size_t)n;
	/* The last page may take part of a write. */
	while ((n = write(fd, buf, 1)) > 0)
		total += (size_t)n;
	fcntl(fd, F_SETFL, fl);
	return total;
}

static int start(struct chaos *c)
{
	int out[2], err[2], info[2], ctl[2], sent[2], sock[2] = { -1, -1 };
	int master = -1;
	pid_t pids[2];
	struct pollfd p;

	c->slave = -1;
	if (c->m.tty != TTY_NONE) {
		struct pty t;

		if (pty_open(&t, &c->slave, 24, 80) < 0)
			return -1;
		master = t.fd;
	}
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 ||
	    pipe2(info, O_CLOEXEC) < 0 || pipe2(ctl, O_CLOEXEC) < 0 ||
	    pipe2(sent, O_CLOEXEC | O_NONBLOCK) < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock) < 0)
		return -1;
	/* On a terminal, sexton's stdout and stderr are the terminal's; a
	 * stalled stderr is a pipe still. */
	if (master >= 0) {
		close(out[0]);
		close(out[1]);
		out[0] = master;
		out[1] = c->slave;
		if (c->m.stall == STALL_NONE) {
			close(err[0]);
			close(err[1]);
			err[0] = -1;
			err[1] = c->slave;
		}
	}
	if (c->m.stall != STALL_NONE)
		c->fill = c->filled = fill_pipe(err[1]);
	fflush(NULL);
	c->outer = fork();
	if (c->outer == 0) {
		if (master >= 0)
			close(master);
		else
			close(out[0]);
		if (err[0] >= 0)
			close(err[0]);
		close(info[0]);
		close(ctl[1]);
		close(sent[0]);
		close(sock[0]);
		outer(c, out[1], err[1], info[1], ctl[0], sent[1], sock[1]);
	}
	if (master < 0)
		close(out[1]);
	if (err[1] != c->slave)
		close(err[1]);
	if (c->slave >= 0)
		close(c->slave);
	c->slave = -1;
	close(info[1]);
	close(ctl[0]);
	close(sent[1]);
	close(sock[1]);
	c->out = out[0];
	c->err = err[0];
	if (c->err >= 0)
		fcntl(c->err, F_SETFL, fcntl(c->err, F_GETFL) | O_NONBLOCK);
	c->info = info[0];
	c->ctl = ctl[1];
	c->sent = sent[0];
	c->sock = sock[0];
	if (c->outer < 0)
		return -1;
	p.fd = c->info;
	p.events = POLLIN;
	if (poll(&p, 1, START_MS) != 1 ||
	    read(c->info, pids, sizeof pids) != sizeof pids)
		return -1;
	c->sentinel = pids[0];
	c->sexton = pids[1];
	if (c->m.refuse >= 0) {
		p.fd = c->sock;
		if (poll(&p, 1, START_MS) != 1 ||
		    (c->lfd = recv_fd(c->sock)) < 0)
			return -1;
	}
	return 0;
}

/* Reading what the run writes. */

static void drain(int *fd, char *buf, size_t *len, size_t cap,
    size_t *lost, size_t *skip, char *got, size_t *ngot)
{
	char tmp[4096];
	ssize_t n = read(*fd, tmp, sizeof tmp);
	size_t from = 0;

	*ngot = 0;
	if (n <= 0) {
		/* A terminal whose slave side is closed says EIO. */
		if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
			close(*fd);
			*fd = -1;
		}
		return;
	}
	/* The filler of a stalled pipe is not the run's. */
	if (skip != NULL && *skip > 0) {
		from = *skip < (size_t)n ? *skip : (size_t)n;
		*skip -= from;
	}
	n -= (ssize_t)from;
	memcpy(got, tmp + from, (size_t)n);
	*ngot = (size_t)n;
	/* Keeps the head: what went wrong first is there. */
	if ((size_t)n > cap - 1 - *len) {
		*lost += (size_t)n - (cap - 1 - *len);
		n = (ssize_t)(cap - 1 - *len);
	}
	memcpy(buf + *len, tmp + from, (size_t)n);
	*len += (size_t)n;
	buf[*len] = '\0';
}

/* "expect exit N at T" or "expect signal N at T", as the code sexton
 * must give; T is the root's own time. */
static void parse_expect(struct chaos *c, const char *e, long long now)
{
	long long at = 0;
	int n;

	if (c->t_root != 0)
		return;
	c->t_root = now;
	if (sscanf(e, "expect exit %d at %lld", &n, &at) >= 1 && n >= 0 &&
	    n < 256)
		c->expect = n;
	else if (sscanf(e, "expect signal %d at %lld", &n, &at) >= 1 &&
	    n > 0 && n < 65)
		c->expect = 128 + n;
	else
		failf(c, "the root's line is not understood: %.60s", e);
	c->root_at = at;
}

/* Adds buf to the line being read, line; calls take for each whole
 * one, without its carriage returns. */
static void lines(struct chaos *c, char *line, size_t *len, size_t cap,
    const char *buf, size_t n, long long now,
    void (*take)(struct chaos *, const char *, long long))
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (buf[i] != '\r' && *len < cap - 1)
				line[(*len)++] = buf[i];
			continue;
		}
		line[*len] = '\0';
		*len = 0;
		take(c, line, now);
	}
}

/* A line of stderr: the warnings that say what sexton cannot help.
 * Read as they come, since -w's lines may fill the buffers first. */
static void take_err(struct chaos *c, const char *l, long long now)
{
	(void)now;
	if (strstr(l, "cannot walk the descendants") != NULL)
		c->warned |= WARN_WALK;
	if (strstr(l, "cannot become a subreaper") != NULL)
		c->warned |= WARN_SUBREAPER;
}

/* A line of stdout: on a terminal, sexton's lines, the root's line on
 * stderr and the echo of what was typed come there too. */
static void take_out(struct chaos *c, const char *l, long long now)
{
	char want[64];
	const char *e;

	snprintf(want, sizeof want, "tree %llu started", c->seed);
	if (strstr(l, want) != NULL)
		c->started = 1;
	if ((e = strstr(l, "expect exit ")) != NULL ||
	    (e = strstr(l, "expect signal ")) != NULL)
		parse_expect(c, e, now);
	take_err(c, l, now);
}

/* What the entered process says: "entered ready pid P at T", "entered
 * term at T", "entered done at T". */
static void take_entered(struct chaos *c)
{
	char *nl;

	while ((nl = memchr(c->xbuf, '\n', c->xlen)) != NULL) {
		long long t;
		int pid;

		*nl = '\0';
		if (sscanf(c->xbuf, "entered ready pid %d at %lld", &pid,
		    &t) == 2) {
			c->x_ready = t;
			c->xpid = pid;
		} else if (sscanf(c->xbuf, "entered term at %lld", &t) == 1) {
			c->x_term = t;
		} else if (sscanf(c->xbuf, "entered done at %lld", &t) == 1) {
			c->x_done = t;
		} else if (sscanf(c->xbuf, "entered late at %lld", &t) == 1) {
			c->x_late = t;
		} else {
			failf(c, "the entered process said: %.80s", c->xbuf);
		}
		c->xlen -= (size_t)(nl + 1 - c->xbuf);
		memmove(c->xbuf, nl + 1, c->xlen);
	}
}

static void read_entered(struct chaos *c)
{
	ssize_t n = read(c->xout, c->xbuf + c->xlen,
	    sizeof c->xbuf - 1 - c->xlen);

	if (n <= 0) {
		if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
			close(c->xout);
			c->xout = -1;
		}
		return;
	}
	c->xlen += (size_t)n;
	take_entered(c);
	if (c->xlen == sizeof c->xbuf - 1)
		c->xlen = 0;
}

static void collect_status(struct chaos *c, long long now)
{
	if (read(c->info, &c->status, sizeof c->status) ==
	    sizeof c->status) {
		c->ended = 1;
		c->t_end = now;
	} else {
		close(c->info);
		c->info = -1;
	}
}

/* Whether stderr is read now: a stall ends at its time, or with sexton
 * (LLONG_MAX: all of the run). */
static int err_read(struct chaos *c, long long now)
{
	if (c->m.stall == STALL_NONE || c->stall_until == 0)
		return 1;
	if (!c->ended && now < c->stall_until)
		return 0;
	c->stall_ms = now - c->t_start;
	c->stall_until = 0;
	return 1;
}

/* Waits up to ms for output, a call to answer, the entered process's
 * lines, or sexton's end. */
static void pump(struct chaos *c, int ms)
{
	long long now = now_ms();
	struct pollfd p[5] = { { c->out, POLLIN, 0 },
		{ err_read(c, now) ? c->err : -1, POLLIN, 0 },
		{ c->info, POLLIN, 0 }, { c->lfd, POLLIN, 0 },
		{ c->xout, POLLIN, 0 } };
	int st;

	if (c->enterer > 0 && !c->x_ended &&
	    waitpid(c->enterer, &st, WNOHANG) == c->enterer) {
		c->x_ended = 1;
		c->x_status = st;
	}
	if (ms < 0)
		ms = 0;
	if (poll(p, 5, ms) <= 0)
		return;
	now = now_ms();
	if (p[3].revents & POLLIN) {
		for (int i = 0; i < 64 && (p[3].revents & POLLIN); i++) {
			answer(c);
			if (poll(&p[3], 1, 0) != 1)
				break;
		}
	} else if (p[3].revents) {
		/* No process uses the filter any more. */
		close(c->lfd);
		c->lfd = -1;
	}
	if (p[0].revents) {
		char got[4096];
		size_t n;

		drain(&c->out, c->outbuf, &c->outlen, sizeof c->outbuf,
		    &c->outlost, NULL, got, &n);
		lines(c, c->line, &c->linelen, sizeof c->line, got, n, now,
		    take_out);
	}
	if (p[1].revents) {
		char got[4096];
		size_t n;

		drain(&c->err, c->errbuf, &c->errlen, sizeof c->errbuf,
		    &c->errlost, &c->fill, got, &n);
		lines(c, c->eline, &c->elinelen, sizeof c->eline, got, n, now,
		    take_err);
	}
	if (p[4].revents)
		read_entered(c);
	if (p[2].revents)
		collect_status(c, now);
}

/* Ends a sexton that would not end, and collects it. */
static void stop_sexton(struct chaos *c)
{
	long long end = now_ms() + CLEAN_MS;

	if (c->ended)
		return;
	c->killed = 1;
	kill(c->sexton, SIGKILL);
	while (!c->ended && c->info >= 0 && now_ms() < end)
		pump(c, 5);
}

/* Waiting for the start: signals before sexton blocks them would kill
 * it, and signals it forwards before the root catches them would end
 * the root; neither is what this test is about. */

/* The root is the child of sexton that catches every signal it can
 * but SIGCHLD: the orphans sexton adopts are named tree too, but start
 * with the default actions, and those forked before their reset are
 * the root's children, not sexton's. */
static int root_ready(struct chaos *c)
{
	const uint64_t want = ~(1ULL << (SIGKILL - 1) | 1ULL << (SIGSTOP - 1) |
	    1ULL << (SIGCHLD - 1));
	struct plist l = { 0 };

	plist_read(&l);
	for (size_t i = 0; i < l.n && c->root == 0; i++)
		if (l.p[i].ppid == c->sexton &&
		    strcmp(l.p[i].comm, "tree") == 0 &&
		    (status_num(l.p[i].pid, "SigCgt", 16) & want) == want)
			c->root = l.p[i].pid;
	free(l.p);
	return c->root != 0;
}

static int sexton_ready(const struct chaos *c)
{
	char path[64], comm[64];
	const char *base = strrchr(sexton_bin, '/');

	base = base != NULL ? base + 1 : sexton_bin;
	snprintf(path, sizeof path, "/proc/%d/comm", (int)c->sexton);
	if (read_file(path, comm, sizeof comm) <= 0)
		return 0;
	comm[strcspn(comm, "\n")] = '\0';
	return strncmp(comm, base, 15) == 0 &&
	    (status_num(c->sexton, "SigBlk", 16) & 1ULL << (SIGTERM - 1));
}

static int wait_start(struct chaos *c)
{
	long long end = now_ms() + START_MS;

	/* A short run may end before we see it start, and a sexton that
	 * refuses to start ends at once; the checks after the end still
	 * hold. */
	while (!c->ended && now_ms() < end) {
		if (sexton_ready(c) && root_ready(c))
			return 0;
		pump(c, 2);
	}
	if (c->ended)
		return 0;
	failf(c, "sexton (pid %d) and the root (pid %d) not set up within "
	    "%d ms", (int)c->sexton, (int)c->root, START_MS);
	stop_sexton(c);
	return -1;
}

/* The signals. */

static int job_control(int sig)
{
	return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void send_sig(struct chaos *c, int sig, long long now)
{
	c->log[c->nsent % NLOG] = sig;
	c->logt[c->nsent % NLOG] = now - c->t_start;
	c->nsent++;
	/* The raw number: 32 and 33 too, which glibc keeps for itself. */
	kill(c->sexton, sig);
}

/* One random signal, 1 to 64 but KILL and STOP. After a TSTP, TTIN or
 * TTOU comes a SIGCONT, and no other of those four until then. */
static void send_random(struct chaos *c, long long now)
{
	int sig;

	do
		sig = 1 + pick(&c->rng, 64);
	while (sig == SIGKILL || sig == SIGSTOP || (c->cont_pending &&
	    (job_control(sig) || sig == SIGCONT)));
	send_sig(c, sig, now);
	if (job_control(sig)) {
		c->cont_pending = 1;
		c->cont_after = now + pick(&c->rng, 20);
		c->cont_latest = now + SLACK_MS;
	}
}

/* As a subreaper, sexton stops itself after forwarding a job-control
 * signal, until SIGCONT; the SIGCONT waits until it has: one sent
 * between its reading the signal and its stop would be discarded by
 * the stop, and leave it stopped for good. That race is in the design
 * (dumb-init's too); this test is about others. */
static void maybe_continue(struct chaos *c, long long now)
{
	char s;

	if (!c->cont_pending || now < c->cont_after)
		return;
	s = state_of(c->sexton);
	if (c->m.pid1 || s == 'T' || now >= c->cont_latest) {
		send_sig(c, SIGCONT, now);
		c->cont_pending = 0;
	}
}

/* The time to the next signal, ms. */
static int next_gap(struct chaos *c)
{
	switch (c->pace) {
	case PACE_SPARSE:
		return 20 + pick(&c->rng, 200);
	case PACE_STEADY:
		return pick(&c->rng, 26);
	default:
		return pick(&c->rng, 4);
	}
}

/* The terminal's keys: Ctrl-C, Ctrl-Z and Ctrl-\ make the terminal
 * signal its foreground group; lines are only echoed, since nothing of
 * the tree reads them. The root catches all three signals, so its
 * status stays what it says. */
static const struct key {
	const char *text, *shown;
	int sig;
} keys[] = {
	{ CTRL_C, "^C", SIGINT }, { CTRL_Z, "^Z", SIGTSTP },
	{ "\034", "^\\", SIGQUIT }, { "some words typed\r", "line", 0 },
	{ "x", "x", 0 }, { CTRL_C, "^C", SIGINT },
};
#define NKEYKINDS ((int)(sizeof keys / sizeof keys[0]))

static void type_key(struct chaos *c, long long now)
{
	int k = pick(&c->xrng, NKEYKINDS);

	c->next_key = now + 20 + pick(&c->xrng, 250);
	if (c->out < 0)
		return;
	(void)!write(c->out, keys[k].text, strlen(keys[k].text));
	c->typed[c->ntyped % NKEYS] = k;
	c->typedt[c->ntyped % NKEYS] = now - c->t_start;
	c->ntyped++;
	if (keys[k].sig != 0)
		c->typed_sigs |= 1 << keys[k].sig;
}

/* The enterer could not enter: sexton's namespace is gone. When. */
static _Noreturn void late(int fd, int code)
{
	dprintf(fd, "entered late at %lld\n", now_ms());
	_exit(code);
}

/* The entered process: started from outside the run, as docker exec
 * starts one in a container. As PID 1: in sexton's PID namespace, in a
 * session of its own, as sexton's user; the enterer waits for it from
 * outside, as runc does. Not PID 1: in sexton's process group where it
 * can join it (outer's, but for a terminal's session, which is not
 * ours), outside sexton's subtree. It is tree entered LIFE LINGER,
 * marked as the run's. */
static void enter(struct chaos *c, long long now)
{
	char life[24], linger[24], path[64];
	char *argv[] = { TREE, "entered", life, linger, NULL };
	int p[2], st;
	pid_t x;

	c->enter_at = 0;
	c->x_launch = now;
	snprintf(life, sizeof life, "%lld", c->x_life);
	snprintf(linger, sizeof linger, "%lld", c->x_linger);
	if (pipe2(p, O_CLOEXEC) < 0)
		return;
	fflush(NULL);
	c->enterer = fork();
	if (c->enterer == 0) {
		int null, fd;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (c->m.pid1) {
			snprintf(path, sizeof path, "/proc/%d/ns/pid",
			    (int)c->sexton);
			if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
			    setns(fd, CLONE_NEWPID) < 0)
				late(p[1], 200);
		} else {
			setpgid(0, c->outer);
		}
		/* A namespace whose PID 1 is gone takes no new process. */
		x = fork();
		if (x < 0)
			late(p[1], 201);
		if (x == 0) {
			struct sigaction dfl;

			null = open("/dev/null", O_RDWR | O_CLOEXEC);
			if (null < 0 || dup2(null, 0) < 0 || dup2(p[1], 1) < 0 ||
			    dup2(null, 2) < 0)
				_exit(202);
			if (c->m.pid1)
				setsid();
			if (c->m.limit == LIM_NPROC)
				drop_to(CHAOS_UID);
			/* After the change of user, which clears it. */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			memset(&dfl, 0, sizeof dfl);
			dfl.sa_handler = SIG_DFL;
			for (int sig = 1; sig <= 64; sig++)
				sigaction(sig, &dfl, NULL);
			mask_all(0);
			/* Made here: the test's own leak check must not see it. */
			execve(TREE, argv, environment(c->id));
			_exit(203);
		}
		while (waitpid(x, &st, 0) < 0)
			if (errno != EINTR)
				_exit(204);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	}
	close(p[1]);
	if (c->enterer < 0) {
		close(p[0]);
		c->enterer = 0;
		failf(c, "cannot fork the enterer: %s", strerror(errno));
		return;
	}
	c->xout = p[0];
}

/* Sends signals at random intervals, types at the terminal, enters the
 * outsider, until sexton ends or the deadline: 5 s for the root to end,
 * then the grace and SLACK_MS for sexton. */
static void chaos_loop(struct chaos *c, long long enter_delay)
{
	long long now = now_ms(), deadline = now + ROOT_MS;
	long long next_sig = c->pace == PACE_QUIET ? LLONG_MAX : now;
	long long wait;
	int burst = 1;

	c->next_key = c->m.tty == TTY_INPUT ? now + pick(&c->xrng, 200) :
	    LLONG_MAX;
	c->enter_at = c->m.enter ? now + enter_delay : 0;
	while (!c->ended) {
		now = now_ms();
		if (c->t_root != 0)
			deadline = c->t_root + GRACE_MS + SLACK_MS;
		if (now >= deadline)
			break;
		maybe_continue(c, now);
		if (now >= next_sig) {
			while (burst-- > 0)
				send_random(c, now);
			burst = pick(&c->rng, 8) == 0 ?
			    2 + pick(&c->rng, 9) : 1;
			next_sig = now + next_gap(c);
		}
		if (now >= c->next_key)
			type_key(c, now);
		if (c->enter_at != 0 && now >= c->enter_at)
			enter(c, now);
		wait = next_sig - now;
		if (c->next_key - now < wait)
			wait = c->next_key - now;
		if (c->enter_at != 0 && c->enter_at - now < wait)
			wait = c->enter_at - now;
		if (c->stall_until != 0 && c->stall_until != LLONG_MAX &&
		    c->stall_until - now < wait)
			wait = c->stall_until - now;
		if (c->cont_pending && wait > 2)
			wait = 2;	/* to see sexton stop */
		if (wait > deadline - now)
			wait = deadline - now;
		pump(c, (int)(wait > 0 ? wait : 0));
	}
}

static void describe_tree(struct chaos *c)
{
	struct plist l = { 0 };
	char wchan[64];
	int shown = 0;

	plist_read(&l);
	for (size_t i = 0; i < l.n; i++) {
		const struct pinfo *p = &l.p[i];

		if (p->pid != c->sentinel && descends(&l, p->pid, c->outer) &&
		    shown++ < 40)
			failf(c, "  still there: pid %d (%s) state %c "
			    "wchan %s parent %d", (int)p->pid, p->comm,
			    p->state, wchan_of(p->pid, wchan, sizeof wchan),
			    (int)p->ppid);
	}
	free(l.p);
}

/* The run did not end in time: say what was there, then end it. */
static void overtime(struct chaos *c)
{
	char wchan[64], st = state_of(c->sexton);
	long long end;

	c->late = 1;
	if (c->t_root == 0)
		failf(c, "the root announced no status within %d ms",
		    ROOT_MS);
	else
		failf(c, "sexton did not end within %d ms (grace %d + %d) of "
		    "the root's end", GRACE_MS + SLACK_MS, GRACE_MS, SLACK_MS);
	failf(c, "  sexton pid %d state %c wchan %s, tracer %d, pending %llx "
	    "%llx, blocked %llx; load %s", (int)c->sexton,
	    st ? st : '-', wchan_of(c->sexton, wchan, sizeof wchan),
	    (int)status_num(c->sexton, "TracerPid", 10),
	    (unsigned long long)status_num(c->sexton, "SigPnd", 16),
	    (unsigned long long)status_num(c->sexton, "ShdPnd", 16),
	    (unsigned long long)status_num(c->sexton, "SigBlk", 16), load());
	describe_tree(c);
	/* A sexton stopped for good is one finding; one that then ends
	 * is told apart from one that never does. */
	kill(c->sexton, SIGCONT);
	end = now_ms() + 2000;
	while (!c->ended && now_ms() < end)
		pump(c, 5);
	if (c->ended && c->t_root != 0)
		failf(c, "  it ended %lld ms after the root's end once "
		    "continued", c->t_end - c->t_root);
	else if (c->ended)
		failf(c, "  it ended once continued");
	stop_sexton(c);
}

/* The checks after the end. */

/* Reads what is left on stdout and stderr, the stalled one too. */
static void drain_rest(struct chaos *c)
{
	long long end = now_ms() + 500;
	struct pollfd p[2];

	do {
		p[0] = (struct pollfd){ c->out, POLLIN, 0 };
		p[1] = (struct pollfd){ c->err, POLLIN, 0 };
		if (poll(p, 2, 0) <= 0)
			break;
		pump(c, 0);
	} while (now_ms() < end);
}

/* sexton's stderr: the terminal's output, unless stderr is a pipe. */
static const char *err_text(const struct chaos *c)
{
	return c->m.tty != TTY_NONE && c->m.stall == STALL_NONE ?
	    c->outbuf : c->errbuf;
}

/* Whether a line of stderr holds what. */
static int said(const struct chaos *c, const char *what)
{
	return strstr(err_text(c), what) != NULL;
}

/* The lines "sexton: ...", and the lines that are not sexton's. */
static void count_lines(const char *text, int *plain, int *other)
{
	*plain = *other = 0;
	for (const char *l = text; *l != '\0';) {
		const char *nl = strchr(l, '\n');

		if (strncmp(l, "sexton: ", 8) == 0)
			(*plain)++;
		else if (strncmp(l, "sexton[", 7) != 0 && *l != '\n' &&
		    *l != '\r')
			(*other)++;
		if (nl == NULL)
			break;
		l = nl + 1;
	}
}

/* Where a call is refused or fds are few, sexton may refuse to start:
 * the command never ran, it exits 124 or 125 (126 if the refused call
 * is execve(2) itself, and the line names the command), and stderr is
 * one line "sexton: ..." (of sexton's, if it ran: the child's). */
static void check_refusal(struct chaos *c, int code)
{
	int exec = c->m.refuse >= 0 && calls[c->m.refuse].nr == SYS_execve;
	int plain, other;

	if (c->m.refuse < 0 && c->m.nofile == 0) {
		failf(c, "the command never ran, and sexton exited %d", code);
		return;
	}
	if (exec ? code != 126 : code != 124 && code != 125)
		failf(c, "the command never ran, and sexton exited %d (want "
		    "%s)", code, exec ? "126: the command cannot be run" :
		    "124 or 125: a refusal to start");
	count_lines(err_text(c), &plain, &other);
	if (plain != 1 || other != 0)
		failf(c, "the command never ran, and stderr is not one line "
		    "'sexton: ...' (%d such, %d others)", plain, other);
	else if (exec && !said(c, TREE))
		failf(c, "the line does not name the command");
	else
		notef(c, "; refused to start: %d", code);
}

static void check_status(struct chaos *c)
{
	int code;

	if (!c->ended) {
		failf(c, "sexton (pid %d) could not be collected",
		    (int)c->sexton);
		return;
	}
	if (c->killed)
		return;
	if (WIFSIGNALED(c->status)) {
		failf(c, "sexton was killed by signal %d",
		    WTERMSIG(c->status));
		return;
	}
	code = WEXITSTATUS(c->status);
	if (code >= 211 && code <= 225 && !c->started)
		failf(c, "the test could not start sexton (%d)", code);
	else if (!c->started)
		check_refusal(c, code);
	else if (c->t_root == 0)
		failf(c, "sexton exited %d before the root announced its "
		    "status", code);
	else if (c->expect >= 0 && code != c->expect)
		failf(c, "sexton exited %d; the root ended with %d", code,
		    c->expect);
	if (c->t_root != 0 && !c->late &&
	    c->t_end - c->t_root > GRACE_MS + SLACK_MS)
		failf(c, "sexton ended %lld ms after the root's end, past the "
		    "grace %d + %d", c->t_end - c->t_root, GRACE_MS, SLACK_MS);
}

/* What sexton may leave, not PID 1, where it says it cannot help it:
 * refused prctl(2), it is no subreaper, and the orphans go to outer;
 * without /proc (a call refused, no fd left) it signals the command's
 * group alone, so that what left the group may stay. Both are warned
 * of; a stalled stderr may have dropped the warning, and with write(2)
 * refused none can be written. 0: nothing. */
static int excused(const struct chaos *c, const struct pinfo *p,
    const char **why)
{
	int mute = c->m.refuse >= 0 && calls[c->m.refuse].nr == SYS_write;
	int dropped = mute || (c->m.stall != STALL_NONE &&
	    (c->m.refuse >= 0 || c->m.nofile > 0));

	if (c->m.pid1)
		return 0;
	if ((c->warned & WARN_SUBREAPER) || (dropped && c->m.refuse >= 0 &&
	    calls[c->m.refuse].nr == SYS_prctl)) {
		*why = "sexton could not become a subreaper";
		return 1;
	}
	/* On a terminal, not PID 1, the command is in sexton's group,
	 * which sexton cannot signal. */
	if (((c->warned & WARN_WALK) || dropped) &&
	    (c->m.tty != TTY_NONE || p->pgrp != c->root)) {
		*why = c->m.tty != TTY_NONE ? "sexton could not walk /proc, "
		    "and the command shares its group" : "sexton could not "
		    "walk /proc, and they left the command's group";
		return 1;
	}
	return 0;
}

static void check_leftovers(struct chaos *c)
{
	struct plist l = { 0 };
	struct pinfo left[40];
	size_t n = leftovers(c, &l, left, 40), bad = 0, ok = 0;
	const char *why = NULL;

	for (size_t i = 0; i < n; i++) {
		if (excused(c, &left[i], &why)) {
			ok++;
			continue;
		}
		if (bad++ == 0)
			failf(c, "processes of the run outlived sexton:");
		failf(c, "  pid %d (%s) state %c parent %d group %d",
		    (int)left[i].pid, left[i].comm, left[i].state,
		    (int)left[i].ppid, (int)left[i].pgrp);
	}
	if (ok > 0)
		notef(c, "; %zu left, as warned: %s", ok, why);
	free(l.p);
}

/* Not PID 1 on a terminal, sexton is a job of the shell's (outer's):
 * once it has ended, the terminal's foreground is the shell's group
 * again, whatever was typed, as after any other job. */
static void check_terminal(struct chaos *c)
{
	pid_t fg = 0;

	if (c->m.tty == TTY_NONE || c->m.pid1 || c->out < 0 || !c->ended)
		return;
	if (ioctl(c->out, TIOCGPGRP, &fg) < 0)
		failf(c, "the terminal's foreground cannot be read: %s",
		    strerror(errno));
	else if (fg != c->outer)
		failf(c, "once sexton ended, the terminal's foreground is "
		    "group %d, not the shell's (%d)", (int)fg, (int)c->outer);
}

static void check_sentinel(struct chaos *c)
{
	int rec[3], kernel = 0;
	char s = state_of(c->sentinel);

	while (read(c->sent, rec, sizeof rec) == sizeof rec) {
		/* Not PID 1 on a terminal, the sentinel is in the
		 * terminal's foreground group with sexton, and gets the
		 * signals of the keys typed from the terminal itself. */
		if (rec[1] == 0 && rec[2] == SI_KERNEL && rec[0] > 0 &&
		    rec[0] < 32 && (c->typed_sigs & 1 << rec[0])) {
			kernel++;
			continue;
		}
		failf(c, "the sentinel (pid %d, outside sexton's subtree) got "
		    "signal %d from pid %d (code %d)", (int)c->sentinel,
		    rec[0], rec[1], rec[2]);
	}
	if (kernel > 0)
		notef(c, "; the sentinel got %d from the keys", kernel);
	if (s != 'S' && s != 'R')
		failf(c, "the sentinel (pid %d) is in state %c",
		    (int)c->sentinel, s ? s : '-');
}

/* As PID 1, the entered process must get TERM at the end, if it was
 * there before the end began, and its grace: one that needs at most
 * ENTER_QUICK_MS after its TERM finishes before sexton ends, and sexton
 * never ends before the grace is over while it is there. Not PID 1, it
 * must get no signal at all. */
static void check_entered(struct chaos *c)
{
	long long end = now_ms() + CLEAN_MS;
	int st = c->x_status, code;

	if (c->enterer <= 0)
		return;
	/* As PID 1, it goes with the namespace at the latest. */
	while (c->m.pid1 && (!c->x_ended || c->xout >= 0) && now_ms() < end)
		pump(c, 5);
	if (c->xout >= 0)
		pump(c, 0);
	code = !c->x_ended ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) :
	    128 + WTERMSIG(st);
	if (!c->m.pid1) {
		if (c->x_term != 0)
			failf(c, "the outsider (pid %d), not in sexton's "
			    "subtree, got TERM", (int)c->xpid);
		if (code > 0)
			failf(c, "the outsider (pid %d), not in sexton's "
			    "subtree, ended with %d", (int)c->xpid, code);
		notef(c, "; an outsider %s", c->x_ready ? "came" : "came late");
		return;
	}
	if (!c->x_ended) {
		failf(c, "the entered process (pid %d in the namespace) "
		    "outlived sexton's namespace", (int)c->xpid);
		return;
	}
	if (code == 200 || code == 201) {
		if (c->root_at == 0 || c->x_late < c->root_at)
			failf(c, "the enterer could not enter sexton's namespace "
			    "%lld ms before the root's end", c->root_at -
			    c->x_late);
		else
			notef(c, "; entered too late");
		return;
	}
	if (c->x_ready == 0 || c->killed)
		return;
	if (code != 0 && code != 128 + SIGKILL)
		failf(c, "the entered process ended with %d", code);
	if (c->x_ready < c->root_at && c->x_term == 0 && c->x_done == 0)
		failf(c, "the entered process was there %lld ms before the "
		    "end began, but got no TERM", c->root_at - c->x_ready);
	if (c->x_term != 0 && c->x_done == 0 &&
	    c->x_linger <= ENTER_QUICK_MS)
		failf(c, "the entered process needed %lld ms after its TERM, "
		    "within the grace of %d ms, but was killed first",
		    c->x_linger, GRACE_MS);
	/* The end, and its grace, began after the root's last line. */
	if (c->x_term != 0 && c->x_done == 0 &&
	    c->t_end < c->root_at + GRACE_MS)
		failf(c, "sexton ended %lld ms after the root's end, before "
		    "the grace of %d ms was over, with the entered process "
		    "still there", c->t_end - c->root_at, GRACE_MS);
	if (c->x_term != 0)
		notef(c, "; entered: TERM at %+lld ms of the root's end, %s",
		    c->x_term - c->root_at, c->x_done ? "done" : "KILLed");
	else
		notef(c, "; entered: %s", c->x_done ? "done by itself" :
		    "KILLed");
}

static void close_fds(struct chaos *c)
{
	int *fds[] = { &c->out, &c->err, &c->info, &c->ctl, &c->sent,
		&c->sock, &c->lfd, &c->xout };

	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

/* Kills what is left and has outer reap it all. */
static void cleanup(struct chaos *c)
{
	struct plist l = { 0 };
	struct pinfo left[64];
	long long end;
	size_t n;
	int st;

	if (c->enterer > 0 && !c->x_ended) {
		if (!c->m.pid1 && c->xpid > 0)
			kill(c->xpid, SIGKILL);
		kill(c->enterer, SIGKILL);
		waitpid(c->enterer, &st, 0);
		c->x_ended = 1;
	}
	if (c->outer <= 0)
		return;
	if (c->sexton > 0)
		stop_sexton(c);
	/* outer kills the sentinel and reaps till it has no child. */
	if (c->ctl >= 0)
		close(c->ctl);
	c->ctl = -1;
	end = now_ms() + CLEAN_MS;
	while ((n = leftovers(c, &l, left, 64)) > 0 && now_ms() < end) {
		for (size_t i = 0; i < n; i++)
			kill(left[i].pid, SIGKILL);
		pump(c, 5);
	}
	free(l.p);
	while (waitpid(c->outer, &st, WNOHANG) == 0) {
		if (now_ms() >= end) {
			printf("chaos: outer (pid %d) would not end\n",
			    (int)c->outer);
			kill(c->outer, SIGKILL);
			waitpid(c->outer, &st, 0);
			break;
		}
		pump(c, 5);
	}
	close_fds(c);
	c->outer = 0;
}

static void print_failure(const struct chaos *c)
{
	const char *err = err_text(c);
	size_t len = strlen(err), from = len > 3000 ? len - 3000 : 0;
	int n = c->nsent < NLOG ? c->nsent : NLOG;

	printf("chaos: seed %llu mode %s signals %s: %s\n%s", c->seed,
	    c->name, pace_name[c->pace], c->faillen ? "FAILED" : "report",
	    c->fail);
	printf("  the last %d of %d signals sent (number@ms):", n, c->nsent);
	for (int i = c->nsent - n; i < c->nsent; i++)
		printf(" %d@%lld", c->log[i % NLOG], c->logt[i % NLOG]);
	if (c->m.tty == TTY_INPUT) {
		n = c->ntyped < NKEYS ? c->ntyped : NKEYS;
		printf("\n  the last %d of %d keys typed (key@ms):", n,
		    c->ntyped);
		for (int i = c->ntyped - n; i < c->ntyped; i++)
			printf(" %s@%lld", keys[c->typed[i % NKEYS]].shown,
			    c->typedt[i % NKEYS]);
	}
	if (c->m.stall != STALL_NONE)
		printf("\n  stderr (%zu bytes of filler first) not read for "
		    "%lld ms", c->filled, c->stall_ms);
	if (c->m.refuse >= 0)
		printf("\n  %s refused to sexton %d times", calls[c->m.refuse].name,
		    c->rf.refused);
	if (c->m.enter)
		printf("\n  entered: launched at %lld ms, life %lld, linger "
		    "%lld; ready %lld, term %lld, done %lld (ms of the "
		    "root's end); status %d", c->x_launch ? c->x_launch -
		    c->t_start : -1, c->x_life, c->x_linger, c->x_ready ?
		    c->x_ready - c->root_at : 0, c->x_term ? c->x_term -
		    c->root_at : 0, c->x_done ? c->x_done - c->root_at : 0,
		    c->x_status);
	printf("\n  load: %s\n  stdout%s: %s", load(),
	    c->m.tty != TTY_NONE ? " (the terminal)" : "",
	    c->outlen ? c->outbuf : "(nothing)\n");
	if (err == c->outbuf)
		printf("  stderr: the terminal, above\n");
	else
		printf("  stderr%s%s:\n%s%s", from ? " (its end)" : "",
		    c->errlost ? " (truncated)" : "", err + from, len ? "" :
		    "(nothing)\n");
	printf("  replay: %s%s%sCHAOS_SEED=%llu %s\n",
	    sexton_bin != default_sexton ? "CHAOS_SEXTON=" : "",
	    sexton_bin != default_sexton ? sexton_bin : "",
	    sexton_bin != default_sexton ? " " : "", c->seed,
	    program_invocation_name);
	fflush(stdout);
}

/* One run of one seed; 0 if every invariant held. */
static int run_seed(unsigned long long seed)
{
	static struct chaos c;
	long long enter_delay, stall_for;
	int ok;

	memset(&c, 0, sizeof c);
	c.seed = seed;
	c.expect = -1;
	c.out = c.err = c.info = c.ctl = c.sent = c.sock = c.lfd = -1;
	c.xout = c.slave = -1;
	mode_of(seed, &c.m, c.name, sizeof c.name);
	rng_seed(&c.rng, seed ^ 0x5157a7e5ULL);
	c.pace = pick(&c.rng, 4);
	/* The newer dimensions draw from a PRNG of their own, so that an
	 * old seed sends the signals it always sent. */
	rng_seed(&c.xrng, seed ^ 0x7e57ab1eULL);
	c.x_life = c.m.pid1 ? 50 + pick(&c.xrng, 2500) :
	    100 + pick(&c.xrng, 2000);
	c.x_linger = pick(&c.xrng, 2) ? pick(&c.xrng, ENTER_QUICK_MS + 1) :
	    GRACE_MS + ENTER_QUICK_MS + pick(&c.xrng, 500);
	enter_delay = pick(&c.xrng, 500);
	stall_for = 50 + pick(&c.xrng, 700);
	if (c.m.refuse >= 0 && stat(sexton_bin, &c.rf.bin) < 0)
		c.m.refuse = -1;
	snprintf(c.id, sizeof c.id, "%d.%lu.%llu", (int)getpid(),
	    run_count++, seed);
	printf("chaos: seed %llu mode %s signals %s\n", seed, c.name,
	    pace_name[c.pace]);
	fflush(stdout);
	c.t_start = now_ms();
	c.stall_until = c.m.stall == STALL_ALL ? LLONG_MAX :
	    c.m.stall == STALL_PART ? c.t_start + stall_for : 0;
	if (start(&c) < 0)
		failf(&c, "cannot start the run (pid %d): %s", (int)c.outer,
		    strerror(errno));
	else if (wait_start(&c) == 0) {
		if (!c.ended)
			chaos_loop(&c, enter_delay);
		if (!c.ended)
			overtime(&c);
	}
	if (c.outer > 0 && c.sexton > 0) {
		drain_rest(&c);
		check_status(&c);
		check_entered(&c);
		if (c.ended)
			check_leftovers(&c);
		check_sentinel(&c);
		check_terminal(&c);
	}
	cleanup(&c);
	ok = c.faillen == 0;
	if (c.ntyped > 0)
		notef(&c, "; %d keys typed", c.ntyped);
	if (c.m.stall != STALL_NONE)
		notef(&c, "; stderr not read for %lld ms", c.stall_ms);
	if (c.m.refuse >= 0)
		notef(&c, "; %s refused %d times", calls[c.m.refuse].name,
		    c.rf.refused);
	if (ok && c.t_root != 0)
		printf("chaos: seed %llu: ok: root ended at %lld ms, sexton "
		    "%lld ms later; %d signals%s\n", seed, c.t_root -
		    c.t_start, c.t_end - c.t_root, c.nsent, c.note);
	else if (ok)
		printf("chaos: seed %llu: ok: sexton ended at %lld ms%s\n",
		    seed, c.t_end - c.t_start, c.note);
	if (!ok || verbose)
		print_failure(&c);
	fflush(stdout);
	return ok ? 0 : -1;
}

static void one_seed(void **state)
{
	unsigned long long seed = *(unsigned long long *)*state;

	if (run_seed(seed) < 0)
		fail_msg("seed %llu broke an invariant; see above", seed);
}

/* CHAOS_SECONDS: random seeds until the time is up. */
static void random_seeds(void **state)
{
	long long end = now_ms() + 1000LL * *(long *)*state;
	struct rng r;
	unsigned long runs = 0, failed = 0;
	char bad[512] = "";

	rng_seed(&r, (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32);
	while (now_ms() < end) {
		unsigned long long seed = next(&r) % 4000000000ULL;

		runs++;
		if (run_seed(seed) < 0) {
			size_t k = strlen(bad);

			failed++;
			snprintf(bad + k, sizeof bad - k, " %llu", seed);
		}
	}
	printf("chaos: %lu runs, %lu failed%s%s\n", runs, failed,
	    failed ? ": seeds" : "", bad);
	if (failed > 0)
		fail_msg("%lu of %lu runs failed; seeds:%s", failed, runs, bad);
}

/* "SEED  # what it found", one a line. */
static size_t read_regressions(unsigned long long *seeds, size_t max)
{
	FILE *f = fopen(REGRESSIONS, "r");
	char line[512];
	size_t n = 0;

	if (f == NULL) {
		printf("chaos: cannot read %s: %s\n", REGRESSIONS,
		    strerror(errno));
		return 0;
	}
	while (n < max && fgets(line, sizeof line, f) != NULL) {
		char *end;
		unsigned long long s = strtoull(line, &end, 10);

		if (end != line)
			seeds[n++] = s;
	}
	fclose(f);
	return n;
}

/* Whether path is a build with AddressSanitizer, which cannot run
 * under RLIMIT_AS: it reserves terabytes for its shadow. */
static int asan_build(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	int found;

	while (f != NULL) {
		if (n == cap && (buf = realloc(buf, cap = cap * 2 + 65536)) ==
		    NULL)
			abort();
		if ((got = fread(buf + n, 1, cap - n, f)) == 0)
			break;
		n += got;
	}
	if (f != NULL)
		fclose(f);
	found = buf != NULL && memmem(buf, n, "__asan_init", 11) != NULL;
	free(buf);
	return found;
}

int main(void)
{
	static unsigned long long seeds[NFIXED + 1000];
	static char names[NFIXED + 1000][192];
	static struct CMUnitTest tests[NFIXED + 1000];
	const char *env;
	struct mode m;
	char mname[64];
	size_t n = 0;
	long seconds = 0;

	verbose = getenv("CHAOS_VERBOSE") != NULL;
	if ((env = getenv("CHAOS_SEXTON")) != NULL && *env != '\0')
		sexton_bin = env;
	sexton_asan = asan_build(sexton_bin);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((env = getenv("CHAOS_SEED")) != NULL && *env != '\0')
		seeds[n++] = strtoull(env, NULL, 10);
	else if ((env = getenv("CHAOS_SECONDS")) != NULL && *env != '\0')
		seconds = strtol(env, NULL, 10);
	else {
		for (unsigned long long s = 1; s <= NFIXED; s++)
			seeds[n++] = s;
		n += read_regressions(seeds + n, 1000);
	}
	printf("chaos: sexton %s%s, tree %s\n", sexton_bin,
	    sexton_asan ? " (ASan, without LeakSanitizer)" : "", TREE);
	if (seconds > 0) {
		tests[0] = (struct CMUnitTest)cmocka_unit_test_prestate(
		    random_seeds, &seconds);
		return _cmocka_run_group_tests("chaos", tests, 1, NULL, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		mode_of(seeds[i], &m, mname, sizeof mname);
		snprintf(names[i], sizeof names[i], "seed %llu %s", seeds[i],
		    mname);
		tests[i] = (struct CMUnitTest)cmocka_unit_test_prestate(
		    one_seed, &seeds[i]);
		tests[i].name = names[i];
	}
	return _cmocka_run_group_tests("chaos", tests, n, NULL, NULL);
}
