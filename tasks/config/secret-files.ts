import { readFileSync } from 'node:fs';

/**
 * Secrets may arrive as files instead of values: `WAQI_TOKEN_FILE=/run/secrets/aqi/WAQI_TOKEN`.
 * The Docker runner uses this because a container's environment is readable by anyone who
 * may run `docker inspect`, while a read-only bind-mounted file is not in that output.
 * A plain value wins over its file; an empty value counts as unset, like everywhere else.
 */
export const SECRET_FILE_NAMES = ['WAQI_TOKEN', 'AQI_PG_URL'] as const;

type Env = Record<string, string | undefined>;
export type ReadFile = (path: string) => string;

const readUtf8: ReadFile = (path) => readFileSync(path, 'utf8');

/** The environment with every `<NAME>_FILE` resolved; problems name the variable and the path. */
export function withSecretFiles(env: Env, read: ReadFile = readUtf8): { env: Env; problems: string[] } {
  const resolved: Env = { ...env };
  const problems: string[] = [];
  for (const name of SECRET_FILE_NAMES) {
    const path = env[`${name}_FILE`];
    if (!path || (env[name] !== undefined && env[name] !== '')) continue;
    try {
      // One trailing newline is how `echo` and most secret stores write a value.
      resolved[name] = read(path).replace(/\r?\n$/, '');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`${name}_FILE: cannot read ${path} (${code})`);
    }
  }
  return { env: resolved, problems };
}
