/**
 * `make bench`: aggregate windows/s for a day of readings of BENCH_AGG_STATIONS stations
 * (default 12,000; hourly readings, so 288,000 readings). Seeds its own keyspace directly
 * with the columns classify writes, recomputes every window of the day (24 hour windows
 * and one or two local days per station, then every city and country window) with the
 * same code `aqi aggregate` runs, prints the figures and drops the keyspace.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, types } from 'cassandra-driver';
import { aggregateTouched } from '../tasks/analytics/aggregate';
import { touchedWindows } from '../tasks/analytics/plan';
import type { WindowReading } from '../tasks/analytics/types';
import { cassandraWindowStore } from '../tasks/analytics/window-store';
import { forEachBounded } from '../tasks/cassandra/bounded';
import { applyCassandraSchema } from '../tasks/cassandra/schema';
import { collectGarbage } from '../tasks/core/heap-budget';
import { projectRoot } from '../tasks/core/paths';

const STATIONS = Number(process.env.BENCH_AGG_STATIONS ?? 12_000);
const CONCURRENCY = Number(process.env.BENCH_AGG_CONCURRENCY ?? 128);
const DAY_START = Date.UTC(2026, 10, 20);

function cassandraPort(): string {
  const env = readFileSync(join(projectRoot(), 'stack', 'stack.env'), 'utf8');
  return process.env.CASSANDRA_PORT ?? /^CASSANDRA_PORT=(\d+)/m.exec(env)?.[1] ?? '19042';
}

/** Deterministic readings: 60 countries with their own offsets, 20 cities each, a daily AQI curve per station. */
function dayOfReadings(): WindowReading[] {
  const out: WindowReading[] = [];
  for (let s = 1; s <= STATIONS; s += 1) {
    const country = `country${s % 60}`;
    const offset = (s % 60) % 23 - 11;
    const sourceTz = `${offset < 0 ? '-' : '+'}${String(Math.abs(offset)).padStart(2, '0')}:00`;
    for (let h = 0; h < 24; h += 1) {
      const aqi = 20 + ((s * 37 + h * 11) % 280);
      out.push({
        stationId: s, observedAt: new Date(DAY_START + h * 3_600_000), city: `city${s % 1200}`, country, sourceTz, aqi,
        dominantPollutant: h % 3 === 0 ? 'o3' : 'pm25', pollutants: { pm25: aqi, o3: aqi / 2, no2: h },
      });
    }
  }
  return out;
}

async function seed(client: Client, keyspace: string, readings: WindowReading[]): Promise<void> {
  const sql = `INSERT INTO ${keyspace}.readings_by_station_day (station_id, day, observed_at, city, country, source_tz, aqi,
    dominant_pollutant, pm25, o3, no2) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  await forEachBounded(readings, 256, (r) => client.execute(sql, [
    r.stationId, types.LocalDate.fromString(r.observedAt.toISOString().slice(0, 10)), r.observedAt, r.city, r.country, r.sourceTz,
    r.aqi, r.dominantPollutant, r.pollutants.pm25, r.pollutants.o3, r.pollutants.no2,
  ], { prepare: true }));
}

const mib = (bytes: number) => Math.round(bytes / 1048576);

async function main(): Promise<void> {
  const keyspace = `bench_agg_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const client = new Client({
    contactPoints: [`127.0.0.1:${cassandraPort()}`], localDataCenter: 'datacenter1',
    queryOptions: { consistency: types.consistencies.one, prepare: true },
  });
  await client.connect();
  try {
    await applyCassandraSchema(client, keyspace, { class: 'SimpleStrategy', replication_factor: 1 });
    let readings: WindowReading[] | null = dayOfReadings();
    const readingCount = readings.length;
    const seeded = Date.now();
    await seed(client, keyspace, readings);
    const seedSecs = (Date.now() - seeded) / 1000;
    // What aggregate is given (the touched windows), without the seed's 288,000 readings and
    // their garbage, so that the heap growth below is the aggregation's own.
    const touched = touchedWindows(readings);
    readings = null;
    collectGarbage();
    // RSS rarely shrinks after the seed (V8 and malloc keep their pages), so the heap in use
    // is reported too: its growth is what the aggregation itself holds.
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 200);
    const started = Date.now();
    const result = await aggregateTouched(touched, cassandraWindowStore(client, keyspace), CONCURRENCY);
    const secs = (Date.now() - started) / 1000;
    clearInterval(sampler);
    const windows = result.stationWindows + result.cityWindows + result.countryWindows;
    console.log(JSON.stringify({
      bench: 'aggregate', readings: readingCount, seedSeconds: seedSecs, ...result, windows,
      seconds: secs, windowsPerSec: Math.round(windows / secs), readingsPerSec: Math.round(result.readingsRead / secs),
      rssBeforeMiB: mib(before.rss), peakRssMiB: mib(peakRss), heapUsedBeforeMiB: mib(before.heapUsed),
      peakHeapUsedMiB: mib(peakHeap), concurrency: CONCURRENCY,
    }));
  } finally {
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`).catch(() => undefined);
    await client.shutdown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
