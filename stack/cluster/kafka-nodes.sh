# The cluster's three Kafka 4 nodes, KRaft combined broker+controller, one per host.
# Replication 3 and min in-sync 2 everywhere, internal topics included: one node can die
# and every write with acks=all still succeeds.
# shellcheck shell=bash

kafka_node_config() {
  local node="$1" n host voters="" i
  n="$(node_index "$node")"
  host="$(node_host "$node")"
  for i in 1 2 3; do voters+="${voters:+,}$i@${CLUSTER_HOSTS[$((i - 1))]}:${KAFKA_CONTROLLER_PORT}"; done
  mkdir -p "$DATA/$node/logs"
  {
    kafka_properties "$n" "$voters" "$host" "$DATA/$node/logs" 3 2
    # One rack per host: replicas of a partition land on three different racks.
    printf 'broker.rack=rack%s\nnum.partitions=6\noffsets.topic.num.partitions=6\n' "$n"
    # No controlled shutdown: this lab is only ever stopped whole (faults are SIGKILLs), and
    # a node whose controller quorum stopped first waited for an approval that could not
    # come until cluster.sh killed it after 60 s (2 of 4 CI runs on 2026-11-24).
    printf 'controlled.shutdown.enable=false\n'
  } >"$DATA/$node/server.properties"
}

# Every node of a new cluster is formatted with the same cluster id, kept beside the data.
kafka_node_format() {
  local node="$1" id_file="$DATA/kafka-cluster-id"
  [[ -f "$DATA/$node/logs/meta.properties" ]] && return 0
  [[ -s "$id_file" ]] || kafka_new_cluster_id >"$id_file"
  say "$node: formatting storage (cluster $(cat "$id_file"))"
  kafka_format "$DATA/$node/server.properties" "$(cat "$id_file")" "$LOGS/$node.log"
}

kafka_node_start() {
  local node="$1"
  KAFKA_HEAP="$CLUSTER_KAFKA_HEAP" kafka_java_argv
  kafka_node_config "$node"
  kafka_node_format "$node"
  spawn_service "$node" "${KAFKA_JAVA[@]}" kafka.Kafka "$DATA/$node/server.properties"
}

# A node logs "Kafka Server started" only once the controller quorum (2 of 3) has a leader.
kafka_node_health() { addr_open "$(node_host "$1")" "$KAFKA_PORT" && log_since_start "$1" 'Kafka Server started'; }
