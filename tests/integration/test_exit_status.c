/* Exit status: what sexton exits with, which a container engine or a
 * service manager reports as the command's. The command's own code, 0
 * to 255, also when it dies while signals are being forwarded to it;
 * 128+N when signal N killed it; 127 when it is not found, 126 when it
 * cannot be run; a script without "#!" run by sh; --remap-exit (-e),
 * also as tini's command line gives it. sexton runs as PID 1 of a real
 * PID namespace, with probe as its command. */
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

static struct run r;

/* Runs sexton -- probe ARGS... as PID 1 and returns its exit code. */
static int run_ns(char *const argv[], int timeout_ms)
{
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	return run_wait(&r, timeout_ms);
}

static void every_exit_code_passes_through(void **state)
{
	char code[12];

	(void)state;
	for (int n = 0; n < 256; n++) {
		snprintf(code, sizeof code, "%d", n);
		assert_int_equal(run_ns(ARGV(SEXTON, "--", PROBE, "exit",
		    code), 5000), n);
	}
}

static void killed_child_gives_128_plus_n(void **state)
{
	const int sigs[] = { SIGTERM, SIGKILL, SIGINT, SIGHUP, SIGUSR1 };
	char sig[12];

	(void)state;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		snprintf(sig, sizeof sig, "%d", sigs[i]);
		assert_int_equal(run_ns(ARGV(SEXTON, "--", PROBE, "kill", sig),
		    5000), 128 + sigs[i]);
	}
}

static void missing_command_gives_127(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "--", "/no/such/cmd"), 5000),
	    127);
	assert_string_equal(r.errbuf,
	    "sexton: /no/such/cmd: No such file or directory\n");
	assert_int_equal(run_ns(ARGV(SEXTON, "no-such-cmd-on-path"), 5000),
	    127);
}

static void directory_gives_126(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "--", "/"), 5000), 126);
	assert_string_equal(r.errbuf, "sexton: /: Permission denied\n");
}

/* A script without "#!" runs under sh, by path and through PATH, as
 * POSIX's execvp and glibc's do; musl's does not. */
static void script_without_shebang_runs_under_sh(void **state)
{
	FILE *f;
	char path[2048], cwd[512];

	(void)state;
	(void)!system("mkdir -p .build/noshebang");
	f = fopen(".build/noshebang/plain-script", "w");
	assert_non_null(f);
	fputs("echo \"script ran with $#: $1\"\nexit 5\n", f);
	fclose(f);
	assert_int_equal(chmod(".build/noshebang/plain-script", 0755), 0);
	assert_int_equal(run_ns(ARGV(SEXTON, "--",
	    ".build/noshebang/plain-script", "one"), 5000), 5);
	assert_string_equal(r.outbuf, "script ran with 1: one\n");
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(path, sizeof path, "%s/.build/noshebang:%s", cwd,
	    getenv("PATH"));
	setenv("PATH", path, 1);
	assert_int_equal(run_ns(ARGV(SEXTON, "--", "plain-script", "a", "b"),
	    5000), 5);
	assert_string_equal(r.outbuf, "script ran with 2: a\n");
	setenv("PATH", strchr(path, ':') + 1, 1);
	/* However many arguments. */
	{
		static char *argv[5010];
		static char num[5000][12];

		argv[0] = SEXTON;
		argv[1] = "--";
		argv[2] = ".build/noshebang/plain-script";
		for (int i = 0; i < 5000; i++) {
			snprintf(num[i], sizeof num[i], "%d", i + 1);
			argv[3 + i] = num[i];
		}
		assert_int_equal(run_ns(argv, 10000), 5);
		assert_string_equal(r.outbuf, "script ran with 5000: 1\n");
	}
}

/* A PATH whose every directory makes too long a name: not found. */
static void path_of_long_names_gives_127(void **state)
{
	static char path[6000];
	char *old = strdup(getenv("PATH"));

	(void)state;
	memset(path, 'x', sizeof path - 1);
	path[0] = '/';
	setenv("PATH", path, 1);
	assert_int_equal(run_ns(ARGV(SEXTON, "--", "no-such-cmd"), 5000), 127);
	setenv("PATH", old, 1);
	free(old);
	assert_string_equal(r.errbuf,
	    "sexton: no-such-cmd: No such file or directory\n");
}

static void tini_command_line_unchanged(void **state)
{
	(void)state;
	/* tini's README: -e 143 for Java; -s; -g; -p SIGTERM; -vvv. */
	assert_int_equal(run_ns(ARGV(SEXTON, "-s", "-g", "-e", "143", "--",
	    PROBE, "kill", "15"), 10000), 0);
	assert_int_equal(run_ns(ARGV(SEXTON, "-p", "SIGTERM", "-vvv", "-w",
	    "--", PROBE, "exit", "7"), 10000), 7);
}

static void remap_exit(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "-e", "143", "--", PROBE, "kill",
	    "15"), 10000), 0);
	assert_int_equal(run_ns(ARGV(SEXTON, "-e", "3", "-e", "5", "--", PROBE,
	    "exit", "5"), 10000), 0);
	assert_int_equal(run_ns(ARGV(SEXTON, "-e", "3", "--", PROBE, "exit",
	    "4"), 10000), 4);
}

/* The command dies of a signal sexton forwards while more of them are
 * coming: its status is still the one reported. */
static void command_dies_while_signals_are_forwarded(void **state)
{
	(void)state;
	for (int i = 0; i < 10; i++) {
		assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
		    "dieon", "10", "77")), 0);
		assert_true(run_expect(&r, "ready\n", 5000));
		for (int n = 0; n < 2000; n++)
			if (kill(r.pid1, n % 2 ? SIGUSR1 : SIGWINCH) < 0)
				break;
		assert_int_equal(run_wait(&r, 5000), 77);
		assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--", PROBE,
		    "sleep")), 0);
		assert_true(run_expect(&r, "ready\n", 5000));
		for (int n = 0; n < 2000; n++)
			if (kill(r.pid1, n % 2 ? SIGTERM : SIGWINCH) < 0)
				break;
		assert_int_equal(run_wait(&r, 5000), 128 + SIGTERM);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_exit_code_passes_through),
		cmocka_unit_test(killed_child_gives_128_plus_n),
		cmocka_unit_test(missing_command_gives_127),
		cmocka_unit_test(directory_gives_126),
		cmocka_unit_test(script_without_shebang_runs_under_sh),
		cmocka_unit_test(path_of_long_names_gives_127),
		cmocka_unit_test(tini_command_line_unchanged),
		cmocka_unit_test(remap_exit),
		RUN_TEST(command_dies_while_signals_are_forwarded, &r),
	};

	unsetenv("SEXTON_VERBOSE");
	unsetenv("TINI_VERBOSITY");
	return cmocka_run_group_tests_name("exit status", tests, NULL, NULL);
}
