import { localToUtc, normaliseOffset, observationTime } from '../../../tasks/waqi/parse-time';

describe('normaliseOffset', () => {
  it.each([
    ['+02:00', '+02:00'], ['+0200', '+02:00'], ['+02', '+02:00'], ['Z', '+00:00'], ['-03:30', '-03:30'],
    ['+05:45', '+05:45'], ['+14:00', '+14:00'], ['-12:00', '-12:00'],
    ['+15:00', null], ['-13:00', null], ['+02:75', null], ['CET', null], ['', null],
  ])('%s -> %s', (text, expected) => expect(normaliseOffset(text)).toBe(expected));
});

describe('localToUtc', () => {
  it.each([
    ['2023-08-07 17:00:00', '+02:00', '2023-08-07T15:00:00.000Z'],
    ['2023-08-07T17:00', '+02:00', '2023-08-07T15:00:00.000Z'],
    ['2023-12-31 23:30:00', '-05:00', '2024-01-01T04:30:00.000Z'],
    ['2024-02-29 00:00:00', '+00:00', '2024-02-29T00:00:00.000Z'],
  ])('%s %s -> %s', (local, offset, iso) => expect(localToUtc(local, offset)?.toISOString()).toBe(iso));

  it.each([['2023-02-29 00:00:00'], ['2023-13-01 00:00:00'], ['2023-08-07 24:00:00'], ['07/08/2023 17:00']])('%s is not a date', (local) =>
    expect(localToUtc(local, '+00:00')).toBeNull(),
  );
});

describe('observationTime never reads time.v', () => {
  it.each([
    [{ s: '2023-08-07 17:00:00', tz: '+02:00', v: 1691427600, iso: '2023-08-07T17:00:00+02:00' }, '2023-08-07T15:00:00.000Z', '+02:00'],
    [{ s: '2023-08-07 17:00:00', tz: '+02:00', v: 1691427600 }, '2023-08-07T15:00:00.000Z', '+02:00'],
    [{ iso: '2023-08-07T17:00:00Z' }, '2023-08-07T17:00:00.000Z', '+00:00'],
    [{ iso: '2023-08-07T17:00:00.000+09:00', tz: '+09:00' }, '2023-08-07T08:00:00.000Z', '+09:00'],
  ])('%j -> %s (%s)', (time, iso, tz) => {
    const r = observationTime(time);
    expect(r).toEqual({ ok: true, observedAt: new Date(iso), sourceTz: tz });
  });

  it.each([
    [undefined, 'time_missing'], [null, 'time_missing'], ['2023-08-07', 'time_missing'], [{ v: 1691427600 }, 'time_missing'],
    [{ s: '2023-08-07 17:00:00' }, 'time_invalid'], [{ s: '2023-08-07 17:00:00', tz: 'CET' }, 'time_invalid'],
    [{ s: 'soon', tz: '+01:00' }, 'time_invalid'], [{ iso: 'not a time' }, 'time_invalid'],
  ])('%j -> %s', (time, reason) => expect(observationTime(time)).toMatchObject({ ok: false, reason }));
});
