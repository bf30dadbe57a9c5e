#!/bin/sh
# Lists the regular files a .deb or an .rpm installs, sorted, one line
# "MODE OWNER/GROUP PATH" each, in the same form for both.
# Usage: tests/release/list.sh PACKAGE
set -eu
case $1 in
*.deb) dpkg-deb -c "$1" | awk '!/^d/ { sub(/^\./, "", $6); print $1, $2, $6 }' ;;
*.rpm) rpm -qp --qf \
	'[%{FILEMODES:perms} %{FILEUSERNAME}/%{FILEGROUPNAME} %{FILENAMES}\n]' \
	"$1" | awk '!/^d/' ;;
*) echo "list: $1 is no .deb or .rpm" >&2; exit 1 ;;
esac | sort
