import { readFileSync } from 'node:fs';
import avro from 'avsc';
import { schemasDir } from '../core/paths';
import type { RegistryClient } from './client';
import { frame, unframe, WireFormatError } from './wire-format';

/**
 * Avro in the Confluent wire format. Encoding uses one registered writer schema;
 * decoding resolves whatever writer schema a message names (by id, from the registry)
 * against this program's reader schema, so an old consumer reads newer messages.
 */
export function loadAvroSchema(file: string): string {
  return readFileSync(schemasDir('avro', file), 'utf8');
}

export const parseAvro = (schema: string): avro.Type => avro.Type.forSchema(JSON.parse(schema) as avro.Schema);

export interface Encoder<T> {
  readonly schemaId: number;
  encode(value: T): Buffer;
}

/** Registers the schema under the subject (idempotent) and returns an encoder bound to its id. */
export async function registeredEncoder<T>(registry: RegistryClient, subject: string, schema: string): Promise<Encoder<T>> {
  const type = parseAvro(schema);
  const schemaId = await registry.register(subject, schema);
  return encoderFor<T>(type, schemaId);
}

export function encoderFor<T>(type: avro.Type, schemaId: number): Encoder<T> {
  return { schemaId, encode: (value: T) => frame(schemaId, type.toBuffer(value)) };
}

/** Why a message could not be decoded; it becomes a dead-letter header. */
export class DecodeError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'DecodeError';
    this.code = code;
  }
}

export interface Decoder<T> {
  /** Fetches and resolves the writer schemas these messages name; call before decode(). */
  prepare(messages: Array<Buffer | null>): Promise<void>;
  /** Decodes one message; throws DecodeError for anything that is not a valid message. */
  decode(message: Buffer | null): T;
}

export function createDecoder<T>(registry: RegistryClient, readerSchema: string): Decoder<T> {
  const reader = parseAvro(readerSchema);
  const resolvers = new Map<number, ReturnType<avro.Type["createResolver"]> | Error>();

  async function resolve(id: number): Promise<void> {
    if (resolvers.has(id)) return;
    let writerText: string;
    try {
      writerText = await registry.schemaById(id);
    } catch (err) {
      // An unknown id is the message's fault; an unreachable registry is not, so it throws.
      if ((err as { code?: string }).code === 'SCHEMA_ID_UNKNOWN') {
        resolvers.set(id, new DecodeError('SCHEMA_ID_UNKNOWN', (err as Error).message));
        return;
      }
      throw err;
    }
    try {
      resolvers.set(id, reader.createResolver(parseAvro(writerText)));
    } catch (err) {
      resolvers.set(id, new DecodeError('SCHEMA_NOT_READABLE', `writer schema ${id} cannot be read as ${String(reader.name)}: ${(err as Error).message}`));
    }
  }

  return {
    async prepare(messages) {
      const ids = new Set<number>();
      for (const m of messages) {
        if (m && m.length >= 5 && m[0] === 0) ids.add(m.readUInt32BE(1));
      }
      for (const id of ids) await resolve(id);
    },
    decode(message) {
      let unframed;
      try {
        unframed = unframe(message);
      } catch (err) {
        const e = err as WireFormatError;
        throw new DecodeError(e.code, e.message);
      }
      const resolver = resolvers.get(unframed.schemaId);
      // A programming error of this run, not the message's fault: not a DecodeError, so never dead-lettered.
      if (resolver === undefined) throw new Error(`schema ${unframed.schemaId} was not prepared before decode()`);
      if (resolver instanceof Error) throw resolver;
      try {
        return reader.fromBuffer(unframed.body, resolver) as T;
      } catch (err) {
        throw new DecodeError('AVRO_BODY_INVALID', `Avro body does not match schema ${unframed.schemaId}: ${(err as Error).message}`);
      }
    },
  };
}
