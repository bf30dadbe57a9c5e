#!/bin/bash
# Not part of make check. Usage, as root: tests/servers/measure.sh
# PostgreSQL 15 and nginx stopped as docker stop stops them, under sexton
# and under Debian's tini, tini -g, catatonit, catatonit -g and
# dumb-init, each as PID 1 of a new PID (and IPC) namespace, taking
# turns in one run. Two ways of starting the servers, as in
# tests/integration/test_servers.c:
#   script  INIT -- tests/servers/start.sh DIR  (both in the background,
#           then wait)
#   exec    INIT -- setpriv --reuid=postgres ... postgres -D DIR/data
# Once PostgreSQL takes connections (and nginx has started its worker),
# PID 1 gets SIGTERM. For each run, a row: the namespace's exit code;
# how long from the TERM until PID 1, and so every process of the
# namespace, was gone; whether PostgreSQL logged the TERM ("received
# smart/fast shutdown request") and its own end ("database system is
# shut down"); whether its next start on the same data directory found
# it shut down ("clean") or had to recover ("recovery": "database system
# was not properly shut down"); and whether nginx's master logged its
# exit. A TERM that reached PostgreSQL just before a SIGKILL may be
# lost from its log. REPS (default 1) repeats each setup.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
REPS=${REPS:-1}
PG=/usr/lib/postgresql/15/bin/postgres
tests/deps.sh postgresql-15 nginx-light tini catatonit dumb-init \
	util-linux || exit 1
make -s sexton || exit 1
M=$PWD/.build/servers/m-$$
# The unshare of the run under way, and its watchdog.
running='' watchdog=''
cleanup() {
	local c
	if [ -n "$running" ]; then
		# PID 1 first: its end ends its namespace.
		c=$(cat "/proc/$running/task/$running/children" 2>/dev/null)
		[ -n "$c" ] && kill -KILL "$c"
		kill -KILL "$running"
		wait "$running"
	fi
	[ -n "$watchdog" ] && kill "$watchdog" 2>/dev/null
	rm -rf "$M"
	rmdir "$PWD/.build/servers" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM
tests/servers/setup.sh "$M/tmpl" || exit 1

inits=("$PWD/sexton --" "/usr/bin/tini --" "/usr/bin/tini -g --"
	"/usr/bin/catatonit --" "/usr/bin/catatonit -g --"
	"/usr/bin/dumb-init --")

# Polls for up to 30 s until a command succeeds.
until30() {
	local i=0
	until "$@"; do
		[ $i -ge 3000 ] && return 1
		sleep 0.01
		i=$((i + 1))
	done
}
pg_ready() { grep -qs 'database system is ready to accept connections' "$1"; }
nginx_ready() {
	[ -s "$1/nginx/nginx.pid" ] &&
		grep -qs 'start worker process' "$1/nginx/error.log"
}

# Runs one setup: INIT (its words) and MODE; prints one row.
one() {
	local init=$1 mode=$2 d=$M/run cmd u pid1 master='' w rc ended t0 t1
	local got down next nginx=- name=${init% --}
	tests/servers/setup.sh "$d" "$M/tmpl" || exit 1
	if [ "$mode" = script ]; then
		cmd=(tests/servers/start.sh "$d")
	else
		cmd=(setpriv --reuid=postgres --regid=postgres --init-groups
			"$PG" -D "$d/data")
	fi
	# shellcheck disable=SC2086
	unshare --pid --fork --mount-proc --ipc $init "${cmd[@]}" \
		</dev/null >"$d/stdout.log" 2>"$d/stderr.log" &
	u=$!
	running=$u
	# A server that is up means that the init, which set up its
	# signals before it started the command, takes TERM.
	if ! until30 pg_ready "$d/stderr.log" || { [ "$mode" = script ] &&
	    ! until30 nginx_ready "$d"; }; then
		echo "measure: $init $mode: the servers did not start" >&2
		cat "$d/stderr.log" >&2
		exit 1
	fi
	[ "$mode" = script ] && master=$(cat "$d/nginx/nginx.pid")
	pid1=$(cat "/proc/$u/task/$u/children")
	# A watchdog: an init that has not ended 60 s after the TERM is
	# killed.
	sleep 60 &
	w=$!
	watchdog=$w
	t0=$(date +%s%N)
	kill -TERM "$pid1"
	wait -n -p ended "$u" "$w"
	rc=$?
	t1=$(date +%s%N)
	if [ "$ended" = "$w" ]; then
		kill -KILL "$pid1"
		wait "$u"
		rc="killed after 60 s"
	else
		kill "$w"
		wait "$w" 2>/dev/null
	fi
	running='' watchdog=''
	got=$(grep -o 'received [a-z]* shutdown request' "$d/stderr.log" |
		head -n 1 | cut -d' ' -f2)
	grep -q 'database system is shut down' "$d/stderr.log" &&
		down=yes || down=no
	unshare --pid --fork --kill-child --mount-proc --ipc \
		tests/servers/next-start.sh "$d" >"$d/next.log" 2>&1
	if grep -q 'database system was not properly shut down' "$d/next.log"
	then
		next=recovery
	elif grep -q 'database system was shut down at' "$d/next.log"; then
		next=clean
	else
		next="did not start"
	fi
	if [ -n "$master" ]; then
		grep -q " $master#$master: exit\$" "$d/nginx/error.log" &&
			nginx="exit logged" || nginx="no exit logged"
	fi
	printf '| %s | %s | %s | %d | %s | %s | %s | %s |\n' \
		"${name##*/}" "$mode" "$rc" $(((t1 - t0) / 1000000)) \
		"${got:-no}" "$down" "$next" "$nginx"
	rm -rf "$d"
}

echo "# $(uname -r), $(nproc) CPUs; $("$PWD/sexton" --version | head -n 1);" \
	"$(/usr/bin/tini --version); catatonit $(/usr/bin/catatonit --version |
	sed 's/.*version //'); $(/usr/bin/dumb-init --version 2>&1);" \
	"$($PG --version); nginx $(nginx -v 2>&1 | sed 's/.*nginx\///')"
echo
echo "| init | mode | exit | stop (ms) | PostgreSQL logged the TERM | \"database system is shut down\" | next start | nginx |"
echo "|---|---|---|---|---|---|---|---|"
for mode in script exec; do
	for init in "${inits[@]}"; do
		for _ in $(seq "$REPS"); do
			one "$init" "$mode"
		done
	done
done
