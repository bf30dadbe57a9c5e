/* Options, variables and bad input, observed on the real binary. */
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

static int run_ns(char *const argv[])
{
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	return run_wait(&r, 10000);
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

/* --help, the man page and the README name every option and variable. */
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

/* Starts sexton ARGS -- probe catch [sid] as PID 1 and waits for both
 * of probe's processes to be ready. */
static void start_catch(char *const argv[])
{
	assert_int_equal(run_start(&r, RUN_NS, argv), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	assert_true(run_expect(&r, "peer ready", 5000));
}

static void send_and_expect(int sig, const char *want)
{
	assert_int_equal(kill(r.pid1, sig), 0);
	if (!run_expect(&r, want, 5000))
		fail_msg("sent %d, no '%s' in:\n%s", sig, want, r.outbuf);
}

/* What must not arrive would have by the time a later signal did; the
 * peer's copy is sent by the same kill, so allow it 200 ms to show. */
static void expect_absent(const char *line)
{
	long long end = now_ms() + 200;

	while (now_ms() < end) {
		run_expect(&r, "\1", 10);
		if (strstr(r.outbuf, line) != NULL)
			fail_msg("'%s' arrived:\n%s", line, r.outbuf);
	}
}

static void rewrite_as_the_child_sees_it(void **state)
{
	(void)state;
	start_catch(ARGV(SEXTON, "-r", "TERM:QUIT", "-r", "INT:none", "--",
	    PROBE, "catch"));
	send_and_expect(SIGTERM, "peer 3\n");
	kill(r.pid1, SIGINT);
	send_and_expect(SIGUSR1, "peer 10\n");
	assert_null(strstr(r.outbuf, " 15\n"));
	assert_null(strstr(r.outbuf, " 2\n"));
	run_kill(&r);
}

static void dumb_init_command_line_unchanged(void **state)
{
	(void)state;
	/* dumb-init's README: --rewrite 15:3, no "--". */
	start_catch(ARGV(SEXTON, "--rewrite", "15:3", PROBE, "catch"));
	send_and_expect(SIGTERM, "peer 3\n");
	run_kill(&r);
	start_catch(ARGV(SEXTON, "--single-child", "--verbose", PROBE,
	    "catch"));
	send_and_expect(SIGUSR1, "main 10\n");
	expect_absent("peer 10\n");
	run_kill(&r);
}

static void tini_command_line_unchanged(void **state)
{
	(void)state;
	/* tini's README: -e 143 for Java; -s; -g; -p SIGTERM; -vvv. */
	assert_int_equal(run_ns(ARGV(SEXTON, "-s", "-g", "-e", "143", "--",
	    PROBE, "kill", "15")), 0);
	assert_int_equal(run_ns(ARGV(SEXTON, "-p", "SIGTERM", "-vvv", "-w",
	    "--", PROBE, "exit", "7")), 7);
}

static void remap_exit(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "-e", "143", "--", PROBE, "kill",
	    "15")), 0);
	assert_int_equal(run_ns(ARGV(SEXTON, "-e", "3", "-e", "5", "--", PROBE,
	    "exit", "5")), 0);
	assert_int_equal(run_ns(ARGV(SEXTON, "-e", "3", "--", PROBE, "exit",
	    "4")), 4);
}

/* With NAME=VALUE set (or none), sig reaches the command alone. */
static void expect_child_only(char *const argv[], const char *name,
    const char *value, int sig)
{
	char main_line[16], peer_line[16];

	snprintf(main_line, sizeof main_line, "main %d\n", sig);
	snprintf(peer_line, sizeof peer_line, "peer %d\n", sig);
	if (name != NULL)
		setenv(name, value, 1);
	start_catch(argv);
	if (name != NULL)
		unsetenv(name);
	send_and_expect(sig, main_line);
	expect_absent(peer_line);
	run_kill(&r);
}

static void single_child_target(void **state)
{
	(void)state;
	expect_child_only(ARGV(SEXTON, "-c", "--", PROBE, "catch"), NULL, NULL,
	    SIGUSR1);
	expect_child_only(ARGV(SEXTON, "--", PROBE, "catch"),
	    "SEXTON_SIGNAL_TARGET", "child", SIGUSR2);
	expect_child_only(ARGV(SEXTON, "--", PROBE, "catch"),
	    "DUMB_INIT_SETSID", "0", SIGHUP);
}

static void all_target_reaches_other_sessions(void **state)
{
	(void)state;
	start_catch(ARGV(SEXTON, "--", PROBE, "catch", "sid"));
	send_and_expect(SIGUSR1, "main 10\n");
	expect_absent("peer 10\n");
	run_kill(&r);
	start_catch(ARGV(SEXTON, "-a", "--", PROBE, "catch", "sid"));
	send_and_expect(SIGUSR1, "peer 10\n");
	run_kill(&r);
	setenv("SEXTON_SIGNAL_TARGET", "all", 1);
	start_catch(ARGV(SEXTON, "--", PROBE, "catch", "sid"));
	unsetenv("SEXTON_SIGNAL_TARGET");
	send_and_expect(SIGUSR2, "peer 12\n");
	run_kill(&r);
}

/* sexton's parent dies: -p's signal arrives and is forwarded. */
static void pdeathsig_is_forwarded(void **state)
{
	(void)state;
	start_catch(ARGV(SEXTON, "-p", "USR1", "--", PROBE, "catch"));
	/* The parent of PID 1 is the harness's outer process. */
	kill(r.outer, SIGKILL);
	if (!run_expect(&r, "peer 10\n", 5000))
		fail_msg("no SIGUSR1 after the parent died:\n%s", r.outbuf);
	run_kill(&r);
}

/* The pod sandbox: no command; a second container joins the namespace
 * and leaves orphans; sexton reaps them and exits 0 on SIGTERM. */
static void pause_reaps_and_exits_0_on_term(void **state)
{
	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "-P")), 0);
	assert_int_equal(run_join(&r, ARGV(PROBE, "orphans", "200", "100"),
	    30000), 0);
	assert_true(wait_caught(r.pid1, SIGTERM, 5000));
	kill(r.pid1, SIGTERM);
	assert_int_equal(run_wait(&r, 5000), 0);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(SEXTON, "--pause")), 0);
	assert_int_equal(run_join(&r, ARGV(PROBE, "exit", "0"), 5000), 0);
	assert_true(wait_caught(r.pid1, SIGINT, 5000));
	kill(r.pid1, SIGINT);
	assert_int_equal(run_wait(&r, 5000), 0);
}

/* Polls until pid's state is want (stopped 1) or is not (stopped
 * 0): 1, or 0 after 5 s. */
static int wait_state_is(pid_t pid, char want, int stopped)
{
	long long end = now_ms() + 5000;

	while (now_ms() < end) {
		if ((proc_state(pid) == want) == stopped)
			return 1;
		poll_step();
	}
	return 0;
}

static void send_to(pid_t pid, int sig, const char *want)
{
	assert_int_equal(kill(pid, sig), 0);
	if (!run_expect(&r, want, 5000))
		fail_msg("sent %d, no '%s' in:\n%s", sig, want, r.outbuf);
}

/* Not PID 1: TSTP goes to the group as STOP, as under dumb-init, so a
 * command that catches it stops too; then sexton stops until CONT. In
 * single-child mode the command gets the TSTP itself. */
static void job_control(void **state)
{
	pid_t sexton, cmd;

	(void)state;
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "--", PROBE, "catch")), 0);
	assert_true(run_expect(&r, "peer ready", 5000));
	sexton = child_of(r.pid1);
	assert_true(sexton > 0);
	cmd = child_of(sexton);
	assert_true(cmd > 0);
	assert_int_equal(kill(sexton, SIGTSTP), 0);
	assert_true(wait_state_is(cmd, 'T', 1));
	assert_true(wait_state_is(sexton, 'T', 1));
	send_to(sexton, SIGCONT, "peer 18\n");
	assert_true(wait_state_is(sexton, 'T', 0));
	assert_true(wait_state_is(cmd, 'T', 0));
	assert_int_equal(kill(sexton, SIGTTIN), 0);
	assert_true(wait_state_is(cmd, 'T', 1));
	assert_true(wait_state_is(sexton, 'T', 1));
	kill(sexton, SIGCONT);
	assert_true(wait_state_is(sexton, 'T', 0));
	run_kill(&r);
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "-c", "--", PROBE, "catch")), 0);
	assert_true(run_expect(&r, "main ready", 5000));
	sexton = child_of(r.pid1);
	assert_true(sexton > 0);
	send_to(sexton, SIGTSTP, "main 20\n");
	assert_true(wait_state_is(sexton, 'T', 1));
	kill(sexton, SIGCONT);
	assert_true(wait_state_is(sexton, 'T', 0));
	run_kill(&r);
	/* The same with TSTP forwarded as it is to the group: sexton
	 * stops at once, and a later stop of the command alone, sent by
	 * somebody else, does not stop it again. */
	assert_int_equal(run_start(&r, RUN_NS, ARGV(PROBE, "lazyinit", SEXTON,
	    "-r", "TSTP:TSTP", "--", PROBE, "catch")), 0);
	assert_true(run_expect(&r, "peer ready", 5000));
	sexton = child_of(r.pid1);
	assert_true(sexton > 0);
	cmd = child_of(sexton);
	assert_true(cmd > 0);
	send_to(sexton, SIGTSTP, "peer 20\n");
	assert_true(wait_state_is(sexton, 'T', 1));
	send_to(sexton, SIGCONT, "peer 18\n");
	assert_true(wait_state_is(sexton, 'T', 0));
	kill(cmd, SIGSTOP);
	assert_true(wait_state_is(cmd, 'T', 1));
	kill(cmd, SIGCONT);
	assert_true(wait_state_is(cmd, 'T', 0));
	/* sexton still runs: it forwards. */
	send_to(sexton, SIGUSR1, "peer 10\n");
	assert_true(proc_state(sexton) != 'T');
	run_kill(&r);
}

static void verbosity(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "-v", "--", PROBE, "exit", "0")),
	    0);
	assert_non_null(strstr(r.errbuf, "sexton[1]: started " PROBE
	    " as pid 2\n"));
	assert_int_equal(run_ns(ARGV(SEXTON, "--", PROBE, "exit", "0")), 0);
	assert_string_equal(r.errbuf, "");
	setenv("TINI_VERBOSITY", "2", 1);
	assert_int_equal(run_ns(ARGV(SEXTON, PROBE, "exit", "0")), 0);
	assert_non_null(strstr(r.errbuf, "started"));
	setenv("SEXTON_VERBOSE", "1", 1);
	assert_int_equal(run_ns(ARGV(SEXTON, PROBE, "exit", "0")), 0);
	assert_string_equal(r.errbuf, "");
	unsetenv("SEXTON_VERBOSE");
	unsetenv("TINI_VERBOSITY");
	/* -q silences warnings: a subreaper that cannot be one would warn,
	 * but here a quiet exec failure still reports (an error). */
	assert_int_equal(run_ns(ARGV(SEXTON, "-q", "-w", "--", PROBE,
	    "orphans", "3", "0")), 0);
	assert_string_equal(r.errbuf, "");
	assert_int_equal(run_ns(ARGV(SEXTON, "-q", "/no/such")), 127);
	assert_non_null(strstr(r.errbuf, "sexton: /no/such: "));
}

/* Each orphan's line names it, says how it ended, and gives its
 * resources. */
static void warn_reap(void **state)
{
	const char *p;
	int n = 0;

	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "-w", "--", PROBE, "died", "6")),
	    0);
	for (p = r.outbuf; (p = strstr(p, "orphan ")) != NULL; p++) {
		char how[8], want[96];
		const char *line, *rss;
		int pid, code;

		assert_int_equal(sscanf(p, "orphan %d %7s %d", &pid, how, &code),
		    3);
		snprintf(want, sizeof want, "sexton[1]: reaped pid %d (probe): "
		    "%s %d, cpu ", pid, strcmp(how, "exit") == 0 ? "exited" :
		    "killed by signal", code);
		line = strstr(r.errbuf, want);
		assert_non_null(line);
		rss = strstr(line, "maxrss ");
		assert_non_null(rss);
		assert_true(rss < strchr(line, '\n'));
		assert_true(atol(rss + strlen("maxrss ")) > 0);
		n++;
	}
	assert_int_equal(n, 6);
	/* Only the orphans: the command and the parent it waited for are
	 * not reported. */
	assert_int_equal(count(r.errbuf, "reaped pid"), 6);
}

/* -v ends with one summary line that counts exactly the orphans the
 * command left, and gives the command's status. */
static void verbose_summary_counts_orphans(void **state)
{
	(void)state;
	assert_int_equal(run_ns(ARGV(SEXTON, "-v", "--", PROBE, "orphans",
	    "37", "50")), 0);
	assert_non_null(strstr(r.errbuf, "sexton[1]: account: status=0 exit=0 "));
	assert_non_null(strstr(r.errbuf, " orphans=37 "));
	assert_int_equal(run_ns(ARGV(SEXTON, "-v", "--", PROBE, "kill", "15")),
	    143);
	assert_non_null(strstr(r.errbuf, "account: status=143 exit=143 "));
	assert_non_null(strstr(r.errbuf, " orphans=0 "));
}

static void subreaper_flags_and_variables(void **state)
{
	(void)state;
	/* Under an init that never reaps, sexton reaps its subtree's
	 * orphans with -s, SEXTON_SUBREAPER=1, TINI_SUBREAPER, or none. */
	assert_int_equal(run_ns(ARGV(PROBE, "lazyinit", SEXTON, "-s", "--",
	    PROBE, "orphans", "20", "10")), 0);
	setenv("TINI_SUBREAPER", "", 1);
	assert_int_equal(run_ns(ARGV(PROBE, "lazyinit", SEXTON, "--", PROBE,
	    "orphans", "20", "10")), 0);
	unsetenv("TINI_SUBREAPER");
	setenv("SEXTON_SUBREAPER", "1", 1);
	setenv("TINI_KILL_PROCESS_GROUP", "1", 1);
	assert_int_equal(run_ns(ARGV(PROBE, "lazyinit", SEXTON, "--", PROBE,
	    "orphans", "20", "10")), 0);
	unsetenv("SEXTON_SUBREAPER");
	unsetenv("TINI_KILL_PROCESS_GROUP");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bad_invocations_exit_125),
		cmocka_unit_test(help_and_man_page_list_everything),
		cmocka_unit_test(man_page_renders_with_spaces),
		cmocka_unit_test(version),
		cmocka_unit_test(rewrite_as_the_child_sees_it),
		cmocka_unit_test(dumb_init_command_line_unchanged),
		cmocka_unit_test(tini_command_line_unchanged),
		cmocka_unit_test(remap_exit),
		cmocka_unit_test(single_child_target),
		cmocka_unit_test(all_target_reaches_other_sessions),
		cmocka_unit_test(pdeathsig_is_forwarded),
		cmocka_unit_test(pause_reaps_and_exits_0_on_term),
		RUN_TEST(job_control, &r),
		cmocka_unit_test(verbosity),
		cmocka_unit_test(warn_reap),
		cmocka_unit_test(verbose_summary_counts_orphans),
		cmocka_unit_test(subreaper_flags_and_variables),
	};
	unsetenv("SEXTON_VERBOSE");
	unsetenv("TINI_VERBOSITY");
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
