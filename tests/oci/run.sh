#!/bin/sh
# Usage: tests/oci/run.sh ID OUTDIR ARG...
# Runs ARG... as process.args of a container named ID, as Docker runs
# an ENTRYPOINT, with OUTDIR bind-mounted at /out. Exits with the status
# 'runc run' gives, and removes the container.
set -eu
id=$1 out=$2
shift 2
B=$PWD/.build/oci
bundle=$B/bundles/$id
mkdir -p "$bundle"
# NUL-separated: jq would take an argument such as -c for its own.
printf '%s\0' "$@" >"$bundle/args"
jq --arg root "$B/rootfs" --arg out "$out" --rawfile args "$bundle/args" '
	.process.terminal = false |
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
