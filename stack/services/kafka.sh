# Kafka broker from Maven Central (var/cache/kafka/lib), single node, KRaft combined mode.
# shellcheck shell=bash

KAFKA_LIB="$CACHE/kafka/lib"
KAFKA_DATA="$DATA/kafka"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"

# The java command line, as an array so that setsid/nohup can exec it.
kafka_java_argv() {
  [[ -d "$KAFKA_LIB" ]] || die "Kafka is not installed in $KAFKA_LIB: run 'make setup'"
  KAFKA_JAVA=(java -Xms"$KAFKA_HEAP" -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=info
    -Dorg.slf4j.simpleLogger.showDateTime=true
    "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS"
    -cp "$(jar_classpath "$KAFKA_LIB")")
}

# server.properties of a KRaft combined broker+controller: its id, the controller voters,
# its host and log directory, then the replication and min in-sync replicas of every
# topic, internal ones included. The single node and the cluster's nodes share it.
kafka_properties() {
  local id="$1" voters="$2" host="$3" logs="$4" rf="$5" isr="$6"
  cat <<PROPS
process.roles=broker,controller
node.id=$id
controller.quorum.voters=$voters
listeners=PLAINTEXT://$host:${KAFKA_PORT},CONTROLLER://$host:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://$host:${KAFKA_PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$logs
default.replication.factor=$rf
min.insync.replicas=$isr
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$isr
unclean.leader.election.enable=false
# Steps create their topics explicitly, with the partitions they need.
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=67108864
PROPS
}

kafka_new_cluster_id() { "${KAFKA_JAVA[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1; }

# Formats a node's storage for the cluster id; a formatted directory is left as it is.
kafka_format() {
  local config="$1" cluster_id="$2" log="$3"
  "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$config" --ignore-formatted >>"$log" 2>&1
}

# Written on every start so that a port change in stack.env takes effect.
kafka_write_config() {
  mkdir -p "$KAFKA_DATA/logs"
  {
    kafka_properties 1 "1@${AQI_BIND}:${KAFKA_CONTROLLER_PORT}" "$AQI_BIND" "$KAFKA_DATA/logs" 1 1
    printf 'num.partitions=1\noffsets.topic.num.partitions=3\n'
  } >"$KAFKA_DATA/server.properties"
}

kafka_start() {
  kafka_java_argv
  kafka_write_config
  if [[ ! -f "$KAFKA_DATA/logs/meta.properties" ]]; then
    local cluster_id
    cluster_id="$(kafka_new_cluster_id)"
    say "kafka: formatting storage (cluster $cluster_id)"
    kafka_format "$KAFKA_DATA/server.properties" "$cluster_id" "$LOGS/kafka.log"
  fi
  spawn_service kafka "${KAFKA_JAVA[@]}" kafka.Kafka "$KAFKA_DATA/server.properties"
}

kafka_health() { port_open "$KAFKA_PORT" && log_since_start kafka 'Kafka Server started'; }

# Once per start: a new broker's group coordinator is ready only after its offsets topic
# is created and loaded; the first run's classify workers would otherwise wait for it.
kafka_bootstrap() {
  [[ -d "$ROOT/node_modules/kafkajs" ]] || return 0
  node "$ROOT/stack/kafka-coordinator.cjs" "${AQI_BIND}:${KAFKA_PORT}" 90 || die "kafka: the group coordinator is not ready (see above)"
}

kafka_stop() { stop_service kafka 60; }
