#!/bin/sh
# Usage: tests/podman/podman.sh ARG...
# podman on the private instance of tests/podman/setup.sh: its storage,
# state, locks, events and temporary files all in .build/podman, its
# containers in a cgroup of their own, nothing shared with the host's
# podman. podman has no daemon: each call is the whole engine.
set -eu
# Debian's podman, whatever else PATH holds.
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
B=$PWD/.build/podman
# containers.conf: locks in files of the tmpdir, not in the shared
# memory segment /dev/shm/libpod_lock of every podman on the host; the
# k8s-file log driver, not journald where systemd runs. conmon hands
# CONTAINERS_CONF on to the "podman container cleanup" it runs when a
# container ends. TMPDIR: where import stages a layer (else /var/tmp).
export CONTAINERS_CONF="$B/containers.conf" TMPDIR="$B/tmp"
case ${1:-} in
run)
	# No network, so no CNI. Rlimits within this machine's hard ones
	# (nofile 20000): podman's own, nofile 1048576 for root among
	# them, would need CAP_SYS_RESOURCE, which is not in the bounding
	# set here, and runc fails: "error setting rlimits for ready
	# process: error setting rlimit type 7: operation not permitted".
	shift
	set -- run --network none --ulimit nofile=20000:20000 \
		--ulimit nproc=32768:32768 --cgroup-parent /sexton-pm "$@"
	;;
esac
# runc, not crun: Debian 12's crun 1.8 refuses cgroups mounted as on
# this machine, v1 controllers beside a cgroup2 hierarchy: "cgroups in
# hybrid mode not supported, drop all controllers from cgroupv2".
exec podman --root "$B/root" --runroot "$B/run" --tmpdir "$B/tmp" \
	--network-config-dir "$B/net" --storage-driver vfs \
	--cgroup-manager cgroupfs --events-backend file --runtime runc "$@"
