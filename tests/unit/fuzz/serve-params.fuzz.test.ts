/**
 * Property: every query string a client can send to a dashboard route is either a
 * validated query or a refusal with a short, non-empty reason (the 400 of queryOf);
 * parseParams never throws, and a refusal never echoes an unbounded amount of input.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import {
  alertsExportParams, alertsParams, categoriesParams, latestParams, noParams, parseParams, readingsExportParams,
  trendsParams, windowsExportParams,
} from '../../../tasks/serve/params';

const SCHEMAS: [string, z.ZodType][] = [
  ['categories', categoriesParams], ['latest', latestParams], ['trends', trendsParams], ['alerts', alertsParams],
  ['readingsExport', readingsExportParams], ['windowsExport', windowsExportParams], ['alertsExport', alertsExportParams],
  ['none', noParams],
];

const KNOWN_KEYS = ['day', 'hour', 'groupBy', 'country', 'category', 'scope', 'id', 'grain', 'pollutant', 'from', 'to', 'status', 'station', 'limit', 'city'];

/** Values near the valid ones (dates, instants, enums, numbers) and far from them. */
const value = fc.oneof(
  fc.constantFrom('2026-11-23', '2026-02-30', '0000-00-00', '9999-12-31', '2026-11-23T00:00:00Z', '2026-11-23T00:00:00+14:00',
    '2026-13-01T00:00:00Z', '1970-01-01T00:00:00Z', 'country', 'city', 'station', 'hour', 'day', 'open', 'all', 'aqi', 'pm25',
    'hazardous', '-1', '0', '23', '24', '1.5', '1e3', '1e309', 'NaN', 'Infinity', '0x10', ' 7 ', '', '%00', '<script>', "' OR 1=1 --"),
  fc.integer().map(String),
  fc.double().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ minLength: 200, maxLength: 2000 }),
);

const key = fc.oneof(fc.constantFrom(...KNOWN_KEYS), fc.constantFrom(...KNOWN_KEYS), fc.string({ maxLength: 300 }));

/** A query string built from pairs (repeats allowed), or raw text that URLSearchParams must cope with. */
const query: fc.Arbitrary<URLSearchParams> = fc.oneof(
  fc.array(fc.tuple(key, value), { maxLength: 8 }).map((pairs) => new URLSearchParams(pairs)),
  fc.string({ maxLength: 200 }).map((raw) => new URLSearchParams(raw)),
  fc.string({ unit: 'binary', maxLength: 200 }).map((raw) => new URLSearchParams(raw)),
);

describe('parseParams over generated query strings', () => {
  it.each(SCHEMAS)('%s: a validated query or a bounded reason, never a throw', (_name, schema) => {
    fc.assert(
      fc.property(query, (q) => {
        const r = parseParams(schema, q);
        if (r.ok) return typeof r.value === 'object' && r.value !== null;
        // Each problem quotes at most 40 characters of a name; values are never echoed whole.
        const longestInput = Math.max(0, ...[...q.values()].map((v) => v.length));
        return r.reason.length > 0 && (longestInput < 300 || !r.reason.includes([...q.values()].find((v) => v.length === longestInput) ?? ''));
      }),
      { numRuns: 250, seed: 2026 },
    );
  });

  it('accepted instants are real dates and accepted ranges run forwards', () => {
    const ranged = fc.record({ from: value, to: value, scope: fc.constantFrom('station', 'city'), id: fc.constantFrom('paris', '1') });
    fc.assert(
      fc.property(ranged, (p) => {
        const r = parseParams(trendsParams, new URLSearchParams(p));
        if (!r.ok) return r.reason.length > 0;
        return !Number.isNaN(r.value.from.getTime()) && r.value.from.getTime() < r.value.to.getTime();
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
