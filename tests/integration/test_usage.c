/* How sexton is called: --help, the man page and the README name every
 * option and variable, and the man page renders with its spaces;
 * --version gives the form dockerd parses; each bad invocation (an
 * unknown option, a missing argument, a bad signal, exit code or
 * duration, a bad variable) exits 125 with exactly one line that names
 * the problem, before anything starts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

static int run_plain(char *const argv[])
{
	assert_int_equal(run_start(&r, 0, argv), 0);
	return run_wait(&r, 5000);
}

/* Each bad invocation exits 125 with exactly one line that names the
 * problem, before anything starts. */
static void bad_invocations_exit_125(void **state)
{
	static const struct {
		const char *args[5];
		const char *env;
		const char *says;
	} cases[] = {
		{ { "-x", "true" }, NULL, "unknown option '-x'" },
		{ { "--frobnicate", "true" }, NULL, "unknown option '--frob" },
		{ { "-l", "true" }, NULL, "unknown option '-l'" },
		{ { "-r" }, NULL, "option '-r' needs an argument" },
		{ { "-e" }, NULL, "option '-e' needs an argument" },
		{ { "--grace" }, NULL, "option '--grace' needs an argument" },
		{ { "--pause=1" }, NULL, "option '--pause' takes no argument" },
		{ { "-r", "0:1", "true" }, NULL, "'0:1': bad signal FROM" },
		{ { "-r", "65:1", "true" }, NULL, "'65:1': bad signal FROM" },
		{ { "-r", "-1:1", "true" }, NULL, "'-1:1': bad signal FROM" },
		{ { "-r", "99999999999:1", "true" }, NULL, "bad signal FROM" },
		{ { "-r", "TERM:", "true" }, NULL, "'TERM:': bad signal TO" },
		{ { "-r", "TERM:65", "true" }, NULL, "bad signal TO" },
		{ { "-r", ":2", "true" }, NULL, "':2' is not FROM:TO" },
		{ { "-r", "FOO", "true" }, NULL, "'FOO' is not FROM:TO" },
		{ { "-r", "FOO:1", "true" }, NULL, "bad signal FROM" },
		{ { "-r", "1:2:3", "true" }, NULL, "'1:2:3' is not FROM:TO" },
		{ { "-r", "KILL:1", "true" }, NULL, "cannot be caught" },
		{ { "-p", "0", "true" }, NULL, "-p: bad signal '0'" },
		{ { "-p", "65", "true" }, NULL, "-p: bad signal '65'" },
		{ { "--pdeathsig=NOPE", "true" }, NULL, "bad signal 'NOPE'" },
		{ { "-e", "256", "true" }, NULL, "bad exit code '256'" },
		{ { "-e", "-1", "true" }, NULL, "bad exit code '-1'" },
		{ { "-e", "1x", "true" }, NULL, "bad exit code '1x'" },
		{ { "-e", "", "true" }, NULL, "bad exit code ''" },
		{ { "-t", "-1", "true" }, NULL, "bad duration '-1'" },
		{ { "-t", "3d", "true" }, NULL, "bad duration '3d'" },
		{ { "-t", "s", "true" }, NULL, "bad duration 's'" },
		{ { "-t", "99999999999m", "true" }, NULL, "bad duration" },
		{ { "--on-exit=explode", "true" }, NULL, "not poweroff, reboot" },
		{ { "-P", "true" }, NULL, "--pause takes no command" },
		{ { NULL }, NULL, "no command to run" },
		{ { "-v", "--" }, NULL, "no command to run" },
		{ { "-a", "true" }, NULL, "--all needs sexton to be PID 1" },
		{ { "--system", "true" }, NULL, "--system needs sexton to be PID" },
		{ { "true" }, "SEXTON_GRACE=", "SEXTON_GRACE: bad duration ''" },
		{ { "true" }, "SEXTON_GRACE=forever", "bad duration 'forever'" },
		{ { "true" }, "SEXTON_VERBOSE=", "SEXTON_VERBOSE '' is not a" },
		{ { "true" }, "SEXTON_VERBOSE=-1", "SEXTON_VERBOSE '-1' is not" },
		{ { "true" }, "SEXTON_SUBREAPER=", "SEXTON_SUBREAPER '' is not" },
		{ { "true" }, "SEXTON_SUBREAPER=2", "SEXTON_SUBREAPER '2'" },
		{ { "true" }, "SEXTON_SIGNAL_TARGET=", "SEXTON_SIGNAL_TARGET ''" },
		{ { "true" }, "SEXTON_SIGNAL_TARGET=group", "'group' is not" },
		{ { "true" }, "TINI_VERBOSITY=loud", "TINI_VERBOSITY 'loud'" },
	};
	char want[200];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *argv[8] = { SEXTON };
		const char *env = cases[i].env;
		char name[64] = "";

		for (int a = 0; cases[i].args[a] != NULL; a++)
			argv[a + 1] = (char *)cases[i].args[a];
		if (env != NULL) {
			snprintf(name, sizeof name, "%.*s",
			    (int)(strchr(env, '=') - env), env);
			setenv(name, strchr(env, '=') + 1, 1);
		}
		assert_int_equal(run_start(&r, 0, argv), 0);
		if (run_wait(&r, 5000) != 125)
			fail_msg("case %zu: exit not 125", i);
		if (env != NULL)
			unsetenv(name);
		snprintf(want, sizeof want, "%s", cases[i].says);
		if (strncmp(r.errbuf, "sexton: ", 8) != 0 ||
		    strstr(r.errbuf, want) == NULL ||
		    strchr(r.errbuf, '\n') != r.errbuf + r.errlen - 1 ||
		    strstr(r.errbuf, ". Try 'sexton --help'.\n") == NULL)
			fail_msg("case %zu: stderr '%s' lacks '%s'", i, r.errbuf,
			    want);
		assert_int_equal(r.outlen, 0);
	}
}

/* The man page as a reader sees it: a macro that joins its arguments
 * without spaces once rendered "make bench)onthemachineof". */
static void man_page_renders_with_spaces(void **state)
{
	char line[512];
	FILE *f = popen("groff -man -Tascii -P-cbou man/sexton.1 2>&1", "r");
	int lines = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof line, f) != NULL) {
		lines++;
		for (char *p = strchr(line, ')'); p != NULL;
		    p = strchr(p + 1, ')'))
			if ((p[1] >= 'a' && p[1] <= 'z') ||
			    (p[1] >= 'A' && p[1] <= 'Z'))
				fail_msg("words run together: %s", line);
	}
	assert_int_equal(pclose(f), 0);
	assert_true(lines > 100);
}

/* --help, the man page and the README name every option and variable,
 * and say what the halt requests become. */
static void help_and_man_page_list_everything(void **state)
{
	static const char *names[] = { "pgroup", "single-child", "all",
		"rewrite", "grace", "remap-exit", "pdeathsig", "pause",
		"system", "on-exit", "subreaper", "warn-reap", "verbose",
		"watch-zombies", "zombie-action", "quiet", "help", "version",
		"stop-delay", "orphans", "report", "termination-log",
		"SEXTON_VERBOSE", "SEXTON_WATCH_ZOMBIES", "SEXTON_STOP_DELAY",
		"SEXTON_ORPHANS", "SEXTON_REPORT", "SEXTON_TERMINATION_LOG",
		"SEXTON_SUBREAPER", "SEXTON_SIGNAL_TARGET", "SEXTON_GRACE",
		"TINI_SUBREAPER", "TINI_KILL_PROCESS_GROUP", "TINI_VERBOSITY",
		"DUMB_INIT_SETSID" };
	static char man[1 << 16], readme[1 << 16];
	char roff[64];
	FILE *f;

	(void)state;
	assert_int_equal(run_plain(ARGV(SEXTON, "--help")), 0);
	f = fopen("man/sexton.1", "r");
	assert_non_null(f);
	man[fread(man, 1, sizeof man - 1, f)] = '\0';
	fclose(f);
	f = fopen("README.md", "r");
	assert_non_null(f);
	readme[fread(readme, 1, sizeof readme - 1, f)] = '\0';
	fclose(f);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *n = names[i];
		int env = n[0] >= 'A' && n[0] <= 'Z';

		/* roff writes each - of an option as \-. */
		char *o = roff;

		if (!env)
			o += snprintf(roff, sizeof roff, "\\-\\-");
		for (const char *c = n; *c != '\0'; c++) {
			if (*c == '-' && !env)
				*o++ = '\\';
			*o++ = *c;
		}
		*o = '\0';
		if (strstr(r.outbuf, n) == NULL)
			fail_msg("--help does not name %s", n);
		if (strstr(man, roff) == NULL)
			fail_msg("the man page does not name %s", roff);
		if (strstr(readme, n) == NULL)
			fail_msg("README.md does not name %s", n);
	}
	/* What a container manager's halt request becomes. */
	if (strstr(r.outbuf, "PWR, RTMIN+3 and RTMIN+4 go as TERM") == NULL)
		fail_msg("--help does not say what halt requests become");
	if (strstr(man, "SIGPWR, SIGRTMIN+3 and SIGRTMIN+4 are requests to")
	    == NULL)
		fail_msg("the man page does not say what halt requests become");
	if (strstr(readme, "turns SIGPWR, SIGRTMIN+3 and SIGRTMIN+4 into SIGTERM")
	    == NULL)
		fail_msg("README.md does not say what halt requests become");
}

/* The form dockerd parses for docker info: NAME version X.Y.Z -
 * git.COMMIT, with the commit the tree is at, and "-dirty" exactly when
 * tracked files differ from it. */
static void version(void **state)
{
	char want[128], commit[64] = "";
	FILE *git = popen("git rev-parse --short=7 HEAD", "r");
	int dirty;

	(void)state;
	assert_non_null(git);
	assert_non_null(fgets(commit, sizeof commit, git));
	pclose(git);
	commit[strcspn(commit, "\n")] = '\0';
	assert_true(strlen(commit) >= 7);
	dirty = system("git diff --quiet HEAD --") != 0;
	snprintf(want, sizeof want, "sexton version 0.1.0 - git.%s%s\n",
	    commit, dirty ? "-dirty" : "");
	assert_int_equal(run_plain(ARGV(SEXTON, "--version")), 0);
	assert_string_equal(r.outbuf, want);
	assert_int_equal(run_plain(ARGV(SEXTON, "-V")), 0);
	assert_string_equal(r.outbuf, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bad_invocations_exit_125),
		cmocka_unit_test(help_and_man_page_list_everything),
		cmocka_unit_test(man_page_renders_with_spaces),
		cmocka_unit_test(version),
	};

	unsetenv("SEXTON_VERBOSE");
	unsetenv("TINI_VERBOSITY");
	return cmocka_run_group_tests_name("usage", tests, NULL, NULL);
}
