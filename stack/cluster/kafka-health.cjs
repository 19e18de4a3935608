// Kafka side of `cluster.sh status`: brokers the cluster reports and partitions whose
// in-sync replicas are fewer than their replicas (a dead or lagging node shows here).
// Usage: node kafka-health.cjs host:port,host:port,...   Exit 0 when 3 brokers and 0 under-replicated.
const { Kafka, logLevel } = require('kafkajs');

async function main() {
  const brokers = (process.argv[2] || '').split(',').filter(Boolean);
  const kafka = new Kafka({ clientId: 'cluster-status', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3000, retry: { retries: 1 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    const { topics } = await admin.fetchTopicMetadata();
    const partitions = topics.flatMap((t) => t.partitions);
    const under = partitions.filter((p) => p.isr.length < p.replicas.length).length;
    const ids = cluster.brokers.map((b) => b.nodeId).sort().join(',');
    console.log(`kafka: brokers ${ids} (${cluster.brokers.length}/3), ${topics.length} topics, ${partitions.length} partitions, ${under} under-replicated`);
    return cluster.brokers.length === 3 && under === 0 ? 0 : 1;
  } finally {
    await admin.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.log(`kafka: no answer from ${process.argv[2]} (${err.message})`);
    process.exit(1);
  },
);
