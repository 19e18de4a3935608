/**
 * Faults of the stack itself, injected while one pipeline step runs: a service killed or
 * stopped through the stack's own scripts (stack/stack.sh, var/run/<service>.pid), or the
 * step's own process killed. After the step ends the service is brought back, and the
 * case runner's reruns (waqi-cases.ts) must then complete the interval.
 *
 * UNVERIFIED: these cases stop shared services, so they were written while other work
 * used the stack and have never been run. Run them only on a stack nobody else is using:
 *   AQI_CHAOS_SERVICE_FAULTS=yes stack/chaos.sh --service-faults
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, runAqi, type CliResult } from '../support/stack';
import type { WaqiCase } from './waqi-cases';

export interface ServiceFault {
  step: 'fetch' | 'stage' | 'publish' | 'classify';
  /** How long after the step starts the fault hits (the step must still be running). */
  afterMs: number;
  /** Polled from afterMs on: the fault waits until it holds, e.g. until the step has made progress. */
  when?: () => Promise<boolean>;
  /** A command run from the repository root, or 'kill-step' to SIGKILL the step itself. */
  inject: string[] | 'kill-step';
  /** Run once the faulted step has ended, before any rerun (e.g. bring the service back up). */
  restore?: string[];
}

const stack = (...args: string[]) => ['bash', join('stack', 'stack.sh'), ...args];
/** SIGKILL of a service by the pid the stack recorded: no clean shutdown, as in a crash. */
const sigkill = (service: string) => ['bash', '-c', `kill -KILL "$(cat ${join('var', 'run', `${service}.pid`)})"`];

// Enough stations that each faulted step still runs when the fault hits.
export const SERVICE_CASES: WaqiCase[] = [
  { name: 'kafka-sigkill', fault: 'Kafka SIGKILLed during publish', sim: {}, serviceFault: { step: 'publish', afterMs: 300, inject: sigkill('kafka'), restore: stack('up', 'kafka') } },
  { name: 'cassandra-down', fault: 'Cassandra stopped during classify', sim: {}, serviceFault: { step: 'classify', afterMs: 2000, inject: stack('down', 'cassandra'), restore: stack('up', 'cassandra') } },
  { name: 'postgres-restart', fault: 'PostgreSQL restarted during stage', sim: {}, serviceFault: { step: 'stage', afterMs: 300, inject: ['bash', '-c', 'stack/stack.sh down postgres && stack/stack.sh up postgres'] } },
  { name: 'classify-killed', fault: 'classify worker SIGKILLed mid-batch', sim: {}, serviceFault: { step: 'classify', afterMs: 2500, inject: 'kill-step' } },
  { name: 'registry-down', fault: 'schema registry stopped during publish', sim: {}, serviceFault: { step: 'publish', afterMs: 100, inject: stack('down', 'registry'), restore: stack('up', 'registry') } },
];

function run(argv: string[]): void {
  const [cmd, ...args] = argv;
  if (!cmd) return;
  execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 330_000 });
}

/** Runs one `aqi` step as a child, injects the fault after `afterMs`, restores, and reports the step's result. */
export async function runWithFault(args: string[], env: Record<string, string>, fault: ServiceFault): Promise<CliResult> {
  let timer: NodeJS.Timeout | undefined;
  let stepEnded = false;
  const ended = (child: ChildProcess) => stepEnded || child.exitCode !== null || child.signalCode !== null;
  const inject = async (child: ChildProcess) => {
    while (fault.when && !ended(child) && !(await fault.when().catch(() => false))) await new Promise((r) => setTimeout(r, 100));
    if (ended(child)) {
      process.stderr.write(`[chaos] ${args[0]} ended before the fault: raise AQI_CHAOS_STATIONS\n`);
      return;
    }
    if (fault.inject === 'kill-step') child.kill('SIGKILL');
    else run(fault.inject);
  };
  const injectLater = (child: ChildProcess) => {
    timer = setTimeout(() => void inject(child), fault.afterMs);
  };
  try {
    const res = await runAqi(args, env, { timeoutMs: 300_000, onStart: injectLater });
    // A killed step exits by signal: report it as retryable, as Airflow would retry it.
    return { ...res, code: res.code ?? 75 };
  } finally {
    stepEnded = true;
    clearTimeout(timer);
    if (fault.restore) run(fault.restore);
  }
}

