/* The workloads of make bench. Usage:
 *   load storm N [self]   N orphans one after another, as the child of
 *                         an init, or reaping them itself as PID 1
 *   load burst N          N live orphans in one group, one SIGKILL
 *   load roundtrip N      N times: SIGUSR1 to PID 1, wait for the copy
 *   load launch RUNS INIT...  RUNS times INIT... /bin/true, each as PID 1
 *                         of a new namespace, against /bin/true alone
 * Each prints "name value" lines: times in ms or us, and zombies left. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Processes other than PID 1 and this one: how many, and how many of
 * them are zombies. */
static int others(int *zombies)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0, z = 0;

	while (d != NULL && (e = readdir(d)) != NULL) {
		char path[300], buf[512], *p;
		int pid = atoi(e->d_name), fd;
		ssize_t len;

		if (pid <= 1 || pid == getpid())
			continue;
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		if ((fd = open(path, O_RDONLY)) < 0)
			continue;
		len = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		n++;
		if ((p = strrchr(buf, ')')) != NULL && p[2] == 'Z')
			z++;
	}
	if (d != NULL)
		closedir(d);
	if (zombies != NULL)
		*zombies = z;
	return n;
}

/* Polls until no other process is left, or 30 s pass; returns the
 * zombies left. */
static int wait_none_left(void)
{
	double end = now_ms() + 30000;
	int zombies;

	while (others(&zombies) > 0 && now_ms() < end)
		usleep(1000);
	return zombies;
}

static int storm(int n, int self)
{
	double t0 = now_ms();
	int zombies = 0;

	for (int i = 0; i < n; i++) {
		pid_t mid = fork();

		if (mid == 0) {
			if (fork() == 0)
				_exit(0);
			_exit(0);
		}
		waitpid(mid, NULL, 0);
		while (self && waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
	if (self)
		while (waitpid(-1, NULL, 0) > 0)
			;
	else
		zombies = wait_none_left();
	printf("storm_ms %.1f\nstorm_zombies %d\n", now_ms() - t0, zombies);
	return 0;
}

static int burst(int n)
{
	int ready[2];
	pid_t leader;
	double t0;
	char c;

	if (pipe(ready) < 0)
		return 1;
	leader = fork();
	if (leader == 0) {
		setpgid(0, 0);
		for (int i = 0; i < n; i++)
			if (fork() == 0) {
				close(ready[1]);
				for (;;)
					pause();
			}
		_exit(0);
	}
	close(ready[1]);
	waitpid(leader, NULL, 0);
	/* Every child has closed its copy of the pipe once it runs. */
	while (read(ready[0], &c, 1) > 0)
		;
	t0 = now_ms();
	kill(-leader, SIGKILL);
	n = wait_none_left();
	printf("burst_ms %.1f\nburst_zombies %d\n", now_ms() - t0, n);
	return 0;
}

/* Processes that only sleep, in a group of their own: a crowd for the
 * namespace, outside the subtree of the init under test. */
static pid_t sleepers(int n)
{
	pid_t leader = fork();

	if (leader == 0) {
		setpgid(0, 0);
		for (int i = 0; i < n; i++)
			if (fork() == 0)
				for (;;)
					pause();
		for (;;)
			pause();
	}
	return leader;
}

/* n round trips of SIGUSR1 through PID 1, with a crowd of others in the
 * namespace: the mean and the slowest. */
static int roundtrip(int n, int crowd)
{
	sigset_t usr1;
	double t0, worst = 0;
	pid_t leader = crowd > 0 ? sleepers(crowd) : 0;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	while (crowd > 0 && others(NULL) < crowd)
		usleep(10000);
	t0 = now_ms();
	for (int i = 0; i < n; i++) {
		double t = now_ms();

		kill(1, SIGUSR1);
		sigwaitinfo(&usr1, NULL);
		if (now_ms() - t > worst)
			worst = now_ms() - t;
	}
	printf("roundtrip_us %.2f\nroundtrip_max_us %.0f\n",
	    (now_ms() - t0) * 1e3 / n, worst * 1e3);
	if (leader > 0)
		kill(-leader, SIGKILL);
	return 0;
}

/* n orphans in sessions of their own that exit on SIGTERM; then exits,
 * leaving them to the init's end. */
static int leave(int n)
{
	for (int i = 0; i < n; i++)
		if (fork() == 0) {
			if (fork() == 0) {
				setsid();
				signal(SIGTERM, SIG_DFL);
				for (;;)
					pause();
			}
			_exit(0);
		}
	while (wait(NULL) > 0)
		;
	return 0;
}

/* A crowd of n sleepers, then argv as a child, waited for: an init that
 * is not PID 1 in a busy namespace. */
static int crowd(int n, char **argv)
{
	pid_t leader = sleepers(n), child;
	int st;

	while (others(NULL) < n)
		usleep(10000);
	child = fork();
	if (child == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	waitpid(child, &st, 0);
	kill(-leader, SIGKILL);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* One run of argv as PID 1 of a new PID namespace; its time in ms. */
static double run_once(char **argv)
{
	double t0 = now_ms();
	pid_t outer = fork();

	if (outer == 0) {
		if (unshare(CLONE_NEWPID) < 0)
			_exit(120);
		if (fork() == 0) {
			execv(argv[0], argv);
			_exit(121);
		}
		wait(NULL);
		_exit(0);
	}
	waitpid(outer, NULL, 0);
	return now_ms() - t0;
}

static int launch(int runs, char **init)
{
	char *bare[] = { "/bin/true", NULL };
	double with = 0, without = 0;

	/* Taking turns, so that the machine drifts alike for both. */
	for (int i = 0; i < runs; i++) {
		with += run_once(init);
		without += run_once(bare);
	}
	printf("launch_ms %.3f\nbare_ms %.3f\nlaunch_ratio %.3f\n",
	    with / runs, without / runs, with / without);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int n = argc > 2 ? atoi(argv[2]) : 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(cmd, "storm") == 0)
		return storm(n, argc > 3 && strcmp(argv[3], "self") == 0);
	if (strcmp(cmd, "burst") == 0)
		return burst(n);
	if (strcmp(cmd, "roundtrip") == 0)
		return roundtrip(n, argc > 3 ? atoi(argv[3]) : 0);
	if (strcmp(cmd, "leave") == 0)
		return leave(n);
	if (strcmp(cmd, "crowd") == 0 && argc > 3)
		return crowd(n, argv + 3);
	if (strcmp(cmd, "launch") == 0 && argc > 3)
		return launch(n, argv + 3);
	fprintf(stderr, "load: unknown command '%s'\n", cmd);
	return 2;
}
