#!/usr/bin/env bash
# Runs the local stack: `stack.sh up|down|status [service...]`.
# Services start in dependency order and stop in reverse; each one lives in
# stack/services/<name>.sh with <name>_start, _health, _stop and optional _bootstrap.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# docker first: Airflow's start decides its runner by whether an engine answers.
ALL_SERVICES=(docker postgres kafka registry cassandra airflow dashboard)
declare -A START_TIMEOUT=([docker]=60 [postgres]=60 [kafka]=120 [registry]=180 [cassandra]=300 [airflow]=300 [dashboard]=120)
# The engine has a socket, not a port (docker_address says where it is).
declare -A PORT_OF=([postgres]=PG_PORT [kafka]=KAFKA_PORT [registry]=REGISTRY_PORT
  [cassandra]=CASSANDRA_PORT [airflow]=AIRFLOW_PORT [dashboard]=DASHBOARD_PORT)

for svc in "${ALL_SERVICES[@]}"; do
  # shellcheck source=/dev/null
  source "$ROOT/stack/services/$svc.sh"
done

# The compose stack (stack/compose.sh) binds the same ports on the same engine.
compose_stack_running() {
  DOCKER_HOST="$(docker_engine_host)" docker ps -q --filter "label=com.docker.compose.project=${AQI_COMPOSE_PROJECT:-aqi}" 2>/dev/null | grep -q .
}

# Fails in the calling shell (not in a $(...) subshell) on a name that is not a service.
check_names() { check_known service "${ALL_SERVICES[*]}" "$@"; }

# The requested services (all when none is named), in start order.
selected() {
  local wanted=("$@") svc
  [[ ${#wanted[@]} -gt 0 ]] || wanted=("${ALL_SERVICES[@]}")
  for svc in "${ALL_SERVICES[@]}"; do
    if [[ " ${wanted[*]} " == *" $svc "* ]]; then echo "$svc"; fi
  done
}

up_one() {
  local svc="$1" t0
  if live_pid "$svc" >/dev/null && "${svc}_health"; then
    say "$svc already up"
    return 0
  fi
  local port_var="${PORT_OF[$svc]:-}"
  if [[ -n "$port_var" ]] && ! live_pid "$svc" >/dev/null && port_open "${!port_var}"; then
    compose_stack_running &&
      die "$svc: port ${!port_var} is held by the compose stack (make compose-status): stop it with 'make compose-down' first"
    die "$svc: port ${!port_var} is taken by a process this stack did not start"
  fi
  t0=$(now_ms)
  live_pid "$svc" >/dev/null || "${svc}_start"
  wait_healthy "$svc" "${START_TIMEOUT[$svc]}" "${svc}_health" || die "$svc failed to start"
  if declare -F "${svc}_bootstrap" >/dev/null; then "${svc}_bootstrap"; fi
  record_startup "$svc" $(( $(now_ms) - t0 ))
}

cmd_up() { local svc; for svc in $(selected "$@"); do up_one "$svc"; done; }

cmd_down() {
  local svcs svc i
  mapfile -t svcs < <(selected "$@")
  for ((i = ${#svcs[@]} - 1; i >= 0; i--)); do
    svc="${svcs[$i]}"
    if live_pid "$svc" >/dev/null; then say "stopping $svc"; fi
    "${svc}_stop"
  done
}

address_of() {
  if declare -F "${1}_address" >/dev/null; then "${1}_address"; else printf '127.0.0.1:%s' "${!2}"; fi
}

# Exit status 0 only when every selected service is up and healthy.
cmd_status() {
  local svc port_var state rc=0
  printf '%-10s %-11s %-7s %-8s %s\n' SERVICE STATE PID RSS_MiB ADDRESS
  for svc in $(selected "$@"); do
    port_var="${PORT_OF[$svc]:-}"
    # A service that is not a process of ours (an external engine) names its own state.
    state="$(declare -F "${svc}_state" >/dev/null && "${svc}_state" || true)"
    if [[ -n "$state" ]]; then
      :
    elif live_pid "$svc" >/dev/null; then
      if "${svc}_health" 2>/dev/null; then state=up; else state=starting; rc=1; fi
    else
      state=down; rc=1
    fi
    printf '%-10s %-11s %-7s %-8s %s\n' "$svc" "$state" "$(live_pid "$svc" || echo -)" "$(rss_mib "$svc")" \
      "$(address_of "$svc" "$port_var")"
  done
  return $rc
}

# Deletes data, logs and run state of a stopped stack; downloads and the venv stay.
cmd_clean() {
  local svc
  for svc in "${ALL_SERVICES[@]}"; do
    live_pid "$svc" >/dev/null && die "$svc is running: make down first"
  done
  postgres_clean
  rm -rf "$DATA" "$LOGS" "$RUN" "$VAR/airflow"
}

command="${1:-}"
shift || true
check_names "$@"
case "$command" in
  up) cmd_up "$@" ;;
  down) cmd_down "$@" ;;
  status) cmd_status "$@" ;;
  clean) cmd_clean ;;
  *) die "usage: stack.sh up|down|status [service...] | clean" ;;
esac
