# The cluster's three Cassandra 5.0 nodes, one per host, one ring: same cluster name and
# seeds, GossipingPropertyFileSnitch with one rack per host, the single-node template
# (stack/conf/cassandra.yaml.template) otherwise.
# shellcheck shell=bash

cassandra_node_config() {
  local node="$1" n host dir
  n="$(node_index "$node")"
  host="$(node_host "$node")"
  dir="$DATA/$node"
  mkdir -p "$dir"/{data,commitlog,saved_caches,hints,cdc_raw}
  # auto_bootstrap false: the nodes of a new, empty cluster take their initial tokens
  # without streaming, so they need not join one at a time with a ring delay each.
  # A node that lost its data must instead come back with -Dcassandra.replace_address.
  sed -e "s|^cluster_name: .*|cluster_name: $CLUSTER_NAME|" \
    -e "s|^initial_token: .*|initial_token: ${CLUSTER_TOKENS[$((n - 1))]}|" \
    -e "s|^endpoint_snitch: .*|endpoint_snitch: GossipingPropertyFileSnitch|" \
    -e "s|\"@BIND@:@STORAGE_PORT@\"|\"$CLUSTER_CASSANDRA_SEEDS\"|" \
    -e "s|@BIND@|$host|g" -e "s|@STORAGE_PORT@|$CASSANDRA_STORAGE_PORT|g" \
    -e "s|@NATIVE_PORT@|$CASSANDRA_PORT|g" -e "s|@DATA@|$dir|g" \
    "$ROOT/stack/conf/cassandra.yaml.template" >"$dir/cassandra.yaml"
  printf 'auto_bootstrap: false\n' >>"$dir/cassandra.yaml"
  printf 'dc=%s\nrack=rack%s\n' "$CLUSTER_DC" "$n" >"$dir/cassandra-rackdc.properties"
}

cassandra_node_start() {
  local node="$1" n
  n="$(node_index "$node")"
  cassandra_node_config "$node"
  cassandra_java_argv "$DATA/$node" "${CLUSTER_JMX_PORTS[$((n - 1))]}" "$CLUSTER_CASSANDRA_HEAP" \
    -Dcassandra-rackdc.properties="file://$DATA/$node/cassandra-rackdc.properties"
  spawn_service "$node" "${CASSANDRA_JAVA[@]}"
}

# The native (CQL) port opens last in start-up, once the node can serve queries.
cassandra_node_health() { addr_open "$(node_host "$1")" "$CASSANDRA_PORT"; }

# nodetool through the node's JMX port; Cassandra's jars carry it.
nodetool() {
  local node="$1" n flags
  shift
  n="$(node_index "$node")"
  mapfile -t flags < <(cassandra_jdk17_flags)
  # user.home: nodetool keeps its command history in ~/.cassandra; keep it under var/.
  java -Xmx128m "${flags[@]}" -Duser.home="$CLUSTER_VAR" \
    -Dlogback.configurationFile="$ROOT/stack/conf/cassandra-logback.xml" \
    -cp "$(jar_classpath "$CASSANDRA_LIB")" org.apache.cassandra.tools.NodeTool \
    -h 127.0.0.1 -p "${CLUSTER_JMX_PORTS[$((n - 1))]}" "$@"
}
