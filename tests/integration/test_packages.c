/* The release's packages, as a user gets them: "make release" writes a
 * .deb and an .rpm for x86_64 and aarch64 beside the binaries, and
 * SHA256SUMS covers every file. lintian finds no error and no warning
 * in either .deb that is not overridden with its reason. Each package,
 * installed in a root of its own by dpkg or rpm, gives the release's
 * own binary as a /usr/sbin/sexton that runs (the arm64 one under
 * qemu-user) and a man page that renders with no warning, and dpkg -r
 * takes it all away again. Each .rpm has its architecture and the
 * .deb's files, but for the two only Debian's tools read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"
/* SEXTON_VERSION: the Makefile's VERSION. */

#define REL ".build/release"
#define V SEXTON_VERSION
/* The throwaway roots that dpkg and rpm install into. */
#define ROOT ".build/pkgtest"

struct arch {
	const char *name;	/* uname -m's, as in the binary's and the rpm's name */
	const char *deb;	/* Debian's */
	const char *run;	/* what runs its binaries here */
};

static struct arch x86_64 = { "x86_64", "amd64", "" };
static struct arch aarch64 = { "aarch64", "arm64",
	"qemu-aarch64-static -cpu cortex-a57 " };

static struct run r;

/* Runs a shell command as PID 1 of a PID namespace of its own, so that
 * killing it on a failure ends all it started. Its exit code, or -1
 * after timeout_ms; on a failure the output is shown. */
static int sh(int timeout_ms, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int sh(int timeout_ms, const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (run_start(&r, RUN_NS, ARGV("/bin/sh", "-c", cmd)) < 0)
		return -1;
	rc = run_wait(&r, timeout_ms);
	if (rc != 0)
		print_error("$ %s\nexit %d\n%s%s", cmd, rc, r.outbuf, r.errbuf);
	return rc;
}

/* Makes the release once for all the tests. */
static int make_release(void **state)
{
	(void)state;
	if (sh(120000, "tests/deps.sh rpm lintian man-db groff-base && "
	    "tests/cross.sh arm64 qemu-user-static gcc-aarch64-linux-gnu "
	    "musl-dev:arm64") != 0 ||
	    sh(600000, "make -s release") != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	run_kill(&r);
	return sh(30000, "rm -rf " ROOT) == 0 ? 0 : -1;
}

/* Every file but SHA256SUMS itself is in it, and matches. */
static void release_sums_cover_every_file(void **state)
{
	(void)state;
	assert_int_equal(sh(30000, "mkdir -p " ROOT " && cd " REL
	    " && sha256sum --strict -c SHA256SUMS >&2"
	    " && sed 's/^[0-9a-f]\\{64\\}  //' SHA256SUMS | sort >$OLDPWD/"
	    ROOT "/sums.list && ls | grep -vx SHA256SUMS | sort |"
	    " diff -u - $OLDPWD/" ROOT "/sums.list >&2"
	    " && cat $OLDPWD/" ROOT "/sums.list"), 0);
	assert_string_equal(r.outbuf,
	    "sexton-" V "-1.aarch64.rpm\nsexton-" V "-1.x86_64.rpm\n"
	    "sexton-" V "-aarch64\nsexton-" V "-x86_64\n"
	    "sexton_" V "_amd64.deb\nsexton_" V "_arm64.deb\n");
}

/* Overridden tags (the static binary; no ITP bug to close) come with
 * their reason in the package's override file and are not counted. */
static void deb_passes_lintian(void **state)
{
	const struct arch *a = *state;

	assert_int_equal(sh(300000, "lintian --fail-on error,warning "
	    REL "/sexton_" V "_%s.deb", a->deb), 0);
	assert_null(strstr(r.outbuf, "E: "));
	assert_null(strstr(r.outbuf, "W: "));
}

/* What a user does: dpkg -i, then sexton, --version and man. */
static void deb_installs_a_working_sexton_and_man_page(void **state)
{
	const struct arch *a = *state;

	assert_int_equal(sh(60000, "set -e; R=$PWD/" ROOT "/deb-%s; rm -rf $R;"
	    " mkdir -p $R/var/lib/dpkg/info $R/var/lib/dpkg/updates;"
	    " touch $R/var/lib/dpkg/status;"
	    " [ %s = amd64 ] || dpkg --root=$R --add-architecture %s;"
	    " dpkg --root=$R --log=/dev/null -i " REL "/sexton_" V "_%s.deb",
	    a->deb, a->deb, a->deb, a->deb), 0);
	assert_int_equal(sh(30000, "cmp " ROOT "/deb-%s/usr/sbin/sexton "
	    REL "/sexton-" V "-%s && %s" ROOT "/deb-%s/usr/sbin/sexton -- true"
	    " && %s" ROOT "/deb-%s/usr/sbin/sexton --version",
	    a->deb, a->name, a->run, a->deb, a->run, a->deb), 0);
	assert_non_null(strstr(r.outbuf, "sexton version " V " - git."));
	/* groff's warnings go to stderr, which must stay empty. */
	assert_int_equal(sh(30000, "MANWIDTH=80 man --warnings -l "
	    ROOT "/deb-%s/usr/share/man/man1/sexton.1.gz", a->deb), 0);
	assert_non_null(strstr(r.outbuf, "a PID 1 that reaps zombies"));
	assert_non_null(strstr(r.outbuf, "\nSYNOPSIS\n"));
	assert_string_equal(r.errbuf, "");
	assert_int_equal(sh(60000, "dpkg --root=$PWD/" ROOT "/deb-%s "
	    "--log=/dev/null -r sexton && ! find " ROOT "/deb-%s/usr -type f "
	    "| grep .", a->deb, a->deb), 0);
}

/* Modes, owners and paths; changelog.Debian.gz and lintian's override
 * are Debian's alone. */
static void rpm_holds_the_deb_files_for_its_arch(void **state)
{
	const struct arch *a = *state;

	assert_int_equal(sh(30000, "mkdir -p " ROOT " && tests/release/list.sh "
	    REL "/sexton_" V "_%s.deb | grep -v"
	    " -e ' /usr/share/lintian/overrides/sexton$'"
	    " -e ' /usr/share/doc/sexton/changelog.Debian.gz$'"
	    " >" ROOT "/deb.list && tests/release/list.sh "
	    REL "/sexton-" V "-1.%s.rpm | diff -u " ROOT "/deb.list - >&2"
	    " && cat " ROOT "/deb.list", a->deb, a->name), 0);
	assert_string_equal(r.outbuf,
	    "-rw-r--r-- root/root /usr/share/doc/sexton/copyright\n"
	    "-rw-r--r-- root/root /usr/share/man/man1/sexton.1.gz\n"
	    "-rwxr-xr-x root/root /usr/sbin/sexton\n");
	assert_int_equal(sh(30000, "rpm -qp --qf '%%{ARCH}' "
	    REL "/sexton-" V "-1.%s.rpm", a->name), 0);
	assert_string_equal(r.outbuf, a->name);
}

/* rpm -i in a root of its own: Debian's rpm keeps its database there
 * too. The aarch64 one needs --ignorearch on this machine. */
static void rpm_installs_a_working_sexton(void **state)
{
	const struct arch *a = *state;

	assert_int_equal(sh(60000, "set -e; R=$PWD/" ROOT "/rpm-%s; rm -rf $R;"
	    " mkdir -p $R; rpm --root $R --initdb;"
	    " rpm --root $R -i %s " REL "/sexton-" V "-1.%s.rpm;"
	    " cmp $R/usr/sbin/sexton " REL "/sexton-" V "-%s;"
	    " %s$R/usr/sbin/sexton -- true; %s$R/usr/sbin/sexton --version",
	    a->name, strcmp(a->name, "x86_64") ? "--ignorearch" : "",
	    a->name, a->name, a->run, a->run), 0);
	assert_non_null(strstr(r.outbuf, "sexton version " V " - git."));
}

#define T(f, a) { #f "_" #a, f, NULL, teardown, &(a) }

int main(void)
{
	const struct CMUnitTest tests[] = {
		{ "release_sums_cover_every_file",
		    release_sums_cover_every_file, NULL, teardown, NULL },
		T(deb_passes_lintian, x86_64),
		T(deb_passes_lintian, aarch64),
		T(deb_installs_a_working_sexton_and_man_page, x86_64),
		T(deb_installs_a_working_sexton_and_man_page, aarch64),
		T(rpm_holds_the_deb_files_for_its_arch, x86_64),
		T(rpm_holds_the_deb_files_for_its_arch, aarch64),
		T(rpm_installs_a_working_sexton, x86_64),
		T(rpm_installs_a_working_sexton, aarch64),
	};
	return cmocka_run_group_tests_name("packages", tests, make_release,
	    NULL);
}
