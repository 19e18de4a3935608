# PostgreSQL 15 from the Debian package, as a private cluster under var/data/postgres.
# Root may not run postgres, so as root the server runs as the package's `postgres` user.
# shellcheck shell=bash

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DATA="$DATA/postgres"
PG_SOCKET_DIR="$RUN/postgres"

# As root the server runs as `postgres`, which cannot enter a clone under e.g. /root (0700).
# Then the cluster and its socket live in /var/tmp, and var/data/postgres and var/run/postgres
# are symlinks to them, so the layout under var/ stays the same.
pg_relocate_if_unreachable() {
  [[ $EUID -eq 0 && ! -L "$PG_DATA" ]] || return 0
  setpriv --reuid=postgres --regid=postgres --init-groups -- test -x "$VAR" && return 0
  local outside
  outside="/var/tmp/aqi-postgres-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
  say "postgres: $VAR is not reachable by user postgres; keeping the cluster in $outside"
  mkdir -p "$outside/data" "$outside/run"
  chown postgres:postgres "$outside" "$outside/data" "$outside/run"
  rmdir "$PG_DATA" 2>/dev/null || true
  rmdir "$PG_SOCKET_DIR" 2>/dev/null || true
  ln -sfn "$outside/data" "$PG_DATA"
  ln -sfn "$outside/run" "$PG_SOCKET_DIR"
}

# The command prefix that runs a program as the cluster's owner (an array, so that
# nohup/setsid can exec it).
PG_AS_OWNER=()
[[ $EUID -eq 0 ]] && PG_AS_OWNER=(setpriv --reuid=postgres --regid=postgres --init-groups --)

pg_superuser() { if [[ $EUID -eq 0 ]]; then echo postgres; else id -un; fi; }

pg_psql() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U "$(pg_superuser)" -d postgres "$@"
}

pg_init_cluster() {
  [[ -x "$PG_BIN/initdb" ]] || die "PostgreSQL binaries not found in $PG_BIN: run 'make setup'"
  pg_relocate_if_unreachable
  mkdir -p "$PG_DATA/" "$PG_SOCKET_DIR/"
  # The server gets real paths: it may not be able to pass through var/ to the symlinks.
  PG_DATA="$(readlink -f "$PG_DATA")"
  PG_SOCKET_DIR="$(readlink -f "$PG_SOCKET_DIR")"
  if [[ $EUID -eq 0 ]]; then
    chown postgres:postgres "$PG_DATA" "$PG_SOCKET_DIR"
    setpriv --reuid=postgres --regid=postgres --init-groups -- test -w "$PG_DATA" ||
      die "user postgres cannot write $PG_DATA"
  fi
  chmod 700 "$PG_DATA"
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0
  say "postgres: initdb $PG_DATA"
  "${PG_AS_OWNER[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U "$(pg_superuser)" --auth=trust -E UTF8 \
    --locale=C.UTF-8 >>"$LOGS/postgres.log" 2>&1
}

postgres_start() {
  pg_init_cluster
  # Small-machine settings; the stack shares 2 cores with Kafka, Cassandra and Airflow.
  spawn_service postgres "${PG_AS_OWNER[@]}" "$PG_BIN/postgres" -D "$PG_DATA" \
    -c listen_addresses="$AQI_BIND" -c port="$PG_PORT" -c unix_socket_directories="$PG_SOCKET_DIR" \
    -c max_connections=200 -c shared_buffers=256MB -c fsync=on -c logging_collector=off
}

postgres_health() { "$PG_BIN/pg_isready" -q -h "$AQI_BIND" -p "$PG_PORT" -U aqi -d postgres; }

# Role `aqi` (no superuser, may create databases for tests) owns the project's databases.
postgres_bootstrap() {
  pg_psql <<'SQL'
SELECT 'CREATE ROLE aqi LOGIN CREATEDB' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aqi')\gexec
SELECT format('CREATE DATABASE %I OWNER aqi', d) FROM unnest(ARRAY['aqi', 'airflow', 'registry']) AS d
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d)\gexec
SQL
}

postgres_stop() { stop_service postgres 60 INT; }  # SIGINT = fast shutdown

# For `make clean`: the cluster may live outside var/ (see pg_relocate_if_unreachable).
postgres_clean() {
  if [[ -L "$PG_DATA" ]]; then rm -rf "$(dirname "$(readlink -f "$PG_DATA")")"; fi
  rm -rf "$PG_DATA" "$PG_SOCKET_DIR"
}
