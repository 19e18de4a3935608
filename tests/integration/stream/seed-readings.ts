/**
 * Seeds `readings` rows straight into PostgreSQL as stage would leave them (one parent raw
 * row per station, unpublished). Used by the stream integration tests and the benchmarks,
 * so it depends on nothing but pg.
 */
import { Client } from 'pg';

export const INTERVAL = { start: '2026-11-23T10:00:00Z', end: '2026-11-23T11:00:00Z' };

/**
 * Inserts `stations` x `perStation` readings of INTERVAL (observed a minute apart), as
 * stage would: one raw row each, typed columns, unpublished. Needs the schema migrated.
 */
export async function seedReadings(dbUrl: string, stations: number, perStation: number, firstStation = 1): Promise<number> {
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  try {
    await pg.query(
      `WITH s AS (SELECT generate_series($1::int, $1::int + $2::int - 1) AS station_id),
            m AS (SELECT generate_series(0, $3::int - 1) AS minute),
            raw AS (
              INSERT INTO raw_responses (run_id, interval_start, interval_end, endpoint, station_ref, request_target, attempt,
                                         http_status, body, fetch_outcome, fetched_at, duration_ms)
              SELECT 'seed', $4, $5, 'feed', '@' || station_id, '/feed/@' || station_id || '/?token=REDACTED', 1, 200, '{}'::jsonb, 'answer', $4, 1
                FROM s RETURNING id, station_ref)
       INSERT INTO readings (station_id, observed_at, station_name, station_url, city, country, lat, lon, source_tz, aqi,
                             dominant_pollutant, pm25, pm10, o3, no2, temperature_c, attributions, raw_id, interval_start,
                             interval_end, content_hash, staged_at)
       SELECT s.station_id, $4::timestamptz + make_interval(mins => m.minute), 'Station ' || s.station_id, NULL,
              'City ' || (s.station_id % 7), CASE WHEN s.station_id % 5 = 0 THEN NULL ELSE 'C' || (s.station_id % 3) END,
              50 + s.station_id % 10, 4 + s.station_id % 10, '+01:00', (s.station_id * 37 + m.minute * 11) % 420,
              'pm25', (s.station_id * 37 + m.minute * 11) % 420, 20, 12.5, NULL, 9.5,
              '[{"name":"Agency","url":"http://example.org"}]'::jsonb, raw.id, $4, $5, md5(s.station_id || ':' || m.minute), $5
         FROM s CROSS JOIN m JOIN raw ON raw.station_ref = '@' || s.station_id`,
      [firstStation, stations, perStation, INTERVAL.start, INTERVAL.end],
    );
    return stations * perStation;
  } finally {
    await pg.end();
  }
}
