# Layout of the loopback cluster: three "hosts" (127.0.0.2-4), each running one Kafka node
# (broker + KRaft controller) and one Cassandra node, as three machines would. The ports
# are the single-node stack's (stack/stack.env) on other addresses, so both run at once.
# Sourced by stack/cluster/cluster.sh after stack/lib.sh.
# shellcheck shell=bash

CLUSTER_HOSTS=(127.0.0.2 127.0.0.3 127.0.0.4)
CLUSTER_NAME=aqi-cluster
CLUSTER_DC=datacenter1
CLUSTER_KAFKA_HEAP="${CLUSTER_KAFKA_HEAP:-384m}"
CLUSTER_CASSANDRA_HEAP="${CLUSTER_CASSANDRA_HEAP:-768M}"
# Cassandra's local JMX listens on 127.0.0.1 whatever the node's address: one port per node.
CLUSTER_JMX_PORTS=(17201 17202 17203)
# Two seeds, not all three: a node must be able to start while one seed is down.
CLUSTER_CASSANDRA_SEEDS="${CLUSTER_HOSTS[0]}:${CASSANDRA_STORAGE_PORT},${CLUSTER_HOSTS[1]}:${CASSANDRA_STORAGE_PORT}"
# num_tokens 1 and evenly spaced Murmur3 tokens: a fresh ring is balanced without bootstrap.
CLUSTER_TOKENS=(-9223372036854775808 -3074457345618258603 3074457345618258602)

# Everything of the cluster lives apart from the single-node stack: lib.sh's helpers
# (spawn_service, live_pid, stop_service, wait_healthy) follow these variables.
CLUSTER_VAR="$VAR/cluster"
DATA="$CLUSTER_VAR/data"
LOGS="$CLUSTER_VAR/logs"
RUN="$CLUSTER_VAR/run"
mkdir -p "$DATA" "$LOGS" "$RUN"

# kafka-2 -> 2, cassandra-3 -> 3
node_index() { printf '%s' "${1##*-}"; }
node_host() { printf '%s' "${CLUSTER_HOSTS[$(($(node_index "$1") - 1))]}"; }

KAFKA_NODES=(kafka-1 kafka-2 kafka-3)
CASSANDRA_NODES=(cassandra-1 cassandra-2 cassandra-3)

addr_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
