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
  cat >"$DATA/$node/server.properties" <<PROPS
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$voters
listeners=PLAINTEXT://$host:${KAFKA_PORT},CONTROLLER://$host:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://$host:${KAFKA_PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
# One rack per host: replicas of a partition land on three different racks.
broker.rack=rack$n
log.dirs=$DATA/$node/logs
num.partitions=6
default.replication.factor=3
min.insync.replicas=2
unclean.leader.election.enable=false
offsets.topic.replication.factor=3
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=67108864
PROPS
}

# Every node of a new cluster is formatted with the same cluster id, kept beside the data.
kafka_node_format() {
  local node="$1" id_file="$DATA/kafka-cluster-id" cluster_id
  [[ -f "$DATA/$node/logs/meta.properties" ]] && return 0
  if [[ ! -s "$id_file" ]]; then
    "${KAFKA_JAVA[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1 >"$id_file"
  fi
  cluster_id="$(cat "$id_file")"
  say "$node: formatting storage (cluster $cluster_id)"
  "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$DATA/$node/server.properties" \
    --ignore-formatted >>"$LOGS/$node.log" 2>&1
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
