#!/bin/sh
# Makes what tests/integration/test_gvisor.c runs: Debian's runsc, the
# static sexton (sexton-static) and the static probe. Run from the top
# of the tree.
set -eu
tests/deps.sh runsc musl-tools
make -s static .build/test/probe-static >/dev/null
# runsc do keeps each sandbox's bundle in a directory of its own under
# TMPDIR; tests/gvisor/run.sh points it here, and a new run starts clean.
rm -rf .build/gvisor
mkdir -p .build/gvisor/tmp
