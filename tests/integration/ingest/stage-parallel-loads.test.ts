/**
 * Stage loads two pages at once, each in its own session. When both pages hold the same
 * observations (a station fetched again by another run), their merges touch the same
 * readings: they must wait for each other, not deadlock, and the interval must still end
 * with one reading per observation and one outcome per raw row. The second run's rows come
 * in the reverse order, the case in which unordered merges lock in opposite orders.
 */
import { freshDatabase, runAqi, stackEnv } from '../support/stack';
import { count, currentHour, outcomeCounts } from './helpers';
import { seedRawFeeds } from './seed-raw-feeds';

const STATIONS = 3000;

describe('stage with two pages loading at once', () => {
  let db: { url: string; drop: () => Promise<void> };
  const hour = currentHour();

  beforeAll(async () => {
    db = await freshDatabase();
    const fetchedAt = new Date(Date.parse(hour.start) + 600_000);
    const scope = (runId: string) => ({ runId, intervalStart: new Date(hour.start), intervalEnd: new Date(hour.end) });
    const content = { seed: 5, dashShare: 0, unknownShare: 0 };
    await seedRawFeeds(db.url, scope('first'), STATIONS, content, fetchedAt);
    await seedRawFeeds(db.url, scope('again-reversed'), STATIONS, content, fetchedAt, 'reversed');
  }, 120_000);

  afterAll(async () => {
    await db.drop();
  });

  it('stages both runs: one reading per observation, the repeats as duplicates, and a rerun changes nothing', async () => {
    // One page per run, so the two runs' pages are loaded by the two loaders at once.
    const env = stackEnv({ AQI_PG_URL: db.url, AQI_PG_STAGE_BATCH_ROWS: String(STATIONS) });
    const staged = await runAqi(['stage', ...hour.args], env);
    expect(staged.code).toBe(0);
    expect(staged.summary).toMatchObject({ rawRows: 2 * STATIONS, readingsInserted: STATIONS });
    expect(await outcomeCounts(db.url)).toEqual({ reading: STATIONS, duplicate: STATIONS });
    expect(await count(db.url, 'SELECT count(*) AS n FROM readings')).toBe(STATIONS);
    // Each reading's source is one of the two raw rows of its observation, and an outcome names it.
    expect(await count(db.url, `SELECT count(*) AS n FROM readings r JOIN stage_outcomes o ON o.raw_id = r.raw_id AND o.outcome = 'reading'`)).toBe(STATIONS);

    const rerun = await runAqi(['stage', ...hour.args], env);
    expect(rerun.code).toBe(0);
    expect(rerun.summary).toMatchObject({ readingsInserted: 0, readingsUpdated: 0, outcomesChanged: 0 });
  }, 120_000);

  it('a pool of two stages with one loader; a pool of one is refused as a configuration error, not left waiting for itself', async () => {
    const two = await runAqi(['stage', ...hour.args], stackEnv({ AQI_PG_URL: db.url, AQI_PG_STAGE_BATCH_ROWS: '1000', AQI_PG_POOL_SIZE: '2' }), { timeoutMs: 60_000 });
    expect(two.code).toBe(0);
    expect(two.summary).toMatchObject({ rawRows: 2 * STATIONS, readingsInserted: 0, readingsUpdated: 0, outcomesChanged: 0 });
    const one = await runAqi(['stage', ...hour.args], stackEnv({ AQI_PG_URL: db.url, AQI_PG_POOL_SIZE: '1' }), { timeoutMs: 60_000 });
    expect(one.code).toBe(64);
    expect(one.summary).toMatchObject({ error: { code: 'CONFIG_INVALID' } });
    expect(String((one.summary?.error as { message?: string })?.message)).toContain('AQI_PG_POOL_SIZE');
  }, 90_000);
});
