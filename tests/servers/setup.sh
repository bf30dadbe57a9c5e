#!/bin/sh
# Usage: tests/servers/setup.sh DIR [FROM]
# Makes DIR (an absolute path) for tests/integration/test_servers.c and
# tests/servers/measure.sh, removing what was there:
#   DIR/data   a PostgreSQL 15 cluster of the postgres user: a new one
#              (initdb), or a copy of FROM/data; it listens on no TCP
#              port, only on the Unix socket in DIR/run
#   DIR/nginx  nginx.conf for nginx, whose only listener is the Unix
#              socket DIR/nginx/http.sock; its pid file and error log
#              (level notice) are there too
# Run as root.
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
PGBIN=/usr/lib/postgresql/15/bin
dir=$1
from=${2:-}
case $dir in
/*) ;;
*) echo "servers: $dir: not an absolute path" >&2; exit 1 ;;
esac
tests/deps.sh postgresql-15 nginx-light
as_pg="setpriv --reuid=postgres --regid=postgres --init-groups"

rm -rf "$dir"
mkdir -p "$dir/run" "$dir/nginx/tmp"
chown postgres:postgres "$dir/run"
# PostgreSQL runs as the postgres user, which must reach DIR.
if ! $as_pg test -w "$dir/run"; then
	echo "servers: the postgres user cannot write to $dir/run: every" \
	    "directory above it must be searchable by others (o+x)" >&2
	exit 1
fi
if [ -n "$from" ]; then
	cp -a "$from/data" "$dir/data"
else
	install -d -m 700 -o postgres -g postgres "$dir/data"
	$as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust \
	    --no-sync >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
fi
# Written last, it is what ALTER SYSTEM writes: it wins over
# postgresql.conf.
cat >"$dir/data/postgresql.auto.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir/run'
CONF
chown postgres:postgres "$dir/data/postgresql.auto.conf"

n=$dir/nginx
cat >"$n/nginx.conf" <<CONF
worker_processes 1;
pid $n/nginx.pid;
error_log $n/error.log notice;
events { worker_connections 16; }
http {
	access_log off;
	client_body_temp_path $n/tmp/body;
	proxy_temp_path $n/tmp/proxy;
	fastcgi_temp_path $n/tmp/fastcgi;
	uwsgi_temp_path $n/tmp/uwsgi;
	scgi_temp_path $n/tmp/scgi;
	server {
		listen unix:$n/http.sock;
		location / { return 200 "ok\n"; }
	}
}
CONF
