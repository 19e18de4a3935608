import type { AlertRow, Attribution, ReadingRow, StationSample, WindowRow } from '../store';

/**
 * Pure mapping from Cassandra rows (as the driver hands them: plain column values) to the
 * dashboard's shapes. Kept apart from the queries so the mapping is tested without a node.
 */
export type CqlRow = Record<string, unknown>;

const SUB_INDICES = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const date = (v: unknown): Date | null => (v instanceof Date ? v : null);
const numMap = (v: unknown): Record<string, number> => {
  const out: Record<string, number> = {};
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
  return out;
};

/** Attributions are stored as the JSON text of WAQI's list; a broken one shows as none. */
export function parseAttributions(text: unknown): Attribution[] {
  if (typeof text !== 'string' || text === '') return [];
  try {
    const list = JSON.parse(text) as unknown;
    if (!Array.isArray(list)) return [];
    return list.flatMap((a: unknown) => {
      const o = a as { name?: unknown; url?: unknown } | null;
      if (!o || typeof o.name !== 'string' || o.name.trim() === '') return [];
      return [typeof o.url === 'string' && o.url ? { name: o.name, url: o.url } : { name: o.name }];
    });
  } catch {
    return [];
  }
}

export function readingFromRow(r: CqlRow): ReadingRow {
  const pollutants: Record<string, number | null> = {};
  for (const p of SUB_INDICES) pollutants[p] = num(r[p]);
  return {
    stationId: Number(r.station_id),
    stationName: str(r.station_name) ?? `station ${String(r.station_id)}`,
    city: str(r.city),
    country: str(r.country),
    lat: num(r.lat),
    lon: num(r.lon),
    observedAt: date(r.observed_at) ?? new Date(0),
    aqi: num(r.aqi),
    category: str(r.category),
    dominantPollutant: str(r.dominant_pollutant),
    pollutants,
    attributions: parseAttributions(r.attributions),
  };
}

/** A row of stations_by_country_hour, where an unknown country is 'unknown' and an unknown city ''. */
export function sampleFromRow(r: CqlRow): StationSample {
  return {
    stationId: Number(r.station_id),
    city: str(r.city),
    country: str(r.country) === 'unknown' ? null : str(r.country),
    aqi: num(r.aqi),
    observedAt: date(r.observed_at) ?? new Date(0),
  };
}

/** A window's start: the UTC hour ('2026-11-23T10:00Z') or the local date at 00:00 UTC. */
export function windowStartOf(grain: 'hour' | 'day', window: string): Date {
  return new Date(grain === 'hour' ? window.replace(/Z$/, ':00Z') : `${window}T00:00:00Z`);
}

export function windowFromRow(r: CqlRow): WindowRow {
  const grain = r.granularity === 'day' ? 'day' : 'hour';
  const window = String(r.window);
  const scope = r.scope === 'city' || r.scope === 'country' ? r.scope : 'station';
  return {
    grain,
    scope,
    id: String(r.scope_key),
    windowStart: windowStartOf(grain, window),
    localDay: grain === 'day' ? window : null,
    readings: num(r.readings) ?? 0,
    aqiMin: num(r.aqi_min),
    aqiMax: num(r.aqi_max),
    aqiMean: num(r.aqi_mean),
    pollutantMeans: numMap(r.pollutant_mean),
    dominantPollutant: str(r.dominant_pollutant),
    categoryCounts: numMap(r.category_counts),
  };
}

/** An alert event row; `openEpisodes` maps station id to the start of its open episode. */
export function alertFromRow(r: CqlRow, openEpisodes: ReadonlyMap<number, number>): AlertRow {
  const stationId = Number(r.station_id);
  const episodeStart = date(r.episode_start);
  return {
    alertId: String(r.event_id),
    stationId,
    stationName: str(r.station_name),
    city: str(r.city),
    country: str(r.country),
    event: String(r.type ?? ''),
    level: String(r.level ?? ''),
    aqi: num(r.aqi),
    occurredAt: date(r.occurred_at) ?? new Date(0),
    episodeStart,
    open: episodeStart !== null && openEpisodes.get(stationId) === episodeStart.getTime(),
  };
}
