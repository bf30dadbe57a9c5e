#!/bin/sh
# Prepares the private podman instance of tests/podman/podman.sh for
# tests/integration/test_podman.c, and imports two images of one rootfs
# (busybox-static, sexton at /sbin/sexton, a static probe at /probe, the
# scripts of tests/podman/image at /t):
#   sexton-pm-entry  ENTRYPOINT ["/sbin/sexton", "--"]
#   sexton-pm-plain  no entrypoint, for podman run --init
# All of it lives in .build/podman; tests/podman/stop.sh removes what
# runs there.
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
tests/deps.sh podman runc conmon catatonit busybox-static musl-tools
make -s static .build/test/probe-static >/dev/null
B=$PWD/.build/podman
tests/podman/stop.sh
rm -rf "$B"
mkdir -p "$B/rootfs/bin" "$B/rootfs/sbin" "$B/rootfs/proc" \
	"$B/rootfs/dev" "$B/rootfs/sys" "$B/rootfs/tmp" "$B/rootfs/out" \
	"$B/rootfs/t" "$B/out" "$B/tmp" "$B/net"
cat >"$B/containers.conf" <<CONF
[containers]
log_driver = "k8s-file"

[engine]
lock_type = "file"
CONF
cp /bin/busybox "$B/rootfs/bin/busybox"
for cmd in $(/bin/busybox --list); do
	[ "$cmd" = busybox ] || ln -s busybox "$B/rootfs/bin/$cmd"
done
cp sexton-static "$B/rootfs/sbin/sexton"
cp .build/test/probe-static "$B/rootfs/probe"
cp tests/podman/image/*.sh "$B/rootfs/t/"
tar -C "$B/rootfs" -cf "$B/rootfs.tar" .
tests/podman/podman.sh import -q \
	-c 'ENTRYPOINT ["/sbin/sexton", "--"]' "$B/rootfs.tar" \
	sexton-pm-entry >/dev/null
tests/podman/podman.sh import -q "$B/rootfs.tar" sexton-pm-plain >/dev/null
