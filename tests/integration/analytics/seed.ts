import { Pool } from 'pg';
import type { PlantedReading } from './planted-day';

/**
 * Inserts staged readings (with the raw response each one came from) the way stage
 * leaves them, so the real publish -> classify -> aggregate -> alerts chain can run.
 */
export async function stageReadings(pool: Pool, readings: PlantedReading[], interval: { start: Date; end: Date }): Promise<void> {
  for (const r of readings) {
    const raw = await pool.query<{ id: string }>(
      `INSERT INTO raw_responses (run_id, interval_start, interval_end, endpoint, station_ref, request_target, attempt,
                                  http_status, body, fetch_outcome, fetched_at, duration_ms)
       VALUES ($1, $2, $3, 'feed', $4, $5, 1, 200, '{}'::jsonb, 'answer', $6, 1) RETURNING id`,
      [`seed-${interval.start.toISOString()}`, interval.start, interval.end, `@${r.stationId}`, `/feed/@${r.stationId}/?token=REDACTED`, interval.end],
    );
    await pool.query(
      `INSERT INTO readings (station_id, observed_at, station_name, city, country, source_tz, aqi, dominant_pollutant, pm25,
                             raw_id, interval_start, interval_end, content_hash, staged_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [r.stationId, r.observedAt, r.stationName, r.city, r.country, r.sourceTz, r.aqi, r.dominant, r.pm25,
        raw.rows[0]?.id, interval.start, interval.end, `h${r.stationId}-${r.observedAt.getTime()}`, interval.end],
    );
  }
}
