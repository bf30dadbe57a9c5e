/* A real OCI container under runc, as Docker runs an ENTRYPOINT:
 * process.args is ["/sbin/sexton", "--", ...] (tests/oci). With
 * "process.terminal": true, as docker run -it makes it, the command
 * reads a line typed at the terminal as it does with no init: runc runs
 * in a pty of the test's, and passes what is typed on to the
 * container's own terminal, whose session PID 1 leads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine.h"

#define RUN "tests/oci/run.sh"

static struct run r;
static char id[64], out[128];
/* runc run with a terminal: in a pty of ours, as a user's shell runs
 * it. */
static struct pty tty;
static pid_t client;

static int setup(void **state)
{
	(void)state;
	if (system("tests/oci/setup.sh") != 0)
		return -1;
	snprintf(out, sizeof out, "%s/.build/oci/out", getcwd(NULL, 0));
	return mkdir(out, 0755) == 0 ? 0 : -1;
}

/* A name no other run uses, and the container gone afterwards. */
static int fresh(void **state)
{
	static int n;

	(void)state;
	snprintf(id, sizeof id, "sexton-test-%d-%d", (int)getpid(), ++n);
	return 0;
}

static int remove_container(void **state)
{
	char cmd[256];

	(void)state;
	run_kill(&r);
	pty_client_kill(&tty, &client);
	snprintf(cmd, sizeof cmd, "runc delete -f %s 2>/dev/null; "
	    "rm -rf .build/oci/bundles/%s", id, id);
	return system(cmd) == -1 ? -1 : 0;
}

static int container(char *const args[], int timeout_ms)
{
	char *argv[16] = { RUN, id, out, "/sbin/sexton", "--" };
	int i = 5;

	for (; *args != NULL && i < 15; args++)
		argv[i++] = *args;
	argv[i] = NULL;
	assert_int_equal(run_start(&r, 0, argv), 0);
	return timeout_ms > 0 ? run_wait(&r, timeout_ms) : 0;
}

static void pid_1_is_sexton(void **state)
{
	(void)state;
	assert_int_equal(container(ARGV("cat", "/proc/1/comm"), 20000), 0);
	assert_string_equal(r.outbuf, "sexton\n");
}

static void thousand_zombies_leave_none(void **state)
{
	(void)state;
	assert_int_equal(container(ARGV("/probe", "orphans", "1000", "300"),
	    60000), 0);
	assert_string_equal(r.outbuf, "zombies=0 alive=0\n");
}

static void exit_codes_pass_through_runc(void **state)
{
	char *codes[] = { "0", "1", "42", "126", "255" };

	(void)state;
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		fresh(NULL);
		assert_int_equal(container(ARGV("/probe", "exit", codes[i]),
		    20000), atoi(codes[i]));
	}
	fresh(NULL);
	assert_int_equal(container(ARGV("/probe", "kill", "9"), 20000), 137);
	fresh(NULL);
	assert_int_equal(container(ARGV("/no/such"), 20000), 127);
}

static void runc_kill_term_gives_143(void **state)
{
	char cmd[128];

	(void)state;
	container(ARGV("/probe", "sleep"), 0);
	assert_true(run_expect(&r, "ready", 20000));
	snprintf(cmd, sizeof cmd, "runc kill %s TERM", id);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(run_wait(&r, 20000), 143);
}

/* The grace period: an orphan in another session that traps SIGTERM
 * writes its marker before the container ends. */
static void orphan_writes_marker_before_the_end(void **state)
{
	char marker[160];
	FILE *f;
	char got[32] = "";

	(void)state;
	snprintf(marker, sizeof marker, "%s/ready", out);
	unlink(marker);
	snprintf(marker, sizeof marker, "%s/marker", out);
	unlink(marker);
	/* The rootfs is read-only, as runc spec makes it: /out is not. */
	assert_int_equal(container(ARGV("sh", "-c",
	    "setsid sh -c 'trap \"echo done > /out/marker; exit 0\" TERM; "
	    "touch /out/ready; while :; do sleep 1; done' & i=0; "
	    "while [ ! -e /out/ready ] && [ $i -lt 500 ]; do usleep 10000; "
	    "i=$((i + 1)); done; exit 5"), 20000), 5);
	f = fopen(marker, "r");
	assert_non_null(f);
	assert_non_null(fgets(got, sizeof got, f));
	fclose(f);
	assert_string_equal(got, "done\n");
}

/* process.args from args, with a terminal; sexton in front of them with
 * wrap. The user types a line once the command says it is ready: the
 * command reads it and exits 3, and runc with it. */
static void terminal_read(int wrap)
{
	char *argv[16] = { RUN, "-t", id, out };
	int n = 4, code;

	if (wrap) {
		argv[n++] = "/sbin/sexton";
		argv[n++] = "--";
	}
	argv[n++] = "sh";
	argv[n++] = "-c";
	argv[n++] = READ_A_LINE;
	argv[n] = NULL;
	pty_type_a_line(&tty, &client, argv, 20000, "runc ran in",
	    wrap ? "sexton as PID 1" : "no init");
	code = pty_client_wait(&tty, &client, 20000);
	if (code != 3)
		pty_show(&tty, "runc ran in");
	assert_int_equal(code, 3);
}

/* The reference: the command itself as PID 1. */
static void terminal_command_reads_a_line_with_no_init(void **state)
{
	(void)state;
	terminal_read(0);
}

static void terminal_command_reads_a_line_under_sexton(void **state)
{
	(void)state;
	terminal_read(1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(pid_1_is_sexton, fresh,
		    remove_container),
		cmocka_unit_test_setup_teardown(thousand_zombies_leave_none,
		    fresh, remove_container),
		cmocka_unit_test_setup_teardown(exit_codes_pass_through_runc,
		    fresh, remove_container),
		cmocka_unit_test_setup_teardown(runc_kill_term_gives_143, fresh,
		    remove_container),
		cmocka_unit_test_setup_teardown(
		    orphan_writes_marker_before_the_end, fresh,
		    remove_container),
		cmocka_unit_test_setup_teardown(
		    terminal_command_reads_a_line_with_no_init, fresh,
		    remove_container),
		cmocka_unit_test_setup_teardown(
		    terminal_command_reads_a_line_under_sexton, fresh,
		    remove_container),
	};
	return cmocka_run_group_tests_name("runc", tests, setup, NULL);
}
