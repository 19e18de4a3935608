import { renderCql, replicationToCql, sameReplication, splitStatements } from '../../../tasks/cassandra/cql-template';

describe('CQL templates', () => {
  it.each([
    [{ class: 'SimpleStrategy', replication_factor: 1 }, "{'class': 'SimpleStrategy', 'replication_factor': '1'}"],
    [{ class: 'NetworkTopologyStrategy', dc1: 3, dc2: '2' }, "{'class': 'NetworkTopologyStrategy', 'dc1': '3', 'dc2': '2'}"],
  ])('renders replication %j', (replication, cql) => {
    expect(replicationToCql(replication)).toBe(cql);
  });

  it.each([[{ replication_factor: 1 }], [{ class: "x'; DROP KEYSPACE a; --" }], [{ class: 'SimpleStrategy', "rf'": 1 }]])(
    'refuses replication %j',
    (replication) => {
      expect(() => replicationToCql(replication as never)).toThrow();
    },
  );

  it('fills keyspace and replication placeholders', () => {
    const out = renderCql('CREATE KEYSPACE IF NOT EXISTS {{keyspace}} WITH replication = {{replication}}; USE {{keyspace}};', 'aqi_t1', {
      class: 'SimpleStrategy',
      replication_factor: 1,
    });
    expect(out).toBe("CREATE KEYSPACE IF NOT EXISTS aqi_t1 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}; USE aqi_t1;");
  });

  it.each([['Aqi'], ['1aqi'], ['aqi-x'], ['aqi;drop'], ['']])('refuses keyspace %p', (keyspace) => {
    expect(() => renderCql('{{keyspace}}', keyspace, { class: 'SimpleStrategy' })).toThrow();
  });

  it('splits statements and drops comments', () => {
    const cql = '-- header; with a semicolon\nCREATE TABLE a (x int PRIMARY KEY);\n\n-- between\nCREATE TABLE b (\n  y int PRIMARY KEY -- trailing\n);\n';
    expect(splitStatements(cql)).toEqual(['CREATE TABLE a (x int PRIMARY KEY)', 'CREATE TABLE b (\n  y int PRIMARY KEY \n)']);
  });

  it.each([
    [{ class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '1' }, { class: 'SimpleStrategy', replication_factor: 1 }, true],
    [{ class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '1' }, { class: 'SimpleStrategy', replication_factor: 3 }, false],
    [{ class: 'org.apache.cassandra.locator.NetworkTopologyStrategy', dc1: '1' }, { class: 'NetworkTopologyStrategy', dc1: 1, dc2: 1 }, false],
  ])('compares %j with %j', (actual, wanted, same) => {
    expect(sameReplication(actual, wanted)).toBe(same);
  });
});
