#!/bin/sh
# Usage: tests/lxc/create.sh NAME OUTDIR [LINE...]
# Defines the container NAME in the lxcpath .build/lxc/c, as lxc-create
# would: NAME/config, and NAME/rootfs, a copy of .build/lxc/rootfs that
# lxc-destroy removes with the rest. OUTDIR is bound at /out. Each LINE
# ("lxc.KEY = VALUE") goes at the end of the config. LXC's log, at its
# TRACE level, goes to NAME/log. lxc-start -d gives the container's init
# /dev/null for stdin, stdout and stderr.
set -eu
c=$PWD/.build/lxc/c/$1
out=$2
shift 2
mkdir "$c"
cp -a .build/lxc/rootfs "$c/rootfs"
{
	cat <<CONFIG
lxc.uts.name = ${c##*/}
lxc.rootfs.path = dir:$c/rootfs
# No network: a network namespace of its own with only loopback in it.
lxc.net.0.type = empty
lxc.mount.auto = proc:mixed sys:ro
lxc.mount.entry = $out out none bind 0 0
# Where AppArmor runs, LXC confines a container with a profile of its
# own, which the lxc service loads at boot if apparmor_parser is
# installed; unconfined needs nothing loaded. Without AppArmor in the
# kernel, LXC ignores this line.
lxc.apparmor.profile = unconfined
lxc.log.file = $c/log
lxc.log.level = TRACE
CONFIG
	for line; do
		echo "$line"
	done
} >"$c/config"
