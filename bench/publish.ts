/**
 * `make bench`: publish readings/s on the local stack. Seeds its own database with
 * BENCH_READINGS readings (default 200,000), runs the real `aqi publish` as a child
 * process, prints the rate, its CPU seconds and peak RSS, and drops everything it created.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { z } from 'zod';
import { loadConfig } from '../tasks/config/load';
import { createLogger } from '../tasks/core/log';
import { projectRoot } from '../tasks/core/paths';
import { runPublish } from '../tasks/publish/run-publish';
import { createRegistryClient } from '../tasks/registry/client';
import { migratePostgres } from '../tasks/postgres/migrate';
import { createPgPool } from '../tasks/postgres/pool';
import { INTERVAL, seedReadings } from '../tests/integration/stream/seed-readings';
import { dropDatabase } from '../tests/integration/support/stack';
import { runMeasured } from './fetch';
import { cpuBoundRate, servicesCpuDuring } from './lib/service-cpu';

export function stackPorts(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(join(projectRoot(), 'stack', 'stack.env'), 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) out[m[1]] = process.env[m[1]] ?? m[2];
  }
  return out;
}

export interface BenchStream {
  name: string;
  dbUrl: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A fresh database, topic pair and keyspace name, all removed by cleanup(). */
export async function createBenchStream(label: string): Promise<BenchStream> {
  const ports = stackPorts();
  const name = `bench_${label}_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const adminUrl = `postgres://aqi@127.0.0.1:${ports.PG_PORT}/postgres`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = `postgres://aqi@127.0.0.1:${ports.PG_PORT}/${name}`;
  const env: Record<string, string> = {
    AQI_PG_URL: dbUrl,
    AQI_KAFKA_BROKERS: `127.0.0.1:${ports.KAFKA_PORT}`,
    AQI_REGISTRY_URL: `http://127.0.0.1:${ports.REGISTRY_PORT}/apis/ccompat/v7`,
    AQI_CASSANDRA_CONTACT_POINTS: `127.0.0.1:${ports.CASSANDRA_PORT}`,
    AQI_TOPIC_READINGS: `${name}.readings`,
    AQI_TOPIC_DLQ: `${name}.dlq`,
    AQI_CASSANDRA_KEYSPACE: name,
    AQI_CASSANDRA_CONSISTENCY: 'ONE',
    AQI_LOG_LEVEL: 'warn',
  };
  return {
    name,
    dbUrl,
    env,
    async cleanup() {
      const kafka = new Kafka({ clientId: 'bench-cleanup', brokers: [env.AQI_KAFKA_BROKERS as string], logLevel: logLevel.NOTHING });
      const kadmin = kafka.admin();
      await kadmin.connect();
      const topics = (await kadmin.listTopics()).filter((t) => t.startsWith(name));
      if (topics.length > 0) await kadmin.deleteTopics({ topics });
      const groups = (await kadmin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(name));
      if (groups.length > 0) await kadmin.deleteGroups(groups).catch(() => undefined);
      await kadmin.disconnect();
      const registry = createRegistryClient(env.AQI_REGISTRY_URL as string);
      for (const topic of topics) {
        await registry.deleteSubject(`${topic}-key`).catch(() => undefined);
        await registry.deleteSubject(`${topic}-value`).catch(() => undefined);
      }
      await dropDatabase(adminUrl, name);
    },
  };
}

/** Migrates and seeds `readings` rows, `perStation` per station (100 unless given); returns the count. */
export async function seedBench(stream: BenchStream, readings: number, perStation = 100): Promise<number> {
  const pool = createPgPool({ url: stream.dbUrl, poolSize: 1 } as never, 'bench');
  await migratePostgres(pool);
  await pool.end();
  const stations = Math.max(1, Math.round(readings / perStation));
  return seedReadings(stream.dbUrl, stations, Math.ceil(readings / stations));
}

const publishFlags = z.object({ intervalStart: z.date(), intervalEnd: z.date(), replay: z.boolean(), pageSize: z.number() });

/** Runs the publish step in this process, exactly as `aqi publish` does. */
export async function publishAll(stream: BenchStream): Promise<Record<string, unknown>> {
  const config = loadConfig(
    publishFlags,
    { intervalStart: new Date(INTERVAL.start), intervalEnd: new Date(INTERVAL.end), replay: false, pageSize: 5000 },
    { ...process.env, ...stream.env },
  );
  const log = createLogger('bench-publish', 'warn');
  return runPublish({ config, log, signal: new AbortController().signal });
}

async function main(): Promise<void> {
  const wanted = Number(process.env.BENCH_READINGS ?? 200_000);
  const stream = await createBenchStream('publish');
  try {
    const seeded = await seedBench(stream, wanted);
    // The real step in its own process, as Airflow runs it: its RSS and CPU are its own.
    // The services' CPU too: publish's cost is its process's plus theirs.
    const { result: run, cpuSeconds: services } = await servicesCpuDuring(
      ['postgres', 'kafka', 'registry'],
      () => runMeasured(['publish', '--interval-start', INTERVAL.start, '--interval-end', INTERVAL.end], stream.env),
    );
    const serviceCpu = Object.values(services);
    const allCpu = serviceCpu.includes(null) ? null : serviceCpu.reduce<number>((sum, x) => sum + (x ?? 0), run.cpuSeconds);
    const published = Number(run.summary.published);
    if (run.code !== 0 || published !== seeded) throw new Error(`publish exited ${run.code}, published ${published} of ${seeded}: ${JSON.stringify(run.summary)}`);
    const seconds = Number(run.summary.durationMs) / 1000;
    const rate = Math.round(published / seconds);
    console.log(
      `publish: ${published} readings in ${seconds.toFixed(2)} s = ${rate} readings/s (target >= 50000), ` +
        `${run.cpuSeconds.toFixed(2)} CPU-s, peak RSS ${Math.round(run.peakRssMb)} MB, load average ${loadavg()[0]?.toFixed(1)}`,
    );
    console.log(JSON.stringify({
      bench: 'publish', readings: published, seconds: Number(seconds.toFixed(3)), readingsPerSec: rate,
      cpuSeconds: run.cpuSeconds, readingsPerCpuSec: Math.round(published / run.cpuSeconds), peakRssMb: Math.round(run.peakRssMb),
      // The whole command (start-up included), and the rate its CPU and the services', spread
      // perfectly over every core, would allow: no overlap beats it on this machine.
      wholeCommandReadingsPerSec: Math.round(published / (run.wallMs / 1000)),
      ...(allCpu !== null && {
        serviceCpuSeconds: services,
        wholeCommandCpuBoundReadingsPerSec: cpuBoundRate(published, allCpu),
      }),
      loadAverage: loadavg()[0], targets: { readingsPerSec: 50_000 },
    }));
  } finally {
    await stream.cleanup();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
