import { toIntervalReading } from '../../../tasks/analytics/interval-readings';

const row = (over: Record<string, unknown>) => ({
  station_id: 5, observed_at: new Date('2026-11-23T10:00:00Z'), station_name: 'S', city: 'c', country: 'k', source_tz: '+01:00',
  aqi: null, dominant_pollutant: null, pm25: null, pm10: null, o3: null, no2: null, so2: null, co: null, ...over,
});

describe('toIntervalReading: the AQI as classify stores it', () => {
  test.each([
    ['WAQI\'s own AQI and dominant pollutant', { aqi: 80, dominant_pollutant: 'o3', pm25: 120 }, 80, 'o3'],
    ['no AQI: the highest sub-index, rounded', { pm25: 152.4, o3: 30 }, 152, 'pm25'],
    ['no AQI and no sub-index: none', {}, null, null],
    ['an invalid AQI is dropped, as classify dead-letters it', { aqi: -5, dominant_pollutant: 'pm10' }, null, 'pm10'],
  ])('%s', (_name, over, aqi, dominant) => {
    expect(toIntervalReading(row(over))).toMatchObject({ stationId: 5, sourceTz: '+01:00', stationName: 'S', aqi, dominantPollutant: dominant });
  });

  test('keeps the sub-indices for the pollutant means', () => {
    expect(toIntervalReading(row({ aqi: 10, pm25: 10, no2: 3 })).pollutants).toEqual({ pm25: 10, pm10: null, o3: null, no2: 3, so2: null, co: null });
  });
});
