# The Docker engine that runs the DAG's DockerOperator tasks: Debian's dockerd, as a stack
# service with its socket, pid file, exec-root and log under var/, and a data-root
# (var/docker) that `make down` and `make clean` keep, so built images survive both.
#
# It runs with --bridge=none --iptables=false: no docker0, no NAT rules, and so no container
# ever gets a private-range address; containers use host networking (--network host) and
# reach the other services on 127.0.0.1 like every local process.
#
# Where an engine already answers (DOCKER_HOST, or the system's /var/run/docker.sock), the
# stack uses it and starts none; `down` then leaves it alone.
# shellcheck shell=bash

DOCKER_OWN_SOCKET="$RUN/docker.sock"
DOCKER_DATA_ROOT="$VAR/docker"
DOCKER_EXTERNAL_MARK="$RUN/docker.external"
DOCKER_UNAVAILABLE_MARK="$RUN/docker.unavailable"

engine_answers() { DOCKER_HOST="$1" docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# The engine the stack's tools talk to, as a DOCKER_HOST value: the user's own if one
# answers, else ours (which may not be started yet).
docker_engine_host() {
  if [[ -n "${DOCKER_HOST:-}" && "$DOCKER_HOST" != "unix://$DOCKER_OWN_SOCKET" ]]; then
    printf '%s' "$DOCKER_HOST"
  elif [[ -S /var/run/docker.sock ]] && engine_answers unix:///var/run/docker.sock; then
    printf 'unix:///var/run/docker.sock'
  else
    printf 'unix://%s' "$DOCKER_OWN_SOCKET"
  fi
}

# Why this machine cannot run our own dockerd, or nothing when it can.
docker_unavailable_reason() {
  if ! command -v dockerd >/dev/null; then
    echo "no dockerd installed (make setup installs Debian's docker.io as root)"
  elif [[ $EUID -ne 0 ]]; then
    echo "dockerd needs root; run the stack as root or start your own Docker engine"
  elif ! command -v docker >/dev/null; then
    echo "no docker client installed (make setup installs Debian's docker.io)"
  fi
}

docker_start() {
  rm -f "$DOCKER_EXTERNAL_MARK" "$DOCKER_UNAVAILABLE_MARK"
  local host reason
  host="$(docker_engine_host)"
  if [[ "$host" != "unix://$DOCKER_OWN_SOCKET" ]]; then
    engine_answers "$host" || die "docker: DOCKER_HOST=$host does not answer (unset it to let the stack start its own engine)"
    say "docker: using the engine at $host; starting none"
    printf '%s\n' "$host" >"$DOCKER_EXTERNAL_MARK"
    return 0
  fi
  reason="$(docker_unavailable_reason)"
  if [[ -n "$reason" ]]; then
    # Not fatal: without an engine the DAG runs every step with the local runner.
    say "docker: not started: $reason; the DAG will use the local runner (AQI_RUNNER=local)"
    printf '%s\n' "$reason" >"$DOCKER_UNAVAILABLE_MARK"
    return 0
  fi
  mkdir -p "$DOCKER_DATA_ROOT" "$RUN/docker-exec"
  rm -f "$DOCKER_OWN_SOCKET"
  spawn_service docker dockerd \
    --host "unix://$DOCKER_OWN_SOCKET" \
    --data-root "$DOCKER_DATA_ROOT" \
    --exec-root "$RUN/docker-exec" \
    --pidfile "$RUN/dockerd.own.pid" \
    --bridge=none --iptables=false --ip6tables=false --ip-masq=false --userland-proxy=false \
    --log-driver=json-file --log-opt max-size=10m --log-opt max-file=3
}

docker_health() {
  [[ -f "$DOCKER_UNAVAILABLE_MARK" ]] && return 0
  engine_answers "$(docker_engine_host)"
}

# One word for `make status` where the engine is not a process of ours.
docker_state() {
  if [[ -f "$DOCKER_EXTERNAL_MARK" ]] && engine_answers "$(cat "$DOCKER_EXTERNAL_MARK")"; then
    echo external
  elif [[ -f "$DOCKER_UNAVAILABLE_MARK" ]]; then
    echo unavailable
  fi
}

docker_address() {
  if [[ -f "$DOCKER_UNAVAILABLE_MARK" ]]; then printf '(%s)' "$(cat "$DOCKER_UNAVAILABLE_MARK")"; else docker_engine_host; fi
}

# dockerd stops its containers (10 s each) and its containerd before it exits.
docker_stop() {
  rm -f "$DOCKER_EXTERNAL_MARK" "$DOCKER_UNAVAILABLE_MARK"
  stop_service docker 60
  rm -f "$DOCKER_OWN_SOCKET"
  # dockerd leaves the host-network namespace it bind-mounted under its exec-root: busy
  # until unmounted, so `rm -rf var` (or a CI workspace's cleanup) failed after `make down`.
  local ns="$RUN/docker-exec/netns/default"
  if [[ -e "$ns" ]] && ! live_pid docker >/dev/null && grep -qs " $ns " /proc/mounts; then
    umount "$ns" 2>/dev/null || say "docker: could not unmount $ns (rm -rf var will need it unmounted)"
  fi
}
