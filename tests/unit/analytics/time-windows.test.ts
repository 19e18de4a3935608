import { hourWindowOf, localDateOf, offsetMinutes, utcDatesBetween, utcSpanOf } from '../../../tasks/analytics/time-windows';

describe('offsetMinutes', () => {
  test.each([
    ['+02:00', 120], ['-05:00', -300], ['+05:30', 330], ['-09:30', -570], ['+0545', 345],
    ['+14:00', 840], ['-12:00', -720], ['Z', 0], ['UTC', 0], ['', 0], [' +01:00 ', 60],
    ['+15:00', undefined], ['+02:60', undefined], ['02:00', undefined], ['Europe/Paris', undefined], ['+2', undefined],
  ])('%j -> %j', (tz, expected) => expect(offsetMinutes(tz)).toBe(expected));
});

describe('hourWindowOf (UTC)', () => {
  test.each([
    ['2026-11-23T10:00:00Z', '2026-11-23T10:00Z'],
    ['2026-11-23T10:59:59.999Z', '2026-11-23T10:00Z'],
    ['2026-11-23T11:00:00Z', '2026-11-23T11:00Z'],
    ['2026-11-23T23:30:00+02:00', '2026-11-23T21:00Z'],
    ['2026-12-31T23:59:59Z', '2026-12-31T23:00Z'],
    ['2027-01-01T00:00:00Z', '2027-01-01T00:00Z'],
  ])('%s -> %s', (at, expected) => expect(hourWindowOf(new Date(at))).toBe(expected));
});

describe('localDateOf (the station\'s local date)', () => {
  test.each([
    ['2026-11-23T21:59:59Z', '+02:00', '2026-11-23'],
    ['2026-11-23T22:00:00Z', '+02:00', '2026-11-24'],
    ['2026-11-24T04:59:00Z', '-05:00', '2026-11-23'],
    ['2026-11-24T05:00:00Z', '-05:00', '2026-11-24'],
    ['2026-11-23T18:29:00Z', '+05:30', '2026-11-23'],
    ['2026-11-23T18:30:00Z', '+05:30', '2026-11-24'],
    ['2026-11-23T10:00:00Z', '+14:00', '2026-11-24'],
    ['2026-11-23T10:00:00Z', '-12:00', '2026-11-22'],
    ['2026-12-31T23:00:00Z', '+01:00', '2027-01-01'],
    ['2024-02-28T23:00:00Z', '+01:00', '2024-02-29'],
    ['2026-11-23T23:00:00Z', 'garbage', '2026-11-23'],
    // daylight saving: the same local day seen under two offsets
    ['2026-03-29T00:30:00Z', '+01:00', '2026-03-29'],
    ['2026-03-29T21:30:00Z', '+02:00', '2026-03-29'],
    ['2026-03-29T22:00:00Z', '+02:00', '2026-03-30'],
  ])('%s at %s -> %s', (at, tz, expected) => expect(localDateOf(new Date(at), tz)).toBe(expected));
});

describe('utcSpanOf', () => {
  test('an hour window spans exactly its hour', () => {
    const s = utcSpanOf('hour', '2026-11-23T10:00Z');
    expect([s.from.toISOString(), s.to.toISOString()]).toEqual(['2026-11-23T10:00:00.000Z', '2026-11-23T11:00:00.000Z']);
  });
  test('a local date spans every offset on Earth', () => {
    const s = utcSpanOf('day', '2026-11-23');
    expect([s.from.toISOString(), s.to.toISOString()]).toEqual(['2026-11-22T10:00:00.000Z', '2026-11-24T12:00:00.000Z']);
  });
  test.each([['hour', 'nope'], ['day', '2026-13-45']] as const)('%s %s is rejected', (g, w) => {
    expect(() => utcSpanOf(g, w)).toThrow(RangeError);
  });
});

describe('utcDatesBetween', () => {
  test.each([
    ['2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z', ['2026-11-23']],
    ['2026-11-22T10:00:00Z', '2026-11-24T12:00:00Z', ['2026-11-22', '2026-11-23', '2026-11-24']],
    ['2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z', ['2026-11-23']],
    ['2026-11-23T23:00:00Z', '2026-11-24T00:00:01Z', ['2026-11-23', '2026-11-24']],
  ])('[%s, %s) -> %j', (from, to, expected) => expect(utcDatesBetween(new Date(from), new Date(to))).toEqual(expected));
});
