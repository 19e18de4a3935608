import { request } from 'undici';
import type { SchemaVersion } from '../store';

/** The latest version and id of every subject in the Confluent-compatible registry. */
export async function schemaVersions(baseUrl: string, timeoutMs: number): Promise<SchemaVersion[]> {
  const root = baseUrl.replace(/\/+$/, '');
  const get = async (path: string) => {
    const res = await request(`${root}${path}`, { headers: { accept: 'application/json' }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const body = (await res.body.json()) as unknown;
    if (res.statusCode !== 200) throw new Error(`registry GET ${path}: HTTP ${res.statusCode}`);
    return body;
  };
  const subjects = (await get('/subjects')) as string[];
  const out: SchemaVersion[] = [];
  for (const subject of subjects.sort()) {
    const v = (await get(`/subjects/${encodeURIComponent(subject)}/versions/latest`)) as { version: number; id: number };
    out.push({ subject, version: v.version, id: v.id });
  }
  return out;
}
