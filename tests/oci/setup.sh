#!/bin/sh
# Makes .build/oci: a rootfs of busybox-static, the static sexton at
# /sbin/sexton and a static probe at /probe, and the default config of
# 'runc spec'.
set -eu
tests/deps.sh runc jq busybox-static musl-tools
make -s static .build/test/probe-static >/dev/null
B=.build/oci
rm -rf "$B"
mkdir -p "$B/rootfs/bin" "$B/rootfs/sbin" "$B/rootfs/proc" \
	"$B/rootfs/dev" "$B/rootfs/sys" "$B/rootfs/tmp" "$B/rootfs/out"
cp /bin/busybox "$B/rootfs/bin/busybox"
for cmd in sh cat sleep setsid touch usleep echo; do
	ln -s busybox "$B/rootfs/bin/$cmd"
done
cp sexton-static "$B/rootfs/sbin/sexton"
cp .build/test/probe-static "$B/rootfs/probe"
(cd "$B" && runc spec)
