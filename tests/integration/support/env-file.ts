/**
 * Reads a shell env file of `KEY=value` or `export KEY=value` lines (such as
 * stack/cluster/cluster.env) the way `source` would for these simple forms: comments and
 * other lines ignored, one level of single or double quotes removed.
 */
import { readFileSync } from 'node:fs';

export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    const value = m[2].trim();
    const quoted = /^(['"])(.*)\1$/.exec(value);
    out[m[1]] = quoted?.[2] ?? value;
  }
  return out;
}

export const readEnvFile = (path: string): Record<string, string> => parseEnvFile(readFileSync(path, 'utf8'));
