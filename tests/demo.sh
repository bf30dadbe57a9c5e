#!/bin/sh
# make demo: the same zombie-making command twice, as a new PID
# namespace's only process tree: first under an init that never waits
# for orphans, then under sexton.
set -eu
work='for i in $(seq 50); do (sleep 0.1 &); done; sleep 1
z=$(grep -l "^State:.Z" /proc/[0-9]*/status 2>/dev/null | wc -l)
echo "  zombies in the namespace after 1 s: $z"'
echo "Fifty short-lived orphans, without sexton (PID 1 never reaps):"
unshare --pid --fork --mount-proc .build/test/probe lazyinit /bin/sh -c "$work"
echo "The same, with sexton as PID 1:"
unshare --pid --fork --mount-proc ./sexton -- /bin/sh -c "$work"
