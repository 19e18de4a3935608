import { emptyStats, mergeStats, statsOf, type WindowStats } from './window-stats';
import { utcSpanOf, windowOf } from './time-windows';
import type { Granularity, WindowKey, WindowReading } from './types';

/**
 * Which windows an interval's readings touch, and how to recompute them. A reading that
 * arrives late belongs to an older window: that window is recomputed from all of its
 * readings, so late data is counted once and a rerun writes the same values again.
 */
export interface TouchedStation {
  stationId: number;
  hours: Set<string>;
  days: Set<string>;
}

export function touchedWindows(
  readings: Iterable<WindowReading>,
  out: Map<number, TouchedStation> = new Map(),
): Map<number, TouchedStation> {
  for (const r of readings) {
    let t = out.get(r.stationId);
    if (!t) out.set(r.stationId, (t = { stationId: r.stationId, hours: new Set(), days: new Set() }));
    t.hours.add(windowOf('hour', r.observedAt, r.sourceTz));
    t.days.add(windowOf('day', r.observedAt, r.sourceTz));
  }
  return out;
}

/** The UTC span to read for a station so that every touched window is complete. */
export function readSpanOf(t: TouchedStation): { from: Date; to: Date } {
  let from = Infinity;
  let to = -Infinity;
  const widen = (g: Granularity, w: string) => {
    const s = utcSpanOf(g, w);
    from = Math.min(from, s.from.getTime());
    to = Math.max(to, s.to.getTime());
  };
  for (const w of t.hours) widen('hour', w);
  for (const w of t.days) widen('day', w);
  return { from: new Date(from), to: new Date(to) };
}

/** A station's recomputed window and the places it is merged into. */
export interface StationWindow {
  key: WindowKey;
  stats: WindowStats;
  stationId: number;
  city: string | null;
  country: string | null;
}

/** The city scope key: country and city, since city names repeat across countries. */
export const cityScopeKey = (country: string | null, city: string) => `${country ?? '-'}/${city}`;

/**
 * Recomputes exactly the touched windows of one station from every reading the station
 * has in their span (readings outside a window are ignored, duplicates by observedAt too).
 */
export function recomputeStation(t: TouchedStation, span: readonly WindowReading[]): StationWindow[] {
  const unique = new Map<number, WindowReading>();
  for (const r of span) if (r.stationId === t.stationId) unique.set(r.observedAt.getTime(), r);
  const ordered = [...unique.values()].sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
  const out: StationWindow[] = [];
  for (const [granularity, windows] of [['hour', t.hours], ['day', t.days]] as const) {
    const byWindow = new Map<string, WindowReading[]>();
    for (const r of ordered) {
      const w = windowOf(granularity, r.observedAt, r.sourceTz);
      if (!windows.has(w)) continue;
      const list = byWindow.get(w);
      if (list) list.push(r);
      else byWindow.set(w, [r]);
    }
    for (const window of [...windows].sort()) {
      const members = byWindow.get(window);
      if (!members) continue;
      const last = members[members.length - 1] as WindowReading;
      out.push({
        key: { scope: 'station', scopeKey: String(t.stationId), granularity, window },
        stats: statsOf(members),
        stationId: t.stationId,
        city: last.city,
        country: last.country,
      });
    }
  }
  return out;
}

/** The city and country windows a station window feeds. */
export function scopesOf(w: StationWindow): WindowKey[] {
  const { granularity, window } = w.key;
  const out: WindowKey[] = [];
  if (w.city) out.push({ scope: 'city', scopeKey: cityScopeKey(w.country, w.city), granularity, window });
  if (w.country) out.push({ scope: 'country', scopeKey: w.country, granularity, window });
  return out;
}

export const windowKeyId = (k: WindowKey) => `${k.scope}\u0000${k.scopeKey}\u0000${k.granularity}\u0000${k.window}`;

/** The date part of a window: the bucket that groups a scope's shares into one partition. */
export const bucketOf = (window: string) => window.slice(0, 10);

export interface Share {
  window: string;
  stationId: number;
  stats: WindowStats;
}

/**
 * The touched windows of one share partition, each merged from its stations' shares in
 * station order so that float sums are the same on every run.
 */
export function mergeShares(shares: readonly Share[], windows: ReadonlySet<string>): Array<{ window: string; stats: WindowStats; stations: number }> {
  const byWindow = new Map<string, Share[]>();
  for (const s of shares) {
    if (!windows.has(s.window)) continue;
    const list = byWindow.get(s.window);
    if (list) list.push(s);
    else byWindow.set(s.window, [s]);
  }
  return [...byWindow.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([window, list]) => ({
      window,
      stations: list.length,
      stats: [...list].sort((a, b) => a.stationId - b.stationId).reduce((acc, m) => mergeStats(acc, m.stats), emptyStats()),
    }));
}

/** Groups items by a string key, keeping first-seen order. */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
