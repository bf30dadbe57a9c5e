# The tests: "make test" for the unit tests and the fast integration
# tests, "make check" for all of them. tests/README.md says what each
# file holds. Test targets install what they need on Debian, as root
# (tests/deps.sh); the build targets above never do.

LIBOBJ = $(filter-out $(B)/obj/main.o,$(OBJ))
UNIT = $(patsubst tests/unit/%.c,$(B)/test/%,$(wildcard tests/unit/test_*.c)) \
	$(B)/test/fuzz_replay
INTEG = $(patsubst tests/integration/%.c,$(B)/test/%,\
	$(wildcard tests/integration/test_*.c))
TESTLIB = tests/lib/harness.c tests/lib/tty.c tests/lib/runner.c \
	tests/lib/refuse.c tests/lib/sentinel.c \
	tests/lib/engine.c
TESTHDR = tests/lib/harness.h tests/lib/tty.h tests/lib/runner.h \
	tests/lib/refuse.h tests/lib/sentinel.h \
	tests/lib/engine.h
TEST_CFLAGS = $(WARN) -Iinclude -Itests/lib -O1 -g $(TEST_SAN)

# The integration tests that need an engine, a board, Debian's archive,
# the static build, or minutes, and those whose every case waits out
# seconds of wall time (idle's windows, --orphans' AGEs): make check
# runs them, make test does not, and stays under a minute.
SLOW = boot build chaos containerd docker gvisor idle limits lxc nspawn \
	orphans packages podman proctext refusals runc servers valgrind
FAST = $(filter-out $(SLOW:%=$(B)/test/test_%),$(INTEG))
# Those that run the static binary, which has no sanitizers, or sexton
# under valgrind, which cannot run an ASan build, or under an address
# space limit, which ASan cannot start in: not run again with ASan.
PLAIN_ONLY = boot build containerd docker gvisor limits lxc nspawn \
	packages podman refusals runc valgrind

$(B)/libsexton.a: $(LIBOBJ)
	$(AR) rcs $@ $(LIBOBJ)

$(B)/test/test_%: tests/unit/test_%.c $(B)/libsexton.a $(HDR)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(B)/libsexton.a -lcmocka

# tests/lib, built once for all the integration tests.
TESTOBJ = $(TESTLIB:tests/lib/%.c=$(B)/test/lib/%.o)
$(B)/test/lib/%.o: tests/lib/%.c $(TESTHDR)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -c -o $@ $<

$(B)/test/test_%: tests/integration/test_%.c $(TESTOBJ) $(TESTHDR)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -DSEXTON='"./$(SEXTON_BIN)"' \
		-DSEXTON_VERSION='"$(VERSION)"' -o $@ $< $(TESTOBJ) \
		-lcmocka

# The fuzz target, fed its corpus and past crashes.
$(B)/test/fuzz_replay: tests/fuzz/replay.c tests/fuzz/fuzz_parse.c \
		$(B)/libsexton.a $(HDR)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -o $@ tests/fuzz/replay.c tests/fuzz/fuzz_parse.c \
		$(B)/libsexton.a -lcmocka

# probe: the command the integration tests run; static, for containers
# with no libc of their own. tree: the chaos test's process trees.
$(B)/test/probe: tests/lib/probe.c
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -o $@ $<
$(B)/test/tree: tests/chaos/tree.c
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -o $@ $<
$(B)/test/probe-static: tests/lib/probe.c
	@mkdir -p $(@D)
	musl-gcc $(TEST_CFLAGS) -static -o $@ $<

test-bins: $(SEXTON_BIN) $(UNIT) $(INTEG) $(B)/test/probe $(B)/test/tree

deps:
	@tests/deps.sh

# What make test's tests need: cmocka; unshare, setpriv and mount; gdb
# and strace, which two of them run sexton under; groff for the man page.
TEST_DEPS = libcmocka-dev util-linux mount gdb strace groff-base
test:
	@tests/deps.sh $(TEST_DEPS)
	$(MAKE) --no-print-directory $(SEXTON_BIN) $(UNIT) $(FAST) \
		$(B)/test/probe $(B)/test/tree
	tests/run.sh $(UNIT) $(FAST)

# The sanitizer pass: sexton and the tests of its own code again, built
# with ASan and UBSan in their own directory. A finding ends the process
# with 99, an exit code no test expects; ASan's own handlers for faults
# would hide sexton's.
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
SB = $(B)/asan
SAN_TESTS = $(patsubst $(B)/%,$(SB)/%,$(UNIT) \
	$(filter-out $(PLAIN_ONLY:%=$(B)/test/test_%),$(INTEG)))
export ASAN_OPTIONS = exitcode=99:handle_segv=0:handle_sigbus=0:\
handle_sigfpe=0:handle_sigill=0:handle_abort=0
export UBSAN_OPTIONS = exitcode=99:print_stacktrace=1
# The unit tests again under valgrind.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=all

# The unit tests again for aarch64, cross-built against Debian's arm64
# glibc and cmocka and run under qemu-user, as the Cortex-A57 that the
# boot test's machine has too (qemu's default, a CPU with every feature,
# emulates pointer authentication slowly); and the boot test again on
# an arm64 machine. -fcf-protection is for x86 only.
XARCH = aarch64
XB = $(B)/$(XARCH)
XUNIT = $(UNIT:$(B)/%=$(XB)/%)
XRUN = qemu-$(XARCH)-static -cpu cortex-a57
cross-test-bins:
	@tests/cross.sh arm64 gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
		libcmocka-dev:arm64 qemu-user-static musl-dev:arm64
	$(MAKE) --no-print-directory B=$(XB) CC=$(XARCH)-linux-gnu-gcc \
		AR=$(XARCH)-linux-gnu-ar \
		HARDEN="$(filter-out -fcf-protection,$(HARDEN))" $(XUNIT)

check: deps
	$(MAKE) --no-print-directory test-bins
	$(MAKE) --no-print-directory B=$(SB) SEXTON_BIN=$(SB)/sexton \
		CPPFLAGS= CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" \
		TEST_SAN="$(SAN)" $(SB)/sexton $(SAN_TESTS)
	$(MAKE) --no-print-directory cross-test-bins
	tests/run.sh $(UNIT) $(INTEG) $(UNIT:%="$(VALGRIND) %") $(SAN_TESTS) \
		$(XUNIT:%="$(XRUN) %") "$(B)/test/test_boot $(XARCH)"

.PHONY: deps test test-bins check cross-test-bins
