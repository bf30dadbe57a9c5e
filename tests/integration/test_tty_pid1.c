/* sexton as PID 1 on a terminal, as `docker run -it` and runc with
 * "terminal": true set it up: the first process of a new PID namespace
 * (with its own /proc) makes itself a session leader, takes a pty's
 * slave side as its controlling terminal (setsid, TIOCSCTTY), and has
 * it as stdin, stdout and stderr. The test types at the master side as
 * the user of `docker run -it IMAGE sh` does: a line for the command to
 * read, Ctrl-C, Ctrl-Z, a command line for an interactive shell.
 *
 * Each case runs twice: first with the command itself as PID 1 ("no
 * init"), the reference of what a user expects, then under sexton.
 * dumb-init and catatonit behave as the reference in these cases. A
 * few cases have no reference, because a bare PID 1 ignores what the
 * case sends (a Ctrl-C to a command that does not catch it), or
 * because they test an option of sexton's own (--pause).
 *
 * Everything a case starts lives in its PID namespace: the teardown
 * kills the namespace's PID 1, which ends all of it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"
#include "tty.h"

#define MS	5000	/* the most a user would wait for anything */
#define TAIL	2048	/* how much of the terminal a failure shows */
#define PS1	"PROMPT> "

struct box {
	int wrap;		/* the command runs under sexton */
	pid_t outer;		/* our child: exits with PID 1's status */
	pid_t pid1;		/* PID 1 of the namespace, as we see it */
	struct pty p;		/* its controlling terminal */
};

static struct box box;
static char sexton[PATH_MAX];	/* SEXTON, absolute */

/* PID 1 of the new namespace: a session of its own on the pty, as
 * runc makes the container's process before it execs it. */
static void exec_pid1(int slave, char *const argv[])
{
	umount2("/proc", MNT_DETACH);
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    NULL) < 0)
		_exit(201);
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		_exit(202);
	if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0)
		_exit(203);
	pty_default_signals();
	setenv("PS1", PS1, 1);
	setenv("TERM", "dumb", 1);
	setenv("HISTFILE", "", 1);
	unsetenv("PROMPT_COMMAND");
	unsetenv("BASH_ENV");
	unsetenv("ENV");
	execv(argv[0], argv);
	_exit(204);
}

/* Starts argv as PID 1 of a new PID and mount namespace on a new pty. */
static int box_start(struct box *b, char *const argv[])
{
	int slave, sync[2];
	pid_t in;

	if (pty_open(&b->p, &slave, 50, 200) < 0 ||
	    pipe2(sync, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	b->outer = fork();
	if (b->outer == 0) {
		int st;

		close(b->p.fd);
		close(sync[0]);
		if (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			_exit(200);
		in = fork();
		if (in == 0)
			exec_pid1(slave, argv);
		close(slave);
		(void)!write(sync[1], &in, sizeof in);
		if (in < 0)
			_exit(205);
		while (waitpid(in, &st, 0) < 0 && errno == EINTR)
			;
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	}
	close(slave);
	close(sync[1]);
	if (b->outer < 0 || read(sync[0], &b->pid1, sizeof b->pid1) !=
	    sizeof b->pid1 || b->pid1 <= 0) {
		close(sync[0]);
		return -1;
	}
	close(sync[0]);
	return 0;
}

/* The command, as PID 1 or under sexton as PID 1. */
static void box_run(struct box *b, char *const cmd[])
{
	char *argv[16];
	int n = 0;

	if (b->wrap) {
		argv[n++] = sexton;
		argv[n++] = "--";
	}
	for (; *cmd != NULL && n < 15; cmd++)
		argv[n++] = *cmd;
	argv[n] = NULL;
	assert_int_equal(box_start(b, argv), 0);
}

/* The host's view of the namespace's processes: pid, name, state, and
 * process group. */
static void describe_ns(const struct box *b, char *out, size_t size)
{
	struct stat ns, st;
	char path[64], buf[512], *r;
	struct dirent *e;
	size_t at = 0;
	FILE *f;
	DIR *d;

	out[0] = '\0';
	snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)b->pid1);
	if (b->pid1 <= 0 || stat(path, &ns) < 0 ||
	    (d = opendir("/proc")) == NULL) {
		snprintf(out, size, "none: PID 1 is gone");
		return;
	}
	while ((e = readdir(d)) != NULL && at < size) {
		int pid = atoi(e->d_name), pgrp = 0;
		size_t n;

		snprintf(path, sizeof path, "/proc/%d/ns/pid", pid);
		if (pid <= 0 || stat(path, &st) < 0 || st.st_ino != ns.st_ino)
			continue;
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[n] = '\0';
		if ((r = strrchr(buf, ')')) == NULL || r[1] != ' ')
			continue;
		*r = '\0';
		sscanf(r + 4, "%*d %d", &pgrp);
		at += (size_t)snprintf(out + at, size - at, "%s%d %s %c "
		    "(group %d)", at ? ", " : "", pid, strchr(buf, '(') + 1,
		    r[2], pgrp);
	}
	closedir(d);
}

#define WHO(b) ((b)->wrap ? "sexton as PID 1" : "no init")

static void dump(struct box *b)
{
	char out[TAIL * 2 + 1], procs[2048];

	pty_tail(&b->p, out, sizeof out);
	describe_ns(b, procs, sizeof procs);
	print_error("--- the terminal (%s), its end ---\n%s\n--- end of the "
	    "terminal; its foreground group %d; the namespace's processes, "
	    "host pids: %s\n", WHO(b), out, (int)tcgetpgrp(b->p.fd), procs);
}

/* An assertion that shows the terminal when it fails. */
#define must(b, cond, fmt, ...) do {					\
	if (!(cond)) {							\
		dump(b);						\
		print_error("ERROR: %s: " fmt "\n", WHO(b),		\
		    ##__VA_ARGS__);					\
		fail();							\
	}								\
} while (0)

/* PID 1's exit status, or -1 if it did not end within ms. */
static int box_wait(struct box *b, int ms)
{
	long long end = now_ms() + ms;
	int st;

	for (;;) {
		pid_t p = waitpid(b->outer, &st, WNOHANG);

		if (p == b->outer) {
			b->outer = 0;
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 +
			    WTERMSIG(st);
		}
		if (now_ms() >= end)
			return -1;
		pty_pump(&b->p, 5);
	}
}

static void expect_exit(struct box *b, int want, const char *after)
{
	int got = box_wait(b, MS);

	must(b, got != -1, "PID 1 did not end within %d ms after %s", MS,
	    after);
	must(b, got == want, "exit status %d after %s, not %d", got, after,
	    want);
}

static void expect_shown(struct box *b, const char *needle, const char *what)
{
	must(b, pty_expect(&b->p, needle, MS), "%s: the terminal did not "
	    "show \"%s\" within %d ms", what, needle, MS);
}

static int box_setup(void **state)
{
	memset(&box, 0, sizeof box);
	box.p.fd = -1;
	box.wrap = *(const int *)*state;
	*state = &box;
	if (box.wrap && sexton[0] == '\0') {
		print_error("no sexton binary at %s\n", SEXTON);
		return -1;
	}
	return 0;
}

/* The namespace dies with its PID 1. */
static int box_teardown(void **state)
{
	struct box *b = *state;

	if (b->outer > 0) {
		if (b->pid1 > 0)
			kill(b->pid1, SIGKILL);
		kill(b->outer, SIGKILL);
		waitpid(b->outer, NULL, 0);
		b->outer = 0;
	}
	pty_close(&b->p);
	return 0;
}

/* 1. The command reads a line typed at the terminal: the container's
 * shell, `read`, less, an editor. */
static void command_reads_a_line(void **state)
{
	struct box *b = *state;

	box_run(b, ARGV("/bin/sh", "-c", "echo ready-$((2+3)); read x; "
	    "echo \"got=$x\""));
	expect_shown(b, "ready-5", "the command");
	pty_send(&b->p, "hello\r");
	must(b, pty_expect(&b->p, "got=hello", MS), "the command did not "
	    "read the line typed at the terminal within %d ms", MS);
	expect_exit(b, 0, "the read");
}

/* 2. Ctrl-C reaches the command, which catches it and says so. */
static void ctrl_c_reaches_the_command(void **state)
{
	struct box *b = *state;

	box_run(b, ARGV("/bin/sh", "-c", "trap 'echo caught-INT; exit 7' "
	    "INT; echo ready-$((2+3)); while :; do sleep 1; done"));
	expect_shown(b, "ready-5", "the command");
	pty_send(&b->p, CTRL_C);
	must(b, pty_expect(&b->p, "caught-INT", MS), "the command did not "
	    "catch the Ctrl-C within %d ms", MS);
	expect_exit(b, 7, "Ctrl-C");
}

/* 3. Ctrl-Z does not freeze the container for ever: with no init, PID 1
 * ignores the TSTP and its read goes on; with sexton, whatever the TSTP
 * does, the command reads the line typed after it. */
static void ctrl_z_leaves_the_command_reading(void **state)
{
	struct box *b = *state;

	box_run(b, ARGV("/bin/sh", "-c", "echo ready-$((2+3)); read x; "
	    "echo \"got=$x\""));
	expect_shown(b, "ready-5", "the command");
	pty_send(&b->p, CTRL_Z);
	/* The terminal echoes ^Z once it has sent the TSTP. */
	expect_shown(b, "^Z", "Ctrl-Z");
	pty_send(&b->p, "hello\r");
	must(b, pty_expect(&b->p, "got=hello", MS), "after Ctrl-Z, the "
	    "command did not read the line typed at the terminal within "
	    "%d ms", MS);
	expect_exit(b, 0, "Ctrl-Z and the read");
}

/* 4. The command's exit status is the container's. */
static void exit_status_passes_through(void **state)
{
	struct box *b = *state;

	box_run(b, ARGV("/bin/sh", "-c", "echo ready-$((2+3)); exit 3"));
	expect_shown(b, "ready-5", "the command");
	expect_exit(b, 3, "exit 3");
}

/* 5. An interactive shell as the command, as `docker run -it IMAGE
 * bash`: it gives its prompt, runs what is typed, and exits with the
 * status it is told. */
static void interactive_shell_runs_what_is_typed(void **state)
{
	struct box *b = *state;

	box_run(b, ARGV("/bin/bash", "--norc", "--noprofile", "-i"));
	must(b, pty_expect(&b->p, PS1, MS), "bash -i gave no prompt within "
	    "%d ms", MS);
	pty_send(&b->p, "echo alive-$((6*7))\r");
	must(b, pty_expect(&b->p, "alive-42", MS), "bash -i did not run "
	    "the command line typed within %d ms", MS);
	must(b, pty_expect(&b->p, PS1, MS), "bash -i gave no second prompt "
	    "within %d ms", MS);
	pty_send(&b->p, "exit 4\r");
	expect_exit(b, 4, "exit 4 typed at bash -i");
}

/* 6. Ctrl-C ends a command that does not catch it, with 128+2. A bare
 * PID 1 would ignore it: this is what an init is for. */
static void ctrl_c_ends_a_command_that_does_not_catch_it(void **state)
{
	struct box *b = *state;

	box_run(b, ARGV("/bin/sh", "-c", "echo ready-$((2+3)); exec sleep "
	    "30"));
	expect_shown(b, "ready-5", "the command");
	pty_send(&b->p, CTRL_C);
	expect_exit(b, 130, "Ctrl-C");
}

/* 7. sexton --pause as PID 1 on a terminal: Ctrl-C ends it with 0. */
static void pause_ends_on_ctrl_c(void **state)
{
	struct box *b = *state;

	assert_int_equal(box_start(b, ARGV(sexton, "--pause")), 0);
	/* A signal before sexton blocks it would be lost: PID 1 ignores
	 * what it has no handler for. */
	must(b, wait_caught(b->pid1, SIGINT, MS), "sexton --pause took no "
	    "INT within %d ms", MS);
	pty_send(&b->p, CTRL_C);
	expect_exit(b, 0, "Ctrl-C");
}

static const int no_init = 0, under_sexton = 1;

#define CASE(f)								\
	{ "no init: " #f, f, box_setup, box_teardown,			\
	    (void *)&no_init },						\
	{ "sexton: " #f, f, box_setup, box_teardown,			\
	    (void *)&under_sexton }
#define SEXTON_ONLY(f)							\
	{ "sexton: " #f, f, box_setup, box_teardown,			\
	    (void *)&under_sexton }

int main(void)
{
	const struct CMUnitTest tests[] = {
		CASE(command_reads_a_line),
		CASE(ctrl_c_reaches_the_command),
		CASE(ctrl_z_leaves_the_command_reading),
		CASE(exit_status_passes_through),
		CASE(interactive_shell_runs_what_is_typed),
		SEXTON_ONLY(ctrl_c_ends_a_command_that_does_not_catch_it),
		SEXTON_ONLY(pause_ends_on_ctrl_c),
	};

	if (realpath(SEXTON, sexton) == NULL)
		sexton[0] = '\0';
	return cmocka_run_group_tests_name("tty as PID 1", tests, NULL,
	    NULL);
}
