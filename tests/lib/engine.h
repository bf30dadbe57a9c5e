/* What the tests of sexton under a container engine share
 * (test_containerd, test_lxc, test_nspawn): argument lists built in
 * parts; the test's container, named for the run, and its directory
 * bound at /out, with what the scripts of its image write there. The
 * helpers assert, as cmocka's tests do: a failed one ends the test. */
#ifndef SEXTON_ENGINE_H
#define SEXTON_ENGINE_H

#include <stddef.h>
#include <sys/types.h>

#include "harness.h"

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

/* A cmocka fixture f that runs the shell command script: a setup.sh
 * that starts an engine or makes a rootfs, a script that stops or
 * cleans up. 0 if it exited 0, else -1. */
#define SCRIPT_FIXTURE(f, script) \
	static int f(void **state) \
	{ \
		(void)state; \
		return system(script) == 0 ? 0 : -1; \
	}

/* The directory of the test's container, absolute, bound at /out. */
extern char out_dir[256];
/* For a test's setup: a name no other run uses, PREFIX-PID-N with N
 * counting the calls, in name; and out_dir .build/ENGINE/out/NAME
 * under the working directory, made empty. 0, or -1. */
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

#endif
