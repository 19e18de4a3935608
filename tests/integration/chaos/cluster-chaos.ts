/**
 * Entry point of stack/cluster/chaos.sh (make chaos-cluster): runs the cluster fault case
 * (cluster-case.ts) against the running loopback cluster, prints its table row, what the
 * user saw and the cluster's own figures. Exit 1 unless 0 lost, 0 duplicated and
 * staged = distinct messages in Kafka = rows in Cassandra.
 *   node dist/tests/integration/chaos/cluster-chaos.js
 * AQI_CLUSTER_CHAOS_STATIONS (readings per hour, 2400), AQI_CLUSTER_CHAOS_HOURS (5),
 * AQI_CLUSTER_CHAOS_KAFKA_NODE (kafka-1), AQI_CLUSTER_CHAOS_CASSANDRA_NODE (cassandra-1).
 */
import { runClusterCase } from './cluster-case';
import { formatReport } from './report';

async function main(): Promise<number> {
  const env = process.env;
  const started = Date.now();
  const r = await runClusterCase({
    stations: Number(env.AQI_CLUSTER_CHAOS_STATIONS ?? 2400),
    hours: Number(env.AQI_CLUSTER_CHAOS_HOURS ?? 5),
    kafkaNode: env.AQI_CLUSTER_CHAOS_KAFKA_NODE ?? 'kafka-1',
    cassandraNode: env.AQI_CLUSTER_CHAOS_CASSANDRA_NODE ?? 'cassandra-1',
  });
  const { row } = r;
  const out = [
    formatReport([row]),
    '',
    'Logged by the faulted steps while they went on:',
    ...(r.loggedDuringFaults.length > 0 ? r.loggedDuringFaults.map((w) => `  ${w}`) : ['  nothing at warn level']),
    '',
    `staged ${row.staged} | Kafka messages ${r.kafkaMessages}, distinct ${r.kafkaDistinct} | Cassandra rows (read at ALL) ${row.cassandra}`,
    `hours (s): ${r.hourSeconds.join(', ')} | restart of the killed nodes ${r.restartSeconds} s, replicas in sync ${r.inSyncSeconds} s later, ring 3 UN ${r.ringSeconds} s later`,
    `case: ${((Date.now() - started) / 1000).toFixed(1)} s`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  const consistent = row.staged === r.kafkaDistinct && row.staged === row.cassandra;
  return row.lost === 0 && row.duplicated === 0 && consistent && row.staged > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[chaos-cluster] failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
