import { createDecoder, DecodeError, loadAvroSchema, registeredEncoder } from '../../../tasks/registry/avro-serde';
import type { ReadingRecord } from '../../../tasks/publish/reading-record';
import { frame } from '../../../tasks/registry/wire-format';
import { reading } from './fixtures';
import { memoryRegistry } from './memory-registry';

const valueSchema = loadAvroSchema('reading-value.avsc');

/** The value schema plus one optional field: the compatible evolution the registry accepts. */
function evolvedSchema(): string {
  const schema = JSON.parse(valueSchema) as { fields: unknown[] };
  schema.fields.push({ name: 'sensor_model', type: ['null', 'string'], default: null });
  return JSON.stringify(schema);
}

describe('Avro serde in the Confluent wire format', () => {
  it('round-trips a reading with its registered schema id', async () => {
    const registry = memoryRegistry();
    const encoder = await registeredEncoder<ReadingRecord>(registry, 't-value', valueSchema);
    const decoder = createDecoder<ReadingRecord>(registry, valueSchema);
    const message = encoder.encode(reading());
    expect(message.readUInt32BE(1)).toBe(encoder.schemaId);
    await decoder.prepare([message]);
    expect(decoder.decode(message)).toEqual(reading());
  });

  it('lets a consumer on the old schema read messages written with the new one', async () => {
    const registry = memoryRegistry();
    await registry.register('t-value', valueSchema);
    const newer = await registeredEncoder<ReadingRecord & { sensor_model: string }>(registry, 't-value', evolvedSchema());
    const oldDecoder = createDecoder<ReadingRecord>(registry, valueSchema);
    const message = newer.encode({ ...reading(), sensor_model: 'SDS011' });
    await oldDecoder.prepare([message]);
    expect(oldDecoder.decode(message)).toEqual(reading());
  });

  it('lets a consumer on the new schema read old messages, filling the default', async () => {
    const registry = memoryRegistry();
    const old = await registeredEncoder<ReadingRecord>(registry, 't-value', valueSchema);
    const newDecoder = createDecoder<ReadingRecord & { sensor_model: string | null }>(registry, evolvedSchema());
    const message = old.encode(reading());
    await newDecoder.prepare([message]);
    expect(newDecoder.decode(message)).toEqual({ ...reading(), sensor_model: null });
  });

  it.each([
    ['not framed', () => Buffer.from('hello'), 'MAGIC_BYTE_UNKNOWN'],
    ['unknown schema id', () => frame(999, Buffer.from([2])), 'SCHEMA_ID_UNKNOWN'],
    ['truncated body', (m: Buffer) => m.subarray(0, 20), 'AVRO_BODY_INVALID'],
    ['trailing garbage', (m: Buffer) => Buffer.concat([m, Buffer.from([1, 2, 3])]), 'AVRO_BODY_INVALID'],
    ['null value', () => null, 'MESSAGE_EMPTY'],
  ])('turns a %s message into a DecodeError', async (_name, corrupt, code) => {
    const registry = memoryRegistry();
    const encoder = await registeredEncoder<ReadingRecord>(registry, 't-value', valueSchema);
    const decoder = createDecoder<ReadingRecord>(registry, valueSchema);
    const bad = corrupt(encoder.encode(reading()));
    await decoder.prepare([bad]);
    expect(() => decoder.decode(bad)).toThrow(DecodeError);
    try {
      decoder.decode(bad);
    } catch (err) {
      expect((err as DecodeError).code).toBe(code);
    }
  });

  it('rejects a writer schema the reader cannot resolve', async () => {
    const registry = memoryRegistry();
    const other = await registeredEncoder<{ x: string }>(registry, 'o', JSON.stringify({ type: 'record', name: 'Other', fields: [{ name: 'x', type: 'string' }] }));
    const decoder = createDecoder<ReadingRecord>(registry, valueSchema);
    const message = other.encode({ x: 'y' });
    await decoder.prepare([message]);
    expect(() => decoder.decode(message)).toThrow(/cannot be read/);
  });
});
