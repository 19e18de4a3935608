/**
 * Stage's database side: pages of raw rows of an interval in id order (keyset, so memory
 * stays flat however large the interval), and one transaction per page that bulk-loads
 * the parsed readings (COPY into temp tables, then one merge on (station_id, observed_at))
 * and records the outcome of every raw row.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { OutcomeRow, StagedReading, StageRawRow } from '../ingest/stage-batch';
import { copyField, copyLine } from './copy-text';

export interface StageScope {
  intervalStart: Date;
  intervalEnd: Date;
}

/** Raw rows belong to an interval when their fetch interval lies within it, so one stage can cover many fetches. */
const IN_INTERVAL = 'r.interval_start >= $1 AND r.interval_end <= $2';

export interface RawExtent {
  rows: number;
  minId: number;
  maxId: number;
}

export async function rawExtent(client: PoolClient, scope: StageScope): Promise<RawExtent> {
  const { rows } = await client.query<{ n: string; lo: string | null; hi: string | null }>(
    `SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM raw_responses r WHERE ${IN_INTERVAL}`,
    [scope.intervalStart, scope.intervalEnd],
  );
  const r = rows[0];
  return { rows: Number(r?.n ?? 0), minId: Number(r?.lo ?? 0), maxId: Number(r?.hi ?? 0) };
}

/**
 * Raw rows of the interval with fromId <= id < toId. Paging by id range walks the primary
 * key once, whereas LIMIT/OFFSET-style paging re-sorts the rest of the interval each time.
 */
export async function readRawPage(client: PoolClient, scope: StageScope, fromId: number, toId: number): Promise<StageRawRow[]> {
  const { rows } = await client.query<{
    id: string; endpoint: string; http_status: number | null; body: string | null; body_text: string | null;
    error: string | null; fetched_at: Date; superseded: boolean;
  }>(
    `SELECT r.id, r.endpoint, r.http_status, r.body::text AS body, r.body_text, r.error, r.fetched_at,
            EXISTS (SELECT 1 FROM raw_responses n
                    WHERE n.run_id = r.run_id AND n.station_ref = r.station_ref AND n.id > r.id) AS superseded
     FROM raw_responses r WHERE r.id >= $3 AND r.id < $4 AND ${IN_INTERVAL} ORDER BY r.id`,
    [scope.intervalStart, scope.intervalEnd, fromId, toId],
  );
  return rows.map((r) => ({
    id: Number(r.id), endpoint: r.endpoint, httpStatus: r.http_status, body: r.body, bodyText: r.body_text,
    error: r.error, fetchedAt: r.fetched_at, superseded: r.superseded,
  }));
}

const READING_COLUMNS = `station_id, observed_at, station_name, station_url, city, country, lat, lon, source_tz, aqi,
  dominant_pollutant, pm25, pm10, o3, no2, so2, co, neph, temperature_c, humidity_pct, pressure_hpa, wind_ms,
  wind_gust_ms, dew_c, attributions`;
const UPDATABLE = READING_COLUMNS.split(',').map((c) => c.trim()).filter((c) => c !== 'station_id' && c !== 'observed_at');

export async function createStageTables(client: PoolClient): Promise<void> {
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS stage_readings (
    station_id int, observed_at timestamptz, station_name text, station_url text, city text, country text,
    lat double precision, lon double precision, source_tz text, aqi int, dominant_pollutant text,
    pm25 double precision, pm10 double precision, o3 double precision, no2 double precision, so2 double precision,
    co double precision, neph double precision, temperature_c double precision, humidity_pct double precision,
    pressure_hpa double precision, wind_ms double precision, wind_gust_ms double precision, dew_c double precision,
    attributions jsonb, raw_id bigint, content_hash text, note text) ON COMMIT DELETE ROWS`);
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS stage_other (
    raw_id bigint, outcome text, reason text, detail text, station_id int, observed_at timestamptz) ON COMMIT DELETE ROWS`);
}

const readingLine = (s: StagedReading) => `${s.fields}\t${s.rawId}\t${s.contentHash}\t${copyField(s.note)}\n`;

const outcomeLine = (o: OutcomeRow) => copyLine([o.rawId, o.outcome, o.reason, o.detail, o.stationId, o.observedAt]);

async function copyInto(client: PoolClient, sql: string, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  const CHUNK = 1000;
  const chunks = function* () {
    for (let i = 0; i < lines.length; i += CHUNK) yield lines.slice(i, i + CHUNK).join('');
  };
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

const MERGE = `
  WITH up AS (
    INSERT INTO readings (${READING_COLUMNS}, raw_id, interval_start, interval_end, content_hash, staged_at)
    -- Key order: two pages loading at once lock shared readings in the same order, so
    -- one waits for the other instead of deadlocking.
    SELECT ${READING_COLUMNS}, raw_id, $1, $2, content_hash, now() FROM stage_readings ORDER BY station_id, observed_at
    ON CONFLICT (station_id, observed_at) DO UPDATE SET
      ${UPDATABLE.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, raw_id = EXCLUDED.raw_id,
      interval_start = EXCLUDED.interval_start, interval_end = EXCLUDED.interval_end,
      content_hash = EXCLUDED.content_hash, staged_at = EXCLUDED.staged_at
    -- Only a newer fetch with different content changes a reading; its new content_hash
    -- makes it pending for publish again (see published_readings).
    WHERE readings.content_hash <> EXCLUDED.content_hash AND readings.raw_id < EXCLUDED.raw_id
    RETURNING (xmax = 0) AS inserted)
  SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated FROM up`;

const RECORD_OUTCOMES = `
  WITH classified AS (
    SELECT t.raw_id,
           CASE WHEN r.raw_id = t.raw_id THEN 'reading' WHEN r.content_hash = t.content_hash THEN 'duplicate'
                ELSE 'superseded' END AS outcome,
           -- A reading's detail says what the parser dropped from it (a bad weather value), if anything.
           NULL::text AS reason, CASE WHEN r.raw_id = t.raw_id THEN t.note END AS detail, t.station_id, t.observed_at
    FROM stage_readings t JOIN readings r ON r.station_id = t.station_id AND r.observed_at = t.observed_at
    UNION ALL
    SELECT raw_id, outcome, reason, detail, station_id, observed_at FROM stage_other),
  written AS (
    INSERT INTO stage_outcomes (raw_id, outcome, reason, detail, station_id, observed_at, staged_at)
    SELECT raw_id, outcome, reason, detail, station_id, observed_at, now() FROM classified
    ON CONFLICT (raw_id) DO UPDATE SET outcome = EXCLUDED.outcome, reason = EXCLUDED.reason, detail = EXCLUDED.detail,
      station_id = EXCLUDED.station_id, observed_at = EXCLUDED.observed_at, staged_at = EXCLUDED.staged_at
    WHERE (stage_outcomes.outcome, stage_outcomes.reason, stage_outcomes.detail, stage_outcomes.station_id, stage_outcomes.observed_at)
      IS DISTINCT FROM (EXCLUDED.outcome, EXCLUDED.reason, EXCLUDED.detail, EXCLUDED.station_id, EXCLUDED.observed_at)
    RETURNING 1)
  SELECT outcome, count(*) AS n, (SELECT count(*) FROM written) AS changed FROM classified GROUP BY outcome`;

export interface PageCounts {
  inserted: number;
  updated: number;
  outcomesChanged: number;
  byOutcome: Record<string, number>;
}

/** Loads one page in one transaction: a killed stage leaves whole pages, and a rerun converges. */
export async function loadPage(client: PoolClient, scope: StageScope, readings: StagedReading[], others: OutcomeRow[]): Promise<PageCounts> {
  await client.query('BEGIN');
  try {
    await copyInto(client, `COPY stage_readings (${READING_COLUMNS}, raw_id, content_hash, note) FROM STDIN`, readings.map(readingLine));
    await copyInto(client, 'COPY stage_other (raw_id, outcome, reason, detail, station_id, observed_at) FROM STDIN', others.map(outcomeLine));
    const merged = await client.query<{ inserted: string; updated: string }>(MERGE, [scope.intervalStart, scope.intervalEnd]);
    const recorded = await client.query<{ outcome: string; n: string; changed: string }>(RECORD_OUTCOMES);
    await client.query('COMMIT');
    return {
      inserted: Number(merged.rows[0]?.inserted ?? 0),
      updated: Number(merged.rows[0]?.updated ?? 0),
      outcomesChanged: Number(recorded.rows[0]?.changed ?? 0),
      byOutcome: Object.fromEntries(recorded.rows.map((r) => [r.outcome, Number(r.n)])),
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
