/**
 * CPU seconds a local-stack service has used so far: the process group that `make up`
 * recorded in var/run/<service>.pid, summed from /proc, exited children included. Benchmarks take it before and
 * after a run to tell the service's own cost per item from their client's.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../tasks/core/paths';

/** /proc's clock ticks per second (USER_HZ): 100 on every Linux platform this runs on. */
export const TICKS_PER_SECOND = 100;

/**
 * /proc/<pid>/stat's fields after the command name: [0] state, [2] pgrp, [11] utime,
 * [12] stime, [13] cutime, [14] cstime, in ticks (proc(5)); null once the process is gone.
 */
export function statFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // gone between the listing and the read
  }
}

/** Null when the service was not started by this checkout's `make up` (another host, say). */
export function serviceCpuSeconds(service: string, root = projectRoot()): number | null {
  const pidFile = join(root, 'var', 'run', `${service}.pid`);
  if (!existsSync(pidFile)) return null;
  const group = readFileSync(pidFile, 'utf8').trim();
  let ticks = 0;
  let found = false;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const fields = statFields(pid);
    if (fields?.[2] !== group) continue;
    found = true;
    // Its own time plus its reaped children's: PostgreSQL's backends exit with their
    // sessions, and their time then lives on in the postmaster's cutime and cstime.
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return found ? ticks / TICKS_PER_SECOND : null;
}

/** The CPU seconds each service spends while `work` runs (null where it cannot be measured here). */
export async function servicesCpuDuring<T>(
  services: readonly string[], work: () => Promise<T>,
): Promise<{ result: T; cpuSeconds: Record<string, number | null> }> {
  const before = services.map((s) => serviceCpuSeconds(s));
  const result = await work();
  const cpuSeconds: Record<string, number | null> = {};
  services.forEach((service, i) => {
    const [a, b] = [before[i] ?? null, serviceCpuSeconds(service)];
    cpuSeconds[service] = a === null || b === null ? null : Number((b - a).toFixed(2));
  });
  return { result, cpuSeconds };
}

/** The CPU seconds one service spends while `work` runs (null when it cannot be measured here). */
export async function serviceCpuDuring<T>(service: string, work: () => Promise<T>): Promise<{ result: T; cpuSeconds: number | null }> {
  const { result, cpuSeconds } = await servicesCpuDuring([service], work);
  return { result, cpuSeconds: cpuSeconds[service] ?? null };
}

/** The rate that `cpuSeconds` of work on `items` allows when spread perfectly over every core. */
export function cpuBoundRate(items: number, cpuSeconds: number): number {
  return Math.round(items / (cpuSeconds / cpus().length));
}
