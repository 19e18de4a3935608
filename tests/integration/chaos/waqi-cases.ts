/**
 * WAQI-side fault cases against the real local stack: each runs fetch -> stage ->
 * publish -> classify for one hour against a simulator with one fault switched on, lets
 * the pipeline recover the way it would in production (its own retries; a rerun of the
 * same run id on a retryable exit, as Airflow's task retries do; an operator fixing the
 * token after a fatal "Invalid key"), then counts what reached Cassandra.
 *
 * lost       = simulator stations with no row in Cassandra
 * duplicated = (Kafka messages - staged readings) + (Cassandra rows - distinct stations):
 *              with a pinned clock each station has exactly one observation in the hour.
 */
import { Client as Cassandra } from 'cassandra-driver';
import { startSimulator, type SimulatorOptions } from '../../../tasks/simulator/server';
import { StationTable } from '../../../tasks/simulator/stations';
import { currentHour, fetchEnv, query } from '../ingest/helpers';
import { cassandraClient, dropStream, streamNames, topicMessageCount } from '../stream/support';
import { freshDatabase, runAqi, type CliResult } from '../support/stack';
import { recordRun, type CaseRow, type StepLog } from './report';
import { runWithFault, type ServiceFault } from './service-fault';

export const CHAOS_STATIONS = Number(process.env.AQI_CHAOS_STATIONS ?? 60);
const SEED = 21;
const MAX_RERUNS = 4;

export interface WaqiCase {
  name: string;
  fault: string;
  sim: Partial<SimulatorOptions>;
  env?: Record<string, string>;
  /** The token the first fetch sends; the simulator requires 'chaos-right-token'. */
  firstToken?: string;
  /** A fault of the stack itself, injected while one step runs (service-fault.ts). */
  serviceFault?: ServiceFault;
}

export const WAQI_CASES: WaqiCase[] = [
  { name: 'baseline', fault: 'none', sim: {} },
  { name: 'timeouts', fault: '20% of requests stall 3 s (client timeout 1 s)', sim: { slowShare: 0.2, slowMs: 3000 }, env: { AQI_WAQI_TIMEOUT_MS: '1000' } },
  { name: '5xx-burst', fault: '35% of requests answer 503 + HTML', sim: { error5xxShare: 0.35 } },
  { name: 'over-quota', fault: '"Over quota" 8 in every 25 requests, 2 retries', sim: { overQuotaEvery: 25, overQuotaBurst: 8 }, env: { AQI_WAQI_MAX_RETRIES: '2' } },
  { name: 'malformed', fault: '25% of JSON bodies truncated', sim: { malformedShare: 0.25 } },
  { name: 'html-200', fault: '25% of requests answer 200 + HTML page', sim: { htmlShare: 0.25 } },
  { name: 'invalid-key', fault: 'wrong WAQI_TOKEN, then fixed by the operator', sim: {}, firstToken: 'chaos-wrong-token' },
];

async function cassandraStations(cass: Cassandra, keyspace: string): Promise<{ rows: number; stations: Set<number> }> {
  const stations = new Set<number>();
  let rows = 0;
  const stream = cass.stream(`SELECT station_id FROM ${keyspace}.readings_by_station_day`, [], { prepare: true, fetchSize: 5000 });
  for await (const row of stream as unknown as AsyncIterable<{ station_id: number }>) {
    rows++;
    stations.add(row.station_id);
  }
  return { rows, stations };
}

/** Runs one step; on a retryable exit (75) or stations given up, reruns it as an Airflow retry would. */
export async function withReruns(args: string[], env: Record<string, string>, log: StepLog, fault?: ServiceFault): Promise<{ res: CliResult; reruns: number }> {
  let reruns = 0;
  for (;;) {
    const res = reruns === 0 && fault && fault.step === args[0] ? await runWithFault(args, env, fault) : await runAqi(args, env);
    recordRun(log, args[0]!, res);
    const gaveUp = Number(res.summary?.gaveUp ?? 0);
    if ((res.code === 75 || (res.code === 0 && gaveUp > 0)) && reruns < MAX_RERUNS) {
      reruns++;
      continue;
    }
    return { res, reruns };
  }
}

export async function runWaqiCase(c: WaqiCase): Promise<CaseRow> {
  const hour = currentHour();
  const pinned = new Date(Date.parse(hour.start) + 1_800_000);
  const db = await freshDatabase();
  const names = streamNames(`chaos_${c.name.replace(/-/g, '_')}`);
  const sim = await startSimulator({ stations: CHAOS_STATIONS, seed: SEED, unknownShare: 0, clock: () => pinned, token: 'chaos-right-token', ...c.sim });
  const cass = cassandraClient();
  const steps: StepLog = { codes: [], userSaw: [] };
  const notes: string[] = [];
  try {
    const env = (token: string) =>
      fetchEnv(db.url, sim.url, {
        WAQI_TOKEN: token,
        AQI_FETCH_TILE_DEGREES: '90',
        AQI_WAQI_MAX_RETRIES: '6',
        AQI_TOPIC_READINGS: names.topic,
        AQI_TOPIC_DLQ: names.dlq,
        AQI_CASSANDRA_KEYSPACE: names.keyspace,
        AQI_CASSANDRA_CONSISTENCY: 'ONE',
        AQI_KAFKA_SESSION_TIMEOUT_MS: '6000',
        ...c.env,
      });
    const fetchArgs = ['fetch', ...hour.args, '--run-id', `chaos-${c.name}`];
    if (c.firstToken) {
      const refused = await runAqi(fetchArgs, env(c.firstToken));
      recordRun(steps, 'fetch', refused);
      const requests = sim.requests();
      notes.push(`fatal ${String((refused.summary?.error as { code?: string } | undefined)?.code)} after ${requests} request${requests === 1 ? '' : 's'}; token fixed, rerun`);
    }
    const fetched = await withReruns(fetchArgs, env('chaos-right-token'), steps, c.serviceFault);
    if (fetched.reruns > 0) notes.push(`fetch rerun x${fetched.reruns}`);
    for (const args of [['stage', ...hour.args], ['publish', ...hour.args], ['classify', '--group', names.group]]) {
      const step = await withReruns(args, env('chaos-right-token'), steps, c.serviceFault);
      if (step.reruns > 0) notes.push(`${args[0]} rerun x${step.reruns}`);
    }
    const retried = await query<{ n: string }>(db.url, `SELECT count(*) AS n FROM raw_responses WHERE fetch_outcome = 'retried'`);
    notes.unshift(`${retried[0]?.n ?? 0} retried requests`);

    const staged = Number((await query<{ n: string }>(db.url, 'SELECT count(*) AS n FROM readings'))[0]?.n ?? 0);
    const messages = await topicMessageCount(names.topic).catch(() => 0);
    const inCassandra = await cassandraStations(cass, names.keyspace).catch(() => ({ rows: 0, stations: new Set<number>() }));
    const expected = new StationTable(SEED, CHAOS_STATIONS).list.map((s) => s.uid);
    return {
      case: c.name,
      fault: c.fault,
      staged,
      cassandra: inCassandra.rows,
      lost: expected.filter((uid) => !inCassandra.stations.has(uid)).length,
      duplicated: Math.max(0, messages - staged) + (inCassandra.rows - inCassandra.stations.size),
      recovery: notes.join('; '),
      exitCodes: steps.codes.join(','),
      userSaw: steps.userSaw,
    };
  } finally {
    await cass.shutdown();
    await sim.close();
    await dropStream(names);
    await db.drop();
  }
}
