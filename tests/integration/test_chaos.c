/* Chaos: sexton runs a random process tree (tests/chaos/tree.c) while
 * this test sends it random signals; each run then checks what must hold
 * whatever happened. See tests/chaos/README.
 *
 * Each seed fixes the tree, the signals and the mode: sexton as PID 1 of
 * a new PID namespace or as a subreaper that is not PID 1, with or
 * without -w and --watch-zombies=2,50ms, and with no limit, a limit on
 * processes (as an unprivileged user, whom RLIMIT_NPROC binds) or a limit
 * on memory. The grace is always GRACE_MS.
 *
 * A run's processes all descend from "outer", a subreaper of our own, so
 * that what sexton leaves behind stays where we can find it:
 *
 *	test ── outer ─┬─ sentinel	(started first; same process group)
 *	               └─ sexton ── tree ── ...
 *
 * After each run: sexton exited, not by a signal, with the status the
 * tree's root announced, within GRACE_MS + SLACK_MS of the root's end;
 * nothing of the run is left, zombie or not; the sentinel got no signal.
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
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

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

enum limit { LIM_NONE, LIM_NPROC, LIM_AS };
/* Most signals end a process that does not catch them, and sexton
 * forwards them to the root's group: many kill the tree before sexton
 * has much to do at its end, few leave it whole. And each one wakes
 * sexton, which hides a reaper that stalls until something does. So
 * each seed picks how many: none at all, now and then, or a storm. */
enum pace { PACE_QUIET, PACE_SPARSE, PACE_STEADY, PACE_STORM };
static const char *pace_name[] = { "quiet", "sparse", "steady", "storm" };

struct mode {
	int pid1;		/* PID 1 of a new PID namespace, or not */
	int warn;		/* -w */
	int watch;		/* --watch-zombies=2,50ms */
	enum limit limit;
};

struct rng {
	uint64_t s;
};

/* One run. */
struct chaos {
	unsigned long long seed;
	struct mode m;
	char name[64];		/* of the mode */
	char id[64];		/* CHAOS_RUN=id marks the run's processes */
	struct rng rng;		/* the signals sent */
	int pace;		/* how often: enum pace */
	pid_t outer, sentinel, sexton;
	pid_t root;		/* once seen ready */
	int out, err, info, ctl, sent;
	char outbuf[4096], errbuf[1 << 16];
	size_t outlen, errlen, errlost;
	int status, ended;	/* sexton's wait status, once ended */
	int killed;		/* by us, having failed to end */
	int late;		/* past its deadline; said so */
	int expect;		/* the status the root announced, or -1 */
	long long t_start, t_root, t_end;
	int cont_pending;	/* a TSTP, TTIN or TTOU awaits its SIGCONT */
	long long cont_after, cont_latest;
	int nsent, log[NLOG];
	long long logt[NLOG];
	char fail[8192];	/* what broke, one line each */
	size_t faillen;
};

static const char default_sexton[] = SEXTON;
static const char *sexton_bin = default_sexton;
static int sexton_asan;		/* ASan cannot run under RLIMIT_AS */
static unsigned long run_count;

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

/* The mode is a function of the seed, so that a seed replays alone;
 * seeds 1..24 take each of the 24 modes once. */
static void mode_of(unsigned long long seed, struct mode *m, char *name,
    size_t len)
{
	static const char *lim[] = { "", "+nproc", "+as" };
	unsigned i = (unsigned)(seed % 24);

	m->pid1 = i & 1;
	m->warn = (i >> 1) & 1;
	m->watch = (i >> 2) & 1;
	m->limit = (enum limit)((i >> 3) % 3);
	snprintf(name, len, "%s%s%s%s%s", m->pid1 ? "pid1" : "sub",
	    m->warn ? "+w" : "", m->watch ? "+watch" : "", lim[m->limit],
	    m->limit == LIM_AS && sexton_asan ? "(off: ASan)" : "");
	if (m->limit == LIM_AS && sexton_asan)
		m->limit = LIM_NONE;
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

/* Raw system calls, as sexton and tree use: glibc's wrappers leave out
 * signals 32 and 33, which this test means to send and to see. */
static void mask_all(int block)
{
	uint64_t set = block ? ~0ULL : 0;

	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, sizeof set);
}

/* /proc */

struct pinfo {
	pid_t pid, ppid;
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
	pi->ppid = (pid_t)atoi(close_ + 4);
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

/* The processes of the run still there, other than outer and the
 * sentinel: under outer, or marked. */
static size_t leftovers(const struct chaos *c, struct plist *l,
    struct pinfo *out, size_t max)
{
	size_t k = 0;

	plist_read(l);
	for (size_t i = 0; i < l->n && k < max; i++) {
		const struct pinfo *p = &l->p[i];

		if (p->pid == c->outer || p->pid == c->sentinel ||
		    p->pid == getpid())
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

/* The sentinel: a sibling of sexton, in its process group, started
 * before it. It reads every signal it gets, 32 and 33 included, from a
 * signalfd, and writes it to fd for the test to read. */
static _Noreturn void sentinel(int ready, int fd)
{
	uint64_t all = ~0ULL;
	struct signalfd_siginfo si;
	int sfd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sfd = (int)syscall(SYS_signalfd4, -1, &all, sizeof all, SFD_CLOEXEC);
	if (sfd < 0 || write(ready, "r", 1) != 1)
		_exit(1);
	close(ready);
	for (;;) {
		int rec[2];

		if (read(sfd, &si, sizeof si) != sizeof si) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		rec[0] = (int)si.ssi_signo;
		rec[1] = (int)si.ssi_pid;
		(void)!write(fd, rec, sizeof rec);
	}
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

/* sexton, after the fork in outer: the limits of the mode, a clean
 * signal state, and the run's pipes. */
static _Noreturn void exec_sexton(const struct chaos *c, int out, int err)
{
	char seed[24];
	char *argv[12];
	int argc = 0, null;
	struct rlimit core = { 0, 0 }, as = { AS_LIMIT, AS_LIMIT };
	struct rlimit nproc = { NPROC_LIMIT, NPROC_LIMIT };
	struct sigaction dfl;

	if (c->m.pid1) {
		umount2("/proc", MNT_DETACH);
		if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV |
		    MS_NOEXEC, NULL) < 0)
			_exit(212);
	}
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 ||
	    dup2(err, 2) < 0)
		_exit(213);
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
	mask_all(0);
	execve(sexton_bin, argv, environment(c->id));
	dprintf(2, "chaos: exec %s: %s\n", sexton_bin, strerror(errno));
	_exit(216);
}

/* outer: starts the sentinel, then sexton (as PID 1 of a new namespace,
 * or not); tells the test their pids, then sexton's wait status; and
 * once the test closes ctl, reaps whatever is left. It is a subreaper,
 * so that what sexton leaves behind comes to it, not to init. */
static _Noreturn void outer(const struct chaos *c, int out, int err,
    int info, int ctl, int sent)
{
	int ready[2], st;
	pid_t pids[2];
	char b;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	setpgid(0, 0);
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
		exec_sexton(c, out, err);
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

static int start(struct chaos *c)
{
	int out[2], err[2], info[2], ctl[2], sent[2];
	pid_t pids[2];
	struct pollfd p;

	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 ||
	    pipe2(info, O_CLOEXEC) < 0 || pipe2(ctl, O_CLOEXEC) < 0 ||
	    pipe2(sent, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	fflush(NULL);
	c->outer = fork();
	if (c->outer == 0) {
		close(out[0]);
		close(err[0]);
		close(info[0]);
		close(ctl[1]);
		close(sent[0]);
		outer(c, out[1], err[1], info[1], ctl[0], sent[1]);
	}
	close(out[1]);
	close(err[1]);
	close(info[1]);
	close(ctl[0]);
	close(sent[1]);
	c->out = out[0];
	c->err = err[0];
	c->info = info[0];
	c->ctl = ctl[1];
	c->sent = sent[0];
	if (c->outer < 0)
		return -1;
	p.fd = c->info;
	p.events = POLLIN;
	if (poll(&p, 1, START_MS) != 1 ||
	    read(c->info, pids, sizeof pids) != sizeof pids)
		return -1;
	c->sentinel = pids[0];
	c->sexton = pids[1];
	return 0;
}

/* Reading what the run writes. */

static void drain(int *fd, char *buf, size_t *len, size_t cap,
    size_t *lost)
{
	char tmp[4096];
	ssize_t n = read(*fd, tmp, sizeof tmp);

	if (n <= 0) {
		if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
			close(*fd);
			*fd = -1;
		}
		return;
	}
	/* Keeps the head: what went wrong first is there. */
	if ((size_t)n > cap - 1 - *len) {
		*lost += (size_t)n - (cap - 1 - *len);
		n = (ssize_t)(cap - 1 - *len);
	}
	memcpy(buf + *len, tmp, (size_t)n);
	*len += (size_t)n;
	buf[*len] = '\0';
}

/* "expect exit N" or "expect signal N", as the code sexton must give. */
static void parse_expect(struct chaos *c, long long now)
{
	const char *e = strstr(c->outbuf, "expect ");
	int n;

	if (c->t_root != 0 || e == NULL || strchr(e, '\n') == NULL)
		return;
	c->t_root = now;
	if (sscanf(e, "expect exit %d", &n) == 1 && n >= 0 && n < 256)
		c->expect = n;
	else if (sscanf(e, "expect signal %d", &n) == 1 && n > 0 && n < 65)
		c->expect = 128 + n;
	else
		failf(c, "the root's line is not understood: %.60s", e);
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

/* Waits up to ms for output or for sexton's end. */
static void pump(struct chaos *c, int ms)
{
	struct pollfd p[3] = { { c->out, POLLIN, 0 }, { c->err, POLLIN, 0 },
		{ c->info, POLLIN, 0 } };
	long long now;

	if (ms < 0)
		ms = 0;
	if (poll(p, 3, ms) <= 0)
		return;
	now = now_ms();
	if (p[0].revents) {
		size_t lost = 0;

		drain(&c->out, c->outbuf, &c->outlen, sizeof c->outbuf, &lost);
		parse_expect(c, now);
	}
	if (p[1].revents)
		drain(&c->err, c->errbuf, &c->errlen, sizeof c->errbuf,
		    &c->errlost);
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

	/* A short run may end before we see it start; the checks after
	 * the end still hold. */
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

/* Sends signals at random intervals until sexton ends or the deadline:
 * 5 s for the root to end, then the grace and SLACK_MS for sexton. */
static void chaos_loop(struct chaos *c)
{
	long long now = now_ms(), deadline = now + ROOT_MS;
	long long next_sig = c->pace == PACE_QUIET ? LLONG_MAX : now;
	long long wait;
	int burst = 1;

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
		wait = next_sig - now;
		if (c->cont_pending && wait > 2)
			wait = 2;	/* to see sexton stop */
		if (wait > deadline - now)
			wait = deadline - now;
		pump(c, (int)wait);
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
	char wchan[64];
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
	    state_of(c->sexton), wchan_of(c->sexton, wchan, sizeof wchan),
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

static void check_status(struct chaos *c)
{
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
	if (c->t_root == 0)
		failf(c, "sexton exited %d before the root announced its "
		    "status", WEXITSTATUS(c->status));
	else if (c->expect >= 0 && WEXITSTATUS(c->status) != c->expect)
		failf(c, "sexton exited %d; the root ended with %d",
		    WEXITSTATUS(c->status), c->expect);
	if (c->t_root != 0 && !c->late &&
	    c->t_end - c->t_root > GRACE_MS + SLACK_MS)
		failf(c, "sexton ended %lld ms after the root's end, past the "
		    "grace %d + %d", c->t_end - c->t_root, GRACE_MS, SLACK_MS);
}

static void check_leftovers(struct chaos *c)
{
	struct plist l = { 0 };
	struct pinfo left[40];
	size_t n = leftovers(c, &l, left, 40);

	if (n > 0)
		failf(c, "%s%zu processes of the run outlived sexton:",
		    n == 40 ? "at least " : "", n);
	for (size_t i = 0; i < n; i++)
		failf(c, "  pid %d (%s) state %c parent %d", (int)left[i].pid,
		    left[i].comm, left[i].state, (int)left[i].ppid);
	free(l.p);
}

static void check_sentinel(struct chaos *c)
{
	int rec[2];
	char s = state_of(c->sentinel);

	while (read(c->sent, rec, sizeof rec) == sizeof rec)
		failf(c, "the sentinel (pid %d, outside sexton's subtree) got "
		    "signal %d from pid %d", (int)c->sentinel, rec[0], rec[1]);
	if (s != 'S' && s != 'R')
		failf(c, "the sentinel (pid %d) is in state %c",
		    (int)c->sentinel, s ? s : '-');
}

static void close_fds(struct chaos *c)
{
	int *fds[] = { &c->out, &c->err, &c->info, &c->ctl, &c->sent };

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
	size_t from = c->errlen > 3000 ? c->errlen - 3000 : 0;
	int n = c->nsent < NLOG ? c->nsent : NLOG;

	printf("chaos: seed %llu mode %s signals %s: FAILED\n%s", c->seed,
	    c->name, pace_name[c->pace], c->fail);
	printf("  the last %d of %d signals sent (number@ms):", n, c->nsent);
	for (int i = c->nsent - n; i < c->nsent; i++)
		printf(" %d@%lld", c->log[i % NLOG], c->logt[i % NLOG]);
	printf("\n  load: %s\n  stdout: %s", load(),
	    c->outlen ? c->outbuf : "(nothing)\n");
	printf("  stderr%s%s:\n%s%s", from ? " (its end)" : "",
	    c->errlost ? " (truncated)" : "", c->errbuf + from,
	    c->errlen ? "" : "(nothing)\n");
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
	int ok;

	memset(&c, 0, sizeof c);
	c.seed = seed;
	c.expect = -1;
	c.out = c.err = c.info = c.ctl = c.sent = -1;
	mode_of(seed, &c.m, c.name, sizeof c.name);
	rng_seed(&c.rng, seed ^ 0x5157a7e5ULL);
	c.pace = pick(&c.rng, 4);
	snprintf(c.id, sizeof c.id, "%d.%lu.%llu", (int)getpid(),
	    run_count++, seed);
	printf("chaos: seed %llu mode %s signals %s\n", seed, c.name,
	    pace_name[c.pace]);
	fflush(stdout);
	c.t_start = now_ms();
	if (start(&c) < 0)
		failf(&c, "cannot start the run (pid %d)", (int)c.outer);
	else if (wait_start(&c) == 0) {
		if (!c.ended)
			chaos_loop(&c);
		if (!c.ended)
			overtime(&c);
	}
	if (c.outer > 0 && c.sexton > 0) {
		check_status(&c);
		if (c.ended)
			check_leftovers(&c);
		check_sentinel(&c);
	}
	cleanup(&c);
	ok = c.faillen == 0;
	if (ok)
		printf("chaos: seed %llu: ok: root ended at %lld ms, sexton "
		    "%lld ms later; %d signals\n", seed, c.t_root - c.t_start,
		    c.t_end - c.t_root, c.nsent);
	else
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
	static char names[NFIXED + 1000][96];
	static struct CMUnitTest tests[NFIXED + 1000];
	const char *env;
	struct mode m;
	char mname[64];
	size_t n = 0;
	long seconds = 0;

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
