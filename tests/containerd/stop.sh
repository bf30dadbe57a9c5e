#!/bin/sh
# Stops the containerd of tests/containerd/setup.sh, if it runs, with
# every task and container it has, and waits until it is gone. Then ends
# what a daemon killed by force leaves behind: containers that runc
# still runs, their shims (which outlive containerd by design), the
# shims' sockets in /run/containerd/s, and mounts under .build/containerd.
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
B=$PWD/.build/containerd
CTR=tests/containerd/ctr.sh
. tests/lib/reap.sh
pid=
[ -s "$B/pid" ] && pid=$(cat "$B/pid")
# The pid file may outlive a daemon killed by force: a pid is not ours
# unless it runs containerd with our config.
if [ -n "$pid" ] &&
	[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = containerd ] &&
	tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null |
	grep -qF -- "--config $B/config.toml"; then
	for id in $($CTR task ls -q 2>/dev/null); do
		$CTR task delete -f "$id" >/dev/null 2>&1 || true
	done
	for id in $($CTR container ls -q 2>/dev/null); do
		$CTR container delete "$id" >/dev/null 2>&1 || true
	done
	kill -TERM "$pid" 2>/dev/null || true
	reap "$pid" "containerd: daemon"
fi
rm -f "$B/pid"
# The daemon is gone. What runc still runs for it goes now, and then
# each shim started for our socket, which would wait for it forever.
if [ -d "$B/runc/sexton-ctr" ]; then
	for id in $(runc --root "$B/runc/sexton-ctr" list -q 2>/dev/null); do
		runc --root "$B/runc/sexton-ctr" delete -f "$id" >/dev/null 2>&1 ||
			true
	done
fi
for p in /proc/[0-9]*; do
	pid=${p#/proc/} comm=
	# The shell's own read: a fork for each process would take seconds.
	read -r comm 2>/dev/null <"$p/comm" || continue
	[ "$comm" = containerd-shim ] || continue
	case " $(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)" in
	*" -address $B/sock "*) ;;
	*) continue ;;
	esac
	echo "containerd: shim $pid left behind: SIGKILL" >&2
	kill -KILL "$pid" 2>/dev/null || true
	reap "$pid" "containerd: shim"
done
# A shim removes its socket when it ends, unless killed.
for a in "$B"/state/io.containerd.runtime.v2.task/*/*/address; do
	[ -f "$a" ] || continue
	s=$(sed -n 's|^unix://\(/run/containerd/s/[0-9a-f]*\)$|\1|p' "$a")
	if [ -n "$s" ] && [ -S "$s" ]; then
		rm -f "$s"
	fi
done
grep -o " $B/[^ ]*" /proc/self/mounts | sort -r | while read -r m; do
	umount -l "$m" || true
done
