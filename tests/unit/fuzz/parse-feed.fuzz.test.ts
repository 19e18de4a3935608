/**
 * Property: whatever a WAQI response holds, parseFeed answers with a reading that passes
 * the column checks of `readings`, or a reject whose reason is one of REJECT_REASONS.
 * It never throws. numRuns are bounded to keep the unit suite fast on 2 cores.
 */
import fc from 'fast-check';
import { parseFeed } from '../../../tasks/waqi/parse-feed';
import { REJECT_REASONS, type FeedResult, type Reading } from '../../../tasks/waqi/types';
import { anyJson, bodyText, envelope, fetchedAt, httpStatus, mutatedFeed } from './waqi-payloads';

const REASONS = new Set<string>(REJECT_REASONS);
const RUNS = { numRuns: 400, seed: 4242 };

function parsedBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const finiteOrNull = (v: number | null) => v === null || Number.isFinite(v);

/** What the `readings` table and the Avro schema require of a reading. */
function readingIsWellFormed(r: Reading): boolean {
  const numbers = [r.lat, r.lon, r.pm25, r.pm10, r.o3, r.no2, r.so2, r.co, r.neph, r.temperatureC, r.humidityPct, r.pressureHpa, r.windMs, r.windGustMs, r.dewC];
  return (
    Number.isInteger(r.stationId) && r.stationId !== 0 && Math.abs(r.stationId) <= 2_147_483_647 &&
    !Number.isNaN(r.observedAt.getTime()) &&
    r.stationName.trim() !== '' &&
    /^[+-]\d{2}:\d{2}$/.test(r.sourceTz) &&
    (r.aqi === null || (Number.isInteger(r.aqi) && r.aqi >= 0 && r.aqi <= 999)) &&
    numbers.every(finiteOrNull) &&
    Array.isArray(r.attributions)
  );
}

function holds(result: FeedResult): boolean {
  if (result.ok) return readingIsWellFormed(result.reading);
  return REASONS.has(result.reject.reason) && typeof result.reject.detail === 'string';
}

describe('parseFeed never throws and always answers a reading or a known reject', () => {
  it('on mutated valid feeds', () => {
    fc.assert(fc.property(mutatedFeed, fetchedAt, (body, at) => holds(parseFeed({ httpStatus: 200, body }, at))), RUNS);
  });

  it('on arbitrary envelopes and random JSON', () => {
    fc.assert(fc.property(fc.oneof(envelope, anyJson), httpStatus, fetchedAt, (body, status, at) => holds(parseFeed({ httpStatus: status, body }, at))), RUNS);
  });

  it('on stored body texts that may not be JSON at all (HTML, truncated, random bytes)', () => {
    fc.assert(
      fc.property(bodyText, httpStatus, fc.option(fc.string({ maxLength: 30 })), fetchedAt, (text, status, transportError, at) =>
        holds(parseFeed({ httpStatus: status, body: parsedBody(text), transportError }, at)),
      ),
      RUNS,
    );
  });

  it('rejects a non-JSON 200 body as body_not_json, whatever the bytes', () => {
    const notJson = bodyText.filter((t) => parsedBody(t) === undefined);
    fc.assert(
      fc.property(notJson, (text) => {
        const r = parseFeed({ httpStatus: 200, body: parsedBody(text) }, new Date());
        return !r.ok && r.reject.reason === 'body_not_json';
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('gives the same answer twice for the same input (stage reruns depend on it)', () => {
    fc.assert(
      fc.property(mutatedFeed, fetchedAt, (body, at) => {
        const a = parseFeed({ httpStatus: 200, body }, at);
        const b = parseFeed({ httpStatus: 200, body: JSON.parse(JSON.stringify(body)) as unknown }, at);
        return JSON.stringify(a) === JSON.stringify(b);
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});

describe('the generators are not vacuous', () => {
  it('mutated feeds reach readings and at least ten different reject reasons', () => {
    const seen = new Set<string>();
    for (const [body, at] of fc.sample(fc.tuple(mutatedFeed, fetchedAt), { numRuns: 400, seed: 4242 })) {
      const r = parseFeed({ httpStatus: 200, body }, at);
      seen.add(r.ok ? 'reading' : r.reject.reason);
    }
    expect(seen.has('reading')).toBe(true);
    expect(seen.size).toBeGreaterThanOrEqual(11);
  });
});
