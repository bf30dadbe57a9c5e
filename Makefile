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
TESTLIB = tests/lib/harness.c tests/lib/terminal.c tests/lib/runner.c
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

# "make static ARCH=aarch64" builds the same for a 64-bit Arm board, as
# ./sexton-static-aarch64: Debian's cross gcc with the specs of its
# musl-dev:arm64, as musl-gcc does for the machine's own. ARCH is
# uname -m's name; arm64 is taken for aarch64 too. Only an ARCH on the
# command line counts: kernel builds use the name in the environment.
HOST_ARCH := $(shell uname -m)
SARCH = $(HOST_ARCH)
ifeq ($(origin ARCH),command line)
SARCH := $(patsubst arm64,aarch64,$(patsubst amd64,x86_64,$(ARCH)))
ifeq ($(filter x86_64 aarch64,$(SARCH)),)
$(error ARCH=$(ARCH): sexton builds for x86_64 and aarch64 (arm64))
endif
endif
# Debian's name for an architecture, and the package of its cross gcc.
deb_arch = $(patsubst x86_64,amd64,$(patsubst aarch64,arm64,$(1)))
cross_gcc = gcc-$(subst _,-,$(1))-linux-gnu
# The static binary that "make static ARCH=$(1)" writes.
static_bin = $(if $(filter $(HOST_ARCH),$(1)),sexton-static,sexton-static-$(1))

ifeq ($(SARCH),$(HOST_ARCH))
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
else
XSCC = $(B)/cross/$(SARCH)-musl-gcc
static:
	@tests/cross.sh $(call deb_arch,$(SARCH)) $(call cross_gcc,$(SARCH)) \
		musl-dev:$(call deb_arch,$(SARCH))
	@mkdir -p $(dir $(XSCC))
	@printf '#!/bin/sh\nexec %s "$$@" -specs %s\n' \
		$(SARCH)-linux-gnu-gcc /usr/lib/$(SARCH)-linux-musl/musl-gcc.specs \
		>$(XSCC) && chmod +x $(XSCC)
	@$(MAKE) --no-print-directory sexton-static-$(SARCH) SCC=$(XSCC)
	@echo "static: sexton-static-$(SARCH) is" \
		"$$(stat -c %s sexton-static-$(SARCH)) bytes"
endif

SOBJ = $(SRC:src/%.c=$(B)/static-$(notdir $(SCC))/%.o)
# Section headers and the toolchain's .comment are for debuggers, not
# for the kernel, which loads by program headers alone: a kilobyte.
sexton-static sexton-static-$(SARCH): $(SOBJ)
	@command -v llvm-objcopy >/dev/null || tests/deps.sh llvm || true
	$(SCC) $(STATIC_CFLAGS) $(STATIC_LDFLAGS) -o $@ $(SOBJ)
	if command -v llvm-objcopy >/dev/null; then \
		llvm-objcopy --strip-sections $@; fi

$(B)/static-$(notdir $(SCC))/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(@D)
	$(SCC) $(STATIC_CFLAGS) -c -o $@ $<

# The commit the build is from, for --version; "-dirty" if tracked
# files differ from it. The stamp changes only when that does. Only a
# repository whose top is this directory counts: sources unpacked
# inside another one are not at its commit.
COMMIT := $(shell [ -e .git ] && { git rev-parse --short=7 HEAD && \
	{ git diff --quiet HEAD -- || echo -dirty; }; } 2>/dev/null | tr -d '\n')
$(B)/commit: FORCE
	@mkdir -p $(@D)
	@echo '$(or $(COMMIT),unknown)' | cmp -s - $@ || \
		echo '$(or $(COMMIT),unknown)' > $@
$(B)/obj/usage.o $(B)/static-$(notdir $(SCC))/usage.o: $(B)/commit
$(B)/obj/usage.o $(B)/static-$(notdir $(SCC))/usage.o: \
	WARN += -DSEXTON_COMMIT='"$(or $(COMMIT),unknown)"'
FORCE:

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
		tests/lib/terminal.h tests/lib/runner.h | $(B)/test
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
# static binary (boot, oci, docker, podman, containerd, gvisor, build), which has no
# sanitizers, and those that run sexton under valgrind, which cannot run
# an ASan build.
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
SB = .build/asan
PLAIN_ONLY = boot oci docker podman gvisor build valgrind limits refusals containerd packages
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

# The unit tests again for aarch64, cross-built against Debian's arm64
# glibc and cmocka and run under qemu-user, as the Cortex-A57 that the
# boot test's machine has too (qemu's default, a CPU with every feature,
# emulates pointer authentication slowly); and the boot test again on
# an arm64 machine. -fcf-protection is for x86 only.
XARCH = aarch64
XB = $(B)/$(XARCH)
XUNIT = $(UNIT:$(B)/%=$(XB)/%)
XHARDEN = $(filter-out -fcf-protection,$(HARDEN))
XRUN = qemu-$(XARCH)-static -cpu cortex-a57
cross-test-bins:
	@tests/cross.sh $(call deb_arch,$(XARCH)) $(call cross_gcc,$(XARCH)) \
		libc6-dev-$(call deb_arch,$(XARCH))-cross \
		libcmocka-dev:$(call deb_arch,$(XARCH)) qemu-user-static
	$(MAKE) --no-print-directory B=$(XB) CC=$(XARCH)-linux-gnu-gcc \
		AR=$(XARCH)-linux-gnu-ar HARDEN="$(XHARDEN)" $(XUNIT)

check: deps
	$(MAKE) test-bins
	$(MAKE) --no-print-directory B=$(SB) SEXTON_BIN=$(SB)/sexton \
		CPPFLAGS= CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" \
		TEST_SAN="$(SAN)" $(SB)/sexton $(SAN_TESTS)
	$(MAKE) --no-print-directory cross-test-bins
	tests/run.sh $(UNIT) $(INTEG) \
		$(UNIT:%="$(VALGRIND) %") $(SAN_TESTS) \
		$(XUNIT:%="$(XRUN) %") "$(B)/test/test_boot $(XARCH)"

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

# The static binaries for download, each named by version and uname -m,
# and the same binaries packed with the man page as a .deb and an .rpm
# for each, with SHA256SUMS of it all, alone in a directory of their own
# (under .build, which git ignores) so that "sha256sum -c SHA256SUMS"
# checks them there and the whole directory can be uploaded as it is.
# musl is a must here: no glibc stand-in. tests/release/pkg.sh packs,
# with dpkg-deb and Debian's rpmbuild, trees it makes under .build/pkg.
# The packages' maintainer is by default the last commit's author.
VERSION = $(shell sed -n 's/^\#define SEXTON_VERSION "\(.*\)"$$/\1/p' \
	include/usage.h)
MAINTAINER = $(shell [ -e .git ] && git log -1 --format='%an <%ae>' 2>/dev/null)
RELEASE_ARCHS = x86_64 aarch64
REL = $(B)/release
release:
	@[ -n "$(VERSION)" ] || { echo "release: no SEXTON_VERSION" >&2; exit 1; }
	@tests/deps.sh musl-tools llvm rpm
	rm -rf $(REL) && mkdir -p $(REL)
	$(foreach a,$(RELEASE_ARCHS),$(MAKE) --no-print-directory static \
		ARCH=$(a) && cp $(call static_bin,$(a)) $(REL)/sexton-$(VERSION)-$(a) && \
		tests/release/pkg.sh $(VERSION) $(a) $(REL)/sexton-$(VERSION)-$(a) \
		$(REL) "$(MAINTAINER)" && ) :
	cd $(REL) && ls | grep -vx SHA256SUMS | xargs sha256sum >SHA256SUMS
	@ls -l $(REL) && cat $(REL)/SHA256SUMS

install: sexton
	install -D -m 755 sexton $(DESTDIR)$(PREFIX)/sbin/sexton
	install -D -m 644 man/sexton.1 $(DESTDIR)$(PREFIX)/share/man/man1/sexton.1

clean:
	rm -rf $(B) sexton sexton-static sexton-static-*

.PHONY: all static sexton-static sexton-static-$(SARCH) deps lint test-bins \
	cross-test-bins check fuzz bench demo release install clean FORCE compat
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
