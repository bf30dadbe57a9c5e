/* sexton under real Podman (tests/podman), with runc: as the ENTRYPOINT
 * of an image, ["/sbin/sexton", "--"], and as the init of podman run
 * --init with --init-path naming sexton-static in place of Podman's own
 * catatonit. Each test runs in both ways: the command's exit code and
 * its death by a signal come out of podman run; orphans, those of
 * podman exec too, leave no zombie; podman stop and podman kill reach
 * the command, and stop gives what it left behind its grace. One more
 * test runs the stop with catatonit, Podman's default --init, and only
 * reports what it saw. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

#define PODMAN "tests/podman/podman.sh"

struct mode {
	const char *image;
	int init;		/* podman run --init; 0: sexton is the
				 * ENTRYPOINT */
	int init_path;		/* with init: --init-path sexton-static;
				 * 0: Podman's catatonit */
};

static const struct mode entry = { "sexton-pm-entry", 0, 0 };
static const struct mode init = { "sexton-pm-plain", 1, 1 };
static const struct mode catatonit = { "sexton-pm-plain", 1, 0 };

static struct run r;
/* This test's container, its directory bind-mounted at /out, and the
 * absolute path of sexton-static. */
static char name[48], out[256], bind[300], sexton[256];

struct argv {
	char *v[48];
	int n;
};

static void add(struct argv *a, char *const list[])
{
	for (; *list != NULL; list++) {
		assert_true(a->n < 47);
		a->v[a->n++] = *list;
	}
	a->v[a->n] = NULL;
}

/* podman's exit code, or -1 after timeout_ms; what it printed on
 * stdout is in r.outbuf, on stderr in r.errbuf. */
static int podman(char *const args[], int timeout_ms)
{
	struct argv a = { .n = 0 };

	add(&a, ARGV(PODMAN));
	add(&a, args);
	assert_int_equal(run_start(&r, 0, a.v), 0);
	return run_wait(&r, timeout_ms);
}

/* podman run in the test's mode with /out bound: opts go before the
 * image, cmd after it. podman.sh adds what every run needs here. */
static int run_in(const struct mode *m, char *const opts[], char *const cmd[],
    int timeout_ms)
{
	struct argv a = { .n = 0 };
	int rc;

	add(&a, ARGV("run", "-v", bind));
	if (m->init)
		add(&a, ARGV("--init"));
	if (m->init_path)
		add(&a, ARGV("--init-path", sexton));
	add(&a, opts);
	add(&a, ARGV((char *)m->image));
	add(&a, cmd);
	rc = podman(a.v, timeout_ms);
	if (r.errlen > 0)
		print_message("podman run: %s", r.errbuf);
	return rc;
}

/* The first line of what podman printed, cut to fit dst. */
static void first_line(char *dst, size_t size)
{
	size_t n = strcspn(r.outbuf, "\n");

	n = n < size - 1 ? n : size - 1;
	memcpy(dst, r.outbuf, n);
	dst[n] = '\0';
}

/* One field of podman inspect. */
static const char *inspect(const char *c, const char *format)
{
	static char got[128];

	assert_int_equal(podman(ARGV("inspect", "-f", (char *)format,
	    (char *)c), 20000), 0);
	first_line(got, sizeof got);
	return got;
}

/* Polls podman logs until the container's stdout holds needle: 1, or 0
 * at the deadline. */
static int logs_have(const char *c, const char *needle, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;

	do {
		if (podman(ARGV("logs", (char *)c), 20000) == 0 &&
		    strstr(r.outbuf, needle) != NULL)
			return 1;
		poll_step();
	} while (now_ms() < end);
	return 0;
}

static void out_path(char *path, size_t size, const char *file)
{
	snprintf(path, size, "%s/%s", out, file);
}

static int wait_file(const char *file, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	char path[300];
	struct stat st;

	out_path(path, sizeof path, file);
	while (stat(path, &st) < 0) {
		if (now_ms() >= end)
			return 0;
		poll_step();
	}
	return 1;
}

/* What a container wrote to /out/file, or "" if there is no such file. */
static const char *out_file(const char *file)
{
	static char got[256];
	char path[300];
	size_t n = 0;
	FILE *f;

	out_path(path, sizeof path, file);
	f = fopen(path, "r");
	if (f != NULL) {
		n = fread(got, 1, sizeof got - 1, f);
		fclose(f);
	}
	got[n] = '\0';
	return got;
}

/* The processes in the PID namespace of host pid pid, counted in the
 * host's /proc so that no process of ours joins them: how many, and
 * how many are zombies. -1 if pid is gone. */
static int ns_census(pid_t pid, int *zombies)
{
	struct stat ns, st;
	char path[64];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)pid);
	if (stat(path, &ns) < 0 || (d = opendir("/proc")) == NULL)
		return -1;
	*zombies = 0;
	while ((e = readdir(d)) != NULL) {
		pid_t p = (pid_t)strtol(e->d_name, NULL, 10);

		snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)p);
		if (p <= 0 || stat(path, &st) < 0 || st.st_ino != ns.st_ino ||
		    st.st_dev != ns.st_dev)
			continue;
		n++;
		if (proc_state(p) == 'Z')
			(*zombies)++;
	}
	closedir(d);
	return n;
}

/* Polls until the namespace of pid holds exactly want processes and no
 * zombie: 1, or 0 at the deadline, saying what was there. */
static int ns_settles(pid_t pid, int want, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	int n, zombies = 0;

	while ((n = ns_census(pid, &zombies)) != want || zombies != 0) {
		if (now_ms() >= end) {
			print_message("namespace of %d: %d processes, %d "
			    "zombies; expected %d and none\n", (int)pid, n,
			    zombies, want);
			return 0;
		}
		poll_step();
	}
	return 1;
}

static pid_t host_pid(const char *c)
{
	return (pid_t)strtol(inspect(c, "{{.State.Pid}}"), NULL, 10);
}

/* A name no other run uses, and an empty /out. */
static int fresh(void **state)
{
	static int n;
	char cwd[128];

	(void)state;
	if (getcwd(cwd, sizeof cwd) == NULL)
		return -1;
	snprintf(name, sizeof name, "sexton-pm-%d-%d", (int)getpid(), ++n);
	snprintf(out, sizeof out, "%s/.build/podman/out/%s", cwd, name);
	snprintf(bind, sizeof bind, "%s:/out", out);
	return mkdir(out, 0755) == 0 ? 0 : -1;
}

/* Whatever a failed assertion left running goes. */
static int remove_container(void **state)
{
	char cmd[200];

	(void)state;
	run_kill(&r);
	snprintf(cmd, sizeof cmd, PODMAN " rm -f -t 0 %s >/dev/null 2>&1",
	    name);
	return system(cmd) == -1 ? -1 : 0;
}

static void pid_1_is_sexton(void **state)
{
	/* PID 1's own binary, whatever its name in the container: with
	 * --init, Podman mounts it at /run/podman-init. */
	assert_int_equal(run_in(*state, ARGV("--rm"), ARGV("/proc/1/exe",
	    "--version"), 30000), 0);
	assert_memory_equal(r.outbuf, "sexton ", 7);
}

static void exit_codes_pass_through(void **state)
{
	assert_int_equal(run_in(*state, ARGV("--rm"), ARGV("/probe", "exit",
	    "3"), 30000), 3);
	/* SIGUSR1: a death no engine or runtime would cause itself. */
	assert_int_equal(run_in(*state, ARGV("--rm"), ARGV("/probe", "kill",
	    "10"), 30000), 128 + 10);
}

/* probe orphans leaves 50 orphans, half of them gone at once, half
 * within 200 ms, and exits 0 once it sees none of them left in the
 * container, zombie or alive; at its deadline it exits 1. */
static void orphans_leave_no_zombie(void **state)
{
	assert_int_equal(run_in(*state, ARGV("--rm"), ARGV("/probe",
	    "orphans", "50", "200"), 30000), 0);
	assert_non_null(strstr(r.outbuf, "zombies=0 alive=0\n"));
}

/* A podman exec'd process has its parent outside the container: what
 * it leaves behind falls to PID 1, sexton, which must reap it. */
static void exec_leaves_no_zombie(void **state)
{
	int base, n, zombies = 0;
	pid_t pid;

	assert_int_equal(run_in(*state, ARGV("-d", "--name", name),
	    ARGV("/probe", "sleep"), 30000), 0);
	assert_true(logs_have(name, "ready\n", 20000));
	pid = host_pid(name);
	base = ns_census(pid, &zombies);
	assert_int_equal(base, 2);	/* sexton and the probe */
	assert_int_equal(zombies, 0);
	assert_int_equal(podman(ARGV("exec", name, "/bin/sh", "/t/exec.sh"),
	    20000), 0);
	/* The sleepers stay 0.5 s at least: the test is not empty. */
	n = ns_census(pid, &zombies);
	print_message("after podman exec: %d processes, %d zombies\n", n,
	    zombies);
	assert_true(n > base);
	assert_true(ns_settles(pid, base, 10000));
}

struct stopped {
	int rc;			/* podman stop's exit code */
	long long ms;		/* how long it took */
	char code[16];		/* the container's exit code */
	int term, done;		/* the orphan's markers were written */
};

/* Runs tests/podman/image/stop.sh, waits until it and its orphan are
 * set up, and podman stops it: TERM to PID 1, SIGKILL 10 s later. */
static void stop_it(const struct mode *m, struct stopped *s)
{
	long long t0;

	assert_int_equal(run_in(m, ARGV("-d", "--name", name),
	    ARGV("/bin/sh", "/t/stop.sh"), 30000), 0);
	assert_true(wait_file("ready", 20000));
	t0 = now_ms();
	s->rc = podman(ARGV("stop", "-t", "10", name), 20000);
	s->ms = now_ms() - t0;
	if (r.errlen > 0)
		print_message("podman stop: %s", r.errbuf);
	snprintf(s->code, sizeof s->code, "%s",
	    inspect(name, "{{.State.ExitCode}}"));
	s->term = strcmp(out_file("term"), "TERM\n") == 0;
	s->done = strcmp(out_file("orphan"), "done\n") == 0;
	print_message("podman stop: exit %d after %lld ms; container exit "
	    "code %s; the orphan got TERM: %s, finished: %s\n", s->rc,
	    s->ms, s->code, s->term ? "yes" : "no", s->done ? "yes" : "no");
}

/* podman stop's TERM reaches the command through sexton, and the
 * command's trap exits 0; the orphan it left, in a session of its own,
 * then gets sexton's TERM and the 300 ms it needs to write its marker.
 * Killed at once, it would never write it. sexton's grace is 5 s; the
 * orphan's end ends it well before. */
static void stop_lets_the_orphan_finish(void **state)
{
	struct stopped s;

	stop_it(*state, &s);
	assert_int_equal(s.rc, 0);
	assert_string_equal(s.code, "0");
	assert_true(s.term);
	assert_true(s.done);
	assert_in_range(s.ms, 300, 4999);
}

/* The same stop with catatonit, Podman's own --init, for comparison.
 * What it does is reported, not asserted; that it was measured is:
 * the container ran, and podman stop ended it. */
static void stop_under_catatonit_is_measured(void **state)
{
	struct stopped s;

	(void)state;
	stop_it(&catatonit, &s);
	print_message("catatonit: the orphan %s\n", s.done ? "finished" :
	    s.term ? "got TERM, and was killed within its 300 ms" :
	    "was killed without a TERM");
	assert_int_equal(s.rc, 0);
}

static void kill_hup_reaches_the_command(void **state)
{
	assert_int_equal(run_in(*state, ARGV("-d", "--name", name),
	    ARGV("/probe", "catch"), 30000), 0);
	assert_true(logs_have(name, "main ready\n", 20000));
	assert_int_equal(podman(ARGV("kill", "-s", "HUP", name), 20000), 0);
	/* probe catch says "main N" for each signal N it gets. */
	assert_true(logs_have(name, "main 1\n", 10000));
	assert_string_equal(inspect(name, "{{.State.Running}}"), "true");
}

static int start_podman(void **state)
{
	char cwd[200];

	(void)state;
	if (getcwd(cwd, sizeof cwd) == NULL)
		return -1;
	snprintf(sexton, sizeof sexton, "%s/sexton-static", cwd);
	return system("tests/podman/setup.sh") == 0 ? 0 : -1;
}

static int stop_podman(void **state)
{
	(void)state;
	return system("tests/podman/stop.sh") == 0 ? 0 : -1;
}

/* A test twice, named for the way sexton runs in each. */
#define BOTH(f) \
	{ #f " (entrypoint)", f, fresh, remove_container, (void *)&entry }, \
	{ #f " (--init-path)", f, fresh, remove_container, (void *)&init }

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(pid_1_is_sexton),
		BOTH(exit_codes_pass_through),
		BOTH(orphans_leave_no_zombie),
		BOTH(exec_leaves_no_zombie),
		BOTH(stop_lets_the_orphan_finish),
		BOTH(kill_hup_reaches_the_command),
		{ "stop_under_catatonit_is_measured (peer)",
		    stop_under_catatonit_is_measured, fresh, remove_container,
		    NULL },
	};
	return cmocka_run_group_tests_name("podman", tests, start_podman,
	    stop_podman);
}
