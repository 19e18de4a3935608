/**
 * Everything a run left behind, as text, for the secret-leak checks: every row of every
 * table of a test database, every message (key, value, headers) of a topic, every row of
 * every table of a Cassandra keyspace.
 */
import type { Client as Cassandra } from 'cassandra-driver';
import { Client } from 'pg';
import { kafkaClient } from '../stream/support';
import { uniqueName } from '../support/stack';

export async function dumpDatabase(url: string): Promise<{ tables: number; rows: number; text: string }> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    const { rows: tables } = await pg.query<{ name: string }>(
      `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    let rows = 0;
    const parts: string[] = [];
    for (const t of tables) {
      // The name comes from the catalog, quoted by quote_ident: an identifier, not a value.
      const res = await pg.query<{ line: string }>(`SELECT x::text AS line FROM ${t.name} x`);
      rows += res.rows.length;
      parts.push(t.name, ...res.rows.map((r) => r.line));
    }
    return { tables: tables.length, rows, text: parts.join('\n') };
  } finally {
    await pg.end();
  }
}

/** Every message of a topic from the beginning, as latin1 text (Avro strings are raw bytes). */
export async function dumpTopic(topic: string, timeoutMs = 30_000): Promise<{ messages: number; text: string }> {
  const kafka = kafkaClient();
  const admin = kafka.admin();
  await admin.connect();
  let expected = 0;
  try {
    if (!(await admin.listTopics()).includes(topic)) return { messages: 0, text: '' };
    expected = (await admin.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  } finally {
    await admin.disconnect();
  }
  if (expected === 0) return { messages: 0, text: '' };
  const group = uniqueName('secret-dump');
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 6000 });
  const parts: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${parts.length} of ${expected} messages of ${topic}`)), timeoutMs);
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ message }) => {
          const headers = Object.entries(message.headers ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(',');
          parts.push([message.key?.toString('latin1') ?? '', message.value?.toString('latin1') ?? '', headers].join('\t'));
          if (parts.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
    const admin2 = kafka.admin();
    await admin2.connect();
    await admin2.deleteGroups([group]).catch(() => undefined);
    await admin2.disconnect();
  }
  return { messages: parts.length, text: parts.join('\n') };
}

export async function dumpKeyspace(cass: Cassandra, keyspace: string): Promise<{ rows: number; text: string }> {
  const tables = await cass.execute('SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?', [keyspace], { prepare: true });
  let rows = 0;
  const parts: string[] = [];
  for (const t of tables.rows) {
    const table = String(t.table_name);
    // Keyspace and table names are checked identifiers (test-made and catalog-listed).
    if (!/^[a-z][a-z0-9_]*$/.test(keyspace) || !/^[a-z][a-z0-9_]*$/.test(table)) throw new Error(`unexpected name ${keyspace}.${table}`);
    const stream = cass.stream(`SELECT * FROM ${keyspace}.${table}`, [], { prepare: true, fetchSize: 2000 });
    for await (const row of stream as unknown as AsyncIterable<Record<string, unknown>>) {
      rows++;
      parts.push(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)));
    }
  }
  return { rows, text: parts.join('\n') };
}
