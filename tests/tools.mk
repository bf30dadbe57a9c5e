# Tools beside the tests: lint, the fuzzer, the chaos run, the benchmark,
# the peers' own suites, and the demo. Each installs what it needs on
# Debian, as root (tests/deps.sh).

LINT_DEFS = -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -Iinclude
lint:
	@tests/deps.sh cppcheck clang-tidy
	cppcheck --enable=warning,style,performance,portability \
		--error-exitcode=1 --inline-suppr -q --std=c11 $(LINT_DEFS) src
	clang-tidy --quiet src/*.c -- -std=gnu11 $(LINT_DEFS)

# libFuzzer on everything sexton parses, for FUZZ_SECONDS. New inputs
# go to .build/fuzz/corpus; a crash is saved as .build/fuzz/crash-*,
# and belongs in tests/fuzz/regressions once fixed.
FUZZ_SECONDS = 60
FB = $(B)/fuzz
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

# Random process trees and signals for CHAOS_SECONDS; see
# tests/chaos/README. "make chaos SECONDS=N" too, but not a SECONDS from
# the environment.
CHAOS_SECONDS ?= 60
ifeq ($(origin SECONDS),command line)
CHAOS_SECONDS := $(SECONDS)
endif
chaos: deps test-bins
	CHAOS_SECONDS=$(CHAOS_SECONDS) $(B)/test/test_chaos

# Side by side with the peers; writes tests/bench/RESULTS.md.
bench:
	tests/bench/bench.sh

# The peers' own test suites (dumb-init's, tini's), fetched from
# Debian's source packages, against sexton. See tests/compat/run.sh and
# tests/compat/expected-differences.
compat:
	tests/compat/run.sh

demo: $(SEXTON_BIN) $(B)/test/probe
	@tests/demo.sh

.PHONY: lint fuzz chaos bench compat demo
