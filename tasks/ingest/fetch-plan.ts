/**
 * What a fetch run asks for, decided before any request: whether the interval can still
 * be fetched (WAQI serves only current readings), the explicit stations, and the tiles
 * of the bounding-box sweep. Pure, so every rule has a table test.
 */
import { parseStationRef, refKey, tiles, WORLD, type Box, type StationRef } from '../waqi/targets';

export interface Interval {
  start: Date;
  end: Date;
}

/** Null when the interval may be fetched now; otherwise the reason it may not. */
export function unfetchableReason(interval: Interval, now: Date, graceMs: number): string | null {
  const late = now.getTime() - interval.end.getTime();
  if (late > graceMs) {
    return `the interval ended ${Math.round(late / 60_000)} min ago, beyond the ${Math.round(graceMs / 60_000)} min grace: ` +
      'WAQI serves only current readings, so a backfill re-stages the raw layer instead of fetching';
  }
  return null;
}

/** Station ids or city names separated by commas or lines; '#' starts a comment. Duplicates are dropped. */
export function parseStationList(text: string): StationRef[] {
  const seen = new Set<string>();
  const out: StationRef[] = [];
  for (const line of text.split('\n')) {
    for (const item of (line.split('#')[0] ?? '').split(',')) {
      const ref = parseStationRef(item);
      if (ref && !seen.has(refKey(ref))) {
        seen.add(refKey(ref));
        out.push(ref);
      }
    }
  }
  return out;
}

export interface FetchPlan {
  refs: StationRef[];
  boxes: Box[];
}

/**
 * A station list alone fetches just those stations; a box adds a sweep of it; with
 * neither, the whole world is swept. Large boxes are split into tiles.
 */
export function planStations(listed: StationRef[], bounds: Box | undefined, tileDegrees: number): FetchPlan {
  const sweep = bounds ?? (listed.length === 0 ? WORLD : undefined);
  return { refs: listed, boxes: sweep ? tiles(sweep, tileDegrees) : [] };
}

/** Explicit refs first, then the swept ids not already listed, each once. */
export function mergeRefs(listed: StationRef[], sweptIds: Iterable<number>): StationRef[] {
  const seen = new Set(listed.map(refKey));
  const out = [...listed];
  for (const idx of sweptIds) {
    const ref: StationRef = { kind: 'idx', idx };
    if (!seen.has(refKey(ref))) {
      seen.add(refKey(ref));
      out.push(ref);
    }
  }
  return out;
}
