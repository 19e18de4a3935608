# Apicurio Registry 3 (Quarkus fast-jar from Maven Central, unpacked into var/cache/registry).
# Its Confluent-compatible API at /apis/ccompat/v7 is the schema registry of the pipeline.
# Storage is the `registry` database in our PostgreSQL, so schemas survive a restart.
# shellcheck shell=bash

REGISTRY_VERSION="${REGISTRY_VERSION:-3.3.3}"
REGISTRY_APP="$CACHE/registry/app-$REGISTRY_VERSION"
REGISTRY_HEAP="${REGISTRY_HEAP:-384m}"
REGISTRY_CCOMPAT="http://${AQI_BIND}:${REGISTRY_PORT}/apis/ccompat/v7"

registry_start() {
  [[ -f "$REGISTRY_APP/quarkus-run.jar" ]] || die "Apicurio is not installed in $REGISTRY_APP: run 'make setup'"
  live_pid postgres >/dev/null || die "registry needs postgres: make up SERVICES=\"postgres registry\""
  local java
  # Apicurio 3.3 is compiled for Java 21 (class file 65); Kafka and Cassandra stay on 17.
  java="$(java_at_least 21)" || die "Apicurio $REGISTRY_VERSION needs Java 21 or newer (set JAVA21_HOME)"
  mkdir -p "$DATA/registry"
  spawn_service registry "$java" -Xms128m -Xmx"$REGISTRY_HEAP" -XX:+UseSerialGC \
    -Dquarkus.http.host="$AQI_BIND" -Dquarkus.http.port="$REGISTRY_PORT" \
    -Dquarkus.management.host="$AQI_BIND" -Dquarkus.management.port="$REGISTRY_MGMT_PORT" \
    -Dquarkus.otel.sdk.disabled=true -Dquarkus.log.console.color=false \
    "-Dquarkus.log.console.format=%d{yyyy-MM-dd HH:mm:ss} %p [%c{2.}] (%t) %m%n" \
    -Dapicurio.storage.kind=sql -Dapicurio.storage.sql.kind=postgresql \
    -Dapicurio.datasource.url="jdbc:postgresql://${AQI_BIND}:${PG_PORT}/registry" \
    -Dapicurio.datasource.username=aqi -Dapicurio.datasource.password=trust-auth-on-loopback \
    -Dapicurio.datasource.jdbc.initial-size=2 -Dapicurio.datasource.jdbc.min-size=2 \
    -Dapicurio.datasource.jdbc.max-size=20 \
    -Dapicurio.storage.snapshot.location="$DATA/registry" \
    -Dapicurio.rules.global.compatibility=BACKWARD \
    -jar "$REGISTRY_APP/quarkus-run.jar"
}

registry_health() { curl -fsS -o /dev/null --max-time 3 "$REGISTRY_CCOMPAT/subjects"; }

# The property above sets the default global rule; this makes it explicit and durable
# (stored in PostgreSQL) and fails loudly if the registry disagrees.
registry_bootstrap() {
  curl -fsS -o /dev/null --max-time 10 -X PUT -H 'Content-Type: application/json' \
    -d '{"compatibility":"BACKWARD"}' "$REGISTRY_CCOMPAT/config"
  local level
  level="$(curl -fsS --max-time 10 "$REGISTRY_CCOMPAT/config")"
  [[ "$level" == *'"BACKWARD"'* ]] || die "registry global compatibility is $level, expected BACKWARD"
}

registry_stop() { stop_service registry 30; }
