#!/bin/sh
# Removes every container of the instance of tests/podman/setup.sh, and
# what a podman killed by force may have left: its conmons, the mounts
# in .build/podman, the cgroups of /sexton-pm.
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
B=$PWD/.build/podman
[ -d "$B" ] || exit 0
if [ -f "$B/containers.conf" ]; then
	tests/podman/podman.sh rm -a -f -t 0 >/dev/null 2>&1 || true
fi
# What rm could not remove. Each container left the pid of its PID 1 in
# the runroot, and its conmon too; a pid is not ours unless it is in a
# cgroup of /sexton-pm, or runs conmon. PID 1 killed, the kernel kills
# the rest of its namespace.
for d in "$B"/run/*-containers/*/userdata; do
	pid=$(cat "$d/pidfile" 2>/dev/null) || pid=
	if [ -n "$pid" ] &&
		grep -q ':/sexton-pm/' "/proc/$pid/cgroup" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null || true
	fi
	pid=$(cat "$d/conmon.pid" 2>/dev/null) || pid=
	if [ -n "$pid" ] &&
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = conmon ]; then
		kill -KILL "$pid" 2>/dev/null || true
	fi
done
grep -o " $B/[^ ]*" /proc/self/mounts | sort -r | while read -r m; do
	umount -l "$m" || true
done
# Empty once their processes are gone; rmdir leaves a busy one alone.
for d in /sys/fs/cgroup/sexton-pm /sys/fs/cgroup/*/sexton-pm; do
	[ -d "$d" ] || continue
	find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
done
