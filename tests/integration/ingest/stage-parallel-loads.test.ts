/**
 * Stage loads two pages at once, each in its own session. When both pages hold the same
 * observations (a station fetched again by another run), their merges touch the same
 * readings: they must wait for each other, not deadlock, and the interval must still end
 * with one reading per observation and one outcome per raw row. The second run's rows come
 * in the reverse order, the case in which unordered merges lock in opposite orders.
 */
import { Pool } from 'pg';
import { migratePostgres } from '../../../tasks/postgres/migrate';
import { insertRawBatch, type RawRow } from '../../../tasks/postgres/raw-store';
import { feedBody } from '../../../tasks/simulator/responses';
import { StationTable } from '../../../tasks/simulator/stations';
import { freshDatabase, runAqi, stackEnv } from '../support/stack';
import { count, currentHour, outcomeCounts } from './helpers';

const STATIONS = 3000;

describe('stage with two pages loading at once', () => {
  let db: { url: string; drop: () => Promise<void> };
  const hour = currentHour();

  beforeAll(async () => {
    db = await freshDatabase();
    const pool = new Pool({ connectionString: db.url, max: 1 });
    try {
      await migratePostgres(pool);
      const fetchedAt = new Date(Date.parse(hour.start) + 600_000);
      const stations = new StationTable(5, STATIONS).list;
      const rows = (list: typeof stations): RawRow[] =>
        list.map((s) => ({
          endpoint: 'feed', stationRef: `@${s.uid}`, requestTarget: `/feed/@${s.uid}/?token=REDACTED`, attempt: 1, httpStatus: 200,
          body: JSON.stringify(feedBody(s, fetchedAt.getTime(), { seed: 5, dashShare: 0, unknownShare: 0 })), bodyText: null,
          error: null, fetchOutcome: 'answer', fetchedAt, durationMs: 1,
        }));
      const scope = (runId: string) => ({ runId, intervalStart: new Date(hour.start), intervalEnd: new Date(hour.end) });
      await insertRawBatch(pool, scope('first'), rows(stations));
      await insertRawBatch(pool, scope('again-reversed'), rows([...stations].reverse()));
    } finally {
      await pool.end();
    }
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
