/**
 * The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian
 * unsigned int, then the Avro binary body. Pure framing, no registry and no Avro here.
 */
export const MAGIC_BYTE = 0;
export const HEADER_BYTES = 5;

export class WireFormatError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'WireFormatError';
    this.code = code;
  }
}

export function frame(schemaId: number, body: Buffer): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0xffffffff) {
    throw new WireFormatError('SCHEMA_ID_INVALID', `schema id ${schemaId} does not fit 4 bytes`);
  }
  const out = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  out.writeUInt8(MAGIC_BYTE, 0);
  out.writeUInt32BE(schemaId, 1);
  body.copy(out, HEADER_BYTES);
  return out;
}

export interface Unframed {
  schemaId: number;
  body: Buffer;
}

export function unframe(message: Buffer | null | undefined): Unframed {
  if (!message || message.length === 0) throw new WireFormatError('MESSAGE_EMPTY', 'message has no bytes');
  if (message.length < HEADER_BYTES) {
    throw new WireFormatError('MESSAGE_TRUNCATED', `message has ${message.length} bytes, fewer than the 5-byte header`);
  }
  const magic = message.readUInt8(0);
  if (magic !== MAGIC_BYTE) throw new WireFormatError('MAGIC_BYTE_UNKNOWN', `magic byte ${magic}, expected ${MAGIC_BYTE}`);
  return { schemaId: message.readUInt32BE(1), body: message.subarray(HEADER_BYTES) };
}
