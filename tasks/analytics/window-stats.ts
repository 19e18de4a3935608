import { categoryOf, type AqiCategory } from '../classify/epa';
import { POLLUTANTS, type WindowReading } from './types';

/**
 * The aggregate of a window, kept as sums and counts so that it merges: a city's or a
 * country's window is the merge of its stations' windows, which lets a late reading
 * recompute one station window and then its scopes without rereading their readings.
 */
export interface WindowStats {
  readings: number;
  aqiCount: number;
  aqiSum: number;
  aqiMin: number | null;
  aqiMax: number | null;
  pollutantSum: Record<string, number>;
  pollutantCount: Record<string, number>;
  dominantCounts: Record<string, number>;
  categoryCounts: Record<string, number>;
}

/** What a window shows: the stats plus the derived means and the most frequent dominant pollutant. */
export interface WindowSummary extends WindowStats {
  aqiMean: number | null;
  pollutantMean: Record<string, number>;
  dominantPollutant: string | null;
}

export const emptyStats = (): WindowStats => ({
  readings: 0, aqiCount: 0, aqiSum: 0, aqiMin: null, aqiMax: null,
  pollutantSum: {}, pollutantCount: {}, dominantCounts: {}, categoryCounts: {},
});

const bump = (into: Record<string, number>, key: string, by: number) => {
  into[key] = (into[key] ?? 0) + by;
};

/** Adds one reading in place. Null, negative or non-finite values are left out of their statistic. */
export function addReading(stats: WindowStats, r: WindowReading): WindowStats {
  stats.readings += 1;
  if (r.aqi !== null && Number.isFinite(r.aqi) && r.aqi >= 0) {
    stats.aqiCount += 1;
    stats.aqiSum += r.aqi;
    stats.aqiMin = stats.aqiMin === null ? r.aqi : Math.min(stats.aqiMin, r.aqi);
    stats.aqiMax = stats.aqiMax === null ? r.aqi : Math.max(stats.aqiMax, r.aqi);
    bump(stats.categoryCounts, (categoryOf(r.aqi) as AqiCategory).id, 1);
  }
  for (const p of POLLUTANTS) {
    const v = r.pollutants[p];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    bump(stats.pollutantSum, p, v);
    bump(stats.pollutantCount, p, 1);
  }
  if (r.dominantPollutant) bump(stats.dominantCounts, r.dominantPollutant, 1);
  return stats;
}

export function statsOf(readings: readonly WindowReading[]): WindowStats {
  return readings.reduce(addReading, emptyStats());
}

/** Merges b into a copy of a. Callers merge in a fixed order so float sums are reproducible. */
export function mergeStats(a: WindowStats, b: WindowStats): WindowStats {
  const out: WindowStats = {
    ...a,
    pollutantSum: { ...a.pollutantSum },
    pollutantCount: { ...a.pollutantCount },
    dominantCounts: { ...a.dominantCounts },
    categoryCounts: { ...a.categoryCounts },
  };
  out.readings += b.readings;
  out.aqiCount += b.aqiCount;
  out.aqiSum += b.aqiSum;
  out.aqiMin = minOf(a.aqiMin, b.aqiMin);
  out.aqiMax = maxOf(a.aqiMax, b.aqiMax);
  for (const [k, v] of Object.entries(b.pollutantSum)) bump(out.pollutantSum, k, v);
  for (const [k, v] of Object.entries(b.pollutantCount)) bump(out.pollutantCount, k, v);
  for (const [k, v] of Object.entries(b.dominantCounts)) bump(out.dominantCounts, k, v);
  for (const [k, v] of Object.entries(b.categoryCounts)) bump(out.categoryCounts, k, v);
  return out;
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** The most frequent key; ties go to the alphabetically first so every run picks the same one. */
export function mostFrequent(counts: Record<string, number>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const key of Object.keys(counts).sort()) {
    const n = counts[key] ?? 0;
    if (n > bestCount) {
      best = key;
      bestCount = n;
    }
  }
  return best;
}

export function summarize(stats: WindowStats): WindowSummary {
  const pollutantMean: Record<string, number> = {};
  for (const [k, sum] of Object.entries(stats.pollutantSum)) {
    const n = stats.pollutantCount[k] ?? 0;
    if (n > 0) pollutantMean[k] = sum / n;
  }
  return {
    ...stats,
    aqiMean: stats.aqiCount > 0 ? stats.aqiSum / stats.aqiCount : null,
    pollutantMean,
    dominantPollutant: mostFrequent(stats.dominantCounts),
  };
}
