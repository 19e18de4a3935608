import { parseFeed } from '../../../tasks/waqi/parse-feed';
import type { RejectReason } from '../../../tasks/waqi/types';
import { FETCHED_AT, feedWith, UTRECHT } from './fixtures/feeds';

const ok = (body: unknown) => parseFeed({ httpStatus: 200, body }, FETCHED_AT);

describe('parseFeed: the reference example', () => {
  it('takes the instant from time.iso, not time.v, and keeps every field', () => {
    const result = ok(UTRECHT);
    if (!result.ok) throw new Error(`rejected: ${result.reject.reason}`);
    expect(result.reading).toEqual({
      stationId: 4584,
      observedAt: new Date('2023-08-07T15:00:00Z'),
      stationName: 'de Jongweg, Utrecht',
      stationUrl: 'https://aqicn.org/city/netherland/utrecht/de-jongweg',
      city: 'utrecht',
      country: 'netherland',
      lat: 52.105031,
      lon: 5.124464,
      sourceTz: '+02:00',
      aqi: 29,
      dominantPollutant: 'o3',
      pm25: 17, pm10: 12, o3: 29.4, no2: 2.3, so2: null, co: null, neph: null,
      temperatureC: 16, humidityPct: 80, pressureHpa: 1008.8, windMs: 1.4, windGustMs: 2.4, dewC: null,
      attributions: UTRECHT.data.attributions,
    });
  });
});

describe('parseFeed: oddities that become readings', () => {
  const cases: [string, (d: Record<string, unknown>) => void, Record<string, unknown>][] = [
    ['aqi "-" -> a reading with a null aqi', (d) => (d.aqi = '-'), { aqi: null }],
    ['aqi " - " (padded) -> a null aqi', (d) => (d.aqi = ' - '), { aqi: null }],
    ['aqi "" -> a null aqi', (d) => (d.aqi = ''), { aqi: null }],
    ['aqi as a numeric string', (d) => (d.aqi = '97'), { aqi: 97 }],
    ['missing iso -> time.s + time.tz', (d) => delete (d.time as Record<string, unknown>).iso, { observedAt: new Date('2023-08-07T15:00:00Z'), sourceTz: '+02:00' }],
    ['time.v that lies is ignored', (d) => ((d.time as Record<string, unknown>).v = 1), { observedAt: new Date('2023-08-07T15:00:00Z') }],
    ['negative station id', (d) => (d.idx = -104161), { stationId: -104161 }],
    ['empty dominentpol -> null', (d) => (d.dominentpol = ''), { dominantPollutant: null }],
    ['dominentpol neph', (d) => (d.dominentpol = 'neph'), { dominantPollutant: 'neph' }],
    ['missing iaqi keys -> nulls', (d) => (d.iaqi = { pm25: { v: 17 } }), { pm10: null, o3: null, temperatureC: null }],
    ['no iaqi at all', (d) => delete d.iaqi, { pm25: null, humidityPct: null }],
    ['iaqi value "-" -> null', (d) => (d.iaqi = { pm25: { v: '-' } }), { pm25: null }],
    ['missing geo -> null coordinates', (d) => delete (d.city as Record<string, unknown>).geo, { lat: null, lon: null }],
    ['no URL -> place from the name', (d) => ((d.city as Record<string, unknown>) = { name: 'Yanggu-eup, Gangwon, South Korea', geo: [38.1, 127.9] }), { city: 'gangwon', country: 'south korea', stationUrl: null }],
    ['tz without colon', (d) => { const t = d.time as Record<string, unknown>; delete t.iso; t.tz = '-0330'; t.s = '2023-08-07 10:00:00'; }, { observedAt: new Date('2023-08-07T13:30:00Z'), sourceTz: '-03:30' }],
    ['iso without tz field -> tz from the iso offset', (d) => { const t = d.time as Record<string, unknown>; delete t.tz; t.iso = '2023-08-07T17:00:00+05:45'; }, { observedAt: new Date('2023-08-07T11:15:00Z'), sourceTz: '+05:45' }],
    ['unreadable iso falls back to s + tz', (d) => ((d.time as Record<string, unknown>).iso = 'yesterday'), { observedAt: new Date('2023-08-07T15:00:00Z') }],
    ['attributions that are not a list -> []', (d) => (d.attributions = 'WAQI'), { attributions: [] }],
  ];
  it.each(cases)('%s', (_name, edit, expected) => {
    const result = ok(feedWith(edit));
    if (!result.ok) throw new Error(`rejected: ${result.reject.reason} ${result.reject.detail}`);
    expect(result.reading).toMatchObject(expected);
  });
});

describe('parseFeed: a bad weather value is dropped and noted, the reading kept', () => {
  it.each([
    ['humidity above 100', { h: { v: 140 } }, { humidityPct: null }, ['iaqi.h 140 is outside [0, 100]: stored as null']],
    ['pressure of 0', { p: { v: 0 } }, { pressureHpa: null }, ['iaqi.p 0 is outside [300, 1100]: stored as null']],
    ['temperature not a number', { t: { v: 'n/a' } }, { temperatureC: null }, ['iaqi.t "n/a" is not a number: stored as null']],
    [
      'two at once, the good values kept',
      { pm25: { v: 17 }, t: { v: 16 }, w: { v: -3 }, dew: { v: 75 } },
      { pm25: 17, temperatureC: 16, windMs: null, dewC: null },
      ['iaqi.w -3 is outside [0, 120]: stored as null', 'iaqi.dew 75 is outside [-90, 60]: stored as null'],
    ],
  ])('%s', (_name, iaqi, expected, notes) => {
    const result = ok(feedWith((d) => (d.iaqi = iaqi)));
    if (!result.ok) throw new Error(`rejected: ${result.reject.reason} ${result.reject.detail}`);
    expect(result.reading).toMatchObject({ aqi: 29, ...expected });
    expect(result.notes).toEqual(notes);
  });

  it('a sound reading has no notes', () => {
    const result = ok(UTRECHT);
    expect(result.ok && result.notes).toEqual([]);
  });
});

describe('parseFeed: rejects keep a stable reason', () => {
  const cases: [string, number | null, unknown, RejectReason, string?][] = [
    ['nested Unknown ID inside an ok envelope', 200, { status: 'ok', data: { status: 'error', msg: 'Unknown ID' } }, 'unknown_station'],
    ['Unknown station', 200, { status: 'error', data: 'Unknown station' }, 'unknown_station'],
    ['no such station', 200, { status: 'error', data: 'no such station' }, 'unknown_station'],
    ['Invalid key', 200, { status: 'error', data: 'Invalid key' }, 'invalid_key'],
    ['Over quota', 200, { status: 'error', data: 'Over quota' }, 'over_quota'],
    ['Too Many Requests', 200, { status: 'error', data: 'Too Many Requests' }, 'over_quota'],
    ['Invalid query', 200, { status: 'error', data: 'Invalid query' }, 'invalid_query'],
    ['IP not allowed', 200, { status: 'error', data: 'IP not allowed' }, 'ip_not_allowed'],
    ['Unknown error', 200, { status: 'error', data: 'Unknown error' }, 'waqi_error'],
    ['error data as an object', 200, { status: 'error', data: { message: 'Invalid key' } }, 'invalid_key'],
    ['HTML body (not JSON)', 200, undefined, 'body_not_json'],
    ['HTTP 502', 502, undefined, 'http_error'],
    ['HTTP 429', 429, undefined, 'over_quota'],
    ['HTTP 404 without an envelope', 404, undefined, 'http_error'],
    ['JSON without status', 200, { data: {} }, 'envelope_invalid'],
    ['ok without data', 200, { status: 'ok' }, 'envelope_invalid'],
    ['data is a string', 200, { status: 'ok', data: 'hello' }, 'envelope_invalid'],
    ['non-numeric aqi', 200, feedWith((d) => (d.aqi = 'N/A')), 'aqi_not_numeric'],
    ['empty-object aqi', 200, feedWith((d) => (d.aqi = {})), 'aqi_not_numeric'],
    ['missing aqi', 200, feedWith((d) => delete d.aqi), 'aqi_missing'],
    ['negative aqi', 200, feedWith((d) => (d.aqi = -5)), 'aqi_out_of_range'],
    ['aqi above 999', 200, feedWith((d) => (d.aqi = 1200)), 'aqi_out_of_range'],
    ['no time at all', 200, feedWith((d) => delete d.time), 'time_missing'],
    ['time with only v', 200, feedWith((d) => (d.time = { v: 1691427600 })), 'time_missing'],
    ['time.s without tz', 200, feedWith((d) => (d.time = { s: '2023-08-07 17:00:00' })), 'time_invalid'],
    ['impossible date', 200, feedWith((d) => (d.time = { s: '2023-02-30 17:00:00', tz: '+02:00' })), 'time_invalid'],
    ['observation far in the future', 200, feedWith((d) => (d.time = { iso: '2023-08-09T17:00:00+02:00' })), 'time_in_future'],
    ['geo out of range', 200, feedWith((d) => ((d.city as Record<string, unknown>).geo = [152.1, 5.1])), 'geo_invalid'],
    ['geo not numeric', 200, feedWith((d) => ((d.city as Record<string, unknown>).geo = ['north', 5.1])), 'geo_invalid'],
    ['no station name', 200, feedWith((d) => delete (d.city as Record<string, unknown>).name), 'station_name_missing'],
    ['idx zero', 200, feedWith((d) => (d.idx = 0)), 'station_id_invalid'],
    ['idx fractional', 200, feedWith((d) => (d.idx = 12.5)), 'station_id_invalid'],
    ['pollutant not numeric', 200, feedWith((d) => (d.iaqi = { pm25: { v: 'high' } })), 'iaqi_not_numeric'],
    ['pollutant negative', 200, feedWith((d) => (d.iaqi = { pm25: { v: -3 } })), 'iaqi_out_of_range'],
  ];
  it.each(cases)('%s -> %s', (_name, status, body, reason) => {
    const result = parseFeed({ httpStatus: status, body }, new Date('2023-08-07T15:20:00Z'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reject.reason).toBe(reason);
      expect(result.reject.detail.length).toBeGreaterThan(0);
    }
  });

  it('a transport error is a reject', () => {
    const result = parseFeed({ httpStatus: null, body: undefined, transportError: 'UND_ERR_CONNECT_TIMEOUT: timeout' }, FETCHED_AT);
    expect(result).toEqual({ ok: false, reject: { reason: 'transport_error', detail: 'UND_ERR_CONNECT_TIMEOUT: timeout' } });
  });
});
