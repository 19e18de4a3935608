/**
 * The soak's verdicts, from the cycle records: each step's peak RSS over the first cycles
 * against the last ones, connections and service memory first against last. Figures, not
 * assertions: the soak fails on a step failure or wrong counts, never on these.
 */
import { STEPS, type Step } from './cycle-plan';
import type { CycleRecord } from './records';

/** A step's memory is called flat when its last cycles' mean RSS is within this share of its first cycles'. */
export const FLAT_PERCENT = 10;

export interface Window {
  mean: number;
  max: number;
}

export interface RssGrowth {
  first: Window;
  last: Window;
  growthMb: number;
  growthPercent: number;
}

export interface ConnectionGrowth {
  first: number;
  last: number;
  firstWindowMax: number;
  lastWindowMin: number;
  /** Every one of the last cycles above every one of the first: a steady climb, not noise. */
  grew: boolean;
}

export interface ServiceGrowth {
  first: number | null;
  last: number | null;
  growthMb: number | null;
}

export interface SoakSummary {
  /** How many cycles each of "first" and "last" covers (5, fewer in short runs). */
  window: number;
  stepRss: Partial<Record<Step, RssGrowth>>;
  connections: Record<string, ConnectionGrowth>;
  serviceRss: Record<string, ServiceGrowth>;
  memoryFlat: boolean;
  connectionsFlat: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function windowOf(values: number[]): Window {
  return { mean: round1(values.reduce((a, b) => a + b, 0) / values.length), max: round1(Math.max(...values)) };
}

function rssGrowth(values: number[], k: number): RssGrowth {
  const first = windowOf(values.slice(0, k));
  const last = windowOf(values.slice(-k));
  const growthMb = round1(last.mean - first.mean);
  return { first, last, growthMb, growthPercent: round1((growthMb / first.mean) * 100) };
}

function connectionGrowth(values: number[], k: number): ConnectionGrowth {
  const firstWindowMax = Math.max(...values.slice(0, k));
  const lastWindowMin = Math.min(...values.slice(-k));
  return { first: values[0] ?? 0, last: values.at(-1) ?? 0, firstWindowMax, lastWindowMin, grew: lastWindowMin > firstWindowMax };
}

/** The connection measures of one cycle, by name. */
export function connectionMeasures(r: CycleRecord): Record<string, number> {
  const out: Record<string, number> = { 'pg backends (scratch db)': r.pgConnections.scratch, 'pg backends (server)': r.pgConnections.total };
  for (const [port, n] of Object.entries(r.established.counts)) out[`tcp to ${port}`] = n;
  return out;
}

/** Summarizes the cycles in which every step ran. */
export function summarize(records: CycleRecord[]): SoakSummary {
  const k = Math.max(1, Math.min(5, Math.floor(records.length / 2)));
  const stepRss: SoakSummary['stepRss'] = {};
  for (const step of STEPS) {
    const values = records.map((r) => r.steps.find((s) => s.step === step)?.peakRssMb).filter((v): v is number => v !== undefined);
    if (values.length === records.length && values.length > 0) stepRss[step] = rssGrowth(values, k);
  }
  const connections: Record<string, ConnectionGrowth> = {};
  for (const name of Object.keys(records[0] ? connectionMeasures(records[0]) : {})) {
    connections[name] = connectionGrowth(records.map((r) => connectionMeasures(r)[name] ?? 0), k);
  }
  const serviceRss: Record<string, ServiceGrowth> = {};
  for (const svc of Object.keys(records[0]?.serviceRssMb ?? {})) {
    const first = records[0]?.serviceRssMb[svc] ?? null;
    const last = records.at(-1)?.serviceRssMb[svc] ?? null;
    serviceRss[svc] = { first, last, growthMb: first !== null && last !== null ? last - first : null };
  }
  return {
    window: k,
    stepRss,
    connections,
    serviceRss,
    memoryFlat: Object.values(stepRss).every((g) => g.growthPercent < FLAT_PERCENT),
    connectionsFlat: Object.values(connections).every((c) => !c.grew),
  };
}
