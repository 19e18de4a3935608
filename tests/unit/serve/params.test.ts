import {
  alertsParams, categoriesParams, latestParams, noParams, parseParams, readingsExportParams, trendsParams,
  windowsExportParams,
} from '../../../tasks/serve/params';

const q = (s: string) => new URLSearchParams(s);

describe('parseParams accepts valid queries with defaults', () => {
  test.each([
    ['categories, day only', categoriesParams, 'day=2026-11-23', { day: '2026-11-23', groupBy: 'country' }],
    ['categories, hour and city', categoriesParams, 'day=2026-11-23&hour=7&groupBy=city&country=france',
      { day: '2026-11-23', hour: 7, groupBy: 'city', country: 'france' }],
    ['latest, no filter', latestParams, '', {}],
    ['latest, category', latestParams, 'category=hazardous', { category: 'hazardous' }],
    ['alerts defaults', alertsParams, '', { status: 'all', limit: 100 }],
    ['alerts open, negative station id', alertsParams, 'status=open&station=-104161&limit=5',
      { status: 'open', station: -104161, limit: 5 }],
  ])('%s', (_name, schema, query, expected) => {
    expect(parseParams(schema, q(query))).toEqual({ ok: true, value: expected });
  });

  test('instants become Dates and defaults apply', () => {
    const r = parseParams(trendsParams, q('scope=city&id=paris&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00%2B01:00'));
    expect(r).toEqual({
      ok: true,
      value: {
        scope: 'city', id: 'paris', grain: 'hour', pollutant: 'aqi',
        from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-01T23:00:00Z'),
      },
    });
  });
});

describe('parseParams refuses bad input with a reason', () => {
  test.each([
    ['missing day', categoriesParams, '', 'day: required'],
    ['day not a date', categoriesParams, 'day=yesterday', 'day: expected a date YYYY-MM-DD'],
    ['day not in the calendar', categoriesParams, 'day=2026-02-30', 'day: not a calendar date'],
    ['hour out of range', categoriesParams, 'day=2026-11-23&hour=24', 'hour: must be at most 23'],
    ['hour not an integer', categoriesParams, 'day=2026-11-23&hour=1.5', 'hour:'],
    ['unknown groupBy', categoriesParams, 'day=2026-11-23&groupBy=planet', 'groupBy:'],
    ['typo in a name', latestParams, 'contry=FR', 'unknown parameter contry'],
    ['repeated parameter', latestParams, 'country=FR&country=DE', 'country: given 2 times'],
    ['unknown category', latestParams, 'category=purple', 'category:'],
    ['empty text', latestParams, 'country=', 'country:'],
    ['limit too large', alertsParams, 'limit=100000', 'limit:'],
    ['station not a number', alertsParams, 'station=abc', 'station: expected an integer from -2147483648 to 2147483647, e.g. 1451'],
    ['an empty hour is no midnight', categoriesParams, 'day=2026-11-23&hour=', 'hour: expected an integer from 0 to 23, e.g. 14'],
    ['a word for an hour', categoriesParams, 'day=2026-11-23&hour=noon', 'hour: expected an integer from 0 to 23'],
    ['limit zero', alertsParams, 'limit=0', 'limit: must be at least 1'],
    ['station beyond int32', alertsParams, 'station=99999999999', 'station:'],
    ['from after to', readingsExportParams, 'from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'to: must be after from'],
    ['range over a year', readingsExportParams, 'from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to: range longer than 366 days'],
    ['instant without offset', readingsExportParams, 'from=2026-11-01T00:00:00&to=2026-11-02T00:00:00Z', 'from:'],
    ['windows without grain', windowsExportParams, 'from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z', 'grain: '],
    ['unknown pollutant', trendsParams, 'scope=city&id=x&pollutant=uranium&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z', 'pollutant:'],
    ['any parameter where none are taken', noParams, 'x=1', 'unknown parameter x'],
  ])('%s', (_name, schema, query, reasonPart) => {
    const r = parseParams(schema, q(query));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reasonPart);
  });

  test('a long unknown name is echoed cut short', () => {
    const r = parseParams(latestParams, q(`${'x'.repeat(500)}=1`));
    expect(r).toEqual({ ok: false, reason: `unknown parameter ${'x'.repeat(40)}…` });
  });

  test('every problem is reported at once', () => {
    const r = parseParams(categoriesParams, q('hour=99&groupBy=x&foo=1'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      for (const part of ['day: required', 'hour:', 'groupBy:', 'unknown parameter foo']) expect(r.reason).toContain(part);
    }
  });
});
