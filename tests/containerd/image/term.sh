#!/bin/sh
# The command of the task kill test, under sexton or a peer init. It
# exits 5 on TERM. Its child, in a session of its own, is orphaned then:
# the init's TERM reaches it only when the command is gone; it notes the
# TERM in /out/orphan-term, and needs 300 ms more to write /out/orphan.
set -eu
setsid sh -c 'trap "touch /out/orphan-term; usleep 300000
		echo done >/out/orphan; exit 0" TERM
	touch /out/orphan-ready
	while :; do usleep 20000; done' &
trap 'exit 5' TERM
touch /out/ready
# A trap runs between commands: short ones keep it prompt.
while :; do usleep 20000; done
