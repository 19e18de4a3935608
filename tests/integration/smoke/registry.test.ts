/**
 * Schema registry smoke test over Apicurio's Confluent-compatible API: register and fetch an
 * Avro schema, see the global BACKWARD rule refuse an incompatible change, and round-trip a
 * message in the Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro body).
 */
import { Type } from 'avsc';
import { ports, uniqueName } from '../support/stack';

const base = `http://127.0.0.1:${ports.REGISTRY_PORT}/apis/ccompat/v7`;
const json = { 'Content-Type': 'application/vnd.schemaregistry.v1+json' };

const readingV1 = {
  type: 'record',
  name: 'SmokeReading',
  namespace: 'aqi.smoke',
  fields: [
    { name: 'station_id', type: 'string' },
    { name: 'aqi', type: ['null', 'int'], default: null },
  ],
};

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, { method, headers: json, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

function encodeWire(schemaId: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(0, 0);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, payload]);
}

function decodeWire(message: Buffer): { schemaId: number; payload: Buffer } {
  if (message.readUInt8(0) !== 0) throw new Error('not Confluent wire format');
  return { schemaId: message.readUInt32BE(1), payload: message.subarray(5) };
}

describe('registry smoke', () => {
  const subject = `${uniqueName('smoke')}-value`;

  afterAll(async () => {
    await call('DELETE', `/subjects/${subject}`);
    await call('DELETE', `/subjects/${subject}?permanent=true`);
  });

  it('has BACKWARD as the global compatibility rule', async () => {
    const config = await call('GET', '/config');
    expect(config).toEqual({ status: 200, body: expect.objectContaining({ compatibilityLevel: 'BACKWARD' }) });
  });

  it('registers, fetches and enforces compatibility, and round-trips a wire-format message', async () => {
    const registered = await call('POST', `/subjects/${subject}/versions`, { schemaType: 'AVRO', schema: JSON.stringify(readingV1) });
    expect(registered.status).toBe(200);
    const id = registered.body.id as number;
    expect(Number.isInteger(id)).toBe(true);

    const again = await call('POST', `/subjects/${subject}/versions`, { schemaType: 'AVRO', schema: JSON.stringify(readingV1) });
    expect(again.body.id).toBe(id);

    const fetched = await call('GET', `/schemas/ids/${id}`);
    const writer = Type.forSchema(JSON.parse(fetched.body.schema as string));
    expect(writer.equals(Type.forSchema(readingV1 as never))).toBe(true);

    const breaking = { ...readingV1, fields: [...readingV1.fields, { name: 'required_new', type: 'string' }] };
    const refused = await call('POST', `/subjects/${subject}/versions`, { schemaType: 'AVRO', schema: JSON.stringify(breaking) });
    expect(refused.status).toBe(409);

    const value = { station_id: '@1437', aqi: 57 };
    const message = encodeWire(id, writer.toBuffer(value));
    expect([...message.subarray(0, 5)]).toEqual([0, (id >>> 24) & 255, (id >>> 16) & 255, (id >>> 8) & 255, id & 255]);
    const { schemaId, payload } = decodeWire(message);
    const reader = Type.forSchema(JSON.parse((await call('GET', `/schemas/ids/${schemaId}`)).body.schema as string));
    expect(reader.fromBuffer(payload)).toEqual(value);
  });
});
