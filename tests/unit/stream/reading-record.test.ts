import { outboxRow, OUTBOX_COLUMNS } from '../../../tasks/publish/outbox';
import { toAttributions } from '../../../tasks/publish/reading-record';
import { reading } from './fixtures';

describe('toAttributions', () => {
  it.each([
    ['a list of agencies', [{ name: 'RIVM', url: 'http://x', logo: 'a.png' }, { name: 'WAQI' }], [{ name: 'RIVM', url: 'http://x' }, { name: 'WAQI', url: null }]],
    ['entries without a name are dropped', [{ url: 'http://x' }, null, 'text', { name: 7 }], []],
    ['not a list', { name: 'x' }, []],
    ['null', null, []],
  ])('%s', (_name, input, want) => {
    expect(toAttributions(input)).toEqual(want);
  });
});

describe('outboxRow', () => {
  it('maps the outbox query\'s array to the Avro record and the exact key, bigint raw_id as a number', () => {
    const want = reading();
    const values = [
      want.station_id, want.observed_at, '2026-11-23 14:00:00+00', want.station_name, want.station_url, want.city, want.country,
      want.lat, want.lon, want.source_tz, want.aqi, want.dominant_pollutant, want.pm25, want.pm10, want.o3, want.no2, want.so2,
      want.co, want.neph, want.temperature_c, want.humidity_pct, want.pressure_hpa, want.wind_ms, want.wind_gust_ms, want.dew_c,
      want.attributions, String(want.raw_id), want.interval_start, want.interval_end, want.content_hash, want.staged_at,
    ];
    expect(values).toHaveLength(OUTBOX_COLUMNS.length);
    expect(outboxRow(values)).toEqual({ ...want, observed_key: '2026-11-23 14:00:00+00' });
  });

  it('takes each field from the position its column has in the query', () => {
    const row = outboxRow(OUTBOX_COLUMNS.map((_, i) => i)) as unknown as Record<string, unknown>;
    const misplaced = OUTBOX_COLUMNS.filter(([name], i) => name !== 'attributions' && row[name] !== i);
    expect(misplaced).toEqual([]);
    expect(Object.keys(row).sort()).toEqual(OUTBOX_COLUMNS.map(([name]) => name).sort());
  });
});
