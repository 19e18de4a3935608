/**
 * The soak's end-to-end check, once after the last cycle: every reading staged in
 * PostgreSQL, per cycle (its staging interval), has its row in Cassandra, and nothing
 * arrived twice.
 *
 * lost       = staged readings with no Cassandra row
 * duplicated = (Kafka messages - staged readings) + (Cassandra rows that no staged reading explains)
 */
import { Client } from 'pg';
import { cassandraClient, cassandraReadingKeys, topicMessageCount } from '../../tests/integration/stream/support';
import type { Cycle } from './cycle-plan';

export interface CycleCount {
  cycle: number;
  staged: number;
  cassandra: number;
  lost: number;
}

export interface CountCheck {
  perCycle: CycleCount[];
  staged: number;
  /** Readings whose staging interval is none of the cycles' (expected 0). */
  stagedOutsideCycles: number;
  cassandraRows: number;
  kafkaMessages: number;
  deadLetters: number;
  lost: number;
  duplicated: number;
  ok: boolean;
}

export interface CountTargets {
  dbUrl: string;
  topic: string;
  deadLetterTopic: string;
  keyspace: string;
}

const key = (stationId: number, observedAt: Date) => `${stationId}@${observedAt.toISOString()}`;

async function cassandraKeys(keyspace: string): Promise<Set<string>> {
  const cass = cassandraClient();
  try {
    return new Set(await cassandraReadingKeys(cass, keyspace));
  } finally {
    await cass.shutdown();
  }
}

export async function checkCounts(cycles: Cycle[], t: CountTargets): Promise<CountCheck> {
  const inCassandra = await cassandraKeys(t.keyspace);
  const pg = new Client({ connectionString: t.dbUrl });
  await pg.connect();
  const perCycle: CycleCount[] = [];
  let explained = 0;
  let total: number;
  try {
    // One cycle at a time keeps the check's own memory to one hour of keys.
    for (const c of cycles) {
      const { rows } = await pg.query<{ station_id: number; observed_at: Date }>(
        'SELECT station_id, observed_at FROM readings WHERE interval_start = $1', [c.start],
      );
      const found = rows.filter((r) => inCassandra.has(key(r.station_id, r.observed_at))).length;
      explained += found;
      perCycle.push({ cycle: c.number, staged: rows.length, cassandra: found, lost: rows.length - found });
    }
    total = Number((await pg.query<{ n: string }>('SELECT count(*) AS n FROM readings')).rows[0]?.n);
  } finally {
    await pg.end();
  }
  const staged = perCycle.reduce((n, c) => n + c.staged, 0);
  const kafkaMessages = await topicMessageCount(t.topic);
  const deadLetters = await topicMessageCount(t.deadLetterTopic).catch(() => 0);
  const lost = perCycle.reduce((n, c) => n + c.lost, 0);
  const duplicated = Math.max(0, kafkaMessages - total) + (inCassandra.size - explained);
  return {
    perCycle, staged, stagedOutsideCycles: total - staged, cassandraRows: inCassandra.size, kafkaMessages, deadLetters, lost, duplicated,
    ok: lost === 0 && duplicated === 0 && total === staged && kafkaMessages === total && deadLetters === 0,
  };
}
