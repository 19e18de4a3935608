import { request } from 'undici';
import { fatal, retryable } from '../core/errors';

/**
 * A small client for the Confluent schema-registry API (served here by Apicurio's
 * ccompat layer). Own code rather than @kafkajs/confluent-schema-registry, whose
 * register() misreads Apicurio's 200 on GET /config/{subject} for a new subject.
 */
export type Compatibility = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE' | 'NONE';

export interface RegistryClient {
  /** Registers (or finds) the schema under the subject; returns its id. */
  register(subject: string, schema: string): Promise<number>;
  /** The schema text for an id; cached, since an id never changes meaning. */
  schemaById(id: number): Promise<string>;
  isCompatible(subject: string, schema: string): Promise<boolean>;
  setCompatibility(subject: string, level: Compatibility): Promise<void>;
  deleteSubject(subject: string): Promise<void>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** The registry rejected a schema as incompatible with the subject's history. */
export class IncompatibleSchemaError extends Error {
  readonly code = 'SCHEMA_INCOMPATIBLE';
  constructor(subject: string, detail: string) {
    super(`schema is incompatible with subject ${subject}: ${detail}`);
    this.name = 'IncompatibleSchemaError';
  }
}

export function createRegistryClient(baseUrl: string, timeoutMs = 10_000): RegistryClient {
  const root = baseUrl.replace(/\/+$/, '');
  const byId = new Map<number, Promise<string>>();

  async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    let res;
    try {
      res = await request(`${root}${path}`, {
        method,
        headers: { 'content-type': CONTENT_TYPE, accept: CONTENT_TYPE },
        body: body === undefined ? undefined : JSON.stringify(body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (err) {
      throw retryable('REGISTRY_UNREACHABLE', `schema registry unreachable: ${(err as Error).message}`, err);
    }
    const text = await res.body.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = { message: text.slice(0, 300) };
    }
    if (res.statusCode >= 500 || res.statusCode === 429) {
      throw retryable('REGISTRY_UNAVAILABLE', `schema registry ${method} ${path}: HTTP ${res.statusCode}`);
    }
    return { status: res.statusCode, json };
  }

  const messageOf = (json: unknown) => String((json as { message?: unknown } | undefined)?.message ?? JSON.stringify(json));
  const subjectPath = (subject: string) => `/subjects/${encodeURIComponent(subject)}`;

  return {
    async register(subject, schema) {
      const { status, json } = await call('POST', `${subjectPath(subject)}/versions`, { schema, schemaType: 'AVRO' });
      if (status === 409) throw new IncompatibleSchemaError(subject, messageOf(json));
      const id = (json as { id?: unknown } | undefined)?.id;
      if (status !== 200 || typeof id !== 'number') {
        throw fatal('REGISTRY_REGISTER_FAILED', `registering under ${subject}: HTTP ${status} ${messageOf(json)}`);
      }
      return id;
    },

    schemaById(id) {
      let pending = byId.get(id);
      if (!pending) {
        pending = call('GET', `/schemas/ids/${id}`).then(({ status, json }) => {
          const schema = (json as { schema?: unknown } | undefined)?.schema;
          if (status === 404) throw fatal('SCHEMA_ID_UNKNOWN', `schema id ${id} is not in the registry`);
          if (status !== 200 || typeof schema !== 'string') {
            throw fatal('REGISTRY_LOOKUP_FAILED', `schema id ${id}: HTTP ${status} ${messageOf(json)}`);
          }
          return schema;
        });
        // A failed lookup is not cached: the next message may find the registry back.
        pending.catch(() => byId.delete(id));
        byId.set(id, pending);
      }
      return pending;
    },

    async isCompatible(subject, schema) {
      const { status, json } = await call('POST', `/compatibility${subjectPath(subject)}/versions/latest`, { schema, schemaType: 'AVRO' });
      if (status === 404) return true; // no version yet: anything is compatible
      const verdict = (json as { is_compatible?: unknown } | undefined)?.is_compatible;
      if (status !== 200 || typeof verdict !== 'boolean') {
        throw fatal('REGISTRY_COMPATIBILITY_FAILED', `compatibility check for ${subject}: HTTP ${status} ${messageOf(json)}`);
      }
      return verdict;
    },

    async setCompatibility(subject, level) {
      const { status, json } = await call('PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: level });
      if (status !== 200) throw fatal('REGISTRY_CONFIG_FAILED', `setting ${level} on ${subject}: HTTP ${status} ${messageOf(json)}`);
    },

    async deleteSubject(subject) {
      const first = await call('DELETE', subjectPath(subject));
      if (first.status !== 200 && first.status !== 404) {
        throw fatal('REGISTRY_DELETE_FAILED', `deleting ${subject}: HTTP ${first.status} ${messageOf(first.json)}`);
      }
      await call('DELETE', `${subjectPath(subject)}?permanent=true`);
    },
  };
}
