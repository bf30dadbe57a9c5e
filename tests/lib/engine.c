/* What the tests of sexton under a container engine share: engine.h. */
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine.h"

#define NARGS ((int)(sizeof ((struct argv *)0)->v / sizeof(char *)))

void argv_add(struct argv *a, char *const list[])
{
	for (; *list != NULL; list++) {
		assert_true(a->n < NARGS - 1);
		a->v[a->n++] = *list;
	}
	a->v[a->n] = NULL;
}

int run_argv(struct run *r, char *const argv[], int timeout_ms)
{
	assert_int_equal(run_start(r, 0, argv), 0);
	return run_wait(r, timeout_ms);
}

int run_prog(struct run *r, const char *prog, char *const args[],
    int timeout_ms)
{
	struct argv a = { .n = 0 };

	argv_add(&a, ARGV((char *)prog));
	argv_add(&a, args);
	return run_argv(r, a.v, timeout_ms);
}

void first_line(const char *text, char *dst, size_t size)
{
	size_t n = strcspn(text, "\n");

	n = n < size - 1 ? n : size - 1;
	memcpy(dst, text, n);
	dst[n] = '\0';
}

char out_dir[256], out_bind[300];

int fresh_container(char *name, size_t size, const char *prefix,
    const char *engine)
{
	static int n;
	char cwd[128];

	if (getcwd(cwd, sizeof cwd) == NULL)
		return -1;
	snprintf(name, size, "%s-%d-%d", prefix, (int)getpid(), ++n);
	snprintf(out_dir, sizeof out_dir, "%s/.build/%s/out/%s", cwd, engine,
	    name);
	snprintf(out_bind, sizeof out_bind, "%s:/out", out_dir);
	return mkdir(out_dir, 0755) == 0 ? 0 : -1;
}

static void out_path(char *path, size_t size, const char *file)
{
	snprintf(path, size, "%s/%s", out_dir, file);
}

int wait_file(const char *file, int timeout_ms)
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

const char *out_file(const char *file)
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

void wait_stop_ready(void)
{
	assert_true(wait_file("ready", 20000));
	assert_true(wait_file("orphan-ready", 20000));
}

void assert_halt_finished(void)
{
	assert_string_equal(out_file("term"), "TERM\n");
	assert_string_equal(out_file("orphan"), "done\n");
}

void print_peer_stop(const char *who, int code, long long ms)
{
	print_message("%s exit %d after %lld ms; TERM trap %s; orphan's "
	    "marker %s\n", who, code, ms,
	    *out_file("term") != '\0' ? "ran" : "did not run",
	    *out_file("orphan") != '\0' ? "written" : "not written");
}

void pty_show(struct pty *t, const char *what)
{
	char shown[4097];

	pty_tail(t, shown, sizeof shown);
	print_error("--- the terminal %s, its end ---\n%s\n"
	    "--- end of the terminal\n", what, shown);
}

void pty_type_a_line(struct pty *t, pid_t *client, char *const argv[],
    int start_ms, const char *what, const char *who)
{
	*client = pty_spawn(t, argv, 50, 200);
	assert_true(*client > 0);
	if (!pty_expect(t, "ready-5", start_ms)) {
		pty_show(t, what);
		fail_msg("the container did not start within %d s",
		    start_ms / 1000);
	}
	pty_send(t, "hello\r");
	if (!pty_expect(t, "got=hello", 5000)) {
		pty_show(t, what);
		fail_msg("%s: the command did not read the line typed at the "
		    "terminal within 5 s", who);
	}
}

int pty_client_wait(struct pty *t, pid_t *client, int ms)
{
	long long end = now_ms() + ms;
	int st;

	while (waitpid(*client, &st, WNOHANG) != *client) {
		if (now_ms() >= end)
			return -1;
		pty_pump(t, 5);
	}
	*client = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

void pty_client_kill(struct pty *t, pid_t *client)
{
	if (*client > 0) {
		/* The session's one group: the scripts exec the client. */
		kill(-*client, SIGKILL);
		waitpid(*client, NULL, 0);
		*client = 0;
	}
	pty_close(t);
}

int cli(const struct client *c, char *const args[], int timeout_ms)
{
	return run_prog(c->r, c->prog, args, timeout_ms);
}

int cli_run_in(const struct mode *m, char *const opts[],
    char *const cmd[], int timeout_ms)
{
	struct argv a = { .n = 0 };
	int rc;

	argv_add(&a, m->cli->run);
	if (m->init != NULL)
		argv_add(&a, m->init);
	argv_add(&a, opts);
	argv_add(&a, ARGV((char *)m->image));
	argv_add(&a, cmd);
	rc = cli(m->cli, a.v, timeout_ms);
	if (m->cli->show_errors && m->cli->r->errlen > 0)
		print_message("%s run: %s", m->cli->name, m->cli->r->errbuf);
	return rc;
}

const char *cli_inspect(const struct client *c, const char *ct,
    const char *format)
{
	static char got[128];

	assert_int_equal(cli(c, ARGV("inspect", "-f", (char *)format,
	    (char *)ct), 20000), 0);
	first_line(c->r->outbuf, got, sizeof got);
	return got;
}

int cli_logs_have(const struct client *c, const char *ct,
    const char *needle, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;

	do {
		if (cli(c, ARGV("logs", (char *)ct), 20000) == 0 &&
		    strstr(c->r->outbuf, needle) != NULL)
			return 1;
		poll_step();
	} while (now_ms() < end);
	return 0;
}

pid_t cli_host_pid(const struct client *c, const char *ct)
{
	return (pid_t)strtol(cli_inspect(c, ct, "{{.State.Pid}}"), NULL, 10);
}

int ns_census(pid_t pid, int *zombies)
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

int ns_settles(pid_t pid, int want, int timeout_ms)
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

/* PID 1's own binary, whatever its name in the container: with
 * podman's --init, /run/podman-init. */
void cli_pid_1_is_sexton(void **state)
{
	const struct mode *m = *state;

	assert_int_equal(cli_run_in(m, ARGV("--rm"), ARGV("/proc/1/exe",
	    "--version"), 30000), 0);
	assert_memory_equal(m->cli->r->outbuf, "sexton ", 7);
}

void cli_exit_codes_pass_through(void **state)
{
	assert_int_equal(cli_run_in(*state, ARGV("--rm"), ARGV("/probe",
	    "exit", "3"), 30000), 3);
	/* SIGUSR1: a death no engine, daemon or runtime would cause
	 * itself. */
	assert_int_equal(cli_run_in(*state, ARGV("--rm"), ARGV("/probe",
	    "kill", "10"), 30000), 128 + 10);
}

void cli_kill_hup_reaches_the_command(void **state)
{
	const struct mode *m = *state;
	const struct client *c = m->cli;

	assert_int_equal(cli_run_in(m, ARGV("-d", "--name", (char *)c->ct),
	    ARGV("/probe", "catch"), 30000), 0);
	assert_true(cli_logs_have(c, c->ct, "main ready\n", 20000));
	assert_int_equal(cli(c, ARGV("kill", "-s", "HUP", (char *)c->ct),
	    20000), 0);
	/* probe catch says "main N" for each signal N it gets. */
	assert_true(cli_logs_have(c, c->ct, "main 1\n", 10000));
	assert_string_equal(cli_inspect(c, c->ct, "{{.State.Running}}"),
	    "true");
}

/* An exec'd process has its parent outside the container: what it
 * leaves behind (tests/lib/exec.sh) falls to PID 1, sexton, which must
 * reap it. */
void cli_exec_leaves_no_zombie(void **state)
{
	const struct mode *m = *state;
	const struct client *c = m->cli;
	int base, n, zombies = 0;
	pid_t pid;

	assert_int_equal(cli_run_in(m, ARGV("-d", "--name", (char *)c->ct),
	    ARGV("/probe", "sleep"), 30000), 0);
	assert_true(cli_logs_have(c, c->ct, "ready\n", 20000));
	pid = cli_host_pid(c, c->ct);
	base = ns_census(pid, &zombies);
	assert_int_equal(base, 2);	/* sexton and the probe */
	assert_int_equal(zombies, 0);
	assert_int_equal(cli(c, ARGV("exec", (char *)c->ct, "/bin/sh",
	    "/t/exec.sh"), 20000), 0);
	/* The sleepers stay 0.5 s at least: the test is not empty. */
	n = ns_census(pid, &zombies);
	print_message("after %s exec: %d processes, %d zombies\n", c->name, n,
	    zombies);
	assert_true(n > base);
	assert_true(ns_settles(pid, base, 10000));
}
