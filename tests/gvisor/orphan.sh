#!/bin/sh
# Usage: orphan.sh WORK CODE
# The command of the grace test. Leaves an orphan in a session of its
# own, which on SIGTERM says "orphan got TERM", works for WORK seconds,
# says "orphan finished" and exits; then says "command exits" and
# exits with CODE.
set -eu
work=$1 code=$2
ready=/tmp/sexton-gv-ready.$$
rm -f "$ready"
# shellcheck disable=SC2016 # expanded by the orphan, from its arguments
setsid sh -c '
	trap "echo orphan got TERM; sleep $1; echo orphan finished; exit 0" TERM
	: >"$2"
	while :; do sleep 0.05; done' orphan "$work" "$ready" &
# The orphan must trap SIGTERM before the command exits: 5 s at most.
i=0
while [ ! -e "$ready" ]; do
	i=$((i + 1))
	[ "$i" -le 500 ] || { echo "orphan not ready"; exit 99; }
	sleep 0.01
done
echo "command exits"
exit "$code"
