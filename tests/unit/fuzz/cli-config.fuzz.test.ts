/**
 * Property: whatever flags and environment a user gives a step (empty, huge, unicode,
 * SQL-ish, negative, non-numeric, a date without its offset), validation either accepts
 * them or refuses them with a ConfigError (exit 64) whose problems each name the input;
 * it never throws anything else (the UNEXPECTED_ errors of a crash) before work starts.
 */
import fc from 'fast-check';
import { classifyFlags } from '../../../tasks/commands/classify';
import { fetchFlags } from '../../../tasks/commands/fetch';
import { ConfigError } from '../../../tasks/core/errors';
import { loadConfig } from '../../../tasks/config/load';
import { ENV_NAMES } from '../../../tasks/config/sections';
import { queryFlags } from '../../../tasks/query/filters';

const hostile = fc.oneof(
  fc.constantFrom('', ' ', '0', '-1', '1.5', '1e309', 'NaN', 'yesterday', '2026-12-06T20:00:00', '2026-02-30T00:00:00Z',
    '2026-12-06T20:00:00Z', '2026-12-06T21:00:00+01:00', 'geo:999;999', '@0', '1451,beijing', ' , ,', "x'; DROP TABLE readings;--",
    '$HOME', '-90,-180,90,180', '91,0,1,1', 'true', 'postgres://aqi@127.0.0.1:1/aqi', '127.0.0.1:19092', 'ünïcødé 北京', '\u0000'),
  fc.integer().map(String),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ minLength: 500, maxLength: 3000 }),
);

const ENV_KEYS = Object.values(ENV_NAMES).flatMap((names) => Object.values(names as Record<string, string>));

const env = fc.dictionary(fc.constantFrom(...ENV_KEYS), hostile, { maxKeys: 6 });

function refusesCleanly(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(/^(--[a-z-]+|[A-Z][A-Z0-9_]+)\b/);
  }
}

describe('CLI configuration under hostile input', () => {
  it('fetch: flags and environment', () => {
    const flags = fc.record({
      intervalStart: hostile, intervalEnd: hostile, runId: hostile,
      stations: fc.option(hostile, { nil: undefined }), bounds: fc.option(hostile, { nil: undefined }),
    }, { requiredKeys: ['intervalStart', 'intervalEnd', 'runId'] });
    fc.assert(fc.property(flags, env, (f, e) => refusesCleanly(() => loadConfig(fetchFlags, f, e))), { numRuns: 400, seed: 20261207 });
  });

  it('classify: numbers as text', () => {
    const flags = fc.record({ group: hostile, maxWaitMs: hostile, pollMs: hostile, fetchBytes: hostile, chunkSize: hostile }, { requiredKeys: [] });
    fc.assert(fc.property(flags, env, (f, e) => refusesCleanly(() => loadConfig(classifyFlags, f, e))), { numRuns: 300, seed: 20261208 });
  });

  it('query: filters', () => {
    const flags = fc.record({ station: hostile, city: hostile, country: hostile, from: hostile, to: hostile, category: hostile, limit: hostile, granularity: hostile }, { requiredKeys: [] });
    fc.assert(fc.property(flags, env, (f, e) => refusesCleanly(() => loadConfig(queryFlags, f, e))), { numRuns: 300, seed: 20261209 });
  });
});
