#!/bin/sh
# The command of the docker stop test. It exits 0 on TERM. Its child, in a
# session of its own, is orphaned then: sexton's TERM reaches it only when
# the command is gone, and it needs 300 ms more to write /out/orphan.
set -eu
setsid sh -c 'trap "usleep 300000; echo done >/out/orphan; exit 0" TERM
	touch /out/orphan-ready
	while :; do usleep 20000; done' &
trap 'exit 0' TERM
touch /out/ready
# A trap runs between commands: short ones keep it prompt.
while :; do usleep 20000; done
