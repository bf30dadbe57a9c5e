/* The build: hardening, the static binaries' sizes, make install. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "harness.h"

static struct run r;

/* PIE, stack protector, full RELRO and BIND_NOW must all say yes. Two
 * checks are left out, for reasons of this platform, not of sexton:
 * Debian's crt1.o carries no IBT/SHSTK note, so no binary linked here
 * can show control-flow protection (/bin/bash cannot either); and every
 * memcpy, read and ppoll in sexton has a bound the compiler proves, so
 * _FORTIFY_SOURCE, which is set, links no __*_chk that the tool could
 * see. */
static void hardening_check_passes(void **state)
{
	(void)state;
	assert_int_equal(system("tests/deps.sh devscripts"), 0);
	assert_int_equal(run_start(&r, 0, ARGV("/usr/bin/hardening-check",
	    "--nocfprotection", "--nofortify", SEXTON)), 0);
	assert_int_equal(run_wait(&r, 30000), 0);
	assert_non_null(strstr(r.outbuf, "Position Independent Executable: yes"));
	assert_non_null(strstr(r.outbuf, "Stack protected: yes"));
	assert_non_null(strstr(r.outbuf, "Read-only relocations: yes"));
	assert_non_null(strstr(r.outbuf, "Immediate binding: yes"));
}

/* The size the product allows: 26 KiB or less, stripped, with musl.
 * The goal is 24 KiB; README.md says what the 2 KiB above it bought. */
static void static_binary_fits_26_kib(void **state)
{
	struct stat st;

	(void)state;
	assert_int_equal(system("make -s static >/dev/null"), 0);
	assert_int_equal(stat("sexton-static", &st), 0);
	if (st.st_size > 26 * 1024)
		fail_msg("sexton-static is %lld bytes", (long long)st.st_size);
	assert_int_equal(run_start(&r, RUN_NS, ARGV("./sexton-static", "--",
	    PROBE, "exit", "9")), 0);
	assert_int_equal(run_wait(&r, 5000), 9);
}

/* The same for a 64-bit Arm board: 34 KiB or less, and it runs, under
 * qemu-user, as PID 1 of a namespace (qemu's). */
static void aarch64_static_binary_fits_34_kib(void **state)
{
	struct stat st;

	(void)state;
	assert_int_equal(system("tests/cross.sh arm64 qemu-user-static "
	    "gcc-aarch64-linux-gnu musl-dev:arm64"), 0);
	assert_int_equal(system("make -s static ARCH=aarch64 >/dev/null"), 0);
	assert_int_equal(stat("sexton-static-aarch64", &st), 0);
	if (st.st_size > 34 * 1024)
		fail_msg("sexton-static-aarch64 is %lld bytes",
		    (long long)st.st_size);
	assert_int_equal(run_start(&r, RUN_NS, ARGV("/usr/bin/qemu-aarch64-static",
	    "-cpu", "cortex-a57", "./sexton-static-aarch64", "--", PROBE,
	    "exit", "9")), 0);
	assert_int_equal(run_wait(&r, 20000), 9);
}

static void make_install_puts_binary_and_man_page(void **state)
{
	struct stat st;

	(void)state;
	assert_int_equal(system("rm -rf .build/inst && make -s install "
	    "DESTDIR=$PWD/.build/inst PREFIX=/usr >/dev/null"), 0);
	assert_int_equal(stat(".build/inst/usr/sbin/sexton", &st), 0);
	assert_true(st.st_mode & S_IXUSR);
	assert_int_equal(stat(".build/inst/usr/share/man/man1/sexton.1", &st),
	    0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hardening_check_passes),
		cmocka_unit_test(static_binary_fits_26_kib),
		cmocka_unit_test(aarch64_static_binary_fits_34_kib),
		cmocka_unit_test(make_install_puts_binary_and_man_page),
	};
	return cmocka_run_group_tests_name("build", tests, NULL, NULL);
}
