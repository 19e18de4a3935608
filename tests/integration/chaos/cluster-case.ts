/**
 * Cluster mode's fault case (make chaos-cluster). The pipeline runs hour after hour
 * (fetch -> stage -> publish -> classify, thousands of readings an hour) against the
 * loopback cluster: 3 Kafka nodes (RF 3, min in-sync 2, acks=all) and 3 Cassandra nodes
 * (RF 3, QUORUM). Hour 2: one Kafka node is SIGKILLed while publish sends. Hour 3: one
 * Cassandra node is SIGKILLed while classify writes. Both stay down through the next
 * hours; before the last hour they restart and must rejoin (every replica in sync, ring
 * of 3 UN); the last hour runs on the healed cluster. A step that exits 75 is rerun, as
 * Airflow's retry would.
 *
 * lost       = (expected - staged) + staged readings with no row in Cassandra
 * duplicated = (Kafka messages - distinct readings in Kafka) + Cassandra rows that are
 *              repeats or were never staged; Cassandra is read at ALL (every replica).
 */
import { startSimulator } from '../../../tasks/simulator/server';
import { count, fetchEnv } from '../ingest/helpers';
import { dropStream, streamNames } from '../stream/support';
import { CLUSTER_ENV, CLUSTER_TARGET, clusterCommand, clusterScript, nodeAlive } from '../support/cluster';
import { freshDatabase } from '../support/stack';
import { cassandraKeysAtAll, committedTotal, loggedWarnings, stagedKeys, topicKeys, waitInSync, waitRing } from './cluster-checks';
import type { CaseRow, StepLog } from './report';
import type { ServiceFault } from './service-fault';
import { withReruns } from './waqi-cases';

export interface ClusterCaseOptions {
  /** stations of the simulator: readings per hour */
  stations: number;
  /** at least 4: healthy, Kafka fault, Cassandra fault, ..., healed */
  hours: number;
  kafkaNode: string;
  cassandraNode: string;
}

export interface ClusterCaseResult {
  row: CaseRow;
  kafkaMessages: number;
  kafkaDistinct: number;
  hourSeconds: number[];
  restartSeconds: number;
  inSyncSeconds: number;
  ringSeconds: number;
  /** warnings the faulted steps logged while they went on */
  loggedDuringFaults: string[];
}

const HOUR_MS = 3_600_000;
const SEED = 31;
// Publish pages of 250 (default 5000): the Kafka node dies with most pages still to send.
const PUBLISH_PAGE = '250';
const KAFKA_FAULT_HOUR = 1;
const CASSANDRA_FAULT_HOUR = 2;
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** A node SIGKILLed while a step runs, as soon as the step has made progress (recorded). */
interface NodeFault extends ServiceFault {
  node: string;
  unit: string;
  progressAtKill?: number;
}

function nodeFault(step: 'publish' | 'classify', node: string, unit: string, progress: () => Promise<number>): NodeFault {
  const fault: NodeFault = {
    step,
    node,
    unit,
    afterMs: 0,
    when: async () => {
      const done = await progress();
      if (done > 0) fault.progressAtKill = done;
      return done > 0;
    },
    inject: clusterCommand('kill', node),
  };
  return fault;
}

export async function runClusterCase(o: ClusterCaseOptions): Promise<ClusterCaseResult> {
  if (o.hours < 4) throw new Error('the cluster case needs at least 4 hours');
  const thisHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  // Past hours, oldest first; the simulator's clock is pinned inside each in turn.
  const hours = Array.from({ length: o.hours }, (_, i) => thisHour - (o.hours - i) * HOUR_MS);
  let pinned = new Date(thisHour);
  const db = await freshDatabase();
  const names = streamNames('cluster_chaos');
  const sim = await startSimulator({ stations: o.stations, seed: SEED, unknownShare: 0, clock: () => pinned });
  const steps: StepLog = { codes: [], userSaw: [] };
  const notes: string[] = [];
  const logged: string[] = [];
  const hourSeconds: number[] = [];
  const healing = { restartSeconds: 0, inSyncSeconds: 0, ringSeconds: 0 };
  const env = fetchEnv(db.url, sim.url, {
    ...CLUSTER_ENV,
    WAQI_TOKEN: 'cluster-chaos',
    AQI_FETCH_TILE_DEGREES: '90',
    AQI_FETCH_GRACE_MINUTES: String((o.hours + 1) * 60),
    AQI_TOPIC_READINGS: names.topic,
    AQI_TOPIC_DLQ: names.dlq,
    AQI_CASSANDRA_KEYSPACE: names.keyspace,
    AQI_KAFKA_SESSION_TIMEOUT_MS: '6000',
  });

  const run = async (hour: number, args: string[], fault?: NodeFault) => {
    const { res, reruns } = await withReruns(args, env, steps, fault);
    if (reruns > 0) notes.push(`h${hour + 1} ${args[0]} rerun x${reruns}`);
    if (res.code !== 0) throw new Error(`h${hour + 1} ${args[0]} still failed after ${reruns} reruns: ${res.stderr.slice(-400)}`);
    if (!fault) return;
    if (nodeAlive(fault.node) || fault.progressAtKill === undefined) throw new Error(`${args[0]} ended before ${fault.node} was killed: raise AQI_CLUSTER_CHAOS_STATIONS`);
    const resent = Number(res.summary?.resentAfterLeaderChange ?? 0);
    notes.push(
      `h${hour + 1} ${fault.node} killed at ${fault.progressAtKill}/${o.stations} ${fault.unit}; ${args[0]} ${reruns === 0 ? 'went on (exit 0)' : 'rerun'}` +
        (resent > 0 ? `, ${resent} resent after leader change` : ''),
    );
    logged.push(...loggedWarnings(res.stderr).map((w) => `${args[0]}: ${w}`));
  };

  try {
    for (const [i, start] of hours.entries()) {
      if (i === o.hours - 1) {
        const t = Date.now();
        if (!clusterScript('up', o.kafkaNode, o.cassandraNode)) throw new Error(`restarting ${o.kafkaNode} and ${o.cassandraNode} failed`);
        healing.restartSeconds = seconds(Date.now() - t);
        healing.inSyncSeconds = seconds(await waitInSync(CLUSTER_TARGET, [names.topic, names.dlq, '__consumer_offsets']));
        healing.ringSeconds = seconds(await waitRing());
        notes.push(`both restarted in ${healing.restartSeconds} s, replicas in sync and ring 3 UN`);
      }
      pinned = new Date(start + HOUR_MS / 2);
      const t0 = Date.now();
      const interval = ['--interval-start', new Date(start).toISOString(), '--interval-end', new Date(start + HOUR_MS).toISOString()];
      await run(i, ['fetch', ...interval, '--run-id', `cluster-chaos-${i + 1}`]);
      await run(i, ['stage', ...interval]);
      // Killed once a first page is acknowledged and marked: the next pages are still to send.
      const published = () => count(db.url, 'SELECT count(*) AS n FROM published_readings p JOIN readings r USING (station_id, observed_at, content_hash) WHERE r.interval_start = $1', [new Date(start)]);
      await run(i, ['publish', ...interval, '--page-size', PUBLISH_PAGE], i === KAFKA_FAULT_HOUR ? nodeFault('publish', o.kafkaNode, 'readings acknowledged', published) : undefined);
      // Killed once a first chunk is written and committed: the others are still to write.
      const before = await committedTotal(CLUSTER_TARGET, names.group, names.topic);
      const committed = async () => (await committedTotal(CLUSTER_TARGET, names.group, names.topic)) - before;
      await run(i, ['classify', '--group', names.group], i === CASSANDRA_FAULT_HOUR ? nodeFault('classify', o.cassandraNode, 'readings committed', committed) : undefined);
      hourSeconds.push(seconds(Date.now() - t0));
      process.stderr.write(`[chaos-cluster] hour ${i + 1}/${o.hours} done in ${hourSeconds[i]} s\n`);
    }

    const staged = await stagedKeys(db.url);
    const inKafka = await topicKeys(names.topic, CLUSTER_TARGET);
    const inCassandra = await cassandraKeysAtAll(names.keyspace, CLUSTER_TARGET);
    const stagedSet = new Set(staged);
    const kafkaSet = new Set(inKafka);
    const cassandraSet = new Set(inCassandra);
    const expected = o.stations * o.hours;
    return {
      row: {
        case: 'cluster',
        fault: `${o.kafkaNode} SIGKILLed during publish (h${KAFKA_FAULT_HOUR + 1}), ${o.cassandraNode} SIGKILLed during classify (h${CASSANDRA_FAULT_HOUR + 1})`,
        staged: staged.length,
        cassandra: inCassandra.length,
        lost: Math.max(0, expected - staged.length) + staged.filter((k) => !cassandraSet.has(k)).length,
        duplicated: inKafka.length - kafkaSet.size + (inCassandra.length - cassandraSet.size) + [...cassandraSet].filter((k) => !stagedSet.has(k)).length,
        exitCodes: steps.codes.join(','),
        recovery: notes.join('; '),
        userSaw: steps.userSaw,
      },
      kafkaMessages: inKafka.length,
      kafkaDistinct: kafkaSet.size,
      hourSeconds,
      ...healing,
      loggedDuringFaults: logged,
    };
  } finally {
    await sim.close();
    // A failed cleanup must not hide why the case failed (nor stop the database drop).
    await dropStream(names, CLUSTER_TARGET).catch((err: unknown) => process.stderr.write(`[chaos-cluster] dropping ${names.topic}: ${String(err)}\n`));
    await db.drop();
  }
}
