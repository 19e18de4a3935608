import type { StationSample } from '../store';

/**
 * The seed's chart: how many stations fall in each EPA category, clustered by country
 * or city. A station counts once per period, in the category of the worst AQI it
 * reported inside it (the reading a resident would have been warned about).
 */
export interface CategoryGroup {
  group: string;
  stations: number;
  counts: Record<string, number>;
}

export type Classifier = (aqi: number) => string;

/** Keeps one sample per station, the worst; fed row by row so a day never sits in memory. */
export function keepWorst(worst: Map<number, StationSample>, s: StationSample): void {
  if (s.aqi === null || !Number.isFinite(s.aqi)) return;
  const seen = worst.get(s.stationId);
  if (!seen || (seen.aqi ?? -1) < s.aqi) worst.set(s.stationId, s);
}

export function stationsPerCategory(
  samples: Iterable<StationSample>,
  groupBy: 'country' | 'city',
  categoryOf: Classifier,
): CategoryGroup[] {
  const worst = new Map<number, StationSample>();
  for (const s of samples) keepWorst(worst, s);
  const groups = new Map<string, CategoryGroup>();
  for (const s of worst.values()) {
    const key = (groupBy === 'country' ? s.country : s.city) ?? 'unknown';
    const g = groups.get(key) ?? { group: key, stations: 0, counts: {} };
    const category = categoryOf(s.aqi as number);
    g.counts[category] = (g.counts[category] ?? 0) + 1;
    g.stations += 1;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.stations - a.stations || a.group.localeCompare(b.group));
}

/** The [from, to) period of a chosen UTC day, or of one hour of it. */
export function periodOf(day: string, hour: number | undefined): { from: Date; to: Date } {
  const from = new Date(`${day}T${String(hour ?? 0).padStart(2, '0')}:00:00Z`);
  const to = new Date(from.getTime() + (hour === undefined ? 86_400_000 : 3_600_000));
  return { from, to };
}
