import { classifyResponse, type ResponseClass } from '../../../tasks/waqi/classify-response';
import { backoffMs, dispositionOf, parseRetryAfter } from '../../../tasks/waqi/retry-policy';

describe('dispositionOf', () => {
  it.each<[ResponseClass, string]>([
    ['ok', 'answer'], ['unknown_station', 'answer'], ['invalid_query', 'answer'], ['http_error', 'answer'], ['envelope_invalid', 'answer'],
    ['transport', 'retry'], ['rate_limited', 'retry'], ['server_error', 'retry'], ['not_json', 'retry'], ['over_quota', 'retry'], ['waqi_error', 'retry'],
    ['invalid_key', 'fatal'], ['ip_not_allowed', 'fatal'],
  ])('%s -> %s', (cls, expected) => expect(dispositionOf(cls)).toBe(expected));
});

describe('classifyResponse and the HTTP status', () => {
  it.each<[number | null, unknown, string | null, ResponseClass]>([
    [200, { status: 'ok', data: { aqi: 1 } }, null, 'ok'],
    [503, { status: 'ok', data: {} }, null, 'server_error'],
    [429, undefined, null, 'rate_limited'],
    [403, { status: 'error', data: 'Invalid key' }, null, 'invalid_key'],
    [404, { status: 'ok', data: {} }, null, 'http_error'],
    [200, undefined, null, 'not_json'],
    [null, undefined, 'ECONNRESET', 'transport'],
    [200, [1, 2], null, 'envelope_invalid'],
    [200, { status: 'weird' }, null, 'envelope_invalid'],
  ])('%s %j %s -> %s', (httpStatus, body, transportError, cls) =>
    expect(classifyResponse({ httpStatus, body, transportError }).cls).toBe(cls),
  );
});

describe('backoffMs: exponential, full jitter, capped', () => {
  const opts = { baseMs: 100, capMs: 1000 };
  it.each([
    [0, 0.5, 50], [1, 0.5, 100], [2, 0.999, 399], [3, 0.5, 400], [10, 0.5, 500], [10, 0, 0], [40, 0.99, 990],
  ])('retry %d with random %d -> %d ms', (retry, random, expected) => expect(backoffMs(retry, opts, random)).toBe(expected));

  it('honours a longer Retry-After, up to the cap', () => {
    expect(backoffMs(0, opts, 0.5, 700)).toBe(700);
    expect(backoffMs(0, opts, 0.5, 5000)).toBe(1000);
    expect(backoffMs(3, opts, 0.9, 10)).toBe(720);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2025-01-01T00:00:00Z');
  it.each([
    ['3', 3000], [' 0 ', 0], ['Wed, 01 Jan 2025 00:00:10 GMT', 10_000], ['Tue, 31 Dec 2024 23:00:00 GMT', 0], ['soon', null], [undefined, null],
  ])('%s -> %s', (header, expected) => expect(parseRetryAfter(header, now)).toBe(expected));
});
