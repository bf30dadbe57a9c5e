#!/bin/sh
# Makes what tests/integration/test_nspawn.c runs: .build/nspawn/rootfs
# (see tests/lib/rootfs.sh) and .build/nspawn/out for the containers'
# /out, after ending what an earlier run left (tests/nspawn/cleanup.sh).
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
tests/deps.sh systemd-container busybox-static musl-tools tini
make -s static .build/test/probe-static >/dev/null
tests/nspawn/cleanup.sh
B=.build/nspawn
rm -rf "$B"
mkdir -p "$B/out"
tests/lib/rootfs.sh "$B/rootfs" tests/lib/halt.sh tini=/usr/bin/tini-static
