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
 * to wait for them to go (default 20 s). */
static int killgroup(int n, long deadline_ms)
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

		(void)!write(1, line, (size_t)n);
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

/* One orphan in a session of its own: it traps SIGTERM ("trap"),
 * ignores it ("ignore"), or traps it and stops ("stop"). Returns its
 * pid once it is set up. */
static pid_t leave_one(const char *mode)
{
	int ready[2];
	pid_t pid = -1;

	if (pipe(ready) < 0)
		return -1;
	if (fork() == 0) {
		pid = fork();
		if (pid == 0) {
			setsid();
			signal(SIGTERM, strcmp(mode, "ignore") == 0 ? SIG_IGN :
			    on_term);
			pid = getpid();
			(void)!write(ready[1], &pid, sizeof pid);
			if (strcmp(mode, "stop") == 0)
				kill(getpid(), SIGSTOP);
			for (;;)
				pause();
		}
		_exit(0);
	}
	close(ready[1]);
	if (read(ready[0], &pid, sizeof pid) != sizeof pid)
		pid = -1;
	close(ready[0]);
	wait(NULL);
	return pid;
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
	code_on = code;
	signal(sig, exit_code_on);
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
		return killgroup((int)a, b);
	if (strcmp(cmd, "catch") == 0)
		catch_all(argc > 2 && strcmp(argv[2], "sid") == 0);
	if (strcmp(cmd, "readall") == 0)
		read_all();
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
	if (strcmp(cmd, "bystander") == 0 && argc > 2)
		return bystander(argv + 2);
	if (strcmp(cmd, "lazyinit") == 0 && argc > 2)
		return lazyinit(argv + 2);
	fprintf(stderr, "probe: unknown subcommand '%s'\n", cmd);
	return 100;
}
