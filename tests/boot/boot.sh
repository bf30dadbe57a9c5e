#!/bin/sh
# Boots a real machine under qemu (TCG) with sexton as its init:
# Debian's kernel, an initramfs of busybox-static and a static sexton.
# Writes the serial console to .build/boot/console.log and the exit
# status of qemu (124: it did not stop within 90 s) to .build/boot/rc.
set -eu
B=.build/boot
mkdir -p "$B"
tests/deps.sh qemu-system-x86 busybox-static cpio
make -s static >/dev/null

# The kernel that linux-image-amd64 depends on, fetched once.
if [ ! -e "$B/vmlinuz" ]; then
	pkg=$(apt-cache depends linux-image-amd64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -n 1)
	[ -n "$pkg" ] || { echo "boot: no kernel package found" >&2; exit 1; }
	rm -rf "$B/deb" && mkdir -p "$B/deb"
	chmod 777 "$B/deb"
	(cd "$B/deb" && apt-get download -qq "$pkg" >/dev/null)
	dpkg-deb -x "$B"/deb/*.deb "$B/deb/x"
	cp "$B"/deb/x/boot/vmlinuz-* "$B/vmlinuz"
	rm -rf "$B/deb"
fi

root="$B/root"
rm -rf "$root"
mkdir -p "$root/bin" "$root/sbin" "$root/etc" "$root/proc" "$root/dev"
cp /bin/busybox "$root/bin/busybox"
for cmd in sh mount cat mkdir setsid touch sleep usleep echo; do
	ln -s busybox "$root/bin/$cmd"
done
cp sexton-static "$root/sbin/sexton"
cp tests/boot/rc "$root/etc/rc"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$B/initrd.gz"

set +e
timeout 90 qemu-system-x86_64 -m 256 -nographic -no-reboot \
	-kernel "$B/vmlinuz" -initrd "$B/initrd.gz" \
	-append "console=ttyS0 panic=-1 rdinit=/sbin/sexton -- -v /etc/rc" \
	</dev/null >"$B/console.log" 2>&1
echo $? > "$B/rc"
