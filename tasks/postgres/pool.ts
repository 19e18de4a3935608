import { Pool } from 'pg';
import type { Sections } from '../config/load';

/** One pool per process; the caller ends it. Connection errors surface as retryable. */
export function createPgPool(cfg: Sections['postgres'], applicationName: string): Pool {
  const pool = new Pool({
    connectionString: cfg.url,
    max: cfg.poolSize,
    application_name: `aqi-${applicationName}`,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client that loses its server must not crash the process; the next query fails and is retried.
  pool.on('error', () => undefined);
  return pool;
}
