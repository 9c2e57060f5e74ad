#!/usr/bin/env bash
# A real streaming replica of the local PostgreSQL server, for the read-routing tests and for trying a
# province set-up on one machine: `tools/pg-replica.sh start [port]` copies the running server with
# pg_basebackup -R into a second data directory and starts it on another port (hot standby);
# `tools/pg-replica.sh stop [port]` stops it and removes the copy. Prints the replica's URL on start.
# Needs root (or the postgres account) on a Debian-style cluster: it adds the replication lines to the
# primary's pg_hba.conf (trust on the local socket and 127.0.0.1, as the test server already has).
set -euo pipefail

CMD="${1:-start}"
PORT="${2:-5433}"
VER="$(ls /etc/postgresql | head -n 1)"
BIN="/usr/lib/postgresql/$VER/bin"
DIR="${JARING_REPLICA_DIR:-/tmp/jaring-replica-$PORT}"
PRIMARY="${JARING_REPLICA_PRIMARY:-postgresql://root@/postgres?host=/var/run/postgresql}"
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

stop() {
  if [ -f "$DIR/postmaster.pid" ]; then as_postgres "$BIN/pg_ctl" -D "$DIR" -m immediate -w stop >/dev/null || true; fi
  rm -rf "$DIR"
}

if [ "$CMD" = stop ]; then stop; exit 0; fi
[ "$CMD" = start ] || { echo "usage: $0 start|stop [port]" >&2; exit 2; }

stop
HBA="$(psql "$PRIMARY" -Atqc 'show hba_file')"
if ! grep -Eq '^local[[:space:]]+replication' "$HBA"; then
  printf '\n# Jaring: streaming replicas on this machine (tools/pg-replica.sh)\nlocal replication all trust\nhost replication all 127.0.0.1/32 trust\n' >>"$HBA"
  psql "$PRIMARY" -Atqc 'select pg_reload_conf()' >/dev/null
fi
SOCKET="$(psql "$PRIMARY" -Atqc 'show unix_socket_directories' | cut -d, -f1)"
PRIMARY_PORT="$(psql "$PRIMARY" -Atqc 'show port')"

mkdir -p "$(dirname "$DIR")"
as_postgres "$BIN/pg_basebackup" -h "$SOCKET" -p "$PRIMARY_PORT" -U postgres -D "$DIR" -R -X stream -c fast
cat >"$DIR/postgresql.conf" <<EOF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
hot_standby = on
max_connections = 100
# Reads on the replica may be cancelled by replay only after 30 s; tests pause replay explicitly.
max_standby_streaming_delay = 30s
EOF
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$DIR/pg_hba.conf"
touch "$DIR/pg_ident.conf"
chown -R postgres:postgres "$DIR" 2>/dev/null || true
as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w start >/dev/null
echo "postgres://root@127.0.0.1:$PORT/test"
