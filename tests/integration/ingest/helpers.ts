/** Shared by the ingest integration tests: the current hour as an interval, SQL counts, a fetch env. */
import { Client } from 'pg';
import { stackEnv } from '../support/stack';

export function currentHour(): { start: string; end: string; args: string[] } {
  const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const end = new Date(start.getTime() + 3_600_000);
  return { start: start.toISOString(), end: end.toISOString(), args: ['--interval-start', start.toISOString(), '--interval-end', end.toISOString()] };
}

export async function query<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function count(url: string, sql: string, params: unknown[] = []): Promise<number> {
  const rows = await query<{ n: string }>(url, sql, params);
  return Number(rows[0]?.n ?? -1);
}

/** Environment for fetch against a given WAQI base URL: no rate limit, quick retries. */
export function fetchEnv(dbUrl: string, baseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return stackEnv({
    AQI_PG_URL: dbUrl,
    WAQI_BASE_URL: baseUrl,
    AQI_WAQI_RATE_PER_MINUTE: '0',
    AQI_WAQI_RETRY_BASE_MS: '2',
    AQI_WAQI_RETRY_CAP_MS: '20',
    AQI_WAQI_TIMEOUT_MS: '2000',
    ...extra,
  });
}

/** Every raw row of the database has exactly one stage outcome, grouped by outcome. */
export async function outcomeCounts(url: string): Promise<Record<string, number>> {
  const rows = await query<{ outcome: string; n: string }>(url, 'SELECT outcome, count(*) AS n FROM stage_outcomes GROUP BY outcome');
  return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
}

/** A fingerprint of the readings table, to prove a rerun changed nothing. */
export async function readingsFingerprint(url: string): Promise<string> {
  const rows = await query<{ f: string | null }>(
    url,
    `SELECT md5(string_agg(r::text, '|' ORDER BY station_id, observed_at)) AS f FROM readings r`,
  );
  return rows[0]?.f ?? '';
}
