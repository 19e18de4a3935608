/**
 * A brand-new broker has no consumer-offsets topic: the first group request creates it
 * and the coordinator "is loading" for a while. On a fresh machine's first `make run`
 * that failed a classify worker's first attempt. Here: a throwaway Kafka with empty
 * storage (not warmed the way `make up` warms the stack's), a published topic, and two
 * classify workers started at once on it; both must succeed on their first attempt.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { freshDatabase, ROOT, runAqi } from '../support/stack';
import {
  cassandraClient, cassandraReadingKeys, dropStream, INTERVAL, kafkaClient, seedReadings, STACK_TARGET, streamEnv, streamNames, type StreamTarget,
} from './support';

jest.setTimeout(240_000);

// Beside the stack's ports (stack.env), used by nothing else.
const FRESH_PORT = 19492;
const SCRIPT = join(ROOT, 'tests', 'integration', 'support', 'fresh-kafka.sh');
// Only Kafka is new; Cassandra and the registry are the stack's.
const fresh: StreamTarget = { brokers: [`127.0.0.1:${FRESH_PORT}`], contactPoints: STACK_TARGET.contactPoints };
const STATIONS = 60;
const PER_STATION = 5;

const names = streamNames('freshbroker');
let db: Awaited<ReturnType<typeof freshDatabase>>;

beforeAll(async () => {
  execFileSync('bash', [SCRIPT, 'start', String(FRESH_PORT)], { stdio: 'inherit', timeout: 150_000 });
  db = await freshDatabase();
});

afterAll(async () => {
  await dropStream(names, fresh).catch(() => undefined);
  await db?.drop();
  execFileSync('bash', [SCRIPT, 'stop', String(FRESH_PORT)], { stdio: 'inherit', timeout: 60_000 });
});

async function brokerTopics(): Promise<string[]> {
  const admin = kafkaClient(fresh).admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

it('two classify workers on a broker without its offsets topic both succeed on their first attempt', async () => {
  const env = streamEnv(db.url, names, { AQI_KAFKA_BROKERS: fresh.brokers.join(',') });
  expect((await runAqi(['migrate'], env)).code).toBe(0);
  await seedReadings(db.url, STATIONS, PER_STATION);
  const published = await runAqi(['publish', '--interval-start', INTERVAL.start, '--interval-end', INTERVAL.end], { ...env, AQI_LOG_LEVEL: 'info' });
  expect(published.summary).toMatchObject({ status: 'ok', published: STATIONS * PER_STATION });
  // kafkajs's every-run notices (its v2 partitioner, "may invalidate EoS") are not the user's business.
  expect(published.stderr).not.toMatch(/switched default partitioner|invalidate EoS/);
  // Publishing needs no group coordinator: the broker is still as new as a first `make up` left it.
  expect(await brokerTopics()).not.toContain('__consumer_offsets');

  const runs = await Promise.all([1, 2].map(() => runAqi(['classify', '--group', names.group], env)));
  for (const run of runs) {
    expect(run.summary?.error).toBeUndefined();
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ status: 'ok', lagAtEnd: 0, deadLettered: 0 });
  }
  expect(runs.reduce((n, r) => n + Number(r.summary?.consumed), 0)).toBeGreaterThanOrEqual(STATIONS * PER_STATION);
  expect(await brokerTopics()).toContain('__consumer_offsets');

  const cass = cassandraClient();
  try {
    const keys = await cassandraReadingKeys(cass, names.keyspace);
    expect(new Set(keys).size).toBe(STATIONS * PER_STATION);
    expect(keys).toHaveLength(STATIONS * PER_STATION);
  } finally {
    await cass.shutdown();
  }
});
