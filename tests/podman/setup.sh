#!/bin/sh
# Prepares the private podman instance of tests/podman/podman.sh for
# tests/integration/test_podman.c, and imports two images of one rootfs
# (tests/lib/rootfs.sh, with the scripts of tests/podman/image and
# tests/lib/exec.sh at /t):
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
mkdir -p "$B/out" "$B/tmp" "$B/net"
cat >"$B/containers.conf" <<CONF
[containers]
log_driver = "k8s-file"

[engine]
lock_type = "file"
CONF
tests/lib/rootfs.sh "$B/rootfs" tests/podman/image/*.sh tests/lib/exec.sh
tar -C "$B/rootfs" -cf "$B/rootfs.tar" .
tests/podman/podman.sh import -q \
	-c 'ENTRYPOINT ["/sbin/sexton", "--"]' "$B/rootfs.tar" \
	sexton-pm-entry >/dev/null
tests/podman/podman.sh import -q "$B/rootfs.tar" sexton-pm-plain >/dev/null
