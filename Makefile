# sexton: a zombie-reaping init. See README.md.
PREFIX ?= /usr/local
DESTDIR ?=
CFLAGS ?= -O2
CPPFLAGS ?= -D_FORTIFY_SOURCE=2
# What sexton itself needs, whatever CFLAGS says.
WARN = -std=gnu11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -Wall -Wextra -Werror
HARDEN = -fPIE -fstack-protector-strong -fstack-clash-protection -fcf-protection
LDHARDEN = -pie -Wl,-z,relro -Wl,-z,now
ALL_CFLAGS = $(WARN) -Iinclude $(CPPFLAGS) $(HARDEN) $(CFLAGS)

B = .build
SRC = $(wildcard src/*.c)
OBJ = $(SRC:src/%.c=$(B)/obj/%.o)
LIBOBJ = $(filter-out $(B)/obj/main.o,$(OBJ))
HDR = $(wildcard include/*.h)

UNIT = $(patsubst tests/unit/%.c,$(B)/test/%,$(wildcard tests/unit/test_*.c)) \
	$(B)/test/fuzz_replay
INTEG = $(patsubst tests/integration/%.c,$(B)/test/%,\
	$(wildcard tests/integration/test_*.c))
TESTLIB = tests/lib/harness.c
TEST_CFLAGS = $(WARN) -Iinclude -Itests/lib -O1 -g $(TEST_SAN)
# The binary the integration tests run; the sanitizer pass sets another.
SEXTON_BIN = sexton

all: $(SEXTON_BIN)

# The static build: small rather than hardened, for COPY into any image.
MUSL_CC = musl-gcc
# Not position-independent: a static binary is loaded at a fixed address
# anyway, and PIC code is larger. Without SSE registers, copies of
# structs are shorter too.
STATIC_CFLAGS = $(WARN) -Iinclude -Oz -fno-stack-protector -fno-ident -fno-jump-tables \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fno-pie -mgeneral-regs-only -flto
# A small common page size keeps ld from padding the file to start the
# data on a page of its own, which would save memory a page at most.
STATIC_LDFLAGS = -static -no-pie -s -Wl,--gc-sections -Wl,-z,noseparate-code \
	-Wl,-z,common-page-size=64 \
	-Wl,-z,norelro -Wl,--build-id=none

static:
	@command -v $(MUSL_CC) >/dev/null || tests/deps.sh musl-tools || true
	@if command -v $(MUSL_CC) >/dev/null; then \
		$(MAKE) --no-print-directory sexton-static SCC=$(MUSL_CC); \
	else \
		echo "static: no musl-gcc: building with $(CC) and glibc," \
		    "which makes a far larger binary"; \
		$(MAKE) --no-print-directory sexton-static SCC=$(CC); \
	fi
	@echo "static: sexton-static is $$(stat -c %s sexton-static) bytes"

SOBJ = $(SRC:src/%.c=$(B)/static-$(notdir $(SCC))/%.o)
# Section headers and the toolchain's .comment are for debuggers, not
# for the kernel, which loads by program headers alone: a kilobyte.
sexton-static: $(SOBJ)
	@command -v llvm-objcopy >/dev/null || tests/deps.sh llvm || true
	$(SCC) $(STATIC_CFLAGS) $(STATIC_LDFLAGS) -o $@ $(SOBJ)
	if command -v llvm-objcopy >/dev/null; then \
		llvm-objcopy --strip-sections $@; fi

$(B)/static-$(notdir $(SCC))/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(@D)
	$(SCC) $(STATIC_CFLAGS) -c -o $@ $<

$(SEXTON_BIN): $(OBJ)
	$(CC) $(ALL_CFLAGS) $(LDHARDEN) $(LDFLAGS) -o $@ $(OBJ)

$(B)/obj/%.o: src/%.c $(HDR) Makefile | $(B)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libsexton.a: $(LIBOBJ)
	$(AR) rcs $@ $(LIBOBJ)

$(B)/obj $(B)/test:
	mkdir -p $@

# Tests. 'deps' installs what they need on Debian, or says how.
deps:
	@tests/deps.sh

$(B)/test/test_%: tests/unit/test_%.c $(B)/libsexton.a $(HDR) | $(B)/test
	$(CC) $(TEST_CFLAGS) -o $@ $< $(B)/libsexton.a -lcmocka

$(B)/test/test_%: tests/integration/test_%.c $(TESTLIB) tests/lib/harness.h \
		| $(B)/test
	$(CC) $(TEST_CFLAGS) -DSEXTON='"./$(SEXTON_BIN)"' -o $@ $< $(TESTLIB) \
		-lcmocka

# The fuzz target, fed its corpus and past crashes.
$(B)/test/fuzz_replay: tests/fuzz/replay.c tests/fuzz/fuzz_parse.c \
		$(B)/libsexton.a $(HDR) | $(B)/test
	$(CC) $(TEST_CFLAGS) -o $@ tests/fuzz/replay.c tests/fuzz/fuzz_parse.c \
		$(B)/libsexton.a -lcmocka

$(B)/test/probe: tests/lib/probe.c | $(B)/test
	$(CC) $(TEST_CFLAGS) -o $@ $<

# For containers with no libc of their own.
$(B)/test/probe-static: tests/lib/probe.c | $(B)/test
	$(MUSL_CC) $(TEST_CFLAGS) -static -o $@ $<

test-bins: $(SEXTON_BIN) $(UNIT) $(INTEG) $(B)/test/probe

# The sanitizer pass: sexton and the tests of its own code again, built
# with ASan and UBSan in their own directory. Left out: the tests of the
# static binary (boot, oci, build), which has no sanitizers, and those
# that run sexton under valgrind, which cannot run an ASan build.
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
SB = .build/asan
PLAIN_ONLY = boot oci build valgrind limits
SAN_TESTS = $(patsubst $(B)/%,$(SB)/%,$(UNIT) \
	$(filter-out $(PLAIN_ONLY:%=$(B)/test/test_%),$(INTEG)))
# A sanitizer's finding ends the process with 99, an exit code no test
# expects. ASan's own handlers for faults would hide sexton's.
export ASAN_OPTIONS = exitcode=99:handle_segv=0:handle_sigbus=0:\
handle_sigfpe=0:handle_sigill=0:handle_abort=0
export UBSAN_OPTIONS = exitcode=99:print_stacktrace=1
# The unit tests again under valgrind.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=all

check: deps
	$(MAKE) test-bins
	$(MAKE) --no-print-directory B=$(SB) SEXTON_BIN=$(SB)/sexton \
		CPPFLAGS= CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" \
		TEST_SAN="$(SAN)" $(SB)/sexton $(SAN_TESTS)
	tests/run.sh $(UNIT) $(INTEG) \
		$(UNIT:%="$(VALGRIND) %") $(SAN_TESTS)

# libFuzzer on everything sexton parses, for FUZZ_SECONDS. New inputs
# go to .build/fuzz/corpus; a crash is saved as .build/fuzz/crash-*,
# and belongs in tests/fuzz/regressions once fixed.
FUZZ_SECONDS = 60
FB = .build/fuzz
fuzz:
	@tests/deps.sh clang libclang-rt-dev
	@mkdir -p $(FB)/corpus
	clang $(WARN) -Iinclude -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $(FB)/fuzz_parse \
		tests/fuzz/fuzz_parse.c $(filter-out src/main.c,$(SRC))
	ASAN_OPTIONS= UBSAN_OPTIONS= $(FB)/fuzz_parse \
		-max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz/options.dict \
		-artifact_prefix=$(FB)/ -print_final_stats=1 \
		$(FB)/corpus tests/fuzz/corpus

# Side by side with the peers; not part of check. See tests/bench.
bench:
	tests/bench/bench.sh

# The peers' own test suites (dumb-init's, tini's), fetched from
# Debian's source packages, against sexton; not part of check. See
# tests/compat/run.sh and tests/compat/expected-differences.
compat:
	tests/compat/run.sh

LINT_DEFS = -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -Iinclude
lint:
	@tests/deps.sh cppcheck clang-tidy
	cppcheck --enable=warning,style,performance,portability \
		--error-exitcode=1 --inline-suppr -q --std=c11 $(LINT_DEFS) src
	clang-tidy --quiet src/*.c -- -std=gnu11 $(LINT_DEFS)

demo: sexton $(B)/test/probe
	@tests/demo.sh

install: sexton
	install -D -m 755 sexton $(DESTDIR)$(PREFIX)/sbin/sexton
	install -D -m 644 man/sexton.1 $(DESTDIR)$(PREFIX)/share/man/man1/sexton.1

clean:
	rm -rf $(B) sexton sexton-static

.PHONY: all static sexton-static deps lint test-bins check fuzz bench demo \
	install clean compat
.SECONDARY:

# Random process trees and signals; see tests/chaos/README.
CHAOS_SECONDS ?= 60
# "make chaos SECONDS=N" too, but not a SECONDS from the environment.
ifeq ($(origin SECONDS),command line)
CHAOS_SECONDS := $(SECONDS)
endif
CHAOS_BINS = $(B)/test/tree
test-bins: $(CHAOS_BINS)
$(B)/test/tree: tests/chaos/tree.c | $(B)/test
	$(CC) $(TEST_CFLAGS) -o $@ $<
chaos: test-bins $(B)/test/tree
	CHAOS_SECONDS=$(CHAOS_SECONDS) $(B)/test/test_chaos
.PHONY: chaos
