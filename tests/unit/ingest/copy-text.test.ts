import { copyField, copyLine, readingFields } from '../../../tasks/postgres/copy-text';
import type { Reading } from '../../../tasks/waqi/types';
import { BODY_TEXT_LIMIT, storableBody } from '../../../tasks/postgres/raw-store';

describe('COPY text encoding', () => {
  it.each([
    [null, '\\N'], [undefined, '\\N'], [12.5, '12.5'], [-3, '-3'], [true, 't'], [false, 'f'],
    [new Date('2025-01-01T00:00:00Z'), '2025-01-01T00:00:00.000Z'],
    ['a\tb\nc\\d\re', 'a\\tb\\nc\\\\d\\re'], ['nul\u0000here', 'nul\ufffdhere'], ['\\N', '\\\\N'],
  ])('%j -> %j', (value, encoded) => expect(copyField(value)).toBe(encoded));

  it('refuses non-finite numbers rather than writing garbage', () => expect(() => copyField(Number.NaN)).toThrow());
  it('joins a line with tabs', () => expect(copyLine([1, 'x', null])).toBe('1\tx\t\\N\n'));
});

describe('readingFields', () => {
  /** The generic encoding that readingFields spells out field by field. */
  const generic = (r: Reading) =>
    [
      r.stationId, r.observedAt, r.stationName, r.stationUrl, r.city, r.country, r.lat, r.lon, r.sourceTz, r.aqi,
      r.dominantPollutant, r.pm25, r.pm10, r.o3, r.no2, r.so2, r.co, r.neph, r.temperatureC, r.humidityPct,
      r.pressureHpa, r.windMs, r.windGustMs, r.dewC, JSON.stringify(r.attributions),
    ].map(copyField).join('\t');

  // A small deterministic generator: nulls, odd numbers and text that needs escaping.
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const num = () => pick([null, 0, -0, 1.5, -12.25, 999, 1e-7, 123456789.125, next() * 1000, -next() * 90]);
  const text = () => pick([null, '', 'Beijing', 'tab\there', 'line\nbreak', 'back\\slash', '\\N', 'nul\u0000', 'São Paulo']);
  const reading = (): Reading => ({
    stationId: pick([1, -5, 2_147_483_647]), observedAt: new Date(1_700_000_000_000 + Math.floor(next() * 1e9)),
    stationName: text() ?? 'x', stationUrl: text(), city: text(), country: text(), lat: num(), lon: num(), sourceTz: '+05:30',
    aqi: pick([null, 0, 57, 999]), dominantPollutant: text(), pm25: num(), pm10: num(), o3: num(), no2: num(), so2: num(),
    co: num(), neph: num(), temperatureC: num(), humidityPct: num(), pressureHpa: num(), windMs: num(), windGustMs: num(),
    dewC: num(), attributions: pick([[], [{ name: 'EPA', url: 'https://epa.gov/' }], [{ name: 'tab\tand "quote"' }]]),
  });

  it('equals copyField over every column, on 2,000 generated readings', () => {
    for (let i = 0; i < 2000; i += 1) {
      const r = reading();
      expect(readingFields(r)).toBe(generic(r));
    }
  });

  it('refuses a non-finite number like copyField', () => expect(() => readingFields({ ...reading(), pm25: Number.POSITIVE_INFINITY })).toThrow());
});

describe('storableBody', () => {
  it.each([
    ['{"a":1}', true, { body: '{"a":1}', bodyText: null }],
    ['{"a":"\\u0000"}', true, { body: null, bodyText: '{"a":"\\u0000"}' }],
    ['{"a":"\\ud800"}', true, { body: null, bodyText: '{"a":"\\ud800"}' }],
    ['<html>\u0000</html>', false, { body: null, bodyText: '<html>\ufffd</html>' }],
  ])('%j', (text, isJson, expected) => expect(storableBody(text, isJson)).toEqual(expected));

  it('redacts a token that a proxy page echoes, keeping JSON valid', () => {
    expect(storableBody('<a href="/feed/@1/?token=s3cret">retry</a>', false).bodyText).toBe('<a href="/feed/@1/?token=REDACTED">retry</a>');
    expect(storableBody('{"url":"/feed/?token=s3cret"}', true)).toEqual({ body: '{"url":"/feed/?token=REDACTED"}', bodyText: null });
    // Redaction that breaks the JSON (an escaped quote after the token) keeps the text instead.
    expect(storableBody('{"url":"?token=ab\\"x"}', true)).toEqual({ body: null, bodyText: '{"url":"?token=REDACTED"x"}' });
  });

  it('truncates a long non-JSON body', () => expect(storableBody('x'.repeat(BODY_TEXT_LIMIT + 10), false).bodyText).toHaveLength(BODY_TEXT_LIMIT));
  it('no body stores nothing', () => expect(storableBody(null, false)).toEqual({ body: null, bodyText: null }));
});
