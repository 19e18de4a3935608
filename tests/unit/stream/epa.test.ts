import { AQI_POLLUTANTS, CATEGORIES, categoryOf, classify, InvalidAqiError } from '../../../tasks/classify/epa';

describe('categoryOf', () => {
  it.each([
    [0, 'good'], [50, 'good'], [50.4, 'good'], [50.5, 'moderate'], [51, 'moderate'], [100, 'moderate'],
    [101, 'unhealthy_sensitive'], [150, 'unhealthy_sensitive'], [151, 'unhealthy'], [200, 'unhealthy'],
    [201, 'very_unhealthy'], [300, 'very_unhealthy'], [301, 'hazardous'], [500, 'hazardous'], [501, 'hazardous'], [999, 'hazardous'],
  ])('%p is %s', (value, id) => {
    expect(categoryOf(value)?.id).toBe(id);
  });

  it.each([[null], [undefined]])('%p has no category', (value) => {
    expect(categoryOf(value)).toBeNull();
  });

  it.each([[-1], [-0.6], [Number.NaN], [Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY]])('%p is invalid', (value) => {
    expect(() => categoryOf(value)).toThrow(InvalidAqiError);
  });

  it('carries the EPA names and colors in severity order', () => {
    expect(CATEGORIES.map((c) => [c.rank, c.name, c.color])).toEqual([
      [1, 'Good', '#00E400'],
      [2, 'Moderate', '#FFFF00'],
      [3, 'Unhealthy for Sensitive Groups', '#FF7E00'],
      [4, 'Unhealthy', '#FF0000'],
      [5, 'Very Unhealthy', '#8F3F97'],
      [6, 'Hazardous', '#7E0023'],
    ]);
    for (const c of CATEGORIES) expect(c.healthMessage.length).toBeGreaterThan(20);
  });

  it('leaves no gap between consecutive ranges', () => {
    for (let i = 1; i < CATEGORIES.length; i++) {
      expect(CATEGORIES[i]?.min).toBe((CATEGORIES[i - 1]?.max ?? Number.NaN) + 1);
    }
  });
});

describe('classify', () => {
  it.each([
    ['WAQI aqi and dominant win', 120, { pm25: 120, o3: 30 }, 'pm25', 120, 'unhealthy_sensitive', 'pm25'],
    ['missing aqi falls back to the highest sub-index', null, { pm25: 40, pm10: 75.6 }, null, 76, 'moderate', 'pm10'],
    ['empty dominant is computed', 30, { no2: 12, co: 3 }, '', 30, 'good', 'no2'],
    ['nothing at all', null, {}, null, null, null, null],
    ['WAQI dominant neph is kept as reported', 60, { pm25: 60 }, 'neph', 60, 'moderate', 'neph'],
  ])('%s', (_name, aqi, subs, dominant, wantAqi, wantCategory, wantDominant) => {
    const c = classify(aqi, subs, dominant);
    expect(c.aqi).toBe(wantAqi);
    expect(c.category?.id ?? null).toBe(wantCategory);
    expect(c.dominantPollutant).toBe(wantDominant);
    expect(c.healthMessage).toBe(c.category?.healthMessage ?? null);
  });

  it('gives each pollutant with a sub-index its own category', () => {
    const c = classify(310, { pm25: 310, pm10: 160, o3: 51, no2: 0, so2: null }, 'pm25');
    expect(c.pollutants).toEqual({ pm25: 'hazardous', pm10: 'unhealthy', o3: 'moderate', no2: 'good' });
    expect(AQI_POLLUTANTS).not.toContain('neph');
  });

  it('rejects a negative sub-index', () => {
    expect(() => classify(10, { pm10: -3 }, null)).toThrow(InvalidAqiError);
  });
});
