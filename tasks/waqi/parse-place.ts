/**
 * Where a station is: country and city from its aqicn.org URL
 * (https://aqicn.org/city/<country>/<city>/<station>), else from its display name
 * ("Station, City, Country"), and its coordinates from `city.geo`.
 */
export interface Place {
  city: string | null;
  country: string | null;
}

const clean = (s: string | undefined): string | null => {
  const t = (s ?? '').trim();
  return t === '' ? null : t.toLowerCase();
};

function decode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Path segments after `/city/`, for absolute URLs and for the relative form of search results. */
function citySegments(url: string): string[] | null {
  let path = url.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]+/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length);
  const parts = path.split(/[?#]/)[0]?.split('/').filter(Boolean).map(decode) ?? [];
  if (parts[0] === 'city') return parts.slice(1);
  // search results carry 'netherland/brabant/klundert' without the /city/ prefix
  if (!scheme && !path.startsWith('/') && parts.length >= 2) return parts;
  return null;
}

export function placeFromUrl(url: string | null | undefined): Place | null {
  if (!url) return null;
  const segs = citySegments(url);
  if (!segs || segs.length === 0) return null;
  // /city/<city> (one segment) names only the city; /city/<country>/<city>/... names both.
  if (segs.length === 1) return { city: clean(segs[0]), country: null };
  return { country: clean(segs[0]), city: clean(segs[1]) };
}

export function placeFromName(name: string): Place {
  const parts = name.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length >= 3) return { city: clean(parts[parts.length - 2]), country: clean(parts[parts.length - 1]) };
  if (parts.length === 2) return { city: clean(parts[1]), country: null };
  return { city: null, country: null };
}

export function placeOf(url: string | null | undefined, name: string): Place {
  const fromUrl = placeFromUrl(url);
  if (fromUrl?.city) return fromUrl;
  return placeFromName(name);
}

export type GeoResult = { ok: true; lat: number | null; lon: number | null } | { ok: false; detail: string };

const toNumber = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};

/** Absent geo (or an empty pair) is allowed as null coordinates; present but unreadable or out of range is not. */
export function parseGeo(geo: unknown): GeoResult {
  const blank = (v: unknown) => v === null || v === undefined || v === '';
  if (blank(geo) || (Array.isArray(geo) && geo.every(blank))) return { ok: true, lat: null, lon: null };
  if (!Array.isArray(geo) || geo.length < 2) return { ok: false, detail: 'city.geo is not a [lat, lon] pair' };
  const lat = toNumber(geo[0]);
  const lon = toNumber(geo[1]);
  if (lat === null || lon === null) return { ok: false, detail: 'city.geo holds a non-numeric coordinate' };
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return { ok: false, detail: `city.geo out of range (${lat}, ${lon})` };
  return { ok: true, lat, lon };
}
