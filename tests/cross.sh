#!/bin/sh
# Installs Debian packages of another architecture, for a cross build
# and its tests: adds the architecture to dpkg and fetches its package
# lists when they are missing, then installs what is missing through
# tests/deps.sh. Does nothing, quickly, when all is there.
# Usage: tests/cross.sh DEBIAN_ARCH [PACKAGE...]  (e.g. arm64 musl-dev:arm64)
# With no PACKAGE, only makes sure apt knows the architecture's packages.
set -eu
arch=$1
shift
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ "$#" = 0 ] || [ -n "$missing" ] || exit 0
if [ "$(dpkg --print-architecture)" != "$arch" ] &&
	! dpkg --print-foreign-architectures | grep -qx "$arch"; then
	if [ "$(id -u)" != 0 ]; then
		echo "cross: dpkg has no $arch. Run as root:" \
			"dpkg --add-architecture $arch && apt-get update" >&2
		exit 1
	fi
	echo "cross: adding the $arch architecture to dpkg"
	dpkg --add-architecture "$arch"
fi
# Lists fetched before the architecture was added have none of its
# packages.
if ! ls /var/lib/apt/lists/*_binary-"$arch"_Packages* >/dev/null 2>&1; then
	if [ "$(id -u)" != 0 ]; then
		echo "cross: no package lists for $arch. Run as root:" \
			"apt-get update" >&2
		exit 1
	fi
	echo "cross: fetching the package lists for $arch"
	apt-get update -qq >/dev/null
fi
# shellcheck disable=SC2086
[ -z "$missing" ] || exec tests/deps.sh $missing
