/* sexton under real Podman (tests/podman), with runc: as the ENTRYPOINT
 * of an image, ["/sbin/sexton", "--"], and as the init of podman run
 * --init with --init-path naming sexton-static in place of Podman's own
 * catatonit. Each test runs in both ways: the command's exit code and
 * its death by a signal come out of podman run; orphans, those of
 * podman exec too, leave no zombie; podman stop and podman kill reach
 * the command, and stop gives what it left behind its grace. One more
 * test runs the stop with catatonit, Podman's default --init, and only
 * reports what it saw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine.h"

#define PODMAN "tests/podman/podman.sh"

static struct run r;
/* This test's container, and the absolute path of sexton-static. */
static char name[48], sexton[256];

/* podman.sh adds what every run needs here. */
static const struct client pm = {
	PODMAN, "podman", &r, ARGV("run", "-v", out_bind), name, 1
};

static const struct mode entry = { &pm, "sexton-pm-entry", NULL };
static const struct mode init = {
	&pm, "sexton-pm-plain", ARGV("--init", "--init-path", sexton)
};
/* Podman's own --init. */
static const struct mode catatonit = {
	&pm, "sexton-pm-plain", ARGV("--init")
};

/* podman's exit code, or -1 after timeout_ms; what it printed on
 * stdout is in r.outbuf, on stderr in r.errbuf. */
static int podman(char *const args[], int timeout_ms)
{
	return cli(&pm, args, timeout_ms);
}

/* A name no other run uses, and an empty /out. */
static int fresh(void **state)
{
	(void)state;
	return fresh_container(name, sizeof name, "sexton-pm", "podman");
}

/* Whatever a failed assertion left running goes. */
static int remove_container(void **state)
{
	char cmd[200];

	(void)state;
	run_kill(&r);
	snprintf(cmd, sizeof cmd, PODMAN " rm -f -t 0 %s >/dev/null 2>&1",
	    name);
	return system(cmd) == -1 ? -1 : 0;
}

/* probe orphans leaves 50 orphans, half of them gone at once, half
 * within 200 ms, and exits 0 once it sees none of them left in the
 * container, zombie or alive; at its deadline it exits 1. */
static void orphans_leave_no_zombie(void **state)
{
	assert_int_equal(cli_run_in(*state, ARGV("--rm"), ARGV("/probe",
	    "orphans", "50", "200"), 30000), 0);
	assert_non_null(strstr(r.outbuf, "zombies=0 alive=0\n"));
}

struct stopped {
	int rc;			/* podman stop's exit code */
	long long ms;		/* how long it took */
	char code[16];		/* the container's exit code */
	int term, done;		/* the orphan's markers were written */
};

/* Runs tests/podman/image/stop.sh, waits until it and its orphan are
 * set up, and podman stops it: TERM to PID 1, SIGKILL 10 s later. */
static void stop_it(const struct mode *m, struct stopped *s)
{
	long long t0;

	assert_int_equal(cli_run_in(m, ARGV("-d", "--name", name),
	    ARGV("/bin/sh", "/t/stop.sh"), 30000), 0);
	wait_stop_ready();
	t0 = now_ms();
	s->rc = podman(ARGV("stop", "-t", "10", name), 20000);
	s->ms = now_ms() - t0;
	if (r.errlen > 0)
		print_message("podman stop: %s", r.errbuf);
	snprintf(s->code, sizeof s->code, "%s",
	    cli_inspect(&pm, name, "{{.State.ExitCode}}"));
	s->term = strcmp(out_file("term"), "TERM\n") == 0;
	s->done = strcmp(out_file("orphan"), "done\n") == 0;
	print_message("podman stop: exit %d after %lld ms; container exit "
	    "code %s; the orphan got TERM: %s, finished: %s\n", s->rc,
	    s->ms, s->code, s->term ? "yes" : "no", s->done ? "yes" : "no");
}

/* podman stop's TERM reaches the command through sexton, and the
 * command's trap exits 0; the orphan it left, in a session of its own,
 * then gets sexton's TERM and the 300 ms it needs to write its marker.
 * Killed at once, it would never write it. sexton's grace is 5 s; the
 * orphan's end ends it well before. */
static void stop_lets_the_orphan_finish(void **state)
{
	struct stopped s;

	stop_it(*state, &s);
	assert_int_equal(s.rc, 0);
	assert_string_equal(s.code, "0");
	assert_true(s.term);
	assert_true(s.done);
	assert_in_range(s.ms, 300, 4999);
}

/* The same stop with catatonit, Podman's own --init, for comparison.
 * What it does is reported, not asserted; that it was measured is:
 * the container ran, and podman stop ended it. */
static void stop_under_catatonit_is_measured(void **state)
{
	struct stopped s;

	(void)state;
	stop_it(&catatonit, &s);
	print_message("catatonit: the orphan %s\n", s.done ? "finished" :
	    s.term ? "got TERM, and was killed within its 300 ms" :
	    "was killed without a TERM");
	assert_int_equal(s.rc, 0);
}

static int start_podman(void **state)
{
	char cwd[200];

	(void)state;
	if (getcwd(cwd, sizeof cwd) == NULL)
		return -1;
	snprintf(sexton, sizeof sexton, "%s/sexton-static", cwd);
	return system("tests/podman/setup.sh") == 0 ? 0 : -1;
}

SCRIPT_FIXTURE(stop_podman, "tests/podman/stop.sh")

/* A test twice, named for the way sexton runs in each. SHARED: one of
 * engine.c's tests, the same under docker. */
#define BOTH(f) CLI_BOTH(#f, f, fresh, remove_container, "--init-path")
#define SHARED(f) CLI_SHARED(f, fresh, remove_container, "--init-path")

int main(void)
{
	const struct CMUnitTest tests[] = {
		SHARED(pid_1_is_sexton),
		SHARED(exit_codes_pass_through),
		BOTH(orphans_leave_no_zombie),
		SHARED(exec_leaves_no_zombie),
		BOTH(stop_lets_the_orphan_finish),
		SHARED(kill_hup_reaches_the_command),
		{ "stop_under_catatonit_is_measured (peer)",
		    stop_under_catatonit_is_measured, fresh, remove_container,
		    NULL },
	};
	return cmocka_run_group_tests_name("podman", tests, start_podman,
	    stop_podman);
}
