/**
 * The soak's cycles: consecutive simulated hours, and for each the argv of every pipeline
 * step exactly as dags/aqi_runtime/argv.py builds it for a scheduled run (one classify
 * worker, no replay, no station list: a world sweep). Pure, so the plan can be read and
 * checked without a stack.
 */

export const STEPS = ['fetch', 'stage', 'publish', 'classify', 'aggregate', 'alerts'] as const;
export type Step = (typeof STEPS)[number];

const HOUR_MS = 3_600_000;

export interface Cycle {
  /** 1-based, as printed. */
  number: number;
  start: Date;
  end: Date;
  /** The simulator's "now" during the cycle: mid-hour, so each station has one observation in the interval. */
  clock: Date;
  argv: Record<Step, string[]>;
}

/** Python's `datetime.isoformat()` of a UTC instant, the form the DAG passes (argv.iso). */
export function dagIso(moment: Date): string {
  return moment.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function stepArgv(start: Date, end: Date, runId: string, group: string): Record<Step, string[]> {
  const interval = ['--interval-start', dagIso(start), '--interval-end', dagIso(end)];
  return {
    fetch: ['fetch', ...interval, '--run-id', runId],
    stage: ['stage', ...interval],
    publish: ['publish', ...interval],
    classify: ['classify', '--group', group],
    aggregate: ['aggregate', ...interval],
    alerts: ['alerts', ...interval],
  };
}

/**
 * `count` consecutive hours, the last one ending at the start of the hour `now` is in.
 * They lie in the past because the simulator dates each observation by its clock and
 * stage rejects observations later than the (wall-clock) fetch time.
 */
export function soakCycles(count: number, now: Date, group: string): Cycle[] {
  const lastEnd = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const firstStart = lastEnd - count * HOUR_MS;
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(firstStart + i * HOUR_MS);
    const end = new Date(start.getTime() + HOUR_MS);
    return {
      number: i + 1,
      start,
      end,
      clock: new Date(start.getTime() + HOUR_MS / 2),
      argv: stepArgv(start, end, `soak__${dagIso(start)}`, group),
    };
  });
}

/**
 * Fetch refuses an interval that ended more than AQI_FETCH_GRACE_MINUTES ago (WAQI serves
 * only current data). The first cycle's hour ended `count` hours before the soak started
 * and later cycles run later still: allow that plus a day for a slow machine.
 */
export function graceMinutesFor(count: number): number {
  return (count + 24) * 60;
}
