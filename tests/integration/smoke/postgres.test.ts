/** PostgreSQL smoke test: the `aqi` role reaches its databases and can run a transaction. */
import { Client } from 'pg';
import { freshDatabase, ports } from '../support/stack';

describe('postgres smoke', () => {
  it('serves PostgreSQL 15 to the non-superuser aqi role on every project database', async () => {
    for (const db of ['aqi', 'airflow', 'registry']) {
      const client = new Client({ connectionString: `postgres://aqi@127.0.0.1:${ports.PG_PORT}/${db}` });
      await client.connect();
      const { rows } = await client.query<{ version: string; superuser: string; db: string }>(
        "SELECT current_setting('server_version_num') AS version, current_setting('is_superuser') AS superuser, current_database() AS db",
      );
      await client.end();
      expect(rows[0]).toEqual({ version: expect.stringMatching(/^15\d{4}$/), superuser: 'off', db });
    }
  });

  it('round-trips rows through a parameterized query in a fresh database', async () => {
    const { url, drop } = await freshDatabase();
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('CREATE TABLE smoke (id int PRIMARY KEY, seen_at timestamptz NOT NULL, note text)');
      const at = new Date('2026-01-02T03:04:05Z');
      await client.query('INSERT INTO smoke VALUES ($1, $2, $3), ($4, $2, $5) ON CONFLICT (id) DO NOTHING', [1, at, 'a', 2, 'b']);
      const { rows } = await client.query('SELECT id, seen_at, note FROM smoke ORDER BY id');
      expect(rows).toEqual([
        { id: 1, seen_at: at, note: 'a' },
        { id: 2, seen_at: at, note: 'b' },
      ]);
    } finally {
      await client.end();
      await drop();
    }
  });
});
