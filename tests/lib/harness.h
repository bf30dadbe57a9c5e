/* Starting sexton for integration tests: as PID 1 of a new PID
 * namespace, or as a plain child. Every wait has a deadline. And what
 * the tests share besides: looks at /proc, counting in text, reading a
 * file, and the machine's pid_max raised for a test. */
#ifndef SEXTON_HARNESS_H
#define SEXTON_HARNESS_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

#ifndef SEXTON		/* the Makefile's sanitizer pass sets another */
#define SEXTON "./sexton"
#endif
#define PROBE ".build/test/probe"

enum {
	RUN_NS = 1,		/* PID 1 of a new PID and mount namespace */
	RUN_STDIN_PIPE = 2,	/* stdin is a pipe, run.in; else /dev/null */
	RUN_FD5 = 4,		/* fd 5 is a pipe to run.five */
	RUN_NOPROC = 8,		/* with RUN_NS: /proc an empty tmpfs */
	RUN_HOSTPROC = 16,	/* with RUN_NS: the caller's /proc, whose
				 * pids are not the namespace's */
};

struct run {
	pid_t outer;	/* our child; exits with the command's code */
	pid_t pid1;	/* what was exec'd, as this namespace sees it */
	int out, err, in;
	int five;	/* read end of fd 5's pipe; closed by the caller */
	int joined;	/* stdout of what run_join started, read into outbuf */
	char outbuf[1 << 16], errbuf[1 << 16];
	size_t outlen, errlen;
};

/* Starts argv (NULL-terminated). Returns 0 or -1. */
int run_start(struct run *r, int flags, char *const argv[]);
/* The exit code, or -1 if it did not end within timeout_ms (it is then
 * killed). Reads stdout and stderr meanwhile. */
int run_wait(struct run *r, int timeout_ms);
/* Waits until stdout holds needle: 1, or 0 at the deadline. */
int run_expect(struct run *r, const char *needle, int timeout_ms);
/* The same for stderr. */
int run_expect_err(struct run *r, const char *needle, int timeout_ms);
/* Runs argv inside the PID and mount namespaces of a running r, as
 * "kubectl exec" or a pod's second container does, and returns its exit
 * code, or -1 after timeout_ms. What it and its orphans write on stdout
 * joins r's. */
int run_join(struct run *r, char *const argv[], int timeout_ms);
/* The same without waiting: the pid of the process outside that waits
 * for argv and exits with its code, or -1. The caller collects it. */
pid_t run_enter(struct run *r, char *const argv[]);
/* Kills everything that run started, and collects it. */
void run_kill(struct run *r);
/* A cmocka teardown that calls run_kill on *state, so that a failed
 * assertion leaves nothing running: RUN_TEST(test, &r). */
int run_teardown(void **state);
#define RUN_TEST(f, r) \
	cmocka_unit_test_prestate_setup_teardown(f, NULL, run_teardown, r)

/* Waits until pid catches sig or keeps it blocked (SigCgt or SigBlk in
 * /proc): 1, or 0 at the deadline. A signal sent to a namespace's PID 1
 * before either is lost; sexton blocks them all and reads them from a
 * signalfd. */
int wait_caught(pid_t pid, int sig, int timeout_ms);
/* Polls until bit sig of pid's /proc status masks named a or b (their
 * 7-byte prefixes, such as "SigPnd:") is set (1) or clear (0) in both
 * together. 1, or 0 at the deadline or once pid is gone. */
int wait_sig_mask(pid_t pid, const char *a, const char *b, int sig,
    int set, int timeout_ms);
/* A child of parent, or 0. */
pid_t child_of(pid_t parent);
/* The state letter of /proc/PID/stat, or 0. */
char proc_state(pid_t pid);
/* A number from /proc/PID/status, or -1. */
long proc_field(pid_t pid, const char *name);
/* Starts argv as PID 1 of a new namespace, waits for "ready" on its
 * stdout, and returns how many times PID 1 woke (voluntary context
 * switches) in the next 3 s, a window measured, not a wait for a
 * result; then kills it. -1 if it could not be measured. */
long run_idle_wakeups(struct run *r, char *const argv[]);
/* Polls until pid is in state st: 1, or 0 at the deadline. */
int wait_state(pid_t pid, char st, int timeout_ms);
/* Polls until parent has a child: its pid, or 0 after 5 s. */
pid_t wait_child_of(pid_t parent);
/* How many children of parent are zombies. */
int zombie_children(pid_t parent);
/* How many times needle occurs in haystack, overlaps included. */
int count(const char *haystack, const char *needle);
/* The text of the file at path, cut to len - 1 bytes, in buf; "" if it
 * cannot be read. Returns buf. */
char *slurp(const char *path, char *buf, size_t len);

/* The machine's pid_max raised to 4194304, the most it allows, for a
 * test that places processes at pids from 4194300 (before Linux 6.14 a
 * namespace's pids are bounded by it); restore_pid_max puts the old
 * value back, and pid_max_teardown does too, then run_teardown. The
 * note says what happened, for failure messages. */
extern char pid_max_note[80];
void raise_pid_max(void);
void restore_pid_max(void);
int pid_max_teardown(void **state);
/* Milliseconds on CLOCK_MONOTONIC. */
long long now_ms(void);
/* Sleeps a few milliseconds: the step of a poll against a deadline. */
void poll_step(void);

#define ARGV(...) ((char *const[]){ __VA_ARGS__, NULL })

#endif
