#!/bin/sh
# Run by docker exec and podman exec, whose process has its parent
# outside the container: leaves PID 1 ten sleepers that end 0.5 to 1.4 s
# later, and a dead holder of three zombies, then exits at once.
set -eu
i=0
while [ $i -lt 10 ]; do
	usleep $((500000 + i * 100000)) </dev/null >/dev/null 2>&1 &
	i=$((i + 1))
done
/probe hold 3 >/tmp/holder &
holder=$!
while [ ! -s /tmp/holder ]; do usleep 10000; done
# Neither it nor its zombies are waited for here.
kill -KILL "$holder"
