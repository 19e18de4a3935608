/**
 * Shared by the stream integration tests: seed `readings` rows straight into a fresh
 * PostgreSQL database (with the parent raw row), and count what reached Kafka and Cassandra.
 */
import { Client as Cassandra } from 'cassandra-driver';
import { Kafka, logLevel } from 'kafkajs';
import '../../../tasks/kafka/lz4-codec'; // the steps' batches are LZ4
import { Client } from 'pg';
import { createRegistryClient } from '../../../tasks/registry/client';
import { ports, stackEnv, uniqueName } from '../support/stack';

export { INTERVAL, seedReadings } from './seed-readings';

export interface StreamNames {
  topic: string;
  dlq: string;
  keyspace: string;
  group: string;
}

export function streamNames(prefix: string): StreamNames {
  const base = uniqueName(prefix).toLowerCase();
  return { topic: `${base}.readings`, dlq: `${base}.dlq`, keyspace: base.replace(/[^a-z0-9_]/g, '_'), group: `${base}-classify` };
}

export function streamEnv(dbUrl: string, names: StreamNames, extra: Record<string, string> = {}): Record<string, string> {
  return stackEnv({
    AQI_PG_URL: dbUrl,
    AQI_TOPIC_READINGS: names.topic,
    AQI_TOPIC_DLQ: names.dlq,
    AQI_CASSANDRA_KEYSPACE: names.keyspace,
    AQI_CASSANDRA_CONSISTENCY: 'ONE',
    AQI_KAFKA_SESSION_TIMEOUT_MS: '6000',
    ...extra,
  });
}

export async function pgCount(dbUrl: string, where = 'true'): Promise<number> {
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM readings WHERE ${where}`);
    return Number(rows[0]?.n);
  } finally {
    await pg.end();
  }
}

/** Where a stream lives: the single-node stack unless told (the loopback cluster's chaos case). */
export interface StreamTarget {
  brokers: string[];
  contactPoints: string[];
}

export const STACK_TARGET: StreamTarget = {
  brokers: [`127.0.0.1:${ports.KAFKA_PORT}`],
  contactPoints: [`127.0.0.1:${ports.CASSANDRA_PORT}`],
};

export const kafkaClient = (target = STACK_TARGET) =>
  new Kafka({ clientId: uniqueName('stream-test'), brokers: target.brokers, logLevel: logLevel.NOTHING });

/** Messages in a topic = sum over partitions of (high - low). */
export async function topicMessageCount(topic: string, target = STACK_TARGET): Promise<number> {
  const admin = kafkaClient(target).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  } finally {
    await admin.disconnect();
  }
}

export function cassandraClient(target = STACK_TARGET): Cassandra {
  return new Cassandra({ contactPoints: target.contactPoints, localDataCenter: 'datacenter1' });
}

/** Every (station, observed_at) in readings_by_station_day (a full scan: test keyspaces are small). */
export async function cassandraReadingKeys(cass: Cassandra, keyspace: string): Promise<string[]> {
  const keys: string[] = [];
  const rows = cass.stream(`SELECT station_id, observed_at FROM ${keyspace}.readings_by_station_day`, [], { prepare: true, fetchSize: 5000 });
  for await (const row of rows as unknown as AsyncIterable<{ station_id: number; observed_at: Date }>) {
    keys.push(`${row.station_id}@${row.observed_at.toISOString()}`);
  }
  return keys;
}

export async function dropStream(names: StreamNames, target = STACK_TARGET): Promise<void> {
  const registry = createRegistryClient(`http://127.0.0.1:${ports.REGISTRY_PORT}/apis/ccompat/v7`);
  for (const suffix of ['key', 'value']) await registry.deleteSubject(`${names.topic}-${suffix}`).catch(() => undefined);
  const admin = kafkaClient(target).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = [names.topic, names.dlq].filter((t) => existing.has(t));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(names.group));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  const cass = cassandraClient(target);
  try {
    await cass.execute(`DROP KEYSPACE IF EXISTS ${names.keyspace}`);
  } finally {
    await cass.shutdown();
  }
}
