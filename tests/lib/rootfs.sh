#!/bin/sh
# Usage: tests/lib/rootfs.sh DIR
# Makes DIR the root file system of a container: busybox-static's
# commands in /bin, sexton-static at /sbin/sexton, tini-static at
# /sbin/tini (a peer, to compare), the static probe at /probe,
# tests/lib/halt.sh at /t/halt.sh, an empty /out for a bind mount, and
# an os-release. Run from the top of the tree, once sexton-static and
# .build/test/probe-static are built.
set -eu
d=$1
mkdir -p "$d/bin" "$d/sbin" "$d/proc" "$d/dev" "$d/sys" "$d/tmp" \
	"$d/run" "$d/out" "$d/t" "$d/etc" "$d/usr/lib"
cp /bin/busybox "$d/bin/busybox"
for cmd in $(/bin/busybox --list); do
	[ "$cmd" = busybox ] || ln -s busybox "$d/bin/$cmd"
done
cp sexton-static "$d/sbin/sexton"
cp /usr/bin/tini-static "$d/sbin/tini"
cp .build/test/probe-static "$d/probe"
cp tests/lib/halt.sh "$d/t/halt.sh"
# systemd-nspawn 252 refuses a tree without /usr unless it boots one
# (-b), which must hold an os-release.
printf 'ID=sexton-test\nNAME="sexton test"\n' >"$d/usr/lib/os-release"
