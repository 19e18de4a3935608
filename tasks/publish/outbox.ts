import type { Pool } from 'pg';
import { toAttributions, type OutboxRow } from './reading-record';

/**
 * The `readings` table read as an outbox: the interval's rows, read a page at a time in
 * primary-key order so that memory stays bounded whatever the interval holds, and recorded
 * in `published_readings` (with the content that was sent) only once the broker
 * acknowledged them. Migration 003 explains why that log is a table of its own.
 */
export interface OutboxQuery {
  intervalStart: Date;
  intervalEnd: Date;
  /** republish rows already published (backfill) */
  replay: boolean;
  pageSize: number;
}

const ms = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;

/**
 * The outbox query's columns, in the order of its JSON array (see outboxRow): PostgreSQL
 * builds an array without looking up a row type or writing a column name per row.
 */
export const OUTBOX_COLUMNS: ReadonlyArray<readonly [keyof OutboxRow, string]> = [
  ['station_id', 'station_id'], ['observed_at', ms('observed_at')], ['observed_key', 'observed_at::text'],
  ...(['station_name', 'station_url', 'city', 'country', 'lat', 'lon', 'source_tz', 'aqi', 'dominant_pollutant', 'pm25',
    'pm10', 'o3', 'no2', 'so2', 'co', 'neph', 'temperature_c', 'humidity_pct', 'pressure_hpa', 'wind_ms', 'wind_gust_ms',
    'dew_c', 'attributions', 'raw_id'] as const).map((c) => [c, c] as const),
  ['interval_start', ms('interval_start')], ['interval_end', ms('interval_end')], ['content_hash', 'content_hash'],
  ['staged_at', ms('staged_at')],
];

/**
 * One JSON array of the outbox query (OUTBOX_COLUMNS order) as the Avro record plus its
 * exact key text: one object per reading, written as a literal so every row shares a shape.
 */
export function outboxRow(v: readonly unknown[]): OutboxRow {
  const [
    station_id, observed_at, observed_key, station_name, station_url, city, country, lat, lon, source_tz, aqi,
    dominant_pollutant, pm25, pm10, o3, no2, so2, co, neph, temperature_c, humidity_pct, pressure_hpa, wind_ms,
    wind_gust_ms, dew_c, attributions, raw_id, interval_start, interval_end, content_hash, staged_at,
  ] = v as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- typed by OUTBOX_COLUMNS' SQL
  return {
    station_id, observed_at, observed_key, station_name, station_url, city, country, lat, lon, source_tz, aqi,
    dominant_pollutant, pm25, pm10, o3, no2, so2, co, neph, temperature_c, humidity_pct, pressure_hpa, wind_ms,
    wind_gust_ms, dew_c, attributions: toAttributions(attributions), raw_id: Number(raw_id), interval_start,
    interval_end, content_hash, staged_at,
  };
}

const OUTBOX_SELECT_LIST = OUTBOX_COLUMNS.map(([, sql]) => sql).join(', ');
const IN_INTERVAL_IN_KEY_ORDER = 'WHERE interval_start >= $1 AND interval_end <= $2 ORDER BY station_id, observed_at';
/** The interval's readings whose current content is unacknowledged. */
const SELECT_PENDING = `SELECT json_build_array(${OUTBOX_SELECT_LIST})::text AS j FROM unpublished_readings ${IN_INTERVAL_IN_KEY_ORDER}`;
/** All the interval's readings (a replay). */
const SELECT_ALL = `SELECT json_build_array(${OUTBOX_SELECT_LIST})::text AS j FROM readings ${IN_INTERVAL_IN_KEY_ORDER}`;

export interface OutboxCursor {
  /** The next page in (station, observed_at) order; empty when the outbox is drained. */
  next(): Promise<OutboxRow[]>;
  close(): Promise<void>;
}

/**
 * One server-side cursor over the interval's outbox: a single scan and sort for the whole
 * interval, read a page at a time (keyset queries re-planned per page sorted the whole
 * remainder again on a fresh, unanalysed table). Its snapshot is taken at open, so rows
 * staged later wait for the next run; marking published runs on other connections.
 */
export async function openOutbox(pool: Pool, q: OutboxQuery): Promise<OutboxCursor> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`DECLARE outbox NO SCROLL CURSOR FOR ${q.replay ? SELECT_ALL : SELECT_PENDING}`, [q.intervalStart, q.intervalEnd]);
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
  let open = true;
  return {
    async next() {
      if (!open) return [];
      const { rows } = await client.query<{ j: string }>(`FETCH FORWARD ${q.pageSize} FROM outbox`);
      return rows.map((r) => outboxRow(JSON.parse(r.j) as unknown[]));
    },
    async close() {
      if (!open) return;
      open = false;
      try {
        await client.query('COMMIT');
        client.release();
      } catch (err) {
        client.release(err as Error);
      }
    },
  };
}

/**
 * Records the given rows as published with the content that was sent. A row that stage
 * re-staged after it was read keeps its new content_hash in readings, so it stays pending
 * and its new content goes out next run. A replay overwrites the earlier record.
 */
export async function markPublished(pool: Pool, rows: readonly OutboxRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await pool.query(
    `INSERT INTO published_readings (station_id, observed_at, content_hash, published_at)
     SELECT k.station_id, k.observed_at, k.content_hash, now()
       FROM unnest($1::int[], $2::timestamptz[], $3::text[]) AS k(station_id, observed_at, content_hash)
     ON CONFLICT (station_id, observed_at) DO UPDATE
       SET content_hash = EXCLUDED.content_hash, published_at = EXCLUDED.published_at`,
    [rows.map((r) => r.station_id), rows.map((r) => r.observed_key), rows.map((r) => r.content_hash)],
  );
  return result.rowCount ?? 0;
}

export interface IntervalCounts {
  total: number;
  published: number;
}

export async function countInterval(pool: Pool, q: Pick<OutboxQuery, 'intervalStart' | 'intervalEnd'>): Promise<IntervalCounts> {
  const { rows } = await pool.query<{ total: string; pending: string }>(
    `SELECT (SELECT count(*) FROM readings WHERE interval_start >= $1 AND interval_end <= $2) AS total,
            (SELECT count(*) FROM unpublished_readings WHERE interval_start >= $1 AND interval_end <= $2) AS pending`,
    [q.intervalStart, q.intervalEnd],
  );
  const total = Number(rows[0]?.total ?? 0);
  return { total, published: total - Number(rows[0]?.pending ?? 0) };
}
