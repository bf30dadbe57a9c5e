#!/bin/sh
# Installs the Debian packages the tests need, or says how to.
# Usage: tests/deps.sh [PACKAGE...]  (default: what 'make check' needs)
set -u
pkgs=${*:-"libcmocka-dev util-linux qemu-system-x86 busybox-static cpio musl-tools runc jq devscripts valgrind clang libclang-rt-dev gdb strace groff-base llvm"}
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
	echo "deps: missing:$missing. Run as root: apt-get update && $cmd" >&2
	exit 1
fi
echo "deps: installing$missing"
{ apt-get install -y -qq --no-install-recommends $missing ||
	{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; }
} >/dev/null || { echo "deps: '$cmd' failed" >&2; exit 1; }
