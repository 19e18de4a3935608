/**
 * fetch under faults, against the simulator and the real PostgreSQL: retries are all in
 * the audit log, a refused token fails fast, exhausted quota is retryable and resumes,
 * and a killed fetch resumes without losing or duplicating a station.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../tasks/simulator/server';
import { freshDatabase, ROOT, runAqi } from '../support/stack';
import { count, currentHour, fetchEnv, outcomeCounts, query } from './helpers';

// jest.config's testTimeout is not applied per project, so each file sets its own bound.
jest.setTimeout(120_000);

const hour = currentHour();
const pinned = new Date(Date.parse(hour.start) + 1_800_000);
const clock = () => pinned;

describe('aqi fetch under faults', () => {
  let db: { url: string; drop: () => Promise<void> };
  const sims: RunningSimulator[] = [];
  const simulator = async (opts: Parameters<typeof startSimulator>[0]) => {
    const sim = await startSimulator({ seed: 5, clock, ...opts });
    sims.push(sim);
    return sim;
  };

  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.close()));
    await db.drop();
  });

  it('retries 5xx, HTML pages, truncated JSON and quota bursts; every attempt is a raw row', async () => {
    const sim = await simulator({ stations: 300, error5xxShare: 0.1, htmlShare: 0.05, malformedShare: 0.05, overQuotaEvery: 97, overQuotaBurst: 3 });
    const res = await runAqi(['fetch', ...hour.args, '--run-id', 'faults', '--bounds', '-90,-180,90,180'], fetchEnv(db.url, sim.url, { AQI_WAQI_MAX_RETRIES: '8' }));
    expect(res.code).toBe(0);
    const raw = await count(db.url, `SELECT count(*) AS n FROM raw_responses WHERE run_id = 'faults'`);
    expect(raw).toBe(sim.requests());
    const retried = await count(db.url, `SELECT count(*) AS n FROM raw_responses WHERE run_id = 'faults' AND fetch_outcome = 'retried'`);
    expect(retried).toBeGreaterThan(20);
    const answers = await count(db.url, `SELECT count(DISTINCT station_ref) AS n FROM raw_responses WHERE run_id = 'faults' AND endpoint = 'feed' AND fetch_outcome = 'answer'`);
    expect(answers).toBe(300);

    const staged = await runAqi(['stage', ...hour.args], fetchEnv(db.url, sim.url));
    expect(staged.code).toBe(0);
    const outcomes = await outcomeCounts(db.url);
    expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(raw);
    expect(outcomes.superseded).toBe(retried);
    expect((outcomes.reading ?? 0) + (outcomes.reject ?? 0)).toBe(300);
  });

  it('a run that completed with a few stations given up asks them again on a rerun, then has nothing to do', async () => {
    const flaky = await simulator({ stations: 200, error5xxShare: 0.3 });
    // No retries and any failure share allowed: the run completes with stations given up.
    const tolerant = { AQI_WAQI_MAX_RETRIES: '0', AQI_FETCH_MAX_FAILED_SHARE: '1' };
    const first = await runAqi(['fetch', ...hour.args, '--run-id', 'gaveup', '--bounds', '-90,-180,90,180'], fetchEnv(db.url, flaky.url, tolerant));
    expect(first.code).toBe(0);
    const answered = `SELECT count(DISTINCT station_ref) AS n FROM raw_responses WHERE run_id = 'gaveup' AND endpoint = 'feed' AND fetch_outcome = 'answer'`;
    const before = await count(db.url, answered);
    expect(before).toBeLessThan(200);

    // The same stations behind a healthy server: the rerun asks only those that gave up.
    const healthy = await simulator({ stations: 200 });
    const lastId = await count(db.url, `SELECT max(id) AS n FROM raw_responses`);
    const rerun = await runAqi(['fetch', ...hour.args, '--run-id', 'gaveup', '--bounds', '-90,-180,90,180'], fetchEnv(db.url, healthy.url, tolerant));
    expect(rerun.code).toBe(0);
    expect(await count(db.url, answered)).toBe(200);
    // Feed requests only for the stations that gave up (bounds tiles that gave up are asked again too).
    const askedAgain = await count(db.url, `SELECT count(*) AS n FROM raw_responses WHERE id > $1 AND endpoint = 'feed'`, [lastId]);
    expect(askedAgain).toBe(200 - before);

    const third = await runAqi(['fetch', ...hour.args, '--run-id', 'gaveup', '--bounds', '-90,-180,90,180'], fetchEnv(db.url, healthy.url, tolerant));
    expect(third.code).toBe(99);
    expect(third.summary).toMatchObject({ status: 'skipped', error: { code: 'RUN_COMPLETE' } });
  });

  it('an invalid key fails fast (exit 1) naming WAQI_TOKEN without its value, and is recorded', async () => {
    const sim = await simulator({ stations: 50, token: 'the-right-token' });
    const wrong = 'wrong-token-0042';
    const res = await runAqi(['fetch', ...hour.args, '--run-id', 'badkey', '--stations', '1000,1014'], fetchEnv(db.url, sim.url, { WAQI_TOKEN: wrong }));
    expect(res.code).toBe(1);
    expect(res.summary).toMatchObject({ status: 'failed', error: { code: 'WAQI_INVALID_KEY', retryable: false } });
    expect(String((res.summary?.error as { message: string }).message)).toContain('WAQI_TOKEN');
    expect(`${res.stdout}${res.stderr}`).not.toContain(wrong);
    const rows = await query<{ attempt: number; error: string; fetch_outcome: string }>(db.url, `SELECT attempt, error, fetch_outcome FROM raw_responses WHERE run_id = 'badkey'`);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.attempt === 1 && r.error === 'Invalid key' && r.fetch_outcome === 'gave_up')).toBe(true);

    // The operator fixes the token; the same run id resumes and asks again for every station.
    const fixed = await runAqi(['fetch', ...hour.args, '--run-id', 'badkey', '--stations', '1000,1014'], fetchEnv(db.url, sim.url, { WAQI_TOKEN: 'the-right-token' }));
    expect(fixed.code).toBe(0);
    expect(fixed.summary).toMatchObject({ resumed: true, stations: 2, skippedSettled: 0 });
  });

  it('quota exhausted after retries exits 75, and a rerun of the run id resumes what is missing', async () => {
    const quota = await simulator({ stations: 60, overQuotaEvery: 1, overQuotaBurst: 1 });
    const env = { AQI_WAQI_MAX_RETRIES: '2', AQI_WAQI_CONCURRENCY: '2' };
    const first = await runAqi(['fetch', ...hour.args, '--run-id', 'quota', '--bounds', '-90,-180,90,180'], fetchEnv(db.url, quota.url, env));
    expect(first.code).toBe(75);
    expect(first.summary).toMatchObject({ error: { code: 'WAQI_OVER_QUOTA', retryable: true } });
    expect(await query(db.url, `SELECT status FROM fetch_runs WHERE run_id = 'quota'`)).toEqual([{ status: 'failed' }]);

    const healthy = await simulator({ stations: 60 });
    const second = await runAqi(['fetch', ...hour.args, '--run-id', 'quota', '--bounds', '-90,-180,90,180'], fetchEnv(db.url, healthy.url, env));
    expect(second.code).toBe(0);
    expect(second.summary).toMatchObject({ resumed: true, stations: 60 });
    expect(await count(db.url, `SELECT count(*) AS n FROM raw_responses WHERE run_id = 'quota'`)).toBe(quota.requests() + healthy.requests());
  });

  it('a killed fetch resumes: each station answered exactly once, nothing lost', async () => {
    const sim = await simulator({ stations: 200, slowShare: 1, slowMs: 40 });
    const env = fetchEnv(db.url, sim.url, { AQI_WAQI_CONCURRENCY: '4', AQI_PG_RAW_BATCH_ROWS: '10' });
    const args = ['fetch', ...hour.args, '--run-id', 'killed', '--bounds', '-90,-180,90,180'];
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'tasks', 'cli.js'), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    while ((await count(db.url, `SELECT count(*) AS n FROM raw_responses WHERE run_id = 'killed' AND endpoint = 'feed'`)) < 30) {
      if (Date.now() > deadline) throw new Error('fetch wrote nothing');
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = await count(db.url, `SELECT count(*) AS n FROM raw_responses WHERE run_id = 'killed' AND endpoint = 'feed'`);
    expect(before).toBeLessThan(200);

    const res = await runAqi(args, env);
    expect(res.code).toBe(0);
    expect(res.summary).toMatchObject({ resumed: true });
    const perStation = await query<{ n: string }>(
      db.url,
      `SELECT count(*) AS n FROM raw_responses WHERE run_id = 'killed' AND endpoint = 'feed' AND fetch_outcome = 'answer' GROUP BY station_ref`,
    );
    expect(perStation).toHaveLength(200);
    expect(perStation.every((r) => r.n === '1')).toBe(true);
  });
});
