# sexton: a zombie-reaping init. See README.md.
PREFIX ?= /usr/local
DESTDIR ?=
CFLAGS ?= -O2
CPPFLAGS ?= -D_FORTIFY_SOURCE=2
# What sexton itself needs, whatever CFLAGS says.
WARN = -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror
HARDEN = -fPIE -fstack-protector-strong
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

sexton: $(OBJ)
	$(CC) $(ALL_CFLAGS) $(LDHARDEN) $(LDFLAGS) -o $@ $(OBJ)

$(B)/obj/%.o: src/%.c $(HDR) | $(B)/obj
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

test-bins: sexton $(UNIT) $(INTEG) $(B)/test/probe

check: deps
	$(MAKE) test-bins
	tests/run.sh $(UNIT) $(INTEG)

demo: sexton $(B)/test/probe
	@tests/demo.sh

install: sexton
	install -D -m 755 sexton $(DESTDIR)$(PREFIX)/sbin/sexton
	install -D -m 644 man/sexton.1 $(DESTDIR)$(PREFIX)/share/man/man1/sexton.1

clean:
	rm -rf $(B) sexton sexton-static

.PHONY: all deps test-bins check demo install clean
.SECONDARY:
