#!/bin/bash
# KAFKA_* environment -> /etc/kafka/server.properties (the official image's convention:
# KAFKA_FOO_BAR is foo.bar, a triple underscore a dash, a double one an underscore), then
# `kafka-storage format` once (CLUSTER_ID, or a new id) and the broker in the foreground.
set -euo pipefail

JAVA=(java ${KAFKA_HEAP_OPTS:--Xms512m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
  -Dorg.slf4j.simpleLogger.defaultLogLevel=info -Dorg.slf4j.simpleLogger.showDateTime=true
  ${KAFKA_OPTS:-} -cp '/opt/kafka/libs/*')
config=/etc/kafka/server.properties

{
  echo "log.dirs=/var/lib/kafka/data"
  env | while IFS='=' read -r name value; do
    case "$name" in
      KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_LOG4J_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_JMX_OPTS) continue ;;
      KAFKA_*) ;;
      *) continue ;;
    esac
    key="${name#KAFKA_}"
    key="${key//___/-}"
    key="${key//__/@}"
    key="${key//_/.}"
    key="${key//@/_}"
    printf '%s=%s\n' "${key,,}" "$value"
  done
} >"$config"

if [[ ! -f /var/lib/kafka/data/meta.properties ]]; then
  cluster_id="${CLUSTER_ID:-$("${JAVA[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)}"
  echo "kafka: formatting /var/lib/kafka/data (cluster $cluster_id)"
  "${JAVA[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$config" --ignore-formatted
fi
exec "${JAVA[@]}" kafka.Kafka "$config"
