# shellcheck shell=sh
# Sourced by the scripts that stop a daemon of the tests
# (tests/docker/stop.sh, tests/containerd/stop.sh), from the top of the
# tree.

# alive PID: PID runs. Not our child, so kill -0 alone would also see it
# as a zombie.
alive() {
	[ -r "/proc/$1/stat" ] &&
		[ "$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

# reap PID WHO: waits up to 30 s for PID to go, then SIGKILLs it, saying
# "WHO PID still runs after 30 s".
reap() {
	i=0
	while alive "$1" && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if alive "$1"; then
		echo "$2 $1 still runs after 30 s: SIGKILL" >&2
		kill -KILL "$1" 2>/dev/null || true
	fi
}
