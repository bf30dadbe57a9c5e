/* probe: the command that integration tests run under sexton. Each
 * subcommand does one thing a real workload does, and reports on
 * stdout. Usage: probe SUBCOMMAND [ARG...]. */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* musl has no kernel headers: the static probe, for containers, goes
 * without the seccomp subcommand. */
#if __has_include(<linux/seccomp.h>)
#define HAVE_SECCOMP 1
#include <linux/filter.h>
#include <linux/seccomp.h>
#endif
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void say(const char *s)
{
	(void)!write(1, s, strlen(s));
}

/* Counts the processes of this PID namespace other than PID 1, this
 * one and its parent: those in state Z, and the others. */
static void count_others(int *zombies, int *alive)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t self = getpid(), parent = getppid();

	*zombies = *alive = 0;
	while (d != NULL && (e = readdir(d)) != NULL) {
		char path[300], buf[512], *p;
		pid_t pid = (pid_t)atoi(e->d_name);
		ssize_t n;
		int fd;

		if (pid <= 1 || pid == self || pid == parent)
			continue;
		snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		p = strrchr(buf, ')');
		if (p != NULL && p[2] == 'Z')
			(*zombies)++;
		else
			(*alive)++;
	}
	if (d != NULL)
		closedir(d);
}

/* Waits until no other process is left; exits 0 if none is, or 1 with
 * the count of zombies left at the deadline. */
static int expect_none_left(long deadline_ms)
{
	long long end = now_ms() + deadline_ms;
	int zombies, alive;
	char line[64];

	for (;;) {
		count_others(&zombies, &alive);
		if ((zombies == 0 && alive == 0) || now_ms() >= end)
			break;
		sleep_ms(5);
	}
	snprintf(line, sizeof line, "zombies=%d alive=%d\n", zombies, alive);
	say(line);
	return zombies == 0 && alive == 0 ? 0 : 1;
}

/* n orphans: even ones exit at once, odd ones within later_ms. */
static int orphans(int n, long later_ms)
{
	pid_t mid = fork();

	if (mid == 0) {
		for (int i = 0; i < n; i++) {
			pid_t p = fork();

			if (p == 0) {
				if (i % 2 == 1)
					sleep_ms(later_ms * (i % 50) / 50);
				_exit(0);
			}
			if (p < 0)
				_exit(1);
		}
		_exit(0);
	}
	if (waitpid(mid, NULL, 0) < 0)
		return 2;
	return expect_none_left(20000);
}

/* n orphans in one process group, all killed by one SIGKILL; how long
 * to wait for them to go (default 20 s). With on_stdin, it says
 * "ready" and kills them when a byte comes on stdin. */
static int killgroup(int n, long deadline_ms, int on_stdin)
{
	int ready[2];
	pid_t mid;
	char c;

	if (pipe(ready) < 0)
		return 2;
	mid = fork();
	if (mid == 0) {
		setpgid(0, 0);
		for (int i = 0; i < n; i++)
			if (fork() == 0) {
				for (;;)
					pause();
			}
		(void)!write(ready[1], "x", 1);
		_exit(0);
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1 || waitpid(mid, NULL, 0) < 0)
		return 2;
	if (on_stdin) {
		say("ready\n");
		if (read(0, &c, 1) != 1)
			return 2;
	}
	kill(-mid, SIGKILL);
	return expect_none_left(deadline_ms > 0 ? deadline_ms : 20000);
}

static const char *role = "main";

static void report(int sig)
{
	char line[32];
	int n = snprintf(line, sizeof line, "%s %d\n", role, sig);

	(void)!write(1, line, (size_t)n);
}

/* Reports every signal that reaches it or its peer, which shares its
 * process group, or with "sid" has a session of its own. */
static _Noreturn void catch_all(int own_session)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = report;
	for (int sig = 1; sig < 65; sig++)
		sigaction(sig, &sa, NULL);
	if (fork() == 0) {
		role = "peer";
		if (own_session)
			setsid();
		say("peer ready\n");
		for (;;)
			pause();
	}
	say("main ready\n");
	for (;;)
		pause();
}

/* Like catch, for every signal 1..64 libc's wrappers included: a
 * glibc program cannot catch 32 or 33, but can block them and read
 * them from a signalfd. Says "NAME got N" for each. */
static _Noreturn void read_all(void)
{
	unsigned long long all = ~0ULL;
	struct signalfd_siginfo si;
	char line[32];
	int fd;

	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, sizeof all);
	fd = (int)syscall(SYS_signalfd4, -1, &all, sizeof all, 0);
	if (fork() == 0)
		role = "peer";
	snprintf(line, sizeof line, "%s ready\n", role);
	say(line);
	while (fd >= 0 && read(fd, &si, sizeof si) == sizeof si) {
		int n = snprintf(line, sizeof line, "%s got %u\n", role,
		    si.ssi_signo);

		/* Its own SIGPIPE would come back here for ever. */
		if (write(1, line, (size_t)n) != n)
			break;
	}
	_exit(3);
}

static int sigstate(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	while (f != NULL && fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "SigBlk:", 7) == 0 ||
		    strncmp(line, "SigIgn:", 7) == 0)
			say(line);
	return f != NULL ? 0 : 1;
}

/* Writes "NAME got TERM at MS" and exits: the time lets a test see how
 * soon after this sexton ended. */
static const char *who = "orphan";

static void on_term(int sig)
{
	char line[80];
	int n = snprintf(line, sizeof line, "%s got TERM at %lld\n", who,
	    now_ms());

	(void)sig;
	(void)!write(1, line, (size_t)n);
	_exit(0);
}

static char state_of(pid_t pid)
{
	char path[64], buf[512], *p;
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	p = strrchr(buf, ')');
	return p != NULL ? p[2] : 0;
}

/* Makes the next fork in this PID namespace take pid at, if it is
 * free: ns_last_pid says which pid was handed out last. 0, or -1. */
static int next_pid_is(pid_t at)
{
	char buf[16];
	int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY | O_CLOEXEC);
	int n = snprintf(buf, sizeof buf, "%d", (int)at - 1), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, buf, (size_t)n) == n;
	close(fd);
	return ok ? 0 : -1;
}

/* "nest": a child of the orphan, at the next pid, that traps SIGTERM
 * as "grandchild". Returns 0, or -1 if it did not get that pid. */
static int nest(void)
{
	pid_t want = getpid() + 1, pid;

	if (next_pid_is(want) < 0)
		return -1;
	/* The child keeps on_term: it must never report as the orphan. */
	who = "grandchild";
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	who = "orphan";
	if (pid == want)
		return 0;
	if (pid > 0)
		kill(pid, SIGKILL);
	return -1;
}

/* Once mid, its first parent, is gone: "orphan parent N". */
static void tell_parent(pid_t mid)
{
	char line[40];

	while (getppid() == mid)
		sleep_ms(1);
	snprintf(line, sizeof line, "orphan parent %d\n", (int)getppid());
	say(line);
}

/* The orphan's life, by mode: it traps SIGTERM in a session of its own
 * ("trap"), or in the process group it was born in ("grouptrap"); it
 * ignores it ("ignore"); it traps it and stops ("stop"); it traps it,
 * and so does a child of its own ("nest"); or it traps it and says
 * which process adopted it ("tellparent"). Writes its pid to ready
 * once it is set up, or -1. */
static _Noreturn void orphan(const char *mode, pid_t mid, int ready)
{
	pid_t pid = getpid();

	if (strcmp(mode, "grouptrap") != 0)
		setsid();
	signal(SIGTERM, strcmp(mode, "ignore") == 0 ? SIG_IGN : on_term);
	if (strcmp(mode, "tellparent") == 0)
		tell_parent(mid);
	if (strcmp(mode, "nest") == 0 && nest() < 0)
		pid = -1;
	(void)!write(ready, &pid, sizeof pid);
	if (strcmp(mode, "stop") == 0)
		kill(getpid(), SIGSTOP);
	for (;;)
		pause();
}

/* One orphan of a mode (see orphan): a child whose parent exits at
 * once. Returns its pid once it is set up. */
static pid_t leave_one(const char *mode)
{
	int ready[2];
	pid_t pid = -1;

	if (pipe(ready) < 0)
		return -1;
	if (fork() == 0) {
		pid_t mid = getpid();

		if (fork() == 0)
			orphan(mode, mid, ready[1]);
		_exit(0);
	}
	close(ready[1]);
	if (read(ready[0], &pid, sizeof pid) != sizeof pid)
		pid = -1;
	close(ready[0]);
	wait(NULL);
	return pid;
}

/* n orphans-to-be of one mode at pids first, first + 1... (first + 2
 * and so on for "nest", whose child takes the pid between): children
 * of this process, orphaned when it exits with code. */
static int leave_at(const char *mode, pid_t first, int n, int code)
{
	int step = strcmp(mode, "nest") == 0 ? 2 : 1;

	for (int i = 0; i < n; i++) {
		pid_t want = first + i * step, pid, got = -1;
		int ready[2];
		char line[64];

		if (pipe(ready) < 0 || next_pid_is(want) < 0)
			return 2;
		pid = fork();
		if (pid == 0)
			orphan(mode, 0, ready[1]);
		close(ready[1]);
		if (read(ready[0], &got, sizeof got) != sizeof got)
			got = -1;
		close(ready[0]);
		if (pid == want && got == want)
			continue;
		snprintf(line, sizeof line, "orphan at %d, not %d\n", (int)pid,
		    (int)want);
		say(line);
		return 4;
	}
	return code;
}

/* n orphans of one mode, then exit CODE, or with "wait" stay until a
 * signal ends this process. */
static int leave(const char *mode, int n, const char *code)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = leave_one(mode);

		if (pid < 0)
			return 2;
		while (strcmp(mode, "stop") == 0 && state_of(pid) != 'T')
			sleep_ms(1);
	}
	if (strcmp(code, "wait") != 0)
		return atoi(code);
	say("ready\n");
	for (;;)
		pause();
}

/* An init that waits for its one child and never for anyone else. */
static int lazyinit(char **argv)
{
	pid_t child = fork();
	int st;

	if (child == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(child, &st, 0) < 0)
		return 2;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* lazyinit, plus a bystander outside the child's subtree that reports
 * a SIGTERM; says afterwards whether the bystander is still alive. */
static int bystander(char **argv)
{
	pid_t b = fork();
	int code;

	if (b == 0) {
		who = "bystander";
		signal(SIGTERM, on_term);
		for (;;)
			pause();
	}
	code = lazyinit(argv);
	say(waitpid(b, NULL, WNOHANG) == 0 ? "bystander alive\n" :
	    "bystander gone\n");
	kill(b, SIGKILL);
	return code;
}

/* n orphans that say their pid and how they will end: even ones exit
 * with their number, odd ones are killed by SIGUSR1. */
static int died(int n)
{
	pid_t mid = fork();

	if (mid == 0) {
		for (int i = 0; i < n; i++) {
			pid_t pid = fork();
			char line[64];

			if (pid == 0) {
				while (getppid() == mid)
					sleep_ms(1);
				if (i % 2 == 1)
					kill(getpid(), SIGUSR1);
				_exit(i);
			}
			snprintf(line, sizeof line, i % 2 ? "orphan %d signal "
			    "%d\n" : "orphan %d exit %d\n", (int)pid,
			    i % 2 ? SIGUSR1 : i);
			say(line);
		}
		_exit(0);
	}
	waitpid(mid, NULL, 0);
	return expect_none_left(5000);
}

/* One maker: n orphans in batches. Each batch's parent exits at once,
 * so its children, dead or alive, fall to PID 1 together. */
static void make_orphans(int n)
{
	for (int done = 0; done < n; done += 500) {
		pid_t batch = fork();

		if (batch == 0) {
			for (int i = done; i < n && i < done + 500; i++)
				if (fork() == 0)
					_exit(0);
			_exit(0);
		}
		waitpid(batch, NULL, 0);
	}
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

/* makers processes make n orphans in all, in parallel. Says how many
 * are left, then waits for a SIGUSR1 and exits 42. */
static int storm(int makers, int n)
{
	sigset_t none;

	signal(SIGUSR1, on_usr1);
	for (int m = 0; m < makers; m++) {
		if (fork() == 0) {
			make_orphans(n / makers);
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	expect_none_left(30000);
	say("ready\n");
	sigemptyset(&none);
	while (!got_usr1)
		sigsuspend(&none);
	return 42;
}

static volatile sig_atomic_t caught;

static void count_signal(int sig)
{
	(void)sig;
	caught++;
}

/* Catches every signal it can and makes orphans until a line, or the
 * end, comes on stdin; then exits with code. */
static int churn(int code)
{
	struct sigaction sa;
	char c;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = count_signal;
	for (int sig = 1; sig < 65; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD)
			sigaction(sig, &sa, NULL);
	fcntl(0, F_SETFL, O_NONBLOCK);
	say("ready\n");
	for (;;) {
		ssize_t n = read(0, &c, 1);

		if (n == 0 || (n == 1 && c == '\n'))
			return code;
		make_orphans(20);
	}
}

/* Exits with code from the handler of the first sig it gets. */
static int code_on;

static void exit_code_on(int sig)
{
	(void)sig;
	_exit(code_on);
}

static _Noreturn void dieon(int sig, int code)
{
	sigset_t set;

	code_on = code;
	signal(sig, exit_code_on);
	/* A sig that came before the handler waited, blocked by the
	 * caller; it is handled now. */
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	say("ready\n");
	for (;;)
		pause();
}

/* Its open fds, but for the one that lists them; writes a line to fd 5
 * if that is open. */
static int fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	char line[256] = "fds";
	size_t n = 3;
	int found[64] = { 0 };

	while (d != NULL && (e = readdir(d)) != NULL) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] != '.' && fd != dirfd(d) && fd < 64)
			found[fd] = 1;
	}
	if (d != NULL)
		closedir(d);
	for (int fd = 0; fd < 64; fd++)
		if (found[fd])
			n += (size_t)snprintf(line + n, sizeof line - n, " %d", fd);
	snprintf(line + n, sizeof line - n, "\n");
	say(line);
	if (found[5])
		(void)!write(5, "through 5\n", 10);
	return 0;
}

/* Its working directory, its environment, then its stdin. */
static int passthru(void)
{
	extern char **environ;
	char buf[4096];
	ssize_t n;

	if (getcwd(buf, sizeof buf) == NULL)
		return 2;
	say("cwd ");
	say(buf);
	say("\n");
	for (char **e = environ; *e != NULL; e++) {
		say(*e);
		say("\n");
	}
	while ((n = read(0, buf, sizeof buf)) > 0)
		(void)!write(1, buf, (size_t)n);
	return 0;
}

/* Makes n children and never waits for them: a holder of zombies. */
static void hold(int n)
{
	for (int i = 0; i < n; i++)
		if (fork() == 0)
			_exit(0);
	say("holding\n");
	for (;;)
		pause();
}

/* Starts a holder of n zombies and says its pid, then waits until it
 * is gone and all its zombies with it, or the deadline passes. */
static int zombies(int n, long deadline_ms)
{
	long long end = now_ms() + deadline_ms;
	pid_t h = fork();
	char line[32];

	if (h == 0)
		hold(n);
	snprintf(line, sizeof line, "holder %d\n", (int)h);
	say(line);
	while (waitpid(h, NULL, WNOHANG) == 0) {
		if (now_ms() >= end)
			return 3;
		sleep_ms(5);
	}
	return expect_none_left(end - now_ms());
}

static void init_term(int sig)
{
	(void)sig;
	say("init got TERM\n");
}

/* An init that holds n zombies of its own, made before argv starts,
 * then runs argv as lazyinit does; says if a SIGTERM reaches it. */
static int lazyhold(int n, char **argv)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = init_term;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	for (int i = 0; i < n; i++) {
		pid_t z = fork();
		siginfo_t si;

		if (z == 0)
			_exit(0);
		/* Dead but not reaped: WNOWAIT leaves the zombie. */
		if (z < 0 || waitid(P_PID, (id_t)z, &si, WEXITED | WNOWAIT) < 0)
			return 2;
	}
	return lazyinit(argv);
}

/* lazyinit, then says how many other processes are left: "left
 * zombies=Z alive=A". */
static int lazycount(char **argv)
{
	int code = lazyinit(argv), zombies, alive;
	char line[64];

	count_others(&zombies, &alive);
	snprintf(line, sizeof line, "left zombies=%d alive=%d\n", zombies,
	    alive);
	say(line);
	return code;
}

/* n holders of each zombies, which say their pids; then waits for a
 * signal. */
static int holders(int n, int each)
{
	char line[32];

	for (int i = 0; i < n; i++) {
		pid_t h = fork();

		if (h == 0)
			hold(each);
		if (h < 0)
			return 2;
		snprintf(line, sizeof line, "holder %d\n", (int)h);
		say(line);
	}
	say("ready\n");
	for (;;)
		pause();
}

/* Names to forge log lines with: a holder of 2 zombies called
 * holder_name, which says its pid, and one short-lived orphan for
 * each of names. PR_SET_NAME keeps 15 bytes. Then waits. */
static int named(const char *holder_name, char **names)
{
	char line[32];
	pid_t h = fork();

	if (h == 0) {
		prctl(PR_SET_NAME, holder_name);
		hold(2);
	}
	snprintf(line, sizeof line, "holder %d\n", (int)h);
	say(line);
	for (; *names != NULL; names++) {
		pid_t mid = fork();

		if (mid == 0) {
			if (fork() == 0) {
				prctl(PR_SET_NAME, *names);
				_exit(0);
			}
			_exit(0);
		}
		waitpid(mid, NULL, 0);
	}
	say("ready\n");
	for (;;)
		pause();
}

/* Runs argv with an address space of at most bytes. */
static int aslimit(long bytes, char **argv)
{
	struct rlimit rl = { (rlim_t)bytes, (rlim_t)bytes };

	if (setrlimit(RLIMIT_AS, &rl) < 0)
		return 2;
	execv(argv[0], argv);
	return 127;
}

/* Runs argv as pid at of this namespace, and waits for it. */
static int run_at(pid_t at, char **argv)
{
	pid_t child;
	int st;

	if (next_pid_is(at) < 0)
		return 2;
	child = fork();
	if (child == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	if (child != at) {
		say("not at that pid\n");
		kill(child, SIGKILL);
		return 4;
	}
	if (waitpid(child, &st, 0) < 0)
		return 2;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The tracer of pdeathrace: steps t from one system call to the next
 * until the entry of prctl(PR_SET_PDEATHSIG, ...), and exits there.
 * Without PTRACE_O_EXITKILL that detaches t, which then makes the
 * call with its parent, this process, gone. Exits 3 if t never made
 * that call. */
static _Noreturn void trace_to_pdeathsig(pid_t t)
{
	struct __ptrace_syscall_info si;
	int st, sig = 0;

	if (waitpid(t, &st, 0) != t || !WIFSTOPPED(st) ||
	    ptrace(PTRACE_SETOPTIONS, t, 0, PTRACE_O_TRACESYSGOOD |
	    PTRACE_O_TRACEEXEC) < 0)
		_exit(3);
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, t, 0, sig) < 0 ||
		    waitpid(t, &st, 0) != t || !WIFSTOPPED(st))
			_exit(3);
		sig = 0;
		if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
			if (ptrace(PTRACE_GET_SYSCALL_INFO, t, sizeof si, &si) >
			    0 && si.op == PTRACE_SYSCALL_INFO_ENTRY &&
			    si.entry.nr == SYS_prctl &&
			    si.entry.args[0] == PR_SET_PDEATHSIG)
				_exit(0);
		} else if (st >> 16 == 0)
			sig = WSTOPSIG(st);	/* t's own: pass it on */
	}
}

/* As PID 1 of a namespace: the parent of argv dies after argv started
 * but before its prctl(PR_SET_PDEATHSIG) runs. This process then
 * inherits argv, waits for it and exits with its code. sig stays
 * blocked in argv, and so in a command that sexton starts with the
 * mask it was given, until that command is ready for it. */
static int pdeathrace(int sig, char **argv)
{
	pid_t tracer = fork();
	int st;

	if (tracer == 0) {
		pid_t t = fork();

		if (t == 0) {
			sigset_t set;

			sigemptyset(&set);
			sigaddset(&set, sig);
			sigprocmask(SIG_BLOCK, &set, NULL);
			ptrace(PTRACE_TRACEME, 0, 0, 0);
			raise(SIGSTOP);
			execv(argv[0], argv);
			_exit(127);
		}
		trace_to_pdeathsig(t);
	}
	if (waitpid(tracer, &st, 0) != tracer || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		say("no prctl(PR_SET_PDEATHSIG) seen\n");
		return 3;
	}
	say("parent gone\n");
	if (wait(&st) < 0)
		return 2;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Takes memory a mebibyte at a time, touching every page, until the
 * kernel stops it. */
static _Noreturn void hog(void)
{
	say("hog ready\n");
	for (;;) {
		char *p = malloc(1 << 20);

		if (p != NULL)
			memset(p, 1, 1 << 20);
	}
}

/* The command of the sweeps (tests/lib/runner.h), which leaves evidence
 * of what it did in marker: "ran"; "fds" and the fds from 3 up it was
 * given, which it then closes; "cwd DIR"; "group own" in a process
 * group of its own, else "group shared"; the signal mask and ignored
 * signals it got (SigBlk, SigIgn); "zombie" once it holds one of its
 * own, "orphan" once it has left one that ignores TERM (only a KILL
 * ends it); "ready at MS". It runs for ms, then exits with code, or
 * code + 1 if a TERM came first, after "exit N at MS". MS is
 * CLOCK_MONOTONIC's. It says the same on stdout, which may be closed.
 * With a name, it and the processes it makes take that name. */
static volatile sig_atomic_t evidence_term;

static void on_evidence_term(int sig)
{
	(void)sig;
	evidence_term = 1;
}

static void note(int fd, const char *s)
{
	(void)!write(fd, s, strlen(s));
}

static int evidence(const char *marker, int code, long ms, const char *name)
{
	struct sigaction sa;
	char line[4200], head[8192] = "ran\nfds";
	size_t n = strlen(head);
	long long end;
	FILE *st;
	int fd, quiet;
	pid_t mid;

	if (name != NULL)
		prctl(PR_SET_NAME, name);
	/* Its fds first: under a limit they may be all it can have. Then
	 * what it got, gathered with one fd at a time. */
	for (int i = 3; i < 1024; i++)
		if (fcntl(i, F_GETFD) >= 0) {
			if (n < sizeof head - 16)
				n += (size_t)snprintf(head + n, sizeof head - n,
				    " %d", i);
			close(i);
		}
	n += (size_t)snprintf(head + n, sizeof head - n, "\n");
	if (getcwd(line, sizeof line) != NULL)
		n += (size_t)snprintf(head + n, sizeof head - n, "cwd %s\n",
		    line);
	n += (size_t)snprintf(head + n, sizeof head - n, "group %s\n",
	    getpgrp() == getpid() ? "own" : "shared");
	st = fopen("/proc/self/status", "r");
	while (st != NULL && fgets(line, sizeof line, st) != NULL)
		if ((strncmp(line, "SigBlk:", 7) == 0 ||
		    strncmp(line, "SigIgn:", 7) == 0) && n < sizeof head - 64)
			n += (size_t)snprintf(head + n, sizeof head - n, "%s",
			    line);
	if (st != NULL)
		fclose(st);
	fd = open(marker, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
	    0644);
	if (fd < 0)
		return 100;
	/* With stdout closed, the marker may be fd 1. */
	quiet = fd <= 2;
	note(fd, head);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_evidence_term;
	sigaction(SIGTERM, &sa, NULL);
	mid = fork();
	if (mid == 0)
		_exit(0);
	note(fd, mid > 0 ? "zombie\n" : "no zombie: fork failed\n");
	mid = fork();
	if (mid == 0) {
		pid_t o = fork();

		if (o == 0) {
			int null = open("/dev/null", O_RDWR);

			signal(SIGTERM, SIG_IGN);
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
			for (;;)
				pause();
		}
		_exit(o > 0 ? 0 : 1);
	}
	if (mid > 0) {
		int stt;

		waitpid(mid, &stt, 0);
		note(fd, WIFEXITED(stt) && WEXITSTATUS(stt) == 0 ?
		    "orphan\n" : "no orphan\n");
	} else {
		note(fd, "no orphan: fork failed\n");
	}
	snprintf(line, sizeof line, "ready at %lld\n", now_ms());
	note(fd, line);
	if (!quiet)
		say("cmd ready\n");
	for (end = now_ms() + ms; !evidence_term && now_ms() < end;)
		sleep_ms(5);
	if (evidence_term)
		code++;
	snprintf(line, sizeof line, "exit %d at %lld\n", code, now_ms());
	note(fd, line);
	close(fd);
	if (!quiet) {
		say("cmd ");
		say(line);
	}
	return code;
}

#ifdef HAVE_SECCOMP
/* Runs argv with system call nr failing with err, as an old kernel
 * (ENOSYS) or a sandbox's filter (EPERM) has it. */
static int refuse(long nr, int err, char **argv)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & 0xfff)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof f / sizeof f[0], f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
		perror("probe: seccomp");
		return 100;
	}
	execv(argv[0], argv);
	perror("probe: exec");
	return 127;
}
#endif

/* 1 if fd 2 is non-blocking, saying so on stdout the first time. */
static int stderr_nonblocking(void)
{
	static int said;
	int fl = fcntl(2, F_GETFL);

	if (fl >= 0 && (fl & O_NONBLOCK) && !said) {
		say("stderr became non-blocking\n");
		said = 1;
	}
	return said;
}

/* Fills the pipe on stderr through a description of its own, so that
 * fd 2's stays blocking: says "filled N" with the bytes it took. */
static int fill_stderr(void)
{
	char buf[4096], line[40];
	long total = 0;
	ssize_t n;
	int fd = open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -1;
	memset(buf, '.', sizeof buf);
	buf[sizeof buf - 1] = '\n';
	while ((n = write(fd, buf, sizeof buf)) > 0)
		total += n;
	close(fd);
	if (n < 0 && errno != EAGAIN)
		return -1;
	snprintf(line, sizeof line, "filled %ld\n", total);
	say(line);
	return 0;
}

/* One orphan named name ("daemon NAME": one that waits for ever, as a
 * double-forked daemon): it lives ms, or exits at once with ms 0, or
 * waits for ever with ms -1. Returns its pid once it is an orphan. */
static pid_t orphan_named(const char *name, long ms)
{
	int ready[2];
	pid_t mid, pid = -1;

	if (pipe(ready) < 0)
		return -1;
	mid = fork();
	if (mid == 0) {
		/* Named before the fork: the orphan has its name from its
		 * first moment, before any look of sexton's can see it. */
		prctl(PR_SET_NAME, name);
		pid = fork();
		if (pid == 0) {
			close(ready[0]);
			close(ready[1]);
			if (ms < 0)
				for (;;)
					pause();
			sleep_ms(ms);
			_exit(0);
		}
		(void)!write(ready[1], &pid, sizeof pid);
		_exit(0);
	}
	close(ready[1]);
	if (read(ready[0], &pid, sizeof pid) != sizeof pid)
		pid = -1;
	close(ready[0]);
	waitpid(mid, NULL, 0);
	return pid;
}

static volatile sig_atomic_t got_term;

static void on_term_flag(int sig)
{
	(void)sig;
	got_term = 1;
}

/* stallerr N MODE: the command of a sexton whose stderr nobody reads.
 * It fills that pipe, then leaves N short-lived orphans over a second
 * or two ("storm done"), watching that its own stderr stays blocking.
 * MODE "term": waits for a SIGTERM, says "command got TERM" and exits
 * 7. MODE "drain": writes a line to stderr, which blocks until the pipe
 * is read, says "stderr written", leaves 3 orphans named after-drain
 * and exits 0 a little later. */
static int stallerr(int n, const char *mode)
{
	struct sigaction sa;
	long long end;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term_flag;
	sigaction(SIGTERM, &sa, NULL);
	if (fill_stderr() < 0) {
		say("cannot fill stderr\n");
		return 2;
	}
	for (int i = 0; i < n; i++) {
		if (orphan_named("storm", i % 8) < 0)
			return 2;
		stderr_nonblocking();
		if (i % 2 == 0)
			sleep_ms(1);
	}
	say("storm done\n");
	if (strcmp(mode, "drain") == 0) {
		static const char own[] =
		    "probe: a line of the command's own\n";
		char line[64];

		if (write(2, own, sizeof own - 1) != (ssize_t)sizeof own - 1) {
			snprintf(line, sizeof line, "stderr write failed: %d\n",
			    errno);
			say(line);
			return 4;
		}
		say("stderr written\n");
		for (int i = 0; i < 3; i++)
			orphan_named("after-drain", 0);
		sleep_ms(300);
		stderr_nonblocking();
		return 0;
	}
	/* The TERM handler may have run already; else wait, 60 s at most. */
	end = now_ms() + 60000;
	while (!got_term && now_ms() < end) {
		stderr_nonblocking();
		sleep_ms(5);
	}
	if (!got_term)
		return 3;
	say("command got TERM\n");
	return 7;
}

/* fdfill FREE NAME ARGV...: a process that already has a child when it
 * execs argv, as a shell script that started a helper before exec does,
 * with RLIMIT_NOFILE 64 and all but FREE of those fds open (and handed
 * on). The child, named NAME, lives until a SIGTERM, which it reports
 * as "NAME got TERM". */
static int fdfill(int free_fds, const char *name, char **argv)
{
	struct rlimit rl = { 64, 64 };
	int ready[2], top = -1, fd;
	char c;

	if (pipe(ready) < 0 || setrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 2;
	if (fork() == 0) {
		char line[64];
		sigset_t set;
		int sig;

		close(ready[0]);
		prctl(PR_SET_NAME, name);
		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigprocmask(SIG_BLOCK, &set, NULL);
		close(ready[1]);
		sigwait(&set, &sig);
		snprintf(line, sizeof line, "%s got TERM\n", name);
		say(line);
		_exit(0);
	}
	close(ready[1]);
	/* Its TERM is blocked once the pipe is closed. */
	if (read(ready[0], &c, 1) != 0)
		return 2;
	close(ready[0]);
	while ((fd = open("/dev/null", O_RDONLY)) >= 0)
		top = fd;
	if (errno != EMFILE || top < 0)
		return 2;
	for (int i = 0; i < free_fds && top > 2; i++)
		close(top--);
	execv(argv[0], argv);
	return 127;
}

/* orphankill: closes every fd from 3 up, says "command started", leaves
 * one orphan named real-orphan that lives until a signal ends it, and
 * waits up to 10 s for it to be gone ("orphan gone", or "orphan still
 * there"); then exits 3. */
static int orphankill(void)
{
	long long end;
	pid_t pid;

	syscall(SYS_close_range, 3, ~0U, 0);
	say("command started\n");
	pid = orphan_named("real-orphan", -1);
	if (pid < 0)
		return 2;
	end = now_ms() + 10000;
	while (kill(pid, 0) == 0 && now_ms() < end)
		sleep_ms(5);
	say(kill(pid, 0) == 0 ? "orphan still there\n" : "orphan gone\n");
	return 3;
}

/* leavegroup: a child of this process leaves a child of its own that
 * ignores TERM in this process group, moves to a group of its own, and
 * reaps that child when it dies, for ever; once it has moved, this
 * process exits 7. */
static int leave_group(void)
{
	int moved[2];
	char c;

	if (pipe(moved) < 0)
		return 2;
	if (fork() == 0) {
		if (fork() == 0) {
			signal(SIGTERM, SIG_IGN);
			for (;;)
				pause();
		}
		setpgid(0, 0);
		(void)!write(moved[1], "m", 1);
		for (;;)
			if (wait(NULL) < 0)
				pause();
	}
	close(moved[1]);
	return read(moved[0], &c, 1) == 1 ? 7 : 2;
}

/* namedorphans N NAME MS: N orphans named NAME that exit at once; exits
 * 0 MS later. */
static int named_orphans(int n, const char *name, long ms)
{
	for (int i = 0; i < n; i++)
		if (orphan_named(name, 0) < 0)
			return 2;
	sleep_ms(ms);
	return 0;
}

/* entered MS: a process that someone started inside the namespace from
 * outside it (docker exec, kubectl exec, nsenter). On SIGTERM it needs
 * MS to finish its work ("entered got TERM at T"), then says "entered
 * done at T" and exits 0. */
static int entered(long ms)
{
	sigset_t set;
	char line[64];
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	say("entered ready\n");
	sigwait(&set, &sig);
	snprintf(line, sizeof line, "entered got TERM at %lld\n", now_ms());
	say(line);
	sleep_ms(ms);
	snprintf(line, sizeof line, "entered done at %lld\n", now_ms());
	say(line);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	long a = argc > 2 ? atol(argv[2]) : 0;
	long b = argc > 3 ? atol(argv[3]) : 0;

	if (strcmp(cmd, "exit") == 0)
		return (int)a;
	if (strcmp(cmd, "kill") == 0) {
		signal((int)a, SIG_DFL);
		kill(getpid(), (int)a);
		sleep_ms(10000);
		return 99;
	}
	if (strcmp(cmd, "orphans") == 0)
		return orphans((int)a, b);
	if (strcmp(cmd, "killgroup") == 0)
		return killgroup((int)a, b, argc > 4 &&
		    strcmp(argv[4], "stdin") == 0);
	if (strcmp(cmd, "catch") == 0)
		catch_all(argc > 2 && strcmp(argv[2], "sid") == 0);
	if (strcmp(cmd, "readall") == 0)
		read_all();
	if (strcmp(cmd, "hog") == 0)
		hog();
	if (strcmp(cmd, "sigstate") == 0)
		return sigstate();
	if (strcmp(cmd, "sleep") == 0) {
		say("ready\n");
		for (;;)
			pause();
	}
	if (strcmp(cmd, "died") == 0)
		return died((int)a);
	if (strcmp(cmd, "storm") == 0)
		return storm((int)a, (int)b);
	if (strcmp(cmd, "churn") == 0)
		return churn((int)a);
	if (strcmp(cmd, "dieon") == 0)
		dieon((int)a, (int)b);
	if (strcmp(cmd, "fds") == 0)
		return fds();
	if (strcmp(cmd, "passthru") == 0)
		return passthru();
	if (strcmp(cmd, "send") == 0) {
		printf("kill %d\n", kill((pid_t)b, (int)a));
		return 0;
	}
	if (strcmp(cmd, "hold") == 0)
		hold((int)a);
	if (strcmp(cmd, "zombies") == 0)
		return zombies((int)a, b);
	if (strcmp(cmd, "leave") == 0 && argc > 4)
		return leave(argv[2], (int)b, argv[4]);
	if (strcmp(cmd, "leaveat") == 0 && argc > 5)
		return leave_at(argv[3], (pid_t)a, atoi(argv[4]),
		    atoi(argv[5]));
	if (strcmp(cmd, "lazyhold") == 0 && argc > 3)
		return lazyhold((int)a, argv + 3);
	if (strcmp(cmd, "lazycount") == 0 && argc > 2)
		return lazycount(argv + 2);
	if (strcmp(cmd, "holders") == 0)
		return holders((int)a, (int)b);
	if (strcmp(cmd, "named") == 0 && argc > 2)
		return named(argv[2], argv + 3);
	if (strcmp(cmd, "aslimit") == 0 && argc > 3)
		return aslimit(a, argv + 3);
	if (strcmp(cmd, "at") == 0 && argc > 3)
		return run_at((pid_t)a, argv + 3);
	if (strcmp(cmd, "pdeathrace") == 0 && argc > 3)
		return pdeathrace((int)a, argv + 3);
	if (strcmp(cmd, "bystander") == 0 && argc > 2)
		return bystander(argv + 2);
	if (strcmp(cmd, "evidence") == 0 && argc > 4)
		return evidence(argv[2], (int)b, atol(argv[4]), argc > 5 ?
		    argv[5] : NULL);
	if (strcmp(cmd, "lazyinit") == 0 && argc > 2)
		return lazyinit(argv + 2);
	if (strcmp(cmd, "stallerr") == 0 && argc > 3)
		return stallerr((int)a, argv[3]);
	if (strcmp(cmd, "fdfill") == 0 && argc > 4)
		return fdfill((int)a, argv[3], argv + 4);
	if (strcmp(cmd, "orphankill") == 0)
		return orphankill();
	if (strcmp(cmd, "leavegroup") == 0)
		return leave_group();
	if (strcmp(cmd, "daemon") == 0 && argc > 2)
		return orphan_named(argv[2], -1) < 0 ? 2 : 0;
	if (strcmp(cmd, "namedorphans") == 0 && argc > 4)
		return named_orphans((int)a, argv[3], atol(argv[4]));
	if (strcmp(cmd, "entered") == 0)
		return entered(a);
#ifdef HAVE_SECCOMP
	if (strcmp(cmd, "nocloserange") == 0 && argc > 3)
		return refuse(SYS_close_range, (int)a, argv + 3);
	if (strcmp(cmd, "refuse") == 0 && argc > 4)
		return refuse(a, (int)b, argv + 4);
#endif
	fprintf(stderr, "probe: unknown subcommand '%s'\n", cmd);
	return 100;
}
