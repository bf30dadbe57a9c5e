/* What the tests of sexton under a container engine share (test_docker,
 * test_podman, test_containerd, test_lxc, test_nspawn, test_runc):
 * argument lists built in parts; the test's container, named for the
 * run, and its directory bound at /out, with what the scripts of its
 * image write there; a client run in a pty of the test's, as a user's
 * terminal runs it. And for the engines whose client takes docker's
 * commands (docker, podman): the client, its run in each way sexton
 * runs, a container's PID namespace counted from the host, and the
 * tests that are the same for both. The helpers assert, as cmocka's
 * tests do: a failed one ends the test. */
#ifndef SEXTON_ENGINE_H
#define SEXTON_ENGINE_H

#include <stddef.h>
#include <sys/types.h>

#include "harness.h"
#include "tty.h"

/* An argument list built in parts, NULL-terminated. */
struct argv {
	char *v[48];
	int n;
};

/* Appends list (NULL-terminated). */
void argv_add(struct argv *a, char *const list[]);
/* Runs argv in r: its exit code, or -1 after timeout_ms. What it
 * printed is in r->outbuf and r->errbuf. */
int run_argv(struct run *r, char *const argv[], int timeout_ms);
/* The same for prog with args. */
int run_prog(struct run *r, const char *prog, char *const args[],
    int timeout_ms);
/* The first line of text, cut to fit dst. */
void first_line(const char *text, char *dst, size_t size);

/* A cmocka fixture f that runs the shell command script: a setup.sh
 * that starts an engine or makes a rootfs, a script that stops or
 * cleans up. 0 if it exited 0, else -1. */
#define SCRIPT_FIXTURE(f, script) \
	static int f(void **state) \
	{ \
		(void)state; \
		return system(script) == 0 ? 0 : -1; \
	}

/* The directory of the test's container, absolute, bound at /out; and
 * "DIR:/out", which binds it there for docker run -v and podman's. */
extern char out_dir[256], out_bind[300];
/* For a test's setup: a name no other run uses, PREFIX-PID-N with N
 * counting the calls, in name; and out_dir .build/ENGINE/out/NAME
 * under the working directory, made empty, and out_bind. 0, or -1. */
int fresh_container(char *name, size_t size, const char *prefix,
    const char *engine);
/* Polls until the container wrote /out/file: 1, or 0 at the deadline. */
int wait_file(const char *file, int timeout_ms);
/* What the container wrote to /out/file, or "" if there is no such
 * file. */
const char *out_file(const char *file);

/* The command of a stop test (tests/lib/halt.sh and the like) and its
 * orphan, in a session of its own, are ready: /out/ready and
 * /out/orphan-ready. */
void wait_stop_ready(void);
/* tests/lib/halt.sh ended cleanly: its TERM trap ran, and its orphan
 * finished within the grace, 300 ms after the TERM that reached it only
 * once the command was gone. Killed at once, it would never write its
 * marker. */
void assert_halt_finished(void);
/* What a peer's stop of halt.sh did, measured, not asserted: "WHO exit
 * CODE after MS ms; TERM trap ran; orphan's marker written". */
void print_peer_stop(const char *who, int code, long long ms);

/* What a user's terminal does: the command a test types a line to. It
 * says ready-5 once ready, reads the line and exits 3. */
#define READ_A_LINE "echo ready-$((2+3)); read x; echo \"got=$x\"; exit 3"
/* Runs argv in a new pty t, as a user's shell runs it, with *client its
 * pid; once the command says it is ready (within start_ms), types
 * "hello" there, and waits until the command says it read it. Fails
 * the test otherwise, showing the terminal of what (pty_show) and
 * naming who runs the command. */
void pty_type_a_line(struct pty *t, pid_t *client, char *const argv[],
    int start_ms, const char *what, const char *who);
/* The exit code of *client, 128 + N for a death by signal N, what the
 * terminal shows pumped meanwhile; *client is then 0. -1 after ms. */
int pty_client_wait(struct pty *t, pid_t *client, int ms);
/* For a teardown: *client's whole session killed and collected, and t
 * closed. */
void pty_client_kill(struct pty *t, pid_t *client);
/* The end of what t showed, on stderr, as "the terminal WHAT". */
void pty_show(struct pty *t, const char *what);

/* A client that takes docker's commands: docker, podman. */
struct client {
	const char *prog;	/* the test's script that runs it */
	const char *name;	/* "docker": in what the tests print */
	struct run *r;		/* where it runs: r->outbuf, its stdout */
	char *const *run;	/* "run", and what every test's run adds
				 * before its own options */
	const char *ct;		/* the test's container's name */
	int show_errors;	/* what a run writes on stderr is printed,
				 * "NAME run: ..." */
};

/* A way sexton runs under the client. */
struct mode {
	const struct client *cli;
	const char *image;
	char *const *init;	/* the run's init options; NULL: sexton is
				 * the image's ENTRYPOINT */
};

/* The client's exit code, or -1 after timeout_ms. */
int cli(const struct client *c, char *const args[], int timeout_ms);
/* The client's run in the way of m: opts go before the image, cmd
 * after it. */
int cli_run_in(const struct mode *m, char *const opts[],
    char *const cmd[], int timeout_ms);
/* One field of the client's inspect of container ct. */
const char *cli_inspect(const struct client *c, const char *ct,
    const char *format);
/* Polls the client's logs of ct until its stdout holds needle: 1, or 0
 * at the deadline. */
int cli_logs_have(const struct client *c, const char *ct,
    const char *needle, int timeout_ms);
/* The host's pid of ct's PID 1. */
pid_t cli_host_pid(const struct client *c, const char *ct);

/* The processes in the PID namespace of host pid pid, counted in the
 * host's /proc so that no process of ours joins them: how many, and
 * how many are zombies. -1 if pid is gone. */
int ns_census(pid_t pid, int *zombies);
/* Polls until the namespace of pid holds exactly want processes and no
 * zombie: 1, or 0 at the deadline, saying what was there. */
int ns_settles(pid_t pid, int want, int timeout_ms);

/* A test twice in a cmocka table, with setup and teardown: with the
 * test's struct modes entry, sexton as the image's ENTRYPOINT, and
 * init, named "(how)". CLI_SHARED: one of the tests below, named
 * without its prefix. */
#define CLI_BOTH(name, f, setup, teardown, how) \
	{ name " (entrypoint)", f, setup, teardown, (void *)&entry }, \
	{ name " (" how ")", f, setup, teardown, (void *)&init }
#define CLI_SHARED(f, setup, teardown, how) \
	CLI_BOTH(#f, cli_##f, setup, teardown, how)

/* The tests that are the same under every such client, *state a struct
 * mode. */
void cli_pid_1_is_sexton(void **state);
void cli_exit_codes_pass_through(void **state);
void cli_kill_hup_reaches_the_command(void **state);
void cli_exec_leaves_no_zombie(void **state);

#endif
