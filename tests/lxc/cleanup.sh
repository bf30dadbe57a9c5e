#!/bin/sh
# Stops and destroys every container of tests/lxc/create.sh that is
# left, and says which it could not. lxc-destroy -f SIGKILLs one that
# still runs; LXC's monitor of a container, which removes its cgroups,
# outlives the container a little: a destroy before it is gone can
# leave them behind, so this waits for it, and removes what is left.
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
P=$PWD/.build/lxc/c
# The monitor of container $1 runs: its title is "[lxc monitor] P NAME".
monitor() {
	want=$(printf '[lxc monitor] %s %s' "$P" "$1")
	for f in /proc/[0-9]*/cmdline; do
		t=$({ tr -d '\0' <"$f"; } 2>/dev/null) || continue
		[ "$t" = "$want" ] && return 0
	done
	return 1
}
rc=0
for config in "$P"/*/config; do
	[ -e "$config" ] || continue
	c=${config%/config}
	name=${c##*/}
	if monitor "$name"; then
		lxc-stop -P "$P" -n "$name" -k >/dev/null 2>&1 || true
	fi
	i=0
	while monitor "$name" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if ! lxc-destroy -P "$P" -n "$name" -f >/dev/null || [ -e "$c" ]; then
		echo "lxc: could not destroy $name" >&2
		rc=1
	fi
	for cg in /sys/fs/cgroup/lxc.monitor."$name" \
	    /sys/fs/cgroup/lxc.payload."$name" \
	    /sys/fs/cgroup/*/lxc.monitor."$name" \
	    /sys/fs/cgroup/*/lxc.payload."$name"; do
		[ -d "$cg" ] || continue
		find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || {
			echo "lxc: could not remove $cg" >&2
			rc=1
		}
	done
done
exit $rc
