/**
 * `make bench`: classify readings/s on the local stack, its peak RSS at the default and
 * the largest fetch and chunk sizes, and the ceiling Cassandra sets here: a plain
 * cassandra-driver insert loop writing the same rows (one insert per row) at the same
 * concurrency, in the same run. For each shape (see SHAPES) it seeds BENCH_READINGS
 * readings (default 60,000), publishes them, warms Cassandra with one unmeasured loop
 * and one unmeasured classify,
 * then runs the real `aqi classify` (a child process) and the loop in turns,
 * BENCH_CLASSIFY_PAIRS times (default 3), and removes everything it created.
 * BENCH_CLASSIFY_SHAPES=hourly (a comma list) measures only the shapes named.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client as Cassandra } from 'cassandra-driver';
import { forEachBounded } from '../tasks/cassandra/bounded';
import { statementsFor, type Statement } from '../tasks/cassandra/readings-writer';
import { applyCassandraSchema, dropKeyspace } from '../tasks/cassandra/schema';
import { consistencyOf } from '../tasks/cassandra/client';
import { toClassifiedReading, type ClassifiedReading } from '../tasks/classify/classified-reading';
import { projectRoot } from '../tasks/core/paths';
import { openOutbox } from '../tasks/publish/outbox';
import { createPgPool } from '../tasks/postgres/pool';
import { INTERVAL } from '../tests/integration/stream/seed-readings';
import { createBenchStream, publishAll, seedBench, type BenchStream } from './publish';
import { cpuBoundRate, serviceCpuDuring } from './lib/service-cpu';

const CONCURRENCY = Number(process.env.AQI_CASSANDRA_CONCURRENCY ?? 128);

interface ClassifyRun {
  consumed: number;
  durationMs: number;
  consumeMs: number;
  peakRssMiB: number;
}

function runClassify(stream: BenchStream, suffix: string, flags: string[]): Promise<ClassifyRun> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...stream.env, AQI_CASSANDRA_KEYSPACE: `${stream.name}_${suffix}`, AQI_CASSANDRA_CONCURRENCY: String(CONCURRENCY) };
  const args = [join(projectRoot(), 'dist', 'tasks', 'cli.js'), 'classify', '--group', `${stream.name}-${suffix}`, ...flags];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`classify exited ${code}: ${out}`));
      let summary: Record<string, unknown>;
      try {
        summary = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
      } catch {
        return reject(new Error(`classify printed no summary: ${out}`));
      }
      resolve({
        consumed: Number(summary.consumed),
        durationMs: Number(summary.durationMs),
        consumeMs: Number(summary.consumeMs),
        peakRssMiB: Number(summary.peakRssMiB),
      });
    });
  });
}

/** What classify makes of every staged reading, read once from PostgreSQL (the loop's input). */
async function classifiedReadings(stream: BenchStream): Promise<ClassifiedReading[][]> {
  const pool = createPgPool({ url: stream.dbUrl, poolSize: 1 } as never, 'bench');
  const q = { intervalStart: new Date(INTERVAL.start), intervalEnd: new Date(INTERVAL.end), replay: true, pageSize: 5000 };
  const pages: ClassifiedReading[][] = [];
  const outbox = await openOutbox(pool, q);
  try {
    for (let page = await outbox.next(); page.length > 0; page = await outbox.next()) {
      pages.push(page.map((row) => toClassifiedReading(row)));
    }
  } finally {
    await outbox.close();
    await pool.end();
  }
  return pages;
}

/**
 * The ceiling: the statements classify would issue for the same readings, one insert per
 * row at the same concurrency, into a fresh keyspace. Only the inserts are timed.
 */
async function insertLoop(
  stream: BenchStream, pages: ClassifiedReading[][], suffix: string,
): Promise<{ seconds: number; statements: number; cassandraCpuSeconds: number | null }> {
  const keyspace = `${stream.name}_${suffix}`;
  const cass = new Cassandra({ contactPoints: [stream.env.AQI_CASSANDRA_CONTACT_POINTS as string], localDataCenter: 'datacenter1' });
  try {
    await applyCassandraSchema(cass, keyspace, { class: 'SimpleStrategy', replication_factor: 1 });
    const statements: Statement[] = pages.flatMap((page) => statementsFor(keyspace, page));
    const started = process.hrtime.bigint();
    // Cassandra's own CPU while the inserts run: not the keyspace's creation and drop, nor
    // the memtable flushes that come later, so it understates what the rows cost it.
    const { cpuSeconds } = await serviceCpuDuring('cassandra', () =>
      forEachBounded(statements, CONCURRENCY, (s) => cass.execute(s.query, s.params, { prepare: true, consistency: consistencyOf('ONE') })));
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, statements: statements.length, cassandraCpuSeconds: cpuSeconds };
  } finally {
    await dropKeyspace(cass, keyspace).catch(() => undefined);
    await cass.shutdown();
  }
}

async function dropKeyspaces(stream: BenchStream, suffixes: string[]): Promise<void> {
  const cass = new Cassandra({ contactPoints: [stream.env.AQI_CASSANDRA_CONTACT_POINTS as string], localDataCenter: 'datacenter1' });
  try {
    for (const s of suffixes) await dropKeyspace(cass, `${stream.name}_${s}`).catch(() => undefined);
  } finally {
    await cass.shutdown();
  }
}

/**
 * Two shapes of the same number of readings. "hourly" is one run of the hourly DAG: one
 * reading per station, so only the country-hour table has several rows per partition.
 * "backfill" is 100 readings per station (a replay of many hours): classify writes each
 * station-day partition in one request, which the one-insert-per-row loop cannot.
 */
const SHAPES = [
  { shape: 'hourly', perStation: 1 },
  { shape: 'backfill', perStation: 100 },
] as const;

/**
 * Classify and the loop run in turns, PAIRS times, and the figures are medians. This VM's
 * speed drifts by up to 1.6x within minutes, and Cassandra's throughput with it, so a
 * ratio is only meaningful between runs that sit next to each other in time.
 */
const PAIRS = Number(process.env.BENCH_CLASSIFY_PAIRS ?? 3);

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function measureShape(wanted: number, shape: string, perStation: number): Promise<Record<string, unknown>> {
  const stream = await createBenchStream(`classify_${shape}`);
  const keyspaces = ['warm', 'cwarm', 'large'];
  try {
    const seeded = await seedBench(stream, wanted, perStation);
    await publishAll(stream);
    const pages = await classifiedReadings(stream);
    // Not measured: a Cassandra fresh from start-up runs the write path interpreted and
    // does half its warm speed until the JIT has compiled it.
    await insertLoop(stream, pages, 'warm');
    // And classify's own path: its batches (a country-day's hour slots in one request) run
    // code in Cassandra that the loop's single inserts leave cold. Warmed by the loop alone,
    // the first measurement after a restart gave ratios of 50-67% against 69-82% otherwise.
    const warmed = await runClassify(stream, 'cwarm', []);
    if (warmed.consumed !== seeded) throw new Error(`classify consumed ${warmed.consumed} of ${seeded}`);
    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
    const pairs: {
      classify: number; loop: number; wholeCommand: number; peakRssMiB: number; statements: number; loopCassandraCpu: number | null;
    }[] = [];
    for (let i = 1; i <= PAIRS; i += 1) {
      keyspaces.push(`c${i}`, `l${i}`);
      const run = await runClassify(stream, `c${i}`, []);
      if (run.consumed !== seeded) throw new Error(`classify consumed ${run.consumed} of ${seeded}`);
      const loop = await insertLoop(stream, pages, `l${i}`);
      pairs.push({
        classify: rate(seeded, run.consumeMs), wholeCommand: rate(seeded, run.durationMs), peakRssMiB: run.peakRssMiB,
        loop: rate(seeded, loop.seconds * 1000), statements: Math.round(loop.statements / loop.seconds), loopCassandraCpu: loop.cassandraCpuSeconds,
      });
    }
    const cassandraCpu = pairs.map((p) => p.loopCassandraCpu).filter((x): x is number => x !== null);
    // The largest fetches and commit chunks the CLI accepts, uncapped: memory must not follow them.
    const large = await runClassify(stream, 'large', ['--fetch-bytes', String(8 * 1024 * 1024), '--chunk-size', '20000']);
    if (large.consumed !== seeded) throw new Error(`classify consumed ${large.consumed} of ${seeded}`);
    return {
      shape, readings: seeded, readingsPerStation: perStation, concurrency: CONCURRENCY, pairs: PAIRS,
      classifyReadingsPerSec: median(pairs.map((p) => p.classify)),
      classifyReadingsPerSecWholeCommand: median(pairs.map((p) => p.wholeCommand)),
      insertLoopReadingsPerSec: median(pairs.map((p) => p.loop)),
      insertLoopStatementsPerSec: median(pairs.map((p) => p.statements)),
      // Each classify run against the loop run right after it, then the median of those.
      ratioToCeiling: Number(median(pairs.map((p) => p.classify / p.loop)).toFixed(3)),
      runs: pairs.map((p) => ({
        classify: p.classify, loop: p.loop, ratio: Number((p.classify / p.loop).toFixed(3)), loopCassandraCpuSeconds: p.loopCassandraCpu,
      })),
      // Cassandra's CPU for the loop's rows, and the loop's rate if Cassandra had every core
      // of this machine to itself and its client cost nothing: a bound no writer here can pass.
      ...(cassandraCpu.length === pairs.length && {
        loopCassandraCpuSeconds: median(cassandraCpu),
        cassandraBoundReadingsPerSec: cpuBoundRate(seeded, median(cassandraCpu)),
      }),
      peakRssMiB: { defaults: Math.max(...pairs.map((p) => p.peakRssMiB)), fetch8MiBChunk20000: large.peakRssMiB },
      classifyReadingsPerSecLargeBatches: rate(seeded, large.consumeMs),
    };
  } finally {
    await dropKeyspaces(stream, keyspaces);
    await stream.cleanup();
  }
}

async function main(): Promise<void> {
  const wanted = Number(process.env.BENCH_READINGS ?? 60_000);
  const only = process.env.BENCH_CLASSIFY_SHAPES?.split(',');
  for (const { shape, perStation } of SHAPES.filter((s) => !only || only.includes(s.shape))) {
    const f = await measureShape(wanted, shape, perStation);
    const rss = f.peakRssMiB as Record<string, number>;
    console.log(
      `classify (${shape}, ${String(f.readings)} readings, ${perStation} per station): ${String(f.classifyReadingsPerSec)} readings/s ` +
        `(target >= 20000; ${String(f.classifyReadingsPerSecWholeCommand)}/s counting start-up), insert-loop ceiling ` +
        `${String(f.insertLoopReadingsPerSec)} readings/s, ratio ${(Number(f.ratioToCeiling) * 100).toFixed(0)}% (target >= 70%; ` +
        `medians of ${String(f.pairs)} classify/loop pairs), ` +
        (f.cassandraBoundReadingsPerSec === undefined ? '' :
          `Cassandra alone ${String(f.loopCassandraCpuSeconds)} CPU-s for the loop's rows, at most ` +
          `${String(f.cassandraBoundReadingsPerSec)} readings/s on ${cpus().length} cores, `) +
        `peak RSS ${rss.defaults} MiB, ${rss.fetch8MiBChunk20000} MiB with 8 MiB fetches x 20000-message chunks (target <= 256), ` +
        `load average ${loadavg()[0]?.toFixed(1)}`,
    );
    console.log(JSON.stringify({ bench: 'classify', ...f, loadAverage: loadavg()[0] }));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
