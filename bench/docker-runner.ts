/**
 * What the Docker runner costs over the local runner, per step. Each step of one hourly run
 * (fetch, stage, publish, classify, aggregate, alerts) runs once as `node dist/tasks/cli.js`
 * and once as `docker run --network host aqi-tasks …` (what DockerOperator starts), on the
 * same simulated input, each runner into a target of its own (database, keyspace, topics,
 * group). The same work on both sides, so the difference of the wall times is the
 * container's create + start + exit. First `aqi --version` alone, BENCH_REPEATS times each
 * way: the bare floor of that cost. Goal (issue 17): at most 2 s extra per step.
 * Whole-DAG times per runner are in bench/dag_runners.py (Airflow's own task handling added).
 * Env: BENCH_STATIONS (default 1000), BENCH_REPEATS (default 10), AQI_IMAGE, DOCKER_HOST.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dropStream } from '../tests/integration/stream/support';
import { stackEnv, uniqueName } from '../tests/integration/support/stack';
import { currentHourArgs, ROOT, scratchDatabase, startSimulatorProcess } from './fetch';
import { spread, timedRun, type TimedRun } from './lib/timed-run';

const CLI = join(ROOT, 'dist', 'tasks', 'cli.js');
const IMAGE = process.env.AQI_IMAGE ?? 'aqi-tasks:0.1.0';
const STEPS = ['fetch', 'stage', 'publish', 'classify', 'aggregate', 'alerts'] as const;
type Runner = 'local' | 'docker';

/** The stack's engine: DOCKER_HOST, else the one `make up` starts under var/run. */
function dockerEnv(): NodeJS.ProcessEnv {
  const stackSocket = join(ROOT, 'var', 'run', 'docker.sock');
  const host = process.env.DOCKER_HOST ?? (existsSync(stackSocket) ? `unix://${stackSocket}` : undefined);
  return { ...process.env, ...(host && { DOCKER_HOST: host }) };
}

/** Runs `aqi <args>` with `env` under a runner; a container gets the env by name only (-e NAME), never on argv. */
function runAqi(runner: Runner, args: string[], env: Record<string, string>): Promise<TimedRun> {
  if (runner === 'local') return timedRun(process.execPath, [CLI, ...args], { PATH: process.env.PATH, ...env });
  const names = Object.keys(env).flatMap((name) => ['-e', name]);
  return timedRun('docker', ['run', '--rm', '--network', 'host', ...names, IMAGE, ...args], { ...dockerEnv(), ...env });
}

function stepArgs(step: (typeof STEPS)[number], interval: string[], group: string): string[] {
  if (step === 'fetch') return ['fetch', ...interval, '--run-id', `bench-${group}`];
  if (step === 'classify') return ['classify', '--group', group];
  return [step, ...interval];
}

async function bareStart(repeats: number): Promise<Record<Runner, { medianMs: number; p90Ms: number }>> {
  const out = {} as Record<Runner, { medianMs: number; p90Ms: number }>;
  for (const runner of ['local', 'docker'] as const) {
    const walls: number[] = [];
    for (let i = 0; i < repeats; i += 1) {
      const run = await runAqi(runner, ['--version'], {});
      if (run.code !== 0) throw new Error(`${runner} aqi --version exited ${run.code}: ${run.stderrTail}`);
      walls.push(run.wallMs);
    }
    out[runner] = spread(walls);
  }
  return out;
}

async function main(): Promise<void> {
  const stations = Number(process.env.BENCH_STATIONS ?? 1000);
  const repeats = Number(process.env.BENCH_REPEATS ?? 10);
  const probe = await timedRun('docker', ['image', 'inspect', '--format', '{{.Size}}', IMAGE], dockerEnv());
  if (probe.code !== 0) throw new Error(`no image ${IMAGE} on the engine (${probe.stderrTail.trim()}): run 'make up' and 'make image'`);

  const bare = await bareStart(repeats);
  const sim = await startSimulatorProcess(stations);
  const interval = currentHourArgs();
  const walls: Record<Runner, Record<string, number>> = { local: {}, docker: {} };
  const counts: Record<Runner, Record<string, unknown>> = { local: {}, docker: {} };
  const cleanup: Array<() => Promise<void>> = [];
  const targets = {} as Record<Runner, { env: Record<string, string>; group: string }>;
  try {
    for (const runner of ['local', 'docker'] as const) {
      const name = uniqueName(`aqi_bench_${runner}`).toLowerCase();
      const db = await scratchDatabase();
      cleanup.push(db.drop, () => dropStream({ topic: `${name}.readings`, dlq: `${name}.dlq`, keyspace: name, group: `${name}-classify` }));
      const env = stackEnv({
        AQI_PG_URL: db.url, WAQI_BASE_URL: sim.url, WAQI_TOKEN: 'bench-token', AQI_WAQI_RATE_PER_MINUTE: '0',
        AQI_CASSANDRA_KEYSPACE: name, AQI_TOPIC_READINGS: `${name}.readings`, AQI_TOPIC_DLQ: `${name}.dlq`, AQI_TOPIC_ALERTS: `${name}.alerts`,
      });
      targets[runner] = { env, group: `${name}-classify` };
    }
    // Step by step, the two runners in turn: both meet the same state of the machine
    // (Cassandra compacting, PostgreSQL checkpointing) rather than one early, one late.
    for (const step of STEPS) {
      for (const runner of ['local', 'docker'] as const) {
        const { env, group } = targets[runner];
        const run = await runAqi(runner, stepArgs(step, interval, group), env);
        if (run.code !== 0) throw new Error(`${runner} ${step} exited ${run.code}: ${JSON.stringify(run.summary)} ${run.stderrTail}`);
        walls[runner][step] = Math.round(run.wallMs);
        counts[runner][step] = run.summary.written ?? run.summary.readingsInserted ?? run.summary.published ?? run.summary.requests ?? run.summary.windows ?? run.summary.opened;
      }
    }
  } finally {
    sim.stop();
    for (const drop of cleanup) await drop().catch((err: unknown) => console.error(`cleanup: ${String(err)}`));
  }
  const extraMs = Object.fromEntries(STEPS.map((s) => [s, (walls.docker[s] ?? 0) - (walls.local[s] ?? 0)]));
  console.log(JSON.stringify({
    bench: 'docker-runner', image: IMAGE, imageMiB: Math.round(Number(probe.lastLine) / 2 ** 20), stations,
    bareStart: { repeats, ...bare, extraMedianMs: bare.docker.medianMs - bare.local.medianMs },
    stepWallMs: walls, dockerExtraMs: extraMs, maxExtraMs: Math.max(...Object.values(extraMs)),
    // The same work on both sides, or the comparison means nothing.
    sameWork: JSON.stringify(counts.local) === JSON.stringify(counts.docker), work: counts.local,
  }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
