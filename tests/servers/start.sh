#!/bin/sh
# Usage: tests/servers/start.sh DIR  (DIR made by tests/servers/setup.sh)
# The command of a container that runs two servers, started the way many
# images start theirs: PostgreSQL as the postgres user and nginx, each in
# the background, then wait. No trap: TERM ends this shell, and what
# becomes of the servers is up to the init. PostgreSQL logs to this
# shell's stderr, as in the official image; nginx to DIR/nginx/error.log.
dir=$1
setpriv --reuid=postgres --regid=postgres --init-groups \
	/usr/lib/postgresql/15/bin/postgres -D "$dir/data" &
nginx -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" \
	-g 'daemon off;' &
wait
