/* A real machine under qemu with sexton as its init (tests/boot): an
 * x86_64 PC, or with the argument aarch64, qemu's arm64 virt board. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static char console[1 << 20];
static int qemu_rc = -1;
static const char *arch = "x86_64";

static FILE *open_out(const char *name)
{
	char path[256];

	snprintf(path, sizeof path, ".build/boot/%s/%s", arch, name);
	return fopen(path, "r");
}

static int boot(void **state)
{
	char cmd[256];
	FILE *f;

	(void)state;
	snprintf(cmd, sizeof cmd, "tests/boot/boot.sh %s", arch);
	if (system(cmd) != 0)
		return -1;
	f = open_out("console.log");
	if (f == NULL)
		return -1;
	console[fread(console, 1, sizeof console - 1, f)] = '\0';
	fclose(f);
	/* A serial console ends lines with \r\n. */
	for (char *in = console, *out = console;; in++) {
		if (*in != '\r')
			*out++ = *in;
		if (*in == '\0')
			break;
	}
	f = open_out("rc");
	if (f == NULL || fscanf(f, "%d", &qemu_rc) != 1)
		qemu_rc = -1;
	if (f != NULL)
		fclose(f);
	return 0;
}

static void has(const char *s)
{
	if (strstr(console, s) == NULL)
		fail_msg("the console has no '%s':\n%s", s, console);
}

static void rc_ran_under_sexton_as_pid_1(void **state)
{
	(void)state;
	has("sexton[1]: running as the machine's init\n");
	has("rc: PID 1 is sexton\n");
	has("rc: exiting 3\n");
	has("sexton[1]: account: status=3 exit=3 user_ms=");
	has("sexton[1]: power-off of the machine\n");
}

static void the_machine_is_the_one_asked_for(void **state)
{
	char line[80];

	(void)state;
	snprintf(line, sizeof line, "rc: the machine is %s\n", arch);
	has(line);
}

static void orphan_got_its_term(void **state)
{
	(void)state;
	has("ORPHAN-GOT-TERM\n");
}

static void no_kernel_panic(void **state)
{
	(void)state;
	assert_null(strstr(console, "Kernel panic"));
	assert_null(strstr(console, "Attempted to kill init"));
}

static void machine_powered_down_by_itself(void **state)
{
	(void)state;
	has("reboot: Power down");
	/* 124 would mean timeout(1) stopped qemu after 90 s. */
	assert_int_equal(qemu_rc, 0);
}

int main(int argc, char **argv)
{
	char name[64];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rc_ran_under_sexton_as_pid_1),
		cmocka_unit_test(the_machine_is_the_one_asked_for),
		cmocka_unit_test(orphan_got_its_term),
		cmocka_unit_test(no_kernel_panic),
		cmocka_unit_test(machine_powered_down_by_itself),
	};
	if (argc > 1)
		arch = argv[1];
	snprintf(name, sizeof name, "boot %s", arch);
	return cmocka_run_group_tests_name(name, tests, boot, NULL);
}
