/**
 * publish -> classify against the real stack: the outbox drains exactly once, a replay
 * republishes, and Cassandra ends with exactly one row per staged reading after reruns;
 * a message that is not a reading goes to the dead-letter topic with its reason.
 */
import { Client as Cassandra } from 'cassandra-driver';
import { readDeadLetterHeaders } from '../../../tasks/classify/dead-letter';
import { freshDatabase, runAqi } from '../support/stack';
import {
  cassandraClient, cassandraReadingKeys, dropStream, INTERVAL, kafkaClient, pgCount, seedReadings, streamEnv, streamNames,
  topicMessageCount, type StreamNames,
} from './support';

// jest ignores testTimeout set per project (jest.config.js), so the slow steps set it here.
jest.setTimeout(180_000);

const STATIONS = 40;
const PER_STATION = 30;
const TOTAL = STATIONS * PER_STATION;

let db: Awaited<ReturnType<typeof freshDatabase>>;
let names: StreamNames;
let env: Record<string, string>;
let cass: Cassandra;
const interval = ['--interval-start', INTERVAL.start, '--interval-end', INTERVAL.end];

beforeAll(async () => {
  db = await freshDatabase();
  names = streamNames('pubcls');
  env = streamEnv(db.url, names);
  const migrated = await runAqi(['migrate'], env);
  expect(migrated.code).toBe(0);
  await seedReadings(db.url, STATIONS, PER_STATION);
  cass = cassandraClient();
});

afterAll(async () => {
  await cass?.shutdown();
  await dropStream(names);
  await db?.drop();
});

async function expectExactlyTheStagedReadings(): Promise<void> {
  const keys = await cassandraReadingKeys(cass, names.keyspace);
  expect(keys).toHaveLength(TOTAL);
  expect(new Set(keys).size).toBe(TOTAL);
}

it('publishes the outbox once, marks it, and creates the topics', async () => {
  const first = await runAqi(['publish', ...interval, '--page-size', '500'], env);
  expect(first.code).toBe(0);
  expect(first.summary).toMatchObject({ status: 'ok', published: TOTAL, markedPublished: TOTAL, alreadyPublished: 0, pages: 3, partitions: 6 });
  expect(first.summary?.createdTopics).toEqual([names.topic, names.dlq]);
  expect(await pgCount(db.url, '(station_id, observed_at) IN (SELECT station_id, observed_at FROM unpublished_readings)')).toBe(0);
  expect(await topicMessageCount(names.topic)).toBe(TOTAL);

  const again = await runAqi(['publish', ...interval], env);
  expect(again.summary).toMatchObject({ status: 'ok', published: 0, alreadyPublished: TOTAL, createdTopics: [] });
  expect(await topicMessageCount(names.topic)).toBe(TOTAL);
});

it('keeps each station in one partition', async () => {
  const consumer = kafkaClient().consumer({ groupId: `${names.group}-inspect` });
  const partitionsOf = new Map<string, Set<number>>();
  let seen = 0;
  await consumer.connect();
  await consumer.subscribe({ topics: [names.topic], fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString('hex') ?? '';
        partitionsOf.set(key, (partitionsOf.get(key) ?? new Set()).add(partition));
        if (++seen === TOTAL) resolve();
      },
    });
  });
  await consumer.disconnect();
  expect(partitionsOf.size).toBe(STATIONS);
  for (const parts of partitionsOf.values()) expect(parts.size).toBe(1);
});

it('classifies everything into Cassandra once, and a rerun changes nothing', async () => {
  const first = await runAqi(['classify', '--group', names.group], env);
  expect(first.code).toBe(0);
  expect(first.summary).toMatchObject({ status: 'ok', consumed: TOTAL, written: TOTAL, deadLettered: 0, lagAtEnd: 0 });
  const categories = first.summary?.categories as Record<string, number>;
  expect(Object.values(categories).reduce((a, b) => a + b, 0)).toBe(TOTAL);
  await expectExactlyTheStagedReadings();

  const rerun = await runAqi(['classify', '--group', names.group], env);
  expect(rerun.summary).toMatchObject({ status: 'ok', consumed: 0, written: 0 });
  await expectExactlyTheStagedReadings();

  const latest = await cass.execute(`SELECT station_id, observed_at FROM ${names.keyspace}.latest_by_station`);
  expect(latest.rowLength).toBe(STATIONS);
  const lastMinute = new Date(Date.parse(INTERVAL.start) + (PER_STATION - 1) * 60_000).toISOString();
  for (const row of latest.rows) expect((row.get('observed_at') as Date).toISOString()).toBe(lastMinute);
});

it('replays the interval and overwrites the same rows', async () => {
  const replay = await runAqi(['publish', ...interval, '--replay'], env);
  expect(replay.summary).toMatchObject({ status: 'ok', published: TOTAL, replay: true });
  expect(await topicMessageCount(names.topic)).toBe(2 * TOTAL);
  const classified = await runAqi(['classify', '--group', names.group], env);
  expect(classified.summary).toMatchObject({ status: 'ok', consumed: TOTAL, written: TOTAL });
  await expectExactlyTheStagedReadings();
});

it('dead-letters a message that is not a reading, with its reason, and goes on', async () => {
  const producer = kafkaClient().producer();
  await producer.connect();
  await producer.send({ topic: names.topic, messages: [{ key: 'k', value: '{"station_id": 1}' }] });
  await producer.disconnect();

  const run = await runAqi(['classify', '--group', names.group], env);
  expect(run.summary).toMatchObject({ status: 'ok', consumed: 1, written: 0, deadLettered: 1 });

  const consumer = kafkaClient().consumer({ groupId: `${names.group}-dlq` });
  await consumer.connect();
  await consumer.subscribe({ topics: [names.dlq], fromBeginning: true });
  const headers = await new Promise<ReturnType<typeof readDeadLetterHeaders>>((resolve) => {
    void consumer.run({ eachMessage: async ({ message }) => resolve(readDeadLetterHeaders(message.headers)) });
  });
  await consumer.disconnect();
  expect(headers).toMatchObject({ code: 'MAGIC_BYTE_UNKNOWN', topic: names.topic });
  const admin = kafkaClient().admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(names.topic);
  await admin.disconnect();
  const end = ends.find((o) => String(o.partition) === headers.partition);
  expect(Number(headers.offset)).toBe(Number(end?.high) - 1);
  await expectExactlyTheStagedReadings();
});
