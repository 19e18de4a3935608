/**
 * What integration tests share: the addresses of the running local stack (`make up`),
 * unique names so tests never collide, a fresh PostgreSQL database per test file, and a
 * way to run the real `aqi` CLI (built by `npm run build`) as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { projectRoot } from '../../../tasks/core/paths';

// Found by walking up, so the same file works from tests/ (ts-jest) and from dist/ (compiled).
export const ROOT = projectRoot(__dirname);

/** Ports as stack/lib.sh sees them: stack.env, then stack.local.env, then the environment. */
function stackPorts(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of ['stack.env', 'stack.local.env']) {
    const path = join(ROOT, 'stack', file);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
      if (m?.[1] && m[2] !== undefined) out[m[1]] = m[2];
    }
  }
  for (const key of Object.keys(out)) out[key] = process.env[key] ?? out[key] ?? '';
  return out;
}

export const ports = stackPorts();
export const PG_ADMIN_URL = `postgres://aqi@127.0.0.1:${ports.PG_PORT}/postgres`;

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** Environment for the `aqi` CLI pointing at the local stack, with per-test names. */
export function stackEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    AQI_PG_URL: `postgres://aqi@127.0.0.1:${ports.PG_PORT}/aqi`,
    AQI_KAFKA_BROKERS: `127.0.0.1:${ports.KAFKA_PORT}`,
    AQI_REGISTRY_URL: `http://127.0.0.1:${ports.REGISTRY_PORT}/apis/ccompat/v7`,
    AQI_CASSANDRA_CONTACT_POINTS: `127.0.0.1:${ports.CASSANDRA_PORT}`,
    AQI_LOG_LEVEL: 'warn',
    ...overrides,
  };
}

/**
 * Drops a database, retrying: WITH (FORCE) still loses a race with an autovacuum worker
 * that just started on it (it runs as the superuser, which the aqi role may not stop).
 */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const c = new Client({ connectionString: adminUrl });
    try {
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    } finally {
      await c.end().catch(() => undefined);
    }
  }
}

/** Creates an empty database for one test file; returns its URL and a drop function. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = uniqueName('aqi_test');
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `postgres://aqi@127.0.0.1:${ports.PG_PORT}/${name}`,
    drop: () => dropDatabase(PG_ADMIN_URL, name),
  };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The parsed last stdout line: every command ends with a one-line JSON summary. */
  summary: Record<string, unknown> | undefined;
}

/** Runs `node dist/tasks/cli.js ...args` with the given environment and waits for it. */
export function runAqi(
  args: string[],
  env: Record<string, string>,
  opts: { timeoutMs?: number; onStart?: (child: ChildProcess) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'tasks', 'cli.js'), ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 170_000);
    opts.onStart?.(child);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop();
      let summary: Record<string, unknown> | undefined;
      try {
        summary = last ? (JSON.parse(last) as Record<string, unknown>) : undefined;
      } catch {
        summary = undefined;
      }
      resolve({ code, signal, stdout, stderr, summary });
    });
  });
}
