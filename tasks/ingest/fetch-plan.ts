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

/** The entries of a station list: commas or lines, '#' starts a comment, blanks skipped. */
function listEntries(text: string): string[] {
  return text.split('\n').flatMap((line) => (line.split('#')[0] ?? '').split(',')).map((e) => e.trim()).filter((e) => e !== '');
}

/** Characters no city name holds, but shell accidents and pasted URLs do. */
const NOT_IN_A_NAME = /[\u0000-\u001f\u007f<>{}\\|^`"?%/;=&$]/u;
const MAX_ENTRY = 120;

/**
 * Why entries of a station list would not name a station, one line each: a point out of
 * range, an id that is no id, text no city is called. A city name that merely does not
 * exist is WAQI's to answer ("Unknown station"), not refused here.
 */
export function stationListProblems(text: string): string[] {
  const problems: string[] = [];
  for (const entry of listEntries(text)) {
    const shown = JSON.stringify(entry.length > 40 ? `${entry.slice(0, 40)}…` : entry);
    const ref = parseStationRef(entry);
    if (entry.length > MAX_ENTRY) problems.push(`${shown}: longer than ${MAX_ENTRY} characters`);
    else if (/^geo:/i.test(entry) && ref?.kind !== 'geo') {
      problems.push(`${shown}: a point is geo:lat;lng with lat in [-90, 90] and lng in [-180, 180], e.g. geo:39.9;116.4`);
    } else if (/^@/.test(entry) && ref?.kind !== 'idx') problems.push(`${shown}: a station id is a non-zero integer, e.g. 1451 or @1451`);
    else if (ref?.kind === 'city' && (NOT_IN_A_NAME.test(ref.name) || !/\p{L}/u.test(ref.name))) {
      problems.push(`${shown}: not a station id, a point or a city name, e.g. 1451, geo:39.9;116.4 or beijing`);
    }
  }
  return problems;
}

/** Station ids or city names separated by commas or lines; '#' starts a comment. Duplicates are dropped. */
export function parseStationList(text: string): StationRef[] {
  const seen = new Set<string>();
  const out: StationRef[] = [];
  for (const item of listEntries(text)) {
    const ref = parseStationRef(item);
    if (ref && !seen.has(refKey(ref))) {
      seen.add(refKey(ref));
      out.push(ref);
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
