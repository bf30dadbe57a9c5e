#!/bin/sh
# Starts a private containerd for tests/integration/test_containerd.c:
# its own socket, root and state, all in .build/containerd, and no CRI
# plugin. Makes the rootfs that ctr runs containers from
# (tests/lib/rootfs.sh), with the peer inits tini-static and catatonit
# (static too) in /sbin, and the scripts of tests/containerd/image at
# /t. tests/containerd/stop.sh stops it.
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
tests/deps.sh containerd runc busybox-static musl-tools tini catatonit
make -s static .build/test/probe-static >/dev/null
B=$PWD/.build/containerd
tests/containerd/stop.sh
rm -rf "$B"
mkdir -p "$B/out" "$B/fifo"
tests/lib/rootfs.sh "$B/rootfs" tests/containerd/image/*.sh \
	tini-static=/usr/bin/tini-static catatonit=/usr/bin/catatonit

# The snapshotters that only log why they cannot work here (and try to
# load a kernel module for it) are off: ctr runs from a directory.
cat >"$B/config.toml" <<CONF
version = 2
root = "$B/root"
state = "$B/state"
disabled_plugins = ["io.containerd.grpc.v1.cri",
	"io.containerd.snapshotter.v1.aufs",
	"io.containerd.snapshotter.v1.btrfs",
	"io.containerd.snapshotter.v1.devmapper",
	"io.containerd.snapshotter.v1.zfs"]

[grpc]
  address = "$B/sock"

[plugins."io.containerd.internal.v1.opt"]
  path = "$B/opt"
CONF
setsid containerd --config "$B/config.toml" \
	</dev/null >"$B/containerd.log" 2>&1 &
daemon=$!
echo "$daemon" >"$B/pid"
i=0
until tests/containerd/ctr.sh version >/dev/null 2>&1; do
	if [ $i -ge 300 ] || ! kill -0 "$daemon" 2>/dev/null; then
		echo "containerd: not ready; see $B/containerd.log" >&2
		tests/containerd/stop.sh
		exit 1
	fi
	sleep 0.1
	i=$((i + 1))
done
