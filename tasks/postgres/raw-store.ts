/**
 * The raw layer's writes and the fetch_runs bookkeeping. Every WAQI attempt becomes one
 * raw_responses row, written in batches with one statement per batch (unnest of arrays),
 * so a batch lands whole or not at all.
 */
import type { Pool, PoolClient } from 'pg';
import { fatal } from '../core/errors';
import { redact } from '../core/redact';

export type FetchOutcome = 'answer' | 'retried' | 'gave_up';
export type Endpoint = 'feed' | 'map_bounds' | 'search';

export interface RawRow {
  endpoint: Endpoint;
  stationRef: string;
  requestTarget: string;
  attempt: number;
  httpStatus: number | null;
  /** JSON text to store as jsonb, or null. */
  body: string | null;
  bodyText: string | null;
  error: string | null;
  fetchOutcome: FetchOutcome;
  fetchedAt: Date;
  durationMs: number;
}

export interface RunScope {
  runId: string;
  intervalStart: Date;
  intervalEnd: Date;
}

export const BODY_TEXT_LIMIT = 64 * 1024;

/** PostgreSQL text cannot hold NUL, and jsonb refuses \u0000 and lone surrogate escapes. */
const stripNul = (s: string | null) => (s === null ? null : s.replace(/\u0000/g, '\ufffd'));
const JSONB_UNSAFE = /\\u(0000|d[89a-f][0-9a-f]{2})/i;

/**
 * Chooses the column for a body: jsonb when PostgreSQL can store it, else (truncated)
 * text. The body is redacted first: a proxy's error page may echo the request URL.
 */
export function storableBody(text: string | null, isJson: boolean): { body: string | null; bodyText: string | null } {
  if (text === null) return { body: null, bodyText: null };
  const clean = redact(text);
  const stillJson = isJson && (clean === text || parses(clean));
  if (stillJson && !JSONB_UNSAFE.test(clean) && !clean.includes('\u0000')) return { body: clean, bodyText: null };
  // JSON that jsonb refuses is kept whole so stage can still parse it; anything else is truncated.
  return { body: null, bodyText: stripNul(stillJson ? clean : clean.slice(0, BODY_TEXT_LIMIT)) };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const INSERT_RAW = `
  INSERT INTO raw_responses (run_id, interval_start, interval_end, endpoint, station_ref, request_target, attempt,
    http_status, body, body_text, error, fetch_outcome, fetched_at, duration_ms)
  SELECT $1, $2, $3, e, r, t, a, s, b::jsonb, bt, er, o, f, d
  FROM unnest($4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[], $10::text[], $11::text[],
              $12::text[], $13::timestamptz[], $14::int[]) WITH ORDINALITY AS x(e, r, t, a, s, b, bt, er, o, f, d, n)
  ORDER BY n -- ids follow the order of the attempts`;

/** One row's values in the column order of both statements (after the run scope). */
function rowValues(r: RawRow): unknown[] {
  return [
    r.endpoint, stripNul(r.stationRef), stripNul(r.requestTarget), r.attempt, r.httpStatus, r.body, stripNul(r.bodyText),
    r.error === null ? null : stripNul(redact(r.error)), r.fetchOutcome, r.fetchedAt, r.durationMs,
  ];
}

const scopeValues = (scope: RunScope) => [scope.runId, scope.intervalStart, scope.intervalEnd];

/** The batch statement's parameters: the scope, then one array per column. */
function params(scope: RunScope, rows: RawRow[]): unknown[] {
  const values = rows.map(rowValues);
  const columns = (values[0] ?? []).map((_, c) => values.map((v) => v[c]));
  return [...scopeValues(scope), ...columns];
}

const INSERT_ONE_RAW = `
  INSERT INTO raw_responses (run_id, interval_start, interval_end, endpoint, station_ref, request_target, attempt,
    http_status, body, body_text, error, fetch_outcome, fetched_at, duration_ms)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14)`;

/**
 * Bodies above this go in a statement of their own, with plain parameters. In an array
 * parameter node-postgres escapes every quote of the body into a new string: a map
 * listing of a crowded tile (megabytes) took fetch's heap from 30 to 120 MB at once.
 */
const LARGE_BODY = 256 * 1024;

const isLarge = (r: RawRow) => (r.body?.length ?? 0) > LARGE_BODY || (r.bodyText?.length ?? 0) > LARGE_BODY;

/** Writes the rows in order: runs of ordinary rows as one statement each, large bodies alone. */
export async function insertRawBatch(pool: Pool, scope: RunScope, rows: RawRow[]): Promise<void> {
  let from = 0;
  for (let i = 0; i <= rows.length; i++) {
    const row = rows[i];
    if (row !== undefined && !isLarge(row)) continue;
    await insertRun(pool, scope, rows.slice(from, i));
    if (row !== undefined) await insertOne(pool, scope, row);
    from = i + 1;
  }
}

async function insertRun(pool: Pool, scope: RunScope, rows: RawRow[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await pool.query(INSERT_RAW, params(scope, rows));
  } catch (err) {
    // A data error in one body must not lose the batch: store row by row.
    if (!isDataError(err)) throw err;
    for (const row of rows) await insertOne(pool, scope, row);
  }
}

/** One row; a body PostgreSQL refuses is kept as text, with the refusal as its error. */
async function insertOne(pool: Pool, scope: RunScope, row: RawRow): Promise<void> {
  try {
    await pool.query(INSERT_ONE_RAW, [...scopeValues(scope), ...rowValues(row)]);
  } catch (err) {
    if (!isDataError(err)) throw err;
    await pool.query(INSERT_ONE_RAW, [...scopeValues(scope), ...rowValues(refused(row, err))]);
  }
}

/** A data error (class 22): this row's content, not the database, is the problem. */
const isDataError = (err: unknown) => String((err as { code?: string }).code ?? '').startsWith('22');

/** The row as text, with PostgreSQL's refusal as its error, so nothing is lost. */
const refused = (row: RawRow, err: unknown): RawRow => ({
  ...row, body: null, bodyText: (row.body ?? row.bodyText ?? '').slice(0, BODY_TEXT_LIMIT), error: `not storable as jsonb: ${(err as Error).message}`,
});

export type RunStart = { state: 'new' | 'resume' } | { state: 'complete'; finishedAt: Date | null };

/** Registers a fetch run or finds the earlier attempt of it; a run id names one interval only. */
export async function beginRun(client: PoolClient, scope: RunScope): Promise<RunStart> {
  const inserted = await client.query(
    `INSERT INTO fetch_runs (run_id, interval_start, interval_end, status, started_at) VALUES ($1, $2, $3, 'running', now())
     ON CONFLICT (run_id) DO NOTHING`,
    [scope.runId, scope.intervalStart, scope.intervalEnd],
  );
  if (inserted.rowCount === 1) return { state: 'new' };
  const { rows } = await client.query<{ status: string; interval_start: Date; interval_end: Date; finished_at: Date | null }>(
    'SELECT status, interval_start, interval_end, finished_at FROM fetch_runs WHERE run_id = $1',
    [scope.runId],
  );
  const run = rows[0];
  if (!run) throw fatal('FETCH_RUN_VANISHED', `fetch run ${scope.runId} disappeared while starting`);
  if (run.interval_start.getTime() !== scope.intervalStart.getTime() || run.interval_end.getTime() !== scope.intervalEnd.getTime()) {
    throw fatal('RUN_ID_REUSED', `run id ${scope.runId} already fetched another interval (${run.interval_start.toISOString()}/${run.interval_end.toISOString()})`);
  }
  if (run.status === 'complete') return { state: 'complete', finishedAt: run.finished_at };
  await client.query(`UPDATE fetch_runs SET status = 'running', finished_at = NULL WHERE run_id = $1`, [scope.runId]);
  return { state: 'resume' };
}

export async function finishRun(pool: Pool, runId: string, status: 'complete' | 'failed', summary: Record<string, unknown>): Promise<void> {
  await pool.query('UPDATE fetch_runs SET status = $2, finished_at = now(), summary = $3 WHERE run_id = $1', [runId, status, JSON.stringify(summary)]);
}

/** Refs whose latest attempt in this run was a definitive answer: a resumed run skips them. */
export async function settledRefs(pool: Pool, runId: string): Promise<Set<string>> {
  const { rows } = await pool.query<{ station_ref: string }>(
    `SELECT station_ref FROM (
       SELECT DISTINCT ON (station_ref) station_ref, fetch_outcome FROM raw_responses
       WHERE run_id = $1 ORDER BY station_ref, id DESC) latest
     WHERE fetch_outcome = 'answer'`,
    [runId],
  );
  return new Set(rows.map((r) => r.station_ref));
}

/** How many refs of this run ended with a give-up and no later answer: what a rerun can still recover. */
export async function gaveUpRefs(pool: Pool, runId: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM (
       SELECT DISTINCT ON (station_ref) fetch_outcome FROM raw_responses
       WHERE run_id = $1 ORDER BY station_ref, id DESC) latest
     WHERE fetch_outcome = 'gave_up'`,
    [runId],
  );
  return Number(rows[0]?.n ?? 0);
}

/** The stored answer of a bounding-box listing of this run, so a resumed run does not ask again. */
export async function storedListing(pool: Pool, runId: string, boxRef: string): Promise<unknown> {
  const { rows } = await pool.query<{ body: unknown }>(
    `SELECT body FROM raw_responses WHERE run_id = $1 AND endpoint = 'map_bounds' AND station_ref = $2
     AND fetch_outcome = 'answer' ORDER BY id DESC LIMIT 1`,
    [runId, boxRef],
  );
  return rows[0]?.body;
}

/** Holds a session-level advisory lock for the run, so two processes never fetch one run at once. */
export async function tryLockRun(client: PoolClient, runId: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext('aqi-fetch:' || $1)) AS locked`, [runId]);
  return rows[0]?.locked === true;
}
