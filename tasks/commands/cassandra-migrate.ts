import { Command } from 'commander';
import { z } from 'zod';
import { applyCassandraSchema } from '../cassandra/schema';
import { createCassandraClient } from '../cassandra/client';
import { runStep } from '../core/run-command';

/** `aqi cassandra-migrate`: applies schemas/cql/*.cql (idempotent); other steps also do it at start. */
export function register(program: Command): void {
  program
    .command('cassandra-migrate')
    .description('create or update the Cassandra keyspace and tables from schemas/cql')
    .action(async () => {
      process.exitCode = await runStep('cassandra-migrate', z.object({}), {}, async ({ config }) => {
        const client = createCassandraClient(config.cassandra, 'cassandra-migrate');
        try {
          await client.connect();
          const result = await applyCassandraSchema(client, config.cassandra.keyspace, config.cassandra.replication);
          return { ...result };
        } finally {
          await client.shutdown().catch(() => undefined);
        }
      });
    });
}
