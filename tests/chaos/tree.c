/* tree: the workload of the chaos test. Usage: tree SEED, or tree
 * entered LIFE LINGER (below).
 *
 * Builds a random process tree, the same shape for the same seed:
 * forks, double forks whose grandchildren are orphans for sexton to
 * reap, new sessions and process groups, random exit codes, deaths by
 * random signals, processes that stop themselves and siblings that
 * continue them, processes that ignore SIGTERM or trap it and take a
 * while to go (forking on the way out), sleepers, parents that never
 * reap, storms of orphans that die at once, and processes that keep
 * forking while sexton ends. Each process draws from a PRNG of its own,
 * seeded by its parent before the fork, so timing and failed forks do
 * not change what the others do.
 *
 * The root, the command sexton runs, catches every signal it can but
 * SIGCHLD, so that what sexton forwards never ends it. It says "tree
 * SEED started" on stdout once it does, and at its end the status it
 * will end with ("expect exit N at T" or "expect signal N at T", T its
 * CLOCK_MONOTONIC in ms), and then ends so. Nothing else of the tree
 * writes to stdout. Its one line on stderr goes through a non-blocking
 * handle of its own: a stderr that nobody reads must not hold it.
 *
 * At most MAXPROCS processes, the root included. No process outlives
 * LIFE_MS on its own; most end far sooner.
 *
 * tree entered LIFE LINGER: a process entered into sexton's namespace
 * from outside (docker exec, nsenter). It traps SIGTERM; it says
 * "entered ready pid P at T", then lives LIFE ms, or until a SIGTERM
 * ("entered term at T"), after which it needs LINGER ms more; then it
 * says "entered done at T" and exits 0. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXPROCS 200
#define ROOT_END_MS 700		/* the root ends at most this late */
#define LIFE_MS 3000		/* no process lives longer on its own */

/* Signals whose default action ends the process. Those that dump core
 * are raised with the process made undumpable, so no core is left. */
static const int fatal[] = { SIGHUP, SIGINT, SIGQUIT, SIGABRT, SIGKILL,
	SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT,
	SIGVTALRM, SIGPROF, SIGIO, SIGPWR, 34, 35, 40, 50, 63, 64 };
#define NFATAL (sizeof fatal / sizeof fatal[0])

static long long t0;		/* when the root started, ms */
static volatile sig_atomic_t caught;	/* the root's signals */
static volatile sig_atomic_t termed;	/* SIGTERM, for the trappers */

struct rng {
	uint64_t s;
};

/* splitmix64 turns any seed, 0 included, into a good xorshift state. */
static void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	r->s = (z ^ (z >> 31)) | 1;
}

/* xorshift64*. */
static uint64_t next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

/* 0 to n-1; 0 if n is 0. */
static int pick(struct rng *r, int n)
{
	return n > 0 ? (int)(next(r) % (uint64_t)n) : 0;
}

static int range(struct rng *r, int lo, int hi)
{
	return lo + pick(r, hi - lo + 1);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleeps until an absolute time, whatever signals come meanwhile;
 * returns early, with 1, only if stop_on_term and SIGTERM was trapped. */
static int sleep_until(long long ms, int stop_on_term)
{
	struct timespec ts = { (time_t)(ms / 1000),
		(long)(ms % 1000) * 1000000 };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	    EINTR)
		if (stop_on_term && termed)
			return 1;
	return stop_on_term && termed;
}

static void sleep_ms(int ms)
{
	sleep_until(now_ms() + ms, 0);
}

static long long cap(long long ms)
{
	return ms < t0 + LIFE_MS ? ms : t0 + LIFE_MS;
}

/* The kernel's struct sigaction, as raw rt_sigaction takes it. glibc
 * refuses signals 32 and 33, which it keeps for itself, but sexton may
 * forward them, so the root must catch them too. Only the handler, the
 * first field on every architecture, is ever changed here; the rest is
 * copied from what the kernel reports for a signal glibc did set up,
 * which carries glibc's sa_restorer where one is needed. */
struct ksigaction {
	void (*handler)(int);
	unsigned char rest[56];
};

static void raw_action(int sig, void (*handler)(int),
    const struct ksigaction *like)
{
	struct ksigaction k;

	if (like != NULL)
		k = *like;
	else
		memset(&k, 0, sizeof k);
	k.handler = handler;
	syscall(SYS_rt_sigaction, sig, &k, NULL, (size_t)8);
}

/* Unblocks every signal, 32 and 33 included. */
static void unblock_all(void)
{
	uint64_t none = 0;

	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, sizeof none);
}

/* A child starts with its parent's handlers; back to the defaults, so
 * that forwarded signals can end it. */
static void defaults(void)
{
	for (int sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			raw_action(sig, SIG_DFL, NULL);
	unblock_all();
}

static void count(int sig)
{
	(void)sig;
	caught++;
}

/* The root: every signal but SIGCHLD only counts. */
static void catch_all(void)
{
	struct sigaction sa;
	struct ksigaction like;

	memset(&sa, 0, sizeof sa);
	memset(&like, 0, sizeof like);
	sa.sa_handler = count;
	sa.sa_flags = SA_RESTART;
	for (int sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD &&
		    sigaction(sig, &sa, NULL) < 0 && errno != EINVAL) {
			perror("tree: sigaction");
			exit(120);
		}
	syscall(SYS_rt_sigaction, SIGUSR1, NULL, &like, (size_t)8);
	raw_action(32, count, &like);
	raw_action(33, count, &like);
	unblock_all();
}

static _Noreturn void die_by(int sig)
{
	uint64_t set = 1ULL << (sig - 1);

	prctl(PR_SET_DUMPABLE, 0);
	if (sig != SIGKILL)
		raw_action(sig, SIG_DFL, NULL);
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, sizeof set);
	kill(getpid(), sig);
	/* Not reached but by a signal that was not fatal after all. */
	_exit(121);
}

static _Noreturn void node(struct rng *r, int budget);

/* Forks a child that runs node() with a PRNG seeded from ours; the draw
 * happens whether or not the fork works, so the rest stays the same. */
static pid_t spawn(struct rng *r, int budget)
{
	uint64_t seed = next(r);
	pid_t pid = fork();

	if (pid == 0) {
		struct rng c;

		rng_seed(&c, seed);
		defaults();
		node(&c, budget);
	}
	return pid;
}

/* "T" in /proc/PID/stat. */
static int stopped(pid_t pid)
{
	char path[40], buf[256], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	p = strrchr(buf, ')');
	return p != NULL && (p[2] == 'T' || p[2] == 't');
}

/* Waits, up to 300 ms, for pid to stop, and continues it. */
static void continue_it(struct rng *r, pid_t pid)
{
	long long end = now_ms() + 300;

	while (!stopped(pid) && now_ms() < end)
		sleep_ms(2);
	sleep_ms(pick(r, 30));
	kill(pid, SIGCONT);
}

/* A child that stops itself, and a sibling that continues it: two
 * processes. If the sibling cannot be forked, the parent continues it. */
static void stop_pair(struct rng *r)
{
	int code = pick(r, 256);
	uint64_t seed = next(r);
	pid_t stopper = fork(), cont;

	if (stopper == 0) {
		defaults();
		raise(SIGSTOP);
		_exit(code);
	}
	if (stopper < 0)
		return;
	cont = fork();
	if (cont == 0) {
		struct rng c;

		rng_seed(&c, seed);
		defaults();
		continue_it(&c, stopper);
		_exit(0);
	}
	if (cont < 0) {
		struct rng c;

		rng_seed(&c, seed);
		continue_it(&c, stopper);
	}
}

/* Spends budget on children, now and then after a short pause. */
static void children(struct rng *r, int budget)
{
	while (budget > 0) {
		int b = pick(r, budget);

		if (pick(r, 4) == 0)
			sleep_ms(pick(r, 40));
		if (b >= 1 && pick(r, 8) == 0) {
			stop_pair(r);
			budget -= 2;
			continue;
		}
		spawn(r, b);
		budget -= b + 1;
	}
}

/* Reaps the dead children now, without waiting. */
static void reap_some(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* n orphans that die at once: they wait on a pipe that closes when
 * their parent, which exits right away, is gone. */
static _Noreturn void storm(struct rng *r, int n)
{
	int p[2];

	if (pipe(p) < 0)
		_exit(1);
	for (int i = 0; i < n; i++) {
		int code = pick(r, 256), sig = fatal[pick(r, NFATAL)];
		int by_signal = pick(r, 3) == 0;
		pid_t pid = fork();
		char c;

		if (pid == 0) {
			close(p[1]);
			/* No deadline needed: the writer ends now. */
			while (read(p[0], &c, 1) < 0 && errno == EINTR)
				;
			if (by_signal)
				die_by(sig);
			_exit(code);
		}
	}
	_exit(0);
}

/* A parent that holds n zombies for a while: for --watch-zombies. */
static _Noreturn void zombies(struct rng *r, int n)
{
	int code = pick(r, 256), reap = pick(r, 2);

	for (int i = 0; i < n; i++)
		if (fork() == 0)
			_exit(i & 0xff);
	sleep_until(cap(now_ms() + range(r, 100, 500)), 0);
	if (reap)
		reap_some();
	_exit(code);
}

static void on_term(int sig)
{
	(void)sig;
	termed = 1;
}

/* A child that ignores SIGTERM and lives long, forked as sexton's end
 * begins; it must not escape it. With two processes, a double fork. */
static void escape(struct rng *r, int budget)
{
	int twice = budget >= 2 && pick(r, 2);
	int life = range(r, 200, LIFE_MS);
	pid_t pid;

	if (budget < 1)
		return;
	if ((pid = fork()) != 0) {
		if (pid > 0 && twice)
			waitpid(pid, NULL, 0);
		return;
	}
	signal(SIGTERM, SIG_IGN);
	if (twice && fork() != 0)
		_exit(0);
	sleep_until(cap(now_ms() + life), 0);
	_exit(0);
}

/* Traps SIGTERM; when it comes, takes 20 to 200 ms to go, and may fork
 * on its way out. */
static _Noreturn void trapper(struct rng *r, int budget)
{
	struct sigaction sa;
	int code = pick(r, 256), linger = range(r, 20, 200);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	if (termed || sleep_until(cap(now_ms() + range(r, 100, 2000)), 1)) {
		escape(r, budget);
		sleep_ms(linger);
	}
	_exit(code);
}

/* Forks short-lived children every few ms, until its time is up: some
 * are still being born while sexton ends. It may ignore SIGTERM, and so
 * may they. */
static _Noreturn void forker(struct rng *r, int budget)
{
	int code = pick(r, 256), ign = pick(r, 2), reap = pick(r, 2);
	long long end = cap(now_ms() + range(r, 100, 1500));

	if (ign)
		signal(SIGTERM, SIG_IGN);
	while (budget > 0 && now_ms() < end) {
		int life = pick(r, 100), own = pick(r, 4) == 0;
		pid_t pid = fork();

		budget--;
		if (pid == 0) {
			if (own)
				setsid();
			sleep_ms(life);
			_exit(0);
		}
		if (reap)
			reap_some();
		sleep_ms(range(r, 2, 20));
	}
	sleep_until(end, 0);
	_exit(code);
}

enum role { R_EXIT, R_SIGNAL, R_ORPHAN, R_SETSID, R_PGRP, R_IGNTERM,
	R_TRAP, R_SLEEP, R_ZOMBIES, R_STORM, R_FORKER, R_NROLES };
static const int weight[R_NROLES] = { 20, 12, 14, 8, 6, 6, 8, 10, 6, 4, 4 };

static enum role choose(struct rng *r)
{
	int w = 0, x;

	for (int i = 0; i < R_NROLES; i++)
		w += weight[i];
	x = pick(r, w);
	for (int i = 0; i < R_NROLES; i++) {
		if (x < weight[i])
			return (enum role)i;
		x -= weight[i];
	}
	return R_EXIT;
}

/* One process of the tree, other than the root: it may have budget
 * descendants. */
static _Noreturn void node(struct rng *r, int budget)
{
	enum role role = choose(r);
	int code = pick(r, 256), reap = pick(r, 3);
	int sig = fatal[pick(r, NFATAL)];

	if ((role == R_ORPHAN && budget < 1) ||
	    ((role == R_STORM || role == R_ZOMBIES) && budget < 2))
		role = R_SLEEP;
	switch (role) {
	case R_ORPHAN:
		/* The middle goes at once or soon; the grandchild is an
		 * orphan, whatever it turns out to be. Half the time in a
		 * session of its own, as a daemon does it. */
		if (pick(r, 2))
			setsid();
		spawn(r, budget - 1);
		sleep_ms(pick(r, 3) == 0 ? pick(r, 50) : 0);
		_exit(code);
	case R_STORM:
		storm(r, budget);
	case R_ZOMBIES:
		zombies(r, range(r, 2, budget < 12 ? budget : 12));
	case R_SETSID:
		setsid();
		break;
	case R_PGRP:
		/* Out of the reach of signals sent to the root's group, as
		 * a shell's jobs are. */
		setpgid(0, 0);
		break;
	case R_IGNTERM:
		signal(SIGTERM, SIG_IGN);
		children(r, budget);
		sleep_until(cap(now_ms() + range(r, 200, LIFE_MS)), 0);
		_exit(code);
	case R_TRAP:
		/* Two kept for the escape. */
		children(r, budget > 2 ? budget - 2 : 0);
		trapper(r, budget > 2 ? 2 : budget);
	case R_FORKER:
		forker(r, budget);
	default:
		break;
	}
	children(r, budget);
	sleep_until(cap(now_ms() + pick(r, role == R_SLEEP ? 300 : 400)), 0);
	if (role == R_SIGNAL)
		die_by(sig);
	if (reap == 0)
		reap_some();
	_exit(code);
}

/* One line on stdout, whole. */
static void say(const char *f, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *f, ...)
{
	char line[96];
	va_list ap;
	int len;

	va_start(ap, f);
	len = vsnprintf(line, sizeof line, f, ap);
	va_end(ap);
	if (len < 0 || len >= (int)sizeof line ||
	    write(STDOUT_FILENO, line, (size_t)len) != len)
		_exit(122);
}

/* A line on stderr that never waits: through a description of its own,
 * non-blocking, so that fd 2's stays as it is. Dropped if the pipe is
 * full or no fd is left. */
static void tell(const char *line)
{
	int fd = open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC);

	if (fd < 0)
		return;
	(void)!write(fd, line, strlen(line));
	close(fd);
}

/* tree entered LIFE LINGER: see the top. */
static int entered(long long life, long long linger)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	unblock_all();
	say("entered ready pid %d at %lld\n", (int)getpid(), now_ms());
	if (sleep_until(now_ms() + life, 1)) {
		say("entered term at %lld\n", now_ms());
		sleep_until(now_ms() + linger, 0);
	}
	say("entered done at %lld\n", now_ms());
	return 0;
}

int main(int argc, char **argv)
{
	struct rng r;
	char *end;
	unsigned long long seed;
	long long stop;
	int by_signal, code, sig, reap;

	char line[64];

	if (argc == 4 && strcmp(argv[1], "entered") == 0)
		return entered(atoll(argv[2]), atoll(argv[3]));
	if (argc != 2 || (seed = strtoull(argv[1], &end, 10), *end != '\0')) {
		fprintf(stderr, "usage: tree SEED | tree entered LIFE LINGER\n");
		return 2;
	}
	t0 = now_ms();
	catch_all();
	say("tree %llu started\n", seed);
	rng_seed(&r, seed);
	/* Drawn first, so that they depend on the seed alone. */
	by_signal = pick(&r, 2);
	code = pick(&r, 256);
	sig = fatal[pick(&r, NFATAL)];
	reap = pick(&r, 3);
	stop = t0 + range(&r, 30, ROOT_END_MS);
	children(&r, range(&r, 5, MAXPROCS - 1));
	/* Reaping all, some or none of its own. */
	while (reap == 0 && now_ms() < stop) {
		reap_some();
		sleep_ms(5);
	}
	sleep_until(stop, 0);
	if (reap == 1)
		reap_some();
	snprintf(line, sizeof line, "tree %llu: root caught %d signals\n",
	    seed, (int)caught);
	tell(line);
	say("expect %s %d at %lld\n", by_signal ? "signal" : "exit",
	    by_signal ? sig : code, now_ms());
	if (by_signal)
		die_by(sig);
	return code;
}
