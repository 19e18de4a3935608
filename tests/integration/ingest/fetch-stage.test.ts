/**
 * fetch + stage against the simulator and the real PostgreSQL: raw rows = requests,
 * every raw row has an outcome, a rerun changes nothing, and the token never leaks.
 */
import { startSimulator, type RunningSimulator } from '../../../tasks/simulator/server';
import { freshDatabase, runAqi } from '../support/stack';
import { count, currentHour, fetchEnv, outcomeCounts, query, readingsFingerprint } from './helpers';

// jest.config's testTimeout is not applied per project, so each file sets its own bound.
jest.setTimeout(120_000);

const TOKEN = 'sim-secret-token-4711';
const STATIONS = 400;

describe('aqi fetch + aqi stage', () => {
  let db: { url: string; drop: () => Promise<void> };
  let sim: RunningSimulator;
  const hour = currentHour();

  beforeAll(async () => {
    db = await freshDatabase();
    // A pinned clock keeps the simulated hour fixed even if the wall clock turns the hour mid-test.
    const pinned = new Date(Date.parse(hour.start) + 1_800_000);
    sim = await startSimulator({ stations: STATIONS, seed: 11, token: TOKEN, dashShare: 0.05, unknownShare: 0.03, clock: () => pinned });
  });
  afterAll(async () => {
    await sim.close();
    await db.drop();
  });

  it('fetches a world sweep: one raw row per request, token redacted everywhere', async () => {
    const env = fetchEnv(db.url, sim.url, { WAQI_TOKEN: TOKEN, AQI_FETCH_TILE_DEGREES: '90' });
    const res = await runAqi(['fetch', ...hour.args, '--run-id', 'sweep-1'], env);
    expect(res.code).toBe(0);
    expect(res.summary).toMatchObject({ step: 'fetch', status: 'ok', stations: STATIONS, listings: 8, simulated: false });
    const raw = await count(db.url, 'SELECT count(*) AS n FROM raw_responses');
    expect(raw).toBe(sim.requests());
    expect(res.summary?.requests).toBe(raw);
    expect(res.summary?.rawRows).toBe(raw);
    expect(`${res.stdout}${res.stderr}`).not.toContain(TOKEN);
    const leaked = await count(db.url, `SELECT count(*) AS n FROM raw_responses WHERE position($1 in concat(request_target, body::text, body_text, error)) > 0`, [TOKEN]);
    expect(leaked).toBe(0);
    const targets = await query<{ request_target: string }>(db.url, `SELECT request_target FROM raw_responses WHERE endpoint = 'feed' LIMIT 1`);
    expect(targets[0]?.request_target).toMatch(/^\/feed\/@-?\d+\/\?token=REDACTED$/);
    const runs = await query<{ status: string }>(db.url, `SELECT status FROM fetch_runs WHERE run_id = 'sweep-1'`);
    expect(runs).toEqual([{ status: 'complete' }]);
  });

  it('a completed run id is nothing to do', async () => {
    const before = sim.requests();
    const res = await runAqi(['fetch', ...hour.args, '--run-id', 'sweep-1'], fetchEnv(db.url, sim.url, { WAQI_TOKEN: TOKEN }));
    expect(res.code).toBe(99);
    expect(res.summary).toMatchObject({ status: 'skipped', error: { code: 'RUN_COMPLETE' } });
    expect(sim.requests()).toBe(before);
  });

  it('stages every raw row into a reading or an outcome with a reason', async () => {
    const res = await runAqi(['stage', ...hour.args], fetchEnv(db.url, sim.url));
    expect(res.code).toBe(0);
    const raw = await count(db.url, 'SELECT count(*) AS n FROM raw_responses');
    const outcomes = await outcomeCounts(db.url);
    expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(raw);
    expect(outcomes.listing).toBe(8);
    const readings = await count(db.url, 'SELECT count(*) AS n FROM readings');
    expect(readings).toBe(outcomes.reading);
    expect((outcomes.reading ?? 0) + (outcomes.reject ?? 0)).toBe(STATIONS);
    const reasons = await query<{ reason: string }>(db.url, 'SELECT DISTINCT reason FROM stage_rejects');
    expect(reasons).toEqual([{ reason: 'unknown_station' }]);
    expect(res.summary).toMatchObject({ rawRows: raw, readingsInserted: readings, readingsUpdated: 0 });
    // "-" is a reading with a null aqi, not a reject.
    expect(await count(db.url, 'SELECT count(*) AS n FROM readings WHERE aqi IS NULL')).toBeGreaterThan(0);
    expect(await count(db.url, 'SELECT count(*) AS n FROM published_readings')).toBe(0);
  });

  it('a rerun of stage changes nothing', async () => {
    const before = await readingsFingerprint(db.url);
    const outcomesBefore = await query(db.url, 'SELECT * FROM stage_outcomes ORDER BY raw_id');
    const res = await runAqi(['stage', ...hour.args], fetchEnv(db.url, sim.url));
    expect(res.code).toBe(0);
    expect(res.summary).toMatchObject({ readingsInserted: 0, readingsUpdated: 0, outcomesChanged: 0 });
    expect(await readingsFingerprint(db.url)).toBe(before);
    expect(await query(db.url, 'SELECT * FROM stage_outcomes ORDER BY raw_id')).toEqual(outcomesBefore);
  });

  it('a second run of the same hour repeats readings without duplicating them', async () => {
    const readings = await count(db.url, 'SELECT count(*) AS n FROM readings');
    const env = fetchEnv(db.url, sim.url, { WAQI_TOKEN: TOKEN });
    const fetched = await runAqi(['fetch', ...hour.args, '--run-id', 'list-2', '--stations', 'tokyo,@999999,nowhere'], env);
    expect(fetched.code).toBe(0);
    expect(fetched.summary).toMatchObject({ stations: 3, requests: 3, listings: 0 });
    const staged = await runAqi(['stage', ...hour.args], env);
    expect(staged.code).toBe(0);
    expect(await count(db.url, 'SELECT count(*) AS n FROM readings')).toBe(readings);
    const second = await query<{ outcome: string; reason: string | null }>(
      db.url,
      `SELECT o.outcome, o.reason FROM stage_outcomes o JOIN raw_responses r ON r.id = o.raw_id WHERE r.run_id = 'list-2' ORDER BY r.id`,
    );
    expect(second).toEqual([
      { outcome: 'duplicate', reason: null },
      { outcome: 'reject', reason: 'unknown_station' },
      { outcome: 'reject', reason: 'unknown_station' },
    ]);
  });

  it('refuses an interval long past, and stage of an empty interval is nothing to do', async () => {
    const past = ['--interval-start', '2020-01-01T00:00:00Z', '--interval-end', '2020-01-01T01:00:00Z'];
    const fetched = await runAqi(['fetch', ...past, '--run-id', 'old'], fetchEnv(db.url, sim.url, { WAQI_TOKEN: TOKEN }));
    expect(fetched.code).toBe(99);
    expect(fetched.summary).toMatchObject({ error: { code: 'INTERVAL_PAST' } });
    const staged = await runAqi(['stage', ...past], fetchEnv(db.url, sim.url));
    expect(staged.code).toBe(99);
    expect(staged.summary).toMatchObject({ error: { code: 'NO_RAW_ROWS' } });
  });

  it('reports every configuration problem at once', async () => {
    const res = await runAqi(['fetch', '--interval-start', 'yesterday', '--interval-end', hour.end, '--run-id', 'x', '--bounds', '1,2,3'], fetchEnv(db.url, 'not a url'));
    expect(res.code).toBe(64);
    const message = String((res.summary?.error as { message?: string })?.message);
    expect(message).toContain('--interval-start');
    expect(message).toContain('--bounds');
    expect(message).toContain('WAQI_BASE_URL');
  });
});
