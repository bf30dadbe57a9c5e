#!/bin/sh
# Usage: tests/servers/next-start.sh DIR  (as PID 1 of a PID namespace)
# The next start of PostgreSQL on DIR/data after a stop under some init:
# pg_ctl starts it, waits until it takes connections, and stops it
# (fast); its log, DIR/next.log, is then printed. Whether that start
# had to recover is in the log: "database system was shut down at" after
# a clean shutdown, "database system was not properly shut down;
# automatic recovery in progress" after a crash. Exits 1 if PostgreSQL
# did not start or stop within 60 s.
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
dir=$1
pg_ctl() {
	setpriv --reuid=postgres --regid=postgres --init-groups \
		/usr/lib/postgresql/15/bin/pg_ctl -D "$dir/data" -w -t 60 "$@" \
		>/dev/null
}
log=$dir/next.log
: >"$log"
chown postgres "$log"
rc=0
pg_ctl -l "$log" start || rc=1
pg_ctl -m fast stop || rc=1
cat "$log"
exit $rc
