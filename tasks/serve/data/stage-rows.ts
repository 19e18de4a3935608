import type { Pool } from 'pg';

/**
 * Rows at each PostgreSQL stage: raw responses, what stage made of them, and the outbox.
 * Counts run under a statement timeout so a huge table slows the health view, never hangs it.
 */
export async function stageRows(pool: Pool, timeoutMs: number): Promise<Record<string, number>> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
    const raw = await client.query<{ n: string }>('SELECT count(*) AS n FROM raw_responses');
    const outcomes = await client.query<{ outcome: string; n: string }>('SELECT outcome, count(*) AS n FROM stage_outcomes GROUP BY outcome ORDER BY outcome');
    const readings = await client.query<{ staged: string; published: string }>(
      'SELECT count(*) AS staged, count(*) - (SELECT count(*) FROM unpublished_readings) AS published FROM readings',
    );
    await client.query('COMMIT');
    const out: Record<string, number> = { raw_responses: Number(raw.rows[0]?.n ?? 0) };
    for (const r of outcomes.rows) out[`stage_${r.outcome}`] = Number(r.n);
    out.readings_staged = Number(readings.rows[0]?.staged ?? 0);
    out.readings_published = Number(readings.rows[0]?.published ?? 0);
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
