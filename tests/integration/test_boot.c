/* A real machine under qemu with sexton as its init (tests/boot). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static char console[1 << 20];
static int qemu_rc = -1;

static int boot(void **state)
{
	FILE *f;

	(void)state;
	if (system("tests/boot/boot.sh") != 0)
		return -1;
	f = fopen(".build/boot/console.log", "r");
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
	f = fopen(".build/boot/rc", "r");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rc_ran_under_sexton_as_pid_1),
		cmocka_unit_test(orphan_got_its_term),
		cmocka_unit_test(no_kernel_panic),
		cmocka_unit_test(machine_powered_down_by_itself),
	};
	return cmocka_run_group_tests_name("boot", tests, boot, NULL);
}
