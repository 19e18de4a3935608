/** The typed reading that stage derives from one WAQI feed response (columns of `readings`). */
export interface Attribution {
  name: string;
  url?: string;
  logo?: string;
}

export interface Reading {
  stationId: number;
  /** UTC instant, from `time.iso` or `time.s` + `time.tz`, never `time.v`. */
  observedAt: Date;
  stationName: string;
  stationUrl: string | null;
  city: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  /** The station's UTC offset as WAQI reports it, normalised to ±HH:MM. */
  sourceTz: string;
  /** Null when WAQI reports "-" (the station has no current value). */
  aqi: number | null;
  dominantPollutant: string | null;
  pm25: number | null;
  pm10: number | null;
  o3: number | null;
  no2: number | null;
  so2: number | null;
  co: number | null;
  neph: number | null;
  temperatureC: number | null;
  humidityPct: number | null;
  pressureHpa: number | null;
  windMs: number | null;
  windGustMs: number | null;
  dewC: number | null;
  attributions: Attribution[];
}

/**
 * Stable reason codes of rejected raw responses (stored in stage_outcomes.reason).
 * Adding one is fine; renaming one breaks dashboards and tests that count them.
 */
export const REJECT_REASONS = [
  'transport_error', 'http_error', 'body_not_json', 'envelope_invalid',
  'invalid_key', 'ip_not_allowed', 'over_quota', 'unknown_station', 'invalid_query', 'waqi_error',
  'station_id_invalid', 'station_name_missing', 'geo_invalid',
  'aqi_missing', 'aqi_not_numeric', 'aqi_out_of_range',
  'time_missing', 'time_invalid', 'time_in_future',
  'iaqi_not_numeric', 'iaqi_out_of_range',
  // No longer produced: a bad weather value is now stored as null with a note (see
  // parseIaqi). Kept so outcomes staged before still name a known reason.
  'weather_out_of_range',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface Reject {
  reason: RejectReason;
  detail: string;
}

/** `notes`: values dropped from an accepted reading and why (stage_outcomes.detail); usually empty. */
export type FeedResult = { ok: true; reading: Reading; notes: string[] } | { ok: false; reject: Reject };
