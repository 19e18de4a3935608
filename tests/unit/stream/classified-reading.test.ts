import { countByCategory, InvalidReadingError, toClassifiedReading, writeTimeMicros } from '../../../tasks/classify/classified-reading';
import { reading } from './fixtures';

describe('toClassifiedReading', () => {
  it('classifies and places a reading in its UTC day and hour', () => {
    const c = toClassifiedReading(reading({ observed_at: Date.UTC(2026, 0, 31, 23, 30), staged_at: Date.UTC(2026, 1, 1) }));
    expect(c.day).toBe('2026-01-31');
    expect(c.hour).toBe(23);
    expect(c.classification.category?.id).toBe('moderate');
    expect(c.classification.pollutants).toEqual({ pm25: 'moderate', pm10: 'good', o3: 'good', no2: 'good' });
    expect(c.writeTimeMicros).toBe(Date.UTC(2026, 0, 31, 23, 30) * 1000 + 30);
  });

  it('orders write timestamps by observation time, whatever the staging time', () => {
    const older = toClassifiedReading(reading({ observed_at: Date.UTC(2026, 0, 1, 10), staged_at: Date.UTC(2026, 5, 1) }));
    const newer = toClassifiedReading(reading({ observed_at: Date.UTC(2026, 0, 1, 11), staged_at: Date.UTC(2026, 0, 1, 11) }));
    expect(newer.writeTimeMicros).toBeGreaterThan(older.writeTimeMicros);
    expect(Number.isSafeInteger(newer.writeTimeMicros)).toBe(true);
  });

  const t = Date.UTC(2026, 0, 1, 10);
  it.each([
    ['staged at observation', t, t, t * 1000],
    ['staged 59 s later', t, t + 59_000, t * 1000],
    ['staged 90 min later', t, t + 90 * 60_000, t * 1000 + 90],
    ['staged a week later: clamped', t, t + 7 * 24 * 3600_000, t * 1000 + 999],
    ['staged before observation: clamped', t, t - 3600_000, t * 1000],
  ])('write time when %s', (_name, observed, staged, want) => {
    expect(writeTimeMicros(observed, staged)).toBe(want);
  });

  it('lets a later correction of the same observation win, and never an older observation', () => {
    expect(writeTimeMicros(t, t + 120 * 60_000)).toBeGreaterThan(writeTimeMicros(t, t + 60 * 60_000));
    expect(writeTimeMicros(t + 1, t + 1)).toBeGreaterThan(writeTimeMicros(t, t + 10 * 24 * 3600_000));
  });

  it.each([
    ['fractional station', { station_id: 1.5 }, 'STATION_ID_INVALID'],
    ['epoch zero', { observed_at: 0 }, 'OBSERVED_AT_INVALID'],
    ['two days after staging', { observed_at: Date.UTC(2026, 10, 25, 14) }, 'OBSERVED_AT_IN_FUTURE'],
    ['negative aqi', { aqi: -1 }, 'AQI_INVALID'],
    ['NaN sub-index', { pm10: Number.NaN }, 'AQI_INVALID'],
  ])('rejects %s', (_name, overrides, code) => {
    expect(() => toClassifiedReading(reading(overrides))).toThrow(InvalidReadingError);
    try {
      toClassifiedReading(reading(overrides));
    } catch (err) {
      expect((err as InvalidReadingError).code).toBe(code);
    }
  });

  it('accepts the negative station ids WAQI gives map-listed stations', () => {
    expect(toClassifiedReading(reading({ station_id: -4577 })).reading.station_id).toBe(-4577);
  });

  it('accepts a reading without any index', () => {
    const c = toClassifiedReading(reading({ aqi: null, pm25: null, pm10: null, o3: null, no2: null, dominant_pollutant: null }));
    expect(c.classification.category).toBeNull();
    expect(countByCategory([c])).toEqual({ unknown: 1 });
  });

  it('counts categories', () => {
    const items = [57, 12, 57, 250, null].map((aqi) => toClassifiedReading(reading({ aqi, pm25: null, pm10: null, o3: null, no2: null })));
    expect(countByCategory(items)).toEqual({ moderate: 2, good: 1, very_unhealthy: 1, unknown: 1 });
  });
});
