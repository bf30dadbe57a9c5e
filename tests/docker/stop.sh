#!/bin/sh
# Stops the daemon of tests/docker/setup.sh, if it runs, and waits until it
# is gone: its containers, and the containerd it started, go with it.
set -eu
B=$PWD/.build/docker
[ -s "$B/pid" ] || exit 0
pid=$(cat "$B/pid")
# Not our child, so kill -0 alone would also see it as a zombie.
alive() {
	[ -r "/proc/$1/stat" ] &&
		[ "$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
# The pid file may outlive a daemon killed by force: a pid is not ours
# unless it runs dockerd.
case $(cat "/proc/$pid/comm" 2>/dev/null) in
dockerd) ;;
*) rm -f "$B/pid"; exit 0 ;;
esac
kill -TERM "$pid" 2>/dev/null || true
i=0
while alive "$pid" && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
if alive "$pid"; then
	echo "docker: dockerd $pid still runs after 30 s: SIGKILL" >&2
	kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$B/pid"
