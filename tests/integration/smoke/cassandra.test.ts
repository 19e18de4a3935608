/** Cassandra smoke test: a CQL round trip with the driver the pipeline uses, in its own keyspace. */
import { Client, types } from 'cassandra-driver';
import { ports, uniqueName } from '../support/stack';

describe('cassandra smoke', () => {
  const keyspace = uniqueName('smoke');
  const client = new Client({
    contactPoints: [`127.0.0.1:${ports.CASSANDRA_PORT}`],
    localDataCenter: 'datacenter1',
  });

  beforeAll(() => client.connect());
  afterAll(async () => {
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
    await client.shutdown();
  });

  it('is Cassandra 5.0 and round-trips a time-series row', async () => {
    const version = await client.execute('SELECT release_version FROM system.local');
    expect(String(version.first().get('release_version'))).toMatch(/^5\.0\./);

    await client.execute(
      `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await client.execute(
      `CREATE TABLE ${keyspace}.readings (station_id text, observed_at timestamp, aqi int, PRIMARY KEY ((station_id), observed_at))
       WITH CLUSTERING ORDER BY (observed_at DESC)`,
    );
    const insert = `INSERT INTO ${keyspace}.readings (station_id, observed_at, aqi) VALUES (?, ?, ?)`;
    const t1 = new Date('2026-01-01T00:00:00Z');
    const t2 = new Date('2026-01-01T01:00:00Z');
    await client.batch(
      [
        { query: insert, params: ['@1437', t1, 42] },
        { query: insert, params: ['@1437', t2, 57] },
        { query: insert, params: ['@1437', t2, 57] },
      ],
      { prepare: true, consistency: types.consistencies.localQuorum },
    );
    const rows = await client.execute(`SELECT observed_at, aqi FROM ${keyspace}.readings WHERE station_id = ?`, ['@1437'], {
      prepare: true,
    });
    expect(rows.rows.map((r) => [r.get('observed_at') as Date, r.get('aqi') as number])).toEqual([
      [t2, 57],
      [t1, 42],
    ]);
  });
});
