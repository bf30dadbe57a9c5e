#!/bin/sh
# Runs test commands, shows their output, and ends with one line:
# "check: N passed, N failed". Exits 1 if any test or command failed.
# Usage: tests/run.sh COMMAND...  (each COMMAND is split on spaces)
set -u
passed=0 failed=0 broken=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "$@"; do
	echo "== $t"
	# shellcheck disable=SC2086
	$t >"$out" 2>&1
	rc=$?
	cat "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" != 0 ] && [ -z "$f" ]; then
		echo "check: $t exited $rc without a cmocka summary"
		broken=$((broken + 1))
	fi
done
echo "check: $passed passed, $((failed + broken)) failed"
[ "$failed" = 0 ] && [ "$broken" = 0 ]
