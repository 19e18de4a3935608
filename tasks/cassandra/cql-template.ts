/**
 * Pure helpers for the CQL schema files: placeholder rendering and statement splitting.
 * Files use {{keyspace}} and {{replication}} so one set of files serves every keyspace.
 */
export type Replication = Record<string, string | number>;

const IDENTIFIER = /^[a-z][a-z0-9_]{0,47}$/;
const REPLICATION_KEY = /^[A-Za-z0-9_.-]+$/;

/** {"class":"SimpleStrategy","replication_factor":1} -> {'class': 'SimpleStrategy', 'replication_factor': '1'} */
export function replicationToCql(replication: Replication): string {
  if (typeof replication.class !== 'string') throw new Error('replication needs a "class"');
  const entries = Object.entries(replication).map(([key, value]) => {
    const text = String(value);
    if (!REPLICATION_KEY.test(key) || !REPLICATION_KEY.test(text)) throw new Error(`replication entry ${key}=${text} is not a plain name`);
    return `'${key}': '${text}'`;
  });
  return `{${entries.join(', ')}}`;
}

export function renderCql(template: string, keyspace: string, replication: Replication): string {
  assertKeyspace(keyspace);
  return template.replace(/\{\{keyspace\}\}/g, keyspace).replace(/\{\{replication\}\}/g, () => replicationToCql(replication));
}

/** Splits a file into statements: `--` comments removed, separated by `;`. No `;` inside strings here. */
export function splitStatements(cql: string): string[] {
  return cql
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Replication maps as system_schema reports them vs as configured: compare values as text. */
export function sameReplication(actual: Record<string, string>, wanted: Replication): boolean {
  const short = (v: string) => v.replace(/^org\.apache\.cassandra\.locator\./, '');
  const keys = new Set([...Object.keys(actual), ...Object.keys(wanted)]);
  for (const key of keys) {
    const a = actual[key];
    const w = wanted[key];
    if (a === undefined || w === undefined || short(a) !== short(String(w))) return false;
  }
  return true;
}

export function assertKeyspace(keyspace: string): string {
  if (!IDENTIFIER.test(keyspace)) throw new Error(`keyspace ${keyspace} is not a lower-case CQL identifier`);
  return keyspace;
}
