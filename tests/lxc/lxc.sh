#!/bin/sh
# Usage: tests/lxc/lxc.sh TOOL NAME [ARG...]
# lxc-TOOL on the container NAME of tests/lxc/create.sh.
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
tool=$1 name=$2
shift 2
exec "lxc-$tool" -P "$PWD/.build/lxc/c" -n "$name" "$@"
