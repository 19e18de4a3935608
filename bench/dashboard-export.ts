/**
 * Dashboard export: streams one day of readings of BENCH_STATIONS stations (default
 * 12,000, 24 readings each) as CSV from `aqi serve`, and samples the server's resident
 * memory while it does. Prints rows/s, MB/s and the server's RSS before, at peak and the
 * growth, for one country (1% of the rows) and twice for the whole day: flat memory means
 * the growth does not scale with the rows exported and the second run does not add to it. Seeds a scratch keyspace with classify's
 * own writer and drops it at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'cassandra-driver';
import { Semaphore } from '../tasks/cassandra/bounded';
import { executeAll, statementsFor } from '../tasks/cassandra/readings-writer';
import { applyCassandraSchema } from '../tasks/cassandra/schema';
import { toClassifiedReading } from '../tasks/classify/classified-reading';
import { projectRoot } from '../tasks/core/paths';
import type { ReadingRecord } from '../tasks/publish/reading-record';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 12_000);
const COUNTRIES = 100;
const DAY = '2026-11-20';
const CASSANDRA = process.env.AQI_CASSANDRA_CONTACT_POINTS ?? '127.0.0.1:19042';

function record(station: number, hour: number): ReadingRecord {
  const at = Date.parse(`${DAY}T${String(hour).padStart(2, '0')}:00:00Z`);
  const aqi = 10 + ((station * 37 + hour * 11) % 320);
  const country = `country-${station % COUNTRIES}`;
  return {
    station_id: station, observed_at: at, station_name: `Bench station ${station}, "quoted", with commas`,
    station_url: `https://aqicn.org/city/${country}/city-${station % 700}/s${station}`, city: `city-${station % 700}`, country,
    lat: ((station * 7) % 170) - 85, lon: ((station * 13) % 350) - 175, source_tz: '+00:00', aqi, dominant_pollutant: 'pm25',
    pm25: aqi, pm10: aqi / 2, o3: 30, no2: 12, so2: 3, co: 4, neph: null, temperature_c: 12, humidity_pct: 60, pressure_hpa: 1010,
    wind_ms: 3, wind_gust_ms: null, dew_c: null, attributions: [{ name: 'Bench agency', url: 'https://example.org' }],
    raw_id: station * 24 + hour, interval_start: at, interval_end: at + 3_600_000, content_hash: `${station}-${hour}`, staged_at: at,
  };
}

async function seed(client: Client, keyspace: string): Promise<number> {
  await applyCassandraSchema(client, keyspace, { class: 'SimpleStrategy', replication_factor: 1 });
  const budget = new Semaphore(128);
  const started = Date.now();
  for (let first = 1; first <= STATIONS; first += 250) {
    const batch: ReadingRecord[] = [];
    for (let s = first; s < Math.min(first + 250, STATIONS + 1); s += 1) for (let h = 0; h < 24; h += 1) batch.push(record(s, h));
    await executeAll(client, statementsFor(keyspace, batch.map(toClassifiedReading)), budget);
  }
  return (Date.now() - started) / 1000;
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

function startServer(keyspace: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(projectRoot(), 'dist', 'tasks', 'cli.js'), 'serve', '--port', '0'], {
    env: { ...process.env, AQI_CASSANDRA_KEYSPACE: keyspace, AQI_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /"url":"(http:\/\/[^"]+)"/.exec(err);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err.slice(-1000)}`)));
  });
}

/** Reads an export to the end, counting lines and bytes, sampling the server's RSS every 50 ms. */
async function measure(url: string, pid: number) {
  const before = rssKb(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 50);
  const started = process.hrtime.bigint();
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`export answered ${res.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines += 1;
  }
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rows: lines - 1, mb: +(bytes / 1e6).toFixed(1), seconds: +seconds.toFixed(2), rowsPerSecond: Math.round((lines - 1) / seconds),
    rssBeforeMb: +(before / 1024).toFixed(1), rssPeakMb: +(peak / 1024).toFixed(1), rssGrowthMb: +((peak - before) / 1024).toFixed(1) };
}

/** Milliseconds to a whole JSON answer (the category view of a day of every station reads all its hours). */
async function timed(url: string): Promise<number> {
  const started = Date.now();
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  await res.json();
  return Date.now() - started;
}

async function main(): Promise<void> {
  const keyspace = `bench_dash_${Date.now().toString(36)}`;
  const client = new Client({ contactPoints: [CASSANDRA], localDataCenter: 'datacenter1' });
  let server: ChildProcess | undefined;
  try {
    const seedSeconds = await seed(client, keyspace);
    const started = await startServer(keyspace);
    server = started.child;
    const range = `from=${DAY}T00:00:00Z&to=2026-11-21T00:00:00Z`;
    await measure(`${started.url}export/readings.csv?${range}&country=country-1`, server.pid!); // warm-up: JIT, prepared statements
    const oneCountry = await measure(`${started.url}export/readings.csv?${range}&country=country-2`, server.pid!);
    const wholeDay = await measure(`${started.url}export/readings.csv?${range}`, server.pid!);
    // The same export again: a server that held rows would grow again; a streaming one stays at its first peak.
    const wholeDayAgain = await measure(`${started.url}export/readings.csv?${range}`, server.pid!);
    const categories = { firstMs: await timed(`${started.url}api/categories?day=${DAY}`), memoizedMs: await timed(`${started.url}api/categories?day=${DAY}`) };
    const expected = STATIONS * 24;
    console.log(JSON.stringify({ bench: 'dashboard-export', stations: STATIONS, expectedRows: expected, seedSeconds, oneCountry, wholeDay, wholeDayAgain, categories }));
    if (wholeDay.rows !== expected) throw new Error(`exported ${wholeDay.rows} rows, expected ${expected}`);
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`).catch(() => undefined);
    await client.shutdown();
  }
}

main().catch((err: unknown) => {
  console.error(String((err as Error)?.stack ?? err));
  process.exit(1);
});
