import type { RegistryClient } from '../../../tasks/registry/client';

/**
 * An in-process registry for the pure encode/decode tests (no network in unit tests).
 * It keeps ids only; compatibility rules are the real registry's job, tested in
 * tests/integration/stream/registry.test.ts.
 */
export function memoryRegistry(): RegistryClient {
  const schemas: string[] = [];
  return {
    async register(_subject, schema) {
      const known = schemas.indexOf(schema);
      if (known >= 0) return known + 1;
      schemas.push(schema);
      return schemas.length;
    },
    async schemaById(id) {
      const schema = schemas[id - 1];
      if (schema === undefined) throw Object.assign(new Error(`schema id ${id} unknown`), { code: 'SCHEMA_ID_UNKNOWN' });
      return schema;
    },
    async isCompatible() {
      return true;
    },
    async setCompatibility() {},
    async deleteSubject() {},
  };
}
