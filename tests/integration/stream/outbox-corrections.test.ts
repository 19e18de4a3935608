/**
 * The outbox's publish log (published_readings) against the real PostgreSQL and Kafka:
 * a reading that stage corrects after it was published goes out again, once; a reading
 * re-staged between the read of a page and its mark stays pending; a replay overwrites
 * the log instead of adding to it.
 */
import { Client } from 'pg';
import { openOutbox, markPublished } from '../../../tasks/publish/outbox';
import { createPgPool } from '../../../tasks/postgres/pool';
import { freshDatabase, runAqi } from '../support/stack';
import { dropStream, INTERVAL, pgCount, seedReadings, streamEnv, streamNames, topicMessageCount, type StreamNames } from './support';

jest.setTimeout(120_000);

const STATIONS = 20;
const PER_STATION = 5;
const TOTAL = STATIONS * PER_STATION;
const PENDING = '(station_id, observed_at) IN (SELECT station_id, observed_at FROM unpublished_readings)';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let names: StreamNames;
let env: Record<string, string>;
const interval = ['--interval-start', INTERVAL.start, '--interval-end', INTERVAL.end];

async function sql(text: string): Promise<number> {
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  try {
    return (await pg.query(text)).rowCount ?? 0;
  } finally {
    await pg.end();
  }
}

/** What stage does to a reading when a newer fetch brings different content. */
const restage = (where: string) => sql(`UPDATE readings SET aqi = coalesce(aqi, 0) + 1, content_hash = md5(content_hash), staged_at = now() WHERE ${where}`);

beforeAll(async () => {
  db = await freshDatabase();
  names = streamNames('outbox');
  env = streamEnv(db.url, names);
  expect((await runAqi(['migrate'], env)).code).toBe(0);
  await seedReadings(db.url, STATIONS, PER_STATION);
});

afterAll(async () => {
  await dropStream(names);
  await db?.drop();
});

it('publishes a corrected reading again, and only it', async () => {
  const first = await runAqi(['publish', ...interval], env);
  expect(first.summary).toMatchObject({ status: 'ok', published: TOTAL, markedPublished: TOTAL });
  expect(await pgCount(db.url, PENDING)).toBe(0);

  expect(await restage('station_id = 3')).toBe(PER_STATION);
  expect(await pgCount(db.url, PENDING)).toBe(PER_STATION);
  const second = await runAqi(['publish', ...interval], env);
  expect(second.summary).toMatchObject({ status: 'ok', published: PER_STATION, alreadyPublished: TOTAL - PER_STATION });
  expect(await topicMessageCount(names.topic)).toBe(TOTAL + PER_STATION);
  expect(await pgCount(db.url, PENDING)).toBe(0);
});

it('leaves a reading pending when stage changed it after its page was read', async () => {
  expect(await restage('station_id IN (5, 6)')).toBe(2 * PER_STATION);
  const pool = createPgPool({ url: db.url, poolSize: 2 } as never, 'test');
  try {
    const outbox = await openOutbox(pool, { intervalStart: new Date(INTERVAL.start), intervalEnd: new Date(INTERVAL.end), replay: false, pageSize: 1000 });
    const page = await outbox.next();
    await outbox.close();
    expect(page).toHaveLength(2 * PER_STATION);
    // Station 6 is corrected again while its old content is on the way to the broker.
    expect(await restage('station_id = 6')).toBe(PER_STATION);
    expect(await markPublished(pool, page)).toBe(page.length);
  } finally {
    await pool.end();
  }
  expect(await pgCount(db.url, PENDING)).toBe(PER_STATION);
  expect(await pgCount(db.url, `${PENDING} AND station_id = 6`)).toBe(PER_STATION);
});

it('a replay sends everything and overwrites the log instead of adding to it', async () => {
  const replay = await runAqi(['publish', ...interval, '--replay'], env);
  expect(replay.summary).toMatchObject({ status: 'ok', published: TOTAL, markedPublished: TOTAL });
  expect(await sql('SELECT 1 FROM published_readings')).toBe(TOTAL);
  expect(await pgCount(db.url, PENDING)).toBe(0);
});
