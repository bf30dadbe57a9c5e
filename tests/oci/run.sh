#!/bin/sh
# Usage: tests/oci/run.sh [-t] ID OUTDIR ARG...
# Runs ARG... as process.args of a container named ID, as Docker runs
# an ENTRYPOINT, with OUTDIR bind-mounted at /out. Exits with the status
# 'runc run' gives, and removes the container. With -t, the process has
# a terminal ("process.terminal": true), as docker run -it gives it:
# runc then wants a terminal of its own on stdin.
set -eu
terminal=false
if [ "$1" = -t ]; then
	terminal=true
	shift
fi
id=$1 out=$2
shift 2
B=$PWD/.build/oci
bundle=$B/bundles/$id
mkdir -p "$bundle"
# NUL-separated: jq would take an argument such as -c for its own.
printf '%s\0' "$@" >"$bundle/args"
jq --arg root "$B/rootfs" --arg out "$out" --rawfile args "$bundle/args" \
	--argjson terminal "$terminal" '
	.process.terminal = $terminal |
	.process.args = ($args | split("\u0000") | .[:-1]) |
	.root.path = $root |
	.mounts += [{destination: "/out", type: "bind", source: $out,
		options: ["rbind", "rw"]}]' \
	<"$B/config.json" >"$bundle/config.json"
set +e
(cd "$bundle" && exec runc run "$id")
rc=$?
runc delete -f "$id" 2>/dev/null
rm -rf "$bundle"
exit $rc
