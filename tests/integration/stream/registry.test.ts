/**
 * The schema contract against the real registry (Apicurio, ccompat API, BACKWARD): an
 * incompatible change is refused, an optional field with a default is accepted, and a
 * consumer still on the old schema decodes messages written with the new one, through Kafka.
 */
import { IncompatibleSchemaError, createRegistryClient } from '../../../tasks/registry/client';
import { createDecoder, loadAvroSchema, registeredEncoder } from '../../../tasks/registry/avro-serde';
import type { ReadingRecord } from '../../../tasks/publish/reading-record';
import { ports, uniqueName } from '../support/stack';
import { reading } from '../../unit/stream/fixtures';
import { kafkaClient } from './support';

// jest ignores testTimeout set per project (jest.config.js), so the slow steps set it here.
jest.setTimeout(180_000);

const registry = createRegistryClient(`http://127.0.0.1:${ports.REGISTRY_PORT}/apis/ccompat/v7`);
const topic = uniqueName('schema').toLowerCase();
const subject = `${topic}-value`;
const v1 = loadAvroSchema('reading-value.avsc');

function withFields(change: (fields: Array<Record<string, unknown>>) => void): string {
  const schema = JSON.parse(v1) as { fields: Array<Record<string, unknown>> };
  change(schema.fields);
  return JSON.stringify(schema);
}

const addedOptional = withFields((f) => f.push({ name: 'sensor_model', type: ['null', 'string'], default: null }));
const addedRequired = withFields((f) => f.push({ name: 'sensor_model', type: 'string' }));
const retyped = withFields((f) => {
  const station = f.find((x) => x.name === 'station_id');
  if (station) station.type = 'string';
});

afterAll(async () => {
  await registry.deleteSubject(subject).catch(() => undefined);
  const admin = kafkaClient().admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

it('registers idempotently: the same schema gets the same id', async () => {
  const first = await registry.register(subject, v1);
  expect(await registry.register(subject, v1)).toBe(first);
});

it.each([
  ['a new field without a default', addedRequired],
  ['a changed field type', retyped],
])('refuses %s', async (_name, schema) => {
  await registry.register(subject, v1);
  expect(await registry.isCompatible(subject, schema)).toBe(false);
  await expect(registry.register(subject, schema)).rejects.toBeInstanceOf(IncompatibleSchemaError);
});

it('accepts a new optional field, and an old consumer decodes the new messages from Kafka', async () => {
  const oldId = await registry.register(subject, v1);
  expect(await registry.isCompatible(subject, addedOptional)).toBe(true);
  const encoder = await registeredEncoder<ReadingRecord & { sensor_model: string }>(registry, subject, addedOptional);
  expect(encoder.schemaId).not.toBe(oldId);

  const kafka = kafkaClient();
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value: encoder.encode({ ...reading(), sensor_model: 'SDS011' }) }] });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: uniqueName('schema-reader') });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const value = await new Promise<Buffer | null>((resolve) => {
    void consumer.run({ eachMessage: async ({ message }) => resolve(message.value) });
  });
  await consumer.disconnect();

  const oldConsumer = createDecoder<ReadingRecord>(createRegistryClient(`http://127.0.0.1:${ports.REGISTRY_PORT}/apis/ccompat/v7`), v1);
  await oldConsumer.prepare([value]);
  expect(value?.readUInt32BE(1)).toBe(encoder.schemaId);
  expect(oldConsumer.decode(value)).toEqual(reading());
});
