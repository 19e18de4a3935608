import { mergeStats, mostFrequent, statsOf, summarize } from '../../../tasks/analytics/window-stats';
import { reading } from './fixtures';

describe('window aggregates', () => {
  const cases = [
    {
      name: 'count, min, max and mean AQI',
      readings: [reading({ at: '2026-11-23T10:00Z', aqi: 40 }), reading({ at: '2026-11-23T10:20Z', aqi: 160 }), reading({ at: '2026-11-23T10:40Z', aqi: 100 })],
      expect: { readings: 3, aqiCount: 3, aqiMin: 40, aqiMax: 160, aqiMean: 100 },
    },
    {
      name: 'null AQI counts as a reading but not in the AQI statistics',
      readings: [reading({ at: '2026-11-23T10:00Z', aqi: null }), reading({ at: '2026-11-23T10:20Z', aqi: 80 })],
      expect: { readings: 2, aqiCount: 1, aqiMin: 80, aqiMax: 80, aqiMean: 80 },
    },
    {
      name: 'only null AQI: no mean, no extremes',
      readings: [reading({ at: '2026-11-23T10:00Z', aqi: null, dominantPollutant: null })],
      expect: { readings: 1, aqiCount: 0, aqiMin: null, aqiMax: null, aqiMean: null, dominantPollutant: null },
    },
    {
      name: 'a negative AQI (invalid) is left out like a missing one',
      readings: [reading({ at: '2026-11-23T10:00Z', aqi: -1 }), reading({ at: '2026-11-23T10:20Z', aqi: 20 })],
      expect: { readings: 2, aqiCount: 1, aqiMin: 20, aqiMax: 20, categoryCounts: { good: 1 } },
    },
    {
      name: 'an empty window',
      readings: [],
      expect: { readings: 0, aqiCount: 0, aqiMean: null, dominantPollutant: null, categoryCounts: {} },
    },
  ];
  test.each(cases)('$name', ({ readings, expect: want }) => {
    expect(summarize(statsOf(readings))).toMatchObject(want);
  });

  test('category counts follow the EPA boundaries (50 Good, 51 Moderate, 301 Hazardous)', () => {
    const aqis = [0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500, 650];
    const s = statsOf(aqis.map((aqi, i) => reading({ at: `2026-11-23T10:${String(i).padStart(2, '0')}Z`, aqi })));
    expect(s.categoryCounts).toEqual({
      good: 2, moderate: 2, unhealthy_sensitive: 2, unhealthy: 2, very_unhealthy: 2, hazardous: 3,
    });
  });

  test('pollutant means ignore missing and null sub-indices, per pollutant', () => {
    const s = summarize(statsOf([
      reading({ at: '2026-11-23T10:00Z', pollutants: { pm25: 10, o3: 4 } }),
      reading({ at: '2026-11-23T10:20Z', pollutants: { pm25: 20, o3: null } }),
      reading({ at: '2026-11-23T10:40Z', pollutants: { pm25: 60, no2: Number.NaN } }),
    ]));
    expect(s.pollutantMean).toEqual({ pm25: 30, o3: 4 });
    expect(s.pollutantCount).toEqual({ pm25: 3, o3: 1 });
  });

  test.each([
    [{ pm25: 2, o3: 1 }, 'pm25'],
    [{ pm25: 2, o3: 2 }, 'o3'],
    [{ pm10: 3, pm25: 3, no2: 1 }, 'pm10'],
    [{}, null],
    [{ co: 0 }, null],
  ])('most frequent dominant pollutant of %j is %j (ties: alphabetical)', (counts, expected) => {
    expect(mostFrequent(counts)).toBe(expected);
  });

  test('merging two halves equals aggregating the whole, in either order', () => {
    const all = [10, 200, null, 75, 320, 51].map((aqi, i) =>
      reading({ at: `2026-11-23T10:0${i}Z`, aqi, dominantPollutant: i % 2 ? 'o3' : 'pm25', pollutants: { pm25: i * 1.5 } }),
    );
    const whole = statsOf(all);
    expect(mergeStats(statsOf(all.slice(0, 2)), statsOf(all.slice(2)))).toEqual(whole);
    expect(summarize(mergeStats(statsOf(all.slice(3)), statsOf(all.slice(0, 3))))).toMatchObject({
      readings: 6, aqiCount: 5, aqiMin: 10, aqiMax: 320, aqiMean: whole.aqiSum / 5,
    });
  });

  test('merging does not modify its inputs', () => {
    const a = statsOf([reading({ at: '2026-11-23T10:00Z', aqi: 5 })]);
    const before = JSON.stringify(a);
    mergeStats(a, statsOf([reading({ at: '2026-11-23T10:01Z', aqi: 500, dominantPollutant: 'o3' })]));
    expect(JSON.stringify(a)).toBe(before);
  });
});
