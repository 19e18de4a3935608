import { Pool } from 'pg';
import type { Sections } from '../config/load';

/** One pool per process; the caller ends it. Connection errors surface as retryable. */
export function createPgPool(cfg: Pick<Sections['postgres'], 'url' | 'poolSize'>, applicationName: string): Pool {
  const pool = new Pool({
    connectionString: cfg.url,
    max: cfg.poolSize,
    application_name: `aqi-${applicationName}`,
    connectionTimeoutMillis: 10_000,
  });
  // A client that loses its server (a restart, a failover) emits 'error'; with no listener
  // Node kills the process before the step can print its summary. The pool listens for
  // idle clients only, so every client gets its own listener: the query in flight rejects
  // anyway, and that rejection becomes a retryable exit (see toAqiError).
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}
