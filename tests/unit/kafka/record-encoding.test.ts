import { encodePlainRecord, isPlain, KAFKAJS_RECORD_MODULE, type RecordFields } from '../../../tasks/kafka/record-encoding';

/* eslint-disable @typescript-eslint/no-require-imports */
type KafkajsRecord = ((f: RecordFields) => { buffer: Buffer }) & { original?: (f: RecordFields) => { buffer: Buffer } };
const loaded = require(KAFKAJS_RECORD_MODULE) as KafkajsRecord;
/** kafkajs's own encoder (jest's module registry may or may not hold the replacement). */
const kafkajsRecord = loaded.original ?? loaded;
const Encoder = require('kafkajs/src/protocol/encoder') as { prototype: object };
/* eslint-enable @typescript-eslint/no-require-imports */

const newEncoder = (buf: Buffer, offset: number) => Object.assign(Object.create(Encoder.prototype) as { buf: Buffer; offset: number; buffer: Buffer }, { buf, offset });
const ours = (f: RecordFields) => (encodePlainRecord(f, newEncoder) as unknown as { buffer: Buffer }).buffer;

/** A small deterministic generator, so a failure names a reproducible case. */
function lcg(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s % n;
  };
}

describe('the record encoder kafkajs is given (record-encoding.ts)', () => {
  it.each([
    ['key and value', { key: Buffer.from('k'), value: Buffer.from('value'), offsetDelta: 0, timestampDelta: 0 }],
    ['a null key', { key: null, value: Buffer.from([0, 0, 0, 0, 7, 1]), offsetDelta: 4999, timestampDelta: 0 }],
    ['a null value (a tombstone)', { key: Buffer.from('station'), value: null, offsetDelta: 1, timestampDelta: 3 }],
    ['defaults left out', { key: Buffer.from('k'), value: Buffer.from('v') }],
    ['a negative time delta', { key: Buffer.alloc(3), value: Buffer.alloc(10), offsetDelta: 2, timestampDelta: -1234 }],
    ['a time delta beyond 32 bits', { key: Buffer.alloc(3), value: Buffer.alloc(10), offsetDelta: 2, timestampDelta: 2 ** 40 + 17 }],
    ['a 70,000-byte value (three-byte length)', { key: Buffer.alloc(5), value: Buffer.alloc(70_000, 9), offsetDelta: 300, timestampDelta: 5 }],
  ])('writes the same bytes as kafkajs: %s', (_name, fields: RecordFields) => {
    expect(ours(fields).equals(kafkajsRecord(fields).buffer)).toBe(true);
  });

  it('writes the same bytes as kafkajs for 5,000 generated records', () => {
    const next = lcg(42);
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => next(256)));
    const differing: number[] = [];
    for (let i = 0; i < 5_000; i += 1) {
      const fields: RecordFields = {
        key: next(6) === 0 ? null : bytes(next(40)),
        value: next(9) === 0 ? null : bytes(next(i % 100 === 0 ? 20_000 : 600)),
        offsetDelta: next(i % 3 === 0 ? 2 ** 30 : 6_000),
        timestampDelta: [0, next(1000), -next(1000), next(2 ** 30) * 1024][next(4)],
      };
      if (!ours(fields).equals(kafkajsRecord(fields).buffer)) differing.push(i);
    }
    expect(differing).toEqual([]);
  });

  it.each([
    ['Buffer key and value', { key: Buffer.from('k'), value: Buffer.from('v') }, true],
    ['null key', { key: null, value: Buffer.from('v'), offsetDelta: 3 }, true],
    ['headers (dead letters)', { key: Buffer.from('k'), value: Buffer.from('v'), headers: { error: 'INVALID_AQI' } }, false],
    ['empty headers', { key: Buffer.from('k'), value: Buffer.from('v'), headers: {} }, true],
    ['a string value', { key: Buffer.from('k'), value: 'text' }, false],
    ['a fractional time delta', { key: null, value: null, timestampDelta: 1.5 }, false],
  ])('takes a record with %s itself: %s', (_name, fields: RecordFields, plain) => {
    expect(isPlain(fields)).toBe(plain);
  });
});
