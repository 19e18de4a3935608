/**
 * Outage versus broken station (docs: tasks/ingest/fetch-verdict.ts), with the real stack:
 * a station that answers a cut-off body on every attempt does not fail a run, and its
 * hour's other readings reach Cassandra; a resumed run is judged over its whole plan;
 * most stations failing is an outage (retryable), and the resume asks only what is missing.
 */
import { startSimulator, type RunningSimulator } from '../../../tasks/simulator/server';
import { StationTable } from '../../../tasks/simulator/stations';
import { freshDatabase, runAqi, type CliResult } from '../support/stack';
import { cassandraClient, cassandraReadingKeys, dropStream, streamEnv, streamNames } from '../stream/support';
import { count, currentHour, fetchEnv, query } from './helpers';

jest.setTimeout(180_000);

const hour = currentHour();
const pinned = new Date(Date.parse(hour.start) + 1_800_000);
const SEED = 11;
const STATIONS = new StationTable(SEED, 15).list.map((s) => s.uid);
const LIST = STATIONS.map((id) => `@${id}`).join(',');
const BROKEN = STATIONS[6] as number;

describe('a few broken stations are a data-quality fact, not a failed run', () => {
  let db: { url: string; drop: () => Promise<void> };
  const names = streamNames('broken');
  const sims: RunningSimulator[] = [];
  // No "-" readings and no unknown ids: every station that answers is one reading.
  const simulator = async (opts: Parameters<typeof startSimulator>[0]) => {
    const sim = await startSimulator({ seed: SEED, stations: 15, dashShare: 0, unknownShare: 0, clock: () => pinned, ...opts });
    sims.push(sim);
    return sim;
  };
  const env = (sim: RunningSimulator, extra: Record<string, string> = {}) =>
    ({ ...streamEnv(db.url, names), ...fetchEnv(db.url, sim.url, { AQI_WAQI_MAX_RETRIES: '5', ...extra }) });
  const fetch = (runId: string, sim: RunningSimulator, extra: Record<string, string> = {}): Promise<CliResult> =>
    runAqi(['fetch', ...hour.args, '--run-id', runId, '--stations', LIST], env(sim, extra));
  const downstream = async (sim: RunningSimulator) => {
    for (const step of [['stage', ...hour.args], ['publish', ...hour.args], ['classify', '--group', names.group]]) {
      const res = await runAqi(step, env(sim));
      expect(res.summary?.error).toBeUndefined();
      expect(res.code).toBe(0);
    }
  };

  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.close()));
    await dropStream(names).catch(() => undefined);
    await db.drop();
  });

  it('15 stations, one answering a cut-off body on every attempt: the run completes and 14 readings reach Cassandra', async () => {
    const sim = await simulator({ brokenStations: [BROKEN] });
    const first = await fetch('one-broken', sim);
    expect(first.code).toBe(0);
    expect(first.summary).toMatchObject({
      status: 'ok', planned: 15, stations: 15, gaveUp: 1, gaveUpBy: { not_json: 1 },
      gaveUpTargets: [{ ref: `@${BROKEN}`, reason: 'not_json', message: 'body is not JSON' }],
    });
    // Six attempts, each one a raw row with its reason; the last one says it gave up.
    const attempts = await query<{ attempt: number; error: string; fetch_outcome: string }>(
      db.url, `SELECT attempt, error, fetch_outcome FROM raw_responses WHERE run_id = 'one-broken' AND station_ref = $1 ORDER BY attempt`, [`@${BROKEN}`]);
    expect(attempts.map((a) => a.fetch_outcome)).toEqual(['retried', 'retried', 'retried', 'retried', 'retried', 'gave_up']);
    expect(attempts.every((a) => a.error === 'body is not JSON')).toBe(true);

    await downstream(sim);
    expect(await count(db.url, 'SELECT count(*) AS n FROM readings')).toBe(14);
    const rejects = await query<{ station_ref: string; reason: string }>(
      db.url, `SELECT r.station_ref, o.reason FROM stage_outcomes o JOIN raw_responses r ON r.id = o.raw_id WHERE o.outcome = 'reject'`);
    expect(rejects).toEqual([{ station_ref: `@${BROKEN}`, reason: 'body_not_json' }]);
    const cass = cassandraClient();
    try {
      const keys = await cassandraReadingKeys(cass, names.keyspace);
      expect(keys).toHaveLength(14);
      expect(keys.some((k) => k.startsWith(`${BROKEN}@`))).toBe(false);
    } finally {
      await cass.shutdown();
    }
  });

  it('once the station mends, a rerun of the run asks it alone and its reading arrives exactly once downstream', async () => {
    const healthy = await simulator({});
    const rerun = await fetch('one-broken', healthy);
    expect(rerun.code).toBe(0);
    expect(rerun.summary).toMatchObject({ status: 'ok', resumed: true, stations: 1, skippedSettled: 14, gaveUp: 0 });
    expect(healthy.requests()).toBe(1);

    await downstream(healthy);
    await downstream(healthy); // and a rerun of every step changes nothing
    expect(await count(db.url, 'SELECT count(*) AS n FROM readings')).toBe(15);
    const cass = cassandraClient();
    try {
      const keys = await cassandraReadingKeys(cass, names.keyspace);
      expect(keys).toHaveLength(15);
      expect(keys.filter((k) => k.startsWith(`${BROKEN}@`))).toHaveLength(1);
    } finally {
      await cass.shutdown();
    }
  });

  it('most stations failing is an outage (retryable); the resume asks only what is missing, and a resume left with a broken station completes', async () => {
    // No retries and 503 on most requests: an outage.
    const outage = await simulator({ error5xxShare: 0.8 });
    const first = await fetch('outage', outage, { AQI_WAQI_MAX_RETRIES: '0' });
    expect(first.code).toBe(75);
    expect(first.summary).toMatchObject({ status: 'failed', error: { code: 'FETCH_TOO_MANY_FAILURES', retryable: true } });
    expect(String((first.summary?.error as { message: string }).message)).toMatch(/of the run's 15 targets failed after retries/);
    const missing = (await query<{ station_ref: string }>(
      db.url, `SELECT station_ref FROM raw_responses WHERE run_id = 'outage' AND fetch_outcome = 'gave_up'`)).map((r) => r.station_ref);
    expect(missing.length).toBeGreaterThan(7);

    // The outage is over, but one of the stations it left out is broken for good.
    const brokenId = Number(missing[0]?.slice(1));
    const after = await simulator({ brokenStations: [brokenId] });
    const resumed = await fetch('outage', after);
    expect(resumed.code).toBe(0);
    expect(resumed.summary).toMatchObject({ status: 'ok', resumed: true, planned: 15, stations: missing.length, gaveUp: 1 });
    expect(after.requests()).toBe(missing.length - 1 + 6);

    // Airflow's retry of a green task, or an operator's rerun: only the broken one is left,
    // and "1 of 1 failed" is not the verdict: 1 of the run's 15 is.
    const again = await fetch('outage', after);
    expect(again.code).toBe(0);
    expect(again.summary).toMatchObject({ status: 'ok', resumed: true, planned: 15, stations: 1, skippedSettled: 14, gaveUp: 1 });
    expect(await query(db.url, `SELECT status FROM fetch_runs WHERE run_id = 'outage'`)).toEqual([{ status: 'complete' }]);
  });
});
