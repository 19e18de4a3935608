/**
 * Exactly-once effect under failure and parallelism: a classify worker killed with
 * SIGKILL mid-batch and then rerun, and 2 or 3 workers sharing one group on a
 * 6-partition topic, all leave Cassandra with exactly one row per staged reading.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client as Cassandra } from 'cassandra-driver';
import { freshDatabase, ROOT, runAqi } from '../support/stack';
import {
  cassandraClient, cassandraReadingKeys, dropStream, INTERVAL, kafkaClient, seedReadings, streamEnv, streamNames, type StreamNames,
} from './support';

// jest ignores testTimeout set per project (jest.config.js), so the slow steps set it here.
jest.setTimeout(180_000);

const STATIONS = 300;
const PER_STATION = 40;
const TOTAL = STATIONS * PER_STATION;

let db: Awaited<ReturnType<typeof freshDatabase>>;
let names: StreamNames;
let cass: Cassandra;
const extraNames: StreamNames[] = [];

beforeAll(async () => {
  db = await freshDatabase();
  names = streamNames('killpar');
  const env = streamEnv(db.url, names);
  expect((await runAqi(['migrate'], env)).code).toBe(0);
  await seedReadings(db.url, STATIONS, PER_STATION);
  const published = await runAqi(['publish', '--interval-start', INTERVAL.start, '--interval-end', INTERVAL.end], env);
  expect(published.summary).toMatchObject({ status: 'ok', published: TOTAL, partitions: 6 });
  cass = cassandraClient();
});

afterAll(async () => {
  for (const n of extraNames) await cass?.execute(`DROP KEYSPACE IF EXISTS ${n.keyspace}`);
  await cass?.shutdown();
  const admin = kafkaClient().admin();
  await admin.connect();
  await admin.deleteGroups(extraNames.map((n) => n.group)).catch(() => undefined);
  await admin.disconnect();
  await dropStream(names);
  await db?.drop();
});

/** Another keyspace and group on the same topic, so each scenario starts from nothing. */
function scenario(label: string): { env: Record<string, string>; names: StreamNames } {
  const own = { ...streamNames(label), topic: names.topic, dlq: names.dlq };
  extraNames.push(own);
  return { names: own, env: streamEnv(db.url, own) };
}

async function committedTotal(group: string): Promise<number> {
  const admin = kafkaClient().admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [names.topic] });
    return (offsets?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

async function expectExactlyOnce(keyspace: string): Promise<void> {
  const keys = await cassandraReadingKeys(cass, keyspace);
  expect(new Set(keys).size).toBe(TOTAL);
  expect(keys).toHaveLength(TOTAL);
}

it('survives a worker killed with SIGKILL mid-batch: the rerun completes, nothing lost or doubled', async () => {
  const s = scenario('killed');
  // Small fetches make many commits, so the kill lands between the first and the last.
  const args = [join(ROOT, 'dist', 'tasks', 'cli.js'), 'classify', '--group', s.names.group, '--fetch-bytes', '16384'];
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...s.env, AQI_CASSANDRA_CONCURRENCY: '8' }, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let committed = 0;
  const deadline = Date.now() + 120_000;
  while (committed === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    committed = await committedTotal(s.names.group);
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  const atKill = await committedTotal(s.names.group);
  expect(atKill).toBeGreaterThan(0);
  expect(atKill).toBeLessThan(TOTAL);

  const rerun = await runAqi(['classify', '--group', s.names.group], s.env);
  expect(rerun.summary).toMatchObject({ status: 'ok', lagAtEnd: 0, deadLettered: 0 });
  expect(Number(rerun.summary?.consumed)).toBe(TOTAL - atKill);
  await expectExactlyOnce(s.names.keyspace);
});

it.each([[2], [3]])('shares the batch between %i parallel workers on 6 partitions', async (workers) => {
  const s = scenario(`par${workers}`);
  const runs = await Promise.all(
    Array.from({ length: workers }, () => runAqi(['classify', '--group', s.names.group, '--fetch-bytes', '65536'], s.env)),
  );
  for (const run of runs) {
    expect(run.summary?.error).toBeUndefined();
    expect(run.summary).toMatchObject({ status: 'ok', deadLettered: 0 });
  }
  const consumed = runs.map((r) => Number(r.summary?.consumed));
  // A partition handed over in a rebalance may repeat its uncommitted batch, never skip one.
  expect(consumed.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(TOTAL);
  expect(await committedTotal(s.names.group)).toBe(TOTAL);
  await expectExactlyOnce(s.names.keyspace);
});
