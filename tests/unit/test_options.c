/* The command line and environment parser. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "options.h"

static struct config c;
static char err[256];

/* argv and envp are NULL-terminated; argv[0] is added. */
static int parse_env(const char *const *args, const char *const *env)
{
	static char *argv[32];
	int argc = 1;

	argv[0] = "sexton";
	for (; *args != NULL; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	err[0] = '\0';
	memset(&c, 0, sizeof c);
	return options_parse(&c, argc, argv, (char **)env, 1, err, sizeof err);
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define parse(...) parse_env(ARGS(__VA_ARGS__), NULL)

static void defaults(void **state)
{
	(void)state;
	assert_int_equal(parse("cmd", "-x"), 0);
	assert_int_equal(c.action, ACTION_RUN);
	assert_string_equal(c.argv[0], "cmd");
	assert_string_equal(c.argv[1], "-x");
	assert_int_equal(c.target, TARGET_PGROUP);
	assert_int_equal(c.verbosity, 1);
	assert_int_equal(c.grace_ms, DEFAULT_GRACE_MS);
	assert_int_equal(c.watch_zombies, 0);
	assert_true(c.subreaper);
	assert_false(c.warn_reap || c.pause || c.system);
	assert_int_equal(c.pdeathsig, 0);
}

static void stops_at_first_non_option(void **state)
{
	(void)state;
	assert_int_equal(parse("-v", "cmd", "-c", "--all"), 0);
	assert_int_equal(c.verbosity, 2);
	assert_int_equal(c.target, TARGET_PGROUP);
	assert_string_equal(c.argv[1], "-c");
	assert_int_equal(parse("--", "-c"), 0);
	assert_string_equal(c.argv[0], "-c");
	assert_int_equal(parse("-", "x"), 0);
	assert_string_equal(c.argv[0], "-");
}

static void targets(void **state)
{
	(void)state;
	assert_int_equal(parse("-c", "x"), 0);
	assert_int_equal(c.target, TARGET_CHILD);
	assert_int_equal(parse("--single-child", "x"), 0);
	assert_int_equal(c.target, TARGET_CHILD);
	assert_int_equal(parse("-a", "x"), 0);
	assert_int_equal(c.target, TARGET_ALL);
	assert_int_equal(parse("-c", "-g", "x"), 0);
	assert_int_equal(c.target, TARGET_PGROUP);
	assert_int_equal(parse("--pgroup", "x"), 0);
	assert_int_equal(c.target, TARGET_PGROUP);
}

static void clusters_and_arguments(void **state)
{
	(void)state;
	assert_int_equal(parse("-vvsw", "x"), 0);
	assert_int_equal(c.verbosity, 3);
	assert_true(c.subreaper && c.warn_reap);
	assert_int_equal(parse("-e143", "-e", "2", "--remap-exit=3", "x"), 0);
	assert_int_equal(exitmap_apply(&c.remap, 143), 0);
	assert_int_equal(exitmap_apply(&c.remap, 2), 0);
	assert_int_equal(exitmap_apply(&c.remap, 3), 0);
	assert_int_equal(exitmap_apply(&c.remap, 4), 4);
	assert_int_equal(parse("-pSIGTERM", "x"), 0);
	assert_int_equal(c.pdeathsig, SIGTERM);
	assert_int_equal(parse("--pdeathsig", "10", "x"), 0);
	assert_int_equal(c.pdeathsig, 10);
	assert_int_equal(parse("-q", "x"), 0);
	assert_int_equal(c.verbosity, 0);
}

static void rewrites(void **state)
{
	(void)state;
	assert_int_equal(parse("-r", "TERM:QUIT", "--rewrite=INT:none",
	    "-r15:2", "-rRTMIN+1:0", "x"), 0);
	assert_int_equal(rewrite_apply(&c.rewrite, SIGTERM), SIGINT);
	assert_int_equal(rewrite_apply(&c.rewrite, SIGINT), 0);
	assert_int_equal(rewrite_apply(&c.rewrite, SIGRTMIN + 1), 0);
	assert_int_equal(rewrite_apply(&c.rewrite, SIGHUP), SIGHUP);
}

static void shutdown_options(void **state)
{
	(void)state;
	assert_int_equal(parse("-t", "500ms", "--on-exit=reboot", "x"), 0);
	assert_int_equal(c.grace_ms, 500);
	assert_int_equal(c.on_exit, ONEXIT_REBOOT);
	assert_int_equal(parse("--grace=0", "--system", "x"), 0);
	assert_int_equal(c.grace_ms, 0);
	assert_true(c.system);
	assert_int_equal(parse("--on-exit", "halt", "x"), 0);
	assert_int_equal(c.on_exit, ONEXIT_HALT);
}

static void watchdog(void **state)
{
	(void)state;
	assert_int_equal(parse("--watch-zombies=5", "x"), 0);
	assert_int_equal(c.watch_zombies, 5);
	assert_int_equal(c.watch_interval_ms, DEFAULT_WATCH_MS);
	assert_int_equal(parse("--watch-zombies", "7,250ms",
	    "--zombie-action=CHLD", "x"), 0);
	assert_int_equal(c.watch_zombies, 7);
	assert_int_equal(c.watch_interval_ms, 250);
	assert_int_equal(c.zombie_action, SIGCHLD);
}

static void help_and_version(void **state)
{
	(void)state;
	assert_int_equal(parse("-h"), 0);
	assert_int_equal(c.action, ACTION_HELP);
	assert_int_equal(parse("--version"), 0);
	assert_int_equal(c.action, ACTION_VERSION);
	assert_int_equal(parse("-v", "-V"), 0);
	assert_int_equal(c.action, ACTION_VERSION);
}

static void pause_mode(void **state)
{
	(void)state;
	assert_int_equal(parse("-P", "-s"), 0);
	assert_true(c.pause);
	assert_null(c.argv);
}

static void environment(void **state)
{
	(void)state;
	assert_int_equal(parse_env(ARGS("x"), ARGS("SEXTON_VERBOSE=3",
	    "SEXTON_SUBREAPER=1", "SEXTON_SIGNAL_TARGET=child",
	    "SEXTON_GRACE=2s", "SEXTON_WATCH_ZOMBIES=4,1s")), 0);
	assert_int_equal(c.verbosity, 3);
	assert_true(c.subreaper);
	assert_int_equal(c.target, TARGET_CHILD);
	assert_int_equal(c.grace_ms, 2000);
	assert_int_equal(c.watch_zombies, 4);
	assert_int_equal(c.watch_interval_ms, 1000);
	assert_null(c.path);
	/* PATH, found in the same pass; the first one, as getenv's. */
	assert_int_equal(parse_env(ARGS("x"), ARGS("PATHX=/no", "PAT=/no",
	    "PATH=/a:/b", "PATH=/c")), 0);
	assert_string_equal(c.path, "/a:/b");
}

static void flags_win(void **state)
{
	(void)state;
	assert_int_equal(parse_env(ARGS("-v", "-g", "-t", "1s",
	    "--watch-zombies=2", "x"), ARGS("SEXTON_VERBOSE=0",
	    "SEXTON_SIGNAL_TARGET=child", "SEXTON_GRACE=9s",
	    "SEXTON_WATCH_ZOMBIES=8")), 0);
	assert_int_equal(c.verbosity, 2);
	assert_int_equal(c.target, TARGET_PGROUP);
	assert_int_equal(c.grace_ms, 1000);
	assert_int_equal(c.watch_zombies, 2);
}

static void peer_variables(void **state)
{
	(void)state;
	assert_int_equal(parse_env(ARGS("x"), ARGS("TINI_SUBREAPER=",
	    "TINI_VERBOSITY=2", "DUMB_INIT_SETSID=0")), 0);
	assert_true(c.subreaper);
	assert_int_equal(c.verbosity, 2);
	assert_int_equal(c.target, TARGET_CHILD);
	assert_int_equal(parse_env(ARGS("x"), ARGS("DUMB_INIT_SETSID=1",
	    "TINI_KILL_PROCESS_GROUP=1")), 0);
	assert_int_equal(c.target, TARGET_PGROUP);
	/* tini's, merely set, outranks dumb-init's. */
	assert_int_equal(parse_env(ARGS("x"), ARGS("DUMB_INIT_SETSID=0",
	    "TINI_KILL_PROCESS_GROUP=")), 0);
	assert_int_equal(c.target, TARGET_PGROUP);
	/* The first definition wins, as with getenv. */
	assert_int_equal(parse_env(ARGS("x"), ARGS("SEXTON_GRACE=1s",
	    "SEXTON_GRACE=oops")), 0);
	assert_int_equal(c.grace_ms, 1000);
	/* The subreaper can be turned off, and a flag turns it back on. */
	assert_int_equal(parse_env(ARGS("x"), ARGS("SEXTON_SUBREAPER=0")), 0);
	assert_false(c.subreaper);
	assert_int_equal(parse_env(ARGS("-s", "x"),
	    ARGS("SEXTON_SUBREAPER=0")), 0);
	assert_true(c.subreaper);
	/* Ours win over theirs. */
	assert_int_equal(parse_env(ARGS("x"), ARGS("TINI_VERBOSITY=3",
	    "SEXTON_VERBOSE=0", "TINI_SUBREAPER=1", "SEXTON_SUBREAPER=0",
	    "DUMB_INIT_SETSID=0", "SEXTON_SIGNAL_TARGET=all")), 0);
	assert_int_equal(c.verbosity, 0);
	assert_false(c.subreaper);
	assert_int_equal(c.target, TARGET_ALL);
}

/* Each bad invocation fails with a message that names the culprit. */
static void bad_input(void **state)
{
	static const struct {
		const char *args[4];
		const char *env;
		const char *says;
	} cases[] = {
		{ { "-x", "cmd" }, NULL, "unknown option '-x'" },
		{ { "--nope", "cmd" }, NULL, "unknown option '--nope'" },
		{ { "--single", "cmd" }, NULL, "unknown option '--single'" },
		{ { "-r" }, NULL, "option '-r' needs an argument" },
		{ { "--rewrite" }, NULL, "'--rewrite' needs an argument" },
		{ { "--help=1" }, NULL, "'--help' takes no argument" },
		{ { "-r", "0:1", "x" }, NULL, "bad signal FROM" },
		{ { "-r", "65:1", "x" }, NULL, "bad signal FROM" },
		{ { "-r", "-1:1", "x" }, NULL, "bad signal FROM" },
		{ { "-r", "99999999999:1", "x" }, NULL, "bad signal FROM" },
		{ { "-r", "TERM:", "x" }, NULL, "bad signal TO" },
		{ { "-r", ":2", "x" }, NULL, "not FROM:TO" },
		{ { "-r", "FOO", "x" }, NULL, "not FROM:TO" },
		{ { "-r", "1:2:3", "x" }, NULL, "not FROM:TO" },
		{ { "-r", "KILL:TERM", "x" }, NULL, "cannot be caught" },
		{ { "-r", "STOP:TERM", "x" }, NULL, "cannot be caught" },
		{ { "-p", "0", "x" }, NULL, "bad signal '0'" },
		{ { "-p", "FOO", "x" }, NULL, "bad signal 'FOO'" },
		/* sexton would die of it and leave the command alone. */
		{ { "-p", "KILL", "x" }, NULL, "KILL and STOP cannot be caught" },
		{ { "--pdeathsig=19", "x" }, NULL, "KILL and STOP cannot" },
		{ { "-e", "256", "x" }, NULL, "bad exit code '256'" },
		{ { "-e", "x", "x" }, NULL, "bad exit code 'x'" },
		{ { "-e", "-1", "x" }, NULL, "bad exit code '-1'" },
		{ { "-t", "-1s", "x" }, NULL, "bad duration '-1s'" },
		{ { "-t", "5x", "x" }, NULL, "bad duration '5x'" },
		{ { "-t", "ms", "x" }, NULL, "bad duration 'ms'" },
		{ { "-t", "9999999999999s", "x" }, NULL, "bad duration" },
		{ { "--on-exit=off", "x" }, NULL, "not poweroff, reboot or halt" },
		{ { "--watch-zombies=0", "x" }, NULL, "N must be 1" },
		{ { "--watch-zombies=3,0", "x" }, NULL, "bad INTERVAL" },
		{ { "--watch-zombies=3,", "x" }, NULL, "bad INTERVAL" },
		{ { "--zombie-action=NOPE", "x" }, NULL, "bad signal 'NOPE'" },
		{ { "--stop-delay=soon", "x" }, NULL, "bad duration 'soon'" },
		{ { "--stop-delay", "-1", "x" }, NULL, "bad duration '-1'" },
		{ { "--orphans=zap", "x" }, NULL, "'zap' is not reap" },
		{ { "--orphans=", "x" }, NULL, "'' is not reap" },
		{ { "--orphans=ter", "x" }, NULL, "'ter' is not reap" },
		{ { "--orphans=terms", "x" }, NULL, "'terms' is not reap" },
		{ { "--orphans=term,", "x" }, NULL, "'term,' is not" },
		{ { "--orphans=kill,5y", "x" }, NULL, "'kill,5y' is not" },
		{ { "--orphans=reap,1s", "x" }, NULL, "'reap,1s' is not" },
		{ { "--report=", "x" }, NULL, "--report needs a file name" },
		{ { "--termination-log=", "x" }, NULL, "needs a file name" },
		{ { "x" }, "SEXTON_STOP_DELAY=1d", "SEXTON_STOP_DELAY: bad" },
		{ { "x" }, "SEXTON_ORPHANS=all", "SEXTON_ORPHANS 'all'" },
		{ { "x" }, "SEXTON_REPORT=", "SEXTON_REPORT needs a file" },
		{ { "x" }, "SEXTON_TERMINATION_LOG=", "SEXTON_TERMINATION_LOG" },
		{ { "-P", "cmd" }, NULL, "--pause takes no command" },
		{ { NULL }, NULL, "no command" },
		{ { "-v" }, NULL, "no command" },
		{ { "x" }, "SEXTON_GRACE=", "SEXTON_GRACE: bad duration ''" },
		{ { "x" }, "SEXTON_GRACE=3q", "bad duration '3q'" },
		{ { "x" }, "SEXTON_VERBOSE=", "SEXTON_VERBOSE '' is not" },
		{ { "x" }, "SEXTON_VERBOSE=high", "SEXTON_VERBOSE 'high'" },
		{ { "x" }, "SEXTON_SUBREAPER=yes", "SEXTON_SUBREAPER 'yes'" },
		{ { "x" }, "SEXTON_SIGNAL_TARGET=me", "SEXTON_SIGNAL_TARGET 'me'" },
		{ { "x" }, "SEXTON_WATCH_ZOMBIES=a", "SEXTON_WATCH_ZOMBIES 'a'" },
		{ { "x" }, "TINI_VERBOSITY=x", "TINI_VERBOSITY 'x'" },
		{ { "-t", "1s", "x" }, "SEXTON_GRACE=bad", "SEXTON_GRACE" },
		/* Found by the fuzzer: an error is one line, whatever the
		 * input holds. */
		{ { "--sys\ntem", "x" }, NULL, "'--sys?tem'" },
		{ { "-t", "1\r\x1b[2J", "x" }, NULL, "bad duration '1??[2J'" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *env[] = { cases[i].env, NULL };
		const char *const *args = cases[i].args;

		if (parse_env(args, env) != -1)
			fail_msg("case %zu was accepted", i);
		if (strstr(err, cases[i].says) == NULL)
			fail_msg("case %zu: '%s' does not say '%s'", i, err,
			    cases[i].says);
	}
}

/* What no init did before: --stop-delay, --orphans, --report and
 * --termination-log, by flag and by variable. */
static void new_options(void **state)
{
	(void)state;
	assert_int_equal(parse("x"), 0);
	assert_int_equal(c.stop_delay_ms, 0);
	assert_int_equal(c.orphan_sig, 0);
	assert_null(c.report);
	assert_null(c.termlog);
	assert_int_equal(parse("--stop-delay=2s", "--orphans=term,1m",
	    "--report=/r", "--termination-log", "/t", "x"), 0);
	assert_int_equal(c.stop_delay_ms, 2000);
	assert_int_equal(c.orphan_sig, SIGTERM);
	assert_int_equal(c.orphan_age_ms, 60000);
	assert_string_equal(c.report, "/r");
	assert_string_equal(c.termlog, "/t");
	assert_int_equal(parse("--orphans=kill", "x"), 0);
	assert_int_equal(c.orphan_sig, SIGKILL);
	assert_int_equal(c.orphan_age_ms, 0);
	assert_int_equal(parse("--orphans=term,250ms", "--orphans=reap", "x"),
	    0);
	assert_int_equal(c.orphan_sig, 0);
	assert_int_equal(parse_env(ARGS("x"), ARGS("SEXTON_STOP_DELAY=500ms",
	    "SEXTON_ORPHANS=kill,3s", "SEXTON_REPORT=r.txt",
	    "SEXTON_TERMINATION_LOG=t.txt")), 0);
	assert_int_equal(c.stop_delay_ms, 500);
	assert_int_equal(c.orphan_sig, SIGKILL);
	assert_int_equal(c.orphan_age_ms, 3000);
	assert_string_equal(c.report, "r.txt");
	assert_string_equal(c.termlog, "t.txt");
	/* Flags win. */
	assert_int_equal(parse_env(ARGS("--stop-delay=0", "--orphans=reap",
	    "--report=a", "x"), ARGS("SEXTON_STOP_DELAY=5s",
	    "SEXTON_ORPHANS=term", "SEXTON_REPORT=b")), 0);
	assert_int_equal(c.stop_delay_ms, 0);
	assert_int_equal(c.orphan_sig, 0);
	assert_string_equal(c.report, "a");
}

/* --help answers whatever the environment says; a bad variable is
 * still refused when sexton is to run. */
static void help_despite_bad_environment(void **state)
{
	(void)state;
	assert_int_equal(parse_env(ARGS("--help"), ARGS("SEXTON_GRACE=x")), 0);
	assert_int_equal(c.action, ACTION_HELP);
	assert_int_equal(parse_env(ARGS("-v", "x"), ARGS("SEXTON_GRACE=x")),
	    -1);
	assert_non_null(strstr(err, "SEXTON_GRACE"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(stops_at_first_non_option),
		cmocka_unit_test(targets),
		cmocka_unit_test(clusters_and_arguments),
		cmocka_unit_test(rewrites),
		cmocka_unit_test(shutdown_options),
		cmocka_unit_test(watchdog),
		cmocka_unit_test(help_and_version),
		cmocka_unit_test(pause_mode),
		cmocka_unit_test(environment),
		cmocka_unit_test(flags_win),
		cmocka_unit_test(peer_variables),
		cmocka_unit_test(bad_input),
		cmocka_unit_test(new_options),
		cmocka_unit_test(help_despite_bad_environment),
	};
	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
