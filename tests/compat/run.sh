#!/bin/sh
# make compat: the peers' own test suites, run against sexton.
#
# Fetches dumb-init's and tini's source packages from Debian's archive
# at run time (nothing of theirs is kept in this repository), unpacks
# them under .build/compat, and runs dumb-init's pytest suite and tini's
# test/run_inner_tests.py with sexton standing in for both: symlinks
# named dumb-init and tini, first in PATH. Both suites start the init
# as a child of the test process, where sexton is a subreaper; they run
# in a private PID namespace (unshare --pid --fork --mount-proc) whose
# PID 1 is tests/compat/pid1.py, so /proc holds only the tests' own
# processes and nothing they leave behind outlives the run.
#
# Each failure must be listed in tests/compat/expected-differences;
# a listed entry whose tests now pass fails the run too, so that the
# list stays honest. Ends with the line
#   compat: N passed, N expected differences, N unexpected failures
# Environment: SEXTON=path to the binary under test (default: ./sexton,
# built here with make sexton).
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
C=$top/.build/compat
here=$top/tests/compat
expected=$here/expected-differences
start=$(date +%s)
mkdir -p "$C"

# Other sessions on the machine may hold apt's locks for a while.
printf 'DPkg::Lock::Timeout "600";\n' >"$C/apt.conf"
APT_CONFIG=$C/apt.conf
export APT_CONFIG
retry() {
	n=0
	until "$@"; do
		n=$((n + 1))
		[ "$n" -lt 5 ] || return 1
		echo "compat: '$*' failed; again in 10 s" >&2
		sleep 10
	done
}

# 1. What the suites need, from Debian.
# (Not python3-mock nor python3-pexpect: the suites we run use
# unittest.mock, and pexpect only in tini's Docker tests.)
tests/deps.sh python3-pytest python3-pytest-timeout python3-py \
	python3-psutil python3-prctl util-linux coreutils bash gcc make

# 2. Source indexes: a deb-src entry for each archive the machine
# already uses, written once if none is configured; then apt-get update.
list=/etc/apt/sources.list.d/sexton-compat-src.sources
have_src() {
	[ -n "$(apt-cache showsrc --only-source dumb-init 2>/dev/null)" ] &&
		[ -n "$(apt-cache showsrc --only-source tini 2>/dev/null)" ]
}
if ! have_src; then
	[ "$(id -u)" = 0 ] || {
		echo "compat: no source indexes for dumb-init and tini; as" \
			"root, add deb-src entries and run apt-get update" >&2
		exit 1
	}
	if ! grep -Eqs '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list \
		/etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources
	then
		echo "compat: adding deb-src entries: $list"
		kr=/usr/share/keyrings/debian-archive-keyring.gpg
		{
			echo "# Added by sexton's tests/compat/run.sh (make compat):"
			echo "# the source packages of the archives in use, for the"
			echo "# peers' test suites."
			apt-get indextargets --format '$(TARGET_OF) $(REPO_URI) $(RELEASE)' |
				awk '$1 == "deb" && !seen[$2 " " $3]++ {
					u[$2] = u[$2] " " $3 } END { for (k in u) print k u[k] }' |
				sort | while read -r uri suites; do
				printf '\nTypes: deb-src\nURIs: %s\nSuites: %s\n' "$uri" "$suites"
				echo "Components: main"
				[ ! -f "$kr" ] || echo "Signed-By: $kr"
			done
		} >"$list.tmp"
		mv "$list.tmp" "$list"
	fi
	echo "compat: apt-get update (for the source indexes)"
	retry apt-get update -qq
	have_src || {
		echo "compat: still no source package for dumb-init or tini" >&2
		exit 1
	}
fi

# 3. The suites: each .orig.tar.gz, checked against its .dsc, unpacked
# afresh. apt-get may fail on a part we do not use (the Debian diff).
mkdir -p "$C/dl"
fetch() {
	pkg=$1
	(cd "$C/dl" && ls "${pkg}"_*.orig.tar.gz >/dev/null 2>&1) || (
		cd "$C/dl" &&
			retry sh -c "apt-get source --download-only $pkg >/dev/null 2>&1;
				ls ${pkg}_*.orig.tar.gz >/dev/null 2>&1"
	)
	dsc=$(ls "$C/dl/${pkg}"_*.dsc | sort -V | tail -n 1)
	orig=$(ls "$C/dl/${pkg}"_*.orig.tar.gz | sort -V | tail -n 1)
	sum=$(awk -v f="$(basename "$orig")" '/^Checksums-Sha256:/ { s = 1; next }
		/^[^ ]/ { s = 0 } s && $3 == f { print $1 }' "$dsc")
	[ -n "$sum" ] && echo "$sum  $orig" | sha256sum -c --quiet - || {
		echo "compat: $orig does not match $dsc" >&2
		exit 1
	}
	rm -rf "${C:?}/$pkg"
	mkdir -p "$C/$pkg"
	tar -xzf "$orig" -C "$C/$pkg" --strip-components=1
	echo "compat: $pkg $(sed -n 's/^Version: //p' "$dsc") from $(basename "$orig")"
}
fetch dumb-init
fetch tini

# 4. sexton, and the names the suites call it by.
if [ -z "${SEXTON:-}" ]; then
	${MAKE:-make} --no-print-directory sexton
	SEXTON=$top/sexton
fi
case $SEXTON in /*) ;; *) SEXTON=$top/$SEXTON ;; esac
B=$C/bin
rm -rf "$B"
mkdir -p "$B"
ln -s "$SEXTON" "$B/dumb-init"
ln -s "$SEXTON" "$B/tini"
# The suites' scripts start with "env python" or "env python3": Debian's,
# which has the packages above.
ln -s /usr/bin/python3 "$B/python"
ln -s /usr/bin/python3 "$B/python3"
# tini's check of the signal dispositions a child inherits execs the
# init from this helper of theirs, built here.
${CC:-cc} -o "$B/sigconf-test" "$C/tini/test/sigconf/sigconf-test.c"
echo "compat: sexton is $SEXTON ($("$SEXTON" --version))"

# 5. The suites, each in a private PID namespace.
ns() {
	unshare --pid --fork --mount-proc /usr/bin/python3 "$here/pid1.py" "$@"
}
export PYTHONPATH="$here/py" PYTHONDONTWRITEBYTECODE=1
P=$B:$PATH
rm -f "$C"/*.results
echo "compat: dumb-init's pytest suite (log: $C/dumb-init.log)"
rc=0
(cd "$C/dumb-init" && PATH=$P COMPAT_SUITE=dumb-init \
	COMPAT_RESULTS=$C/dumb-init.results ns /usr/bin/python3 -m pytest \
	-p compat_results -p no:cacheprovider -q -rfEs --tb=short tests \
	>"$C/dumb-init.log" 2>&1) || rc=$?
tail -n 1 "$C/dumb-init.log"
if [ "$rc" -gt 1 ] || [ ! -s "$C/dumb-init.results" ]; then
	cat "$C/dumb-init.log"
	echo "compat: dumb-init's suite did not run (pytest exited $rc)" >&2
	exit 1
fi
echo "compat: tini's test/run_inner_tests.py (log: $C/tini.log)"
rc=0
(cd "$C/tini" && PATH=$P SOURCE_DIR=$C/tini BUILD_DIR=$B FORCE_SUBREAPER=1 \
	ns /usr/bin/python3 "$here/tini_checks.py" \
	"$C/tini/test/run_inner_tests.py" "$C/tini.results" \
	>"$C/tini.log" 2>&1) || rc=$?
grep '^compat: FAIL' "$C/tini.log" || true
if [ "$rc" != 0 ] || [ ! -s "$C/tini.results" ]; then
	cat "$C/tini.log"
	echo "compat: tini's suite did not run to its end (exit $rc)" >&2
	exit 1
fi

# tini's other script drives Docker; said, not run.
if [ -f "$C/tini/test/run_outer_tests.py" ]; then
	echo "skip tini:run_outer_tests.py needs Docker; each of its" \
		"checks is a docker run of a tini build image, and the" \
		"script is Python 2" >>"$C/tini.results"
fi

# 6. The failures against the list.
echo "compat: the suites took $(($(date +%s) - start)) s in all"
cat "$C/dumb-init.results" "$C/tini.results" >"$C/all.results"
exec /usr/bin/python3 "$here/compare.py" "$expected" "$C/all.results" \
	"$C/dumb-init.log"
