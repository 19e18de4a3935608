#!/bin/bash
# cassandra.yaml from the template and the environment (written on every start, so a port
# change takes effect; the data directories are kept), then one node in the foreground.
set -euo pipefail

bind="${CASSANDRA_LISTEN_ADDRESS:-$(hostname -i | cut -d' ' -f1)}"
data=/var/lib/cassandra
mkdir -p "$data"/{data,commitlog,saved_caches,hints,cdc_raw}
sed -e "s|@BIND@|$bind|g" -e "s|@STORAGE_PORT@|${CASSANDRA_STORAGE_PORT:-7000}|g" \
  -e "s|@NATIVE_PORT@|${CASSANDRA_NATIVE_PORT:-9042}|g" -e "s|@DATA@|$data|g" \
  -e "s|^cluster_name: .*|cluster_name: ${CASSANDRA_CLUSTER_NAME:-aqi}|" \
  /opt/cassandra/conf/cassandra.yaml.template >/etc/cassandra/cassandra.yaml

heap="${MAX_HEAP_SIZE:-1G}"
mapfile -t flags </opt/cassandra/conf/jvm17.options
jamm="$(find /opt/cassandra/lib -maxdepth 1 -name 'jamm-*.jar' | head -n 1)"
exec java -Xms"$heap" -Xmx"$heap" -Xss256k -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxGCPauseMillis=300 \
  "${flags[@]}" -Dio.netty.tryReflectionSetAccessible=true -Djdk.attach.allowAttachSelf=true \
  ${jamm:+-javaagent:"$jamm"} \
  -Dcassandra.config=file:///etc/cassandra/cassandra.yaml -Dcassandra.storagedir="$data" -Dcassandra.logdir="$data" \
  -Dlogback.configurationFile=/opt/cassandra/conf/logback.xml \
  -Dcassandra-foreground=yes -Dcassandra.skip_wait_for_gossip_to_settle=0 \
  -Dcassandra.jmx.local.port="${CASSANDRA_JMX_PORT:-7199}" -Djava.rmi.server.hostname=127.0.0.1 \
  -Dcom.sun.management.jmxremote.authenticate=false \
  -cp '/opt/cassandra/lib/*' org.apache.cassandra.service.CassandraDaemon
