import { bucketOf, cityScopeKey, groupBy, mergeShares, readSpanOf, recomputeStation, scopesOf, touchedWindows } from '../../../tasks/analytics/plan';
import { statsOf } from '../../../tasks/analytics/window-stats';
import { reading } from './fixtures';

describe('touchedWindows', () => {
  test('an interval touches the hour and local day of each of its readings, late data included', () => {
    const t = touchedWindows([
      reading({ stationId: 1, at: '2026-11-23T10:05Z' }),
      reading({ stationId: 1, at: '2026-11-23T10:55Z' }),
      reading({ stationId: 1, at: '2026-11-22T03:00Z' }), // late: yesterday's reading staged today
      reading({ stationId: 2, at: '2026-11-23T22:30Z', sourceTz: '+02:00' }),
    ]);
    expect([...t.keys()].sort()).toEqual([1, 2]);
    expect([...(t.get(1)?.hours ?? [])].sort()).toEqual(['2026-11-22T03:00Z', '2026-11-23T10:00Z']);
    expect([...(t.get(1)?.days ?? [])].sort()).toEqual(['2026-11-22', '2026-11-23']);
    expect([...(t.get(2)?.hours ?? [])]).toEqual(['2026-11-23T22:00Z']);
    expect([...(t.get(2)?.days ?? [])]).toEqual(['2026-11-24']);
  });

  test('no readings touch nothing', () => expect(touchedWindows([]).size).toBe(0));
});

describe('readSpanOf', () => {
  test('covers the widest touched window', () => {
    const span = readSpanOf({ stationId: 1, hours: new Set(['2026-11-23T10:00Z']), days: new Set(['2026-11-23']) });
    expect([span.from.toISOString(), span.to.toISOString()]).toEqual(['2026-11-22T10:00:00.000Z', '2026-11-24T12:00:00.000Z']);
  });
});

describe('recomputeStation', () => {
  const touched = { stationId: 7, hours: new Set(['2026-11-23T10:00Z']), days: new Set(['2026-11-23']) };
  const span = [
    reading({ stationId: 7, at: '2026-11-23T09:59:59Z', aqi: 300 }), // previous hour, same day
    reading({ stationId: 7, at: '2026-11-23T10:00Z', aqi: 100 }),
    reading({ stationId: 7, at: '2026-11-23T10:00Z', aqi: 100 }), // a duplicate row counts once
    reading({ stationId: 7, at: '2026-11-23T10:30Z', aqi: 200, city: 'amersfoort' }),
    reading({ stationId: 7, at: '2026-11-23T11:00Z', aqi: 10 }), // next hour, same day
    reading({ stationId: 7, at: '2026-11-24T00:00Z', aqi: 500 }), // next day
    reading({ stationId: 8, at: '2026-11-23T10:10Z', aqi: 999 }), // another station
  ];

  test('recomputes exactly the touched windows from every reading inside them', () => {
    const out = recomputeStation(touched, span);
    expect(out.map((w) => [w.key.granularity, w.key.window, w.stats.readings, w.stats.aqiSum])).toEqual([
      ['hour', '2026-11-23T10:00Z', 2, 300],
      ['day', '2026-11-23', 4, 610],
    ]);
    expect(out[0]?.key).toEqual({ scope: 'station', scopeKey: '7', granularity: 'hour', window: '2026-11-23T10:00Z' });
  });

  test('a window takes the city and country of its latest reading', () => {
    expect(recomputeStation(touched, span)[0]).toMatchObject({ city: 'amersfoort', country: 'netherland' });
  });

  test('the order of the span does not matter', () => {
    expect(recomputeStation(touched, [...span].reverse())).toEqual(recomputeStation(touched, span));
  });

  test('a touched window whose readings are gone yields nothing', () => {
    expect(recomputeStation({ stationId: 7, hours: new Set(['2026-11-20T00:00Z']), days: new Set() }, span)).toEqual([]);
  });

  test('day windows use each reading\'s own offset (daylight-saving switch)', () => {
    const dst = [
      reading({ stationId: 3, at: '2026-03-28T23:30Z', sourceTz: '+01:00' }),
      reading({ stationId: 3, at: '2026-03-29T21:30Z', sourceTz: '+02:00' }),
      reading({ stationId: 3, at: '2026-03-29T22:30Z', sourceTz: '+02:00' }),
    ];
    const out = recomputeStation({ stationId: 3, hours: new Set(), days: new Set(['2026-03-29']) }, dst);
    expect(out.map((w) => w.stats.readings)).toEqual([2]);
  });
});

describe('scopes', () => {
  const w = recomputeStation({ stationId: 1, hours: new Set(['2026-11-23T10:00Z']), days: new Set() }, [
    reading({ at: '2026-11-23T10:00Z' }),
  ])[0];

  test('a station window feeds its city (qualified by country) and its country', () => {
    expect(w && scopesOf(w)).toEqual([
      { scope: 'city', scopeKey: 'netherland/utrecht', granularity: 'hour', window: '2026-11-23T10:00Z' },
      { scope: 'country', scopeKey: 'netherland', granularity: 'hour', window: '2026-11-23T10:00Z' },
    ]);
  });

  test.each([
    [null, 'utrecht', ['city']],
    ['netherland', null, ['country']],
    [null, null, []],
  ])('country %j city %j -> %j', (country, city, scopes) => {
    const x = recomputeStation({ stationId: 1, hours: new Set(['2026-11-23T10:00Z']), days: new Set() }, [
      reading({ at: '2026-11-23T10:00Z', country, city }),
    ])[0];
    expect(x && scopesOf(x).map((k) => k.scope)).toEqual(scopes);
  });

  test('city keys without a country stay distinct', () => expect(cityScopeKey(null, 'x')).toBe('-/x'));

  test('a scope window is the same whatever order its shares arrive in', () => {
    const shares = [3, 1, 2].map((stationId) => ({
      window: '2026-11-23T10:00Z',
      stationId,
      stats: statsOf([reading({ stationId, at: '2026-11-23T10:00Z', aqi: stationId * 50, pollutants: { pm25: 0.1 * stationId } })]),
    }));
    const touched = new Set(['2026-11-23T10:00Z']);
    const merged = mergeShares(shares, touched);
    expect(merged).toEqual(mergeShares([...shares].reverse(), touched));
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ window: '2026-11-23T10:00Z', stations: 3, stats: { readings: 3, aqiSum: 300, aqiMin: 50, aqiMax: 150 } });
  });

  test('only the touched windows of a share partition are merged, in window order', () => {
    const share = (window: string, stationId: number) => ({ window, stationId, stats: statsOf([reading({ stationId, at: '2026-11-23T10:00Z' })]) });
    const shares = [share('2026-11-23T11:00Z', 1), share('2026-11-23T10:00Z', 1), share('2026-11-23T10:00Z', 2), share('2026-11-23T12:00Z', 2)];
    const out = mergeShares(shares, new Set(['2026-11-23T11:00Z', '2026-11-23T10:00Z', '2026-11-23T13:00Z']));
    expect(out.map((w) => [w.window, w.stations])).toEqual([['2026-11-23T10:00Z', 2], ['2026-11-23T11:00Z', 1]]);
  });

  test.each([['2026-11-23T10:00Z', '2026-11-23'], ['2026-11-23', '2026-11-23']])('bucketOf %s', (w, b) => expect(bucketOf(w)).toBe(b));

  test('groupBy keeps first-seen order', () => {
    expect([...groupBy(['b1', 'a1', 'b2'], (s) => s[0] as string).entries()]).toEqual([['b', ['b1', 'b2']], ['a', ['a1']]]);
  });
});
