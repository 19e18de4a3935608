import fc from 'fast-check';
import { stationsInBounds } from '../../../tasks/waqi/targets';
import { parseFeed } from '../../../tasks/waqi/parse-feed';
import { feedBody, mapEntry, searchEntry } from '../../../tasks/simulator/responses';
import { generateStation, StationTable } from '../../../tasks/simulator/stations';
import { CITIES } from '../../../tasks/simulator/cities';

const opts = { seed: 7, dashShare: 0.05, unknownShare: 0 };
const HOUR = 3_600_000;

describe('simulated feeds', () => {
  it('every station at every hour parses into a reading whose instant is the observed hour', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 480_000, max: 500_000 }), (i, hour) => {
        const station = generateStation(opts.seed, i);
        const now = hour * HOUR + 1_234_567;
        const result = parseFeed({ httpStatus: 200, body: feedBody(station, now, opts) }, new Date(now));
        if (!result.ok) return false;
        const expected = (hour - station.lagHours) * HOUR;
        return result.reading.observedAt.getTime() === expected && result.reading.stationId === station.uid
          && result.reading.country === station.city.country && result.reading.sourceTz === station.city.offset;
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic in (seed, station, hour)', () => {
    const s = generateStation(3, 42);
    const now = 490_000 * HOUR;
    expect(feedBody(s, now + 1000, { ...opts, seed: 3 })).toEqual(feedBody(s, now + 2_000_000, { ...opts, seed: 3 }));
    expect(feedBody(s, now, { ...opts, seed: 3 })).not.toEqual(feedBody(s, now + 2 * HOUR, { ...opts, seed: 3 }));
  });

  it('shows the documented oddities across a station table', () => {
    const table = new StationTable(1, 3000);
    const now = 490_000 * HOUR;
    const bodies = table.list.map((s) => feedBody(s, now, { seed: 1, dashShare: 0.05, unknownShare: 0.02 }) as { data: Record<string, unknown> });
    const data = bodies.map((b) => b.data);
    expect(data.some((d) => d.aqi === '-')).toBe(true);
    expect(data.some((d) => d.status === 'error' && d.msg === 'Unknown ID')).toBe(true);
    expect(data.some((d) => d.dominentpol === '')).toBe(true);
    expect(data.some((d) => d.dominentpol === 'neph')).toBe(true);
    expect(data.some((d) => typeof d.time === 'object' && d.time !== null && !('iso' in d.time))).toBe(true);
    expect(data.some((d) => typeof d.idx === 'number' && d.idx < 0)).toBe(true);
    expect(new Set(table.list.map((s) => s.uid)).size).toBe(3000);
  });

  it('map and search entries have the documented shapes', () => {
    const s = generateStation(1, 5);
    const now = 490_000 * HOUR;
    const entry = mapEntry(s, now, opts);
    expect(typeof entry.aqi).toBe('string');
    expect(stationsInBounds([entry]).ids).toEqual([s.uid]);
    const found = searchEntry(s, now, opts);
    expect(found.time.vtime * 1000).toBe((490_000 - s.lagHours) * HOUR);
    expect(found.station.url.startsWith('http')).toBe(false);
  });

  it('the city table is plausible', () => {
    expect(CITIES.length).toBeGreaterThanOrEqual(150);
    for (const c of CITIES) {
      expect(Math.abs(c.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(c.lon)).toBeLessThanOrEqual(180);
      expect(c.offset).toMatch(/^[+-]\d{2}:\d{2}$/);
      expect(c.basePm25).toBeGreaterThan(0);
    }
  });
});
