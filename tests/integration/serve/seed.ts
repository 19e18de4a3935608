/**
 * Seeds one keyspace with a day of readings written through the pipeline's own writers
 * (classify's statements, aggregate's window computation, the alert state machine), so
 * the dashboard reads exactly the rows the real steps produce. Deterministic: tests
 * derive their expectations from SEED_STATIONS and aqiAt(), never from literals.
 */
import type { Client } from 'cassandra-driver';
import type { Kafka } from 'kafkajs';
import { Client as PgClient } from 'pg';
import { applyReadings, initialState, type AlertReading } from '../../../tasks/alerts/state-machine';
import { cassandraAlertStore } from '../../../tasks/alerts/alert-store';
import { policyFromRules } from '../../../tasks/alerts/policy';
import { aggregateTouched } from '../../../tasks/analytics/aggregate';
import { touchedWindows } from '../../../tasks/analytics/plan';
import { cassandraWindowStore } from '../../../tasks/analytics/window-store';
import type { WindowReading } from '../../../tasks/analytics/types';
import { Semaphore } from '../../../tasks/cassandra/bounded';
import { executeAll, statementsFor } from '../../../tasks/cassandra/readings-writer';
import { applyCassandraSchema } from '../../../tasks/cassandra/schema';
import { toClassifiedReading } from '../../../tasks/classify/classified-reading';
import type { ReadingRecord } from '../../../tasks/publish/reading-record';

export const SEED_DAY = '2026-11-20';

interface City { country: string; city: string; lat: number; lon: number; tz: string; base: number; swing: number; agency: string }

const CITIES: City[] = [
  { country: 'france', city: 'paris', lat: 48.86, lon: 2.35, tz: '+01:00', base: 55, swing: 25, agency: 'Airparif' },
  { country: 'france', city: 'lyon', lat: 45.76, lon: 4.84, tz: '+01:00', base: 30, swing: 12, agency: 'Atmo Auvergne-Rhone-Alpes' },
  { country: 'india', city: 'delhi', lat: 28.61, lon: 77.21, tz: '+05:30', base: 210, swing: 90, agency: 'CPCB - India Central Pollution Control Board' },
  { country: 'india', city: 'mumbai', lat: 19.08, lon: 72.88, tz: '+05:30', base: 120, swing: 45, agency: 'CPCB - India Central Pollution Control Board' },
  { country: 'netherland', city: 'utrecht', lat: 52.09, lon: 5.12, tz: '+01:00', base: 22, swing: 10, agency: 'RIVM - Rijksinstituut voor Volksgezondheid en Milieu' },
  { country: 'usa', city: 'los-angeles', lat: 34.05, lon: -118.24, tz: '-08:00', base: 85, swing: 40, agency: 'South Coast AQMD' },
];
const STATIONS_PER_CITY = 4;

export interface SeedStation { id: number; name: string; c: City; index: number }

export const SEED_STATIONS: SeedStation[] = CITIES.flatMap((c, ci) =>
  Array.from({ length: STATIONS_PER_CITY }, (_, i) => ({ id: 9000 + ci * 10 + i, name: `${c.city} station ${i + 1}`, c, index: i })),
);

/** The AQI of a station at an hour of SEED_DAY: a daily swing around the city's level. */
export function aqiAt(s: SeedStation, hour: number): number {
  const wave = Math.sin(((hour - 6 + s.index * 2) / 24) * 2 * Math.PI);
  return Math.max(1, Math.round(s.c.base + s.c.swing * wave + s.index * 7));
}

export const hourInstant = (hour: number) => new Date(`${SEED_DAY}T${String(hour).padStart(2, '0')}:00:00Z`);

function record(s: SeedStation, hour: number): ReadingRecord {
  const aqi = aqiAt(s, hour);
  const at = hourInstant(hour).getTime();
  return {
    station_id: s.id, observed_at: at, station_name: s.name,
    station_url: `https://aqicn.org/city/${s.c.country}/${s.c.city}/station-${s.index + 1}`,
    city: s.c.city, country: s.c.country, lat: s.c.lat + (s.index - 1.5) * 0.05, lon: s.c.lon + (s.index - 1.5) * 0.05,
    source_tz: s.c.tz, aqi, dominant_pollutant: 'pm25', pm25: aqi, pm10: Math.round(aqi * 0.6), o3: 20 + hour, no2: 12, so2: null, co: 3,
    neph: null, temperature_c: 10, humidity_pct: 70, pressure_hpa: 1012, wind_ms: 2, wind_gust_ms: null, dew_c: null,
    attributions: [{ name: s.c.agency, url: 'https://example.org/agency' }, { name: 'World Air Quality Index Project', url: 'https://waqi.info/' }],
    raw_id: s.id * 100 + hour, interval_start: at, interval_end: at + 3_600_000, content_hash: `${s.id}-${hour}`, staged_at: at + 600_000,
  };
}

export const seedRecords = (): ReadingRecord[] => SEED_STATIONS.flatMap((s) => Array.from({ length: 24 }, (_, h) => record(s, h)));

/** Writes readings, windows and alert events of SEED_DAY into the keyspace (created if missing). */
export async function seedCassandra(client: Client, keyspace: string): Promise<{ readings: number; alertEvents: number }> {
  await applyCassandraSchema(client, keyspace, { class: 'SimpleStrategy', replication_factor: 1 });
  const records = seedRecords();
  await executeAll(client, statementsFor(keyspace, records.map(toClassifiedReading)), new Semaphore(64));

  const windowReadings: WindowReading[] = records.map((r) => ({
    stationId: r.station_id, observedAt: new Date(r.observed_at), city: r.city, country: r.country, sourceTz: r.source_tz,
    aqi: r.aqi, dominantPollutant: r.dominant_pollutant, pollutants: { pm25: r.pm25, pm10: r.pm10, o3: r.o3, no2: r.no2, co: r.co },
  }));
  await aggregateTouched(touchedWindows(windowReadings), cassandraWindowStore(client, keyspace), 32);

  const policy = policyFromRules({ openCategory: 'unhealthy', severeCategory: 'hazardous', closeBelowAqi: 101, closeAfterReadings: 3 });
  const alerts = cassandraAlertStore(client, keyspace);
  let alertEvents = 0;
  for (const s of SEED_STATIONS) {
    const readings: AlertReading[] = records
      .filter((r) => r.station_id === s.id)
      .map((r) => ({ stationId: r.station_id, observedAt: new Date(r.observed_at), aqi: r.aqi, stationName: r.station_name, city: r.city, country: r.country }));
    const step = applyReadings(initialState(s.id), readings, policy);
    for (const e of step.events) await alerts.record(e);
    await alerts.saveState(step.state);
    alertEvents += step.events.length;
  }
  return { readings: records.length, alertEvents };
}

/**
 * Gives the health view something to show on unique topics: messages on the readings
 * topic, a consumer group that committed part of them, and a few dead letters.
 */
export async function seedKafka(kafka: Kafka, topics: { readings: string; deadLetters: string; group: string }): Promise<void> {
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    await admin.createTopics({ topics: [{ topic: topics.readings, numPartitions: 3 }, { topic: topics.deadLetters, numPartitions: 1 }], waitForLeaders: true });
    await producer.send({ topic: topics.readings, messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, value: `m${i}` })) });
    await producer.send({ topic: topics.deadLetters, messages: [{ value: 'bad-1' }, { value: 'bad-2' }] });
    await admin.setOffsets({ groupId: topics.group, topic: topics.readings, partitions: [{ partition: 0, offset: '10' }, { partition: 1, offset: '4' }, { partition: 2, offset: '0' }] });
  } finally {
    await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
  }
}

export async function dropKafka(kafka: Kafka, topics: { readings: string; deadLetters: string; group: string }): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups([topics.group]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topics.readings, topics.deadLetters] }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/** The fetch run the health view lists: complete, with one station given up. */
export const SEED_FETCH_RUN = {
  runId: 'manual__seeded-hour',
  planned: 15,
  gaveUpTargets: [{ ref: '@1084', reason: 'not_json', message: 'body is not JSON' }],
};

export async function seedFetchRun(dbUrl: string): Promise<void> {
  const pg = new PgClient({ connectionString: dbUrl });
  await pg.connect();
  try {
    await pg.query(
      `INSERT INTO fetch_runs (run_id, interval_start, interval_end, status, started_at, finished_at, summary)
       VALUES ($1, '2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z', 'complete', now(), now(), $2)`,
      [SEED_FETCH_RUN.runId, JSON.stringify({ planned: SEED_FETCH_RUN.planned, gaveUp: 1, gaveUpTargets: SEED_FETCH_RUN.gaveUpTargets })],
    );
  } finally {
    await pg.end();
  }
}
