#!/bin/sh
# Usage: tests/gvisor/run.sh ARG...
# Runs ARG... as PID 1 of a new gVisor sandbox, with 'runsc do': the
# ptrace platform, which needs no KVM, no network, and no cgroups of its
# own. The sandbox sees the host's files through a writable overlay
# that is thrown away at the end, with the current directory as its
# working directory. Signals that runsc gets are forwarded to PID 1.
# Exits with what PID 1 exited with.
set -eu
TMPDIR=$PWD/.build/gvisor/tmp
export TMPDIR
exec runsc --platform=ptrace --network=none --ignore-cgroups \
	"do" --quiet "$@"
