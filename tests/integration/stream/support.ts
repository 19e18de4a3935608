/**
 * Shared by the stream integration tests: seed `readings` rows straight into a fresh
 * PostgreSQL database (with the parent raw row), and count what reached Kafka and Cassandra.
 */
import { Client as Cassandra } from 'cassandra-driver';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { ports, stackEnv, uniqueName } from '../support/stack';

export const INTERVAL = { start: '2026-11-23T10:00:00Z', end: '2026-11-23T11:00:00Z' };

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

/**
 * Inserts `stations` x `perStation` readings inside INTERVAL (observed every minute), as
 * stage would: one raw row each, typed columns, unpublished. Needs the schema migrated.
 */
export async function seedReadings(dbUrl: string, stations: number, perStation: number, firstStation = 1): Promise<number> {
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  try {
    await pg.query(
      `WITH s AS (SELECT generate_series($1::int, $1::int + $2::int - 1) AS station_id),
            m AS (SELECT generate_series(0, $3::int - 1) AS minute),
            raw AS (
              INSERT INTO raw_responses (run_id, interval_start, interval_end, endpoint, station_ref, request_target, attempt,
                                         http_status, body, fetch_outcome, fetched_at, duration_ms)
              SELECT 'seed', $4, $5, 'feed', '@' || station_id, '/feed/@' || station_id || '/?token=REDACTED', 1, 200, '{}'::jsonb, 'answer', $4, 1
                FROM s RETURNING id, station_ref)
       INSERT INTO readings (station_id, observed_at, station_name, station_url, city, country, lat, lon, source_tz, aqi,
                             dominant_pollutant, pm25, pm10, o3, no2, temperature_c, attributions, raw_id, interval_start,
                             interval_end, content_hash, staged_at)
       SELECT s.station_id, $4::timestamptz + make_interval(mins => m.minute), 'Station ' || s.station_id, NULL,
              'City ' || (s.station_id % 7), CASE WHEN s.station_id % 5 = 0 THEN NULL ELSE 'C' || (s.station_id % 3) END,
              50 + s.station_id % 10, 4 + s.station_id % 10, '+01:00', (s.station_id * 37 + m.minute * 11) % 420,
              'pm25', (s.station_id * 37 + m.minute * 11) % 420, 20, 12.5, NULL, 9.5,
              '[{"name":"Agency","url":"http://example.org"}]'::jsonb, raw.id, $4, $5, md5(s.station_id || ':' || m.minute), $5
         FROM s CROSS JOIN m JOIN raw ON raw.station_ref = '@' || s.station_id`,
      [firstStation, stations, perStation, INTERVAL.start, INTERVAL.end],
    );
    return stations * perStation;
  } finally {
    await pg.end();
  }
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

export const kafkaClient = () =>
  new Kafka({ clientId: uniqueName('stream-test'), brokers: [`127.0.0.1:${ports.KAFKA_PORT}`], logLevel: logLevel.NOTHING });

/** Messages in a topic = sum over partitions of (high - low). */
export async function topicMessageCount(topic: string): Promise<number> {
  const admin = kafkaClient().admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  } finally {
    await admin.disconnect();
  }
}

export function cassandraClient(): Cassandra {
  return new Cassandra({ contactPoints: [`127.0.0.1:${ports.CASSANDRA_PORT}`], localDataCenter: 'datacenter1' });
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

export async function dropStream(names: StreamNames): Promise<void> {
  const admin = kafkaClient().admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = [names.topic, names.dlq].filter((t) => existing.has(t));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    await admin.deleteGroups([names.group]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  const cass = cassandraClient();
  try {
    await cass.execute(`DROP KEYSPACE IF EXISTS ${names.keyspace}`);
  } finally {
    await cass.shutdown();
  }
}
