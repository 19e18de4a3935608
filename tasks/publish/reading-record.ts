/**
 * The Avro record io.aqi.Reading (schemas/avro/reading-value.avsc) as a TypeScript type,
 * and the pure mapping from a `readings` row as publish selects it.
 */
export interface Attribution {
  name: string;
  url: string | null;
}

export interface ReadingRecord {
  station_id: number;
  /** epoch milliseconds, UTC */
  observed_at: number;
  station_name: string;
  station_url: string | null;
  city: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  source_tz: string;
  aqi: number | null;
  dominant_pollutant: string | null;
  pm25: number | null;
  pm10: number | null;
  o3: number | null;
  no2: number | null;
  so2: number | null;
  co: number | null;
  neph: number | null;
  temperature_c: number | null;
  humidity_pct: number | null;
  pressure_hpa: number | null;
  wind_ms: number | null;
  wind_gust_ms: number | null;
  dew_c: number | null;
  attributions: Attribution[];
  raw_id: number;
  interval_start: number;
  interval_end: number;
  content_hash: string;
  staged_at: number;
}

export interface StationKey {
  station_id: number;
}

/** A row of the outbox query: timestamps already as epoch ms, plus the exact key text. */
export type OutboxRow = Omit<ReadingRecord, 'attributions' | 'raw_id'> & {
  attributions: unknown;
  raw_id: string | number;
  /** observed_at exactly as PostgreSQL prints it, so marking it published matches to the microsecond */
  observed_key: string;
};

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** JSONB attributions from stage; anything malformed is dropped, since attribution is informative. */
export function toAttributions(value: unknown): Attribution[] {
  if (!Array.isArray(value)) return [];
  const out: Attribution[] = [];
  for (const item of value) {
    const name = text((item as { name?: unknown } | null)?.name);
    if (name !== null) out.push({ name, url: text((item as { url?: unknown }).url) });
  }
  return out;
}

export function toRecord(row: OutboxRow): ReadingRecord {
  return {
    station_id: row.station_id,
    observed_at: row.observed_at,
    station_name: row.station_name,
    station_url: row.station_url,
    city: row.city,
    country: row.country,
    lat: row.lat,
    lon: row.lon,
    source_tz: row.source_tz,
    aqi: row.aqi,
    dominant_pollutant: row.dominant_pollutant,
    pm25: row.pm25,
    pm10: row.pm10,
    o3: row.o3,
    no2: row.no2,
    so2: row.so2,
    co: row.co,
    neph: row.neph,
    temperature_c: row.temperature_c,
    humidity_pct: row.humidity_pct,
    pressure_hpa: row.pressure_hpa,
    wind_ms: row.wind_ms,
    wind_gust_ms: row.wind_gust_ms,
    dew_c: row.dew_c,
    attributions: toAttributions(row.attributions),
    raw_id: Number(row.raw_id),
    interval_start: row.interval_start,
    interval_end: row.interval_end,
    content_hash: row.content_hash,
    staged_at: row.staged_at,
  };
}
