import type { Pool } from 'pg';
import type { OutboxRow } from './reading-record';

/**
 * The `readings` table read as an outbox: the interval's rows, read a page at a time in
 * primary-key order so that memory stays bounded whatever the interval holds, and marked
 * published only for the rows the broker acknowledged.
 */
export interface OutboxQuery {
  intervalStart: Date;
  intervalEnd: Date;
  /** republish rows already published (backfill) */
  replay: boolean;
  pageSize: number;
}

const ms = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8 AS ${column}`;

const SELECT_OUTBOX = `
  SELECT station_id, ${ms('observed_at')}, observed_at::text AS observed_key, station_name, station_url, city, country,
         lat, lon, source_tz, aqi, dominant_pollutant, pm25, pm10, o3, no2, so2, co, neph, temperature_c, humidity_pct,
         pressure_hpa, wind_ms, wind_gust_ms, dew_c, attributions, raw_id, ${ms('interval_start')}, ${ms('interval_end')},
         content_hash, ${ms('staged_at')}
    FROM readings
   WHERE interval_start >= $1 AND interval_end <= $2
     AND ($3::boolean OR published_at IS NULL)
   ORDER BY station_id, observed_at`;

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
    await client.query(`DECLARE outbox NO SCROLL CURSOR FOR SELECT row_to_json(o)::text AS j FROM (${SELECT_OUTBOX}) o`, [q.intervalStart, q.intervalEnd, q.replay]);
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
  let open = true;
  return {
    async next() {
      if (!open) return [];
      const { rows } = await client.query<{ j: string }>(`FETCH FORWARD ${q.pageSize} FROM outbox`);
      return rows.map((r) => JSON.parse(r.j) as OutboxRow);
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
 * Marks exactly the given rows published. The content hash is part of the match: a row
 * that stage rewrote after it was read is not marked, so its new content goes out next run.
 * The page's key range lets PostgreSQL find the rows through the primary key; a bare join
 * with the key list was planned as a full scan per page.
 */
export async function markPublished(pool: Pool, rows: readonly OutboxRow[]): Promise<number> {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last) return 0;
  const result = await pool.query(
    `UPDATE readings r SET published_at = now()
       FROM unnest($1::int[], $2::timestamptz[], $3::text[]) AS k(station_id, observed_at, content_hash)
      WHERE (r.station_id, r.observed_at) >= ($4::int, $5::timestamptz)
        AND (r.station_id, r.observed_at) <= ($6::int, $7::timestamptz)
        AND r.station_id = k.station_id AND r.observed_at = k.observed_at AND r.content_hash = k.content_hash`,
    [
      rows.map((r) => r.station_id), rows.map((r) => r.observed_key), rows.map((r) => r.content_hash),
      first.station_id, first.observed_key, last.station_id, last.observed_key,
    ],
  );
  return result.rowCount ?? 0;
}

export interface IntervalCounts {
  total: number;
  published: number;
}

export async function countInterval(pool: Pool, q: Pick<OutboxQuery, 'intervalStart' | 'intervalEnd'>): Promise<IntervalCounts> {
  const { rows } = await pool.query<{ total: string; published: string }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE published_at IS NOT NULL) AS published
       FROM readings WHERE interval_start >= $1 AND interval_end <= $2`,
    [q.intervalStart, q.intervalEnd],
  );
  return { total: Number(rows[0]?.total ?? 0), published: Number(rows[0]?.published ?? 0) };
}
