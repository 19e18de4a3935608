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

# Written on every start so that a port change in stack.env takes effect.
kafka_write_config() {
  mkdir -p "$KAFKA_DATA/logs"
  cat >"$KAFKA_DATA/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${AQI_BIND}:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://${AQI_BIND}:${KAFKA_PORT},CONTROLLER://${AQI_BIND}:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://${AQI_BIND}:${KAFKA_PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${KAFKA_DATA}/logs
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Steps create their topics explicitly, with the partitions they need.
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=67108864
PROPS
}

kafka_start() {
  kafka_java_argv
  kafka_write_config
  if [[ ! -f "$KAFKA_DATA/logs/meta.properties" ]]; then
    local cluster_id
    cluster_id="$("${KAFKA_JAVA[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    say "kafka: formatting storage (cluster $cluster_id)"
    "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DATA/server.properties" \
      --ignore-formatted >>"$LOGS/kafka.log" 2>&1
  fi
  spawn_service kafka "${KAFKA_JAVA[@]}" kafka.Kafka "$KAFKA_DATA/server.properties"
}

kafka_health() { port_open "$KAFKA_PORT" && log_since_start kafka 'Kafka Server started'; }

kafka_stop() { stop_service kafka 60; }
