#!/bin/sh
# Usage: tests/lib/rootfs.sh DIR [FILE | NAME=FILE]...
# Makes DIR the root file system of a container: busybox-static's
# commands in /bin, sexton-static at /sbin/sexton, the static probe at
# /probe, each FILE at /t (the scripts a test runs there), each
# NAME=FILE at /sbin/NAME (a peer init, to compare: NAME=tini for
# /usr/bin/tini-static), an empty /out for a bind mount, and an
# os-release. Run from the top of the tree, once sexton-static and
# .build/test/probe-static are built.
set -eu
d=$1
shift
mkdir -p "$d/bin" "$d/sbin" "$d/proc" "$d/dev" "$d/sys" "$d/tmp" \
	"$d/run" "$d/out" "$d/t" "$d/etc" "$d/usr/lib"
cp /bin/busybox "$d/bin/busybox"
for cmd in $(/bin/busybox --list); do
	[ "$cmd" = busybox ] || ln -s busybox "$d/bin/$cmd"
done
cp sexton-static "$d/sbin/sexton"
cp .build/test/probe-static "$d/probe"
for f; do
	case $f in
	*=*) cp "${f#*=}" "$d/sbin/${f%%=*}" ;;
	*) cp "$f" "$d/t/" ;;
	esac
done
# systemd-nspawn 252 refuses a tree without /usr unless it boots one
# (-b), which must hold an os-release.
printf 'ID=sexton-test\nNAME="sexton test"\n' >"$d/usr/lib/os-release"
