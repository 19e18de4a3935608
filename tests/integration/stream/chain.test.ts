/**
 * The whole chain twice for one interval, against the simulator and the real stack:
 * fetch -> stage -> publish -> classify, then again (a new fetch run of the same hour).
 * Readings in PostgreSQL = messages in Kafka = rows in Cassandra, key for key.
 */
import { Client as Cassandra } from 'cassandra-driver';
import { startSimulator, type RunningSimulator } from '../../../tasks/simulator/server';
import { freshDatabase, runAqi } from '../support/stack';
import { currentHour, fetchEnv, query } from '../ingest/helpers';
import { cassandraClient, cassandraReadingKeys, dropStream, streamEnv, streamNames, topicMessageCount, type StreamNames } from './support';

jest.setTimeout(180_000);

const STATIONS = 300;
const hour = currentHour();
let db: Awaited<ReturnType<typeof freshDatabase>>;
let sim: RunningSimulator;
let names: StreamNames;
let env: Record<string, string>;
let cass: Cassandra;

beforeAll(async () => {
  db = await freshDatabase();
  const pinned = new Date(Date.parse(hour.start) + 1_800_000);
  sim = await startSimulator({ stations: STATIONS, seed: 5, dashShare: 0.05, unknownShare: 0.02, clock: () => pinned });
  names = streamNames('chain');
  env = fetchEnv(db.url, sim.url, {
    ...streamEnv(db.url, names),
    WAQI_TOKEN: 'chain-token-0042',
    AQI_FETCH_TILE_DEGREES: '90',
  });
  cass = cassandraClient();
});

afterAll(async () => {
  await cass?.shutdown();
  await sim?.close();
  await dropStream(names);
  await db?.drop();
});

async function pgKeys(): Promise<string[]> {
  const rows = await query<{ station_id: number; observed_at: Date }>(db.url, 'SELECT station_id, observed_at FROM readings');
  return rows.map((r) => `${r.station_id}@${r.observed_at.toISOString()}`).sort();
}

async function runChain(runId: string): Promise<Record<string, Record<string, unknown> | undefined>> {
  const out: Record<string, Record<string, unknown> | undefined> = {};
  for (const [step, args] of [
    ['fetch', ['fetch', ...hour.args, '--run-id', runId]],
    ['stage', ['stage', ...hour.args]],
    ['publish', ['publish', ...hour.args]],
    ['classify', ['classify', '--group', names.group]],
  ] as const) {
    const res = await runAqi([...args], env);
    expect({ step, code: res.code }).toEqual({ step, code: 0 });
    out[step] = res.summary;
  }
  return out;
}

it('delivers every staged reading exactly once, and a second run of the chain adds nothing', async () => {
  const first = await runChain('chain-1');
  const staged = await pgKeys();
  expect(staged.length).toBeGreaterThan(STATIONS * 0.9);
  expect(first.publish).toMatchObject({ published: staged.length });
  expect(first.classify).toMatchObject({ consumed: staged.length, written: staged.length, deadLettered: 0 });
  expect(await topicMessageCount(names.topic)).toBe(staged.length);
  expect((await cassandraReadingKeys(cass, names.keyspace)).sort()).toEqual(staged);

  const second = await runChain('chain-2');
  expect(await pgKeys()).toEqual(staged);
  expect(second.publish).toMatchObject({ published: 0, alreadyPublished: staged.length });
  expect(second.classify).toMatchObject({ consumed: 0, written: 0 });
  expect(await topicMessageCount(names.topic)).toBe(staged.length);
  expect((await cassandraReadingKeys(cass, names.keyspace)).sort()).toEqual(staged);
});
