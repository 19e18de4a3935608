/**
 * kafkajs 2.2.4 encodes every produced record with a fresh zero-filled 512-byte buffer, a
 * `Buffer.from([...])` per varint (five per record) and Long objects for the timestamp
 * delta: six buffers and a dozen Longs per message, which with their garbage were about
 * a fifth of publish's CPU. This module puts an encoder with byte-for-byte the same output
 * in Node's module cache under kafkajs's file name: one exactly sized buffer per record,
 * varints in plain integer arithmetic. Records with headers (dead letters, a few per run)
 * or a string key or value keep kafkajs's own encoder.
 *
 * Like linear-grouping.ts, it must be loaded before kafkajs's produce request module:
 * tasks/kafka/client.ts imports it first. tests/unit/kafka/record-encoding.test.ts compares
 * the bytes with kafkajs's encoder; tests/integration/stream/kafkajs-shims.test.ts proves
 * kafkajs uses it.
 */
import Module from 'node:module';

export const KAFKAJS_RECORD_MODULE = 'kafkajs/src/protocol/recordBatch/record/v0';
const KAFKAJS_ENCODER_MODULE = 'kafkajs/src/protocol/encoder';

export interface RecordFields {
  offsetDelta?: number;
  timestampDelta?: number;
  key?: unknown;
  value?: unknown;
  headers?: Record<string, unknown>;
}

/** kafkajs's Encoder: the batch copies `buf` up to `offset` (see Encoder#writeEncoderArray). */
interface EncoderLike {
  buf: Buffer;
  offset: number;
}

type RecordEncoder = (fields: RecordFields) => EncoderLike;

/** Bytes of an unsigned LEB128 varint for 0 <= n < 2^53. */
function uvarintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size += 1;
  }
  return size;
}

function writeUVarint(buf: Buffer, at: number, n: number): number {
  while (n >= 0x80) {
    buf[at++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  buf[at++] = n;
  return at;
}

/** ZigZag as Kafka's varlong does it, exact for |n| < 2^52 (time deltas are far smaller). */
const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);

const MAX_DELTA = 2 ** 51;

/** The fields this encoder takes; anything else goes to kafkajs's own. */
export function isPlain(f: RecordFields): boolean {
  const { key, value, headers, timestampDelta = 0, offsetDelta = 0 } = f;
  if (headers !== undefined && headers !== null && Object.keys(headers).length > 0) return false;
  if (!(key === null || key === undefined || Buffer.isBuffer(key))) return false;
  if (!(value === null || value === undefined || Buffer.isBuffer(value))) return false;
  return Number.isSafeInteger(timestampDelta) && Math.abs(timestampDelta) < MAX_DELTA && Number.isSafeInteger(offsetDelta) && offsetDelta >= 0;
}

/**
 * Record => Length Attributes TimestampDelta OffsetDelta Key Value Headers, every
 * integer a zigzag varint; a null key or value is length -1 (zigzag 1); no headers is 0.
 */
export function encodePlainRecord(f: RecordFields, newEncoder: (buf: Buffer, offset: number) => EncoderLike): EncoderLike {
  const key = f.key as Buffer | null | undefined;
  const value = f.value as Buffer | null | undefined;
  const ts = zigzag(f.timestampDelta ?? 0);
  const od = zigzag(f.offsetDelta ?? 0);
  const keyLen = key ? zigzag(key.length) : 1;
  const valueLen = value ? zigzag(value.length) : 1;
  const body = 1 + uvarintSize(ts) + uvarintSize(od) + uvarintSize(keyLen) + (key ? key.length : 0) +
    uvarintSize(valueLen) + (value ? value.length : 0) + 1;
  const lengthField = zigzag(body);
  const total = uvarintSize(lengthField) + body;
  const buf = Buffer.allocUnsafe(total);
  let at = writeUVarint(buf, 0, lengthField);
  buf[at++] = 0; // attributes: none are used in a record
  at = writeUVarint(buf, at, ts);
  at = writeUVarint(buf, at, od);
  at = writeUVarint(buf, at, keyLen);
  if (key) at += key.copy(buf, at);
  at = writeUVarint(buf, at, valueLen);
  if (value) at += value.copy(buf, at);
  buf[at++] = 0; // zero headers
  return newEncoder(buf, at);
}

function install(): void {
  const filename = require.resolve(KAFKAJS_RECORD_MODULE);
  if ((require.cache[filename]?.exports as { fast?: boolean } | undefined)?.fast) return;
  // Too late once the produce request module has bound kafkajs's encoder: leave it.
  if (require.cache[require.resolve('kafkajs/src/protocol/requests/produce/v3/request')]) return;
  const original = require(KAFKAJS_RECORD_MODULE) as RecordEncoder;
  const Encoder = require(KAFKAJS_ENCODER_MODULE) as { prototype: object };
  const newEncoder = (buf: Buffer, offset: number): EncoderLike => {
    const encoder = Object.create(Encoder.prototype) as EncoderLike;
    encoder.buf = buf;
    encoder.offset = offset;
    return encoder;
  };
  const fast = (f: RecordFields) => (isPlain(f) ? encodePlainRecord(f, newEncoder) : original(f));
  const replacement = new Module(filename);
  replacement.filename = filename;
  replacement.loaded = true;
  replacement.exports = Object.assign(fast, { fast: true, original });
  require.cache[filename] = replacement;
}

install();
