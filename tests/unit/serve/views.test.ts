import { Memo } from '../../../tasks/serve/memo';
import { distinctAttributions } from '../../../tasks/serve/routes/map';
import type { StationSample, WindowRow } from '../../../tasks/serve/store';
import { periodOf, stationsPerCategory } from '../../../tasks/serve/views/categories';
import { trendPoints } from '../../../tasks/serve/views/trends';

const at = new Date('2026-11-23T10:00:00Z');
const sample = (stationId: number, country: string, city: string, aqi: number | null): StationSample => ({
  stationId, country, city, aqi, observedAt: at,
});
// A two-band classifier is enough to test grouping; the EPA bands are tested with tasks/classify.
const twoBands = (aqi: number) => (aqi <= 50 ? 'good' : 'bad');

describe('stationsPerCategory', () => {
  test('counts each station once, in the category of its worst reading, clustered by country', () => {
    const groups = stationsPerCategory(
      [sample(1, 'FR', 'Paris', 20), sample(1, 'FR', 'Paris', 80), sample(2, 'FR', 'Lyon', 10),
        sample(3, 'DE', 'Berlin', 30), sample(4, 'DE', 'Berlin', null)],
      'country',
      twoBands,
    );
    expect(groups).toEqual([
      { group: 'FR', stations: 2, counts: { bad: 1, good: 1 } },
      { group: 'DE', stations: 1, counts: { good: 1 } },
    ]);
  });

  test('clusters by city; ties in size sort by name; missing names group as unknown', () => {
    const groups = stationsPerCategory(
      [sample(1, 'FR', 'Paris', 20), sample(2, 'FR', 'Lyon', 60), { ...sample(3, 'FR', 'x', 5), city: null }],
      'city',
      twoBands,
    );
    expect(groups.map((g) => g.group)).toEqual(['Lyon', 'Paris', 'unknown']);
  });

  test('no samples, no groups', () => {
    expect(stationsPerCategory([], 'country', twoBands)).toEqual([]);
  });
});

describe('periodOf', () => {
  test.each([
    ['2026-11-23', undefined, '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z'],
    ['2026-11-23', 0, '2026-11-23T00:00:00.000Z', '2026-11-23T01:00:00.000Z'],
    ['2026-11-23', 23, '2026-11-23T23:00:00.000Z', '2026-11-24T00:00:00.000Z'],
    ['2024-02-29', undefined, '2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
  ])('%s hour %p', (day, hour, from, to) => {
    const p = periodOf(day, hour);
    expect([p.from.toISOString(), p.to.toISOString()]).toEqual([from, to]);
  });
});

describe('trendPoints', () => {
  const w = (start: string, mean: number, pm25: number | null): WindowRow => ({
    grain: 'hour', scope: 'city', id: 'paris', windowStart: new Date(start), localDay: null, readings: 3,
    aqiMin: mean - 5, aqiMax: mean + 5, aqiMean: mean, pollutantMeans: { pm25 }, dominantPollutant: 'pm25', categoryCounts: {},
  });
  const rows = [w('2026-11-23T11:00:00Z', 60, 40), w('2026-11-23T10:00:00Z', 50, null)];

  test('aqi carries its min..max band, in time order', () => {
    expect(trendPoints(rows, 'aqi')).toEqual([
      { t: '2026-11-23T10:00:00.000Z', value: 50, min: 45, max: 55, readings: 3 },
      { t: '2026-11-23T11:00:00.000Z', value: 60, min: 55, max: 65, readings: 3 },
    ]);
  });
  test('a pollutant has its mean only; a missing one is null', () => {
    expect(trendPoints(rows, 'pm25').map((p) => [p.value, p.min])).toEqual([[null, null], [40, null]]);
    expect(trendPoints(rows, 'so2').map((p) => p.value)).toEqual([null, null]);
  });
});

describe('distinctAttributions', () => {
  test('WAQI first, then each agency once, sorted by name', () => {
    expect(
      distinctAttributions([
        { name: 'RIVM', url: 'http://www.luchtmeetnet.nl/' },
        { name: 'World Air Quality Index Project', url: 'https://waqi.info/' },
        { name: 'Airparif', url: 'https://www.airparif.fr/' },
        { name: 'RIVM ', url: 'http://other/' },
        { name: '  ' },
      ]),
    ).toEqual([
      { name: 'World Air Quality Index Project', url: 'https://waqi.info/' },
      { name: 'Airparif', url: 'https://www.airparif.fr/' },
      { name: 'RIVM', url: 'http://www.luchtmeetnet.nl/' },
    ]);
  });
  test('WAQI is named even when no reading is loaded', () => {
    expect(distinctAttributions([])).toEqual([{ name: 'World Air Quality Index Project', url: 'https://waqi.info/' }]);
  });
});

describe('Memo', () => {
  test('reuses an answer until it expires, then computes again', async () => {
    const memo = new Memo<number>();
    let calls = 0;
    const compute = async () => ++calls;
    expect(await memo.get('k', 100, compute, 0)).toBe(1);
    expect(await memo.get('k', 100, compute, 99)).toBe(1);
    expect(await memo.get('k', 100, compute, 100)).toBe(2);
  });

  test('a failure is not remembered', async () => {
    const memo = new Memo<number>();
    await expect(memo.get('k', 1000, async () => { throw new Error('down'); }, 0)).rejects.toThrow('down');
    expect(await memo.get('k', 1000, async () => 7, 1)).toBe(7);
  });

  test('keeps at most maxEntries, dropping the oldest', async () => {
    const memo = new Memo<string>(2);
    for (const k of ['a', 'b', 'c']) await memo.get(k, 1000, async () => k, 0);
    expect(await memo.get('a', 1000, async () => 'a again', 1)).toBe('a again');
    expect(await memo.get('c', 1000, async () => 'c again', 1)).toBe('c');
  });
});
