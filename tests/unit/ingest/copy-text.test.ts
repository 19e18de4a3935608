import { copyField, copyLine } from '../../../tasks/postgres/copy-text';
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
