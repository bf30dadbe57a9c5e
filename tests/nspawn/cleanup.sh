#!/bin/sh
# Ends what tests/nspawn/nspawn.sh started from this tree and is still
# running (a killed systemd-nspawn leaves its container behind: PID 1
# gets no signal when nspawn dies), then what such an nspawn left in
# /run: the propagation directory of its machine, and the lock of the
# rootfs. A run that ends normally leaves neither.
set -eu
B=$PWD/.build/nspawn
mark=SEXTON_NSPAWN=$B
marked() {
	for e in /proc/[0-9]*/environ; do
		grep -qzxF "$mark" "$e" 2>/dev/null || continue
		p=${e#/proc/}
		echo "${p%/environ}"
	done
}
i=0
while pids=$(marked) && [ -n "$pids" ]; do
	if [ $i -ge 100 ]; then
		echo "nspawn: still running after 10 s:" \
		    "$(echo "$pids" | tr '\n' ' ')" >&2
		exit 1
	fi
	# shellcheck disable=SC2086
	kill -KILL $pids 2>/dev/null || true
	sleep 0.1
	i=$((i + 1))
done
if [ -s "$B/machines" ]; then
	while read -r name; do
		rmdir "/run/systemd/nspawn/propagate/$name" 2>/dev/null || true
	done <"$B/machines"
	: >"$B/machines"
fi
if [ -d "$B/rootfs" ]; then
	rm -f "/run/systemd/nspawn/locks/inode-$(stat -c %d:%i "$B/rootfs")"
fi
