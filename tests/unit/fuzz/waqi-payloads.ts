/**
 * fast-check generators of WAQI feed responses: the valid shape, the same shape with one
 * field mutated or removed, wrong types, huge numbers, "-" and numeric strings, random
 * JSON, and bodies that are not JSON at all (HTML pages, truncated text, random bytes).
 */
import fc from 'fast-check';
import { UTRECHT } from '../ingest/fixtures/feeds';

type Json = Record<string, unknown>;

/** Values that a real WAQI field, or a broken proxy, might put where a number belongs. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('-', '', ' ', 'NaN', 'Infinity', '1e400', '0x1F', '12abc', null, true, [], {}, { v: '-' }),
  fc.double(), // includes NaN, ±Infinity, -0
  fc.integer(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1),
  fc.string({ maxLength: 12 }),
  fc.double({ noNaN: true }).map(String),
  fc.jsonValue({ maxDepth: 2 }),
);

const PATHS = [
  ['aqi'], ['idx'], ['city'], ['city', 'name'], ['city', 'geo'], ['city', 'url'], ['time'], ['time', 's'],
  ['time', 'tz'], ['time', 'iso'], ['time', 'v'], ['iaqi'], ['iaqi', 'pm25'], ['iaqi', 'pm25', 'v'], ['iaqi', 't', 'v'],
  ['iaqi', 'h', 'v'], ['iaqi', 'p', 'v'], ['dominentpol'], ['attributions'], ['forecast'],
] as const;

function setPath(root: Json, path: readonly string[], value: unknown, remove: boolean): void {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Json)[key];
  }
  if (typeof node !== 'object' || node === null) return;
  const last = path[path.length - 1] as string;
  if (remove) delete (node as Json)[last];
  else (node as Json)[last] = value;
}

/** The Utrecht fixture with 1..4 fields replaced by odd values or removed. */
export const mutatedFeed: fc.Arbitrary<unknown> = fc
  .array(fc.record({ path: fc.constantFrom(...PATHS), value: oddValue, remove: fc.boolean() }), { minLength: 1, maxLength: 4 })
  .map((edits) => {
    const body = JSON.parse(JSON.stringify(UTRECHT)) as { data: Json };
    for (const e of edits) setPath(body.data, e.path, e.value, e.remove);
    return body;
  });

/** Envelopes: ok with anything as data, WAQI error texts, an unknown station inside "ok". */
export const envelope: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ status: fc.constantFrom('ok', 'error', 'OK', '', 'nug'), data: fc.jsonValue({ maxDepth: 3 }) }),
  fc.constantFrom('Invalid key', 'Over quota', 'Unknown station', 'Invalid query', 'ip not allowed', 'weird').map((m) => ({ status: 'error', data: m })),
  fc.constant({ status: 'ok', data: { status: 'error', msg: 'Unknown ID' } }),
);

export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 4 });

/** A body as stored: JSON text of any of the above, or a text that is not JSON at all. */
export const bodyText: fc.Arbitrary<string> = fc.oneof(
  fc.oneof(mutatedFeed, envelope, anyJson).map((v) => JSON.stringify(v) ?? 'null'),
  mutatedFeed.chain((v) => {
    const s = JSON.stringify(v);
    return fc.nat(s.length).map((n) => s.slice(0, n));
  }),
  fc.constantFrom('<html><body>502 Bad Gateway</body></html>', '<!DOCTYPE html><title>Just a moment...</title>', ''),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
);

export const httpStatus: fc.Arbitrary<number | null> = fc.oneof(
  fc.constant(200),
  fc.constant(200),
  fc.constantFrom(null, 0, 204, 301, 400, 403, 404, 429, 500, 502, 503, 599, 999, -1),
  fc.integer({ min: -1000, max: 1000 }),
);

/** Fetch instants from 1970 to 2100, plus ones a broken clock could report. */
export const fetchedAt: fc.Arbitrary<Date> = fc.oneof(
  fc.constant(new Date('2023-08-07T15:20:00Z')),
  fc.date({ min: new Date(0), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
);
