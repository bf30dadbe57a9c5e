#!/bin/sh
# Stops the daemon of tests/docker/setup.sh, if it runs, and waits until it
# is gone: its containers, and the containerd it started, go with it.
set -eu
B=$PWD/.build/docker
[ -s "$B/pid" ] || exit 0
pid=$(cat "$B/pid")
. tests/lib/reap.sh
# The pid file may outlive a daemon killed by force: a pid is not ours
# unless it runs dockerd.
case $(cat "/proc/$pid/comm" 2>/dev/null) in
dockerd) ;;
*) rm -f "$B/pid"; exit 0 ;;
esac
kill -TERM "$pid" 2>/dev/null || true
reap "$pid" "docker: dockerd"
rm -f "$B/pid"
