import { sortMessages } from '../../../tasks/classify/sort-messages';
import { deadLetterMessage, readDeadLetterHeaders } from '../../../tasks/classify/dead-letter';
import { createDecoder, loadAvroSchema, registeredEncoder } from '../../../tasks/registry/avro-serde';
import type { ReadingRecord } from '../../../tasks/publish/reading-record';
import { reading } from './fixtures';
import { memoryRegistry } from './memory-registry';

describe('sortMessages', () => {
  it('classifies good messages and rejects bad ones with their reason, in offset order', async () => {
    const registry = memoryRegistry();
    const schema = loadAvroSchema('reading-value.avsc');
    const encoder = await registeredEncoder<ReadingRecord>(registry, 't-value', schema);
    const decoder = createDecoder<ReadingRecord>(registry, schema);
    const values = [
      encoder.encode(reading({ station_id: 1 })),
      Buffer.from('{"not":"avro"}'),
      encoder.encode(reading({ station_id: 2, aqi: -4 })),
      encoder.encode(reading({ station_id: 3, aqi: 180 })),
    ];
    const messages = values.map((value, i) => ({ key: Buffer.from([i]), value, offset: String(100 + i), timestamp: '1700000000000' }));
    await decoder.prepare(values);
    const sorted = sortMessages(messages, decoder, 'readings', 4);
    expect(sorted.classified.map((c) => [c.reading.station_id, c.classification.category?.id])).toEqual([[1, 'moderate'], [3, 'unhealthy']]);
    expect(sorted.rejected.map((r) => [r.offset, r.code])).toEqual([['101', 'MAGIC_BYTE_UNKNOWN'], ['102', 'AQI_INVALID']]);

    const dead = deadLetterMessage(sorted.rejected[1]!);
    expect(dead.value).toBe(values[2]);
    expect(readDeadLetterHeaders(dead.headers)).toEqual({
      code: 'AQI_INVALID', message: 'not a valid AQI value: -4', topic: 'readings', partition: '4', offset: '102', timestamp: '1700000000000',
    });
  });

  it('throws, instead of dead-lettering, when the decoder was not prepared (a fault of this run)', async () => {
    const registry = memoryRegistry();
    const schema = loadAvroSchema('reading-value.avsc');
    const encoder = await registeredEncoder<ReadingRecord>(registry, 't-value', schema);
    const decoder = createDecoder<ReadingRecord>(registry, schema);
    const messages = [{ key: null, value: encoder.encode(reading()), offset: '0', timestamp: '0' }];
    expect(() => sortMessages(messages, decoder, 't', 0)).toThrow(/not prepared/);
  });
});
