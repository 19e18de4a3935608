import { types } from 'cassandra-driver';
import { toClassifiedReading } from '../../../tasks/classify/classified-reading';
import { newestPer, readingStatements, statementsFor, toRequests } from '../../../tasks/cassandra/readings-writer';
import { reading } from './fixtures';

const hour = 3600_000;
const base = Date.UTC(2026, 10, 23, 10);

describe('readings writer statements', () => {
  const items = [
    toClassifiedReading(reading({ station_id: 1, observed_at: base })),
    toClassifiedReading(reading({ station_id: 1, observed_at: base + 2 * hour })),
    toClassifiedReading(reading({ station_id: 1, observed_at: base + 1 * hour })),
    toClassifiedReading(reading({ station_id: 2, observed_at: base, country: null, city: null })),
  ];
  const q = readingStatements('aqi_t');

  it('writes every reading to the day table and only the newest per station to latest', () => {
    const statements = statementsFor('aqi_t', items);
    expect(statements.filter((s) => s.query === q.byStationDay)).toHaveLength(4);
    const latest = statements.filter((s) => s.query === q.latest);
    expect(latest.map((s) => [s.params[0], (s.params[1] as Date).getTime()])).toEqual([[1, base + 2 * hour], [2, base]]);
    expect(statements.filter((s) => s.query === q.byCountryHour)).toHaveLength(4);
  });

  it('binds one value per placeholder, the write timestamp last', () => {
    for (const s of statementsFor('aqi_t', items)) {
      expect(s.params).toHaveLength((s.query.match(/\?/g) ?? []).length);
      const ts = s.params[s.params.length - 1] as InstanceType<typeof types.Long>;
      expect(ts.toNumber()).toBeGreaterThan(base * 1000 - 1);
    }
  });

  it('leaves absent values unset in the day table and null in latest', () => {
    const [day, latest] = [q.byStationDay, q.latest].map((query) => statementsFor('aqi_t', items.slice(3)).find((s) => s.query === query));
    expect(day?.params).toContain(types.unset);
    expect(latest?.params).not.toContain(types.unset);
    expect(latest?.params).toContain(null);
  });

  it("puts a station without country under 'unknown'", () => {
    const hourRow = statementsFor('aqi_t', items.slice(3)).find((s) => s.query === q.byCountryHour);
    expect(hourRow?.params.slice(0, 5).map(String)).toEqual(['unknown', '2026-11-23', '10', '', '2']);
  });

  it('keeps the newest per key', () => {
    expect(newestPer(items, (c) => String(c.reading.station_id)).map((c) => c.reading.observed_at)).toEqual([base + 2 * hour, base]);
  });

  it('refuses a keyspace that is not an identifier', () => {
    expect(() => statementsFor('x; DROP', items)).toThrow();
  });

  it('groups each station-day of the day table and each country-day of the hour table into requests of at most N rows, latest rows alone', () => {
    const many = [1, 2, 1, 1, 2, 1, 1].map((station, i) => toClassifiedReading(reading({ station_id: station, observed_at: base + i * 60_000 })));
    const requests = toRequests(statementsFor('aqi_t', many), 3);
    const shape = requests.map((r) => [r[0]?.query === q.byStationDay ? 'day' : r[0]?.query === q.latest ? 'latest' : 'hour', r.length, r[0]?.params[0]]);
    expect(shape).toEqual([
      ['day', 3, 1], ['day', 2, 1], ['day', 2, 2],
      ['latest', 1, 1], ['latest', 1, 2],
      ['hour', 2, 'NL'],
    ]);
    for (const r of requests) expect(new Set(r.map((s) => `${String(s.params[0])}|${String(s.params[1])}`)).size).toBe(1);
  });

  it('never puts two partitions in one request: countries and days split the hour table, days split the day table', () => {
    const mixed = [
      reading({ station_id: 1, observed_at: base, country: 'NL' }),
      reading({ station_id: 2, observed_at: base, country: 'BE' }),
      reading({ station_id: 3, observed_at: base, country: 'NL' }),
      reading({ station_id: 3, observed_at: base + 24 * hour, country: 'NL' }),
    ].map(toClassifiedReading);
    const requests = toRequests(statementsFor('aqi_t', mixed));
    const hours = requests.filter((r) => r[0]?.query === q.byCountryHour).map((r) => r.map((st) => `${String(st.params[0])}|${String(st.params[1])}`));
    expect(hours).toEqual([['BE|2026-11-23'], ['NL|2026-11-23', 'NL|2026-11-23'], ['NL|2026-11-24']]);
    const days = requests.filter((r) => r[0]?.query === q.byStationDay);
    expect(days.map((r) => r.length)).toEqual([1, 1, 1, 1]);
  });
});
