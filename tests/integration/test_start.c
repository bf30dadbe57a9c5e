/* What the command starts with, as it would have it without sexton:
 * exactly the fds sexton was given (an fd passed on reaches it, and
 * sexton itself keeps none of them, also where close_range(2) is
 * refused, and with --pause); LISTEN_PID naming sexton names the
 * command; the caller's working directory, environment and stdin; the
 * signal mask and ignored signals of sexton's caller. sexton itself
 * moves to / before the command can look, and holds no handle on the
 * caller's directory, also with fds 0 to 2 closed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

static void read_five(char *buf, size_t len)
{
	ssize_t n = read(r.five, buf, len - 1);

	close(r.five);
	buf[n > 0 ? n : 0] = '\0';
}

/* The child has exactly the fds sexton was given, and an fd passed on
 * reaches it. */
static void fds_pass_through_and_none_leak(void **state)
{
	static char alone[sizeof r.outbuf];
	char five[32];

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS | RUN_FD5, ARGV(PROBE, "fds")),
	    0);
	assert_int_equal(run_wait(&r, 5000), 0);
	snprintf(alone, sizeof alone, "%s", r.outbuf);
	read_five(five, sizeof five);
	/* 0, 1, 2 and 5, and any the test itself was given. */
	assert_memory_equal(alone, "fds 0 1 2 ", 10);
	assert_non_null(strstr(alone, " 5"));
	assert_string_equal(five, "through 5\n");
	assert_int_equal(run_start(&r, RUN_NS | RUN_FD5, ARGV(SEXTON,
	    "--watch-zombies=1,10ms", "--", PROBE, "fds")), 0);
	assert_int_equal(run_wait(&r, 5000), 0);
	read_five(five, sizeof five);
	assert_string_equal(r.outbuf, alone);
	assert_string_equal(five, "through 5\n");
}

/* A listening socket at path, without FD_CLOEXEC, at fds 9 and 40: what
 * a service manager hands down. */
static int listen_at_9_and_40(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
	unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(fd, 8) < 0 || dup2(fd, 9) != 9 || dup2(fd, 40) != 40)
		return -1;
	close(fd);
	return 0;
}

static int has_fd(pid_t pid, int fd)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, fd);
	return access(path, F_OK) == 0;
}

/* 1 once pid holds neither fd 9 nor 40, 0 at the deadline. The
 * harness's own process holds them too, so /proc tells, not the
 * socket. */
static int wait_dropped(pid_t pid)
{
	long long end = now_ms() + 5000;

	while (has_fd(pid, 9) || has_fd(pid, 40)) {
		if (now_ms() >= end)
			return 0;
		poll_step();
	}
	return 1;
}

/* 13e: the fds sexton was given are the command's: held by PID 1 as
 * well, a listening socket would take connections after the command
 * closed it. sexton's own files, here --report's, stay open. */
static void drops_inherited_fds(char *const argv[])
{
	const char *sock = ".build/test-listen.sock";
	char text[512] = "";
	pid_t cmd;
	FILE *f;

	assert_int_equal(listen_at_9_and_40(sock), 0);
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	close(9);
	close(40);
	assert_true(run_expect(&r, "started\n", 5000));
	assert_true((cmd = child_of(r.pid1)) > 0);
	if (!wait_dropped(r.pid1))
		fail_msg("sexton still holds fd 9 or 40");
	assert_true(has_fd(cmd, 9) && has_fd(cmd, 40));
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
	f = fopen(".build/test-fds.report", "r");
	assert_non_null(f);
	assert_non_null(fgets(text, sizeof text, f));
	fclose(f);
	assert_non_null(strstr(text, "status=143 "));
	unlink(sock);
}

#define DROP_ARGS "--report=.build/test-fds.report", "--", "/bin/sh", "-c", \
	"echo started; exec sleep 60"

static void sexton_holds_no_inherited_fd(void **state)
{
	const char *sock = ".build/test-listen.sock";

	(void)state;
	drops_inherited_fds(ARGV(SEXTON, DROP_ARGS));
	/* --pause has no command to hand them to. */
	assert_int_equal(listen_at_9_and_40(sock), 0);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--pause")), 0);
	close(9);
	close(40);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	if (!wait_dropped(r.pid1))
		fail_msg("with --pause, sexton still holds fd 9 or 40");
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 0);
	unlink(sock);
}

/* The same where close_range(2) fails: a kernel before 5.9 (ENOSYS) or
 * a seccomp filter that refuses what it does not know (EPERM). */
static void inherited_fds_go_without_close_range(void **state)
{
	(void)state;
	drops_inherited_fds(ARGV(PROBE, "nocloserange", "38", SEXTON,
	    DROP_ARGS));
	drops_inherited_fds(ARGV(PROBE, "nocloserange", "1", SEXTON,
	    DROP_ARGS));
}

/* 13e: socket activation. LISTEN_PID set to sexton's pid (1 here)
 * meant the fds for the command: it sees its own. Another pid, or none,
 * is somebody else's, and the command sees what sexton was given. */
static void listen_pid_names_the_command(void **state)
{
	char *sh[] = { SEXTON, "--", "/bin/sh", "-c",
	    "echo \"pid=${LISTEN_PID-none} self=$$ n=$(env | "
	    "grep -c ^LISTEN_PID=)\"", NULL };
	unsigned long pid = 0, self = 1;

	(void)state;
	setenv("LISTEN_FDS", "1", 1);
	setenv("LISTEN_PID", "1", 1);
	assert_int_equal(run_start(&r, RUN_NS, sh), 0);
	assert_int_equal(run_wait(&r, 5000), 0);
	assert_int_equal(sscanf(r.outbuf, "pid=%lu self=%lu", &pid, &self),
	    2);
	assert_int_equal(pid, self);
	assert_int_not_equal(pid, 1);
	assert_non_null(strstr(r.outbuf, " n=1\n"));
	setenv("LISTEN_PID", "4242", 1);
	assert_int_equal(run_start(&r, RUN_NS, sh), 0);
	assert_int_equal(run_wait(&r, 5000), 0);
	assert_non_null(strstr(r.outbuf, "pid=4242 self="));
	unsetenv("LISTEN_PID");
	assert_int_equal(run_start(&r, RUN_NS, sh), 0);
	assert_int_equal(run_wait(&r, 5000), 0);
	assert_non_null(strstr(r.outbuf, "pid=none self="));
	unsetenv("LISTEN_FDS");
}

/* Working directory, environment and stdin, as the command would have
 * them without sexton. */
static void cwd_env_and_stdin_pass_through(void **state)
{
	static const char input[] = "line one\n\tline two\n";
	static char alone[sizeof r.outbuf];

	(void)state;
	setenv("SEXTON_TEST_ODD", "a b\tc=d\\e", 1);
	assert_int_equal(run_start(&r, RUN_NS | RUN_STDIN_PIPE, ARGV(PROBE,
	    "passthru")), 0);
	assert_int_equal(write(r.in, input, sizeof input - 1),
	    (ssize_t)sizeof input - 1);
	close(r.in);
	r.in = -1;
	assert_int_equal(run_wait(&r, 5000), 0);
	snprintf(alone, sizeof alone, "%s", r.outbuf);
	assert_int_equal(run_start(&r, RUN_NS | RUN_STDIN_PIPE, ARGV(SEXTON,
	    "--", PROBE, "passthru")), 0);
	assert_int_equal(write(r.in, input, sizeof input - 1),
	    (ssize_t)sizeof input - 1);
	close(r.in);
	r.in = -1;
	assert_int_equal(run_wait(&r, 5000), 0);
	unsetenv("SEXTON_TEST_ODD");
	assert_non_null(strstr(alone, "\nSEXTON_TEST_ODD=a b\tc=d\\e\n"));
	assert_non_null(strstr(alone, input));
	assert_string_equal(r.outbuf, alone);
}

/* 13e: sexton is in / before the command can look, as dumb-init's
 * suite checks at the command's first step; the command is in the
 * caller's directory. 50 runs: a chdir after the start loses some. */
static void sexton_is_in_root_when_the_command_starts(void **state)
{
	char here[4096], want[4200];

	(void)state;
	assert_non_null(getcwd(here, sizeof here));
	snprintf(want, sizeof want, "/\n%s\n", here);
	for (int i = 0; i < 50; i++) {
		assert_int_equal(run_start(&r, 0, ARGV(SEXTON, "--", "/bin/sh",
		    "-c", "readlink /proc/$PPID/cwd; pwd")), 0);
		assert_int_equal(run_wait(&r, 5000), 0);
		if (strcmp(r.outbuf, want) != 0)
			fail_msg("run %d: sexton's directory, then the "
			    "command's:\n%s", i, r.outbuf);
	}
}

/* Polls until pid's working directory is want: 1, or 0 at the
 * deadline, with the last one seen in seen. */
static int wait_cwd(pid_t pid, const char *want, char *seen, size_t len)
{
	long long end = now_ms() + 5000;
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/cwd", (int)pid);
	for (;;) {
		ssize_t n = readlink(path, seen, len - 1);

		seen[n > 0 ? n : 0] = '\0';
		if (strcmp(seen, want) == 0)
			return 1;
		if (now_ms() >= end)
			return 0;
		poll_step();
	}
}

/* 8d: sexton pins no directory of the caller's once the command has
 * it; with --pause there is no command to have it. */
static void sexton_leaves_its_directory(void **state)
{
	char here[4096], seen[4096];
	pid_t cmd;

	(void)state;
	assert_non_null(getcwd(here, sizeof here));
	assert_string_not_equal(here, "/");
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
	    "sleep")), 0);
	assert_true(run_expect(&r, "ready\n", 5000));
	if (!wait_cwd(r.pid1, "/", seen, sizeof seen))
		fail_msg("sexton's directory is %s", seen);
	cmd = child_of(r.pid1);
	assert_true(cmd > 0);
	if (!wait_cwd(cmd, here, seen, sizeof seen))
		fail_msg("the command's directory is %s, not %s", seen, here);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--pause")), 0);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	if (!wait_cwd(r.pid1, "/", seen, sizeof seen))
		fail_msg("with --pause, sexton's directory is %s", seen);
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 0);
}

/* The lowest fd of pid's below 64 that is a link to path, or -1. */
static int fd_to(pid_t pid, const char *path)
{
	char fdpath[64], link[4096];

	for (int fd = 0; fd < 64; fd++) {
		ssize_t n;

		snprintf(fdpath, sizeof fdpath, "/proc/%d/fd/%d", (int)pid, fd);
		n = readlink(fdpath, link, sizeof link - 1);
		link[n > 0 ? n : 0] = '\0';
		if (strcmp(link, path) == 0)
			return fd;
	}
	return -1;
}

/* 13f: with fds 0 to 2 closed, the handle sexton takes on the caller's
 * directory lands among them: it must go all the same, or sexton pins
 * the directory's mount. */
static void no_directory_held_with_fds_0_to_2_closed(void **state)
{
	char here[4096], cmd[4200];
	long long end;
	int fd;

	(void)state;
	assert_non_null(getcwd(here, sizeof here));
	snprintf(cmd, sizeof cmd, "exec %s -- sleep 60 <&- >&- 2>&-",
	    SEXTON);
	assert_int_equal(run_start(&r, RUN_NS, ARGV("/bin/sh", "-c", cmd)),
	    0);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	assert_true(wait_child_of(r.pid1) > 0);
	for (end = now_ms() + 5000; (fd = fd_to(r.pid1, here)) >= 0;) {
		if (now_ms() >= end)
			fail_msg("sexton holds %s at fd %d", here, fd);
		poll_step();
	}
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
}

/* Runs sexton -- probe ARGS... as PID 1 and returns its exit code. */
static int run_ns(char *const argv[], int timeout_ms)
{
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	return run_wait(&r, timeout_ms);
}

/* The child sees the mask and SIG_IGN set that sexton's caller had. */
static void child_gets_callers_signal_state(void **state)
{
	static char direct[sizeof r.outbuf], blk[64];
	sigset_t block, old;

	(void)state;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &block, &old);
	signal(SIGHUP, SIG_IGN);
	signal(SIGWINCH, SIG_IGN);
	assert_int_equal(run_ns(ARGV(PROBE, "sigstate"), 5000), 0);
	memcpy(direct, r.outbuf, sizeof direct);
	assert_int_equal(run_ns(ARGV(SEXTON, "--", PROBE, "sigstate"), 5000),
	    0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGWINCH, SIG_DFL);
	snprintf(blk, sizeof blk, "SigBlk:\t%016llx", 1ULL << (SIGUSR2 - 1) |
	    1ULL << (SIGRTMIN + 2 - 1));
	assert_non_null(strstr(direct, blk));
	assert_string_equal(r.outbuf, direct);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		RUN_TEST(fds_pass_through_and_none_leak, &r),
		RUN_TEST(sexton_holds_no_inherited_fd, &r),
		RUN_TEST(inherited_fds_go_without_close_range, &r),
		RUN_TEST(listen_pid_names_the_command, &r),
		RUN_TEST(cwd_env_and_stdin_pass_through, &r),
		RUN_TEST(sexton_is_in_root_when_the_command_starts, &r),
		RUN_TEST(sexton_leaves_its_directory, &r),
		RUN_TEST(no_directory_held_with_fds_0_to_2_closed, &r),
		cmocka_unit_test(child_gets_callers_signal_state),
	};

	unsetenv("SEXTON_SUBREAPER");
	unsetenv("DUMB_INIT_SETSID");
	unsetenv("TINI_KILL_PROCESS_GROUP");
	return cmocka_run_group_tests_name("start", tests, NULL, NULL);
}
