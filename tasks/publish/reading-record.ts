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

/** A reading as the outbox reads it (see outboxRow in outbox.ts): the record plus its exact key. */
export type OutboxRow = ReadingRecord & {
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
