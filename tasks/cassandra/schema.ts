import { readdirSync, readFileSync } from 'node:fs';
import type { Client } from 'cassandra-driver';
import { schemasDir } from '../core/paths';
import { assertKeyspace, renderCql, replicationToCql, sameReplication, splitStatements, type Replication } from './cql-template';

export interface CassandraSchemaResult {
  keyspace: string;
  files: string[];
  statements: number;
  replicationAltered: boolean;
}

/**
 * Applies schemas/cql/NNN_*.cql in file order to the configured keyspace. Every statement
 * is `IF NOT EXISTS`, so running it at the start of every step is safe; the driver waits
 * for schema agreement after each DDL. Other modules add their own NNN files (windows,
 * alerts) and get them applied by the same call.
 */
export async function applyCassandraSchema(
  client: Client,
  keyspace: string,
  replication: Replication,
  dir = schemasDir('cql'),
): Promise<CassandraSchemaResult> {
  const files = readdirSync(dir).filter((f) => /^\d{3}_.+\.cql$/.test(f)).sort();
  let statements = 0;
  const existing = await currentReplication(client, keyspace);
  for (const file of files) {
    for (const statement of splitStatements(renderCql(readFileSync(`${dir}/${file}`, 'utf8'), keyspace, replication))) {
      await client.execute(statement);
      statements += 1;
    }
  }
  // CREATE KEYSPACE IF NOT EXISTS leaves an existing keyspace alone; a changed setting is
  // applied explicitly, and only when it differs, to avoid a schema change on every run.
  const replicationAltered = existing !== null && !sameReplication(existing, replication);
  if (replicationAltered) await client.execute(`ALTER KEYSPACE ${keyspace} WITH replication = ${replicationToCql(replication)}`);
  return { keyspace, files, statements, replicationAltered };
}

async function currentReplication(client: Client, keyspace: string): Promise<Record<string, string> | null> {
  const rs = await client.execute('SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?', [keyspace], { prepare: true });
  const row = rs.first();
  return row ? (row.get('replication') as Record<string, string>) : null;
}

export async function dropKeyspace(client: Client, keyspace: string): Promise<void> {
  await client.execute(`DROP KEYSPACE IF EXISTS ${assertKeyspace(keyspace)}`);
}
