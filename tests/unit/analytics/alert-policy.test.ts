import { policyFromRules } from '../../../tasks/alerts/policy';
import { ConfigError } from '../../../tasks/core/errors';

describe('policyFromRules', () => {
  test('the defaults: Unhealthy opens, Hazardous escalates, back to Moderate closes', () => {
    expect(policyFromRules({ openCategory: 'unhealthy', severeCategory: 'hazardous', closeBelowAqi: 101, closeAfterReadings: 3 })).toEqual({
      levels: [{ name: 'unhealthy', minAqi: 151 }, { name: 'hazardous', minAqi: 301 }],
      closeBelowAqi: 101,
      closeAfterReadings: 3,
    });
  });

  test.each([
    [{ openCategory: 'hazardous', severeCategory: 'unhealthy', closeBelowAqi: 101 }, /must be worse/],
    [{ openCategory: 'unhealthy', severeCategory: 'hazardous', closeBelowAqi: 152 }, /must not exceed 151/],
    [{ openCategory: 'very_unhealthy', severeCategory: 'unhealthy', closeBelowAqi: 300 }, /worse[\s\S]*must not exceed 201/],
  ] as const)('rejects %j', (rules, message) => {
    const build = () => policyFromRules({ ...rules, closeAfterReadings: 1 });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(message);
  });

  test('a closing threshold equal to the opening one is allowed (hysteresis by count only)', () => {
    expect(policyFromRules({ openCategory: 'unhealthy', severeCategory: 'hazardous', closeBelowAqi: 151, closeAfterReadings: 2 }).closeBelowAqi).toBe(151);
  });
});
