/**
 * `make bench`: classify readings/s on the local stack, its peak RSS at the default and
 * the largest fetch and chunk sizes, and the ceiling Cassandra sets here: a plain
 * cassandra-driver insert loop writing the same rows (one insert per row) at the same
 * concurrency, in the same run. For each shape (see SHAPES) it seeds BENCH_READINGS
 * readings (default 60,000), publishes them, runs the real `aqi classify` as a child
 * process, and removes everything it created.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client as Cassandra } from 'cassandra-driver';
import { forEachBounded } from '../tasks/cassandra/bounded';
import { statementsFor, type Statement } from '../tasks/cassandra/readings-writer';
import { applyCassandraSchema, dropKeyspace } from '../tasks/cassandra/schema';
import { consistencyOf } from '../tasks/cassandra/client';
import { toClassifiedReading } from '../tasks/classify/classified-reading';
import { projectRoot } from '../tasks/core/paths';
import { openOutbox } from '../tasks/publish/outbox';
import { createPgPool } from '../tasks/postgres/pool';
import { INTERVAL } from '../tests/integration/stream/seed-readings';
import { createBenchStream, publishAll, seedBench, type BenchStream } from './publish';

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

/** The statements classify would issue for every staged reading, built from PostgreSQL. */
async function sameStatements(stream: BenchStream, keyspace: string): Promise<Statement[]> {
  const pool = createPgPool({ url: stream.dbUrl, poolSize: 1 } as never, 'bench');
  const q = { intervalStart: new Date(INTERVAL.start), intervalEnd: new Date(INTERVAL.end), replay: true, pageSize: 5000 };
  const statements: Statement[] = [];
  const outbox = await openOutbox(pool, q);
  try {
    for (let page = await outbox.next(); page.length > 0; page = await outbox.next()) {
      statements.push(...statementsFor(keyspace, page.map((row) => toClassifiedReading(row))));
    }
  } finally {
    await outbox.close();
    await pool.end();
  }
  return statements;
}

async function insertLoopCeiling(stream: BenchStream): Promise<{ seconds: number; statements: number }> {
  const keyspace = `${stream.name}_ceiling`;
  const cass = new Cassandra({ contactPoints: [stream.env.AQI_CASSANDRA_CONTACT_POINTS as string], localDataCenter: 'datacenter1' });
  try {
    await applyCassandraSchema(cass, keyspace, { class: 'SimpleStrategy', replication_factor: 1 });
    const statements = await sameStatements(stream, keyspace);
    const started = process.hrtime.bigint();
    await forEachBounded(statements, CONCURRENCY, (s) => cass.execute(s.query, s.params, { prepare: true, consistency: consistencyOf('ONE') }));
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, statements: statements.length };
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

async function measureShape(wanted: number, shape: string, perStation: number): Promise<Record<string, unknown>> {
  const stream = await createBenchStream(`classify_${shape}`);
  try {
    const seeded = await seedBench(stream, wanted, perStation);
    await publishAll(stream);
    const plain = await runClassify(stream, 'a', []);
    // The largest fetches and commit chunks the CLI accepts, uncapped: memory must not follow them.
    const large = await runClassify(stream, 'b', ['--fetch-bytes', String(8 * 1024 * 1024), '--chunk-size', '20000']);
    for (const run of [plain, large]) if (run.consumed !== seeded) throw new Error(`classify consumed ${run.consumed} of ${seeded}`);
    const ceiling = await insertLoopCeiling(stream);
    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
    const classifyRate = rate(seeded, plain.consumeMs);
    const ceilingRate = rate(seeded, ceiling.seconds * 1000);
    return {
      shape, readings: seeded, readingsPerStation: perStation, concurrency: CONCURRENCY,
      classifyReadingsPerSec: classifyRate, classifyReadingsPerSecWholeCommand: rate(seeded, plain.durationMs),
      insertLoopReadingsPerSec: ceilingRate, insertLoopStatementsPerSec: Math.round(ceiling.statements / ceiling.seconds),
      ratioToCeiling: Number((classifyRate / ceilingRate).toFixed(3)),
      peakRssMiB: { defaults: plain.peakRssMiB, fetch8MiBChunk20000: large.peakRssMiB },
      classifyReadingsPerSecLargeBatches: rate(seeded, large.consumeMs),
    };
  } finally {
    await dropKeyspaces(stream, ['a', 'b']);
    await stream.cleanup();
  }
}

async function main(): Promise<void> {
  const wanted = Number(process.env.BENCH_READINGS ?? 60_000);
  for (const { shape, perStation } of SHAPES) {
    const f = await measureShape(wanted, shape, perStation);
    const rss = f.peakRssMiB as Record<string, number>;
    console.log(
      `classify (${shape}, ${String(f.readings)} readings, ${perStation} per station): ${String(f.classifyReadingsPerSec)} readings/s ` +
        `(target >= 20000; ${String(f.classifyReadingsPerSecWholeCommand)}/s counting start-up), insert-loop ceiling ` +
        `${String(f.insertLoopReadingsPerSec)} readings/s, ratio ${(Number(f.ratioToCeiling) * 100).toFixed(0)}% (target >= 70%), ` +
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
