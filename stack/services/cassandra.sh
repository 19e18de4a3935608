# Cassandra 5.0 from Maven Central (var/cache/cassandra/lib), one node on loopback, on Java 17
# with the module flags of Cassandra's own conf/jvm17-server.options.
# shellcheck shell=bash

CASSANDRA_LIB="$CACHE/cassandra/lib"
CASSANDRA_DATA="$DATA/cassandra"
CASSANDRA_HEAP="${CASSANDRA_HEAP:-1G}"

cassandra_jdk17_flags() {
  local m
  for m in java.base/jdk.internal.misc java.management.rmi/com.sun.jmx.remote.internal.rmi \
    java.rmi/sun.rmi.registry java.rmi/sun.rmi.server java.sql/java.sql java.base/java.lang.ref \
    jdk.unsupported/sun.misc jdk.compiler/com.sun.tools.javac.file jdk.attach/sun.tools.attach; do
    printf -- '--add-exports=%s=ALL-UNNAMED\n' "$m"
  done
  for m in java.base/java.lang.module java.base/jdk.internal.loader java.base/jdk.internal.ref \
    java.base/jdk.internal.reflect java.base/jdk.internal.math java.base/jdk.internal.module \
    java.base/jdk.internal.util.jar jdk.management/com.sun.management.internal java.base/sun.nio.ch \
    java.base/java.io java.base/java.lang.reflect jdk.compiler/com.sun.tools.javac java.base/java.lang \
    java.base/java.util java.base/java.nio java.base/java.util.concurrent \
    java.base/java.util.concurrent.atomic; do
    printf -- '--add-opens=%s=ALL-UNNAMED\n' "$m"
  done
}

cassandra_write_config() {
  mkdir -p "$CASSANDRA_DATA"/{data,commitlog,saved_caches,hints,cdc_raw}
  sed -e "s|@BIND@|$AQI_BIND|g" -e "s|@STORAGE_PORT@|$CASSANDRA_STORAGE_PORT|g" \
    -e "s|@NATIVE_PORT@|$CASSANDRA_PORT|g" -e "s|@DATA@|$CASSANDRA_DATA|g" \
    "$ROOT/stack/conf/cassandra.yaml.template" >"$CASSANDRA_DATA/cassandra.yaml"
}

# The java command line of one node into CASSANDRA_JAVA: data directory, JMX port (local
# JMX, bound to loopback), heap, then any extra JVM options. stack/cluster/ runs three
# nodes with it.
cassandra_java_argv() {
  local data="$1" jmx_port="$2" heap="$3" jamm flags
  shift 3
  [[ -d "$CASSANDRA_LIB" ]] || die "Cassandra is not installed in $CASSANDRA_LIB: run 'make setup'"
  jamm="$(find "$CASSANDRA_LIB" -maxdepth 1 -name 'jamm-*.jar' | head -n 1)"
  mapfile -t flags < <(cassandra_jdk17_flags)
  CASSANDRA_JAVA=(java -Xms"$heap" -Xmx"$heap" -Xss256k
    -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxGCPauseMillis=300
    -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$data"
    "${flags[@]}" -Dio.netty.tryReflectionSetAccessible=true -Djdk.attach.allowAttachSelf=true
    ${jamm:+-javaagent:"$jamm"}
    -Dcassandra.config="file://$data/cassandra.yaml"
    -Dcassandra.storagedir="$data" -Dcassandra.logdir="$LOGS"
    -Dlogback.configurationFile="$ROOT/stack/conf/cassandra-logback.xml"
    -Dcassandra-foreground=yes -Dcassandra.skip_wait_for_gossip_to_settle=0
    -Dcassandra.jmx.local.port="$jmx_port" -Djava.rmi.server.hostname="$AQI_BIND"
    -Dcom.sun.management.jmxremote.authenticate=false
    "$@"
    -cp "$(jar_classpath "$CASSANDRA_LIB")" org.apache.cassandra.service.CassandraDaemon)
}

cassandra_start() {
  [[ -d "$CASSANDRA_LIB" ]] || die "Cassandra is not installed in $CASSANDRA_LIB: run 'make setup'"
  cassandra_write_config
  cassandra_java_argv "$CASSANDRA_DATA" "$CASSANDRA_JMX_PORT" "$CASSANDRA_HEAP"
  spawn_service cassandra "${CASSANDRA_JAVA[@]}"
}

# The native (CQL) port opens last in start-up, once the node can serve queries.
cassandra_health() { port_open "$CASSANDRA_PORT"; }

cassandra_stop() { stop_service cassandra 60; }
