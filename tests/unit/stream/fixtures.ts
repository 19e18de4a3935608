import type { ReadingRecord } from '../../../tasks/publish/reading-record';

/** A valid reading as publish sends it; tests override what they exercise. */
export function reading(overrides: Partial<ReadingRecord> = {}): ReadingRecord {
  return {
    station_id: 7397,
    observed_at: Date.UTC(2026, 10, 23, 14, 0, 0),
    station_name: 'Amsterdam-Vondelpark',
    station_url: 'https://aqicn.org/city/netherland/amsterdam/vondelpark',
    city: 'Amsterdam',
    country: 'NL',
    lat: 52.36,
    lon: 4.86,
    source_tz: '+01:00',
    aqi: 57,
    dominant_pollutant: 'pm25',
    pm25: 57, pm10: 20, o3: 12.5, no2: 8, so2: null, co: null, neph: null,
    temperature_c: 9.5, humidity_pct: 80, pressure_hpa: 1012, wind_ms: 3.1, wind_gust_ms: null, dew_c: null,
    attributions: [{ name: 'RIVM', url: 'http://www.luchtmeetnet.nl/' }, { name: 'WAQI', url: null }],
    raw_id: 12,
    interval_start: Date.UTC(2026, 10, 23, 14),
    interval_end: Date.UTC(2026, 10, 23, 15),
    content_hash: 'abc123',
    staged_at: Date.UTC(2026, 10, 23, 14, 5),
    ...overrides,
  };
}
