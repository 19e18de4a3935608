#!/bin/bash
# Initialises an empty data directory once (superuser POSTGRES_USER with POSTGRES_PASSWORD,
# database POSTGRES_DB, then /docker-entrypoint-initdb.d/*.sql on a server that listens on
# its Unix socket only), then runs the command. A data directory that holds a cluster is
# never touched again, so `docker-compose down` + `up` keeps every row.
set -euo pipefail

user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"

init_cluster() {
  [[ -n "${POSTGRES_PASSWORD:-}" ]] || { echo "postgres: POSTGRES_PASSWORD is empty; set it (compose reads it from .env)" >&2; exit 64; }
  local pwfile
  pwfile="$(mktemp)"
  printf '%s' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  # Other containers connect over TCP with the password; the socket (this container) is trusted.
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" start >/dev/null
  if [[ "$db" != postgres ]]; then
    psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" -d postgres -qc "CREATE DATABASE \"$db\""
  fi
  local script
  for script in /docker-entrypoint-initdb.d/*.sql; do
    [[ -f "$script" ]] || continue
    echo "postgres: running $script"
    psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" -d "$db" -q -f "$script"
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "postgres: initialised $PGDATA (superuser $user, database $db)"
}

if [[ "${1:-}" == postgres && ! -s "$PGDATA/PG_VERSION" ]]; then
  init_cluster
fi
if [[ "${1:-}" == postgres ]]; then
  shift
  # The official image listens on every address of its container; -c listen_addresses in
  # the command (the host-network override) takes precedence over this default.
  exec postgres -c listen_addresses='*' -c unix_socket_directories=/var/run/postgresql "$@"
fi
exec "$@"
