#!/usr/bin/env bash
# The loopback cluster: `cluster.sh up|down|status|kill|ring|clean [node...]`.
# Three Kafka nodes and three Cassandra nodes on 127.0.0.2-4 (stack/cluster/nodes.sh),
# data, logs and pid files under var/cluster/. PostgreSQL and the schema registry stay
# those of the single-node stack (127.0.0.1), which this script never starts or stops.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
source "$ROOT/stack/services/kafka.sh"
source "$ROOT/stack/services/cassandra.sh"
source "$ROOT/stack/cluster/nodes.sh"
source "$ROOT/stack/cluster/kafka-nodes.sh"
source "$ROOT/stack/cluster/cassandra-nodes.sh"

ALL_NODES=("${KAFKA_NODES[@]}" "${CASSANDRA_NODES[@]}")
KAFKA_START_TIMEOUT=180
CASSANDRA_START_TIMEOUT=300

check_names() { check_known node "${ALL_NODES[*]}" "$@"; }

# The requested nodes of one kind (all of that kind when no node is named at all).
selected() {
  local kind="$1" node
  shift
  for node in "${ALL_NODES[@]}"; do
    [[ "$node" == "$kind"-* ]] || continue
    if [[ $# -eq 0 || " $* " == *" $node "* ]]; then echo "$node"; fi
  done
}

kind_of() { printf '%s' "${1%-*}"; }

# wait_healthy (lib.sh) calls a check without arguments: it checks the node named here.
HEALTH_NODE=""
node_health() { "$(kind_of "$HEALTH_NODE")_node_health" "$HEALTH_NODE"; }

wait_node() {
  local node="$1" timeout="$2" t0="$3"
  HEALTH_NODE="$node"
  wait_healthy "$node" "$timeout" node_health || die "$node failed to start (log: $LOGS/$node.log)"
  record_startup "$node" $(($(now_ms) - t0))
}

is_up() { live_pid "$1" >/dev/null && "$(kind_of "$1")_node_health" "$1"; }

# Before a start: the address must be free, unless our own node holds it.
check_free() {
  local node="$1" port
  port=$([[ "$(kind_of "$node")" == kafka ]] && echo "$KAFKA_PORT" || echo "$CASSANDRA_PORT")
  if ! live_pid "$node" >/dev/null && addr_open "$(node_host "$node")" "$port"; then
    die "$node: $(node_host "$node"):$port is taken by a process this cluster did not start"
  fi
}

# Starts the given nodes together (none already up is touched), then waits for each.
start_together() {
  local timeout="$1" node t0 started=()
  shift
  t0=$(now_ms)
  for node in "$@"; do
    is_up "$node" && { say "$node already up"; continue; }
    check_free "$node"
    live_pid "$node" >/dev/null || "$(kind_of "$node")_node_start" "$node"
    started+=("$node")
  done
  for node in "${started[@]}"; do wait_node "$node" "$timeout" "$t0"; done
}

cmd_up() {
  # Kafka nodes start together: none finishes start-up before a controller quorum exists.
  # shellcheck disable=SC2046
  start_together "$KAFKA_START_TIMEOUT" $(selected kafka "$@")
  # Cassandra seeds start together (a seed restarted alone waits ~30 s for gossip from the
  # others), then the other nodes, once there is a ring to join.
  local node seeds=() others=()
  for node in $(selected cassandra "$@"); do
    if is_seed "$node"; then seeds+=("$node"); else others+=("$node"); fi
  done
  start_together "$CASSANDRA_START_TIMEOUT" "${seeds[@]}"
  start_together "$CASSANDRA_START_TIMEOUT" "${others[@]}"
}

is_seed() { [[ ",$CLUSTER_CASSANDRA_SEEDS," == *",$(node_host "$1"):"* ]]; }

# Every selected node gets TERM at once: stopping Kafka nodes one by one would leave the
# last ones waiting for a controller quorum that is already gone.
cmd_down() {
  local node pids=()
  for node in $(selected cassandra "$@") $(selected kafka "$@"); do
    live_pid "$node" >/dev/null || { rm -f "$(pidfile "$node")"; continue; }
    say "stopping $node"
    stop_service "$node" 60 &
    pids+=($!)
  done
  for node in "${pids[@]}"; do wait "$node" || true; done
}

# A crash, as fault injection: SIGKILL to the node's process group, no clean shutdown.
cmd_kill() {
  local node pid
  [[ $# -gt 0 ]] || die "kill needs a node name"
  for node in "$@"; do
    pid="$(live_pid "$node")" || die "$node is not running"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
    while pid_alive "$pid"; do sleep 0.1; done
    say "$node (pid $pid) killed"
  done
}

# nodetool status from the first node that answers; exit 0 only with three nodes Up/Normal.
cmd_ring() {
  local node out
  for node in "${CASSANDRA_NODES[@]}"; do
    is_up "$node" || continue
    out="$(nodetool "$node" status 2>&1)" || continue
    printf '%s\n' "$out"
    [[ "$(grep -c '^UN ' <<<"$out")" -eq 3 ]]
    return
  done
  say "no Cassandra node of the cluster answers nodetool"
  return 1
}

# Exit status 0 only when every node is up, the ring has 3 UN and Kafka sees 3 brokers.
cmd_status() {
  local node state rc=0 port
  printf '%-12s %-8s %-7s %-8s %s\n' NODE STATE PID RSS_MiB ADDRESS
  for node in "${ALL_NODES[@]}"; do
    port=$([[ "$(kind_of "$node")" == kafka ]] && echo "$KAFKA_PORT" || echo "$CASSANDRA_PORT")
    if live_pid "$node" >/dev/null; then
      if "$(kind_of "$node")_node_health" "$node"; then state=up; else state=starting; rc=1; fi
    else
      state=down; rc=1
    fi
    printf '%-12s %-8s %-7s %-8s %s\n' "$node" "$state" "$(live_pid "$node" || echo -)" "$(rss_mib "$node")" \
      "$(node_host "$node"):$port"
  done
  echo
  node "$ROOT/stack/cluster/kafka-health.cjs" "$(kafka_brokers)" || rc=1
  echo
  cmd_ring || rc=1
  return $rc
}

# "node rss_mib" of every running node: chaos.sh samples it for peak memory.
cmd_rss() {
  local node
  for node in "${ALL_NODES[@]}"; do
    live_pid "$node" >/dev/null && printf '%s %s\n' "$node" "$(rss_mib "$node")"
  done
  return 0
}

kafka_brokers() {
  local host out=""
  for host in "${CLUSTER_HOSTS[@]}"; do out+="${out:+,}$host:$KAFKA_PORT"; done
  printf '%s' "$out"
}

cmd_clean() {
  local node
  for node in "${ALL_NODES[@]}"; do
    live_pid "$node" >/dev/null && die "$node is running: make down-cluster first"
  done
  rm -rf "$CLUSTER_VAR"
}

command="${1:-}"
shift || true
check_names "$@"
case "$command" in
  up) cmd_up "$@" ;;
  down) cmd_down "$@" ;;
  status) cmd_status ;;
  kill) cmd_kill "$@" ;;
  ring) cmd_ring ;;
  rss) cmd_rss ;;
  clean) cmd_clean ;;
  *) die "usage: cluster.sh up|down [node...] | status | kill node... | ring | rss | clean" ;;
esac
