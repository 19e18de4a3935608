import { Command } from 'commander';
import { z } from 'zod';
import { runStep } from '../core/run-command';
import { createPgPool } from '../postgres/pool';
import { migratePostgres } from '../postgres/migrate';

/** `aqi migrate`: applies schemas/sql migrations (every PostgreSQL step also does so at start). */
export function register(program: Command): void {
  program
    .command('migrate')
    .description('apply the versioned PostgreSQL migrations under schemas/sql (idempotent)')
    .action(async (opts: Record<string, unknown>) => {
      process.exitCode = await runStep('migrate', z.object({}), opts, async ({ config }) => {
        const pool = createPgPool(config.postgres, 'migrate');
        try {
          return { ...(await migratePostgres(pool)) };
        } finally {
          await pool.end();
        }
      });
    });
}
