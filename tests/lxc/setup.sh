#!/bin/sh
# Makes what tests/integration/test_lxc.c runs: .build/lxc/rootfs (see
# tests/lib/rootfs.sh), which tests/lxc/create.sh copies into each
# container; .build/lxc/c, the lxcpath of those containers; and
# .build/lxc/out for their /out. First it ends and destroys what an
# earlier run left (tests/lxc/cleanup.sh).
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
tests/deps.sh lxc busybox-static musl-tools tini
make -s static .build/test/probe-static >/dev/null
tests/lxc/cleanup.sh
B=.build/lxc
rm -rf "$B"
mkdir -p "$B/c" "$B/out"
tests/lib/rootfs.sh "$B/rootfs" tests/lib/halt.sh tini=/usr/bin/tini-static
