#!/bin/sh
# The command of the second container, which shares the PID namespace of
# the first. It leaves two orphans to sexton, its subreaper: one that
# ends within 100 ms, and one in a session of its own that writes
# /out/term when it gets TERM; then it exits 7.
set -eu
cat /proc/1/comm >/out/pid1
usleep 100000 </dev/null >/dev/null 2>&1 &
setsid sh -c 'trap "echo TERM >/out/term; exit 0" TERM
	touch /out/orphan-ready
	while :; do usleep 20000; done' &
while [ ! -e /out/orphan-ready ]; do usleep 10000; done
exit 7
