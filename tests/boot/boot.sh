#!/bin/sh
# Boots a real machine under qemu (TCG) with sexton as its init:
# Debian's kernel, an initramfs of busybox-static and a static sexton.
# Usage: tests/boot/boot.sh [ARCH]  (x86_64, the default, or aarch64)
# Writes the serial console to .build/boot/ARCH/console.log and the exit
# status of qemu (124: it did not stop within 90 s) to .build/boot/ARCH/rc.
set -eu
arch=${1:-x86_64}
B=.build/boot/$arch
mkdir -p "$B"
case $arch in
x86_64)
	deb=amd64 console=ttyS0 qemu=qemu-system-x86
	set -- qemu-system-x86_64 ;;
aarch64)
	# qemu's virt board: its UART is a PL011, and the power-off is PSCI's.
	# A Cortex-A57 (ARMv8.0), as on the common boards, and quicker under
	# TCG than qemu's "max".
	deb=arm64 console=ttyAMA0 qemu=qemu-system-arm
	set -- qemu-system-aarch64 -M virt -cpu cortex-a57 ;;
*)
	echo "boot: no machine for $arch" >&2
	exit 2 ;;
esac
if [ "$arch" = "$(uname -m)" ]; then
	tests/deps.sh "$qemu" busybox-static cpio
	bin=sexton-static busybox=/bin/busybox
else
	# Another architecture's busybox-static cannot be installed beside
	# the machine's own: it is fetched below, as the kernel is.
	tests/cross.sh "$deb" gcc-aarch64-linux-gnu musl-dev:arm64
	tests/deps.sh "$qemu" cpio
	bin=sexton-static-$arch busybox=$B/busybox
fi
make -s static ARCH="$arch" >/dev/null

# fetch PACKAGE FILE TO: copies FILE (a glob) out of a Debian package of
# the architecture, fetched once.
fetch() {
	[ ! -e "$3" ] || return 0
	rm -rf "$B/deb" && mkdir -p "$B/deb"
	chmod 777 "$B/deb"
	(cd "$B/deb" && apt-get download -qq "$1" >/dev/null)
	dpkg-deb -x "$B"/deb/*.deb "$B/deb/x"
	# shellcheck disable=SC2086
	cp "$B"/deb/x/$2 "$3"
	rm -rf "$B/deb"
}

# The kernel that linux-image-ARCH depends on.
if [ ! -e "$B/vmlinuz" ]; then
	pkg=$(apt-cache depends "linux-image-$deb:$deb" |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -n 1)
	[ -n "$pkg" ] || { echo "boot: no kernel package found" >&2; exit 1; }
	fetch "$pkg" 'boot/vmlinuz-*' "$B/vmlinuz"
fi
if [ "$busybox" != /bin/busybox ]; then
	fetch "busybox-static:$deb" bin/busybox "$busybox"
fi

root="$B/root"
rm -rf "$root"
mkdir -p "$root/bin" "$root/sbin" "$root/etc" "$root/proc" "$root/dev"
cp "$busybox" "$root/bin/busybox"
for cmd in sh mount cat mkdir setsid touch sleep usleep echo uname; do
	ln -s busybox "$root/bin/$cmd"
done
cp "$bin" "$root/sbin/sexton"
cp tests/boot/rc "$root/etc/rc"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$B/initrd.gz"

set +e
timeout 90 "$@" -m 256 -nographic -no-reboot \
	-kernel "$B/vmlinuz" -initrd "$B/initrd.gz" \
	-append "console=$console panic=-1 rdinit=/sbin/sexton -- -v /etc/rc" \
	</dev/null >"$B/console.log" 2>&1
echo $? > "$B/rc"
