#!/bin/sh
# Usage: tests/gvisor/kill.sh SIGNAL
# Sends SIGNAL with 'runsc kill', as a container engine does to stop a
# container, to the init process of the one sandbox that
# tests/gvisor/run.sh has running. Each 'runsc do' keeps its state in a
# directory of its own under .build/gvisor/tmp.
set -eu
sig=$1
set -- .build/gvisor/tmp/runsc-do*
if [ $# != 1 ] || [ ! -d "$1" ]; then
	echo "kill.sh: not one sandbox running: $*" >&2
	exit 1
fi
id=$(runsc --root="$1" list -quiet)
exec runsc --root="$1" kill "$id" "$sig"
