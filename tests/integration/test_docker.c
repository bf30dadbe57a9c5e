/* sexton under a real Docker daemon (tests/docker): as the ENTRYPOINT of
 * an image, ["/sbin/sexton", "--"], and as the init of docker run --init,
 * the daemon's --init-path. Most tests run in both ways. With -it, the
 * docker client runs in a pty of the test's, as in a user's terminal,
 * and the command reads a line typed there as it does with no init. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"
#include "tty.h"

#define DOCKER "tests/docker/docker.sh"
#define DAEMON_LOG ".build/docker/dockerd.log"

struct mode {
	const char *image;
	const char *init;	/* "--init"; NULL: sexton is the ENTRYPOINT */
};

static const struct mode entry = { "sexton-dk-entry", NULL };
static const struct mode init = { "sexton-dk-plain", "--init" };
/* The reference: the command itself is PID 1. */
static const struct mode bare = { "sexton-dk-plain", NULL };

static struct run r;
/* docker run -it: the client in a pty of ours. */
static struct pty tty;
static pid_t client;
/* This test's containers, and its directory bind-mounted at /out. */
static char name[48], peer[64], out[256], bind[300];

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

/* The docker client's exit code, or -1 after timeout_ms; what it
 * printed on stdout is in r.outbuf. */
static int docker(char *const args[], int timeout_ms)
{
	struct argv a = { .n = 0 };

	add(&a, ARGV(DOCKER));
	add(&a, args);
	assert_int_equal(run_start(&r, 0, a.v), 0);
	return run_wait(&r, timeout_ms);
}

/* docker run in the test's mode with /out bound: opts go before the
 * image, cmd after it. */
static int run_in(const struct mode *m, char *const opts[], char *const cmd[],
    int timeout_ms)
{
	struct argv a = { .n = 0 };

	add(&a, ARGV("run", "--network", "none", "-v", bind));
	if (m->init != NULL)
		add(&a, ARGV((char *)m->init));
	add(&a, opts);
	add(&a, ARGV((char *)m->image));
	add(&a, cmd);
	return docker(a.v, timeout_ms);
}

/* The first line of what docker printed, cut to fit dst. */
static void first_line(char *dst, size_t size)
{
	size_t n = strcspn(r.outbuf, "\n");

	n = n < size - 1 ? n : size - 1;
	memcpy(dst, r.outbuf, n);
	dst[n] = '\0';
}

/* One field of docker inspect. */
static const char *inspect(const char *c, const char *format)
{
	static char got[128];

	assert_int_equal(docker(ARGV("inspect", "-f", (char *)format,
	    (char *)c), 20000), 0);
	first_line(got, sizeof got);
	return got;
}

/* Polls docker logs until the container's stdout holds needle: 1, or 0
 * at the deadline. */
static int logs_have(const char *c, const char *needle, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;

	do {
		if (docker(ARGV("logs", (char *)c), 20000) == 0 &&
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
		pid_t p = (pid_t)atoi(e->d_name);

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
	return (pid_t)atoi(inspect(c, "{{.State.Pid}}"));
}

/* Names no other run uses, and an empty /out. */
static int fresh(void **state)
{
	static int n;
	char cwd[128];

	(void)state;
	if (getcwd(cwd, sizeof cwd) == NULL)
		return -1;
	snprintf(name, sizeof name, "sexton-dk-%d-%d", (int)getpid(), ++n);
	snprintf(peer, sizeof peer, "%s-b", name);
	snprintf(out, sizeof out, "%s/.build/docker/out/%s", cwd, name);
	snprintf(bind, sizeof bind, "%s:/out", out);
	return mkdir(out, 0755) == 0 ? 0 : -1;
}

/* Whatever a failed assertion left running goes. */
static int remove_containers(void **state)
{
	char cmd[200];

	(void)state;
	run_kill(&r);
	if (client > 0) {
		/* The session's one group: docker.sh execs the client. */
		kill(-client, SIGKILL);
		waitpid(client, NULL, 0);
		client = 0;
	}
	pty_close(&tty);
	snprintf(cmd, sizeof cmd, DOCKER " rm -f %s %s >/dev/null 2>&1",
	    peer, name);
	return system(cmd) == -1 ? -1 : 0;
}

static void pid_1_is_sexton(void **state)
{
	/* PID 1's own binary, whatever its name in the container. */
	assert_int_equal(run_in(*state, ARGV("--rm"), ARGV("/proc/1/exe",
	    "--version"), 30000), 0);
	assert_memory_equal(r.outbuf, "sexton ", 7);
}

static void exit_codes_pass_through(void **state)
{
	assert_int_equal(run_in(*state, ARGV("--rm"), ARGV("/probe", "exit",
	    "3"), 30000), 3);
	/* SIGUSR1: a death no daemon or runtime would cause itself. */
	assert_int_equal(run_in(*state, ARGV("--rm"), ARGV("/probe", "kill",
	    "10"), 30000), 128 + 10);
}

/* docker stop sends TERM to PID 1 and SIGKILL 10 s later. sexton
 * forwards TERM, the command exits 0, and the orphan it left, in a
 * session of its own, gets sexton's TERM and 300 ms to write its
 * marker. Killed at once, it would never write it. */
static void stop_lets_the_orphan_finish(void **state)
{
	long long t0, ms;

	assert_int_equal(run_in(*state, ARGV("-d", "--name", name),
	    ARGV("/bin/sh", "/t/stop.sh"), 30000), 0);
	assert_true(wait_file("ready", 20000));
	assert_true(wait_file("orphan-ready", 20000));
	t0 = now_ms();
	assert_int_equal(docker(ARGV("stop", "-t", "10", name), 20000), 0);
	ms = now_ms() - t0;
	print_message("docker stop took %lld ms\n", ms);
	assert_in_range(ms, 300, 4999);
	assert_string_equal(inspect(name, "{{.State.ExitCode}}"), "0");
	assert_string_equal(out_file("orphan"), "done\n");
}

static void kill_hup_reaches_the_command(void **state)
{
	assert_int_equal(run_in(*state, ARGV("-d", "--name", name),
	    ARGV("/probe", "catch"), 30000), 0);
	assert_true(logs_have(name, "main ready\n", 20000));
	assert_int_equal(docker(ARGV("kill", "-s", "HUP", name), 20000), 0);
	/* probe catch says "main N" for each signal N it gets. */
	assert_true(logs_have(name, "main 1\n", 10000));
	assert_string_equal(inspect(name, "{{.State.Running}}"), "true");
}

/* A docker exec'd process has a parent outside the container: what it
 * leaves behind falls to PID 1, sexton, which must reap it. */
static void exec_leaves_no_zombie(void **state)
{
	int base, n, zombies;
	pid_t pid;

	assert_int_equal(run_in(*state, ARGV("-d", "--name", name),
	    ARGV("/probe", "sleep"), 30000), 0);
	assert_true(logs_have(name, "ready\n", 20000));
	pid = host_pid(name);
	base = ns_census(pid, &zombies);
	assert_int_equal(base, 2);	/* sexton and the probe */
	assert_int_equal(zombies, 0);
	assert_int_equal(docker(ARGV("exec", name, "/bin/sh", "/t/exec.sh"),
	    20000), 0);
	/* The sleepers stay 0.5 s at least: the test is not empty. */
	n = ns_census(pid, &zombies);
	print_message("after docker exec: %d processes, %d zombies\n", n,
	    zombies);
	assert_true(n > base);
	assert_true(ns_settles(pid, base, 10000));
}

/* docker exec -d starts a process whose parent is outside the container
 * (the runtime's shim), as kubectl exec does. docker stop: the command
 * dies of the TERM that sexton forwards, and sexton sends TERM to the
 * rest of the namespace, the exec'd process too, which needs 0.5 s to
 * write its marker. sexton must wait for it: were PID 1 to exit, the
 * kernel would KILL it at once. */
static void stop_lets_an_exec_process_finish(void **state)
{
	long long t0, ms;

	assert_int_equal(run_in(*state, ARGV("-d", "--name", name),
	    ARGV("/probe", "sleep"), 30000), 0);
	assert_true(logs_have(name, "ready\n", 20000));
	assert_int_equal(docker(ARGV("exec", "-d", name, "/bin/sh",
	    "/t/entered.sh"), 20000), 0);
	assert_true(wait_file("entered-ready", 20000));
	t0 = now_ms();
	assert_int_equal(docker(ARGV("stop", "-t", "10", name), 20000), 0);
	ms = now_ms() - t0;
	print_message("docker stop took %lld ms\n", ms);
	if (strcmp(out_file("entered"), "done\n") != 0)
		fail_msg("the exec'd process did not finish: /out/entered "
		    "holds '%s' after a stop of %lld ms", out_file("entered"),
		    ms);
	/* Not Docker's KILL at the end of its 10 s. */
	assert_in_range(ms, 500, 4999);
	assert_string_equal(inspect(name, "{{.State.ExitCode}}"), "143");
}

/* A second container in the PID namespace of a first, whose PID 1 is a
 * probe that reaps nothing and reports every signal it or its peer
 * gets. sexton in the second is not PID 1: it reaps as a subreaper, or
 * the orphans would end as the probe's zombies, and at its end signals
 * its own orphan and nothing of the first container. Only with sexton
 * as the ENTRYPOINT: Docker adds its --init to a container with a PID
 * namespace of its own only, and runs the command bare otherwise. */
static void shared_pid_namespace(void **state)
{
	char pidns[80];
	pid_t pid;

	assert_int_equal(docker(ARGV("run", "-d", "--network", "none",
	    "--name", name, "sexton-dk-plain", "/probe", "catch"), 30000), 0);
	assert_true(logs_have(name, "main ready\n", 20000));
	assert_true(logs_have(name, "peer ready\n", 20000));
	pid = host_pid(name);
	snprintf(pidns, sizeof pidns, "container:%s", name);
	assert_int_equal(run_in(*state, ARGV("--name", peer, "--pid", pidns),
	    ARGV("/bin/sh", "/t/pidshare.sh"), 30000), 7);
	assert_string_equal(out_file("pid1"), "probe\n");
	assert_string_equal(out_file("term"), "TERM\n");
	assert_true(ns_settles(pid, 2, 5000));
	/* Only the two lines of readiness: no signal, SIGCHLD included. */
	assert_int_equal(docker(ARGV("logs", name), 20000), 0);
	assert_int_equal(strlen(r.outbuf), strlen("main ready\npeer ready\n"));
	assert_string_equal(inspect(name, "{{.State.Running}}"), "true");
}

/* Lines of the daemon's log that hold needle, shown and counted. */
static int daemon_log_lines(const char *needle)
{
	FILE *f = fopen(DAEMON_LOG, "r");
	char line[1024];
	int n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof line, f) != NULL)
		if (strstr(line, needle) != NULL) {
			print_message("dockerd: %s", line);
			n++;
		}
	fclose(f);
	return n;
}

/* dockerd runs INIT --version for docker info, and splits "NAME
 * version X.Y.Z - git.COMMIT" for InitCommit.ID; what it cannot parse
 * it logs as "failed to parse", and the ID stays "N/A". */
static void docker_info_reads_the_version(void **state)
{
	char id[128], *commit;
	int unparsed;

	(void)state;
	assert_int_equal(docker(ARGV("info", "--format",
	    "{{.InitCommit.ID}}"), 20000), 0);
	first_line(id, sizeof id);
	print_message("InitCommit.ID: \"%s\"\n", id);
	unparsed = daemon_log_lines("failed to parse");
	/* A commit: 7 hex digits at least, not "unknown" nor "N/A". */
	assert_true(strspn(id, "0123456789abcdef") >= 7);
	assert_string_not_equal(id, "N/A");
	assert_int_equal(unparsed, 0);
	/* The very commit sexton says it was built from. */
	assert_int_equal(run_start(&r, 0, ARGV("./sexton-static",
	    "--version")), 0);
	assert_int_equal(run_wait(&r, 5000), 0);
	commit = strstr(r.outbuf, " - git.");
	assert_non_null(commit);
	commit[strcspn(commit, "\n")] = '\0';
	assert_string_equal(id, commit + 7);
}

static const char *mode_name(const struct mode *m)
{
	return m == &bare ? "no init" : m->init != NULL ? "sexton as --init" :
	    "sexton as the ENTRYPOINT";
}

static void show_terminal(const struct mode *m)
{
	char shown[4097];

	pty_tail(&tty, shown, sizeof shown);
	print_error("--- the terminal of docker run -it (%s), its end ---\n"
	    "%s\n--- end of the terminal\n", mode_name(m), shown);
}

/* docker run --rm -it: the user types a line once the command says it
 * is ready; the command reads it and exits 3, and the client with it. */
static void tty_command_reads_a_line(void **state)
{
	const struct mode *m = *state;
	struct argv a = { .n = 0 };
	long long end;
	int st = 0;

	add(&a, ARGV(DOCKER, "run", "--rm", "-it", "--network", "none",
	    "--name", name));
	if (m->init != NULL)
		add(&a, ARGV((char *)m->init));
	add(&a, ARGV((char *)m->image, "sh", "-c", "echo ready-$((2+3)); "
	    "read x; echo \"got=$x\"; exit 3"));
	client = pty_spawn(&tty, a.v, 50, 200);
	assert_true(client > 0);
	if (!pty_expect(&tty, "ready-5", 30000)) {
		show_terminal(m);
		fail_msg("the container did not start within 30 s");
	}
	pty_send(&tty, "hello\r");
	if (!pty_expect(&tty, "got=hello", 5000)) {
		show_terminal(m);
		fail_msg("%s: the command did not read the line typed at the "
		    "terminal within 5 s", mode_name(m));
	}
	end = now_ms() + 20000;
	while (waitpid(client, &st, WNOHANG) != client) {
		if (now_ms() >= end) {
			show_terminal(m);
			fail_msg("docker run -it did not end within 20 s of "
			    "the command's exit");
		}
		pty_pump(&tty, 5);
	}
	client = 0;
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 3);
}

static int start_daemon(void **state)
{
	(void)state;
	return system("tests/docker/setup.sh") == 0 ? 0 : -1;
}

static int stop_daemon(void **state)
{
	(void)state;
	return system("tests/docker/stop.sh") == 0 ? 0 : -1;
}

/* A test twice, named for the way sexton runs in each. */
#define BOTH(f) \
	{ #f " (entrypoint)", f, fresh, remove_containers, (void *)&entry }, \
	{ #f " (--init)", f, fresh, remove_containers, (void *)&init }

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(pid_1_is_sexton),
		BOTH(exit_codes_pass_through),
		BOTH(stop_lets_the_orphan_finish),
		BOTH(kill_hup_reaches_the_command),
		BOTH(exec_leaves_no_zombie),
		BOTH(stop_lets_an_exec_process_finish),
		{ "shared_pid_namespace (entrypoint)", shared_pid_namespace,
		    fresh, remove_containers, (void *)&entry },
		cmocka_unit_test(docker_info_reads_the_version),
		{ "tty_command_reads_a_line (no init)",
		    tty_command_reads_a_line, fresh, remove_containers,
		    (void *)&bare },
		BOTH(tty_command_reads_a_line),
	};
	return cmocka_run_group_tests_name("docker", tests, start_daemon,
	    stop_daemon);
}
