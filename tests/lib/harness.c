/* Starting sexton for integration tests, and what they share. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void poll_step(void)
{
	struct timespec ts = { 0, 2 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

static void exec_inner(int flags, char *const argv[], int fds[4])
{
	if ((flags & RUN_NS) && !(flags & RUN_HOSTPROC)) {
		umount2("/proc", MNT_DETACH);
		if ((flags & RUN_NOPROC) ? mount("tmpfs", "/proc", "tmpfs",
		    MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k") < 0 :
		    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV |
		    MS_NOEXEC, NULL) < 0)
			_exit(201);
	}
	dup2(fds[0], 0);
	dup2(fds[1], 1);
	dup2(fds[2], 2);
	if (flags & RUN_FD5)
		dup2(fds[3], 5);
	execv(argv[0], argv);
	_exit(202);
}

/* In a new PID namespace the first child is PID 1; the outer process
 * waits for it and passes its code on. */
static void run_outer(int flags, char *const argv[], int fds[4], int sync)
{
	pid_t in;
	int st;

	if ((flags & RUN_NS) && (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0))
		_exit(200);
	in = fork();
	if (in == 0)
		exec_inner(flags, argv, fds);
	(void)!write(sync, &in, sizeof in);
	if (in < 0)
		_exit(203);
	while (waitpid(in, &st, 0) < 0 && errno == EINTR)
		;
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

int run_start(struct run *r, int flags, char *const argv[])
{
	int out[2], err[2], in[2], sync[2], five[2], fds[4];

	memset(r, 0, sizeof *r);
	r->joined = -1;
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 ||
	    pipe2(in, O_CLOEXEC) < 0 || pipe2(sync, O_CLOEXEC) < 0 ||
	    pipe2(five, O_CLOEXEC) < 0)
		return -1;
	fds[3] = five[1];
	fds[0] = (flags & RUN_STDIN_PIPE) ? in[0] :
	    open("/dev/null", O_RDONLY | O_CLOEXEC);
	fds[1] = out[1];
	fds[2] = err[1];
	fflush(NULL);
	r->outer = fork();
	if (r->outer == 0) {
		/* The outer process never execs: it must not hold the
		 * harness's ends open, or stdin would never end. */
		close(in[1]);
		close(out[0]);
		close(err[0]);
		close(five[0]);
		close(sync[0]);
		run_outer(flags, argv, fds, sync[1]);
	}
	close(sync[1]);
	close(out[1]);
	close(err[1]);
	close(in[0]);
	close(five[1]);
	if (fds[0] != in[0])
		close(fds[0]);
	r->five = five[0];
	if (!(flags & RUN_FD5)) {
		close(five[0]);
		r->five = -1;
	}
	r->out = out[0];
	r->err = err[0];
	r->in = in[1];
	if (r->outer < 0 || read(sync[0], &r->pid1, sizeof r->pid1) !=
	    sizeof r->pid1 || r->pid1 <= 0) {
		close(sync[0]);
		return -1;
	}
	close(sync[0]);
	return 0;
}

static void drain(int *fd, char *buf, size_t *len, size_t cap)
{
	ssize_t n;

	if (*fd < 0)
		return;
	n = read(*fd, buf + *len, cap - 1 - *len);
	if (n > 0)
		*len += (size_t)n;
	else if (n == 0 || errno != EINTR) {
		close(*fd);
		*fd = -1;
	}
	buf[*len] = '\0';
}

/* Reads what is ready on stdout and stderr, waiting up to ms. */
static void pump(struct run *r, int ms)
{
	struct pollfd p[3] = { { r->out, POLLIN, 0 }, { r->err, POLLIN, 0 },
		{ r->joined, POLLIN, 0 } };

	if (r->out < 0 && r->err < 0 && r->joined < 0) {
		poll_step();
		return;
	}
	if (poll(p, 3, ms) <= 0)
		return;
	if (p[0].revents)
		drain(&r->out, r->outbuf, &r->outlen, sizeof r->outbuf);
	if (p[1].revents)
		drain(&r->err, r->errbuf, &r->errlen, sizeof r->errbuf);
	if (p[2].revents)
		drain(&r->joined, r->outbuf, &r->outlen, sizeof r->outbuf);
}

static int expect_in(struct run *r, const char *buf, const char *needle,
    int timeout_ms)
{
	long long end = now_ms() + timeout_ms;

	while (strstr(buf, needle) == NULL) {
		if (now_ms() >= end)
			return 0;
		pump(r, 5);
	}
	return 1;
}

int run_expect(struct run *r, const char *needle, int timeout_ms)
{
	return expect_in(r, r->outbuf, needle, timeout_ms);
}

int run_expect_err(struct run *r, const char *needle, int timeout_ms)
{
	return expect_in(r, r->errbuf, needle, timeout_ms);
}

/* Stops pid and everything below it, top down, so that nothing forks
 * past the kill, then KILLs them all: a sexton that is not PID 1 of a
 * namespace of its own leaves its command behind when KILLed. */
static void kill_tree(pid_t pid, int depth)
{
	char path[64], buf[4096];
	FILE *f;

	if (depth > 64 || kill(pid, SIGSTOP) < 0)
		return;
	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid,
	    (int)pid);
	if ((f = fopen(path, "r")) != NULL) {
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		char *p = buf, *end;

		fclose(f);
		buf[n] = '\0';
		for (long c; (c = strtol(p, &end, 10)) > 0; p = end)
			kill_tree((pid_t)c, depth + 1);
	}
	kill(pid, SIGKILL);
}

void run_kill(struct run *r)
{
	if (r->outer <= 0)
		return;
	kill_tree(r->pid1, 0);
	kill(r->outer, SIGKILL);
	waitpid(r->outer, NULL, 0);
	r->outer = 0;
}

int run_teardown(void **state)
{
	run_kill(*state);
	return 0;
}

static void close_all(struct run *r)
{
	int *fds[] = { &r->out, &r->err, &r->in, &r->joined };

	for (int i = 0; i < 4; i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

int run_wait(struct run *r, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	int st;

	for (;;) {
		pid_t p = waitpid(r->outer, &st, WNOHANG);

		if (p == r->outer)
			break;
		if (now_ms() >= end) {
			run_kill(r);
			close_all(r);
			return -1;
		}
		pump(r, 5);
	}
	r->outer = 0;
	/* What was written before the end is still in the pipes. */
	while (r->out >= 0 || r->err >= 0 || r->joined >= 0)
		pump(r, 100);
	close_all(r);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

long run_idle_wakeups(struct run *r, char *const argv[])
{
	long before, after;

	if (run_start(r, RUN_NS, argv) < 0 || !run_expect(r, "ready", 5000))
		return -1;
	before = proc_field(r->pid1, "voluntary_ctxt_switches");
	sleep(3);
	after = proc_field(r->pid1, "voluntary_ctxt_switches");
	run_kill(r);
	return before < 0 || after < 0 ? -1 : after - before;
}

long proc_field(pid_t pid, const char *name)
{
	char path[64], line[256];
	size_t n = strlen(name);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, name, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

static int join_ns(pid_t pid, const char *ns, int type)
{
	char path[64];
	int fd, rc;

	snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = setns(fd, type);
	close(fd);
	return rc;
}

pid_t run_enter(struct run *r, char *const argv[])
{
	int out[2], st;
	pid_t pid;

	if (r->joined >= 0 || pipe2(out, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		char cwd[4096];

		/* Joining a mount namespace moves to its root: come back. */
		if (getcwd(cwd, sizeof cwd) == NULL ||
		    join_ns(r->pid1, "pid", CLONE_NEWPID) < 0 ||
		    join_ns(r->pid1, "mnt", CLONE_NEWNS) < 0 || chdir(cwd) < 0)
			_exit(200);
		pid = fork();
		if (pid == 0) {
			dup2(out[1], 1);
			execv(argv[0], argv);
			_exit(202);
		}
		if (pid < 0 || waitpid(pid, &st, 0) < 0)
			_exit(203);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	}
	close(out[1]);
	if (pid < 0) {
		close(out[0]);
		return -1;
	}
	r->joined = out[0];
	return pid;
}

int run_join(struct run *r, char *const argv[], int timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	pid_t pid = run_enter(r, argv);
	int st;

	if (pid < 0)
		return -1;
	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (now_ms() >= end) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return -1;
		}
		poll_step();
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

char proc_state(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' ? p[2] : 0;
}

pid_t child_of(pid_t parent)
{
	char path[64];
	FILE *f;
	int pid = 0;

	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)parent,
	    (int)parent);
	f = fopen(path, "r");
	if (f != NULL) {
		if (fscanf(f, "%d", &pid) != 1)
			pid = 0;
		fclose(f);
		return pid;
	}
	/* No CONFIG_PROC_CHILDREN: scan every process's parent. */
	for (int p = 2; p < 4194304 && pid == 0; p++) {
		char buf[512], *s;
		size_t n;

		snprintf(path, sizeof path, "/proc/%d/stat", p);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[n] = '\0';
		s = strrchr(buf, ')');
		if (s != NULL && atoi(s + 4) == parent)
			pid = p;
	}
	return pid;
}

int wait_sig_mask(pid_t pid, const char *a, const char *b, int sig,
    int set, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	char path[64], line[256];

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	while (now_ms() < end) {
		FILE *f = fopen(path, "r");
		unsigned long long mask = 0;

		if (f == NULL)
			return 0;
		while (fgets(line, sizeof line, f) != NULL)
			if (strncmp(line, a, 7) == 0 || strncmp(line, b, 7) == 0)
				mask |= strtoull(line + 7, NULL, 16);
		fclose(f);
		if (((mask >> (sig - 1)) & 1) == (unsigned long long)set)
			return 1;
		poll_step();
	}
	return 0;
}

int wait_caught(pid_t pid, int sig, int timeout_ms)
{
	return wait_sig_mask(pid, "SigCgt:", "SigBlk:", sig, 1, timeout_ms);
}

int wait_state(pid_t pid, char st, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;

	while (proc_state(pid) != st)
		if (now_ms() >= end)
			return 0;
		else
			poll_step();
	return 1;
}

pid_t wait_child_of(pid_t parent)
{
	long long end = now_ms() + 5000;
	pid_t pid;

	while ((pid = child_of(parent)) <= 0 && now_ms() < end)
		poll_step();
	return pid > 0 ? pid : 0;
}

int zombie_children(pid_t parent)
{
	char path[64];
	FILE *f;
	int pid, n = 0;

	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)parent,
	    (int)parent);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fscanf(f, "%d", &pid) == 1)
		n += proc_state(pid) == 'Z';
	fclose(f);
	return n;
}

int count(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *p = haystack; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

char *slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f != NULL) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

#define PID_MAX_PATH "/proc/sys/kernel/pid_max"
static char pid_max[16];	/* the machine's, to restore; or "" */
char pid_max_note[80];

void raise_pid_max(void)
{
	int fd = open(PID_MAX_PATH, O_RDWR | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, pid_max, sizeof pid_max - 1) : -1;

	snprintf(pid_max_note, sizeof pid_max_note, "pid_max unread");
	if (n <= 0) {
		pid_max[0] = '\0';
		if (fd >= 0)
			close(fd);
		return;
	}
	pid_max[n] = '\0';
	snprintf(pid_max_note, sizeof pid_max_note, "pid_max %.*s, raised",
	    (int)n - 1, pid_max);
	if (atol(pid_max) < 4194304 && pwrite(fd, "4194304", 7, 0) != 7)
		snprintf(pid_max_note, sizeof pid_max_note, "pid_max %.*s, not "
		    "raised: %s", (int)n - 1, pid_max, strerror(errno));
	close(fd);
}

void restore_pid_max(void)
{
	int fd;

	if (pid_max[0] == '\0' || atol(pid_max) >= 4194304)
		return;
	fd = open(PID_MAX_PATH, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		(void)!write(fd, pid_max, strlen(pid_max));
		close(fd);
	}
	pid_max[0] = '\0';
}

int pid_max_teardown(void **state)
{
	restore_pid_max();
	return run_teardown(state);
}
