/**
 * What the cluster chaos case counts and waits for: every reading key (station@observed_at)
 * in PostgreSQL, in the Kafka topic (decoded, repeats kept) and in Cassandra (read at ALL,
 * so every replica answers), and the killed nodes back in sync with the others.
 */
import { Client as Cassandra, types } from 'cassandra-driver';
import type { Admin } from 'kafkajs';
import { VALUE_SCHEMA_FILE } from '../../../tasks/publish/run-publish';
import type { ReadingRecord } from '../../../tasks/publish/reading-record';
import { createDecoder, loadAvroSchema } from '../../../tasks/registry/avro-serde';
import { createRegistryClient } from '../../../tasks/registry/client';
import { query } from '../ingest/helpers';
import { cassandraReadingKeys, kafkaClient, type StreamTarget } from '../stream/support';
import { clusterScript } from '../support/cluster';
import { ports, uniqueName } from '../support/stack';

const keyOf = (stationId: number, observedAt: Date | number) => `${stationId}@${new Date(observedAt).toISOString()}`;

export async function stagedKeys(dbUrl: string): Promise<string[]> {
  const rows = await query<{ station_id: number; observed_at: Date }>(dbUrl, 'SELECT station_id, observed_at FROM readings');
  return rows.map((r) => keyOf(r.station_id, r.observed_at));
}

/** Every message of the topic, decoded to its reading key; a message sent twice counts twice. */
export async function topicKeys(topic: string, target: StreamTarget, timeoutMs = 120_000): Promise<string[]> {
  const kafka = kafkaClient(target);
  const admin = kafka.admin();
  await admin.connect();
  const expected = (await admin.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  const decoder = createDecoder<ReadingRecord>(createRegistryClient(`http://127.0.0.1:${ports.REGISTRY_PORT}/apis/ccompat/v7`), loadAvroSchema(VALUE_SCHEMA_FILE));
  const group = uniqueName('cluster-count');
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 6000 });
  const keys: string[] = [];
  try {
    if (expected === 0) return keys;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${keys.length} of ${expected} messages of ${topic}`)), timeoutMs);
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          await decoder.prepare(batch.messages.map((m) => m.value));
          for (const m of batch.messages) {
            const r = decoder.decode(m.value);
            keys.push(keyOf(r.station_id, r.observed_at));
          }
          if (keys.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return keys;
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Reading keys of the keyspace, read at ALL: each row is compared on all three replicas. */
export async function cassandraKeysAtAll(keyspace: string, target: StreamTarget): Promise<string[]> {
  const cass = new Cassandra({ contactPoints: target.contactPoints, localDataCenter: 'datacenter1', queryOptions: { consistency: types.consistencies.all } });
  try {
    return await cassandraReadingKeys(cass, keyspace);
  } finally {
    await cass.shutdown();
  }
}

/**
 * Runs one admin call on a client of its own: a long-lived client keeps asking a node that
 * died (ECONNREFUSED) while a new one bootstraps from any live node of the list.
 */
async function withAdmin<T>(target: StreamTarget, call: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafkaClient(target).admin();
  await admin.connect();
  try {
    return await call(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Sum of the group's committed offsets on the topic (0 before its first commit); retried for 30 s. */
export async function committedTotal(target: StreamTarget, groupId: string, topic: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const [offsets] = await withAdmin(target, (admin) => admin.fetchOffsets({ groupId, topics: [topic] }));
      return (offsets?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
    } catch (err) {
      if (attempt >= 30) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function pollUntil(what: string, timeoutMs: number, ok: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await ok().catch(() => false))) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} not reached within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return Date.now() - started;
}

/** Waits until every partition of the topics has all its replicas in sync again; ms waited. */
export function waitInSync(target: StreamTarget, topics: string[], timeoutMs = 180_000): Promise<number> {
  return pollUntil(`in-sync replicas of ${topics.join(', ')}`, timeoutMs, async () => {
    const meta = await withAdmin(target, (admin) => admin.fetchTopicMetadata({ topics }));
    return meta.topics.every((t) => t.partitions.every((p) => p.isr.length === p.replicas.length));
  });
}

/** Waits until `nodetool status` shows the three nodes Up and Normal; ms waited. */
export const waitRing = (timeoutMs = 180_000): Promise<number> => pollUntil('a ring of 3 UN nodes', timeoutMs, async () => clusterScript('ring'));

/**
 * Distinct warnings and errors a step logged (JSON lines on stderr), repeats counted: what
 * an operator reading the task log saw while the step itself went on and exited 0.
 */
export function loggedWarnings(stderr: string): string[] {
  const counts = new Map<string, number>();
  for (const line of stderr.split('\n')) {
    let rec: { level?: string; message?: unknown; error?: unknown; stack?: unknown };
    try {
      rec = JSON.parse(line) as typeof rec;
    } catch {
      continue;
    }
    if (rec.level !== 'warn' && rec.level !== 'error') continue;
    // kafkajs logs an Error object, which JSON keeps only as its stack (or as {}).
    const stackHead = typeof rec.stack === 'string' ? rec.stack.split('\n')[0] : undefined;
    const error = typeof rec.error === 'object' && rec.error !== null ? ((rec.error as { message?: unknown }).message ?? stackHead ?? JSON.stringify(rec.error)) : rec.error;
    const text = `${String(rec.message)}${error ? `: ${String(error)}` : ''}`.replace(/\s+/g, ' ').slice(0, 160);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts].map(([text, n]) => (n > 1 ? `${text} (x${n})` : text));
}
