import type { WindowRow } from '../store';

/** One point of a trend line: a window's start and the chosen measure in it. */
export interface TrendPoint {
  t: string;
  value: number | null;
  min: number | null;
  max: number | null;
  readings: number;
}

/**
 * Turns windows into a trend of one measure, in time order. For `aqi` the band is the
 * window's min..max; a pollutant only has its mean, so its band is empty.
 */
export function trendPoints(rows: Iterable<WindowRow>, pollutant: string): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const w of rows) {
    const isAqi = pollutant === 'aqi';
    points.push({
      t: w.windowStart.toISOString(),
      value: isAqi ? w.aqiMean : w.pollutantMeans[pollutant] ?? null,
      min: isAqi ? w.aqiMin : null,
      max: isAqi ? w.aqiMax : null,
      readings: w.readings,
    });
  }
  return points.sort((a, b) => a.t.localeCompare(b.t));
}
