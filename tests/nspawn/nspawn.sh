#!/bin/sh
# Usage: tests/nspawn/nspawn.sh NAME OUTDIR [OPTION...] COMMAND [ARG...]
# systemd-nspawn on the rootfs of tests/nspawn/setup.sh, as machine NAME,
# with OUTDIR at /out, COMMAND as PID 1, and the container's stdio
# nspawn's own. It runs without systemd as the host's init: no
# registration with systemd-machined (--register=no) and no scope unit of
# its own (--keep-unit), for there is no system bus to ask.
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
B=$PWD/.build/nspawn
name=$1 out=$2
shift 2
# Killed, nspawn leaves its container running and a directory in /run:
# tests/nspawn/cleanup.sh ends every process that carries this mark, and
# removes the directory of each name listed here.
echo "$name" >>"$B/machines"
export SEXTON_NSPAWN="$B"
exec systemd-nspawn -q --register=no --keep-unit --console=pipe \
	--machine="$name" --setenv=SEXTON_NSPAWN="$B" --bind="$out:/out" \
	-D "$B/rootfs" "$@"
