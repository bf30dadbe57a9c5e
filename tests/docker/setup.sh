#!/bin/sh
# Starts a private Docker daemon for tests/integration/test_docker.c, with
# sexton-static as its --init-path, and imports two images of one rootfs
# (tests/lib/rootfs.sh, with the scripts of tests/docker/image and
# tests/lib/exec.sh and halt.sh at /t):
#   sexton-dk-entry  ENTRYPOINT ["/sbin/sexton", "--"]
#   sexton-dk-plain  no entrypoint, for docker run --init
# All of it lives in .build/docker; tests/docker/stop.sh stops the daemon.
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
tests/deps.sh docker.io busybox-static musl-tools
make -s static .build/test/probe-static >/dev/null
B=$PWD/.build/docker
tests/docker/stop.sh
# Mounts a daemon killed by force left behind would stop rm.
grep -o " $B/[^ ]*" /proc/self/mounts | sort -r | while read -r m; do
	umount -l "$m" || true
done
rm -rf "$B"
mkdir -p "$B/out"
tests/lib/rootfs.sh "$B/rootfs" tests/docker/image/*.sh tests/lib/exec.sh \
	tests/lib/halt.sh
tar -C "$B/rootfs" -cf "$B/rootfs.tar" .

# The exec root holds containerd's socket: a short path keeps it within
# the 108 bytes of a unix socket's name.
setsid dockerd --iptables=false --ip6tables=false --bridge=none \
	--storage-driver=vfs --data-root "$B/data" --exec-root "$B/x" \
	-H "unix://$B/sock" --pidfile "$B/pid" \
	--containerd-namespace sexton-dk \
	--containerd-plugins-namespace sexton-dk-plugins \
	--cgroup-parent sexton-dk \
	--init-path "$PWD/sexton-static" \
	</dev/null >"$B/dockerd.log" 2>&1 &
daemon=$!
i=0
until tests/docker/docker.sh info >/dev/null 2>&1; do
	if [ $i -ge 300 ] || ! kill -0 "$daemon" 2>/dev/null; then
		echo "docker: dockerd not ready; see $B/dockerd.log" >&2
		exit 1
	fi
	sleep 0.1
	i=$((i + 1))
done
tests/docker/docker.sh import -c 'ENTRYPOINT ["/sbin/sexton", "--"]' \
	"$B/rootfs.tar" sexton-dk-entry >/dev/null
tests/docker/docker.sh import "$B/rootfs.tar" sexton-dk-plain >/dev/null
