/* What a signal asks beyond its forwarding: a halt request from a
 * container manager reaches the command as TERM; the machine's init
 * ends the machine as busybox init and systemd read each signal; TERM
 * and HUP wake a stopped process; which signals stop. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "parse.h"

/* -1 if sig asks nothing of the machine, else its enum onexit. */
static int machine_end(int sig)
{
	enum onexit how = (enum onexit)-7;

	return sig_machine_end(sig, &how) ? (int)how : -1;
}

static void machine_init_reads_busybox_and_systemd(void **state)
{
	(void)state;
	/* busybox init: Ctrl-Alt-Del and TERM reboot, USR1 halts, USR2
	 * powers off; PWR (a UPS) powers off. */
	assert_int_equal(machine_end(SIGINT), ONEXIT_REBOOT);
	assert_int_equal(machine_end(SIGTERM), ONEXIT_REBOOT);
	assert_int_equal(machine_end(SIGUSR1), ONEXIT_HALT);
	assert_int_equal(machine_end(SIGUSR2), ONEXIT_POWEROFF);
	assert_int_equal(machine_end(SIGPWR), ONEXIT_POWEROFF);
	/* systemd: RTMIN+3 halt, +4 poweroff, +5 reboot, in the kernel's
	 * numbering whatever the libc. */
	assert_int_equal(machine_end(37), ONEXIT_HALT);
	assert_int_equal(machine_end(38), ONEXIT_POWEROFF);
	assert_int_equal(machine_end(39), ONEXIT_REBOOT);
}

static void other_signals_ask_nothing_of_the_machine(void **state)
{
	static const int others[] = { 0, SIGHUP, SIGQUIT, SIGKILL, SIGCHLD,
	    SIGCONT, SIGWINCH, 32, 33, 34, 36, 40, 64, 65, -1 };

	(void)state;
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		assert_int_equal(machine_end(others[i]), -1);
}

/* As a container's PID 1, sent to a group. */
static int out(const struct rewrite *r, int sig)
{
	return rewrite_out(r, sig, 1, 1);
}

static void halt_requests_become_term(void **state)
{
	struct rewrite r;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(out(&r, SIGPWR), SIGTERM);
	assert_int_equal(out(&r, 37), SIGTERM);
	assert_int_equal(out(&r, 38), SIGTERM);
	/* Only the halts: the rest go as they are. */
	assert_int_equal(out(&r, 39), 39);
	assert_int_equal(out(&r, SIGINT), SIGINT);
	assert_int_equal(out(&r, SIGUSR1), SIGUSR1);
	assert_int_equal(out(&r, SIGTERM), SIGTERM);
	/* Not a container's PID 1: as they are. */
	assert_int_equal(rewrite_out(&r, SIGPWR, 1, 0), SIGPWR);
	assert_int_equal(rewrite_out(&r, 37, 1, 0), 37);
	assert_true(sig_is_halt(SIGPWR));
	assert_true(sig_is_halt(37));
	assert_true(sig_is_halt(38));
	assert_false(sig_is_halt(39));
	assert_false(sig_is_halt(SIGTERM));
}

/* A halt goes as docker stop's TERM goes: -r TERM:QUIT (nginx's
 * graceful stop) makes it QUIT, -r TERM:none drops it. */
static void halt_requests_go_as_term_goes(void **state)
{
	struct rewrite r;

	(void)state;
	memset(&r, 0, sizeof r);
	rewrite_set(&r, SIGTERM, SIGQUIT);
	assert_int_equal(out(&r, SIGPWR), SIGQUIT);
	assert_int_equal(out(&r, 37), SIGQUIT);
	assert_int_equal(out(&r, 38), SIGQUIT);
	memset(&r, 0, sizeof r);
	rewrite_set(&r, SIGTERM, 0);
	assert_int_equal(out(&r, SIGPWR), 0);
	assert_int_equal(out(&r, 38), 0);
}

/* -r says first: a command that reads PWR itself gets it. */
static void rewrite_flag_outranks_the_defaults(void **state)
{
	struct rewrite r;

	(void)state;
	memset(&r, 0, sizeof r);
	rewrite_set(&r, SIGPWR, SIGPWR);
	rewrite_set(&r, 37, 0);
	rewrite_set(&r, SIGTSTP, SIGTSTP);
	assert_int_equal(out(&r, SIGPWR), SIGPWR);
	assert_int_equal(out(&r, 37), 0);
	assert_int_equal(out(&r, 38), SIGTERM);
	assert_int_equal(out(&r, SIGTSTP), SIGTSTP);
	assert_int_equal(out(&r, SIGTTIN), SIGSTOP);
}

/* Sent to a group, TSTP, TTIN and TTOU go as STOP, as under
 * dumb-init; to the command alone, as they are. */
static void stops_go_as_stop_to_a_group(void **state)
{
	struct rewrite r;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(rewrite_out(&r, SIGTSTP, 1, 0), SIGSTOP);
	assert_int_equal(rewrite_out(&r, SIGTTIN, 1, 0), SIGSTOP);
	assert_int_equal(rewrite_out(&r, SIGTTOU, 1, 0), SIGSTOP);
	assert_int_equal(rewrite_out(&r, SIGSTOP, 1, 0), SIGSTOP);
	assert_int_equal(rewrite_out(&r, SIGTSTP, 0, 0), SIGTSTP);
	assert_int_equal(rewrite_out(&r, SIGTTOU, 0, 1), SIGTTOU);
	assert_int_equal(rewrite_out(&r, SIGCONT, 1, 1), SIGCONT);
}

static void term_and_hup_wake_a_stopped_process(void **state)
{
	(void)state;
	assert_true(sig_wants_cont(SIGTERM));
	assert_true(sig_wants_cont(SIGHUP));
	assert_false(sig_wants_cont(SIGINT));
	assert_false(sig_wants_cont(SIGKILL));
	assert_false(sig_wants_cont(SIGCONT));
	assert_false(sig_wants_cont(SIGUSR1));
}

static void which_signals_stop(void **state)
{
	(void)state;
	assert_true(sig_is_stop(SIGTSTP));
	assert_true(sig_is_stop(SIGTTIN));
	assert_true(sig_is_stop(SIGTTOU));
	assert_true(sig_is_stop(SIGSTOP));
	assert_false(sig_is_stop(SIGCONT));
	assert_false(sig_is_stop(SIGTERM));
	assert_false(sig_is_stop(0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(machine_init_reads_busybox_and_systemd),
		cmocka_unit_test(other_signals_ask_nothing_of_the_machine),
		cmocka_unit_test(halt_requests_become_term),
		cmocka_unit_test(halt_requests_go_as_term_goes),
		cmocka_unit_test(rewrite_flag_outranks_the_defaults),
		cmocka_unit_test(stops_go_as_stop_to_a_group),
		cmocka_unit_test(term_and_hup_wake_a_stopped_process),
		cmocka_unit_test(which_signals_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
