import { inOrder } from '../../../tasks/serve/data/lookahead';
import { alertFromRow, parseAttributions, readingFromRow, sampleFromRow, windowFromRow, windowStartOf } from '../../../tasks/serve/data/rows';

const at = new Date('2026-11-23T10:00:00Z');

describe('parseAttributions', () => {
  test.each([
    [undefined, []],
    ['', []],
    ['not json', []],
    ['{"name":"x"}', []],
    ['[{"name":"RIVM","url":"http://rivm.nl"},{"name":"","url":"x"},{"url":"y"},null,{"name":"EPA"}]',
      [{ name: 'RIVM', url: 'http://rivm.nl' }, { name: 'EPA' }]],
  ])('%p', (text, expected) => {
    expect(parseAttributions(text)).toEqual(expected);
  });
});

test('readingFromRow maps columns and tolerates missing values', () => {
  const r = readingFromRow({
    station_id: 42, station_name: 'De Jongweg', city: 'utrecht', country: 'netherland', lat: 52.1, lon: 5.1,
    observed_at: at, aqi: 57, category: 'moderate', dominant_pollutant: 'pm25', pm25: 57, pm10: null, o3: Number.NaN,
    attributions: '[{"name":"RIVM"}]',
  });
  expect(r).toEqual({
    stationId: 42, stationName: 'De Jongweg', city: 'utrecht', country: 'netherland', lat: 52.1, lon: 5.1, observedAt: at,
    aqi: 57, category: 'moderate', dominantPollutant: 'pm25',
    pollutants: { pm25: 57, pm10: null, o3: null, no2: null, so2: null, co: null }, attributions: [{ name: 'RIVM' }],
  });
  expect(readingFromRow({ station_id: 7 }).stationName).toBe('station 7');
});

test('sampleFromRow turns the hour table placeholders back into unknowns', () => {
  expect(sampleFromRow({ station_id: 1, country: 'unknown', city: '', aqi: 12, observed_at: at })).toEqual({
    stationId: 1, country: null, city: null, aqi: 12, observedAt: at,
  });
});

describe('windows', () => {
  test.each([
    ['hour', '2026-11-23T10:00Z', '2026-11-23T10:00:00.000Z'],
    ['day', '2026-11-23', '2026-11-23T00:00:00.000Z'],
  ] as const)('%s window %s starts at %s', (grain, window, iso) => {
    expect(windowStartOf(grain, window).toISOString()).toBe(iso);
  });

  test('windowFromRow', () => {
    expect(windowFromRow({
      scope: 'city', scope_key: 'france/paris', granularity: 'day', window: '2026-11-23', readings: 24, aqi_min: 20,
      aqi_max: 90, aqi_mean: 51.5, pollutant_mean: { pm25: 40.2, o3: null }, dominant_pollutant: 'pm25',
      category_counts: { good: 10, moderate: 14 },
    })).toEqual({
      grain: 'day', scope: 'city', id: 'france/paris', windowStart: new Date('2026-11-23T00:00:00Z'), localDay: '2026-11-23',
      readings: 24, aqiMin: 20, aqiMax: 90, aqiMean: 51.5, pollutantMeans: { pm25: 40.2 }, dominantPollutant: 'pm25',
      categoryCounts: { good: 10, moderate: 14 },
    });
  });
});

test('alertFromRow marks an event open only while its episode is the open one', () => {
  const start = new Date('2026-11-23T08:00:00Z');
  const row = { event_id: 'e1', type: 'opened', station_id: 5, level: 'unhealthy', aqi: 160, occurred_at: at, episode_start: start };
  expect(alertFromRow(row, new Map([[5, start.getTime()]])).open).toBe(true);
  expect(alertFromRow(row, new Map([[5, start.getTime() + 1]])).open).toBe(false);
  expect(alertFromRow(row, new Map()).open).toBe(false);
  expect(alertFromRow(row, new Map())).toMatchObject({ alertId: 'e1', event: 'opened', level: 'unhealthy', aqi: 160, stationName: null });
});

describe('inOrder', () => {
  const collect = async <T>(it: AsyncIterable<T>) => {
    const out: T[] = [];
    for await (const x of it) out.push(x);
    return out;
  };

  test('yields in key order whatever order the loads finish in, never more than width in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const load = async (k: number) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, (5 - k) * 2));
      inFlight -= 1;
      return [k, k * 10];
    };
    expect(await collect(inOrder([1, 2, 3, 4, 5], load, 2))).toEqual([1, 10, 2, 20, 3, 30, 4, 40, 5, 50]);
    expect(peak).toBe(2);
  });

  test('a failing load fails the iteration at its place', async () => {
    const load = async (k: number) => {
      if (k === 2) throw new Error('partition 2 unavailable');
      return [k];
    };
    const seen: number[] = [];
    await expect((async () => { for await (const x of inOrder([1, 2, 3], load, 3)) seen.push(x); })()).rejects.toThrow('partition 2 unavailable');
    expect(seen).toEqual([1]);
  });

  test('no keys, no rows', async () => {
    expect(await collect(inOrder([], async () => [1], 4))).toEqual([]);
  });
});
