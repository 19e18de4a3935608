import { contentHash, stageBatch, type StageRawRow } from '../../../tasks/ingest/stage-batch';
import { readingFields } from '../../../tasks/postgres/copy-text';
import { parseFeed } from '../../../tasks/waqi/parse-feed';
import type { Reading } from '../../../tasks/waqi/types';
import { FETCHED_AT, feedWith, HTML_502, UTRECHT } from './fixtures/feeds';

function parsed(body: unknown): Reading {
  const result = parseFeed({ httpStatus: 200, body }, FETCHED_AT);
  if (!result.ok) throw new Error(`rejected: ${result.reject.reason}`);
  return result.reading;
}

const row = (id: number, over: Partial<StageRawRow> = {}): StageRawRow => ({
  id, endpoint: 'feed', httpStatus: 200, body: JSON.stringify(UTRECHT), bodyText: null, error: null,
  fetchedAt: FETCHED_AT, superseded: false, ...over,
});

describe('stageBatch accounts for every raw row', () => {
  it('sorts rows into readings and outcomes', () => {
    const rows = [
      row(1),
      row(2, { endpoint: 'map_bounds', body: JSON.stringify({ status: 'ok', data: [] }) }),
      row(3, { superseded: true, body: null, bodyText: HTML_502, httpStatus: 502 }),
      row(4, { body: null, bodyText: HTML_502 }),
      row(5, { httpStatus: null, body: null, error: 'ECONNRESET' }),
      row(6, { body: JSON.stringify({ status: 'ok', data: { status: 'error', msg: 'Unknown ID' } }) }),
    ];
    const { readings, outcomes } = stageBatch(rows);
    expect(readings.map((r) => r.rawId)).toEqual([1]);
    expect(outcomes.map((o) => [o.rawId, o.outcome, o.reason])).toEqual([
      [2, 'listing', null],
      [3, 'superseded', null],
      [4, 'reject', 'body_not_json'],
      [5, 'reject', 'transport_error'],
      [6, 'reject', 'unknown_station'],
    ]);
    expect(readings.length + outcomes.length).toBe(rows.length);
  });

  it('a JSON body kept as text (not storable as jsonb) is still parsed', () => {
    const { readings } = stageBatch([row(1, { body: null, bodyText: JSON.stringify(UTRECHT) })]);
    expect(readings).toHaveLength(1);
  });

  it('a repeat of the same observation keeps the first fetch', () => {
    const { readings, outcomes } = stageBatch([row(1), row(2)]);
    expect(readings.map((r) => r.rawId)).toEqual([1]);
    expect(outcomes).toMatchObject([{ rawId: 2, outcome: 'duplicate', stationId: 4584 }]);
  });

  it('a reading whose weather the parser dropped carries the notes to its outcome', () => {
    const odd = feedWith((d) => (d.iaqi = { pm25: { v: 17 }, h: { v: 140 }, p: { v: 'n/a' } }));
    const { readings } = stageBatch([row(1, { body: JSON.stringify(odd) })]);
    expect(readings).toMatchObject([{ rawId: 1, note: 'iaqi.h 140 is outside [0, 100]: stored as null; iaqi.p "n/a" is not a number: stored as null' }]);
    expect(readings[0]?.fields).toBe(readingFields(parsed(odd)));
  });

  it('changed content for the same observation replaces the earlier fetch', () => {
    const changed = feedWith((d) => (d.aqi = 31));
    const { readings, outcomes } = stageBatch([row(1), row(2, { body: JSON.stringify(changed) })]);
    expect(readings.map((r) => [r.rawId, r.fields])).toEqual([[2, readingFields(parsed(changed))]]);
    expect(outcomes).toMatchObject([{ rawId: 1, outcome: 'superseded' }]);
  });
});

describe('content hash over the COPY fields', () => {
  const reading = parsed(UTRECHT);
  const hashOf = (r: Reading) => contentHash(readingFields(r));
  it('is what stageBatch stages, with the reading\'s key', () => {
    expect(stageBatch([row(1)]).readings).toEqual([
      { rawId: 1, stationId: 4584, observedAt: reading.observedAt, fields: readingFields(reading), contentHash: hashOf(reading), note: null },
    ]);
  });
  it('is stable for equal content', () => expect(hashOf({ ...reading })).toBe(hashOf(reading)));
  it('changes with any value', () => {
    expect(hashOf({ ...reading, pm25: 18 })).not.toBe(hashOf(reading));
    expect(hashOf({ ...reading, pm25: null })).not.toBe(hashOf(reading));
    expect(hashOf({ ...reading, attributions: [] })).not.toBe(hashOf(reading));
  });
  it('the fields are one COPY line of the 25 reading columns', () => {
    const fields = readingFields(reading);
    expect(fields.split('\t')).toHaveLength(25);
    expect(fields.startsWith('4584\t2023-08-07T15:00:00.000Z\tde Jongweg, Utrecht\t')).toBe(true);
    expect(fields).toContain('\t\\N\t'); // so2 is null
  });
});
