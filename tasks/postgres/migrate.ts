import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Pool } from 'pg';
import { fatal } from '../core/errors';
import { schemasDir } from '../core/paths';

/** An arbitrary constant: only one process applies migrations at a time. */
const MIGRATION_LOCK = 7_420_001;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies schemas/sql/NNN_*.sql in order, each once, inside a transaction and under an
 * advisory lock, so every step can call it at start-up and parallel workers never race.
 * A file that changed after it was applied is an error: migrations are append-only.
 */
export async function migratePostgres(pool: Pool, dir = schemasDir('sql')): Promise<MigrationResult> {
  const files = readdirSync(dir).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: string; checksum: string }>('SELECT version, checksum FROM schema_migrations');
    const known = new Map(rows.map((r) => [r.version, r.checksum]));
    const applied: string[] = [];
    for (const file of files) {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = known.get(file);
      if (previous !== undefined) {
        if (previous !== checksum) throw fatal('MIGRATION_CHANGED', `migration ${file} changed after it was applied; add a new file instead`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [file, checksum]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
      applied.push(file);
    }
    return { applied, alreadyApplied: files.length - applied.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
