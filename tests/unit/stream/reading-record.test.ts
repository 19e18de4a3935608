import { toAttributions, toRecord, type OutboxRow } from '../../../tasks/publish/reading-record';
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

describe('toRecord', () => {
  it('maps an outbox row to the Avro record, bigint raw_id as a number', () => {
    const { attributions, raw_id, ...rest } = reading();
    const row: OutboxRow = { ...rest, attributions, raw_id: String(raw_id), observed_key: '2026-11-23 14:00:00+00' };
    expect(toRecord(row)).toEqual(reading());
  });
});
