/**
 * Request targets of the WAQI API (path and query without the token) and the stations
 * and boxes they name. Pure, so station selection and tiling are tested without HTTP.
 */
export type StationRef =
  | { kind: 'idx'; idx: number }
  | { kind: 'city'; name: string }
  /** The station nearest a point: WAQI's /feed/geo:{lat};{lng}/. */
  | { kind: 'geo'; lat: number; lng: number };

/** The text stored in raw_responses.station_ref: '@1234', 'geo:52.1;5.12' or the city name. */
export function refKey(ref: StationRef): string {
  if (ref.kind === 'idx') return `@${ref.idx}`;
  return ref.kind === 'geo' ? `geo:${ref.lat};${ref.lng}` : ref.name;
}

const GEO = /^geo:\s*(-?\d+(?:\.\d+)?)\s*;\s*(-?\d+(?:\.\d+)?)$/i;

/** '1234', '@1234', '@-5678' -> a station id; 'geo:52.1;5.12' -> a point; anything else is a city name. */
export function parseStationRef(text: string): StationRef | null {
  const t = text.trim();
  if (t === '') return null;
  const m = /^@?(-?\d+)$/.exec(t);
  if (m?.[1]) {
    const idx = Number(m[1]);
    if (Number.isSafeInteger(idx) && idx !== 0) return { kind: 'idx', idx };
  }
  const geo = GEO.exec(t);
  if (geo) {
    const lat = Number(geo[1]);
    const lng = Number(geo[2]);
    if (Math.abs(lat) <= 90 && Math.abs(lng) <= 180) return { kind: 'geo', lat, lng };
  }
  return { kind: 'city', name: t };
}

export function feedTarget(ref: StationRef): string {
  if (ref.kind === 'idx') return `/feed/@${ref.idx}/`;
  // WAQI's own form, unescaped: ':' and ';' are legal in a path, and a city-name encoding
  // of them ('geo%3A52.1%3B5.12') is not what the API documents.
  if (ref.kind === 'geo') return `/feed/${refKey(ref)}/`;
  return `/feed/${encodeURIComponent(ref.name)}/`;
}

export interface Box {
  lat1: number;
  lng1: number;
  lat2: number;
  lng2: number;
}

export const WORLD: Box = { lat1: -90, lng1: -180, lat2: 90, lng2: 180 };

export function boxKey(b: Box): string {
  return `${b.lat1},${b.lng1},${b.lat2},${b.lng2}`;
}

export function boundsTarget(b: Box): string {
  return `/map/bounds/?latlng=${boxKey(b)}`;
}

/** 'lat1,lng1,lat2,lng2' -> a box with lat1 <= lat2 and lng1 <= lng2, or a reason it is not one. */
export function parseBox(text: string): Box | string {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return 'expected lat1,lng1,lat2,lng2';
  const [a, b, c, d] = parts as [number, number, number, number];
  if ([a, c].some((lat) => lat < -90 || lat > 90)) return 'latitudes must lie in [-90, 90]';
  if ([b, d].some((lng) => lng < -180 || lng > 180)) return 'longitudes must lie in [-180, 180]';
  if (a === c || b === d) return 'the box has no area';
  return { lat1: Math.min(a, c), lng1: Math.min(b, d), lat2: Math.max(a, c), lng2: Math.max(b, d) };
}

/** Splits a box into tiles of at most `degrees` on a side, row by row, so no answer is huge. */
export function tiles(box: Box, degrees: number): Box[] {
  const out: Box[] = [];
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  for (let lat = box.lat1; lat < box.lat2; lat += degrees) {
    for (let lng = box.lng1; lng < box.lng2; lng += degrees) {
      out.push({
        lat1: round(lat),
        lng1: round(lng),
        lat2: round(Math.min(lat + degrees, box.lat2)),
        lng2: round(Math.min(lng + degrees, box.lng2)),
      });
    }
  }
  return out;
}

/** Station ids listed by a /map/bounds answer's `data`; entries without an integer uid are counted, not kept. */
export function stationsInBounds(data: unknown): { ids: number[]; skipped: number } {
  if (!Array.isArray(data)) return { ids: [], skipped: 0 };
  const ids: number[] = [];
  let skipped = 0;
  for (const item of data) {
    const uid = typeof item === 'object' && item !== null ? (item as { uid?: unknown }).uid : undefined;
    const n = typeof uid === 'string' && /^-?\d+$/.test(uid) ? Number(uid) : uid;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n !== 0) ids.push(n);
    else skipped += 1;
  }
  return { ids, skipped };
}
