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

UNIT = $(patsubst tests/unit/%.c,$(B)/test/%,$(wildcard tests/unit/test_*.c))
INTEG = $(patsubst tests/integration/%.c,$(B)/test/%,\
	$(wildcard tests/integration/test_*.c))
TESTLIB = tests/lib/harness.c
TEST_CFLAGS = $(WARN) -Iinclude -Itests/lib -O1 -g

all: sexton

# The static build: small rather than hardened, for COPY into any image.
MUSL_CC = musl-gcc
STATIC_CFLAGS = $(WARN) -Iinclude -Oz -fno-stack-protector -fno-ident -fno-jump-tables \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables
STATIC_LDFLAGS = -static -s -Wl,--gc-sections -Wl,-z,noseparate-code \
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
sexton-static: $(SOBJ)
	$(SCC) $(STATIC_CFLAGS) $(STATIC_LDFLAGS) -o $@ $(SOBJ)

$(B)/static-$(notdir $(SCC))/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(@D)
	$(SCC) $(STATIC_CFLAGS) -c -o $@ $<

sexton: $(OBJ)
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
	$(CC) $(TEST_CFLAGS) -o $@ $< $(TESTLIB) -lcmocka

$(B)/test/probe: tests/lib/probe.c | $(B)/test
	$(CC) $(TEST_CFLAGS) -o $@ $<

# For containers with no libc of their own.
$(B)/test/probe-static: tests/lib/probe.c | $(B)/test
	$(MUSL_CC) $(TEST_CFLAGS) -static -o $@ $<

test-bins: sexton $(UNIT) $(INTEG) $(B)/test/probe

check: deps
	$(MAKE) test-bins
	tests/run.sh $(UNIT) $(INTEG)

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

.PHONY: all static sexton-static deps lint test-bins check demo install clean
.SECONDARY:
