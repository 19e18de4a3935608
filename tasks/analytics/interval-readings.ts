import type { Pool } from 'pg';
import { classify, InvalidAqiError } from '../classify/epa';
import type { WindowReading } from './types';

/**
 * The readings an interval brought: the staging rows that the interval's stage run wrote
 * or changed (interval_start/interval_end, the same selection publish uses). PostgreSQL
 * knows when a reading arrived; the Cassandra time series only knows when it was observed,
 * which is why late data is found here and its windows recomputed from Cassandra.
 */
export interface IntervalReading extends WindowReading {
  stationName: string;
}

interface Row {
  station_id: number;
  observed_at: Date;
  station_name: string;
  city: string | null;
  country: string | null;
  source_tz: string;
  aqi: number | null;
  dominant_pollutant: string | null;
  pm25: number | null; pm10: number | null; o3: number | null; no2: number | null; so2: number | null; co: number | null;
}

/**
 * The row as classify wrote it: the overall AQI is WAQI's or, when WAQI gave none, the
 * highest sub-index (the shared classifier decides); an invalid index becomes null, as
 * classify dead-letters such a reading instead of storing it.
 */
export function toIntervalReading(row: Row): IntervalReading {
  const pollutants = { pm25: row.pm25, pm10: row.pm10, o3: row.o3, no2: row.no2, so2: row.so2, co: row.co };
  let aqi: number | null;
  let dominant: string | null;
  try {
    const c = classify(row.aqi, pollutants, row.dominant_pollutant);
    aqi = c.aqi;
    dominant = c.dominantPollutant;
  } catch (err) {
    if (!(err instanceof InvalidAqiError)) throw err;
    aqi = null;
    dominant = row.dominant_pollutant;
  }
  return {
    stationId: row.station_id, observedAt: row.observed_at, stationName: row.station_name, city: row.city,
    country: row.country, sourceTz: row.source_tz, aqi, dominantPollutant: dominant, pollutants,
  };
}

const COLUMNS = `station_id, observed_at, station_name, city, country, source_tz, aqi, dominant_pollutant,
         pm25, pm10, o3, no2, so2, co`;
const IN_INTERVAL = 'interval_start >= $1 AND interval_end <= $2';
const FIRST_PAGE_SQL = `SELECT ${COLUMNS} FROM readings WHERE ${IN_INTERVAL} ORDER BY station_id, observed_at LIMIT $3`;
const NEXT_PAGE_SQL = `
  SELECT ${COLUMNS} FROM readings
   WHERE ${IN_INTERVAL} AND (station_id, observed_at) > ($4, $5)
   ORDER BY station_id, observed_at LIMIT $3`;

/**
 * Pages of the interval's readings in (station, observed_at) order, never all in memory.
 * The first page has no lower key: station ids can be negative (WAQI's other networks).
 */
export async function* intervalReadings(pool: Pool, start: Date, end: Date, pageSize = 5000): AsyncGenerator<IntervalReading[]> {
  let after: [number, Date] | null = null;
  for (;;) {
    const { rows } = after === null
      ? await pool.query<Row>(FIRST_PAGE_SQL, [start, end, pageSize])
      : await pool.query<Row>(NEXT_PAGE_SQL, [start, end, pageSize, after[0], after[1]]);
    if (rows.length === 0) return;
    yield rows.map(toIntervalReading);
    const last = rows[rows.length - 1] as Row;
    after = [last.station_id, last.observed_at];
    if (rows.length < pageSize) return;
  }
}
