/**
 * The WAQI token travels in the request URL. A full fetch -> stage -> publish -> classify
 * run with a marker token (at debug log level, so every log line is emitted) must leave it
 * in no step's stdout or stderr, no PostgreSQL row, no Kafka message and no Cassandra row.
 * A wrong token fails fast with exit 1, names WAQI_TOKEN, and does not retry.
 */
import { randomBytes } from 'node:crypto';
import { Client as Cassandra } from 'cassandra-driver';
import { startSimulator, type RunningSimulator } from '../../../tasks/simulator/server';
import { currentHour, fetchEnv, query } from '../ingest/helpers';
import { cassandraClient, dropStream, streamEnv, streamNames, type StreamNames } from '../stream/support';
import { freshDatabase, runAqi, type CliResult } from '../support/stack';
import { dumpDatabase, dumpKeyspace, dumpTopic } from './dump';

jest.setTimeout(240_000);

const STATIONS = 40;
const hour = currentHour();
const pinned = new Date(Date.parse(hour.start) + 1_800_000);
const marker = () => `MARKERtok${randomBytes(8).toString('hex')}`;

let db: Awaited<ReturnType<typeof freshDatabase>>;
let names: StreamNames;
let cass: Cassandra;
const sims: RunningSimulator[] = [];

beforeAll(async () => {
  db = await freshDatabase();
  names = streamNames('secret');
  cass = cassandraClient();
});

afterAll(async () => {
  await cass?.shutdown();
  await Promise.all(sims.map((s) => s.close()));
  await dropStream(names);
  await db?.drop();
});

/** The token as it could appear: verbatim, URL-encoded, or base64 (e.g. in a Basic header). */
const forms = (token: string) => [token, encodeURIComponent(token), Buffer.from(token).toString('base64')];
const leaks = (text: string, token: string) => forms(token).filter((f) => text.includes(f));

it('a full run leaves the token in no output, row or message', async () => {
  const token = marker();
  const sim = await startSimulator({ stations: STATIONS, seed: 9, token, clock: () => pinned });
  sims.push(sim);
  const env = fetchEnv(db.url, sim.url, {
    ...streamEnv(db.url, names),
    WAQI_TOKEN: token,
    AQI_LOG_LEVEL: 'debug',
    AQI_FETCH_TILE_DEGREES: '90',
  });
  const results: CliResult[] = [];
  for (const args of [
    ['fetch', ...hour.args, '--run-id', 'secret-1'],
    ['stage', ...hour.args],
    ['publish', ...hour.args],
    ['classify', '--group', names.group],
  ]) {
    const res = await runAqi(args, env);
    expect({ step: args[0], code: res.code }).toEqual({ step: args[0], code: 0 });
    results.push(res);
  }
  // The simulator refuses any other token, so readings prove the token was really sent.
  const staged = await query<{ n: string }>(db.url, 'SELECT count(*) AS n FROM readings');
  expect(Number(staged[0]?.n)).toBeGreaterThan(STATIONS / 2);

  const output = results.map((r) => `${r.stdout}\n${r.stderr}`).join('\n');
  expect(output.length).toBeGreaterThan(0);
  expect(leaks(output, token)).toEqual([]);

  const pg = await dumpDatabase(db.url);
  expect(pg.rows).toBeGreaterThan(STATIONS);
  // Raw rows keep the request URL, with the token replaced (a boolean: never print a dump).
  expect(pg.text.includes('token=REDACTED')).toBe(true);
  expect(leaks(pg.text, token)).toEqual([]);

  for (const topic of [names.topic, names.dlq]) {
    const kafka = await dumpTopic(topic);
    if (topic === names.topic) expect(kafka.messages).toBe(Number(staged[0]?.n));
    expect(leaks(kafka.text, token)).toEqual([]);
  }

  const rows = await dumpKeyspace(cass, names.keyspace);
  expect(rows.rows).toBeGreaterThan(0);
  expect(leaks(rows.text, token)).toEqual([]);
});

it('a wrong token fails fast: exit 1, names WAQI_TOKEN, no retry storm, no token in output', async () => {
  const sim = await startSimulator({ stations: STATIONS, seed: 9, token: marker(), clock: () => pinned });
  sims.push(sim);
  const wrong = marker();
  const env = fetchEnv(db.url, sim.url, { WAQI_TOKEN: wrong, AQI_LOG_LEVEL: 'debug', AQI_FETCH_TILE_DEGREES: '90', AQI_WAQI_MAX_RETRIES: '5', AQI_WAQI_CONCURRENCY: '4' });
  const res = await runAqi(['fetch', ...hour.args, '--run-id', 'secret-badkey'], env);
  expect(res.code).toBe(1);
  expect(res.summary).toMatchObject({ status: 'failed', error: { code: 'WAQI_INVALID_KEY', retryable: false } });
  expect(String((res.summary?.error as { message?: string }).message)).toContain('WAQI_TOKEN');
  expect(leaks(`${res.stdout}\n${res.stderr}`, wrong)).toEqual([]);
  // At most the requests already in flight when the first refusal came back, each tried once.
  expect(sim.requests()).toBeLessThanOrEqual(4 + 1);
  const attempts = await query<{ attempt: number }>(db.url, `SELECT attempt FROM raw_responses WHERE run_id = 'secret-badkey'`);
  expect(attempts.length).toBe(sim.requests());
  expect(attempts.every((a) => a.attempt === 1)).toBe(true);
  expect(leaks((await dumpDatabase(db.url)).text, wrong)).toEqual([]);
});
