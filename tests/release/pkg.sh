#!/bin/sh
# Packs a static sexton and its man page as a .deb (dpkg-deb) and an
# .rpm (rpmbuild), both from one tree staged under .build/pkg/ARCH;
# nothing is compiled here. Called by "make release".
# Usage: tests/release/pkg.sh VERSION ARCH BINARY OUTDIR MAINTAINER
#   ARCH is uname -m's name: x86_64 or aarch64.
# Writes OUTDIR/sexton_VERSION_DEBARCH.deb and
# OUTDIR/sexton-VERSION-1.ARCH.rpm.
set -eu
version=$1 arch=$2 bin=$3 out=$4 maintainer=$5
# The packaging's own revision, as both formats have one: VERSION-1.
# Debian reads a version with none as a native package's, whose
# changelog is changelog.gz, not changelog.Debian.gz.
rev=1
case $arch in
x86_64) debarch=amd64 ;;
aarch64) debarch=arm64 ;;
*) echo "pkg: no package for $arch" >&2; exit 1 ;;
esac
case $maintainer in
*?' <'*@*'>') ;;
*) echo "pkg: MAINTAINER='$maintainer' is not 'Name <address>'" >&2; exit 1 ;;
esac
umask 022
export LC_ALL=C
# The changelog's date and, as dpkg-deb and rpmbuild read it, the
# latest time of the packed files: the commit's, so that one commit
# packs the same way each time.
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$( { [ -e .git ] && git log -1 --format=%ct; } \
		2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH
summary='zombie-reaping init for containers and small systems'
about='sexton runs a command as its child, reaps every zombie, forwards
signals to the command, gives the processes left behind a grace period
to finish, and exits with the command'"'"'s status. It can be the init
of a container (ENTRYPOINT, docker run --init) or of a small machine.
This build is linked statically with musl: it needs no library, and can
be copied as it is into any image.'

w=$PWD/.build/pkg/$arch
rm -rf "$w"

# What both packages install.
files=$w/files
install -D -m 755 "$bin" "$files/usr/sbin/sexton"
install -d "$files/usr/share/man/man1" "$files/usr/share/doc/sexton"
gzip -9n <man/sexton.1 >"$files/usr/share/man/man1/sexton.1.gz"
chmod 644 "$files/usr/share/man/man1/sexton.1.gz"
# Debian's machine-readable copyright format, with LICENSE as the text.
{
	printf 'Format: %s\n' \
		https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
	printf 'Upstream-Name: sexton\n\nFiles: *\n'
	sed -n 's/^Copyright \((c) \)\{0,1\}/Copyright: /p' LICENSE
	printf 'License: Expat\n'
	sed '/^MIT License$/d; /^Copyright /d' LICENSE |
		sed '/./,$!d; s/^$/./; s/^/ /'
} >"$files/usr/share/doc/sexton/copyright"

# The .deb: that, Debian's changelog and lintian's override, and the
# control files.
deb=$w/deb
cp -a "$files" "$deb"
date=$(date -u -R -d "@$SOURCE_DATE_EPOCH")
printf 'sexton (%s-%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
	"$version" "$rev" "$version" "$maintainer" "$date" |
	gzip -9n >"$deb/usr/share/doc/sexton/changelog.Debian.gz"
install -d "$deb/usr/share/lintian/overrides"
cat >"$deb/usr/share/lintian/overrides/sexton" <<'EOF'
# Static by design: the same binary is copied into images with no libc.
sexton: statically-linked-binary [usr/sbin/sexton]
# Not uploaded to Debian's archive: there is no ITP bug to close.
sexton: initial-upload-closes-no-bugs [usr/share/doc/sexton/changelog.Debian.gz:1]
EOF
install -d "$deb/DEBIAN"
{
	printf 'Package: sexton\nVersion: %s-%s\nArchitecture: %s\n' \
		"$version" "$rev" "$debarch"
	printf 'Maintainer: %s\nInstalled-Size: %s\n' \
		"$maintainer" "$(du -sk "$deb/usr" | cut -f1)"
	printf 'Section: admin\nPriority: optional\nDescription: %s\n' "$summary"
	echo "$about" | sed 's/^/ /'
} >"$deb/DEBIAN/control"
(cd "$deb" && find usr -type f | sort | xargs md5sum) >"$deb/DEBIAN/md5sums"
dpkg-deb --root-owner-group -b "$deb" "$out/sexton_${version}_$debarch.deb"

# The .rpm: the same files, but for the two above that only Debian's
# tools read. The binary goes in as it is: no debuginfo package, none
# of the brp scripts that strip and recompress, no build-id links (it
# has no build id). --target makes it an rpm of ARCH. A gzip payload,
# which every rpm reads.
install -d "$w/rpm"
cat >"$w/rpm/sexton.spec" <<EOF
Name: sexton
Version: $version
Release: $rev
Summary: $summary
License: MIT
AutoReqProv: no

%description
$about

%install
cp -a "$files/." %{buildroot}/

%files
/usr/sbin/sexton
/usr/share/man/man1/sexton.1.gz
%dir /usr/share/doc/sexton
%license /usr/share/doc/sexton/copyright
EOF
rpmbuild -bb --target "$arch" --quiet \
	--define "_topdir $w/rpm" --define "_rpmdir $w/rpm" \
	--define '_build_id_links none' --define 'debug_package %{nil}' \
	--define '__os_install_post %{nil}' \
	--define '_binary_payload w9.gzdio' \
	--define 'use_source_date_epoch_as_buildtime 1' \
	--define 'clamp_mtime_to_source_date_epoch 1' \
	"$w/rpm/sexton.spec"
mv "$w/rpm/$arch/sexton-$version-$rev.$arch.rpm" "$out/"
