import { formatCell, renderTable, type Column } from '../../../tasks/query/table';

describe('formatCell', () => {
  test.each([
    [null, '-'],
    [undefined, '-'],
    [42, '42'],
    [41.25, '41.3'],
    [new Date('2026-11-23T10:00:00Z'), '2026-11-23T10:00Z'],
    [new Date('2026-11-23T10:00:30Z'), '2026-11-23T10:00:30Z'],
    [{ good: 2, hazardous: 1 }, 'good:2 hazardous:1'],
    ['two\nlines', 'two lines'],
  ])('%p -> %p', (v, expected) => expect(formatCell(v)).toBe(expected));
});

describe('renderTable', () => {
  const columns: Array<Column<{ name: string; aqi: number | null }>> = [
    { header: 'station', value: (r) => r.name, maxWidth: 8 },
    { header: 'aqi', value: (r) => r.aqi, right: true },
  ];

  test('aligns columns, right-aligns numbers, cuts long text', () => {
    expect(renderTable(columns, [{ name: 'Utrecht', aqi: 7 }, { name: 'Anand Vihar, Delhi', aqi: 350 }, { name: 'X', aqi: null }])).toBe(
      ['station   aqi', '--------  ---', 'Utrecht     7', 'Anand V…  350', 'X           -', ''].join('\n'),
    );
  });

  test('says so when there are no rows', () => {
    expect(renderTable(columns, [])).toBe(['station  aqi', '-------  ---', '(no rows)', ''].join('\n'));
  });
});

import { ConfigError } from '../../../tasks/core/errors';
import { matchesPlace, queryFlags, timeRange, windowBounds, windowScope } from '../../../tasks/query/filters';

describe('query filters', () => {
  test.each([
    [{}, true],
    [{ station: 7 }, true],
    [{ station: 8 }, false],
    [{ city: 'UTRECHT' }, true],
    [{ city: 'delhi' }, false],
    [{ country: 'netherland', city: 'utrecht' }, true],
    [{ country: 'india' }, false],
  ])('matchesPlace %j', (f, expected) => {
    expect(matchesPlace({ stationId: 7, city: 'utrecht', country: 'netherland' }, f)).toBe(expected);
  });

  test('a station without a city matches no city filter', () => {
    expect(matchesPlace({ stationId: 7, city: null, country: null }, { city: 'x' })).toBe(false);
  });

  test.each([
    [{ station: 5 }, { scope: 'station', scopeKey: '5' }],
    [{ city: 'utrecht', country: 'netherland' }, { scope: 'city', scopeKey: 'netherland/utrecht' }],
    [{ country: 'india' }, { scope: 'country', scopeKey: 'india' }],
  ])('windowScope %j', (f, expected) => expect(windowScope(f)).toEqual(expected));

  test.each([[{ city: 'utrecht' }, /add --country/], [{}, /need --station/]])('windowScope rejects %j', (f, msg) => {
    expect(() => windowScope(f)).toThrow(ConfigError);
    expect(() => windowScope(f)).toThrow(msg);
  });

  test('timeRange defaults to the days before now and rejects an empty range', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(timeRange({}, 1, now)).toEqual({ from: new Date('2026-11-22T12:00:00Z'), to: now });
    expect(() => timeRange({ from: now, to: now }, 1, now)).toThrow(/before --to/);
  });

  test.each([
    // Inclusive keys of the windows overlapping [from, to).
    ['hour', '2026-11-23T10:30:00Z', '2026-11-23T12:00:00Z', { from: '2026-11-23T10:00Z', to: '2026-11-23T11:00Z' }],
    // "now" in the middle of an hour: the hour under way is included (a fresh pipeline has only that one).
    ['hour', '2026-11-23T10:30:00Z', '2026-11-23T12:05:00Z', { from: '2026-11-23T10:00Z', to: '2026-11-23T12:00Z' }],
    ['day', '2026-11-20T10:30:00Z', '2026-11-23T00:00:00Z', { from: '2026-11-20', to: '2026-11-22~' }],
    ['day', '2026-11-20T10:30:00Z', '2026-11-23T08:00:00Z', { from: '2026-11-20', to: '2026-11-23~' }],
  ] as const)('windowBounds %s %s..%s', (g, from, to, expected) => {
    expect(windowBounds(g, new Date(from), new Date(to))).toEqual(expected);
  });

  test('flags are validated with their defaults', () => {
    expect(queryFlags.parse({ station: '12' })).toMatchObject({ station: 12, granularity: 'hour', limit: 50, json: false, open: false });
    expect(queryFlags.safeParse({ category: 'bad' }).success).toBe(false);
    expect(queryFlags.safeParse({ from: 'yesterday' }).success).toBe(false);
  });
});
