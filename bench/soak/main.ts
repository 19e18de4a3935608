/**
 * `make soak`: SOAK_CYCLES (30) consecutive simulated hours of SOAK_STATIONS (12,000)
 * stations through every pipeline step (the real CLI, the DAG's argv) against the local
 * stack, with one WAQI simulator for the whole run. Records each step's exit code,
 * duration, peak RSS and summary counts, and after each cycle the connections left open
 * and the long-running services' memory; at the end checks that every staged reading
 * reached Cassandra once. Exits non-zero if a step fails or the counts disagree; memory
 * and connection growth are reported as figures with a verdict line.
 *
 * Lives in bench/soak/ rather than bench/ so that `make bench` (dist/bench/*.js) does not run it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { dropKeyspace } from '../../tasks/cassandra/schema';
import { cassandraClient } from '../../tests/integration/stream/support';
import { ROOT, runMeasured } from '../fetch';
import { createBenchStream, stackPorts, type BenchStream } from '../publish';
import { startClockedSimulator, type ClockedSimulator } from './clocked-simulator';
import { checkCounts, type CountCheck } from './counts';
import { pinBuild, type PinnedBuild } from './pinned-build';
import { graceMinutesFor, soakCycles, STEPS, type Cycle } from './cycle-plan';
import { establishedTo, pgConnections, processRssMb, serviceRssMb } from './probes';
import { summaryCounts, type CycleRecord, type StepRecord } from './records';
import { summarize } from './summary';
import { cycleBlock, summaryBlock } from './tables';

const SEED = 3;
const SERVICES = ['postgres', 'kafka', 'registry', 'cassandra'];

function positiveInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
  return value;
}

let stopRequested = false;

async function runCycle(c: Cycle, sim: ClockedSimulator, env: Record<string, string>, cli: string): Promise<StepRecord[]> {
  await sim.setClock(c.clock);
  const steps: StepRecord[] = [];
  for (const step of STEPS) {
    const res = await runMeasured(c.argv[step], env, cli);
    steps.push({
      step, argv: c.argv[step], code: res.code, seconds: res.wallMs / 1000, peakRssMb: res.peakRssMb, cpuSeconds: res.cpuSeconds,
      counts: summaryCounts(res.summary),
    });
    if (res.code !== 0) {
      console.error(`soak: ${step} exited ${res.code} in cycle ${c.number}: ${JSON.stringify(res.summary).slice(0, 500)}`);
      break;
    }
    if (stopRequested) break;
  }
  return steps;
}

async function probe(stream: BenchStream, sim: ClockedSimulator, simPort: number): Promise<Pick<CycleRecord, 'pgConnections' | 'established' | 'serviceRssMb'>> {
  // A server backend exits a moment after its client closes: let the last step's settle.
  await new Promise((r) => setTimeout(r, 500));
  const ports = stackPorts();
  const adminUrl = `postgres://aqi@127.0.0.1:${ports.PG_PORT}/postgres`;
  return {
    pgConnections: await pgConnections(adminUrl, stream.name),
    established: establishedTo({
      postgres: Number(ports.PG_PORT), kafka: Number(ports.KAFKA_PORT), cassandra: Number(ports.CASSANDRA_PORT),
      registry: Number(ports.REGISTRY_PORT), simulator: simPort,
    }),
    serviceRssMb: { ...serviceRssMb(ROOT, SERVICES), simulator: processRssMb(sim.pid) },
  };
}

async function cleanup(stream: BenchStream, sim: ClockedSimulator | undefined): Promise<void> {
  await sim?.stop();
  const cass = cassandraClient();
  try {
    await dropKeyspace(cass, stream.name);
  } finally {
    await cass.shutdown();
  }
  await stream.cleanup();
}

async function main(): Promise<number> {
  const cycleCount = positiveInt('SOAK_CYCLES', 30);
  const stations = positiveInt('SOAK_STATIONS', 12_000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (stopRequested = true));
  const started = Date.now();
  const stream = await createBenchStream('soak');
  const group = `${stream.name}-classify`;
  const cycles = soakCycles(cycleCount, new Date(), group);
  const records: CycleRecord[] = [];
  let failed = false;
  let counts: CountCheck | null = null;
  let sim: ClockedSimulator | undefined;
  let build: PinnedBuild | undefined;
  try {
    build = pinBuild(ROOT);
    sim = await startClockedSimulator(stations, SEED, cycles[0]?.clock ?? new Date());
    const simPort = Number(new URL(sim.url).port);
    const env = {
      ...stream.env,
      AQI_TOPIC_ALERTS: `${stream.name}.alerts`,
      WAQI_BASE_URL: sim.url,
      // Sent only to the soak's simulator, which takes any token; replaces a real one in the environment.
      WAQI_TOKEN: 'soak-token',
      // The simulator has no quota: at WAQI's 1000/min a 12,000-station sweep would take 12 minutes per cycle.
      AQI_WAQI_RATE_PER_MINUTE: '0',
      AQI_FETCH_GRACE_MINUTES: String(graceMinutesFor(cycleCount)),
    };
    console.log(`soak: ${cycleCount} cycles x ${stations} stations, hours ${cycles[0]?.start.toISOString()} .. ${cycles.at(-1)?.end.toISOString()}, ` +
      `database/topics/keyspace ${stream.name}, group ${group}, simulator ${sim.url} (pid ${sim.pid}), CLI copied to ${build.cli}`);
    for (const c of cycles) {
      const cycleStarted = Date.now();
      const steps = await runCycle(c, sim, env, build.cli);
      const record: CycleRecord = {
        cycle: c.number, intervalStart: c.start.toISOString(), intervalEnd: c.end.toISOString(), seconds: (Date.now() - cycleStarted) / 1000,
        steps, ...(await probe(stream, sim, simPort)), loadAverage: loadavg(),
      };
      records.push(record);
      console.log(cycleBlock(record, cycleCount));
      failed = steps.length !== STEPS.length || steps.some((s) => s.code !== 0);
      if (failed || stopRequested) break;
    }
    const complete = records.filter((r) => r.steps.length === STEPS.length && r.steps.every((s) => s.code === 0));
    if (records.length > 0) {
      // Every cycle that started: a step that failed mid-cycle shows as that cycle's lost readings.
      counts = await checkCounts(cycles.slice(0, records.length), {
        dbUrl: stream.dbUrl, topic: stream.env.AQI_TOPIC_READINGS as string, deadLetterTopic: stream.env.AQI_TOPIC_DLQ as string, keyspace: stream.name,
      });
    }
    const summary = summarize(complete);
    const facts = {
      cycles: records.length, stations, minutes: (Date.now() - started) / 60_000, loadAverage: loadavg(),
      meanLoad1: records.reduce((n, r) => n + (r.loadAverage[0] ?? 0), 0) / Math.max(1, records.length),
    };
    console.log(summaryBlock(summary, counts, facts));
    const ok = !failed && !stopRequested && records.length === cycleCount && counts?.ok === true;
    const reportPath = writeReport({ ok, ...facts, requestedCycles: cycleCount, summary, counts, records });
    console.log(`report: ${reportPath}`);
    console.log(JSON.stringify({
      bench: 'soak', ok, cycles: records.length, stations, minutes: Number(facts.minutes.toFixed(1)),
      stepPeakRssMb: Object.fromEntries(Object.entries(summary.stepRss).map(([s, g]) => [s, { first: g.first.mean, last: g.last.mean, growthPercent: g.growthPercent }])),
      memoryFlat: summary.memoryFlat, connectionsFlat: summary.connectionsFlat,
      staged: counts?.staged, cassandra: counts?.cassandraRows, lost: counts?.lost, duplicated: counts?.duplicated,
      loadAverage: facts.loadAverage.map((l) => Number(l.toFixed(2))), report: reportPath,
    }));
    return ok ? 0 : 1;
  } finally {
    build?.remove();
    await cleanup(stream, sim);
  }
}

function writeReport(report: Record<string, unknown>): string {
  const dir = join(ROOT, 'var', 'soak');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
