import { withInterval } from '../../../tasks/config/flags';
import { loadConfig } from '../../../tasks/config/load';
import { ConfigError } from '../../../tasks/core/errors';

const flags = withInterval({});

function problemsOf(given: Record<string, string>): string[] {
  try {
    loadConfig(flags, given, {});
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('--interval-start / --interval-end', () => {
  it('parses two instants with offsets', () => {
    const { flags: f } = loadConfig(flags, { intervalStart: '2026-03-01T10:00:00+01:00', intervalEnd: '2026-03-01T10:00:00Z' }, {});
    expect(f.intervalStart.toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(f.intervalEnd.toISOString()).toBe('2026-03-01T10:00:00.000Z');
  });

  it.each([
    ['the start', { intervalStart: '2026-03-01T10:00:00', intervalEnd: '2026-03-01T11:00:00Z' }, '--interval-start: '],
    ['the end', { intervalStart: '2026-03-01T10:00:00Z', intervalEnd: '2026-03-01T11:00:00' }, '--interval-end: '],
  ])('refuses %s without its offset as a configuration error naming the flag', (_label, given, prefix) => {
    const problems = problemsOf(given);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(prefix)).toBe(true);
  });

  it('refuses an end that is not after the start', () => {
    expect(problemsOf({ intervalStart: '2026-03-01T11:00:00Z', intervalEnd: '2026-03-01T10:00:00Z' })).toEqual([
      '--interval-end: must be after --interval-start',
    ]);
  });
});
