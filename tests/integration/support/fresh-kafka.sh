#!/usr/bin/env bash
# A throwaway single-node Kafka with empty storage: no consumer-offsets topic yet, as on
# a machine's first `make up`. For tests of what a brand-new broker does to the steps.
# Usage: fresh-kafka.sh start|stop PORT   (PORT+1 is its controller port)
# It waits only for "Kafka Server started", not for the group coordinator `make up` warms.
set -euo pipefail
# shellcheck source=../../../stack/lib.sh
source "$(cd "$(dirname "$0")/../../.." && pwd)/stack/lib.sh"
# shellcheck source=../../../stack/services/kafka.sh
source "$ROOT/stack/services/kafka.sh"

cmd="${1:?start|stop}" port="${2:?PORT}"
name="fresh-kafka-$port"
dir="$DATA/$name"
KAFKA_PORT="$port"
KAFKA_CONTROLLER_PORT="$((port + 1))"
KAFKA_HEAP=256m

fresh_health() { port_open "$KAFKA_PORT" && log_since_start "$name" 'Kafka Server started'; }

case "$cmd" in
  start)
    stop_service "$name" 30 >/dev/null 2>&1 || true
    rm -rf "$dir"
    mkdir -p "$dir/logs"
    kafka_java_argv
    {
      kafka_properties 1 "1@${AQI_BIND}:${KAFKA_CONTROLLER_PORT}" "$AQI_BIND" "$dir/logs" 1 1
      printf 'num.partitions=1\noffsets.topic.num.partitions=3\n'
    } >"$dir/server.properties"
    kafka_format "$dir/server.properties" "$(kafka_new_cluster_id)" "$LOGS/$name.log"
    spawn_service "$name" "${KAFKA_JAVA[@]}" kafka.Kafka "$dir/server.properties"
    wait_healthy "$name" 120 fresh_health
    ;;
  stop)
    stop_service "$name" 30
    rm -rf "$dir"
    ;;
  *) die "usage: fresh-kafka.sh start|stop PORT" ;;
esac
