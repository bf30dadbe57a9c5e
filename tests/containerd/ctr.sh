#!/bin/sh
# Usage: tests/containerd/ctr.sh ARG...
# Debian's ctr, talking to the private containerd of
# tests/containerd/setup.sh, in a namespace of the tests' own.
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
exec ctr --address "$PWD/.build/containerd/sock" --namespace sexton-ctr "$@"
