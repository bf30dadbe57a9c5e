#!/bin/sh
# The command of the halt tests of tests/nspawn and tests/lxc, and of
# test_docker's stop_lets_the_orphan_finish. Its TERM trap writes
# /out/term and exits 0. Its child, in a session of its own, is orphaned
# then: sexton's TERM reaches it only when the command is gone, and it
# needs 300 ms more to write /out/orphan. Killed at once, it would never
# write it.
set -eu
setsid sh -c 'trap "usleep 300000; echo done >/out/orphan; exit 0" TERM
	touch /out/orphan-ready
	while :; do usleep 20000; done' &
trap 'echo TERM >/out/term; exit 0' TERM
touch /out/ready
# A trap runs between commands: short ones keep it prompt.
while :; do usleep 20000; done
