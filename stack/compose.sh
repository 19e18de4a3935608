#!/usr/bin/env bash
# The compose stack on this machine: `compose.sh up|down|clean|status|run`.
#
#   up      the images (`make image`, `make images`: incremental), then docker-compose.yml +
#           docker/compose.host.yml with the local images, on the ports of stack/stack.env;
#           waits until every service is healthy (a failing one is named, with its log).
#   down    stops and removes the containers; the named volumes (the data) stay.
#   clean   down -v: the data goes too.
#   status  each service's state, health, memory and address.
#   run     one DAG run through the compose stack's Airflow, reported like `make run`.
#
# The compose stack and the local-process stack (make up) use the same ports: `up` refuses
# while the other one holds them, and says how to stop it. AQI_COMPOSE_PROJECT (default aqi)
# names the project: its containers and volumes. Debian's docker-compose 1.29 or the
# `docker compose` plugin, whichever is installed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/stack/services/docker.sh"
source "$ROOT/stack/images-lib.sh"

PROJECT="${AQI_COMPOSE_PROJECT:-aqi}"
COMPOSE_DIR="$VAR/compose"
COMPOSE_PORTS=(PG_PORT KAFKA_PORT KAFKA_CONTROLLER_PORT REGISTRY_PORT CASSANDRA_PORT AIRFLOW_PORT DASHBOARD_PORT SIMULATOR_PORT DOCKER_PROXY_PORT)
LONG_RUNNING=(postgres kafka registry cassandra docker-socket-proxy simulator dashboard airflow-api-server airflow-scheduler airflow-dag-processor)
UP_TIMEOUT="${AQI_COMPOSE_UP_TIMEOUT:-600}"

step() { say "compose: $*"; }

compose() {
  local files=(-p "$PROJECT" -f "$ROOT/docker-compose.yml" -f "$ROOT/docker/compose.host.yml")
  if docker compose version >/dev/null 2>&1; then
    docker compose "${files[@]}" "$@"
  elif command -v docker-compose >/dev/null; then
    docker-compose "${files[@]}" "$@"
  else
    die "neither 'docker compose' nor docker-compose is installed: run 'make setup' (Debian's docker-compose)"
  fi
}

# What the compose files interpolate: the engine's socket, the folders shared with the
# host, the local images, the simulator as WAQI unless WAQI_BASE_URL names another.
prepare() {
  use_engine
  local socket="${DOCKER_HOST#unix://}"
  [[ "$socket" != "$DOCKER_HOST" && -S "$socket" ]] ||
    die "the compose stack needs a local engine socket (DOCKER_HOST=$DOCKER_HOST): the proxy mounts it"
  export AQI_DOCKER_SOCKET="$socket" DOCKER_SOCKET_GID
  DOCKER_SOCKET_GID="$(stat -c %g "$socket")"
  # Secret files of the steps' containers: per-run 0700 folders inside, like /tmp.
  export AQI_SECRETS_DIR="$COMPOSE_DIR/secrets" AQI_COMPOSE_AUTH_DIR="$COMPOSE_DIR/auth"
  mkdir -p "$AQI_SECRETS_DIR" "$AQI_COMPOSE_AUTH_DIR"
  chmod 1777 "$AQI_SECRETS_DIR"
  # Airflow's simple auth manager (uid 50000 in the containers) opens its passwords file
  # for appending; the random password is made here so that `compose.sh run` knows it.
  local passwords="$AQI_COMPOSE_AUTH_DIR/passwords.json"
  if [[ ! -s "$passwords" ]]; then
    (umask 077 && printf '{"admin": "%s"}\n' "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" >"$passwords")
  fi
  if [[ $EUID -eq 0 ]]; then
    chown 50000:0 "$AQI_COMPOSE_AUTH_DIR" "$passwords" && chmod 0700 "$AQI_COMPOSE_AUTH_DIR" && chmod 0600 "$passwords"
  else
    chmod 0777 "$AQI_COMPOSE_AUTH_DIR" && chmod 0666 "$passwords"
  fi
  export WAQI_BASE_URL="${WAQI_BASE_URL:-http://$AQI_BIND:$SIMULATOR_PORT}"
  load_image_env
}

# The local images' tags, as `make images` last wrote them.
load_image_env() {
  [[ -f "$COMPOSE_DIR/images.env" ]] || return 0
  local line
  while IFS= read -r line; do
    [[ "$line" =~ ^(AQI_[A-Z_]+_IMAGE)=(.+)$ ]] && export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
  done <"$COMPOSE_DIR/images.env"
}

project_running() { [[ -n "$(docker ps -q --filter "label=com.docker.compose.project=$PROJECT")" ]]; }

local_stack_running() {
  local svc
  for svc in postgres kafka registry cassandra airflow dashboard; do
    live_pid "$svc" >/dev/null && { printf '%s' "$svc"; return 0; }
  done
  return 1
}

# Refuses to start beside whatever holds this stack's ports, naming it.
check_ports_free() {
  local var held
  project_running && return 0
  for var in "${COMPOSE_PORTS[@]}"; do
    port_open "${!var}" || continue
    if held="$(local_stack_running)"; then
      die "the local-process stack is running ($held holds port ${!var}, $var): stop it with 'make down' first, or run the compose stack on other ports (stack/stack.local.env)"
    fi
    die "port ${!var} ($var) is taken by a process neither stack started: free it, or set $var in stack/stack.local.env"
  done
}

health_of() { docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}}' "$1" 2>/dev/null || echo "missing -"; }
container_of() { compose ps -q "$1" 2>/dev/null | head -n 1; }

wait_healthy() {
  local deadline=$((SECONDS + UP_TIMEOUT)) svc id state health pending
  while :; do
    pending=()
    for svc in "${LONG_RUNNING[@]}"; do
      id="$(container_of "$svc")"
      read -r state health < <(health_of "${id:-none}")
      [[ "$state" == running && "$health" == healthy ]] && continue
      if [[ "$health" == unhealthy || "$state" == exited ]]; then
        compose logs --tail 30 "$svc" >&2 || true
        die "$svc is $state/$health (its log above; all of it: docker-compose -p $PROJECT logs $svc)"
      fi
      pending+=("$svc")
    done
    [[ ${#pending[@]} -eq 0 ]] && return 0
    ((SECONDS < deadline)) || die "not healthy after ${UP_TIMEOUT}s: ${pending[*]} (make compose-status; docker-compose -p $PROJECT logs ${pending[0]})"
    sleep 3
  done
}

cmd_up() {
  local t0=$SECONDS
  prepare
  check_ports_free
  step "images (incremental)"
  bash "$ROOT/stack/images.sh" tasks >/dev/null
  bash "$ROOT/stack/service-images.sh"
  load_image_env
  step "docker-compose up (project $PROJECT, host networking, ports of stack/stack.env)"
  compose up -d --no-build --remove-orphans
  wait_healthy
  step "every service healthy in $((SECONDS - t0)) s"
  cmd_status
}

cmd_down() {
  prepare
  compose down --remove-orphans "$@"
  step "stopped${1:+ and removed its volumes}"
}

cmd_status() {
  local svc id state health rss
  printf '%-22s %-10s %-10s %-8s\n' SERVICE STATE HEALTH RSS_MiB
  for svc in "${LONG_RUNNING[@]}"; do
    id="$(container_of "$svc")"
    read -r state health < <(health_of "${id:-none}")
    rss="-"
    [[ "$state" == running ]] && rss="$(docker stats --no-stream --format '{{.MemUsage}}' "$id" | awk '{ v=$1; u=v; gsub(/[0-9.]/, "", u); gsub(/[^0-9.]/, "", v); if (u=="GiB") v*=1024; if (u=="KiB") v/=1024; printf "%.0f", v }')"
    printf '%-22s %-10s %-10s %-8s\n' "$svc" "$state" "$health" "$rss"
  done
  printf 'Airflow UI: http://%s:%s/ (admin / see %s)\nDashboard:  http://%s:%s/\n' \
    "$AQI_BIND" "$AIRFLOW_PORT" "var/compose/auth/passwords.json" "$AQI_BIND" "$DASHBOARD_PORT"
}

cmd_run() {
  prepare
  project_running || die "the compose stack is not running: make compose-up"
  export AQI_AIRFLOW_API="http://$AQI_BIND:$AIRFLOW_PORT" AQI_AIRFLOW_PASSWORDS="$COMPOSE_DIR/auth/passwords.json"
  local py="$VAR/venv/bin/python" run_id conf="${AQI_RUN_CONF:-{\"workers\": 2, \"replay\": true\}}" status=0
  [[ -x "$py" ]] || py=python3
  rest() { PYTHONPATH="$ROOT/dags" "$py" -m aqi_runtime.airflow_rest "$@"; }
  rest wait-dag aqi_pipeline 180
  run_id="compose_run__$(date -u +%Y-%m-%dT%H-%M-%SZ)"
  step "trigger $run_id with $conf"
  rest trigger aqi_pipeline "$run_id" "$conf"
  step "unpause aqi_pipeline (hourly schedule from now on)"
  compose exec -T airflow-scheduler airflow dags unpause aqi_pipeline >/dev/null
  rest wait-run aqi_pipeline "$run_id" "${AQI_RUN_TIMEOUT:-1800}" || status=$?
  rest report aqi_pipeline "$run_id" || true
  printf '\nRunner:     docker, through the compose stack (project %s)\n' "$PROJECT"
  cmd_status | tail -n 2
  return "$status"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  clean) cmd_down -v ;;
  status) prepare; cmd_status ;;
  run) cmd_run ;;
  *) die "usage: compose.sh up|down|clean|status|run" ;;
esac
