/**
 * A PostgreSQL restart or failover must end a step with a retryable exit, not kill it:
 * node-postgres emits 'error' on a checked-out client whose server went away, and an
 * unlistened 'error' event ends the process before it can print its summary.
 */
import { Client } from 'pg';
import { toAqiError } from '../../../tasks/core/errors';
import { createPgPool } from '../../../tasks/postgres/pool';
import { freshDatabase } from '../support/stack';

describe('PostgreSQL pool when the server drops a session', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('turns a terminated session into a retryable error instead of a crash', async () => {
    const pool = createPgPool({ url: db.url, poolSize: 2 }, 'pool-test');
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      // What a restart does to every session: the server ends it with 57P01.
      const admin = new Client({ connectionString: db.url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      await admin.end();
      await new Promise((r) => setTimeout(r, 500));

      const err = await client.query('SELECT 1').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeDefined();
      expect(toAqiError(err).retryable).toBe(true);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      client.release(true);
      await pool.end();
    }

    // The pool itself recovers: the next checkout gets a new session.
    const again = createPgPool({ url: db.url, poolSize: 1 }, 'pool-test');
    const { rows: one } = await again.query<{ one: number }>('SELECT 1 AS one');
    expect(one[0]?.one).toBe(1);
    await again.end();
  });
});
