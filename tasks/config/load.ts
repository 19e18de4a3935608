import { z } from 'zod';
import { ConfigError } from '../core/errors';
import { registerSecret } from '../core/redact';
import { withSecretFiles } from './secret-files';
import { ENV_NAMES, sectionsSchema } from './sections';

export type Sections = z.infer<typeof sectionsSchema>;
export type Config<F> = Sections & { flags: F };

type Env = Record<string, string | undefined>;

/** Reads the raw (unvalidated) section values from the environment; empty strings count as unset. */
function sectionsFromEnv(env: Env): Record<string, Record<string, string>> {
  const raw: Record<string, Record<string, string>> = {};
  for (const [section, names] of Object.entries(ENV_NAMES)) {
    raw[section] = {};
    for (const [key, envName] of Object.entries(names)) {
      const value = env[envName];
      if (value !== undefined && value !== '') raw[section][key] = value;
    }
  }
  return raw;
}

function describe(issue: z.core.$ZodIssue): string {
  const [section, key] = issue.path.map(String);
  const envName =
    section && key && section in ENV_NAMES
      ? (ENV_NAMES as Record<string, Record<string, string>>)[section]?.[key]
      : undefined;
  const where = section === 'flags' ? `--${kebab(key ?? '')}` : envName ?? issue.path.join('.');
  return `${where}: ${issue.message}`;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Validates the environment and the command's flags together, once, and reports every
 * problem at once. Nothing is cached at module level: tests pass their own `env`.
 */
export function loadConfig<S extends z.ZodType>(flagsSchema: S, flags: unknown, env: Env = process.env): Config<z.infer<S>> {
  const secrets = withSecretFiles(env);
  const schema = sectionsSchema.extend({ flags: flagsSchema });
  const result = schema.safeParse({ ...sectionsFromEnv(secrets.env), flags });
  const problems = [...secrets.problems, ...(result.success ? [] : result.error.issues.map(describe))];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  const config = result.data as Config<z.infer<S>>;
  registerSecret(config.waqi.token);
  return config;
}
