#!/bin/sh
# Usage: tests/docker/docker.sh ARG...
# The docker client, talking to the private daemon of tests/docker/setup.sh.
set -eu
# Debian's client first: it matches Debian's dockerd, and a client found
# earlier in PATH (say in /usr/local/bin) may be of another version.
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
exec docker -H "unix://$PWD/.build/docker/sock" "$@"
