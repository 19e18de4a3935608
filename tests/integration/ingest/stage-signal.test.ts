/**
 * Airflow stops a task with SIGTERM (timeout, mark failed, scheduler shutdown) and then
 * retries it. Stage must report that as retryable (exit 75) and a rerun must finish the
 * interval with nothing lost and nothing staged twice. The soak found it exiting 1.
 */
import { freshDatabase, runAqi, stackEnv } from '../support/stack';
import { count, currentHour, outcomeCounts } from './helpers';
import { seedRawFeeds } from './seed-raw-feeds';

const STATIONS = 20_000;

describe('stage stopped by SIGTERM', () => {
  let db: { url: string; drop: () => Promise<void> };
  const hour = currentHour();

  beforeAll(async () => {
    db = await freshDatabase();
    const scope = { runId: 'signal', intervalStart: new Date(hour.start), intervalEnd: new Date(hour.end) };
    await seedRawFeeds(db.url, scope, STATIONS, { seed: 5, dashShare: 0, unknownShare: 0 }, new Date(Date.parse(hour.start) + 600_000));
  }, 120_000);

  afterAll(async () => {
    await db.drop();
  });

  it('exits 75 with INTERRUPTED, and a rerun stages every raw row exactly once', async () => {
    // Small pages, so the signal lands between pages with some already loaded.
    const env = stackEnv({ AQI_PG_URL: db.url, AQI_PG_STAGE_BATCH_ROWS: '500', AQI_LOG_LEVEL: 'info' });
    const stopped = await runAqi(['stage', ...hour.args], env, {
      onStart: (child) => {
        child.stderr?.on('data', (d: Buffer) => {
          if (d.toString().includes('"message":"progress"')) child.kill('SIGTERM');
        });
      },
    });
    expect(stopped.code).toBe(75);
    expect(stopped.summary).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED', retryable: true } });
    const partial = await count(db.url, 'SELECT count(*) AS n FROM stage_outcomes');
    expect(partial).toBeLessThan(STATIONS);

    const rerun = await runAqi(['stage', ...hour.args], env);
    expect(rerun.code).toBe(0);
    expect(await outcomeCounts(db.url)).toEqual({ reading: STATIONS });
    expect(await count(db.url, 'SELECT count(*) AS n FROM readings')).toBe(STATIONS);
  }, 180_000);
});
