/* sexton under a real Docker daemon (tests/docker): as the ENTRYPOINT of
 * an image, ["/sbin/sexton", "--"], and as the init of docker run --init,
 * the daemon's --init-path. Most tests run in both ways. With -it, the
 * docker client runs in a pty of the test's, as in a user's terminal,
 * and the command reads a line typed there as it does with no init. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine.h"

#define DOCKER "tests/docker/docker.sh"
#define DAEMON_LOG ".build/docker/dockerd.log"

static struct run r;
/* docker run -it: the client in a pty of ours. */
static struct pty tty;
static pid_t client;
/* This test's containers. */
static char name[48], peer[64];

static const struct client dk = {
	DOCKER, "docker", &r, ARGV("run", "--network", "none", "-v", out_bind),
	name, 0
};

static const struct mode entry = { &dk, "sexton-dk-entry", NULL };
static const struct mode init = { &dk, "sexton-dk-plain", ARGV("--init") };
/* The reference: the command itself is PID 1. */
static const struct mode bare = { &dk, "sexton-dk-plain", NULL };

/* The docker client's exit code, or -1 after timeout_ms; what it
 * printed on stdout is in r.outbuf. */
static int docker(char *const args[], int timeout_ms)
{
	return cli(&dk, args, timeout_ms);
}

/* Names no other run uses, and an empty /out. */
static int fresh(void **state)
{
	(void)state;
	if (fresh_container(name, sizeof name, "sexton-dk", "docker") < 0)
		return -1;
	snprintf(peer, sizeof peer, "%s-b", name);
	return 0;
}

/* Whatever a failed assertion left running goes. */
static int remove_containers(void **state)
{
	char cmd[200];

	(void)state;
	run_kill(&r);
	pty_client_kill(&tty, &client);
	snprintf(cmd, sizeof cmd, DOCKER " rm -f %s %s >/dev/null 2>&1",
	    peer, name);
	return system(cmd) == -1 ? -1 : 0;
}

/* docker stop sends TERM to PID 1 and SIGKILL 10 s later. sexton
 * forwards TERM, the command (tests/lib/halt.sh) exits 0, and the
 * orphan it left, in a session of its own, gets sexton's TERM and
 * 300 ms to write its marker. Killed at once, it would never write
 * it. */
static void stop_lets_the_orphan_finish(void **state)
{
	long long t0, ms;

	assert_int_equal(cli_run_in(*state, ARGV("-d", "--name", name),
	    ARGV("/bin/sh", "/t/halt.sh"), 30000), 0);
	wait_stop_ready();
	t0 = now_ms();
	assert_int_equal(docker(ARGV("stop", "-t", "10", name), 20000), 0);
	ms = now_ms() - t0;
	print_message("docker stop took %lld ms\n", ms);
	assert_in_range(ms, 300, 4999);
	assert_string_equal(cli_inspect(&dk, name, "{{.State.ExitCode}}"),
	    "0");
	assert_string_equal(out_file("orphan"), "done\n");
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

	assert_int_equal(cli_run_in(*state, ARGV("-d", "--name", name),
	    ARGV("/probe", "sleep"), 30000), 0);
	assert_true(cli_logs_have(&dk, name, "ready\n", 20000));
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
	assert_string_equal(cli_inspect(&dk, name, "{{.State.ExitCode}}"),
	    "143");
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
	assert_true(cli_logs_have(&dk, name, "main ready\n", 20000));
	assert_true(cli_logs_have(&dk, name, "peer ready\n", 20000));
	pid = cli_host_pid(&dk, name);
	snprintf(pidns, sizeof pidns, "container:%s", name);
	assert_int_equal(cli_run_in(*state, ARGV("--name", peer, "--pid",
	    pidns), ARGV("/bin/sh", "/t/pidshare.sh"), 30000), 7);
	assert_string_equal(out_file("pid1"), "probe\n");
	assert_string_equal(out_file("term"), "TERM\n");
	assert_true(ns_settles(pid, 2, 5000));
	/* Only the two lines of readiness: no signal, SIGCHLD included. */
	assert_int_equal(docker(ARGV("logs", name), 20000), 0);
	assert_int_equal(strlen(r.outbuf), strlen("main ready\npeer ready\n"));
	assert_string_equal(cli_inspect(&dk, name, "{{.State.Running}}"),
	    "true");
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
	first_line(r.outbuf, id, sizeof id);
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

/* docker run --rm -it: the user types a line once the command says it
 * is ready; the command reads it and exits 3, and the client with it. */
static void tty_command_reads_a_line(void **state)
{
	const struct mode *m = *state;
	struct argv a = { .n = 0 };
	char what[80];
	int code;

	argv_add(&a, ARGV(DOCKER, "run", "--rm", "-it", "--network", "none",
	    "--name", name));
	if (m->init != NULL)
		argv_add(&a, m->init);
	argv_add(&a, ARGV((char *)m->image, "sh", "-c", READ_A_LINE));
	snprintf(what, sizeof what, "of docker run -it (%s)", mode_name(m));
	pty_type_a_line(&tty, &client, a.v, 30000, what, mode_name(m));
	code = pty_client_wait(&tty, &client, 20000);
	if (code == -1) {
		pty_show(&tty, what);
		fail_msg("docker run -it did not end within 20 s of the "
		    "command's exit");
	}
	assert_int_equal(code, 3);
}

SCRIPT_FIXTURE(start_daemon, "tests/docker/setup.sh")
SCRIPT_FIXTURE(stop_daemon, "tests/docker/stop.sh")

/* A test twice, named for the way sexton runs in each. SHARED: one of
 * engine.c's tests, the same under podman. */
#define BOTH(f) CLI_BOTH(#f, f, fresh, remove_containers, "--init")
#define SHARED(f) CLI_SHARED(f, fresh, remove_containers, "--init")

int main(void)
{
	const struct CMUnitTest tests[] = {
		SHARED(pid_1_is_sexton),
		SHARED(exit_codes_pass_through),
		BOTH(stop_lets_the_orphan_finish),
		SHARED(kill_hup_reaches_the_command),
		SHARED(exec_leaves_no_zombie),
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
