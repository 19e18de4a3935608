import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCassandraClient } from '../cassandra/client';
import { applyCassandraSchema } from '../cassandra/schema';
import { CATEGORIES, categoryOf } from '../classify/epa';
import type { Sections } from '../config/load';
import type { Logger } from '../core/log';
import { projectRoot } from '../core/paths';
import { registerSecret } from '../core/redact';
import { createKafka } from '../kafka/client';
import { migratePostgres } from '../postgres/migrate';
import { createPgPool } from '../postgres/pool';
import { airflowRuns } from './data/airflow-runs';
import { cassandraStore } from './data/cassandra-store';
import { pipelineStatus } from './data/pipeline-status';
import type { CategoryBand, ServeDeps } from './deps';
import { createDashboardServer, listen } from './server';

export interface ServeOptions {
  host: string;
  port: number;
  webDir?: string;
  airflowUrl: string;
  airflowUser: string;
  airflowPasswordFile?: string;
  healthTimeoutMs: number;
}

export interface RunningDashboard {
  url: string;
  address: AddressInfo;
  server: Server;
  close(): Promise<void>;
}

/** The EPA scale as the page draws it, from the classifier (Hazardous's open end shown as 500). */
export const SCALE: readonly CategoryBand[] = CATEGORIES.map((c) => ({
  key: c.id, name: c.name, min: c.min, max: Number.isFinite(c.max) ? c.max : 500, color: c.color,
}));

/** The Airflow password: AQI_AIRFLOW_PASSWORD, else the user's entry in a simple-auth-manager passwords file. */
export function airflowPassword(user: string, file: string | undefined, env = process.env): string | undefined {
  if (env.AQI_AIRFLOW_PASSWORD) return env.AQI_AIRFLOW_PASSWORD;
  const path = file ?? join(projectRoot(), 'var', 'airflow', 'passwords.json');
  if (!existsSync(path)) return undefined;
  const entries = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  return typeof entries[user] === 'string' ? entries[user] : undefined;
}

/** Connects to every source, makes sure the schemas exist, and starts listening. */
export async function startDashboard(sections: Sections, opts: ServeOptions, log: Logger): Promise<RunningDashboard> {
  const pool = createPgPool(sections.postgres, 'serve');
  const cassandra = createCassandraClient(sections.cassandra, 'serve');
  const kafka = createKafka(sections.kafka, log, 'serve');
  const admin = kafka.admin();
  const password = airflowPassword(opts.airflowUser, opts.airflowPasswordFile);
  registerSecret(password);
  try {
    await migratePostgres(pool);
    await cassandra.connect();
    await applyCassandraSchema(cassandra, sections.cassandra.keyspace, sections.cassandra.replication);
    await admin.connect();
  } catch (err) {
    await Promise.allSettled([pool.end(), cassandra.shutdown(), admin.disconnect()]);
    throw err;
  }
  const deps: ServeDeps = {
    store: cassandraStore(cassandra, sections.cassandra.keyspace),
    pipeline: pipelineStatus({
      pool, admin, cassandra, keyspace: sections.cassandra.keyspace,
      readingsTopic: sections.kafka.readingsTopic, deadLetterTopic: sections.kafka.deadLetterTopic,
      registryUrl: sections.registry.url, timeoutMs: opts.healthTimeoutMs,
      lastRuns: airflowRuns({ url: opts.airflowUrl, username: opts.airflowUser, password, timeoutMs: opts.healthTimeoutMs }),
    }),
    scale: SCALE,
    categoryOf: (aqi) => categoryOf(aqi)?.id ?? 'good',
    webDir: opts.webDir ?? join(projectRoot(), 'dist', 'web'),
    log,
  };
  const server = createDashboardServer(deps);
  const address = await listen(server, opts.port, opts.host);
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/`;
  return {
    url,
    address,
    server,
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([pool.end(), cassandra.shutdown(), admin.disconnect()]);
    },
  };
}
