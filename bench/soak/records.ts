/** What the soak records per step and per cycle; the JSON report under var/soak/ is a list of these. */
import type { Step } from './cycle-plan';
import type { Established, PgConnections } from './probes';

export interface StepRecord {
  step: Step;
  argv: string[];
  code: number | null;
  seconds: number;
  peakRssMb: number;
  cpuSeconds: number;
  /** Every number of the step's summary line, nested keys dotted (outcomes.reading). */
  counts: Record<string, number>;
}

export interface CycleRecord {
  cycle: number;
  intervalStart: string;
  intervalEnd: string;
  seconds: number;
  steps: StepRecord[];
  pgConnections: PgConnections;
  /** TCP connections to each service port after every step of the cycle has exited (all users of the stack). */
  established: Established;
  serviceRssMb: Record<string, number | null>;
  loadAverage: number[];
}

/** The numbers of a summary line, one level of nesting flattened; durations and rates are not counts. */
export function summaryCounts(summary: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  const skip = new Set(['durationMs', 'peakRssMiB', 'windowsPerSec', 'consumeMs']);
  for (const [k, v] of Object.entries(summary)) {
    if (skip.has(k)) continue;
    if (typeof v === 'number') out[k] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) if (typeof v2 === 'number') out[`${k}.${k2}`] = v2;
    }
  }
  return out;
}
