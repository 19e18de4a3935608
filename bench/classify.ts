/**
 * `make bench`: classify readings/s on the local stack, its peak RSS at two fetch sizes,
 * and the ceiling Cassandra sets here: a plain cassandra-driver insert loop writing the
 * same rows (the same statements classify issues) at the same concurrency, in the same
 * run. Seeds BENCH_READINGS readings (default 60,000), publishes them, runs the real
 * `aqi classify` as a child process, and removes everything it created.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client as Cassandra } from 'cassandra-driver';
import { forEachBounded } from '../tasks/cassandra/bounded';
import { statementsFor, type Statement } from '../tasks/cassandra/readings-writer';
import { applyCassandraSchema, dropKeyspace } from '../tasks/cassandra/schema';
import { consistencyOf } from '../tasks/cassandra/client';
import { toClassifiedReading } from '../tasks/classify/classified-reading';
import { projectRoot } from '../tasks/core/paths';
import { openOutbox } from '../tasks/publish/outbox';
import { toRecord } from '../tasks/publish/reading-record';
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

/**
 * V8 grows its heap lazily when nothing caps it, so RSS depends on the heap limit more
 * than on the batch: the image is meant to run node with this cap (see the report), and
 * the benchmark shows classify's RSS both without it and with it.
 */
const HEAP_CAP = '--max-old-space-size=128';

function runClassify(stream: BenchStream, suffix: string, flags: string[], nodeOptions?: string): Promise<ClassifyRun> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...stream.env, AQI_CASSANDRA_KEYSPACE: `${stream.name}_${suffix}`, AQI_CASSANDRA_CONCURRENCY: String(CONCURRENCY) };
  if (nodeOptions) env.NODE_OPTIONS = nodeOptions;
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
      statements.push(...statementsFor(keyspace, page.map((row) => toClassifiedReading(toRecord(row)))));
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

async function main(): Promise<void> {
  const wanted = Number(process.env.BENCH_READINGS ?? 60_000);
  const stream = await createBenchStream('classify');
  try {
    const seeded = await seedBench(stream, wanted);
    await publishAll(stream);
    const plain = await runClassify(stream, 'a', []);
    const small = await runClassify(stream, 'b', [], HEAP_CAP);
    const large = await runClassify(stream, 'c', ['--fetch-bytes', String(8 * 1024 * 1024), '--chunk-size', '20000'], HEAP_CAP);
    for (const run of [plain, small, large]) if (run.consumed !== seeded) throw new Error(`classify consumed ${run.consumed} of ${seeded}`);
    const ceiling = await insertLoopCeiling(stream);
    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
    const classifyRate = rate(seeded, plain.consumeMs);
    const ceilingRate = rate(seeded, ceiling.seconds * 1000);
    const figures = {
      bench: 'classify',
      readings: seeded,
      concurrency: CONCURRENCY,
      classifyReadingsPerSec: classifyRate,
      classifyReadingsPerSecWholeCommand: rate(seeded, plain.durationMs),
      insertLoopReadingsPerSec: ceilingRate,
      insertLoopStatementsPerSec: Math.round(ceiling.statements / ceiling.seconds),
      ratioToCeiling: Number((classifyRate / ceilingRate).toFixed(3)),
      peakRssMiB: { defaults: plain.peakRssMiB, defaultsHeapCap: small.peakRssMiB, fetch8MiBChunk20000HeapCap: large.peakRssMiB },
      classifyReadingsPerSecHeapCap: rate(seeded, small.consumeMs),
      classifyReadingsPerSecLargeBatchesHeapCap: rate(seeded, large.consumeMs),
    };
    console.log(
      `classify: ${classifyRate} readings/s (target >= 20000; ${figures.classifyReadingsPerSecWholeCommand}/s counting start-up), ` +
        `insert-loop ceiling ${ceilingRate} readings/s, ratio ${(figures.ratioToCeiling * 100).toFixed(0)}% (target >= 70%), ` +
        `peak RSS ${plain.peakRssMiB} MiB uncapped, ${small.peakRssMiB} MiB with ${HEAP_CAP}, ` +
        `${large.peakRssMiB} MiB with it and 8 MiB fetches x 20000-message chunks (target <= 256)`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    await dropKeyspaces(stream, ['a', 'b', 'c']);
    await stream.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
