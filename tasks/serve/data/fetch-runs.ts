import type { Pool } from 'pg';
import type { FetchRunHealth } from '../store';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The named give-ups of a stored fetch summary (older summaries have none). */
function gaveUpTargets(v: unknown): FetchRunHealth['gaveUpTargets'] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((t: Record<string, unknown> | null) => (t && typeof t === 'object' ? [{ ref: str(t.ref), reason: str(t.reason), message: str(t.message) }] : []));
}

/**
 * The latest fetch runs and the stations each gave up on: a run may complete with a few
 * broken stations (tasks/ingest/fetch-verdict.ts), and this is where an operator sees them.
 */
export async function lastFetchRuns(pool: Pool, limit: number, timeoutMs: number): Promise<FetchRunHealth[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
    const { rows } = await client.query<{ run_id: string; interval_start: Date; status: string; finished_at: Date | null; summary: Record<string, unknown> | null }>(
      'SELECT run_id, interval_start, status, finished_at, summary FROM fetch_runs ORDER BY started_at DESC LIMIT $1',
      [limit],
    );
    await client.query('COMMIT');
    return rows.map((r) => ({
      runId: r.run_id,
      intervalStart: r.interval_start.toISOString(),
      status: r.status,
      finishedAt: r.finished_at?.toISOString() ?? null,
      planned: num(r.summary?.planned),
      gaveUp: num(r.summary?.gaveUp) ?? 0,
      gaveUpTargets: gaveUpTargets(r.summary?.gaveUpTargets),
    }));
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
