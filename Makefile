# sexton: a zombie-reaping init. README.md says how to use it; the tests
# and tools are in tests/*.mk, and tests/README.md says how to run them.
VERSION = 0.1.0
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
HDR = $(wildcard include/*.h)
OBJ = $(SRC:src/%.c=$(B)/obj/%.o)
SEXTON_BIN = sexton

all: $(SEXTON_BIN)

$(SEXTON_BIN): $(OBJ)
	$(CC) $(ALL_CFLAGS) $(LDHARDEN) $(LDFLAGS) -o $@ $(OBJ)

$(B)/obj/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The static build, for COPY into any image and for boards: small rather
# than hardened, with musl. "make static ARCH=aarch64" (or arm64) builds
# ./sexton-static-aarch64 with Debian's cross gcc and the specs of its
# musl-dev:arm64. Not position-independent: a static binary is loaded at
# a fixed address, and PIC code is larger; without SSE registers, copies
# of structs are shorter. A small common page size keeps ld from padding
# the data onto a page of its own.
STATIC_CFLAGS = $(WARN) -Iinclude -Oz -fno-stack-protector -fno-ident \
	-fno-jump-tables -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-pie -mgeneral-regs-only -flto
STATIC_LDFLAGS = -static -no-pie -s -Wl,--gc-sections \
	-Wl,-z,noseparate-code -Wl,-z,common-page-size=64 -Wl,-z,norelro \
	-Wl,--build-id=none
# Only an ARCH on the command line counts: kernel builds use the name in
# the environment.
HOST_ARCH := $(shell uname -m)
SARCH = $(HOST_ARCH)
ifeq ($(origin ARCH),command line)
SARCH := $(patsubst arm64,aarch64,$(patsubst amd64,x86_64,$(ARCH)))
endif
ifeq ($(SARCH),$(HOST_ARCH))
STATIC = sexton-static
SCC = musl-gcc
SCC_NEEDS = musl-tools
else
STATIC = sexton-static-$(SARCH)
SCC = $(B)/cross/$(SARCH)-musl-gcc
SCC_NEEDS = gcc-$(subst _,-,$(SARCH))-linux-gnu and musl-dev:$(subst \
	aarch64,arm64,$(SARCH)), after dpkg --add-architecture
endif

static:
	@case $(SARCH) in x86_64|aarch64) ;; *) echo "static: sexton builds" \
		"for x86_64 and aarch64 (arm64), not $(SARCH)" >&2; exit 1;; esac
	@$(MAKE) --no-print-directory $(STATIC)
	@echo "static: $(STATIC) is $$(stat -c %s $(STATIC)) bytes"

# As musl-gcc does for the machine's own musl.
$(B)/cross/%-musl-gcc:
	@command -v $*-linux-gnu-gcc >/dev/null && \
		[ -e /usr/lib/$*-linux-musl/musl-gcc.specs ] || { echo "static:" \
		"no musl cross compiler: apt-get install $(SCC_NEEDS)" >&2; exit 1; }
	@mkdir -p $(@D)
	@printf '#!/bin/sh\nexec %s "$$@" -specs %s\n' $*-linux-gnu-gcc \
		/usr/lib/$*-linux-musl/musl-gcc.specs >$@ && chmod +x $@

SOBJ = $(SRC:src/%.c=$(B)/static-$(SARCH)/%.o)
# Section headers are for debuggers, not for the kernel, which loads by
# program headers alone: a kilobyte, stripped where llvm-objcopy is.
$(STATIC): $(SOBJ) $(if $(filter $(SARCH),$(HOST_ARCH)),,$(SCC))
	$(SCC) $(STATIC_CFLAGS) $(STATIC_LDFLAGS) -o $@ $(SOBJ)
	if command -v llvm-objcopy >/dev/null; then \
		llvm-objcopy --strip-sections $@; fi

$(B)/static-$(SARCH)/%.o: src/%.c $(HDR) Makefile \
		$(if $(filter $(SARCH),$(HOST_ARCH)),,$(SCC))
	@command -v $(SCC) >/dev/null || { echo "static: no $(SCC):" \
		"apt-get install $(SCC_NEEDS)" >&2; exit 1; }
	@mkdir -p $(@D)
	$(SCC) $(STATIC_CFLAGS) -c -o $@ $<

# --version names the commit the build is from, "-dirty" if tracked files
# differ from it; the stamp changes only when that does. Only a repository
# whose top is this directory counts.
COMMIT := $(shell [ -e .git ] && { git rev-parse --short=7 HEAD && \
	{ git diff --quiet HEAD -- || echo -dirty; }; } 2>/dev/null | tr -d '\n')
$(B)/commit: FORCE
	@mkdir -p $(@D)
	@echo '$(VERSION) $(or $(COMMIT),unknown)' | cmp -s - $@ || \
		echo '$(VERSION) $(or $(COMMIT),unknown)' > $@
$(B)/obj/options.o $(B)/static-$(SARCH)/options.o: $(B)/commit
$(B)/obj/options.o $(B)/static-$(SARCH)/options.o: WARN += \
	-DSEXTON_VERSION='"$(VERSION)"' -DSEXTON_COMMIT='"$(or $(COMMIT),unknown)"'

install: $(SEXTON_BIN)
	install -D -m 755 $(SEXTON_BIN) $(DESTDIR)$(PREFIX)/sbin/sexton
	install -D -m 644 man/sexton.1 $(DESTDIR)$(PREFIX)/share/man/man1/sexton.1

clean:
	rm -rf $(B) sexton sexton-static sexton-static-*

.PHONY: all static install clean FORCE
.SECONDARY:
FORCE:

include tests/check.mk tests/tools.mk tests/release.mk
