#!/bin/sh
# The command of the podman stop test: it exits 0 on TERM. Its child,
# /t/orphan.sh in a session of its own, is orphaned then, so that only
# PID 1 can give it a TERM.
set -eu
setsid sh /t/orphan.sh </dev/null >/dev/null 2>&1 &
trap 'exit 0' TERM
while [ ! -e /out/orphan-ready ]; do usleep 10000; done
touch /out/ready
# A trap runs between commands: short ones keep it prompt.
while :; do usleep 20000; done
